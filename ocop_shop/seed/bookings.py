"""Sample experience details for the four group-6 products, and a few fictional booking requests.

Facts come from the product rows and the facts sheet (Lan's Homestay welcomes up to 70 guests);
the other group sizes are assumptions, listed in docs/SAMPLE_DATA.md. Requests are fictional
("(mẫu)" / "(sample)" names, example.com emails, 0912 000 00x numbers) and keyed by product
and email, so seeding again adds nothing.
"""
from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select

from ..catalog.models import Product
from ..extensions import db
from ..tourism import bookings
from ..tourism.experiences import BookingRequest
from ..text import slugify

LANS = "Lan's Homestay – nghỉ đêm gần thác Bản Giốc"
_NIGHT = {"vi": "1 đêm", "en": "1 night"}

# vi product name → (max party, {lang: {includes}}); max party for Lan's from the facts sheet, others assumed.
EXPERIENCES = {
    LANS: (70, {
        "vi": "Chỗ nghỉ một đêm tại homestay của chị Hoàng Thị Lan ở xã Đàm Thủy, gần thác Bản Giốc, động "
              "Ngườm Ngao và làng đá Khuổi Ky.",
        "en": "A night at Ms Hoàng Thị Lan's homestay in Đàm Thủy commune, close to Bản Giốc waterfall, Ngườm "
              "Ngao cave and the Khuổi Ky stone village."}),
    "Homestay làng đá Khuổi Ky – phòng trong hang đá": (2, {
        "vi": "Một đêm trong phòng nghỉ dựng trong hang đá của homestay Yến Nhi – Bản Giốc, làng đá Khuổi Ky.",
        "en": "A night in the room built inside a rock cave at Yến Nhi – Bản Giốc Homestay, Khuổi Ky stone "
              "village."}),
    "Homestay làng đá Khuổi Ky – nghỉ nhà sàn đá": (10, {
        "vi": "Một đêm trong ngôi nhà sàn đá của người Tày ở làng Khuổi Ky.",
        "en": "A night in a Tày stone stilt house in the Khuổi Ky village."}),
    "Mế Farmstay – nghỉ đêm ở Nà Mạ": (10, {
        "vi": "Một đêm ở Mế Farmstay, xóm Nà Mạ, xã Trường Hà, gần khu di tích Pác Bó.",
        "en": "A night at Mế Farmstay in Nà Mạ hamlet, Trường Hà commune, near the Pác Bó relic site."}),
}

# Fictional requests for Lan's Homestay: (email, name, phone, locale, days ahead, party, status, message, reply).
SAMPLE_REQUESTS = (
    ("khach.mau1@example.com", "Nguyễn Thị Mẫu (mẫu)", "+84912000001", "vi", 14, 4, "new",
     "Gia đình tôi có hai trẻ nhỏ, xin phòng gần nhau.", ""),
    ("sample.guest2@example.com", "Emma Sample (sample)", "+84912000002", "en", 30, 2, "accepted",
     "We arrive by the afternoon bus.", "Chúng tôi sẽ đón hai bạn ở bến xe. / We will meet you at the bus stop."),
    ("khach.mau3@example.com", "Trần Văn Mẫu (mẫu)", "+84912000003", "vi", 21, 30, "declined",
     "Đoàn 30 người, cần chỗ ăn tối.", "Hôm đó homestay đã kín chỗ, mời anh chọn ngày khác."),
)


def seed_experiences() -> int:
    """Experience details for the sample group-6 products that lack them; returns how many were added."""
    products = db.session.scalars(select(Product).where(Product.slug.in_([slugify(name) for name in EXPERIENCES])))
    return sum(describe_experience(product) for product in products)


def describe_experience(product: Product) -> bool:
    """Give a sample group-6 product its experience details unless it has them (they come before publishing)."""
    row = EXPERIENCES.get(product.content["vi"]["name"])
    if row is None or bookings.experience_for(product.id) is not None:
        return False
    max_party, includes = row
    content = {lang: {"includes": text, "duration": _NIGHT[lang]} for lang, text in includes.items()}
    bookings.save_experience(product.id, content, max_party)
    return True


def seed_booking_requests(today: date) -> int:
    """The fictional requests for Lan's Homestay that are missing; returns how many were added."""
    product = db.session.scalar(select(Product).where(Product.slug == slugify(LANS)))
    experience = bookings.experience_for(product.id) if product else None
    if experience is None:
        return 0
    added = 0
    for email, name, phone, locale, days, party, status, message, reply in SAMPLE_REQUESTS:
        if db.session.scalar(select(BookingRequest.id).where(
                BookingRequest.product_id == product.id, BookingRequest.email == email)) is not None:
            continue
        booking = bookings.request_booking(
            product, experience, requested_on=today + timedelta(days=days), party_size=party, contact_name=name,
            phone=phone, email=email, message=message, locale=locale)
        booking.is_sample = True
        if status == "accepted":
            bookings.accept(booking, reply)
        elif status == "declined":
            bookings.decline(booking, reply)
        added += 1
    return added
