"""Localities (communes, wards, landmarks) with coordinates and descriptions."""
from __future__ import annotations

from sqlalchemy import JSON, CheckConstraint, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from ..i18n import localized

LOCALITY_KINDS = ("province", "ward", "commune", "village", "landmark")


class Locality(db.Model):
    __tablename__ = "localities"
    __table_args__ = (
        CheckConstraint(
            "kind IN ('province', 'ward', 'commune', 'village', 'landmark')", name="kind"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(100), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    kind: Mapped[str] = mapped_column(String(20))
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("localities.id"))
    former_area: Mapped[str | None] = mapped_column(String(120))
    lat: Mapped[float | None]
    lon: Mapped[float | None]
    content: Mapped[dict] = mapped_column(JSON, default=dict)  # {lang: {description, sights}}

    parent: Mapped["Locality | None"] = relationship(remote_side=[id], lazy="raise")

    def text(self, field: str, lang: str | None = None) -> str:
        return localized(self.content, field, lang)
