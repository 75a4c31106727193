"""Support requests: a member asks for help; a moderator takes it; only they (and staff added) read it."""

import datetime

import pytest

from portal.account import data_rights
from portal.audit import AuditEntry
from portal.db import transaction, utcnow
from portal.directory import listing
from portal.directory.models import HelpEntry
from portal.maintenance import purge
from portal.notifications.alerts import StaffAlert
from portal.notifications.models import Notification
from portal.support import flow
from portal.support.models import SupportHelper, SupportMessage, SupportRequest
from tests.conftest import make_member
from tests.helpers import count_queries, page_of, row_counts, set_fields, sign_in

SECRET = "My roommate from home found my profile and threatens me"


def ask(member, category="housing", text=SECRET, contact=""):
    return flow.open_request(member, category=category, text=text, language="fa", contact=contact)


def state_of(request):
    return SupportRequest.get_by_id(request.id).state


def test_a_member_asks_for_help_through_the_form_and_reads_the_answer(app, staff):
    browser = sign_in(app, staff.member)
    assert "Ask the organisation for help" in page_of(browser.get("/support/new"))
    response = browser.submit("/support/new", {"category": "unsafe", "text": SECRET, "language": "fa",
                                               "reach": "contact", "contact": "+31 6 1234 5678"})
    assert response.status_code == 303
    request = SupportRequest.get()
    assert (request.category, request.urgent, request.state, request.contact) == ("unsafe", True, "open",
                                                                                   "+31 6 1234 5678")
    assert StaffAlert.get(StaffAlert.target_type == "support_request").urgent
    moderator = sign_in(app, staff.mod)
    moderator.submit(f"/moderation/support/{request.id}/take")
    moderator.submit(f"/moderation/support/{request.id}/messages", {"body": "We found a place for tonight.",
                                                                     "referral": "0"})
    html = page_of(browser.get(f"/support/{request.id}"))
    assert "We found a place for tonight." in html and SECRET in html
    assert Notification.select().where(Notification.member == staff.member.id,
                                       Notification.kind == "support_reply").count() == 1


def test_choosing_a_contact_without_giving_one_keeps_what_was_typed(app, staff):
    browser = sign_in(app, staff.member)
    response = browser.submit("/support/new", {"category": "legal", "text": SECRET, "language": "ar",
                                               "reach": "contact", "contact": ""})
    assert response.status_code == 422
    assert "Give the contact" in page_of(response) and SECRET in page_of(response)
    assert SupportRequest.select().count() == 0


def test_before_taking_it_other_staff_see_what_it_is_about_not_who_or_what(app, staff):
    request = ask(staff.member)
    html = page_of(sign_in(app, staff.mod).get(f"/moderation/support/{request.id}"))
    assert "Housing" in html and "Take this request" in html
    assert SECRET not in html and staff.member.handle not in html.split("<main", 1)[1]
    desk = page_of(sign_in(app, staff.mod2).get("/moderation/support"))
    assert "Housing" in desk and SECRET not in desk


def test_taking_a_request_shows_the_thread_and_ends_its_alert(app, staff):
    request = ask(staff.member, contact="signal: amira.77")
    browser = sign_in(app, staff.mod)
    assert browser.submit(f"/moderation/support/{request.id}/take").status_code == 303
    html = page_of(browser.get(f"/moderation/support/{request.id}"))
    assert SECRET in html and "signal: amira.77" in html and "<bdi>amira</bdi>" in html
    assert state_of(request) == "taken"
    assert StaffAlert.get(StaffAlert.target_type == "support_request").handled_by_id == staff.mod.id
    assert AuditEntry.select().where(AuditEntry.action == "support.taken", AuditEntry.target_id == request.id,
                                     AuditEntry.target_member.is_null()).count() == 1


def test_a_second_moderator_cannot_take_a_taken_request_nor_read_or_write_in_it(app, staff):
    request = flow.take(ask(staff.member), staff.mod)
    other = sign_in(app, staff.mod2)
    before = row_counts(sign_ins=False)
    assert other.submit(f"/moderation/support/{request.id}/take").status_code == 303
    assert SECRET not in page_of(other.get(f"/moderation/support/{request.id}"))
    assert other.submit(f"/moderation/support/{request.id}/messages", {"body": "Hello", "referral": "0"}).status_code == 404
    assert other.submit(f"/moderation/support/{request.id}/close").status_code == 404
    assert other.submit(f"/moderation/support/{request.id}/waiting").status_code == 404
    assert other.submit(f"/moderation/support/{request.id}/helpers", {"handle": "mod-two"}).status_code == 404
    assert row_counts(sign_ins=False) == before
    assert flow.helper_ids(request) == {staff.mod.id}


def test_a_moderator_added_to_a_request_reads_it_and_is_told(app, staff):
    request = flow.take(ask(staff.member), staff.mod)
    browser = sign_in(app, staff.mod)
    assert browser.submit(f"/moderation/support/{request.id}/helpers", {"handle": "MOD-TWO"}).status_code == 303
    assert SECRET in page_of(sign_in(app, staff.mod2).get(f"/moderation/support/{request.id}"))
    assert Notification.get(Notification.member == staff.mod2.id).kind == "support_added"


