"""Importing the office's certificate register from CSV: the dry run, the all-or-nothing confirm, bad input."""
from __future__ import annotations

import csv
import io
import re
from datetime import date, timedelta
from html import unescape

import pytest
from sqlalchemy import func, select

from ocop_shop.admin.views.certificate_import import _signer
from ocop_shop.audit import AuditLog
from ocop_shop.catalog.certificate_import import COLUMNS
from ocop_shop.catalog.models import Certification
from ocop_shop.extensions import db
from ocop_shop.producers.models import Producer
from ocop_shop.timeutil import local_today

from .admin_cases import World
from .admin_cases.certificates import PAYLOAD, certificate_count, import_csv, text
from .conftest import post_form

HEADER = ",".join(COLUMNS)
ISSUED = (local_today() - timedelta(days=30)).isoformat()


@pytest.fixture
def office(login_as):
    return login_as("admin")


@pytest.fixture
def world(client, factories, office):
    return World(client=client, factories=factories, admin=office, post_form=post_form)


@pytest.fixture
def catalog(factories):
    """Two producers with their products; rows name them by slug (see `row`)."""
    mien = factories.producer(name="HTX Miến dong Phja Đén")
    tra = factories.producer(name="HTX Trà Hoa Vàng")
    slugs = {"htx-mien": mien.slug, "htx-tra": tra.slug}
    for key, name, producer in (("mien-500", "Miến dong 500 g", mien), ("mien-1kg", "Miến dong 1 kg", mien),
                                ("tra-hoa-vang", "Trà hoa vàng", tra)):
        slugs[key] = factories.product(name=name, producer=producer).slug
    db.session.commit()
    SLUGS.clear()
    SLUGS.update(slugs)
    return {"mien": mien.id, "tra": tra.id}


SLUGS: dict[str, str] = {}


def _slugs(value: str) -> str:
    """Short names in the rows → the real slugs the factories made."""
    return ";".join(SLUGS.get(part.strip(), part) for part in value.split(";"))


def row(number="CN-1", stars="4", score="78", decision="12/QĐ-UBND", decision_date=ISSUED, level="province",
        issued=ISSUED, expires="", producer="htx-mien", products="mien-500") -> str:
    return ",".join([number, stars, score, decision, decision_date, level, issued, expires, SLUGS.get(producer, producer),
                     _slugs(products)])


def upload(client, content: bytes | str, filename="so-dang-ky.csv", lang="vi"):
    data = content.encode("utf-8") if isinstance(content, str) else content
    return post_form(client, f"/{lang}/admin/certificates/import",
                     {"file": (io.BytesIO(data), filename)}, content_type="multipart/form-data")


def confirm(client, dry_run_html: str):
    payload = unescape(PAYLOAD.search(dry_run_html).group(1))
    return post_form(client, "/vi/admin/certificates/import", {"confirm-payload": payload},
                     post_url="/vi/admin/certificates/import/confirm")


def results(html: str) -> list[tuple[str, str]]:
    """(row number, result word) for every row of the dry run."""
    return re.findall(r"<tr[^>]*>\s*<td>(\d+)</td>\s*<td>[^<]*</td>\s*<td><span class=\"tag[^\"]*\">([^<]+)</span>", html)


def test_dry_run_shows_every_row_and_writes_nothing(client, office, catalog, factories):
    old = factories.product(producer=db.session.get(Producer, catalog["mien"]))
    factories.certification(old, number="CN-OLD", stars=3)
    SLUGS["mien-cu"] = old.slug
    db.session.commit()
    content = "\n".join([HEADER, row("CN-1", products="mien-500; Miến dong 1 kg"),
                         row("CN-OLD", stars="3", score="61", products="mien-cu"),
                         row("CN-3", score="65")])
    response = upload(client, content)
    html = text(response)
    assert response.status_code == 200
    assert results(html) == [("2", "sẽ ghi nhận mới"), ("3", "sẽ cập nhật"), ("4", "lỗi")]
    assert "Hạng 4 sao cần điểm từ 70 đến 89; 65 điểm là hạng 3 sao." in html
    assert "Xác nhận nhập" not in html  # one error: nothing can be confirmed
    assert certificate_count() == 1 and db.session.scalar(select(func.count(AuditLog.id))) == 0


def test_confirm_writes_every_row_in_one_go_and_is_audited(client, office, catalog, world):
    content = "\n".join([HEADER, row("CN-1", products="mien-500;mien-1kg"),
                         row("CN-2", stars="5", score="95", level="national", producer="HTX Trà Hoa Vàng",
                             products="tra-hoa-vang", expires="2030-01-31")])
    response = import_csv(world, content)
    assert response.status_code == 302
    db.session.expire_all()
    certs = {c.number: c for c in db.session.scalars(select(Certification))}
    assert set(certs) == {"CN-1", "CN-2"}
    assert certs["CN-2"].expires_on == date(2030, 1, 31)
    assert certs["CN-1"].expires_on == date.fromisoformat(ISSUED).replace(year=date.fromisoformat(ISSUED).year + 3)
    summary = db.session.scalar(select(AuditLog).where(AuditLog.action == "certificate.import"))
    assert summary.changes == {"created": [None, 2], "updated": [None, 0], "unchanged": [None, 0]}
    assert summary.object_label == "so-dang-ky.csv" and summary.actor_id == world.admin.id
    assert db.session.scalar(select(func.count(AuditLog.id)).where(AuditLog.action == "certificate.record")) == 2
    listing = text(client.get("/vi/admin/certificates"))
    assert ">CN-1</a>" in listing and ">CN-2</a>" in listing


