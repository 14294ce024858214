"""The Vietnamese catalogue is complete, not fuzzy, and its committed .mo is current."""
from ocop_shop import translations_tool as tool
from ocop_shop.i18n import localized


def test_every_msgid_has_a_vietnamese_translation(tmp_path):
    assert tool.untranslated_in_source("vi", tmp_path / "messages.pot") == []
    assert tool.problems("vi") == []


def test_committed_mo_matches_the_po():
    assert not tool.stale("vi"), "run: python scripts/i18n_sync.py (it compiles the .mo)"


def test_content_falls_back_to_vietnamese():
    content = {"vi": {"name": "Hạt dẻ Trùng Khánh"}, "en": {"description": "Chestnuts"}}
    assert localized(content, "name", "en") == "Hạt dẻ Trùng Khánh"
    assert localized(content, "description", "en") == "Chestnuts"
    assert localized(content, "description", "vi") == "Chestnuts"
    assert localized({}, "name", "vi") == ""
