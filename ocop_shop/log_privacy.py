"""Server request lines in the log without the secrets that some links carry.

The development server (werkzeug) logs every request line, and several links are secrets:
email verification, password reset and email change links, producer invitations, and the
`?t=` token of an order's or a booking request's private page. The filter keeps the path and
replaces the secret part, so a log can be shared without opening anyone's account or order.
"""
from __future__ import annotations

import logging
import re

from flask import Flask

HIDDEN = "[hidden]"
_SECRET_PATH = re.compile(r"(/account/(?:verify|password/reset|email/confirm)/|/producer/join/invite/)[^/?\s\"]+")
_SECRET_QUERY = re.compile(r"([?&](?:t|token)=)[^&\s\"]+")


def redact(text: str) -> str:
    """The text with link secrets replaced by [hidden]."""
    return _SECRET_QUERY.sub(rf"\1{HIDDEN}", _SECRET_PATH.sub(rf"\1{HIDDEN}", text))


class RedactSecrets(logging.Filter):
    """Rewrites a record's message and string arguments before any handler sees them."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.msg, str):
            record.msg = redact(record.msg)
        if isinstance(record.args, tuple):
            record.args = tuple(redact(arg) if isinstance(arg, str) else arg for arg in record.args)
        elif isinstance(record.args, dict):  # gunicorn's access log passes its atoms as a mapping
            record.args = {key: redact(arg) if isinstance(arg, str) else arg for key, arg in record.args.items()}
        return True


def init_app(app: Flask) -> None:
    """Install the filter on the request loggers (once per process)."""
    for name in ("werkzeug", "gunicorn.access"):
        logger = logging.getLogger(name)
        if not any(isinstance(existing, RedactSecrets) for existing in logger.filters):
            logger.addFilter(RedactSecrets())
