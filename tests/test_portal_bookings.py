"""The portal's booking requests: only one's own, accept or decline with a message, the guest's email,
the dashboard's to-do, the experience details, and what a suspended producer may still do."""
from __future__ import annotations

import pytest
from sqlalchemy import select, update

from ocop_shop.catalog.models import Product
from ocop_shop.extensions import db
from ocop_shop.mail import OutboxEmail
from ocop_shop.tourism.experiences import BookingRequest, Experience
from ocop_shop.producers.models import Producer

from .conftest import csrf_from, post_form


@pytest.fixture
def host(factories):
    """A homestay producer with a member, an experience, and a new English request with an email."""
    experience = factories.experience(max_party=8)
    product = db.session.get(Product, experience.product_id)
    producer = db.session.get(Producer, product.producer_id)
    member = factories.user(role="producer", producer=producer, name="Chủ nhà")
    booking = factories.booking(product, locale="en", email="guest@test.example")
    db.session.commit()
    return member, product, booking


def _booking(booking_id: int) -> BookingRequest:
    db.session.expire_all()
    return db.session.get(BookingRequest, booking_id)


def _emails() -> list[OutboxEmail]:
    return list(db.session.scalars(select(OutboxEmail).where(OutboxEmail.to == "guest@test.example")))


def test_the_list_and_the_page_show_only_this_producers_requests(client, login_as, factories, host):
    member, product, booking = host
    other = factories.booking()  # another producer's homestay
    db.session.commit()
    login_as(member)
    listing = client.get("/vi/producer/bookings").get_data(as_text=True)
    assert f"/vi/producer/bookings/{booking.id}" in listing and f"/vi/producer/bookings/{other.id}" not in listing
    page = client.get(f"/vi/producer/bookings/{booking.id}").get_data(as_text=True)
    assert "Trần Văn Khách" in page and "0912 345 678" in page and "Chúng tôi đến buổi chiều." in page
    assert client.get(f"/vi/producer/bookings/{other.id}").status_code == 404


def test_the_open_list_puts_new_first_and_hides_finished_ones(client, login_as, factories, host):
    member, product, booking = host
    declined = factories.booking(product, status="declined")
    accepted = factories.booking(product, status="accepted")
    db.session.commit()
    login_as(member)
    listing = client.get("/vi/producer/bookings").get_data(as_text=True)
    assert listing.index(f"/bookings/{booking.id}\"") < listing.index(f"/bookings/{accepted.id}\"")
    assert f"/bookings/{declined.id}\"" not in listing
    assert f"/bookings/{declined.id}\"" in client.get("/vi/producer/bookings?show=all").get_data(as_text=True)


def test_accepting_with_a_message_emails_the_guest_in_their_language(client, login_as, host):
    member, product, booking = host
    login_as(member)
    url = f"/vi/producer/bookings/{booking.id}"
    response = post_form(client, url, {"reply": "Hẹn gặp lúc 4 giờ chiều."}, post_url=f"{url}/accept")
    assert response.status_code == 302
    found = _booking(booking.id)
    assert (found.status, found.reply) == ("accepted", "Hẹn gặp lúc 4 giờ chiều.") and found.decided_at is not None
    page = client.get(url).get_data(as_text=True)
    assert "Đã nhận lời." in page
    [email] = _emails()
    assert email.kind == "booking_accepted" and "is accepted" in email.subject
    assert "Hẹn gặp lúc 4 giờ chiều." in email.text and "Good news" in email.text
    assert f"/en/bookings/{booking.id}?t={found.access_token}" in email.text


def test_accepting_needs_no_message_and_a_guest_without_email_gets_none(client, login_as, factories, host):
    member, product, _booking_with_email = host
    silent = factories.booking(product, email=None)
    db.session.commit()
    login_as(member)
    url = f"/vi/producer/bookings/{silent.id}"
    assert post_form(client, url, {}, post_url=f"{url}/accept").status_code == 302
    assert _booking(silent.id).status == "accepted"
    assert db.session.scalar(select(OutboxEmail).where(OutboxEmail.kind.like("booking_%"))) is None


