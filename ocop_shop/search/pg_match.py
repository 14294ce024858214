"""PostgreSQL backend: what each query word is looked up under, as SQL over search_documents.

The same alternatives as matching.py: the folded forms (as typed, Telex/VNI-decoded, singular)
in names and bodies, the exact forms (accents kept) in the exact text, indexed words one typo
away, and for the word being typed its completions in names (pg_vocabulary reads them). The whole query is one tsquery on the `words` column (one GIN
lookup; completions, names only, are asked of the `names` column: condition); scoring tells names
(weight A) from bodies (B). Every value reaches SQL as a bind parameter; tsquery texts are built
from quoted lexemes (pg_documents.any_of).
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace

from sqlalchemy import text

from .analysis import QueryWord
from .matching import (MAX_EXPANSIONS, MIN_FUZZY_LENGTH, MIN_PREFIX_LENGTH, PREFIX_FACTOR, SYNONYM_FACTOR,
                       TYPO_FACTOR)
from .pg_documents import NAME, BODY, any_of
from .pg_vocabulary import Vocabulary
from .schema import EXACT_BOOST, NAME_BOOST

K1, B = 1.2, 0.75          # BM25 length normalisation (one occurrence per word: lexemes, no counts)
AVERAGE_NAME, AVERAGE_BODY = 8.0, 80.0  # typical words per name and body, for that normalisation


@dataclass
class Word:
    """One query word's alternatives (lexemes; empty: none) and its weight."""

    folded: list[str]
    exact: list[str]
    typo: list[str]
    prefix: list[str]          # completions of the word being typed (names only)
    idf: float
    # The folded forms by weight relative to idf, best first (see ranked_forms).
    forms: list[tuple[list[str], float]] = field(default_factory=list)

    @property
    def possible(self) -> bool:
        """Some document can hold this word (an indexed form, typo or completion)."""
        return bool(self.forms or self.typo or self.prefix)

    @property
    def body_weight(self) -> float | None:
        """What the word adds, relative to idf, in a body that holds it, when that is the same for
        every such body (one weight among its forms and no typos); else None."""
        return self.forms[0][1] if len(self.forms) == 1 and not self.typo else None


@dataclass
class PgMatch:
    words: list[QueryWord]
    lookups: list[Word]
    any_word: bool = False
    terms: set[str] = field(default_factory=set)
    prefixes: tuple[str, ...] = ()
    fields: dict[str, tuple[int, int]] = field(default_factory=dict)  # Vocabulary.fields

    def held(self, lexemes_: list[str], column: str) -> list[str]:
        """The lexemes some document holds in the column (`names`, or `words` read as bodies): a
        test of the others is never true (a lexeme the vocabulary has not read is kept)."""
        side = 0 if column == "names" else 1
        return [f for f in lexemes_ if self.fields.get(f, (1, 1))[side] > 0]


def build(vocab: Vocabulary, words: list[QueryWord], *, fuzzy: bool, prefix_last: bool,
          any_word: bool = False, fuzzy_last: bool = True) -> PgMatch:
    """The lookups of every word (see matching._match for the same rules on Whoosh)."""
    prefix_ok = prefix_last and len(words[-1].folded) >= (1 if len(words) > 1 else MIN_PREFIX_LENGTH)
    vocab.load([f for w in words for f in w.folded_forms])
    exact = vocab.held_exact(words)
    match = PgMatch(words=words, lookups=[], any_word=any_word,
                    prefixes=(words[-1].folded,) if prefix_ok else (), fields=vocab.fields)
    last = len(words) - 1
    for i, word in enumerate(words):
        match.terms.update(word.highlight_forms)
        typos: list[str] = []
        if fuzzy and (fuzzy_last or i < last) and not any(vocab.known(f) for f in word.folded_forms):
            for form in dict.fromkeys(f for f in (word.folded, word.singular) if f and len(f) >= MIN_FUZZY_LENGTH):
                typos += [t for t in vocab.near(form, 1)[:MAX_EXPANSIONS] if t not in typos]
        match.terms.update(typos)
        prefix = vocab.completions(word.folded) if prefix_ok and i == last else []
        idf = vocab.idf(word.folded_forms if any(vocab.known(f) for f in word.folded_forms) else typos)
        match.lookups.append(Word(folded=word.folded_forms, exact=exact[i], typo=typos, prefix=prefix,
                                  idf=idf, forms=ranked_forms(vocab, word, idf)))
    return match


