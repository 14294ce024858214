"""Trade fairs on the storefront: the lists (upcoming, then past), a fair's page, the place query."""
from __future__ import annotations

from ocop_shop.extensions import db
from ocop_shop.promotions import fairs
from ocop_shop.timeutil import local_today


def test_fairs_at_place_lists_upcoming_soonest_first_then_past_latest_first(factories):
    place, elsewhere = factories.locality(), factories.locality()
    later = factories.fair(locality=place, starts_in=30, name="Hội chợ sau")
    soon = factories.fair(locality=place, starts_in=5, name="Hội chợ sắp tới")
    running = factories.fair(locality=place, starts_in=-1, days=3, name="Hội chợ đang diễn ra")
    old = factories.fair(locality=place, starts_in=-200, name="Hội chợ cũ")
    recent = factories.fair(locality=place, starts_in=-20, name="Hội chợ vừa qua")
    factories.fair(locality=elsewhere, starts_in=3)
    factories.fair(locality=place, starts_in=4, published=False)
    db.session.commit()
    found = fairs.fairs_at_place([place.id], local_today())
    assert [f.id for f in found] == [running.id, soon.id, later.id, recent.id, old.id]
    assert fairs.fairs_at_place([], local_today()) == []
