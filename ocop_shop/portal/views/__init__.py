"""The portal's pages, one module per topic, all on the guarded blueprint."""
from ..blueprint import bp
from . import bookings, dashboard, images, labels, members, orders, products, story  # noqa: F401  (registers their routes)

__all__ = ["bp"]
