"""What the domains above accounts hold about an account (Law 91/2025): each registers a Holder.

accounts is the lowest layer, so it cannot read orders or booking requests itself. Orders and
tourism register here what they add to a customer's data download, what stops the account's
deletion for now, and how they erase the account's personal data; accounts/privacy.py asks every
holder. Their view modules import their holder, so every app built by create_app() has them.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from .models import User


@dataclass(frozen=True)
class Holder:
    """One domain's part. `export` returns sections of the download ("consents" is merged into the
    account's consents); `blocker` a reason code while the account must stay; `erase` anonymizes the
    account's rows and returns the email addresses they held (the outbox's copies go too)."""

    name: str
    export: Callable[[User], dict]
    blocker: Callable[[User], str | None]
    erase: Callable[[User], set]


_HOLDERS: dict[str, Holder] = {}


def register(holder: Holder) -> Holder:
    """Add (or replace, on a re-import) a domain's part; asked in the order registered."""
    _HOLDERS[holder.name] = holder
    return holder


def holders() -> list[Holder]:
    return list(_HOLDERS.values())
