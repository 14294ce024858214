"""Admin POST cases: the review queue (publish or send back a new product; approve or reject changes)."""
import re

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from ocop_shop.catalog import revisions
from ocop_shop.catalog.models import Product
from ocop_shop.extensions import db
from ocop_shop.types import utcnow

from . import audited


def _decide(world, page, action, **data):
    html = world.client.get(page).get_data(as_text=True)
    seen = re.search(r'name="seen"[^>]*value="([^"]+)"', html).group(1)
    response = world.post_form(world.client, page, {"seen": seen, **data}, post_url=f"{page}/{action}")
    assert response.status_code == 302 and response.headers["Location"].endswith("/admin/review"), \
        response.get_data(as_text=True)[:800]


def _waiting_product(world) -> Product:
    product = world.factories.product(status="pending_review")
    product.submitted_at = utcnow()
    db.session.commit()
    return product


def _waiting_changes(world) -> int:
    product = world.factories.product(name="Miến dong Phja Đén")
    db.session.commit()
    product = db.session.scalar(select(Product).where(Product.id == product.id).options(selectinload(Product.images)))
    revisions.edit(product, {"vi": {"name": "Miến dong Phja Đén", "description": "Mô tả mới."}},
                   world.factories.category(), weight_grams=550)
    db.session.commit()
    return revisions.open_revision(product).id


@audited("admin.review_publish")
def publish(world):
    _decide(world, f"/vi/admin/review/products/{_waiting_product(world).id}", "publish")


@audited("admin.review_send_back")
def send_back(world):
    _decide(world, f"/vi/admin/review/products/{_waiting_product(world).id}", "send-back", reason="Thiếu ảnh")


@audited("admin.review_approve")
def approve(world):
    _decide(world, f"/vi/admin/review/changes/{_waiting_changes(world)}", "approve")


@audited("admin.review_reject")
def reject(world):
    _decide(world, f"/vi/admin/review/changes/{_waiting_changes(world)}", "reject", reason="Ảnh mờ")
