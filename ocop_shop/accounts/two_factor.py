"""Two-factor sign-in for office accounts (role admin): TOTP codes from an authenticator app.

An office account sets it up once (scan the QR, type a first code) and receives ten recovery
codes, shown once and stored hashed, each usable once. From then on every sign-in asks for a
code after the password. The back office is closed to an office account until its two-factor
sign-in is set up, and to a session that has not passed the code step (`office_gate`).
A code is accepted once: the time step of the last accepted code is kept, and a code of that
step or an earlier one is refused (RFC 6238 §5.2), decided by one conditional UPDATE.
"""
from __future__ import annotations

import hmac
import io
import re
import secrets
import time

import pyotp
import segno
from flask import flash, redirect, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, logout_user
from sqlalchemy import delete, func, or_, select, update

from ..extensions import db, login_manager
from ..types import utcnow
from .models import RecoveryCode, User
from .tokens import digest

ISSUER = "OCOP Cao Bằng"
RECOVERY_CODES = 10
PENDING_KEY = "two_factor_pending"  # {"user": id, "next": path, "remember": bool, "at": epoch}
DONE_KEY = "two_factor_user"  # the user id whose code this session passed
PENDING_SECONDS = 300
_RECOVERY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"  # no 0/o, 1/l/i


def applies_to(user: User) -> bool:
    """Office accounts use two-factor sign-in."""
    return user.role == "admin"


def pending_secret(user: User) -> str:
    """The secret being set up (kept on the account until a first code confirms it)."""
    if user.totp_secret is None or user.totp_enabled_at is not None:
        user.totp_secret = pyotp.random_base32(32)
        db.session.flush()
    return user.totp_secret


def provisioning_uri(user: User) -> str:
    return pyotp.TOTP(user.totp_secret).provisioning_uri(name=user.email or user.phone or str(user.id),
                                                         issuer_name=ISSUER)


def qr_svg(uri: str, title: str) -> str:
    """The setup QR as an inline SVG element (presentation attributes only, no style)."""
    buffer = io.BytesIO()
    segno.make(uri, error="m", micro=False).save(
        buffer, kind="svg", scale=4, border=4, xmldecl=False, svgns=True, nl=False, omitsize=True,
        title=title, dark="#1d2849", light="#ffffff",
    )
    return buffer.getvalue().decode("utf-8")


def grouped(secret: str) -> str:
    """The secret in groups of four, for typing it into an app by hand."""
    return " ".join(secret[i:i + 4] for i in range(0, len(secret), 4))


def accept_code(user: User, code: str, now: float | None = None) -> bool:
    """Whether `code` is the account's current TOTP code (±30 s) not used before; uses it."""
    code = re.sub(r"\s", "", code or "")
    if not user.totp_secret or not re.fullmatch(r"\d{6}", code):
        return False
    totp = pyotp.TOTP(user.totp_secret)
    step_now = totp.timecode(now or time.time())
    for step in (step_now - 1, step_now, step_now + 1):
        if hmac.compare_digest(totp.generate_otp(step), code):
            won = db.session.execute(
                update(User).where(User.id == user.id,
                                   or_(User.totp_last_step.is_(None), User.totp_last_step < step))
                .values(totp_last_step=step)
            ).rowcount
            return bool(won)
    return False


def enable(user: User, code: str) -> list[str] | None:
    """Confirm the pending secret with a first code; the new recovery codes, or None if the code is wrong."""
    if user.totp_enabled_at is not None or not accept_code(user, code):
        return None
    user.totp_enabled_at = utcnow()
    return new_recovery_codes(user)


def reset(user: User) -> None:
    """Forget the authenticator and the recovery codes (an office account must set up again)."""
    user.totp_secret = None
    user.totp_enabled_at = None
    user.totp_last_step = None
    db.session.execute(delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
    db.session.flush()


def _normal(code: str) -> str:
    return re.sub(r"[\s-]", "", code or "").lower()


def new_recovery_codes(user: User) -> list[str]:
    """Ten fresh recovery codes (the old ones stop working); shown once, stored hashed."""
    db.session.execute(delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
    codes = []
    for _n in range(RECOVERY_CODES):
        raw = "".join(secrets.choice(_RECOVERY_ALPHABET) for _c in range(12))
        codes.append(f"{raw[:4]}-{raw[4:8]}-{raw[8:]}")
        db.session.add(RecoveryCode(user_id=user.id, code_hash=digest(raw)))
    db.session.flush()
    return codes


def use_recovery_code(user: User, code: str) -> bool:
    """Whether `code` is one of the account's unused recovery codes; uses it up."""
    code = _normal(code)
    if len(code) != 12:
        return False
    return bool(db.session.execute(
        update(RecoveryCode).where(RecoveryCode.user_id == user.id, RecoveryCode.code_hash == digest(code),
                                   RecoveryCode.used_at.is_(None)).values(used_at=utcnow())
    ).rowcount)


def codes_left(user: User) -> int:
    return db.session.scalar(select(func.count()).select_from(RecoveryCode).where(
        RecoveryCode.user_id == user.id, RecoveryCode.used_at.is_(None)))


def check_sign_in(user: User, code: str) -> str | None:
    """'totp' or 'recovery' for an accepted code, None otherwise."""
    if accept_code(user, code):
        return "totp"
    if use_recovery_code(user, code):
        return "recovery"
    return None


# -- the sign-in step and the back office's gate (session state) --

def start_pending(user: User, next_path: str | None, remember: bool) -> None:
    session[PENDING_KEY] = {"user": user.id, "next": next_path or "", "remember": bool(remember),
                            "at": int(time.time())}


def pending_user() -> tuple[User | None, dict]:
    """The account waiting for its code in this session (for five minutes), and the pending step."""
    pending = session.get(PENDING_KEY)
    if not isinstance(pending, dict) or time.time() - pending.get("at", 0) > PENDING_SECONDS:
        return None, {}
    user = db.session.get(User, pending.get("user", 0))
    if user is None or not user.active or not user.has_two_factor:
        return None, {}
    return user, pending


def mark_passed(user: User) -> None:
    session[DONE_KEY] = user.id


def office_gate():
    """None if the signed-in office account may use the back office, else the response that sends it on."""
    if not current_user.has_two_factor:
        flash(_("Set up two-step sign-in before using the back office."), "info")
        return redirect(url_for("accounts.two_factor_setup", next=request.full_path.rstrip("?")))
    if session.get(DONE_KEY) != current_user.id:
        # Signed in before two-step sign-in was required (or by a remember-me cookie): sign in again.
        logout_user()
        session.clear()
        return login_manager.unauthorized()
    return None
