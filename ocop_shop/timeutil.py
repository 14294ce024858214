"""Time in the province: stored in UTC, reasoned about in Asia/Ho_Chi_Minh."""
from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from .types import utcnow

VN_TZ = ZoneInfo("Asia/Ho_Chi_Minh")


def local_today(at: datetime | None = None) -> date:
    """The calendar day in Việt Nam at the given moment (default: now)."""
    return (at or utcnow()).astimezone(VN_TZ).date()