def test_declining_asks_for_a_reason_after_a_confirm(client, login_as, host):
    member, product, booking = host
    login_as(member)
    url = f"/vi/producer/bookings/{booking.id}/decline"
    confirm = client.get(url)
    assert confirm.status_code == 200 and "Từ chối yêu cầu của Trần Văn Khách?" in confirm.get_data(as_text=True)
    empty = post_form(client, url, {"reply": "   "})
    assert empty.status_code == 400
    assert 'id="reply-error"' in empty.get_data(as_text=True)
    assert _booking(booking.id).status == "new" and _emails() == []
    response = post_form(client, url, {"reply": "Sorry, we are full that weekend."})
    assert response.status_code == 302
    assert _booking(booking.id).status == "declined"
    [email] = _emails()
    assert email.kind == "booking_declined" and "Sorry, we are full that weekend." in email.text
    assert "Hello Trần Văn Khách" in email.text


@pytest.mark.parametrize("first", ["accept", "decline"])
def test_a_second_answer_is_refused_and_changes_nothing(client, login_as, host, first):
    member, product, booking = host
    login_as(member)
    url = f"/vi/producer/bookings/{booking.id}"
    assert post_form(client, url, {"reply": "Lần đầu"}, post_url=f"{url}/{first}").status_code == 302
    before = _booking(booking.id)
    status, reply, decided = before.status, before.reply, before.decided_at
    token = csrf_from(client.get("/vi/producer/").get_data(as_text=True))
    for action in ("accept", "decline"):
        response = client.post(f"{url}/{action}", data={"csrf_token": token, "reply": "Lần hai"})
        assert response.status_code == 302
        page = client.get(response.headers["Location"]).get_data(as_text=True)
        assert "đã được trả lời hoặc đã bị hủy" in page
    after = _booking(booking.id)
    assert (after.status, after.reply, after.decided_at) == (status, reply, decided)
    assert len(_emails()) == 1


def test_a_forged_booking_id_in_the_form_touches_only_the_booking_in_the_url(client, login_as, factories, host):
    member, product, booking = host
    other = factories.booking()
    db.session.commit()
    login_as(member)
    url = f"/vi/producer/bookings/{booking.id}"
    post_form(client, url, {"reply": "OK", "booking_id": other.id}, post_url=f"{url}/accept")
    assert _booking(other.id).status == "new" and _booking(booking.id).status == "accepted"


def test_the_dashboard_counts_requests_to_answer(client, login_as, factories, host):
    member, product, booking = host
    factories.booking(product)
    factories.booking(product, status="declined")
    db.session.commit()
    login_as(member)
    page = client.get("/vi/producer/").get_data(as_text=True)
    assert "2 yêu cầu đặt chỗ cần trả lời" in page and 'href="/vi/producer/bookings"' in page


def test_the_producer_edits_the_experience_details(client, login_as, factories, host):
    member, product, booking = host
    login_as(member)
    url = f"/vi/producer/products/{product.id}/experience"
    assert "Phòng nghỉ, bữa tối và bữa sáng" in client.get(url).get_data(as_text=True)
    assert "Thông tin trải nghiệm" in client.get(f"/vi/producer/products/{product.id}").get_data(as_text=True)
    bad = post_form(client, url, {"includes_vi": "", "duration_vi": "1 đêm", "max_party": "0"})
    assert bad.status_code == 400 and 'id="includes_vi-error"' in bad.get_data(as_text=True)
    assert 'id="max_party-error"' in bad.get_data(as_text=True)
    response = post_form(client, url, {"includes_vi": "Nhà sàn, bữa tối", "duration_vi": "2 ngày 1 đêm",
                                       "season_vi": "Tháng 9 – 11", "max_party": "12", "includes_en": "",
                                       "duration_en": "", "season_en": ""})
    assert response.status_code == 302
    db.session.expire_all()
    experience = db.session.scalar(select(Experience).where(Experience.product_id == product.id))
    assert experience.max_party == 12
    assert experience.content["vi"] == {"includes": "Nhà sàn, bữa tối", "duration": "2 ngày 1 đêm",
                                        "season": "Tháng 9 – 11"}
    assert "en" not in experience.content


