"""The office's producers: the list and its filters, a producer's record, approve / reject /
suspend with a reason the producer reads in the portal, editing the record (audited), the CLI."""
from __future__ import annotations

import re
from datetime import date

import pytest
from sqlalchemy import select

from ocop_shop.admin import producer_records
from ocop_shop.audit import AuditLog
from ocop_shop.extensions import db
from ocop_shop.producers.models import Notification, Producer

from .conftest import csrf_from, post_form

ROW = re.compile(r'href="/vi/admin/producers/([a-z0-9-]+)"')


def listed(client, query: str = "") -> list[str]:
    return ROW.findall(client.get(f"/vi/admin/producers{query}").get_data(as_text=True))


def fresh(producer_id: int) -> Producer:
    db.session.expire_all()
    return db.session.get(Producer, producer_id)


def audit_rows(action: str) -> list[AuditLog]:
    db.session.expire_all()
    return list(db.session.scalars(select(AuditLog).where(AuditLog.action == action).order_by(AuditLog.id)))


@pytest.fixture
def office(client, login_as):
    return login_as("admin")


@pytest.fixture
def shop(factories):
    """Producers of every status, kind and two places (one inside a district)."""
    district = factories.locality("Trùng Khánh", kind="ward")
    commune = factories.locality("Đàm Thủy", kind="commune")
    commune.parent_id = district.id
    other = factories.locality("Hà Quảng", kind="commune")
    made = {
        "coop": factories.producer("Hợp tác xã Hạt dẻ Trùng Khánh", locality=commune),
        "pending": factories.producer("Hộ làm hương Phja Thắp", kind="household", status="pending", locality=other),
        "firm": factories.producer("Công ty Đặc sản Non Nước", kind="enterprise", status="suspended", locality=other,
                                   status_reason="Thiếu giấy tờ"),
        "rejected": factories.producer("Tổ hợp tác Miến dong", kind="coop_group", status="rejected", locality=other),
    }
    db.session.commit()
    made["places"] = {"district": district.slug, "other": other.slug}
    return made


def producers_of(shop) -> list:
    return [p for key, p in shop.items() if key != "places"]


def test_pending_applications_come_first_then_by_name(client, office, shop):
    slugs = listed(client)
    assert slugs[0] == shop["pending"].slug
    assert set(slugs) >= {p.slug for p in producers_of(shop)}


@pytest.mark.parametrize("query, expected", [
    ("?status=suspended", {"firm"}),
    ("?kind=coop_group", {"rejected"}),
    ("?q=hop+tac+xa", {"coop"}),           # typed without accents
    ("?q=PHJA+THẮP", {"pending"}),
    ("?place={district}", {"coop"}),       # a commune inside the district counts
    ("?place={other}&kind=enterprise", {"firm"}),
])
def test_filters_and_search_narrow_the_list(client, office, shop, query, expected):
    assert set(listed(client, query.format(**shop["places"]))) == {shop[key].slug for key in expected}


def test_a_filter_value_not_offered_is_a_field_error_not_a_crash(client, office, shop):
    response = client.get("/vi/admin/producers?status=deleted&kind=nonsense")
    assert response.status_code == 200
    assert 'class="field-error"' in response.get_data(as_text=True)
    assert set(listed(client, "?status=deleted")) >= {p.slug for p in producers_of(shop)}


def test_the_record_shows_facts_members_products_certificates_and_orders(client, office, factories):
    producer = factories.producer("HTX Tâm Hòa", tax_code="4800123456", founded=2016, workers=12, trained_workers=5,
                                  women_led=True, ethnic_group="Tày", ocop_training_on=date(2023, 5, 10),
                                  contact_phone="0912345678", alcohol_licence_number="GP-09",
                                  alcohol_licence_issuer="Sở Công Thương Cao Bằng",
                                  alcohol_licence_expires_on=date(2031, 1, 31))
    factories.user(role="producer", producer=producer, email="tam.hoa@test.example", name="Nông Thị Hòa")
    sold = factories.product(name="Lạp sườn Tâm Hòa", producer=producer, stars=4)
    factories.product(name="Lạp sườn mới", producer=producer, status="draft")
    order = factories.order((sold, 2))
    db.session.commit()
    html = client.get(f"/vi/admin/producers/{producer.slug}").get_data(as_text=True)
    for text in ("HTX Tâm Hòa", "4800123456", "2016", "Tày", "0912345678", "GP-09", "Sở Công Thương Cao Bằng",
                 "Nông Thị Hòa", "tam.hoa@test.example", "Lạp sườn mới", "Bản nháp", order.number, "4★", "Còn hiệu lực"):
        assert text in html, text
    assert f'href="/vi/products/{sold.slug}"' in html
    assert html.count("<h1") == 1


