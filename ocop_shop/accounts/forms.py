"""Account forms: sign-in, registration, passwords, email, two-step codes, privacy choices."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, HiddenField, PasswordField, StringField
from wtforms.validators import DataRequired, Email, EqualTo, Length

from ..text import normalize


def _clean(value):
    return normalize(value) if isinstance(value, str) else value


class LoginForm(FlaskForm):
    login = StringField(_l("Email or phone number"), filters=[_clean],
                        validators=[DataRequired(_l("Please enter your email or phone number.")), Length(max=254)])
    password = PasswordField(_l("Password"), validators=[DataRequired(_l("Please enter your password."))])
    remember = BooleanField(_l("Keep me signed in on this device"))
    next = HiddenField()


class RegisterForm(FlaskForm):
    name = StringField(_l("Your name"), filters=[_clean],
                       validators=[DataRequired(_l("Please enter your name.")), Length(max=120)])
    email = EmailField(_l("Email"), filters=[_clean],
                       validators=[DataRequired(_l("Please enter your email.")),
                                   Email(_l("Please enter a valid email address."), check_deliverability=False),
                                   Length(max=254)])
    password = PasswordField(_l("Password"), validators=[
        DataRequired(_l("Please choose a password.")),
        Length(min=10, max=128, message=_l("Use at least 10 characters."))])
    confirm = PasswordField(_l("Repeat the password"), validators=[
        EqualTo("password", _l("The two passwords do not match."))])
    marketing = BooleanField(_l("Email me news and offers from OCOP Cao Bằng producers"))


def _password(label, message=_l("Please enter your password.")):
    return PasswordField(label, validators=[DataRequired(message)])


def _new_password(label=_l("New password")):
    return PasswordField(label, validators=[
        DataRequired(_l("Please choose a password.")),
        Length(min=10, max=128, message=_l("Use at least 10 characters."))])


def _email(label=_l("Email")):
    return EmailField(label, filters=[_clean], validators=[
        DataRequired(_l("Please enter your email.")),
        Email(_l("Please enter a valid email address."), check_deliverability=False), Length(max=254)])


class ForgotPasswordForm(FlaskForm):
    email = _email()


class ResetPasswordForm(FlaskForm):
    password = _new_password()
    confirm = PasswordField(_l("Repeat the new password"), validators=[
        EqualTo("password", _l("The two passwords do not match."))])


class ChangePasswordForm(FlaskForm):
    current = _password(_l("Current password"), _l("Please enter your current password."))
    password = _new_password()
    confirm = PasswordField(_l("Repeat the new password"), validators=[
        EqualTo("password", _l("The two passwords do not match."))])


class ChangeEmailForm(FlaskForm):
    email = _email(_l("New email address"))
    password = _password(_l("Current password"), _l("Please enter your current password."))


class ConfirmPasswordForm(FlaskForm):
    password = _password(_l("Password"))
    next = HiddenField()


class CodeForm(FlaskForm):
    code = StringField(_l("Verification code"), filters=[_clean],
                       validators=[DataRequired(_l("Please enter the code.")), Length(max=20)])


class MarketingForm(FlaskForm):
    # Its own id: the account page's section is #marketing (the anchor the form comes back to).
    marketing = BooleanField(_l("Email me news and offers from OCOP Cao Bằng producers"), id="marketing-choice")


class DeleteAccountForm(FlaskForm):
    understood = BooleanField(_l("I understand that my account is deleted for good"),
                              validators=[DataRequired(_l("Please tick this box to confirm."))])
    password = _password(_l("Password"))


class ButtonForm(FlaskForm):
    """A form that is only a button (CSRF token included)."""
