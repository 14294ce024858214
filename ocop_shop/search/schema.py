"""The Whoosh schema: one document per public product."""
from __future__ import annotations

from whoosh.fields import ID, NUMERIC, STORED, TEXT, Schema

from .analysis import exact_analyzer, folded_analyzer

# Field boosts: a name match outranks a description match, and the unfolded field
# lifts documents whose accents match what was typed ("hạt dẻ" above "hạt dê").
NAME_BOOST = 4.0
EXACT_BOOST = 2.0


def build_schema() -> Schema:
    return Schema(
        id=ID(stored=True, unique=True),
        # Text: names (folded), everything else (folded), names and labels as typed.
        name=TEXT(analyzer=folded_analyzer(), field_boost=NAME_BOOST, phrase=True),
        body=TEXT(analyzer=folded_analyzer(), phrase=False),
        exact=TEXT(analyzer=exact_analyzer(), field_boost=EXACT_BOOST, phrase=False),
        # One value per document, read as columns for filters, facets and sorting.
        group=ID(sortable=True),            # top-level OCOP group slug
        subcategory=ID(sortable=True),      # the product's own category slug
        locality=ID(sortable=True),         # the producer's locality slug
        parent_locality=ID(sortable=True),  # and the locality above it
        producer=ID(sortable=True),
        price=NUMERIC(int, bits=64, sortable=True),
        newest=NUMERIC(int, bits=64, sortable=True),
        certs=ID(sortable=True),  # "stars:issued:expires" of unrevoked certificates, space separated
        # The last day the product may be on sale (yyyymmdd; 0: no end): a drink's alcohol licence
        # expiry (catalog.alcohol.sale_ends_on), compared with today when searching.
        sale_until=NUMERIC(int, bits=32, sortable=True),
        # Words per text field, for length normalisation in scoring.py's BM25.
        name_len=NUMERIC(int, bits=32, sortable=True),
        body_len=NUMERIC(int, bits=32, sortable=True),
        exact_len=NUMERIC(int, bits=32, sortable=True),
        # Shown in suggestions without a database round trip.
        card=STORED,
    )
