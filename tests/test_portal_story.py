"""The producer's story in vi and en, its photos, the preview as the public page shows it, and the profile."""
from __future__ import annotations

import io
from datetime import date

import pytest
from PIL import Image
from sqlalchemy import select

from ocop_shop.catalog.models import Product
from ocop_shop.extensions import db
from ocop_shop.producers.models import Producer, ProducerPhoto

from .conftest import csrf_from, post_form

STORY = {"excerpt_vi": "Hợp tác xã nấu rượu ngô men lá.", "story_vi": "Đoạn một.\n\nĐoạn hai về men lá.",
         "excerpt_en": "", "story_en": "Paragraph one.\n\nParagraph two about leaf yeast."}


@pytest.fixture
def producer(factories, make_user, login_as):
    producer = factories.producer(name="HTX Rượu ngô Thử")
    login_as(make_user(role="producer", producer=producer))
    db.session.commit()
    return producer


def _reload(producer_id) -> Producer:
    db.session.expire_all()
    return db.session.get(Producer, producer_id)


def test_story_is_saved_in_both_languages_and_shows_on_the_public_page(client, producer):
    response = post_form(client, "/vi/producer/story", {**STORY, "action": "save"}, follow_redirects=True)
    assert "Đã lưu câu chuyện" in response.get_data(as_text=True)
    saved = _reload(producer.id)
    assert saved.content["vi"]["story"] == "Đoạn một.\n\nĐoạn hai về men lá."
    assert saved.content["en"] == {"story": "Paragraph one.\n\nParagraph two about leaf yeast."}
    public = client.get(f"/vi/producers/{producer.slug}").get_data(as_text=True)
    assert "<p>Đoạn hai về men lá.</p>" in public
    assert "Paragraph two about leaf yeast." in client.get(f"/en/producers/{producer.slug}").get_data(as_text=True)


@pytest.mark.parametrize("action, expected, lang_attr", [
    ("preview_vi", "<p>Đoạn hai về men lá.</p>", 'lang="vi"'),
    ("preview_en", "<p>Paragraph two about leaf yeast.</p>", 'lang="en"'),
])
def test_preview_shows_the_public_page_with_the_typed_story_and_saves_nothing(client, producer, action, expected, lang_attr):
    before = _reload(producer.id).content
    response = post_form(client, "/vi/producer/story", {**STORY, "action": action})
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert expected in html and lang_attr in html
    assert 'class="producer-page"' in html  # the public page's own template
    assert "preview-banner" in html and 'name="robots" content="noindex"' in html
    assert _reload(producer.id).content == before


def test_back_to_editing_from_the_preview_keeps_the_text(client, producer):
    html = post_form(client, "/vi/producer/story", {**STORY, "action": "edit"}).get_data(as_text=True)
    assert "Đoạn hai về men lá." in html and 'name="story_vi"' in html


def test_oversize_story_is_refused_next_to_the_field_and_kept(client, producer):
    long = "Rượu ngô. " * 900
    response = post_form(client, "/vi/producer/story", {**STORY, "story_vi": long, "action": "save"})
    html = response.get_data(as_text=True)
    assert response.status_code == 400 and "Tối đa 8000 ký tự." in html and 'id="story_vi-error"' in html
    assert "Rượu ngô. Rượu ngô." in html


def _jpeg() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (600, 400), (90, 140, 60)).save(out, "JPEG")
    return out.getvalue()


