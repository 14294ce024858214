"""Text analysis for the index and for queries: NFC first, then one folding rule (text.fold).

Whoosh sees only NFC text: decomposed input (NFD) would otherwise be cut into
fragments by the tokenizer before any filter could repair it. There is no
stemming and no stop list: Vietnamese syllables such as "to", "an", "me" are words.
"""
from __future__ import annotations

import unicodedata
from functools import lru_cache

from whoosh.analysis import Filter, LowercaseFilter, RegexTokenizer

from .. import text
from . import telex
from .folding import fold_word
from .quantities import SplitQuantityFilter, UnitFilter, number_value, quantity_forms
from .synonyms import Slot, SynonymFilter, highlight_words, occurrences

MAX_QUERY_CHARS = 200
MAX_QUERY_TOKENS = 12
_TOKEN_PATTERN = r"\w+(?:[.,]\w+)*"


class FoldFilter(Filter):
    """Folds each token with text.fold (lowercase, no marks, đ → d): the project's one rule."""

    def __call__(self, tokens):
        for token in tokens:
            token.text = fold_word(token.text)
            yield token


class PluralFilter(Filter):
    """Also indexes an English plural's singular at the same position ("chestnuts" → "chestnut").

    Not stemming: only a final "s" goes, on words of 4+ letters. No Vietnamese syllable
    ends in "s", so no Vietnamese word is touched.
    """

    def __call__(self, tokens):
        for token in tokens:
            yield token
            singular = singular_of(token.text)
            if singular:
                extra = token.copy()
                extra.text = singular
                yield extra


def singular_of(word: str) -> str | None:
    """"chestnuts" → "chestnut"; None when the word is not an English-looking plural."""
    if len(word) >= 4 and word.endswith("s") and not word.endswith("ss") and word.isascii() and word.isalpha():
        return word[:-1]
    return None


def folded_analyzer():
    """Tokens for accent-free matching: 'Rượu ngô' → ruou, ngo, synngo; '1,5l' → 1,5, l, 1500ml.

    Quantities (quantities.py) and regional names (synonyms.py) add words at the same
    position as the word they stand for; the query side adds the same words to QueryWord.
    """
    return (RegexTokenizer(_TOKEN_PATTERN) | SplitQuantityFilter() | LowercaseFilter() | SynonymFilter()
            | UnitFilter() | FoldFilter() | PluralFilter())


def exact_analyzer():
    """Tokens that keep their accents (lowercased): 'Rượu ngô' → rượu, ngô; '500ml' → 500, ml."""
    return RegexTokenizer(_TOKEN_PATTERN) | SplitQuantityFilter() | LowercaseFilter()


_TOKENIZER = RegexTokenizer(_TOKEN_PATTERN) | SplitQuantityFilter()
_FOLDED = folded_analyzer()


def nfc(value: str | None) -> str:
    """NFC-normalised text (every document and query passes here before Whoosh)."""
    return unicodedata.normalize("NFC", value or "")


def clean_query(raw: str | None) -> str:
    """A query as typed, made safe: NFC, control characters out, bounded length."""
    value = nfc(raw)
    value = "".join(c if unicodedata.category(c)[0] not in ("C",) else " " for c in value)
    return " ".join(value.split())[:MAX_QUERY_CHARS]


def words(value: str) -> list[str]:
    """The lowercased NFC words of a query (punctuation and query syntax drop out; "500ml" is two)."""
    return all_words(value)[:MAX_QUERY_TOKENS]


def all_words(value: str) -> list[str]:
    """Every lowercased NFC word of a text, as the analyzers cut it."""
    return [t.text.lower() for t in _TOKENIZER(nfc(value))]


@lru_cache(maxsize=8192)
def position_forms(value: str) -> tuple[frozenset[str], ...]:
    """Per word of a text (as all_words cuts it), every folded form the index holds for it."""
    by_position: dict[int, set[str]] = {}
    for token in _FOLDED(nfc(value), positions=True):
        by_position.setdefault(token.pos, set()).add(token.text)
    return tuple(frozenset(by_position.get(i, ())) for i in range(max(by_position, default=-1) + 1))


class QueryWord:
    """One typed word and the forms it is looked up under.

    `quantity` and `synonyms` are set by query_words() from the words around it: a number
    followed by a unit ("500 ml") and a regional name ("đậu phộng") are read together.
    """

    __slots__ = ("typed", "folded", "decoded", "decoded_folded", "singular", "quantity", "synonyms")

    def __init__(self, typed: str):
        self.typed = typed
        self.folded = text.fold(typed)
        decoded = telex.decode(self.folded) if typed.isascii() else None
        self.decoded = decoded
        self.decoded_folded = text.fold(decoded) if decoded else None
        self.singular = singular_of(self.folded)
        self.quantity: list[str] = []   # canonical unit and base quantity ("ml", "750ml")
        self.synonyms: list[str] = []   # regional-name group words ("synngo"); may rank lower

    @property
    def typed_forms(self) -> list[str]:
        """The word itself, folded: as typed, then with Telex/VNI marks taken out, then singular."""
        forms = [self.folded]
        for form in (self.decoded_folded, self.singular):
            if form and form not in forms:
                forms.append(form)
        return forms

    @property
    def folded_forms(self) -> list[str]:
        """Every folded form to look up: typed_forms, then quantity forms, then synonym groups."""
        forms = self.typed_forms
        for form in self.quantity + self.synonyms:
            if form not in forms:
                forms.append(form)
        return forms

    @property
    def highlight_forms(self) -> set[str]:
        """Folded words to mark in results: the look-up forms, with a group's one-word names for its word."""
        forms = set(self.typed_forms) | set(self.quantity)
        for token in self.synonyms:
            forms |= highlight_words(token)
        return forms

    @property
    def exact_forms(self) -> list[str]:
        forms = [self.typed]
        if self.decoded and self.decoded != self.typed:
            forms.append(self.decoded)
        return forms

    def __repr__(self) -> str:
        return f"QueryWord({self.typed!r})"


def query_words(value: str) -> list[QueryWord]:
    """The words of a query with the forms the index holds for them (quantities, regional names)."""
    found = [QueryWord(w) for w in words(value)]
    _add_quantities(found)
    _add_synonyms(found)
    return found


def _add_quantities(found: list[QueryWord]) -> None:
    """A unit after a number: both words also look up the base quantity ("500 ml" → "500ml")."""
    for number, unit in zip(found, found[1:]):
        if number_value(number.typed) is None:
            continue
        for spelling in unit.exact_forms:
            extras = quantity_forms(number.typed, spelling)
            unit.quantity += [f for f in extras if f not in unit.quantity]
            number.quantity += [f for f in extras if f[0].isdigit() and f not in number.quantity]


def _add_synonyms(found: list[QueryWord]) -> None:
    """Each word of a regional name also looks up its group's word ("bắp" → "synngo")."""
    slots = [Slot(set(w.exact_forms), set(w.typed_forms) if w.typed.isascii() else set(), set(w.typed_forms))
             for w in found]
    for start, end, group in occurrences(slots):
        for word in found[start:end]:
            if group.token not in word.synonyms:
                word.synonyms.append(group.token)
