"""The portal's pages, one module per topic, all on the guarded blueprint."""
from ..blueprint import bp
from . import bookings, dashboard, images, labels, members, orders, products, story  # noqa: F401  (registers their routes)
from . import campaigns, fairs  # noqa: F401

__all__ = ["bp"]
