"""Coupon codes: find one, say why it is refused, take a use when an order is placed, give it back.

A cart keeps the code as the buyer typed it (`Cart.coupon_code`); every time the cart is priced
the code is checked again (`check`), so a code that ends or runs out while it sits in a cart is
shown as such and no longer applied. Pricing itself stays in promotions/pricing.py: a usable
coupon is passed to `prices_for`, which gives each unit the single best discount.

Taking a use (`redeem`) happens inside the transaction that places the order: the coupon row is
locked (SELECT … FOR UPDATE on PostgreSQL; SQLite lets one writer in at a time), this customer's
uses are counted under that lock, and `used` rises by one UPDATE that holds only while the total
cap is not reached, checked by its row count. A buyer is counted by the delivery phone
("phone:+84…") and, when signed in, by the account too.

A cancelled order gives its use back (`release`): cancelling is possible only before any parcel
ships, and a paid order that is cancelled is refunded in full, so the buyer kept no discount. A
late payment that reinstates an order cancelled for non-payment takes the use again (`retake`)
without the cap check: the buyer has paid the discounted price, so the order keeps it.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from typing import Iterable

from flask_babel import format_date, format_datetime
from flask_babel import gettext as _
from sqlalchemy import delete, func, or_, select, update
from sqlalchemy.orm import joinedload

from ..addresses import parse_phone
from ..extensions import db
from ..text import normalize
from ..types import utcnow
from .models import Coupon, CouponRedemption
from .pricing import Price

CODE_MAX = 40
# Reasons a code is not applied; "customer_cap" only once the buyer's phone or account is known.
REFUSALS = ("unknown", "not_started", "paused", "ended", "used_up", "customer_cap", "no_match")
# Refusals that will not change by waiting or by changing the cart: such a code is not kept.
FINAL_REFUSALS = ("unknown", "ended", "used_up")


class CouponError(ValueError):
    """A use could not be taken; `reason` is one of REFUSALS."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def fold_code(raw: str | None) -> str:
    """A code as looked up: upper case, spaces removed ("tet 2027" → "TET2027")."""
    return "".join(normalize(raw or "").split()).upper()


@dataclass(frozen=True)
class Customer:
    """Who is buying, as far as it is known: the delivery phone (E.164) and the signed-in account."""

    phone: str | None = None
    user_id: int | None = None

    @classmethod
    def of(cls, phone: str | None, user_id: int | None = None) -> "Customer":
        return cls(parse_phone(phone) if phone else None, user_id)

    @property
    def key(self) -> str | None:
        return f"phone:{self.phone}" if self.phone else None

    @property
    def known(self) -> bool:
        return self.phone is not None or self.user_id is not None


@dataclass(frozen=True)
class CouponCheck:
    """A code's state for a cart at a moment: the coupon to price with, or why it is refused."""

    code: str  # as the buyer typed it (as the office wrote it once found)
    coupon: Coupon | None = None  # set only while the code applies
    refusal: str | None = None
    found: Coupon | None = None  # the coupon the code names, usable or not
    customer_uses: int = 0

    @property
    def applies(self) -> bool:
        return self.coupon is not None and self.refusal is None

    @property
    def keep(self) -> bool:
        """Whether a cart should keep this code (it may apply later or to another cart)."""
        return self.refusal not in FINAL_REFUSALS

    @property
    def message(self) -> str:
        """Why the code is refused, in the page's language ("" when it applies)."""
        if self.refusal is None:
            return ""
        if self.refusal == "not_started":
            start = opens_at(self.found)
            return _("The code %(code)s can be used from %(start)s.", code=self.code,
                     start=_("%(time)s on %(day)s", time=format_datetime(start, "HH:mm"), day=format_date(start, "long")))
        if self.refusal == "customer_cap":
            return _("You have already used the code %(code)s the most times allowed per customer (%(num)d).",
                     code=self.code, num=self.customer_uses)
        return _MESSAGES[self.refusal](self.code)


_MESSAGES = {
    "unknown": lambda code: _("We do not know the code %(code)s. Please check it and try again.", code=code),
    "paused": lambda code: _("The promotion of the code %(code)s is paused for now.", code=code),
    "ended": lambda code: _("The code %(code)s has ended.", code=code),
    "used_up": lambda code: _("The code %(code)s has been used up.", code=code),
    "no_match": lambda code: _("The code %(code)s gives no discount on the products in your cart.", code=code),
}


def opens_at(coupon: Coupon) -> datetime:
    """When the code starts to work: the later of its own start and its campaign's."""
    return max(coupon.valid_from or coupon.campaign.starts_at, coupon.campaign.starts_at)


def closes_at(coupon: Coupon) -> datetime:
    """When the code stops working: the earlier of its own end and its campaign's."""
    return min(coupon.valid_until or coupon.campaign.ends_at, coupon.campaign.ends_at)


