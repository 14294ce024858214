"""The cart page and its actions (under /<lang>/cart)."""
from __future__ import annotations

from flask import Blueprint, current_app, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import inspect as sa_inspect
from sqlalchemy import select

from ..accounts.views import safe_next
from ..catalog.models import Category
from ..extensions import db
from ..i18n import register_language_prefix
from ..orders import shipping
from ..orders.summary import summarize
from ..promotions import coupons
from . import services
from .current import current_cart
from .forms import CartLineForm, CouponForm, RemoveCouponForm

bp = Blueprint("cart", __name__, url_prefix="/<lang>/cart")
register_language_prefix(bp)
PROVINCE_KEY = "ship_province"


@bp.app_template_global()
def can_add_to_cart(product) -> bool:
    """Whether the add-to-cart form belongs on this product (parcels only, never experiences)."""
    if product is None or product.status != "published":
        return False
    state = sa_inspect(product)
    if "category" not in state.unloaded:
        return not product.category.is_experience
    group = db.session.scalar(select(Category.group_code).where(Category.id == product.category_id))
    return group != 6


@bp.app_template_global()
def product_url(product) -> str:
    """The product's page (the catalog area owns it)."""
    if "catalog.product" in current_app.view_functions:
        return url_for("catalog.product", slug=product.slug)
    return url_for("storefront.home")


@bp.app_template_global()
def shop_url() -> str:
    """Where to go shopping: the catalog when it is there, else home."""
    return url_for("catalog.products") if "catalog.products" in current_app.view_functions else url_for("storefront.home")


def chosen_province() -> int | None:
    """The destination province chosen on the cart or checkout page, if any."""
    raw = request.args.get("province") or session.get(PROVINCE_KEY)
    try:
        code = int(raw)
    except (TypeError, ValueError):
        return None
    from ..addresses import province_name

    if province_name(code) is None:
        return None
    session[PROVINCE_KEY] = code
    return code


@bp.get("")
def show(lang):
    return _page()


def _page(coupon_form: CouponForm | None = None):
    """The cart page; a refused code is shown again in its form with the reason next to it."""
    cart = current_cart()
    priced = services.priced(cart, customer=_signed_in_customer())
    province = chosen_province()
    try:
        summary = summarize(priced.lines, province)
    except shipping.ShippingUnavailable:
        summary = summarize(priced.lines, None)
    from ..addresses import provinces

    return render_template("cart/show.html", lines=priced.lines, summary=summary, province=province,
                           provinces=provinces(), form=CartLineForm(), coupon=priced.coupon,
                           coupon_form=coupon_form or CouponForm(formdata=None),
                           remove_coupon_form=RemoveCouponForm(formdata=None))


def _signed_in_customer() -> coupons.Customer | None:
    """The signed-in buyer, for the per-customer cap (guests are known by phone only at checkout)."""
    return coupons.Customer(user_id=current_user.id) if current_user.is_authenticated else None


@bp.post("/coupon")
def apply_coupon(lang):
    form = CouponForm()
    if not form.validate_on_submit():
        return _page(form)
    try:
        state = services.set_coupon(current_cart(create=True), form.code.data)
    except services.CartError as error:
        db.session.rollback()
        form.code.errors = [str(error)]
        return _page(form)
    db.session.commit()
    if state.applies:
        flash(_("The code %(code)s is applied.", code=state.code), "success")
    else:
        flash(_("The code %(code)s is saved in your cart.", code=state.code) + " " + state.message, "info")
    return redirect(url_for("cart.show"))


@bp.post("/coupon/remove")
def remove_coupon(lang):
    cart = current_cart()
    if RemoveCouponForm().validate_on_submit() and cart is not None:
        services.remove_coupon(cart)
        db.session.commit()
        flash(_("The discount code is removed from your cart."), "success")
    return redirect(url_for("cart.show"))


def _form_or_back() -> CartLineForm | None:
    form = CartLineForm()
    if form.validate_on_submit():
        return form
    flash(_("That product could not be found. Please try again from its page."), "error")
    return None


def _back(form: CartLineForm | None):
    target = safe_next(form.next.data) if form is not None else None
    return redirect(target or url_for("cart.show"))


@bp.post("/add")
def add(lang):
    form = _form_or_back()
    if form is None:
        return _back(None)
    try:
        quantity = services.parse_quantity(form.quantity.data)
        _item, notice = services.add_item(current_cart(create=True), form.product_id.data, quantity)
    except services.CartError as error:
        db.session.rollback()
        flash(str(error), "error")
        return _back(form)
    db.session.commit()
    flash(notice or _("Added to your cart."), "info" if notice else "success")
    return redirect(url_for("cart.show"))


@bp.post("/update")
def update(lang):
    form = _form_or_back()
    cart = current_cart()
    if form is None or cart is None:
        return _back(None)
    try:
        notice = services.set_quantity(cart, form.product_id.data, services.parse_quantity(form.quantity.data))
    except services.CartError as error:
        db.session.commit()  # a line of a product that is gone is removed
        flash(str(error), "error")
        return _back(None)
    db.session.commit()
    flash(notice or _("Your cart is updated."), "info" if notice else "success")
    return _back(None)


@bp.post("/remove")
def remove(lang):
    form = _form_or_back()
    cart = current_cart()
    if form is not None and cart is not None:
        services.remove_item(cart, form.product_id.data)
        db.session.commit()
        flash(_("Removed from your cart."), "success")
    return _back(None)
