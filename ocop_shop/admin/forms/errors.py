"""Refusals from a service shown where they belong: next to their field, or above the form."""
from __future__ import annotations

from flask import flash


def attach_errors(form, errors: dict) -> None:
    """Each {field name: message} next to its field; a name the form has no field for is flashed."""
    for name, message in errors.items():
        target = form._fields.get(name)
        if target is None:
            flash(message, "error")
        else:
            target.errors = [*target.errors, message]
