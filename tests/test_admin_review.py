"""The office's review queue: new products (publish / send back) and changes to published products
(a before/after comparison; approve / reject), through the real routes, forms and CSRF."""
from __future__ import annotations

import io
import re
from datetime import timedelta

import pytest
from PIL import Image
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from ocop_shop import storage
from ocop_shop.audit import AuditLog
from ocop_shop.catalog import comparison, review, revisions
from ocop_shop.catalog.models import Product, ProductRevision
from ocop_shop.catalog.services import CatalogError
from ocop_shop.extensions import db
from ocop_shop.producers.models import Notification, Producer
from ocop_shop.types import utcnow

from .conftest import csrf_from, post_form

QUEUE = "/vi/admin/review"


def _pending(factories, name, minutes_ago=0, **fields):
    product = factories.product(name=name, status="pending_review", **fields)
    product.submitted_at = utcnow() - timedelta(minutes=minutes_ago)
    return product


def _stored(colour=(200, 80, 40)):
    buffer = io.BytesIO()
    Image.new("RGB", (800, 600), colour).save(buffer, "PNG")
    return storage.save_image(buffer.getvalue())


def _post(client, page_url, post_url, data):
    """Submit one of the page's forms: every form on a review page carries the same session token."""
    return post_form(client, page_url, data, post_url=post_url)


def _seen(html: str) -> str:
    return re.search(r'name="seen"[^>]*value="([^"]+)"', html).group(1)


def _decide(client, page_url, post_url, **data):
    page = client.get(page_url).get_data(as_text=True)
    return client.post(post_url, data={"csrf_token": csrf_from(page), "seen": _seen(page), **data})


def _editable(product_id: int) -> Product:
    """A product as the portal loads it for editing (its pictures with it)."""
    return db.session.scalar(select(Product).where(Product.id == product_id).options(selectinload(Product.images))
                             .execution_options(populate_existing=True))


def _notified(producer_id: int) -> list[str]:
    return db.session.scalars(select(Notification.kind).where(Notification.producer_id == producer_id)
                              .order_by(Notification.id)).all()


def _audit(action):
    db.session.expire_all()
    return db.session.scalars(select(AuditLog).where(AuditLog.action == action)).all()


# --- the queue --------------------------------------------------------------------------------

def test_the_queue_lists_exactly_the_waiting_items_oldest_first(client, factories, login_as):
    login_as("admin")
    newer = _pending(factories, "Miến dong mới gửi", minutes_ago=5, producer=factories.producer(name="HTX Miến Bắc Sơn"))
    older = _pending(factories, "Trà xanh gửi trước", minutes_ago=60)
    factories.product(name="Bản nháp chưa gửi", status="draft")
    factories.product(name="Hạt dẻ đang bán")
    changed = factories.product(name="Mật ong có thay đổi")
    returned = factories.product(name="Thạch đen bị trả")
    db.session.commit()
    changed, returned = _editable(changed.id), _editable(returned.id)
    revisions.edit(changed, {"vi": {"name": "Mật ong có thay đổi", "description": "Mới."}}, factories.category())
    revisions.edit(returned, {"vi": {"name": "Thạch đen bị trả", "description": "Mới."}}, factories.category())
    review.reject_changes(revisions.open_revision(returned), "Ảnh mờ", None)
    db.session.commit()

    html = client.get(QUEUE).get_data(as_text=True)
    assert html.index(older.name) < html.index(newer.name)  # oldest first
    assert "Mật ong có thay đổi" in html and "HTX Miến Bắc Sơn" in html
    for hidden in ("Bản nháp chưa gửi", "Hạt dẻ đang bán", "Thạch đen bị trả"):
        assert hidden not in html
    new_heading = re.search(r'id="new-heading">(.*?)</h2>', html, re.S).group(1)
    changes_heading = re.search(r'id="changes-heading">(.*?)</h2>', html, re.S).group(1)
    assert ">2<" in new_heading and ">1<" in changes_heading
    assert f"/vi/admin/review/products/{older.id}" in html
    assert f"/vi/admin/review/changes/{revisions.open_revision(changed).id}" in html


