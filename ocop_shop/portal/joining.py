"""Joining the portal: applying as a producer and accepting a member invitation.

These pages are open to visitors without an account, so they live on their own
blueprint, outside the portal's guard.
"""
from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user, login_user
from sqlalchemy import select

from .. import ratelimits
from ..accounts import services as accounts
from ..accounts.models import User
from ..accounts.views import renew_session
from ..extensions import db
from ..i18n import register_language_prefix
from ..places.models import Locality
from ..producers import members as producer_members
from ..producers import services as producers
from ..producers.errors import ProducerError
from ..producers.models import Producer
from ..csrf import keeps_input
from .forms import ConfirmForm
from .joining_forms import ACCOUNT_FIELD_NAMES, AccountFields, ApplicationForm, NewMemberForm

bp = Blueprint("join", __name__, url_prefix="/<lang>/producer/join")
register_language_prefix(bp)


def _member_producer() -> Producer | None:
    if current_user.is_authenticated and current_user.producer_id is not None:
        return db.session.get(Producer, current_user.producer_id)
    return None


def locality_choices() -> list[tuple[str, str]]:
    rows = db.session.execute(select(Locality.id, Locality.name).where(
        Locality.kind.in_(("commune", "ward"))).order_by(Locality.name)).all()
    return [("", _("Choose…"))] + [(str(row.id), row.name) for row in rows]


@bp.route("", methods=["GET", "POST"])
@ratelimits.posts(ratelimits.NEW_ACCOUNT)
@keeps_input
def apply(lang):
    """The application form; a visitor without an account makes one here with a phone number."""
    producer = _member_producer()
    if producer is not None and producer.status != "rejected":
        return redirect(url_for("join.status") if producer.status == "pending" else url_for("portal.dashboard"))
    if current_user.is_authenticated and current_user.role == "admin":
        return render_template("producer/forbidden.html", reason="admin"), 403
    form = ApplicationForm(obj=producer) if producer is not None and not _posted() else ApplicationForm()
    if current_user.is_authenticated:
        for name in ACCOUNT_FIELD_NAMES:
            delattr(form, name)
    form.locality_id.choices = locality_choices()
    if form.validate_on_submit():
        user = current_user if current_user.is_authenticated else _new_account(form)
        if user is not None:
            try:
                if producer is not None:
                    producers.reapply(producer, **form.producer_fields())
                else:
                    producers.apply(user, **form.producer_fields())
            except ProducerError as error:
                flash(str(error), "error")
            else:
                db.session.commit()
                if not current_user.is_authenticated:
                    renew_session()
                    login_user(user)
                flash(_("Thank you. Your application has been sent to the OCOP office."), "success")
                return redirect(url_for("join.status"))
    return render_template("producer/apply.html", form=form, producer=producer)


def _posted() -> bool:
    return request.method == "POST"


def _new_account(form: AccountFields) -> User | None:
    """Make the applicant's account, or put the reason next to the field and return None."""
    phone = form.phone.phone
    if accounts.find_by_login(phone) is not None:
        form.phone.errors.append(_("An account with this phone number already exists. Please sign in first."))
        return None
    if form.email.data and accounts.find_by_login(form.email.data) is not None:
        form.email.errors.append(_("An account with this email already exists. Please sign in first."))
        return None
    return accounts.create_user(form.email.data or None, form.password.data, form.account_name.data,
                                role="customer", phone=phone, locale=str(get_locale()))


@bp.get("/status")
def status(lang):
    """Where an application stands."""
    producer = _member_producer()
    if producer is None:
        return redirect(url_for("join.apply"))
    if producer.status in ("approved", "suspended"):
        return redirect(url_for("portal.dashboard"))
    return render_template("producer/status.html", producer=producer)


@bp.route("/invite/<token>", methods=["GET", "POST"])
@ratelimits.posts(ratelimits.NEW_ACCOUNT)
@keeps_input
def invitation(lang, token):
    """Accept an invitation: with the account signed in, or by making one with a phone number."""
    invite = producer_members.open_invitation(token)
    if invite is None:
        abort(404)
    producer = db.session.get(Producer, invite.producer_id)
    if current_user.is_authenticated:
        form = ConfirmForm()
        if current_user.producer_id is not None or current_user.role == "admin":
            return render_template("producer/invitation.html", invite=invite, producer=producer, form=None,
                                   blocked=True)
        if form.validate_on_submit():
            producer_members.accept_invitation(invite, current_user)
            db.session.commit()
            flash(_("You are now a member of %(name)s.", name=producer.name), "success")
            return redirect(url_for("portal.dashboard") if producer.status in ("approved", "suspended")
                            else url_for("join.status"))
        return render_template("producer/invitation.html", invite=invite, producer=producer, form=form)
    form = NewMemberForm(data={"account_name": invite.name, "phone": invite.phone, "email": invite.email} if not _posted() else None)
    if form.validate_on_submit():
        user = _new_account(form)
        if user is not None:
            producer_members.accept_invitation(invite, user)
            db.session.commit()
            renew_session()
            login_user(user)
            flash(_("Your account is ready. You are now a member of %(name)s.", name=producer.name), "success")
            return redirect(url_for("portal.dashboard") if producer.status in ("approved", "suspended")
                            else url_for("join.status"))
    return render_template("producer/invitation.html", invite=invite, producer=producer, form=form)
