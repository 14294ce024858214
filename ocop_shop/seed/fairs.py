"""Sample trade fairs: one past, one upcoming, at real places of the facts sheet, marked as samples.

The province holds a yearly OCOP fair at the Km5 square in Cao Bằng city (facts sheet §4: 2023,
7–11 October, 260 booths; 2024 opened 1 November); the samples borrow its place, not its dates:
they are dated from the seeding day so that one is always past and one upcoming. Booths and
product lists are illustrative. Liquor of 15% ABV or more is never listed (Law 44/2019 art. 5).
Keyed by slug: running the seed again adds nothing.
"""
from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select

from ..catalog import alcohol
from ..catalog.models import Product
from ..extensions import db
from ..places.models import Locality
from ..producers.models import Producer
from ..promotions.models import FairParticipant, TradeFair

# (slug, place slug, first day from the seeding day, days, content, [(booth, producer slug)])
FAIRS = (
    ("hoi-cho-ocop-km5-mau", "thuc-phan", -60, 5, {
        "vi": {"name": "Hội chợ OCOP tỉnh Cao Bằng (mẫu)", "venue": "Quảng trường Km5, phường Thục Phán",
               "description": "Hội chợ mẫu: các chủ thể OCOP của tỉnh giới thiệu và bán đặc sản tại quảng "
                              "trường Km5, nơi tỉnh tổ chức hội chợ OCOP hằng năm. Ngày, gian hàng và danh sách "
                              "sản phẩm là dữ liệu minh họa."},
        "en": {"name": "Cao Bằng province OCOP fair (sample)", "venue": "Km5 square, Thục Phán ward",
               "description": "A sample fair: the province's OCOP producers show and sell their specialties on "
                              "the Km5 square, where the province holds its yearly OCOP fair. Dates, booths and "
                              "product lists are illustrative."}},
     (("A01", "htx-tam-hoa"), ("A02", "htx-nong-san-tan-viet-a"), ("A03", "cong-ty-kolia"),
      ("A04", "co-so-mat-ong-doan-linh"), ("B01", "lo-ren-nong-son-phuc-sen"),
      ("B02", "tho-cam-tay-nong-thi-thuoc"), ("B03", "co-so-ruou-ngo-cai-van"))),
    ("phien-cho-ocop-trung-khanh-mau", "dam-thuy", 21, 3, {
        "vi": {"name": "Phiên chợ đặc sản OCOP Trùng Khánh (mẫu)", "venue": "Sân văn hóa xã Đàm Thủy",
               "description": "Phiên chợ mẫu gần thác Bản Giốc: hạt dẻ, thạch đen, khẩu sli và nhà nghỉ cộng "
                              "đồng của vùng Trùng Khánh. Ngày và gian hàng là dữ liệu minh họa."},
        "en": {"name": "Trùng Khánh OCOP specialty market (sample)", "venue": "Đàm Thủy commune cultural yard",
               "description": "A sample market near Bản Giốc waterfall: chestnuts, grass jelly, khẩu sli and the "
                              "community homestays of the Trùng Khánh area. Dates and booths are illustrative."}},
     (("A01", "to-hop-tac-hat-de-ban-khay-mau"), ("A02", "htx-tam-hoa"), ("A03", "co-so-thach-den-le-thuy"),
      ("A04", "htx-khau-sli-na-giang"), ("B01", "lans-homestay"))),
)


def seed_fairs(today: date) -> int:
    """Add whichever sample fair is missing, with its producers and their products; flushes."""
    existing = set(db.session.scalars(select(TradeFair.slug).where(TradeFair.slug.in_([f[0] for f in FAIRS]))))
    places = {p.slug: p for p in db.session.scalars(select(Locality))}
    producers = {p.slug: p for p in db.session.scalars(select(Producer))}
    added = 0
    for slug, place, offset, days, content, booths in FAIRS:
        if slug in existing or place not in places:
            continue
        starts_on = today + timedelta(days=offset)
        fair = TradeFair(slug=slug, content=content, locality_id=places[place].id, starts_on=starts_on,
                         ends_on=starts_on + timedelta(days=days - 1), published=True, is_sample=True)
        db.session.add(fair)
        db.session.flush()
        for booth, producer_slug in booths:
            producer = producers.get(producer_slug)
            if producer is not None:
                db.session.add(FairParticipant(fair_id=fair.id, producer_id=producer.id, booth=booth,
                                               product_ids=_products_shown(producer)))
        added += 1
    db.session.flush()
    return added


def _products_shown(producer: Producer) -> list[int]:
    """The producer's published products a fair may show (never liquor of 15% ABV or more)."""
    products = db.session.scalars(select(Product).where(Product.producer_id == producer.id,
                                                        Product.status == "published").order_by(Product.id))
    return [p.id for p in products if alcohol.may_promote(p)]
