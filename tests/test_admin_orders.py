"""The office's orders: list with filters and search, an order's page with its timeline, recording a
transfer there, and cancelling on a buyer's behalf (stock released once, refused once shipped)."""
from __future__ import annotations

import re
import threading
from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import func, select, update

from config import TestConfig
from ocop_shop import create_app
from ocop_shop.actors import acting_as
from ocop_shop.audit import AuditLog
from ocop_shop.catalog.models import Product
from ocop_shop.extensions import db
from ocop_shop.mail import OutboxEmail
from ocop_shop.orders import fulfilment
from ocop_shop.orders.events import OrderEvent
from ocop_shop.orders.models import Fulfilment, Order
from ocop_shop.orders.services import OrderError
from ocop_shop.payments import services as payments
from ocop_shop.payments.models import Payment, RefundRequest

from .conftest import PG_URL, csrf_from, post_form
from .fake_stripe import event, post_event, stripe_app, stripe_server  # noqa: F401 (fixtures)

NUMBER_LINK = re.compile(r'href="/(?:vi|en)/admin/orders/([A-Z0-9]+)"')


def listed(client, query: str = "") -> list[str]:
    """The order numbers the list shows, in their order."""
    response = client.get(f"/vi/admin/orders{query}")
    assert response.status_code == 200, response.get_data(as_text=True)[:500]
    return NUMBER_LINK.findall(response.get_data(as_text=True))


def stock_of(product) -> int:
    db.session.expire_all()
    return db.session.scalar(select(Product.stock).where(Product.id == product.id))


def sign_in(client, user, password="correct horse battery"):
    response = post_form(client, "/vi/account/login", {"login": user.email, "password": password})
    assert response.status_code == 302


@pytest.fixture
def admin(login_as):
    return login_as("admin")


@pytest.fixture
def spread(factories):
    """Three orders that differ in every filter: status, method, payment, producer, province, day."""
    cao_bang, ha_noi = factories.producer(name="HTX Cao Bằng"), factories.producer(name="HTX Hà Nội")
    first = factories.order((factories.product(producer=cao_bang), 1), payment_method="bank_transfer",
                            province_code=4)
    second = factories.order((factories.product(producer=ha_noi), 2), payment_method="cod", province_code=1)
    third = factories.order((factories.product(producer=cao_bang), 1), (factories.product(producer=ha_noi), 1),
                            payment_method="bank_transfer", province_code=79)
    payments.expire_order(third)
    # 17:30 UTC is 00:30 the next day in Việt Nam: the date filter works in local days.
    placed = {first: datetime(2026, 3, 1, 17, 30, tzinfo=timezone.utc),
              second: datetime(2026, 3, 5, 3, 0, tzinfo=timezone.utc),
              third: datetime(2026, 3, 10, 3, 0, tzinfo=timezone.utc)}
    for order, at in placed.items():
        order.placed_at = at
    second.phone = "+84988123456"
    db.session.commit()
    return {"first": first.number, "second": second.number, "third": third.number,
            "cao_bang": cao_bang.id, "ha_noi": ha_noi.id}


def test_the_list_shows_every_order_newest_first(client, admin, spread):
    assert listed(client) == [spread["third"], spread["second"], spread["first"]]
    html = client.get("/vi/admin/orders").get_data(as_text=True)
    assert "3 đơn hàng" in html and 'class="table-scroll"' in html
    assert "không hợp lệ" not in html  # filters left out are "any", not wrong values
    assert "HTX Cao Bằng, HTX Hà Nội" in html  # the producers of a two-parcel order


@pytest.mark.parametrize("query, expected", [
    ("?status=cancelled", ["third"]),
    ("?status=placed", ["second", "first"]),
    ("?payment_method=cod", ["second"]),
    ("?payment_method=bank_transfer", ["third", "first"]),
    ("?payment_status=pending", ["first"]),
    ("?payment_status=expired", ["third"]),
    ("?place=1", ["second"]),
    ("?place=79", ["third"]),
    ("?placed_from=2026-03-02&placed_to=2026-03-02", ["first"]),  # local day of 2026-03-01 17:30 UTC
    ("?placed_to=2026-03-01", []),
    ("?placed_from=2026-03-05", ["third", "second"]),
    ("?payment_method=bank_transfer&place=4", ["first"]),
])
def test_each_filter_narrows_the_list(client, admin, spread, query, expected):
    assert listed(client, query) == [spread[name] for name in expected]
    assert "không hợp lệ" not in client.get(f"/vi/admin/orders{query}").text