def test_an_empty_queue_says_so_in_both_languages(client, login_as):
    login_as("admin")
    assert "Không có sản phẩm mới nào chờ duyệt." in client.get(QUEUE).get_data(as_text=True)
    assert "No changes are waiting for review." in client.get("/en/admin/review").get_data(as_text=True)


# --- a new product ----------------------------------------------------------------------------

def test_a_new_products_page_shows_everything_the_shop_would(client, factories, login_as):
    login_as("admin")
    producer = factories.producer(name="HTX Phja Đén", alcohol_licence_number="GP-12/2024")
    product = _pending(factories, "Rượu ngô Phja Đén", producer=producer, category="ruou", abv=29.5, price=150_000,
                       stock=12, net_quantity="500 ml", shelf_life_days=730, food_safety_number="05/2024/ATTP",
                       weight_grams=900,
                       content={"vi": {"name": "Rượu ngô Phja Đén", "description": "Nấu từ ngô nếp.", "unit": "chai"},
                                "en": {"name": "Phja Den corn liquor", "description": "Distilled from sticky corn."}})
    factories.product_image(product, alt={"vi": "Chai rượu trên bàn gỗ", "en": "A bottle on a wooden table"})
    cert = factories.certification(product, stars=3, number="DEMO-RUOU-1")
    db.session.commit()
    html = client.get(f"/vi/admin/review/products/{product.id}").get_data(as_text=True)
    for seen in ("Rượu ngô Phja Đén", "Phja Den corn liquor", "Nấu từ ngô nếp.", "Distilled from sticky corn.",
                 "500 ml", "900 g", "730 ngày", "05/2024/ATTP", "29,5% độ cồn", "150.000", "chai",
                 "Chai rượu trên bàn gỗ", "A bottle on a wooden table", "HTX Phja Đén", "GP-12/2024",
                 cert.number, "Đăng bán trên cửa hàng", "Trả lại cho cơ sở"):
        assert seen in html, seen
    assert re.search(r"Tồn kho</dt><dd>12<", html)
    english = client.get(f"/en/admin/review/products/{product.id}").get_data(as_text=True)
    assert "Publish in the shop" in english and "Shelf life" in english


def test_publish_makes_the_product_public_and_is_audited(client, factories, login_as):
    admin = login_as("admin")
    product = _pending(factories, "Miến dong Phja Đén")
    slug, page = product.slug, f"/vi/admin/review/products/{product.id}"
    db.session.commit()
    assert client.get(f"/vi/products/{slug}").status_code == 404
    assert slug not in client.get("/vi/search?q=Phja+%C4%90%C3%A9n").get_data(as_text=True)
    response = _decide(client, page, f"{page}/publish")
    assert response.status_code == 302 and response.headers["Location"].endswith(QUEUE)
    assert "đã được đăng bán" in client.get(QUEUE).get_data(as_text=True)
    assert client.get(f"/vi/products/{slug}").status_code == 200
    assert slug in client.get("/vi/search?q=Phja+%C4%90%C3%A9n").get_data(as_text=True)  # the index follows
    row, = _audit("product.publish")
    assert row.actor_id == admin.id and row.object_id == product.id and row.changes == {"status": ["pending_review", "published"]}
    assert _notified(product.producer_id) == ["product_published"]


def test_a_drink_without_the_producers_licence_is_not_published(client, factories, login_as):
    login_as("admin")
    product = _pending(factories, "Rượu ngô không giấy phép", category="ruou", abv=39.0)
    page = f"/vi/admin/review/products/{product.id}"
    db.session.commit()
    assert "chỉ được đăng bán khi giấy phép sản xuất rượu" in client.get(page).get_data(as_text=True)
    response = _decide(client, page, f"{page}/publish")
    assert response.headers["Location"].endswith(page)
    assert "giấy phép" in client.get(page).get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Product, product.id).status == "pending_review" and not _audit("product.publish")


@pytest.mark.parametrize("lang, message", [("vi", "Vui lòng ghi rõ cơ sở cần sửa gì."),
                                           ("en", "Please say what the producer should change.")])
