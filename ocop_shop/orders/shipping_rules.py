"""The office edits the shipping rules: a zone's provinces, weight bands and prices, free-shipping threshold.

Checkout prices shipping only through orders/shipping.py (`quote`), which reads these rows, so
an edit applies from the next cart on; a placed order keeps the shipping it was charged (its
own snapshot). Rules checked here, the one place: bands start at 0 g, each starts where the one
before ends (no gap, no overlap), no negative price, a province in one zone only.
"""
from __future__ import annotations

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError

from .. import audit
from ..addresses import province_name, provinces
from ..extensions import db
from ..i18n import current_lang
from .shipping import REST_ZONE, ShippingRate, ShippingZone, ShippingZoneProvince

MAX_GRAMS = 1_000_000  # one tonne: above any parcel
MAX_FEE = 100_000_000


@dataclass(frozen=True)
class Band:
    """Parcels heavier than from_grams, up to max_grams, cost fee (đồng)."""

    from_grams: int
    max_grams: int
    fee: int

    def text(self) -> str:
        return f"{self.from_grams}–{self.max_grams} g: {self.fee} đ"


@dataclass
class ZoneRules:
    zone: ShippingZone
    provinces: list[int]
    bands: list[Band]

    @property
    def is_rest(self) -> bool:
        return self.zone.code == REST_ZONE

    def province_names(self) -> list[str]:
        """The zone's provinces by name, in the address form's order (Cao Bằng first)."""
        mine = set(self.provinces)
        return [name for code, name in provinces() if code in mine] + \
            [str(code) for code in self.provinces if province_name(code) is None]


class ShippingRuleError(ValueError):
    """Rules the edit breaks: (field, band row or None, translated message) for each."""

    def __init__(self, problems: list[tuple[str, int | None, str]]) -> None:
        super().__init__("; ".join(str(message) for _field, _row, message in problems))
        self.problems = problems


def bands_of(zone_code: str) -> list[Band]:
    """A zone's bands, lightest first, each starting where the one before ends."""
    rows = db.session.execute(select(ShippingRate.max_grams, ShippingRate.fee)
                              .where(ShippingRate.zone_code == zone_code).order_by(ShippingRate.max_grams)).all()
    starts = [0] + [max_grams for max_grams, _fee in rows[:-1]]
    return [Band(start, max_grams, fee) for start, (max_grams, fee) in zip(starts, rows)]


def zone_rules(zone: ShippingZone) -> ZoneRules:
    provinces = db.session.scalars(select(ShippingZoneProvince.province_code)
                                   .where(ShippingZoneProvince.zone_code == zone.code)).all()
    return ZoneRules(zone, sorted(provinces), bands_of(zone.code))


def all_zones() -> list[ZoneRules]:
    """Every zone with its provinces and bands, in the office's order."""
    zones = db.session.scalars(select(ShippingZone).order_by(ShippingZone.position, ShippingZone.code)).all()
    return [zone_rules(zone) for zone in zones]


def problems(zone: ShippingZone, provinces: list[int], bands: list[Band], free_over: int | None,
             extra_per_kg: int) -> list[tuple[str, int | None, str]]:
    """Everything wrong with an edit (empty when it may be saved)."""
    found = _band_problems(bands)
    if free_over is not None and not 0 <= free_over <= MAX_FEE:
        found.append(("free_over", None, _l("The amount cannot be negative.")))
    if not 0 <= extra_per_kg <= MAX_FEE:
        found.append(("extra_per_kg", None, _l("A price cannot be negative.")))
    taken = dict(db.session.execute(select(ShippingZoneProvince.province_code, ShippingZoneProvince.zone_code)
                                    .where(ShippingZoneProvince.province_code.in_(provinces),
                                           ShippingZoneProvince.zone_code != zone.code)).all())
    for code, other in sorted(taken.items()):
        other_zone = db.session.get(ShippingZone, other)
        found.append(("provinces", None, _l("%(province)s is already in the zone “%(zone)s”: take it out there first.",
                                            province=province_name(code) or code,
                                            zone=other_zone.name(current_lang()))))
    if provinces and zone.code == REST_ZONE:
        found.append(("provinces", None, _l("This zone holds every province not listed elsewhere.")))
    return found


def _band_problems(bands: list[Band]) -> list[tuple[str, int | None, str]]:
    if not bands:
        return [("bands", None, _l("Please keep at least one weight band."))]
    found = []
    previous_end = 0
    for row, band in sorted(enumerate(bands), key=lambda item: (item[1].from_grams, item[1].max_grams)):
        if band.fee < 0 or band.fee > MAX_FEE:
            found.append(("fee", row, _l("A price cannot be negative.")))
        if band.max_grams <= band.from_grams or band.max_grams > MAX_GRAMS:
            found.append(("max_grams", row, _l("The band must end above where it starts.")))
        if band.from_grams < previous_end:
            found.append(("from_grams", row, _l("This band overlaps another one, which ends at %(grams)s g.",
                                                grams=previous_end)))
        elif band.from_grams > previous_end:
            found.append(("from_grams", row, _l("Gap: no price for parcels from %(start)s g to %(end)s g.",
                                                start=previous_end, end=band.from_grams)))
        previous_end = max(previous_end, band.max_grams)
    return found


def update_zone(zone: ShippingZone, *, provinces: list[int], bands: list[Band], free_over: int | None,
                extra_per_kg: int, by) -> bool:
    """Save a zone's rules if they break none (else ShippingRuleError); audited. False when nothing changed."""
    found = problems(zone, provinces, bands, free_over, extra_per_kg)
    if found:
        raise ShippingRuleError(found)
    before = zone_rules(zone)
    old = {"provinces": before.province_names(), "bands": [b.text() for b in before.bands],
           "free_over": zone.free_over, "extra_per_kg": zone.extra_per_kg}
    bands = sorted(bands, key=lambda band: band.max_grams)
    zone.free_over, zone.extra_per_kg = free_over, extra_per_kg
    db.session.execute(delete(ShippingRate).where(ShippingRate.zone_code == zone.code))
    db.session.execute(delete(ShippingZoneProvince).where(ShippingZoneProvince.zone_code == zone.code))
    db.session.add_all(ShippingRate(zone_code=zone.code, max_grams=b.max_grams, fee=b.fee) for b in bands)
    try:
        with db.session.begin_nested():
            db.session.add_all(ShippingZoneProvince(province_code=code, zone_code=zone.code) for code in set(provinces))
    except IntegrityError as error:  # another zone took one of them at the same moment
        raise ShippingRuleError([("provinces", None, _l("A province is already in another zone: please reload "
                                                        "the page."))]) from error
    after = zone_rules(zone)
    new = {"provinces": after.province_names(), "bands": [b.text() for b in after.bands],
           "free_over": free_over, "extra_per_kg": extra_per_kg}
    changes = {name: (old[name], new[name]) for name in old if old[name] != new[name]}
    if changes:
        audit.record(by, "shipping.zone_update", zone, changes=changes, label=zone.name("vi"),
                     object_type="ShippingZone")
    db.session.flush()
    return bool(changes)
