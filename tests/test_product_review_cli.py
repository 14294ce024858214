"""The office reviews products and changes from the command line until its screens exist."""
from sqlalchemy import select

from ocop_shop.catalog.models import Product
from ocop_shop.extensions import db
from ocop_shop.producers.models import Notification


def _cli(app, *args):
    return app.test_cli_runner().invoke(args=["products", *args])


def test_publish_a_product_waiting_for_review(app, client, make_product):
    product = make_product(name="Miến dong mới", status="pending_review")
    slug, producer_id = product.slug, product.producer_id
    db.session.commit()
    assert client.get(f"/vi/products/{slug}").status_code == 404
    listing = _cli(app, "pending")
    assert f"new\t{slug}" in listing.output
    result = _cli(app, "publish", slug)
    assert result.exit_code == 0, result.output
    assert client.get(f"/vi/products/{slug}").status_code == 200
    kinds = db.session.scalars(select(Notification.kind).where(Notification.producer_id == producer_id)).all()
    assert "product_published" in kinds


def test_send_back_needs_a_reason_and_returns_a_draft(app, make_product):
    product = make_product(status="pending_review")
    slug = product.slug
    db.session.commit()
    assert _cli(app, "send-back", slug).exit_code != 0
    result = _cli(app, "send-back", slug, "--reason", "Thiếu số tự công bố an toàn thực phẩm")
    assert result.exit_code == 0, result.output
    db.session.expire_all()
    assert db.session.scalar(select(Product.status).where(Product.slug == slug)) == "draft"


def test_unknown_slug_and_wrong_state_are_clear_errors(app, make_product):
    product = make_product(status="published")
    slug = product.slug
    db.session.commit()
    assert "No product" in _cli(app, "publish", "khong-co").output
    wrong = _cli(app, "publish", slug)
    assert wrong.exit_code != 0 and "không còn chờ duyệt" in wrong.output  # the office works in Vietnamese
    assert "no changes waiting" in _cli(app, "approve-changes", slug).output
