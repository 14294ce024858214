"""gunicorn settings read from the project folder: refuse unsafe settings for the worker count.

`gunicorn wsgi:app` (run from this folder) loads this file. The app itself checks its settings
when it is created; only here is the number of workers known, so SQLite or in-memory rate
limits with several workers are refused here (ocop_shop/deploy_checks.py).
"""


def on_starting(server):
    from config import Config
    from ocop_shop.deploy_checks import refuse_unsafe

    refuse_unsafe(Config(), workers=server.cfg.workers)
