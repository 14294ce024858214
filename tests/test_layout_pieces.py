"""The layout's kept pieces with slots, the templates' globals and the URLs kept per process give
what the long way gives (ocop_shop/templating.py shell() and Environment, ocop_shop/urls.py)."""
from __future__ import annotations

from flask import render_template_string, url_for as flask_url_for
from markupsafe import Markup

from ocop_shop import templating, urls

TRICKY = 'Mật ong "rừng" <Bảo Lạc> & co'


def _direct(app, piece, **values):
    return templating._shell_macro(app, piece)(**values)


def test_a_slotted_piece_gives_what_its_macro_gives(app):
    twins = {"vi": "/vi/products?stars=4&sort=price_asc", "en": '/en/products?q="<x>"'}
    cases = [
        ("share", dict(title=TRICKY, description=Markup("Đặc sản &amp; <b>quà</b>"), url="http://x/vi/products?a=1&b=2")),
        ("lang_switch", twins),
        ("alternates", twins),
        ("search_box", dict(value=TRICKY)),
    ]
    for lang in ("vi", "en"):
        with app.test_request_context(f"/{lang}/products"):
            app.preprocess_request()
            for piece, values in cases:
                expected = _direct(app, piece, **values)
                assert templating.shell(piece, **values) == expected, (lang, piece)  # rendered and kept
                assert templating.shell(piece, **values) == expected, (lang, piece)  # from the kept parts
                assert "\ue000" not in expected
    kept = app.extensions[templating.SHELL_KEY]
    assert ("share", "en", "", app.config["DEMO_MODE"], "title", "description", "url") in kept


def test_other_values_fill_the_same_kept_piece(app):
    with app.test_request_context("/vi/cart"):
        app.preprocess_request()
        first = templating.shell("lang_switch", vi="/vi/cart", en="/en/cart")
        second = templating.shell("lang_switch", vi="/vi/products", en="/en/products?page=2&q=a")
        assert 'href="/en/cart"' in first and "/en/products" not in first
        assert second == _direct(app, "lang_switch", vi="/vi/products", en="/en/products?page=2&q=a")
        assert 'href="/en/products?page=2&amp;q=a"' in second


def test_an_empty_slot_renders_the_piece_per_call(app):
    with app.test_request_context("/vi/products"):
        app.preprocess_request()
        piece = templating.shell("share", title="Trà", description="Mô tả", url=None)
        assert piece == _direct(app, "share", title="Trà", description="Mô tả", url=None)
        assert f'property="og:url" content="{app.config["SITE_URL"]}/vi/products"' in piece  # share_tags's own URL
    assert not any(key[0] == "share" for key in app.extensions[templating.SHELL_KEY])


def test_pages_show_their_own_twins_and_title_in_the_kept_pieces(app, client):
    site = app.config["SITE_URL"]
    filtered = client.get("/vi/products?stars=4&sort=price_asc").text
    cart = client.get("/en/cart").text
    assert f'hreflang="en" href="{site}/en/products?stars=4&amp;sort=price_asc"' in filtered
    assert '<a href="/en/products?stars=4&amp;sort=price_asc" hreflang="en"' in filtered
    assert f'hreflang="x-default" href="{site}/vi/cart"' in cart
    assert '<a href="/vi/cart" hreflang="vi"' in cart and 'href="/en/cart" hreflang' not in cart
    assert '<meta property="og:title" content="Your cart">' in cart and "<title>Your cart · " in cart
    assert f'<meta property="og:url" content="{site}/en/cart">' in cart


def test_templates_read_the_environment_globals_and_an_overlay_keeps_its_own(app):
    env = app.jinja_env
    assert isinstance(env, templating.Environment)
    assert env.get_template("base.html").globals is env.globals
    with app.test_request_context("/vi/"):
        app.preprocess_request()
        assert env.from_string("{{ x }}", globals={"x": 1}).render() == "1"
        assert "x" not in env.globals
        loaded = env.get_template("_shell.html")
        env.globals["req5_late"] = "late"  # a global added after a template was loaded still shows
        try:
            assert loaded.globals["req5_late"] == "late"
            assert render_template_string("{{ req5_late }}") == "late"
        finally:
            del env.globals["req5_late"]


def test_a_url_is_built_once_per_process_and_language(app, monkeypatch):
    built = []

    def counting(endpoint, **values):
        built.append(endpoint)
        return flask_url_for(endpoint, **values)

    monkeypatch.setattr(urls, "flask_url_for", counting)
    for _ in range(2):  # two requests, each with its own g
        with app.app_context(), app.test_request_context("/vi/"):
            app.preprocess_request()
            from flask import g

            g.lang = "vi"
            assert urls.url_for("catalog.products", category="tra") == "/vi/products?category=tra"
    assert built == ["catalog.products"]
    with app.app_context(), app.test_request_context("/en/"):
        from flask import g

        g.lang = "en"
        assert urls.url_for("catalog.products", category="tra") == "/en/products?category=tra"
        assert len(built) == 2
        # query values in the order asked, as Flask writes them; True and 1 are different URLs
        assert urls.url_for("catalog.products", b="2", a="1") == flask_url_for("catalog.products", b="2", a="1")
        assert urls.url_for("catalog.products", a="1", b="2") == flask_url_for("catalog.products", a="1", b="2")
        assert urls.url_for("catalog.products", page=1) == "/en/products?page=1"
        assert urls.url_for("catalog.products", page=True) == "/en/products?page=True"
        count = len(built)
        external = urls.url_for("catalog.products", _external=True)
        assert urls.url_for("catalog.products", _external=True) == external == flask_url_for("catalog.products", _external=True)
        assert len(built) == count + 1
    with app.app_context(), app.test_request_context("/en/", base_url="https://elsewhere.example"):
        from flask import g

        g.lang = "en"  # Flask's options (the host, the scheme) are kept for their request only
        assert urls.url_for("catalog.products", _external=True) == "https://elsewhere.example/en/products"
        assert len(built) == count + 2


def test_forms_get_the_kept_wtforms_messages_flask_wtf_would_load(app):
    from flask import request
    from flask_wtf import i18n as wtf_i18n

    for lang in app.config["LANGUAGES"]:
        with app.app_context(), app.test_request_context(f"/{lang}/cart"):  # a request's own g
            app.preprocess_request()  # the language prefix sets the kept messages
            kept = wtf_i18n._get_translations()
            assert kept is app.extensions["ocop_form_translations"][lang]
            del request.wtforms_translations
            loaded = wtf_i18n._get_translations()  # Flask-WTF's own load, from disk
            assert loaded is not kept
            assert type(loaded) is type(kept) and getattr(loaded, "_catalog", {}) == getattr(kept, "_catalog", {})
        with app.app_context(), app.test_request_context(f"/{lang}/cart"):
            app.preprocess_request()
            assert wtf_i18n._get_translations() is kept  # the next request: no load


def test_the_template_gettext_without_variables_equals_jinjas(app):
    source = '{{ _("Your cart") }}|{{ gettext("Your cart") }}|{{ _("50%% off <now>") }}|{{ gettext("50%% off <now>") }}'
    for lang in ("vi", "en"):
        with app.app_context(), app.test_request_context(f"/{lang}/"):
            app.preprocess_request()
            ours, jinjas, ours_percent, jinjas_percent = render_template_string(source).split("|")
            assert ours == jinjas and ours_percent == jinjas_percent == "50% off <now>"
