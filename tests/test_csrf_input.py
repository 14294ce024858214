"""A CSRF failure keeps what was typed (DESIGN §7), changes nothing, and the form can be sent again."""
from __future__ import annotations

import os
from io import BytesIO

from PIL import Image
from sqlalchemy import func, select

from ocop_shop.accounts.models import User
from ocop_shop.catalog.models import Product
from ocop_shop.csrf import KEEPS_INPUT
from ocop_shop.extensions import csrf, db
from ocop_shop.orders.models import Fulfilment
from ocop_shop.producers.models import MemberInvitation, Producer

from .conftest import csrf_from, post_form
from .test_checkout import FORM as ADDRESS
from .test_portal_joining import APPLICATION
from .test_portal_products import FORM as PRODUCT
from .test_portal_products import member  # noqa: F401  (a signed-in producer member)

NOTICE = "Biểu mẫu đã hết hạn nên chưa có gì được gửi đi"

# Every view that checks CSRF through its own form instead of the global check. Each one does all
# of its writing inside `form.validate_on_submit()`; review the view before adding it here.
EXPECTED_KEEPS_INPUT = {
    "ocop_shop.accounts.views.login", "ocop_shop.accounts.views.register",
    "ocop_shop.checkout.views.details", "ocop_shop.catalog.views.declare_age",
    "ocop_shop.portal.joining.apply", "ocop_shop.portal.joining.invitation",
    "ocop_shop.portal.views.products.product_new", "ocop_shop.portal.views.products.product_edit",
    "ocop_shop.portal.views.story.story_save", "ocop_shop.portal.views.story.profile",
    "ocop_shop.portal.views.members.invite",
    "ocop_shop.portal.views.orders.order_ship", "ocop_shop.portal.views.orders.order_cash",
    "ocop_shop.portal.views.orders.order_decline",
    "ocop_shop.tourism.views.book", "ocop_shop.portal.views.bookings.booking_accept",
    "ocop_shop.portal.views.bookings.booking_decline", "ocop_shop.portal.views.bookings.product_experience",
    "ocop_shop.admin.views.transfers.transfers",
    "ocop_shop.admin.views.orders.order_cancel", "ocop_shop.admin.views.orders.order_transfer",
    "ocop_shop.admin.views.review.review_send_back", "ocop_shop.admin.views.review.review_reject",
    "ocop_shop.admin.views.refunds.refund_new", "ocop_shop.admin.views.shipping.shipping_zone",
    "ocop_shop.admin.views.bookings.booking_cancel",
    "ocop_shop.admin.views.producers.producer_edit", "ocop_shop.admin.views.producers.producer_licence",
    "ocop_shop.admin.views.producers.producer_reject", "ocop_shop.admin.views.producers.producer_suspend",
    "ocop_shop.admin.views.certificates.certificate_new", "ocop_shop.admin.views.certificates.certificate_renew",
    "ocop_shop.admin.views.campaigns.campaign_new", "ocop_shop.admin.views.campaigns.campaign_edit",
    "ocop_shop.admin.views.fairs.fair_new", "ocop_shop.admin.views.fairs.fair",
    "ocop_shop.admin.views.fairs.fair_participant_new", "ocop_shop.admin.views.fairs.fair_participant",
    "ocop_shop.admin.views.plan.plan_create", "ocop_shop.admin.views.plan.plan_update",
}
# Views with no CSRF token at all: the Stripe webhook (signed) and the anonymous view counter.
EXPECTED_NO_TOKEN = {"ocop_shop.payments.views.stripe_webhook", "ocop_shop.portal.beacon.product_view"}


def stale_post(client, page_url: str, data: dict, post_url: str | None = None, **kwargs):
    """Open the form, lose the session's CSRF secret (an expired session, a sign-in in another tab), send."""
    token = csrf_from(client.get(page_url).get_data(as_text=True))
    with client.session_transaction() as session:
        session.pop("csrf_token", None)
    response = client.post(post_url or page_url, data={"csrf_token": token, **data}, **kwargs)
    assert response.status_code == 400
    return response


