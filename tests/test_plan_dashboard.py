"""The plan dashboard (/<lang>/admin/plan): figures by DESIGN §2's definitions, the "<5" rule,
an ended period's final figures, CSV exports and the target-set form's bad input."""
from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlalchemy import func, select

from ocop_shop.audit import AuditLog
from ocop_shop.csv_export import FORMULA_STARTS
from ocop_shop.extensions import db
from ocop_shop.promotions.models import PlanTargetSet
from ocop_shop.timeutil import local_today

from .conftest import csrf_from, post_form

TODAY = local_today()
VALID = dict(issued_on=TODAY - timedelta(days=200))
EXPIRED = dict(issued_on=TODAY - timedelta(days=1200), expires_on=TODAY - timedelta(days=5))
REVOKED = dict(issued_on=TODAY - timedelta(days=100), revoked=True)


@dataclass
class Spec:
    """A producer of the fixture world and what the test expects of it."""
    kind: str
    place: str
    products: list  # (category slug, stars, "valid" | "expired" | "revoked" | None)
    status: str = "approved"
    women_led: bool = False
    ethnic_group: str | None = None
    value_chain: bool = False
    workers: int = 0
    trained_workers: int = 0
    trained: bool = False
    ids: dict = field(default_factory=dict)


def _specs() -> list[Spec]:
    big = [Spec("cooperative", "Xã Lớn", [("thuc-pham", 3, "valid")], women_led=i < 2, ethnic_group="Tày",
                value_chain=i % 2 == 0, workers=10, trained_workers=3, trained=i < 4) for i in range(6)]
    return big + [
        Spec("enterprise", "Xã Lớn", [("tra", 4, "valid"), ("thao-duoc", 3, "expired")], ethnic_group="Kinh",
             workers=20, trained_workers=8, trained=True, value_chain=True),
        Spec("household", "Xã Nhỏ", [("vai-may-mac", 5, "valid")], women_led=True, ethnic_group="Nùng",
             workers=2, trained_workers=0),
        Spec("coop_group", "Xã Nhỏ", [("thuc-pham", 4, "revoked"), ("thuc-pham", 3, "valid")],
             ethnic_group="H'Mông", workers=5, trained_workers=5, trained=True),
        Spec("enterprise", "Xã Nhỏ", [("du-lich", 3, "expired")], workers=7),  # not OCOP: nothing valid
        Spec("cooperative", "Xã Nhỏ", [("thuc-pham", 4, "valid")], status="suspended", workers=9),
        Spec("household", "Xã Nhỏ", [("thuc-pham", None, None)], women_led=True),  # no certificate
    ]


def _build(factories) -> list[Spec]:
    places = {}
    specs = _specs()
    for spec in specs:
        place = places.get(spec.place) or places.setdefault(spec.place, factories.locality(spec.place))
        producer = factories.producer(kind=spec.kind, status=spec.status, locality=place, women_led=spec.women_led,
                                      ethnic_group=spec.ethnic_group, value_chain=spec.value_chain,
                                      workers=spec.workers, trained_workers=spec.trained_workers,
                                      ocop_training_on=TODAY - timedelta(days=30) if spec.trained else None)
        spec.ids["producer"] = producer.id
        for category, stars, state in spec.products:
            product = factories.product(producer=producer, category=category)
            if stars:
                factories.certification(product, stars=stars, **{"valid": VALID, "expired": EXPIRED,
                                                                  "revoked": REVOKED}[state])
    db.session.commit()
    return specs


def _expected(specs: list[Spec]) -> dict[str, tuple[int, int | None]]:
    """Every figure, counted from the specs by DESIGN §2's definitions."""
    ocop = [s for s in specs if s.status == "approved" and any(p[2] == "valid" for p in s.products)]
    products = [p for s in specs for p in s.products]
    farm = [s for s in ocop if any(p[0] in ("thuc-pham", "tra", "thao-duoc") for p in s.products)]
    n = len(ocop)
    return {
        "certified_products": (sum(1 for p in products if p[2] == "valid"), None),
        "four_star": (sum(1 for p in products if p[2] == "valid" and p[1] == 4), None),
        "five_star": (sum(1 for p in products if p[2] == "valid" and p[1] == 5), None),
        "kept_valid": (sum(1 for p in products if p[2] == "valid"), sum(1 for p in products if p[2])),
        "cooperatives": (sum(1 for s in ocop if s.kind == "cooperative"), n),
        "enterprises": (sum(1 for s in ocop if s.kind == "enterprise"), n),
        "value_chain": (sum(1 for s in farm if s.value_chain), len(farm)),
        "trained_workers": (sum(s.trained_workers for s in ocop), sum(s.workers for s in ocop)),
        "women_led": (sum(1 for s in ocop if s.women_led), n),
        "minority_led": (sum(1 for s in ocop if s.ethnic_group and s.ethnic_group != "Kinh"), n),
        "ocop_trained": (sum(1 for s in ocop if s.trained), n),
    }


