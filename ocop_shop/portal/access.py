"""Every portal query for a producer's rows goes through here (DESIGN §3 rule 3).

Each helper scopes its query to the signed-in member's producer, so another producer's
id answers 404 exactly like an id that does not exist.
"""
from __future__ import annotations

from datetime import date, datetime, time, timedelta

from flask import abort, g
from sqlalchemy import Select, func, select
from sqlalchemy.orm import selectinload

from ..accounts.models import User
from ..catalog.models import (Category, Certification, PriceChange, Product, ProductDailyView, ProductRevision,
                              certification_products)
from ..extensions import db
from ..orders.models import Fulfilment, Order, OrderLine
from ..tourism.experiences import BookingRequest, Experience
from ..producers.models import MemberInvitation, Notification, Producer, ProducerPhoto
from ..promotions import fairs, opt_in
from ..timeutil import VN_TZ


def current_producer() -> Producer:
    """The producer of the signed-in member (set by the blueprint's guard)."""
    return g.producer


def own_products() -> Select:
    """A query for the current producer's products (add filters and options to it)."""
    return select(Product).where(Product.producer_id == current_producer().id)


def own_product_or_404(product_id: int, *options) -> Product:
    """One of the current producer's products, or 404."""
    product = db.session.scalar(own_products().where(Product.id == product_id).options(*options))
    if product is None:
        abort(404)
    return product


def own_product_list() -> list[Product]:
    """The current producer's products with their pictures, newest first."""
    return list(db.session.scalars(own_products().options(selectinload(Product.images))
                                   .order_by(Product.updated_at.desc(), Product.id.desc())))


def own_product_for_editing_or_404(product_id: int) -> Product:
    """One of the current producer's products with its pictures loaded, or 404."""
    return own_product_or_404(product_id, selectinload(Product.images))


def own_open_revision_ids() -> set[int]:
    """Ids of the current producer's products whose changes wait for the office."""
    return set(db.session.scalars(select(ProductRevision.product_id).join(Product).where(
        Product.producer_id == current_producer().id, ProductRevision.status.in_(("pending_review", "sent_back")))))


def own_price_history(product: Product, limit: int = 6) -> list[PriceChange]:
    """The latest price changes of one of the current producer's products."""
    return list(db.session.scalars(select(PriceChange).join(Product, Product.id == PriceChange.product_id).where(
        PriceChange.product_id == product.id, Product.producer_id == current_producer().id)
        .order_by(PriceChange.changed_at.desc(), PriceChange.id.desc()).limit(limit)))


def own_image_or_404(product: Product, key: str):
    """A picture of the product's working copy (its waiting changes when published), or 404."""
    from ..catalog import revisions

    if product.producer_id != current_producer().id:
        abort(404)
    image = revisions.find_image(product, key)
    if image is None:
        abort(404)
    return image


def own_photo_or_404(photo_id: int) -> ProducerPhoto:
    photo = db.session.scalar(select(ProducerPhoto).where(
        ProducerPhoto.id == photo_id, ProducerPhoto.producer_id == current_producer().id))
    if photo is None:
        abort(404)
    return photo


def own_photos() -> list[ProducerPhoto]:
    return list(db.session.scalars(select(ProducerPhoto).where(ProducerPhoto.producer_id == current_producer().id)
                                   .order_by(ProducerPhoto.position, ProducerPhoto.id)))


def own_members() -> list[User]:
    return list(db.session.scalars(select(User).where(User.producer_id == current_producer().id).order_by(User.id)))


def own_member_or_404(user_id: int) -> User:
    user = db.session.scalar(select(User).where(User.id == user_id, User.producer_id == current_producer().id))
    if user is None:
        abort(404)
    return user


def own_invitations() -> list[MemberInvitation]:
    return list(db.session.scalars(select(MemberInvitation).where(
        MemberInvitation.producer_id == current_producer().id, MemberInvitation.accepted_at.is_(None))
        .order_by(MemberInvitation.created_at)))


def own_invitation_or_404(invitation_id: int) -> MemberInvitation:
    invitation = db.session.scalar(select(MemberInvitation).where(
        MemberInvitation.id == invitation_id, MemberInvitation.producer_id == current_producer().id,
        MemberInvitation.accepted_at.is_(None)))
    if invitation is None:
        abort(404)
    return invitation


def own_notifications(limit: int = 20) -> list[Notification]:
    return list(db.session.scalars(select(Notification).where(Notification.producer_id == current_producer().id)
                                   .order_by(Notification.created_at.desc(), Notification.id.desc()).limit(limit)))


# --- dashboard ----------------------------------------------------------------------------

LOW_STOCK = 5
CERTIFICATE_WARNING_DAYS = 90


def own_certifications() -> list[Certification]:
    """Certificates covering at least one of the current producer's products, with those products."""
    owned = select(certification_products.c.certification_id).join(
        Product, Product.id == certification_products.c.product_id).where(
        Product.producer_id == current_producer().id)
    return list(db.session.scalars(select(Certification).where(Certification.id.in_(owned))
                                   .options(selectinload(Certification.products))
                                   .order_by(Certification.expires_on, Certification.id)))