def count(model) -> int:
    db.session.expire_all()
    return db.session.scalar(select(func.count()).select_from(model))


def test_only_reviewed_views_skip_the_global_csrf_check(app):
    assert KEEPS_INPUT == EXPECTED_KEEPS_INPUT
    assert set(csrf._exempt_views) == EXPECTED_KEEPS_INPUT | EXPECTED_NO_TOKEN
    assert not csrf._exempt_blueprints


def test_register_keeps_the_typed_name_and_email_and_works_when_sent_again(client):
    data = {"name": "Lương Thị Mai", "email": "mai@test.example", "password": "mat-khau-dai-1", "confirm": "mat-khau-dai-1"}
    response = stale_post(client, "/vi/account/register", data)
    page = response.get_data(as_text=True)
    assert NOTICE in page and 'value="Lương Thị Mai"' in page and 'value="mai@test.example"' in page
    assert "mat-khau-dai-1" not in page  # passwords are never written back
    assert count(User) == 0
    again = client.post("/vi/account/register", data={"csrf_token": csrf_from(page), **data})
    assert again.status_code == 302 and count(User) == 1


def test_login_keeps_the_login_and_signs_nobody_in(client, make_user):
    make_user(email="lan@test.example", password="correct horse battery")
    db.session.commit()
    response = stale_post(client, "/en/account/login", {"login": "lan@test.example", "password": "correct horse battery"})
    page = response.get_data(as_text=True)
    assert "This form had expired" in page and 'value="lan@test.example"' in page
    assert client.get("/en/account/orders").status_code == 302  # still signed out


def test_checkout_address_is_kept_and_nothing_is_saved(client, make_product, factories):
    factories.shipping_rules()
    product = make_product(stock=5)
    db.session.commit()
    post_form(client, "/vi/account/login", {"product_id": product.id, "quantity": "1"}, post_url="/vi/cart/add")
    response = stale_post(client, "/vi/checkout", {**ADDRESS, "street": "Số 8 phố Kim Đồng"})
    page = response.get_data(as_text=True)
    assert NOTICE in page and 'value="Số 8 phố Kim Đồng"' in page and 'value="Nguyễn Thị Lan"' in page
    assert client.get("/vi/checkout/review").status_code == 302  # the details were not saved


def test_age_declaration_keeps_the_name_and_sets_no_flag(client, factories):
    liquor = factories.product(name="Rượu ngô Thử", category="ruou", abv=40)
    db.session.commit()
    url = f"/vi/age-declaration?next=/vi/products/{liquor.slug}"
    page = stale_post(client, url, {"name": "Hoàng Văn Nam", "age": "30"}).get_data(as_text=True)
    assert NOTICE in page and 'value="Hoàng Văn Nam"' in page
    with client.session_transaction() as session:
        assert not any("age" in key for key in session)


def test_producer_application_keeps_every_field_and_creates_nothing(client):
    page = stale_post(client, "/vi/producer/join", APPLICATION).get_data(as_text=True)
    assert NOTICE in page
    for value in ("Nông Thị Hoa", "HTX Miến dong Phja Đén", "Xóm Phja Đén", "4800123456", "Nùng"):
        assert f'value="{value}"' in page
    assert count(Producer) == 0 and count(User) == 0


def _jpeg() -> BytesIO:
    buffer = BytesIO()
    Image.new("RGB", (800, 600), (120, 60, 30)).save(buffer, "JPEG")
    buffer.seek(0)
    return buffer


def _stored_files(app) -> list[str]:
    return [name for _, _, names in os.walk(app.config["UPLOAD_DIR"]) for name in names]


