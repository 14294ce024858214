"""Members of the producer: who can sign in, and invitations for another member."""
from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ...extensions import db
from ...csrf import keeps_input
from ...producers import members as producer_members
from ...producers.errors import ProducerError
from .. import access
from ..blueprint import bp
from ..forms import ConfirmForm
from ..joining_forms import InviteForm


@bp.get("/members")
def members(lang):
    return render_template("producer/members.html", members=access.own_members(),
                           invitations=access.own_invitations(), form=InviteForm(), confirm=ConfirmForm(),
                           max_members=producer_members.MAX_MEMBERS)


@bp.post("/members")
@keeps_input
def invite(lang):
    """Make an invitation link and show it once, to send by Zalo, SMS or email."""
    form = InviteForm()
    if form.validate_on_submit():
        try:
            invitation, token = producer_members.invite_member(
                access.current_producer(), current_user, form.name.data, form.phone.phone, form.email.data or None)
        except ProducerError as error:
            form.phone.errors.append(str(error))
        else:
            db.session.commit()
            link = url_for("join.invitation", token=token, _external=True)
            flash(_("Invitation ready for %(name)s.", name=invitation.name), "success")
            return render_template("producer/invitation_ready.html", invitation=invitation, link=link)
    return render_template("producer/members.html", members=access.own_members(),
                           invitations=access.own_invitations(), form=form, confirm=ConfirmForm(),
                           max_members=producer_members.MAX_MEMBERS), 400


@bp.route("/members/invitations/<int:invitation_id>/cancel", methods=["GET", "POST"])
def invitation_cancel(lang, invitation_id):
    invitation = access.own_invitation_or_404(invitation_id)
    form = ConfirmForm()
    if form.validate_on_submit():
        name = invitation.name
        producer_members.revoke_invitation(invitation)
        db.session.commit()
        flash(_("The invitation for %(name)s is cancelled; its link no longer works.", name=name), "success")
        return redirect(url_for("portal.members"))
    return render_template("producer/confirm.html", form=form,
                           title=_("Cancel the invitation for %(name)s?", name=invitation.name),
                           text=_("The link you sent will stop working."),
                           button=_("Yes, cancel the invitation"), back=url_for("portal.members"))


@bp.route("/members/<int:user_id>/remove", methods=["GET", "POST"])
def member_remove(lang, user_id):
    member = access.own_member_or_404(user_id)
    form = ConfirmForm()
    if form.validate_on_submit():
        try:
            producer_members.remove_member(access.current_producer(), member, current_user)
        except ProducerError as error:
            flash(str(error), "error")
        else:
            db.session.commit()
            flash(_("%(name)s is no longer a member and cannot open this portal.", name=member.name), "success")
        return redirect(url_for("portal.members"))
    return render_template("producer/confirm.html", form=form,
                           title=_("Remove %(name)s from the members?", name=member.name),
                           text=_("They will no longer be able to open this portal. Their account stays, as a customer account."),
                           button=_("Yes, remove"), back=url_for("portal.members"))
