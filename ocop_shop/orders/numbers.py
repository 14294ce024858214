"""Public order numbers: 8 random characters and a check character (Luhn mod 36).

The number is also the bank-transfer memo, so it uses only A–Z and 0–9; the random
part avoids 0/O and 1/I, which are misread when a number is typed or read aloud.
"""
from __future__ import annotations

import secrets

ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
BODY_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"
BODY_LENGTH = 8
_N = len(ALPHABET)


def _luhn_sum(chars: str, double_first: bool) -> int:
    total, double = 0, double_first
    for char in reversed(chars):
        addend = ALPHABET.index(char) * (2 if double else 1)
        total += addend // _N + addend % _N
        double = not double
    return total


def check_character(body: str) -> str:
    """The Luhn mod N check character for a body of A–Z0–9."""
    return ALPHABET[(_N - _luhn_sum(body, double_first=True) % _N) % _N]


def new_number() -> str:
    """A fresh 9-character order number (uniqueness is the database's job)."""
    body = "".join(secrets.choice(BODY_ALPHABET) for _ in range(BODY_LENGTH))
    return body + check_character(body)


def is_valid(number: str) -> bool:
    """Whether a typed number is well formed and its check character matches."""
    number = (number or "").strip().upper()
    if not 8 <= len(number) <= 10 or any(c not in ALPHABET for c in number):
        return False
    return _luhn_sum(number, double_first=False) % _N == 0
