"""Login and registration forms."""
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
