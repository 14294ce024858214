"""Admin POST cases: the plan's target sets."""
from datetime import date

from ocop_shop.extensions import db
from ocop_shop.promotions.models import PlanTargetSet

from . import audited

TARGETS = {"target_certified_products": "150", "target_four_star": "10", "target_women_led": "40"}


@audited("admin.plan_create")
def create_plan(world):
    response = world.post_form(world.client, "/vi/admin/plan/new", {
        "name": "Kế hoạch 2026–2030", "period_start": "2026-01-01", "period_end": "2030-12-31", **TARGETS})
    assert response.status_code == 302, response.get_data(as_text=True)[:800]


@audited("admin.plan_update")
def update_plan(world):
    target_set = PlanTargetSet(name="Kế hoạch 2026–2030", period_start=date(2026, 1, 1),
                               period_end=date(2030, 12, 31), targets={"four_star": 10})
    db.session.add(target_set)
    db.session.commit()
    response = world.post_form(world.client, f"/vi/admin/plan/{target_set.id}/edit", {
        "name": "Kế hoạch 2026–2030 (sửa)", "period_start": "2026-01-01", "period_end": "2030-12-31",
        "version": "1", **TARGETS})
    assert response.status_code == 302, response.get_data(as_text=True)[:800]
