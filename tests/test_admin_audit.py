"""The office's audit log page: every row newest first, filters that narrow, a safe CSV, no edit path."""
from __future__ import annotations

import csv
import io
import re
from datetime import datetime, timezone

import pytest
from sqlalchemy import insert

from ocop_shop.audit import AuditLog, record
from ocop_shop.extensions import db
from ocop_shop.producers.models import Producer

ROW_ID = re.compile(r'data-audit-id="(\d+)"')


@pytest.fixture
def log(factories):
    """Rows by two people on three objects over three days in Việt Nam (UTC+7)."""
    lan = factories.user(role="admin", email="lan@office.example")
    minh = factories.user(role="admin", email="minh@office.example")
    producer = factories.producer(name="HTX Miến dong Phia Đén")
    other = factories.producer(name="HTX Trà Phja Oắc")
    certificate = factories.certification(factories.product(), number="CB-2025-017")
    rows = {}

    def add(key, by, action, target, at, **kwargs):
        values = dict(actor_id=getattr(by, "id", None), actor_label=by.email if by else "command line (ocop)",
                      source="web" if by else "cli", action=action, object_type=type(target).__name__,
                      object_id=target.id, object_label=kwargs.pop("label", None) or getattr(target, "name", None)
                      or target.number, changes=kwargs.pop("changes", {}), reason=kwargs.pop("reason", None), at=at)
        rows[key] = db.session.execute(insert(AuditLog).values(**values).returning(AuditLog.id)).scalar_one()

    # 2026-03-01 16:59 UTC is 23:59 on 1 March in Việt Nam; 17:00 UTC is already 2 March there.
    add("approve", lan, "producer.approve", producer, datetime(2026, 3, 1, 16, 59, tzinfo=timezone.utc),
        changes={"status": ["pending", "approved"]})
    add("suspend", minh, "producer.suspend", producer, datetime(2026, 3, 1, 17, 0, tzinfo=timezone.utc),
        changes={"status": ["approved", "suspended"], "status_reason": [None, "Hồ sơ thiếu"]}, reason="Hồ sơ thiếu")
    add("other", lan, "producer.edit", other, datetime(2026, 3, 2, 3, 0, tzinfo=timezone.utc),
        changes={"phone": ["+84200000000", "+84912000000"]})
    add("revoke", None, "certificate.revoke", certificate, datetime(2026, 3, 3, 2, 0, tzinfo=timezone.utc),
        changes={"revoked": [False, True]}, reason="Sai số điểm")
    db.session.commit()
    return rows


def _ids(client, query: str = "") -> list[int]:
    response = client.get(f"/vi/admin/audit{query}")
    assert response.status_code == 200
    return [int(i) for i in ROW_ID.findall(response.get_data(as_text=True))]


def test_every_row_newest_first_with_who_what_old_new_and_why(client, login_as, log):
    login_as("admin")
    assert _ids(client) == [log["revoke"], log["other"], log["suspend"], log["approve"]]
    page = client.get("/vi/admin/audit").get_data(as_text=True)
    assert "minh@office.example" in page and "HTX Miến dong Phia Đén" in page
    assert '<span class="diff-old">approved</span> → <span class="diff-new">suspended</span>' in page
    assert "Hồ sơ thiếu" in page and "00:00:00 2 thg 3, 2026" in page  # 17:00 UTC shown in local time
    assert "Tạm ngừng chủ thể sản xuất" in page  # a known action in words
    english = client.get("/en/admin/audit").get_data(as_text=True)
    assert "Producer suspended" in english and "Certificate revoked" in english


def test_filters_narrow_by_object_person_and_local_days(client, login_as, log, factories):
    login_as("admin")
    assert _ids(client, "?object_type=Certification") == [log["revoke"]]
    assert _ids(client, "?object=Phia+%C4%90%C3%A9n") == [log["suspend"], log["approve"]]
    assert _ids(client, "?object=CB-2025") == [log["revoke"]]
    assert _ids(client, "?actor=lan%40office.example") == [log["other"], log["approve"]]
    assert _ids(client, "?since=2026-03-02&until=2026-03-02") == [log["other"], log["suspend"]]
    assert _ids(client, "?until=2026-03-01") == [log["approve"]]
    assert _ids(client, "?object_type=Producer&actor=lan%40office.example&since=2026-03-02") == [log["other"]]


