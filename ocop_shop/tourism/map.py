"""The province map: places, producers and experiences drawn as SVG on the server.

No tiles, no API key, no request to anyone: latitude and longitude are projected
equirectangularly (longitude scaled by the cosine of the middle latitude) inside a frame of the
province's bounds, with a graticule every 0.2°. There is no province outline (we have no open
boundary data here to draw one honestly), so the map is a schematic and says so.

Where a producer is pinned (DESIGN §2, Law 91/2025): at its own point only when it chose to show
it (`exact_location_public`) and the point is on record; otherwise at its commune's (locality's)
centre; with neither it is listed "without a position", never dropped. An experience sits at its
producer's pin. Markers that would cover each other move to the nearest free spot, with a line to their point.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import joinedload

from ..catalog import queries as catalog_queries
from ..catalog.models import Category, Product
from ..extensions import db
from ..producers.models import Producer
from ..text import fold
from .discovery import EXPERIENCE_GROUP, is_experience, all_places

# Cao Bằng lies within about 22.35–23.15° N and 105.25–106.90° E.
SOUTH, NORTH, WEST, EAST = 22.35, 23.15, 105.25, 106.90
WIDTH = 800
PAD = 28
GRID_STEP = 0.2
SHOWS = ("all", "places", "producers", "experiences")
MIN_GAP = 24  # viewBox units between marker centres (markers are about 22 wide)


@dataclass
class Pin:
    """A producer's public position: where, and whether it is its own point or the commune's centre."""

    lat: float
    lon: float
    exact: bool


def producer_pin(producer: Producer) -> Pin | None:
    """Where a producer may be shown (producer.locality must be loaded): see the module docstring."""
    if producer.exact_location_public and producer.lat is not None and producer.lon is not None:
        return Pin(producer.lat, producer.lon, True)
    locality = producer.locality
    if locality is not None and locality.lat is not None and locality.lon is not None:
        return Pin(locality.lat, locality.lon, False)
    return None


@dataclass
class Marker:
    kind: str  # place | producer | experience
    name: str
    endpoint: str  # where the marker links: (endpoint, slug)
    slug: str
    pin: Pin | None
    place_name: str = ""
    number: int = 0
    x: float = 0.0
    y: float = 0.0
    home: tuple[float, float] | None = None  # the true point, when the marker had to move off it

    @property
    def moved(self) -> bool:
        return self.home is not None and (self.x, self.y) != self.home


@dataclass
class GridLine:
    x1: float
    y1: float
    x2: float
    y2: float
    label: str
    label_x: float
    label_y: float


@dataclass
class ProvinceMap:
    width: int
    height: int
    markers: list[Marker]
    unplaced: list[Marker]
    grid: list[GridLine] = field(default_factory=list)
    show: str = "all"
    group: Category | None = None


def _scale() -> float:
    """viewBox units per degree of latitude, so the frame is WIDTH wide."""
    return (WIDTH - 2 * PAD) / ((EAST - WEST) * math.cos(math.radians((SOUTH + NORTH) / 2)))


def project(lat: float, lon: float) -> tuple[float, float]:
    """(x, y) in the SVG's viewBox for a point (equirectangular within the province's bounds)."""
    k = _scale()
    x = PAD + (lon - WEST) * k * math.cos(math.radians((SOUTH + NORTH) / 2))
    y = PAD + (NORTH - lat) * k
    return round(x, 1), round(y, 1)


def height() -> int:
    return round(2 * PAD + (NORTH - SOUTH) * _scale())


def inside(lat: float, lon: float) -> bool:
    return SOUTH <= lat <= NORTH and WEST <= lon <= EAST


def _grid() -> list[GridLine]:
    lines, h = [], height()
    steps_lat = round((NORTH - SOUTH) / GRID_STEP)
    for i in range(1, steps_lat):
        lat = round(SOUTH + i * GRID_STEP, 2)
        _x, y = project(lat, WEST)
        lines.append(GridLine(PAD, y, WIDTH - PAD, y, f"{lat:.1f}° N", PAD + 4, y - 4))
    lon = math.ceil(WEST / GRID_STEP) * GRID_STEP
    while lon < EAST:
        x, _y = project(SOUTH, lon)
        lines.append(GridLine(x, PAD, x, h - PAD, f"{lon:.1f}° E", x + 4, h - PAD - 6))
        lon = round(lon + GRID_STEP, 2)
    return lines


def parse_filters(args, groups: list[Category]) -> tuple[str, Category | None]:
    """show ∈ SHOWS and an OCOP group by slug; an unknown value means no filter."""
    show = args.get("show", "all")
    show = show if show in SHOWS else "all"
    slug = args.get("group", "")
    group = next((g for g in groups if g.slug == slug), None)
    return show, group


def province_map(show: str = "all", group: Category | None = None) -> ProvinceMap:
    """The markers for the filters, numbered in list order, placed and spread; the unplaced apart."""
    markers: list[Marker] = []
    if show in ("all", "places") and group is None:
        markers += _place_markers()
    if show in ("all", "producers"):
        markers += _producer_markers(group)
    if show in ("all", "experiences") and (group is None or group.group_code == EXPERIENCE_GROUP):
        markers += _experience_markers()
    placed = [m for m in markers if m.pin is not None and inside(m.pin.lat, m.pin.lon)]
    unplaced = [m for m in markers if m not in placed]
    for number, marker in enumerate(placed + unplaced, start=1):
        marker.number = number
    for marker in placed:
        marker.x, marker.y = project(marker.pin.lat, marker.pin.lon)
    _spread(placed)
    return ProvinceMap(WIDTH, height(), placed, unplaced, _grid(), show, group)


def _place_markers() -> list[Marker]:
    return [Marker("place", loc.name, "places.show", loc.slug,
                   Pin(loc.lat, loc.lon, True) if loc.lat is not None and loc.lon is not None else None)
            for loc in all_places()]


def _producer_markers(group: Category | None) -> list[Marker]:
    stmt = (select(Producer).where(Producer.status == "approved")
            .options(joinedload(Producer.locality)))
    if group is not None:
        makes = (catalog_queries.public_products().join(Product.category)
                 .where(Category.group_code == group.group_code).with_only_columns(Product.producer_id))
        stmt = stmt.where(Producer.id.in_(makes))
    producers = sorted(db.session.scalars(stmt), key=lambda p: (fold(p.name), p.id))
    return [Marker("producer", p.name, "producers.show", p.slug, producer_pin(p),
                   p.locality.name if p.locality else "") for p in producers]


def _experience_markers() -> list[Marker]:
    stmt = (catalog_queries.public_products().join(Product.category).where(is_experience())
            .options(joinedload(Product.producer).joinedload(Producer.locality)).order_by(Product.id))
    return [Marker("experience", p.name, "catalog.product", p.slug, producer_pin(p.producer),
                   p.producer.locality.name if p.producer.locality else "")
            for p in db.session.scalars(stmt).unique()]


def _spread(markers: list[Marker]) -> None:
    """Move markers that would cover another onto the nearest free spot on rings around their point.

    In number order, so the page is the same on every visit; a moved marker keeps its true
    point (`home`) and the map draws a thin line back to it.
    """
    placed: list[Marker] = []
    for marker in markers:
        marker.home = (marker.x, marker.y)
        for x, y in _candidates(marker.x, marker.y):
            if all((x - other.x) ** 2 + (y - other.y) ** 2 >= MIN_GAP ** 2 for other in placed):
                marker.x, marker.y = x, y
                break
        placed.append(marker)


def _candidates(x: float, y: float):
    """The point itself, then points on rings of growing radius around it (12 per ring)."""
    yield x, y
    for ring in range(1, 8):
        radius = ring * MIN_GAP
        for step in range(12):
            angle = 2 * math.pi * step / 12 - math.pi / 2
            yield round(x + radius * math.cos(angle), 1), round(y + radius * math.sin(angle), 1)


def locality_link(lat: float, lon: float, zoom: int = 13) -> str:
    """OpenStreetMap at the point (a plain link the visitor opens; nothing is loaded from it here)."""
    return f"https://www.openstreetmap.org/?mlat={lat:.4f}&mlon={lon:.4f}#map={zoom}/{lat:.4f}/{lon:.4f}"
