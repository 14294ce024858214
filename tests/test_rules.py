"""The one-home rules: folding, money, certificate stars/levels/expiry, liquor, pricing."""
from datetime import date, timedelta

import pytest
from hypothesis import given, settings, strategies as st

from ocop_shop.catalog import alcohol, certificates
from ocop_shop.money import format_vnd, round_half_up
from ocop_shop.text import fold, normalize, slugify


@pytest.mark.parametrize("value, expected", [
    ("Rượu ngô Đại Hoàng", "ruou ngo dai hoang"),
    ("HẠT DẺ TRÙNG KHÁNH", "hat de trung khanh"),
    ("Thổ cẩm", "tho cam"),
])
def test_fold(value, expected):
    assert fold(value) == expected


def test_fold_treats_decomposed_text_like_composed():
    import unicodedata

    assert fold(unicodedata.normalize("NFD", "Miến dong Phja Đén")) == "mien dong phja den"


def test_slugify_uses_fold():
    assert slugify("Rượu ngô Đại Hoàng") == "ruou-ngo-dai-hoang"
    assert slugify("  !!! ") == "item"


def test_normalize_strips_and_composes():
    assert normalize("  Ca\u0309i Va\u0302n ") == "Cải Vân"


@settings(derandomize=True, max_examples=200)
@given(st.text())
def test_fold_output_is_lowercase_ascii_for_vietnamese_letters(value):
    folded = fold(value)
    assert fold(folded) == folded


def test_format_vnd_per_locale():
    assert format_vnd(150000, "vi") == "150.000\u00a0₫"
    assert format_vnd(150000, "en") == "₫150,000"


def test_round_half_up():
    assert round_half_up(5, 2) == 3
    assert round_half_up(4, 3) == 1
    assert round_half_up(-0, 7) == 0


@pytest.mark.parametrize("score, stars", [(100, 5), (90, 5), (89, 4), (70, 4), (69, 3), (50, 3), (49, 2), (30, 2), (29, 1), (0, 1)])
def test_stars_for_score(score, stars):
    assert certificates.stars_for_score(score) == stars


def test_stars_for_score_rejects_out_of_range():
    with pytest.raises(ValueError):
        certificates.stars_for_score(101)


def test_expiry_is_36_months_later():
    assert certificates.expiry_for(date(2023, 5, 10)) == date(2026, 5, 10)
    assert certificates.expiry_for(date(2024, 2, 29)) == date(2027, 2, 28)


@pytest.mark.parametrize("level, stars, issued, allowed", [
    ("national", 5, date(2026, 1, 1), True),
    ("province", 5, date(2026, 1, 1), False),
    ("province", 4, date(2026, 1, 1), True),
    ("district", 3, date(2025, 6, 30), True),
    ("district", 3, date(2025, 7, 1), False),
    ("district", 4, date(2024, 1, 1), False),
])
def test_issuing_level_rules(level, stars, issued, allowed):
    assert certificates.level_allowed(level, stars, issued) is allowed


def test_public_codes_are_crockford_and_forgiving():
    code = certificates.new_public_code()
    assert len(code) == 8 and set(code) <= set(certificates.CROCKFORD)
    assert certificates.normalize_public_code("ab-cd ilo0") == "ABCD1100"


class _P:
    def __init__(self, abv=None, price=100_000):
        self.abv, self.price = abv, price


def test_liquor_rules():
    beer, wine, spirit, food = _P(4.5), _P(12), _P(39), _P(None)
    assert not alcohol.needs_age_declaration(food)
    assert alcohol.needs_age_declaration(beer)
    assert not alcohol.needs_licence(beer) and alcohol.needs_licence(wine)
    assert alcohol.may_promote(wine) and not alcohol.may_promote(spirit)
    assert not alcohol.may_index(spirit)
    assert alcohol.cash_on_delivery_allowed([food])
    assert not alcohol.cash_on_delivery_allowed([food, beer])


def test_age_declaration_is_a_session_flag():
    session = {}
    assert alcohol.declare_age(session, 17) is False and not alcohol.age_declared(session)
    assert alcohol.declare_age(session, 18) is True and alcohol.age_declared(session)
    assert session == {alcohol.SESSION_KEY: True}


def test_certificate_validity_is_computed(factories):
    today = date(2026, 11, 29)
    cert = factories.certification(stars=4, issued_on=today - timedelta(days=10), expires_on=today)
    assert cert.is_valid(today) and cert.state(today) == "valid"
    assert not cert.is_valid(today + timedelta(days=1)) and cert.state(today + timedelta(days=1)) == "expired"
    assert cert.state(today - timedelta(days=11)) == "not_yet_valid"
    cert.revoked = True
    assert not cert.is_valid(today) and cert.state(today) == "revoked"