def _plan(start: date, end: date, **targets) -> PlanTargetSet:
    target_set = PlanTargetSet(name="Kế hoạch thử", period_start=start, period_end=end,
                               targets=targets or {"certified_products": 150, "women_led": 40, "five_star": 1})
    db.session.add(target_set)
    db.session.commit()
    return target_set


def _csv(client, url: str) -> list[list[str]]:
    response = client.get(url)
    assert response.status_code == 200 and response.mimetype == "text/csv"
    raw = response.get_data()
    assert raw.startswith("\ufeff".encode()) and b"\r\n" in raw and b"\n" not in raw.replace(b"\r\n", b"")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
    assert not [cell for row in rows for cell in row if cell.startswith(FORMULA_STARTS)]
    return rows


def test_live_figures_equal_counts_from_the_fixtures(client, factories, login_as):
    specs = _build(factories)
    target_set = _plan(TODAY - timedelta(days=365), TODAY + timedelta(days=365))
    login_as("admin")
    expected = _expected(specs)
    page = client.get("/vi/admin/plan")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "Số liệu trực tiếp" in html and 'role="img"' in html and "<title id=\"chart-targets-title\">" in html
    rows = _csv(client, f"/vi/admin/plan/{target_set.id}/targets.csv")
    counted = [row[4] for row in rows[1:]]
    for (num, den), shown in zip(expected.values(), counted, strict=True):
        assert shown == ("" if den is None else f"{num} / {den}")
    figures = [row[3] for row in rows[1:]]
    assert figures[0] == str(expected["certified_products"][0])  # a count: the number itself
    assert rows[1][5] == "Không"  # 5 certified products against a target of 150
    ocop = expected["women_led"][1]
    assert f"Chủ thể OCOP (đã duyệt, có ít nhất một giấy chứng nhận còn hiệu lực): {ocop}" in html


def test_small_groups_show_less_than_five(client, factories, login_as):
    _build(factories)
    target_set = _plan(TODAY - timedelta(days=10), TODAY + timedelta(days=10))
    login_as("admin")
    rows = {row[0]: row for row in _csv(client, f"/vi/admin/plan/{target_set.id}/places.csv")}
    header = rows.pop("Nơi")
    big, small = dict(zip(header, rows["Xã Lớn"])), dict(zip(header, rows["Xã Nhỏ"]))
    # Xã Lớn: 7 OCOP producers, 2 of them women-led, 1 enterprise → shown as "<5"; its 7 producers,
    # 6 cooperatives and 6 minority-led are hidden too: Xã Nhỏ is the only other row, so the province
    # total minus a shown 7 would give Xã Nhỏ's hidden count away (secondary suppression).
    assert big["Do phụ nữ điều hành"] == "<5" and big["Doanh nghiệp"] == "<5"
    assert big["Chủ thể OCOP"] == big["Hợp tác xã"] == big["Chủ thể do người dân tộc thiểu số điều hành"] == "<5"
    assert big["Sản phẩm được chứng nhận"] == "7"
    # Xã Nhỏ: 2 OCOP producers → every producer cell hidden, zeros included; product counts stay exact
    producer_columns = ("Chủ thể OCOP", "Hợp tác xã", "Doanh nghiệp", "Tham gia chuỗi giá trị", "Do phụ nữ điều hành",
                        "Chủ thể do người dân tộc thiểu số điều hành", "Đã được tập huấn OCOP")
    assert all(small[column] == "<5" for column in producer_columns)
    # (the suspended cooperative's product still holds a valid certificate: a certified product, DESIGN §2)
    assert small["Sản phẩm được chứng nhận"] == "3" and small["Giấy chứng nhận 5★"] == "1"
    groups = {row[0]: row for row in _csv(client, f"/vi/admin/plan/{target_set.id}/groups.csv")}
    assert groups["Thực phẩm"][1] == "7" and groups["Vải và may mặc"][1] == "<5"


