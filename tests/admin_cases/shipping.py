"""Admin POST cases: shipping rules."""
from ocop_shop.extensions import db

from . import audited


@audited("admin.shipping_zone")
def edit_zone(world):
    world.factories.shipping_rules()
    db.session.commit()
    data = {"provinces": ["4"], "extra_per_kg": "6000", "free_over": "450000",
            "bands-0-from_grams": "0", "bands-0-max_grams": "2000", "bands-0-fee": "21000",
            "bands-1-from_grams": "2000", "bands-1-max_grams": "5000", "bands-1-fee": "31000"}
    response = world.post_form(world.client, "/vi/admin/shipping/local", data)
    assert response.status_code == 302, response.get_data(as_text=True)[:800]
