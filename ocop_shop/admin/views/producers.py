"""Producers: the list, one producer's record, the office's decisions (approve, reject, suspend,
lift a suspension), corrections to the record and the alcohol licence. Every change is made by
producers.services (shared with `flask producers …`) and audited there."""
from __future__ import annotations

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import select

from ...catalog import alcohol
from ...csrf import keeps_input
from ...extensions import db
from ...places.models import Locality
from ...producers import services
from ...producers.errors import ProducerError
from ...timeutil import local_today
from .. import producer_records
from ..blueprint import bp
from ..forms.producers import (
    KINDS, STATUSES, ApproveForm, LicenceForm, ProducerEditForm, ProducerFilterForm, ReasonForm,
)

FILTERS = ("q", "status", "kind", "place")
PRODUCT_STATUS = {"draft": _l("Draft"), "pending_review": _l("Waiting for review"), "published": _l("On sale"),
                  "archived": _l("Archived")}


@bp.get("/producers", endpoint="producers")
def producer_list(lang):
    places = producer_records.place_choices()
    form = ProducerFilterForm(request.args)
    form.place.choices = [("", _("All"))] + [(p.slug, p.name) for p in places]
    form.validate()
    values = {name: getattr(form, name).data or "" for name in FILTERS if not getattr(form, name).errors}
    filters = producer_records.ProducerFilters(**values)
    found = producer_records.producer_page(filters, request.args.get("page", 1, type=int) or 1)
    args = {name: value for name, value in values.items() if value}
    return render_template("admin/producers/list.html", form=form, found=found, args=args,
                           status_labels=dict(STATUSES), kind_labels=dict(KINDS))


def _producer_or_404(slug: str):
    producer = producer_records.producer_by_slug(slug)
    if producer is None:
        abort(404)
    return producer


def _record_page(producer, status: int = 200, **forms):
    """The record page; forms passed in (with what was typed and their errors) replace blank ones."""
    blank = {"approve_form": ApproveForm(prefix="approve", formdata=None),
             "reject_form": ReasonForm(prefix="reject", formdata=None),
             "suspend_form": ReasonForm(prefix="suspend", formdata=None),
             "licence_form": LicenceForm(prefix="licence", formdata=None, data=_licence_data(producer))}
    today = local_today()
    return render_template(
        "admin/producers/record.html", record=producer_records.producer_record(producer), producer=producer,
        today=today, licence_in_force=producer.has_alcohol_licence(today),
        licence_lapsed=alcohol.licence_lapsed(producer, today), licence_abv=alcohol.LICENCE_ABV,
        status_labels=dict(STATUSES), kind_labels=dict(KINDS), product_status=PRODUCT_STATUS,
        order_page="admin.order" in current_app.view_functions,
        certificate_page="admin.certificate" in current_app.view_functions, **{**blank, **forms}), status


def _licence_data(producer) -> dict:
    return {"number": producer.alcohol_licence_number, "issuer": producer.alcohol_licence_issuer,
            "expires_on": producer.alcohol_licence_expires_on}


@bp.get("/producers/<slug>", endpoint="producer")
def producer_page(lang, slug):
    return _record_page(_producer_or_404(slug))


@bp.post("/producers/<slug>/approve", endpoint="producer_approve")
def producer_approve(lang, slug):
    producer = _producer_or_404(slug)
    form = ApproveForm(prefix="approve")
    if not form.validate_on_submit():
        abort(400)
    was_suspended = producer.status == "suspended"
    return _decided(producer, lambda: services.approve(producer, by=current_user),
                    _("Suspension lifted: %(name)s is back in the shop.", name=producer.name) if was_suspended
                    else _("%(name)s is approved. Its members can use the portal now.", name=producer.name))


# Decisions with a reason the producer reads: the service and what the office is told after.
REASONED = {
    "reject": (services.reject, _l("Application rejected. The applicant sees your reason in the portal.")),
    "suspend": (services.suspend, _l("Producer suspended: its products left the shop. "
                                     "Its members see your reason in the portal.")),
}


@bp.post("/producers/<slug>/reject", endpoint="producer_reject")
@keeps_input
def producer_reject(lang, slug):
    return _reasoned_decision(slug, "reject")


@bp.post("/producers/<slug>/suspend", endpoint="producer_suspend")
@keeps_input
def producer_suspend(lang, slug):
    return _reasoned_decision(slug, "suspend")


def _reasoned_decision(slug: str, verb: str):
    producer = _producer_or_404(slug)
    form = ReasonForm(prefix=verb)
    if not form.validate_on_submit():
        return _record_page(producer, 400, **{f"{verb}_form": form})
    decide, success = REASONED[verb]
    return _decided(producer, lambda: decide(producer, form.reason.data, by=current_user), str(success))


def _decided(producer, decide, success: str):
    """Run a decision; a lost race (someone decided first) is said plainly and nothing is written."""
    try:
        decide()
    except ProducerError as error:
        db.session.rollback()
        flash(str(error), "error")
    else:
        db.session.commit()
        flash(success, "success")
    return redirect(url_for("admin.producer", slug=producer.slug))


@bp.post("/producers/<slug>/licence", endpoint="producer_licence")
@keeps_input
def producer_licence(lang, slug):
    producer = _producer_or_404(slug)
    form = LicenceForm(prefix="licence")
    if not form.validate_on_submit():
        return _record_page(producer, 400, licence_form=form)
    changes = services.set_alcohol_licence(producer, current_user, form.number.data, form.issuer.data,
                                           form.expires_on.data)
    db.session.commit()
    flash(_("Alcohol licence saved.") if changes else _("Nothing changed."), "success" if changes else "info")
    return redirect(url_for("admin.producer", slug=producer.slug, _anchor="licence"))


def _locality_choices() -> list[tuple[str, str]]:
    rows = db.session.execute(select(Locality.id, Locality.name).where(
        Locality.kind.in_(("commune", "ward"))).order_by(Locality.name)).all()
    return [("", _("Choose…"))] + [(str(row.id), row.name) for row in rows]


@bp.route("/producers/<slug>/edit", methods=["GET", "POST"], endpoint="producer_edit")
@keeps_input
def producer_edit(lang, slug):
    producer = _producer_or_404(slug)
    form = ProducerEditForm(obj=producer if request.method == "GET" else None)
    form.locality_id.choices = _locality_choices()
    if request.method == "GET":
        form.locality_id.data = str(producer.locality_id or "")
    if form.validate_on_submit():
        try:
            changes = services.office_update(producer, current_user, **form.producer_fields())
        except ProducerError as error:
            db.session.rollback()
            form.name.errors.append(str(error))
        else:
            db.session.commit()
            flash(_("Record saved.") if changes else _("Nothing changed."), "success" if changes else "info")
            return redirect(url_for("admin.producer", slug=producer.slug))
    status = 400 if request.method == "POST" else 200
    return render_template("admin/producers/edit.html", form=form, producer=producer), status
