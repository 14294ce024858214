"""Jobs on RQ (Redis): an email queued by a request is sent by a worker, once; lost jobs cost nothing.

Uses the machine's Redis (database 14, emptied by each test); skipped without one unless
REQUIRE_REDIS=1 (set by .ci/run).
"""
from __future__ import annotations


import pytest
from flask import has_request_context
from sqlalchemy import select

from ocop_shop import jobs, mail
from ocop_shop.extensions import db
from ocop_shop.mail import OutboxEmail

from .redis_queue import flushed
from .redis_queue import work_off as _work_off

REDIS_JOBS_DB = "redis://127.0.0.1:6379/14"
pytestmark = pytest.mark.config(REDIS_URL=REDIS_JOBS_DB, JOBS_BACKEND="rq")


@pytest.fixture
def redis_server():
    yield from flushed(REDIS_JOBS_DB)


def _place_an_order(client, factories, make_product):
    from .test_payments import add, details, place

    factories.shipping_rules()
    product = make_product(stock=5)
    db.session.commit()
    add(client, product)
    details(client)
    response, _ = place(client)
    assert response.status_code == 302


def _statuses() -> list[str]:
    db.session.expire_all()
    return list(db.session.scalars(select(OutboxEmail.status)))


def test_a_request_queues_the_email_and_the_worker_sends_it_once(app, client, factories, make_product,
                                                                 monkeypatch, redis_server):
    sent = []
    monkeypatch.setattr(mail, "deliver", lambda row: sent.append((row.id, has_request_context())))
    _place_an_order(client, factories, make_product)
    assert sent == [] and _statuses() == ["pending"]  # the web process did not send it
    assert jobs._queue(app).count == 1
    _work_off(app)
    assert [in_request for _, in_request in sent] == [False] and _statuses() == ["sent"]
    jobs.run_command("mail send-pending")  # a second run (the schedule, a retried job) sends nothing more
    assert len(sent) == 1


def test_a_lost_job_is_picked_up_by_the_scheduled_run(app, client, factories, make_product, monkeypatch,
                                                      redis_server):
    sent = []
    monkeypatch.setattr(mail, "deliver", lambda row: sent.append(row.id))
    _place_an_order(client, factories, make_product)
    redis_server.flushdb()  # the queue lost the job (Redis restarted without persistence)
    assert _statuses() == ["pending"]
    jobs.run_command("mail send-pending")  # what the cron schedule enqueues every minute
    assert len(sent) == 1 and _statuses() == ["sent"]


def test_a_failing_job_is_retried_with_backoff(app, redis_server):
    with app.app_context():
        assert jobs.enqueue("mail send-pending")
        [job] = jobs._queue(app).jobs
    assert job.retries_left == len(jobs.RETRY_INTERVALS)
    assert list(job.retry_intervals) == list(jobs.RETRY_INTERVALS)


@pytest.mark.config(REDIS_URL="redis://127.0.0.1:1/0")
def test_without_a_reachable_redis_the_request_sends_the_email_itself(client, factories, make_product, monkeypatch):
    sent = []
    monkeypatch.setattr(mail, "deliver", lambda row: sent.append(has_request_context()))
    _place_an_order(client, factories, make_product)
    assert sent == [False] and _statuses() == ["sent"]


def test_every_scheduled_command_exists(app):
    for command, _every in jobs.SCHEDULE:
        group, *names = command.split()
        target = app.cli.get_command(None, group)
        for name in names:
            target = target.get_command(None, name)
        assert target is not None, command


@pytest.mark.config(JOBS_BACKEND="inline")
def test_inline_backend_keeps_jobs_in_the_process(app):
    with app.app_context():
        assert not jobs.enabled()