def test_the_list_is_paginated_and_a_page_past_the_end_shows_the_last(app, shop):
    first = producer_records.producer_page(producer_records.ProducerFilters(), page=1, per_page=3)
    last = producer_records.producer_page(producer_records.ProducerFilters(), page=99, per_page=3)
    assert (first.total, first.last_page, len(first.rows)) == (4, 2, 3)
    assert (last.page, [p.id for p in last.rows]) == (2, [shop["rejected"].id])


def test_an_unknown_producer_is_a_404(client, office):
    assert client.get("/vi/admin/producers/khong-co").status_code == 404
    assert post_form(client, "/vi/admin/producers", {}, post_url="/vi/admin/producers/khong-co/approve").status_code == 404


def post_prefixed(client, page: str, prefix: str, data: dict, post_url: str):
    """Submit one of the record page's forms, whose fields (CSRF token included) carry a prefix."""
    token = csrf_from(client.get(page).get_data(as_text=True))
    fields = {f"{prefix}-{name}": value for name, value in data.items()}
    return client.post(post_url, data={"csrf_token": token, f"{prefix}-csrf_token": token, **fields})


def _decide(client, producer, verb, reason=None):
    page = f"/vi/admin/producers/{producer.slug}"
    data = {"reason": reason} if reason is not None else {}
    return post_prefixed(client, page, verb, data, post_url=f"{page}/{verb}")


def test_approving_opens_the_portal_and_is_audited(client, office, shop, factories):
    member = factories.user(role="producer", producer=shop["pending"], email="huong@test.example")
    db.session.commit()
    response = _decide(client, shop["pending"], "approve")
    assert response.status_code == 302
    assert fresh(shop["pending"].id).status == "approved"
    row = audit_rows("producer.approve")[-1]
    assert row.actor_id == office.id and row.source == "web"
    assert row.changes["status"] == ["pending", "approved"]
    assert db.session.scalar(select(Notification).where(Notification.producer_id == shop["pending"].id))
    assert member.id


@pytest.mark.parametrize("key, verb, heading", [
    ("pending", "reject", "Văn phòng chưa duyệt đơn đăng ký của bạn"),
    ("coop", "suspend", "Gian hàng của bạn đang bị tạm dừng"),
])
def test_reject_and_suspend_show_the_reason_in_the_portal(app, client, office, shop, factories, key, verb, heading):
    producer = shop[key]
    factories.user(role="producer", producer=producer, email=f"{key}@test.example", password="mat-khau-dai-1")
    db.session.commit()
    assert _decide(client, producer, verb, "Thiếu giấy chứng nhận an toàn thực phẩm").status_code == 302
    saved = fresh(producer.id)
    assert saved.status == ("rejected" if verb == "reject" else "suspended")
    assert audit_rows(f"producer.{verb}")[-1].reason == "Thiếu giấy chứng nhận an toàn thực phẩm"
    member_client = app.test_client()
    post_form(member_client, "/vi/account/login", {"login": f"{key}@test.example", "password": "mat-khau-dai-1"})
    page = member_client.get("/vi/producer/", follow_redirects=True).get_data(as_text=True)
    assert heading in page
    assert "Thiếu giấy chứng nhận an toàn thực phẩm" in page


def test_an_empty_reason_is_a_field_error_and_nothing_changes(client, office, shop):
    response = _decide(client, shop["coop"], "suspend", "   ")
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "Vui lòng nêu lý do." in html and 'aria-invalid="true"' in html
    assert fresh(shop["coop"].id).status == "approved"
    assert audit_rows("producer.suspend") == []


def test_lifting_a_suspension_approves_again(client, office, shop):
    assert _decide(client, shop["firm"], "approve").status_code == 302
    saved = fresh(shop["firm"].id)
    assert saved.status == "approved" and saved.status_reason is None
    assert audit_rows("producer.approve")[-1].changes["status_reason"] == ["Thiếu giấy tờ", None]


def test_a_decision_refused_by_the_state_is_said_plainly(client, office, shop):
    response = _decide(client, shop["rejected"], "approve")
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Chỉ có thể duyệt chủ thể đang chờ duyệt hoặc đang tạm ngừng." in page
    assert fresh(shop["rejected"].id).status == "rejected"


def _edit_data(producer, **changes) -> dict:
    data = {"name": producer.name, "kind": producer.kind, "locality_id": str(producer.locality_id),
            "address": "", "contact_name": "", "contact_phone": "", "contact_email": "", "tax_code": "",
            "founded": "", "workers": "0", "trained_workers": "0", "ocop_training_on": "", "ethnic_group": ""}
    data.update(changes)
    return data


