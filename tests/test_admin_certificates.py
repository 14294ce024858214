"""The office's certificates: record, bands and dates at their edges, revoke, renew, lists, one certificate."""
from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from ocop_shop.audit import AuditLog
from ocop_shop.catalog import certificate_register as register
from ocop_shop.catalog.models import Certification
from ocop_shop.extensions import db
from ocop_shop.producers.models import Producer
from ocop_shop.timeutil import local_today

from .admin_cases.certificates import certificate_count, certificate_data, text
from .conftest import post_form


@pytest.fixture
def office(login_as):
    return login_as("admin")


@pytest.fixture
def product(factories):
    producer = factories.producer(name="HTX Miến dong Phja Đén")
    item = factories.product(name="Miến dong Phja Đén – gói 500 g", producer=producer)
    db.session.commit()
    return item


def record(client, product, lang="vi", **overrides):
    url = f"/{lang}/admin/certificates/new?producer={product.producer_id}"
    return post_form(client, url, certificate_data(product, **overrides))


def the_certificate() -> Certification:
    db.session.expire_all()
    return db.session.scalar(select(Certification).order_by(Certification.id.desc()))


# --- bands and dates at their edges -----------------------------------------------------------


@pytest.mark.parametrize("stars, score, accepted", [
    (3, 49, False), (3, 50, True), (3, 69, True), (4, 69, False), (4, 70, True),
    (4, 89, True), (5, 89, False), (5, 90, True), (5, 100, True), (3, 70, False),
])
def test_score_must_fall_in_the_stars_band(client, office, product, stars, score, accepted):
    level = "national" if stars == 5 else "province"
    response = record(client, product, stars=str(stars), score=str(score), level=level)
    assert (response.status_code == 302) is accepted, text(response)[:600]
    assert certificate_count() == (1 if accepted else 0)
    if not accepted:
        assert "cần điểm từ" in text(response)  # the band, next to the score field, in Vietnamese
        assert 'id="score-error"' in text(response)


@pytest.mark.parametrize("level, stars, score, issued, accepted", [
    ("district", 3, 60, date(2025, 6, 30), True),
    ("district", 3, 60, date(2025, 7, 1), False),
    ("district", 4, 75, date(2024, 1, 10), False),
    ("province", 4, 75, date(2025, 7, 1), True),
    ("province", 5, 95, date(2025, 7, 1), False),
    ("national", 5, 95, date(2025, 7, 1), True),
    ("national", 4, 75, date(2025, 7, 1), False),
])
def test_who_may_issue_depends_on_stars_and_date(client, office, product, level, stars, score, issued, accepted):
    response = record(client, product, level=level, stars=str(stars), score=str(score),
                      issued_on=issued.isoformat(), decision_date=issued.isoformat())
    assert (response.status_code == 302) is accepted, text(response)[:600]
    if not accepted:
        assert 'id="level-error"' in text(response) and certificate_count() == 0


def test_expiry_defaults_to_36_months_and_may_not_precede_the_issue(client, office, product):
    response = record(client, product, issued_on="2025-02-28", decision_date="2025-02-28",
                      expires_on="2025-02-27")
    assert response.status_code == 200 and certificate_count() == 0
    assert "Ngày hết hạn không thể trước ngày cấp." in text(response)
    assert 'value="CN-OCOP-0001"' in text(response)  # what was typed is kept
    assert record(client, product, issued_on="2025-02-28", expires_on="2025-02-28").status_code == 302
    assert the_certificate().expires_on == date(2025, 2, 28)  # the decision may say otherwise
    assert record(client, product, number="CN-2", issued_on="2024-02-29", expires_on="").status_code == 302
    assert the_certificate().expires_on == date(2027, 2, 28)


def test_errors_are_in_the_page_language(client, office, product):
    response = record(client, product, lang="en", score="65")
    assert "4 stars need a score from 70 to 89; 65 points give 3 stars." in text(response)
    response = record(client, product, lang="en", issued_on="31/02/2025")
    assert "Please enter a date, like 2027-12-31." in text(response)


def test_a_certificate_number_is_unique(client, office, product, factories):
    factories.certification(product, number="CN-OCOP-0001")
    db.session.commit()
    response = record(client, product, number="cn-ocop-0001")
    assert response.status_code == 200 and certificate_count() == 1
    assert "Đã có giấy chứng nhận mang số này." in text(response)


def test_products_of_another_producer_are_refused(client, office, product, factories):
    other = factories.product(name="Trà hoa vàng", producer=factories.producer(name="HTX Trà Hoa Vàng"))
    db.session.commit()
    response = record(client, product, products=[str(product.id), str(other.id)])
    assert response.status_code == 200 and certificate_count() == 0
    assert "Trà hoa vàng thuộc cơ sở khác" in text(response)
    assert record(client, product, products=[]).status_code == 200 and certificate_count() == 0


