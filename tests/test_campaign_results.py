"""A campaign's results in the back office: orders, units, revenue, discount; per producer, per
funder and per Việt Nam day; the CSV export parses back and holds no formula."""
import csv
import io
from datetime import datetime, timezone

from sqlalchemy import update

from ocop_shop.extensions import db
from ocop_shop.orders.models import Order


def place(factories, *items, at=None, status=None):
    order = factories.order(*items)
    values = {}
    if at is not None:
        values["placed_at"] = at
    if status is not None:
        values["status"] = status
    if values:
        db.session.execute(update(Order).where(Order.id == order.id).values(**values))
    return order


def world(factories):
    chestnut = factories.product(name="Hạt dẻ", price=100_000,
                                 producer=factories.producer(name="=HYPERLINK(\"http://x\")"))
    noodles = factories.product(name="Miến dong", price=50_000, producer=factories.producer(name="HTX Phja Đén"))
    other = factories.product(name="Trà", price=80_000)
    campaign = factories.campaign(chestnut, noodles, percent=20, funded_by="office")
    # 17:30 UTC on 1 March is 00:30 on 2 March in Việt Nam.
    place(factories, (chestnut, 2), (other, 1), at=datetime(2030, 3, 1, 16, 0, tzinfo=timezone.utc))
    place(factories, (chestnut, 1), (noodles, 3), at=datetime(2030, 3, 1, 17, 30, tzinfo=timezone.utc))
    place(factories, (noodles, 5), status="cancelled")
    db.session.commit()
    return campaign


def test_results_count_placed_orders_per_producer_funder_and_day(client, login_as, factories):
    campaign = world(factories)
    login_as("admin")
    page = client.get(f"/vi/admin/campaigns/{campaign.id}/results")
    text = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "không bị huỷ" in text  # says which orders count
    # 2 orders; units 2 + 1 + 3 = 6; revenue 3 × 80,000 + 3 × 40,000; discount 3 × 20,000 + 3 × 10,000
    assert "360.000" in text and "90.000" in text
    assert "1 thg 3, 2030" in text and "2 thg 3, 2030" in text  # Việt Nam days
    assert "Văn phòng OCOP" in text and "HTX Phja Đén" in text


def test_results_csv_parses_back_and_holds_no_formula(client, login_as, factories):
    campaign = world(factories)
    login_as("admin")
    answer = client.get(f"/en/admin/campaigns/{campaign.id}/results.csv")
    assert answer.status_code == 200 and answer.mimetype == "text/csv"
    body = answer.get_data().decode("utf-8")
    assert body.startswith("\ufeff") and "\r\n" in body
    rows = list(csv.reader(io.StringIO(body.lstrip("\ufeff"))))
    assert rows[0] == ["Section", "Name or day", "Orders", "Units", "Revenue (đồng)", "Discount given (đồng)"]
    assert ["Total", "", "2", "6", "360000", "90000"] in rows
    assert ["Producer", "'=HYPERLINK(\"http://x\")", "2", "3", "240000", "60000"] in rows
    assert ["Producer", "HTX Phja Đén", "1", "3", "120000", "30000"] in rows
    assert ["Funded by", "The office", "2", "6", "360000", "90000"] in rows
    assert ["Day", "2030-03-01", "1", "2", "160000", "40000"] in rows
    assert ["Day", "2030-03-02", "1", "4", "200000", "50000"] in rows
    assert not any(cell.startswith(("=", "+", "-", "@")) for row in rows for cell in row)