def test_sending_back_needs_a_reason(client, factories, login_as, lang, message):
    login_as("admin")
    product = _pending(factories, "Trà Shan tuyết")
    page = f"/{lang}/admin/review/products/{product.id}"
    db.session.commit()
    response = _decide(client, page, f"{page}/send-back", reason="   ")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert re.search(r'class="field-error" id="reason-error">' + re.escape(message), html)
    db.session.expire_all()
    assert db.session.get(Product, product.id).status == "pending_review" and not _audit("product.send_back")


def test_send_back_shows_the_reason_in_the_portal_and_nothing_public_changes(client, factories, login_as):
    login_as("admin")
    producer = factories.producer(name="HTX Trà Shan")
    product = _pending(factories, "Trà Shan tuyết", producer=producer)
    member = factories.user(role="producer", producer=producer)
    page = f"/vi/admin/review/products/{product.id}"
    db.session.commit()
    response = _decide(client, page, f"{page}/send-back", reason="Thiếu số tự công bố an toàn thực phẩm")
    assert response.status_code == 302
    db.session.expire_all()
    product = db.session.get(Product, product.id)
    assert (product.status, product.review_note) == ("draft", "Thiếu số tự công bố an toàn thực phẩm")
    assert client.get(f"/vi/products/{product.slug}").status_code == 404
    row, = _audit("product.send_back")
    assert row.reason == "Thiếu số tự công bố an toàn thực phẩm"
    assert _notified(producer.id) == ["product_sent_back"]
    login_as(member)
    portal = client.get(f"/vi/producer/products/{product.id}").get_data(as_text=True)
    assert "Văn phòng đã trả lại sản phẩm này." in portal and "Thiếu số tự công bố an toàn thực phẩm" in portal


def test_a_csrf_failure_keeps_the_reason_typed(client, factories, login_as):
    login_as("admin")
    product = _pending(factories, "Trà Shan tuyết")
    page = f"/vi/admin/review/products/{product.id}"
    db.session.commit()
    html = client.get(page).get_data(as_text=True)
    with client.session_transaction() as session:
        session.pop("csrf_token", None)
    response = client.post(f"{page}/send-back", data={"csrf_token": csrf_from(html), "seen": _seen(html),
                                                      "reason": "Ảnh chưa rõ nhãn"})
    assert response.status_code == 400
    assert "Ảnh chưa rõ nhãn" in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Product, product.id).status == "pending_review"


# --- changes to a published product ---------------------------------------------------------

@pytest.fixture
def changed_product(factories):
    """A published product with three pictures, and changes waiting: text in both languages,
    category, weight; a picture removed, one added, one described differently."""
    product = factories.product(name="Miến dong Phja Đén", category="mien-bun", weight_grams=500, shelf_life_days=365,
                                food_safety_number="01/2024/TCB",
                                content={"vi": {"name": "Miến dong Phja Đén", "description": "Sợi miến dai, trong.",
                                                "unit": "gói"},
                                         "en": {"name": "Arrowroot noodles", "unit": "pack"}})
    first = factories.product_image(product, alt={"vi": "Gói miến", "en": "A pack of noodles"})
    second = factories.product_image(product, alt={"vi": "Bó miến phơi nắng"})
    third = factories.product_image(product, alt={"vi": "Bát miến"})
    db.session.commit()
    product = _editable(product.id)
    revisions.edit(product, {"vi": {"name": "Miến dong Phja Đén", "description": "Sợi miến dai, trong, không chất tẩy.",
                                    "unit": "gói"},
                             "en": {"name": "Phja Den arrowroot noodles", "unit": "pack"}},
                   factories.category("thuc-pham"), net_quantity=None, weight_grams=550, shelf_life_days=365,
                   food_safety_number="01/2024/TCB", abv=None)
    revisions.set_image_alt(product, first.key, {"vi": "Gói miến 500 g", "en": "A pack of noodles"})
    revisions.remove_image(product, second.key)
    added = revisions.add_image(product, _stored(), {"vi": "Miến xào"})
    db.session.commit()
    return dict(product_id=product.id, slug=product.slug, first=first.key, second=second.key, third=third.key,
                added=added.key, revision_id=revisions.open_revision(product).id)


