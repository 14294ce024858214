"""Trade fairs and the plan dashboard in the browser at 360 px.

A visitor follows the main menu to the fairs, opens the upcoming sample market, finds a producer at
its booth with what it brings and opens one of those products; the past fair lists the liquor
maker's booth but never its strong liquor. The office enters the targets of a new plan period
and finds them on the dashboard, with the breakdown tables and charts.
"""
from __future__ import annotations

import re

from ocop_shop.extensions import db
from ocop_shop.seed import seed_demo
from ocop_shop.seed.fairs import seed_fairs
from ocop_shop.seed.plan import seed_plan
from ocop_shop.timeutil import local_today

from .office import sign_in_office

MARKET = "Phiên chợ đặc sản OCOP Trùng Khánh (mẫu)"
PAST_FAIR = "Hội chợ OCOP tỉnh Cao Bằng (mẫu)"
CHESTNUTS = "Hạt dẻ Trùng Khánh – túi 1 kg"
LIQUOR = re.compile(r"^Rượu ngô Cải Vân")  # the products (the maker's own name starts "Cơ sở")


def _no_horizontal_scroll(page):
    page.wait_for_load_state("load")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), page.url


def test_a_visitor_finds_a_fair_its_booths_and_a_product_they_bring(app, live_server, page):
    seed_demo()
    seed_fairs(local_today())
    db.session.commit()
    page.goto(f"{live_server}/vi/")
    with page.expect_navigation():
        page.get_by_role("navigation", name="Điều hướng chính").get_by_role("link", name="Hội chợ").click()
    assert page.get_by_role("heading", level=1).first.is_visible()
    _no_horizontal_scroll(page)
    with page.expect_navigation():
        page.get_by_role("link", name=MARKET).first.click()
    assert page.get_by_role("heading", level=1, name=MARKET).is_visible()
    assert page.get_by_role("heading", name="Ai tham gia và mang theo sản phẩm gì").is_visible()
    booth = page.locator("section.exhibitor", has=page.get_by_role("link", name=CHESTNUTS))
    assert booth.count() == 1 and "Gian A01" in booth.get_by_role("heading", level=3).inner_text()
    _no_horizontal_scroll(page)
    with page.expect_navigation():
        booth.get_by_role("link", name=CHESTNUTS).first.click()
    assert page.get_by_role("heading", level=1, name=CHESTNUTS).is_visible()

    page.goto(f"{live_server}/vi/fairs")
    with page.expect_navigation():
        page.get_by_role("link", name=PAST_FAIR).first.click()
    assert page.get_by_text("Hội chợ này đã kết thúc").is_visible()
    assert "Cải Vân" in page.locator("main").inner_text()  # the liquor maker's booth is listed
    assert page.get_by_role("link", name=LIQUOR).count() == 0  # its strong liquor is not shown


def _sign_in(page, live_server):
    sign_in_office(page, live_server)


def test_the_office_enters_a_new_plan_period_and_sees_it_on_the_dashboard(app, live_server, page):
    seed_demo()
    seed_plan()
    db.session.commit()
    _sign_in(page, live_server)
    page.goto(f"{live_server}/vi/admin/plan")
    assert "Kế hoạch 3438/KH-UBND" in page.locator("main").inner_text()  # the seeded 2021–2025 set
    _no_horizontal_scroll(page)
    with page.expect_navigation():
        page.get_by_role("link", name="Nhập chỉ tiêu cho kỳ mới").click()
    page.get_by_label("Tên kế hoạch").fill("Kế hoạch OCOP 2026–2030")
    page.get_by_label("Kỳ bắt đầu ngày").fill("2026-01-01")
    page.get_by_label("Kỳ kết thúc ngày").fill("2030-12-31")
    page.get_by_label("Sản phẩm được chứng nhận từ 3★ trở lên").fill("200")
    _no_horizontal_scroll(page)
    with page.expect_navigation():
        page.get_by_role("button", name="Lưu các chỉ tiêu").click()
    assert page.get_by_text("Đã lưu các chỉ tiêu.").is_visible()
    main = page.locator("main")
    assert "Kế hoạch OCOP 2026–2030" in main.inner_text() and "≥ 200" in main.inner_text()
    assert page.get_by_role("heading", name="Theo nơi").is_visible()
    assert page.get_by_role("heading", name="Các kỳ kế hoạch").is_visible()  # both periods listed
    assert page.locator("main svg title").count() >= 1  # the charts carry their own titles
    _no_horizontal_scroll(page)