def test_experience_details_are_only_for_group_six_products(client, login_as, factories, host):
    member, product, booking = host
    parcel = factories.product(producer=db.session.get(Producer, product.producer_id), name="Miến dong")
    bare = factories.product(producer=db.session.get(Producer, product.producer_id), category="du-lich")
    db.session.commit()
    login_as(member)
    assert client.get(f"/vi/producer/products/{parcel.id}/experience").status_code == 404
    assert "Thông tin trải nghiệm" not in client.get(f"/vi/producer/products/{parcel.id}").get_data(as_text=True)
    response = post_form(client, f"/vi/producer/products/{bare.id}/experience",
                         {"includes_vi": "Bữa trưa", "duration_vi": "3 giờ", "max_party": "5"})
    assert response.status_code == 302
    assert db.session.scalar(select(Experience).where(Experience.product_id == bare.id)).max_party == 5


def test_a_suspended_producer_may_see_and_decline_but_not_accept(client, login_as, host):
    member, product, booking = host
    login_as(member)
    url = f"/vi/producer/bookings/{booking.id}"
    token = csrf_from(client.get(url).get_data(as_text=True))
    db.session.get(Producer, product.producer_id).status = "suspended"
    db.session.commit()
    assert client.get("/vi/producer/bookings").status_code == 200
    page = client.get(url).get_data(as_text=True)
    assert "không nhận đặt chỗ mới được" in page and f"{url}/accept" not in page
    assert client.post(f"{url}/accept", data={"csrf_token": token}).status_code == 403
    assert _booking(booking.id).status == "new"
    assert client.post(f"{url}/decline", data={"csrf_token": token, "reply": "Tạm nghỉ"}).status_code == 302
    assert _booking(booking.id).status == "declined"


def test_closing_a_request_that_changed_meanwhile_is_refused(app, host):
    """Host and guest at the same moment: the request object says new, the row says cancelled."""
    from ocop_shop.tourism import bookings

    _, _, booking = host
    stale = db.session.get(BookingRequest, booking.id)
    db.session.execute(update(BookingRequest).where(BookingRequest.id == booking.id).values(status="cancelled")
                       .execution_options(synchronize_session=False))
    assert stale.status == "new"
    with pytest.raises(bookings.BookingError):
        bookings.accept(stale, "Hẹn gặp")
    assert (stale.status, stale.reply) == ("cancelled", "")


@pytest.mark.parametrize("action", ["accept", "decline"])
def test_an_answer_racing_the_guests_cancel_is_refused_and_sends_nothing(client, login_as, host, action, monkeypatch):
    """The view's early check saw the request new; the guest cancelled before the host's answer was written."""
    member, product, booking = host
    login_as(member)
    url = f"/vi/producer/bookings/{booking.id}"
    token = csrf_from(client.get(url).get_data(as_text=True))
    monkeypatch.setattr(BookingRequest, "is_open", property(lambda self: True))
    db.session.execute(update(BookingRequest).where(BookingRequest.id == booking.id).values(status="cancelled"))
    db.session.commit()
    response = client.post(f"{url}/{action}", data={"csrf_token": token, "reply": "Hẹn gặp"})
    assert response.status_code == 302
    monkeypatch.undo()
    assert "đã được trả lời hoặc đã bị hủy" in client.get(response.headers["Location"]).get_data(as_text=True)
    after = _booking(booking.id)
    assert (after.status, after.reply) == ("cancelled", "")
    assert _emails() == []
