"""Generated products whose names share syllables with the real ones (search tests and bench).

"Rượu nếp", "Ngô nếp", "Hạt dổi", "Dao cạo", "Thịt dê"…: each shares a word with a
real specialty ("Rượu ngô", "Hạt dẻ", "Dao Phúc Sen") without being it, so ranking
has to work. Deterministic for a given seed. Rows go in with bulk inserts plus one
outbox row each, so the index is built by the same code as in production.
"""
from __future__ import annotations

import random
from datetime import datetime, timedelta, timezone

from sqlalchemy import insert, select

from ocop_shop.catalog.models import Category, Certification, Product, certification_products
from ocop_shop.extensions import db
from ocop_shop.places.models import Locality
from ocop_shop.producers.models import Producer
from ocop_shop.search.models import SearchOutboxRow
from ocop_shop.text import slugify
from ocop_shop.timeutil import local_today

# category slug → (Vietnamese base names, English words, ABV or None)
KINDS = {
    "ruou": (["Rượu nếp", "Rượu nếp cẩm", "Rượu men lá", "Rượu mận", "Rượu táo mèo", "Rượu gạo", "Rượu thóc"],
             ["rice wine", "plum wine", "spirit"], 29.0),
    "gao-nep": (["Ngô nếp", "Gạo nếp", "Nếp cẩm", "Gạo tẻ", "Ngô tẻ", "Bột ngô", "Gạo lứt", "Ngô răng ngựa"],
                ["sticky rice", "corn", "rice flour"], None),
    "hat-qua": (["Hạt dổi", "Hạt mắc khén", "Hạt sen", "Lạc đỏ", "Quả mận", "Quýt ngọt", "Hạt bí", "Quả lê"],
                ["seeds", "plums", "mandarins", "peanuts"], None),
    "luu-niem-noi-that-trang-tri": (["Dao cạo", "Dao gọt", "Kéo rèn", "Rìu rèn", "Hương nhang", "Giỏ mây",
                                     "Nón lá", "Dao phay"], ["razor", "axe", "basket", "incense"], None),
    "mien-bun": (["Miến dong", "Bún khô", "Phở khô", "Mì gạo", "Miến gạo"], ["noodles", "vermicelli"], None),
    "mat-ong": (["Mật ong hoa", "Mật ong bạc hà", "Sáp ong", "Mật ong rừng"], ["honey", "beeswax"], None),
    "thit-hun-khoi": (["Lạp sườn", "Thịt trâu gác bếp", "Thịt lợn hun khói", "Thịt dê khô", "Xúc xích"],
                      ["sausage", "dried buffalo", "smoked pork"], None),
    "banh-keo": (["Bánh khảo", "Bánh cuốn", "Kẹo lạc", "Thạch đen", "Bánh dày", "Bánh gio"],
                 ["cake", "peanut candy", "grass jelly"], None),
    "nam-rau": (["Nấm hương", "Măng khô", "Mộc nhĩ", "Rau cải", "Măng chua"], ["mushroom", "bamboo shoots"], None),
    "tra": (["Trà xanh", "Trà đắng", "Chè shan tuyết", "Trà hoa vàng", "Trà giảo cổ lam"], ["green tea", "tea"], None),
    "thao-duoc": (["Cao lá", "Thuốc tắm", "Gừng khô", "Nghệ đen", "Sâm núi"], ["herbal bath", "ginger", "turmeric"], None),
    "vai-may-mac": (["Khăn lanh", "Áo chàm", "Túi vải", "Váy lanh", "Khăn chàm"], ["linen", "indigo cloth", "bag"], None),
    "du-lich": (["Nhà nghỉ", "Tour bản", "Nhà sàn"], ["guesthouse", "village tour"], None),
}
# Places and words that the real products do not share as a whole.
PLACES = ["Hòa An", "Bảo Lạc", "Nguyên Bình", "Thạch An", "Hạ Lang", "Quảng Hòa", "Hà Quảng", "Bảo Lâm",
          "Thông Nông", "Nà Giàng", "Đông Khê", "Tĩnh Túc", "Minh Tâm", "Lục Khu", "Đàm Thủy", "Khánh Xuân"]
QUALIFIERS = ["đặc biệt", "loại 1", "truyền thống", "thượng hạng", "hộp quà", "túi 500 g", "gói 1 kg",
              "nhà làm", "mùa mới", "sấy khô", "hữu cơ", "vùng cao", "(mẫu)"]
DESCRIPTIONS = [
    "Đặc sản {place}, Cao Bằng, làm theo cách truyền thống của người Tày và Nùng.",
    "Sản phẩm của bà con {place} (Cao Bằng); đóng gói cẩn thận, giao hàng toàn quốc.",
    "Nguyên liệu chọn lọc từ vùng núi {place}, Cao Bằng; hương vị đậm đà của núi rừng.",
]


