"""Who is acting right now: the signed-in person, Stripe, a cron command, or the system.

State changes that keep a history (the order timeline) read the actor from here instead of
from the request, so services stay free of request objects. Each entry point says who acts:
`init_app` sets the signed-in user for every request; the Stripe webhook and the CLI commands
wrap their work in `acting_as(label=…)`. Outside any of them the actor is "system".
"""
from __future__ import annotations

from contextlib import contextmanager, suppress
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Iterator


@dataclass(frozen=True)
class Actor:
    """A person (user id and a label to show) or a named process (no user id)."""

    user_id: int | None
    label: str


SYSTEM = Actor(None, "system")
VISITOR = Actor(None, "visitor")  # a request nobody signed in to
_current: ContextVar[Actor] = ContextVar("ocop_actor", default=SYSTEM)


def current_actor() -> Actor:
    """The actor of the current request or command."""
    return _current.get()


def actor_for(user) -> Actor:
    """The actor for a user (their email, else phone, else name), or SYSTEM for None."""
    if user is None:
        return SYSTEM
    return Actor(user.id, user.email or user.phone or user.name or f"user {user.id}")


@contextmanager
def acting_as(user=None, label: str | None = None) -> Iterator[Actor]:
    """Run a block as a user, or as a named process ("stripe", "cron: orders expire")."""
    actor = actor_for(user) if user is not None else Actor(None, label or SYSTEM.label)
    token = _current.set(actor)
    try:
        yield actor
    finally:
        _current.reset(token)


def init_app(app) -> None:
    """Each request acts as its signed-in user (or an anonymous visitor)."""
    from flask import g
    from flask_login import current_user

    @app.before_request
    def _set_actor():
        user = current_user._get_current_object()  # one proxy lookup, not three
        g._actor_token = _current.set(actor_for(user) if user.is_authenticated else VISITOR)

    @app.teardown_request
    def _reset_actor(_exc=None):
        token = g.pop("_actor_token", None)
        if token is not None:
            with suppress(ValueError):  # set in another context (a streamed response): nothing to undo
                _current.reset(token)
