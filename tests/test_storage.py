"""Image storage: checked, EXIF-rotated, stripped of metadata, re-encoded, WebP renditions."""
import io

import pytest
from PIL import Image

from ocop_shop import storage


def _jpeg_with_exif(width=400, height=200, orientation=6) -> bytes:
    image = Image.new("RGB", (width, height), (200, 30, 30))
    exif = Image.Exif()
    exif[0x0112] = orientation
    exif[0x8825] = {1: "N", 2: (22.0, 40.0, 0.0), 3: "E", 4: (106.0, 15.0, 0.0)}  # GPS
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif)
    return out.getvalue()


def test_phone_photo_is_upright_and_metadata_free(app):
    stored = storage.save_image(_jpeg_with_exif())
    assert (stored.width, stored.height) == (200, 400)  # orientation 6: rotated upright
    for width in storage.available_widths(stored.width):
        with Image.open(storage.image_path(stored.key, width)) as thumb:
            assert thumb.format == "WEBP"
            assert not thumb.getexif()
            assert "exif" not in thumb.info and "xmp" not in thumb.info


def test_renditions_are_never_upscaled(app):
    assert storage.available_widths(300) == [300]
    assert storage.available_widths(800) == [320, 640, 800]
    assert storage.available_widths(2000) == [320, 640, 960]


def test_png_with_transparency_is_accepted(app):
    out = io.BytesIO()
    Image.new("RGBA", (50, 40), (0, 0, 0, 0)).save(out, "PNG")
    assert storage.save_image(out.getvalue()).width == 50


@pytest.mark.parametrize("data, code", [
    (b"<html><script>alert(1)</script></html>", "format"),
    (b'<svg xmlns="http://www.w3.org/2000/svg"></svg>', "format"),
    (b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic", "heic"),
    (b"x" * (storage.MAX_BYTES + 1), "too_large"),
])
def test_bad_uploads_are_refused_and_nothing_is_stored(app, data, code):
    with pytest.raises(storage.ImageRejected) as error:
        storage.save_image(data)
    assert error.value.code == code
    assert error.value.message
    assert not list(storage.upload_dir().rglob("*.webp"))


def test_pixel_bomb_is_refused(app):
    out = io.BytesIO()
    Image.new("1", (8000, 6000)).save(out, "PNG")  # 48 megapixels, a small file
    with pytest.raises(storage.ImageRejected) as error:
        storage.save_image(out.getvalue())
    assert error.value.code == "too_many_pixels"


def test_media_route_serves_renditions_and_404s_unknown_keys(app, client):
    stored = storage.save_image(_jpeg_with_exif())
    response = client.get(f"/media/{stored.key}-200.webp")
    assert response.status_code == 200 and response.mimetype == "image/webp"
    assert client.get("/media/" + "0" * 32 + "-320.webp").status_code == 404
    assert client.get("/media/..%2f..%2fetc-320.webp").status_code == 404
