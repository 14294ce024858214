"""Shipping rules: the zones with their provinces, weight bands and prices; editing one zone."""
from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ...addresses import provinces
from ...csrf import keeps_input
from ...extensions import db
from ...orders import shipping, shipping_rules
from ..blueprint import bp
from ..forms.shipping import ShippingZoneForm


@bp.get("/shipping", endpoint="shipping")
def shipping_page(lang):
    return render_template("admin/shipping/list.html", zones=shipping_rules.all_zones())


@bp.route("/shipping/<code>", methods=["GET", "POST"], endpoint="shipping_zone")
@keeps_input
def shipping_zone(lang, code):
    zone = db.session.get(shipping.ShippingZone, code)
    if zone is None:
        abort(404)
    rules = shipping_rules.zone_rules(zone)
    form = ShippingZoneForm()
    form.provinces.choices = [] if rules.is_rest else list(provinces())
    if not form.is_submitted():
        form.load(rules)
    elif form.validate_on_submit():
        bands, rows = form.kept_bands()
        if not _row_errors(form):
            try:
                changed = shipping_rules.update_zone(
                    zone, provinces=form.provinces.data or [], bands=bands, free_over=form.free_over.data,
                    extra_per_kg=form.extra_per_kg.data, by=current_user)
            except shipping_rules.ShippingRuleError as error:
                db.session.rollback()
                _attach(form, rows, error.problems)
            else:
                db.session.commit()
                flash(_("Shipping rules of “%(zone)s” saved: they apply to new orders.", zone=zone.name(lang))
                      if changed else _("Nothing was changed."), "success")
                return redirect(url_for("admin.shipping"))
    return render_template("admin/shipping/zone.html", form=form, zone=zone, rules=rules)


def _row_errors(form: ShippingZoneForm) -> bool:
    return any(f.errors for entry in form.bands.entries for f in entry.form)


def _attach(form: ShippingZoneForm, rows: list, problems: list) -> None:
    """Each problem next to its field: a band's own field, or the zone's."""
    for field, row, message in problems:
        if field == "bands":
            form.band_notes.append(str(message))
            continue
        target = getattr(rows[row], field) if row is not None else getattr(form, field)
        target.errors = [*target.errors, str(message)]
