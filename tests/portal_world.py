"""Two producers with a bit of everything, for the portal's access tests, and a snapshot of A's rows."""
from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import select

from ocop_shop.catalog import revisions
from ocop_shop.catalog.models import ProductImage
from ocop_shop.extensions import db
from ocop_shop.orders import fulfilment
from ocop_shop.orders.models import Fulfilment
from ocop_shop.producers.members import invite_member
from ocop_shop.producers.notifications import notify
from ocop_shop.producers.models import ProducerPhoto

from .factories import Factories


@dataclass
class World:
    a: object
    b: object
    users: dict
    a_user_id: int = 0
    a_helper_id: int = 0
    a_product_id: int = 0
    a_invitation_id: int = 0
    extra: dict = field(default_factory=dict)


def build_world() -> World:
    """Producer A (two members, a product, an invitation…), producer B, and the other roles."""
    f = Factories()
    a = f.producer(name="HTX A")
    b = f.producer(name="HTX B")
    pending = f.producer(name="HTX Chờ duyệt", status="pending")
    a_user = f.user(role="producer", producer=a, name="Chủ A")
    helper = f.user(role="producer", producer=a, name="Phụ A")
    users = {
        "customer": f.user(role="customer"),
        "pending": f.user(role="producer", producer=pending),
        "producer_a": a_user,
        "producer_b": f.user(role="producer", producer=b, name="Chủ B"),
        "admin": f.user(role="admin"),
    }
    product = f.product(producer=a, name="Miến dong A", status="published")
    draft = f.product(producer=a, name="Bản nháp A", status="draft")
    archived = f.product(producer=a, name="Đã lưu trữ A", status="archived")
    for item, key in ((product, "a" * 32), (draft, "d" * 32)):
        db.session.add(ProductImage(product_id=item.id, key=key, width=800, height=600, alt={"vi": "Ảnh"}, position=1))
    certification = f.certification(product, stars=4)
    f.product(producer=b, name="Miến dong B", status="published", stars=3)
    db.session.flush()
    db.session.refresh(product, ["images"])
    # A's published product has changes waiting for the office.
    revisions.edit(product, {"vi": {"name": "Miến dong A mới", "unit": "gói"}}, f.category(), by=a_user,
                   weight_grams=500)
    invitation, _token = invite_member(a, a_user, "Khách mời A", "0966000111", None)
    notify(a, "product_published", name="Miến dong A")
    photo = ProducerPhoto(producer_id=a.id, key="b" * 32, width=800, height=600, alt={}, position=1)
    db.session.add(photo)
    db.session.flush()
    # A's parcels of three cash-on-delivery orders: new, accepted, shipped.
    parcel_ids = []
    for step in ("pending", "accepted", "shipped"):
        order = f.order((product, 1), payment_method="cod")
        parcel = db.session.scalar(select(Fulfilment).where(Fulfilment.order_id == order.id))
        if step in ("accepted", "shipped"):
            fulfilment.accept(parcel)
        if step == "shipped":
            fulfilment.ship(parcel, "Viettel Post", "VTP123")
        parcel_ids.append(parcel.id)
    # A and B each offer an experience (group 6) with a new booking request.
    a_stay = f.product(producer=a, name="Homestay A", category="du-lich", status="published")
    a_booking = f.booking(a_stay)
    b_booking = f.booking(f.product(producer=b, name="Homestay B", category="du-lich", status="published"))
    world = World(a=a, b=b, users=users, a_user_id=a_user.id, a_helper_id=helper.id,
                  a_product_id=product.id, a_invitation_id=invitation.id,
                  extra={"draft": draft.id, "archived": archived.id, "key": "a" * 32, "draft_key": "d" * 32,
                         "category": f.category().id, "photo": photo.id,
                         "certification": certification.id, "parcels": parcel_ids,
                         "due": parcel.amount_due, "stay": a_stay.id, "booking": a_booking.id,
                         "b_booking": b_booking.id,
                         "campaign": f.campaign(product, percent=10, funded_by="producer").id})
    db.session.commit()
    return world


def _value(v):
    return v if isinstance(v, (int, float, str, type(None))) else repr(v)


def snapshot(world: World) -> dict:
    """Every row that belongs to producer A, in any table, as plain values."""
    a_id = world.a.id
    tables = db.metadata.sorted_tables
    products = db.metadata.tables["products"]
    product_ids = [row.id for row in db.session.execute(select(products.c.id).where(products.c.producer_id == a_id))]
    rows = {}
    for table in tables:
        conditions = []
        if table.name == "producers":
            conditions.append(table.c.id == a_id)
        if "producer_id" in table.c:
            conditions.append(table.c.producer_id == a_id)
        if "product_id" in table.c and product_ids:
            conditions.append(table.c.product_id.in_(product_ids))
        for condition in conditions:
            found = db.session.execute(select(table).where(condition)).mappings().all()
            rows[f"{table.name}:{condition}"] = sorted(
                (tuple((k, _value(v)) for k, v in sorted(row.items())) for row in found), key=repr)
    return rows