def test_the_comparison_lists_each_change_and_nothing_else(changed_product):
    revision = db.session.get(ProductRevision, changed_product["revision_id"])
    product = db.session.scalar(select(Product).where(Product.id == changed_product["product_id"])
                                .options(selectinload(Product.images)))
    result = comparison.compare(product, revision)
    assert [(t.lang, t.field) for t in result.texts] == [("vi", "description"), ("en", "name")]
    description = result.texts[0]
    assert [s.text for s in description.new if s.changed] == [", không chất tẩy"]
    assert not any(s.changed for s in description.old)
    assert [f.field for f in result.facts] == ["category", "weight_grams"]
    assert (result.facts[1].old, result.facts[1].new) == (500, 550)
    kinds = {(p.kind, p.image.key) for p in result.pictures}
    assert kinds == {("kept", changed_product["first"]), ("removed", changed_product["second"]),
                     ("added", changed_product["added"])}
    kept = next(p for p in result.pictures if p.kind == "kept")
    assert kept.alt == {"vi": ("Gói miến", "Gói miến 500 g")} and not kept.moved
    assert not result.order_changed  # a removal shifts the others but moves none of them


def test_the_changes_page_shows_before_and_after(client, changed_product, login_as):
    login_as("admin")
    html = client.get(f"/vi/admin/review/changes/{changed_product['revision_id']}").get_data(as_text=True)
    assert re.search(r'<ins class="diff-new"><span class="visually-hidden">\[thêm mới\] </span>, không chất tẩy</ins>', html)
    assert re.search(r'<del class="diff-old">[^<]*<span[^>]*>[^<]*</span>\s*Arrowroot noodles</del>|'
                     r'<del class="diff-old"><span class="visually-hidden">\[đã xoá\] </span>Arrowroot</del>', html)
    assert "Phja Den" in html
    assert "500 g" in html and "550 g" in html  # weight before and after
    assert "Khối lượng gửi hàng" in html and "Danh mục" in html
    assert "Hạn sử dụng" not in html and "Số tự công bố" not in html  # unchanged facts are left out
    assert "Gói miến 500 g" in html and "Bó miến phơi nắng" in html and "Miến xào" in html
    assert changed_product["added"] in html and changed_product["second"] in html
    assert changed_product["third"] not in html  # an unchanged picture is left out
    assert "Đã xoá" in html and "Thêm mới" in html
    english = client.get(f"/en/admin/review/changes/{changed_product['revision_id']}").get_data(as_text=True)
    assert "Approve the changes" in english and "Shipping weight" in english and "Shelf life" not in english


def test_a_reordered_picture_is_shown_as_moved(client, factories, login_as):
    login_as("admin")
    product = factories.product(name="Hạt dẻ Trùng Khánh")
    first, second = factories.product_image(product), factories.product_image(product)
    db.session.commit()
    product = _editable(product.id)
    revisions.move_image(product, second.key, -1)
    db.session.commit()
    html = client.get(f"/vi/admin/review/changes/{revisions.open_revision(product).id}").get_data(as_text=True)
    assert "Thứ tự ảnh" in html and "chuyển từ vị trí 2" in html and "chuyển từ vị trí 1" in html
    assert first.key in html


def test_approve_makes_the_shop_show_the_new_version(client, changed_product, login_as):
    admin = login_as("admin")
    page = f"/vi/admin/review/changes/{changed_product['revision_id']}"
    removed_files = list(storage.image_path(changed_product["second"], 320).parent.glob(f"{changed_product['second']}-*"))
    assert removed_files
    response = _decide(client, page, f"/vi/admin/review/changes/{changed_product['revision_id']}/approve")
    assert response.status_code == 302 and response.headers["Location"].endswith(QUEUE)
    public = client.get(f"/vi/products/{changed_product['slug']}").get_data(as_text=True)
    assert "không chất tẩy" in public and "Miến xào" in public and "Bó miến phơi nắng" not in public
    assert "Phja Den arrowroot noodles" in client.get(f"/en/products/{changed_product['slug']}").get_data(as_text=True)
    row, = _audit("revision.approve")
    assert row.actor_id == admin.id and row.object_label == "Miến dong Phja Đén"
    assert _notified(db.session.get(Product, changed_product["product_id"]).producer_id) == ["revision_approved"]
    assert row.changes["weight_grams"] == [500, 550] and "images" in row.changes
    assert not any(path.exists() for path in removed_files)  # the picture no version shows is deleted


