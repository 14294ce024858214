"""`flask certificates remind`: renewal reminders at 90 and 30 days (DESIGN §2), each sent once."""
from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from ocop_shop.catalog.reminders import CertificateReminder, due_threshold, send_reminders
from ocop_shop.extensions import db
from ocop_shop.mail import OutboxEmail
from ocop_shop.producers.models import Notification
from ocop_shop.producers.notifications import message
from ocop_shop.timeutil import local_today


def _remind(app, today=None):
    args = ["certificates", "remind"] + (["--today", today.isoformat()] if today else [])
    result = app.test_cli_runner().invoke(args=args)
    assert result.exit_code == 0, result.output
    db.session.expire_all()
    return result.output


def _notes(producer) -> list[Notification]:
    return list(db.session.scalars(select(Notification).where(
        Notification.producer_id == producer.id, Notification.kind == "certificate_expiring").order_by(Notification.id)))


def _thresholds(certification) -> list[int]:
    return sorted(db.session.scalars(select(CertificateReminder.threshold).where(
        CertificateReminder.certification_id == certification.id)))


def _expiring_in(factories, days, producer=None, **fields):
    """A certificate expiring in `days` days and the producer of the product it covers."""
    today = local_today()
    product = factories.product(producer=producer, name=f"Rượu mận {days} ngày")
    return factories.certification(product, stars=4, issued_on=today - timedelta(days=1000),
                                   expires_on=today + timedelta(days=days), **fields), product.producer


def test_reminders_at_90_and_30_days_are_sent_once_each(app, factories):
    certification, producer = _expiring_in(factories, 80)
    db.session.commit()
    output = _remind(app)
    assert output.startswith("1 reminder(s): DEMO-") and "(90 days" in output
    assert _thresholds(certification) == [90]
    assert "No reminders due." in _remind(app)
    assert "No reminders due." in _remind(app, local_today() + timedelta(days=49))  # 31 days left
    output = _remind(app, local_today() + timedelta(days=50))  # 30 days left
    assert "(30 days, expires" in output and certification.number in output
    assert "No reminders due." in _remind(app, local_today() + timedelta(days=60))
    assert _thresholds(certification) == [30, 90]
    assert [n.params["threshold"] for n in _notes(producer)] == [90, 30]


def test_a_run_reports_what_it_sent(app, factories):
    certification, producer = _expiring_in(factories, 60)
    db.session.commit()
    expected = (f"1 reminder(s): {certification.number} (90 days, expires {certification.expires_on.isoformat()}) "
                f"to {producer.name}")
    assert _remind(app).strip() == expected


def test_a_certificate_first_seen_inside_30_days_gets_only_the_30_day_reminder(app, factories):
    certification, producer = _expiring_in(factories, 12)
    db.session.commit()
    assert "(30 days" in _remind(app)
    assert "No reminders due." in _remind(app)
    assert _thresholds(certification) == [30]
    assert len(_notes(producer)) == 1


@pytest.mark.parametrize("days", [91, 200])
def test_nothing_is_sent_before_90_days(app, factories, days):
    certification, _ = _expiring_in(factories, days)
    db.session.commit()
    assert "No reminders due." in _remind(app)
    assert _thresholds(certification) == []


def test_revoked_expired_and_not_yet_valid_certificates_get_nothing(app, factories):
    today = local_today()
    revoked, _ = _expiring_in(factories, 40, revoked=True)
    expired, _ = _expiring_in(factories, -1)
    future = factories.certification(factories.product(), stars=3, issued_on=today + timedelta(days=5),
                                     expires_on=today + timedelta(days=60))
    db.session.commit()
    assert "No reminders due." in _remind(app)
    assert [due_threshold(c, today) for c in (revoked, expired, future)] == [None, None, None]
    assert db.session.scalar(select(CertificateReminder.id)) is None


@pytest.mark.parametrize("status", ["suspended", "rejected", "pending"])
def test_producers_not_approved_get_nothing(app, factories, status):
    producer = factories.producer(status=status)
    certification, _ = _expiring_in(factories, 20, producer=producer)
    db.session.commit()
    assert "No reminders due." in _remind(app)
    assert _notes(producer) == [] and _thresholds(certification) == []


def test_a_suspended_producer_is_reminded_once_approved_again(app, factories):
    producer = factories.producer(status="suspended")
    certification, _ = _expiring_in(factories, 20, producer=producer)
    db.session.commit()
    _remind(app)
    producer.status = "approved"
    db.session.commit()
    assert "(30 days" in _remind(app)
    assert _thresholds(certification) == [30]


def test_a_certificate_covering_two_producers_reminds_each_of_them(app, factories):
    first, second = factories.product(name="Miến dong A"), factories.product(name="Miến dong B")
    certification = factories.certification(first, second, stars=3, issued_on=local_today() - timedelta(days=1000),
                                            expires_on=local_today() + timedelta(days=70))
    producers = first.producer, second.producer
    db.session.commit()
    assert _remind(app).startswith("2 reminder(s)")
    assert [n.params["products"] for n in _notes(producers[0])] == ["Miến dong A"]
    assert [n.params["products"] for n in _notes(producers[1])] == ["Miến dong B"]
    assert _thresholds(certification) == [90, 90]


def test_the_notification_says_which_products_when_and_what_to_do_in_each_language(app, factories, make_user):
    producer = factories.producer()
    make_user(role="producer", producer=producer, email="chu@test.example")
    english = make_user(role="producer", producer=producer, email="helper@test.example")
    english.locale = "en"
    make_user(role="producer", producer=producer, email="", phone="0912000222")  # dashboard only
    product = factories.product(producer=producer, name="Rượu ngô – chai 500 ml")
    certification = factories.certification(product, stars=3, number="DEMO-CB-777",
                                            issued_on=local_today() - timedelta(days=1000),
                                            expires_on=local_today() + timedelta(days=25))
    db.session.commit()
    _remind(app)
    day = certification.expires_on.strftime("%d/%m/%Y")
    [note] = _notes(producer)
    assert message(note) == (f"Giấy chứng nhận OCOP số DEMO-CB-777 (Rượu ngô – chai 500 ml) hết hạn vào ngày {day}. "
                             "Để giữ sao OCOP, hãy liên hệ Văn phòng OCOP hoặc UBND xã để được đánh giá lại "
                             "trước ngày đó.")
    emails = {e.to: e for e in db.session.scalars(select(OutboxEmail))}
    assert set(emails) == {"chu@test.example", "helper@test.example"}
    assert f"hết hạn vào ngày {day}" in emails["chu@test.example"].text
    assert emails["chu@test.example"].subject.startswith("OCOP Cao Bằng: Giấy chứng nhận OCOP số DEMO-CB-777")
    english_text = emails["helper@test.example"].text
    assert f"OCOP certificate DEMO-CB-777 (Rượu ngô – chai 500 ml) expires on {day}" in english_text
    assert "contact the OCOP office or your commune to be re-assessed" in english_text
    assert "http://localhost/en/producer/" in english_text


def test_the_reminder_matches_the_dashboard_list(client, factories, make_user, login_as):
    producer = factories.producer()
    login_as(make_user(role="producer", producer=producer))
    soon, _ = _expiring_in(factories, 89, producer=producer)
    later, _ = _expiring_in(factories, 91, producer=producer)
    db.session.commit()
    html = client.get("/vi/producer/").get_data(as_text=True)
    assert soon.number in html and later.number not in html
    sent = send_reminders()
    assert [r.number for r in sent] == [soon.number]
