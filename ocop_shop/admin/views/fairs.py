"""Trade fairs in the back office: the list, a fair's facts, its producers with booths and products."""
from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from ...extensions import db
from ...places.models import Locality
from ...producers.models import Producer
from ...promotions import fairs
from ...promotions.models import FairParticipant, TradeFair
from ...timeutil import local_today
from ...csrf import keeps_input
from ..blueprint import bp
from ..forms.errors import attach_errors
from ..forms.fairs import FairForm, ParticipantForm, RemoveForm


@bp.get("/fairs")
def fairs_list(lang):
    today = local_today()
    every = fairs.office_fairs(today)
    return render_template("admin/fairs/list.html", fairs=every, today=today, places=fairs.place_names(every))


def _fair_or_404(fair_id: int) -> TradeFair:
    fair = db.session.get(TradeFair, fair_id)
    if fair is None:
        abort(404)
    return fair


def _with_places(form: FairForm) -> FairForm:
    places = db.session.scalars(select(Locality).where(Locality.kind.in_(("ward", "commune", "village", "landmark")))
                                .order_by(Locality.name))
    form.locality_id.choices = [("", _("— Choose a place —"))] + [(p.id, p.name) for p in places]
    return form



@bp.route("/fairs/new", methods=["GET", "POST"])
@keeps_input
def fair_new(lang):
    form = _with_places(FairForm())
    if form.validate_on_submit():
        try:
            fair = fairs.create_fair(form.facts(), current_user)
        except fairs.FairError as error:
            db.session.rollback()
            attach_errors(form, error.errors)
        else:
            db.session.commit()
            flash(_("The fair is recorded. Now add the producers who take part."), "success")
            return redirect(url_for("admin.fair", fair_id=fair.id))
    status = 422 if request.method == "POST" else 200
    return render_template("admin/fairs/form.html", form=form, fair=None), status


@bp.route("/fairs/<int:fair_id>", methods=["GET", "POST"])
@keeps_input
def fair(lang, fair_id):
    fair = _fair_or_404(fair_id)
    form = _with_places(FairForm(data=FairForm.data_of(fair) if request.method == "GET" else None))
    if form.validate_on_submit():
        try:
            fairs.update_fair(fair, form.facts(), current_user)
        except fairs.FairError as error:
            db.session.rollback()
            attach_errors(form, error.errors)
            fair = _fair_or_404(fair_id)
        else:
            db.session.commit()
            flash(_("The fair's details are saved."), "success")
            return redirect(url_for("admin.fair", fair_id=fair.id))
    status = 422 if request.method == "POST" else 200
    return render_template("admin/fairs/form.html", form=form, fair=fair, participants=fairs.fair_participants(fair),
                           remove_form=RemoveForm()), status


def _producers_to_add(fair: TradeFair) -> list[Producer]:
    taking_part = select(FairParticipant.producer_id).where(FairParticipant.fair_id == fair.id)
    return list(db.session.scalars(select(Producer).where(Producer.status == "approved",
                                                          Producer.id.not_in(taking_part)).order_by(Producer.name)))


@bp.post("/fairs/<int:fair_id>/delete")
def fair_delete(lang, fair_id):
    fair = _fair_or_404(fair_id)
    if RemoveForm().validate_on_submit():
        fairs.delete_fair(fair, current_user)
        db.session.commit()
        flash(_("The fair is deleted."), "success")
        return redirect(url_for("admin.fairs_list"))
    flash(_("This form had expired, so nothing was sent yet. Please try again."), "error")
    return redirect(url_for("admin.fair", fair_id=fair_id))


def _participant_page(fair, producer, form, participant=None, status=200):
    offered, liquor = fairs.products_to_bring(producer.id)
    form.products.choices = [(p.id, p.name) for p in offered]
    return render_template("admin/fairs/participant.html", fair=fair, producer=producer, form=form,
                           offered=offered, liquor=liquor, participant=participant,
                           remove_form=RemoveForm()), status


@bp.route("/fairs/<int:fair_id>/participants/new", methods=["GET", "POST"])
@keeps_input
def fair_participant_new(lang, fair_id):
    fair = _fair_or_404(fair_id)
    chosen = request.args.get("producer", "")
    if not chosen:
        return render_template("admin/fairs/choose_producer.html", fair=fair, producers=_producers_to_add(fair))
    producer = db.session.get(Producer, int(chosen)) if chosen.isdigit() and len(chosen) < 10 else None
    if producer is None or producer.status != "approved":
        abort(404)
    form = ParticipantForm()
    if form.validate_on_submit():
        try:
            fairs.add_participant(fair, producer, form.booth.data, form.products.data or [], current_user)
        except fairs.FairError as error:
            db.session.rollback()
            attach_errors(form, error.errors)
        else:
            db.session.commit()
            flash(_("%(producer)s takes part, at booth %(booth)s.", producer=producer.name, booth=form.booth.data),
                  "success")
            return redirect(url_for("admin.fair", fair_id=fair.id))
    fair, producer = _fair_or_404(fair_id), db.session.get(Producer, producer.id)
    return _participant_page(fair, producer, form, status=422 if request.method == "POST" else 200)


def _participant_or_404(fair: TradeFair, participant_id: int) -> tuple[FairParticipant, Producer]:
    row = db.session.execute(select(FairParticipant, Producer).join(Producer, Producer.id == FairParticipant.producer_id)
                             .where(FairParticipant.id == participant_id, FairParticipant.fair_id == fair.id)).first()
    if row is None:
        abort(404)
    return row[0], row[1]


@bp.route("/fairs/<int:fair_id>/participants/<int:participant_id>", methods=["GET", "POST"])
@keeps_input
def fair_participant(lang, fair_id, participant_id):
    fair = _fair_or_404(fair_id)
    participant, producer = _participant_or_404(fair, participant_id)
    data = {"booth": participant.booth, "products": participant.product_ids} if request.method == "GET" else None
    form = ParticipantForm(data=data)
    if form.validate_on_submit():
        try:
            fairs.update_participant(fair, participant, producer, form.booth.data, form.products.data or [],
                                     current_user)
        except fairs.FairError as error:
            db.session.rollback()
            attach_errors(form, error.errors)
        else:
            db.session.commit()
            flash(_("Saved: %(producer)s at booth %(booth)s.", producer=producer.name, booth=form.booth.data),
                  "success")
            return redirect(url_for("admin.fair", fair_id=fair.id))
    fair = _fair_or_404(fair_id)
    participant, producer = _participant_or_404(fair, participant_id)
    return _participant_page(fair, producer, form, participant, status=422 if request.method == "POST" else 200)


@bp.post("/fairs/<int:fair_id>/participants/<int:participant_id>/remove")
def fair_participant_remove(lang, fair_id, participant_id):
    fair = _fair_or_404(fair_id)
    participant, producer = _participant_or_404(fair, participant_id)
    if RemoveForm().validate_on_submit():
        fairs.remove_participant(fair, participant, producer, current_user)
        db.session.commit()
        flash(_("%(producer)s no longer takes part in this fair.", producer=producer.name), "success")
    else:
        flash(_("This form had expired, so nothing was sent yet. Please try again."), "error")
    return redirect(url_for("admin.fair", fair_id=fair.id))
