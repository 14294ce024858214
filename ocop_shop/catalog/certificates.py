"""OCOP certificate rules (Decision 148/QĐ-TTg, 2023): stars, levels, expiry, public codes."""
from __future__ import annotations

import secrets
from datetime import date

CERTIFIED_STARS = (3, 4, 5)
VALIDITY_MONTHS = 36
DISTRICT_LEVEL_ENDS = date(2025, 7, 1)  # districts were abolished on 2025-07-01
CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
REMINDER_DAYS = (90, 30)


def stars_for_score(score: int) -> int:
    """Stars from the 100-point score: 90+ 5★, 70+ 4★, 50+ 3★, 30+ 2★, else 1★."""
    if not 0 <= score <= 100:
        raise ValueError("score must be between 0 and 100")
    for threshold, stars in ((90, 5), (70, 4), (50, 3), (30, 2)):
        if score >= threshold:
            return stars
    return 1


def expiry_for(issued_on: date) -> date:
    """A certificate expires 36 months after its issue date (clamped to the month's end)."""
    month_index = issued_on.month - 1 + VALIDITY_MONTHS
    year, month = issued_on.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(issued_on.day, _days_in_month(year, month)))


def _days_in_month(year: int, month: int) -> int:
    following = date(year + month // 12, month % 12 + 1, 1)
    return (following - date(year, month, 1)).days


def level_allowed(level: str, stars: int, issued_on: date) -> bool:
    """National for 5★, province for 3–4★, district only for 3★ issued before 2025-07-01."""
    if stars == 5:
        return level == "national"
    if level == "province":
        return stars in (3, 4)
    if level == "district":
        return stars == 3 and issued_on < DISTRICT_LEVEL_ENDS
    return False


def new_public_code() -> str:
    """An 8-character Crockford base32 code for the certificate's QR label."""
    return "".join(secrets.choice(CROCKFORD) for _ in range(8))


def normalize_public_code(code: str) -> str:
    """Read a typed code the Crockford way: case-blind, O→0, I/L→1, hyphens ignored."""
    table = str.maketrans({"O": "0", "I": "1", "L": "1", "-": None, " ": None})
    return code.upper().translate(table)
