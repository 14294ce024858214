"""Hostile input on every form and query parameter (issue 11's input sweep), table-driven.

The world of tests/route_world.py, one signed-in client per role. The forms are found the way a
visitor finds them: every page a role may open (the GET rows of tests/route_matrix.py it is
allowed) is fetched and its POST forms are read; the query parameters are those of DESIGN §5 and
the views, plus every parameter the pages' own links and GET forms use. Each form and each query
parameter meets every payload of tests/hostile.py (the payload goes into every field of the form
but its CSRF token; raw payloads are sent unencoded), and every form is sent once without its CSRF
token. Every answer must be below 500, hold none of the markup payloads unescaped, and redirect
only inside the shop. At the end every page is fetched again: what the payloads left stored
must come back escaped.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import parse_qsl, quote, urlencode, urljoin, urlsplit

import pytest
from werkzeug.exceptions import HTTPException

from .conftest import post_form
from .hostile import PATH_PARTS, PAYLOADS, RAW, SHORT, forbidden_in
from .route_matrix import MATRIX, expected
from .route_world import ROLES, SIDE_OF, signed_in_world

# Query parameters named by DESIGN §5 and read by the views, per page and visitor.
CATALOG = ("category", "stars", "place", "producer", "min_price", "max_price", "month", "sort", "page")
QUERY_PARAMS = [
    ("anonymous", "/vi/products", CATALOG),
    ("anonymous", "/vi/search", ("q", *CATALOG)),
    ("anonymous", "/vi/search/suggest", ("q",)),
    ("customer_a", "/vi/search", ("q", "page")),
    ("anonymous", "/vi/producers", ("page",)),
    ("anonymous", "/vi/places", ("show", "group", "page")),
    ("anonymous", "/vi/experiences", ("place", "month", "page")),
    ("anonymous", "/vi/fairs", ("page",)),
    ("anonymous", "/vi/verify", ("code",)),
    ("anonymous", "/vi/cart", ("province",)),
    ("anonymous", "/vi/account/login", ("next",)),
    ("anonymous", "/vi/age-declaration", ("next",)),
    ("anonymous", "/vi/orders/{order}", ("t",)),
    ("anonymous", "/vi/bookings/{booking}", ("t",)),
    ("customer_a", "/vi/account/orders", ("page",)),
    ("producer_a", "/vi/producer/orders", ("show", "page")),
    ("producer_a", "/vi/producer/bookings", ("show", "page")),
    ("producer_a", "/vi/producer/labels", ("copies", "product")),
    ("producer_a", "/vi/producer/products", ("show", "page")),
    ("admin", "/vi/admin/orders", ("q", "show", "page")),
    ("admin", "/vi/admin/payments/transfers", ("number",)),
    ("admin", "/vi/admin/audit", ("page", "action")),
    ("admin", "/vi/admin/producers", ("q", "show", "page")),
    ("admin", "/vi/admin/certificates", ("q", "show", "page")),
    ("admin", "/vi/admin/bookings", ("show", "page")),
    ("admin", "/vi/admin/plan", ("set",)),
]
# Forms not sent: they end the visitor's session (the sweep needs it) or are files, not text.
SKIP_ACTIONS = ("/account/logout",)


class _Forms(HTMLParser):
    """The forms of a page: action, method, enctype and their fields (name → a default value)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms: list[dict] = []
        self.links: list[str] = []
        self._select: str | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "a" and attrs.get("href"):
            self.links.append(attrs["href"])
        elif tag == "form":
            self.forms.append({"action": attrs.get("action", ""), "method": (attrs.get("method") or "get").lower(),
                               "multipart": "multipart" in (attrs.get("enctype") or ""), "fields": {}})
        elif not self.forms or not attrs.get("name"):
            return
        elif tag == "input" and attrs.get("type") not in ("submit", "button", "image", "reset", "file"):
            if attrs.get("type") in ("checkbox", "radio") and attrs["name"] in self.forms[-1]["fields"]:
                return
            self.forms[-1]["fields"][attrs["name"]] = attrs.get("value") or ""
        elif tag == "textarea":
            self.forms[-1]["fields"][attrs["name"]] = ""
        elif tag == "select":
            self._select = attrs["name"]
            self.forms[-1]["fields"][attrs["name"]] = None
        elif tag == "option" and self._select and self.forms[-1]["fields"].get(self._select) is None:
            self.forms[-1]["fields"][self._select] = attrs.get("value", "")

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None


