"""OCOP certificates in the back office: the lists, one certificate, record, renew, revoke."""
from __future__ import annotations

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import select

from ...catalog import certificate_lists as lists
from ...catalog import certificate_register as register
from ...catalog.models import Product
from ...csrf import keeps_input
from ...extensions import db
from ...producers.models import Producer
from ...timeutil import local_today
from ..blueprint import bp
from ..forms.errors import attach_errors
from ..forms.certificates import CertificateForm, RevokeForm

PER_PAGE = 50
FILTER_LABELS = {
    "all": _l("All"), "expiring_30": _l("Expiring within 30 days"), "expiring_90": _l("Expiring within 90 days"),
    "expired": _l("Expired"), "revoked": _l("Revoked"), "superseded": _l("Renewed (superseded)"),
}
STATE_LABELS = {
    "valid": _l("Valid"), "expired": _l("Expired"), "revoked": _l("Revoked"),
    "superseded": _l("Superseded"), "not_yet_valid": _l("Not yet valid"),
}


@bp.app_template_global("certificate_state_label")
def certificate_state_label(state: str) -> str:
    return str(STATE_LABELS.get(state, state))


@bp.get("/certificates")
def certificates(lang):
    today = local_today()
    shown = request.args.get("show", "all")
    if shown not in lists.LIST_FILTERS:
        shown = "all"
    number = request.args.get("number", "").strip()[:60]
    page = request.args.get("page", "1")
    listing = lists.certificate_page(shown, today, int(page) if page.isdigit() and len(page) < 6 else 1,
                                     PER_PAGE, number)
    return render_template("admin/certificates/list.html", listing=listing, shown=shown, number=number,
                           counts=lists.filter_counts(today), filters=lists.LIST_FILTERS,
                           filter_labels=FILTER_LABELS, today=today, producer_of=lists.producer_of)


def _certificate_or_404(certificate_id: int):
    certificate = lists.certificate_for_office(certificate_id)
    if certificate is None:
        abort(404)
    return certificate


@bp.get("/certificates/<int:certificate_id>")
def certificate(lang, certificate_id):
    return _certificate_page(_certificate_or_404(certificate_id), RevokeForm(prefix="revoke"))


def _certificate_page(certificate, revoke_form, status=200):
    today = local_today()
    return render_template(
        "admin/certificates/show.html", certificate=certificate, state=certificate.state(today), today=today,
        producer=lists.producer_of(certificate), predecessor=lists.predecessor_of(certificate),
        revoke_form=revoke_form, label_url=f"{current_app.config['SITE_URL']}/v/{certificate.public_code}"), status


@bp.post("/certificates/<int:certificate_id>/revoke")
def certificate_revoke(lang, certificate_id):
    certificate = _certificate_or_404(certificate_id)
    form = RevokeForm(prefix="revoke")
    if form.validate_on_submit():
        try:
            register.revoke(certificate, form.reason.data, current_user)
        except register.CertificateError as error:
            db.session.rollback()
            attach_errors(form, error.errors)
        else:
            db.session.commit()
            flash(_("Certificate %(number)s is revoked: its badge, check page and QR label now say so.",
                    number=certificate.number), "success")
            return redirect(url_for("admin.certificate", certificate_id=certificate.id))
    return _certificate_page(_certificate_or_404(certificate_id), form, status=422)


@bp.route("/certificates/new", methods=["GET", "POST"])
@keeps_input
def certificate_new(lang):
    chosen = request.args.get("producer", "")
    if not chosen:
        return render_template("admin/certificates/choose_producer.html", producers=lists.producers_to_choose())
    producer = db.session.get(Producer, int(chosen)) if chosen.isdigit() and len(chosen) < 10 else None
    if producer is None:
        abort(404)
    form = CertificateForm()
    products = lists.products_of(producer)
    form.products.choices = [(p.id, p.name) for p in products]
    if form.validate_on_submit():
        try:
            created = register.record(form.facts(producer, _chosen_products(form)), current_user)
        except register.CertificateError as error:
            db.session.rollback()
            attach_errors(form, error.errors)
        else:
            db.session.commit()
            flash(_("Certificate %(number)s is recorded.", number=created.number), "success")
            return redirect(url_for("admin.certificate", certificate_id=created.id))
    return render_template("admin/certificates/form.html", form=form, producer=producer, products=products,
                           renewing=None)


@bp.route("/certificates/<int:certificate_id>/renew", methods=["GET", "POST"])
@keeps_input
def certificate_renew(lang, certificate_id):
    old = _certificate_or_404(certificate_id)
    producer = lists.producer_of(old)
    if producer is None or old.revoked or old.superseded_by_id is not None:
        flash(_("Only a certificate that is neither revoked nor renewed can be renewed."), "error")
        return redirect(url_for("admin.certificate", certificate_id=old.id))
    form = CertificateForm(data=_renewal_defaults(old) if request.method == "GET" else None)
    products = lists.products_of(producer)
    form.products.choices = [(p.id, p.name) for p in products]
    if form.validate_on_submit():
        try:
            created = register.renew(old, form.facts(producer, _chosen_products(form)), current_user)
        except register.CertificateError as error:
            db.session.rollback()
            attach_errors(form, error.errors)
        else:
            db.session.commit()
            flash(_("Certificate %(number)s is recorded; it supersedes %(old)s.", number=created.number,
                    old=old.number), "success")
            return redirect(url_for("admin.certificate", certificate_id=created.id))
    return render_template("admin/certificates/form.html", form=form, producer=producer, products=products,
                           renewing=old)


def _renewal_defaults(old) -> dict:
    """The renewal form starts from the old certificate's stars, level and products (districts no longer issue)."""
    return {"stars": old.stars, "level": "province" if old.level == "district" else old.level,
            "products": [p.id for p in old.products]}


def _chosen_products(form: CertificateForm) -> list[Product]:
    ids = set(form.products.data or [])
    products = list(db.session.scalars(select(Product).where(Product.id.in_(ids)))) if ids else []
    if len(products) != len(ids):
        raise register.CertificateError({"products": _("A chosen product no longer exists; choose again.")})
    return products

