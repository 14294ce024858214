"""Admin POST cases: an order's page (record a transfer, cancel for the buyer)."""
from ocop_shop.extensions import db

from . import audited


@audited("admin.order_transfer")
def record_transfer_on_the_order_page(world):
    order = world.factories.order(payment_method="bank_transfer")
    db.session.commit()
    page = f"/vi/admin/orders/{order.number}"
    response = world.post_form(world.client, page, {"amount": str(order.total), "reference": "FT-AUDIT-ORDER"},
                               post_url=f"{page}/transfer")
    assert response.status_code == 302, response.get_data(as_text=True)[:800]


@audited("admin.order_cancel")
def cancel_for_the_buyer(world):
    order = world.factories.order(payment_method="cod")
    db.session.commit()
    page = f"/vi/admin/orders/{order.number}"
    response = world.post_form(world.client, page, {"reason": "Khách gọi điện xin hủy"}, post_url=f"{page}/cancel")
    assert response.status_code == 302, response.get_data(as_text=True)[:800]
