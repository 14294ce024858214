"""seed_demo(): the sample catalog and the demo accounts, idempotent.

Rows are keyed by slug (localities, producers, products — a product's old slugs count too),
certificate number and email: whatever exists is left exactly as it is, so running the seed
again adds nothing, changes nothing and writes no new picture.
"""
from __future__ import annotations

import hashlib
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache

from sqlalchemy import select

from .. import storage
from ..accounts import services as accounts
from ..catalog import certificates as cert_rules
from ..catalog import services as catalog
from ..catalog.groups import ensure_groups
from ..catalog.models import Category, Certification, Product, ProductImage, ProductSlug
from ..extensions import db
from ..places.models import Locality
from ..producers.models import Producer, ProducerPhoto
from ..text import slugify
from ..timeutil import local_today
from ..types import utcnow
from . import pictures
from .bookings import describe_experience, seed_booking_requests, seed_experiences
from .places import LOCALITIES
from .producers import PRODUCERS, SCENE_WORDS
from .products import CERTIFICATES, FICTIONAL_DECISION, ILLUSTRATIVE_DECISION, PRODUCTS, SEASONS, creation_order

DEMO_PASSWORD = "ocop-demo-pass"
# The demo office account's two-step sign-in key (README): demo data, never a real account's.
DEMO_TOTP_SECRET = "OCOPCAOBANGDEMOADMINTOTPSECRETKK"
# (email, role, name, producer slug): the demo-only accounts of accounts.services.DEMO_EMAILS.
DEMO_ACCOUNTS = (
    ("admin@example.com", "admin", "Văn phòng OCOP (demo)", None),
    ("producer@example.com", "producer", "Người bán demo – Cải Vân", "co-so-ruou-ngo-cai-van"),
    ("producer2@example.com", "producer", "Người bán demo – Tâm Hòa", "htx-tam-hoa"),
    ("producer3@example.com", "producer", "Người bán demo – Lan's Homestay", "lans-homestay"),
    ("customer@example.com", "customer", "Khách hàng demo", None),
)
# Who issued the sample liquor licence (the authority that issues them in the province; the
# number starts with DEMO-, so the record is plainly a sample).
SAMPLE_LICENCE_ISSUER = "Sở Công Thương Cao Bằng (mẫu)"
KINDS = ("localities", "producers", "products", "certificates", "pictures", "demo accounts")


@dataclass
class SeedReport:
    """What the seed found and what it added; image keys so a failed run can remove its files."""

    created: Counter = field(default_factory=Counter)
    present: Counter = field(default_factory=Counter)
    image_keys: list[str] = field(default_factory=list)

    def summary(self) -> str:
        """A few lines for the command's output."""
        totals = ", ".join(f"{self.created[k] + self.present[k]} {k}" for k in KINDS if k != "pictures")
        added = ", ".join(f"+{self.created[k]} {k}" for k in KINDS if self.created[k])
        accounts_line = ", ".join(f"{email} ({role if not slug else slug})" for email, role, _n, slug in DEMO_ACCOUNTS)
        return "\n".join((
            f"Sample catalog (sample data, not official records): {totals}.",
            f"Added now: {added}." if added else "Nothing to add: the sample catalog was already there.",
            f"Demo accounts, password {DEMO_PASSWORD}: {accounts_line}.",
            f"Two-step sign-in key of admin@example.com (any authenticator app): {DEMO_TOTP_SECRET}.",
        ))


def seed_demo(today: date | None = None) -> SeedReport:
    """Create whatever part of the sample catalog and demo accounts is missing; flushes, never commits."""
    today = today or local_today()
    report = SeedReport()
    try:
        ensure_groups()
        localities = _seed_localities(report)
        producers = _seed_producers(localities, report)
        products = _seed_products(producers, report, today)
        _seed_certificates(products, report, today)
        _seed_accounts(producers, report)
        report.created["experiences"] += seed_experiences()
        report.created["booking requests"] += seed_booking_requests(today)
    except Exception:
        discard_pictures(report)
        raise
    return report


