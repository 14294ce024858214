"""Shipping rules as data: zone (by destination province) × weight band, per producer parcel.

Every producer ships from Cao Bằng, so the zones are: same province (Cao Bằng), the
northern provinces, the rest of Việt Nam. A province not listed is in the zone "rest".
The office will edit these rows later; `ensure_default_rules()` seeds them once.
"""
from __future__ import annotations

from sqlalchemy import JSON, ForeignKey, String, UniqueConstraint, select
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db
from ..i18n import localized
from ..types import Money

REST_ZONE = "rest"

# (code, vi, en, free shipping from this order total, fee per extra kg above the last band)
DEFAULT_ZONES = (
    ("local", "Nội tỉnh Cao Bằng", "Within Cao Bằng province", 500_000, 5_000),
    ("north", "Các tỉnh miền Bắc", "Northern provinces", 800_000, 8_000),
    ("rest", "Các tỉnh còn lại", "Rest of Việt Nam", 1_000_000, 12_000),
)
# Province codes after the 2025 reorganisation (vietnam-provinces 2025.10.1).
DEFAULT_ZONE_PROVINCES = {
    "local": (4,),
    "north": (1, 8, 11, 12, 14, 15, 19, 20, 22, 24, 25, 31, 33, 37),
}
# (zone, up to grams, fee in đồng)
DEFAULT_RATES = (
    ("local", 1_000, 20_000), ("local", 3_000, 25_000), ("local", 5_000, 30_000),
    ("north", 1_000, 30_000), ("north", 3_000, 40_000), ("north", 5_000, 50_000),
    ("rest", 1_000, 40_000), ("rest", 3_000, 55_000), ("rest", 5_000, 70_000),
)


class ShippingZone(db.Model):
    __tablename__ = "shipping_zones"

    code: Mapped[str] = mapped_column(String(20), primary_key=True)
    position: Mapped[int] = mapped_column(default=0)
    content: Mapped[dict] = mapped_column(JSON, default=dict)  # {lang: {name}}
    free_over: Mapped[int | None] = mapped_column(Money)  # order goods total from which shipping is free
    extra_per_kg: Mapped[int] = mapped_column(Money, default=0)

    def name(self, lang: str | None = None) -> str:
        return localized(self.content, "name", lang)


class ShippingZoneProvince(db.Model):
    __tablename__ = "shipping_zone_provinces"

    province_code: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    zone_code: Mapped[str] = mapped_column(ForeignKey("shipping_zones.code", ondelete="CASCADE"), index=True)


class ShippingRate(db.Model):
    __tablename__ = "shipping_rates"
    __table_args__ = (UniqueConstraint("zone_code", "max_grams", name="uq_shipping_rates_zone_band"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    zone_code: Mapped[str] = mapped_column(ForeignKey("shipping_zones.code", ondelete="CASCADE"), index=True)
    max_grams: Mapped[int]
    fee: Mapped[int] = mapped_column(Money)


class ShippingUnavailable(ValueError):
    """No shipping rule covers this destination."""


def ensure_default_rules() -> bool:
    """Seed the default zones, provinces and rates when there are none; True if added."""
    if db.session.scalar(select(ShippingZone.code).limit(1)) is not None:
        return False
    for position, (code, vi, en, free_over, extra) in enumerate(DEFAULT_ZONES):
        db.session.add(ShippingZone(code=code, position=position, free_over=free_over, extra_per_kg=extra,
                                    content={"vi": {"name": vi}, "en": {"name": en}}))
    db.session.flush()
    for zone, provinces in DEFAULT_ZONE_PROVINCES.items():
        db.session.add_all(ShippingZoneProvince(province_code=p, zone_code=zone) for p in provinces)
    db.session.add_all(ShippingRate(zone_code=z, max_grams=g, fee=f) for z, g, f in DEFAULT_RATES)
    db.session.flush()
    return True


def zone_for(province_code: int) -> ShippingZone:
    """The zone a destination province is in (unlisted provinces are in "rest")."""
    code = db.session.scalar(
        select(ShippingZoneProvince.zone_code).where(ShippingZoneProvince.province_code == province_code)
    ) or REST_ZONE
    zone = db.session.get(ShippingZone, code)
    if zone is None:
        raise ShippingUnavailable(code)
    return zone


def parcel_fee(zone: ShippingZone, weight_grams: int) -> int:
    """The fee for one parcel of this weight in this zone (heavier than the last band: per extra kg)."""
    rates = db.session.execute(
        select(ShippingRate.max_grams, ShippingRate.fee)
        .where(ShippingRate.zone_code == zone.code).order_by(ShippingRate.max_grams)
    ).all()
    if not rates:
        raise ShippingUnavailable(zone.code)
    for max_grams, fee in rates:
        if weight_grams <= max_grams:
            return fee
    last_grams, last_fee = rates[-1]
    extra_kg = -(-(weight_grams - last_grams) // 1000)  # ceiling
    return last_fee + extra_kg * zone.extra_per_kg


def quote(province_code: int, parcels: dict[int, int], goods_total: int) -> dict[int, int]:
    """Fee per parcel ({producer_id: weight} → {producer_id: fee}); all free above the zone's threshold."""
    zone = zone_for(province_code)
    if zone.free_over is not None and goods_total >= zone.free_over:
        return {producer_id: 0 for producer_id in parcels}
    return {producer_id: parcel_fee(zone, weight) for producer_id, weight in parcels.items()}
