"""The office's booking requests: the list and its filters, one request, and cancelling with a reason."""
from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import select, update

from ocop_shop.accounts.models import User
from ocop_shop.audit import AuditLog
from ocop_shop.catalog.models import Product
from ocop_shop.extensions import db
from ocop_shop.mail import OutboxEmail
from ocop_shop.tourism import bookings
from ocop_shop.tourism.experiences import BookingRequest
from ocop_shop.producers.models import Notification, Producer
from ocop_shop.types import utcnow

from .conftest import post_form

ROW = re.compile(r'href="/vi/admin/bookings/(\d+)"')


@pytest.fixture
def homestay(factories):
    """A homestay whose host has a member with an email address."""
    experience = factories.experience()
    product = db.session.get(Product, experience.product_id)
    producer = db.session.get(Producer, product.producer_id)
    factories.user(role="producer", producer=producer, email="host@test.example", name="Chủ nhà")
    return product


def _sent(booking, ago: timedelta) -> None:
    db.session.execute(update(BookingRequest).where(BookingRequest.id == booking.id).values(created_at=utcnow() - ago))


def _listed(client, query: str = "") -> list[int]:
    return [int(i) for i in ROW.findall(client.get(f"/vi/admin/bookings{query}").get_data(as_text=True))]


def _fresh(booking_id: int) -> BookingRequest:
    db.session.expire_all()
    return db.session.get(BookingRequest, booking_id)


def test_the_list_shows_every_request_newest_first(client, login_as, factories, homestay):
    older = factories.booking(homestay)
    _sent(older, timedelta(days=3))
    accepted = factories.booking(homestay, status="accepted")
    other = factories.booking()  # another host's
    db.session.commit()
    login_as("admin")
    assert _listed(client) == [other.id, accepted.id, older.id]
    page = client.get("/vi/admin/bookings").get_data(as_text=True)
    assert "Đã nhận" in page and "Trần Văn Khách" in page


def test_the_filters_narrow_by_state_lateness_host_and_experience(client, login_as, factories, homestay):
    late = factories.booking(homestay)
    _sent(late, timedelta(hours=49))
    recent = factories.booking(homestay)
    _sent(recent, timedelta(hours=47))
    declined = factories.booking(homestay, status="declined")
    _sent(declined, timedelta(hours=60))
    other = factories.booking()
    db.session.commit()
    login_as("admin")
    assert _listed(client, "?state=late") == [late.id]
    assert _listed(client, "?state=new") == [other.id, recent.id, late.id]
    assert _listed(client, "?state=declined") == [declined.id]
    assert _listed(client, f"?producer={homestay.producer_id}") == [recent.id, late.id, declined.id]
    assert _listed(client, f"?experience={other.product_id}") == [other.id]
    assert _listed(client, f"?state=new&producer={homestay.producer_id}") == [recent.id, late.id]


def test_a_bad_filter_value_is_an_error_next_to_it_not_a_500(client, login_as, factories):
    booking = factories.booking()
    db.session.commit()
    login_as("admin")
    response = client.get("/vi/admin/bookings?state=nonsense&producer=99999&page=999999")
    assert response.status_code == 200
    assert _listed(client, "?state=nonsense") == [booking.id]
    assert "field-error" in response.get_data(as_text=True)


def test_the_request_page_shows_its_facts_and_unknown_ids_are_404(client, login_as, factories, homestay):
    booking = factories.booking(homestay)
    db.session.commit()
    login_as("admin")
    page = client.get(f"/vi/admin/bookings/{booking.id}").get_data(as_text=True)
    assert "Trần Văn Khách" in page and "0912 345 678" in page and "Chúng tôi đến buổi chiều." in page
    assert f'action="/vi/admin/bookings/{booking.id}/cancel"' in page
    assert client.get("/vi/admin/bookings/999999").status_code == 404


def _cancel(client, booking_id: int, reason: str):
    return post_form(client, f"/vi/admin/bookings/{booking_id}", {"reason": reason},
                     post_url=f"/vi/admin/bookings/{booking_id}/cancel")


