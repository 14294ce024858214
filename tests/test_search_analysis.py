"""Search analysis without an index: NFC, the one folding rule, Telex/VNI leftovers, highlighting."""
import unicodedata

import pytest

from ocop_shop.search.analysis import clean_query, exact_analyzer, folded_analyzer, query_words, words
from ocop_shop.search.highlight import highlight, snippet
from ocop_shop.search.telex import decode


def test_folded_tokens_come_from_text_fold():
    assert [t.text for t in folded_analyzer()("Rượu nếp Đại Hoàng")] == ["ruou", "nep", "dai", "hoang"]


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


# Quantities as people type them (quantities.py): the same words on the index and the query side.

def _tokens(value: str) -> list[tuple[str, int]]:
    return [(t.text, t.pos) for t in folded_analyzer()(value, positions=True)]


def test_a_glued_quantity_is_two_words_and_its_base_quantity():
    assert _tokens("chai 500ml") == [("chai", 0), ("500", 1), ("ml", 2), ("500ml", 2)]
    assert _tokens("bình 1,5 lít đầy") == [("binh", 0), ("1,5", 1), ("lit", 2), ("l", 2), ("1500ml", 2), ("day", 3)]
    assert words("500ml, 1,5l") == ["500", "ml", "1,5", "l"]
    assert [t.text for t in exact_analyzer()("Chai 500ML")] == ["chai", "500", "ml"]


@pytest.mark.parametrize("word", ["b52", "3d", "mp3", "2x", "500m", "k9"])
def test_other_letter_digit_mixes_stay_whole(word):
    assert words(word) == [word]


def _quantity(query: str) -> list[str]:
    return query_words(query)[-1].quantity


@pytest.mark.parametrize("query, forms", [
    ("500ml", ["500ml"]), ("500 ml", ["500ml"]), ("500 mililít", ["ml", "500ml"]),
    ("1,5l", ["1500ml"]), ("1.5 lít", ["l", "1500ml"]), ("0,75 lit", ["l", "750ml"]), ("2 litres", ["l", "2000ml"]),
    ("1 liter", ["l", "1000ml"]), ("3.000 lít", ["l", "3000000ml"]),
    ("100g", ["100g"]), ("100 gr", ["g", "100g"]), ("100 gam", ["g", "100g"]), ("1,500 gram", ["g", "1500g"]),
    ("2kg", ["2000g"]), ("2 ký", ["kg", "2000g"]), ("2 kí", ["kg", "2000g"]), ("2 kilogram", ["kg", "2000g"]),
    ("2 cân", ["kg", "2000g"]), ("5 lạng", ["500g"]),
])
def test_unit_spellings_fold_to_one_unit_and_one_base_quantity(query, forms):
    assert _quantity(query) == forms
    assert query_words(query)[0].quantity == [forms[-1]]  # the number looks up the base quantity too


@pytest.mark.parametrize("query", ["2 can", "can 2", "lít", "kg", "Hạ Lang", "1,5,5 l", "0 kg", "9" * 12 + " kg"])
def test_units_count_only_after_a_usable_number(query):
    assert all(not w.quantity for w in query_words(query))


def test_numbers_read_thousands_and_decimals():
    from ocop_shop.search.quantities import number_value

    assert [str(number_value(n)) for n in ("3.000", "1,500", "1,5", "0.75", "12")] == ["3000", "1500", "1.5", "0.75", "12"]
    assert number_value("1,5.3") is None and number_value("abc") is None


# Regional names (synonyms.csv): every name of a group stands for the others, both ways.

def _rows():
    from ocop_shop.search.synonyms import groups

    return [(g.token, " ".join(name)) for g in groups() for name in g.names]


@pytest.mark.parametrize("token, name", _rows())
def test_every_regional_name_is_indexed_and_looked_up_under_its_group(token, name):
    assert token in [t.text for t in folded_analyzer()(f"Đặc sản {name} Cao Bằng")]
    assert all(token in w.folded_forms and token in w.synonyms for w in query_words(name))
    assert all(token not in w.typed_forms for w in query_words(name))


@pytest.mark.parametrize("query", ["dau phong", "bap", "ngo", "heo", "khoai mi", "bun tau", "tra", "che"])
def test_names_listed_as_plain_match_typed_without_marks(query):
    assert all(any(f.startswith("syn") for f in w.synonyms) for w in query_words(query))


@pytest.mark.parametrize("query", ["me", "vung", "lon", "dua", "mien", "san", "lac", "khom", "thơm", "thom"])
def test_ambiguous_words_without_marks_are_only_themselves(query):
    assert query_words(query)[0].synonyms == []


@pytest.mark.parametrize("text_", ["Bắp cải muối", "Gạo Bảo Lạc", "Chè lam Hòa An", "Trà Lĩnh", "cá mè", "bắp bò"])
def test_a_name_inside_another_phrase_is_not_the_product(text_):
    assert not any(t.text.startswith("syn") for t in folded_analyzer()(text_))
    assert all(not w.synonyms for w in query_words(text_))


def test_the_synonym_list_is_read_once_and_checked():
    from ocop_shop.search.synonyms import groups, parse

    assert groups() is groups() and len(groups()) >= 8
    with pytest.raises(ValueError):
        parse([{"words": "ngô", "plain": "", "not_in": "", "region": "", "review": ""}])


def test_phrase_positions_include_quantity_and_group_words():
    from ocop_shop.search.analysis import position_forms

    forms = position_forms("Rượu ngô – bình 1 lít")
    assert "synngo" in forms[1] and {"lit", "l", "1000ml"} <= forms[4]


def test_highlight_forms_name_the_words_to_mark_not_the_group_word():
    word = query_words("bắp")[0]
    assert word.highlight_forms == {"bap", "ngo"}
    assert query_words("1 lít")[1].highlight_forms == {"lit", "l", "1000ml"}
