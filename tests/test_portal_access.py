"""The portal's authorization matrix: every route and method × every kind of visitor.

Anonymous visitors are sent to sign in; customers, pending producers and office staff get
403; producer B asking for or posting to any of producer A's rows gets 404 — also with
A's ids forged into B's own forms — and nothing of A's changes.
"""
from __future__ import annotations

import io
import json
from dataclasses import dataclass, field

import pytest
from PIL import Image
from sqlalchemy import inspect, select

from ocop_shop.extensions import db

from .conftest import csrf_from
from .portal_world import World, build_world, snapshot

ROLES = ("anonymous", "customer", "pending", "producer_a", "producer_b", "admin")


def _jpeg() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (400, 300), (180, 120, 60)).save(buffer, "JPEG")
    return buffer.getvalue()


@dataclass
class Route:
    """One portal route and method; `own` says whether its URL names one of A's rows."""

    endpoint: str
    method: str
    path: callable
    data: callable = None
    owner_status: int = 200
    own: bool = True
    files: bool = False
    b_status: int | None = None  # for routes without A's ids: B acting on B's own data
    note: str = field(default="")


def _forged(w: World) -> dict:
    """A's ids slipped into a form, as a forger would."""
    return {"producer_id": w.a.id, "product_id": w.a_product_id, "user_id": w.a_user_id}


ROUTES = [
    Route("portal.dashboard", "GET", lambda w: "/vi/producer/", own=False, b_status=200),
    Route("portal.notifications_read", "POST", lambda w: "/vi/producer/notifications/read",
          lambda w: _forged(w), owner_status=302, own=False, b_status=302),
    Route("portal.members", "GET", lambda w: "/vi/producer/members", own=False, b_status=200),
    Route("portal.invite", "POST", lambda w: "/vi/producer/members",
          lambda w: {"name": "Người mới", "phone": "0977000111", **_forged(w)}, own=False, b_status=200),
    Route("portal.invitation_cancel", "GET", lambda w: f"/vi/producer/members/invitations/{w.a_invitation_id}/cancel"),
    Route("portal.invitation_cancel", "POST", lambda w: f"/vi/producer/members/invitations/{w.a_invitation_id}/cancel",
          lambda w: {}, owner_status=302),
    Route("portal.member_remove", "GET", lambda w: f"/vi/producer/members/{w.a_helper_id}/remove"),
    Route("portal.member_remove", "POST", lambda w: f"/vi/producer/members/{w.a_helper_id}/remove",
          lambda w: {}, owner_status=302),
]


def _expected(route: Route, role: str) -> int:
    if role == "anonymous":
        return 302
    if role in ("customer", "pending", "admin"):
        return 403
    if role == "producer_a":
        return route.owner_status
    return 404 if route.own else route.b_status


def _route_id(route: Route) -> str:
    return f"{route.method} {route.endpoint}"


def test_matrix_covers_every_portal_route(app):
    """A new portal route must be added to the matrix before it can ship."""
    listed = {(r.endpoint, r.method) for r in ROUTES}
    for rule in app.url_map.iter_rules():
        if not rule.endpoint.startswith("portal."):
            continue
        for method in rule.methods - {"HEAD", "OPTIONS"}:
            assert (rule.endpoint, method) in listed, f"{method} {rule.rule} is missing from the matrix"


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("route", ROUTES, ids=_route_id)
def test_authorization_matrix(app, client, login_as, route, role):
    world = build_world()
    if role != "anonymous":
        login_as(world.users[role])
    before = snapshot(world)
    token = csrf_from(client.get("/vi/account/login").get_data(as_text=True))
    path = route.path(world)
    if route.method == "GET":
        response = client.get(path)
    else:
        data = {"csrf_token": token, **(route.data(world) if route.data else {})}
        if route.files:
            data["photo"] = (io.BytesIO(_jpeg()), "anh.jpg")
        response = client.post(path, data=data, content_type="multipart/form-data" if route.files else None)
    expected = _expected(route, role)
    assert response.status_code == expected, f"{role} {route.method} {path}"
    if role == "anonymous":
        assert "/account/login" in response.headers["Location"]
    if role != "producer_a":
        db.session.expire_all()
        assert snapshot(world) == before, f"{role} changed producer A's data with {route.method} {path}"
