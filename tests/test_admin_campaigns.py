"""The office's campaign pages, driven through the real routes and forms."""
import io
from datetime import datetime, timedelta, timezone

from PIL import Image
from sqlalchemy import func, select

from ocop_shop.audit import AuditLog
from ocop_shop.extensions import db
from ocop_shop.promotions.models import Campaign, CampaignBanner, CampaignProduct, Coupon
from ocop_shop.timeutil import VN_TZ

from .conftest import csrf_from, post_form

NEW = "/vi/admin/campaigns/new"


def local(moment: datetime) -> str:
    return moment.astimezone(VN_TZ).strftime("%Y-%m-%dT%H:%M")


def form(*products, **overrides) -> dict:
    now = datetime.now(timezone.utc)
    data = {"name_vi": "Mùa hạt dẻ Trùng Khánh", "name_en": "Chestnut season", "description_vi": "",
            "description_en": "", "discount_kind": "percent", "discount_value": "20", "funded_by": "office",
            "starts_at": local(now - timedelta(hours=1)), "ends_at": local(now + timedelta(days=10)),
            "scope_kind": "products", "products": [str(p.id) for p in products], "min_stars": "3",
            "coupon_code": "", "coupon_total_cap": "", "coupon_per_customer_cap": "",
            "coupon_valid_from": "", "coupon_valid_until": ""}
    data.update(overrides)
    return data


def named(campaign, name: str):
    campaign.content = {"vi": {"name": name}}
    db.session.flush()
    return campaign


def campaigns_saved() -> int:
    db.session.expire_all()
    return db.session.scalar(select(func.count(Campaign.id)))


def test_office_creates_a_campaign_and_activates_it(client, login_as, factories):
    chestnut = factories.product(name="Hạt dẻ Trùng Khánh", price=180_000)
    login_as("admin")
    saved = post_form(client, NEW, form(chestnut))
    assert saved.status_code == 302, saved.get_data(as_text=True)[:2000]
    campaign = db.session.scalars(select(Campaign)).one()
    assert (campaign.status, campaign.discount_value, campaign.slug) == ("draft", 20, "mua-hat-de-trung-khanh")
    page = client.get(saved.headers["Location"]).get_data(as_text=True)
    assert "Hạt dẻ Trùng Khánh" in page and "144.000" in page and "Bản nháp" in page
    assert "Khuyến mại thông thường: tối đa 50%, không quá 120 ngày/năm" in page
    activated = client.post(f"/vi/admin/campaigns/{campaign.id}/state",
                            data={"csrf_token": csrf_from(page), "action": "activate", "version": campaign.version})
    assert activated.status_code == 302
    db.session.expire_all()
    assert db.session.get(Campaign, campaign.id).status == "active"
    actions = db.session.scalars(select(AuditLog.action).where(AuditLog.object_type == "Campaign")).all()
    assert actions == ["campaign.create", "campaign.activate"]
    product_page = client.get(f"/vi/products/{chestnut.slug}").get_data(as_text=True)
    assert "144.000" in product_page and "180.000" in product_page


def test_over_half_is_refused_with_the_rule_and_nothing_saved(client, login_as, factories):
    product = factories.product(price=100_000)
    login_as("admin")
    refused = post_form(client, NEW, form(product, discount_value="60"))
    assert refused.status_code == 422
    assert "tối đa 50%" in refused.get_data(as_text=True)
    assert campaigns_saved() == 0


def test_naming_strong_liquor_is_refused_with_the_reason(client, login_as, factories):
    liquor = factories.product(name="Rượu ngô Cải Vân", category="do-uong", abv=29.5)
    login_as("admin")
    refused = post_form(client, NEW, form(liquor))
    text = refused.get_data(as_text=True)
    assert refused.status_code == 422 and "Luật 44/2019/QH14" in text and "Rượu ngô Cải Vân" in text
    assert campaigns_saved() == 0


def test_a_whole_group_skips_liquor_and_says_how_many(client, login_as, factories):
    factories.product(name="Rượu ngô Cải Vân", category="do-uong", abv=29.5)
    tea = factories.product(name="Trà xanh", category="do-uong")
    group = factories.category("do-uong")
    login_as("admin")
    saved = post_form(client, NEW, form(scope_kind="groups", groups=[str(group.id)]))
    assert saved.status_code == 302
    page = client.get(saved.headers["Location"]).get_data(as_text=True)
    assert "1 loại rượu từ 15% độ cồn trở lên đã bị loại ra" in page and "Trà xanh" in page
    assert db.session.scalars(select(CampaignProduct.product_id)).all() == [tea.id]


