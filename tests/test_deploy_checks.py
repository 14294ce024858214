"""Outside development the app refuses unsafe settings, naming each problem (issue 11)."""
from __future__ import annotations

import importlib.util
from pathlib import Path
from types import SimpleNamespace

import pytest

from config import Config
from ocop_shop import create_app
from ocop_shop.deploy_checks import problems
from ocop_shop.payments.providers import BankTransfer

GOOD_SECRET = "k" * 48


@pytest.fixture
def production(monkeypatch):
    for name in ("SECRET_KEY", "BANK_ACCOUNT", "REDIS_URL", "DATABASE_URL", "WEB_CONCURRENCY"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("OCOP_ENV", "production")
    monkeypatch.setenv("SECRET_KEY", GOOD_SECRET)
    return monkeypatch


@pytest.mark.parametrize("secret", [None, "dev-only-not-secret", "short"])
def test_a_missing_or_weak_secret_key_is_refused(production, secret):
    if secret is None:
        production.delenv("SECRET_KEY")
    else:
        production.setenv("SECRET_KEY", secret)
    with pytest.raises(RuntimeError, match="SECRET_KEY"):
        create_app(Config())


def test_the_demo_bank_account_is_refused(production):
    production.setenv("BANK_ACCOUNT", "0000000000")
    with pytest.raises(RuntimeError, match="BANK_ACCOUNT is the demo account"):
        create_app(Config())


def test_every_problem_is_named_at_once(production):
    production.setenv("SECRET_KEY", "short")
    production.setenv("BANK_ACCOUNT", "0000000000")
    production.setenv("WEB_CONCURRENCY", "4")
    with pytest.raises(RuntimeError) as refused:
        create_app(Config())
    message = str(refused.value)
    for part in ("SECRET_KEY", "BANK_ACCOUNT", "4 workers on SQLite", "REDIS_URL"):
        assert part in message


def test_several_workers_need_postgresql_and_redis(production):
    production.setenv("DATABASE_URL", "postgresql://u@h/db")
    assert problems(Config(), workers=1) == []
    assert [p for p in problems(Config(), workers=2)] == [
        "2 workers with rate limits kept in each process's memory: set REDIS_URL."]
    production.setenv("REDIS_URL", "redis://127.0.0.1:6379/0")
    assert problems(Config(), workers=2) == []


def test_development_keeps_its_defaults(monkeypatch):
    for name in ("OCOP_ENV", "SECRET_KEY", "BANK_ACCOUNT"):
        monkeypatch.delenv(name, raising=False)
    config = Config()
    assert problems(config, workers=4) == []
    assert config.BANK_ACCOUNT == "0000000000"


def _gunicorn_conf():
    path = Path(__file__).resolve().parent.parent / "gunicorn.conf.py"
    spec = importlib.util.spec_from_file_location("gunicorn_conf", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_gunicorn_refuses_several_workers_on_sqlite(production):
    conf = _gunicorn_conf()
    conf.on_starting(SimpleNamespace(cfg=SimpleNamespace(workers=1)))
    with pytest.raises(RuntimeError, match="2 workers on SQLite"):
        conf.on_starting(SimpleNamespace(cfg=SimpleNamespace(workers=2)))


def test_bank_transfer_is_offered_only_with_an_account(production):
    assert BankTransfer().available(None, {"BANK_ACCOUNT": None}) is False
    assert BankTransfer().available(None, {"BANK_ACCOUNT": "0123456789"}) is True
    assert Config().BANK_ACCOUNT is None
