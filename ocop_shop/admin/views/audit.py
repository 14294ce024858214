"""The audit log: every change the office made, newest first, filtered, and exported as CSV.

Read only by design: there is no route that edits or deletes a row (tests/test_admin_audit.py).
"""
from __future__ import annotations

from flask import Response, render_template, request
from flask_babel import gettext as _

from ...timeutil import local_today
from .. import audit_labels, audit_log
from ..audit_log import AuditFilters
from ..blueprint import bp
from ..forms.audit import AuditFilterForm

FILTERS = ("object_type", "object", "actor", "since", "until")


def _filters() -> tuple[AuditFilterForm, AuditFilters]:
    """The filter form from the query string, and the filters that are valid (bad ones are not applied)."""
    form = AuditFilterForm(request.args).with_choices(*audit_log.choices())
    form.validate()
    return form, AuditFilters(**{name: form.value(name) for name in FILTERS})


def _args(filters: AuditFilters) -> dict:
    """The query string of the applied filters (for page links and the CSV link)."""
    values = {name: getattr(filters, name) for name in FILTERS}
    return {name: value.isoformat() if hasattr(value, "isoformat") else value
            for name, value in values.items() if value}


@bp.get("/audit", endpoint="audit")
def audit(lang):
    form, filters = _filters()
    found = audit_log.audit_page(filters, request.args.get("page", 1, type=int) or 1)
    return render_template("admin/audit/list.html", form=form, found=found, args=_args(filters),
                           labels=audit_labels, links=audit_labels.object_links(found.rows), changes_of=lambda row: (row.changes or {}).items())


@bp.get("/audit.csv", endpoint="audit_csv")
def audit_csv(lang):
    _form, filters = _filters()
    header = [_("When (Việt Nam time)"), _("Who"), _("Source"), _("Action"), _("Action (in words)"),
              _("Object type"), _("Object id"), _("Object"), _("Changes (old → new)"), _("Reason")]
    body = audit_log.csv_text(audit_log.all_rows(filters), header)
    name = f"audit-log-{local_today().isoformat()}.csv"
    return Response(body.encode("utf-8"), mimetype="text/csv; charset=utf-8",
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})
