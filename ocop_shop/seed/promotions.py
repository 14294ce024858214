"""A sample campaign for the demo shop, marked as a sample, so the home page shows one running.

It goes through the office's own service (promotions.campaigns: the 50% and 120-day rules, the
scope resolved to products) and is then started. The scope is the noodles group (miến, bún):
no liquor, and none of the products the office's browser test promotes. Its window is dated
from the seeding day (three days back, 90 days in all, ending at 23:59), within the law's 120 days a year, leaving
room for other campaigns on the same products. Keyed by slug: running the seed again adds nothing.
"""
from __future__ import annotations

import io
from datetime import date, datetime, time, timedelta

from PIL import Image, ImageDraw
from sqlalchemy import select

from .. import storage
from ..catalog.models import Category
from ..extensions import db
from ..promotions import campaigns
from ..promotions.checks import CampaignInput
from ..promotions.models import Campaign, CampaignBanner
from ..timeutil import VN_TZ
from . import pictures

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


# Banner per language: (title, offer line, alt text). Drawn locally, marked as an illustration.
BANNERS = {
    "vi": ("Tuần lễ miến dong Cao Bằng", "Giảm 15% · chương trình mẫu",
           "Tranh minh họa: tên chương trình trên nền họa tiết thổ cẩm Tày – Nùng"),
    "en": ("Cao Bằng arrowroot noodle season", "15% off · a sample promotion",
           "Illustration: the promotion's name on a Tày–Nùng brocade pattern"),
}
BANNER_SIZE = (1200, 400)


def seed_promotions(today: date, image_keys: list[str] | None = None) -> int:
    """Add the sample campaign if it is missing, and start it; flushes. Returns how many were added.

    The keys of the banner pictures it stores are appended to `image_keys` (removed after a failure).
    """
    if db.session.scalar(select(Campaign.id).where(Campaign.slug == SLUG)) is not None:
        return 0
    group = db.session.scalar(select(Category).where(Category.slug == SCOPE_CATEGORY))
    if group is None:
        return 0
    starts_at = datetime.combine(today - timedelta(days=STARTS_DAYS_AGO), time(0), VN_TZ)
    data = CampaignInput(discount_kind="percent", discount_value=PERCENT, scope_kind="groups",
                         scope_ids=[group.id], starts_at=starts_at, ends_at=starts_at + timedelta(days=DAYS, minutes=-1),
                         funded_by="office", **SAMPLE)
    campaign = campaigns.create(data, by=None)
    campaign.slug, campaign.is_sample = SLUG, True
    for lang, (title, offer, alt) in BANNERS.items():
        stored = storage.save_image(_banner_png(title, offer))
        if image_keys is not None:
            image_keys.append(stored.key)
        db.session.add(CampaignBanner(campaign_id=campaign.id, lang=lang, key=stored.key, width=stored.width,
                                      height=stored.height, alt={lang: alt}))
    db.session.flush()
    campaigns.change_state(campaign, "activate", campaign.version, by=None)
    return 1


def _banner_png(title: str, offer: str) -> bytes:
    """A 3:1 banner: a brocade star field, a paper band with the title and the offer."""
    width, height = BANNER_SIZE
    ground, light = pictures.MADDER_DEEP, tuple(min(255, c + 20) for c in pictures.MADDER_DEEP)
    image = Image.new("RGB", BANNER_SIZE, ground)
    draw = ImageDraw.Draw(image)
    for row, y in enumerate(range(50, height + 100, 100)):
        for col, x in enumerate(range(50, width + 100, 100)):
            pictures.eight_point_star(draw, x, y, 36, light)
            pictures.eight_point_star(draw, x, y, 22, pictures.GOLD if (row + col) % 2 else pictures.MADDER,
                                      inner=light)
    left, top, right, bottom = 120, 90, width - 120, height - 90
    draw.rounded_rectangle([left + 8, top + 10, right + 8, bottom + 10], radius=26, fill=pictures.INDIGO_DEEP)
    draw.rounded_rectangle([left, top, right, bottom], radius=26, fill=pictures.PAPER)
    draw.rounded_rectangle([left + 12, top + 12, right - 12, bottom - 12], radius=18, outline=pictures.GOLD, width=3)
    size = 58
    while size > 24 and draw.textlength(pictures.drawable(title, size), font=pictures.font(size)) > right - left - 80:
        size -= 2
    draw.text((width / 2, height / 2 - 8), pictures.drawable(title, size), font=pictures.font(size),
              fill=pictures.INDIGO, anchor="ms")
    draw.text((width / 2, height / 2 + 50), pictures.drawable(offer, 34), font=pictures.font(34),
              fill=pictures.GREEN, anchor="ms")
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()