def own_certification_or_404(certification_id: int) -> Certification:
    for certification in own_certifications():
        if certification.id == certification_id:
            return certification
    abort(404)


def own_products_of(certification: Certification) -> list[Product]:
    """The current producer's products a certificate covers (a certificate may cover several)."""
    return [p for p in certification.products if p.producer_id == current_producer().id]


def own_parcel_counts() -> dict[str, int]:
    """How many of the current producer's parcels are in each state (orders not cancelled)."""
    rows = db.session.execute(select(Fulfilment.status, func.count()).join(Order, Order.id == Fulfilment.order_id)
                              .where(Fulfilment.producer_id == current_producer().id, Order.status != "cancelled")
                              .group_by(Fulfilment.status)).all()
    return {status: count for status, count in rows}


def own_cash_to_record() -> int:
    """Cash-on-delivery parcels handed to the carrier whose cash is not recorded yet."""
    return db.session.scalar(select(func.count()).select_from(Fulfilment).join(Order, Order.id == Fulfilment.order_id)
                             .where(Fulfilment.producer_id == current_producer().id, Order.payment_method == "cod",
                                    Fulfilment.status.in_(("shipped", "delivered")),
                                    Fulfilment.cash_collected.is_(None))) or 0


def own_todo(today: date) -> dict:
    """What needs doing today: parcels, stock, reviews, certificates."""
    producer_id = current_producer().id
    products = list(db.session.scalars(own_products().where(Product.status != "archived")))
    revisions = list(db.session.scalars(select(ProductRevision).join(Product).where(
        Product.producer_id == producer_id, ProductRevision.status.in_(("pending_review", "sent_back")))))
    names = {p.id: p for p in products}
    expiring = [c for c in own_certifications()
                if c.is_valid(today) and c.expires_on <= today + timedelta(days=CERTIFICATE_WARNING_DAYS)]
    parcels = own_parcel_counts()
    return {
        "to_accept": parcels.get("pending", 0),
        "to_ship": parcels.get("accepted", 0),
        "cash_to_record": own_cash_to_record(),
        "low_stock": [p for p in products if p.status == "published" and p.stock <= LOW_STOCK],
        "waiting": [p for p in products if p.status == "pending_review"]
                   + [names[r.product_id] for r in revisions if r.status == "pending_review" and r.product_id in names],
        "sent_back": [p for p in products if p.status == "draft" and p.review_note]
                     + [names[r.product_id] for r in revisions if r.status == "sent_back" and r.product_id in names],
        "expiring": [(c, own_products_of(c)) for c in expiring],
        "bookings_to_answer": own_booking_counts(today).get("new", 0),
    }


def own_stats(today: date, days: int = 30) -> dict:
    """Sales, units and approximate page views of the current producer over the last `days` days."""
    producer_id = current_producer().id
    first_day = today - timedelta(days=days - 1)
    since = datetime.combine(first_day, time.min, tzinfo=VN_TZ)
    sold = db.session.execute(
        select(OrderLine.product_id, func.sum(OrderLine.quantity), func.sum(OrderLine.unit_price * OrderLine.quantity))
        .join(Order, Order.id == OrderLine.order_id).join(Fulfilment, Fulfilment.id == OrderLine.fulfilment_id)
        .where(OrderLine.producer_id == producer_id, Order.placed_at >= since, Order.status != "cancelled",
               Fulfilment.status != "cancelled")
        .group_by(OrderLine.product_id)).all()
    seen = db.session.execute(
        select(ProductDailyView.product_id, func.sum(ProductDailyView.views)).join(Product)
        .where(Product.producer_id == producer_id, ProductDailyView.day >= first_day)
        .group_by(ProductDailyView.product_id)).all()
    per_product: dict[int, dict] = {}
    for product_id, units, amount in sold:
        per_product.setdefault(product_id, {"units": 0, "sales": 0, "views": 0}).update(units=int(units), sales=int(amount))
    for product_id, views in seen:
        per_product.setdefault(product_id, {"units": 0, "sales": 0, "views": 0})["views"] = int(views)
    products = {p.id: p for p in db.session.scalars(own_products().where(Product.id.in_(per_product)))}
    rows = sorted(((products[pid], data) for pid, data in per_product.items() if pid in products),
                  key=lambda row: (-row[1]["sales"], -row[1]["views"], row[0].id))
    return {
        "first_day": first_day, "days": days, "rows": rows,
        "sales": sum(d["sales"] for d in per_product.values()),
        "units": sum(d["units"] for d in per_product.values()),
        "views": sum(d["views"] for d in per_product.values()),
    }


# --- parcels (this producer's part of orders) ----------------------------------------------

OPEN_PARCEL = (Fulfilment.status.in_(("pending", "accepted", "shipped"))
               | ((Fulfilment.status == "delivered") & Fulfilment.cash_collected.is_(None)
                  & (Order.payment_method == "cod")))
