"""The six OCOP product groups (Decision 148/QĐ-TTg) and their sub-categories.

Reference data every site needs: `flask --app wsgi init-db` makes sure it exists.
English keywords let English searches find products that have only Vietnamese text.
"""
from __future__ import annotations

from sqlalchemy import select

from ..extensions import db
from .models import Category

# (slug, group, vi name, en name, English keywords, sub-categories)
GROUPS = (
    ("thuc-pham", 1, "Thực phẩm", "Food", "food specialty", (
        ("gao-nep", "Gạo, nếp", "Rice", "rice sticky glutinous"),
        ("mien-bun", "Miến, bún", "Noodles", "noodles vermicelli arrowroot canna glass noodles"),
        ("thit-hun-khoi", "Thịt hun khói, lạp sườn", "Smoked meat and sausage", "sausage smoked pork meat"),
        ("hat-qua", "Hạt, quả", "Nuts and fruit", "chestnut nut peanut fruit"),
        ("mat-ong", "Mật ong", "Honey", "honey bee"),
        ("banh-keo", "Bánh, kẹo, thạch", "Cakes, sweets and jelly", "cake sweets candy grass jelly dessert"),
        ("nam-rau", "Nấm, rau", "Mushrooms and vegetables", "mushroom shiitake vegetable"),
    )),
    ("do-uong", 2, "Đồ uống", "Beverages", "drink beverage", (
        ("ruou", "Rượu", "Liquor", "liquor spirit wine alcohol corn liquor rice wine"),
        ("tra", "Trà", "Tea", "tea green tea"),
    )),
    ("thao-duoc", 3, "Thảo dược", "Herbal products", "herbal herb medicinal", ()),
    ("vai-may-mac", 4, "Vải và may mặc", "Textiles and garments", "textile fabric garment brocade weaving scarf", ()),
    ("luu-niem-noi-that-trang-tri", 5, "Lưu niệm – nội thất – trang trí",
     "Souvenirs, furniture and decoration", "souvenir handicraft craft decoration knife incense forge", ()),
    ("du-lich", 6, "Dịch vụ du lịch cộng đồng, du lịch sinh thái và điểm du lịch",
     "Community tourism, eco-tourism and destinations", "tourism homestay travel experience stay village", ()),
)


def ensure_groups() -> int:
    """Create any missing group or sub-category; return how many were added."""
    existing = set(db.session.scalars(select(Category.slug)))
    added = 0
    for position, (slug, code, vi, en, keywords, subs) in enumerate(GROUPS):
        if slug not in existing:
            db.session.add(_category(slug, code, vi, en, keywords, position, None))
            added += 1
    db.session.flush()
    parents = {c.slug: c for c in db.session.scalars(select(Category).where(Category.parent_id.is_(None)))}
    for slug, code, _vi, _en, _kw, subs in GROUPS:
        for position, (sub_slug, vi, en, keywords) in enumerate(subs):
            if sub_slug not in existing:
                db.session.add(_category(sub_slug, code, vi, en, keywords, position, parents[slug].id))
                added += 1
    db.session.flush()
    return added


def _category(slug, code, vi, en, keywords, position, parent_id) -> Category:
    return Category(slug=slug, group_code=code, position=position, parent_id=parent_id,
                    content={"vi": {"name": vi}, "en": {"name": en}}, keywords_en=keywords)
