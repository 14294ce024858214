"""Until when a page may be served from the cache: no later than the next moment its content
changes by itself, and never longer than MAX_AGE.

The rules that change pages with the passing of time say when they next do so; the app factory
registers them (`init_app(next_changes=…)`): each is a function of the moment (aware UTC) that
returns the next moment (aware UTC) its answers change, or None. Changes made by people bump the
version stamp instead (listeners.py).
"""
from __future__ import annotations

from datetime import datetime, timedelta
from typing import Callable, Iterable

from flask import Flask, current_app

MAX_AGE = timedelta(minutes=10)
EXTENSION_KEY = "ocop_page_cache_changes"

NextChange = Callable[[datetime], "datetime | None"]


def register(app: Flask, next_changes: Iterable[NextChange]) -> None:
    app.extensions[EXTENSION_KEY] = tuple(next_changes)


def valid_until(now: datetime) -> datetime:
    """The earliest of now + MAX_AGE and every registered rule's next change after now."""
    until = now + MAX_AGE
    for next_change in current_app.extensions.get(EXTENSION_KEY, ()):
        moment = next_change(now)
        if moment is not None and moment < until:
            until = moment
    return until
