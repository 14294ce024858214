"""Public producer pages: only approved producers, story with vi fallback, identity by consent."""
from __future__ import annotations

import pytest

from ocop_shop.extensions import db
from ocop_shop.producers.models import ProducerPhoto
from ocop_shop import storage


def text(response) -> str:
    return response.get_data(as_text=True)


@pytest.mark.parametrize("lang, heading", [("vi", "Những người làm ra sản phẩm"), ("en", "The people who make them")])
def test_list_shows_approved_producers_only(client, make_producer, make_product, lang, heading):
    approved = make_producer(name="HTX Hạt dẻ Trùng Khánh")
    make_product(producer=approved)
    make_producer(name="HTX Đang chờ duyệt", status="pending")
    make_producer(name="HTX Bị đình chỉ", status="suspended")
    db.session.commit()
    page = client.get(f"/{lang}/producers")
    assert page.status_code == 200
    html = text(page)
    assert heading in html
    assert "HTX Hạt dẻ Trùng Khánh" in html
    assert "HTX Đang chờ duyệt" not in html and "HTX Bị đình chỉ" not in html
    assert ("1 sản phẩm" if lang == "vi" else "1 product") in html


@pytest.mark.parametrize("status", ["pending", "rejected", "suspended"])
def test_producers_not_approved_are_404(client, make_producer, status):
    producer = make_producer(status=status)
    db.session.commit()
    assert client.get(f"/vi/producers/{producer.slug}").status_code == 404
    assert client.get("/en/producers/no-such-producer").status_code == 404


def test_producer_page_story_place_kind_founded_products(client, factories, make_product):
    place = factories.locality("Xã Phúc Sen")
    producer = factories.producer(name="Tổ hợp tác rèn Phúc Sen", kind="coop_group", locality=place, founded=2012)
    producer.content = {"vi": {"story": "Nghề rèn truyền từ đời ông.\nMỗi con dao rèn bằng tay.",
                               "excerpt": "Làng rèn Nùng An."},
                        "en": {"story": "Forging passed down from grandfather.\nEach knife is forged by hand."}}
    make_product(name="Dao rèn Phúc Sen", producer=producer)
    make_product(name="Dao nháp", producer=producer, status="draft")
    db.session.commit()
    vi = text(client.get(f"/vi/producers/{producer.slug}"))
    assert "Nghề rèn truyền từ đời ông." in vi and "<p>Mỗi con dao rèn bằng tay.</p>" in vi
    assert "Tổ hợp tác" in vi and "2012" in vi and "Xã Phúc Sen" in vi
    assert "Dao rèn Phúc Sen" in vi and "Dao nháp" not in vi
    en = text(client.get(f"/en/producers/{producer.slug}"))
    assert "Forging passed down from grandfather." in en and "Cooperative group" in en


def test_story_falls_back_to_vietnamese(client, make_producer):
    producer = make_producer(name="HTX Chỉ tiếng Việt")
    producer.content = {"vi": {"story": "Câu chuyện chỉ có bằng tiếng Việt."}}
    db.session.commit()
    assert "Câu chuyện chỉ có bằng tiếng Việt." in text(client.get(f"/en/producers/{producer.slug}"))


@pytest.mark.parametrize("opted_in", [True, False])
def test_ethnic_group_and_women_led_only_with_consent(client, make_producer, opted_in):
    producer = make_producer(name="HTX Thổ cẩm", ethnic_group="Tày", women_led=True, identity_public=opted_in)
    db.session.commit()
    html = text(client.get(f"/en/producers/{producer.slug}"))
    assert ("Tày" in html) is opted_in
    assert ("Women" in html) is opted_in


def test_producer_photos_have_sizes_and_alt_text(client, make_producer):
    from io import BytesIO

    from PIL import Image

    producer = make_producer(name="HTX Có ảnh")
    buffer = BytesIO()
    Image.new("RGB", (1600, 1200), (47, 107, 63)).save(buffer, "PNG")
    stored = storage.save_image(buffer.getvalue())
    db.session.add(ProducerPhoto(producer_id=producer.id, key=stored.key, width=stored.width,
                                 height=stored.height, alt={"vi": "Xưởng dệt", "en": "The weaving shed"}))
    db.session.commit()
    html = text(client.get(f"/en/producers/{producer.slug}"))
    assert 'alt="The weaving shed"' in html and 'srcset="/media/' in html and 'width="960"' in html
    listing = text(client.get("/vi/producers"))
    assert 'alt="Xưởng dệt"' in listing