def test_cancelling_tells_host_and_guest_and_is_audited(client, login_as, factories, homestay):
    booking = factories.booking(homestay, locale="en", email="guest@test.example")
    db.session.commit()
    admin = login_as("admin")
    response = _cancel(client, booking.id, "  Đường vào bản bị sạt lở  ")
    assert response.status_code == 302
    found = _fresh(booking.id)
    assert (found.status, found.office_reason) == ("cancelled", "Đường vào bản bị sạt lở")
    guest = db.session.scalar(select(OutboxEmail).where(OutboxEmail.to == "guest@test.example"))
    assert guest.kind == "booking_cancelled" and "cancelled by the OCOP office" in guest.subject  # the guest's language
    assert "Đường vào bản bị sạt lở" in guest.text and f"/en/bookings/{booking.id}?t=" in guest.text
    host = db.session.scalar(select(OutboxEmail).where(OutboxEmail.to == "host@test.example"))
    assert host.kind == "producer_booking_cancelled" and "Đường vào bản bị sạt lở" in host.text
    assert db.session.scalar(select(Notification).where(Notification.kind == "booking_cancelled")) is not None
    entry = db.session.scalar(select(AuditLog).where(AuditLog.action == "booking.cancel"))
    assert (entry.actor_id, entry.object_id, entry.reason) == (admin.id, booking.id, "Đường vào bản bị sạt lở")
    assert entry.changes == {"status": ["new", "cancelled"]}
    page = client.get(f"/vi/admin/bookings/{booking.id}", follow_redirects=True).get_data(as_text=True)
    assert "Văn phòng OCOP đã hủy" in page
    status = client.get(f"/en/bookings/{booking.id}?t={found.access_token}").get_data(as_text=True)
    assert "The OCOP office cancelled this request: Đường vào bản bị sạt lở" in status


def test_a_guest_without_email_is_not_emailed_but_the_host_is(client, login_as, factories, homestay):
    booking = factories.booking(homestay, email="")
    db.session.commit()
    login_as("admin")
    assert _cancel(client, booking.id, "Trùng lịch lễ hội").status_code == 302
    db.session.expire_all()
    assert [e.to for e in db.session.scalars(select(OutboxEmail))] == ["host@test.example"]


def test_the_reason_is_required_and_what_was_typed_stays(client, login_as, factories):
    booking = factories.booking()
    db.session.commit()
    login_as("admin")
    response = _cancel(client, booking.id, "   ")
    assert response.status_code == 400
    assert "Vui lòng nêu lý do" in response.get_data(as_text=True)
    assert _fresh(booking.id).status == "new"
    assert db.session.scalar(select(AuditLog)) is None


@pytest.mark.parametrize("status", ["accepted", "declined", "cancelled"])
def test_an_answered_or_cancelled_request_cannot_be_cancelled(client, login_as, factories, status):
    booking = factories.booking(status=status)
    db.session.commit()
    login_as("admin")
    page = client.get(f"/vi/admin/bookings/{booking.id}").get_data(as_text=True)
    assert "/cancel\"" not in page
    response = post_form(client, "/vi/admin/", {"reason": "Muộn rồi"}, post_url=f"/vi/admin/bookings/{booking.id}/cancel")
    assert response.status_code == 302
    assert _fresh(booking.id).status == status and _fresh(booking.id).office_reason is None
    assert db.session.scalar(select(AuditLog)) is None
    assert db.session.scalar(select(OutboxEmail).where(OutboxEmail.kind == "booking_cancelled")) is None


def test_when_the_host_answers_first_the_office_cancel_loses(app, factories):
    booking = factories.booking()
    db.session.commit()
    stale = db.session.get(BookingRequest, booking.id)
    db.session.execute(update(BookingRequest).where(BookingRequest.id == booking.id).values(status="accepted"))
    with pytest.raises(bookings.BookingError):
        bookings.cancel_by_office(stale, "Hết chỗ", None)
    assert db.session.get(BookingRequest, booking.id).status == "accepted"
    assert db.session.scalar(select(AuditLog)) is None


def test_an_expired_form_keeps_the_reason_and_cancels_nothing(client, login_as, factories):
    booking = factories.booking()
    db.session.commit()
    login_as("admin")
    page = client.get(f"/vi/admin/bookings/{booking.id}").get_data(as_text=True)
    with client.session_transaction() as session:
        session.pop("csrf_token", None)
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)
    response = client.post(f"/vi/admin/bookings/{booking.id}/cancel",
                           data={"csrf_token": token, "reason": "Lũ quét trên đường vào bản"})
    assert response.status_code == 400
    assert "Lũ quét trên đường vào bản" in response.get_data(as_text=True)
    assert _fresh(booking.id).status == "new" and db.session.scalar(select(AuditLog)) is None


def test_the_hosts_portal_says_the_office_cancelled_it(client, login_as, factories, homestay):
    booking = factories.booking(homestay)
    bookings.cancel_by_office(booking, "Trùng lịch lễ hội", None)
    db.session.commit()
    member = db.session.scalars(select(User).where(User.email == "host@test.example")).one()
    login_as(member)
    page = client.get(f"/vi/producer/bookings/{booking.id}").get_data(as_text=True)
    assert "Văn phòng OCOP đã hủy yêu cầu này: Trùng lịch lễ hội" in page
    assert "Văn phòng OCOP đã hủy" in client.get("/vi/producer/bookings?show=all").get_data(as_text=True)
