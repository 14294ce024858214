"""The review queue: new products to publish or send back, changes to published products to
approve or reject (catalog.review decides, catalog.review_queries loads)."""
from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from ... import storage
from ...catalog import alcohol, review, review_queries
from ...catalog.services import CONTENT_FIELDS, CatalogError
from ...csrf import keeps_input
from ...extensions import db
from ...timeutil import local_today
from ..blueprint import bp
from ..forms.review import DecisionForm, ReasonForm

# What the review pages call things (the comparison names fields by their keys).
LABELS = {
    "name": _l("Product name"), "description": _l("Description"), "ingredients": _l("Ingredients"),
    "usage": _l("How to use"), "storage": _l("Storage"), "unit": _l("Unit"), "category": _l("Category"),
    "net_quantity": _l("Net quantity"), "weight_grams": _l("Shipping weight"), "shelf_life_days": _l("Shelf life"),
    "food_safety_number": _l("Food safety declaration"), "abv": _l("Alcohol"),
    "season_from": _l("In season from"), "season_to": _l("In season until"),
}
LANGUAGE_NAMES = {"vi": _l("Vietnamese"), "en": _l("English")}
PRODUCT_STATES = {"draft": _l("Draft"), "pending_review": _l("Waiting for review"), "published": _l("On sale"),
                  "archived": _l("Archived")}
REVISION_STATES = {"pending_review": _l("Waiting for review"), "sent_back": _l("Sent back"),
                   "approved": _l("Approved"), "discarded": _l("Dropped by the producer")}


def _render(template: str, **context):
    return render_template(template, review_labels=LABELS, language_names=LANGUAGE_NAMES,
                           product_states=PRODUCT_STATES, revision_states=REVISION_STATES,
                           content_fields=CONTENT_FIELDS, **context)


@bp.get("/review", endpoint="review")
def review_queue(lang):
    products, changes = review_queries.waiting_products(), review_queries.waiting_changes()
    counts = review_queries.waiting_counts()
    return _render("admin/review/queue.html", products=products, changes=changes, counts=counts)


# --- a new product -------------------------------------------------------------------------

@bp.get("/review/products/<int:product_id>")
def review_product(lang, product_id):
    product = _product_or_404(product_id)
    return _product_page(product, ReasonForm(seen=product.updated_at))


@bp.post("/review/products/<int:product_id>/publish")
def review_publish(lang, product_id):
    product = _product_or_404(product_id)
    back = url_for("admin.review_product", product_id=product_id)
    done = _("“%(name)s” is now public in the shop.", name=product.name)
    return _run(DecisionForm(), review.publish, product, done, back) or redirect(back)


@bp.post("/review/products/<int:product_id>/send-back")
@keeps_input
def review_send_back(lang, product_id):
    product = _product_or_404(product_id)
    form = ReasonForm()
    done = _("“%(name)s” went back to its producer with your reason.", name=product.name)
    back = url_for("admin.review_product", product_id=product_id)
    return _run(form, review.send_back, product, done, back) or _product_page(product, form)


def _product_or_404(product_id: int):
    return review_queries.product_for_review(product_id) or abort(404)


def _product_page(product, reason_form: ReasonForm):
    today = local_today()
    return _render("admin/review/product.html", product=product, today=today,
                   publish_form=DecisionForm(seen=product.updated_at), reason_form=reason_form,
                   needs_licence=not alcohol.may_publish(product, product.producer, today))


# --- changes to a published product ----------------------------------------------------------

@bp.get("/review/changes/<int:revision_id>")
def review_revision(lang, revision_id):
    item = _changes_or_404(revision_id)
    return _changes_page(item, ReasonForm(seen=item.revision.updated_at))


@bp.post("/review/changes/<int:revision_id>/approve")
def review_approve(lang, revision_id):
    item = _changes_or_404(revision_id)
    back = url_for("admin.review_revision", revision_id=revision_id)
    done = _("The changes to “%(name)s” are now public.", name=item.product.name)
    return _run(DecisionForm(), review.approve_changes, item.revision, done, back) or redirect(back)


@bp.post("/review/changes/<int:revision_id>/reject")
@keeps_input
def review_reject(lang, revision_id):
    item = _changes_or_404(revision_id)
    form = ReasonForm()
    done = _("The changes to “%(name)s” went back to its producer with your reason.", name=item.product.name)
    back = url_for("admin.review_revision", revision_id=revision_id)
    return _run(form, review.reject_changes, item.revision, done, back) or _changes_page(item, form)


def _changes_or_404(revision_id: int):
    return review_queries.changes_for_review(revision_id) or abort(404)


def _changes_page(item, reason_form: ReasonForm):
    return _render("admin/review/changes.html", revision=item.revision, product=item.product,
                   comparison=item.comparison, reason_form=reason_form,
                   approve_form=DecisionForm(seen=item.revision.updated_at))


# --- deciding --------------------------------------------------------------------------------

def _run(form: DecisionForm, decide, target, done: str, back: str):
    """Check the form, take the decision and commit: to the queue saying `done`, or back to the
    page saying why it was refused. None when the form itself is invalid (the caller answers)."""
    if not form.validate_on_submit():
        _flash_out_of_date(form)
        return None
    reason = (form.reason.data,) if isinstance(form, ReasonForm) else ()
    try:
        result = decide(target, *reason, current_user, seen=form.seen.data)
    except CatalogError as error:
        db.session.rollback()
        flash(str(error), "error")
        return redirect(back)
    db.session.commit()
    for key in result or ():  # approving changes returns the pictures no version shows any more
        storage.delete_image(key)
    flash(done, "success")
    return redirect(url_for("admin.review"))


def _flash_out_of_date(form) -> None:
    for message in form.seen.errors:
        flash(str(message), "error")
