"""Admin POST cases: producers (decisions, the record, the alcohol licence)."""
from ocop_shop.extensions import db

from . import audited


def _producer(world, status="approved"):
    producer = world.factories.producer("Hợp tác xã Kiểm tra", status=status)
    db.session.commit()
    return producer, f"/vi/admin/producers/{producer.slug}"


def _ok(response):
    assert response.status_code == 302, response.get_data(as_text=True)[:800]


@audited("admin.producer_approve")
def approve(world):
    _producer_row, page = _producer(world, status="pending")
    _ok(world.post_form(world.client, page, {}, post_url=f"{page}/approve"))


@audited("admin.producer_reject")
def reject(world):
    _producer_row, page = _producer(world, status="pending")
    _ok(world.post_form(world.client, page, {"reject-reason": "Thiếu mã số thuế"}, post_url=f"{page}/reject"))


@audited("admin.producer_suspend")
def suspend(world):
    _producer_row, page = _producer(world)
    _ok(world.post_form(world.client, page, {"suspend-reason": "Kiểm tra chất lượng"}, post_url=f"{page}/suspend"))


@audited("admin.producer_licence")
def licence(world):
    _producer_row, page = _producer(world)
    _ok(world.post_form(world.client, page, {"licence-number": "01/GP-SCT", "licence-issuer": "Sở Công Thương Cao Bằng",
                                             "licence-expires_on": "2030-12-31"}, post_url=f"{page}/licence"))


@audited("admin.producer_edit")
def edit(world):
    producer, page = _producer(world)
    _ok(world.post_form(world.client, f"{page}/edit", {
        "name": "Hợp tác xã Kiểm tra mới", "kind": producer.kind, "locality_id": str(producer.locality_id),
        "workers": "4", "trained_workers": "2"}))
