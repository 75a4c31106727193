"""Reading and writing in the forum."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user, login_required

from portal import policy
from portal.db import get_or_404
from portal.extensions import limiter
from portal.forms import EmptyForm, choices
from portal.forum import bp, post_view, posting, reading, search
from portal.forum.forms import ReplyForm, ThreadForm
from portal.forum.models import Category, Post
from portal.inputs import query_id
from portal.rendering import render
from portal.text import quote_markdown


@bp.before_request
@login_required
def members_only():
    policy.require("read_forum")


def locale():
    return str(get_locale())


@bp.get("")
def index():
    """Categories in the admin's order, with counts and latest activity."""
    return render_template("forum/index.html", overview=reading.category_overview(locale()))


@bp.get("/<slug>")
def category(slug):
    """A category's threads: pinned first, then by latest activity."""
    found = get_or_404(Category, Category.slug == slug)
    text = reading.category_texts([found], locale()).get(found.id)
    page = reading.thread_list(found, current_user, request.args.get("page", 1))
    return render("forum/category.html", "forum/_thread_rows.html", category=found, text=text, page=page)


def thread_form_with_categories(**kwargs):
    form = ThreadForm(**kwargs)
    categories = list(Category.select().where(Category.archived == False)  # noqa: E712
                      .order_by(Category.position, Category.id))
    texts = reading.category_texts(categories, locale())
    form.category.choices = choices((c.slug, texts[c.id].name if c.id in texts else c.slug) for c in categories)
    return form, {c.slug: c for c in categories}


@bp.route("/new", methods=["GET", "POST"])
@limiter.limit("10 per hour", methods=["POST"])
def new_thread():
    """Start a thread, optionally preset to a category."""
    form, by_slug = thread_form_with_categories(category=request.args.get("category"))
    if form.validate_on_submit():
        chosen = by_slug.get(form.category.data)
        if chosen is None:
            form.category.errors.append(_("Choose a category from the list."))
        else:
            policy.require("start_thread", chosen)
            thread = posting.create_thread(chosen, current_user, form.title.data, form.body.data)
            if thread.status == "pending":
                flash(_("Thank you. Your thread waits for a moderator before others can see it."), "info")
            return redirect(url_for("forum.thread", thread_id=thread.id), 303)
    policy.require("start_thread")
    return render_template("forum/new_thread.html", form=form), 422 if form.errors else 200


@bp.post("/new/check")
def check_new_thread():
    """Inline validation of one field of the new-thread form, for htmx."""
    name = request.args.get("field", "")
    # only these names: getattr with anything else would reach form internals (meta, validate, ...)
    if name not in ("title", "body"):
        abort(404)
    form, _by_slug = thread_form_with_categories()
    field = form[name]
    field.validate(form)
    return render(None, "forum/_field_error.html", field=field)


def thread_page(thread, reply_form, status=200):
    """The thread page with one page of posts; the same context for every way it is shown."""
    page, flagged = reading.thread_posts(thread, current_user, request.args.get("page", 1))
    reading.mark_read(thread, current_user, page.items, thread.read_upto)
    text = reading.category_texts([thread.category], locale()).get(thread.category_id)
    return render("forum/thread.html", None, status=status, thread=thread, page=page, flagged=flagged,
                  category_text=text, reply_form=reply_form, subscribed=bool(thread.following),
                  **post_view.context(current_user, thread, page.items, flagged, page.pages))


def visible_thread_or_404(thread_id):
    """A thread the reader may see (with its category and the reader's read marker), else 404."""
    found = reading.readable_thread(current_user, thread_id)
    if found is None:
        abort(404)
    return found


@bp.get("/t/<int:thread_id>")
def thread(thread_id):
    """A thread's posts, a page at a time, with the reply form at the end."""
    found = visible_thread_or_404(thread_id)
    form = ReplyForm()
    quoted = query_id("quote")
    if quoted:
        post = Post.get_or_none(Post.id == quoted, Post.thread == found, reading.visible_post_condition(current_user))
        if post is not None:
            form.body.data = quote_markdown(post.author.handle if post.author_id else _("former member"), post.body)
    return thread_page(found, form)


@bp.post("/t/<int:thread_id>/reply")
@limiter.limit("30 per hour")
def reply(thread_id):
    """Add a reply at the end of a thread."""
    found = visible_thread_or_404(thread_id)
    policy.require("reply", found)
    form = ReplyForm()
    if not form.validate_on_submit():
        if request.htmx:
            return render(None, "forum/_reply_form.html", status=422, target="#reply-form", swap="outerHTML",
                          thread=found, reply_form=form)
        return thread_page(found, form, status=422)
    post = posting.add_reply(found, current_user, form.body.data)
    if post.status == "pending":
        message, category = _("Thank you. Your reply waits for a moderator before others can see it."), "info"
    else:
        message, category = _("Your reply is posted."), "success"
    return render(None, "forum/_reply_result.html", flash_message=message, flash_category=category,
                  redirect_to=url_for("forum.post_link", post_id=post.id),
                  thread=found, post=post, reply_form=ReplyForm(formdata=None), flagged=set(),
                  **post_view.context(current_user, found, [post], set()))


@bp.get("/p/<int:post_id>")
def post_link(post_id):
    """A stable link to one post: the right page of its thread, at the post."""
    post = get_or_404(Post.select().where(reading.visible_post_condition(current_user)), Post.id == post_id)
    visible_thread_or_404(post.thread_id)
    number = reading.page_of_post(post, current_user)
    return redirect(url_for("forum.thread", thread_id=post.thread_id, page=number if number > 1 else None,
                            _anchor=f"p{post.id}"), 303)


@bp.post("/t/<int:thread_id>/subscription")
def subscription(thread_id):
    """Follow a thread, or stop following it."""
    found = visible_thread_or_404(thread_id)
    if EmptyForm().validate_on_submit():
        follow = request.form.get("follow") == "on"
        posting.set_subscription(found, current_user, follow)
        flash(_("You follow this thread now.") if follow else _("You no longer follow this thread."), "success")
    return redirect(url_for("forum.thread", thread_id=found.id), 303)


@bp.get("/search")
def search_posts():
    """Full-text search over the posts the reader may see."""
    query = (request.args.get("q") or "").strip()[:200]
    page = search.search(current_user, query, request.args.get("page", 1))
    return render("forum/search.html", "forum/_search_results.html", query=query, page=page)
