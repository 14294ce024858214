"""The dashboard: what needs doing today, the last 30 days (sales, units, approximate views), notifications."""
from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import inspect, select

from ocop_shop.catalog import review
from ocop_shop.catalog import services as catalog
from ocop_shop.catalog.models import ProductDailyView
from ocop_shop.extensions import db
from ocop_shop.mail import OutboxEmail
from ocop_shop.timeutil import local_today


BROWSER = "Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126 Mobile Safari/537.36"


def _beacon(client, product_id, **headers):
    headers = {"User-Agent": BROWSER, "Sec-Fetch-Site": "same-origin", **headers}
    return client.post("/beacon/product-view", data={"p": str(product_id)},
                       headers={k: v for k, v in headers.items() if v is not None})


def _views(product_id) -> int:
    db.session.expire_all()
    return sum(v.views for v in db.session.scalars(select(ProductDailyView).where(ProductDailyView.product_id == product_id)))


def test_the_product_page_carries_the_beacon(client, make_product):
    product = make_product(name="Hạt dẻ")
    db.session.commit()
    html = client.get(f"/vi/products/{product.slug}").get_data(as_text=True)
    assert re.search(r'src="/static/js/beacon\.[0-9a-f]{12}\.js"', html)  # fingerprinted (static_assets.py)
    assert f'data-product="{product.id}" data-url="/beacon/product-view"' in html


def test_views_are_counted_per_product_per_day_without_cookie_or_ip(client, make_product):
    product = make_product()
    db.session.commit()
    for _ in range(3):
        response = _beacon(client, product.id)
        assert response.status_code == 204 and "Set-Cookie" not in response.headers
    assert _views(product.id) == 3
    [row] = db.session.scalars(select(ProductDailyView))
    assert row.day == local_today()
    columns = {c["name"] for c in inspect(db.engine).get_columns("product_daily_views")}
    assert columns == {"id", "product_id", "day", "views"}  # nothing about the visitor


@pytest.mark.parametrize("headers", [
    {"User-Agent": "Googlebot/2.1 (+http://www.google.com/bot.html)"},
    {"User-Agent": "Mozilla/5.0 (X11; Linux x86_64) HeadlessChrome/126.0"},
    {"User-Agent": "curl/8.5"},
    {"User-Agent": ""},
    {"Sec-Fetch-Site": "cross-site"},
    {"Sec-Fetch-Site": None, "Origin": "https://evil.example"},
    {"Sec-Fetch-Site": None},
])
def test_bots_and_other_sites_are_not_counted(client, make_product, headers):
    product = make_product()
    db.session.commit()
    assert _beacon(client, product.id, **headers).status_code == 204
    assert _views(product.id) == 0


def test_same_origin_by_origin_header_is_counted(client, make_product):
    product = make_product()
    db.session.commit()
    _beacon(client, product.id, **{"Sec-Fetch-Site": None, "Origin": "http://localhost"})
    assert _views(product.id) == 1


def test_views_of_products_not_on_sale_or_bad_ids_are_not_counted(client, make_product):
    draft = make_product(status="draft")
    db.session.commit()
    assert _beacon(client, draft.id).status_code == 204
    assert _beacon(client, "abc").status_code == 204
    assert _beacon(client, "99999999999999").status_code == 204
    assert db.session.scalar(select(ProductDailyView)) is None


@pytest.fixture
def member(factories, make_user, login_as):
    producer = factories.producer(name="HTX Hạt dẻ")
    user = make_user(role="producer", producer=producer)
    login_as(user)
    return producer


def test_dashboard_lists_what_needs_doing_today(client, member, factories):
    low = factories.product(producer=member, name="Hạt dẻ rang", stock=2)
    sold_out = factories.product(producer=member, name="Mật ong", stock=0)
    pending = factories.product(producer=member, name="Trà", status="pending_review")
    sent_back = factories.product(producer=member, name="Miến", status="pending_review")
    review.send_back(sent_back, "Thiếu ảnh", None)
    factories.certification(factories.product(producer=member, name="Rượu mận"), stars=4,
                            issued_on=local_today() - timedelta(days=1050), expires_on=local_today() + timedelta(days=45))
    good = factories.product(producer=member, name="Khăn", stock=50)
    factories.order((good, 1))
    db.session.commit()
    html = client.get("/vi/producer/").get_data(as_text=True)
    assert "1 đơn hàng mới cần nhận" in html
    assert "“Hạt dẻ rang”: chỉ còn 2 trong kho" in html
    assert "“Mật ong” đã hết hàng" in html
    assert "“Trà” đang chờ Văn phòng duyệt" in html
    assert "Văn phòng đã trả lại “Miến”" in html
    assert "DEMO-" in html and "hết hạn vào" in html
    assert low.name and sold_out.name and pending.name


def test_dashboard_shows_sales_units_and_views_for_30_days(client, member, factories):
    product = factories.product(producer=member, name="Hạt dẻ", price=120_000, stock=50)
    other = factories.product(producer=member, name="Miến", price=50_000, stock=50)
    factories.order((product, 2), (other, 1))
    db.session.add(ProductDailyView(product_id=product.id, day=local_today(), views=7))
    db.session.add(ProductDailyView(product_id=product.id, day=local_today() - timedelta(days=29), views=3))
    db.session.add(ProductDailyView(product_id=product.id, day=local_today() - timedelta(days=30), views=100))
    db.session.commit()
    html = client.get("/vi/producer/").get_data(as_text=True)
    stats = html.split('id="stats-title"')[1]
    assert "290.000\u00a0₫" in stats  # 2 × 120.000 + 50.000
    assert ">3<" in stats  # units
    assert ">10<" in stats  # views in the last 30 days only


def test_sales_of_another_producer_are_not_counted(client, member, factories):
    elsewhere = factories.product(name="Của người khác", price=300_000, stock=10)
    factories.order((elsewhere, 1))
    db.session.commit()
    stats = client.get("/vi/producer/").get_data(as_text=True).split('id="stats-title"')[1]
    assert "300.000" not in stats and "Của người khác" not in stats


def test_notifications_are_emailed_to_members_with_an_address_in_their_language(app, factories, make_user):
    producer = factories.producer()
    make_user(role="producer", producer=producer, email="chu@test.example")
    english = make_user(role="producer", producer=producer, email="helper@test.example")
    english.locale = "en"
    make_user(role="producer", producer=producer, email="", phone="0912000111")  # no address: dashboard only
    product = factories.product(producer=producer, name="Hạt dẻ", status="pending_review")
    catalog.publish(product)
    db.session.commit()
    emails = {e.to: e for e in db.session.scalars(select(OutboxEmail))}
    assert set(emails) == {"chu@test.example", "helper@test.example"}
    assert "đã được đăng bán" in emails["chu@test.example"].text
    assert "is now public in the shop" in emails["helper@test.example"].text
    assert "http://localhost/en/producer/" in emails["helper@test.example"].text


def test_approval_from_the_command_line_emails_the_applicant(app, factories, make_user):
    producer = factories.producer(status="pending")
    make_user(role="producer", producer=producer, email="moi@test.example")
    db.session.commit()
    result = app.test_cli_runner().invoke(args=["producers", "approve", producer.slug])
    assert result.exit_code == 0, result.output
    db.session.expire_all()
    [email] = db.session.scalars(select(OutboxEmail).where(OutboxEmail.to == "moi@test.example"))
    assert "đã duyệt" in email.text
