"""QR labels: a printable sheet of QR codes for the producer's certified products.

Each code encodes SITE_URL/v/<public code>, which opens the certificate check page, and
the code is printed under it for typing, so a buyer can check the label is real and current.
"""
from __future__ import annotations

import segno
from flask import current_app, render_template, request
from markupsafe import Markup

from ...timeutil import local_today
from .. import access
from ..blueprint import bp

MAX_COPIES = 60


def label_url(code: str) -> str:
    return f"{current_app.config['SITE_URL']}/v/{code}"


def printed_code(code: str) -> str:
    """'7K3M9QZA' → '7K3M-9QZA' (the check page reads it with or without the hyphen)."""
    return f"{code[:4]}-{code[4:]}"


def qr_svg(code: str, title: str) -> Markup:
    """An inline, scalable SVG QR code (quiet zone of 4 modules, presentation attributes only)."""
    qr = segno.make(label_url(code), error="m")
    return Markup(qr.svg_inline(scale=1, border=4, omitsize=True, dark="#000", title=title))


def _copies() -> int:
    raw = request.args.get("copies", "")
    return min(max(int(raw), 1), MAX_COPIES) if raw.isdigit() and len(raw) < 10 else 1


def _labels(certifications, today, copies):
    labels = []
    for certification in certifications:
        if not certification.is_valid(today):
            continue
        products = access.own_products_of(certification)
        names = ", ".join(p.name for p in products)
        svg = qr_svg(certification.public_code, names)
        labels.extend([{"certification": certification, "names": names, "svg": svg,
                        "code": printed_code(certification.public_code)}] * copies)
    return labels


def _names(certifications) -> dict[int, str]:
    return {c.id: ", ".join(p.name for p in access.own_products_of(c)) for c in certifications}


@bp.get("/labels")
def labels(lang):
    today = local_today()
    certifications = access.own_certifications()
    copies = _copies()
    return render_template("producer/labels.html", certifications=certifications, today=today, copies=copies,
                           labels=_labels(certifications, today, copies), one=None, max_copies=MAX_COPIES,
                           names=_names(certifications))


@bp.get("/labels/<int:certification_id>")
def label_sheet(lang, certification_id):
    """A sheet of one certificate's label, as many copies as asked (default a full page)."""
    certification = access.own_certification_or_404(certification_id)
    today = local_today()
    copies = _copies() if request.args.get("copies") else 24
    return render_template("producer/labels.html", certifications=[certification], today=today, copies=copies,
                           labels=_labels([certification], today, copies), one=certification,
                           max_copies=MAX_COPIES, names=_names([certification]))