def test_an_update_changes_the_facts_and_records_old_and_new(client, office, catalog, factories, world):
    old = factories.product(producer=db.session.get(Producer, catalog["mien"]))
    factories.certification(old, number="CN-9", stars=3)
    SLUGS["mien-2kg"] = old.slug
    db.session.commit()
    assert import_csv(world, "\n".join([HEADER, row("CN-9", products="mien-2kg;mien-500")])).status_code == 302
    db.session.expire_all()
    cert = db.session.scalar(select(Certification).where(Certification.number == "CN-9"))
    assert (cert.stars, cert.score) == (4, 78)
    entry = db.session.scalar(select(AuditLog).where(AuditLog.action == "certificate.update"))
    assert entry.changes["stars"] == [3, 4] and entry.changes["products"] == [[old.slug], sorted([old.slug, SLUGS["mien-500"]])]


def test_the_import_is_all_or_nothing_when_the_register_changed_before_the_confirm(client, office, catalog, factories):
    content = "\n".join([HEADER, row("CN-1"), row("CN-2"), row("CN-3")])
    dry_run = text(upload(client, content))
    assert [result for _row, result in results(dry_run)] == ["sẽ ghi nhận mới"] * 3
    factories.certification(factories.product(), number="CN-3")  # someone records row 4's number meanwhile
    db.session.commit()
    response = confirm(client, dry_run)
    assert response.status_code == 409
    assert "Sổ theo dõi đã thay đổi từ lúc chạy thử" in text(response)
    assert "đã được ghi nhận cho sản phẩm của cơ sở khác" in text(response)
    assert certificate_count() == 1  # neither CN-1 nor CN-2 was written
    assert db.session.scalar(select(func.count(AuditLog.id)).where(AuditLog.action.like("certificate.%"))) == 0


def test_a_changed_or_foreign_confirmation_is_refused(client, office, catalog, factories):
    dry_run = text(upload(client, "\n".join([HEADER, row("CN-1")])))
    payload = unescape(PAYLOAD.search(dry_run).group(1))
    tampered = post_form(client, "/vi/admin/certificates/import", {"confirm-payload": payload[:-2] + "xx"},
                         post_url="/vi/admin/certificates/import/confirm")
    assert tampered.status_code == 302 and tampered.headers["Location"].endswith("/vi/admin/certificates/import")
    other = factories.user(role="admin", email="other@office.example")
    db.session.commit()
    signed = _signer().loads(payload)
    for_other = _signer().dumps({**signed, "user": other.id})  # a confirmation made for another office user
    foreign = post_form(client, "/vi/admin/certificates/import", {"confirm-payload": for_other},
                        post_url="/vi/admin/certificates/import/confirm")
    assert foreign.status_code == 302 and certificate_count() == 0


@pytest.mark.parametrize("prefix", [b"", b"\xef\xbb\xbf"], ids=["plain", "bom"])
def test_utf8_with_or_without_bom_is_read(client, office, catalog, prefix):
    content = prefix + "\r\n".join([HEADER, row("CN-1", products="Miến dong 500 g")]).encode("utf-8")
    assert results(text(upload(client, content))) == [("2", "sẽ ghi nhận mới")]


@pytest.mark.parametrize("lang, message", [
    ("vi", "Dòng 2 không phải văn bản UTF-8."),
    ("en", "Row 2 is not UTF-8 text."),
])
def test_another_encoding_is_refused_with_its_row(client, office, catalog, lang, message):
    content = "\n".join([HEADER, row("CN-1"), row("CN-2")]).encode("cp1258")  # Windows Vietnamese: QĐ is not UTF-8
    html = text(upload(client, content, lang=lang))
    assert message in html and PAYLOAD.search(html) is None and certificate_count() == 0


def test_a_wrong_header_is_refused(client, office, catalog):
    html = text(upload(client, "number,stars,points,decision_number\n" + row()))
    assert "Dòng tiêu đề thiếu cột: score, decision_date" in html
    assert "Dòng tiêu đề có cột không rõ: points" in html
    assert PAYLOAD.search(html) is None


