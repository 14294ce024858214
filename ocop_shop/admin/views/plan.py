"""The province's OCOP plan: its targets against live (or, after the period, final) figures,
broken down by place and group, with charts and CSV exports; entering and editing target sets."""
from __future__ import annotations

from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ...database import MAX_ID
from ...extensions import db
from ...promotions import plan_sets
from ...promotions.plan_sets import PlanError
from ...timeutil import local_today
from ...csrf import keeps_input
from .. import plan_dashboard
from ..blueprint import bp
from ..forms.plan import PlanForm, form_data

CSV_TABLES = ("targets", "places", "groups")


def _set_or_404(set_id: int):
    found = plan_sets.set_by_id(set_id) if 0 < set_id <= MAX_ID else None  # ?set= is typed by anyone
    if found is None:
        abort(404)
    return found


@bp.get("/plan", endpoint="plan")
def plan_page(lang):
    today = local_today()
    sets = plan_sets.all_sets()
    chosen = _set_or_404(request.args.get("set", type=int) or 0) if "set" in request.args \
        else plan_sets.default_set(sets, today)
    board = plan_dashboard.build(chosen, today) if chosen is not None else None
    db.session.commit()  # an ended set's final figures, stored the first time they are shown
    return render_template("admin/plan/dashboard.html", board=board, sets=sets, today=today,
                           progress_svg=plan_dashboard.progress_svg, table_svg=plan_dashboard.table_svg)


@bp.get("/plan/<int:set_id>/<table>.csv", endpoint="plan_csv")
def plan_csv(lang, set_id, table):
    if table not in CSV_TABLES:
        abort(404)
    board = plan_dashboard.build(_set_or_404(set_id), local_today())
    db.session.commit()
    if table == "targets":
        body = plan_dashboard.targets_csv(board)
    else:
        found = [t for t in board.tables if t.key == table]
        if not found:  # breakdowns exist for the current period only
            abort(404)
        body = plan_dashboard.table_csv(found[0])
    name = f"ocop-plan-{set_id}-{table}-{local_today().isoformat()}.csv"
    return Response(body.encode("utf-8"), mimetype="text/csv; charset=utf-8",
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})


def _form_page(form, target_set=None, status=200):
    return render_template("admin/plan/form.html", form=form, target_set=target_set), status


@bp.get("/plan/new", endpoint="plan_new")
def plan_new(lang):
    return _form_page(PlanForm(formdata=None))


@bp.post("/plan/new", endpoint="plan_create")
@keeps_input
def plan_create(lang):
    form = PlanForm()
    if not form.validate_on_submit():
        return _form_page(form, status=400)
    try:
        created = plan_sets.create_set(form.values(), current_user)
    except PlanError as error:
        db.session.rollback()
        return _refused(form, error)
    db.session.commit()
    flash(_("Targets saved."), "success")
    return redirect(url_for("admin.plan", set=created.id))


@bp.get("/plan/<int:set_id>/edit", endpoint="plan_edit")
def plan_edit(lang, set_id):
    target_set = _set_or_404(set_id)
    return _form_page(PlanForm(formdata=None, data=form_data(target_set)), target_set)


@bp.post("/plan/<int:set_id>/edit", endpoint="plan_update")
@keeps_input
def plan_update(lang, set_id):
    target_set = _set_or_404(set_id)
    form = PlanForm()
    if not form.validate_on_submit():
        return _form_page(form, target_set, 400)
    try:
        plan_sets.update_set(target_set, form.version_number(), form.values(), current_user)
    except PlanError as error:
        db.session.rollback()
        return _refused(form, error, _set_or_404(set_id))
    db.session.commit()
    flash(_("Targets saved."), "success")
    return redirect(url_for("admin.plan", set=set_id))


def _refused(form, error: PlanError, target_set=None):
    """A rule the service refused: the message next to its field, what was typed kept."""
    if error.field is None:  # changed by someone else meanwhile: start again from what is saved now
        flash(str(error), "error")
        return redirect(url_for("admin.plan_edit", set_id=target_set.id))
    form[error.field].errors = list(form[error.field].errors) + [str(error)]
    return _form_page(form, target_set, 400)
