"""Picture renditions as a job: made in the request without a queue; with RQ on Redis (database 8)
the master is shown until a worker makes them; idempotent; a lost job is made by the sweep.

Redis tests skip without a Redis on 127.0.0.1:6379 unless REQUIRE_REDIS=1 (set by .ci/run).
"""
from __future__ import annotations

import io
import re

import pytest
from PIL import Image

from ocop_shop import blob_store, jobs, storage

from .redis_queue import flushed
from .redis_queue import work_off as _work_off
from .test_portal_uploads import _images, _jpeg, _upload, draft  # noqa: F401  (draft: a fixture)

REDIS_IMAGES_DB = "redis://127.0.0.1:6379/8"
on_redis = pytest.mark.config(REDIS_URL=REDIS_IMAGES_DB, JOBS_BACKEND="rq")


@pytest.fixture
def redis_queue():
    yield from flushed(REDIS_IMAGES_DB)


def _picture(width=1200, height=900) -> Image.Image:
    image = Image.new("RGB", (width, height), (43, 58, 103))
    image.paste((220, 160, 30), (0, 0, width // 2, height // 3))
    return image


def _png(width=1200, height=900) -> bytes:
    out = io.BytesIO()
    _picture(width, height).save(out, "PNG")
    return out.getvalue()


def _names(key: str) -> list[str]:
    return sorted(name for name in blob_store.store().names() if key in name)


def _renditions(key: str, width: int) -> list[str]:
    return sorted(storage.rendition_name(key, w) for w in storage.available_widths(width))


def test_without_a_queue_the_renditions_are_made_in_the_request(app):
    stored = storage.save_image(_png())
    assert _names(stored.key) == _renditions(stored.key, 1200)
    assert storage.pending_keys() == []


@on_redis
def test_on_the_queue_the_page_shows_the_master_until_the_worker_made_the_renditions(app, client, draft,
                                                                                      redis_queue):
    response = _upload(client, draft.id, _jpeg(1200, 900), "miến.jpg", alt_vi="Miến dong")
    assert response.status_code == 302
    [image] = _images(draft.id)
    assert _names(image.key) == [storage.master_name(image.key)]
    assert jobs._queue(app).count == 1
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    sources = set(re.findall(rf'/media/{image.key}-\d+\.webp', page))
    assert sources
    for url in sources:
        before = client.get(url)
        assert before.status_code == 200 and before.mimetype == "image/webp"
        assert before.headers["Cache-Control"] == "no-cache"
        assert Image.open(io.BytesIO(before.data)).size == (1200, 900)
    _work_off(app)
    assert _names(image.key) == _renditions(image.key, 1200)
    for url in sources:
        after = client.get(url)
        width = int(url.rsplit("-", 1)[1].removesuffix(".webp"))
        assert "max-age=31536000" in after.headers["Cache-Control"]
        assert Image.open(io.BytesIO(after.data)).width == width


@on_redis
def test_a_bad_upload_is_still_refused_in_the_request_and_nothing_is_queued(app, client, draft, redis_queue):
    html = _upload(client, draft.id, b"This is a letter, not a picture.\n" * 40, "a.jpg").get_data(as_text=True)
    assert "không phải ảnh JPEG, PNG hay WebP" in html
    assert list(blob_store.store().names()) == [] and jobs._queue(app).count == 0


def test_the_job_is_idempotent(app):
    key = "ab" + "0" * 30
    storage.put_master(key, _picture())
    assert storage.make_renditions(key) is True
    first = {name: blob_store.store().get(name) for name in _names(key)}
    assert sorted(first) == _renditions(key, 1200)
    assert storage.make_renditions(key) is False  # done already: nothing to do
    storage.put_master(key, _picture())  # the same master again (a retried or duplicated job)
    assert storage.make_renditions(key) is True
    assert {name: blob_store.store().get(name) for name in _names(key)} == first


@on_redis
def test_a_lost_job_is_made_by_the_sweep(app, redis_queue, monkeypatch):
    monkeypatch.setattr(jobs, "enqueue_call", lambda *args, **kwargs: True)  # taken, then lost
    stored = storage.save_image(_png(800, 600))
    assert storage.pending_keys() == [stored.key]
    runner = app.test_cli_runner()
    result = runner.invoke(args=["images", "sweep"])
    assert result.exit_code == 0 and "1 picture" in result.output
    assert _names(stored.key) == _renditions(stored.key, 800)
    assert runner.invoke(args=["images", "sweep"]).output.startswith("Renditions made for 0 picture")


@on_redis
def test_the_scheduled_sweep_runs_on_the_worker(app, redis_queue):
    assert ("images sweep", 300) in jobs.SCHEDULE
    key = "cd" + "1" * 30
    storage.put_master(key, _picture(500, 400))  # a master whose job never reached Redis
    assert jobs.enqueue("images sweep")  # what `flask jobs cron` queues every five minutes
    _work_off(app)
    assert _names(key) == _renditions(key, 500) and storage.pending_keys() == []


@pytest.mark.config(REDIS_URL="redis://127.0.0.1:1/0", JOBS_BACKEND="rq")
def test_without_a_reachable_redis_the_request_makes_the_renditions(app):
    stored = storage.save_image(_png(700, 500))
    assert _names(stored.key) == _renditions(stored.key, 700)
