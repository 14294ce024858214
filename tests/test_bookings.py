"""Booking an experience (OCOP group 6) from its product page: the form, its errors, the status page, cancelling."""
from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from ocop_shop.catalog.models import Product
from ocop_shop.extensions import db
from ocop_shop.tourism.bookings import booking_window
from ocop_shop.tourism.experiences import BookingRequest
from ocop_shop.producers.models import Notification, Producer
from ocop_shop.timeutil import local_today

from .conftest import csrf_from, post_form
from .factories import a_day


@pytest.fixture
def homestay(factories):
    """A published homestay (up to 6 people) with its experience details, and its product."""
    experience = factories.experience(max_party=6)
    product = db.session.get(Product, experience.product_id)
    factories.user(role="producer", producer=db.session.get(Producer, product.producer_id), email="chu.nha@test.example",
                   name="Chủ nhà")
    db.session.commit()
    return product


def _form(**changes) -> dict:
    data = {"requested_on": a_day(14).isoformat(), "party_size": "4", "contact_name": "Emma Traveller",
            "phone": "0912 345 678", "email": "Emma@Example.com", "message": "We arrive by bus."}
    data.update(changes)
    return data


def _count() -> int:
    return db.session.scalar(select(func.count()).select_from(BookingRequest))


def _book(client, product, lang="en", **changes):
    return post_form(client, f"/{lang}/products/{product.slug}", _form(**changes),
                     post_url=f"/{lang}/products/{product.slug}/booking")


def test_the_form_shows_only_for_experiences_with_details(client, factories, homestay):
    bare = factories.product(category="du-lich", name="Homestay chưa có chi tiết")
    parcel = factories.product(name="Miến dong")
    db.session.commit()
    page = client.get(f"/en/products/{homestay.slug}").get_data(as_text=True)
    assert "Book this experience" in page and 'name="party_size"' in page
    assert "Room, dinner and breakfast" in page and "up to 6 people" in page and "₫300,000 / guest per night" in page
    assert 'href="/en/privacy"' in page
    bare_page = client.get(f"/en/products/{bare.slug}").get_data(as_text=True)
    assert 'name="party_size"' not in bare_page and "Online booking is not open" in bare_page
    parcel_page = client.get(f"/vi/products/{parcel.slug}").get_data(as_text=True)
    assert 'name="party_size"' not in parcel_page and "Đặt trải nghiệm này" not in parcel_page


def test_a_valid_request_is_stored_notifies_the_producer_and_opens_the_status_page(client, homestay):
    response = _book(client, homestay, message="  Cafe\u0301 at 5 pm  ")
    assert response.status_code == 302
    booking = db.session.scalar(select(BookingRequest))
    assert response.headers["Location"] == f"/en/bookings/{booking.id}?t={booking.access_token}"
    assert (booking.status, booking.party_size, booking.requested_on) == ("new", 4, a_day(14))
    assert (booking.phone, booking.email, booking.locale) == ("+84912345678", "emma@example.com", "en")
    assert booking.message == "Café at 5 pm"  # NFC-normalised and stripped
    assert booking.producer_id == homestay.producer_id
    note = db.session.scalar(select(Notification).where(Notification.producer_id == homestay.producer_id))
    assert note.kind == "booking_new" and note.params["party"] == 4
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Waiting for the host's answer" in page and "We will email you when the host answers." in page
    assert "Emma Traveller" in page and "0912 345 678" in page
    from ocop_shop.mail import OutboxEmail
    emails = list(db.session.scalars(select(OutboxEmail).where(OutboxEmail.to == "chu.nha@test.example")))
    assert len(emails) == 1 and "Homestay thử" in emails[0].text


def test_a_signed_in_requester_is_linked_and_sees_the_page_without_the_token(client, login_as, homestay):
    user = login_as("customer")
    assert _book(client, homestay, lang="vi").status_code == 302
    booking = db.session.scalar(select(BookingRequest))
    assert booking.user_id == user.id
    assert client.get(f"/vi/bookings/{booking.id}").status_code == 200


@pytest.mark.parametrize("changes, field, message", [
    # Days are worked out when the test runs (a lambda), not when it is collected: a run that
    # crosses midnight in Việt Nam would otherwise send yesterday's "today".
    (lambda: {"requested_on": a_day(-1).isoformat()}, "requested_on", "Please choose today or a later day."),
    (lambda: {"requested_on": (booking_window(local_today())[1] + timedelta(days=1)).isoformat()},
     "requested_on", "Requests are taken up to a year ahead"),
    ({"requested_on": "next week"}, "requested_on", "Please enter a date"),
    ({"requested_on": ""}, "requested_on", "Please choose the day you would like to come."),
    ({"party_size": "0"}, "party_size", "This experience takes from 1 to 6 people."),
    ({"party_size": "7"}, "party_size", "This experience takes from 1 to 6 people."),
    ({"party_size": "four"}, "party_size", "Please enter a whole number"),
    ({"phone": "12345"}, "phone", "Please enter a valid phone number"),
    ({"contact_name": "   "}, "contact_name", "Please enter your name."),
    ({"email": "not-an-email"}, "email", "Please enter a valid email address."),
    ({"message": "x" * 1001}, "message", "At most 1000 characters."),
])
def test_bad_input_gives_a_field_error_keeps_what_was_typed_and_stores_nothing(client, homestay, changes, field,
                                                                               message):
    response = _book(client, homestay, **(changes() if callable(changes) else changes))
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert f'id="{field}-error"' in page and message in page
    assert 'value="Emma Traveller"' in page or field == "contact_name"
    assert "We arrive by bus." in page or field == "message"
    assert _count() == 0
    assert db.session.scalar(select(func.count()).select_from(Notification)) == 0