def ranked_forms(vocab: Vocabulary, word: QueryWord, idf: float) -> list[tuple[list[str], float]]:
    """A word's folded forms as (lexemes, weight relative to idf), best first, as scoring.py weighs
    them on Whoosh (each by its own rarity): as typed; each quantity form on its own, so the
    quantity in base units ("500ml", rarer than "500" and "ml") lifts the products of exactly that
    quantity; another region's name × SYNONYM_FACTOR. Forms no document holds are left out."""
    groups = [(word.typed_forms, 1.0)] + [([q], 1.0) for q in word.quantity if q not in word.typed_forms]
    groups.append((word.synonyms, SYNONYM_FACTOR))
    out = []
    for forms, factor in groups:
        held = [f for f in forms if vocab.known(f)]
        if held:
            out.append((held, vocab.idf(held) * factor / idf))
    out.sort(key=lambda kv: -kv[1])
    return out


def num(value: float) -> str:
    """A constant as double precision (numeric arithmetic on every row would cost far more)."""
    return f"CAST({float(value)!r} AS float8)"


def _norm(column: str, average: float) -> str:
    return f"({num(K1 + 1)} / ({num(1 + K1 * (1 - B))} + {num(K1 * B / average)} * d.{column}))"


def query_text(match: PgMatch) -> str | None:
    """One tsquery for the whole match: every word (with any_word, any) in its forms or typos in a
    name or body, or its completions in a name. None: nothing can match."""
    parts = []
    for w in match.lookups:
        found = [q for q in (any_of(w.folded + w.typo), any_of(w.prefix, NAME)) if q]
        if found and w.possible:
            parts.append("(" + " | ".join(found) + ")")
        elif not match.any_word:
            return None
    return (" | " if match.any_word else " & ").join(parts) or None


def condition(match: PgMatch, params: dict, key: str = "q") -> str:
    """SQL: a document holds every word (with any_word, any of them) in one of its forms: one GIN
    lookup (no exact_tsv: a word found as typed is found folded too). The completions of the word
    being typed are names only: `words @@ 'x':A` is no GIN question (every document holding x in its
    body was read and rechecked: 29,000 of 50,000 at 100,000 products), so they are asked of `names`
    (the same words: the A entries of `words`), and the query becomes an OR of exact lookups: the
    query without them, or (the other words and) a completion in the name."""
    params[key] = query_text(match)
    prefixes = [p for w in match.lookups for p in w.prefix]
    if params[key] is None or not prefixes:
        return "FALSE" if params[key] is None else f"d.words @@ CAST(:{key} AS tsquery)"
    bare = [replace(w, prefix=[]) for w in match.lookups]
    params[f"{key}n"] = any_of(prefixes)
    named = [f"d.names @@ CAST(:{key}n AS tsquery)"]
    if not match.any_word and len(bare) > 1:  # (only the last word is being typed)
        params[f"{key}r"] = query_text(replace(match, lookups=bare[:-1]))
        named.insert(0, f"d.words @@ CAST(:{key}r AS tsquery)")
    params[f"{key}w"] = query_text(replace(match, lookups=bare))
    either = ([f"d.words @@ CAST(:{key}w AS tsquery)"] if params[f"{key}w"] else []) + [" AND ".join(named)]
    return "(" + " OR ".join(f"({test})" for test in either) + ")"


def in_names(match: PgMatch, params: dict) -> str:
    """SQL: some word is in the document's name (any alternative) or found as typed (two tests on
    small columns): the documents whose score is more than what bodies give (score(..., bodies=True))."""
    params["tn"] = any_of([f for w in match.lookups for f in w.folded + w.typo + w.prefix])
    params["te"] = any_of([f for w in match.lookups for f in w.exact])
    tests = [f"d.{column} @@ CAST(:{key} AS tsquery)" for column, key in (("names", "tn"), ("exact_tsv", "te"))
             if params[key]]
    return "(" + (" OR ".join(tests) or "FALSE") + ")"


