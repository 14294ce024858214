"""Every portal query for a producer's rows goes through here (DESIGN §3 rule 3).

Each helper scopes its query to the signed-in member's producer, so another producer's
id answers 404 exactly like an id that does not exist.
"""
from __future__ import annotations

from flask import abort, g
from sqlalchemy import Select, select
from sqlalchemy.orm import selectinload

from ..accounts.models import User
from ..catalog.models import PriceChange, Product, ProductRevision
from ..extensions import db
from ..producers.models import MemberInvitation, Notification, Producer, ProducerPhoto


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
