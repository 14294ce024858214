"""Move the app's clock in a test: `clock(moment)` makes `ocop_shop.types.utcnow()` (and so
`local_today()`) answer that moment, for every app object in the process."""
from __future__ import annotations

from datetime import datetime, timezone

import pytest

from ocop_shop import types


class MovedClock(datetime):
    """datetime whose now() is a moment the test chooses (ocop_shop.types.utcnow reads it)."""

    at: datetime = datetime.now(timezone.utc)

    @classmethod
    def now(cls, tz=None):
        return cls.at.astimezone(tz) if tz else cls.at.replace(tzinfo=None)


@pytest.fixture
def clock(monkeypatch):
    """clock(moment): the app's clock now reads that moment (undone after the test)."""

    def _set(moment: datetime) -> None:
        MovedClock.at = moment
        monkeypatch.setattr(types, "datetime", MovedClock)

    return _set
