"""Trade fairs on the storefront: the lists (upcoming, then past), a fair's page, the place query."""
from __future__ import annotations

from sqlalchemy import select

from ocop_shop.catalog import alcohol
from ocop_shop.catalog.models import Product
from ocop_shop.extensions import db
from ocop_shop.promotions import fairs
from ocop_shop.promotions.models import FairParticipant
from ocop_shop.seed import seed_demo
from ocop_shop.seed.fairs import seed_fairs
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


def test_fairs_page_shows_upcoming_then_past_in_both_languages(client, factories):
    place = factories.locality(name="Xã Trùng Khánh")
    past = factories.fair(locality=place, starts_in=-40, name="Hội chợ hạt dẻ đã qua")
    upcoming = factories.fair(locality=place, starts_in=12, name="Hội chợ Tết sắp tới")
    hidden = factories.fair(starts_in=5, published=False, name="Hội chợ chưa công bố")
    db.session.commit()
    page = client.get("/vi/fairs")
    assert page.status_code == 200
    html = page.text
    assert html.index("Hội chợ sắp diễn ra") < html.index(upcoming.name) < html.index("Hội chợ đã qua") \
        < html.index(past.name)
    assert hidden.name not in html and "Xã Trùng Khánh" in html
    english = client.get("/en/fairs")
    assert english.status_code == 200
    assert "Upcoming fairs" in english.text and "Past fairs" in english.text
    assert f"/en/fairs/{upcoming.slug}" in english.text


def test_a_fair_ending_today_in_vietnam_is_still_upcoming(client, factories):
    today_fair = factories.fair(starts_in=-2, days=3, name="Hội chợ kết thúc hôm nay")
    ended = factories.fair(starts_in=-3, days=3, name="Hội chợ kết thúc hôm qua")
    db.session.commit()
    upcoming, past = fairs.public_fairs(local_today())
    assert [f.id for f in upcoming] == [today_fair.id] and [f.id for f in past] == [ended.id]
    html = client.get("/vi/fairs").text
    assert html.index(today_fair.name) < html.index("Hội chợ đã qua") < html.index(ended.name)


def test_fair_page_lists_producers_by_booth_with_their_published_products(client, factories):
    a, b = factories.producer(name="HTX Hạt dẻ Trùng Khánh"), factories.producer(name="HTX Miến dong Nguyên Bình")
    chestnut = factories.product(producer=a, name="Hạt dẻ rang")
    draft = factories.product(producer=a, name="Hạt dẻ sấy chưa duyệt", status="draft")
    noodles = factories.product(producer=b, name="Miến dong Phja Đén")
    pending = factories.producer(name="HTX Chưa duyệt", status="pending")
    fair = factories.fair((b, "B02", [noodles]), (a, "A01", [chestnut, draft]),
                          (pending, "C03", []), name="Hội chợ OCOP Cao Bằng")
    db.session.commit()
    page = client.get(f"/vi/fairs/{fair.slug}")
    assert page.status_code == 200
    html = page.text
    assert html.index("Gian A01") < html.index("HTX Hạt dẻ Trùng Khánh") < html.index("Hạt dẻ rang") \
        < html.index("Gian B02") < html.index("Miến dong Phja Đén")
    assert "Hạt dẻ sấy chưa duyệt" not in html and "HTX Chưa duyệt" not in html
    assert client.get(f"/en/fairs/{fair.slug}").status_code == 200


def test_liquor_of_15_percent_or_more_is_never_shown_among_a_fairs_products(client, factories):
    producer = factories.producer(name="HTX Rượu ngô Cải Vân")
    liquor = factories.product(producer=producer, name="Rượu ngô Cải Vân 40 độ", category="ruou", abv=40)
    light = factories.product(producer=producer, name="Rượu nếp nhẹ", category="ruou", abv=12)
    tea = factories.product(producer=producer, name="Trà hoa vàng")
    fair = factories.fair((producer, "A01", [liquor, light, tea]))
    db.session.commit()
    html = client.get(f"/vi/fairs/{fair.slug}").text
    assert "Trà hoa vàng" in html and "Rượu nếp nhẹ" in html
    assert "Rượu ngô Cải Vân 40 độ" not in html and liquor.slug not in html
    assert [p.id for e in fairs.exhibitors(fair) for p in e.products] == [light.id, tea.id]


def test_unknown_or_unpublished_fair_is_404(client, factories):
    hidden = factories.fair(published=False)
    db.session.commit()
    assert client.get("/vi/fairs/khong-co-hoi-cho-nay").status_code == 404
    assert client.get(f"/en/fairs/{hidden.slug}").status_code == 404


def test_ended_fair_page_says_it_ended(client, factories):
    fair = factories.fair(starts_in=-30, name="Hội chợ đã xong")
    db.session.commit()
    html = client.get(f"/vi/fairs/{fair.slug}").text
    assert "Hội chợ này đã kết thúc" in html
    assert "This fair has ended" in client.get(f"/en/fairs/{fair.slug}").text


def test_fairs_are_in_the_sitemap_in_both_languages(client, factories):
    fair = factories.fair()
    hidden = factories.fair(published=False)
    db.session.commit()
    xml = client.get("/sitemap.xml").text
    for lang in ("vi", "en"):
        assert f"/{lang}/fairs<" in xml or f"/{lang}/fairs</loc>" in xml
        assert f"/{lang}/fairs/{fair.slug}" in xml
    assert hidden.slug not in xml


def test_sample_data_has_one_past_and_one_upcoming_fair_marked_as_samples(client):
    seed_demo()
    today = local_today()
    assert seed_fairs(today) == 2
    assert seed_fairs(today) == 0  # keyed by slug: nothing added twice
    db.session.commit()
    upcoming, past = fairs.public_fairs(today)
    assert len(upcoming) == 1 and len(past) == 1
    for fair in upcoming + past:
        assert fair.is_sample and "(mẫu)" in fair.text("name", "vi") and "(sample)" in fair.text("name", "en")
        assert fair.locality_id is not None
    ids = {pid for p in db.session.scalars(select(FairParticipant)) for pid in p.product_ids}
    assert ids and all(alcohol.may_promote(db.session.get(Product, pid)) for pid in ids)
    html = client.get(f"/vi/fairs/{past[0].slug}").text
    assert "Gian A01" in html and "Quảng trường Km5" in html
