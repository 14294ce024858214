"""Logs hold no email, phone, street or token: a registration, a full purchase and a password reset, logged at DEBUG."""
import logging

import pytest
from sqlalchemy import select

from ocop_shop.accounts.models import User
from ocop_shop.extensions import db
from ocop_shop.orders.models import Order

from .conftest import post_form
from .test_accounts_verification import REGISTER, emails, link_path
from .test_checkout import FORM, add, details, place


@pytest.fixture(autouse=True)
def _rules(factories):
    factories.shipping_rules()
    db.session.commit()


def test_a_day_of_shopping_leaves_no_personal_data_or_secret_in_the_logs(client, app, make_product, caplog):
    # The app's loggers (app.logger is "ocop_shop", modules log under it) and werkzeug's, at DEBUG.
    for name in (app.logger.name, "ocop_shop", "werkzeug"):
        caplog.set_level(logging.DEBUG, logger=name)
    product = make_product(name="Hạt dẻ Trùng Khánh", price=120_000, stock=5)
    db.session.commit()

    post_form(client, "/vi/account/register", REGISTER)
    add(client, product)
    details(client, payment_method="bank_transfer", email=REGISTER["email"])
    place(client)
    post_form(client, "/vi/account/password/forgot", {"email": REGISTER["email"]})
    reset = link_path(emails("account_password_reset")[0])
    post_form(client, reset, {"password": "mat-khau-moi-dai-hon", "confirm": "mat-khau-moi-dai-hon"})

    db.session.expire_all()
    order = db.session.scalars(select(Order)).one()
    user = db.session.scalar(select(User).where(User.email == REGISTER["email"]))
    assert order.user_id == user.id and user.email_verified_at is not None  # everything really happened
    secrets = {
        "email": REGISTER["email"], "phone": "912345678", "phone typed": FORM["phone"], "street": FORM["street"],
        "order link token": order.access_token, "checkout token": order.checkout_token,
        "verification token": link_path(emails("account_verify_email")[0]).rsplit("/", 1)[1],
        "reset token": reset.rsplit("/", 1)[1], "password": "mat-khau-moi-dai-hon",
    }
    logged = [record.getMessage() + (record.exc_text or "") for record in caplog.records]
    sent = [line for line in logged if "no MAIL_SERVER" in line]
    assert len(sent) >= 3, logged  # the emails were handed to the log, by outbox id and kind
    for what, value in secrets.items():
        leaks = [line for line in logged if value.lower() in line.lower()]
        assert not leaks, f"{what} in the log: {leaks[:2]}"


def test_the_servers_request_lines_hide_the_secrets_of_links(app, factories, caplog):
    """A real werkzeug server, as in development: its request log keeps paths, not link secrets."""
    import threading
    import urllib.request

    from werkzeug.serving import make_server

    from ocop_shop.accounts import tokens

    user = factories.user(email="lan@test.example")
    reset = tokens.issue(user, "reset_password")
    order = factories.order()
    db.session.commit()
    caplog.set_level(logging.INFO, logger="werkzeug")
    server = make_server("127.0.0.1", 0, app)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{server.server_port}"
    try:
        for path in (f"/vi/account/password/reset/{reset}", f"/vi/orders/{order.number}?t={order.access_token}"):
            assert urllib.request.urlopen(base + path, timeout=10).status == 200
    finally:
        server.shutdown()
        thread.join(timeout=5)
    lines = [record.getMessage() for record in caplog.records if record.name == "werkzeug"]
    assert any("/vi/account/password/reset/[hidden]" in line for line in lines), lines
    assert any(f"/vi/orders/{order.number}?t=[hidden]" in line for line in lines), lines
    assert not [line for line in lines if reset in line or order.access_token in line]
