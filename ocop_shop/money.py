"""Money is an integer number of đồng; this module formats it per locale."""
from __future__ import annotations

from babel.numbers import format_currency


def format_vnd(amount: int, locale: str = "vi") -> str:
    """Format đồng: '150.000\u00a0₫' in vi, '₫150,000' in en."""
    return format_currency(int(amount), "VND", locale=locale)


def round_half_up(numerator: int, denominator: int) -> int:
    """Integer division rounded half-up, for per-unit discounts in whole đồng."""
    if denominator <= 0:
        raise ValueError("denominator must be positive")
    quotient, remainder = divmod(numerator, denominator)
    return quotient + (1 if remainder * 2 >= denominator else 0)
