"""schema.org JSON-LD and the share image of product and producer pages (page layer).

Templates emit the dicts with `|tojson` inside <script type="application/ld+json"> (a data block:
never executed, so the CSP's script-src does not apply). Spirits (ABV ≥ 15) get none of it: no
Product, no Offer, no share image (alcohol.may_promote). Experiences (OCOP group 6) are booked by
request and paid to the host, not sold here: they get no Offer, hence no Product block either;
nor does a product without a photo.
The blocks say only what the page shows: a certificate only while valid, a sample one as a sample.
"""
from __future__ import annotations

from dataclasses import dataclass

from ..catalog import alcohol
from ..i18n import gettext as _  # flask_babel.gettext without its per-call context lookups
from ..media import image_url
from ..storage import scaled_height
from ..timeutil import local_today
from ..urls import url_for
from .page_meta import absolute, summary

SCHEMA = "https://schema.org"
SHARE_WIDTH = 1200  # the widest rendition a share card uses (OpenGraph suggests 1200 px)
IN_STOCK, OUT_OF_STOCK = f"{SCHEMA}/InStock", f"{SCHEMA}/OutOfStock"


@dataclass(frozen=True)
class ShareImage:
    url: str
    width: int
    height: int
    alt: str


def share_image(image, alt: str) -> ShareImage | None:
    """The absolute URL and size of an image's widest rendition up to SHARE_WIDTH."""
    if image is None:
        return None
    widths = image.widths()
    width = next((w for w in reversed(widths) if w <= SHARE_WIDTH), widths[0])
    return ShareImage(absolute(image_url(image.key, width)), width, scaled_height(image, width),
                      image.alt_text() or alt)


def product_share_image(product) -> ShareImage | None:
    """The product's first photo, or None (always None for spirits)."""
    if not alcohol.may_promote(product) or not product.images:
        return None
    return share_image(product.images[0], product.name)


def product_blocks(product, certification, price, today) -> list[dict]:
    """Product (with its Offer) and BreadcrumbList; nothing for spirits. A Product needs a photo
    (search engines require `image`), so a product without one has only its breadcrumbs."""
    if not alcohol.may_promote(product):
        return []
    sold = product.images and not product.category.is_experience
    return [*([_product(product, certification, price, today)] if sold else []), _breadcrumbs(product)]


def _product(product, certification, price, today) -> dict:
    url = absolute(url_for("catalog.product", slug=product.slug))
    block = {"@context": SCHEMA, "@type": "Product", "name": product.name, "url": url,
             "description": summary([], product.text("description") or product.name),
             "image": [absolute(image_url(i.key, i.widths()[-1])) for i in product.images],
             "category": product.category.name(),
             "brand": {"@type": "Brand", "name": product.producer.name},
             "offers": _offer(product, price, url)}
    if certification is not None and certification.is_valid(today):
        block["additionalProperty"] = [_certificate(certification)]
    return block


def _offer(product, price, url: str) -> dict:
    offer = {"@type": "Offer", "price": price.final, "priceCurrency": "VND", "url": url,
             "availability": IN_STOCK if product.stock > 0 else OUT_OF_STOCK,
             "seller": _organization_ref(product.producer)}
    if price.discounted and price.ends_at is not None:
        offer["priceValidUntil"] = local_today(price.ends_at).isoformat()
    return offer


def _certificate(certification) -> dict:
    """The OCOP rating as a PropertyValue; a demo certificate says it is a sample."""
    if certification.is_sample:
        words = _("Sample certificate %(number)s (demonstration data, not a real certificate), valid until %(date)s.",
                  number=certification.number, date=certification.expires_on.isoformat())
    else:
        words = _("Certificate %(number)s, valid until %(date)s.", number=certification.number,
                  date=certification.expires_on.isoformat())
    return {"@type": "PropertyValue", "propertyID": "OCOP", "name": _("OCOP rating"),
            "value": certification.stars, "minValue": 3, "maxValue": 5, "unitText": _("stars"),
            "description": words, "url": absolute(url_for("catalog.verify", code=certification.public_code))}


def _breadcrumbs(product) -> dict:
    group = product.category.parent or product.category
    trail = [(_("Home"), url_for("storefront.home")),
             (group.name(), url_for("catalog.products", category=group.slug)),
             (product.name, url_for("catalog.product", slug=product.slug))]
    items = [{"@type": "ListItem", "position": n, "name": name, "item": absolute(path)}
             for n, (name, path) in enumerate(trail, start=1)]
    return {"@context": SCHEMA, "@type": "BreadcrumbList", "itemListElement": items}


def _organization_ref(producer) -> dict:
    return {"@type": "Organization", "name": producer.name,
            "url": absolute(url_for("producers.show", slug=producer.slug))}


def producer_blocks(producer) -> list[dict]:
    """Organization: name, url, the place (locality only: a household's address stays private),
    its first photo and the start of its story."""
    block = {"@context": SCHEMA, **_organization_ref(producer)}
    if producer.locality is not None:
        block["address"] = {"@type": "PostalAddress", "addressLocality": producer.locality.name,
                            "addressRegion": "Cao Bằng", "addressCountry": "VN"}
    picture = share_image(producer.photos[0], producer.name) if producer.photos else None
    if picture is not None:
        block["image"] = picture.url
    story = producer.text("excerpt") or producer.text("story")
    if story:
        block["description"] = summary([], story)
    return [block]
