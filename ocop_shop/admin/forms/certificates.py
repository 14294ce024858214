"""Office forms for OCOP certificates: record or renew, revoke, import a register."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import HiddenField, SelectField, SelectMultipleField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, Optional

from ...catalog.certificate_register import CertificateFacts
from ...catalog.views import CERTIFICATE_LEVELS
from ...form_fields import LocalDateField, WholeNumberField, clean_text


class CertificateForm(FlaskForm):
    """A certificate's facts; the products are checkboxes of the chosen producer's products."""

    number = StringField(_l("Certificate number"), filters=[clean_text], validators=[
        DataRequired(_l("Please enter the certificate number.")), Length(max=60)])
    stars = SelectField(_l("Stars"), coerce=int, choices=[(3, _l("3 stars")), (4, _l("4 stars")), (5, _l("5 stars"))],
                        validators=[InputRequired(_l("Please choose the stars."))])
    score = WholeNumberField(_l("Score (out of 100)"), minimum=0, maximum=100, required=True)
    decision = StringField(_l("Decision number"), filters=[clean_text], validators=[
        DataRequired(_l("Please enter the number of the decision that issued it.")), Length(max=120)])
    decision_date = LocalDateField(_l("Decision date"), validators=[InputRequired(_l("Please enter the decision's date."))])
    level = SelectField(_l("Issued by"), choices=[(key, label) for key, label in CERTIFICATE_LEVELS.items()],
                        validators=[DataRequired(_l("Choose who issued the certificate."))])
    issued_on = LocalDateField(_l("Issue date"), validators=[InputRequired(_l("Please enter the issue date."))])
    expires_on = LocalDateField(_l("Expiry date"), validators=[Optional()])
    products = SelectMultipleField(_l("Products it covers"), coerce=int, validate_choice=False)

    def facts(self, producer, products) -> CertificateFacts:
        """The typed facts, with the producer and the products looked up by the view."""
        return CertificateFacts(
            number=self.number.data, stars=self.stars.data, score=self.score.data, decision=self.decision.data,
            decision_date=self.decision_date.data, level=self.level.data, issued_on=self.issued_on.data,
            expires_on=self.expires_on.data, producer=producer, products=products)


class RevokeForm(FlaskForm):
    reason = TextAreaField(_l("Reason for revoking"), filters=[clean_text], validators=[
        DataRequired(_l("Please give the reason for revoking.")), Length(max=1000)], render_kw={"rows": 3})


class ImportForm(FlaskForm):
    file = FileField(_l("CSV file of the register"), validators=[FileRequired(_l("Please choose a CSV file."))],
                     render_kw={"accept": ".csv,text/csv"})


class ConfirmImportForm(FlaskForm):
    payload = HiddenField(validators=[DataRequired()])
