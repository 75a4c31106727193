"""Moderating the forum: the queue, and one-click actions on posts and threads."""

from flask import flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user

from portal import policy
from portal.db import get_or_404
from portal.forms import EmptyForm, choices
from portal.forum import moderating, reading
from portal.forum.forms import FLAG_REASON_NAMES
from portal.forum.models import Category, Post, Thread
from portal.moderation import bp
from portal.moderation.forms import MoveForm, ReasonForm
from portal.paging import paginate
from portal.rendering import redirect_or_fragment, safe_next

POST_ACTIONS = ("approve", "hide", "restore", "delete")
THREAD_ACTIONS = {"lock": ("locked", True), "unlock": ("locked", False),
                  "pin": ("pinned", True), "unpin": ("pinned", False)}


@bp.get("/posts")
def posts():
    """Pending and flagged posts with their flags, oldest first."""
    policy.require("moderate_posts")
    page = paginate(moderating.queue(), request.args.get("page", 1), per_page=30)
    return render_template("moderation/posts.html", page=page, flags=moderating.open_flags(page.items),
                           flag_reasons=FLAG_REASON_NAMES)


@bp.post("/posts/<int:post_id>/<action>")
def post_action(post_id, action):
    """Approve, hide (with a reason the author sees), restore or delete one post."""
    policy.require("moderate_posts")
    if action not in POST_ACTIONS:
        return redirect(url_for("moderation.posts"), 303)
    post = get_or_404(Post.select(Post, Thread).join(Thread).where(Post.status != "deleted"), Post.id == post_id)
    form = ReasonForm()
    message = None
    if form.validate_on_submit():
        reason = form.reason.data or ""
        if action == "approve":
            moderating.approve_post(post, current_user)
        elif action == "hide":
            moderating.hide_post(post, current_user, reason)
        elif action == "restore":
            moderating.restore_post(post, current_user)
        else:
            moderating.delete_post(post, current_user, reason)
        message = _("Done.")
    back = safe_next(request.form.get("next"), url_for("moderation.posts"))
    return redirect_or_fragment(back, "moderation/_post_decided.html", flash_message=message, post=post, action=action)


@bp.post("/threads/<int:thread_id>/<action>")
def thread_action(thread_id, action):
    """Lock, unlock, pin, unpin or move a thread."""
    policy.require("moderate_posts")
    found = get_or_404(Thread.select().where(Thread.status != "deleted"), Thread.id == thread_id)
    if action in THREAD_ACTIONS and EmptyForm().validate_on_submit():
        field, value = THREAD_ACTIONS[action]
        moderating.set_thread_flag(found, current_user, field, value)
        flash(_("Done."), "success")
    elif action == "move":
        form = MoveForm()
        categories = list(Category.select())
        form.category.choices = choices((c.slug, c.slug) for c in categories)
        target = next((c for c in categories if c.slug == form.category.data), None)
        if form.validate_on_submit() and target is not None:
            moderating.move_thread(found, current_user, target)
            flash(_("The thread is moved."), "success")
    return redirect(url_for("forum.thread", thread_id=found.id), 303)


@bp.app_template_global()
def move_choices():
    """(slug, name) of every category, for the "move thread" menu."""
    categories = list(Category.select().order_by(Category.position, Category.id))
    texts = reading.category_texts(categories, str(get_locale()))
    return [(c.slug, texts[c.id].name if c.id in texts else c.slug) for c in categories]
