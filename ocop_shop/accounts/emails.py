"""Account emails, each in the account's language, with absolute links to the site."""
from __future__ import annotations

from contextlib import nullcontext

from flask import current_app, has_request_context, url_for
from flask_babel import gettext as _

from .. import mail
from .models import User


def link(endpoint: str, **values) -> str:
    """An absolute link (SITE_URL) to a page, from a request or from a command."""
    base = current_app.config["SITE_URL"].rstrip("/")
    context = nullcontext() if has_request_context() else current_app.test_request_context("/", base_url=base)
    with context:
        return base + url_for(endpoint, **values)


def mask(email: str) -> str:
    """An address shown without giving it away: 'n…@example.org'."""
    local, _at, domain = email.partition("@")
    return f"{local[:1]}…@{domain}"


def send(user: User, to: str, template: str, kind: str, subject, **context) -> None:
    """Queue one account email to `to` in the user's language; `subject` is called inside that language."""
    with mail.in_locale(user.locale):
        mail.queue(to, template, subject(), kind=kind, user=user, **context)


def verify_email(user: User, raw: str) -> None:
    send(user, user.email, "account_verify_email", "account_verify_email",
         lambda: _("Confirm your email address for OCOP Cao Bằng"),
         link=link("accounts.verify_email", lang=user.locale, token=raw))


def reset_password(user: User, raw: str) -> None:
    send(user, user.email, "account_password_reset", "account_password_reset",
         lambda: _("Choose a new password for OCOP Cao Bằng"),
         link=link("accounts.reset_password", lang=user.locale, token=raw))


def confirm_new_email(user: User, new_email: str, raw: str) -> None:
    send(user, new_email, "account_email_change", "account_email_change",
         lambda: _("Confirm your new email address for OCOP Cao Bằng"),
         link=link("accounts.confirm_email_change", lang=user.locale, token=raw))


def email_changed(user: User, old_email: str) -> None:
    send(user, old_email, "account_email_changed", "account_email_changed",
         lambda: _("The email address of your OCOP Cao Bằng account was changed"),
         new_address=mask(user.email), reset=link("accounts.forgot_password", lang=user.locale))


def password_changed(user: User) -> None:
    send(user, user.email, "account_password_changed", "account_password_changed",
         lambda: _("The password of your OCOP Cao Bằng account was changed"),
         reset=link("accounts.forgot_password", lang=user.locale))