def test_reject_needs_a_reason_and_keeps_the_old_version(client, factories, changed_product, login_as):
    login_as("admin")
    base = f"/en/admin/review/changes/{changed_product['revision_id']}"
    refused = _decide(client, base, f"{base}/reject", reason="")
    assert "Please say what the producer should change." in refused.get_data(as_text=True)
    assert db.session.get(ProductRevision, changed_product["revision_id"]).status == "pending_review"
    done = _decide(client, base, f"{base}/reject", reason="Ảnh mới bị mờ")
    assert done.status_code == 302
    public = client.get(f"/vi/products/{changed_product['slug']}").get_data(as_text=True)
    assert "Sợi miến dai, trong." in public and "không chất tẩy" not in public
    row, = _audit("revision.reject")
    assert row.reason == "Ảnh mới bị mờ"
    product = db.session.get(Product, changed_product["product_id"])
    assert _notified(product.producer_id) == ["revision_sent_back"]
    login_as(factories.user(role="producer", producer=db.session.get(Producer, product.producer_id)))
    portal = client.get(f"/vi/producer/products/{changed_product['product_id']}").get_data(as_text=True)
    assert "Văn phòng đã trả lại phần thay đổi của bạn." in portal and "Ảnh mới bị mờ" in portal


# --- two decisions at once, stale pages, unknown ids -----------------------------------------

def test_two_decisions_on_a_product_one_wins_the_other_is_told(client, factories, login_as):
    """Two pages open on the same product (two office users, or two tabs): the second decision is refused."""
    login_as("admin")
    product = _pending(factories, "Trà Shan tuyết")
    page = f"/vi/admin/review/products/{product.id}"
    db.session.commit()
    mine, theirs = client.get(page).get_data(as_text=True), client.get(page).get_data(as_text=True)
    assert client.post(f"{page}/publish", data={"csrf_token": csrf_from(mine), "seen": _seen(mine)}).status_code == 302
    late = client.post(f"{page}/send-back", data={"csrf_token": csrf_from(theirs), "seen": _seen(theirs),
                                                 "reason": "Thiếu ảnh"}, follow_redirects=True)
    assert "không còn chờ duyệt: đã có người quyết định" in late.get_data(as_text=True)
    db.session.expire_all()
    product = db.session.get(Product, product.id)
    assert product.status == "published" and product.review_note is None
    assert len(_audit("product.publish")) == 1 and not _audit("product.send_back")


def test_the_losing_decision_is_refused_by_the_database(client, factories, login_as):
    """The loser read the product while it was still waiting: its conditional UPDATE finds no row."""
    login_as("admin")
    product = _pending(factories, "Trà Shan tuyết")
    page = f"/vi/admin/review/products/{product.id}"
    db.session.commit()
    stale = db.session.get(Product, product.id)
    assert stale.status == "pending_review"
    assert _decide(client, page, f"{page}/publish").status_code == 302  # the other office user wins
    with pytest.raises(CatalogError, match="Vừa có người khác thao tác"):
        review.send_back(stale, "Thiếu ảnh", None)
    db.session.rollback()
    assert db.session.get(Product, product.id).status == "published"


def test_two_decisions_on_the_same_changes_one_wins(client, changed_product, login_as):
    login_as("admin")
    page = f"/vi/admin/review/changes/{changed_product['revision_id']}"
    mine, theirs = client.get(page).get_data(as_text=True), client.get(page).get_data(as_text=True)
    assert client.post(f"{page}/reject", data={"csrf_token": csrf_from(mine), "seen": _seen(mine),
                                               "reason": "Ảnh mờ"}).status_code == 302
    late = client.post(f"{page}/approve", data={"csrf_token": csrf_from(theirs), "seen": _seen(theirs)},
                      follow_redirects=True)
    assert "Phần thay đổi này không còn chờ duyệt" in late.get_data(as_text=True)
    stale = db.session.get(ProductRevision, changed_product["revision_id"])
    db.session.expire_all()
    assert stale.status == "sent_back"
    assert "không chất tẩy" not in client.get(f"/vi/products/{changed_product['slug']}").get_data(as_text=True)
    assert not _audit("revision.approve")


