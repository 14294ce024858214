"""Uploaded images: checked, EXIF-rotated, stripped, re-encoded, stored under random names.

Files go to the upload store (ocop_shop/blob_store.py): the local UPLOAD_DIR by default, an
S3-compatible bucket with UPLOAD_BACKEND=s3; these functions are the same either way.
"""
from __future__ import annotations

import io
import secrets
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from flask import current_app
from flask_babel import lazy_gettext as _l
from PIL import Image, ImageOps, UnidentifiedImageError
from sqlalchemy import JSON, String
from sqlalchemy.orm import Mapped, mapped_column

from . import blob_store, jobs
from .i18n import localized

MAX_PIXELS = 40_000_000
MAX_BYTES = 15 * 1024 * 1024
ACCEPTED_FORMATS = {"JPEG", "PNG", "WEBP"}
THUMB_WIDTHS = (320, 640, 960)
MASTER_MAX_SIDE = 2000
MASTER_QUALITY = 90  # WebP; kept only until the renditions exist

Image.MAX_IMAGE_PIXELS = MAX_PIXELS


class ImageRejected(ValueError):
    """An upload that is not an acceptable image; .message is shown to the user."""

    MESSAGES = {
        "too_large": _l("This file is larger than 15 MB. Please send a smaller photo."),
        "too_many_pixels": _l("This picture is too large (over 40 megapixels). Please send a smaller photo."),
        "heic": _l("HEIC photos are not accepted. On an iPhone, choose Settings → Camera → Formats → Most Compatible, or share the photo as JPEG."),
        "format": _l("This file is not a JPEG, PNG or WebP picture."),
        "name": _l("This file name is not allowed. Please rename the photo and send it again."),
    }

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code

    @property
    def message(self) -> str:
        return str(self.MESSAGES[self.code])


@dataclass(frozen=True)
class StoredImage:
    key: str
    width: int
    height: int


class ImageMixin:
    """Columns every stored picture has: its storage key, size and alt text per locale."""

    key: Mapped[str] = mapped_column(String(64))
    width: Mapped[int]
    height: Mapped[int]
    alt: Mapped[dict] = mapped_column(JSON, default=dict)  # {lang: text}

    def alt_text(self, lang: str | None = None) -> str:
        return localized({k: {"alt": v} for k, v in (self.alt or {}).items()}, "alt", lang)

    def widths(self) -> list[int]:
        return available_widths(self.width)


def upload_dir() -> Path:
    return Path(current_app.config["UPLOAD_DIR"])


def available_widths(width: int) -> list[int]:
    """Thumbnail widths made for a master of this width (never upscaled)."""
    widths = [w for w in THUMB_WIDTHS if w < width]
    return widths + [min(width, THUMB_WIDTHS[-1])] if width <= THUMB_WIDTHS[-1] else list(THUMB_WIDTHS)


def _open_checked(data: bytes) -> Image.Image:
    if len(data) > MAX_BYTES:
        raise ImageRejected("too_large")
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            image = Image.open(io.BytesIO(data))
            if image.format == "HEIF" or data[4:12] in (b"ftypheic", b"ftypheix", b"ftypmif1"):
                raise ImageRejected("heic")
            if image.format not in ACCEPTED_FORMATS:
                raise ImageRejected("format")
            if image.width * image.height > MAX_PIXELS:
                raise ImageRejected("too_many_pixels")
            image.load()
        except (Image.DecompressionBombError, Image.DecompressionBombWarning):
            raise ImageRejected("too_many_pixels") from None
        except (UnidentifiedImageError, OSError, SyntaxError):
            if data[4:8] == b"ftyp":
                raise ImageRejected("heic") from None
            raise ImageRejected("format") from None
    return image


def _clean(image: Image.Image) -> Image.Image:
    """Upright pixels only: EXIF rotation applied, every metadata block dropped."""
    image = ImageOps.exif_transpose(image)
    has_alpha = image.mode in ("RGBA", "LA") or (image.mode == "P" and "transparency" in image.info)
    image = image.convert("RGBA" if has_alpha else "RGB")
    clean = Image.new(image.mode, image.size)
    clean.paste(image)
    clean.thumbnail((MASTER_MAX_SIDE, MASTER_MAX_SIDE), Image.Resampling.LANCZOS)
    return clean


