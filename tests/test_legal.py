"""Legal pages exist in both languages and are linked from every page."""
import pytest


@pytest.mark.parametrize("lang, page, heading", [
    ("vi", "privacy", "Chính sách bảo vệ dữ liệu cá nhân"), ("en", "privacy", "Privacy notice"),
    ("vi", "terms", "Điều khoản mua hàng"), ("en", "terms", "Terms of sale"),
    ("vi", "returns", "Đổi trả và hoàn tiền"), ("en", "returns", "Returns and refunds"),
    ("vi", "operator", "Đơn vị vận hành"), ("en", "operator", "Who runs this site"),
])
def test_legal_page(client, lang, page, heading):
    response = client.get(f"/{lang}/{page}")
    assert response.status_code == 200
    assert f"<h1>{heading}</h1>" in response.get_data(as_text=True)


def test_footer_links_the_privacy_notice(client):
    assert 'href="/en/privacy"' in client.get("/en/").get_data(as_text=True)


def test_operator_page_shows_configured_details(app, client):
    app.config["OPERATOR_NAME"] = "Trung tâm Xúc tiến Cao Bằng"
    html = client.get("/vi/operator").get_data(as_text=True)
    assert "Trung tâm Xúc tiến Cao Bằng" in html


def test_operator_page_says_when_details_are_missing(client):
    assert "OPERATOR_NAME" in client.get("/en/operator").get_data(as_text=True)