def find(code: str | None) -> Coupon | None:
    """The coupon a typed code names (case and spaces ignored), with its campaign."""
    key = fold_code(code)
    if not key or len(key) > CODE_MAX:
        return None
    return db.session.scalar(select(Coupon).options(joinedload(Coupon.campaign)).where(Coupon.code_key == key))


def check(code: str | None, at: datetime | None = None, customer: Customer | None = None) -> CouponCheck | None:
    """The state of a typed code at a moment for a customer (None when no code was entered)."""
    if not code:
        return None
    coupon = find(code)
    if coupon is None or coupon.campaign.status == "draft":  # a draft's code is not announced yet
        return CouponCheck(code=code, refusal="unknown")
    at = at or utcnow()
    refusal = _refusal(coupon, at)
    uses = 0
    if refusal is None and coupon.per_customer_cap is not None and customer is not None and customer.known:
        uses = uses_by(coupon.id, customer)
        refusal = "customer_cap" if uses >= coupon.per_customer_cap else None
    return CouponCheck(code=coupon.code, coupon=None if refusal else coupon, refusal=refusal, found=coupon,
                       customer_uses=uses)


def _refusal(coupon: Coupon, at: datetime) -> str | None:
    campaign = coupon.campaign
    if campaign.status == "ended" or at >= closes_at(coupon):
        return "ended"
    if at < opens_at(coupon):
        return "not_started"
    if campaign.status == "paused":
        return "paused"
    if coupon.total_cap is not None and coupon.used >= coupon.total_cap:
        return "used_up"
    return None


def settle(state: CouponCheck | None, prices: Iterable[Price]) -> CouponCheck | None:
    """The state once the cart is priced: a usable code that lowered no line's price is refused."""
    if state is None or not state.applies:
        return state
    if any(price.coupon is not None and price.coupon.id == state.coupon.id for price in prices):
        return state
    return replace(state, coupon=None, refusal="no_match")


def uses_by(coupon_id: int, customer: Customer) -> int:
    """Orders of this customer that hold a use of the coupon (by phone, or by account when signed in)."""
    who = []
    if customer.key:
        who.append(CouponRedemption.customer_key == customer.key)
    if customer.user_id is not None:
        who.append(CouponRedemption.user_id == customer.user_id)
    if not who:
        return 0
    return db.session.scalar(
        select(func.count()).select_from(CouponRedemption)
        .where(CouponRedemption.coupon_id == coupon_id, or_(*who))) or 0


def redeem(coupon: Coupon, order_id: int, customer: Customer, at: datetime | None = None) -> None:
    """Take one use of the coupon for an order; CouponError when the cap was reached meanwhile.

    The row lock comes first, so the per-customer count and the UPDATE see every use taken before.
    """
    per_customer_cap = db.session.scalar(
        select(Coupon.per_customer_cap).where(Coupon.id == coupon.id).with_for_update())
    if per_customer_cap is not None and uses_by(coupon.id, customer) >= per_customer_cap:
        raise CouponError("customer_cap")
    won = db.session.execute(
        update(Coupon).where(Coupon.id == coupon.id, or_(Coupon.total_cap.is_(None), Coupon.used < Coupon.total_cap))
        .values(used=Coupon.used + 1).execution_options(synchronize_session=False)).rowcount
    if not won:
        raise CouponError("used_up")
    db.session.expire(coupon, ["used"])
    _record(coupon.id, order_id, customer, at)


def _record(coupon_id: int, order_id: int, customer: Customer, at: datetime | None) -> None:
    db.session.add(CouponRedemption(coupon_id=coupon_id, order_id=order_id, customer_key=customer.key or "",
                                    user_id=customer.user_id, created_at=at or utcnow()))
    db.session.flush()


def release(order_id: int) -> None:
    """Give back the use a cancelled order took, once (its redemption row is the claim)."""
    coupon_id = db.session.scalar(select(CouponRedemption.coupon_id).where(CouponRedemption.order_id == order_id))
    if coupon_id is None:
        return
    gone = db.session.execute(delete(CouponRedemption).where(
        CouponRedemption.order_id == order_id, CouponRedemption.coupon_id == coupon_id)).rowcount
    if gone:
        db.session.execute(update(Coupon).where(Coupon.id == coupon_id, Coupon.used > 0)
                           .values(used=Coupon.used - 1).execution_options(synchronize_session=False))
        db.session.flush()


def retake(order_id: int, campaign_ids: Iterable[int | None], customer: Customer, at: datetime | None = None) -> None:
    """Take the use again for a reinstated order whose lines got a coupon's discount (no cap check)."""
    ids = {cid for cid in campaign_ids if cid is not None}
    coupon_id = db.session.scalar(select(Coupon.id).where(Coupon.campaign_id.in_(ids))) if ids else None
    if coupon_id is None or db.session.scalar(
            select(CouponRedemption.id).where(CouponRedemption.order_id == order_id)) is not None:
        return
    db.session.execute(update(Coupon).where(Coupon.id == coupon_id).values(used=Coupon.used + 1)
                       .execution_options(synchronize_session=False))
    _record(coupon_id, order_id, customer, at)