def test_story_photos_are_added_described_moved_and_removed(client, producer):
    for _ in range(2):
        page = client.get("/vi/producer/story").get_data(as_text=True)
        response = client.post("/vi/producer/story/photos", data={
            "csrf_token": csrf_from(page), "photo": (io.BytesIO(_jpeg()), "xuong.jpg"), "alt_vi": "Xưởng nấu rượu"},
            content_type="multipart/form-data")
        assert response.status_code == 302
    photos = list(db.session.scalars(select(ProducerPhoto).order_by(ProducerPhoto.position)))
    assert len(photos) == 2 and photos[0].alt == {"vi": "Xưởng nấu rượu"}
    first, second = photos[0].id, photos[1].id
    post_form(client, "/vi/producer/story", {"direction": "up"}, post_url=f"/vi/producer/story/photos/{second}/move")
    db.session.expire_all()
    assert [p.id for p in db.session.scalars(select(ProducerPhoto).order_by(ProducerPhoto.position))] == [second, first]
    post_form(client, "/vi/producer/story", {f"s{first}-alt_vi": "Ruộng ngô", f"s{first}-alt_en": "Corn field"},
              post_url=f"/vi/producer/story/photos/{first}/alt")
    db.session.expire_all()
    assert db.session.get(ProducerPhoto, first).alt == {"vi": "Ruộng ngô", "en": "Corn field"}
    assert "Có, xóa ảnh" in client.get(f"/vi/producer/story/photos/{first}/remove").get_data(as_text=True)
    done = post_form(client, f"/vi/producer/story/photos/{first}/remove", {}, follow_redirects=True)
    assert "Đã xóa ảnh khỏi câu chuyện." in done.get_data(as_text=True)
    db.session.expunge_all()
    assert db.session.get(ProducerPhoto, first) is None


def test_a_bad_story_photo_is_refused(client, producer):
    page = client.get("/vi/producer/story").get_data(as_text=True)
    response = client.post("/vi/producer/story/photos", data={
        "csrf_token": csrf_from(page), "photo": (io.BytesIO(b"<svg xmlns='http://www.w3.org/2000/svg'/>"), "x.svg")},
        content_type="multipart/form-data")
    assert response.status_code == 400 and "không phải ảnh JPEG, PNG hay WebP" in response.get_data(as_text=True)
    assert db.session.scalar(select(ProducerPhoto)) is None


PROFILE = {"contact_name": "Nông Văn Cải", "contact_phone": "0915 111 222", "contact_email": "", "locality_id": "",
           "address": "Xóm Cải Vân", "founded": "2010", "workers": "20", "trained_workers": "8",
           "ocop_training_on": "2023-05-10", "ethnic_group": "Tày"}


def test_profile_saves_contacts_but_the_licence_stays_with_the_office(client, producer, factories):
    response = post_form(client, "/vi/producer/profile", {**PROFILE, "alcohol_licence_number": "12/GP-SCT",
                                                           "alcohol_licence_expires_on": "2030-12-31"},
                         follow_redirects=True)
    html = response.get_data(as_text=True)
    assert "Đã lưu hồ sơ." in html and "Văn phòng OCOP lưu giấy phép của bạn" in html
    assert 'name="alcohol_licence_number"' not in html
    saved = _reload(producer.id)
    assert saved.alcohol_licence_number is None  # a member cannot put a licence on record
    assert saved.contact_phone == "0915111222" and saved.ocop_training_on == date(2023, 5, 10)
    assert saved.name == "HTX Rượu ngô Thử"  # not editable here


def test_with_the_licence_the_office_recorded_liquor_can_be_submitted(client, producer, factories):
    saved = _reload(producer.id)
    saved.alcohol_licence_number, saved.alcohol_licence_expires_on = "12/GP-SCT", date(2030, 12, 31)
    db.session.commit()
    assert "12/GP-SCT" in client.get("/vi/producer/profile").get_data(as_text=True)
    liquor = factories.product(producer=saved, name="Rượu ngô", status="draft", abv=39.0, category="ruou")
    db.session.commit()
    post_form(client, f"/vi/producer/products/{liquor.id}", {}, post_url=f"/vi/producer/products/{liquor.id}/submit")
    db.session.expire_all()
    assert db.session.get(Product, liquor.id).status == "pending_review"


def test_profile_errors_keep_what_was_typed(client, producer):
    response = post_form(client, "/vi/producer/profile", {**PROFILE, "trained_workers": "99", "name": "Tên khác"})
    html = response.get_data(as_text=True)
    assert "không thể nhiều hơn" in html and 'value="Xóm Cải Vân"' in html
    assert _reload(producer.id).address != "Xóm Cải Vân" and _reload(producer.id).name == "HTX Rượu ngô Thử"