def test_unknown_producer_or_certificate_is_404(client, office):
    assert client.get("/vi/admin/certificates/new?producer=999999").status_code == 404
    assert client.get("/vi/admin/certificates/999999").status_code == 404
    assert client.get("/vi/admin/certificates/999999/renew").status_code == 404


# --- a certificate recorded here shows everywhere, and revoking it too -------------------------


def _shows(client, product, cert, lang="vi"):
    page = text(client.get(f"/{lang}/products/{product.slug}"))
    listing = text(client.get(f"/{lang}/products"))
    verify = text(client.get(f"/{lang}/verify/{cert.public_code}"))
    return page, listing, verify


def test_recorded_certificate_makes_badge_check_page_and_label_appear_and_revoking_removes_them(
        client, office, product, factories):
    assert "OCOP 4 sao" not in text(client.get(f"/vi/products/{product.slug}"))
    response = record(client, product)
    cert = the_certificate()
    assert response.headers["Location"].endswith(f"/vi/admin/certificates/{cert.id}")
    page, listing, verify = _shows(client, product, cert)
    assert "OCOP 4 sao" in page and "CN-OCOP-0001" in page
    assert "OCOP 4 sao" in listing
    assert "Còn hiệu lực" in verify and "1234/QĐ-UBND" in verify
    qr = client.get(f"/v/{cert.public_code}", headers={"Accept-Language": "vi"})
    assert qr.status_code == 302 and qr.headers["Location"].endswith(f"/vi/verify/{cert.public_code}")
    member = factories.user(role="producer", producer=db.session.get(Producer, product.producer_id))
    db.session.commit()
    producer_client = client.application.test_client()
    post_form(producer_client, "/vi/account/login", {"login": member.email, "password": "correct horse battery"})
    labels = text(producer_client.get("/vi/producer/labels"))
    assert f"{cert.public_code[:4]}-{cert.public_code[4:]}" in labels and 'class="label"' in labels

    revoked = post_form(client, f"/vi/admin/certificates/{cert.id}", {"revoke-reason": "Không duy trì chất lượng"},
                        post_url=f"/vi/admin/certificates/{cert.id}/revoke")
    assert revoked.status_code == 302
    page, listing, verify = _shows(client, product, cert)
    assert "OCOP 4 sao" not in page and "đã bị thu hồi" in page
    assert "OCOP 4 sao" not in listing
    assert "Đã thu hồi" in verify and "Không duy trì chất lượng" in verify
    labels = text(producer_client.get("/vi/producer/labels"))
    assert 'class="label"' not in labels and "Đã bị thu hồi" in labels
    row = db.session.scalar(select(AuditLog).where(AuditLog.action == "certificate.revoke"))
    assert row.reason == "Không duy trì chất lượng" and row.object_id == cert.id


def test_revoking_needs_a_reason_and_happens_once(client, office, product, factories):
    cert = factories.certification(product, stars=3)
    db.session.commit()
    page = f"/vi/admin/certificates/{cert.id}"
    response = post_form(client, page, {"revoke-reason": " "}, post_url=f"{page}/revoke")
    assert response.status_code == 422 and "Vui lòng nêu lý do thu hồi." in text(response)
    assert not the_certificate().revoked
    stale = db.session.get(Certification, cert.id)
    register.revoke(stale, "Lần một", None)
    with pytest.raises(register.CertificateError):
        register.revoke(stale, "Lần hai", None)  # the row count says someone else already did
    db.session.rollback()
    assert the_certificate().revoked_reason is None  # nothing committed by the service itself


# --- renewal ----------------------------------------------------------------------------


def test_renewal_supersedes_the_old_certificate(client, office, product, factories):
    old = factories.certification(product, stars=3, number="CN-CU-01", issued_on=local_today() - timedelta(days=1000))
    db.session.commit()
    form = text(client.get(f"/vi/admin/certificates/{old.id}/renew"))
    assert f'value="{product.id}" checked' in form and '<option selected value="3">' in form
    response = post_form(client, f"/vi/admin/certificates/{old.id}/renew",
                         certificate_data(product, number="CN-MOI-02", issued_on=local_today().isoformat()))
    assert response.status_code == 302
    new = the_certificate()
    db.session.refresh(old)
    assert (old.superseded_by_id, old.superseded_on) == (new.id, local_today())
    assert old.state(local_today()) == "superseded" and new.state(local_today()) == "valid"
    verify_old = text(client.get(f"/vi/verify/{old.public_code}"))
    assert "Đã được thay thế" in verify_old and "CN-MOI-02" in verify_old
    assert f'href="/vi/verify/{new.public_code}"' in verify_old
    assert "OCOP 4 sao" in text(client.get(f"/vi/products/{product.slug}"))  # the new one's stars
    assert "OCOP 3 sao" not in text(client.get(f"/vi/products/{product.slug}"))
    again = client.get(f"/vi/admin/certificates/{old.id}/renew")
    assert again.status_code == 302  # a renewed certificate is not renewed twice
    row = db.session.scalar(select(AuditLog).where(AuditLog.action == "certificate.renew"))
    assert row.object_id == new.id and row.changes["supersedes"] == [None, "CN-CU-01"]


