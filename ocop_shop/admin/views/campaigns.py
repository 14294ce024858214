"""Campaigns in the back office: the list, create, edit, one campaign, state changes, banners,
results and their CSV. The rules live in promotions/ (campaigns, checks, law, scope)."""
from __future__ import annotations

from flask import Response, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import select

from ... import audit, storage
from ...csv_export import csv_text
from ...extensions import db
from ...promotions import campaigns as service
from ...promotions import law, office, pricing, scope
from ...promotions.models import CampaignBanner
from ...timeutil import VN_TZ, local_today
from ...types import utcnow
from ...csrf import keeps_input
from ..blueprint import bp
from ..campaign_results import campaign_results, csv_rows
from ..forms.campaigns import SCOPE_LABELS, STATUS_LABELS, BannerForm, CampaignForm, StateForm

STATE_LABELS = {"draft": _l("Draft"), "scheduled": _l("Scheduled"), "running": _l("Running"),
                "paused": _l("Paused"), "ended": _l("Ended")}
FILTER_LABELS = dict(all=_l("All"), **STATE_LABELS)
FUNDER_LABELS = {"office": _l("The office"), "producer": _l("The producer")}
ACTION_LABELS = {"activate": _l("Activate"), "pause": _l("Pause"), "resume": _l("Resume"), "end": _l("End now")}
ACTIONS_FROM = {"draft": ("activate",), "scheduled": ("pause",), "running": ("pause", "end"),
                "paused": ("resume", "end"), "ended": ()}


@bp.app_template_global("campaign_funder_label")
def funder_label(funder: str | None) -> str:
    return str(FUNDER_LABELS.get(funder or "office", funder))


@bp.get("/campaigns")
def campaigns(lang):
    shown = request.args.get("show", "all")
    shown = shown if shown in office.FILTERS else "all"
    search = request.args.get("q", "").strip()[:80]
    now = utcnow()
    return render_template("admin/campaigns/list.html", rows=office.campaign_list(shown, search, now), now=now,
                           shown=shown, search=search, counts=office.filter_counts(now), filters=office.FILTERS,
                           filter_labels=FILTER_LABELS, state_of=office.state_of, state_labels=STATE_LABELS)


def _campaign_or_404(campaign_id: int):
    campaign = office.campaign_for_office(campaign_id)
    if campaign is None:
        abort(404)
    return campaign


def _form_page(form, campaign=None, status=200):
    for kind in ("products", "groups", "producers", "places"):
        getattr(form, kind).choices = scope.choices(kind)
    return render_template("admin/campaigns/form.html", form=form, campaign=campaign,
                           scope_labels=SCOPE_LABELS), status


def _attach(form, error: service.CampaignRefused) -> None:
    for breach in error.breaches:
        target = getattr(form, breach.field, None) or form.scope_kind
        target.errors = list(target.errors) + [breach.message]


@bp.route("/campaigns/new", methods=["GET", "POST"])
@keeps_input
def campaign_new(lang):
    form = CampaignForm()
    if form.validate_on_submit():
        try:
            campaign = service.create(form.entry(), current_user)
        except service.CampaignRefused as error:
            db.session.rollback()
            _attach(form, error)
        else:
            db.session.commit()
            flash(_("The campaign “%(name)s” is saved as a draft. Activate it when it is ready.",
                    name=campaign.name), "success")
            return redirect(url_for("admin.campaign", campaign_id=campaign.id))
    return _form_page(form, status=422 if request.method == "POST" else 200)


def _form_data(campaign) -> dict:
    coupon = campaign.coupon
    local = (lambda moment: moment.astimezone(VN_TZ).replace(tzinfo=None) if moment else None)
    data = {"version": campaign.version, "discount_kind": campaign.discount_kind,
            "discount_value": campaign.discount_value, "concentrated": campaign.concentrated,
            "funded_by": campaign.funded_by, "starts_at": local(campaign.starts_at), "ends_at": local(campaign.ends_at),
            "scope_kind": campaign.scope_kind, "min_stars": campaign.min_stars or 3}
    for lang in ("vi", "en"):
        data[f"name_{lang}"] = campaign.content.get(lang, {}).get("name", "")
        data[f"description_{lang}"] = campaign.content.get(lang, {}).get("description", "")
    if campaign.scope_kind in ("products", "groups", "producers", "places"):
        data[campaign.scope_kind] = list(campaign.scope_ids)
    if coupon is not None:
        data.update(coupon_code=coupon.code, coupon_total_cap=coupon.total_cap,
                    coupon_per_customer_cap=coupon.per_customer_cap, coupon_valid_from=local(coupon.valid_from),
                    coupon_valid_until=local(coupon.valid_until))
    return data


@bp.route("/campaigns/<int:campaign_id>/edit", methods=["GET", "POST"])
@keeps_input
def campaign_edit(lang, campaign_id):
    campaign = _campaign_or_404(campaign_id)
    if campaign.status == "ended":
        flash(_("An ended campaign cannot be changed."), "error")
        return redirect(url_for("admin.campaign", campaign_id=campaign.id))
    form = CampaignForm(data=_form_data(campaign) if request.method == "GET" else None)
    if form.validate_on_submit():
        version = int(form.version.data) if (form.version.data or "").isdigit() else -1
        try:
            service.update(campaign, version, form.entry(), current_user)
        except service.CampaignRefused as error:
            db.session.rollback()
            _attach(form, error)
        except service.StaleCampaign:
            db.session.rollback()
            return _stale_page(campaign_id)
        else:
            db.session.commit()
            flash(_("The campaign is saved."), "success")
            return redirect(url_for("admin.campaign", campaign_id=campaign.id))
    return _form_page(form, campaign, status=422 if request.method == "POST" else 200)


