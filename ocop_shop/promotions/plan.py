"""The province's OCOP plan: its targets and the figures they are measured against (DESIGN §2).

Figures are computed "as of a day" from the database: a certificate counts when it is an OCOP
certificate (3–5★) valid that day (`Certification.valid_on`); "OCOP producers" are approved
producers with at least one product holding such a certificate; shares are over OCOP producers.
A `Snapshot` holds the few rows the figures need (four queries), so the province's totals and
every breakdown row (promotions/plan_breakdown.py) are computed by the same `figures()`.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import and_, select

from ..catalog.models import Category, Certification, Product, certification_products
from ..extensions import db
from ..producers.models import Producer

# Groups whose products are farm produce: "value chain" is measured among their producers
# (Kế hoạch 3438: "đối với sản phẩm nông sản"): food, drinks, herbal products.
FARM_GROUPS = (1, 2, 3)
MAJORITY_ETHNIC_GROUP = "kinh"  # every other recorded group is an ethnic minority


@dataclass(frozen=True)
class Target:
    """One target: its key in PlanTargetSet.targets, its label, and whether it is a percent."""
    key: str
    label: str
    percent: bool
    definition: str


TARGETS = (
    Target("certified_products", _l("Certified products at 3★ or more"), False,
           _l("Products with a valid OCOP certificate")),
    Target("four_star", _l("Certificates at 4★"), False, _l("Valid certificates with exactly 4 stars")),
    Target("five_star", _l("Certificates at 5★"), False, _l("Valid certificates with exactly 5 stars")),
    Target("kept_valid", _l("Rated products kept valid"), True,
           _l("Products ever certified that hold a valid certificate")),
    Target("cooperatives", _l("Cooperatives"), True, _l("OCOP producers that are cooperatives")),
    Target("enterprises", _l("Small and medium enterprises"), True, _l("OCOP producers that are enterprises")),
    Target("value_chain", _l("Value chain"), True,
           _l("OCOP producers in a value chain, among those with a food, drink or herbal product")),
    Target("trained_workers", _l("Trained workers"), True,
           _l("Trained workers over all workers of OCOP producers")),
    Target("women_led", _l("Women-led producers"), True, _l("OCOP producers led by women")),
    Target("minority_led", _l("Ethnic-minority-led producers"), True,
           _l("OCOP producers led by people of an ethnic minority")),
    Target("ocop_trained", _l("Producers trained in OCOP"), True,
           _l("OCOP producers with an OCOP training date")),
)
TARGET_KEYS = tuple(t.key for t in TARGETS)
BY_KEY = {t.key: t for t in TARGETS}


@dataclass(frozen=True)
class Figure:
    """A count (den None) or a share num/den; `value` is the count or the percent (None: nothing to divide)."""
    num: int
    den: int | None = None

    @property
    def value(self) -> float | None:
        if self.den is None:
            return float(self.num)
        return round(100 * self.num / self.den, 1) if self.den else None

    def meets(self, target: float | None) -> bool | None:
        """Whether the figure reaches the target (None when there is no target or no figure)."""
        if target is None or self.value is None:
            return None
        exact = self.num if self.den is None else 100 * self.num / self.den
        return exact >= target

    def as_json(self) -> dict:
        return {"num": self.num, "den": self.den}

    @classmethod
    def from_json(cls, data: dict) -> "Figure":
        return cls(int(data["num"]), None if data.get("den") is None else int(data["den"]))


@dataclass(frozen=True)
class ProducerRow:
    id: int
    kind: str
    locality_id: int | None
    women_led: bool
    minority_led: bool
    value_chain: bool
    workers: int
    trained_workers: int
    ocop_trained: bool


@dataclass(frozen=True)
class ProductRow:
    """A product (certified now, or ever certified) with its producer, place and OCOP group."""
    id: int
    producer_id: int
    locality_id: int | None
    group: int


@dataclass(frozen=True)
class CertificateRow:
    """A valid 4★ or 5★ certificate, once per place and group of the products it covers."""
    id: int
    stars: int
    locality_id: int | None
    group: int


@dataclass
class Snapshot:
    """What the figures are computed from, as of one day."""
    day: date
    producers: list[ProducerRow] = field(default_factory=list)  # OCOP producers
    certified: list[ProductRow] = field(default_factory=list)  # products with a valid certificate
    ever: list[ProductRow] = field(default_factory=list)  # products certified on or before the day
    certificates: list[CertificateRow] = field(default_factory=list)
    farm_producer_ids: set[int] = field(default_factory=set)  # producers with a food/drink/herbal product

    def subset(self, producer_ids: set[int], keep) -> "Snapshot":
        """The part of the snapshot about some producers and the products, certificates `keep` accepts."""
        return Snapshot(self.day, [p for p in self.producers if p.id in producer_ids],
                        [p for p in self.certified if keep(p)], [p for p in self.ever if keep(p)],
                        [c for c in self.certificates if keep(c)], self.farm_producer_ids & producer_ids)


def _ocop_certificate(day: date):
    """An OCOP certificate (3–5★) valid on the day, in SQL."""
    return and_(Certification.valid_on(day), Certification.stars >= 3)


def _product_rows(condition) -> list[ProductRow]:
    rows = db.session.execute(
        select(Product.id, Product.producer_id, Producer.locality_id, Category.group_code).distinct()
        .join(Producer, Producer.id == Product.producer_id).join(Category, Category.id == Product.category_id)
        .join(certification_products, certification_products.c.product_id == Product.id)
        .join(Certification, Certification.id == certification_products.c.certification_id)
        .where(condition))
    return [ProductRow(*row) for row in rows]


def snapshot_on(day: date) -> Snapshot:
    """Load what the plan's figures need as of the day (four queries, whatever the catalog's size)."""
    certified = _product_rows(_ocop_certificate(day))
    ever = _product_rows(and_(Certification.stars >= 3, Certification.issued_on <= day))
    certificates = [CertificateRow(*row) for row in db.session.execute(
        select(Certification.id, Certification.stars, Producer.locality_id, Category.group_code).distinct()
        .join(certification_products, certification_products.c.certification_id == Certification.id)
        .join(Product, Product.id == certification_products.c.product_id)
        .join(Producer, Producer.id == Product.producer_id).join(Category, Category.id == Product.category_id)
        .where(_ocop_certificate(day), Certification.stars >= 4))]
    holders = {p.producer_id for p in certified}
    farm = set(db.session.scalars(select(Product.producer_id).distinct().join(Category)
                                  .where(Category.group_code.in_(FARM_GROUPS))))
    producers = [_producer_row(p, day) for p in db.session.scalars(
        select(Producer).where(Producer.status == "approved", Producer.id.in_(holders)))] if holders else []
    return Snapshot(day, producers, certified, ever, certificates, farm & holders)


def _producer_row(producer: Producer, day: date) -> ProducerRow:
    group = (producer.ethnic_group or "").strip().casefold()
    return ProducerRow(
        id=producer.id, kind=producer.kind, locality_id=producer.locality_id, women_led=producer.women_led,
        minority_led=bool(group) and group != MAJORITY_ETHNIC_GROUP, value_chain=producer.value_chain,
        workers=producer.workers or 0, trained_workers=producer.trained_workers or 0,
        ocop_trained=producer.ocop_training_on is not None and producer.ocop_training_on <= day)


def figures(snap: Snapshot) -> dict[str, Figure]:
    """Every target's figure for the snapshot (DESIGN §2's definitions), plus 'ocop_producers'."""
    producers = snap.producers
    total = len(producers)
    certified_ids = {p.id for p in snap.certified}
    ever_ids = {p.id for p in snap.ever}
    farm = [p for p in producers if p.id in snap.farm_producer_ids]

    def share(test) -> Figure:
        return Figure(sum(1 for p in producers if test(p)), total)

    return {
        "ocop_producers": Figure(total),
        "certified_products": Figure(len(certified_ids)),
        "four_star": Figure(len({c.id for c in snap.certificates if c.stars == 4})),
        "five_star": Figure(len({c.id for c in snap.certificates if c.stars == 5})),
        "kept_valid": Figure(len(ever_ids & certified_ids), len(ever_ids)),
        "cooperatives": share(lambda p: p.kind == "cooperative"),
        "enterprises": share(lambda p: p.kind == "enterprise"),
        "value_chain": Figure(sum(1 for p in farm if p.value_chain), len(farm)),
        "trained_workers": Figure(sum(p.trained_workers for p in producers), sum(p.workers for p in producers)),
        "women_led": share(lambda p: p.women_led),
        "minority_led": share(lambda p: p.minority_led),
        "ocop_trained": share(lambda p: p.ocop_trained),
    }


def figures_on(day: date) -> dict[str, Figure]:
    """The province's figures as of the day."""
    return figures(snapshot_on(day))
