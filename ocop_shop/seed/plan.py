"""The province's OCOP plan 2021–2025 (Kế hoạch 3438/KH-UBND; DESIGN §2) as the first target set.

Idempotent: a set with the same period is left as it is (the office may have edited it).
"""
from __future__ import annotations

from datetime import date

from sqlalchemy import select

from ..extensions import db
from ..promotions.models import PlanTargetSet

PLAN_NAME = "Kế hoạch 3438/KH-UBND: Chương trình OCOP tỉnh Cao Bằng 2021–2025"
PLAN_NOTE = ("Chỉ tiêu của Kế hoạch thực hiện Chương trình Mỗi xã một sản phẩm tỉnh Cao Bằng giai đoạn "
             "2021–2025 (Kế hoạch 3438/KH-UBND).")
PERIOD = (date(2021, 1, 1), date(2025, 12, 31))
TARGETS = {
    "certified_products": 150, "four_star": 10, "five_star": 1, "kept_valid": 100,
    "cooperatives": 40, "enterprises": 30, "value_chain": 30, "trained_workers": 20,
    "women_led": 40, "minority_led": 60, "ocop_trained": 100,
}


def seed_plan() -> int:
    """Add the 2021–2025 target set unless a set for that period exists; return how many were added."""
    start, end = PERIOD
    found = db.session.scalar(select(PlanTargetSet.id).where(PlanTargetSet.period_start == start,
                                                             PlanTargetSet.period_end == end))
    if found is not None:
        return 0
    db.session.add(PlanTargetSet(name=PLAN_NAME, period_start=start, period_end=end, targets=dict(TARGETS),
                                 note=PLAN_NOTE, version=1))
    db.session.flush()
    return 1
