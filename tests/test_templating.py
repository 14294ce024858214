"""The layout's shortcuts give what the long way gives: kept shell pieces, per-request URLs, the
memoized date and number filters and the template `_()` (ocop_shop/templating.py, urls.py)."""
from __future__ import annotations

from datetime import date, datetime, timezone

from flask import render_template_string, url_for as flask_url_for
from flask_babel import format_datetime

from ocop_shop import urls


def test_shell_pieces_follow_the_language_and_the_signed_in_visitor(client, login_as):
    vi, en = client.get("/vi/").text, client.get("/en/").text
    assert 'href="/vi/products"' in vi and "Đăng nhập" in vi
    assert 'href="/en/products"' in en and "Sign in" in en and "Đăng nhập" not in en
    assert client.get("/vi/").text.count('class="site-footer"') == 1
    login_as("customer")
    page = client.get("/en/").text
    assert "Your account" in page and "Sign out" in page and "Sign in" not in page


def test_the_search_box_keeps_the_typed_words_only_on_the_search_page(client):
    assert 'value="mật ong"' in client.get("/vi/search?q=mật+ong").text
    assert 'name="q" value=""' in client.get("/vi/products?q=mật+ong").text


def test_a_remembered_url_is_the_url_flask_builds_in_each_language(app):
    with app.app_context(), app.test_request_context("/vi/"):
        from flask import g

        g.lang = "vi"
        assert urls.url_for("catalog.products", category="tra") == flask_url_for("catalog.products", category="tra")
        g.lang = "en"  # an e-mail in its recipient's language (mail.in_locale) switches mid-request
        assert urls.url_for("catalog.products", category="tra") == "/en/products?category=tra"
        assert urls.url_for("catalog.products", category=["a", "b"]) == flask_url_for("catalog.products", category=["a", "b"])


def test_memoized_filters_and_gettext_equal_flask_babel_and_jinja(app):
    source = ('{{ when|date("long") }}|{{ at|datetimeformat("short") }}|{{ grams|number }}|'
              '{{ _("Valid until %(date)s", date="<b>") }}|{{ gettext("Valid until %(date)s", date="<b>") }}|'
              '{{ _("%(num)d/100 points", num=5) }}')
    values = dict(when=date(2026, 3, 9), at=datetime(2026, 3, 9, 17, 30, tzinfo=timezone.utc), grams=1250.5)
    for lang, expected_date, expected_number in (("vi", "9 tháng 3, 2026", "1.250,5"), ("en", "March 9, 2026", "1,250.5")):
        with app.app_context(), app.test_request_context(f"/{lang}/"):  # own g: Babel keeps the locale there
            from flask import g

            g.lang = lang
            for _ in range(2):  # the second answer comes from the memo
                parts = render_template_string(source, **values).split("|")
                assert parts[0] == expected_date and parts[2] == expected_number
                assert parts[1] == format_datetime(values["at"], "short")
                assert "10" in parts[1] and "17:30" not in parts[1]  # Việt Nam time (UTC+7): the next day
                assert parts[3] == parts[4] and "&lt;b&gt;" in parts[3]
                assert parts[5].startswith("5/100")


def test_macros_gives_the_module_an_import_gives(app):
    """templating.macros skips jinja2's per-import globals check; the import must give the same module."""
    source = ('{% from "_macros/seo.html" import share_tags %}{% import "_macros/catalog.html" as catalog %}'
              '{{ share_tags is sameas(macros("_macros/seo.html").share_tags) }}|'
              '{{ catalog.pagination is sameas(macros("_macros/catalog.html").pagination) }}')
    with app.test_request_context("/vi/"):
        app.preprocess_request()
        assert render_template_string(source) == "True|True"


def test_the_template_gettext_never_copies_the_context(app, monkeypatch):
    """`_()` takes the evaluation context: a call in a block or loop with variables of its own
    makes jinja2 copy the whole context for a context function, not for this one."""
    from jinja2.runtime import Context

    copies = []
    original = Context.derived
    monkeypatch.setattr(Context, "derived", lambda self, locals=None: copies.append(1) or original(self, locals))
    source = ('{% block body %}{% set n = 2 %}{% for i in [1] %}{% set m = i %}'
              '{{ _("%(num)d/100 points", num=n) }}{% endfor %}{% endblock %}')
    with app.test_request_context("/en/"):
        app.preprocess_request()
        assert render_template_string(source) == "2/100 points"
    assert copies == []
