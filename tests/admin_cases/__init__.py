"""Successful POSTs for every route of the office back office, one module per topic.

tests/test_audit.py walks the admin blueprint's POST routes (from the URL map) and fails when
a route has no case here, or when its case writes no audit row. A case is a function that
takes a `World` (an admin signed in through the real form, the factories, `post_form`) and
makes one successful request; register it with `@audited("admin.endpoint")`.
"""
from __future__ import annotations

import importlib
import pkgutil
from dataclasses import dataclass
from typing import Any, Callable

CASES: dict[str, Callable[["World"], Any]] = {}


@dataclass
class World:
    client: Any
    factories: Any
    admin: Any
    post_form: Callable


def audited(endpoint: str):
    """Register the case that exercises one admin POST endpoint."""
    def register(case):
        assert endpoint not in CASES, f"two cases for {endpoint}"
        CASES[endpoint] = case
        return case
    return register


def load_all() -> dict[str, Callable[[World], Any]]:
    """Import every case module of this package and return the registry."""
    for module in pkgutil.iter_modules(__path__):
        importlib.import_module(f"{__name__}.{module.name}")
    return CASES
