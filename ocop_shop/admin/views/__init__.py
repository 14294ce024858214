"""The office back office's views, one module per topic; importing them registers their routes."""
from ..blueprint import bp  # noqa: F401
from . import transfers  # noqa: F401
from . import orders  # noqa: F401
from . import producers  # noqa: F401
from . import home, bookings, audit  # noqa: F401
from . import certificates, certificate_import  # noqa: F401
from . import review  # noqa: F401
from . import refunds, shipping  # noqa: F401
from . import fairs  # noqa: F401
from . import plan  # noqa: F401
from . import campaigns  # noqa: F401
