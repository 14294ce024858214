"""QR labels: a printable sheet of QR codes for SITE_URL/v/<code>, the code printed under each."""
from __future__ import annotations

from datetime import timedelta

import pytest
import segno
from sqlalchemy import select

from ocop_shop.catalog.models import Certification
from ocop_shop.extensions import db
from ocop_shop.timeutil import local_today


@pytest.fixture
def member(factories, make_user, login_as):
    producer = factories.producer(name="HTX Cải Vân")
    login_as(make_user(role="producer", producer=producer))
    return producer


def _expected_svg_path(code: str) -> str:
    svg = segno.make(f"http://localhost/v/{code}", error="m").svg_inline(scale=1, border=4, omitsize=True, dark="#000")
    return svg.split(' d="')[1].split('"')[0]


def test_sheet_has_a_qr_code_for_each_certified_product_with_the_code_under_it(client, member, factories):
    factories.product(producer=member, name="Rượu ngô Cải Vân", stars=3)
    db.session.commit()
    certification = db.session.scalar(select(Certification))
    html = client.get("/vi/producer/labels").get_data(as_text=True)
    code = certification.public_code
    assert f"{code[:4]}-{code[4:]}" in html
    assert _expected_svg_path(code) in html  # the QR encodes SITE_URL/v/<code>
    assert "Rượu ngô Cải Vân" in html and 'class="label"' in html
    assert 'style="' not in html.split('class="label-sheet"')[1].split("</ul>")[0]
    # The printed URL leads to the certificate check.
    response = client.get(f"/v/{code}")
    assert response.status_code in (301, 302) and f"/verify/{code}" in response.headers["Location"]


def test_expired_and_revoked_certificates_get_no_label(client, member, factories):
    factories.product(producer=member, name="Hết hạn", stars=3, issued_on=local_today() - timedelta(days=1200),
                      expires_on=local_today() - timedelta(days=1))
    factories.product(producer=member, name="Bị thu hồi", stars=4, revoked=True)
    db.session.commit()
    html = client.get("/vi/producer/labels").get_data(as_text=True)
    assert 'class="label"' not in html
    assert "Đã hết hạn" in html and "Đã bị thu hồi" in html


@pytest.mark.parametrize("copies, expected", [("3", 3), ("100000", 60), ("abc", 1), ("-2", 1), ("0", 1)])
def test_copies_are_clamped(client, member, factories, copies, expected):
    factories.product(producer=member, name="Miến", stars=3)
    db.session.commit()
    response = client.get(f"/vi/producer/labels?copies={copies}")
    assert response.status_code == 200
    assert response.get_data(as_text=True).count('class="label"') == expected


def test_a_full_sheet_of_one_certificate(client, member, factories):
    product = factories.product(producer=member, name="Miến", stars=3)
    db.session.commit()
    certification = db.session.scalar(select(Certification))
    html = client.get(f"/vi/producer/labels/{certification.id}").get_data(as_text=True)
    assert html.count('class="label"') == 24 and product.name


def test_another_producers_certificate_is_404_and_not_listed(client, member, factories):
    factories.product(name="Của HTX khác", stars=5)
    db.session.commit()
    other = db.session.scalar(select(Certification))
    assert client.get(f"/vi/producer/labels/{other.id}").status_code == 404
    assert "Của HTX khác" not in client.get("/vi/producer/labels").get_data(as_text=True)


def test_print_css_hides_the_menus(app):
    from pathlib import Path

    css = (Path(app.static_folder) / "css" / "site.css").read_text()
    assert "@media print" in css and ".portal-nav" in css.split("@media print")[-1]