def test_errors_are_in_the_visitors_language(client, homestay):
    page = _book(client, homestay, lang="vi", phone="12").get_data(as_text=True)
    assert "Đặt trải nghiệm này" in page
    assert 'id="phone-error"' in page and "Please enter" not in page


def test_the_status_page_needs_the_right_token(client, factories, homestay):
    booking = factories.booking(homestay)
    db.session.commit()
    assert client.get(f"/en/bookings/{booking.id}").status_code == 404
    assert client.get(f"/en/bookings/{booking.id}?t=wrong").status_code == 404
    assert client.get(f"/en/bookings/{booking.id + 1}?t={booking.access_token}").status_code == 404
    assert client.get(f"/en/bookings/{booking.id}?t={booking.access_token}").status_code == 200


def test_the_requester_cancels_a_new_request_after_a_confirm(client, factories, homestay):
    booking = factories.booking(homestay)
    db.session.commit()
    url = f"/en/bookings/{booking.id}/cancel?t={booking.access_token}"
    assert client.get(f"/en/bookings/{booking.id}/cancel").status_code == 404
    confirm = client.get(url)
    assert confirm.status_code == 200 and "Cancel this request?" in confirm.get_data(as_text=True)
    token = csrf_from(confirm.get_data(as_text=True))
    assert client.post(f"/en/bookings/{booking.id}/cancel", data={"t": "wrong", "csrf_token": token}).status_code == 404
    response = client.post(f"/en/bookings/{booking.id}/cancel", data={"t": booking.access_token, "csrf_token": token})
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(BookingRequest, booking.id).status == "cancelled"
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "You cancelled this request." in page and "Cancel this request" not in page


@pytest.mark.parametrize("status", ["accepted", "declined", "cancelled"])
def test_only_a_new_request_can_be_cancelled(client, factories, homestay, status):
    booking = factories.booking(homestay, status=status)
    db.session.commit()
    page = client.get(f"/en/bookings/{booking.id}?t={booking.access_token}").get_data(as_text=True)
    assert "Cancel this request" not in page
    token = csrf_from(client.get("/en/account/login").get_data(as_text=True))
    response = client.post(f"/en/bookings/{booking.id}/cancel", data={"t": booking.access_token, "csrf_token": token})
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(BookingRequest, booking.id).status == status


def test_the_status_page_shows_the_hosts_answer(client, factories, homestay):
    booking = factories.booking(homestay, status="accepted", reply="Hẹn gặp lúc 4 giờ chiều.")
    db.session.commit()
    page = client.get(f"/vi/bookings/{booking.id}?t={booking.access_token}").get_data(as_text=True)
    assert "Đã nhận lời" in page
    assert "Hẹn gặp lúc 4 giờ chiều." in page


@pytest.mark.parametrize("hide", ["draft", "archived", "suspended"])
def test_hidden_experiences_cannot_be_booked(client, homestay, hide):
    page = client.get(f"/en/products/{homestay.slug}")
    token = csrf_from(page.get_data(as_text=True))
    if hide == "suspended":
        db.session.get(Producer, homestay.producer_id).status = "suspended"
    else:
        homestay.status = hide
    db.session.commit()
    response = client.post(f"/en/products/{homestay.slug}/booking", data={"csrf_token": token, **_form()})
    assert response.status_code == 404
    assert _count() == 0


def test_a_product_without_experience_details_cannot_be_booked(client, factories):
    bare = factories.product(category="du-lich", name="Homestay chưa có chi tiết")
    db.session.commit()
    response = post_form(client, "/en/account/login", _form(), post_url=f"/en/products/{bare.slug}/booking")
    assert response.status_code == 404 and _count() == 0


def test_the_privacy_notice_lists_booking_contact_data(client):
    assert "Booking requests" in client.get("/en/privacy").get_data(as_text=True)
    assert "Yêu cầu đặt chỗ" in client.get("/vi/privacy").get_data(as_text=True)


def test_an_experience_page_stays_within_the_product_page_query_budget(client, factories, count_queries, homestay):
    from .test_query_counts import PRODUCT_BUDGET

    factories.product_image(homestay)
    for n in range(3):  # related experiences of the same group
        factories.experience()
    db.session.commit()
    with count_queries() as statements:
        response = client.get(f"/vi/products/{homestay.slug}")
    assert response.status_code == 200 and 'name="party_size"' in response.get_data(as_text=True)
    assert len(statements) <= PRODUCT_BUDGET, statements


def test_the_sample_data_has_experiences_a_homestay_account_and_sample_requests(app):
    from ocop_shop.accounts.services import find_by_login
    from ocop_shop.tourism.experiences import Experience
    from ocop_shop.seed import seed_demo

    seed_demo()
    db.session.commit()
    experiences = {db.session.get(Product, e.product_id).content["vi"]["name"]: e
                   for e in db.session.scalars(select(Experience))}
    assert len(experiences) == 4
    assert experiences["Lan's Homestay – nghỉ đêm gần thác Bản Giốc"].max_party == 70
    member = find_by_login("producer3@example.com")
    lans = db.session.get(Producer, member.producer_id)
    assert lans.slug == "lans-homestay"
    requests = list(db.session.scalars(select(BookingRequest)))
    assert sorted(r.status for r in requests) == ["accepted", "declined", "new"]
    assert all(r.is_sample and r.email.endswith("@example.com") and r.producer_id == lans.id for r in requests)
    seed_demo()
    db.session.commit()
    assert _count() == 3 and db.session.scalar(select(func.count()).select_from(Experience)) == 4