def test_a_lone_hidden_cell_takes_the_smallest_other_cell_with_it():
    from ocop_shop.promotions.plan_breakdown import COLUMNS, Row, shown, suppress_lone_cells

    def row(label, producers, products):
        return Row(label, [shown(producers if counts else products, producers, counts) for _k, _l, counts in COLUMNS])

    rows = suppress_lone_cells([row("A", 12, 3), row("B", 7, 2), row("C", 2, 1), row("D", 0, 0)])
    texts = {r.label: [c.text for c in r.cells] for r in rows}
    assert texts["C"][0] == "<5" and texts["B"][0] == "<5" and texts["A"][0] == "12" and texts["D"][0] == "0"
    assert [texts[k][1] for k in "ABCD"] == ["3", "2", "1", "0"]  # product counts are public: never hidden
    # Two cells hidden already: nothing more goes.
    rows = suppress_lone_cells([row("A", 12, 3), row("B", 3, 2), row("C", 2, 1)])
    assert [r.cells[0].text for r in rows] == ["12", "<5", "<5"]


def test_an_ended_period_keeps_its_final_figures(client, factories, login_as):
    specs = _build(factories)
    ended = _plan(TODAY - timedelta(days=400), TODAY - timedelta(days=1))
    login_as("admin")
    html = client.get("/vi/admin/plan").get_data(as_text=True)
    assert "Kỳ kế hoạch này đã kết thúc" in html and "Theo nơi" not in html
    db.session.expire_all()
    kept = db.session.get(PlanTargetSet, ended.id).final_figures
    assert kept["certified_products"] == {"num": _expected(specs)["certified_products"][0], "den": None}
    # Later changes do not move the kept figures: a new certified product, a revoked certificate.
    factories.product(producer=factories.producer(), stars=4, issued_on=TODAY - timedelta(days=3))
    db.session.commit()
    rows = _csv(client, f"/vi/admin/plan/{ended.id}/targets.csv")
    assert rows[1][3] == str(kept["certified_products"]["num"])
    db.session.expire_all()
    assert db.session.get(PlanTargetSet, ended.id).final_figures == kept
    assert client.get(f"/vi/admin/plan/{ended.id}/places.csv").status_code == 404  # live tables: current sets only
    # The dates of a closed period cannot move.
    response = post_form(client, f"/vi/admin/plan/{ended.id}/edit", {
        "name": "Kế hoạch thử", "period_start": ended.period_start.isoformat(),
        "period_end": TODAY.isoformat(), "version": "1"})
    assert response.status_code == 400 and "không thể đổi ngày" in response.get_data(as_text=True)


def test_figures_stop_at_the_end_of_the_period(client, factories, login_as):
    """Final figures are counted as of the last day: a certificate issued after it does not count."""
    ended = _plan(TODAY - timedelta(days=400), TODAY - timedelta(days=20))
    factories.product(stars=3, issued_on=TODAY - timedelta(days=30))
    factories.product(stars=3, issued_on=TODAY - timedelta(days=10))
    db.session.commit()
    login_as("admin")
    rows = _csv(client, f"/en/admin/plan/{ended.id}/targets.csv")
    assert rows[0][0] == "Target" and rows[1][3] == "1"


def test_a_place_named_like_a_formula_is_exported_as_text(client, factories, login_as):
    place = factories.locality("=HYPERLINK(\"x\")")
    for _ in range(5):
        factories.product(producer=factories.producer(locality=place), stars=3)
    target_set = _plan(TODAY - timedelta(days=10), TODAY + timedelta(days=10))
    login_as("admin")
    rows = _csv(client, f"/vi/admin/plan/{target_set.id}/places.csv")
    assert rows[1][:2] == ["'=HYPERLINK(\"x\")", "5"]


