"""A producer declines its parcel with a reason: units back on sale, the buyer told why (page and email),
a fully declined order cancelled, a paid one refunded; one conditional UPDATE decides."""
from __future__ import annotations

import pytest
from sqlalchemy import func, select, update

from ocop_shop.catalog.models import Product
from ocop_shop.extensions import db
from ocop_shop.mail import OutboxEmail
from ocop_shop.orders import fulfilment
from ocop_shop.orders.models import Fulfilment, Order
from ocop_shop.orders.queries import guest_path
from ocop_shop.orders.services import OrderError
from ocop_shop.payments import declines
from ocop_shop.payments import services as payments
from ocop_shop.payments.models import RefundRequest

from .conftest import post_form

REASON = "Mẻ hạt dẻ cuối không đạt kiểm tra chất lượng của chúng tôi."


@pytest.fixture
def shop(factories, make_user, login_as):
    """Producer A signed in; a cash-on-delivery order with a parcel from A (2 units) and one from B."""
    a = factories.producer(name="HTX Hạt dẻ A")
    b = factories.producer(name="HTX Miến B")
    chestnuts = factories.product(producer=a, name="Hạt dẻ Trùng Khánh", price=150_000, stock=10)
    noodles = factories.product(producer=b, name="Miến dong Phja Đén", price=60_000, stock=10)
    order = factories.order((chestnuts, 2), (noodles, 1), payment_method="cod")
    user = make_user(role="producer", producer=a)
    db.session.commit()
    login_as(user)
    parcels = {p.producer_id: p for p in db.session.scalars(select(Fulfilment).where(Fulfilment.order_id == order.id))}
    return {"a": a, "b": b, "order": order, "mine": parcels[a.id], "theirs": parcels[b.id],
            "chestnuts": chestnuts, "noodles": noodles}


def _stock(product) -> int:
    db.session.expire_all()
    return db.session.scalar(select(Product.stock).where(Product.id == product.id))


def _decline(client, parcel, reason=REASON, lang="vi", **kwargs):
    base = f"/{lang}/producer/orders/{parcel.id}"
    return post_form(client, base, {"reason": reason}, post_url=f"{base}/decline", **kwargs)


def test_declining_returns_the_units_and_tells_the_buyer_why(client, shop):
    mine, order = shop["mine"], shop["order"]
    page = client.get(f"/vi/producer/orders/{mine.id}").text
    assert "Không gửi được?" in page and "Từ chối kiện hàng" in page
    done = _decline(client, mine, follow_redirects=True)
    assert "Đã từ chối kiện hàng" in done.text
    db.session.expire_all()
    parcel = db.session.get(Fulfilment, mine.id)
    assert (parcel.status, parcel.cancel_reason, parcel.cancel_note) == ("cancelled", "declined", REASON)
    assert _stock(shop["chestnuts"]) == 10 and _stock(shop["noodles"]) == 9
    assert db.session.get(Order, order.id).status == "placed"  # B's parcel still goes
    [email] = db.session.scalars(select(OutboxEmail).where(OutboxEmail.kind == "parcel_dropped")).all()
    assert email.to == order.email and REASON in email.text and "HTX Hạt dẻ A" in email.text
    assert "không bị ảnh hưởng" in email.text
    buyer_page = client.get(guest_path(order, "vi")).text
    assert "Cơ sở không gửi được kiện hàng này: " + REASON in buyer_page
    # A second click changes nothing more.
    again = _decline(client, mine, follow_redirects=True)
    assert "đã được gửi đi hoặc đã bị hủy" in again.text
    assert _stock(shop["chestnuts"]) == 10


def test_the_last_parcel_declined_cancels_the_order(client, shop):
    fulfilment.accept(shop["theirs"])
    db.session.commit()
    declines.decline(db.session.get(Fulfilment, shop["theirs"].id), "Hết hàng miến dong.")
    db.session.commit()
    _decline(client, shop["mine"])
    db.session.expire_all()
    order = db.session.get(Order, shop["order"].id)
    assert (order.status, order.cancel_reason, order.payment_status) == ("cancelled", "declined", "expired")
    assert _stock(shop["chestnuts"]) == 10 and _stock(shop["noodles"]) == 10
    last = db.session.scalars(select(OutboxEmail).where(OutboxEmail.kind == "parcel_dropped")
                              .order_by(OutboxEmail.id.desc())).first()
    assert "đơn hàng đã bị hủy" in last.text


