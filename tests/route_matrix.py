"""Who may use which route: the expected outcome of every endpoint × method × role (tests/test_route_matrix.py).

A row names the route's path (placeholders filled from the world of tests/route_world.py, for the
objects of side "a" and of side "b"), the form it posts (every POST carries a valid CSRF token; a
POST without one is checked separately: `no_token`, 400 unless the view answers before reading the
form) and its access KIND; the kind gives each role's outcome and whether the role is allowed.
`refuse` names roles refused with another outcome, `allow` roles allowed with another outcome. An
outcome is a status code, or LOGIN (a redirect to sign in). Forms are sent empty unless `data` is
given: for the office, an empty form is answered 400 with the form again (the office's own tests
cover what a filled one does).

Kinds:
- PUBLIC: everyone gets `ok`.
- SIGNED_IN: anonymous visitors are sent to sign in; everyone signed in gets `ok`.
- OWN: a customer's own order or booking: its owner gets `ok`, everyone else `other` (404; `anonymous`
  → `anon`).
- PORTAL: the producer portal: anonymous → sign in; customers, the pending applicant and the office
  → 403; a producer member gets `ok` on its own producer's rows and 404 on the other's (rows without
  an id act on the member's own producer: `ok` for both).
- ADMIN: the back office: anonymous → sign in; the office gets `ok`; everyone else 403.

`changes=True` marks a route whose allowed request may change the database (the world is restored
after it). Refused requests must change nothing (checked on every refused cell).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

LOGIN = "login"
PUBLIC, SIGNED_IN, OWN, PORTAL, ADMIN = "public", "signed_in", "own", "portal", "admin"
OFFICE = ("admin",)


@dataclass(frozen=True)
class Row:
    path: str
    kind: str
    ok: int | str = 200
    data: dict = field(default_factory=dict)
    refuse: dict = field(default_factory=dict)  # role → outcome: refused, overriding the kind
    allow: dict = field(default_factory=dict)  # role → outcome: allowed, overriding the kind
    anon: int | str = 404  # OWN: what an anonymous visitor gets
    other: int | str = 404  # OWN: what everyone else but the owner gets
    no_token: int = 400  # the outcome of the POST without its CSRF token
    changes: bool = False
    files: bool = False  # POST as multipart with a small JPEG in "photo"

    @property
    def sided(self) -> bool:
        """True when the path names one side's rows (the row is then tried on A's and on B's)."""
        return bool(re.search(r"{(?!lang)", self.path))


def get(path, kind=PUBLIC, ok=200, **kw) -> Row:
    return Row(path, kind, ok, **kw)


def post(path, kind, ok=302, data=None, changes=True, **kw) -> Row:
    return Row(path, kind, ok, data=data or {}, changes=changes, **kw)


# Forms with the fields a real visitor sends (values may name the side's rows).
PRODUCT_FORM = {"name_vi": "Tên mới", "category_id": "{category}", "unit_vi": "gói", "weight_grams": "500",
                "price": "120.000", "stock": "7"}
BOOKING_FORM = {"requested_on": "{booking_day}", "party_size": "2", "contact_name": "Trần Văn Khách",
                "phone": "0912345678"}
NOT_CUSTOMERS = {"pending": 404, "producer_a": 404, "producer_b": 404, "admin": 404}  # not a shopper's account
NOT_OFFICE = {"customer_a": 404, "customer_b": 404, "pending": 404, "producer_a": 404, "producer_b": 404}
JOINED = {"pending": 302, "producer_a": 302, "producer_b": 302, "admin": 403}  # already a member / the office

