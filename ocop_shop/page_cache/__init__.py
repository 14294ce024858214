"""A page cache that is never wrong: anonymous public pages served without running their view.

- store.py: Flask-Caching (memory, or Redis with REDIS_URL); entries with an app-clock deadline.
- policy.py: the pages that may be cached (an allow-list) and the visitors and answers that may share them.
- tokens.py: CSRF tokens stored as a sentinel, the visitor's own token put in when served.
- version.py / listeners.py: the version stamp in every key, bumped after each commit that
  changes what pages show (the app factory lists the tables).
- expiry.py: an entry lives no longer than the next moment its content changes by itself.
- serve.py: the before/after request hooks and the `X-Cache: hit|miss|bypass` header.
- commands.py: `flask page-cache clear` (after a deploy: templates and static files changed).

`PAGE_CACHE=off` turns it all off (no hooks, no listeners' work, no header).
"""
from __future__ import annotations

from typing import Iterable

from flask import Flask

from . import commands, expiry, listeners, serve, store


def init_app(app: Flask, watched: Iterable, next_changes: Iterable[expiry.NextChange]) -> None:
    """Turn the cache on unless PAGE_CACHE is off; `watched` tables invalidate, `next_changes` expire."""
    if str(app.config.get("PAGE_CACHE", "on")).strip().lower() in {"off", "0", "false", "no"}:
        return
    store.init_app(app)
    listeners.register(app, watched)
    expiry.register(app, next_changes)
    app.before_request(serve.look_up)
    app.after_request(serve.finish)
    app.cli.add_command(commands.page_cache_cli)