def test_the_producer_filter_finds_orders_with_a_parcel_of_that_producer(client, admin, spread):
    assert listed(client, f"?producer={spread['ha_noi']}") == [spread["third"], spread["second"]]
    assert listed(client, f"?producer={spread['cao_bang']}") == [spread["third"], spread["first"]]


def test_search_by_number_or_by_phone_as_people_type_it(client, admin, spread):
    assert listed(client, f"?q={spread['second']}") == [spread["second"]]
    assert listed(client, f"?q={spread['first'][:6].lower()}") == [spread["first"]]
    assert listed(client, "?q=0988+123+456") == [spread["second"]]
    assert listed(client, "?q=%2B84+988+123+456") == [spread["second"]]
    assert listed(client, "?q=0912.345.678") == [spread["third"], spread["first"]]  # the factory's phone
    assert listed(client, "?q=0977+000+000") == []
    assert "Không có đơn hàng nào khớp với bộ lọc." in client.get("/vi/admin/orders?q=0977000000").text


def test_bad_filter_values_show_the_unfiltered_list(client, admin, spread):
    everything = [spread["third"], spread["second"], spread["first"]]
    query = "?status=lost&payment_method=cash&producer=abc&place=999999&placed_from=2026-13-45&page=-4"
    assert listed(client, query) == everything
    html = client.get(f"/vi/admin/orders{query}").text
    assert "Một số giá trị lọc không hợp lệ nên không được áp dụng" in html
    assert listed(client, "?page=99999") == everything  # clamped to the last page
    placed = [spread["second"], spread["first"]]
    assert listed(client, "?producer=999999&status=placed") == placed  # no such producer: that filter is ignored


def test_pages_keep_their_filters(client, admin, factories):
    product = factories.product(stock=100)
    for _ in range(32):
        factories.order((product, 1), payment_method="cod")
    db.session.commit()
    html = client.get("/vi/admin/orders?payment_method=cod").text
    assert "32 đơn hàng" in html and len(NUMBER_LINK.findall(html)) == 30
    assert "/vi/admin/orders?page=2&amp;payment_method=cod" in html
    assert len(listed(client, "?payment_method=cod&page=2")) == 2


def test_the_list_runs_the_same_statements_for_few_and_many_orders(client, admin, factories, count_queries):
    producers = [factories.producer() for _ in range(3)]
    products = [factories.product(producer=p, stock=500) for p in producers]

    def add_orders(n):
        for i in range(n):
            factories.order((products[i % 3], 1), (products[(i + 1) % 3], 1), payment_method="cod")
        db.session.commit()

    def statements():
        with count_queries() as seen:
            assert client.get("/vi/admin/orders").status_code == 200
        return len(seen)

    add_orders(2)
    few = statements()
    add_orders(38)
    assert statements() == few


def test_an_unknown_order_is_404_everywhere(client, admin):
    assert client.get("/vi/admin/orders/NOPE0000").status_code == 404
    assert client.get("/vi/admin/orders/" + "X" * 40).status_code == 404
    token_page = "/vi/admin/orders"
    for action in ("cancel", "transfer"):
        response = post_form(client, token_page, {"reason": "x", "amount": "1", "reference": "R"},
                             post_url=f"/vi/admin/orders/NOPE0000/{action}")
        assert response.status_code == 404


