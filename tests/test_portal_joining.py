"""Joining the producer portal: applying, approval, phone sign-in, members, suspension."""
from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from ocop_shop.accounts.models import User
from ocop_shop.extensions import db
from ocop_shop.producers import services as producers
from ocop_shop.producers.errors import ProducerError
from ocop_shop.producers.members import accept_invitation, invite_member
from ocop_shop.producers.notifications import notify
from ocop_shop.producers.models import MemberInvitation, Notification, Producer
from ocop_shop.types import utcnow

from .conftest import post_form

APPLICATION = {
    "account_name": "Nông Thị Hoa", "phone": "0912 345 678", "email": "", "password": "mat-khau-dai-1",
    "confirm": "mat-khau-dai-1", "name": "HTX Miến dong Phja Đén", "kind": "cooperative", "locality_id": "",
    "address": "Xóm Phja Đén", "contact_phone": "", "contact_email": "", "tax_code": "4800123456",
    "founded": "2015", "workers": "12", "trained_workers": "5", "women_led": "y", "ethnic_group": "Nùng",
    "alcohol_licence_number": "", "alcohol_licence_expires_on": "",
}


def _apply(client, **changes):
    return post_form(client, "/vi/producer/join", {**APPLICATION, **changes})


def _runner(app):
    return app.test_cli_runner()


def test_visitor_applies_with_a_phone_number_and_waits_as_pending(app, client):
    response = _apply(client)
    assert response.status_code == 302 and response.headers["Location"].endswith("/vi/producer/join/status")
    producer = db.session.scalar(select(Producer).where(Producer.name == "HTX Miến dong Phja Đén"))
    assert producer.status == "pending" and producer.women_led and producer.ethnic_group == "Nùng"
    assert not producer.identity_public  # private unless the box is ticked
    user = db.session.scalar(select(User).where(User.phone == "0912345678"))
    assert user.email is None and user.producer_id == producer.id and user.role == "producer"
    status = client.get("/vi/producer/join/status")
    assert "đang chờ Văn phòng OCOP" in status.get_data(as_text=True)
    portal = client.get("/vi/producer/")
    assert portal.status_code == 403
    assert "đang chờ Văn phòng OCOP" in portal.get_data(as_text=True)


def test_office_approves_from_the_command_line_and_the_portal_opens(app, client):
    _apply(client)
    producer = db.session.scalar(select(Producer).where(Producer.status == "pending"))
    result = _runner(app).invoke(args=["producers", "approve", producer.slug])
    assert result.exit_code == 0, result.output
    assert "Approved" in result.output
    db.session.expire_all()
    assert db.session.get(Producer, producer.id).status == "approved"
    page = client.get("/vi/producer/")
    assert page.status_code == 200
    assert "đã duyệt" in page.get_data(as_text=True)  # the approval notification


def test_cli_refuses_unknown_slug_and_reject_needs_a_reason(app, make_producer):
    runner = _runner(app)
    assert runner.invoke(args=["producers", "approve", "no-such"]).exit_code != 0
    producer = make_producer(status="pending")
    db.session.commit()
    assert runner.invoke(args=["producers", "reject", producer.slug]).exit_code != 0
    result = runner.invoke(args=["producers", "reject", producer.slug, "--reason", "Thiếu mã số thuế"])
    assert result.exit_code == 0, result.output


def test_rejected_applicant_sees_the_reason_and_applies_again(app, client):
    _apply(client)
    producer = db.session.scalar(select(Producer).where(Producer.status == "pending"))
    producers.reject(producer, "Mã số thuế không đúng")
    db.session.commit()
    page = client.get("/vi/producer/join")
    html = page.get_data(as_text=True)
    assert "Mã số thuế không đúng" in html and 'value="HTX Miến dong Phja Đén"' in html
    response = post_form(client, "/vi/producer/join", {k: v for k, v in APPLICATION.items()
                                                        if k not in ("account_name", "phone", "email", "password", "confirm")}
                         | {"tax_code": "4800999999"})
    assert response.status_code == 302
    db.session.expire_all()
    producer = db.session.get(Producer, producer.id)
    assert producer.status == "pending" and producer.tax_code == "4800999999" and producer.status_reason is None


@pytest.mark.parametrize("typed", ["0912345678", "0912 345 678", "+84 912 345 678", "0912.345.678"])
def test_members_sign_in_with_their_phone_number_typed_any_usual_way(app, client, make_producer, make_user, typed):
    make_user(role="producer", email="", phone="0912345678", producer=make_producer())
    db.session.commit()
    response = post_form(client, "/vi/account/login", {"login": typed, "password": "correct horse battery"})
    assert response.status_code == 302
    assert client.get("/vi/producer/").status_code == 200