@dataclass
class Found:
    forms: dict = field(default_factory=dict)  # endpoint → (role, action path, form): one visitor per form
    params: dict = field(default_factory=dict)  # (endpoint, name) → (role, path, named by DESIGN/views?)
    pages: list = field(default_factory=list)  # (role, url) of every page fetched


def _endpoint(app, path: str) -> str | None:
    try:
        return app.url_map.bind("localhost").match(urlsplit(path).path, method="POST")[0]
    except HTTPException:
        try:
            return app.url_map.bind("localhost").match(urlsplit(path).path, method="GET")[0]
        except HTTPException:
            return None


def _local(href: str, base: str) -> str | None:
    parts = urlsplit(urljoin("http://localhost" + base, href))
    return parts.path + (f"?{parts.query}" if parts.query else "") if parts.netloc == "localhost" else None


def _discover(world) -> Found:
    """Every page each role may open (from the matrix), its POST forms and its query parameters."""
    found = Found()
    for role in ROLES:
        client = world.clients[role]
        values = world.world.sides[SIDE_OF.get(role, "a")]
        for (endpoint, method), row in sorted(MATRIX.items()):
            outcome, allowed = expected(row, role, SIDE_OF.get(role, "a"), SIDE_OF)
            if method != "GET" or not allowed or outcome != 200 or not row.path.startswith("/vi/"):
                continue
            url = row.path.format(**values)
            response = client.get(url)
            if response.mimetype != "text/html":
                continue
            found.pages.append((role, url))
            parser = _Forms()
            parser.feed(response.get_data(as_text=True))
            for form in parser.forms:
                action = _local(form["action"] or url, url)
                if action is None or action.startswith(SKIP_ACTIONS):
                    continue
                endpoint = _endpoint(world.app, action)
                if endpoint is None:
                    continue
                if form["method"] == "post":
                    found.forms.setdefault(endpoint, (role, action, {**form, "page": url}))
                else:
                    _add_params(found, endpoint, role, urlsplit(action).path, form["fields"], False)
            for href in parser.links:
                link = _local(href, url)
                if link and "?" in link and link.startswith("/vi/"):
                    path, query = link.split("?", 1)
                    _add_params(found, _endpoint(world.app, path), role, path, [k for k, _v in parse_qsl(query)], False)
    for role, path, names in QUERY_PARAMS:
        path = path.format(**world.world.sides["a"])
        _add_params(found, _endpoint(world.app, path), role, path, names, True)
    return found


def _add_params(found: Found, endpoint: str | None, role: str, path: str, names, named: bool) -> None:
    """One visitor per endpoint and parameter; a parameter DESIGN §5 or a view names meets every payload."""
    for name in names:
        if endpoint is None or name == "csrf_token":
            continue
        known = found.params.get((endpoint, name))
        if known is None or (named and not known[2]):
            found.params[(endpoint, name)] = (role, path, named)


@pytest.fixture(scope="module")
def hostile(schema_template, tmp_path_factory):
    with signed_in_world(schema_template, tmp_path_factory.mktemp("hostile")) as world:
        sides = world.world.sides["a"]
        # Customer A has a cart, so the checkout's form is on the page too.
        post_form(world.clients["customer_a"], f"/vi/products/{sides['product_slug']}",
                  {"product_id": sides["product"], "quantity": "1"}, post_url="/vi/cart/add")
        world.found = _discover(world)
        yield world


class Tally:
    """Counts the cases and collects what went wrong (all of it reported at once)."""

    def __init__(self):
        self.cases, self.problems = 0, []

    def check(self, what: str, response) -> None:
        self.cases += 1
        if response.status_code >= 500:
            self.problems.append(f"{what}: {response.status_code}")
        if response.mimetype in ("text/html", "application/json", "text/plain", "text/csv"):
            leaked = forbidden_in(response.get_data(as_text=True), html=response.mimetype == "text/html")
            if leaked:
                self.problems.append(f"{what}: unescaped {leaked}")
        location = response.headers.get("Location")
        if location and urlsplit(urljoin("http://localhost/vi/", location)).netloc != "localhost":
            self.problems.append(f"{what}: redirects off the shop to {location}")
        if location and location.lower().lstrip().startswith("javascript:"):
            self.problems.append(f"{what}: redirects to {location}")