def test_the_order_page_shows_lines_parcels_payments_and_a_timeline(app, client, admin, factories):
    """Placed by a buyer, a transfer recorded by the office, a parcel accepted by a producer member, cancelled."""
    producer = factories.producer(name="HTX Trà Shan")
    member = factories.user(role="producer", producer=producer, email="thanh.vien@test.example")
    buyer = factories.user(email="nguoi.mua@test.example")
    tea = factories.product(producer=producer, name="Trà shan tuyết", price=120_000, stock=8)
    with acting_as(buyer):
        order = factories.order((tea, 2), payment_method="bank_transfer", user=buyer)
    db.session.commit()
    page = f"/vi/admin/orders/{order.number}"

    recorded = post_form(client, page, {"amount": f"{order.total:,}".replace(",", "."), "reference": "ft 2603 01"},
                         post_url=f"{page}/transfer", follow_redirects=True)
    assert recorded.status_code == 200 and "đã thanh toán" in recorded.text
    parcel = db.session.scalar(select(Fulfilment).where(Fulfilment.order_id == order.id))
    producer_client = app.test_client()
    sign_in(producer_client, member)
    base = f"/vi/producer/orders/{parcel.id}"
    assert post_form(producer_client, base, {}, post_url=f"{base}/accept").status_code == 302
    cancelled = post_form(client, page, {"reason": "Khách gọi điện xin hủy vì đặt nhầm"},
                          post_url=f"{page}/cancel", follow_redirects=True)
    assert cancelled.status_code == 200

    html = client.get(page).text
    for seen in ("Trà shan tuyết", "HTX Trà Shan", "120.000", "FT 2603 01", "Hàng đã mua", "Kiện hàng",
                 "Bên chịu giảm giá", "Dòng thời gian", "Khách gọi điện xin hủy vì đặt nhầm"):
        assert seen in html, seen
    timeline = html[html.index("Dòng thời gian"):]
    steps = [re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", item)).strip()
             for item in re.findall(r"<li>(.*?)</li>", timeline, re.S)]

    def step(*words):
        return any(all(word in text for word in words) for text in steps)

    assert steps[0].endswith("Đơn hàng : Đã đặt bởi nguoi.mua@test.example (khách hàng)"), steps[0]  # None → placed
    assert step("Trạng thái thanh toán", "Chưa thanh toán → Chờ thanh toán", "nguoi.mua@test.example")
    assert step("Thanh toán #", "Chuyển khoản ngân hàng (VietQR)", "đã nhận", "(văn phòng)")
    assert step("Trạng thái thanh toán", "Chờ thanh toán → Đã thanh toán", "(văn phòng)")
    assert step("Kiện hàng từ HTX Trà Shan", "Chờ cơ sở xác nhận → Đang chuẩn bị",
                "thanh.vien@test.example (nhà sản xuất)")
    assert step("Đơn hàng", "→ Đã hủy", "(văn phòng)", "Khách gọi điện xin hủy vì đặt nhầm")
    assert step("Kiện hàng từ HTX Trà Shan", "Đang chuẩn bị → Đã hủy")
    events = db.session.scalars(select(OrderEvent).where(OrderEvent.order_id == order.id)
                                .order_by(OrderEvent.id)).all()
    assert (events[0].subject, events[0].from_state, events[0].to_state) == ("order", None, "placed")
    assert events[0].actor_id == buyer.id


def test_the_english_page_speaks_english(client, admin, factories):
    order = factories.order(payment_method="cod")
    db.session.commit()
    html = client.get(f"/en/admin/orders/{order.number}").text
    assert "Timeline" in html and "What was bought" in html and "Cash on delivery" in html
    assert "The shop (automatic)" in html  # placed outside any request


def test_cancelling_for_a_buyer_releases_stock_once_and_writes_the_reason_everywhere(client, admin, factories):
    product = factories.product(stock=6)
    order = factories.order((product, 2), payment_method="bank_transfer")
    payments.confirm_transfer(order, order.total, "FT-CANCEL-1")
    db.session.commit()
    assert stock_of(product) == 4
    page = f"/vi/admin/orders/{order.number}"

    done = post_form(client, page, {"reason": "  Khách xin hủy qua điện thoại  "}, post_url=f"{page}/cancel",
                     follow_redirects=True)
    assert "Đã hủy đơn" in done.text and "Cửa hàng cần hoàn tiền cho người mua." in done.text
    assert stock_of(product) == 6
    again = post_form(client, page, {"reason": "Bấm lần nữa"}, post_url=f"{page}/cancel")
    assert again.status_code == 409 and "Đơn hàng này đã bị hủy." in again.text
    assert stock_of(product) == 6

    order = db.session.get(Order, order.id)
    assert (order.status, order.cancel_reason, order.cancel_note) == ("cancelled", "office", "Khách xin hủy qua điện thoại")
    assert db.session.scalar(select(func.count(RefundRequest.id)).where(RefundRequest.order_id == order.id)) == 1
    row = db.session.scalar(select(AuditLog).where(AuditLog.action == "order.cancel"))
    assert (row.actor_id, row.object_label, row.reason) == (admin.id, order.number, "Khách xin hủy qua điện thoại")
    assert row.changes["status"] == ["placed", "cancelled"] and row.changes["refund_requested"] == [None, order.total]
    [email] = db.session.scalars(select(OutboxEmail).where(OutboxEmail.kind == "order_cancelled")).all()
    assert email.to == order.email and "Khách xin hủy qua điện thoại" in email.text


