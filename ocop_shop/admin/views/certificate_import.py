"""Import the office's certificate register from CSV: upload → dry run → confirm (all or nothing).

Between the dry run and the confirm the file travels back with the confirm form, signed by
the server (itsdangerous, the app's SECRET_KEY, salted for this use, bound to the office
user, valid for an hour): nothing is kept on the server's disk, any app server can take the
confirm, and a changed file or someone else's is refused (docs/DECISIONS.md).
"""
from __future__ import annotations

import csv
import io

from flask import current_app, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from itsdangerous import BadSignature, URLSafeTimedSerializer
from sqlalchemy.exc import IntegrityError

from ...catalog import certificate_import as importer
from ...catalog.certificate_register import CertificateError
from ...extensions import db
from ..blueprint import bp
from ..forms.certificates import ConfirmImportForm, ImportForm

SIGNED_FOR_SECONDS = 3600
MAX_BYTES = 2 * 1024 * 1024
TEMPLATE_ROWS = (
    importer.COLUMNS,
    ("0123/CN-OCOP", "4", "78", "1234/QĐ-UBND", "15/03/2025", "province", "15/03/2025", "", "htx-vi-du",
     "mien-dong-vi-du-goi-500-g; mien-dong-vi-du-goi-1-kg"),
)


def _signer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.secret_key, salt="admin.certificate-import")


@bp.route("/certificates/import", methods=["GET", "POST"])
def certificate_import(lang):
    form = ImportForm()
    if not form.validate_on_submit():
        return render_template("admin/certificates/import.html", form=form, columns=importer.COLUMNS)
    upload = form.file.data
    data = upload.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        form.file.errors.append(_("The file is larger than 2 MB: split the register into several files."))
        return render_template("admin/certificates/import.html", form=form, columns=importer.COLUMNS), 422
    filename = (upload.filename or "register.csv")[-120:]
    plan = importer.plan_import(data)
    db.session.rollback()  # the dry run loaded objects only; make sure nothing lingers
    return _dry_run(plan, filename, data)


def _dry_run(plan: importer.ImportPlan, filename: str, data: bytes, status: int = 200):
    confirm = ConfirmImportForm(prefix="confirm", formdata=None)
    if plan.ok:
        confirm.payload.data = _signer().dumps({"user": current_user.id, "name": filename,
                                                "csv": data.decode("utf-8-sig"), "plan": plan.digest()})
    return render_template("admin/certificates/import_dry_run.html", plan=plan, filename=filename,
                           confirm=confirm, columns=importer.COLUMNS), status


@bp.post("/certificates/import/confirm")
def certificate_import_confirm(lang):
    form = ConfirmImportForm(prefix="confirm")
    signed = _signed_upload(form)
    if signed is None:
        flash(_("This import was not confirmed in time or was changed: upload the file again."), "error")
        return redirect(url_for("admin.certificate_import"))
    data, filename = signed["csv"].encode(), signed["name"]
    plan = importer.plan_import(data)
    if not plan.ok or plan.digest() != signed["plan"]:
        db.session.rollback()
        flash(_("The register changed since the dry run: nothing was imported. Check the rows again."), "error")
        return _dry_run(plan, filename, data, status=409)
    try:
        result = importer.apply_import(plan, current_user, filename)
        db.session.commit()
    except (CertificateError, IntegrityError):  # another import or record won a number meanwhile
        db.session.rollback()
        flash(_("The register changed while importing: nothing was imported. Upload the file again."), "error")
        return redirect(url_for("admin.certificate_import"))
    flash(_("Import done: %(created)d certificates recorded, %(updated)d updated, %(unchanged)d unchanged.",
            created=result.created, updated=result.updated, unchanged=result.unchanged), "success")
    return redirect(url_for("admin.certificates"))


def _signed_upload(form: ConfirmImportForm) -> dict | None:
    if not form.validate_on_submit():
        return None
    try:
        signed = _signer().loads(form.payload.data, max_age=SIGNED_FOR_SECONDS)
    except BadSignature:
        return None
    return signed if signed.get("user") == current_user.id else None


@bp.get("/certificates/import/template.csv")
def certificate_import_template(lang):
    """The column list as a CSV file (with a BOM, so spreadsheet programs read it as UTF-8)."""
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows(TEMPLATE_ROWS)
    return current_app.response_class(
        "\ufeff" + out.getvalue(), mimetype="text/csv",
        headers={"Content-Disposition": 'attachment; filename="ocop-certificates-template.csv"'})
