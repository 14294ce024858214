"""The before/after comparison the office reviews: a published product as the public sees it
against the changes waiting on it (a ProductRevision).

Every changed text per language, the category and each fact, and every picture added,
removed, moved or described differently; what did not change is left out. Texts are compared
word by word, so one changed word in a long description stands out.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from typing import Any

from sqlalchemy.orm import joinedload

from ..extensions import db
from ..i18n import languages
from .models import Category, Product, ProductRevision
from .revisions import ImageRef, product_facts, product_image_refs
from .services import CONTENT_FIELDS, EDITABLE_FIELDS

_TOKENS = re.compile(r"\s+|\w+|[^\w\s]")  # spaces, words, each punctuation mark


@dataclass
class Segment:
    """A run of text, changed or not, on one side of a text comparison."""

    text: str
    changed: bool


@dataclass
class TextChange:
    lang: str
    field: str
    old: list[Segment]
    new: list[Segment]


@dataclass
class FactChange:
    """A changed fact; for the category, old and new are Category rows."""

    field: str
    old: Any
    new: Any


@dataclass
class PictureChange:
    """A picture added, removed, or kept but moved or described differently."""

    image: ImageRef
    kind: str  # added | removed | kept
    old_position: int | None = None  # 1-based
    new_position: int | None = None
    alt: dict[str, tuple[str, str]] = field(default_factory=dict)  # lang: (old, new), changed only
    moved: bool = False  # in another place among the pictures both versions share


@dataclass
class Comparison:
    texts: list[TextChange]
    facts: list[FactChange]
    pictures: list[PictureChange]
    old_order: list[ImageRef]
    new_order: list[ImageRef]

    @property
    def order_changed(self) -> bool:
        """Whether the pictures both versions share are in another order (the first one is on cards)."""
        return any(change.moved for change in self.pictures)

    @property
    def count(self) -> int:
        return len(self.texts) + len(self.facts) + len(self.pictures)


def compare(product: Product, revision: ProductRevision) -> Comparison:
    """What the revision would change on the public product (product.images must be loaded)."""
    old_images = product_image_refs(product)
    new_images = [ImageRef(**image) for image in revision.images]
    return Comparison(texts=compare_texts(product.content or {}, revision.content or {}),
                      facts=compare_facts(product_facts(product), revision.facts or {}),
                      pictures=compare_pictures(old_images, new_images),
                      old_order=old_images, new_order=new_images)


def compare_texts(old: dict, new: dict) -> list[TextChange]:
    """Changed content fields per language: the site's languages first, in field order."""
    langs = list(languages()) + sorted((set(old) | set(new)) - set(languages()))
    changes = []
    for lang in langs:
        for name in CONTENT_FIELDS:
            before, after = old.get(lang, {}).get(name, ""), new.get(lang, {}).get(name, "")
            if before != after:
                changes.append(TextChange(lang, name, *word_diff(before, after)))
    return changes


def compare_facts(old: dict, new: dict) -> list[FactChange]:
    """The category and the facts whose value changed; categories come back as rows."""
    changes = [FactChange(name, old.get(name), new.get(name))
               for name in ("category_id",) + EDITABLE_FIELDS if old.get(name) != new.get(name)]
    for change in changes:
        if change.field == "category_id":
            change.field = "category"
            change.old, change.new = _category(change.old), _category(change.new)
    return changes


def _category(category_id: int | None) -> Category | None:
    if category_id is None:
        return None
    # populate_existing: a category already loaded (say, as another's group) may lack its parent
    return db.session.get(Category, category_id, options=[joinedload(Category.parent)], populate_existing=True)


def compare_pictures(old: list[ImageRef], new: list[ImageRef]) -> list[PictureChange]:
    """Pictures removed, added, moved or re-described, in the new order (removed ones last)."""
    old_at = {image.key: (position, image) for position, image in enumerate(old, start=1)}
    new_keys = {image.key for image in new}
    # A removal or an addition shifts the others; only a change of their order among themselves is a move.
    shared_old = [image.key for image in old if image.key in new_keys]
    shared_new = [image.key for image in new if image.key in old_at]
    changes = []
    for position, image in enumerate(new, start=1):
        if image.key not in old_at:
            changes.append(PictureChange(image, "added", new_position=position))
            continue
        old_position, before = old_at[image.key]
        change = PictureChange(image, "kept", old_position, position, _alt_changes(before.alt, image.alt),
                               moved=shared_old.index(image.key) != shared_new.index(image.key))
        if change.alt or change.moved:
            changes.append(change)
    changes += [PictureChange(image, "removed", old_position=position)
                for position, image in enumerate(old, start=1) if image.key not in new_keys]
    return changes


def _alt_changes(old: dict | None, new: dict | None) -> dict[str, tuple[str, str]]:
    old, new = old or {}, new or {}
    langs = [lang for lang in languages() if lang in old or lang in new]
    langs += sorted((set(old) | set(new)) - set(langs))
    return {lang: (old.get(lang, ""), new.get(lang, "")) for lang in langs if old.get(lang, "") != new.get(lang, "")}


def word_diff(old: str, new: str) -> tuple[list[Segment], list[Segment]]:
    """Both texts cut into runs, the runs that differ marked changed (compared word by word)."""
    a, b = _TOKENS.findall(old or ""), _TOKENS.findall(new or "")
    left: list[Segment] = []
    right: list[Segment] = []
    for op, i1, i2, j1, j2 in SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        changed = op != "equal"
        _add(left, "".join(a[i1:i2]), changed)
        _add(right, "".join(b[j1:j2]), changed)
    return _joined(left), _joined(right)


def _add(segments: list[Segment], text: str, changed: bool) -> None:
    if not text:
        return
    if segments and segments[-1].changed == changed:
        segments[-1].text += text
    else:
        segments.append(Segment(text, changed))


def _joined(segments: list[Segment]) -> list[Segment]:
    """A lone space between two changed runs belongs to the change (one mark, not two)."""
    result: list[Segment] = []
    for segment in segments:
        if (len(result) >= 2 and segment.changed and not result[-1].changed and result[-1].text.isspace()
                and result[-2].changed):
            gap = result.pop()
            result[-1].text += gap.text + segment.text
        else:
            result.append(Segment(segment.text, segment.changed))
    return result
