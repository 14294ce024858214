"""Checkout state kept in the session between the steps (typed data only; prices never)."""
from __future__ import annotations

import secrets

from flask import session

from ..orders.placing import Delivery
from . import address

SESSION_KEY = "checkout"
FIELDS = ("contact_name", "email", "street", "note")


def saved() -> dict:
    return dict(session.get(SESSION_KEY) or {})


def save_form(form) -> dict:
    """Keep what the buyer typed (valid), with a fresh one-time token for placing the order."""
    data = {name: getattr(form, name).data or "" for name in FIELDS}
    data.update(phone=form.phone_e164, province_code=form.province.data, ward_code=form.ward.data,
                payment_method=form.payment_method.data, age_declared=bool(form.age_declared.data),
                token=secrets.token_urlsafe(32))
    session[SESSION_KEY] = data
    session["ship_province"] = form.province.data
    return data


def form_defaults(user) -> dict:
    """What to prefill: the saved step, else the signed-in customer's name and email."""
    data = saved()
    if data:
        return {"contact_name": data.get("contact_name"), "phone": address.display_phone(data.get("phone", "")),
                "email": data.get("email"), "province": data.get("province_code"), "ward": data.get("ward_code"),
                "street": data.get("street"), "note": data.get("note"),
                "payment_method": data.get("payment_method"), "age_declared": data.get("age_declared")}
    if getattr(user, "is_authenticated", False):
        return {"contact_name": user.name, "email": user.email, "phone": user.phone or ""}
    return {}


def delivery(data: dict) -> Delivery | None:
    """The Delivery for saved data, or None when the address no longer checks out."""
    province, ward = data.get("province_code"), data.get("ward_code")
    province_name, ward_name = address.province_name(province), address.ward_name(province, ward)
    if not province_name or not ward_name or not data.get("phone"):
        return None
    return Delivery(contact_name=data["contact_name"], phone=data["phone"], email=data["email"],
                    province_code=province, province_name=province_name, ward_code=ward, ward_name=ward_name,
                    street=data["street"], note=data.get("note", ""))


def finish() -> None:
    session.pop(SESSION_KEY, None)