def tiered(match: PgMatch) -> bool:
    """Whether a document without a word in its name scores by its body alone (every word is in
    it); with any_word, a word may be missing anywhere, and every match is scored word by word
    (measured: testing each word in every body cost more than scoring every match)."""
    return not match.any_word


def body_weights(match: PgMatch, params: dict) -> str:
    """SQL columns bw<i>: what each word whose forms differ in weight adds in the document's body
    (see Word.body_weight), for score(..., bodies=True)."""
    return "".join(f", {_body_case(match, params, i, w)} AS bw{i}" for i, w in enumerate(match.lookups)
                   if w.body_weight is None)


def _body_case(match: PgMatch, params: dict, i: int, w: Word) -> str:
    typo = [(w.typo, TYPO_FACTOR)] if w.typo else []
    return _cases(match, params, f"b{i}", "words", [(f, BODY, v) for f, v in w.forms + typo])


def _cases(match: PgMatch, params: dict, key: str, column: str, branches: list[tuple[list[str], str, float]]) -> str:
    """CASE over a column: the weight of the first branch (lexemes, field weight) the document holds;
    only the lexemes some document holds there (PgMatch.held): a branch none holds is left out, and a
    CASE left without branches is the constant 0."""
    whens = []
    held = [(lexemes_, weight, value) for f, weight, value in branches if (lexemes_ := match.held(f, column))]
    for j, (lexemes_, weight, value) in enumerate(held):
        params[f"{key}_{j}"] = any_of(lexemes_, weight)
        whens.append(f"WHEN d.{column} @@ CAST(:{key}_{j} AS tsquery) THEN {num(value)}")
    return f"(CASE {' '.join(whens)} ELSE {num(0)} END)" if whens else num(0)


def body_norm() -> str:
    """SQL on a document `d`: its body length normalisation (a column `nb` of pg_rank's `m`)."""
    return _norm("body_len", AVERAGE_BODY)


def score(match: PgMatch, params: dict, bodies: bool = False) -> str:
    """SQL: the sum over the words of their best form per field, boosted and length-normalised.
    With `bodies`, the score of a document holding no word in its name nor as typed (on `m` with
    body_weights and `nb`): idf × (body × nb) per word, bit for bit what the full arithmetic gives
    there (its name and as-typed terms are +0: x + 0 and 0 + x are exactly x), so equal scores stay equal."""
    terms = []
    for i, w in enumerate(match.lookups):
        if bodies:
            body = f"d.bw{i}" if w.body_weight is None else num(w.body_weight)
            terms.append(f"{num(w.idf)} * ({body} * d.nb)")
            continue
        typo = [(w.typo, TYPO_FACTOR)] if w.typo else []
        name = _cases(match, params, f"n{i}", "names", [(f, "", v) for f, v in w.forms + typo]
                      + ([(w.prefix, "", PREFIX_FACTOR)] if w.prefix else []))
        params[f"e{i}"] = any_of(w.exact)
        exact = f"(CASE WHEN d.exact_tsv @@ CAST(:e{i} AS tsquery) THEN {num(EXACT_BOOST)} ELSE {num(0)} END)"
        body, name_norm = _body_case(match, params, i, w), _norm("name_len", AVERAGE_NAME)
        parts = [f"{num(NAME_BOOST)} * {name} * {name_norm}" if name != num(0) else "",
                 f"{body} * {body_norm()}" if body != num(0) else "", f"{exact} * {name_norm}" if w.exact else ""]
        if any(parts):  # a part that is 0 (x + 0 and 0 + x are exactly x), or a word adding 0, is left out
            terms.append(f"{num(w.idf)} * ({' + '.join(p for p in parts if p)})")
    return " + ".join(terms) if terms else num(0)


def count_upto(conn, match: PgMatch, limit: int) -> int:
    """How many documents match (all, on sale or not, as matching._match counts), up to limit."""
    params: dict = {"limit": limit}
    where = condition(match, params)
    if params["q"] is None:  # a word no document holds in any form: nothing to ask the table
        return 0
    return int(conn.scalar(text(f"SELECT count(*) FROM (SELECT 1 FROM search_documents d WHERE {where} "
                                "LIMIT :limit) AS found"), params))
