"""Vietnamese addresses after the 2025 reorganisation (34 provinces, province → ward), from
`vietnam-provinces` 2025.10.1, and phone numbers parsed with `phonenumbers` (region VN) or read
into the stored form accounts and producer contacts use (`normalize_phone`).

Shared by several page layers (checkout, the office's order search, places, the portal), so it
sits below them (DESIGN §3 rule 2); `ocop_shop.checkout.address` re-exports it.
"""
from __future__ import annotations

import re
from functools import lru_cache

import phonenumbers
from vietnam_provinces import Province, Ward

from .text import fold, normalize


@lru_cache(maxsize=1)
def provinces() -> tuple[tuple[int, str], ...]:
    """(code, name) of every province, sorted by name as Vietnamese readers expect (Cao Bằng first)."""
    items = [(int(p.code), p.name) for p in Province.iter_all()]
    items.sort(key=lambda item: (item[0] != 4, fold(item[1].removeprefix("Thành phố "))))
    return tuple(items)


@lru_cache(maxsize=64)
def wards(province_code: int) -> tuple[tuple[int, str], ...]:
    """(code, name) of the wards, communes and special zones of a province, sorted by name."""
    try:
        province = Province.from_code(province_code)
    except ValueError:
        return ()
    found = sorted(Ward.iter_by_province(province.code),
                   key=lambda w: fold(w.name)[len(w.division_type.value) + 1:])  # "Xã Trùng Khánh" by "trung khanh"
    return tuple((int(w.code), w.name) for w in found)


def province_name(code: int | None) -> str | None:
    return dict(provinces()).get(code) if code is not None else None


def ward_name(province_code: int | None, ward_code: int | None) -> str | None:
    """The ward's name, only when the ward belongs to that province."""
    if province_code is None or ward_code is None:
        return None
    return dict(wards(province_code)).get(ward_code)


def parse_phone(raw: str) -> str | None:
    """A valid phone number in E.164 (+84…), read with Việt Nam as the default region; else None."""
    try:
        number = phonenumbers.parse(raw or "", "VN")
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_valid_number(number):
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def display_phone(e164: str) -> str:
    """A stored number as people write it (national format for Vietnamese numbers)."""
    try:
        number = phonenumbers.parse(e164, "VN")
    except phonenumbers.NumberParseException:
        return e164
    fmt = phonenumbers.PhoneNumberFormat.NATIONAL if number.country_code == 84 else phonenumbers.PhoneNumberFormat.INTERNATIONAL
    return phonenumbers.format_number(number, fmt)


_PHONE_PUNCTUATION = re.compile(r"[\s.\-()]")
_VN_PHONE = re.compile(r"^0\d{9,10}$")


def normalize_phone(value: str | None) -> str | None:
    """A Vietnamese phone number in its stored form ('0912345678'), or None if it is not one.

    Accepts the ways people type it: '0912 345 678', '0912.345.678', '+84 912 345 678'.
    """
    digits = _PHONE_PUNCTUATION.sub("", normalize(value))
    if digits.startswith("+84"):
        digits = "0" + digits[3:]
    elif digits.startswith("84") and len(digits) in (11, 12):
        digits = "0" + digits[2:]
    return digits if _VN_PHONE.match(digits) else None
