"""Portal forms for photos (products and the producer's story), with their descriptions."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired

from .fields import text_field

IMAGE_ACCEPT = "image/jpeg,image/png,image/webp"


class PhotoForm(FlaskForm):
    """One photo with its description for people who cannot see it."""

    photo = FileField(_l("Photo (JPEG, PNG or WebP, up to 15 MB)"),
                      validators=[FileRequired(_l("Please choose a photo."))], render_kw={"accept": IMAGE_ACCEPT})
    alt_vi = text_field(_l("What the photo shows, in Vietnamese (optional)"), 200)
    alt_en = text_field(_l("What the photo shows, in English (optional)"), 200)

    def alt(self) -> dict:
        return {"vi": self.alt_vi.data, "en": self.alt_en.data}


class AltForm(FlaskForm):
    alt_vi = text_field(_l("What the photo shows, in Vietnamese"), 200)
    alt_en = text_field(_l("What the photo shows, in English"), 200)

    def alt(self) -> dict:
        return {"vi": self.alt_vi.data, "en": self.alt_en.data}
