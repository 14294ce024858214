"""Marking the matched words in a product's name and description (escaped, then <mark>)."""
from __future__ import annotations

import re
from typing import Iterable

from markupsafe import Markup, escape

from .. import text
from .analysis import nfc

_WORD = re.compile(r"\w+", re.UNICODE)
SNIPPET_CHARS = 120


def _matches(word: str, terms: frozenset[str] | set[str], prefixes: Iterable[str]) -> bool:
    folded = text.fold(word)
    return folded in terms or any(folded.startswith(p) for p in prefixes)


def highlight(value: str, terms: Iterable[str], prefixes: Iterable[str] = ()) -> Markup:
    """The text, HTML-escaped, with every word whose folded form matched wrapped in <mark>."""
    value = nfc(value)
    terms = frozenset(terms)
    prefixes = tuple(prefixes)
    out: list[str] = []
    last = 0
    for m in _WORD.finditer(value):
        if _matches(m.group(), terms, prefixes):
            out.append(str(escape(value[last:m.start()])))
            out.append(f"<mark>{escape(m.group())}</mark>")
            last = m.end()
    out.append(str(escape(value[last:])))
    return Markup("".join(out))


def snippet(value: str, terms: Iterable[str], prefixes: Iterable[str] = (), size: int = SNIPPET_CHARS) -> Markup:
    """About `size` characters of the text around its first matched word, highlighted ("" if none)."""
    value = " ".join(nfc(value).split())
    terms = frozenset(terms)
    prefixes = tuple(prefixes)
    first = next((m.start() for m in _WORD.finditer(value) if _matches(m.group(), terms, prefixes)), None)
    if first is None:
        return Markup("")
    if len(value) <= size:
        start = 0
    else:
        start = max(0, first - size // 3)
        space = value.rfind(" ", 0, start)
        start = space + 1 if space >= 0 else start
    end = min(len(value), start + size)
    if end < len(value):
        space = value.rfind(" ", start, end)
        end = space if space > start else end
    part = value[start:end]
    lead = "… " if start > 0 else ""
    tail = " …" if end < len(value) else ""
    return Markup(escape(lead)) + highlight(part, terms, prefixes) + Markup(escape(tail))
