"""The portal's authorization matrix: every route and method × every kind of visitor.

Anonymous visitors are sent to sign in; customers, pending producers and office staff get
403; producer B asking for or posting to any of producer A's rows gets 404 — also with
A's ids forged into B's own forms — and nothing of A's changes.
"""
from __future__ import annotations

import io
from dataclasses import dataclass, field

import pytest
from PIL import Image
from ocop_shop.extensions import db

from .conftest import csrf_from


def _stock(product_id: int) -> int:
    """The stock a price/stock form opened now would show."""
    from ocop_shop.catalog.models import Product

    return db.session.get(Product, product_id).stock
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


def _product_data(w: World) -> dict:
    return {"name_vi": "Tên mới", "category_id": str(w.extra["category"]), "unit_vi": "gói", "weight_grams": "500",
            "price": "120.000", "stock": "7", **_forged(w)}


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
    Route("portal.products", "GET", lambda w: "/vi/producer/products", own=False, b_status=200),
    Route("portal.product_new", "GET", lambda w: "/vi/producer/products/new", own=False, b_status=200),
    Route("portal.product_new", "POST", lambda w: "/vi/producer/products/new", _product_data,
          owner_status=302, own=False, b_status=302),
    Route("portal.product_edit", "GET", lambda w: f"/vi/producer/products/{w.a_product_id}"),
    Route("portal.product_edit", "POST", lambda w: f"/vi/producer/products/{w.a_product_id}", _product_data,
          owner_status=302),
    Route("portal.product_price_stock", "POST", lambda w: f"/vi/producer/products/{w.a_product_id}/price-stock",
          lambda w: {"price": "99.000", "stock": "3", "stock_seen": str(_stock(w.a_product_id)), **_forged(w)},
          owner_status=302),
    Route("portal.product_submit", "POST", lambda w: f"/vi/producer/products/{w.extra['draft']}/submit",
          _forged, owner_status=302),
    Route("portal.product_archive", "GET", lambda w: f"/vi/producer/products/{w.a_product_id}/archive"),
    Route("portal.product_archive", "POST", lambda w: f"/vi/producer/products/{w.a_product_id}/archive",
          _forged, owner_status=302),
    Route("portal.product_restore", "POST", lambda w: f"/vi/producer/products/{w.extra['archived']}/restore",
          _forged, owner_status=302),
    Route("portal.product_delete", "GET", lambda w: f"/vi/producer/products/{w.extra['draft']}/delete"),
    Route("portal.product_delete", "POST", lambda w: f"/vi/producer/products/{w.extra['draft']}/delete",
          _forged, owner_status=302),
    Route("portal.product_discard_changes", "GET",
          lambda w: f"/vi/producer/products/{w.a_product_id}/changes/discard"),
    Route("portal.product_discard_changes", "POST",
          lambda w: f"/vi/producer/products/{w.a_product_id}/changes/discard", _forged, owner_status=302),
    Route("portal.product_photos", "GET", lambda w: f"/vi/producer/products/{w.a_product_id}/photos"),
    Route("portal.product_photo_add", "POST", lambda w: f"/vi/producer/products/{w.a_product_id}/photos",
          lambda w: {"alt_vi": "Gói miến", **_forged(w)}, owner_status=302, files=True),
    Route("portal.product_photo_alt", "POST",
          lambda w: f"/vi/producer/products/{w.a_product_id}/photos/{w.extra['key']}/alt",
          lambda w: {f"a{w.extra['key'][:8]}-alt_vi": "Mô tả", **_forged(w)}, owner_status=302),
    Route("portal.product_photo_move", "POST",
          lambda w: f"/vi/producer/products/{w.a_product_id}/photos/{w.extra['key']}/move",
          lambda w: {"direction": "down", **_forged(w)}, owner_status=302),
    Route("portal.product_photo_remove", "GET",
          lambda w: f"/vi/producer/products/{w.a_product_id}/photos/{w.extra['key']}/remove"),
    Route("portal.product_photo_remove", "POST",
          lambda w: f"/vi/producer/products/{w.a_product_id}/photos/{w.extra['key']}/remove",
          _forged, owner_status=302),
    Route("portal.story", "GET", lambda w: "/vi/producer/story", own=False, b_status=200),
    Route("portal.story_save", "POST", lambda w: "/vi/producer/story",
          lambda w: {"story_vi": "Chuyện mới", "action": "save", **_forged(w)}, owner_status=302, own=False, b_status=302),
    Route("portal.story_photo_add", "POST", lambda w: "/vi/producer/story/photos",
          lambda w: {"alt_vi": "Xưởng", **_forged(w)}, owner_status=302, own=False, b_status=302, files=True),
    Route("portal.story_photo_alt", "POST", lambda w: f"/vi/producer/story/photos/{w.extra['photo']}/alt",
          lambda w: {f"s{w.extra['photo']}-alt_vi": "Mô tả", **_forged(w)}, owner_status=302),
    Route("portal.story_photo_move", "POST", lambda w: f"/vi/producer/story/photos/{w.extra['photo']}/move",
          lambda w: {"direction": "down", **_forged(w)}, owner_status=302),
    Route("portal.story_photo_remove", "GET", lambda w: f"/vi/producer/story/photos/{w.extra['photo']}/remove"),
    Route("portal.story_photo_remove", "POST", lambda w: f"/vi/producer/story/photos/{w.extra['photo']}/remove",
          _forged, owner_status=302),
    Route("portal.profile", "GET", lambda w: "/vi/producer/profile", own=False, b_status=200),
    Route("portal.profile", "POST", lambda w: "/vi/producer/profile",
          lambda w: {"workers": "5", "trained_workers": "1", "address": "Xóm mới", **_forged(w)},
          owner_status=302, own=False, b_status=302),
    Route("portal.labels", "GET", lambda w: "/vi/producer/labels?copies=2", own=False, b_status=200),
    Route("portal.label_sheet", "GET", lambda w: f"/vi/producer/labels/{w.extra['certification']}"),
    Route("portal.orders", "GET", lambda w: "/vi/producer/orders?show=pending", own=False, b_status=200),
    Route("portal.order", "GET", lambda w: f"/vi/producer/orders/{w.extra['parcels'][0]}"),
    Route("portal.order_accept", "POST", lambda w: f"/vi/producer/orders/{w.extra['parcels'][0]}/accept",
          _forged, owner_status=302),
    Route("portal.order_decline", "POST", lambda w: f"/vi/producer/orders/{w.extra['parcels'][0]}/decline",
          lambda w: {"reason": "Hết hàng trong kho", **_forged(w)}, owner_status=302),
    Route("portal.order_ship", "POST", lambda w: f"/vi/producer/orders/{w.extra['parcels'][1]}/ship",
          lambda w: {"carrier": "GHN", "tracking_number": "GHN1", **_forged(w)}, owner_status=302),
    Route("portal.order_deliver", "POST", lambda w: f"/vi/producer/orders/{w.extra['parcels'][2]}/deliver",
          _forged, owner_status=302),
    Route("portal.order_cash", "POST", lambda w: f"/vi/producer/orders/{w.extra['parcels'][2]}/cash",
          lambda w: {"amount": str(w.extra["due"]), **_forged(w)}, owner_status=302),
    Route("portal.bookings", "GET", lambda w: "/vi/producer/bookings?show=all", own=False, b_status=200),
    Route("portal.booking", "GET", lambda w: f"/vi/producer/bookings/{w.extra['booking']}"),
    Route("portal.booking_accept", "POST", lambda w: f"/vi/producer/bookings/{w.extra['booking']}/accept",
          lambda w: {"reply": "Hẹn gặp", **_forged_booking(w)}, owner_status=302),
    Route("portal.booking_decline", "GET", lambda w: f"/vi/producer/bookings/{w.extra['booking']}/decline"),
    Route("portal.booking_decline", "POST", lambda w: f"/vi/producer/bookings/{w.extra['booking']}/decline",
          lambda w: {"reply": "Đã kín chỗ", **_forged_booking(w)}, owner_status=302),
    Route("portal.campaigns", "GET", lambda w: "/vi/producer/campaigns", own=False, b_status=200),
    Route("portal.campaign_accept", "POST", lambda w: f"/vi/producer/campaigns/{w.extra['campaign']}/accept",
          _forged, owner_status=302),
    Route("portal.campaign_leave", "POST", lambda w: f"/vi/producer/campaigns/{w.extra['campaign']}/leave",
          _forged, owner_status=302),
    Route("portal.fairs", "GET", lambda w: "/vi/producer/fairs", own=False, b_status=200),
    Route("portal.product_experience", "GET", lambda w: f"/vi/producer/products/{w.extra['stay']}/experience"),
    Route("portal.product_experience", "POST", lambda w: f"/vi/producer/products/{w.extra['stay']}/experience",
          lambda w: {"includes_vi": "Phòng và bữa sáng", "duration_vi": "1 đêm", "max_party": "8",
                     **_forged_booking(w)}, owner_status=302),
]


def _forged_booking(w: World) -> dict:
    """B's booking id slipped into a form beside A's ids."""
    return {**_forged(w), "booking_id": w.extra["b_booking"]}


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
