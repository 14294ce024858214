"""The browser harness works: home opens in both languages at phone width."""
import pytest


@pytest.mark.parametrize("lang, heading", [("vi", "Đặc sản Cao Bằng"), ("en", "Specialties of Cao Bằng")])
def test_home_opens_at_phone_width(live_server, page, lang, heading):
    page.goto(f"{live_server}/{lang}/")
    assert heading in page.get_by_role("heading", level=1).inner_text()
    page.wait_for_load_state("load")  # measure the page once its stylesheet applies
    no_scroll = page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert no_scroll
    switch = page.get_by_role("navigation", name="Ngôn ngữ" if lang == "vi" else "Language")
    assert switch.is_visible()
