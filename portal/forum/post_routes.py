"""One post: edit, history, delete, flag."""

from flask import flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from peewee import JOIN

from portal import policy
from portal.db import get_or_404
from portal.extensions import limiter
from portal.forms import EmptyForm
from portal.forum import bp, moderating, posting, reading
from portal.forum.forms import EditForm, FlagForm
from portal.forum.models import Post, PostRevision, Thread
from portal.members.models import Member
from portal.rendering import redirect_or_fragment, render


def visible_post_or_404(post_id):
    return get_or_404(Post.select(Post, Thread).join(Thread)
                      .where(reading.visible_post_condition(current_user),
                             reading.visible_thread_condition(current_user)),
                      Post.id == post_id)


def back_to(post):
    return url_for("forum.post_link", post_id=post.id)


@bp.route("/p/<int:post_id>/edit", methods=["GET", "POST"])
def edit_post(post_id):
    """Change one's own post (every earlier version is kept); staff edit with a note."""
    post = visible_post_or_404(post_id)
    policy.require("edit_post", post)
    form = EditForm(obj=post)
    if form.validate_on_submit():
        if post.author_id == current_user.id:
            posting.edit_post(post, current_user, form.body.data, form.note.data)
        else:
            moderating.edit_post(post, current_user, form.body.data, form.note.data)
        flash(_("Your changes are saved."), "success")
        return redirect(back_to(post), 303)
    return render("forum/edit_post.html", None, status=422 if form.errors else 200, post=post, form=form)


@bp.get("/p/<int:post_id>/history")
def post_history(post_id):
    """Earlier versions of a post, for its author and for staff."""
    post = visible_post_or_404(post_id)
    policy.require("see_post_history", post)
    revisions = (PostRevision.select(PostRevision, Member)
                 .join(Member, on=(PostRevision.edited_by == Member.id), join_type=JOIN.LEFT_OUTER)
                 .where(PostRevision.post == post).order_by(PostRevision.created_at.desc()))
    return render("forum/history.html", None, post=post, revisions=list(revisions))


@bp.route("/p/<int:post_id>/delete", methods=["GET", "POST"])
def delete_post(post_id):
    """Delete one's own post for real, after a page that asks first (a slip of the thumb is not a yes)."""
    post = visible_post_or_404(post_id)
    policy.require("delete_own_post", post)
    if request.method == "GET":
        return render("forum/delete_post.html", None, post=post)
    if EmptyForm().validate_on_submit():
        whole_thread = posting.delete_post(post, current_user)
        flash(_("Your post is deleted."), "success")
        if whole_thread:
            return redirect(url_for("forum.index"), 303)
    return redirect(url_for("forum.thread", thread_id=post.thread_id), 303)


@bp.route("/p/<int:post_id>/flag", methods=["GET", "POST"])
@limiter.limit("20 per hour", methods=["POST"])
def flag_post(post_id):
    """Tell the moderators something is wrong with a post."""
    post = visible_post_or_404(post_id)
    policy.require("flag_post", post)
    form = FlagForm()
    if form.validate_on_submit():
        try:
            moderating.flag_post(post, current_user, form.reason.data, form.note.data)
        except moderating.AlreadyFlagged:
            form.reason.errors.append(_("You have already flagged this post. The moderators will look at it."))
        else:
            return redirect_or_fragment(back_to(post), "forum/_flag_done.html", post=post,
                                        flash_message=_("Thank you. A moderator will look at this post."))
    return render("forum/flag.html", "forum/_flag_form.html", status=422 if form.errors else 200,
                  post=post, form=form)
