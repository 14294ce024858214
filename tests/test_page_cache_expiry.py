"""Until when cached pages hold: the pricing rule's next change, the next midnight in Việt Nam,
and the page cache's own deadline (the earliest of them, ten minutes at most)."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from ocop_shop.extensions import db
from ocop_shop.page_cache import expiry
from ocop_shop.promotions.pricing import next_price_change_after
from ocop_shop.timeutil import local_today, next_local_midnight

UTC = timezone.utc


def test_next_local_midnight_is_midnight_in_viet_nam():
    # 16:59:59 UTC is 23:59:59 in Hà Nội (UTC+7): midnight comes one second later
    assert next_local_midnight(datetime(2026, 3, 9, 16, 59, 59, tzinfo=UTC)) == datetime(2026, 3, 9, 17, tzinfo=UTC)
    # at midnight exactly, the next one is a day later
    assert next_local_midnight(datetime(2026, 3, 9, 17, tzinfo=UTC)) == datetime(2026, 3, 10, 17, tzinfo=UTC)
    # 20:00 UTC on the 31st is already 1 April in Việt Nam
    at = datetime(2026, 3, 31, 20, tzinfo=UTC)
    assert local_today(at).month == 4 and next_local_midnight(at) == datetime(2026, 4, 1, 17, tzinfo=UTC)


def test_next_price_change_is_the_nearest_start_or_end_of_an_active_campaign(app, factories):
    now = datetime.now(UTC).replace(microsecond=0)
    product = factories.product()
    assert next_price_change_after(now) is None
    factories.campaign(product, starts_at=now - timedelta(days=1), ends_at=now + timedelta(hours=5))
    factories.campaign(product, starts_at=now + timedelta(hours=2), ends_at=now + timedelta(days=3))
    factories.campaign(product, starts_at=now + timedelta(minutes=30), ends_at=now + timedelta(days=3),
                       status="paused")  # resuming it is someone's change, not the clock's
    factories.campaign(product, starts_at=now - timedelta(days=9), ends_at=now - timedelta(days=2), status="ended")
    db.session.commit()
    assert next_price_change_after(now) == now + timedelta(hours=2)
    assert next_price_change_after(now + timedelta(hours=2)) == now + timedelta(hours=5)
    assert next_price_change_after(now + timedelta(hours=5)) == now + timedelta(days=3)
    assert next_price_change_after(now + timedelta(days=3)) is None


@pytest.mark.config(PAGE_CACHE="on")
def test_an_entry_lives_until_the_earliest_change_and_ten_minutes_at_most(app, factories):
    now = datetime(2026, 3, 9, 10, tzinfo=UTC)  # 17:00 in Việt Nam
    assert expiry.valid_until(now) == now + expiry.MAX_AGE
    product = factories.product()
    factories.campaign(product, starts_at=now + timedelta(minutes=4), ends_at=now + timedelta(days=1))
    db.session.commit()
    assert expiry.valid_until(now) == now + timedelta(minutes=4)
    late = datetime(2026, 3, 9, 16, 55, tzinfo=UTC)  # 23:55 in Việt Nam, after that campaign started
    assert expiry.valid_until(late) == datetime(2026, 3, 9, 17, tzinfo=UTC)