def discard_pictures(report: SeedReport) -> None:
    """Remove the files of pictures this run stored (after a failure or a rollback)."""
    for key in report.image_keys:
        storage.delete_image(key)
    report.image_keys.clear()


def _existing(model, slugs) -> dict:
    return {row.slug: row for row in db.session.scalars(select(model).where(model.slug.in_(list(slugs))))}


def _seed_localities(report: SeedReport) -> dict[str, Locality]:
    found = _existing(Locality, (row[0] for row in LOCALITIES))
    report.present["localities"] += len(found)
    for slug, name, kind, parent, former_area, lat, lon, content in LOCALITIES:
        if slug in found:
            continue
        locality = Locality(slug=slug, name=name, kind=kind, former_area=former_area, lat=lat, lon=lon,
                            content=content, parent_id=found[parent].id if parent else None)
        db.session.add(locality)
        db.session.flush()
        found[slug] = locality
        report.created["localities"] += 1
    return found


def _seed_producers(localities: dict[str, Locality], report: SeedReport) -> dict[str, Producer]:
    found = _existing(Producer, (row["slug"] for row in PRODUCERS))
    report.present["producers"] += len(found)
    for row in PRODUCERS:
        if row["slug"] in found:
            continue
        locality = localities[row["locality"]]
        # A household's pin stays at its commune's centre unless it opted in to its exact point.
        lat, lon = row["exact_point"] or (locality.lat, locality.lon)
        licence_number, licence_expiry = row["licence"] or (None, None)
        producer = Producer(
            slug=row["slug"], name=row["name"], kind=row["kind"], status="approved", locality_id=locality.id,
            address=row["address"], lat=lat, lon=lon, exact_location_public=row["exact_point"] is not None,
            contact_name=row["contact_name"], content=row["content"], founded=row["founded"],
            women_led=row["women_led"], ethnic_group=row["ethnic_group"], identity_public=row["identity_public"],
            value_chain=row["value_chain"], workers=row["workers"], trained_workers=row["trained_workers"],
            ocop_training_on=row["ocop_training_on"], alcohol_licence_number=licence_number,
            alcohol_licence_issuer=SAMPLE_LICENCE_ISSUER if licence_number else None,
            alcohol_licence_expires_on=licence_expiry, is_sample=row["is_sample"],
        )
        db.session.add(producer)
        db.session.flush()
        for position, scene in enumerate(row["photos"]):
            _add_producer_photo(producer, locality, scene, position, report)
        found[row["slug"]] = producer
        report.created["producers"] += 1
    return found


def _add_producer_photo(producer: Producer, locality: Locality, scene: str, position: int,
                        report: SeedReport) -> None:
    title = producer.name if locality.name in producer.name else f"{producer.name} – {locality.name}"
    data = _scene_bytes(producer.slug, title, scene)
    stored = _store(data, report)
    words_vi, words_en = SCENE_WORDS[scene]
    alt = {"vi": f"Tranh minh họa: {words_vi} – {producer.name}",
           "en": f"Illustration: {words_en} – {producer.name}"}
    db.session.add(ProducerPhoto(producer_id=producer.id, key=stored.key, width=stored.width,
                                 height=stored.height, alt=alt, position=position))


def _seed_products(producers: dict[str, Producer], report: SeedReport, today: date) -> dict[str, Product]:
    """Products by Vietnamese name; existing ones are found by their slug, current or former."""
    slugs = {slugify(row["content"]["vi"]["name"]) for row in PRODUCTS}
    found = _existing(Product, slugs)
    for old in db.session.scalars(select(ProductSlug).where(ProductSlug.slug.in_(list(slugs - found.keys())))):
        found[old.slug] = db.session.get(Product, old.product_id)
    categories = {c.slug: c for c in db.session.scalars(select(Category))}
    by_name: dict[str, Product] = {}
    for row in creation_order():
        name = row["content"]["vi"]["name"]
        slug = slugify(name)
        if slug in found:
            report.present["products"] += 1
            by_name[name] = found[slug]
            continue
        category = categories[row["category"]]
        product = catalog.create_product(
            producers[row["producer"]], category, row["content"], row["price"], stock=row["stock"],
            net_quantity=row["net_quantity"], weight_grams=row["weight_grams"],
            shelf_life_days=row["shelf_life_days"], abv=row["abv"],
        )
        product.season_from, product.season_to = SEASONS.get(name, (None, None))
        product.is_sample = row["is_sample"]
        _add_product_picture(product, row, category, report)
        if category.is_experience:
            report.created["experiences"] += describe_experience(product)
        if row["status"] == "published":
            catalog.publish(product, on=today)
        by_name[name] = product
        report.created["products"] += 1
    return by_name


