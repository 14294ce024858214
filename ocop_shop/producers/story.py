"""A producer's story: the text per language and the photos that go with it.

Services flush, never commit; the calling view commits once.
"""
from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import func, select

from ..extensions import db
from ..storage import StoredImage
from ..text import normalize
from .errors import ProducerError
from .models import Producer, ProducerPhoto

MAX_PHOTOS = 12
STORY_FIELDS = ("story", "excerpt")


def clean_story(content: dict) -> dict:
    """NFC-normalised story fields per language; empty fields and languages dropped."""
    cleaned = {}
    for lang, values in (content or {}).items():
        kept = {k: normalize(v) for k, v in (values or {}).items() if k in STORY_FIELDS and normalize(v)}
        if kept:
            cleaned[lang] = kept
    return cleaned


def update_story(producer: Producer, content: dict) -> None:
    """Set the story and short introduction per language (no review: it is the producer's own voice)."""
    producer.content = clean_story(content)
    db.session.flush()


def add_photo(producer: Producer, stored: StoredImage, alt: dict) -> ProducerPhoto:
    count = db.session.scalar(select(func.count()).select_from(ProducerPhoto)
                              .where(ProducerPhoto.producer_id == producer.id))
    if count >= MAX_PHOTOS:
        raise ProducerError(_("You can keep at most %(n)d photos. Remove one first.", n=MAX_PHOTOS))
    last = db.session.scalar(select(func.max(ProducerPhoto.position)).where(ProducerPhoto.producer_id == producer.id))
    photo = ProducerPhoto(producer_id=producer.id, key=stored.key, width=stored.width, height=stored.height,
                          alt=_clean_alt(alt), position=(last or 0) + 1)
    db.session.add(photo)
    db.session.flush()
    return photo


def set_photo_alt(photo: ProducerPhoto, alt: dict) -> None:
    photo.alt = _clean_alt(alt)
    db.session.flush()


def move_photo(photo: ProducerPhoto, offset: int) -> None:
    """Move a photo one place earlier (-1) or later (+1) in the story."""
    photos = list(db.session.scalars(select(ProducerPhoto).where(ProducerPhoto.producer_id == photo.producer_id)
                                     .order_by(ProducerPhoto.position, ProducerPhoto.id)))
    index = photos.index(photo)
    target = min(max(index + offset, 0), len(photos) - 1)
    photos.insert(target, photos.pop(index))
    for position, item in enumerate(photos, start=1):
        item.position = position
    db.session.flush()


def remove_photo(photo: ProducerPhoto) -> str:
    """Delete the photo's row; returns its storage key for deleting the files after commit."""
    key = photo.key
    db.session.delete(photo)
    db.session.flush()
    return key


def _clean_alt(alt: dict) -> dict:
    return {lang: normalize(text) for lang, text in (alt or {}).items() if normalize(text)}
