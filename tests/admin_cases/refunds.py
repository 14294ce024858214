"""Admin POST cases: refunds (a bank payout; a Stripe refund sent again after a lost answer)."""
import re

from sqlalchemy import select

from ocop_shop.audit import AuditLog
from ocop_shop.extensions import db
from ocop_shop.payments.models import Payment
from ocop_shop.payments import refunds, services as payments

from ..conftest import csrf_from
from ..fake_stripe import FakeStripe, configure, running
from . import audited


def _confirmed(world, order, **fields):
    """Open the refund page, press once to check, press again to confirm."""
    url = f"/vi/admin/orders/{order.number}/refund"
    html = world.client.get(url).get_data(as_text=True)
    key = re.search(r'name="key"[^>]*value="([^"]+)"', html).group(1)
    data = {"csrf_token": csrf_from(html), "key": key, "note": "", **fields}
    first = world.client.post(url, data=data)
    assert 'name="edit"' in first.get_data(as_text=True), first.get_data(as_text=True)[:800]
    return world.client.post(url, data={**data, "confirmed": "1"})


@audited("admin.refund_new")
def bank_payout(world):
    order = world.factories.order(payment_method="bank_transfer")
    payments.confirm_transfer(order, order.total, "FT-AUDIT-IN", world.admin)
    db.session.commit()
    response = _confirmed(world, order, amount=str(order.total), bank_reference="FT-AUDIT-OUT")
    assert response.status_code == 302, response.get_data(as_text=True)[:800]


@audited("admin.refund_send")
def send_again(world):
    app = world.client.application
    with running() as fake:
        configure(app, fake)
        order = world.factories.order(payment_method="stripe")
        db.session.add(Payment(order_id=order.id, provider="stripe", status="succeeded", amount=order.total,
                               payment_intent="pi_audit"))
        db.session.flush()
        FakeStripe.charges["pi_audit"] = {"amount": order.total, "amount_refunded": 0}
        refund = refunds.request_stripe_refund(order, 10_000, "audit-key-0000000001", "", world.admin)
        db.session.commit()
        page = world.client.get("/vi/admin/refunds").get_data(as_text=True)
        response = world.client.post(f"/vi/admin/refunds/{refund.id}/send", data={"csrf_token": csrf_from(page)})
    assert response.status_code == 302
    assert FakeStripe.refunds, "the refund reached the fake Stripe server"
    assert db.session.scalar(select(AuditLog.id).where(AuditLog.action == "refund.resend")) is not None