def generate(count: int, seed: int = 2025) -> list[dict]:
    """Product specs: {name, category, place, price, abv, words_en, stars}."""
    rng = random.Random(seed)
    kinds = list(KINDS)
    specs = []
    for n in range(count):
        category = kinds[n % len(kinds)] if n < len(kinds) else rng.choice(kinds)
        names, english, abv = KINDS[category]
        place = rng.choice(PLACES)
        parts = [rng.choice(names), place]
        if rng.random() < 0.6:
            parts.append(rng.choice(QUALIFIERS))
        specs.append({
            "name": " ".join(parts),
            "category": category,
            "place": place,
            "price": rng.randrange(20, 1500) * 1000,
            "abv": abv,
            "english": rng.choice(english),
            "description": rng.choice(DESCRIPTIONS).format(place=place),
            "stars": rng.choice([None, None, None, 3, 3, 4]),
        })
    return specs


def add_products(count: int, seed: int = 2025, producers: int = 40) -> list[int]:
    """Insert generated published products (approved producers) with one outbox row each; flushes only."""
    specs = generate(count, seed)
    categories = {c.slug: c.id for c in db.session.scalars(select(Category))}
    tag = f"g{seed}-{count}"
    localities = {}
    for place in PLACES:
        loc = Locality(slug=f"{slugify(place)}-{tag}", name=place, kind="commune", lat=22.7, lon=106.2, content={})
        db.session.add(loc)
        localities[place] = loc
    db.session.flush()
    producer_rows = []
    for i in range(producers):
        place = PLACES[i % len(PLACES)]
        producer_rows.append({
            "slug": f"htx-{slugify(place)}-{i}-{tag}", "name": f"HTX {place} số {i + 1}",
            "kind": "cooperative", "status": "approved", "locality_id": localities[place].id,
            "content": {}, "alcohol_licence_number": f"GP-{i}", "exact_location_public": False,
            "women_led": False, "identity_public": False, "value_chain": False, "workers": 5,
            "trained_workers": 1, "is_sample": True, "created_at": datetime.now(timezone.utc),
        })
    db.session.execute(insert(Producer), producer_rows)
    producer_ids = list(db.session.scalars(select(Producer.id).where(Producer.slug.like(f"%-{tag}"))))
    now = datetime.now(timezone.utc)
    rows = []
    for i, spec in enumerate(specs):
        rows.append({
            "producer_id": producer_ids[i % len(producer_ids)],
            "category_id": categories[spec["category"]], "slug": f"{slugify(spec['name'])}-{tag}-{i}",
            "status": "published", "price": spec["price"], "stock": 10, "weight_grams": 500,
            "abv": spec["abv"], "is_sample": True,
            "content": {"vi": {"name": spec["name"], "description": spec["description"], "unit": "gói"},
                        "en": {"description": f"{spec['english'].capitalize()} from {spec['place']}, Cao Bằng."}},
            "created_at": now - timedelta(minutes=i), "updated_at": now, "published_at": now - timedelta(minutes=i),
        })
    ids: list[int] = []
    for chunk in range(0, len(rows), 1000):
        ids += list(db.session.scalars(
            insert(Product).returning(Product.id, sort_by_parameter_order=True), rows[chunk:chunk + 1000]))
    today = local_today()
    certs, certified = [], []
    for i, spec in enumerate(specs):
        if spec["stars"]:
            issued = today - timedelta(days=100 + i % 300)
            certs.append({"public_code": _code(seed, len(certs)), "number": f"DEMO-GEN-{tag}-{i}",
                          "decision": "Quyết định mẫu", "level": "province", "stars": spec["stars"],
                          "score": 60 if spec["stars"] == 3 else 75, "issued_on": issued,
                          "expires_on": issued + timedelta(days=1095), "revoked": False, "is_sample": True})
            certified.append(ids[i])
    if certs:
        cert_ids = list(db.session.scalars(
            insert(Certification).returning(Certification.id, sort_by_parameter_order=True), certs))
        db.session.execute(insert(certification_products),
                           [{"certification_id": c, "product_id": p} for c, p in zip(cert_ids, certified)])
    db.session.execute(insert(SearchOutboxRow), [{"product_id": pid, "created_at": now} for pid in ids])
    db.session.flush()
    return ids


_CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"


def _code(seed: int, n: int) -> str:
    value = seed * 1_000_003 + n
    out = []
    for _ in range(8):
        value, r = divmod(value, 32)
        out.append(_CROCKFORD[r])
    return "".join(out)