def test_an_expired_form_keeps_the_reason_and_cancels_nothing(client, admin, factories):
    order = factories.order(payment_method="cod")
    db.session.commit()
    page = f"/vi/admin/orders/{order.number}"
    token = csrf_from(client.get(page).text)
    with client.session_transaction() as session:
        session.pop("csrf_token", None)  # the session's secret is gone (signed out in another tab)
    kept = client.post(f"{page}/cancel", data={"csrf_token": token, "reason": "Khách nhờ hủy giúp"})
    assert kept.status_code == 400
    assert "Biểu mẫu đã hết hạn nên chưa có gì được gửi đi" in kept.text and "Khách nhờ hủy giúp</textarea>" in kept.text
    assert db.session.get(Order, order.id).status == "placed"
    again = post_form(client, page, {"reason": "Khách nhờ hủy giúp"}, post_url=f"{page}/cancel")
    assert again.status_code == 302


def test_a_shipped_order_is_not_cancelled_and_the_page_says_why(client, admin, factories):
    product = factories.product(stock=5)
    order = factories.order((product, 1), payment_method="cod")
    parcel = db.session.scalar(select(Fulfilment).where(Fulfilment.order_id == order.id))
    fulfilment.accept(parcel)
    fulfilment.ship(parcel, "Viettel Post", "VTP1")
    db.session.commit()
    page = f"/vi/admin/orders/{order.number}"
    assert "Hủy đơn hàng này" not in client.get(page).text  # no cancel button once a parcel has shipped
    refused = post_form(client, page, {"reason": "Khách đổi ý"}, post_url=f"{page}/cancel")
    assert refused.status_code == 409
    assert "Một kiện hàng của đơn này đã được gửi đi nên không thể hủy đơn nữa." in refused.text
    assert stock_of(product) == 4
    assert db.session.get(Order, order.id).status == "shipped"
    assert db.session.scalar(select(func.count(AuditLog.id)).where(AuditLog.action == "order.cancel")) == 0


def test_a_cancel_without_a_reason_changes_nothing_and_says_so(client, admin, factories):
    product = factories.product(stock=3)
    order = factories.order((product, 1), payment_method="cod")
    db.session.commit()
    page = f"/vi/admin/orders/{order.number}"
    refused = post_form(client, page, {"reason": "   "}, post_url=f"{page}/cancel")
    assert refused.status_code == 400 and "Vui lòng ghi lý do hủy đơn." in refused.text
    assert db.session.get(Order, order.id).status == "placed" and stock_of(product) == 2


def test_recording_a_transfer_on_the_order_page(client, admin, factories):
    order = factories.order(payment_method="bank_transfer")
    db.session.commit()
    page = f"/vi/admin/orders/{order.number}"
    assert "Ghi nhận khoản chuyển đã nhận" in client.get(page).text
    wrong = post_form(client, page, {"amount": "1000", "reference": "FT-WRONG"}, post_url=f"{page}/transfer",
                      follow_redirects=True)
    assert "Số tiền không khớp với tổng đơn" in wrong.text
    db.session.expire_all()
    order = db.session.get(Order, order.id)
    assert order.payment_status == "pending" and order.flagged
    empty = post_form(client, page, {"amount": "", "reference": "FT-EMPTY"}, post_url=f"{page}/transfer")
    assert empty.status_code == 400 and 'value="FT-EMPTY"' in empty.text
    duplicate = post_form(client, page, {"amount": str(order.total), "reference": "FT-WRONG"},
                          post_url=f"{page}/transfer")
    assert duplicate.status_code == 409 and "Mã giao dịch này đã được ghi nhận trước đó." in duplicate.text
    post_form(client, page, {"amount": str(order.total), "reference": "FT-RIGHT"}, post_url=f"{page}/transfer")
    db.session.expire_all()
    assert db.session.get(Order, order.id).payment_status == "paid"
    assert db.session.scalar(select(func.count(AuditLog.id)).where(AuditLog.action == "order.transfer_recorded")) == 2
    assert "Ghi nhận khoản chuyển đã nhận" not in client.get(page).text  # paid: nothing left to record