@pytest.mark.parametrize("handle", ["amira", "nobody-at-all"])
def test_only_a_moderator_can_be_added(app, staff, handle):
    request = flow.take(ask(staff.member), staff.mod)
    response = sign_in(app, staff.mod).submit(f"/moderation/support/{request.id}/helpers", {"handle": handle})
    assert response.status_code == 422 and "There is no moderator with this pseudonym." in page_of(response)
    assert flow.helper_ids(request) == {staff.mod.id}


def test_the_member_answering_moves_a_waiting_request_back_and_tells_the_helpers(app, staff):
    request = flow.take(ask(staff.member), staff.mod)
    sign_in(app, staff.mod).submit(f"/moderation/support/{request.id}/waiting")
    assert state_of(request) == "waiting"
    sign_in(app, staff.member).submit(f"/support/{request.id}/messages", {"body": "Tuesday works for me"})
    assert state_of(request) == "taken"
    assert Notification.get(Notification.member == staff.mod.id).kind == "support_message"


def test_a_referral_points_to_an_entry_of_the_help_directory(app, staff):
    entry = listing.save_entry(HelpEntry(), {"kind": "legal", "region": None, "languages": " fa ", "position": 1},
                               {"en": ("Refugee legal desk", "Free advice", "Mon")})
    request = flow.take(ask(staff.member), staff.mod)
    response = sign_in(app, staff.mod).submit(f"/moderation/support/{request.id}/messages",
                                              {"body": "They can help with the appeal.", "referral": str(entry.id)})
    assert response.status_code == 303
    assert SupportMessage.get().referral_id == entry.id
    html = page_of(sign_in(app, staff.member).get(f"/support/{request.id}"))
    assert "Refugee legal desk" in html and f'href="/help#entry-{entry.id}"' in html


def test_a_referral_to_an_entry_that_does_not_exist_is_refused(app, staff):
    request = flow.take(ask(staff.member), staff.mod)
    response = sign_in(app, staff.mod).submit(f"/moderation/support/{request.id}/messages",
                                              {"body": "Look here", "referral": "9999"})
    assert response.status_code == 422 and "Look here" in page_of(response)
    assert SupportMessage.select().count() == 0


def test_someone_elses_request_does_not_exist_for_a_member(app, staff):
    request = ask(staff.member)
    browser = sign_in(app, staff.other)
    before = row_counts(sign_ins=False)
    assert browser.get(f"/support/{request.id}").status_code == 404
    assert browser.submit(f"/support/{request.id}/messages", {"body": "Let me in"}).status_code == 404
    assert browser.submit(f"/support/{request.id}/close").status_code == 404
    assert row_counts(sign_ins=False) == before and state_of(request) == "open"
    assert SECRET not in page_of(browser.get("/support"))


def test_members_cannot_use_the_desk_and_applicants_cannot_ask(app, staff):
    request = ask(staff.member)
    member = sign_in(app, staff.member)
    assert member.get("/moderation/support").status_code == 403
    assert member.get(f"/moderation/support/{request.id}").status_code == 403
    assert member.submit(f"/moderation/support/{request.id}/take").status_code == 403
    applicant = sign_in(app, make_member("waiting", "applicant"))
    assert applicant.get("/support").status_code == 403
    assert applicant.submit("/support/new", {"category": "housing", "text": "x", "language": "en",
                                             "reach": "portal"}).status_code == 403
    assert state_of(request) == "open" and SupportRequest.select().count() == 1


def test_a_read_only_member_can_still_ask_for_help(app, staff):
    suspended = set_fields(make_member("quiet"), suspended_until=utcnow() + datetime.timedelta(days=3))
    response = sign_in(app, suspended).submit("/support/new", {"category": "unsafe", "text": "Please",
                                                               "language": "en", "reach": "portal"})
    assert response.status_code == 303 and SupportRequest.get().member_id == suspended.id


def test_a_closed_request_takes_no_more_messages_from_either_side(app, staff):
    request = flow.take(ask(staff.member), staff.mod)
    member = sign_in(app, staff.member)
    assert member.submit(f"/support/{request.id}/close").status_code == 303
    assert state_of(request) == "closed"
    response = member.submit(f"/support/{request.id}/messages", {"body": "One more thing"})
    assert response.status_code == 409 and "This request is closed" in page_of(response)
    staff_response = sign_in(app, staff.mod).submit(f"/moderation/support/{request.id}/messages",
                                                    {"body": "Anything else?", "referral": "0"})
    assert staff_response.status_code == 409
    assert SupportMessage.select().count() == 0
    assert sign_in(app, staff.mod).submit(f"/moderation/support/{request.id}/helpers",
                                          {"handle": "mod-two"}).status_code == 303
    assert flow.helper_ids(request) == {staff.mod.id}