def test_application_errors_keep_what_was_typed(app, client):
    response = _apply(client, name="", trained_workers="50", workers="12", phone="12345")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Vui lòng nhập tên cơ sở sản xuất." in html
    assert "không thể nhiều hơn" in html
    assert "số điện thoại Việt Nam" in html
    assert 'value="Xóm Phja Đén"' in html and 'value="4800123456"' in html and 'value="50"' in html
    assert db.session.scalar(select(Producer).where(Producer.tax_code == "4800123456")) is None


def test_phone_already_used_is_refused_next_to_the_field(app, client, make_user):
    make_user(phone="0912345678")
    db.session.commit()
    html = _apply(client).get_data(as_text=True)
    assert "Đã có tài khoản với số điện thoại này" in html
    assert db.session.scalar(select(Producer)) is None


def test_a_signed_in_customer_applies_with_their_account(app, client, login_as):
    user = login_as("customer")
    response = post_form(client, "/vi/producer/join", {k: v for k, v in APPLICATION.items()
                                                        if k not in ("account_name", "phone", "email", "password", "confirm")})
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(User, user.id).producer_id is not None


def test_admin_cannot_apply(app, client, login_as):
    login_as("admin")
    assert client.get("/vi/producer/join").status_code == 403


def test_a_member_cannot_apply_for_a_second_producer(app, client, login_as, make_producer, make_user):
    member = make_user(role="producer", producer=make_producer())
    login_as(member)
    assert client.get("/vi/producer/join").headers["Location"].endswith("/vi/producer/")
    with pytest.raises(ProducerError):
        producers.apply(member, name="Khác", kind="household")


def _invite(client, **data):
    return post_form(client, "/vi/producer/members",
                     {"name": "Hoàng Văn Minh", "phone": "0987 654 321", "email": "", **data})


def test_member_invites_a_second_member_who_joins_with_a_phone_number(app, client, login_as, make_producer, make_user):
    producer = make_producer()
    login_as(make_user(role="producer", producer=producer))
    response = _invite(client)
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and "Lời mời đã sẵn sàng" in html
    link = html.split('id="invite-link"')[1].split('value="')[1].split('"')[0]
    path = link.replace("http://localhost", "")
    other = client.application.test_client()
    join = post_form(other, path, {"account_name": "Hoàng Văn Minh", "phone": "0987654321", "email": "",
                                   "password": "mat-khau-dai-2", "confirm": "mat-khau-dai-2"})
    assert join.status_code == 302
    assert other.get("/vi/producer/").status_code == 200
    new = db.session.scalar(select(User).where(User.phone == "0987654321"))
    assert new.producer_id == producer.id and new.role == "producer"
    # The link works once.
    assert client.application.test_client().get(path).status_code == 404
    members_page = client.get("/vi/producer/members").get_data(as_text=True)
    assert "Hoàng Văn Minh" in members_page


def test_a_user_belongs_to_at_most_one_producer(app, client, login_as, make_producer, make_user):
    producer = make_producer()
    elsewhere = make_user(role="producer", producer=make_producer(), phone="0987654321")
    login_as(make_user(role="producer", producer=producer))
    html = _invite(client).get_data(as_text=True)
    assert "đã thuộc một cơ sở sản xuất" in html
    invitation, token = invite_member(producer, elsewhere, "Ai đó", None, None)
    db.session.commit()
    other = client.application.test_client()
    login_other = post_form(other, "/vi/account/login", {"login": elsewhere.email, "password": "correct horse battery"})
    assert login_other.status_code == 302
    page = other.get(f"/vi/producer/join/invite/{token}").get_data(as_text=True)
    assert "chỉ thuộc một cơ sở sản xuất" in page
    with pytest.raises(ProducerError):
        accept_invitation(invitation, elsewhere)


def test_a_signed_in_customer_accepts_an_invitation(app, client, login_as, make_producer, make_user):
    producer = make_producer()
    owner = make_user(role="producer", producer=producer)
    _invitation, token = invite_member(producer, owner, "Khách", None, None)
    customer = login_as("customer")
    response = post_form(client, f"/vi/producer/join/invite/{token}", {})
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(User, customer.id).producer_id == producer.id


def test_expired_invitation_is_404(app, client, make_producer, make_user):
    producer = make_producer()
    owner = make_user(role="producer", producer=producer)
    _invitation, token = invite_member(producer, owner, "Khách", None, None, now=utcnow() - timedelta(days=8))
    db.session.commit()
    assert client.get(f"/vi/producer/join/invite/{token}").status_code == 404
    assert client.get("/vi/producer/join/invite/made-up").status_code == 404


