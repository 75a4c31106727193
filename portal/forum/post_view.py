"""What a reader may do with each post on a page, and where its links go: decided once per page, not per post."""

from typing import NamedTuple

from portal import policy
from portal.rendering import IdUrl


class PostActions(NamedTuple):
    quote: bool
    edit: bool
    delete: bool
    flag: bool
    history: bool
    moderate: bool


def post_actions(user, thread, posts, flagged):
    """{post id: PostActions}: the same policy rules the page's buttons always asked, each asked once."""
    # the member itself, not the current_user proxy that every template call would resolve again
    user = user._get_current_object() if hasattr(user, "_get_current_object") else user
    reply = policy.can(user, "reply", thread)
    moderate = policy.can(user, "moderate_posts")
    return {post.id: PostActions(quote=reply, edit=policy.can(user, "edit_post", post),
                                 delete=policy.can(user, "delete_own_post", post),
                                 flag=post.id not in flagged and policy.can(user, "flag_post", post),
                                 history=bool(post.edited_at) and policy.can(user, "see_post_history", post),
                                 moderate=moderate)
            for post in posts}


def post_urls(thread, last_page=None):
    """The links of a post, built once per page."""
    return {"post": IdUrl("forum.post_link", "post_id"), "edit": IdUrl("forum.edit_post", "post_id"),
            "delete": IdUrl("forum.delete_post", "post_id"), "flag": IdUrl("forum.flag_post", "post_id"),
            "quote": IdUrl("forum.thread", "quote", thread_id=thread.id, page=last_page, _anchor="reply-form")}


def context(user, thread, posts, flagged, last_page=None):
    """What forum/_post.html needs besides the post, for a page of posts or a single new one."""
    return {"post_actions": post_actions(user, thread, posts, flagged), "post_urls": post_urls(thread, last_page)}
