"""Did you mean: the query with unknown words replaced by close indexed words."""
from __future__ import annotations

import heapq
import itertools
from collections import Counter

from .. import text
from .analysis import QueryWord, words as split_words
from .matching import within
from .reader import Snapshot
from .scoring import frequency, known, word_scores

SUGGESTION_TRIES = 12     # word combinations did-you-mean may try


def did_you_mean(snapshot: Snapshot, words: list[QueryWord]) -> str | None:
    """The query with unknown words replaced by close indexed words, as it is usually written.

    Candidates are tried in order (fewest edits, then most frequent) until a combination
    finds products; each word is then shown in its most frequent accented form among them.
    """
    options = _options(snapshot.searcher.reader(), words)
    if options is None:
        return None
    cols = snapshot.columns()
    for combo in itertools.islice(itertools.product(*options), SUGGESTION_TRIES):
        chosen = [f for f in combo if f]
        if not chosen:
            break
        scored = [word_scores(snapshot, cols, (("name", f, 1.0), ("body", f, 1.0))) for f in chosen]
        common = set(min(scored, key=len))
        for scores in scored:
            common &= scores.keys()
        if common:
            best = heapq.nlargest(20, common, key=lambda d: sum(s[d] for s in scored))
            names = [name for d in best for name in snapshot.searcher.stored_fields(d)["card"]["names"].values()]
            return " ".join(_accented(f, names, snapshot) for f in chosen)
    return None


def _options(reader, words: list[QueryWord]) -> list[list[str | None]] | None:
    """Per word, the folded words to try in its place (None when every word is known)."""
    options: list[list[str | None]] = []
    changed = False
    for word in words:
        found = [f for f in reversed(word.typed_forms) if known(reader, f)]
        if found or any(known(reader, f) for f in word.folded_forms):  # found as a quantity or another name
            options.append([found[0] if found else word.folded])
            continue
        changed = True
        near = sorted(within(reader, word.folded, 1), key=lambda t: (-frequency(reader, t), t))[:4]
        far = sorted(within(reader, word.folded, 2) - set(near), key=lambda t: (-frequency(reader, t), t))[:2]
        options.append(near + far or [None])
    return options if changed else None


def _accented(folded: str, names: list[str], snapshot: Snapshot) -> str:
    """How a folded word is written most often in these names (else in the whole index)."""
    seen = Counter(w for name in names for w in split_words(name) if text.fold(w) == folded)
    if seen:
        return seen.most_common(1)[0][0]
    return snapshot.accents().get(folded, folded)