def test_new_product_keeps_the_text_stores_no_upload_and_saves_when_sent_again(app, client, member, factories):
    data = {**PRODUCT, "category_id": str(factories.category("mien-bun").id)}
    db.session.commit()
    response = stale_post(client, "/vi/producer/products/new", {**data, "photo": (_jpeg(), "mien.jpg")},
                          content_type="multipart/form-data")
    page = response.get_data(as_text=True)
    assert NOTICE in page and 'value="Miến dong Phja Đén"' in page and "Miến dong làm thủ công." in page
    assert count(Product) == 0 and _stored_files(app) == []
    again = client.post("/vi/producer/products/new", data={"csrf_token": csrf_from(page), **data})
    assert again.status_code == 302 and count(Product) == 1


def test_product_edit_keeps_the_typed_text_and_changes_nothing(client, member, factories):
    product = factories.product(producer=db.session.get(Producer, member.producer_id), name="Miến dong Phja Đén")
    db.session.commit()
    url = f"/vi/producer/products/{product.id}"
    data = {**PRODUCT, "category_id": str(product.category_id), "description_vi": "Mô tả mới rất dài."}
    page = stale_post(client, url, data).get_data(as_text=True)
    assert NOTICE in page and "Mô tả mới rất dài." in page
    db.session.expire_all()
    assert "Mô tả mới" not in str(db.session.get(Product, product.id).content)


def test_story_profile_and_invitation_keep_what_was_typed(client, member):
    story = {"excerpt_vi": "Chúng tôi làm miến.", "story_vi": "Câu chuyện dài của hợp tác xã.", "excerpt_en": "",
             "story_en": "", "action": "save"}
    page = stale_post(client, "/vi/producer/story", story).get_data(as_text=True)
    assert NOTICE in page and "Câu chuyện dài của hợp tác xã." in page
    profile = stale_post(client, "/vi/producer/profile", {"address": "Xóm Nà Pò", "contact_name": "Chị Hoa"})
    assert NOTICE in profile.get_data(as_text=True) and 'value="Xóm Nà Pò"' in profile.get_data(as_text=True)
    invite = stale_post(client, "/vi/producer/members", {"name": "Nông Văn Tú", "phone": "0987 654 321", "email": ""})
    assert NOTICE in invite.get_data(as_text=True) and 'value="Nông Văn Tú"' in invite.get_data(as_text=True)
    db.session.expire_all()
    producer = db.session.get(Producer, member.producer_id)
    assert "Câu chuyện dài" not in str(producer.content) and producer.address != "Xóm Nà Pò"
    assert count(MemberInvitation) == 0


def test_shipping_details_are_kept_and_the_parcel_is_unchanged(client, factories, make_user, login_as):
    producer = factories.producer(name="HTX Hạt dẻ A")
    order = factories.order((factories.product(producer=producer, name="Hạt dẻ"), 1), payment_method="cod")
    db.session.commit()
    login_as(make_user(role="producer", producer=producer))
    parcel = db.session.scalar(select(Fulfilment).where(Fulfilment.order_id == order.id))
    url = f"/vi/producer/orders/{parcel.id}"
    post_form(client, url, {}, post_url=f"{url}/accept")
    page = stale_post(client, url, {"carrier": "Viettel Post", "tracking_number": "VTP123456789"},
                      post_url=f"{url}/ship").get_data(as_text=True)
    assert NOTICE in page and 'value="VTP123456789"' in page
    db.session.expire_all()
    assert db.session.get(Fulfilment, parcel.id).status == "accepted"


def test_forms_without_typing_still_get_the_plain_error_page(client, member, factories):
    product = factories.product(producer=db.session.get(Producer, member.producer_id), price=50_000)
    db.session.commit()
    url = f"/vi/producer/products/{product.id}"
    response = stale_post(client, url, {"price": "1", "stock": "1"}, post_url=f"{url}/price-stock")
    assert response.status_code == 400 and "Phiên làm việc đã hết hạn" in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Product, product.id).price == 50_000


