"""Admin POST cases: producers (decisions, the record, the alcohol licence)."""
from ocop_shop.extensions import db

from ..conftest import csrf_from
from . import audited


def _producer(world, status="approved"):
    producer = world.factories.producer("Hợp tác xã Kiểm tra", status=status)
    db.session.commit()
    return producer, f"/vi/admin/producers/{producer.slug}"


def _ok(response):
    assert response.status_code == 302, response.get_data(as_text=True)[:800]


def _post(world, page: str, prefix: str, data: dict, post_url: str):
    """The record page's forms carry a prefix on every field, their CSRF token included."""
    token = csrf_from(world.client.get(page).get_data(as_text=True))
    fields = {f"{prefix}-{name}": value for name, value in data.items()}
    return world.client.post(post_url, data={f"{prefix}-csrf_token": token, "csrf_token": token, **fields})


@audited("admin.producer_approve")
def approve(world):
    _producer_row, page = _producer(world, status="pending")
    _ok(_post(world, page, "approve", {}, post_url=f"{page}/approve"))


@audited("admin.producer_reject")
def reject(world):
    _producer_row, page = _producer(world, status="pending")
    _ok(_post(world, page, "reject", {"reason": "Thiếu mã số thuế"}, post_url=f"{page}/reject"))


@audited("admin.producer_suspend")
def suspend(world):
    _producer_row, page = _producer(world)
    _ok(_post(world, page, "suspend", {"reason": "Kiểm tra chất lượng"}, post_url=f"{page}/suspend"))


@audited("admin.producer_licence")
def licence(world):
    _producer_row, page = _producer(world)
    _ok(_post(world, page, "licence", {"number": "01/GP-SCT", "issuer": "Sở Công Thương Cao Bằng",
                                       "expires_on": "2030-12-31"}, post_url=f"{page}/licence"))


@audited("admin.producer_edit")
def edit(world):
    producer, page = _producer(world)
    _ok(world.post_form(world.client, f"{page}/edit", {
        "name": "Hợp tác xã Kiểm tra mới", "kind": producer.kind, "locality_id": str(producer.locality_id),
        "workers": "4", "trained_workers": "2"}))
