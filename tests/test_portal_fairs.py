"""My fairs in the portal: the fairs the producer takes part in, its booth and its products there."""
from __future__ import annotations

import pytest

from ocop_shop.extensions import db


@pytest.fixture
def producer(factories):
    return factories.producer(name="HTX Miến dong Phja Đén")


@pytest.fixture
def member(producer, make_user, login_as):
    return login_as(make_user(role="producer", producer=producer))


def test_member_sees_upcoming_then_past_fairs_with_booth_and_products(client, factories, producer, member):
    noodles = factories.product(producer=producer, name="Miến dong Phja Đén")
    factories.product(producer=producer, name="Miến dong không mang theo")
    past = factories.fair((producer, "C05", [noodles]), starts_in=-60, name="Hội chợ năm ngoái")
    upcoming = factories.fair((producer, "A12", [noodles]), starts_in=20, name="Hội chợ Tết")
    draft = factories.fair((producer, "B01", []), starts_in=40, published=False, name="Hội chợ chưa công bố")
    someone_else = factories.fair((factories.producer(), "D01", []), name="Hội chợ không có mình")
    db.session.commit()
    html = client.get("/vi/producer/fairs").text
    assert html.index(upcoming.name) < html.index(draft.name) < html.index("Hội chợ đã qua") < html.index(past.name)
    assert "A12" in html and "C05" in html and "Miến dong Phja Đén" in html
    assert "Miến dong không mang theo" not in html and someone_else.name not in html
    assert "Chưa công bố" in html and f"/vi/fairs/{upcoming.slug}" in html and f"/vi/fairs/{draft.slug}" not in html
    assert "My fairs" in client.get("/en/producer/fairs").text


def test_a_producer_at_no_fair_is_told_so(client, member):
    html = client.get("/vi/producer/fairs").text
    assert "Bạn chưa có hội chợ nào sắp tới" in html


def test_the_fairs_page_is_for_members_only(client, login_as):
    login_as("customer")
    assert client.get("/vi/producer/fairs").status_code == 403
