"""The PostgreSQL backend's row for a product: the same folded words the Whoosh index holds.

Text is cut into words by the Whoosh backend's own analyzers (analysis.folded_analyzer and
exact_analyzer) and stored as ready-made lexemes (a quoted tsvector literal, no parsing by a
text search config), so both engines match exactly the same words. One column holds the name and
body words (weights A and B: `words_vector`), so a query is one GIN lookup; a weight in a query
('x':A) asks for the name only. Queries are built the same way: lexemes quoted here, never text parsed by to_tsquery.
"""
from __future__ import annotations

import json

from .analysis import exact_analyzer, folded_analyzer
from .documents import document

MAX_LEXEME = 200  # longer "words" (pasted junk) are not searchable on either engine in practice

_FOLDED = folded_analyzer()
_EXACT = exact_analyzer()


def lexemes(analyzer, value: str) -> list[str]:
    """The distinct words an analyzer makes of a text, in first-seen order."""
    found = dict.fromkeys(t.text for t in analyzer(value or ""))
    return [w for w in found if w and len(w) <= MAX_LEXEME]


def folded_words(value: str) -> list[str]:
    return lexemes(_FOLDED, value)


def exact_words(value: str) -> list[str]:
    return lexemes(_EXACT, value)


def _certificates(certs: str) -> tuple[list[int], list[int], list[int]]:
    """The "stars:issued:last valid day" triples of documents.document as three arrays."""
    stars, issued, until = [], [], []
    for cert in certs.split():
        if cert.count(":") == 2:
            s, i, u = cert.split(":")
            stars.append(int(s))
            issued.append(int(i))
            until.append(int(u))
    return stars, issued, until


def row_for(product) -> dict:
    """The bind parameters of one search_documents row (see pg_apply.UPSERT)."""
    doc = document(product)
    stars, issued, until = _certificates(doc["certs"])
    return {
        "product_id": int(doc["id"]),
        "name_words": (name := folded_words(doc["name"])),
        "body_words": (body := folded_words(doc["body"])),
        "words": words_vector(name, body),
        "exact_words": exact_words(doc["exact"]),
        "name_len": doc["name_len"],
        "body_len": doc["body_len"],
        "grp": doc["group"],
        "subcategory": doc["subcategory"],
        "locality": doc["locality"],
        "parent_locality": doc["parent_locality"],
        "producer": doc["producer"],
        "price": doc["price"],
        "newest": doc["newest"],
        "sale_until": doc["sale_until"],
        "cert_stars": stars,
        "cert_from": issued,
        "cert_until": until,
        "adult": bool(doc["card"]["adult"]),
        "card": json.dumps(doc["card"], ensure_ascii=False),
    }


NAME, BODY = "A", "B"  # the weights of name and body words in `words`
_POSITION = {NAME: 1, BODY: 2}  # weights live on positions: one made-up position per field


def words_vector(name_words: list[str], body_words: list[str]) -> str:
    """The `words` column as a tsvector literal: each word once, weighted A (name), B (body) or both."""
    fields: dict[str, list[str]] = {}
    for weight, found in ((NAME, name_words), (BODY, body_words)):
        for word in found:
            fields.setdefault(word, []).append(f"{_POSITION[weight]}{weight}")
    return " ".join(f"{quote(word)}:{','.join(marks)}" for word, marks in fields.items())


def quote(lexeme: str, weight: str = "") -> str:
    """One lexeme in tsquery/tsvector syntax, quoted (a quote or backslash in it can never be
    syntax); with a weight (A: names only) in a tsquery."""
    body = lexeme.replace("\\", "\\\\").replace("'", "''")
    return f"'{body}'" + (f":{weight}" if weight else "")


def any_of(lexemes_: list[str], weight: str = "") -> str | None:
    """A tsquery text matching any of the lexemes (None for none)."""
    forms = [quote(w, weight) for w in dict.fromkeys(lexemes_) if w]
    return " | ".join(forms) if forms else None