def _query_cases(found: Found):
    """Parameters named by DESIGN §5 and the views meet every payload; those only found on pages the short list."""
    for (_endpoint_name, name), (role, path, named) in sorted(found.params.items()):
        for label, value in PAYLOADS if named else SHORT:
            yield role, f"{path}?{urlencode({name: value})}", f"{role} GET {path} {name}={label}"
        for label, raw in RAW:
            yield role, f"{path}?{quote(name)}={raw}", f"{role} GET {path} {name}={label}"


def test_hostile_query_parameters(hostile, record_property):
    tally = Tally()
    for role, url, what in _query_cases(hostile.found):
        tally.check(what, hostile.clients[role].get(url))
    record_property("hostile_query_cases", tally.cases)
    print(f"hostile query cases: {tally.cases}")
    assert tally.cases >= 300
    assert not tally.problems, "\n".join(tally.problems[:50])


def _form_body(fields: dict, payload: str, token: str | None, raw: bool) -> str:
    """The form urlencoded with the payload in every field but the CSRF token."""
    pairs = []
    for name in fields:
        if name == "csrf_token":
            if token is not None:
                pairs.append(f"csrf_token={quote(token)}")
        else:
            pairs.append(f"{quote(name)}={payload if raw else quote(payload)}")
    return "&".join(pairs)


def test_hostile_forms(hostile, record_property):
    tally = Tally()
    forms = hostile.found.forms
    assert len(forms) >= 40, sorted(forms)
    for _endpoint_name, (role, action, form) in sorted(forms.items()):
        client = hostile.clients[role]
        token = hostile.tokens[role]
        hostile.reset_cookies()
        fields = {name: value for name, value in form["fields"].items()}
        fields.setdefault("csrf_token", "")
        cases = [(label, value, False) for label, value in PAYLOADS] + [(label, raw, True) for label, raw in RAW]
        for label, payload, raw in cases:
            body = _form_body(fields, payload, token, raw)
            response = client.post(action, data=body, content_type="application/x-www-form-urlencoded")
            tally.check(f"{role} POST {action} (form on {form['page']}) every field={label}", response)
        missing = client.post(action, data=_form_body(fields, "Miến dong", None, False),
                              content_type="application/x-www-form-urlencoded")
        tally.check(f"{role} POST {action} without a CSRF token", missing)
        if missing.status_code not in (400, 302, 303, 403, 404):
            tally.problems.append(f"{role} POST {action} without a CSRF token: {missing.status_code}")
    record_property("hostile_form_cases", tally.cases)
    print(f"hostile form cases: {tally.cases} on {len(forms)} forms")
    assert tally.cases >= 1_000
    assert not tally.problems, "\n".join(tally.problems[:50])


def _path_cases(world):
    """Every route's path with each of its variable parts replaced by a hostile one, for a visitor it admits."""
    for (endpoint, method), row in sorted(MATRIX.items()):
        names = re.findall(r"{(\w+)}", row.path)
        role = next((r for r in ROLES if expected(row, r, "a", SIDE_OF)[1]), "admin")
        for name in names:
            for label, part in PATH_PARTS:
                values = {**world.world.sides["a"], name: part}
                yield role, method, row.path.format(**values), f"{role} {method} {row.path} {name}={label}"


def test_hostile_path_parts(hostile, record_property):
    """Ids too large for the database, negative, not numbers; slugs and tokens holding markup or traversal."""
    tally = Tally()
    for role, method, url, what in _path_cases(hostile):
        hostile.reset_cookies()
        data = {"csrf_token": hostile.tokens[role]} if method == "POST" else None
        tally.check(what, hostile.clients[role].open(url, method=method, data=data))
    record_property("hostile_path_cases", tally.cases)
    print(f"hostile path cases: {tally.cases}")
    assert tally.cases >= 300
    assert not tally.problems, "\n".join(tally.problems[:50])


def test_stored_payloads_come_back_escaped(hostile):
    """After the forms above, every page each role may open holds no payload unescaped."""
    hostile.reset_cookies()
    tally = Tally()
    for role, url in hostile.found.pages:
        tally.check(f"{role} GET {url} after the hostile forms", hostile.clients[role].get(url))
    assert not tally.problems, "\n".join(tally.problems[:50])