def _add_product_picture(product: Product, row: dict, category: Category, report: SeedReport) -> None:
    name_vi = row["content"]["vi"]["name"]
    name_en = row["content"].get("en", {}).get("name", name_vi)
    stored = _store(_product_bytes(product.slug, name_vi, row["icon"], category.group_code), report)
    alt = {"vi": f"Ảnh minh họa: {name_vi}, trên nền họa tiết thổ cẩm Tày – Nùng",
           "en": f"Illustration: {name_en}, on a Tày–Nùng brocade pattern"}
    db.session.add(ProductImage(product_id=product.id, key=stored.key, width=stored.width,
                                height=stored.height, alt=alt, position=0))


def _store(data: bytes, report: SeedReport) -> storage.StoredImage:
    stored = storage.save_image(data)
    report.image_keys.append(stored.key)
    report.created["pictures"] += 1
    return stored


# Drawing is deterministic, so one process (a test session) draws each picture once.
@lru_cache(maxsize=128)
def _product_bytes(slug: str, name: str, icon: str, group: int) -> bytes:
    title, _dash, subtitle = name.partition(" – ")
    return pictures.master_png(pictures.product_picture(slug, title, icon, group, subtitle=subtitle))


@lru_cache(maxsize=64)
def _scene_bytes(slug: str, title: str, scene: str) -> bytes:
    return pictures.master_png(pictures.scene_picture(slug, title, scene))


def _seed_certificates(products: dict[str, Product], report: SeedReport, today: date) -> None:
    numbers = [row[0] for row in CERTIFICATES]
    existing = set(db.session.scalars(select(Certification.number).where(Certification.number.in_(numbers))))
    report.present["certificates"] += len(existing)
    for number, stars, level, issued, score, names, revoked_reason, fictional in CERTIFICATES:
        if number in existing:
            continue
        issued_on = issued(today) if callable(issued) else issued
        if not cert_rules.level_allowed(level, stars, issued_on):
            raise ValueError(f"{number}: level {level} is not allowed for {stars}★ issued on {issued_on}")
        cert = Certification(
            public_code=_public_code(number), number=number, stars=stars, level=level, score=score,
            decision=FICTIONAL_DECISION if fictional else ILLUSTRATIVE_DECISION, issued_on=issued_on,
            expires_on=cert_rules.expiry_for(issued_on), revoked=revoked_reason is not None,
            revoked_reason=revoked_reason, is_sample=True,
        )
        cert.products.extend(products[name] for name in names)
        db.session.add(cert)
        report.created["certificates"] += 1
    db.session.flush()


def _public_code(number: str) -> str:
    """A stable code per sample certificate (so a printed demo QR keeps working), random if taken."""
    digest = hashlib.sha256(number.encode()).digest()
    code = "".join(cert_rules.CROCKFORD[b % 32] for b in digest[:8])
    taken = db.session.scalar(select(Certification.id).where(Certification.public_code == code))
    return cert_rules.new_public_code() if taken else code


def _seed_accounts(producers: dict[str, Producer], report: SeedReport) -> None:
    for email, role, name, producer_slug in DEMO_ACCOUNTS:
        if accounts.find_by_login(email) is not None:
            report.present["demo accounts"] += 1
            continue
        user = accounts.create_user(email, DEMO_PASSWORD, name, role=role)
        user.email_verified_at = utcnow()  # example.com receives no mail: the demo addresses count as confirmed
        if producer_slug:
            user.producer_id = producers[producer_slug].id
        if role == "admin":
            user.totp_secret, user.totp_enabled_at = DEMO_TOTP_SECRET, utcnow()
        report.created["demo accounts"] += 1
    db.session.flush()