def test_a_new_set_is_entered_and_shown_then_edited(client, login_as):
    login_as("admin")
    response = post_form(client, "/en/admin/plan/new", {
        "name": "Plan 2026–2030", "period_start": (TODAY - timedelta(days=5)).isoformat(),
        "period_end": (TODAY + timedelta(days=1000)).isoformat(), "target_certified_products": "200",
        "target_women_led": "45,5"})
    assert response.status_code == 302
    saved = db.session.scalars(select(PlanTargetSet)).one()
    assert saved.targets == {"certified_products": 200, "women_led": 45.5} and saved.version == 1
    page = client.get("/en/admin/plan").get_data(as_text=True)
    assert "Plan 2026–2030" in page and "≥ 45.5%" in page and "≥ 200" in page
    edit_url = f"/en/admin/plan/{saved.id}/edit"
    form = {"name": "Plan 2026–2030", "period_start": saved.period_start.isoformat(),
            "period_end": saved.period_end.isoformat(), "target_certified_products": "210", "version": "1"}
    assert post_form(client, edit_url, form).status_code == 302
    # The same form sent again is stale (version 1, now 2): refused, nothing changed.
    stale = post_form(client, edit_url, {**form, "target_certified_products": "999"})
    assert stale.status_code == 302 and stale.headers["Location"].endswith(edit_url)
    db.session.expire_all()
    saved = db.session.get(PlanTargetSet, saved.id)
    assert saved.targets == {"certified_products": 210} and saved.version == 2
    actions = db.session.scalars(select(AuditLog.action).order_by(AuditLog.id)).all()
    assert actions[-2:] == ["plan.create", "plan.update"]


def test_bad_input_gets_field_errors_and_saves_nothing(client, login_as):
    login_as("admin")
    _plan(date(2021, 1, 1), date(2025, 12, 31))
    cases = [
        ({"target_four_star": "-3"}, "Không được là số âm."),
        ({"target_women_led": "140"}, "Vui lòng nhập phần trăm từ 0 đến 100"),
        ({"target_women_led": "-5"}, "Không được là số âm."),
        ({"period_end": "2026-01-01"}, "Kỳ kế hoạch phải kết thúc vào hoặc sau ngày bắt đầu."),
        ({"period_start": "2025-06-01"}, "trùng với"),
        ({"name": ""}, "Vui lòng đặt tên cho kế hoạch."),
    ]
    for change, message in cases:
        data = {"name": "Kế hoạch 2026–2030", "period_start": "2026-06-01", "period_end": "2030-12-31", **change}
        response = post_form(client, "/vi/admin/plan/new", data)
        html = response.get_data(as_text=True)
        assert response.status_code == 400, change
        assert message in html and 'class="field-error"' in html, change
        assert 'value="Kế hoạch 2026–2030"' in html or change.get("name") == ""
    assert db.session.scalar(select(func.count(PlanTargetSet.id))) == 1


def test_the_dashboard_without_any_set_offers_to_enter_one(client, login_as):
    login_as("admin")
    html = client.get("/vi/admin/plan").get_data(as_text=True)
    assert "Chưa có chỉ tiêu kế hoạch nào." in html and "/vi/admin/plan/new" in html
    assert client.get("/vi/admin/plan?set=999").status_code == 404
    assert client.get("/vi/admin/plan/999/targets.csv").status_code == 404


def test_the_page_needs_a_csrf_token(client, login_as):
    login_as("admin")
    page = client.get("/vi/admin/plan/new").get_data(as_text=True)
    assert csrf_from(page)
    response = client.post("/vi/admin/plan/new", data={"name": "X", "period_start": "2026-01-01",
                                                       "period_end": "2026-12-31"})
    assert response.status_code == 400
    assert db.session.scalar(select(func.count(PlanTargetSet.id))) == 0


def test_final_figures_are_stored_once_by_the_first_request(app, factories):
    """Two requests closing the period at once: the one that loses the UPDATE keeps the winner's figures."""
    from sqlalchemy import update

    from ocop_shop.promotions import plan_sets

    ended = _plan(TODAY - timedelta(days=400), TODAY - timedelta(days=1))
    seen_before = db.session.get(PlanTargetSet, ended.id)
    assert seen_before.final_figures is None  # this request read the set before the other one closed it
    winner = {"certified_products": {"num": 42, "den": None}, "ocop_producers": {"num": 7, "den": None}}
    outer = db.session()
    with app.app_context():  # the other request, in its own session
        assert db.session() is not outer
        db.session.execute(update(PlanTargetSet).where(PlanTargetSet.id == ended.id).values(final_figures=winner))
        db.session.commit()
    factories.product(stars=3)
    assert seen_before.final_figures is None  # still the stale view: final_figures() must not overwrite
    kept = plan_sets.final_figures(seen_before, TODAY)
    assert kept["certified_products"].num == 42 and seen_before.final_figures == winner
