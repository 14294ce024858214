"""The world of the whole-app sweeps (tests/test_route_matrix.py, test_hostile_inputs.py): two of everything.

Customer A and customer B each have an order and a booking; producer A and producer B each have
a published product (with changes waiting for the office), a draft, an archived product, a photo,
a story photo, a certificate, an invitation, a second member, three cash-on-delivery parcels (new,
accepted, shipped) and an experience with a booking request. A pending applicant and an office
account complete the cast. `build()` returns, per side ("a", "b"), the values the matrix's paths
and forms name ({product}, {parcel_new}, …). `signed_in_world()` serves it on its own database
with one signed-in client per role, and can restore it after a request changed it.
"""
from __future__ import annotations

import hashlib
import shutil
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import select

from config import TestConfig
from ocop_shop import create_app
from ocop_shop.accounts import tokens
from ocop_shop.catalog import revisions
from ocop_shop.extensions import db
from ocop_shop.orders import fulfilment
from ocop_shop.orders.models import Fulfilment
from ocop_shop.producers.members import invite_member
from ocop_shop.producers.models import ProducerPhoto
from ocop_shop.promotions.models import FairParticipant, PlanTargetSet, TradeFair

from .conftest import PG_URL, FreshContextClient, _truncate_all, csrf_from, sign_in
from .factories import Factories, a_day

FOLDERS = ("uploads", "search")  # what the world keeps outside the database (restored with it)
ROLES = ("anonymous", "customer_a", "customer_b", "pending", "producer_a", "producer_b", "admin")
# Whose objects a role owns: customers their orders and bookings, producer members their producer's rows.
SIDE_OF = {"customer_a": "a", "customer_b": "b", "producer_a": "a", "producer_b": "b"}


@dataclass
class RouteWorld:
    users: dict  # role → User (anonymous has none)
    sides: dict = field(default_factory=dict)  # "a" / "b" → {placeholder: value}


def _producer_side(f: Factories, side: str, customer) -> tuple[object, dict]:
    """One producer with a bit of everything, and the values naming its rows."""
    upper = side.upper()
    producer = f.producer(name=f"HTX Ma trận {upper}")
    owner = f.user(role="producer", producer=producer, name=f"Chủ {upper}")
    helper = f.user(role="producer", producer=producer, name=f"Phụ {upper}")
    product = f.product(producer=producer, name=f"Miến dong {upper}", status="published")
    draft = f.product(producer=producer, name=f"Bản nháp {upper}", status="draft")
    archived = f.product(producer=producer, name=f"Đã lưu trữ {upper}", status="archived")
    pending_review = f.product(producer=producer, name=f"Chờ duyệt {upper}", status="pending_review")
    image = f.product_image(product)
    certification = f.certification(product, stars=4)
    db.session.flush()
    db.session.refresh(product, ["images"])
    revisions.edit(product, {"vi": {"name": f"Miến dong {upper} mới", "unit": "gói"}}, f.category(), by=owner,
                   weight_grams=500)
    revision = revisions.open_revision(product)
    invitation, invitation_token = invite_member(producer, owner, f"Khách mời {upper}", None, None)
    photo = ProducerPhoto(producer_id=producer.id, key=side * 32, width=800, height=600, alt={}, position=1)
    db.session.add(photo)
    parcels = []
    for step in ("new", "accepted", "shipped"):
        order = f.order((product, 1), payment_method="cod")
        parcel = db.session.scalar(select(Fulfilment).where(Fulfilment.order_id == order.id))
        if step != "new":
            fulfilment.accept(parcel)
        if step == "shipped":
            fulfilment.ship(parcel, "Viettel Post", "VTP123")
        parcels.append(parcel)
    stay = f.product(producer=producer, name=f"Homestay {upper}", category="du-lich", status="published")
    booking = f.booking(stay, user=customer)
    own_order = f.order((product, 1), payment_method="bank_transfer", user=customer)
    campaign = f.campaign(product, percent=10, funded_by="producer", coupon=f"MATRAN{upper}")
    fair = TradeFair(slug=f"hoi-cho-{side}", content={"vi": {"name": f"Hội chợ {upper}", "venue": "Cao Bằng"}},
                     starts_on=a_day(20), ends_on=a_day(23), locality_id=producer.locality_id)
    db.session.add(fair)
    db.session.flush()
    participant = FairParticipant(fair_id=fair.id, producer_id=producer.id, booth=f"{upper}1", product_ids=[product.id])
    plan = PlanTargetSet(name=f"Kế hoạch {upper}", period_start=a_day(-30), period_end=a_day(60), targets={})
    db.session.add_all([participant, plan])
    db.session.flush()
    db.session.refresh(product)
    values = {
        "producer": producer.slug, "product": product.id, "product_slug": product.slug, "draft": draft.id,
        "archived": archived.id, "pending_review": pending_review.id, "image_key": image.key,
        "photo": photo.id, "certification": certification.id, "verify_code": certification.public_code,
        "revision": revision.id, "campaign": campaign.slug, "coupon": f"MATRAN{upper}", "fair": fair.slug, "fair_id": fair.id, "campaign_id": campaign.id, "participant": participant.id,
        "plan": plan.id, "place": producer.locality.slug, "stock": product.stock, "booking_day": a_day(12).isoformat(), "invitation": invitation.id, "invitation_token": invitation_token,
        "helper": helper.id, "parcel_new": parcels[0].id, "parcel_accepted": parcels[1].id,
        "parcel_shipped": parcels[2].id, "due": parcels[2].amount_due, "stay": stay.id, "stay_slug": stay.slug,
        "booking": booking.id, "order": own_order.number, "category": f.category().id,
    }
    return owner, values