MATRIX: dict[tuple[str, str], Row] = {
    # -- the shop's own pages --
    ("root.root", "GET"): get("/", ok=302),
    ("root.healthz", "GET"): get("/healthz"),
    ("root.readyz", "GET"): get("/readyz"),
    ("root.certificate_qr", "GET"): get("/v/{verify_code}", ok=302),
    ("seo.robots", "GET"): get("/robots.txt"),
    ("seo.sitemap", "GET"): get("/sitemap.xml"),
    ("static", "GET"): get("/static/css/site.css"),
    ("media.image", "GET"): get("/media/{image_key}-320.webp"),
    ("storefront.home", "GET"): get("/vi/"),
    ("legal.show", "GET"): get("/vi/privacy"),
    ("catalog.products", "GET"): get("/vi/products"),
    ("catalog.product", "GET"): get("/vi/products/{product_slug}"),
    ("catalog.verify", "GET"): get("/vi/verify/{verify_code}"),
    ("catalog.verify_form", "GET"): get("/vi/verify"),
    ("catalog.declare_age", "GET"): get("/vi/age-declaration"),
    ("catalog.declare_age", "POST"): post("/vi/age-declaration", PUBLIC, data={"name": "Lan", "age": "30"}),
    ("producers.index", "GET"): get("/vi/producers"),
    ("producers.show", "GET"): get("/vi/producers/{producer}"),
    ("promotions.campaign", "GET"): get("/vi/campaigns/{campaign}"),
    ("fairs.index", "GET"): get("/vi/fairs"),
    ("places.index", "GET"): get("/vi/places"),
    ("places.show", "GET"): get("/vi/places/{place}"),
    ("experiences.index", "GET"): get("/vi/experiences"),
    ("fairs.show", "GET"): get("/vi/fairs/{fair}"),
    ("search.results", "GET"): get("/vi/search?q=mi%E1%BA%BFn"),
    ("search.suggestions", "GET"): get("/vi/search/suggest?q=mi"),
    ("beacon.product_view", "POST"): post("/beacon/product-view", PUBLIC, ok=204, data={"product_id": "{product}"}),
    ("payments.stripe_webhook", "POST"): post("/webhooks/stripe", PUBLIC, ok=404, changes=False),  # no Stripe keys
    # -- cart and checkout (anyone; the cart lives in the visitor's session) --
    ("cart.show", "GET"): get("/vi/cart"),
    ("cart.add", "POST"): post("/vi/cart/add", PUBLIC, data={"product_id": "{product}", "quantity": "1"}),
    ("cart.update", "POST"): post("/vi/cart/update", PUBLIC, data={"product_id": "{product}", "quantity": "2"}),
    ("cart.remove", "POST"): post("/vi/cart/remove", PUBLIC, data={"product_id": "{product}"}),
    ("cart.apply_coupon", "POST"): post("/vi/cart/coupon", PUBLIC, data={"code": "{coupon}"}),
    ("cart.remove_coupon", "POST"): post("/vi/cart/coupon/remove", PUBLIC),
    ("checkout.details", "GET"): get("/vi/checkout", ok=302),
    ("checkout.details", "POST"): post("/vi/checkout", PUBLIC, no_token=302),  # an empty cart: back to it
    ("checkout.review", "GET"): get("/vi/checkout/review", ok=302),
    ("checkout.place", "POST"): post("/vi/checkout/place", PUBLIC),
    ("checkout.pay", "POST"): post("/vi/checkout/pay/{order}", OWN, anon=302, other=302),  # not theirs: home, told
    # -- a customer's orders and bookings --
    ("orders.show", "GET"): get("/vi/orders/{order}", OWN),
    ("orders.cancel", "POST"): post("/vi/orders/{order}/cancel", OWN),
    ("orders.history", "GET"): get("/vi/account/orders", SIGNED_IN),
    ("tourism.book", "POST"): post("/vi/products/{stay_slug}/booking", PUBLIC, data=BOOKING_FORM),
    ("tourism.booking", "GET"): get("/vi/bookings/{booking}", OWN),
    ("tourism.booking_cancel", "GET"): get("/vi/bookings/{booking}/cancel", OWN),
    ("tourism.booking_cancel", "POST"): post("/vi/bookings/{booking}/cancel", OWN),
    # -- accounts --
    ("accounts.login", "GET"): get("/vi/account/login"),
    ("accounts.login", "POST"): post("/vi/account/login", PUBLIC, ok=200, data={"login": "x@test.example",
                                                                               "password": "wrong password"}),
    ("accounts.register", "GET"): get("/vi/account/register"),
    ("accounts.register", "POST"): post("/vi/account/register", PUBLIC, ok=200),
    ("accounts.logout", "POST"): post("/vi/account/logout", PUBLIC),
    ("accounts.home", "GET"): get("/vi/account/", SIGNED_IN),
    ("accounts.change_email", "GET"): get("/vi/account/email", SIGNED_IN),
    ("accounts.change_email", "POST"): post("/vi/account/email", SIGNED_IN, ok=200),
    ("accounts.confirm_email_change", "GET"): get("/vi/account/email/confirm/{email_token}"),
    ("accounts.confirm_email_change", "POST"): post("/vi/account/email/confirm/{email_token}", PUBLIC),
    ("accounts.change_password", "GET"): get("/vi/account/password", SIGNED_IN),
    ("accounts.change_password", "POST"): post("/vi/account/password", SIGNED_IN, ok=200),
    ("accounts.forgot_password", "GET"): get("/vi/account/password/forgot"),
    ("accounts.forgot_password", "POST"): post("/vi/account/password/forgot", PUBLIC, ok=200),
    ("accounts.reset_password", "GET"): get("/vi/account/password/reset/{reset_token}"),
    ("accounts.reset_password", "POST"): post("/vi/account/password/reset/{reset_token}", PUBLIC, ok=200),
    ("accounts.verify_email", "GET"): get("/vi/account/verify/{verify_token}"),
    ("accounts.verify_email", "POST"): post("/vi/account/verify/{verify_token}", PUBLIC),
    ("accounts.resend_verification", "POST"): post("/vi/account/verify/resend", SIGNED_IN),
    ("accounts.confirm_password", "GET"): get("/vi/account/confirm-password", SIGNED_IN),
    ("accounts.confirm_password", "POST"): post("/vi/account/confirm-password", SIGNED_IN, ok=200),
    ("accounts.delete_account", "GET"): get("/vi/account/delete", SIGNED_IN, refuse=NOT_CUSTOMERS),
    ("accounts.delete_account", "POST"): post("/vi/account/delete", SIGNED_IN, ok=200, refuse=NOT_CUSTOMERS),
    ("accounts.download_data", "GET"): get("/vi/account/data.json", SIGNED_IN),
    ("accounts.marketing", "POST"): post("/vi/account/marketing", SIGNED_IN),
    ("accounts.two_factor_code", "GET"): get("/vi/account/two-factor", PUBLIC, ok=302),
    ("accounts.two_factor_code", "POST"): post("/vi/account/two-factor", PUBLIC),
    ("accounts.two_factor_setup", "GET"): get("/vi/account/two-factor/setup", SIGNED_IN, ok=302, refuse=NOT_OFFICE),
    ("accounts.two_factor_setup", "POST"): post("/vi/account/two-factor/setup", SIGNED_IN, refuse=NOT_OFFICE),
    ("accounts.two_factor_reset", "GET"): get("/vi/account/two-factor/reset", SIGNED_IN, refuse=NOT_OFFICE),
    ("accounts.two_factor_reset", "POST"): post("/vi/account/two-factor/reset", SIGNED_IN, refuse=NOT_OFFICE),
    ("accounts.recovery_codes", "POST"): post("/vi/account/two-factor/recovery-codes", SIGNED_IN, ok=200,
                                                refuse=NOT_OFFICE),
    # -- joining as a producer --
    ("join.apply", "GET"): get("/vi/producer/join", refuse=JOINED),
    ("join.apply", "POST"): post("/vi/producer/join", PUBLIC, ok=200, refuse=JOINED),
    ("join.status", "GET"): get("/vi/producer/join/status", SIGNED_IN, refuse={
        "anonymous": 302, "customer_a": 302, "customer_b": 302, "producer_a": 302, "producer_b": 302, "admin": 302}),
    ("join.invitation", "GET"): get("/vi/producer/join/invite/{invitation_token}"),
    ("join.invitation", "POST"): post("/vi/producer/join/invite/{invitation_token}", PUBLIC, ok=200,
                                      allow={"customer_a": 302, "customer_b": 302}),  # a signed-in customer joins
    # -- the producer portal --
    ("portal.dashboard", "GET"): get("/vi/producer/", PORTAL),
    ("portal.notifications_read", "POST"): post("/vi/producer/notifications/read", PORTAL),
    ("portal.members", "GET"): get("/vi/producer/members", PORTAL),
    ("portal.invite", "POST"): post("/vi/producer/members", PORTAL, ok=200,
                                    data={"name": "Người mới", "phone": "0977000111"}),
    ("portal.invitation_cancel", "GET"): get("/vi/producer/members/invitations/{invitation}/cancel", PORTAL),
    ("portal.invitation_cancel", "POST"): post("/vi/producer/members/invitations/{invitation}/cancel", PORTAL),
    ("portal.member_remove", "GET"): get("/vi/producer/members/{helper}/remove", PORTAL),
    ("portal.member_remove", "POST"): post("/vi/producer/members/{helper}/remove", PORTAL),
    ("portal.products", "GET"): get("/vi/producer/products", PORTAL),
    ("portal.product_new", "GET"): get("/vi/producer/products/new", PORTAL),
    ("portal.product_new", "POST"): post("/vi/producer/products/new", PORTAL, data=PRODUCT_FORM),
    ("portal.product_edit", "GET"): get("/vi/producer/products/{product}", PORTAL),
    ("portal.product_edit", "POST"): post("/vi/producer/products/{product}", PORTAL, data=PRODUCT_FORM),
    ("portal.product_price_stock", "POST"): post("/vi/producer/products/{product}/price-stock", PORTAL,
                                                 data={"price": "99.000", "stock": "3", "stock_seen": "{stock}"}),
    ("portal.product_submit", "POST"): post("/vi/producer/products/{draft}/submit", PORTAL),
    ("portal.product_archive", "GET"): get("/vi/producer/products/{product}/archive", PORTAL),
    ("portal.product_archive", "POST"): post("/vi/producer/products/{product}/archive", PORTAL),
    ("portal.product_restore", "POST"): post("/vi/producer/products/{archived}/restore", PORTAL),
    ("portal.product_delete", "GET"): get("/vi/producer/products/{draft}/delete", PORTAL),
    ("portal.product_delete", "POST"): post("/vi/producer/products/{draft}/delete", PORTAL),
    ("portal.product_discard_changes", "GET"): get("/vi/producer/products/{product}/changes/discard", PORTAL),
    ("portal.product_discard_changes", "POST"): post("/vi/producer/products/{product}/changes/discard", PORTAL),
    ("portal.product_photos", "GET"): get("/vi/producer/products/{product}/photos", PORTAL),
    ("portal.product_photo_add", "POST"): post("/vi/producer/products/{product}/photos", PORTAL,
                                               data={"alt_vi": "Gói miến"}, files=True),
    ("portal.product_photo_alt", "POST"): post("/vi/producer/products/{product}/photos/{image_key}/alt", PORTAL),
    ("portal.product_photo_move", "POST"): post("/vi/producer/products/{product}/photos/{image_key}/move", PORTAL,
                                                data={"direction": "down"}),
    ("portal.product_photo_remove", "GET"): get("/vi/producer/products/{product}/photos/{image_key}/remove",
                                                PORTAL),
    ("portal.product_photo_remove", "POST"): post("/vi/producer/products/{product}/photos/{image_key}/remove",
                                                  PORTAL),
    ("portal.product_experience", "GET"): get("/vi/producer/products/{stay}/experience", PORTAL),
    ("portal.product_experience", "POST"): post("/vi/producer/products/{stay}/experience", PORTAL,
                                                data={"includes_vi": "Phòng", "duration_vi": "1 đêm",
                                                      "max_party": "8"}),
    ("portal.campaigns", "GET"): get("/vi/producer/campaigns", PORTAL),
    ("portal.campaign_accept", "POST"): post("/vi/producer/campaigns/{campaign_id}/accept", PORTAL),
    ("portal.campaign_leave", "POST"): post("/vi/producer/campaigns/{campaign_id}/leave", PORTAL),
    ("portal.fairs", "GET"): get("/vi/producer/fairs", PORTAL),
    ("portal.story", "GET"): get("/vi/producer/story", PORTAL),
    ("portal.story_save", "POST"): post("/vi/producer/story", PORTAL, data={"story_vi": "Chuyện", "action": "save"}),
    ("portal.story_photo_add", "POST"): post("/vi/producer/story/photos", PORTAL, data={"alt_vi": "Xưởng"},
                                             files=True),
    ("portal.story_photo_alt", "POST"): post("/vi/producer/story/photos/{photo}/alt", PORTAL),
    ("portal.story_photo_move", "POST"): post("/vi/producer/story/photos/{photo}/move", PORTAL,
                                              data={"direction": "down"}),
    ("portal.story_photo_remove", "GET"): get("/vi/producer/story/photos/{photo}/remove", PORTAL),
    ("portal.story_photo_remove", "POST"): post("/vi/producer/story/photos/{photo}/remove", PORTAL),
    ("portal.profile", "GET"): get("/vi/producer/profile", PORTAL),
    ("portal.profile", "POST"): post("/vi/producer/profile", PORTAL, data={"workers": "5", "trained_workers": "1",
                                                                          "address": "Xóm mới"}),
    ("portal.labels", "GET"): get("/vi/producer/labels", PORTAL),
    ("portal.label_sheet", "GET"): get("/vi/producer/labels/{certification}", PORTAL),
    ("portal.orders", "GET"): get("/vi/producer/orders", PORTAL),
    ("portal.order", "GET"): get("/vi/producer/orders/{parcel_new}", PORTAL),
    ("portal.order_accept", "POST"): post("/vi/producer/orders/{parcel_new}/accept", PORTAL),
    ("portal.order_decline", "POST"): post("/vi/producer/orders/{parcel_new}/decline", PORTAL,
                                           data={"reason": "Hết hàng trong kho"}),
    ("portal.order_ship", "POST"): post("/vi/producer/orders/{parcel_accepted}/ship", PORTAL,
                                        data={"carrier": "GHN", "tracking_number": "GHN1"}),
    ("portal.order_deliver", "POST"): post("/vi/producer/orders/{parcel_shipped}/deliver", PORTAL),
    ("portal.order_cash", "POST"): post("/vi/producer/orders/{parcel_shipped}/cash", PORTAL, data={"amount": "{due}"}),
    ("portal.bookings", "GET"): get("/vi/producer/bookings", PORTAL),
    ("portal.booking", "GET"): get("/vi/producer/bookings/{booking}", PORTAL),
    ("portal.booking_accept", "POST"): post("/vi/producer/bookings/{booking}/accept", PORTAL, data={"reply": "Hẹn"}),
    ("portal.booking_decline", "GET"): get("/vi/producer/bookings/{booking}/decline", PORTAL),
    ("portal.booking_decline", "POST"): post("/vi/producer/bookings/{booking}/decline", PORTAL,
                                             data={"reply": "Đã kín chỗ"}),
    # -- the back office --
    ("admin.home", "GET"): get("/vi/admin/", ADMIN),
    ("admin.audit", "GET"): get("/vi/admin/audit", ADMIN),
    ("admin.audit_csv", "GET"): get("/vi/admin/audit.csv", ADMIN),
    ("admin.bookings", "GET"): get("/vi/admin/bookings", ADMIN),
    ("admin.booking", "GET"): get("/vi/admin/bookings/{booking}", ADMIN),
    ("admin.booking_cancel", "POST"): post("/vi/admin/bookings/{booking}/cancel", ADMIN, ok=400),
    ("admin.campaigns", "GET"): get("/vi/admin/campaigns", ADMIN),
    ("admin.campaign", "GET"): get("/vi/admin/campaigns/{campaign_id}", ADMIN),
    ("admin.campaign_new", "GET"): get("/vi/admin/campaigns/new", ADMIN),
    ("admin.campaign_new", "POST"): post("/vi/admin/campaigns/new", ADMIN, ok=422),
    ("admin.campaign_edit", "GET"): get("/vi/admin/campaigns/{campaign_id}/edit", ADMIN),
    ("admin.campaign_edit", "POST"): post("/vi/admin/campaigns/{campaign_id}/edit", ADMIN, ok=422),
    ("admin.campaign_state", "POST"): post("/vi/admin/campaigns/{campaign_id}/state", ADMIN, ok=400),
    ("admin.campaign_banner", "POST"): post("/vi/admin/campaigns/{campaign_id}/banner", ADMIN, ok=422),
    ("admin.campaign_results_page", "GET"): get("/vi/admin/campaigns/{campaign_id}/results", ADMIN),
    ("admin.campaign_results_csv", "GET"): get("/vi/admin/campaigns/{campaign_id}/results.csv", ADMIN),
    ("admin.fairs_list", "GET"): get("/vi/admin/fairs", ADMIN),
    ("admin.fair_new", "GET"): get("/vi/admin/fairs/new", ADMIN),
    ("admin.fair_new", "POST"): post("/vi/admin/fairs/new", ADMIN, ok=422),
    ("admin.fair", "GET"): get("/vi/admin/fairs/{fair_id}", ADMIN),
    ("admin.fair", "POST"): post("/vi/admin/fairs/{fair_id}", ADMIN, ok=422),
    ("admin.fair_delete", "POST"): post("/vi/admin/fairs/{fair_id}/delete", ADMIN),
    ("admin.fair_participant_new", "GET"): get("/vi/admin/fairs/{fair_id}/participants/new", ADMIN),
    ("admin.fair_participant_new", "POST"): post("/vi/admin/fairs/{fair_id}/participants/new", ADMIN, ok=200),
    ("admin.fair_participant", "GET"): get("/vi/admin/fairs/{fair_id}/participants/{participant}", ADMIN),
    ("admin.fair_participant", "POST"): post("/vi/admin/fairs/{fair_id}/participants/{participant}", ADMIN, ok=422),
    ("admin.fair_participant_remove", "POST"): post("/vi/admin/fairs/{fair_id}/participants/{participant}/remove",
                                                    ADMIN),
    ("admin.plan", "GET"): get("/vi/admin/plan", ADMIN),
    ("admin.plan_new", "GET"): get("/vi/admin/plan/new", ADMIN),
    ("admin.plan_create", "POST"): post("/vi/admin/plan/new", ADMIN, ok=400),
    ("admin.plan_edit", "GET"): get("/vi/admin/plan/{plan}/edit", ADMIN),
    ("admin.plan_update", "POST"): post("/vi/admin/plan/{plan}/edit", ADMIN, ok=400),
    ("admin.plan_csv", "GET"): get("/vi/admin/plan/{plan}/targets.csv", ADMIN),
    ("admin.certificates", "GET"): get("/vi/admin/certificates", ADMIN),
    ("admin.certificate", "GET"): get("/vi/admin/certificates/{certification}", ADMIN),
    ("admin.certificate_new", "GET"): get("/vi/admin/certificates/new", ADMIN),
    ("admin.certificate_new", "POST"): post("/vi/admin/certificates/new", ADMIN, ok=200),
    ("admin.certificate_renew", "GET"): get("/vi/admin/certificates/{certification}/renew", ADMIN),
    ("admin.certificate_renew", "POST"): post("/vi/admin/certificates/{certification}/renew", ADMIN, ok=200),
    ("admin.certificate_revoke", "POST"): post("/vi/admin/certificates/{certification}/revoke", ADMIN, ok=422),
    ("admin.certificate_import", "GET"): get("/vi/admin/certificates/import", ADMIN),
    ("admin.certificate_import", "POST"): post("/vi/admin/certificates/import", ADMIN, ok=200),
    ("admin.certificate_import_confirm", "POST"): post("/vi/admin/certificates/import/confirm", ADMIN),
    ("admin.certificate_import_template", "GET"): get("/vi/admin/certificates/import/template.csv", ADMIN),
    ("admin.orders", "GET"): get("/vi/admin/orders", ADMIN),
    ("admin.order", "GET"): get("/vi/admin/orders/{order}", ADMIN),
    ("admin.order_cancel", "POST"): post("/vi/admin/orders/{order}/cancel", ADMIN, ok=400),
    ("admin.order_transfer", "POST"): post("/vi/admin/orders/{order}/transfer", ADMIN, ok=400),
    ("admin.refund_new", "GET"): get("/vi/admin/orders/{order}/refund", ADMIN),
    ("admin.refund_new", "POST"): post("/vi/admin/orders/{order}/refund", ADMIN, ok=200),
    ("admin.refunds", "GET"): get("/vi/admin/refunds", ADMIN),
    ("admin.refund_send", "POST"): post("/vi/admin/refunds/999999/send", ADMIN, ok=404),
    ("admin.producers", "GET"): get("/vi/admin/producers", ADMIN),
    ("admin.producer", "GET"): get("/vi/admin/producers/{producer}", ADMIN),
    ("admin.producer_edit", "GET"): get("/vi/admin/producers/{producer}/edit", ADMIN),
    ("admin.producer_edit", "POST"): post("/vi/admin/producers/{producer}/edit", ADMIN, ok=400),
    ("admin.producer_approve", "POST"): post("/vi/admin/producers/{producer}/approve", ADMIN),
    ("admin.producer_licence", "POST"): post("/vi/admin/producers/{producer}/licence", ADMIN, ok=400),
    ("admin.producer_reject", "POST"): post("/vi/admin/producers/{producer}/reject", ADMIN, ok=400),
    ("admin.producer_suspend", "POST"): post("/vi/admin/producers/{producer}/suspend", ADMIN, ok=400),
    ("admin.review", "GET"): get("/vi/admin/review", ADMIN),
    ("admin.review_product", "GET"): get("/vi/admin/review/products/{pending_review}", ADMIN),
    ("admin.review_publish", "POST"): post("/vi/admin/review/products/{pending_review}/publish", ADMIN),
    ("admin.review_send_back", "POST"): post("/vi/admin/review/products/{pending_review}/send-back", ADMIN, ok=200),
    ("admin.review_revision", "GET"): get("/vi/admin/review/changes/{revision}", ADMIN),
    ("admin.review_approve", "POST"): post("/vi/admin/review/changes/{revision}/approve", ADMIN),
    ("admin.review_reject", "POST"): post("/vi/admin/review/changes/{revision}/reject", ADMIN, ok=200),
    ("admin.shipping", "GET"): get("/vi/admin/shipping", ADMIN),
    ("admin.shipping_zone", "GET"): get("/vi/admin/shipping/local", ADMIN),
    ("admin.shipping_zone", "POST"): post("/vi/admin/shipping/local", ADMIN, ok=200),
    ("admin.transfers", "GET"): get("/vi/admin/payments/transfers", ADMIN),
    ("admin.transfers", "POST"): post("/vi/admin/payments/transfers", ADMIN, ok=200),
}


