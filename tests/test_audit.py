"""The audit log: append-only, and every POST route of the back office writes a row."""
from __future__ import annotations

import pytest
from sqlalchemy import delete, func, select, update

from ocop_shop.audit import AuditLog, AuditLogIsAppendOnly, changes_since, record, snapshot
from ocop_shop.extensions import db

from .admin_cases import World, load_all
from .conftest import post_form


def test_record_keeps_who_what_old_new_and_why(factories):
    admin = factories.user(role="admin", email="office@test.example")
    producer = factories.producer(name="HTX Thử")
    before = snapshot(producer, ("status", "status_reason"))
    producer.status, producer.status_reason = "suspended", "Hồ sơ thiếu"
    entry = record(admin, "producer.suspend", producer, changes=changes_since(before, producer), reason="Hồ sơ thiếu")
    db.session.commit()
    row = db.session.get(AuditLog, entry.id)
    assert (row.actor_id, row.actor_label, row.source) == (admin.id, "office@test.example", "web")
    assert (row.object_type, row.object_id, row.object_label) == ("Producer", producer.id, "HTX Thử")
    assert row.changes == {"status": ["approved", "suspended"], "status_reason": [None, "Hồ sơ thiếu"]}
    assert row.reason == "Hồ sơ thiếu"


def test_a_command_is_recorded_as_the_command_line(factories):
    producer = factories.producer()
    entry = record(None, "producer.approve", producer)
    assert entry.source == "cli" and entry.actor_id is None
    assert entry.actor_label.startswith("command line")


def test_audit_rows_cannot_be_changed_or_deleted(factories):
    entry = record(None, "producer.approve", factories.producer())
    db.session.commit()
    entry.reason = "rewritten"
    with pytest.raises(AuditLogIsAppendOnly):
        db.session.flush()
    db.session.rollback()
    db.session.delete(db.session.get(AuditLog, entry.id))
    with pytest.raises(AuditLogIsAppendOnly):
        db.session.flush()
    db.session.rollback()
    with pytest.raises(AuditLogIsAppendOnly):
        db.session.execute(update(AuditLog).values(reason="x"))
    with pytest.raises(AuditLogIsAppendOnly):
        db.session.execute(delete(AuditLog))
    db.session.rollback()
    assert db.session.get(AuditLog, entry.id).reason is None


def _admin_post_endpoints(app) -> set[str]:
    return {rule.endpoint for rule in app.url_map.iter_rules()
            if rule.endpoint.startswith("admin.") and "POST" in rule.methods}


def test_every_admin_post_route_has_an_audit_case(app):
    cases = load_all()
    missing = sorted(_admin_post_endpoints(app) - set(cases))
    assert not missing, f"admin POST routes without a case in tests/admin_cases: {missing}"
    unknown = sorted(set(cases) - _admin_post_endpoints(app))
    assert not unknown, f"cases for routes that do not exist: {unknown}"


@pytest.mark.parametrize("endpoint", sorted(load_all()))
def test_each_admin_post_writes_an_audit_row(endpoint, client, factories, login_as):
    admin = login_as("admin")
    before = db.session.scalar(select(func.count(AuditLog.id)))
    load_all()[endpoint](World(client=client, factories=factories, admin=admin, post_form=post_form))
    db.session.expire_all()
    rows = db.session.scalars(select(AuditLog).where(AuditLog.id > 0).order_by(AuditLog.id)).all()
    assert len(rows) > before, f"{endpoint} wrote no audit row"
    assert all(row.actor_id == admin.id for row in rows[before:]), "audit rows name the office user"