def test_cancel_invitation_and_remove_member_need_a_confirm_step(app, client, login_as, make_producer, make_user):
    producer = make_producer()
    owner = make_user(role="producer", producer=producer)
    helper = make_user(role="producer", producer=producer, name="Lục Văn Phúc")
    invitation, _token = invite_member(producer, owner, "Khách", None, None)
    invitation_id, helper_id = invitation.id, helper.id
    login_as(owner)
    confirm = client.get(f"/vi/producer/members/invitations/{invitation_id}/cancel")
    assert confirm.status_code == 200 and "Có, hủy lời mời" in confirm.get_data(as_text=True)
    assert db.session.get(MemberInvitation, invitation_id) is not None
    done = post_form(client, f"/vi/producer/members/invitations/{invitation_id}/cancel", {}, follow_redirects=True)
    assert "đã được hủy" in done.get_data(as_text=True)
    db.session.expunge_all()
    assert db.session.get(MemberInvitation, invitation_id) is None
    done = post_form(client, f"/vi/producer/members/{helper_id}/remove", {}, follow_redirects=True)
    assert "không còn là thành viên" in done.get_data(as_text=True)
    db.session.expunge_all()
    helper = db.session.get(User, helper_id)
    assert helper.producer_id is None and helper.role == "customer"


def test_member_cannot_remove_themselves(app, client, login_as, make_producer, make_user):
    owner = make_user(role="producer", producer=make_producer())
    login_as(owner)
    post_form(client, f"/vi/producer/members/{owner.id}/remove", {})
    db.session.expire_all()
    assert db.session.get(User, owner.id).producer_id is not None


def test_at_most_five_members(app, make_producer, make_user):
    producer = make_producer()
    owner = make_user(role="producer", producer=producer)
    for _ in range(4):
        make_user(role="producer", producer=producer)
    with pytest.raises(ProducerError):
        invite_member(producer, owner, "Thứ sáu", "0911111111", None)


def test_suspended_producer_portal_is_closed_except_orders(app, client, login_as, make_producer, make_user,
                                                          make_product):
    producer = make_producer()
    product = make_product(producer=producer, name="Hạt dẻ tạm dừng")
    login_as(make_user(role="producer", producer=producer))
    assert client.get(f"/vi/products/{product.slug}").status_code == 200
    producers.suspend(producer, "Giấy phép hết hạn")
    db.session.commit()
    page = client.get("/vi/producer/")
    assert page.status_code == 403
    html = page.get_data(as_text=True)
    assert "tạm dừng" in html and "Giấy phép hết hạn" in html
    # Its products leave the storefront.
    assert client.get(f"/vi/products/{product.slug}").status_code == 404
    assert "Hạt dẻ tạm dừng" not in client.get("/vi/products").get_data(as_text=True)
    assert db.session.scalar(select(Notification).where(Notification.producer_id == producer.id)).kind == "producer_suspended"


def test_notifications_are_marked_read(app, client, login_as, make_producer, make_user):
    producer = make_producer()
    notify(producer, "product_published", name="Miến dong")
    login_as(make_user(role="producer", producer=producer))
    html = client.get("/en/producer/").get_data(as_text=True)
    assert "“Miến dong” is now public in the shop." in html
    done = post_form(client, "/en/producer/", {}, post_url="/en/producer/notifications/read", follow_redirects=True)
    assert "Notifications marked as read." in done.get_data(as_text=True)
    assert db.session.scalar(select(Notification)).read_at is not None


@pytest.mark.parametrize("role, apply_status, status_page", [
    ("anonymous", 200, 302), ("customer", 200, 302), ("pending", 302, 200), ("producer", 302, 302), ("admin", 403, 302),
])
def test_joining_pages_for_every_kind_of_visitor(client, login_as, make_producer, make_user, role, apply_status,
                                                 status_page):
    if role == "pending":
        login_as(make_user(role="producer", producer=make_producer(status="pending")))
    elif role == "producer":
        login_as(make_user(role="producer", producer=make_producer()))
    elif role != "anonymous":
        login_as(role)
    assert client.get("/vi/producer/join").status_code == apply_status
    assert client.get("/vi/producer/join/status").status_code == status_page


def test_admin_sees_that_the_portal_is_for_producers(client, login_as):
    login_as("admin")
    page = client.get("/vi/producer/")
    assert page.status_code == 403 and "Tài khoản của Văn phòng" in page.get_data(as_text=True)