def test_editing_the_record_writes_old_and_new_values_to_the_audit_log(client, office, shop, factories):
    producer = shop["coop"]
    place = factories.locality("Phúc Sen", kind="commune")
    db.session.commit()
    url = f"/vi/admin/producers/{producer.slug}/edit"
    response = post_form(client, url, _edit_data(
        producer, name="HTX Hạt dẻ Trùng Khánh mới", kind="enterprise", locality_id=str(place.id),
        workers="20", trained_workers="8", ocop_training_on="2024-03-01", women_led="y", contact_phone="0912 345 678"))
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    saved = fresh(producer.id)
    assert (saved.name, saved.kind, saved.locality_id, saved.workers) == ("HTX Hạt dẻ Trùng Khánh mới", "enterprise",
                                                                         place.id, 20)
    assert saved.slug == producer.slug and saved.contact_phone == "0912345678"
    changes = audit_rows("producer.edit")[-1].changes
    assert changes["name"] == ["Hợp tác xã Hạt dẻ Trùng Khánh", "HTX Hạt dẻ Trùng Khánh mới"]
    assert changes["kind"] == ["cooperative", "enterprise"]
    assert changes["ocop_training_on"] == [None, "2024-03-01"]
    assert changes["women_led"] == [False, True]
    assert "tax_code" not in changes


@pytest.mark.parametrize("changes, message", [
    ({"ocop_training_on": "31/02/2024"}, "Vui lòng nhập ngày"),
    ({"workers": "3", "trained_workers": "5"}, "Số người đã qua đào tạo không thể nhiều hơn tổng số người lao động."),
    ({"name": ""}, "Vui lòng nhập tên cơ sở sản xuất."),
])
def test_bad_input_in_the_edit_form_is_a_field_error_and_keeps_what_was_typed(client, office, shop, changes, message):
    producer = shop["coop"]
    url = f"/vi/admin/producers/{producer.slug}/edit"
    response = post_form(client, url, _edit_data(producer, address="Xóm Pác Rằng", **changes))
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert message in html and "Xóm Pác Rằng" in html
    assert fresh(producer.id).address is None
    assert audit_rows("producer.edit") == []


def test_the_licence_form_records_number_issuer_and_expiry(client, office, shop):
    producer = shop["coop"]
    page = f"/vi/admin/producers/{producer.slug}"
    response = post_prefixed(client, page, "licence", {"number": "12/GP-SCT", "issuer": "Sở Công Thương Cao Bằng",
                                                       "expires_on": "2030-06-30"}, post_url=f"{page}/licence")
    assert response.status_code == 302
    saved = fresh(producer.id)
    assert (saved.alcohol_licence_number, saved.alcohol_licence_issuer, saved.alcohol_licence_expires_on) == (
        "12/GP-SCT", "Sở Công Thương Cao Bằng", date(2030, 6, 30))
    assert audit_rows("producer.licence")[-1].changes["alcohol_licence_expires_on"] == [None, "2030-06-30"]
    assert "Còn hiệu lực hôm nay." in client.get(page).get_data(as_text=True)


@pytest.mark.parametrize("data, message", [
    ({"number": "12/GP", "issuer": "Sở Công Thương", "expires_on": "2030-13-01"}, "Vui lòng nhập ngày"),
    ({"number": "12/GP", "issuer": "", "expires_on": "2030-01-01"}, "Vui lòng nhập cơ quan cấp giấy phép."),
])
def test_a_bad_licence_is_a_field_error_and_nothing_is_written(client, office, shop, data, message):
    page = f"/vi/admin/producers/{shop['coop'].slug}"
    response = post_prefixed(client, page, "licence", data, post_url=f"{page}/licence")
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    assert fresh(shop["coop"].id).alcohol_licence_number is None


@pytest.mark.parametrize("path, data, kept", [
    ("/edit", {"name": "Tên mới gõ dở", "kind": "cooperative", "workers": "5", "trained_workers": "1"}, "Tên mới gõ dở"),
    ("/suspend", {"suspend-reason": "Lý do gõ dở"}, "Lý do gõ dở"),
])
def test_an_expired_form_keeps_what_was_typed_and_changes_nothing(client, office, shop, path, data, kept):
    page = f"/vi/admin/producers/{shop['coop'].slug}"
    token = csrf_from(client.get(page).get_data(as_text=True))
    with client.session_transaction() as session:
        session.pop("csrf_token", None)
    response = client.post(page + path, data={"csrf_token": token, "suspend-csrf_token": token, **data})
    assert response.status_code == 400
    assert kept in response.get_data(as_text=True)
    saved = fresh(shop["coop"].id)
    assert saved.status == "approved" and saved.name == "Hợp tác xã Hạt dẻ Trùng Khánh"
