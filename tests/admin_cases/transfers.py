"""Admin POST cases: bank transfers."""
from ocop_shop.extensions import db

from . import audited


@audited("admin.transfers")
def confirm_transfer(world):
    order = world.factories.order(payment_method="bank_transfer")
    db.session.commit()
    response = world.post_form(world.client, "/vi/admin/payments/transfers",
                               {"number": order.number, "amount": order.total, "reference": "FT-AUDIT-1"})
    assert response.status_code == 302, response.get_data(as_text=True)[:800]
