"""Cart rules: add, change, remove, merge at sign-in; stock caps; experiences never in the cart; the coupon code.

Services take explicit arguments, flush and never commit; str(CartError) is shown to the user.
"""
from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import joinedload, selectinload

from ..catalog import alcohol
from ..catalog.models import Product
from ..extensions import db
from ..promotions import coupons
from ..promotions.pricing import Price, prices_for
from ..timeutil import local_today
from ..types import utcnow
from .models import Cart, CartItem

MAX_QUANTITY = 99  # per line: a household order, not a wholesale one


class CartError(ValueError):
    """A cart rule refused the change; str(error) is shown to the user."""


@dataclass(frozen=True)
class CartLine:
    """A cart item with its product and its price now (from price_for)."""

    item: CartItem
    product: Product
    quantity: int
    price: Price

    @property
    def line_total(self) -> int:
        return self.price.final * self.quantity

    @property
    def weight_grams(self) -> int:
        return (self.product.weight_grams or 0) * self.quantity


def new_token() -> str:
    return secrets.token_urlsafe(32)


def find_cart(token: str | None = None, user_id: int | None = None) -> Cart | None:
    """The signed-in user's cart, else the guest cart with this token."""
    if user_id is not None:
        return db.session.scalar(select(Cart).where(Cart.user_id == user_id))
    if token:
        return db.session.scalar(select(Cart).where(Cart.token == token, Cart.user_id.is_(None)))
    return None


def create_cart(user_id: int | None = None) -> Cart:
    cart = Cart(token=new_token(), user_id=user_id)
    db.session.add(cart)
    db.session.flush()
    return cart


def sellable_product(product_id: int) -> Product | None:
    """A published product of an approved producer, with producer and category loaded."""
    product = db.session.scalar(
        select(Product).options(joinedload(Product.producer), joinedload(Product.category))
        .where(Product.id == product_id)
    )
    if product is None or not _still_sellable(product, local_today(), parcel_only=False):
        return None
    return product


def parse_quantity(raw) -> int:
    """A quantity typed by a person: a whole number from 1 to MAX_QUANTITY."""
    try:
        quantity = int(str(raw).strip())
    except (TypeError, ValueError):
        raise CartError(_("Please enter the quantity as a whole number.")) from None
    if quantity < 1 or quantity > MAX_QUANTITY:
        raise CartError(_("Please choose a quantity from 1 to %(max)d.", max=MAX_QUANTITY))
    return quantity


def _item_for(cart: Cart, product_id: int) -> CartItem | None:
    return db.session.scalar(select(CartItem).where(CartItem.cart_id == cart.id, CartItem.product_id == product_id))


def _capped(product: Product, wanted: int) -> int:
    return min(wanted, product.stock, MAX_QUANTITY)


def add_item(cart: Cart, product_id: int, quantity: int) -> tuple[CartItem, str | None]:
    """Add to the cart, capped by stock; returns the item and a notice when capped."""
    product = sellable_product(product_id)
    if product is None:
        raise CartError(_("This product is not available."))
    if product.category.is_experience:
        raise CartError(_("Experiences are booked, not bought: please send a booking request from the experience's page."))
    if product.stock < 1:
        raise CartError(_("Sorry, %(name)s is sold out.", name=product.name))
    item = _item_for(cart, product.id)
    wanted = (item.quantity if item else 0) + quantity
    quantity_now = _capped(product, wanted)
    if item is None:
        item = CartItem(cart_id=cart.id, product_id=product.id, quantity=quantity_now)
        db.session.add(item)
    else:
        item.quantity = quantity_now
    cart.updated_at = utcnow()
    db.session.flush()
    notice = None
    if quantity_now < wanted:
        notice = _("Only %(n)d of %(name)s can be ordered, so your cart has %(n)d.", n=quantity_now, name=product.name)
    return item, notice


def set_quantity(cart: Cart, product_id: int, quantity: int) -> str | None:
    """Change a line's quantity (capped by stock); returns a notice when capped."""
    item = _item_for(cart, product_id)
    if item is None:
        raise CartError(_("This product is not in your cart."))
    product = sellable_product(product_id)
    if product is None or product.stock < 1:
        db.session.delete(item)
        db.session.flush()
        raise CartError(_("This product is no longer available, so it was removed from your cart."))
    item.quantity = _capped(product, quantity)
    cart.updated_at = utcnow()
    db.session.flush()
    if item.quantity < quantity:
        return _("Only %(n)d of %(name)s can be ordered, so your cart has %(n)d.", n=item.quantity, name=product.name)
    return None


