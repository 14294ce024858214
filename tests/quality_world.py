"""The world the page-quality crawl walks (tests/page_crawl.py): a bit of everything, and who visits.

Producer A's portal world (tests/portal_world.py: products, a draft, an archived one, changes
waiting, a certificate, parcels, bookings, members…) plus the variety below, and one Visit per
kind of visitor: anonymous, a customer with a cart and checkout details, a pending applicant,
producer members (approved and suspended), the office on the back office and on its account
pages, an office account between its password and its code, and one without two-step sign-in.
"""
from __future__ import annotations

from dataclasses import dataclass

from flask import current_app

from ocop_shop import audit
from ocop_shop.accounts import tokens
from ocop_shop.accounts.models import User
from ocop_shop.catalog.models import Product
from ocop_shop.extensions import db
from ocop_shop.orders import services as order_services
from ocop_shop.producers.members import invite_member
from ocop_shop.producers.models import ProducerPhoto

from .factories import Factories, a_day
from .portal_world import build_world

PASSWORD = "correct horse battery"


@dataclass
class Visit:
    """One crawl: who (a label), the area, the signed-in user (None: nobody) and how they signed in
    ("full", or "password": the password step only), where it starts, what is in their cart."""
    who: str
    area: str
    user: User | None
    starts: list[str]
    sign_in: str = "full"
    cart_product: Product | None = None


def build_quality_world() -> list[Visit]:
    """Builds and commits the world; returns the crawls to make. Start pages may answer with an
    error on purpose (a missing product, the portal refusing someone)."""
    world = build_world()
    extra = _add_variety(world)
    links = _account_links(world.users["customer"])
    db.session.commit()
    users = world.users
    admin_start = "/{lang}/admin/" if "admin.home" in current_app.view_functions else "/{lang}/admin/payments/transfers"
    booking = extra["booking"]
    return [
        Visit("anonymous", "storefront", None,
              ["/{lang}/", "/{lang}/account/login", "/{lang}/account/register", "/{lang}/producer/join",
               "/{lang}/search?q=mi%E1%BA%BFn", "/{lang}/products/khong-co-san-pham-nay", "/{lang}/age-declaration",
               f"/{{lang}}/producer/join/invite/{extra['invitation_token']}", *links]),
        Visit("customer", "storefront", users["customer"],
              ["/{lang}/", "/{lang}/account/", "/{lang}/account/orders", "/{lang}/cart", "/{lang}/checkout",
               "/{lang}/checkout/review", "/{lang}/producer/", f"/{{lang}}/bookings/{booking.id}",
               f"/{{lang}}/bookings/{booking.id}/cancel"],
              cart_product=db.session.get(Product, world.a_product_id)),
        Visit("applicant", "storefront", users["pending"], ["/{lang}/producer/join/status", "/{lang}/producer/"]),
        Visit("producer", "portal", users["producer_a"], ["/{lang}/producer/"]),
        Visit("suspended producer", "portal", extra["suspended_member"],
              ["/{lang}/producer/orders", "/{lang}/producer/"]),
        Visit("office", "admin", users["admin"], [admin_start]),
        Visit("office on the shop", "storefront", users["admin"],
              ["/{lang}/account/", "/{lang}/account/two-factor/reset", "/{lang}/account/confirm-password",
               "/{lang}/producer/"]),
        Visit("office at the code step", "storefront", users["admin"], ["/{lang}/account/two-factor"],
              sign_in="password"),
        Visit("office without two-step", "storefront", extra["new_admin"],
              ["/{lang}/account/two-factor/setup", "/{lang}/admin/"], sign_in="password"),
    ]


def _add_variety(world) -> dict:
    """A product waiting for review, one sent back, a certified liquor with two photos, a second
    story photo, a customer's order and booking, a producer application, a suspended producer
    with an order, a certificate expiring within 30 days, a revoked one, a paid order, an audit
    row, an invitation and a second office account."""
    f = Factories()
    customer = world.users["customer"]
    f.product(producer=world.a, name="Trà giảo cổ lam A", status="pending_review")
    f.product(producer=world.a, name="Mật ong A", status="draft", review_note="Ảnh chưa rõ nhãn.")
    liquor = f.product(producer=world.a, name="Rượu ngô A", category="ruou", abv=40, stars=3)
    f.product_image(liquor)
    f.product_image(liquor, colour=(150, 90, 40))
    db.session.add(ProducerPhoto(producer_id=world.a.id, key="e" * 32, width=800, height=600, alt={}, position=2))
    f.order((liquor, 1), payment_method="bank_transfer", user=customer)
    booking = f.booking(db.session.get(Product, world.extra["stay"]), user=customer)
    f.producer(name="HTX Mới nộp đơn", status="pending")
    suspended = f.producer(name="HTX Tạm dừng C")
    f.order((f.product(producer=suspended, name="Chè đắng C"), 1), payment_method="cod")
    suspended.status, suspended.status_reason = "suspended", "Hồ sơ an toàn thực phẩm hết hạn."
    honey = f.product(producer=world.b, name="Mật ong bạc hà B", status="published")
    f.certification(honey, stars=4, issued_on=a_day(-1070), expires_on=a_day(20))
    f.certification(f.product(producer=world.b, name="Hồng vành khuyên B"), stars=3, revoked=True)
    paid = f.order((honey, 2), payment_method="bank_transfer", user=customer)
    order_services.set_payment_status(paid, "paid")
    _fairs_and_producer_campaign(world, f)
    f.campaign(honey, percent=15, slug="khuyen-mai-mat-ong")  # running, office-funded: the home page links it
    audit.record(world.users["admin"], "producer.approve", world.b, changes={"status": ["pending", "approved"]})
    _plan_periods()
    _invitation, token = invite_member(world.a, db.session.get(User, world.a_user_id), "Lò Thị Mai", "0966000222", None)
    return {"booking": booking, "suspended_member": f.user(role="producer", producer=suspended, name="Chủ C"),
            "invitation_token": token, "new_admin": f.user(role="admin", name="Cán bộ mới")}


def _plan_periods() -> None:
    """The plan dashboard's two states: the ended 2021–2025 plan (final figures) and a current period."""
    from ocop_shop.promotions.models import PlanTargetSet
    from ocop_shop.seed.plan import TARGETS, seed_plan

    seed_plan()
    db.session.add(PlanTargetSet(name="Kế hoạch thử (kỳ hiện tại)", period_start=a_day(-300), period_end=a_day(1000),
                                 targets=dict(TARGETS)))


def _account_links(user: User) -> list[str]:
    """The pages behind the links the shop emails: verify the address, reset the password, confirm
    a new address (opening them changes nothing; only their form does)."""
    return [f"/{{lang}}/account/verify/{tokens.issue(user, 'verify_email')}",
            f"/{{lang}}/account/password/reset/{tokens.issue(user, 'reset_password')}",
            f"/{{lang}}/account/email/confirm/{tokens.issue(user, 'change_email', new_email='moi@test.example')}"]


def _fairs_and_producer_campaign(world, f) -> None:
    """An upcoming and a past fair with producer A at a booth, and a campaign A is asked to fund."""
    product = db.session.get(Product, world.a_product_id)
    f.fair((world.a, "A01", [product]), (world.b, "A02", []), name="Hội chợ OCOP sắp tới")
    f.fair((world.a, "B07", [product]), starts_in=-90, name="Hội chợ OCOP đã qua")
    f.campaign(product, percent=10, funded_by="producer")
