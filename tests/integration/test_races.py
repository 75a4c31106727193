"""Decisions that rest on a count or a check, taken by many clients at the same moment.

Every client runs in its own thread with its own database connection, and all are released
together. SQLite serialises writers by itself; on PostgreSQL (READ COMMITTED) these tests fail
unless the code locks what the decision rests on.
"""

import pytest

from portal.auth import membership
from portal.auth.models import Application, Invite
from portal.forum import moderating as forum_moderation
from portal.forum.models import Flag, Post
from portal.introductions import flow
from portal.introductions.models import OPEN_STATES, Introduction
from portal.members.models import Member
from portal.moderation import vetting
from tests.conftest import PASSWORD, make_member
from tests.helpers import at_once

CLIENTS = 10


def test_one_single_use_invite_creates_one_account_however_many_apply_at_once(app):
    moderator = make_member("inviting-mod", "moderator")
    _invite, code = vetting.create_invite(moderator, days=7, pre_approved=True)

    def apply(n):
        return membership.apply(f"newcomer{n}", PASSWORD, languages=["en"], invite_code=code)

    results, refusals = at_once(app, apply, range(CLIENTS))
    assert len(results) == 1
    assert len(refusals) == CLIENTS - 1
    assert all(isinstance(error, membership.Refused) and error.field == "invite" for error in refusals)
    # nobody else got in, not even as an applicant, and the invite names the one who did
    newcomers = Member.select().where(Member.login_name.startswith("newcomer"))
    assert [m.role for m in newcomers] == ["member"]
    assert Application.select().where(Application.invite.is_null(False)).count() == 1
    assert Invite.get().used_by_id == newcomers.get().id


def test_the_limit_of_open_introduction_requests_holds_when_they_are_sent_at_once(app):
    limit = app.config["INTRODUCTIONS_MAX_OPEN"]
    asker = make_member("eager")
    others = [make_member(f"other{n}") for n in range(CLIENTS)]

    def ask(other):
        return flow.request_introduction(Member.get_by_id(asker.id), other, note="", first_message="hello",
                                         shares={})

    results, refusals = at_once(app, ask, others)
    assert len(results) == limit
    assert all(isinstance(error, flow.Refused) for error in refusals)
    assert Introduction.select().where(Introduction.requester == asker,
                                       Introduction.state.in_(OPEN_STATES)).count() == limit


def test_buddy_requests_sent_at_once_also_respect_the_limit(app):
    limit = app.config["INTRODUCTIONS_MAX_OPEN"]
    asker = make_member("lonely")

    def ask(_n):
        return flow.request_buddy(Member.get_by_id(asker.id), languages=["en"], region=None, support=[],
                                  note="", shares={})

    results, _refusals = at_once(app, ask, range(CLIENTS))
    assert len(results) == limit
    assert Introduction.select().where(Introduction.requester == asker).count() == limit


def test_two_members_asking_each_other_at_once_open_one_introduction(app):
    one, other = make_member("mutual-a"), make_member("mutual-b")
    for round_ in range(4):
        Introduction.delete().execute()
        results, _refusals = at_once(app,
            lambda pair: flow.request_introduction(pair[0], pair[1], note="", first_message="hi", shares={}),
            [(one, other), (other, one)])
        assert len(results) == 1, round_


@pytest.mark.parametrize("round_", range(6))
def test_two_admins_demoting_each_other_at_once_leave_one_admin(app, round_):
    first, second = make_member(f"admin-a{round_}", "admin"), make_member(f"admin-b{round_}", "admin")

    def demote(pair):
        target, actor = pair
        return vetting.set_role(Member.get_by_id(target.id), "member", Member.get_by_id(actor.id))

    results, refusals = at_once(app, demote, [(first, second), (second, first)])
    assert len(results) == 1
    assert len(refusals) == 1 and isinstance(refusals[0], (vetting.LastAdmin, vetting.NotAdmin))
    assert Member.select().where(Member.role == "admin").count() == 1


def test_flags_from_two_members_at_once_hide_the_post(app):
    from portal.forum import posting
    from tests.forum_fixtures import make_category

    app.config.update(FORUM_FLAGS_TO_HIDE=2, FORUM_REVIEW_FIRST_POSTS=0)
    thread = posting.create_thread(make_category("housing"), make_member("flagged-author"), "A title", "Text")
    post = Post.select().where(Post.thread == thread).get()
    flaggers = [make_member(f"flagger{n}") for n in range(2)]
    at_once(app, lambda member: forum_moderation.flag_post(Post.get_by_id(post.id), member, "spam"), flaggers)
    assert Flag.select().where(Flag.post == post).count() == 2
    assert Post.get_by_id(post.id).status == "hidden"


def test_following_a_thread_twice_at_once_keeps_one_subscription(app):
    from portal.forum import posting
    from portal.forum.models import Subscription
    from tests.forum_fixtures import make_category

    app.config["FORUM_REVIEW_FIRST_POSTS"] = 0
    thread = posting.create_thread(make_category("housing"), make_member("starter"), "A title", "Text")
    reader = make_member("reader")
    _results, refusals = at_once(app, lambda active: posting.set_subscription(thread, reader, active), [True, True])
    assert refusals == []
    assert Subscription.select().where(Subscription.member == reader).count() == 1


def test_a_stale_copy_saved_after_a_ban_or_a_hide_does_not_undo_it(app):
    # what a request that loaded the row before another's decision would write back
    from portal.auth import sanctions
    from portal.forum import posting
    from tests.forum_fixtures import make_category

    app.config["FORUM_REVIEW_FIRST_POSTS"] = 0
    member, moderator = make_member("stale"), make_member("stale-mod", "moderator")
    stale = Member.get_by_id(member.id)
    sanctions.ban(Member.get_by_id(member.id), moderator, "hate")
    stale.locale = "nl"
    stale.save()
    assert Member.get_by_id(member.id).banned_at is not None

    thread = posting.create_thread(make_category("housing"), member, "A title", "Text")
    stale_post = Post.select().where(Post.thread == thread).get()
    forum_moderation.hide_post(Post.get_by_id(stale_post.id), moderator, "outing risk")
    posting.edit_post(stale_post, member, "Edited text")
    assert Post.get_by_id(stale_post.id).status == "hidden"
