"""Money is an integer number of đồng; this module formats it per locale."""
from __future__ import annotations

from functools import lru_cache

from babel.numbers import format_currency


def format_vnd(amount: int, locale: str = "vi") -> str:
    """Format đồng: '150.000\u00a0₫' in vi, '₫150,000' in en."""
    return _formatted_vnd(int(amount), locale)


@lru_cache(maxsize=4096)
def _formatted_vnd(amount: int, locale: str) -> str:
    # Babel's currency formatting is slow (~50 µs) and a pure function of its two arguments;
    # a page of 24 cards and its price filter format the same few amounts over and over.
    return format_currency(amount, "VND", locale=locale)


def round_half_up(numerator: int, denominator: int) -> int:
    """Integer division rounded half-up, for per-unit discounts in whole đồng."""
    if denominator <= 0:
        raise ValueError("denominator must be positive")
    quotient, remainder = divmod(numerator, denominator)
    return quotient + (1 if remainder * 2 >= denominator else 0)
