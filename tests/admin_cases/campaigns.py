"""Admin POST cases: campaigns (create, edit, state changes, banners)."""
from __future__ import annotations

import io
from datetime import datetime, timedelta, timezone

from PIL import Image

from ocop_shop.extensions import db
from ocop_shop.timeutil import VN_TZ

from . import audited


def _local(moment: datetime) -> str:
    return moment.astimezone(VN_TZ).strftime("%Y-%m-%dT%H:%M")


def campaign_form(product, **overrides) -> dict:
    """A valid 20% campaign form on one product, running from an hour ago for ten days."""
    now = datetime.now(timezone.utc)
    data = {"name_vi": "Mùa hạt dẻ", "name_en": "Chestnut season", "discount_kind": "percent",
            "discount_value": "20", "funded_by": "office", "starts_at": _local(now - timedelta(hours=1)),
            "ends_at": _local(now + timedelta(days=10)), "scope_kind": "products", "products": [str(product.id)],
            "min_stars": "3"}
    data.update(overrides)
    return data


@audited("admin.campaign_new")
def create_campaign(world):
    product = world.factories.product()
    db.session.commit()
    response = world.post_form(world.client, "/vi/admin/campaigns/new", campaign_form(product))
    assert response.status_code == 302, response.get_data(as_text=True)[:1500]


@audited("admin.campaign_edit")
def edit_campaign(world):
    product = world.factories.product()
    campaign = world.factories.campaign(product, status="draft")
    db.session.commit()
    url = f"/vi/admin/campaigns/{campaign.id}/edit"
    response = world.post_form(world.client, url, campaign_form(product, version="1", discount_value="25"))
    assert response.status_code == 302, response.get_data(as_text=True)[:1500]


@audited("admin.campaign_state")
def pause_campaign(world):
    campaign = world.factories.campaign(world.factories.product())
    db.session.commit()
    response = world.post_form(world.client, f"/vi/admin/campaigns/{campaign.id}", {"action": "pause", "version": "1"},
                               post_url=f"/vi/admin/campaigns/{campaign.id}/state")
    assert response.status_code == 302


@audited("admin.campaign_banner")
def upload_banner(world):
    campaign = world.factories.campaign(world.factories.product())
    db.session.commit()
    buffer = io.BytesIO()
    Image.new("RGB", (1200, 400), (43, 58, 103)).save(buffer, "PNG")
    buffer.seek(0)
    url = f"/vi/admin/campaigns/{campaign.id}"
    response = world.post_form(world.client, url, {"lang": "vi", "alt": "Hạt dẻ", "picture": (buffer, "banner.png")},
                               post_url=f"{url}/banner", content_type="multipart/form-data")
    assert response.status_code == 302, response.get_data(as_text=True)[:1500]
