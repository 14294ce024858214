"""Producer-funded campaigns in the portal: a member accepts or leaves, and the storefront price follows."""
from __future__ import annotations

import threading

import pytest
from sqlalchemy import func, select

from config import TestConfig
from ocop_shop import create_app
from ocop_shop.accounts.models import User
from ocop_shop.extensions import db
from ocop_shop.orders.models import OrderLine
from ocop_shop.promotions import opt_in
from ocop_shop.promotions.models import CampaignProducer
from ocop_shop.types import utcnow

from .conftest import PG_URL, post_form


@pytest.fixture
def producer(factories):
    return factories.producer(name="HTX Hạt dẻ Trùng Khánh")


@pytest.fixture
def member(producer, make_user, login_as):
    return login_as(make_user(role="producer", producer=producer))


@pytest.fixture
def chestnut(factories, producer):
    return factories.product(producer=producer, name="Hạt dẻ Trùng Khánh", price=100_000)


def discounted_on_the_shop(client, product) -> bool:
    html = client.get(f"/vi/products/{product.slug}").text
    return 'class="price-base"' in html and "80.000" in html


def answer(campaign, producer) -> CampaignProducer | None:
    db.session.expire_all()
    return db.session.get(CampaignProducer, (campaign.id, producer.id))


def test_member_sees_the_campaign_and_what_it_costs_per_unit(client, factories, producer, chestnut, member):
    campaign = factories.campaign(chestnut, percent=20, funded_by="producer")
    other = factories.campaign(factories.product(name="Miến dong của người khác"), percent=10, funded_by="producer")
    office = factories.campaign(chestnut, percent=5, funded_by="office")
    db.session.commit()
    html = client.get("/vi/producer/campaigns").text
    assert campaign.name in html and "Hạt dẻ Trùng Khánh" in html and "20.000" in html and "80.000" in html
    assert other.name not in html and office.name not in html
    assert "Chờ bạn trả lời" in html
    assert "Campaigns you fund" in client.get("/en/producer/campaigns").text


def test_accept_then_leave_changes_the_price_on_the_storefront(client, factories, producer, chestnut, member):
    campaign = factories.campaign(chestnut, percent=20, funded_by="producer")
    db.session.commit()
    assert not discounted_on_the_shop(client, chestnut)
    response = post_form(client, "/vi/producer/campaigns", {}, post_url=f"/vi/producer/campaigns/{campaign.id}/accept")
    assert response.status_code == 302
    row = answer(campaign, producer)
    assert row.accepted_at is not None and row.accepted_by_id == member.id and row.left_at is None
    assert discounted_on_the_shop(client, chestnut)
    order = factories.order((chestnut, 1))
    db.session.commit()
    response = post_form(client, "/vi/producer/campaigns", {}, post_url=f"/vi/producer/campaigns/{campaign.id}/leave")
    assert response.status_code == 302
    row = answer(campaign, producer)
    assert row.left_at is not None and row.left_by_id == member.id
    assert not discounted_on_the_shop(client, chestnut)
    line = db.session.scalar(select(OrderLine).where(OrderLine.order_id == order.id))
    assert (line.unit_price, line.unit_discount, line.funded_by) == (80_000, 20_000, "producer")  # kept
    assert "Bạn đã rời" in client.get("/vi/producer/campaigns").text


def test_double_accept_is_one_row_and_one_change(client, factories, producer, chestnut, member):
    campaign = factories.campaign(chestnut, percent=20, funded_by="producer")
    db.session.commit()
    url = f"/vi/producer/campaigns/{campaign.id}/accept"
    post_form(client, "/vi/producer/campaigns", {}, post_url=url)
    first = answer(campaign, producer).accepted_at
    name = campaign.text("name", "vi")
    second = post_form(client, "/vi/producer/campaigns", {}, post_url=url)
    assert second.status_code == 302
    assert db.session.scalar(select(func.count()).select_from(CampaignProducer)) == 1
    assert answer(campaign, producer).accepted_at == first
    assert f"Bạn đã tham gia “{name}” rồi." in client.get("/vi/producer/campaigns").text


def test_leaving_twice_or_without_accepting_changes_nothing(client, factories, producer, chestnut, member):
    campaign = factories.campaign(chestnut, percent=20, funded_by="producer")
    db.session.commit()
    url = f"/vi/producer/campaigns/{campaign.id}/leave"
    assert post_form(client, "/vi/producer/campaigns", {}, post_url=url).status_code == 302
    assert answer(campaign, producer) is None


def test_another_producers_or_an_office_campaign_is_404(client, factories, producer, chestnut, member):
    theirs = factories.campaign(factories.product(name="Sản phẩm người khác"), percent=10, funded_by="producer")
    office = factories.campaign(chestnut, percent=10, funded_by="office")
    ended = factories.campaign(chestnut, percent=10, funded_by="producer", status="ended")
    db.session.commit()
    for campaign in (theirs, office, ended):
        for verb in ("accept", "leave"):
            response = post_form(client, "/vi/producer/campaigns", {},
                                 post_url=f"/vi/producer/campaigns/{campaign.id}/{verb}")
            assert response.status_code == 404
    assert client.get("/vi/producer/campaigns").status_code == 200
    assert db.session.scalar(select(func.count()).select_from(CampaignProducer)) == 0


def test_a_post_without_the_form_token_changes_nothing(client, factories, producer, chestnut, member):
    campaign = factories.campaign(chestnut, percent=20, funded_by="producer")
    db.session.commit()
    response = client.post(f"/vi/producer/campaigns/{campaign.id}/accept", data={})
    assert response.status_code in (302, 400)
    assert answer(campaign, producer) is None


@pytest.mark.skipif(not PG_URL, reason="concurrent members are meaningful only on PostgreSQL (TEST_DATABASE_URL); "
                                       "the double click above runs on SQLite too")
def test_two_members_accepting_at_the_same_moment_make_one_row(app, factories, producer, chestnut, tmp_path):
    campaign = factories.campaign(chestnut, percent=20, funded_by="producer")
    members = [factories.user(role="producer", producer=producer) for _ in range(6)]
    db.session.commit()
    campaign_id, producer_id, member_ids = campaign.id, producer.id, [m.id for m in members]
    config = TestConfig(PG_URL, tmp_path)
    config.SQLALCHEMY_ENGINE_OPTIONS = {"pool_size": 8, "max_overflow": 0}
    members_app = create_app(config)
    barrier, results = threading.Barrier(len(members)), []

    def accept(user_id):
        with members_app.app_context():
            barrier.wait()
            try:
                results.append(opt_in.accept(campaign_id, producer_id, db.session.get(User, user_id), utcnow()))
                db.session.commit()
            finally:
                db.session.remove()

    threads = [threading.Thread(target=accept, args=(member_id,)) for member_id in member_ids]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results) == [False] * (len(member_ids) - 1) + [True]
    assert db.session.scalar(select(func.count()).select_from(CampaignProducer)) == 1
