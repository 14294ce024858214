"""text.fold for one word at a time, remembered: analysis folds the same words again and again."""
from __future__ import annotations

from functools import lru_cache

from .. import text


@lru_cache(maxsize=65536)
def fold_word(word: str) -> str:
    """text.fold of one token (cached; the catalog's vocabulary is a few thousand words)."""
    return text.fold(word)
