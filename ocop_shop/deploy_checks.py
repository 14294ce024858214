"""Settings that must never reach a public site: the app refuses to start, naming each problem.

Checked by `Config.validate()` when the app is created, and again by gunicorn.conf.py once
gunicorn knows how many worker processes it will start (the app alone cannot see that:
`WEB_CONCURRENCY` is the only hint it gets, and gunicorn reads it too).
"""
from __future__ import annotations

DEV_SECRET_KEY = "dev-only-not-secret"
DEMO_BANK_ACCOUNT = "0000000000"
MIN_SECRET_LENGTH = 32


def problems(config, workers: int = 1) -> list[str]:
    """Each reason the settings are unsafe outside development (empty in development and tests)."""
    if config.OCOP_ENV == "development" or config.TESTING:
        return []
    found = []
    secret = config.SECRET_KEY or ""
    if not secret or secret == DEV_SECRET_KEY or len(secret) < MIN_SECRET_LENGTH:
        found.append(f"SECRET_KEY must be set to a random value of at least {MIN_SECRET_LENGTH} characters "
                     "(python -c 'import secrets; print(secrets.token_urlsafe(48))').")
    if config.BANK_ACCOUNT == DEMO_BANK_ACCOUNT:
        found.append(f"BANK_ACCOUNT is the demo account {DEMO_BANK_ACCOUNT}: set the operator's real account, "
                     "or leave it unset to offer no bank transfer.")
    if workers > 1 and config.SQLALCHEMY_DATABASE_URI.startswith("sqlite"):
        found.append(f"{workers} workers on SQLite: set DATABASE_URL to PostgreSQL, or serve with one worker.")
    if workers > 1 and not config.REDIS_URL:
        found.append(f"{workers} workers with rate limits kept in each process's memory: set REDIS_URL.")
    return found


def upload_problems(config) -> list[str]:
    """Upload settings that cannot work, in any environment."""
    backend = getattr(config, "UPLOAD_BACKEND", "local")
    if backend not in ("local", "s3"):
        return [f"UPLOAD_BACKEND is {backend!r}: use local or s3."]
    if backend == "s3" and not getattr(config, "S3_BUCKET", None):
        return ["UPLOAD_BACKEND=s3 needs S3_BUCKET (and S3_ENDPOINT_URL unless the bucket is on AWS)."]
    return []


def refuse_unsafe(config, workers: int = 1) -> None:
    """Raise naming every problem, or return quietly."""
    found = upload_problems(config) + problems(config, workers)
    if found:
        raise RuntimeError("Refusing to start:\n- " + "\n- ".join(found))
