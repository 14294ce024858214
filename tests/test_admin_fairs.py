"""The office's trade fairs: add, edit and delete a fair; producers with booths and products; bad input."""
from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from ocop_shop.audit import AuditLog
from ocop_shop.extensions import db
from ocop_shop.promotions.models import FairParticipant, TradeFair
from ocop_shop.timeutil import local_today

from .admin_cases.fairs import fair_data
from .conftest import post_form


@pytest.fixture
def office(login_as):
    return login_as("admin")


def count(model) -> int:
    db.session.expire_all()
    return db.session.scalar(select(func.count()).select_from(model))


def test_office_adds_a_fair_that_then_shows_on_the_shop(client, office, factories):
    place = factories.locality(name="Thục Phán", kind="ward")
    db.session.commit()
    response = post_form(client, "/vi/admin/fairs/new", fair_data(locality_id=str(place.id)))
    assert response.status_code == 302
    fair = db.session.scalar(select(TradeFair))
    assert fair.text("name", "vi") == "Hội chợ OCOP Cao Bằng" and fair.text("venue", "en") == "Km5 square"
    assert fair.locality_id == place.id and fair.published and fair.slug == "hoi-cho-ocop-cao-bang"
    assert db.session.scalar(select(AuditLog.action).where(AuditLog.object_type == "TradeFair")) == "fair.create"
    page = client.get(f"/en/fairs/{fair.slug}").text
    assert "Cao Bằng OCOP fair" in page and "Km5 square" in page and "Thục Phán" in page
    assert "Hội chợ OCOP Cao Bằng" in client.get("/vi/admin/fairs").text


def test_office_edits_and_hides_a_fair_then_deletes_it(client, office, factories):
    fair = factories.fair(name="Hội chợ cũ tên")
    db.session.commit()
    assert "Hội chợ cũ tên" in client.get(f"/vi/admin/fairs/{fair.id}").text
    response = post_form(client, f"/vi/admin/fairs/{fair.id}", {k: v for k, v in fair_data(
        name_vi="Hội chợ mới tên").items() if k != "published"})
    assert response.status_code == 302
    db.session.expire_all()
    fair = db.session.get(TradeFair, fair.id)
    assert fair.text("name", "vi") == "Hội chợ mới tên" and not fair.published
    assert client.get(f"/vi/fairs/{fair.slug}").status_code == 404
    response = post_form(client, f"/vi/admin/fairs/{fair.id}", {}, post_url=f"/vi/admin/fairs/{fair.id}/delete")
    assert response.status_code == 302 and count(TradeFair) == 0
    actions = set(db.session.scalars(select(AuditLog.action)))
    assert {"fair.edit", "fair.delete"} <= actions


def test_a_fair_ending_before_it_starts_is_refused_with_nothing_saved(client, office):
    today = local_today()
    data = fair_data(starts_on=(today + timedelta(days=5)).isoformat(), ends_on=(today + timedelta(days=3)).isoformat())
    response = post_form(client, "/vi/admin/fairs/new", data)
    assert response.status_code == 422
    assert "Hội chợ không thể kết thúc trước ngày bắt đầu" in response.text
    english = post_form(client, "/en/admin/fairs/new", data)
    assert "The fair cannot end before it starts" in english.text
    assert count(TradeFair) == 0 and count(AuditLog) == 0


def test_a_fair_without_a_vietnamese_name_or_dates_is_refused(client, office):
    response = post_form(client, "/vi/admin/fairs/new", fair_data(name_vi="", starts_on="", ends_on="31/12"))
    assert response.status_code == 422
    assert "Vui lòng nhập tên hội chợ bằng tiếng Việt" in response.text
    assert count(TradeFair) == 0


