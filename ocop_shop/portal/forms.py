"""Portal forms shared by every area: the confirm step."""
from __future__ import annotations

from flask_wtf import FlaskForm


class ConfirmForm(FlaskForm):
    """A confirm step: only the CSRF token."""
