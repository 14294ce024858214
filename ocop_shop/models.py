"""Imports every domain's models so the metadata (and Alembic) sees all tables."""
from .accounts.models import AccountToken, MarketingConsent, RecoveryCode, User  # noqa: F401
from .catalog.models import Category, Certification, PriceChange, Product, ProductDailyView, ProductImage, ProductRevision, ProductSlug  # noqa: F401
from .catalog.reminders import CertificateReminder  # noqa: F401
from .places.models import Locality  # noqa: F401
from .tourism.experiences import BookingRequest, Experience  # noqa: F401
from .producers.models import MemberInvitation, Notification, Producer, ProducerPhoto  # noqa: F401
from .cart.models import Cart, CartItem  # noqa: F401
from .orders.models import Fulfilment, Order, OrderLine  # noqa: F401
from .orders.shipping import ShippingRate, ShippingZone, ShippingZoneProvince  # noqa: F401
from .payments.models import Payment, Refund, RefundRequest, WebhookEvent  # noqa: F401
from .mail import OutboxEmail  # noqa: F401
from .search.models import SearchOutboxRow  # noqa: F401
from .audit import AuditLog  # noqa: F401
from .orders.events import OrderEvent  # noqa: F401
from .promotions.models import Campaign, CampaignBanner, CampaignProducer, CampaignProduct, Coupon, CouponRedemption, FairParticipant, PlanTargetSet, TradeFair  # noqa: F401
from .page_cache.models import PageCacheVersion  # noqa: F401
