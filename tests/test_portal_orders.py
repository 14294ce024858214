"""Parcels in the portal: only this producer's; accept, ship, deliver, record cash; the customer
is emailed at each step and sees the change on their order page."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from ocop_shop.extensions import db
from ocop_shop.mail import OutboxEmail
from ocop_shop.orders.models import Fulfilment, Order
from ocop_shop.orders.queries import guest_path
from ocop_shop.producers import services as producers

from .conftest import post_form


@pytest.fixture
def shop(factories, make_user, login_as):
    """Producer A signed in; one cash-on-delivery order with a parcel from A and one from B."""
    a = factories.producer(name="HTX Hạt dẻ A")
    b = factories.producer(name="HTX Miến B")
    chestnuts = factories.product(producer=a, name="Hạt dẻ Trùng Khánh", price=150_000)
    noodles = factories.product(producer=b, name="Miến dong Phja Đén", price=60_000)
    order = factories.order((chestnuts, 2), (noodles, 1), payment_method="cod")
    user = make_user(role="producer", producer=a)
    db.session.commit()
    login_as(user)
    parcels = {p.producer_id: p for p in db.session.scalars(select(Fulfilment).where(Fulfilment.order_id == order.id))}
    return {"a": a, "b": b, "order": order, "mine": parcels[a.id], "theirs": parcels[b.id]}


def _parcel(parcel_id) -> Fulfilment:
    db.session.expire_all()
    return db.session.get(Fulfilment, parcel_id)


def _emails(kind) -> list[OutboxEmail]:
    db.session.expire_all()
    return list(db.session.scalars(select(OutboxEmail).where(OutboxEmail.kind == kind)))


def test_only_this_producers_parcel_and_lines_are_shown(client, shop):
    listing = client.get("/vi/producer/orders").get_data(as_text=True)
    assert shop["order"].number in listing
    page = client.get(f"/vi/producer/orders/{shop['mine'].id}").get_data(as_text=True)
    assert "Hạt dẻ Trùng Khánh" in page and "Miến dong Phja Đén" not in page
    assert "300.000" in page  # 2 × 150.000
    assert client.get(f"/vi/producer/orders/{shop['theirs'].id}").status_code == 404
    assert post_form(client, "/vi/producer/orders", {}, post_url=f"/vi/producer/orders/{shop['theirs'].id}/accept").status_code == 404
    assert _parcel(shop["theirs"].id).status == "pending"


def test_accept_ship_deliver_and_cash_update_the_order_the_customer_sees(client, shop, app):
    mine, order = shop["mine"], shop["order"]
    base = f"/vi/producer/orders/{mine.id}"
    done = post_form(client, base, {}, post_url=f"{base}/accept", follow_redirects=True)
    assert "Đã nhận đơn" in done.get_data(as_text=True)
    assert _parcel(mine.id).status == "accepted"
    [accepted] = _emails("parcel_accepted")
    assert accepted.to == order.email and "đang chuẩn bị" in accepted.text

    refused = post_form(client, base, {"carrier": "", "tracking_number": ""}, post_url=f"{base}/ship")
    assert refused.status_code == 400 and "Vui lòng ghi tên đơn vị vận chuyển." in refused.get_data(as_text=True)
    done = post_form(client, base, {"carrier": "Viettel Post", "tracking_number": "VTP 0012 3456"},
                     post_url=f"{base}/ship", follow_redirects=True)
    assert "VTP 0012 3456" in done.get_data(as_text=True)
    assert _parcel(mine.id).status == "shipped" and _parcel(mine.id).tracking_number == "VTP 0012 3456"
    assert len(_emails("order_shipped")) == 1

    customer = app.test_client()
    order_page = customer.get(guest_path(db.session.get(Order, order.id), "vi")).get_data(as_text=True)
    assert "VTP 0012 3456" in order_page and "Viettel Post" in order_page

    post_form(client, base, {}, post_url=f"{base}/deliver")
    assert _parcel(mine.id).status == "delivered"
    assert len(_emails("parcel_delivered")) == 1

    wrong = post_form(client, base, {"amount": "1.000"}, post_url=f"{base}/cash")
    assert wrong.status_code == 400 and 'id="amount-error"' in wrong.get_data(as_text=True)
    assert _parcel(mine.id).cash_collected is None
    due = _parcel(mine.id).amount_due
    done = post_form(client, base, {"amount": f"{due:,}".replace(",", ".")}, post_url=f"{base}/cash",
                     follow_redirects=True)
    assert "Đã ghi nhận" in done.get_data(as_text=True)
    assert _parcel(mine.id).cash_collected == due
    assert len(_emails("parcel_cash")) == 1
    order_page = customer.get(guest_path(db.session.get(Order, order.id), "vi")).get_data(as_text=True)
    assert "Đã giao" in order_page


def test_a_prepaid_order_cannot_ship_before_payment(client, factories, make_user, login_as):
    producer = factories.producer()
    product = factories.product(producer=producer, name="Mật ong")
    order = factories.order((product, 1), payment_method="bank_transfer")
    login_as(make_user(role="producer", producer=producer))
    parcel = db.session.scalar(select(Fulfilment).where(Fulfilment.order_id == order.id))
    base = f"/vi/producer/orders/{parcel.id}"
    post_form(client, base, {}, post_url=f"{base}/accept")
    page = client.get(base).get_data(as_text=True)
    assert "chưa được thanh toán" in page and 'name="tracking_number"' not in page
    done = post_form(client, base, {"carrier": "GHN", "tracking_number": "X1"}, post_url=f"{base}/ship",
                     follow_redirects=True)
    assert "chưa được thanh toán" in done.get_data(as_text=True)
    assert _parcel(parcel.id).status == "accepted"


def test_accepting_twice_is_refused_plainly(client, shop):
    base = f"/en/producer/orders/{shop['mine'].id}"
    post_form(client, base, {}, post_url=f"{base}/accept")
    again = post_form(client, base, {}, post_url=f"{base}/accept", follow_redirects=True)
    assert again.status_code == 200 and "cannot be marked that way" in again.get_data(as_text=True)
    assert len(_emails("parcel_accepted")) == 1


def test_suspended_producer_can_still_fulfil_open_parcels_only(client, shop):
    producers.suspend(db.session.get(type(shop["a"]), shop["a"].id), "Hồ sơ cần bổ sung")
    db.session.commit()
    assert client.get("/vi/producer/").status_code == 403
    assert client.get("/vi/producer/products").status_code == 403
    listing = client.get("/vi/producer/orders")
    assert listing.status_code == 200 and shop["order"].number in listing.get_data(as_text=True)
    base = f"/vi/producer/orders/{shop['mine'].id}"
    assert post_form(client, base, {}, post_url=f"{base}/accept").status_code == 302
    assert _parcel(shop["mine"].id).status == "accepted"


def test_dashboard_links_to_new_orders(client, shop):
    html = client.get("/vi/producer/").get_data(as_text=True)
    assert "/vi/producer/orders?show=pending" in html and "1 đơn hàng mới cần nhận" in html
