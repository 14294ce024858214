"""The producer's story (vi and en) with photos, a preview as the public page shows it, and the profile."""
from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from ... import storage
from ...catalog import queries as catalog_queries
from ...extensions import db
from ...csrf import keeps_input
from ...mail import in_locale
from ...places.models import Locality
from ...producers import services as producers
from ...producers import story as producer_story
from ...producers.errors import ProducerError
from ...producers.models import Producer
from ...timeutil import local_today
from .. import access
from ..blueprint import bp
from ..forms import ConfirmForm
from ..photo_forms import AltForm, PhotoForm
from ..story_forms import ProfileForm, StoryForm
from ..joining import locality_choices
from .images import store_upload


def _story_page(form: StoryForm, photo_form: PhotoForm, status: int = 200):
    photos = access.own_photos()
    alt_forms = {photo.id: AltForm(formdata=None, prefix=f"s{photo.id}",
                                   data={"alt_vi": (photo.alt or {}).get("vi", ""),
                                         "alt_en": (photo.alt or {}).get("en", "")}) for photo in photos}
    return render_template("producer/story.html", form=form, photo_form=photo_form, photos=photos,
                           alt_forms=alt_forms, confirm=ConfirmForm(),
                           max_photos=producer_story.MAX_PHOTOS), status


@bp.get("/story")
def story(lang):
    form = StoryForm(formdata=None)
    form.fill_from(access.current_producer().content)
    return _story_page(form, PhotoForm(formdata=None))


@bp.post("/story")
@keeps_input
def story_save(lang):
    """Save the story, or show a preview of what was typed (action=preview_vi / preview_en) without saving."""
    form = StoryForm()
    if not form.validate_on_submit():
        return _story_page(form, PhotoForm(formdata=None), 400)
    action = request.form.get("action", "save")
    if action == "edit":
        return _story_page(form, PhotoForm(formdata=None))
    if action in ("preview_vi", "preview_en"):
        return _preview(form, action.removeprefix("preview_"))
    producer_story.update_story(access.current_producer(), form.content())
    db.session.commit()
    flash(_("Your story is saved. It shows on your public page now."), "success")
    return redirect(url_for("portal.story"))


def _preview(form: StoryForm, preview_lang: str):
    """The public producer page, rendered with the unsaved story; nothing is written."""
    producer = db.session.scalar(select(Producer).where(Producer.id == access.current_producer().id).options(
        selectinload(Producer.photos), selectinload(Producer.locality).selectinload(Locality.parent)))
    products, total = catalog_queries.producer_products(producer, local_today())
    db.session.expunge(producer)  # the preview must never be flushed
    producer.content = producer_story.clean_story(form.content())
    with in_locale(preview_lang):
        html = render_template("producer/story_preview.html", producer=producer, products=products, total=total,
                               form=form, preview_lang=preview_lang)
    return html


@bp.post("/story/photos")
def story_photo_add(lang):
    form = PhotoForm()
    story_form = StoryForm(formdata=None)
    story_form.fill_from(access.current_producer().content)
    if not form.validate_on_submit():
        return _story_page(story_form, form, 400)
    stored = store_upload(form.photo)
    if stored is None:
        return _story_page(story_form, form, 400)
    try:
        producer_story.add_photo(access.current_producer(), stored, form.alt())
    except ProducerError as error:
        storage.delete_image(stored.key)
        form.photo.errors = [str(error)]
        return _story_page(story_form, form, 400)
    db.session.commit()
    flash(_("Photo added to your story."), "success")
    return redirect(url_for("portal.story") + "#story-photos")


@bp.post("/story/photos/<int:photo_id>/alt")
def story_photo_alt(lang, photo_id):
    photo = access.own_photo_or_404(photo_id)
    form = AltForm(prefix=f"s{photo.id}")
    if form.validate_on_submit():
        producer_story.set_photo_alt(photo, form.alt())
        db.session.commit()
        flash(_("Photo description saved."), "success")
    else:
        for field in (form.alt_vi, form.alt_en):
            for error in field.errors:
                flash(f"{field.label.text}: {error}", "error")
    return redirect(url_for("portal.story") + f"#story-photo-{photo.id}")


@bp.post("/story/photos/<int:photo_id>/move")
def story_photo_move(lang, photo_id):
    photo = access.own_photo_or_404(photo_id)
    direction = request.form.get("direction")
    if ConfirmForm().validate_on_submit() and direction in ("up", "down"):
        producer_story.move_photo(photo, -1 if direction == "up" else 1)
        db.session.commit()
        flash(_("Photo moved."), "success")
    return redirect(url_for("portal.story") + f"#story-photo-{photo.id}")


@bp.route("/story/photos/<int:photo_id>/remove", methods=["GET", "POST"])
def story_photo_remove(lang, photo_id):
    photo = access.own_photo_or_404(photo_id)
    form = ConfirmForm()
    if form.validate_on_submit():
        key = producer_story.remove_photo(photo)
        db.session.commit()
        storage.delete_image(key)
        flash(_("Photo removed from your story."), "success")
        return redirect(url_for("portal.story") + "#story-photos")
    return render_template("producer/confirm.html", form=form, image=photo, title=_("Remove this photo?"),
                           text=_("It leaves your public page at once. This cannot be undone."),
                           button=_("Yes, remove the photo"), back=url_for("portal.story"))


@bp.route("/profile", methods=["GET", "POST"])
@keeps_input
def profile(lang):
    """Contacts, people, licence: what the members keep current themselves."""
    producer = access.current_producer()
    form = ProfileForm(obj=producer) if request.method == "GET" else ProfileForm()
    form.locality_id.choices = locality_choices()
    if request.method == "GET":
        form.locality_id.data = str(producer.locality_id or "")
    if form.validate_on_submit():
        try:
            producers.update_profile(producer, **form.profile_fields())
        except ProducerError as error:
            flash(str(error), "error")
        else:
            db.session.commit()
            flash(_("Your profile is saved."), "success")
            return redirect(url_for("portal.profile"))
    return render_template("producer/profile.html", form=form, producer=producer)