def expected(row: Row, role: str, target: str, side_of: dict) -> tuple[int | str, bool]:
    """The outcome `role` should get from `row` on the rows of side `target`, and whether it is allowed."""
    if role in row.refuse:
        return row.refuse[role], False
    if role in row.allow:
        return row.allow[role], True
    if row.kind == PUBLIC:
        return row.ok, True
    if role == "anonymous":
        return (row.anon if row.kind == OWN else LOGIN), False
    if row.kind == SIGNED_IN:
        return row.ok, True
    if row.kind == ADMIN:
        return (row.ok, True) if role == "admin" else (403, False)
    if row.kind == OWN:
        owner = role.startswith("customer") and side_of[role] == target
        return (row.ok, True) if owner else (row.other, False)
    if row.kind == PORTAL:
        if not role.startswith("producer_"):
            return 403, False
        return (row.ok, True) if side_of[role] == target or not row.sided else (404, False)
    raise ValueError(f"unknown kind {row.kind!r}")


def missing_row_message(endpoint: str, method: str, rule: str) -> str:
    """What to add, and where, when a route has no row."""
    kind = "ADMIN" if endpoint.startswith("admin.") else "PORTAL" if endpoint.startswith("portal.") else "PUBLIC"
    maker = "get" if method == "GET" else "post"
    path = re.sub(r"<(?:[^:>]+:)?(\w+)>", lambda m: "vi" if m.group(1) == "lang" else "{" + m.group(1) + "}", rule)
    return (f"{method} {rule} has no expected outcome: add ('{endpoint}', '{method}'): {maker}(\"{path}\", {kind}, …) "
            f"to MATRIX in tests/route_matrix.py (placeholders are the keys of tests/route_world.py's sides; "
            f"add the rows your route needs there)")