def test_a_booking_request_is_kept_and_not_sent(client, factories):
    from ocop_shop.tourism.experiences import BookingRequest

    from .test_bookings import _form

    experience = factories.experience(max_party=6)
    product = db.session.get(Product, experience.product_id)
    db.session.commit()
    page = stale_post(client, f"/en/products/{product.slug}", _form(message="We arrive by the 7 o'clock bus."),
                      post_url=f"/en/products/{product.slug}/booking").get_data(as_text=True)
    assert "This form had expired" in page and "We arrive by the 7 o&#39;clock bus." in page
    assert 'value="Emma Traveller"' in page
    assert count(BookingRequest) == 0


def test_a_hosts_answer_to_a_booking_is_kept_and_not_sent(client, login_as, factories):
    from ocop_shop.tourism.experiences import BookingRequest

    experience = factories.experience(max_party=8)
    product = db.session.get(Product, experience.product_id)
    member = factories.user(role="producer", producer=db.session.get(Producer, product.producer_id))
    booking = factories.booking(product, locale="en", email="guest@test.example")
    db.session.commit()
    login_as(member)
    url = f"/vi/producer/bookings/{booking.id}/decline"
    page = stale_post(client, url, {"reply": "Tháng đó nhà đã kín phòng, mong anh chị thông cảm."}).get_data(as_text=True)
    assert NOTICE in page and "Tháng đó nhà đã kín phòng" in page
    db.session.expire_all()
    assert db.session.get(BookingRequest, booking.id).status == "new"


def test_the_offices_transfer_confirmation_is_kept_and_not_recorded(client, login_as, factories):
    from ocop_shop.payments.models import Payment

    order = factories.order((factories.product(price=150_000), 1), payment_method="bank_transfer")
    db.session.commit()
    login_as("admin")
    data = {"number": order.number, "amount": "150.000", "reference": "FT2611290001"}
    page = stale_post(client, "/vi/admin/payments/transfers", data).get_data(as_text=True)
    assert NOTICE in page and 'value="FT2611290001"' in page and f'value="{order.number}"' in page
    db.session.expire_all()
    assert db.session.scalar(select(func.count()).select_from(Payment).where(Payment.status == "succeeded")) == 0


def test_the_offices_campaign_fair_and_plan_forms_keep_what_was_typed(client, login_as, factories):
    from ocop_shop.promotions.models import Campaign, PlanTargetSet, TradeFair

    from .admin_cases.fairs import fair_data
    from .test_admin_campaigns import form as campaign_form

    product = factories.product(name="Hạt dẻ Trùng Khánh")
    db.session.commit()
    login_as("admin")
    campaign = campaign_form(product, name_vi="Mùa hạt dẻ gõ tay", discount_value="17")
    page = stale_post(client, "/vi/admin/campaigns/new", campaign).get_data(as_text=True)
    assert NOTICE in page and 'value="Mùa hạt dẻ gõ tay"' in page and 'value="17"' in page
    fair = fair_data(name_vi="Hội chợ gõ tay")
    page = stale_post(client, "/vi/admin/fairs/new", fair).get_data(as_text=True)
    assert NOTICE in page and 'value="Hội chợ gõ tay"' in page
    plan = {"name": "Kế hoạch gõ tay", "period_start": "2026-06-01", "period_end": "2030-12-31",
            "target_certified_products": "321"}
    page = stale_post(client, "/vi/admin/plan/new", plan, post_url="/vi/admin/plan/new").get_data(as_text=True)
    assert NOTICE in page and 'value="Kế hoạch gõ tay"' in page and 'value="321"' in page
    assert count(Campaign) == 0 and count(TradeFair) == 0 and count(PlanTargetSet) == 0
    # Sent again with the fresh token the page carries, the campaign is saved.
    again = client.post("/vi/admin/campaigns/new", data={"csrf_token": csrf_from(
        stale_post(client, "/vi/admin/campaigns/new", campaign).get_data(as_text=True)), **campaign})
    assert again.status_code == 302 and count(Campaign) == 1