def test_an_object_id_finds_that_object(client, login_as, log):
    from ocop_shop.audit import AuditLog as Row

    login_as("admin")
    producer_id = db.session.get(Row, log["approve"]).object_id
    assert _ids(client, f"?object_type=Producer&object={producer_id}") == [log["suspend"], log["approve"]]


def test_bad_filter_values_are_field_errors_and_not_applied(client, login_as, log):
    login_as("admin")
    response = client.get("/vi/admin/audit?since=31-02-2026&until=2026-03-31&actor=nobody&page=99999")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert page.count('class="field-error"') == 2 and "Vui lòng nhập ngày" in page
    assert len(ROW_ID.findall(page)) == 4
    backwards = client.get("/vi/admin/audit?since=2026-03-03&until=2026-03-01").get_data(as_text=True)
    assert "Ngày cuối đang trước ngày đầu." in backwards
    assert [int(i) for i in ROW_ID.findall(backwards)] == [log["revoke"]]  # the bad last day is not applied


def test_many_rows_are_paginated(client, login_as, factories):
    producer = factories.producer()
    for n in range(55):
        record(None, "producer.edit", producer, changes={"phone": [str(n), str(n + 1)]})
    db.session.commit()
    login_as("admin")
    assert len(_ids(client)) == 50 and len(_ids(client, "?page=2")) == 5
    assert len(_ids(client, "?page=-3")) == 50


def test_the_csv_export_holds_the_filtered_rows_with_a_bom_and_no_formula(client, login_as, log, factories):
    record(None, "producer.edit", factories.producer(name="=HYPERLINK(\"http://evil.example\")"),
           changes={"note": ["@SUM(A1)", "+1"]}, reason="-2+3")
    db.session.commit()
    login_as("admin")
    response = client.get("/vi/admin/audit.csv?object_type=Producer")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    raw = response.data
    assert raw.startswith(b"\xef\xbb\xbf") and b"\r\n" in raw
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
    header, body = rows[0], rows[1:]
    assert len(header) == 10 and len(body) == 4  # the three producer rows and the new one
    evil = body[0]
    assert evil[7] == "'=HYPERLINK(\"http://evil.example\")" and evil[9] == "'-2+3"
    for row in rows:
        for cell in row:
            assert not cell.startswith(("=", "+", "-", "@")), cell
    suspend = next(row for row in body if row[3] == "producer.suspend")
    assert suspend[0] == "2026-03-02 00:00:00" and suspend[1] == "minh@office.example"
    assert "status: approved → suspended" in suspend[8] and suspend[9] == "Hồ sơ thiếu"


def test_there_is_no_route_that_changes_the_log(app):
    audit_rules = [rule for rule in app.url_map.iter_rules() if rule.endpoint.startswith("admin.audit")]
    assert {rule.endpoint for rule in audit_rules} == {"admin.audit", "admin.audit_csv"}
    assert all(rule.methods <= {"GET", "HEAD", "OPTIONS"} for rule in audit_rules)


def test_an_object_links_to_its_back_office_page_when_there_is_one(client, login_as, log, app):
    login_as("admin")
    page = client.get("/vi/admin/audit").get_data(as_text=True)
    certificate_id = db.session.get(AuditLog, log["revoke"]).object_id
    assert f'href="/vi/admin/certificates/{certificate_id}">CB-2025-017</a>' in page
    producer = db.session.get(Producer, db.session.get(AuditLog, log["approve"]).object_id)
    if "admin.producer" in app.view_functions:  # the producers' pages are keyed by slug
        assert f'href="/vi/admin/producers/{producer.slug}">HTX Miến dong Phia Đén</a>' in page


@pytest.mark.parametrize("query", ["?since=0001-01-01", "?until=9999-12-31", "?object=%C2%B2", "?object=99999999999999",
                                   "?object=%25_%5C", "?page=99999999999999999999"])
def test_odd_filter_values_never_fail(client, login_as, log, query):
    login_as("admin")
    assert client.get(f"/vi/admin/audit{query}").status_code == 200
    assert client.get(f"/vi/admin/audit.csv{query}").status_code == 200
