"""A sample campaign for the demo shop, marked as a sample, so the home page shows one running.

It goes through the office's own service (promotions.campaigns: the 50% and 120-day rules, the
scope resolved to products) and is then started. The scope is the noodles group (miến, bún):
no liquor, and none of the products the office's browser test promotes. Its window is dated
from the seeding day (three days back, 90 days on), within the law's 120 days a year, leaving
room for other campaigns on the same products. Keyed by slug: running the seed again adds nothing.
"""
from __future__ import annotations

from datetime import date, datetime, time, timedelta

from sqlalchemy import select

from ..catalog.models import Category
from ..extensions import db
from ..promotions import campaigns
from ..promotions.checks import CampaignInput
from ..promotions.models import Campaign
from ..timeutil import VN_TZ

SLUG = "tuan-le-mien-dong-cao-bang-mau"
SCOPE_CATEGORY = "mien-bun"
PERCENT = 15
STARTS_DAYS_AGO, DAYS = 3, 90

SAMPLE = dict(
    name_vi="Tuần lễ miến dong Cao Bằng (mẫu)",
    name_en="Cao Bằng arrowroot noodle season (sample)",
    description_vi=("Chương trình khuyến mại mẫu: giảm 15% các loại miến, bún OCOP của Cao Bằng, làm từ củ "
                    "dong riềng trồng trên đất Nguyên Bình và Hòa An. Đây là dữ liệu minh họa của cửa hàng "
                    "thử nghiệm, văn phòng OCOP chi trả phần giảm giá."),
    description_en=("A sample promotion: 15% off Cao Bằng's OCOP noodles (miến, bún), made from arrowroot grown "
                    "around Nguyên Bình and Hòa An. Illustrative data of the demo shop; the OCOP office pays "
                    "for the discount."),
)


def seed_promotions(today: date) -> int:
    """Add the sample campaign if it is missing, and start it; flushes. Returns how many were added."""
    if db.session.scalar(select(Campaign.id).where(Campaign.slug == SLUG)) is not None:
        return 0
    group = db.session.scalar(select(Category).where(Category.slug == SCOPE_CATEGORY))
    if group is None:
        return 0
    starts_at = datetime.combine(today - timedelta(days=STARTS_DAYS_AGO), time(0), VN_TZ)
    data = CampaignInput(discount_kind="percent", discount_value=PERCENT, scope_kind="groups",
                         scope_ids=[group.id], starts_at=starts_at, ends_at=starts_at + timedelta(days=DAYS),
                         funded_by="office", **SAMPLE)
    campaign = campaigns.create(data, by=None)
    campaign.slug, campaign.is_sample = SLUG, True
    db.session.flush()
    campaigns.change_state(campaign, "activate", campaign.version, by=None)
    return 1
