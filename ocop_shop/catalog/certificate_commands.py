"""`flask --app wsgi certificates …` for the office on the server: import the register, revoke one.

Thin wrappers over the services the back office calls (certificate_import, certificate_register),
so each change is checked the same way and audited as made by the command line.
"""
from __future__ import annotations

from pathlib import Path

import click
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from ..extensions import db
from . import certificate_import as importer
from . import certificate_register as register
from .models import Certification
from .reminders import certificates_cli


@certificates_cli.command("import")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--apply", "apply_", is_flag=True, help="Write the rows (all or nothing); without it, a dry run.")
def import_command(path: Path, apply_: bool):
    """Check a CSV register (docs/CERTIFICATE_IMPORT.md) and, with --apply, import it in one go."""
    plan = importer.plan_import(path.read_bytes())
    for message in plan.file_errors:
        click.echo(f"file: {message}")
    for row in plan.rows:
        click.echo(f"row {row.line}: {row.number or '-'}: {row.action}"
                   + "".join(f"\n  - {message}" for message in row.errors))
    click.echo(f"{plan.count('create')} to record, {plan.count('update')} to update, "
               f"{plan.count('unchanged')} unchanged, {plan.count('error')} with errors")
    if not plan.ok:
        db.session.rollback()
        raise click.ClickException("Nothing was imported: correct the file and run the command again.")
    if not apply_:
        db.session.rollback()
        click.echo("Dry run: nothing was written (add --apply to import).")
        return
    result = importer.apply_import(plan, None, path.name)
    db.session.commit()
    click.echo(f"Imported: {result.created} recorded, {result.updated} updated, {result.unchanged} unchanged.")


@certificates_cli.command("revoke")
@click.argument("number")
@click.option("--reason", required=True, help="Shown on the public check page.")
def revoke_command(number: str, reason: str):
    """Revoke a certificate by its number, with the reason."""
    certificate = db.session.scalar(
        select(Certification).where(func.upper(Certification.number) == register.clean_number(number).upper())
        .options(selectinload(Certification.products)))
    if certificate is None:
        raise click.ClickException(f"No certificate has the number {number}.")
    try:
        register.revoke(certificate, reason, None)
    except register.CertificateError as error:
        db.session.rollback()
        raise click.ClickException(str(error)) from None
    db.session.commit()
    click.echo(f"Certificate {certificate.number} is revoked.")