def test_a_renewal_taking_effect_later_leaves_the_old_one_valid_until_then(client, office, product, factories):
    old = factories.certification(product, stars=4, number="CN-CU-03", issued_on=local_today() - timedelta(days=900))
    db.session.commit()
    later = local_today() + timedelta(days=10)
    response = post_form(client, f"/vi/admin/certificates/{old.id}/renew",
                         certificate_data(product, number="CN-MOI-04", issued_on=later.isoformat()))
    assert response.status_code == 302
    db.session.refresh(old)
    assert old.is_valid(local_today()) and not old.is_valid(later)
    assert old.valid_until == later - timedelta(days=1)
    verify_old = text(client.get(f"/en/verify/{old.public_code}"))
    assert "This OCOP certificate is valid today" in verify_old and "It is renewed by certificate CN-MOI-04" in verify_old


def test_a_renewal_issued_before_the_old_certificate_is_refused(client, office, product, factories):
    old = factories.certification(product, stars=3, issued_on=local_today() - timedelta(days=10))
    db.session.commit()
    response = post_form(client, f"/vi/admin/certificates/{old.id}/renew",
                         certificate_data(product, number="CN-X", issued_on=(local_today() - timedelta(days=20)).isoformat()))
    assert response.status_code == 200 and certificate_count() == 1
    assert 'id="issued_on-error"' in text(response)


# --- lists and the certificate's page ------------------------------------------------------


def test_lists_filter_by_state_on_vietnam_days(client, office, factories):
    today = local_today()
    make = factories.certification

    def cert(number, **kwargs):
        return make(factories.product(), number=number, **kwargs)

    cert("E-30", issued_on=today - timedelta(days=400), expires_on=today + timedelta(days=30))
    cert("E-31", issued_on=today - timedelta(days=400), expires_on=today + timedelta(days=31))
    cert("E-90", issued_on=today - timedelta(days=400), expires_on=today + timedelta(days=90))
    cert("E-91", issued_on=today - timedelta(days=400), expires_on=today + timedelta(days=91))
    cert("EXPIRED", issued_on=today - timedelta(days=1200), expires_on=today - timedelta(days=1))
    cert("REVOKED", revoked=True)
    db.session.commit()

    def shown(filter_name):
        html = text(client.get(f"/vi/admin/certificates?show={filter_name}"))
        return {n for n in ("E-30", "E-31", "E-90", "E-91", "EXPIRED", "REVOKED") if f">{n}</a>" in html}

    assert shown("expiring_30") == {"E-30"}
    assert shown("expiring_90") == {"E-30", "E-31", "E-90"}
    assert shown("expired") == {"EXPIRED"}
    assert shown("revoked") == {"REVOKED"}
    assert shown("all") == {"E-30", "E-31", "E-90", "E-91", "EXPIRED", "REVOKED"}
    assert shown("nonsense") == shown("all")
    found = text(client.get("/vi/admin/certificates?number=e-9"))
    assert ">E-90</a>" in found and ">E-30</a>" not in found


def test_certificate_page_shows_facts_products_state_and_qr_link(client, office, product):
    record(client, product, lang="en")
    cert = the_certificate()
    html = text(client.get(f"/en/admin/certificates/{cert.id}"))
    for fact in ("CN-OCOP-0001", "4 stars", "78/100 points", "1234/QĐ-UBND", "Provincial People", "Valid",
                 "Miến dong Phja Đén – gói 500 g", "HTX Miến dong Phja Đén", f"http://localhost/v/{cert.public_code}"):
        assert fact in html, fact
    assert html.count("<h1") == 1


def test_every_record_is_audited_with_its_facts(client, office, product):
    record(client, product)
    row = db.session.scalar(select(AuditLog).where(AuditLog.action == "certificate.record"))
    assert row.actor_id == office.id and row.object_label == "CN-OCOP-0001"
    assert row.changes["stars"] == [None, 4] and row.changes["products"] == [None, [product.slug]]


def test_an_expired_form_keeps_what_was_typed(client, office, product):
    from .test_csrf_input import stale_post

    url = f"/vi/admin/certificates/new?producer={product.producer_id}"
    response = stale_post(client, url, certificate_data(product, number="CN-GIU-LAI"))
    assert 'value="CN-GIU-LAI"' in text(response) and f'value="{product.id}" checked' in text(response)
    assert certificate_count() == 0
    assert post_form(client, url, certificate_data(product, number="CN-GIU-LAI")).status_code == 302
