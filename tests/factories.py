"""Factories with sensible defaults; each flushes, the test commits when it needs to."""
from __future__ import annotations

import itertools
from datetime import date, timedelta

from sqlalchemy import select

from ocop_shop.accounts import services as accounts
from ocop_shop.catalog import certificates
from ocop_shop.catalog.models import Category, Certification, Product
from ocop_shop.extensions import db
from ocop_shop.places.models import Locality
from ocop_shop.producers.models import Producer
from ocop_shop.text import slugify
from ocop_shop.timeutil import local_today

_seq = itertools.count(1)


class Factories:
    """make_* helpers shared by every test module."""

    def user(self, role="customer", password="correct horse battery", email=None, name=None,
             producer=None, phone=None):
        n = next(_seq)
        user = accounts.create_user(email if email is not None else f"user{n}@test.example", password,
                                    name or f"Người dùng {n}", role=role, phone=phone)
        if producer is not None:
            user.producer = producer
        db.session.flush()
        return user

    def locality(self, name=None, kind="commune", lat=22.67, lon=106.26):
        n = next(_seq)
        name = name or f"Xã Thử {n}"
        loc = Locality(slug=f"{slugify(name)}-{n}", name=name, kind=kind, lat=lat, lon=lon,
                       content={"vi": {"description": f"Mô tả {name}"}})
        db.session.add(loc)
        db.session.flush()
        return loc

    def producer(self, name=None, kind="cooperative", status="approved", locality=None, **fields):
        n = next(_seq)
        name = name or f"HTX Thử Nghiệm {n}"
        producer = Producer(slug=f"{slugify(name)}-{n}", name=name, kind=kind, status=status,
                            locality=locality or self.locality(),
                            content={"vi": {"story": f"Câu chuyện của {name}.", "excerpt": f"Giới thiệu {name}."}},
                            **fields)
        db.session.add(producer)
        db.session.flush()
        return producer

    def category(self, slug="thuc-pham"):
        return db.session.scalar(select(Category).where(Category.slug == slug))

    def product(self, name=None, producer=None, category="thuc-pham", price=100_000, stock=10,
                status="published", stars=None, issued_on=None, expires_on=None, revoked=False,
                abv=None, content=None, **fields):
        n = next(_seq)
        name = name or f"Sản phẩm thử {n}"
        product = Product(
            producer=producer or self.producer(),
            category=self.category(category),
            slug=f"{slugify(name)}-{n}",
            status=status,
            content=content or {"vi": {"name": name, "description": f"Mô tả {name}.", "unit": "gói"}},
            price=price, stock=stock, abv=abv, weight_grams=fields.pop("weight_grams", 500),
            **fields,
        )
        db.session.add(product)
        db.session.flush()
        if stars is not None:
            self.certification(product, stars=stars, issued_on=issued_on, expires_on=expires_on, revoked=revoked)
        return product

    def certification(self, *products, stars=3, issued_on=None, expires_on=None, revoked=False,
                      level=None, number=None):
        n = next(_seq)
        issued_on = issued_on or (local_today() - timedelta(days=100))
        expires_on = expires_on or certificates.expiry_for(issued_on)
        if expires_on < issued_on:
            issued_on = expires_on - timedelta(days=365)
        cert = Certification(
            public_code=certificates.new_public_code(), number=number or f"DEMO-{n:05d}",
            decision=f"Quyết định số {n}/QĐ-UBND", stars=stars, score=certificates_score(stars),
            level=level or ("national" if stars == 5 else "province"),
            issued_on=issued_on, expires_on=expires_on, revoked=revoked, is_sample=True,
        )
        cert.products.extend(products)
        db.session.add(cert)
        db.session.flush()
        return cert

    def product_image(self, product, width=1200, height=900, alt=None, colour=(43, 58, 103)):
        """A real stored picture (WebP renditions on disk) attached to a product."""
        import io

        from PIL import Image

        from ocop_shop import storage
        from ocop_shop.catalog.models import ProductImage

        buffer = io.BytesIO()
        Image.new("RGB", (width, height), colour).save(buffer, "PNG")
        stored = storage.save_image(buffer.getvalue())
        image = ProductImage(product_id=product.id, key=stored.key, width=stored.width,
                             height=stored.height, position=next(_seq),
                             alt=alt or {"vi": f"Ảnh {product.content['vi']['name']}"})
        db.session.add(image)
        db.session.flush()
        return image

    # -- buying (cart, orders, payments) --

    def shipping_rules(self):
        """The default shipping zones and rates (TRUNCATE on PostgreSQL removes them)."""
        from ocop_shop.orders.shipping import ensure_default_rules

        ensure_default_rules()

    def order(self, *items, payment_method="bank_transfer", user=None, locale="vi", age_declared=True,
              province_code=4):
        """An order placed through the real service: items are (product, quantity) pairs."""
        import secrets

        from flask import current_app

        from ocop_shop.cart import services as carts
        from ocop_shop.checkout import address
        from ocop_shop.orders.placing import Delivery, place_order
        from ocop_shop.payments import providers
        from ocop_shop.types import utcnow

        self.shipping_rules()
        cart = carts.create_cart()
        for product, quantity in items or ((self.product(), 1),):
            carts.add_item(cart, product.id, quantity)
        ward_code, ward_name = address.wards(province_code)[0]
        delivery = Delivery("Nguyễn Thị Lan", "+84912345678", "lan@test.example", province_code,
                            address.province_name(province_code), ward_code, ward_name, "Số 8 phố Kim Đồng")
        method = providers.provider(payment_method)
        order = place_order(cart, delivery, payment_method, checkout_token=secrets.token_urlsafe(16), locale=locale,
                            user_id=getattr(user, "id", None), age_declared=age_declared,
                            payment_due_at=method.due_at(utcnow(), current_app.config))
        method.on_placed(order)
        db.session.flush()
        return order

    # -- experiences (OCOP group 6) and booking requests --

    def experience(self, product=None, max_party=10, content=None):
        """Experience facts for a group-6 product (a new published homestay by default)."""
        from ocop_shop.tourism.experiences import Experience

        product = product or self.product(category="du-lich", price=300_000,
                                          content={"vi": {"name": f"Homestay thử {next(_seq)}", "unit": "khách/đêm"},
                                                   "en": {"unit": "guest per night"}})
        experience = Experience(product_id=product.id, max_party=max_party, content=content or {
            "vi": {"includes": "Phòng nghỉ, bữa tối và bữa sáng", "duration": "1 đêm", "season": "Quanh năm"},
            "en": {"includes": "Room, dinner and breakfast", "duration": "1 night"}})
        db.session.add(experience)
        db.session.flush()
        return experience

    def booking(self, product=None, status="new", party_size=2, requested_on=None, email="khach@test.example",
                locale="vi", reply="", user=None):
        """A booking request for a group-6 product (through the service, then moved to `status`)."""
        from ocop_shop.tourism import bookings

        if product is None:
            product = db.session.get(Product, self.experience().product_id)
        experience = bookings.experience_for(product.id) or self.experience(product)
        booking = bookings.request_booking(
            product, experience, requested_on=requested_on or a_day(10), party_size=party_size,
            contact_name="Trần Văn Khách", phone="+84912345678", email=email, message="Chúng tôi đến buổi chiều.",
            locale=locale, user_id=getattr(user, "id", None))
        if status == "accepted":
            bookings.accept(booking, reply)
        elif status == "declined":
            bookings.decline(booking, reply or "Xin lỗi, hôm đó đã kín chỗ.")
        elif status == "cancelled":
            bookings.cancel(booking)
        return booking

    # -- promotions --

    def campaign(self, *products, percent=None, amount=None, starts_at=None, ends_at=None, status="active",
                 funded_by="office", concentrated=False, coupon=None, slug=None, **fields):
        """A campaign on the given products (scope 'products', resolved as saved), running now by default.

        Built directly (no legal checks): tests of the law go through promotions.campaigns.
        `coupon` is a code, or a dict of Coupon fields with "code".
        """
        from datetime import datetime, timezone

        from ocop_shop.promotions.models import Campaign, CampaignProduct, Coupon

        n = next(_seq)
        now = datetime.now(timezone.utc)
        campaign = Campaign(
            slug=slug or f"chien-dich-{n}", status=status,
            content={"vi": {"name": f"Chiến dịch thử {n}"}, "en": {"name": f"Test campaign {n}"}},
            discount_kind="amount" if amount is not None else "percent",
            discount_value=amount if amount is not None else (percent or 10),
            scope_kind="products", scope_ids=[p.id for p in products], funded_by=funded_by,
            concentrated=concentrated, starts_at=starts_at or now - timedelta(days=1),
            ends_at=ends_at or now + timedelta(days=7), **fields)
        db.session.add(campaign)
        db.session.flush()
        for product in products:
            db.session.add(CampaignProduct(campaign_id=campaign.id, product_id=product.id))
        if coupon is not None:
            spec = {"code": coupon} if isinstance(coupon, str) else dict(coupon)
            db.session.add(Coupon(campaign_id=campaign.id, code_key=spec["code"].upper().replace(" ", ""), **spec))
        db.session.flush()
        return campaign

    def producer_accepts(self, campaign, producer):
        """A producer's member accepted a producer-funded campaign."""
        from datetime import datetime, timezone

        from ocop_shop.promotions.models import CampaignProducer

        row = CampaignProducer(campaign_id=campaign.id, producer_id=producer.id,
                               accepted_at=datetime.now(timezone.utc))
        db.session.add(row)
        db.session.flush()
        return row

    def fair(self, *participants, starts_in=10, days=3, locality=None, published=True, name=None, **fields):
        """A trade fair starting `starts_in` days from today (VN) for `days` days; each participant is
        (producer, booth, [products])."""
        from ocop_shop.promotions.models import FairParticipant, TradeFair

        n = next(_seq)
        name = name or f"Hội chợ thử {n}"
        starts_on = local_today() + timedelta(days=starts_in)
        fair = TradeFair(slug=f"{slugify(name)}-{n}", content={"vi": {"name": name}, "en": {"name": f"Test fair {n}"}},
                         locality_id=(locality or self.locality()).id, starts_on=starts_on,
                         ends_on=starts_on + timedelta(days=days - 1), published=published, **fields)
        db.session.add(fair)
        db.session.flush()
        for producer, booth, products in participants:
            db.session.add(FairParticipant(fair_id=fair.id, producer_id=producer.id, booth=booth,
                                           product_ids=[p.id for p in products]))
        db.session.flush()
        return fair


def certificates_score(stars: int) -> int:
    return {5: 92, 4: 78, 3: 60, 2: 40, 1: 20}[stars]


def a_day(offset: int) -> date:
    return local_today() + timedelta(days=offset)
