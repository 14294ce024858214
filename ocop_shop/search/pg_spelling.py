"""PostgreSQL backend: did you mean — unknown words replaced by close indexed words (as spelling.py)."""
from __future__ import annotations

import itertools
from collections import Counter

from sqlalchemy import text

from .. import text as text_rules
from .analysis import QueryWord, words as split_words
from .pg_documents import quote
from .pg_vocabulary import Vocabulary
from .spelling import SUGGESTION_TRIES

BEST = 20  # matching products whose names show how the words are usually written


def did_you_mean(conn, vocab: Vocabulary, words: list[QueryWord]) -> str | None:
    """The query with unknown words replaced, tried fewest edits and most frequent first, each word
    shown in its most frequent accented form among the products the replacement finds."""
    options = _options(vocab, words)
    if options is None:
        return None
    for combo in itertools.islice(itertools.product(*options), SUGGESTION_TRIES):
        chosen = [f for f in combo if f]
        if not chosen:
            break
        names = _names_found(conn, chosen)
        if names:
            return " ".join(_accented(f, names) for f in chosen)
    return None


def _options(vocab: Vocabulary, words: list[QueryWord]) -> list[list[str | None]] | None:
    options: list[list[str | None]] = []
    changed = False
    for word in words:
        found = [f for f in reversed(word.typed_forms) if vocab.known(f)]
        if found or any(vocab.known(f) for f in word.folded_forms):  # found as a quantity or another name
            options.append([found[0] if found else word.folded])
            continue
        changed = True
        near = vocab.near(word.folded, 1)[:4]
        far = [w for w in vocab.near(word.folded, 2) if w not in near][:2]
        options.append(near + far or [None])
    return options if changed else None


def _names_found(conn, chosen: list[str]) -> list[str]:
    """Names of the best products holding every chosen word (name words count most). Those holding
    every word in their name rank best and come first; the others are ranked (each document
    tested) only when fewer than BEST do: the second branch's LIMIT is then above 0."""
    forms = [quote(word) for word in chosen]
    params = {"q": " & ".join(forms), **{f"w{i}": form for i, form in enumerate(forms)}}
    rank = " + ".join(f"(CASE WHEN d.names @@ CAST(:w{i} AS tsquery) THEN 4 ELSE 1 END)" for i in range(len(forms)))
    found = "SELECT d.card -> 'names' AS names FROM search_documents d"
    rows = conn.execute(text(
        f"WITH f AS ({found} WHERE d.names @@ CAST(:q AS tsquery) ORDER BY d.name_len, d.product_id LIMIT {BEST}) "
        f"SELECT names FROM f UNION ALL ({found} WHERE d.words @@ CAST(:q AS tsquery) "
        f"ORDER BY {rank} DESC, d.name_len, d.product_id "
        f"OFFSET (SELECT count(*) FROM f) LIMIT {BEST} - (SELECT count(*) FROM f))"), params).scalars()
    return [name for names in rows for name in (names or {}).values()]


def _accented(folded: str, names: list[str]) -> str:
    """How a folded word is written most often in these names."""
    seen = Counter(w for name in names for w in split_words(name) if text_rules.fold(w) == folded)
    return seen.most_common(1)[0][0] if seen else folded
