"""Every route of the back office, discovered from the URL map: anonymous → sign in, others → 403."""
from __future__ import annotations

import re

import pytest

from .conftest import csrf_from


def _admin_rules(app):
    for rule in app.url_map.iter_rules():
        if rule.endpoint.startswith("admin."):
            for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
                yield rule, method


def _url(rule) -> str:
    """The rule's path with every variable filled (lang=vi, numbers and slugs made up)."""
    def fill(match):
        name = match.group(2)
        return "vi" if name == "lang" else "1" if match.group(1) == "int" else "x1"
    return re.sub(r"<(?:(\w+)(?:\([^)]*\))?:)?(\w+)>", fill, rule.rule)


def _request(client, method: str, url: str):
    token = csrf_from(client.get("/vi/account/login").get_data(as_text=True))
    return client.open(url, method=method, data={"csrf_token": token})


def test_the_back_office_has_routes(app):
    assert len(list(_admin_rules(app))) >= 1


def test_anonymous_visitors_are_sent_to_sign_in(app, client):
    for rule, method in _admin_rules(app):
        response = _request(client, method, _url(rule))
        assert response.status_code == 302, (rule.rule, method, response.status_code)
        assert "/account/login" in response.headers["Location"], (rule.rule, method)


@pytest.mark.parametrize("role", ["customer", "producer"])
def test_everyone_but_the_office_gets_403(app, client, login_as, role):
    login_as(role)
    for rule, method in _admin_rules(app):
        response = _request(client, method, _url(rule))
        assert response.status_code == 403, (rule.rule, method, response.status_code)