def test_the_refund_link_shows_only_when_money_was_paid(app, client, admin, factories):
    if "admin.refund_new" not in app.view_functions:
        app.add_url_rule("/<lang>/admin/orders/<number>/refund", "admin.refund_new", lambda lang, number: "")
    unpaid = factories.order(payment_method="bank_transfer")
    paid = factories.order(payment_method="bank_transfer")
    payments.confirm_transfer(paid, paid.total, "FT-PAID-1")
    db.session.commit()
    assert f"/vi/admin/orders/{paid.number}/refund" in client.get(f"/vi/admin/orders/{paid.number}").text
    assert "/refund" not in client.get(f"/vi/admin/orders/{unpaid.number}").text


def test_transfers_belong_to_the_orders_area(client, admin, factories):
    order = factories.order(payment_method="bank_transfer")
    db.session.commit()
    listing = client.get("/vi/admin/orders").text
    assert "/vi/admin/payments/transfers" in listing
    transfers = client.get("/vi/admin/payments/transfers").text
    start = transfers.index('class="wrap admin-nav"')
    nav = transfers[start:transfers.index("</nav>", start)]
    assert re.search(r'href="/vi/admin/orders" aria-current="page"', nav)
    assert "/payments/transfers" not in nav
    assert f'href="/vi/admin/orders/{order.number}"' in transfers


def test_the_expiry_command_is_named_on_the_timeline(app, client, admin, factories):
    order = factories.order(payment_method="bank_transfer")
    order.payment_due_at = datetime.now(timezone.utc) - timedelta(minutes=5)
    db.session.commit()
    result = app.test_cli_runner().invoke(args=["orders", "expire"])
    assert "Expired 1" in result.output
    labels = set(db.session.scalars(select(OrderEvent.actor_label).where(
        OrderEvent.order_id == order.id, OrderEvent.to_state.in_(("cancelled", "expired")))))
    assert labels == {"cron: orders expire"}
    assert "Tác vụ tự động: orders expire" in client.get(f"/vi/admin/orders/{order.number}").text


def test_a_card_payment_is_on_the_timeline_as_stripe(client, stripe_app, admin, factories):
    order = factories.order(payment_method="stripe")
    db.session.commit()
    session = {"id": "cs_test_timeline", "object": "checkout.session", "payment_status": "paid",
               "status": "complete", "amount_total": order.total, "currency": "vnd", "payment_intent": "pi_t",
               "metadata": {"order_id": str(order.id)}}
    assert post_event(client, event("checkout.session.completed", session)).status_code == 200
    changes = db.session.execute(select(OrderEvent.subject, OrderEvent.from_state, OrderEvent.to_state,
                                        OrderEvent.actor_label).where(OrderEvent.order_id == order.id,
                                                                      OrderEvent.subject != "order")).all()
    assert set(changes) == {("payment", None, "open", "stripe"), ("payment", "open", "succeeded", "stripe"),
                            ("payment_status", "unpaid", "paid", "stripe")}
    html = client.get(f"/vi/admin/orders/{order.number}").text
    assert "bởi Stripe (thanh toán thẻ)" in html and "Thẻ (Stripe)" in html


def test_a_cancel_that_lost_the_race_changes_nothing(factories):
    """The object says placed, the row says cancelled (someone else won): refused, stock untouched."""
    product = factories.product(stock=5)
    order = factories.order((product, 2), payment_method="bank_transfer")
    payments.confirm_transfer(order, order.total, "FT-RACE-0")
    db.session.commit()
    db.session.execute(update(Order).where(Order.id == order.id).values(status="cancelled")
                       .execution_options(synchronize_session=False))
    assert order.status == "placed"  # stale in this session
    with pytest.raises(OrderError, match="đã bị hủy"):
        payments.cancel_order(order)
    db.session.rollback()
    assert stock_of(product) == 3
    assert db.session.scalar(select(func.count(RefundRequest.id))) == 0


def _cancel(app, order_id: int, admin_id: int | None, barrier: threading.Barrier, results: list) -> None:
    from ocop_shop.accounts.models import User

    with app.app_context():
        order = db.session.get(Order, order_id)
        by = db.session.get(User, admin_id) if admin_id else None
        barrier.wait()
        try:
            if by is not None:
                payments.cancel_for_buyer(order, "Khách gọi văn phòng xin hủy", by)
            else:
                payments.cancel_order(order, "customer")
            db.session.commit()
            results.append("cancelled")
        except OrderError:
            db.session.rollback()
            results.append("refused")
        finally:
            db.session.remove()


