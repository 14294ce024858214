"""OCOP Cao Bằng shop: the application factory."""
from __future__ import annotations

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

from config import BASE_DIR, Config


# Every page area's views module; each defines `bp`.
BLUEPRINT_MODULES = (
    ".storefront.views",
    ".catalog.views",
    ".producers.views",
    ".accounts.views",
    ".media",
    ".portal.views",
    ".portal.joining",
    ".portal.beacon",
    ".storefront.legal",
    ".storefront.seo",
    ".search.views",
    ".cart.views", ".checkout.views", ".orders.views", ".payments.views", ".admin.views",
    ".tourism.views", ".tourism.place_views", ".tourism.experience_views",
    ".promotions.views",
    ".promotions.fair_views",
)


def create_app(config: Config | None = None) -> Flask:
    """Build the Flask app: extensions, blueprints, commands, error pages."""
    config = config or Config()
    config.validate()
    app = Flask(
        __name__,
        template_folder=str(BASE_DIR / "templates"),
        static_folder=str(BASE_DIR / "static"),
        instance_path=str(BASE_DIR / "instance"),
    )
    app.config.from_object(config)
    _use_template_environment(app)
    if config.TRUSTED_PROXY_COUNT:
        n = config.TRUSTED_PROXY_COUNT
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=n, x_proto=n, x_host=n, x_prefix=n)
    register_extensions(app)
    register_blueprints(app)
    register_commands(app)
    register_errorhandlers(app)
    register_template_helpers(app)
    register_page_cache(app)
    if not app.config["DEMO_MODE"] and not app.testing:
        _refuse_demo_accounts(app)
    return app


def _use_template_environment(app: Flask) -> None:
    from .templating import use_environment

    use_environment(app)  # before anything creates app.jinja_env


def register_extensions(app: Flask) -> None:
    from . import actors, database, i18n, jobs, log_privacy, mail, models, request_input, search, security  # noqa: F401  (models: every table on the metadata)
    from . import compression, db_requests, gc_policy, static_assets, urls
    from .extensions import babel, csrf, db, limiter, login_manager, migrate

    db.init_app(app)
    database.init_app(app)
    migrate.init_app(app, db, directory=str(BASE_DIR / "migrations"), render_as_batch=True)
    babel.init_app(app, locale_selector=i18n.select_locale)
    csrf.init_app(app)
    limiter.init_app(app)
    login_manager.init_app(app)
    i18n.init_app(app)
    actors.init_app(app)
    security.init_app(app)
    request_input.init_app(app)
    search.init_app(app)
    mail.init_app(app)
    jobs.init_app(app)
    log_privacy.init_app(app)
    static_assets.init_app(app)
    urls.init_app(app)
    compression.init_app(app)
    db_requests.init_app(app)
    gc_policy.init_app(app)


def register_blueprints(app: Flask) -> None:
    from importlib import import_module

    for name in BLUEPRINT_MODULES:
        module = import_module(name, __name__)
        app.register_blueprint(module.bp)
    app.register_blueprint(import_module(".storefront.views", __name__).root_bp)


def register_commands(app: Flask) -> None:
    from . import cli

    cli.register(app)


def register_errorhandlers(app: Flask) -> None:
    from . import errors

    errors.register(app)


def register_template_helpers(app: Flask) -> None:
    from . import templating
    from .storefront import card_view, option_lists

    templating.register(app)
    card_view.register(app)
    option_lists.register(app)


def register_page_cache(app: Flask) -> None:
    """Anonymous public pages from a cache (ocop_shop/page_cache): the one list of what public pages
    show (a commit changing these tables makes every cached page stale) and the rules whose answers
    change with the clock alone (an entry expires no later than their next change). Registered
    last, so its before-request hook runs after every other one."""
    from . import models, page_cache
    from .catalog.models import certification_products
    from .promotions.pricing import next_price_change_after
    from .timeutil import next_local_midnight

    watched = (models.Product, models.ProductImage, models.ProductSlug, models.Category, models.Certification,
               certification_products, models.Producer, models.ProducerPhoto, models.Locality,
               models.Experience, models.Campaign, models.CampaignProduct, models.CampaignProducer,
               models.CampaignBanner, models.Coupon, models.TradeFair, models.FairParticipant)
    page_cache.init_app(app, watched=watched, next_changes=(next_price_change_after, next_local_midnight))


def _refuse_demo_accounts(app: Flask) -> None:
    from .accounts.services import demo_accounts_present

    with app.app_context():
        if demo_accounts_present():
            raise RuntimeError(
                "Demo accounts (…@example.com) exist but DEMO_MODE is off: "
                "remove them before serving this database outside demo mode."
            )
