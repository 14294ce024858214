"""Product photos: add, describe (alt text), reorder, remove.

Every upload goes through storage.save_image (checked, EXIF-rotated, stripped, re-encoded,
random names). On a published product the changes wait for the office like text changes.
"""
from __future__ import annotations

import re

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from itsdangerous import BadSignature, URLSafeTimedSerializer

from ... import storage
from ...catalog import revisions, services
from ...extensions import db
from .. import access
from ..blueprint import bp
from ..forms import ConfirmForm
from ..photo_forms import AltForm, PhotoForm

_KEY = re.compile(r"^[0-9a-f]{32}$")
KEPT_PHOTO_HOURS = 24


def store_upload(field) -> storage.StoredImage | None:
    """Check and store the file of a FileField; on refusal put the reason on the field, store nothing."""
    upload = field.data
    if upload is None or not getattr(upload, "filename", None):
        return None
    try:
        return storage.save_image(upload.stream, filename=upload.filename)
    except storage.ImageRejected as error:
        field.errors = list(field.errors) + [error.message]
        return None


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt="portal-kept-photo")


def keep_token(stored: storage.StoredImage) -> str:
    """A signed note of a stored photo, so a form error does not lose it (bound to this member)."""
    return _serializer().dumps({"k": stored.key, "w": stored.width, "h": stored.height, "u": current_user.id})


def kept_photo(token: str | None) -> storage.StoredImage | None:
    """The photo a signed note refers to, if the note is genuine, recent and this member's."""
    if not token:
        return None
    try:
        data = _serializer().loads(token, max_age=KEPT_PHOTO_HOURS * 3600)
    except BadSignature:
        return None
    if data.get("u") != current_user.id or not _KEY.match(str(data.get("k", ""))):
        return None
    return storage.StoredImage(key=data["k"], width=int(data["w"]), height=int(data["h"]))


def _photos_page(product, upload_form, status=200):
    copy = revisions.working_copy(product)
    alt_forms = {image.key: AltForm(formdata=None, prefix=f"a{image.key[:8]}",
                                    data={"alt_vi": image.alt.get("vi", ""), "alt_en": image.alt.get("en", "")})
                 for image in copy.images}
    return render_template("producer/product_photos.html", product=product, copy=copy, form=upload_form,
                           alt_forms=alt_forms, confirm=ConfirmForm(), max_images=revisions.MAX_IMAGES), status


def _image_or_404(product, key: str):
    if not _KEY.match(key):
        abort(404)
    return access.own_image_or_404(product, key)


@bp.get("/products/<int:product_id>/photos")
def product_photos(lang, product_id):
    product = access.own_product_for_editing_or_404(product_id)
    return _photos_page(product, PhotoForm(formdata=None))


@bp.post("/products/<int:product_id>/photos")
def product_photo_add(lang, product_id):
    product = access.own_product_for_editing_or_404(product_id)
    form = PhotoForm()
    if not form.validate_on_submit():
        return _photos_page(product, form, 400)
    stored = store_upload(form.photo)
    if stored is None:
        return _photos_page(product, form, 400)
    try:
        revisions.add_image(product, stored, form.alt(), by=current_user)
    except services.CatalogError as error:
        storage.delete_image(stored.key)
        form.photo.errors = [str(error)]
        return _photos_page(product, form, 400)
    db.session.commit()
    flash(_("Photo added.") if product.status != "published" else
          _("Photo added. It shows in the shop after the office approves your changes."), "success")
    return redirect(url_for("portal.product_photos", product_id=product.id))


@bp.post("/products/<int:product_id>/photos/<key>/alt")
def product_photo_alt(lang, product_id, key):
    product = access.own_product_for_editing_or_404(product_id)
    _image_or_404(product, key)
    form = AltForm(prefix=f"a{key[:8]}")
    if not form.validate_on_submit():
        for field in (form.alt_vi, form.alt_en):
            for error in field.errors:
                flash(f"{field.label.text}: {error}", "error")
        return redirect(url_for("portal.product_photos", product_id=product.id))
    try:
        revisions.set_image_alt(product, key, form.alt(), by=current_user)
    except services.CatalogError as error:
        flash(str(error), "error")
    else:
        db.session.commit()
        flash(_("Photo description saved."), "success")
    return redirect(url_for("portal.product_photos", product_id=product.id))


@bp.post("/products/<int:product_id>/photos/<key>/move")
def product_photo_move(lang, product_id, key):
    product = access.own_product_for_editing_or_404(product_id)
    _image_or_404(product, key)
    form = ConfirmForm()
    direction = request.form.get("direction")
    if form.validate_on_submit() and direction in ("up", "down"):
        try:
            revisions.move_image(product, key, -1 if direction == "up" else 1, by=current_user)
        except services.CatalogError as error:
            flash(str(error), "error")
        else:
            db.session.commit()
            flash(_("Photo moved."), "success")
    return redirect(url_for("portal.product_photos", product_id=product.id) + f"#photo-{key[:8]}")


@bp.route("/products/<int:product_id>/photos/<key>/remove", methods=["GET", "POST"])
def product_photo_remove(lang, product_id, key):
    product = access.own_product_for_editing_or_404(product_id)
    image = _image_or_404(product, key)
    form = ConfirmForm()
    if form.validate_on_submit():
        try:
            unused = revisions.remove_image(product, key, by=current_user)
        except services.CatalogError as error:
            flash(str(error), "error")
            return redirect(url_for("portal.product_photos", product_id=product.id))
        db.session.commit()
        storage.delete_images(unused)
        flash(_("Photo removed.") if product.status != "published" else
              _("Photo removed from your changes. The shop keeps showing it until the office approves them."), "success")
        return redirect(url_for("portal.product_photos", product_id=product.id))
    return render_template("producer/confirm.html", form=form, image=image,
                           title=_("Remove this photo?"),
                           text=_("This cannot be undone."),
                           button=_("Yes, remove the photo"), back=url_for("portal.product_photos", product_id=product.id))
