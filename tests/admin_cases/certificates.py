"""Admin POST cases: OCOP certificates (record, renew, revoke, import)."""
from __future__ import annotations

import io
import re
from datetime import timedelta
from html import unescape

from sqlalchemy import func, select

from ocop_shop.catalog.models import Certification
from ocop_shop.extensions import db
from ocop_shop.timeutil import local_today

from . import audited

PAYLOAD = re.compile(r'name="confirm-payload"[^>]*value="([^"]+)"')


def text(response) -> str:
    return response.get_data(as_text=True)


def certificate_count() -> int:
    """How many certificates the database holds now (what requests committed)."""
    db.session.expire_all()
    return db.session.scalar(select(func.count(Certification.id)))


def certificate_data(product, **overrides) -> dict:
    """A valid 4-star certificate form for one product, issued 10 days ago."""
    issued = local_today() - timedelta(days=10)
    data = {"number": "CN-OCOP-0001", "stars": "4", "score": "78", "decision": "1234/QĐ-UBND",
            "decision_date": issued.isoformat(), "level": "province", "issued_on": issued.isoformat(),
            "expires_on": "", "products": [str(product.id)]}
    data.update(overrides)
    return data


def import_csv(world, text: str, filename: str = "so-dang-ky.csv"):
    """Upload a register (the dry run), then confirm it as the page's form does; returns the confirm's answer."""
    dry_run = world.post_form(world.client, "/vi/admin/certificates/import",
                              {"file": (io.BytesIO(text.encode("utf-8")), filename)},
                              content_type="multipart/form-data")
    html = dry_run.get_data(as_text=True)
    match = PAYLOAD.search(html)
    assert dry_run.status_code == 200 and match, html[:1500]
    return world.post_form(world.client, "/vi/admin/certificates/import",
                           {"confirm-payload": unescape(match.group(1))},
                           post_url="/vi/admin/certificates/import/confirm")


def _one_certified_product(world):
    product = world.factories.product(stars=3)
    db.session.commit()
    return product, db.session.scalar(select(Certification))


@audited("admin.certificate_new")
def record_certificate(world):
    product = world.factories.product()
    db.session.commit()
    response = world.post_form(world.client, f"/vi/admin/certificates/new?producer={product.producer_id}",
                               certificate_data(product))
    assert response.status_code == 302, response.get_data(as_text=True)[:800]


@audited("admin.certificate_renew")
def renew_certificate(world):
    product, old = _one_certified_product(world)
    data = certificate_data(product, number="CN-OCOP-RENEW", issued_on=local_today().isoformat())
    response = world.post_form(world.client, f"/vi/admin/certificates/{old.id}/renew", data)
    assert response.status_code == 302, response.get_data(as_text=True)[:800]


@audited("admin.certificate_revoke")
def revoke_certificate(world):
    _product, cert = _one_certified_product(world)
    response = world.post_form(world.client, f"/vi/admin/certificates/{cert.id}",
                               {"revoke-reason": "Sai phạm chất lượng"},
                               post_url=f"/vi/admin/certificates/{cert.id}/revoke")
    assert response.status_code == 302, response.get_data(as_text=True)[:800]


def _import_one(world):
    product = world.factories.product()
    producer_slug, product_slug = product.producer.slug, product.slug
    db.session.commit()
    issued = (local_today() - timedelta(days=5)).isoformat()
    text = ("number,stars,score,decision_number,decision_date,level,issued_on,expires_on,producer,products\n"
            f"CN-CSV-1,3,60,12/QĐ-UBND,{issued},province,{issued},,{producer_slug},{product_slug}\n")
    response = import_csv(world, text)
    assert response.status_code == 302, response.get_data(as_text=True)[:800]


@audited("admin.certificate_import")
def import_register(world):
    _import_one(world)  # the upload is the dry run; the import is written by its confirm


@audited("admin.certificate_import_confirm")
def confirm_import(world):
    _import_one(world)
