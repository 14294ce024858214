"""Photos through the portal: every bad upload is refused with a clear message and nothing stored;
a phone photo comes out upright and without GPS; reorder, alt text, remove; waiting changes."""
from __future__ import annotations

import io
import struct
import zlib

import pytest
from PIL import Image
from sqlalchemy import select

from ocop_shop import storage
from ocop_shop.catalog import review
from ocop_shop.catalog.models import Product, ProductImage, ProductRevision
from ocop_shop.extensions import db

from .conftest import csrf_from, post_form


def _jpeg(width=400, height=300, colour=(180, 120, 60)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height), colour).save(out, "JPEG")
    return out.getvalue()


def _phone_photo() -> bytes:
    """A 400×200 photo stored sideways (EXIF orientation 6) with GPS: left half red, right half blue."""
    image = Image.new("RGB", (400, 200), (220, 20, 20))
    image.paste((20, 20, 220), (200, 0, 400, 200))
    exif = Image.Exif()
    exif[0x0112] = 6
    exif[0x8825] = {1: "N", 2: (22.0, 40.0, 0.0), 3: "E", 4: (106.0, 15.0, 0.0)}
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif, quality=95)
    return out.getvalue()


def _png_header(width: int, height: int) -> bytes:
    """A PNG that claims huge dimensions in a few bytes (a pixel bomb)."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(b"\x00" * 64)) + chunk(b"IEND", b"")


@pytest.fixture
def draft(factories, make_user, login_as):
    producer = factories.producer()
    login_as(make_user(role="producer", producer=producer))
    product = factories.product(producer=producer, name="Miến dong", status="draft")
    db.session.commit()
    return product


def _upload(client, product_id, data: bytes, filename: str, lang="vi", **fields):
    page = client.get(f"/{lang}/producer/products/{product_id}/photos")
    return client.post(f"/{lang}/producer/products/{product_id}/photos",
                       data={"csrf_token": csrf_from(page.get_data(as_text=True)),
                             "photo": (io.BytesIO(data), filename), **fields},
                       content_type="multipart/form-data")


def _stored_files(app) -> list:
    return list(storage.upload_dir().rglob("*")) if storage.upload_dir().exists() else []


def _images(product_id) -> list[ProductImage]:
    db.session.expire_all()
    return list(db.session.scalars(select(ProductImage).where(ProductImage.product_id == product_id)
                                   .order_by(ProductImage.position)))


@pytest.mark.parametrize("name, data, message", [
    ("renamed.jpg", b"This is a letter, not a picture.\n" * 40, "không phải ảnh JPEG, PNG hay WebP"),
    ("page.html", b"<!doctype html><html><body><script>alert(1)</script></body></html>", "không phải ảnh JPEG, PNG hay WebP"),
    ("page.jpg", b"<html><body onload=alert(1)></body></html>", "không phải ảnh JPEG, PNG hay WebP"),
    ("logo.svg", b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><rect width="9" height="9"/></svg>',
     "không phải ảnh JPEG, PNG hay WebP"),
    ("bomb.png", _png_header(30_000, 30_000), "quá lớn (trên 40 megapixel)"),
    ("bomb-small.png", _png_header(7_000, 7_000), "quá lớn (trên 40 megapixel)"),
    ("../../etc/passwd.jpg", _jpeg(), "Tên tệp này không hợp lệ"),
    ("IMG_0001.HEIC", b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic" + b"\x00" * 200, "Tương thích nhất"),
    ("big.jpg", b"\xff\xd8\xff" + b"0" * (15 * 1024 * 1024), "lớn hơn 15 MB"),
])
def test_bad_uploads_get_a_clear_message_and_nothing_is_stored(app, client, draft, name, data, message):
    response = _upload(client, draft.id, data, name)
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert message in html
    assert 'id="photo-error"' in html  # next to the field
    assert _images(draft.id) == []
    assert _stored_files(app) == []


def test_a_30_mb_upload_is_refused_with_a_clear_message(app, client, draft):
    response = _upload(client, draft.id, b"\xff\xd8\xff" + b"0" * (30 * 1024 * 1024), "huge.jpg")
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "lớn hơn 15 MB" in page
    assert _images(draft.id) == [] and _stored_files(app) == []


def test_heic_message_says_how_to_send_a_jpeg_in_english_too(app, client, draft):
    html = _upload(client, draft.id, b"\x00\x00\x00\x18ftypheic" + b"\x00" * 100, "a.heic", lang="en").get_data(as_text=True)
    assert "Most Compatible" in html and "JPEG" in html


def test_a_phone_photo_comes_out_upright_and_without_gps(app, client, draft):
    response = _upload(client, draft.id, _phone_photo(), "IMG_2024.jpg", alt_vi="Gói miến trên bàn")
    assert response.status_code == 302
    done = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Đã thêm ảnh." in done
    [image] = _images(draft.id)
    assert (image.width, image.height) == (200, 400)  # upright
    assert image.alt == {"vi": "Gói miến trên bàn"}
    assert "IMG_2024" not in image.key
    for width in image.widths():
        with Image.open(storage.image_path(image.key, width)) as stored:
            assert stored.format == "WEBP"
            assert not stored.getexif() and "exif" not in stored.info
            rgb = stored.convert("RGB")
            top = rgb.getpixel((rgb.width // 2, rgb.height // 4))
            bottom = rgb.getpixel((rgb.width // 2, rgb.height * 3 // 4))
            assert top[0] > 150 and top[2] < 100  # the red half is on top once rotated
            assert bottom[2] > 150 and bottom[0] < 100


def test_photos_are_reordered_described_and_removed_with_a_confirm(app, client, draft):
    for colour in ((200, 0, 0), (0, 200, 0), (0, 0, 200)):
        assert _upload(client, draft.id, _jpeg(colour=colour), "a.jpg").status_code == 302
    first, second, third = [i.key for i in _images(draft.id)]
    base = f"/vi/producer/products/{draft.id}/photos"
    post_form(client, base, {"direction": "up"}, post_url=f"{base}/{third}/move")
    assert [i.key for i in _images(draft.id)] == [first, third, second]
    post_form(client, base, {f"a{second[:8]}-alt_vi": "Bát miến", f"a{second[:8]}-alt_en": "A bowl of noodles"},
              post_url=f"{base}/{second}/alt")
    assert _images(draft.id)[2].alt == {"vi": "Bát miến", "en": "A bowl of noodles"}
    confirm = client.get(f"{base}/{first}/remove")
    assert "Có, xóa ảnh" in confirm.get_data(as_text=True)
    assert len(_images(draft.id)) == 3
    done = post_form(client, f"{base}/{first}/remove", {}, follow_redirects=True)
    assert "Đã xóa ảnh." in done.get_data(as_text=True)
    assert [i.key for i in _images(draft.id)] == [third, second]
    assert not storage.image_path(first, 320).exists() and not list(storage.upload_dir().rglob(f"{first}-*"))


def test_unknown_or_malformed_photo_keys_are_404(app, client, draft):
    base = f"/vi/producer/products/{draft.id}/photos"
    assert client.get(f"{base}/{'f' * 32}/remove").status_code == 404
    assert client.get(f"{base}/..%2F..%2Fetc/remove").status_code == 404


def test_photo_changes_on_a_published_product_wait_for_the_office(app, client, factories, make_user, login_as):
    producer = factories.producer()
    login_as(make_user(role="producer", producer=producer))
    product = factories.product(producer=producer, name="Hạt dẻ", status="published")
    db.session.commit()
    response = _upload(client, product.id, _jpeg(), "a.jpg")
    assert "sau khi Văn phòng duyệt" in client.get(response.headers["Location"]).get_data(as_text=True)
    assert _images(product.id) == []  # the public product has no new photo yet
    revision = db.session.scalar(select(ProductRevision))
    assert revision.status == "pending_review" and len(revision.images) == 1
    public = client.get(f"/vi/products/{product.slug}").get_data(as_text=True)
    assert revision.images[0]["key"] not in public
    removed = review.approve_changes(revision, None)
    db.session.commit()
    assert removed == [] and [i.key for i in _images(product.id)] == [revision.images[0]["key"]]
    assert revision.images[0]["key"] in client.get(f"/vi/products/{product.slug}").get_data(as_text=True)


def test_new_product_form_keeps_the_photo_across_an_error(app, client, factories, make_user, login_as):
    producer = factories.producer()
    login_as(make_user(role="producer", producer=producer))
    db.session.commit()
    category = str(factories.category("mien-bun").id)
    page = client.get("/vi/producer/products/new")
    data = {"csrf_token": csrf_from(page.get_data(as_text=True)), "name_vi": "", "category_id": category,
            "unit_vi": "gói", "weight_grams": "500", "price": "50.000", "stock": "5",
            "photo": (io.BytesIO(_jpeg()), "mien.jpg")}
    response = client.post("/vi/producer/products/new", data=data, content_type="multipart/form-data")
    html = response.get_data(as_text=True)
    assert "Vui lòng nhập tên bằng tiếng Việt." in html and "Ảnh của bạn vẫn được giữ" in html
    token = html.split('name="kept_photo"')[1].split('value="')[1].split('"')[0]
    response = client.post("/vi/producer/products/new", data={
        "csrf_token": csrf_from(html), "name_vi": "Miến dong", "category_id": category, "unit_vi": "gói",
        "weight_grams": "500", "price": "50.000", "stock": "5", "kept_photo": token})
    assert response.status_code == 302
    product = db.session.scalar(select(Product))
    assert len(_images(product.id)) == 1


def test_a_forged_kept_photo_note_is_ignored(app, client, factories, make_user, login_as):
    producer = factories.producer()
    login_as(make_user(role="producer", producer=producer))
    db.session.commit()
    page = client.get("/vi/producer/products/new")
    response = client.post("/vi/producer/products/new", data={
        "csrf_token": csrf_from(page.get_data(as_text=True)), "name_vi": "Miến", "unit_vi": "gói",
        "category_id": str(factories.category("mien-bun").id), "weight_grams": "500", "price": "50.000",
        "stock": "5", "kept_photo": "eyJrIjoiYWFhYSJ9.forged.signature"})
    assert response.status_code == 302
    product = db.session.scalar(select(Product))
    assert _images(product.id) == []
