"""The sample catalog (`flask --app wsgi seed-demo`): localities, producers, products, certificates,
generated pictures and demo accounts, built from the facts sheet and honest about what it knows.

`seed_demo()` is a plain function (flushes, never commits) for tests and other commands.
"""
from .demo import DEMO_ACCOUNTS, DEMO_PASSWORD, SeedReport, seed_demo

__all__ = ["DEMO_ACCOUNTS", "DEMO_PASSWORD", "SeedReport", "seed_demo"]