@pytest.mark.skipif(not PG_URL, reason="SQLite lets one writer in at a time, so two cancels at once are meaningful "
                                       "only on PostgreSQL (TEST_DATABASE_URL); the lost race is tested on SQLite")
def test_the_office_and_the_buyer_cancelling_at_once_release_stock_once(app, factories, tmp_path):
    admin = factories.user(role="admin")
    product = factories.product(stock=1_000)
    db.session.commit()
    config = TestConfig(PG_URL, tmp_path)
    config.SQLALCHEMY_ENGINE_OPTIONS = {"pool_size": 4, "max_overflow": 0}
    racers = create_app(config)
    for round_ in range(10):
        order = factories.order((product, 3), payment_method="bank_transfer")
        payments.confirm_transfer(order, order.total, f"FT-RACE-{round_}")
        db.session.commit()
        before = stock_of(product)
        barrier, results = threading.Barrier(2), []
        threads = [threading.Thread(target=_cancel, args=(racers, order.id, who, barrier, results))
                   for who in (admin.id, None)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
        assert sorted(results) == ["cancelled", "refused"], (round_, results)
        assert stock_of(product) == before + 3
        assert db.session.scalar(select(func.count(RefundRequest.id)).where(RefundRequest.order_id == order.id)) == 1
        assert db.session.scalar(select(func.count(OrderEvent.id)).where(
            OrderEvent.order_id == order.id, OrderEvent.subject == "order", OrderEvent.to_state == "cancelled")) == 1
        assert db.session.scalar(select(func.count(OutboxEmail.id)).where(
            OutboxEmail.kind == "order_cancelled", OutboxEmail.to == order.email)) == round_ + 1
    with racers.app_context():
        db.engine.dispose()


def _ship_slowly(app, parcel_id: int, wrote_parcel: threading.Event, go_on: threading.Event, results: list) -> None:
    """What fulfilment.ship does, with a pause between writing the parcel and moving the order."""
    from ocop_shop.orders import services as order_services

    with app.app_context():
        try:
            parcel = db.session.get(Fulfilment, parcel_id)
            order_services.set_fulfilment_status(parcel, "shipped")
            db.session.flush()
            wrote_parcel.set()
            go_on.wait(timeout=30)
            order_services.advance(db.session.get(Order, parcel.order_id))
            db.session.commit()
            results.append("shipped")
        except Exception as error:  # a deadlock would surface here
            db.session.rollback()
            results.append(f"ship failed: {type(error).__name__}")
        finally:
            db.session.remove()


@pytest.mark.skipif(not PG_URL, reason="row locks between two connections are meaningful only on PostgreSQL "
                                       "(TEST_DATABASE_URL); SQLite lets one writer in at a time")
def test_a_cancel_during_a_shipment_waits_for_it_and_is_refused(app, factories, tmp_path):
    admin = factories.user(role="admin")
    product = factories.product(stock=10)
    order = factories.order((product, 2), payment_method="cod")
    parcel = db.session.scalar(select(Fulfilment).where(Fulfilment.order_id == order.id))
    fulfilment.accept(parcel)
    db.session.commit()
    config = TestConfig(PG_URL, tmp_path)
    config.SQLALCHEMY_ENGINE_OPTIONS = {"pool_size": 4, "max_overflow": 0}
    racers = create_app(config)
    wrote_parcel, go_on, results = threading.Event(), threading.Event(), []
    shipper = threading.Thread(target=_ship_slowly, args=(racers, parcel.id, wrote_parcel, go_on, results))
    shipper.start()
    assert wrote_parcel.wait(timeout=30)
    barrier = threading.Barrier(1)
    canceller = threading.Thread(target=_cancel, args=(racers, order.id, admin.id, barrier, results))
    canceller.start()
    canceller.join(timeout=1)  # it waits for the parcel's lock
    go_on.set()
    for thread in (shipper, canceller):
        thread.join(timeout=60)
    assert sorted(results) == ["refused", "shipped"], results
    db.session.expire_all()
    assert db.session.get(Order, order.id).status == "shipped" and stock_of(product) == 8
    with racers.app_context():
        db.engine.dispose()