def build() -> RouteWorld:
    """Builds and commits the world."""
    f = Factories()
    f.shipping_rules()
    customers = {side: f.user(role="customer", name=f"Khách {side.upper()}") for side in "ab"}
    users = {"customer_a": customers["a"], "customer_b": customers["b"],
             "pending": f.user(role="producer", producer=f.producer(name="HTX Chờ duyệt", status="pending")),
             "admin": f.user(role="admin", name="Cán bộ văn phòng")}
    world = RouteWorld(users)
    for side in "ab":
        owner, values = _producer_side(f, side, customers[side])
        users[f"producer_{side}"] = owner
        customer = customers[side]
        values.update(
            verify_token=tokens.issue(customer, "verify_email"),
            reset_token=tokens.issue(customer, "reset_password"),
            email_token=tokens.issue(customer, "change_email", new_email=f"moi-{side}@test.example"))
        world.sides[side] = values
    db.session.commit()
    return world


def fingerprint() -> str:
    """A digest of every row of every table."""
    db.session.expire_all()
    digest = hashlib.sha256()
    for table in db.metadata.sorted_tables:
        rows = sorted(repr(tuple(row)) for row in db.session.execute(select(table)))
        digest.update(f"{table.name}:{len(rows)}:{''.join(rows)}".encode())
    db.session.rollback()
    return digest.hexdigest()


class SignedInWorld:
    """The app, the world, one signed-in client per role, and a way back to the world as built."""

    def __init__(self, app, folder):
        self.app, self.folder = app, folder
        self.dirty = False
        self._build()

    def _build(self) -> None:
        self.world = build()
        self.clients = {role: self.app.test_client() for role in ROLES}
        for role, user in self.world.users.items():
            sign_in(self.clients[role], user)
        self.tokens = {role: csrf_from(client.get("/vi/account/login").get_data(as_text=True))
                       for role, client in self.clients.items()}
        self.cookies = {role: dict(client._cookies) for role, client in self.clients.items()}
        db.session.remove()
        if not PG_URL:
            db.engine.dispose()
            shutil.copyfile(self.folder / "test.sqlite3", self.folder / "pristine.sqlite3")
            for name in FOLDERS:
                shutil.rmtree(self.folder / f"pristine-{name}", ignore_errors=True)
                if (self.folder / name).exists():
                    shutil.copytree(self.folder / name, self.folder / f"pristine-{name}")

    def reset_cookies(self) -> None:
        for role, client in self.clients.items():
            client._cookies = dict(self.cookies[role])

    def restore(self) -> None:
        """Back to the world as built, when a request may have changed it."""
        if not self.dirty:
            self.reset_cookies()
            return
        db.session.remove()
        if PG_URL:
            _truncate_all()
            self._build()
        else:
            db.engine.dispose()
            shutil.copyfile(self.folder / "pristine.sqlite3", self.folder / "test.sqlite3")
            for name in FOLDERS:
                shutil.rmtree(self.folder / name, ignore_errors=True)
                if (self.folder / f"pristine-{name}").exists():
                    shutil.copytree(self.folder / f"pristine-{name}", self.folder / name)
            self.reset_cookies()
        self.dirty = False


@contextmanager
def signed_in_world(schema_template, folder: Path):
    """An app on its own database holding the world, with a signed-in client per role."""
    if not PG_URL:
        shutil.copyfile(schema_template, folder / "test.sqlite3")
    config = TestConfig(PG_URL or f"sqlite:///{folder / 'test.sqlite3'}", folder)
    config.COD_MAX_OPEN_ORDERS_PER_PHONE = 20  # the factories place every order from one phone number
    app = create_app(config)
    app.test_client_class = FreshContextClient
    with app.app_context():
        if PG_URL:
            _truncate_all()
        (folder / "uploads").mkdir(exist_ok=True)
        yield SignedInWorld(app, folder)
        db.session.remove()
        db.engine.dispose()