def _stale_page(campaign_id: int):
    """Someone saved or changed the campaign first: show its current values, nothing saved."""
    campaign = _campaign_or_404(campaign_id)
    form = CampaignForm(formdata=None, data=_form_data(campaign))
    flash(_("Someone changed this campaign while you were editing it. Nothing was saved: here are its current "
            "values."), "error")
    return _form_page(form, campaign, status=409)


@bp.get("/campaigns/<int:campaign_id>")
def campaign(lang, campaign_id):
    return _campaign_page(_campaign_or_404(campaign_id))


def _campaign_page(campaign, banner_form=None, status=200):
    now = utcnow()
    covered = office.covered_products(campaign)
    state = office.state_of(campaign, now)
    public_url = (url_for("promotions.campaign", slug=campaign.slug)
                  if "promotions.campaign" in current_app.view_functions and campaign.status != "draft" else None)
    return render_template(
        "admin/campaigns/show.html", campaign=campaign, state=state, state_labels=STATE_LABELS,
        status_labels=STATUS_LABELS, covered=covered, prices_now=pricing.prices_for(covered.products, now),
        campaign_discount=lambda p: pricing.unit_discount(p.price, campaign.discount_kind, campaign.discount_value,
                                                          campaign.concentrated),
        rule=law.rule_label(campaign), scope_labels=SCOPE_LABELS, scope_names=_scope_names(campaign),
        actions=ACTIONS_FROM[state], action_labels=ACTION_LABELS, state_form=StateForm(formdata=None),
        banner_form=banner_form or BannerForm(formdata=None), public_url=public_url, today=local_today()), status


def _scope_names(campaign) -> list[str]:
    if campaign.scope_kind not in ("products", "groups", "producers", "places"):
        return []
    chosen = set(campaign.scope_ids)
    return [label for key, label in scope.choices(campaign.scope_kind) if key in chosen]


@bp.post("/campaigns/<int:campaign_id>/state")
def campaign_state(lang, campaign_id):
    campaign = _campaign_or_404(campaign_id)
    form = StateForm()
    action = form.action.data
    if not form.validate_on_submit() or action not in service.TRANSITIONS or not form.version.data.isdigit():
        abort(400)
    try:
        service.change_state(campaign, action, int(form.version.data), current_user)
    except service.CampaignRefused as error:
        db.session.rollback()
        flash(" ".join(b.message for b in error.breaches), "error")
    except service.StaleCampaign:
        db.session.rollback()
        flash(_("This campaign changed since the page was loaded; nothing was done. Here is how it stands now."),
              "error")
    else:
        db.session.commit()
        flash(_("Done: the campaign is now “%(state)s”.",
                state=STATE_LABELS[office.state_of(campaign, utcnow())]), "success")
    return redirect(url_for("admin.campaign", campaign_id=campaign_id))


@bp.post("/campaigns/<int:campaign_id>/banner")
def campaign_banner(lang, campaign_id):
    campaign = _campaign_or_404(campaign_id)
    form = BannerForm()
    stored = None
    if form.validate_on_submit():
        try:
            stored = storage.save_image(form.picture.data.stream, filename=form.picture.data.filename)
        except storage.ImageRejected as error:
            form.picture.errors = list(form.picture.errors) + [error.message]
    if stored is None:
        return _campaign_page(campaign, form, status=422)
    old = _replace_banner(campaign, form.lang.data, stored, form.alt.data)
    db.session.commit()
    if old:
        storage.delete_image(old)
    flash(_("The banner is saved."), "success")
    return redirect(url_for("admin.campaign", campaign_id=campaign.id))


def _replace_banner(campaign, banner_lang: str, stored, alt: str) -> str | None:
    """Put the new picture in the language's banner; return the old picture's key to delete after the commit."""
    banner = db.session.scalars(select(CampaignBanner).where(CampaignBanner.campaign_id == campaign.id,
                                                             CampaignBanner.lang == banner_lang)).first()
    old = banner.key if banner is not None else None
    if banner is None:
        banner = CampaignBanner(campaign_id=campaign.id, lang=banner_lang)
        db.session.add(banner)
    banner.key, banner.width, banner.height, banner.alt = stored.key, stored.width, stored.height, {banner_lang: alt}
    db.session.flush()
    audit.record(current_user, "campaign.banner", campaign, changes={f"banner_{banner_lang}": (old, stored.key)})
    return old


@bp.get("/campaigns/<int:campaign_id>/results")
def campaign_results_page(lang, campaign_id):
    campaign = _campaign_or_404(campaign_id)
    return render_template("admin/campaigns/results.html", campaign=campaign,
                           results=campaign_results(campaign.id))


@bp.get("/campaigns/<int:campaign_id>/results.csv")
def campaign_results_csv(lang, campaign_id):
    campaign = _campaign_or_404(campaign_id)
    labels = {"total": _("Total"), "producer": _("Producer"), "funder": _("Funded by"), "day": _("Day")}
    header = [_("Section"), _("Name or day"), _("Orders"), _("Units"), _("Revenue (đồng)"), _("Discount given (đồng)")]
    body = csv_text(header, csv_rows(campaign_results(campaign.id), funder_label, labels))
    return Response(body.encode("utf-8"), mimetype="text/csv; charset=utf-8", headers={
        "Content-Disposition": f'attachment; filename="campaign-{campaign.slug}-results.csv"'})
