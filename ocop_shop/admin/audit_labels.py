"""How the audit log reads to the office: action and object names in the page's language, a link
to the object's back-office page when there is one, and the old and new values as text.

Actions are named `<object>.<verb>`. A known action has its own label; otherwise a known object
and a known verb make one ("Producer: edit"); otherwise the raw name is shown.
"""
from __future__ import annotations

import json
from typing import Any

from flask import current_app, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from werkzeug.routing import BuildError, IntegerConverter

from ..extensions import db

ACTIONS = {
    "booking.cancel": _l("Booking request cancelled"),
    "campaign.activate": _l("Campaign activated"),
    "campaign.banner": _l("Campaign banner changed"),
    "campaign.create": _l("Campaign created"),
    "campaign.end": _l("Campaign ended early"),
    "campaign.pause": _l("Campaign paused"),
    "campaign.resume": _l("Campaign resumed"),
    "campaign.update": _l("Campaign edited"),
    "certificate.import": _l("Certificate imported"),
    "certificate.record": _l("Certificate recorded"),
    "certificate.renew": _l("Certificate renewed"),
    "certificate.revoke": _l("Certificate revoked"),
    "certificate.update": _l("Certificate corrected"),
    "fair.create": _l("Trade fair added"),
    "fair.edit": _l("Trade fair edited"),
    "fair.delete": _l("Trade fair deleted"),
    "fair.participant_add": _l("Producer added to a trade fair"),
    "fair.participant_edit": _l("Booth or products at a trade fair changed"),
    "fair.participant_remove": _l("Producer removed from a trade fair"),
    "order.cancel": _l("Order cancelled"),
    "order.transfer_recorded": _l("Bank transfer recorded"),
    "plan.create": _l("Plan targets entered"),
    "plan.update": _l("Plan targets edited"),
    "producer.approve": _l("Producer approved"),
    "producer.reject": _l("Producer rejected"),
    "producer.suspend": _l("Producer suspended"),
    "producer.edit": _l("Producer record edited"),
    "producer.licence": _l("Alcohol licence recorded"),
    "refund.request": _l("Refund requested"),
    "refund.bank_payout": _l("Refund paid out by bank transfer"),
    "refund.resend": _l("Refund sent to Stripe again"),
    "product.publish": _l("Product published"),
    "product.send_back": _l("Product sent back to its producer"),
    "revision.approve": _l("Product changes approved"),
    "revision.reject": _l("Product changes rejected"),
    "shipping.zone_update": _l("Shipping zone changed"),
}
OBJECTS = {
    "booking": _l("Booking request"), "certificate": _l("Certificate"), "order": _l("Order"),
    "producer": _l("Producer"), "product": _l("Product"), "revision": _l("Product changes"),
    "refund": _l("Refund"), "shipping": _l("Shipping rules"),
}
VERBS = {
    "approve": _l("approve"), "reject": _l("reject"), "publish": _l("publish"), "send_back": _l("send back"),
    "edit": _l("edit"), "update": _l("edit"), "create": _l("create"), "cancel": _l("cancel"),
    "revoke": _l("revoke"), "renew": _l("renew"), "import": _l("import"), "suspend": _l("suspend"),
}
# Model class name (AuditLog.object_type) → its label and its back-office page.
OBJECT_TYPES = {
    "BookingRequest": (_l("Booking request"), "admin.booking"),
    "Campaign": (_l("Campaign"), "admin.campaign"),
    "Certification": (_l("Certificate"), "admin.certificate"),
    "FairParticipant": (_l("Trade fair booth"), None),
    "TradeFair": (_l("Trade fair"), "admin.fair"),
    "Order": (_l("Order"), "admin.order"),
    "PlanTargetSet": (_l("Plan targets"), None),
    "Producer": (_l("Producer"), "admin.producer"),
    "Product": (_l("Product"), "admin.review_product"),
    "ProductRevision": (_l("Product changes"), "admin.review_revision"),
    "ShippingZone": (_l("Shipping zone"), None),  # keyed by its code: no id to link by
    "User": (_l("Account"), None),
}


def action_label(action: str) -> str:
    """The action in words, or its raw name when it has none."""
    if action in ACTIONS:
        return str(ACTIONS[action])
    thing, _dot, verb = action.partition(".")
    if thing in OBJECTS and verb in VERBS:
        return _("%(object)s: %(verb)s", object=OBJECTS[thing], verb=VERBS[verb])
    return action


def type_label(object_type: str) -> str:
    """A model's name in words, or the raw class name."""
    known = OBJECT_TYPES.get(object_type)
    return str(known[0]) if known else object_type


def object_links(rows) -> dict[int, str]:
    """{audit row id: the object's back-office page} for the rows whose object has a page (by id, or by
    the text its address uses, such as a producer's slug or an order's number: one query per type)."""
    links: dict[int, str] = {}
    by_type: dict[str, list] = {}
    for row in rows:
        if row.object_id is not None:
            by_type.setdefault(row.object_type, []).append(row)
    for object_type, typed in by_type.items():
        keys = _page_keys(object_type, {row.object_id for row in typed})
        for row in typed:
            if row.object_id in keys:
                links[row.id] = keys[row.object_id]
    return links


def object_url(object_type: str, object_id: int) -> str | None:
    """One object's back-office page, if it has one."""
    return _page_keys(object_type, {object_id}).get(object_id)


def _page_keys(object_type: str, ids: set[int]) -> dict[int, str]:
    """{object id: url} for objects of one type, when its page exists and takes one argument."""
    endpoint = (OBJECT_TYPES.get(object_type) or (None, None))[1]
    if endpoint is None or endpoint not in current_app.view_functions:
        return {}
    rule = next(current_app.url_map.iter_rules(endpoint))
    names = [name for name in rule.arguments if name != "lang"]
    if len(names) != 1:
        return {}
    argument = names[0]
    if isinstance(rule._converters.get(argument), IntegerConverter):
        keys = {object_id: object_id for object_id in ids}
    else:  # the page is keyed by a column of the object (slug, number)
        model = db.Model.registry._class_registry.get(object_type)
        column = getattr(model, argument, None)
        if column is None:
            return {}
        keys = dict(db.session.execute(select(model.id, column).where(model.id.in_(ids))).tuples().all())
    try:
        return {object_id: url_for(endpoint, **{argument: key}) for object_id, key in keys.items()}
    except BuildError:
        return {}


def value_text(value: Any) -> str:
    """One old or new value as the office reads it ('—' for nothing)."""
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False)
    return str(value)
