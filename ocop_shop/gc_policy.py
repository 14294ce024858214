"""Garbage collection for a long-running web process (issue #14: every request's fixed cost).

CPython's cycle collector has three generations. Two things made it expensive here:

- **Full collections walk every tracked object**: about 190,000 once the app is loaded and warm
  (modules, the app, compiled templates and statements), ~110 ms on the development machine.
  The catalog page set one off every ~300 requests: 0.4 ms a request on average, and a 110 ms
  stall for the request it lands in. `gc.freeze()` (Python's documented switch for long-lived
  objects) moves everything alive at one moment to a permanent generation that collections
  never walk. It runs once per process, after WARM_UP requests (templates compiled, statement
  caches filled), preceded by one full collection so no garbage is frozen.
- **The youngest generation was collected one to three times per page**: a catalog or search
  page holds 1,000–3,000 container objects at its peak (rows, cards, template contexts), over
  the default threshold of 700 net allocations. At YOUNG_THRESHOLD the count falls back when
  the request's objects are freed, so a collection comes only every few dozen pages, and
  cyclic garbage still goes within a few thousand objects.

What is frozen is never freed by the collector: only what was alive at that moment, once per
process (`tests/test_gc_policy.py`). Tests (app.testing) keep Python's defaults.
"""
from __future__ import annotations

import gc
from itertools import count

from flask import Flask

WARM_UP = 50
YOUNG_THRESHOLD = 5_000

_served = count(1)  # requests torn down in this process (next() is atomic under the GIL)


def settle_after(served: int) -> bool:
    """Freeze the process's long-lived objects when `served` reaches WARM_UP (once); True then."""
    if served != WARM_UP:
        return False
    gc.collect()
    gc.freeze()
    return True


def init_app(app: Flask) -> None:
    """Raise the young threshold now; freeze after the process's first WARM_UP requests."""
    if app.testing:
        return
    _, middle, old = gc.get_threshold()
    gc.set_threshold(YOUNG_THRESHOLD, middle, old)

    @app.teardown_request
    def _settle(_exc) -> None:
        settle_after(next(_served))
