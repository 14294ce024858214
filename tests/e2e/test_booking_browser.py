"""Booking an experience at phone width: a tourist requests a night at Lan's Homestay in English, then
producer3@example.com accepts it in the portal (Vietnamese) and the tourist's page shows the answer."""
from __future__ import annotations

from ocop_shop.extensions import db
from ocop_shop.seed import seed_demo

from ..factories import a_day

LANS = "lan-s-homestay-nghi-dem-gan-thac-ban-gioc"


def _no_horizontal_scroll(page):
    page.wait_for_load_state("load")  # measure the page once its stylesheet applies
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), page.url


def test_a_tourist_books_a_homestay_and_the_host_accepts_it(app, live_server, page):
    seed_demo()
    db.session.commit()

    # The tourist sends a request from the homestay's English page.
    page.goto(f"{live_server}/en/products/{LANS}")
    assert page.get_by_role("heading", name="Book this experience").is_visible()
    _no_horizontal_scroll(page)
    page.get_by_label("Day you would like to come").fill(a_day(20).isoformat())
    page.get_by_label("Number of people").fill("3")
    page.get_by_label("Your name").fill("Alex Walker")
    page.get_by_label("Phone number").fill("0912 345 678")
    page.get_by_label("Email (optional, to hear the answer by email)").fill("alex@example.com")
    page.get_by_label("Message to the host (optional)").fill("We would love a room with a view.")
    with page.expect_navigation():
        page.get_by_role("button", name="Send the booking request").click()
    assert "Your request is sent to Lan's Homestay." in page.get_by_role("status").inner_text()
    assert page.get_by_role("heading", level=1).inner_text() == "Your booking request"
    assert page.get_by_text("Waiting for the host's answer").is_visible()
    _no_horizontal_scroll(page)
    status_url = page.url

    # The host signs in to the portal in Vietnamese, sees the request on the dashboard and accepts it.
    host = page.context.browser.new_context(viewport={"width": 360, "height": 780})
    portal = host.new_page()
    portal.set_default_timeout(10_000)
    portal.goto(f"{live_server}/vi/account/login")
    portal.get_by_label("Email hoặc số điện thoại").fill("producer3@example.com")
    portal.get_by_label("Mật khẩu").fill("ocop-demo-pass")
    with portal.expect_navigation():
        portal.get_by_role("button", name="Đăng nhập").click()
    portal.goto(f"{live_server}/vi/producer/")
    with portal.expect_navigation():
        portal.get_by_role("link", name="2 yêu cầu đặt chỗ cần trả lời").click()
    _no_horizontal_scroll(portal)
    with portal.expect_navigation():
        portal.get_by_role("link", name="Alex Walker").click()
    assert "Yêu cầu đặt chỗ của Alex Walker" in portal.get_by_role("heading", level=1).inner_text()
    _no_horizontal_scroll(portal)
    portal.get_by_label("Lời nhắn cho khách (không bắt buộc)").fill("Hẹn gặp anh lúc 4 giờ chiều.")
    with portal.expect_navigation():
        portal.get_by_role("button", name="Nhận lời").click()
    assert "Đã nhận lời." in portal.get_by_role("status").inner_text()
    host.close()

    # The tourist's page shows the answer and the host's message.
    page.goto(status_url)
    assert page.get_by_text("Accepted", exact=True).is_visible()
    assert page.get_by_text("Hẹn gặp anh lúc 4 giờ chiều.").is_visible()
    _no_horizontal_scroll(page)