PARCEL_FILTERS = {
    "open": OPEN_PARCEL,
    "pending": Fulfilment.status == "pending",
    "accepted": Fulfilment.status == "accepted",
    "cash": (Order.payment_method == "cod") & Fulfilment.status.in_(("shipped", "delivered"))
            & Fulfilment.cash_collected.is_(None),
    "done": ~OPEN_PARCEL,
}


def _own_parcels() -> Select:
    """The current producer's parcels; a suspended producer sees only the open ones it must still fulfil."""
    query = (select(Fulfilment).join(Order, Order.id == Fulfilment.order_id)
             .where(Fulfilment.producer_id == current_producer().id)
             .options(selectinload(Fulfilment.order), selectinload(Fulfilment.lines)))
    if current_producer().status == "suspended":
        query = query.where(OPEN_PARCEL, Order.status != "cancelled")
    return query


def own_parcels(show: str = "open", limit: int = 100) -> list[Fulfilment]:
    """The current producer's parcels for one of PARCEL_FILTERS, newest order first."""
    condition = PARCEL_FILTERS.get(show, OPEN_PARCEL)
    return list(db.session.scalars(_own_parcels().where(condition)
                                   .order_by(Order.placed_at.desc(), Fulfilment.id.desc()).limit(limit)))


def own_parcel_or_404(fulfilment_id: int) -> Fulfilment:
    """One of the current producer's parcels with its order and lines, or 404."""
    parcel = db.session.scalar(_own_parcels().where(Fulfilment.id == fulfilment_id))
    if parcel is None:
        abort(404)
    return parcel


# --- booking requests for this producer's experiences ---------------------------------------

def _open_booking(today: date):
    """New requests, and accepted ones whose day has not passed (guests still to welcome)."""
    return (BookingRequest.status == "new") | ((BookingRequest.status == "accepted")
                                               & (BookingRequest.requested_on >= today))


def _own_bookings(today: date) -> Select:
    """The current producer's booking requests; a suspended producer sees only the open ones."""
    query = (select(BookingRequest).where(BookingRequest.producer_id == current_producer().id)
             .options(selectinload(BookingRequest.product)))
    if current_producer().status == "suspended":
        query = query.where(_open_booking(today))
    return query


def own_bookings(today: date, show: str = "open", limit: int = 100) -> list[BookingRequest]:
    """The current producer's requests ('open' or 'all'): new ones first, then by day."""
    query = _own_bookings(today)
    if show != "all":
        query = query.where(_open_booking(today))
    return list(db.session.scalars(query.order_by((BookingRequest.status == "new").desc(),
                                                  BookingRequest.requested_on, BookingRequest.id).limit(limit)))


def own_booking_or_404(booking_id: int, today: date) -> BookingRequest:
    """One of the current producer's booking requests with its product, or 404."""
    booking = db.session.scalar(_own_bookings(today).where(BookingRequest.id == booking_id))
    if booking is None:
        abort(404)
    return booking


def own_booking_counts(today: date) -> dict[str, int]:
    """How many of the current producer's requests are new, and open in all."""
    rows = db.session.execute(select(BookingRequest.status, func.count()).where(
        BookingRequest.producer_id == current_producer().id, _open_booking(today))
        .group_by(BookingRequest.status)).all()
    counts = {status: count for status, count in rows}
    return {**counts, "open": sum(counts.values())}


def own_experience_product_or_404(product_id: int) -> Product:
    """One of the current producer's group-6 (experience) products, or 404."""
    product = own_product_or_404(product_id, selectinload(Product.category))
    if not product.category.is_experience:
        abort(404)
    return product


def is_experience_product(product: Product) -> bool:
    """Whether one of the current producer's products is in group 6 (booked, with experience details)."""
    return db.session.scalar(select(Category.group_code).where(Category.id == product.category_id)) == 6


def own_experience(product: Product) -> Experience | None:
    """The experience facts of one of the current producer's products, if it has them."""
    if product.producer_id != current_producer().id:
        abort(404)
    return db.session.scalar(select(Experience).where(Experience.product_id == product.id))


# --- producer-funded campaigns and trade fairs ---------------------------------------------

def own_campaign_offers(at: datetime) -> list:
    """Producer-funded campaigns (running or scheduled) covering the current producer's products."""
    return opt_in.offers(current_producer().id, at)


def own_campaign_offer_or_404(campaign_id: int, at: datetime):
    """One producer-funded campaign covering the current producer's products, or 404."""
    found = opt_in.offer(current_producer().id, campaign_id, at)
    if found is None:
        abort(404)
    return found


def own_fairs() -> list:
    """The fairs the current producer takes part in, with its booth, and its products it brings there."""
    rows = fairs.producer_fairs(current_producer().id)
    wanted = {int(pid) for _fair, participant in rows for pid in participant.product_ids or []}
    products = {p.id: p for p in db.session.scalars(own_products().where(Product.id.in_(wanted)))} if wanted else {}
    return [(fair, participant, [products[int(pid)] for pid in participant.product_ids or [] if int(pid) in products])
            for fair, participant in rows]
