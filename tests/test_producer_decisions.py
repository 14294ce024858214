"""The office's decisions on producers at the service level: of two decisions at once exactly one
lands (a conditional UPDATE checked by row count), and the CLI calls the same audited services."""
from __future__ import annotations

import pytest
from sqlalchemy import update

from ocop_shop.extensions import db
from ocop_shop.producers import services
from ocop_shop.producers.errors import ProducerError
from ocop_shop.producers.models import Producer

from .test_admin_producers import audit_rows, fresh, shop  # noqa: F401  (shop is a fixture)


def test_of_two_decisions_at_once_exactly_one_wins(app, shop):
    """Both deciders loaded the pending producer; the approval lands first (another session)."""
    stale = db.session.get(Producer, shop["pending"].id)
    with db.engine.begin() as other:  # the other office worker's approval, committed meanwhile
        other.execute(update(Producer).where(Producer.id == stale.id, Producer.status == "pending")
                      .values(status="approved"))
    assert stale.status == "pending"  # what the loser still sees
    with pytest.raises(ProducerError):
        services.reject(stale, "Hồ sơ thiếu", by=None)
    db.session.rollback()
    saved = fresh(shop["pending"].id)
    assert saved.status == "approved" and saved.status_reason is None
    assert audit_rows("producer.reject") == []


def test_the_same_decision_twice_is_applied_once(app, shop):
    first = db.session.get(Producer, shop["coop"].id)
    services.suspend(first, "Kiểm tra chất lượng", by=None)
    db.session.commit()
    with pytest.raises(ProducerError):
        services.suspend(first, "Kiểm tra lần hai", by=None)
    db.session.rollback()
    assert fresh(first.id).status_reason == "Kiểm tra chất lượng"
    assert len(audit_rows("producer.suspend")) == 1


@pytest.mark.parametrize("args, status", [
    (["approve", "{slug}"], "approved"),
    (["reject", "{slug}", "--reason", "Sai mã số thuế"], "rejected"),
])
def test_the_commands_call_the_same_services_and_are_audited(app, shop, args, status):
    slug = shop["pending"].slug
    result = app.test_cli_runner().invoke(args=["producers", *[a.format(slug=slug) for a in args]])
    assert result.exit_code == 0, result.output
    assert fresh(shop["pending"].id).status == status
    row = audit_rows(f"producer.{args[0]}")[-1]
    assert row.source == "cli" and row.actor_id is None and row.object_id == shop["pending"].id


def test_a_command_refused_by_the_state_writes_nothing(app, shop):
    result = app.test_cli_runner().invoke(args=["producers", "suspend", shop["firm"].slug, "--reason", "Lần nữa"])
    assert result.exit_code != 0 and "Error" in result.output
    assert audit_rows("producer.suspend") == []
