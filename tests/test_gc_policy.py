"""The collector settles a serving process once: young threshold raised at start, long-lived
objects frozen after the warm-up requests (ocop_shop/gc_policy.py); tests keep the defaults."""
from __future__ import annotations

import gc

import pytest
from flask import Flask

from ocop_shop import gc_policy


@pytest.fixture
def restored_gc():
    """Whatever a test does to the collector is undone afterwards."""
    threshold = gc.get_threshold()
    yield
    gc.unfreeze()
    gc.set_threshold(*threshold)


def test_a_serving_app_raises_the_young_threshold_and_freezes_once_after_the_warm_up(restored_gc, monkeypatch):
    monkeypatch.setattr(gc_policy, "_served", iter(range(1, 1_000)))
    app = Flask(__name__)
    app.get("/")(lambda: "ok")
    gc_policy.init_app(app)
    assert gc.get_threshold()[0] == gc_policy.YOUNG_THRESHOLD
    client = app.test_client()
    for _ in range(gc_policy.WARM_UP - 1):
        assert client.get("/").text == "ok"
    assert gc.get_freeze_count() == 0
    client.get("/")
    frozen = gc.get_freeze_count()
    assert frozen > 10_000  # the modules, the app and everything else alive by then
    client.get("/")
    assert gc.get_freeze_count() == frozen  # once per process


def test_a_test_app_leaves_the_collector_alone(restored_gc):
    gc.set_threshold(700, 10, 10)
    app = Flask(__name__)
    app.testing = True
    gc_policy.init_app(app)
    assert gc.get_threshold() == (700, 10, 10)
    assert not app.teardown_request_funcs
    assert not gc_policy.settle_after(gc_policy.WARM_UP - 1)
