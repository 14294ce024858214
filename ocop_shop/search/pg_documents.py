"""The PostgreSQL backend's row for a product: the same folded words the Whoosh index holds.

Text is cut into words by the Whoosh backend's own analyzers (analysis.folded_analyzer and
exact_analyzer) and stored as ready-made lexemes (`array_to_tsvector`, 'simple' config, no
parsing by PostgreSQL), so both engines match exactly the same words. Queries are built the
same way: lexemes quoted here, never text parsed by to_tsquery.
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
        "name_words": folded_words(doc["name"]),
        "body_words": folded_words(doc["body"]),
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


def quote(lexeme: str, prefix: bool = False) -> str:
    """One lexeme in tsquery syntax, quoted (a quote or backslash in it can never be syntax)."""
    body = lexeme.replace("\\", "\\\\").replace("'", "''")
    return f"'{body}'" + (":*" if prefix else "")


def any_of(lexemes_: list[str], prefix: bool = False) -> str | None:
    """A tsquery text matching any of the lexemes (None for none)."""
    forms = [quote(w, prefix) for w in dict.fromkeys(lexemes_) if w]
    return " | ".join(forms) if forms else None