def test_a_decision_on_a_page_older_than_the_producers_last_edit_is_refused(client, factories, changed_product,
                                                                              login_as):
    login_as("admin")
    page = f"/vi/admin/review/changes/{changed_product['revision_id']}"
    html = client.get(page).get_data(as_text=True)
    product = _editable(changed_product["product_id"])
    revisions.edit(product, {"vi": {"name": "Miến dong Phja Đén", "description": "Bản sửa sau cùng."}},
                   factories.category("thuc-pham"), weight_grams=550)
    db.session.commit()
    response = client.post(f"{page}/approve", data={"csrf_token": csrf_from(html), "seen": _seen(html)},
                           follow_redirects=True)
    assert "Vừa có người khác thao tác" in response.get_data(as_text=True)
    assert "Bản sửa sau cùng." not in client.get(f"/vi/products/{changed_product['slug']}").get_data(as_text=True)


def test_unknown_ids_are_404(client, login_as):
    login_as("admin")
    assert client.get("/vi/admin/review/products/999999").status_code == 404
    assert client.get("/vi/admin/review/changes/999999").status_code == 404
    token = csrf_from(client.get(QUEUE).get_data(as_text=True))
    for url in ("/vi/admin/review/products/999999/publish", "/vi/admin/review/products/999999/send-back",
                "/vi/admin/review/changes/999999/approve", "/vi/admin/review/changes/999999/reject"):
        assert client.post(url, data={"csrf_token": token, "seen": utcnow().isoformat(), "reason": "x"}).status_code == 404


def test_a_forged_seen_value_is_refused_plainly(client, factories, login_as):
    login_as("admin")
    product = _pending(factories, "Trà Shan tuyết")
    page = f"/vi/admin/review/products/{product.id}"
    db.session.commit()
    token = csrf_from(client.get(page).get_data(as_text=True))
    for seen in ("", "hôm qua", "2026-01-01T00:00:00"):
        response = client.post(f"{page}/publish", data={"csrf_token": token, "seen": seen}, follow_redirects=True)
        assert "Trang này đã cũ" in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Product, product.id).status == "pending_review"


# --- the command line -------------------------------------------------------------------------

def _cli(app, *args):
    return app.test_cli_runner().invoke(args=["products", *args])


def test_the_commands_decide_through_the_same_services_and_are_audited(app, factories, changed_product):
    new = _pending(factories, "Miến mới")
    returned = _pending(factories, "Trà bị trả")
    slug, returned_slug = new.slug, returned.slug
    db.session.commit()
    assert _cli(app, "publish", slug).exit_code == 0
    assert _cli(app, "send-back", returned_slug, "--reason", "Thiếu ảnh").exit_code == 0
    result = _cli(app, "approve-changes", changed_product["slug"])
    assert result.exit_code == 0, result.output
    rows = {row.action: row for row in db.session.scalars(select(AuditLog))}
    assert set(rows) == {"product.publish", "product.send_back", "revision.approve"}
    assert all(row.source == "cli" and row.actor_id is None for row in rows.values())
    assert rows["product.send_back"].reason == "Thiếu ảnh"

    product = _editable(changed_product["product_id"])
    revisions.edit(product, {"vi": {"name": "Miến dong Phja Đén", "description": "Lần nữa."}}, factories.category())
    db.session.commit()
    assert _cli(app, "reject-changes", changed_product["slug"]).exit_code != 0  # a reason is required
    assert _cli(app, "reject-changes", changed_product["slug"], "--reason", "Chưa rõ").exit_code == 0
    row, = _audit("revision.reject")
    assert row.source == "cli" and row.reason == "Chưa rõ"