def test_closing_twice_changes_nothing(app, staff):
    request = flow.take(ask(staff.member), staff.mod)
    flow.close(request, staff.mod)
    closed_at = SupportRequest.get_by_id(request.id).closed_at
    assert sign_in(app, staff.mod).submit(f"/moderation/support/{request.id}/close").status_code == 303
    assert SupportRequest.get_by_id(request.id).closed_at == closed_at


def test_forms_without_csrf_change_nothing(app, staff):
    request = flow.take(ask(staff.member), staff.mod)
    member, moderator = sign_in(app, staff.member), sign_in(app, staff.mod)
    before = row_counts(sign_ins=False)
    assert member.post("/support/new", data={"category": "housing", "text": "x", "language": "en",
                                             "reach": "portal"}).status_code == 400
    assert member.post(f"/support/{request.id}/messages", data={"body": "x"}).status_code == 400
    assert member.post(f"/support/{request.id}/close").status_code == 400
    assert moderator.post(f"/moderation/support/{request.id}/close").status_code == 400
    assert row_counts(sign_ins=False) == before and state_of(request) == "taken"


def test_closed_requests_are_purged_after_the_set_number_of_days(app, staff):
    old = flow.take(ask(staff.member), staff.mod)
    flow.post_message(old, staff.mod, "Done")
    flow.close(old, staff.mod)
    recent = ask(staff.member)
    flow.close(recent, staff.member)
    still_open = ask(staff.member)
    with transaction():
        SupportRequest.update(closed_at=utcnow() - datetime.timedelta(days=31)).where(
            SupportRequest.id == old.id).execute()
    app.config["SUPPORT_PURGE_DAYS"] = 30
    assert purge()["closed support requests"] == 1
    assert {row.id for row in SupportRequest.select()} == {recent.id, still_open.id}
    assert SupportMessage.select().count() == 0 and SupportHelper.select().count() == 0


def test_requests_go_with_the_account_and_are_in_the_export_without_who_helped(app, staff):
    request = flow.take(ask(staff.member), staff.mod)
    flow.post_message(request, staff.mod, "We will call you")
    exported = data_rights.export(staff.member)["support_requests"]
    assert exported[0]["text"] == SECRET and exported[0]["messages"][0]["body"] == "We will call you"
    assert "taken_by" not in exported[0] and "author" not in exported[0]["messages"][0]
    data_rights.delete_account(staff.member, keep_posts=False)
    assert SupportRequest.select().count() == SupportMessage.select().count() == SupportHelper.select().count() == 0
    assert StaffAlert.select().where(StaffAlert.target_type == "support_request",
                                     StaffAlert.handled_at.is_null()).count() == 0


def test_the_desk_and_my_requests_cost_the_same_queries_for_1_and_25_requests(app, staff):
    moderator, member = sign_in(app, staff.mod), sign_in(app, staff.member)
    flow.take(ask(staff.member), staff.mod)
    few = {url: count_queries(browser, url)[0]
           for browser, url in ((moderator, "/moderation/support"), (member, "/support"))}
    for n in range(24):
        request = ask(make_member(f"asker{n}"), category=("unsafe", "legal", "work")[n % 3])
        if n % 2:
            flow.take(request, staff.mod2 if n % 4 == 1 else staff.mod)
        ask(staff.member)
    for browser, url in ((moderator, "/moderation/support"), (member, "/support")):
        many, statements = count_queries(browser, url)
        assert many == few[url], "\n".join(statements)


def test_a_thread_costs_the_same_queries_for_2_and_40_messages(app, staff):
    entry = listing.save_entry(HelpEntry(), {"kind": "legal", "region": None, "languages": " fa ", "position": 1},
                               {"en": ("Legal desk", "", "")})
    request = flow.take(ask(staff.member), staff.mod)
    flow.post_message(request, staff.mod, "First", referral=entry.id)
    flow.post_message(request, staff.member, "Second")
    moderator, member = sign_in(app, staff.mod), sign_in(app, staff.member)
    few = {url: count_queries(browser, url)[0] for browser, url in (
        (moderator, f"/moderation/support/{request.id}"), (member, f"/support/{request.id}"))}
    for n in range(19):
        flow.post_message(request, staff.mod, f"Staff {n}", referral=entry.id)
        flow.post_message(request, staff.member, f"Member {n}")
    for browser, url in ((moderator, f"/moderation/support/{request.id}"), (member, f"/support/{request.id}")):
        many, statements = count_queries(browser, url)
        assert many == few[url], "\n".join(statements)


def test_hostile_text_in_a_request_is_shown_as_text(app, staff):
    request = flow.take(ask(staff.member, text='<script>alert(1)</script><img src=x onerror=alert(2)>'), staff.mod)
    html = page_of(sign_in(app, staff.mod).get(f"/moderation/support/{request.id}"))
    assert "<script>alert(1)</script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_htmx_and_plain_requests_get_the_same_page_with_vary(app, staff):
    response = sign_in(app, staff.member).get("/support", headers={"HX-Request": "true"})
    assert "HX-Request" in response.headers.get("Vary", "")
