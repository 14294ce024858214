"""Configuration, driven by the environment (see README, "Configuration")."""
from __future__ import annotations

import os
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent
INSTANCE_DIR = Path(os.environ.get("OCOP_INSTANCE_DIR", BASE_DIR / "instance"))


def _env(name: str, default: str | None = None) -> str | None:
    value = os.environ.get(name)
    return value if value not in (None, "") else default


def _flag(name: str, default: bool) -> bool:
    value = _env(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


class Config:
    """Settings for a running site; every value can come from the environment."""

    def __init__(self) -> None:
        self.OCOP_ENV = _env("OCOP_ENV", "development")
        development = self.OCOP_ENV == "development"
        self.SECRET_KEY = _env("SECRET_KEY", "dev-only-not-secret" if development else None)
        # Worker processes, when the process manager says (gunicorn reads WEB_CONCURRENCY too).
        self.WORKERS = int(_env("WEB_CONCURRENCY", "1"))
        self.DEMO_MODE = _flag("DEMO_MODE", development) and development
        self.SITE_URL = _env("SITE_URL", "http://127.0.0.1:5000").rstrip("/")
        self.TRUSTED_PROXY_COUNT = int(_env("TRUSTED_PROXY_COUNT", "0"))
        self.SQLALCHEMY_DATABASE_URI = _database_url(
            _env("DATABASE_URL", f"sqlite:///{INSTANCE_DIR / 'ocop.sqlite3'}")
        )
        self.REDIS_URL = _env("REDIS_URL")
        # Rate limits (Flask-Limiter): in memory for one process, in Redis when REDIS_URL is set.
        self.RATELIMIT_ENABLED = _flag("RATELIMIT_ENABLED", True)
        self.RATELIMIT_STORAGE_URI = self.REDIS_URL or "memory://"
        self.RATELIMIT_KEY_PREFIX = "ocop"
        # Background jobs: "rq" puts them on Redis when REDIS_URL is set; "inline" keeps them in-process.
        self.JOBS_BACKEND = _env("JOBS_BACKEND", "rq")
        # Compressed answers (gzip, brotli); "off" behind a reverse proxy that compresses.
        self.COMPRESSION = _env("COMPRESSION", "on")
        # Page cache for anonymous public pages (ocop_shop/page_cache): "on" or "off"; Redis when REDIS_URL is set.
        self.PAGE_CACHE = _env("PAGE_CACHE", "on")
        self.PAGE_CACHE_KEY_PREFIX = "ocop:page:"
        self.RATELIMIT_SWALLOW_ERRORS = True  # Redis unreachable: serve without limits rather than fail
        self.SEARCH_INDEX_DIR = _env("SEARCH_INDEX_DIR", str(INSTANCE_DIR / "search"))
        self.SEARCH_BACKEND = _env("SEARCH_BACKEND", "whoosh")  # or "postgres" (needs DATABASE_URL on PostgreSQL)
        self.UPLOAD_DIR = _env("UPLOAD_DIR", str(INSTANCE_DIR / "uploads"))
        # Uploads: "local" (UPLOAD_DIR) or "s3" (an S3-compatible bucket shared by every app server).
        self.UPLOAD_BACKEND = _env("UPLOAD_BACKEND", "local")
        self.S3_BUCKET = _env("S3_BUCKET")
        self.S3_ENDPOINT_URL = _env("S3_ENDPOINT_URL")  # unset: AWS itself
        self.S3_REGION = _env("S3_REGION", "us-east-1")
        self.S3_PREFIX = _env("S3_PREFIX", "")
        self.MAIL_SERVER = _env("MAIL_SERVER")
        self.MAIL_PORT = int(_env("MAIL_PORT", "587"))
        self.MAIL_USERNAME = _env("MAIL_USERNAME")
        self.MAIL_PASSWORD = _env("MAIL_PASSWORD")
        self.MAIL_USE_TLS = _flag("MAIL_USE_TLS", True)
        self.MAIL_FROM = _env("MAIL_FROM", "OCOP Cao Bằng <no-reply@localhost>")
        self.BANK_BIN = _env("BANK_BIN", "970436")
        # The demo account is only a default in development; elsewhere no account → no bank transfer.
        self.BANK_ACCOUNT = _env("BANK_ACCOUNT", "0000000000" if development else None)
        self.BANK_ACCOUNT_NAME = _env("BANK_ACCOUNT_NAME", "OCOP CAO BANG DEMO")
        self.OPERATOR_NAME = _env("OPERATOR_NAME")
        self.OPERATOR_ADDRESS = _env("OPERATOR_ADDRESS")
        self.OPERATOR_TAX_CODE = _env("OPERATOR_TAX_CODE")
        self.OPERATOR_EMAIL = _env("OPERATOR_EMAIL")
        self.OPERATOR_PHONE = _env("OPERATOR_PHONE")
        self.PAYMENT_DEADLINE_HOURS = int(_env("PAYMENT_DEADLINE_HOURS", "48"))
        # Cash on delivery against hoarding (orders/cod.py): units of one product per order, open
        # orders per phone number, and hours a producer has to accept a parcel before its stock returns.
        self.COD_MAX_UNITS_PER_PRODUCT = int(_env("COD_MAX_UNITS_PER_PRODUCT", "10"))
        self.COD_MAX_OPEN_ORDERS_PER_PHONE = int(_env("COD_MAX_OPEN_ORDERS_PER_PHONE", "2"))
        self.COD_ACCEPT_HOURS = int(_env("COD_ACCEPT_HOURS", "72"))
        self.STRIPE_SECRET_KEY = _env("STRIPE_SECRET_KEY")
        self.STRIPE_WEBHOOK_SECRET = _env("STRIPE_WEBHOOK_SECRET")
        self.STRIPE_API_BASE = None  # honoured only when testing
        self.TESTING = False
        self.SQLALCHEMY_ENGINE_OPTIONS: dict = {}
        self.SQLALCHEMY_RECORD_QUERIES = False
        self.WTF_CSRF_ENABLED = True
        self.WTF_CSRF_TIME_LIMIT = None
        self.SESSION_COOKIE_HTTPONLY = True
        self.SESSION_COOKIE_SAMESITE = "Lax"
        self.SESSION_COOKIE_SECURE = not development
        self.REMEMBER_COOKIE_SAMESITE = "Lax"
        self.REMEMBER_COOKIE_SECURE = not development
        self.PASSWORD_HASH_METHOD = "scrypt"
        self.BABEL_DEFAULT_LOCALE = "vi"
        self.BABEL_DEFAULT_TIMEZONE = "Asia/Ho_Chi_Minh"
        self.BABEL_TRANSLATION_DIRECTORIES = str(BASE_DIR / "translations")
        self.LANGUAGES = ("vi", "en")
        self.MAX_CONTENT_LENGTH = 16 * 1024 * 1024
        self.PRODUCTS_PER_PAGE = 24

    def validate(self) -> None:
        """Refuse settings that must never reach a public site (ocop_shop/deploy_checks.py)."""
        from ocop_shop.deploy_checks import refuse_unsafe

        refuse_unsafe(self, workers=self.WORKERS)


class TestConfig(Config):
    """Fast, isolated settings for the test suite."""

    __test__ = False  # not a pytest test class

    def __init__(self, database_url: str, instance_dir: Path) -> None:
        super().__init__()
        self.OCOP_ENV = "testing"
        self.TESTING = True
        self.DEMO_MODE = True
        self.SECRET_KEY = "test-secret"
        self.SQLALCHEMY_DATABASE_URI = _database_url(database_url)
        self.SEARCH_INDEX_DIR = str(instance_dir / "search")
        self.UPLOAD_DIR = str(instance_dir / "uploads")
        self.WTF_CSRF_ENABLED = True
        self.RATELIMIT_ENABLED = False  # on in tests/test_rate_limits.py (marker `config`)
        # Test worlds place many cash-on-delivery orders for one phone; tests/test_cod_limits.py sets 2 (marker `config`)
        self.COD_MAX_OPEN_ORDERS_PER_PHONE = 1_000
        self.RATELIMIT_STORAGE_URI = "memory://"
        self.PAGE_CACHE = "off"  # on in tests/test_page_cache*.py (marker `config`)
        self.JOBS_BACKEND = "inline"  # the queue is tested in tests/test_jobs.py (marker `config`)
        self.PASSWORD_HASH_METHOD = "pbkdf2:sha256:1"
        self.SESSION_COOKIE_SECURE = False
        self.REMEMBER_COOKIE_SECURE = False
        self.SITE_URL = "http://localhost"


def _database_url(url: str) -> str:
    """Use psycopg 3 for PostgreSQL URLs given in the common short forms."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url
