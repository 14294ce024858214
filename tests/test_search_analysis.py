"""Search analysis without an index: NFC, the one folding rule, Telex/VNI leftovers, highlighting."""
import unicodedata

import pytest

from ocop_shop.search.analysis import clean_query, exact_analyzer, folded_analyzer, query_words, words
from ocop_shop.search.highlight import highlight, snippet
from ocop_shop.search.telex import decode


def test_folded_tokens_come_from_text_fold():
    assert [t.text for t in folded_analyzer()("Rượu ngô Đại Hoàng")] == ["ruou", "ngo", "dai", "hoang"]


def test_exact_tokens_keep_accents():
    assert [t.text for t in exact_analyzer()("Rượu NGÔ")] == ["rượu", "ngô"]


def test_nfd_query_becomes_whole_words():
    nfd = unicodedata.normalize("NFD", "Hạt dẻ Trùng Khánh")
    assert words(nfd) == ["hạt", "dẻ", "trùng", "khánh"]


@pytest.mark.parametrize("typed, meant", [
    ("ruouw", "rươu"), ("ngoo", "ngô"), ("hatj", "hạt"), ("dde", "đe"), ("der", "dẻ"),
    ("nguoiwf", "người"), ("ruou7", "rươu"), ("ngo6", "ngô"), ("d9e", "đe"), ("tieengs", "tiếng"),
    ("vieetj", "việt"), ("cawts", "cắt"), ("hoawcj", "hoặc"),
])
def test_telex_and_vni_leftovers_are_decoded(typed, meant):
    assert decode(typed) == meant


@pytest.mark.parametrize("word", ["ruou", "ngo", "chestnuts", "brocade", "500g", "b52", "knives", "x"])
def test_words_that_are_not_leftovers_stay(word):
    assert decode(word) is None


def test_query_word_offers_typed_and_decoded_forms():
    word = query_words("ruouw")[0]
    assert word.folded_forms == ["ruouw", "ruou"]
    assert word.exact_forms == ["ruouw", "rươu"]


def test_hostile_input_is_bounded_and_harmless():
    assert len(clean_query("x" * 2000)) == 200
    assert clean_query("a\x00b\u200bc") == "a b c"
    assert words('AND OR NOT ( ) " * ? ~ ^ :') == ["and", "or", "not"]
    assert words("😀🍶") == []
    assert len(words(" ".join(["ngô"] * 50))) == 12


def test_highlight_marks_folded_matches_and_escapes():
    marked = highlight("Rượu ngô <Cải Vân>", {"ruou", "ngo"})
    assert str(marked) == "<mark>Rượu</mark> <mark>ngô</mark> &lt;Cải Vân&gt;"
    assert str(highlight("Hạt dẻ", set(), prefixes=("d",))) == "Hạt <mark>dẻ</mark>"


def test_snippet_centres_on_the_first_match_or_is_empty():
    text = "Mở đầu dài. " * 20 + "Rượu ngô nấu thủ công."
    cut = str(snippet(text, {"ngo"}))
    assert "<mark>ngô</mark>" in cut and cut.startswith("… ")
    assert str(snippet("Không có gì", {"ngo"})) == ""
