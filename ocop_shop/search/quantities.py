"""Quantities as people write them: "500ml", "1,5l", "2 ký", "750 ml" and "0,75 lít".

The same rules run on product text (index) and on queries, so both sides agree:
- a number glued to a unit is two words ("500ml" → "500", "ml"); other letter/digit
  mixes ("b52", "3d") stay whole;
- a unit word right after a number also stands for its canonical unit ("lít" → "l",
  "gam" → "g", "ký" → "kg", "cân" → "kg"); nowhere else, so "cân" the verb, "Hạ Lang"
  and "can" (a jerrycan, even after a number: "cân" counts only with its mark) are untouched;
- a number and its unit also stand for the quantity in base units, one word
  ("0,75 lít" and "750 ml" → "750ml"; "2 kg" and "2000 g" → "2000g").
Numbers: a separator followed by exactly three digits groups thousands ("3.000", "1,500");
otherwise one "," or "." is the decimal mark ("1,5", "0.75").
"""
from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from whoosh.analysis import Filter

from .folding import fold_word

# Folded spelling → (canonical unit, base unit, base units per unit).
UNITS: dict[str, tuple[str, str, int]] = {}
for _spellings, _unit, _base, _factor in (
    ("ml mililit mililitre millilitre mililiter milliliter", "ml", "ml", 1),
    ("l lit litre liter litres liters", "l", "ml", 1000),
    ("g gr gam gram grams gramme", "g", "g", 1),
    ("kg kgs ki ky kilo kilos kilogram kilograms", "kg", "g", 1000),
    ("lang", "lang", "g", 100),   # "2 lạng" = 200 g (northern everyday weight)
):
    for _spelling in _spellings.split():
        UNITS[_spelling] = (_unit, _base, _factor)
# Spellings that are units only with their marks: "2 cân" is 2 kg, "2 can" is two jerrycans.
ACCENTED_UNITS = {"cân": ("kg", "g", 1000)}

_GLUED = re.compile(r"^(\d+(?:[.,]\d+)*)([^\W\d_]+)$")
_NUMBER = re.compile(r"^\d+(?:[.,]\d+)*$")
MAX_BASE = 10 ** 9


def unit_of(word: str) -> tuple[str, str, int] | None:
    """(canonical unit, base unit, factor) of a unit spelling, or None."""
    lowered = word.lower()
    return ACCENTED_UNITS.get(lowered) or UNITS.get(fold_word(lowered))


def number_value(word: str) -> Decimal | None:
    """The value of a written number ("1,5" → 1.5, "3.000" → 3000), or None."""
    if not _NUMBER.match(word):
        return None
    head, *groups = re.split(r"[.,]", word)
    if groups and all(len(g) == 3 for g in groups):
        return Decimal(head + "".join(groups))
    if len(groups) > 1:
        return None  # "1,5.3": no reading
    try:
        return Decimal(f"{head}.{groups[0]}" if groups else head)
    except InvalidOperation:
        return None


def split_glued(word: str) -> tuple[str, str] | None:
    """("500", "ml") for "500ml"; None when the letters are not a unit."""
    match = _GLUED.match(word)
    if match and unit_of(match.group(2)):
        return match.group(1), match.group(2)
    return None


def quantity_forms(number: str, unit: str) -> list[str]:
    """The extra forms of a unit word after a number: its canonical unit and the base quantity."""
    found = unit_of(unit)
    value = number_value(number)
    if not found or value is None:
        return []
    canonical, base, factor = found
    forms = [canonical] if canonical != fold_word(unit) else []
    amount = value * factor
    if amount == amount.to_integral_value() and 0 < amount < MAX_BASE:
        forms.append(f"{int(amount)}{base}")
    return forms


def base_quantity(number: str, unit: str) -> str | None:
    """"0,75" + "lít" → "750ml" (None when the pair is not a quantity)."""
    forms = [f for f in quantity_forms(number, unit) if f[0].isdigit()]
    return forms[0] if forms else None


class SplitQuantityFilter(Filter):
    """"500ml" → "500", "ml" (the words after it move one position on)."""

    def __call__(self, tokens):
        shift = 0
        for token in tokens:
            if token.positions:
                token.pos += shift
            parts = split_glued(token.text) if token.text[:1].isdigit() else None
            if not parts:
                yield token
                continue
            number, unit = parts
            start = getattr(token, "startchar", None)
            token.text = number
            if token.chars:
                token.endchar = start + len(number)
            yield token
            token.text = unit
            if token.chars:
                token.startchar, token.endchar = start + len(number), start + len(number) + len(unit)
            if token.positions:
                token.pos += 1
            shift += 1
            yield token


class UnitFilter(Filter):
    """After a number, a unit word also stands for its canonical unit and the base quantity."""

    def __call__(self, tokens):
        previous = None
        for token in tokens:
            current = token.text
            extras = quantity_forms(previous, current) if previous and previous[0].isdigit() else []
            yield token
            for form in extras:
                extra = token.copy()
                extra.text = form
                yield extra
            previous = current
