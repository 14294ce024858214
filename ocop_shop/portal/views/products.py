"""Listings: create and edit products, price and stock, review, archive."""
from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from ...catalog import revisions, services
from ...catalog.models import Category
from ...extensions import db
from ...csrf import keeps_input, token_failed
from ... import storage
from .. import access
from ..blueprint import bp
from ..forms import ConfirmForm
from ..product_forms import EditProductForm, NewProductForm, PriceStockForm, ProductForm

STATUS_ORDER = ("draft", "pending_review", "published", "archived")


def _categories() -> list[Category]:
    """Every group and sub-category a product can be listed under (group 6: experiences, booked)."""
    return list(db.session.scalars(select(Category).order_by(
        Category.group_code, Category.parent_id.is_not(None), Category.position)))


def _prepare(form: ProductForm) -> ProductForm:
    categories = _categories()
    form.category_id.choices = [("", _("Choose…"))] + [
        (str(c.id), ("— " if c.parent_id else "") + c.name()) for c in categories]
    form._groups = {str(c.id): c.group_code for c in categories}
    return form


@bp.get("/products")
def products(lang):
    rows = access.own_product_list()
    grouped = {status: [p for p in rows if p.status == status] for status in STATUS_ORDER}
    forms = {p.id: PriceStockForm.showing(p, prefix=f"p{p.id}") for p in rows if p.status != "archived"}
    return render_template("producer/products.html", grouped=grouped, forms=forms,
                           waiting=access.own_open_revision_ids())


@bp.route("/products/new", methods=["GET", "POST"])
@keeps_input
def product_new(lang):
    """A new draft, with an optional first photo that survives a form error."""
    from .images import keep_token, kept_photo, store_upload

    form = _prepare(NewProductForm())
    kept = None
    if request.method == "POST":
        valid = form.validate_on_submit()
        # Nothing is stored for a refused token: this view checks CSRF through its form (csrf.py).
        fresh = None if token_failed(form) else store_upload(form.photo)
        kept = fresh or kept_photo(form.kept_photo.data)
        if kept is not None:
            form.kept_photo.data = keep_token(kept)
        if valid and not form.photo.errors:
            done = _create_draft(form, kept)
            if done is not None:
                return done
    return render_template("producer/product_form.html", form=form, product=None, kept=kept)


def _create_draft(form: NewProductForm, photo):
    """Save the draft (and its first photo) and say where to go next; None after a refusal."""
    category = db.session.get(Category, int(form.category_id.data))
    try:
        product = services.create_product(access.current_producer(), category, form.content(), form.price.data,
                                          form.stock.data, changed_by=current_user, **form.facts())
        if photo is not None:
            db.session.refresh(product, ["images"])
            revisions.add_image(product, photo, {}, by=current_user)
    except services.CatalogError as error:
        flash(str(error), "error")
        return None
    db.session.commit()
    if category.is_experience:
        flash(_("“%(name)s” is saved as a draft. Now describe the experience: what is included, how long it lasts and for how many people.",
                name=product.name), "success")
        return redirect(url_for("portal.product_experience", product_id=product.id))
    flash(_("“%(name)s” is saved as a draft. Check the photos, then submit it for review.", name=product.name), "success")
    return redirect(url_for("portal.product_edit", product_id=product.id))


@bp.route("/products/<int:product_id>", methods=["GET", "POST"])
@keeps_input
def product_edit(lang, product_id):
    product = access.own_product_for_editing_or_404(product_id)
    copy = revisions.working_copy(product)
    form = _prepare(EditProductForm())
    if request.method == "GET":
        form.fill_from(copy.content, copy.facts)
    elif form.validate_on_submit():
        category = db.session.get(Category, int(form.category_id.data))
        try:
            outcome = revisions.edit(product, form.content(), category, by=current_user, **form.facts())
        except services.CatalogError as error:
            flash(str(error), "error")
        else:
            db.session.commit()
            flash({"saved": _("Your changes are saved."),
                   "proposed": _("Your changes are sent to the office. The shop shows the previous version until they approve them."),
                   "unchanged": _("Nothing was changed.")}[outcome], "success" if outcome != "unchanged" else "info")
            return redirect(url_for("portal.product_edit", product_id=product.id))
    return _edit_page(product, form, PriceStockForm.showing(product))


def _edit_page(product, form, price_form, status=200):
    copy = revisions.working_copy(product)
    return render_template("producer/product_form.html", form=form, product=product, copy=copy,
                           price_form=price_form, history=access.own_price_history(product),
                           confirm=ConfirmForm(), may_delete=services.may_delete(product),
                           is_experience=access.is_experience_product(product)), status