def check_filename(filename: str | None) -> None:
    """Refuse a sent file name that tries to climb folders or hide control characters.

    The name is never used for storing (keys are random), but such a name only comes from
    a crafted request, so the upload is refused rather than silently renamed.
    """
    if not filename:
        return
    parts = filename.replace("\\", "/").split("/")
    if ".." in parts or parts[0] == "" or any(ord(c) < 32 for c in filename) or len(filename) > 255:
        raise ImageRejected("name")


def save_image(source: bytes | BinaryIO, filename: str | None = None) -> StoredImage:
    """Check, clean and store an image; return its key and size.

    A bad upload raises ImageRejected here, in the request. The WebP renditions are written
    now (embedded default) or by a job from the cleaned master (ocop_shop/image_jobs.py).
    """
    check_filename(filename)
    data = source if isinstance(source, bytes) else source.read(MAX_BYTES + 1)
    image = _clean(_open_checked(data))
    key = secrets.token_hex(16)
    _make_or_queue_renditions(key, image)
    return StoredImage(key=key, width=image.width, height=image.height)


def _make_or_queue_renditions(key: str, image: Image.Image) -> None:
    """Renditions now without a queue; on the queue, the master stored and `make_renditions(key)` queued
    (it reads no database row, so it need not wait for the commit). Redis refusing: made here."""
    if not jobs.enabled():
        write_renditions(key, image)
        return
    put_master(key, image)
    if not jobs.enqueue_call(make_renditions, key, description=f"images renditions {key}"):
        make_renditions(key)


def write_renditions(key: str, image: Image.Image) -> None:
    """Write every WebP rendition of a cleaned image (the same pixels give the same files)."""
    target = blob_store.store()
    for width in available_widths(image.width):
        thumb = image.copy()
        thumb.thumbnail((width, width * 4), Image.Resampling.LANCZOS)
        out = io.BytesIO()
        thumb.save(out, "WEBP", quality=80, method=4)
        target.put(rendition_name(key, width), out.getvalue(), "image/webp")


def put_master(key: str, image: Image.Image) -> None:
    """Store the cleaned picture until its renditions exist (pages show it meanwhile)."""
    out = io.BytesIO()
    image.save(out, "WEBP", quality=MASTER_QUALITY, method=4)
    blob_store.store().put(master_name(key), out.getvalue(), "image/webp")


def make_renditions(key: str) -> bool:
    """The job: renditions from the stored master, then the master dropped; False when there is none (done).

    Idempotent: the same master gives the same files, each replaced whole, and the master goes
    only after the last rendition is written (ocop_shop/image_jobs.py).
    """
    store = blob_store.store()
    data = store.get(master_name(key))
    if data is None:
        return False
    with Image.open(io.BytesIO(data)) as master:
        master.load()
        write_renditions(key, master)
    store.delete_prefix(master_name(key))  # only after every rendition is written
    return True


def pending_keys() -> list[str]:
    """Keys whose master is still stored: renditions not made yet (a queued, running or lost job)."""
    suffix = "-master.webp"
    return [name.rpartition("/")[2][:-len(suffix)] for name in blob_store.store().names() if name.endswith(suffix)]


def delete_image(key: str) -> None:
    """Remove every stored rendition of an image."""
    blob_store.store().delete_prefix(f"{key[:2]}/{key}-")


def delete_images(keys) -> None:
    """Remove pictures nothing refers to any more (call only after the commit succeeded)."""
    for key in keys:
        delete_image(key)


def rendition_name(key: str, width: int) -> str:
    """A rendition's name in the upload store."""
    return f"{key[:2]}/{key}-{width}.webp"


def master_name(key: str) -> str:
    """The cleaned master's name while its renditions are being made."""
    return f"{key[:2]}/{key}-master.webp"


def image_path(key: str, width: int) -> Path:
    """A rendition's file with the local backend."""
    return upload_dir() / rendition_name(key, width)


def scaled_height(image: ImageMixin, width: int) -> int:
    return round(image.height * width / image.width)
