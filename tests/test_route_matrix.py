"""Every route of the app × every kind of visitor, on A's rows and on B's (issue 11's route sweep).

Routes are discovered from the URL map: one without a row in tests/route_matrix.py fails, saying
what to add. Each cell (route, role, side) is one request through the test client, signed in
through the real forms; its status and the security headers are asserted, and where access is
refused the database is unchanged (a fingerprint of every table's rows). Every POST is also sent without its CSRF token
by a role allowed to use it: 400, nothing changed. One world serves the module; after a request
that may have changed it, the world is restored (SQLite: the file copied back; PostgreSQL:
rebuilt).
"""
from __future__ import annotations

import io

import pytest
from PIL import Image

from .route_matrix import LOGIN, MATRIX, expected, missing_row_message
from .route_world import ROLES, SIDE_OF, SignedInWorld, fingerprint, signed_in_world

NO_TOKEN = {"payments.stripe_webhook", "beacon.product_view"}  # signed by Stripe / an anonymous counter


def _jpeg() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (400, 300), (180, 120, 60)).save(buffer, "JPEG")
    return buffer.getvalue()


@pytest.fixture(scope="module")
def matrix(schema_template, tmp_path_factory):
    with signed_in_world(schema_template, tmp_path_factory.mktemp("route-matrix")) as world:
        yield world


def _request(matrix: SignedInWorld, role: str, method: str, row, target: str, token: bool = True):
    values = matrix.world.sides[target]
    path = row.path.format(**values)
    client = matrix.clients[role]
    if method == "GET":
        return path, client.get(path)
    data = {key: str(value).format(**values) for key, value in row.data.items()}
    if token:
        data["csrf_token"] = matrix.tokens[role]
    if row.files:
        data["photo"] = (io.BytesIO(_jpeg()), "anh.jpg")
        return path, client.post(path, data=data, content_type="multipart/form-data")
    return path, client.post(path, data=data)


def _outcome_error(response, want) -> str | None:
    """Why the response is not the expected outcome, or None."""
    if want == LOGIN:
        if response.status_code != 302:
            return f"{response.status_code}, expected a redirect to sign in"
        if "/account/login" not in response.headers["Location"]:
            return f"sent to {response.headers['Location']}, expected sign in"
        return None
    return None if response.status_code == want else f"{response.status_code}, expected {want}"


def _headers_error(response) -> str | None:
    """Every answer, refusals and errors included, carries the security headers (tests/test_security_headers.py)."""
    csp = response.headers.get("Content-Security-Policy", "")
    if "frame-ancestors 'none'" not in csp or "unsafe-inline" in csp:
        return f"Content-Security-Policy missing or weak: {csp!r}"
    if response.headers.get("X-Content-Type-Options") != "nosniff":
        return "no X-Content-Type-Options: nosniff"
    return None


def _discovered(app) -> dict[tuple[str, str], str]:
    return {(rule.endpoint, method): rule.rule for rule in app.url_map.iter_rules()
            for method in rule.methods - {"HEAD", "OPTIONS"}}


def test_every_route_has_an_expected_outcome(matrix):
    """A new route must say who may use it before it can ship; a removed one leaves the matrix."""
    routes = _discovered(matrix.app)
    missing = [missing_row_message(endpoint, method, rule) for (endpoint, method), rule in sorted(routes.items())
               if (endpoint, method) not in MATRIX]
    assert not missing, "\n".join(missing)
    gone = sorted(set(MATRIX) - set(routes))
    assert not gone, f"remove these rows from MATRIX in tests/route_matrix.py (no such route): {gone}"


@pytest.mark.parametrize("key", sorted(MATRIX), ids=lambda key: f"{key[1]} {key[0]}")
def test_route_matrix(matrix, key):
    endpoint, method = key
    if key not in _discovered(matrix.app):
        pytest.skip(f"{method} {endpoint} is not a route of this app (see test_every_route_has_an_expected_outcome)")
    row = MATRIX[key]
    problems = []
    for target in ("a", "b") if row.sided else ("a",):
        for role in ROLES:
            want, allowed = expected(row, role, target, SIDE_OF)
            matrix.restore()
            refused = not allowed
            before = fingerprint() if refused else None
            path, response = _request(matrix, role, method, row, target)
            what = f"{role} {method} {path} (objects of {target.upper()})"
            error = _outcome_error(response, want) or _headers_error(response)
            if error:
                problems.append(f"{what}: {error}")
            if refused and fingerprint() != before:
                problems.append(f"{what} was refused but changed the database")
            if method != "GET" and allowed and row.changes:
                matrix.dirty = True
    if method == "POST" and endpoint not in NO_TOKEN:
        problems += _without_token(matrix, row)
    assert not problems, "\n".join(problems)


def _without_token(matrix: SignedInWorld, row) -> list[str]:
    """A POST without its CSRF token is refused (400) and changes nothing, for those allowed to send it."""
    problems = []
    for role in ROLES:
        if not expected(row, role, "a", SIDE_OF)[1]:
            continue
        matrix.restore()
        before = fingerprint()
        path, response = _request(matrix, role, "POST", row, "a", token=False)
        if response.status_code != row.no_token:
            problems.append(f"{role} POST {path} without a CSRF token: {response.status_code}, expected {row.no_token}")
        if fingerprint() != before:
            problems.append(f"{role} POST {path} without a CSRF token changed the database")
            matrix.dirty = True
    return problems


def test_the_matrix_counts_its_cells(matrix, record_property):
    """How many cells the matrix asserts (recorded in the JUnit report and printed with -s)."""
    cells = sum(len(ROLES) * (2 if row.sided else 1) for row in MATRIX.values())
    record_property("route_matrix_cells", cells)
    print(f"route matrix: {len(MATRIX)} routes × methods, {cells} cells")
    assert cells >= len(MATRIX) * len(ROLES)

