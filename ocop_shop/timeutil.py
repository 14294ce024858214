"""Time in the province: stored in UTC, reasoned about in Asia/Ho_Chi_Minh."""
from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

from .types import utcnow

VN_TZ = ZoneInfo("Asia/Ho_Chi_Minh")


def local_today(at: datetime | None = None) -> date:
    """The calendar day in Việt Nam at the given moment (default: now)."""
    return (at or utcnow()).astimezone(VN_TZ).date()


def next_local_midnight(at: datetime) -> datetime:
    """The next midnight in Việt Nam after the moment (aware UTC): when every day-based answer
    (certificate and licence validity, fair dates, "in season", `today`) may change."""
    day = local_today(at)
    following = datetime.combine(day, datetime.min.time(), tzinfo=VN_TZ) + timedelta(days=1)
    return following.astimezone(timezone.utc)
