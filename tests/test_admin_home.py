"""The office's home: each count equals what its fixtures make, at the edges of its rule, with links."""
from __future__ import annotations

from datetime import timedelta

from sqlalchemy import update

from ocop_shop.admin.workload import workload
from ocop_shop.catalog.models import ProductRevision
from ocop_shop.extensions import db
from ocop_shop.orders.models import Fulfilment, Order
from ocop_shop.tourism.experiences import BookingRequest
from ocop_shop.types import utcnow

from .factories import a_day


def _placed(order, ago: timedelta, **values) -> None:
    db.session.execute(update(Order).where(Order.id == order.id).values(placed_at=utcnow() - ago, **values))


def _booking_sent(factories, ago: timedelta, **kwargs):
    booking = factories.booking(**kwargs)
    db.session.execute(update(BookingRequest).where(BookingRequest.id == booking.id)
                       .values(created_at=utcnow() - ago))
    return booking


def _certificates(factories) -> None:
    """Valid certificates expiring in 29, 31, 89 and 91 days, plus a revoked and an expired one."""
    for days in (29, 31, 89, 91):
        factories.certification(factories.product(), issued_on=a_day(-300), expires_on=a_day(days))
    factories.certification(factories.product(), issued_on=a_day(-300), expires_on=a_day(10), revoked=True)
    factories.certification(factories.product(), issued_on=a_day(-300), expires_on=a_day(-1))


def _orders(factories) -> None:
    """Parcels at 47 h and 49 h (one of them cancelled, one accepted), cash orders at 13 and 15 days."""
    cash = {name: factories.order(payment_method="cod") for name in
            ("parcel_47h", "parcel_49h", "parcel_49h_cancelled", "parcel_49h_accepted",
             "cash_13d", "cash_15d", "cash_15d_delivered", "cash_15d_cancelled")}
    for name, hours in (("parcel_47h", 47), ("parcel_49h", 49), ("parcel_49h_cancelled", 49),
                        ("parcel_49h_accepted", 49)):
        _placed(cash[name], timedelta(hours=hours))
    _placed(cash["parcel_49h_cancelled"], timedelta(hours=49), status="cancelled")
    db.session.execute(update(Fulfilment).where(Fulfilment.order_id == cash["parcel_49h_accepted"].id)
                       .values(status="accepted"))
    for name, days, status in (("cash_13d", 13, "placed"), ("cash_15d", 15, "in_progress"),
                               ("cash_15d_delivered", 15, "delivered"), ("cash_15d_cancelled", 15, "cancelled")):
        _placed(cash[name], timedelta(days=days), status=status)
        db.session.execute(update(Fulfilment).where(Fulfilment.order_id == cash[name].id).values(status="accepted"))
    factories.order(payment_method="bank_transfer")  # payment pending
    factories.order(payment_method="bank_transfer")
    paid = factories.order(payment_method="bank_transfer")
    db.session.execute(update(Order).where(Order.id == paid.id).values(payment_status="paid"))


def test_each_count_matches_its_fixtures_at_the_edges(app, factories):
    factories.producer(status="pending")
    factories.producer(status="pending")
    factories.producer(status="rejected")
    waiting = factories.product(status="pending_review")
    factories.product(status="draft")
    db.session.add_all([ProductRevision(product_id=waiting.id, status="pending_review"),
                        ProductRevision(product_id=waiting.id, status="sent_back")])
    _certificates(factories)
    _orders(factories)
    _booking_sent(factories, timedelta(hours=47))
    _booking_sent(factories, timedelta(hours=49))
    _booking_sent(factories, timedelta(hours=50), status="accepted")
    db.session.commit()

    counts = workload()
    assert counts.producers_pending == 2
    assert counts.products_pending == 1
    assert counts.revisions_pending == 1
    assert counts.transfers_pending == 2
    assert (counts.certificates_expiring_30, counts.certificates_expiring_90) == (1, 3)
    assert counts.parcels_late == 1  # 49 h, pending, order not cancelled
    assert counts.cash_orders_old == 1  # 15 days, not delivered, not cancelled
    assert counts.bookings_late == 1  # 49 h and still new


def test_the_counts_take_one_statement(app, factories, count_queries):
    factories.producer(status="pending")
    db.session.commit()
    with count_queries() as statements:
        workload()
    assert len(statements) == 1


def test_the_home_page_shows_the_counts_and_links_to_the_lists_that_exist(client, login_as, factories):
    _booking_sent(factories, timedelta(hours=49))
    _booking_sent(factories, timedelta(hours=60))
    db.session.commit()
    login_as("admin")
    page = client.get("/vi/admin/").get_data(as_text=True)
    assert "Yêu cầu đặt chỗ chưa được trả lời sau 48 giờ" in page
    assert '<span class="count">2</span>' in page
    assert 'href="/vi/admin/bookings?state=late"' in page
    assert 'href="/vi/admin/payments/transfers"' in page
    english = client.get("/en/admin/").get_data(as_text=True)
    assert "Booking requests unanswered for 48 hours" in english and "Today's work" in english


def test_a_tile_whose_list_does_not_exist_is_shown_without_a_link(client, login_as, app):
    login_as("admin")
    page = client.get("/vi/admin/").get_data(as_text=True)
    for endpoint, path in (("admin.producers", "/vi/admin/producers"), ("admin.orders", "/vi/admin/orders")):
        assert (path in page) == (endpoint in app.view_functions)
