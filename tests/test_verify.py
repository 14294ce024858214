"""Certificate verification: /<lang>/verify/<code> and the printed QR's /v/<code>."""
from __future__ import annotations

import pytest

from ocop_shop.extensions import db

from .factories import a_day


def text(response) -> str:
    return response.get_data(as_text=True)


@pytest.fixture
def certified(factories, make_product):
    producer = factories.producer(name="HTX Miến dong Phja Đén")
    product = make_product(name="Miến dong Phja Đén", producer=producer)
    return producer, product


@pytest.mark.parametrize("lang, word, heading", [
    ("vi", "Còn hiệu lực", "Giấy chứng nhận OCOP này hôm nay còn hiệu lực"),
    ("en", "Valid", "This OCOP certificate is valid today"),
])
def test_valid_certificate(client, factories, certified, lang, word, heading):
    producer, product = certified
    cert = factories.certification(product, stars=4, number="DEMO-0100")
    db.session.commit()
    html = text(client.get(f"/{lang}/verify/{cert.public_code}"))
    assert word in html and heading in html
    assert "DEMO-0100" in html and cert.decision in html
    assert ("OCOP 4 sao" if lang == "vi" else "OCOP 4-star") in html
    assert "Miến dong Phja Đén" in html and "HTX Miến dong Phja Đén" in html
    assert f'href="/{lang}/products/{product.slug}"' in html
    assert ("Giấy chứng nhận mẫu" if lang == "vi" else "Sample certificate") in html


@pytest.mark.parametrize("lang, word", [("vi", "Hết hạn"), ("en", "Expired")])
def test_expired_certificate(client, factories, certified, lang, word):
    _producer, product = certified
    cert = factories.certification(product, stars=4, expires_on=a_day(-1))
    db.session.commit()
    html = text(client.get(f"/{lang}/verify/{cert.public_code}"))
    assert word in html
    assert "OCOP 4 sao" not in html and "OCOP 4-star" not in html


@pytest.mark.parametrize("lang, word", [("vi", "Đã thu hồi"), ("en", "Revoked")])
def test_revoked_certificate(client, factories, certified, lang, word):
    _producer, product = certified
    cert = factories.certification(product, stars=3, revoked=True)
    cert.revoked_reason = "Không duy trì chất lượng"
    db.session.commit()
    html = text(client.get(f"/{lang}/verify/{cert.public_code}"))
    assert word in html and "Không duy trì chất lượng" in html
    assert "OCOP 3 sao" not in html and "OCOP 3-star" not in html


def test_codes_are_read_the_crockford_way(client, factories, certified):
    _producer, product = certified
    cert = factories.certification(product)
    cert.public_code = "0A1B2C3D"
    db.session.commit()
    response = client.get("/vi/verify/oa1b-2c3d")
    assert response.status_code == 301
    assert response.headers["Location"].endswith("/vi/verify/0A1B2C3D")
    assert client.get("/vi/verify/0AiB2C3D").headers["Location"].endswith("/vi/verify/0A1B2C3D")
    assert client.get("/vi/verify/0A1B2C3D").status_code == 200


@pytest.mark.parametrize("lang, message", [("vi", "Không có giấy chứng nhận OCOP nào mang mã"),
                                           ("en", "No OCOP certificate has the code")])
def test_unknown_code_is_a_clear_404(client, lang, message):
    response = client.get(f"/{lang}/verify/ZZZZZZZZ")
    assert response.status_code == 404
    html = text(response)
    assert message in html and "ZZZZZZZZ" in html
    assert 'name="code"' in html


@pytest.mark.parametrize("code", ["-", "%20", "U" * 40, "%3Cb%3E"])
def test_odd_codes_never_fail(client, code):
    assert client.get(f"/vi/verify/{code}").status_code in (301, 404)
    assert client.get(f"/v/{code}").status_code in (302, 404)


@pytest.mark.parametrize("header, lang", [(None, "vi"), ("en-GB,en;q=0.8", "en"), ("vi-VN", "vi")])
def test_printed_qr_redirects_to_the_best_language(client, factories, certified, header, lang):
    _producer, product = certified
    cert = factories.certification(product)
    db.session.commit()
    headers = {"Accept-Language": header} if header else {}
    response = client.get(f"/v/{cert.public_code.lower()}", headers=headers)
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/{lang}/verify/{cert.public_code}")


def test_verify_form_finds_a_typed_code(client, factories, certified):
    _producer, product = certified
    cert = factories.certification(product)
    db.session.commit()
    form = client.get("/en/verify")
    assert form.status_code == 200 and 'name="code"' in text(form)
    typed = f"{cert.public_code[:4].lower()}-{cert.public_code[4:]}"
    response = client.get(f"/en/verify?code={typed}")
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/en/verify/{cert.public_code}")
    empty = client.get("/en/verify?code=")
    assert empty.status_code == 200 and "Please type the 8-character code" in text(empty)


def test_products_not_public_are_not_listed(client, factories, make_product):
    public = make_product(name="Đang bán")
    draft = make_product(name="Bản nháp bí mật", status="draft")
    cert = factories.certification(public, draft)
    db.session.commit()
    html = text(client.get(f"/vi/verify/{cert.public_code}"))
    assert "Đang bán" in html and "Bản nháp bí mật" not in html