@pytest.mark.parametrize("bad, message", [
    ({"number": "CN-1"}, "Giấy chứng nhận CN-1 đã có ở dòng 2 của tệp."),
    ({"producer": "htx-khong-co"}, "Không có cơ sở “htx-khong-co”"),
    ({"products": "mien-khong-co"}, "Không có sản phẩm “mien-khong-co” của HTX Miến dong Phja Đén"),
    ({"products": "mien-500;tra-hoa-vang"}, "Trà hoa vàng thuộc cơ sở khác, không phải HTX Miến dong Phja Đén"),
    ({"issued": "31/02/2025"}, "issued_on: “31/02/2025” không phải là ngày"),
    ({"stars": "4", "score": "92"}, "Hạng 4 sao cần điểm từ 70 đến 89; 92 điểm là hạng 5 sao."),
    ({"expires": "2020-01-01"}, "Ngày hết hạn không thể trước ngày cấp."),
    ({"level": "district", "issued": "2025-08-01", "stars": "3", "score": "55"},
     "Cấp huyện chỉ cấp giấy chứng nhận trước ngày 01/07/2025"),
    ({"level": "xã"}, "Cấp “xã” không rõ"),
    ({"score": ""}, "Cột score đang trống."),
    (None, "Dòng này có 3 ô; dòng tiêu đề có 10 cột."),
], ids=["duplicate", "producer", "product", "other-producer", "date", "band", "expiry", "district", "level",
        "empty", "cells"])
def test_bad_rows_are_errors_with_their_reason_and_nothing_is_written(client, office, catalog, bad, message):
    bad_row = row(**{"number": "CN-2", **bad}) if bad is not None else "CN-2,4,78"
    html = text(upload(client, "\n".join([HEADER, row("CN-1"), bad_row])))
    assert message in html, html[html.find("<tbody>"):][:1500]
    assert ("3", "lỗi") in results(html) and PAYLOAD.search(html) is None
    assert certificate_count() == 0


def test_an_existing_number_of_another_producer_is_not_overwritten(client, office, catalog, factories):
    factories.certification(factories.product(), number="CN-1")
    db.session.commit()
    html = text(upload(client, "\n".join([HEADER, row("cn-1")])))
    assert "Số giấy chứng nhận CN-1 đã được ghi nhận cho sản phẩm của cơ sở khác." in html


def test_the_template_lists_the_columns_and_reads_back(client, office, catalog):
    response = client.get("/vi/admin/certificates/import/template.csv")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert response.data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(response.data.decode("utf-8-sig"))))
    assert tuple(rows[0]) == COLUMNS
    html = text(upload(client, response.data))
    assert results(html) == [("2", "lỗi")] and "Không có cơ sở “htx-vi-du”" in html  # read, checked, refused
    page = text(client.get("/vi/admin/certificates/import"))
    for column in COLUMNS:
        assert f"<code>{column}</code>" in page


def test_a_500_row_register_is_checked_and_imported(client, office, factories, world):
    producer = factories.producer()
    SLUGS.clear()
    SLUGS["htx-lon"] = producer.slug
    for n in range(50):
        SLUGS[f"sp-{n}"] = factories.product(producer=producer).slug
    db.session.commit()
    rows = [row(f"CN-{n:04d}", producer="htx-lon", products=f"sp-{n % 50};sp-{(n + 1) % 50}") for n in range(500)]
    response = import_csv(world, "\n".join([HEADER, *rows]))
    assert response.status_code == 302
    assert certificate_count() == 500
    summary = db.session.scalar(select(AuditLog).where(AuditLog.action == "certificate.import"))
    assert summary.changes["created"] == [None, 500]


def test_the_commands_import_and_revoke_through_the_same_services(app, catalog, tmp_path):
    register_file = tmp_path / "so-dang-ky.csv"
    register_file.write_text("\n".join([HEADER, row("CN-1"), row("CN-2", score="65")]), encoding="utf-8")
    runner = app.test_cli_runner()
    refused = runner.invoke(args=["certificates", "import", str(register_file), "--apply"])
    assert refused.exit_code == 1 and "row 3: CN-2: error" in refused.output and certificate_count() == 0
    register_file.write_text("\n".join([HEADER, row("CN-1"), row("CN-2")]), encoding="utf-8")
    dry = runner.invoke(args=["certificates", "import", str(register_file)])
    assert dry.exit_code == 0 and "2 to record" in dry.output and certificate_count() == 0
    done = runner.invoke(args=["certificates", "import", str(register_file), "--apply"])
    assert done.exit_code == 0 and "2 recorded" in done.output and certificate_count() == 2
    revoked = runner.invoke(args=["certificates", "revoke", "cn-2", "--reason", "Không duy trì chất lượng"])
    assert revoked.exit_code == 0, revoked.output
    again = runner.invoke(args=["certificates", "revoke", "CN-2", "--reason", "Lần hai"])
    assert again.exit_code == 1
    db.session.expire_all()
    rows = db.session.scalars(select(AuditLog).order_by(AuditLog.id)).all()
    assert {row.action for row in rows} == {"certificate.record", "certificate.import", "certificate.revoke"}
    assert all(row.source == "cli" and row.actor_id is None for row in rows)
