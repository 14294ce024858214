"""Text analysis for the index and for queries: NFC first, then one folding rule (text.fold).

Whoosh sees only NFC text: decomposed input (NFD) would otherwise be cut into
fragments by the tokenizer before any filter could repair it. There is no
stemming and no stop list: Vietnamese syllables such as "to", "an", "me" are words.
"""
from __future__ import annotations

import unicodedata

from whoosh.analysis import Filter, LowercaseFilter, RegexTokenizer

from .. import text
from . import telex

MAX_QUERY_CHARS = 200
MAX_QUERY_TOKENS = 12
_TOKEN_PATTERN = r"\w+(?:[.,]\w+)*"


class FoldFilter(Filter):
    """Folds each token with text.fold (lowercase, no marks, đ → d): the project's one rule."""

    def __call__(self, tokens):
        for token in tokens:
            token.text = text.fold(token.text)
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
    """Tokens for accent-free matching: 'Rượu ngô' → ruou, ngo."""
    return RegexTokenizer(_TOKEN_PATTERN) | FoldFilter() | PluralFilter()


def exact_analyzer():
    """Tokens that keep their accents (lowercased): 'Rượu ngô' → rượu, ngô."""
    return RegexTokenizer(_TOKEN_PATTERN) | LowercaseFilter()


_TOKENIZER = RegexTokenizer(_TOKEN_PATTERN)


def nfc(value: str | None) -> str:
    """NFC-normalised text (every document and query passes here before Whoosh)."""
    return unicodedata.normalize("NFC", value or "")


def clean_query(raw: str | None) -> str:
    """A query as typed, made safe: NFC, control characters out, bounded length."""
    value = nfc(raw)
    value = "".join(c if unicodedata.category(c)[0] not in ("C",) else " " for c in value)
    return " ".join(value.split())[:MAX_QUERY_CHARS]


def words(value: str) -> list[str]:
    """The lowercased NFC words of a query (punctuation and query syntax drop out)."""
    return [t.text.lower() for t in _TOKENIZER(nfc(value))][:MAX_QUERY_TOKENS]


class QueryWord:
    """One typed word and the forms it is looked up under."""

    __slots__ = ("typed", "folded", "decoded", "decoded_folded", "singular")

    def __init__(self, typed: str):
        self.typed = typed
        self.folded = text.fold(typed)
        decoded = telex.decode(self.folded) if typed.isascii() else None
        self.decoded = decoded
        self.decoded_folded = text.fold(decoded) if decoded else None
        self.singular = singular_of(self.folded)

    @property
    def folded_forms(self) -> list[str]:
        """The folded forms to look up: as typed, then with Telex/VNI marks taken out."""
        forms = [self.folded]
        for form in (self.decoded_folded, self.singular):
            if form and form not in forms:
                forms.append(form)
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
    return [QueryWord(w) for w in words(value)]