def test_bad_input_gets_field_errors_in_the_page_language(client, login_as, factories):
    product = factories.product()
    named(factories.campaign(product, coupon="TET2030", status="draft", slug="tet-2030"), "Tết 2030")
    db.session.commit()
    login_as("admin")
    now = datetime.now(timezone.utc)
    refused = post_form(client, "/en/admin/campaigns/new", form(
        product, discount_value="0", ends_at=local(now - timedelta(days=2)), coupon_code="tet 2030"))
    text = refused.get_data(as_text=True)
    assert refused.status_code == 422
    assert "The campaign must end after it starts." in text
    assert "The discount must be more than zero." in text
    assert "already used by the campaign “Tết 2030”" in text
    negative = post_form(client, "/en/admin/campaigns/new", form(product, coupon_code="NEW", coupon_total_cap="-3"))
    assert negative.status_code == 422 and "This cannot be negative." in negative.get_data(as_text=True)
    unknown = post_form(client, "/en/admin/campaigns/new", form(products=["987654"]))
    assert "These products do not exist or are not on sale: #987654." in unknown.get_data(as_text=True)
    assert campaigns_saved() == 1


def test_a_stale_edit_is_refused_with_the_current_values(client, login_as, factories):
    product = factories.product()
    campaign = factories.campaign(product, percent=10, status="draft")
    db.session.commit()
    login_as("admin")
    edit_url = f"/vi/admin/campaigns/{campaign.id}/edit"
    page = client.get(edit_url).get_data(as_text=True)
    first = client.post(edit_url, data={"csrf_token": csrf_from(page), "version": "1",
                                        **form(product, discount_value="15")})
    assert first.status_code == 302
    stale = client.post(edit_url, data={"csrf_token": csrf_from(page), "version": "1",
                                        **form(product, discount_value="30")})
    assert stale.status_code == 409
    assert 'value="15"' in stale.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Campaign, campaign.id).discount_value == 15


def test_pause_resume_end_and_a_double_click_loses_cleanly(client, login_as, factories):
    product = factories.product()
    campaign = factories.campaign(product)
    db.session.commit()
    login_as("admin")
    url = f"/vi/admin/campaigns/{campaign.id}"
    for action, version, status in (("pause", 1, "paused"), ("pause", 1, "paused"), ("resume", 2, "active"),
                                    ("end", 3, "ended")):
        token = csrf_from(client.get(url).get_data(as_text=True))
        answer = client.post(f"{url}/state", data={"csrf_token": token, "action": action, "version": version})
        assert answer.status_code == 302
        db.session.expire_all()
        assert db.session.get(Campaign, campaign.id).status == status
    assert db.session.get(Campaign, campaign.id).ends_at <= datetime.now(timezone.utc)
    assert "Chỉnh sửa" not in client.get(url).get_data(as_text=True)


def test_list_filters_and_search(client, login_as, factories):
    product = factories.product()
    now = datetime.now(timezone.utc)
    named(factories.campaign(product), "Mùa hạt dẻ")
    named(factories.campaign(product, status="draft"), "Tết Nguyên đán")
    named(factories.campaign(product, starts_at=now + timedelta(days=30), ends_at=now + timedelta(days=40)),
          "Tuần du lịch")
    db.session.commit()
    login_as("admin")
    running = client.get("/vi/admin/campaigns?show=running").get_data(as_text=True)
    assert "Mùa hạt dẻ" in running and "Tết Nguyên đán" not in running and "Tuần du lịch" not in running
    scheduled = client.get("/vi/admin/campaigns?show=scheduled").get_data(as_text=True)
    assert "Tuần du lịch" in scheduled and "Mùa hạt dẻ" not in scheduled
    found = client.get("/vi/admin/campaigns?q=tet").get_data(as_text=True)
    assert "Tết Nguyên đán" in found and "Mùa hạt dẻ" not in found


def test_a_coupon_is_saved_with_its_folded_key(client, login_as, factories):
    product = factories.product()
    login_as("admin")
    saved = post_form(client, NEW, form(product, coupon_code="Hạt dẻ 2030", coupon_total_cap="50",
                                        coupon_per_customer_cap="1"))
    assert saved.status_code == 302
    coupon = db.session.scalars(select(Coupon)).one()
    assert (coupon.code, coupon.code_key, coupon.total_cap, coupon.per_customer_cap) == ("Hạt dẻ 2030", "HẠTDẺ2030", 50, 1)


def test_a_banner_is_uploaded_per_language_and_shown(client, login_as, factories):
    campaign = factories.campaign(factories.product())
    db.session.commit()
    login_as("admin")
    buffer = io.BytesIO()
    Image.new("RGB", (1200, 400), (43, 58, 103)).save(buffer, "PNG")
    buffer.seek(0)
    url = f"/vi/admin/campaigns/{campaign.id}"
    answer = post_form(client, url, {"lang": "vi", "alt": "Hạt dẻ trên nền chàm", "picture": (buffer, "banner.png")},
                       post_url=f"{url}/banner", content_type="multipart/form-data")
    assert answer.status_code == 302
    banner = db.session.scalars(select(CampaignBanner)).one()
    assert banner.lang == "vi" and banner.alt == {"vi": "Hạt dẻ trên nền chàm"}
    assert 'alt="Hạt dẻ trên nền chàm"' in client.get(url).get_data(as_text=True)
