"""Discovering Cao Bằng at phone width (360 px): from the home page to a place, to one of its experiences, then a
booking request; and from a place page, a product shipped home (added to the cart with the normal cart form)."""
from __future__ import annotations

import re

from ocop_shop.extensions import db
from ocop_shop.seed import seed_demo

from ..factories import a_day


def _no_horizontal_scroll(page):
    page.wait_for_load_state("load")  # measure the page once its stylesheet applies
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), page.url


def test_home_to_a_place_to_an_experience_to_a_booking_request(app, live_server, page):
    seed_demo()
    db.session.commit()

    page.goto(f"{live_server}/en/")
    with page.expect_navigation():
        page.get_by_role("link", name="Places", exact=True).click()
    assert page.get_by_role("heading", level=1).inner_text() == "Places of Cao Bằng"
    _no_horizontal_scroll(page)
    with page.expect_navigation():
        page.get_by_role("region", name="All places").get_by_role("link", name="Đàm Thủy", exact=True).click()
    assert page.get_by_role("heading", level=1).inner_text() == "Đàm Thủy"
    _no_horizontal_scroll(page)
    assert page.get_by_role("link", name="Open in OpenStreetMap").get_attribute("href").startswith(
        "https://www.openstreetmap.org/?mlat=22.8550")

    experiences = page.get_by_role("region", name="Experiences here")
    with page.expect_navigation():
        experiences.get_by_role("link", name=re.compile(r"^Request a booking\W+Lan's Homestay")).click()
    assert page.get_by_role("heading", name="Book this experience").is_visible()
    _no_horizontal_scroll(page)
    page.get_by_label("Day you would like to come").fill(a_day(30).isoformat())
    page.get_by_label("Number of people").fill("2")
    page.get_by_label("Your name").fill("Mai Anderson")
    page.get_by_label("Phone number").fill("0912 345 678")
    with page.expect_navigation():
        page.get_by_role("button", name="Send the booking request").click()
    assert "Your request is sent to Lan's Homestay." in page.get_by_role("status").inner_text()
    assert page.get_by_role("heading", level=1).inner_text() == "Your booking request"
    _no_horizontal_scroll(page)


def test_the_map_is_keyboard_reachable_and_a_place_page_ships_a_product_home(app, live_server, page):
    seed_demo()
    db.session.commit()

    page.goto(f"{live_server}/en/places")
    _no_horizontal_scroll(page)
    marker = page.get_by_role("link", name=re.compile(r"^\d+\. Place: Thành Công$"))
    marker.focus()
    assert page.evaluate("document.activeElement.getAttribute('aria-label')").endswith("Place: Thành Công")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.get_by_role("heading", level=1).inner_text() == "Thành Công"
    _no_horizontal_scroll(page)

    ship = page.get_by_role("region", name="Ship it home: products from Thành Công")
    item = ship.get_by_role("listitem").filter(has_text="Kolia Danh Trà tea")
    item.get_by_label("Quantity").fill("2")
    with page.expect_navigation():
        item.get_by_role("button", name="Add to cart").click()
    assert "Added to your cart." in page.get_by_role("status").inner_text()
    assert page.get_by_role("link", name=re.compile("Kolia Danh Trà tea")).first.is_visible()
    _no_horizontal_scroll(page)