def test_office_adds_producers_with_booths_and_the_products_they_bring(client, office, factories):
    producer = factories.producer(name="HTX Hạt dẻ Trùng Khánh")
    chestnut = factories.product(producer=producer, name="Hạt dẻ rang")
    fair = factories.fair()
    db.session.commit()
    page = client.get(f"/vi/admin/fairs/{fair.id}/participants/new").text
    assert "HTX Hạt dẻ Trùng Khánh" in page  # offered in the producer list
    assert client.get(f"/vi/admin/fairs/{fair.id}/participants/new?producer=999999").status_code == 404
    url = f"/vi/admin/fairs/{fair.id}/participants/new?producer={producer.id}"
    assert post_form(client, url, {"booth": "A01", "products": [str(chestnut.id)]}).status_code == 302
    participant = db.session.scalar(select(FairParticipant))
    assert (participant.producer_id, participant.booth, participant.product_ids) == (producer.id, "A01", [chestnut.id])
    edit = f"/vi/admin/fairs/{fair.id}/participants/{participant.id}"
    assert post_form(client, edit, {"booth": "A02"}).status_code == 302
    db.session.expire_all()
    participant = db.session.get(FairParticipant, participant.id)
    assert (participant.booth, participant.product_ids) == ("A02", [])
    remove = post_form(client, f"/vi/admin/fairs/{fair.id}", {},
                       post_url=f"/vi/admin/fairs/{fair.id}/participants/{participant.id}/remove")
    assert remove.status_code == 302 and count(FairParticipant) == 0


def test_a_booth_given_twice_is_refused(client, office, factories):
    first, second = factories.producer(), factories.producer()
    fair = factories.fair((first, "A01", []))
    db.session.commit()
    before = count(AuditLog)
    response = post_form(client, f"/vi/admin/fairs/{fair.id}/participants/new?producer={second.id}", {"booth": "a01"})
    assert response.status_code == 422
    assert "Gian A01 đã được giao cho một chủ thể khác" in response.text
    assert count(FairParticipant) == 1 and count(AuditLog) == before


def test_a_product_of_another_producer_or_strong_liquor_is_refused(client, office, factories):
    producer, other = factories.producer(), factories.producer()
    theirs = factories.product(producer=other, name="Sản phẩm của người khác")
    liquor = factories.product(producer=producer, name="Rượu ngô 40 độ", category="ruou", abv=40)
    fair = factories.fair()
    db.session.commit()
    url = f"/vi/admin/fairs/{fair.id}/participants/new?producer={producer.id}"
    page = client.get(url).text
    assert "Rượu ngô 40 độ" in page and f'value="{liquor.id}"' not in page  # named as left out, not offered
    response = post_form(client, url, {"booth": "B01", "products": [str(theirs.id)]})
    assert response.status_code == 422 and "Chỉ chọn sản phẩm của chủ thể này" in response.text
    response = post_form(client, url, {"booth": "B01", "products": [str(liquor.id)]})
    assert response.status_code == 422 and "Luật 44/2019" in response.text
    assert count(FairParticipant) == 0


def test_unknown_fair_or_participant_is_404(client, office, factories):
    fair = factories.fair()
    other = factories.fair((factories.producer(), "A01", []))
    db.session.commit()
    assert client.get("/vi/admin/fairs/999999").status_code == 404
    foreign = db.session.scalar(select(FairParticipant.id).where(FairParticipant.fair_id == other.id))
    assert client.get(f"/vi/admin/fairs/{fair.id}/participants/{foreign}").status_code == 404


def test_the_database_refuses_a_booth_given_twice_at_the_same_moment(factories, monkeypatch):
    """Two office staff saving the same booth at once both pass the check; the unique booth stops one."""
    from ocop_shop.promotions import fairs

    first, second = factories.producer(), factories.producer()
    fair = factories.fair((first, "A01", []))
    db.session.commit()
    monkeypatch.setattr(fairs, "_check_participant", lambda *args, **kwargs: [])  # the other's check already passed
    with pytest.raises(fairs.FairError) as refused:
        fairs.add_participant(fair, second, "a01", [], None)
    assert "booth" in refused.value.errors
    db.session.rollback()
    assert count(FairParticipant) == 1