def test_a_reason_is_required_and_nothing_changes_without_it(client, shop):
    response = _decline(client, shop["mine"], reason="   ")
    assert response.status_code == 400
    assert "Vui lòng cho khách biết lý do" in response.text
    assert db.session.get(Fulfilment, shop["mine"].id).status == "pending"
    assert _stock(shop["chestnuts"]) == 8


def test_another_producers_parcel_is_404_and_untouched(client, shop):
    assert _decline(client, shop["theirs"]).status_code == 404
    db.session.expire_all()
    assert db.session.get(Fulfilment, shop["theirs"].id).status == "pending"


def test_a_shipped_parcel_cannot_be_declined(client, shop):
    fulfilment.accept(shop["mine"])
    fulfilment.ship(db.session.get(Fulfilment, shop["mine"].id), "Viettel Post", "VTP123")
    db.session.commit()
    page = client.get(f"/vi/producer/orders/{shop['mine'].id}").text
    assert "Từ chối kiện hàng" not in page
    refused = _decline(client, shop["mine"], follow_redirects=True)
    assert "đã được gửi đi hoặc đã bị hủy" in refused.text
    assert _stock(shop["chestnuts"]) == 8


def test_a_paid_order_declined_is_refunded_as_other_cancellations(client, factories, make_user, login_as):
    producer = factories.producer(name="HTX Mật ong")
    honey = factories.product(producer=producer, name="Mật ong bạc hà", price=250_000, stock=5)
    order = factories.order((honey, 2), payment_method="bank_transfer", locale="en")
    payments.confirm_transfer(order, order.total, "FT-DECLINE-1")
    login_as(make_user(role="producer", producer=producer))
    parcel = db.session.scalars(select(Fulfilment).where(Fulfilment.order_id == order.id)).one()
    done = _decline(client, parcel, reason="The last harvest spoiled.", lang="en", follow_redirects=True)
    assert "The office will refund" in done.text
    db.session.expire_all()
    order = db.session.get(Order, order.id)
    assert (order.status, order.payment_status) == ("cancelled", "paid")
    refund = db.session.scalars(select(RefundRequest).where(RefundRequest.order_id == order.id)).one()
    assert (refund.amount, refund.reason) == (order.total, "cancelled")
    email = db.session.scalars(select(OutboxEmail).where(OutboxEmail.kind == "parcel_dropped")).one()
    assert email.subject.startswith("A parcel of your order") and "The last harvest spoiled." in email.text
    assert "We will refund" in email.text
    assert _stock(honey) == 5


def test_a_decline_after_the_buyer_cancelled_changes_nothing(shop):
    """The producer's page was loaded before the buyer cancelled: the parcel's UPDATE finds it cancelled."""
    mine = shop["mine"]
    payments.cancel_order(shop["order"], "customer")
    db.session.commit()
    assert _stock(shop["chestnuts"]) == 10
    with pytest.raises(OrderError):
        declines.decline(mine, REASON)
    db.session.rollback()
    assert _stock(shop["chestnuts"]) == 10


def test_the_buyer_cancelling_after_a_decline_returns_only_the_other_parcels_units(shop):
    declines.decline(shop["mine"], REASON)
    db.session.commit()
    payments.cancel_order(db.session.get(Order, shop["order"].id), "customer")
    db.session.commit()
    assert _stock(shop["chestnuts"]) == 10 and _stock(shop["noodles"]) == 10  # not 12


def test_a_stale_parcel_object_cannot_decline_twice(shop):
    """Two decline requests at once: the second's conditional UPDATE matches no row."""
    mine = shop["mine"]
    db.session.execute(update(Fulfilment).where(Fulfilment.id == mine.id).values(status="cancelled")
                       .execution_options(synchronize_session=False))
    assert mine.status == "pending"  # stale in this session
    with pytest.raises(OrderError):
        declines.decline(mine, REASON)
    db.session.rollback()
    assert _stock(shop["chestnuts"]) == 8
    assert db.session.scalar(select(func.count(OutboxEmail.id)).where(OutboxEmail.kind == "parcel_dropped")) == 0