def remove_item(cart: Cart, product_id: int) -> None:
    item = _item_for(cart, product_id)
    if item is not None:
        db.session.delete(item)
        cart.updated_at = utcnow()
        db.session.flush()


def clear(cart: Cart) -> None:
    for item in db.session.scalars(select(CartItem).where(CartItem.cart_id == cart.id)):
        db.session.delete(item)
    db.session.flush()


@dataclass(frozen=True)
class PricedCart:
    """The cart's lines priced at one moment, and the state of the code it holds (None: no code)."""

    lines: list[CartLine]
    coupon: coupons.CouponCheck | None = None


def priced(cart: Cart | None, at: datetime | None = None, customer: coupons.Customer | None = None) -> PricedCart:
    """The cart's items with products, producers and prices at `at` (default now), its code checked for
    the customer when known; items of products no longer sellable are dropped. One pricing query."""
    if cart is None:
        return PricedCart([])
    at = at or utcnow()
    items = [item for item in db.session.scalars(
        select(CartItem).where(CartItem.cart_id == cart.id).order_by(CartItem.id)
        .options(selectinload(CartItem.product).joinedload(Product.producer),
                 selectinload(CartItem.product).joinedload(Product.category))
    ).all() if _still_sellable(item.product, local_today(at))]
    state = coupons.check(cart.coupon_code, at, customer)
    prices = prices_for([item.product for item in items], at, state.coupon if state else None)
    state = coupons.settle(state, prices.values())
    return PricedCart([CartLine(item, item.product, item.quantity, prices[item.product_id]) for item in items], state)


def lines(cart: Cart | None, at: datetime | None = None) -> list[CartLine]:
    """The cart's priced lines (see `priced`)."""
    return priced(cart, at).lines


def set_coupon(cart: Cart, raw: str, at: datetime | None = None) -> coupons.CouponCheck:
    """Keep a typed code on the cart and say how it stands; CartError (nothing kept) when it is unknown,
    ended or used up. A code that may apply later (not started, nothing in the cart yet) is kept."""
    code = " ".join(str(raw or "").split())
    if not code:
        raise CartError(_("Please enter a discount code."))
    previous, cart.coupon_code = cart.coupon_code, code
    state = priced(cart, at).coupon
    if not state.keep:
        cart.coupon_code = previous
        raise CartError(state.message)
    cart.coupon_code = state.code
    cart.updated_at = utcnow()
    db.session.flush()
    return state


def remove_coupon(cart: Cart) -> None:
    cart.coupon_code = None
    cart.updated_at = utcnow()
    db.session.flush()


def _still_sellable(product: Product, day, parcel_only: bool = True) -> bool:
    """Published, its producer approved, on sale today (alcohol licence), a parcel (not an experience)."""
    return (product.status == "published" and product.producer.is_public
            and alcohol.on_sale(product, product.producer, day)
            and not (parcel_only and product.category.is_experience))


def item_count(cart: Cart | None) -> int:
    if cart is None:
        return 0
    return sum(db.session.scalars(select(CartItem.quantity).where(CartItem.cart_id == cart.id)))


def merge(guest: Cart, into: Cart) -> list[str]:
    """Move a guest cart's items into a user's cart (quantities add, capped; unavailable dropped)."""
    notices = []
    for item in db.session.scalars(select(CartItem).where(CartItem.cart_id == guest.id).order_by(CartItem.id)).all():
        product = sellable_product(item.product_id)
        if product is None or product.category.is_experience or product.stock < 1:
            name = product.name if product else _("A product")
            notices.append(_("%(name)s is no longer available and was left out.", name=name))
            continue
        existing = _item_for(into, product.id)
        wanted = item.quantity + (existing.quantity if existing else 0)
        quantity = _capped(product, wanted)
        if existing is None:
            db.session.add(CartItem(cart_id=into.id, product_id=product.id, quantity=quantity))
        else:
            existing.quantity = quantity
        if quantity < wanted:
            notices.append(_("Only %(n)d of %(name)s can be ordered, so your cart has %(n)d.", n=quantity, name=product.name))
    into.coupon_code = into.coupon_code or guest.coupon_code
    db.session.delete(guest)
    into.updated_at = utcnow()
    db.session.flush()
    return notices


def adopt_or_merge(guest_token: str | None, user_id: int) -> list[str]:
    """At sign-in: merge the guest cart into the user's cart (made if missing); notices say what changed."""
    guest = find_cart(token=guest_token)
    if guest is None:
        return []
    mine = find_cart(user_id=user_id) or create_cart(user_id=user_id)
    return merge(guest, mine)
