"""Admin POST cases: trade fairs (create, edit, delete; participants added, changed, removed)."""
from __future__ import annotations

from datetime import timedelta

from ocop_shop.extensions import db
from ocop_shop.timeutil import local_today

from . import audited


def fair_data(**overrides) -> dict:
    """A valid fair form: two days, starting in a month."""
    first = local_today() + timedelta(days=30)
    data = {"name_vi": "Hội chợ OCOP Cao Bằng", "name_en": "Cao Bằng OCOP fair", "venue_vi": "Quảng trường Km5",
            "venue_en": "Km5 square", "locality_id": "", "starts_on": first.isoformat(),
            "ends_on": (first + timedelta(days=1)).isoformat(), "description_vi": "Gian hàng OCOP của tỉnh.",
            "description_en": "", "published": "y"}
    data.update(overrides)
    return data


def _fair_with_one(world):
    producer = world.factories.producer()
    product = world.factories.product(producer=producer)
    fair = world.factories.fair((producer, "A01", [product]))
    db.session.commit()
    return fair, fair_participant_id(fair), product


def fair_participant_id(fair) -> int:
    from sqlalchemy import select

    from ocop_shop.promotions.models import FairParticipant

    return db.session.scalar(select(FairParticipant.id).where(FairParticipant.fair_id == fair.id))


@audited("admin.fair_new")
def create_fair(world):
    response = world.post_form(world.client, "/vi/admin/fairs/new", fair_data())
    assert response.status_code == 302, response.get_data(as_text=True)[:800]


@audited("admin.fair")
def edit_fair(world):
    fair = world.factories.fair()
    db.session.commit()
    response = world.post_form(world.client, f"/vi/admin/fairs/{fair.id}", fair_data(name_vi="Hội chợ đổi tên"))
    assert response.status_code == 302, response.get_data(as_text=True)[:800]


@audited("admin.fair_delete")
def delete_fair(world):
    fair = world.factories.fair()
    db.session.commit()
    response = world.post_form(world.client, f"/vi/admin/fairs/{fair.id}", {},
                               post_url=f"/vi/admin/fairs/{fair.id}/delete")
    assert response.status_code == 302, response.get_data(as_text=True)[:800]


@audited("admin.fair_participant_new")
def add_participant(world):
    fair = world.factories.fair()
    product = world.factories.product()
    db.session.commit()
    url = f"/vi/admin/fairs/{fair.id}/participants/new?producer={product.producer_id}"
    response = world.post_form(world.client, url, {"booth": "B07", "products": [str(product.id)]})
    assert response.status_code == 302, response.get_data(as_text=True)[:800]


@audited("admin.fair_participant")
def edit_participant(world):
    fair, participant_id, product = _fair_with_one(world)
    url = f"/vi/admin/fairs/{fair.id}/participants/{participant_id}"
    response = world.post_form(world.client, url, {"booth": "A02", "products": [str(product.id)]})
    assert response.status_code == 302, response.get_data(as_text=True)[:800]


@audited("admin.fair_participant_remove")
def remove_participant(world):
    fair, participant_id, _product = _fair_with_one(world)
    response = world.post_form(world.client, f"/vi/admin/fairs/{fair.id}", {},
                               post_url=f"/vi/admin/fairs/{fair.id}/participants/{participant_id}/remove")
    assert response.status_code == 302, response.get_data(as_text=True)[:800]