@bp.post("/products/<int:product_id>/price-stock")
def product_price_stock(lang, product_id):
    """Price and stock change at once, also on a published product (price history kept)."""
    product = access.own_product_for_editing_or_404(product_id)
    from_list = request.form.get("from") == "list"
    form = PriceStockForm(prefix=f"p{product.id}" if from_list else "")
    if product.status == "archived":
        flash(_("An archived product cannot be changed. Put it back on sale first."), "error")
        return redirect(url_for("portal.product_edit", product_id=product.id))
    if form.validate_on_submit():
        old_price, old_stock = product.price, product.stock
        try:
            # A form without the stock it showed is as stale as one showing an old figure.
            services.set_stock(product, form.stock.data, seen=form.seen() if form.seen() is not None else -1)
        except services.StaleStock as stale:
            db.session.rollback()
            return _stale_stock(product, form, stale, from_list)
        services.set_price(product, form.price.data, changed_by=current_user)
        db.session.commit()
        if (old_price, old_stock) == (product.price, product.stock):
            flash(_("Nothing was changed."), "info")
        else:
            flash(_("“%(name)s”: price %(price)s, %(stock)s in stock. Customers see this now.",
                    name=product.name, price=_vnd(product.price), stock=product.stock), "success")
        return redirect(url_for("portal.products") if from_list else url_for("portal.product_edit", product_id=product.id))
    if from_list:
        for field in (form.price, form.stock):
            for error in field.errors:
                flash(f"{product.name} — {field.label.text}: {error}", "error")
        return redirect(url_for("portal.products"))
    edit_form = _prepare(EditProductForm(formdata=None))
    copy = revisions.working_copy(product)
    edit_form.fill_from(copy.content, copy.facts)
    return _edit_page(product, edit_form, form, status=400)


def _stale_stock(product, form, stale, from_list: bool):
    """Refuse a form opened before the stock changed: say so and show the figures as they are now."""
    flash(f"{product.name}: {stale}", "error")
    if from_list:
        return redirect(url_for("portal.products"))
    form.stock.data, form.stock_seen.data = stale.current, str(stale.current)
    form.stock.raw_data = None
    edit_form = _prepare(EditProductForm(formdata=None))
    copy = revisions.working_copy(product)
    edit_form.fill_from(copy.content, copy.facts)
    return _edit_page(product, edit_form, form, status=409)


def _vnd(amount: int) -> str:
    from ...templating import vnd

    return vnd(amount)


@bp.post("/products/<int:product_id>/submit")
def product_submit(lang, product_id):
    product = access.own_product_or_404(product_id)
    form = ConfirmForm()
    if form.validate_on_submit():
        try:
            services.submit_for_review(product)
        except services.CatalogError as error:
            flash(str(error), "error")
        else:
            db.session.commit()
            flash(_("“%(name)s” is sent to the OCOP office for review. It becomes public when they publish it.",
                    name=product.name), "success")
    return redirect(url_for("portal.product_edit", product_id=product.id))


@bp.route("/products/<int:product_id>/archive", methods=["GET", "POST"])
def product_archive(lang, product_id):
    product = access.own_product_or_404(product_id)
    form = ConfirmForm()
    if form.validate_on_submit():
        try:
            keys = services.archive(product)
        except services.CatalogError as error:
            flash(str(error), "error")
            return redirect(url_for("portal.product_edit", product_id=product.id))
        db.session.commit()
        storage.delete_images(keys)
        flash(_("“%(name)s” is archived: it is no longer on sale. Past orders keep it.", name=product.name), "success")
        return redirect(url_for("portal.products"))
    return render_template("producer/confirm.html", form=form,
                           title=_("Archive “%(name)s”?", name=product.name),
                           text=_("It leaves the shop at once. You can put it back later, after a new review."),
                           button=_("Yes, archive"), back=url_for("portal.product_edit", product_id=product.id))


@bp.post("/products/<int:product_id>/restore")
def product_restore(lang, product_id):
    product = access.own_product_or_404(product_id)
    form = ConfirmForm()
    if form.validate_on_submit():
        try:
            services.restore(product)
        except services.CatalogError as error:
            flash(str(error), "error")
        else:
            db.session.commit()
            flash(_("“%(name)s” is back as a draft. Check it and submit it for review.", name=product.name), "success")
    return redirect(url_for("portal.product_edit", product_id=product.id))


@bp.route("/products/<int:product_id>/delete", methods=["GET", "POST"])
def product_delete(lang, product_id):
    product = access.own_product_or_404(product_id)
    if not services.may_delete(product):
        flash(_("This product has been on sale, so it cannot be deleted. Archive it instead."), "error")
        return redirect(url_for("portal.product_edit", product_id=product.id))
    form = ConfirmForm()
    if form.validate_on_submit():
        name = product.name
        keys = services.delete_product(product)
        db.session.commit()
        storage.delete_images(keys)
        flash(_("“%(name)s” is deleted.", name=name), "success")
        return redirect(url_for("portal.products"))
    return render_template("producer/confirm.html", form=form,
                           title=_("Delete “%(name)s”?", name=product.name),
                           text=_("It was never on sale. Its text and photos are deleted for good."),
                           button=_("Yes, delete"), back=url_for("portal.product_edit", product_id=product.id))


@bp.route("/products/<int:product_id>/changes/discard", methods=["GET", "POST"])
def product_discard_changes(lang, product_id):
    product = access.own_product_for_editing_or_404(product_id)
    if revisions.open_revision(product) is None:
        flash(_("There are no waiting changes to drop."), "info")
        return redirect(url_for("portal.product_edit", product_id=product.id))
    form = ConfirmForm()
    if form.validate_on_submit():
        keys = revisions.discard(product)
        db.session.commit()
        storage.delete_images(keys)
        flash(_("Your waiting changes are dropped. The product stays as the shop shows it."), "success")
        return redirect(url_for("portal.product_edit", product_id=product.id))
    return render_template("producer/confirm.html", form=form,
                           title=_("Drop your waiting changes to “%(name)s”?", name=product.name),
                           text=_("The text and photos go back to what the shop shows now."),
                           button=_("Yes, drop the changes"), back=url_for("portal.product_edit", product_id=product.id))
