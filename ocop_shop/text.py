"""Text rules: NFC normalisation and the one folding function (search and slugs)."""
from __future__ import annotations

import re
import unicodedata

_NON_ALNUM = re.compile(r"[^a-z0-9]+")


def normalize(value: str | None) -> str:
    """NFC-normalise and strip submitted text."""
    if value is None:
        return ""
    return unicodedata.normalize("NFC", value).strip()


def fold(value: str) -> str:
    """Lowercase, drop diacritics and map đ/Đ to d: 'Rượu ngô Đại Hoàng' -> 'ruou ngo dai hoang'."""
    value = unicodedata.normalize("NFD", value.lower().replace("đ", "d").replace("Đ", "d"))
    return unicodedata.normalize("NFC", "".join(c for c in value if unicodedata.category(c) != "Mn"))


def slugify(value: str, max_length: int = 80) -> str:
    """A URL slug made with fold(): 'Rượu ngô Đại Hoàng' -> 'ruou-ngo-dai-hoang'."""
    slug = _NON_ALNUM.sub("-", fold(normalize(value))).strip("-")
    return slug[:max_length].rstrip("-") or "item"
