"""Staff alerts: every kind of waiting item alerts staff; handling it ends the alert for everyone;
each moderator chooses kinds and quiet hours; urgent support requests alert everyone anyway."""

import datetime

import pytest

from portal.auth import membership
from portal.db import utcnow
from portal.forum import moderating, posting
from portal.forum.models import Category, CategoryText
from portal.introductions import flow, reports
from portal.moderation import vetting
from portal.notifications import alerts
from portal.notifications.alerts import AlertPreference, StaffAlert
from portal.support import flow as support
from tests.conftest import PASSWORD, make_member
from tests.helpers import count_queries, page_of, sign_in


def open_alerts():
    return [(alert.kind, alert.target_type, alert.target_id)
            for alert in StaffAlert.select().where(StaffAlert.handled_at.is_null()).order_by(StaffAlert.id)]


def a_thread(author):
    category = Category.create(slug="talk", position=1)
    CategoryText.create(category=category, locale="en", name="Talk", description="")
    return posting.create_thread(category, author, "Finding a doctor", "Who do you recommend?")


def test_an_application_alerts_staff_and_deciding_it_ends_the_alert_for_everyone(app, staff):
    applicant, _codes = membership.apply("newcomer", PASSWORD, languages=["en"])
    application = applicant.applications.get()
    assert open_alerts() == [("application", "application", application.id)]
    assert alerts.waiting_count(staff.mod) == alerts.waiting_count(staff.mod2) == 1
    vetting.decide_application(application, staff.mod, approve=True)
    assert open_alerts() == []
    assert alerts.waiting_count(staff.mod2) == 0
    handled = StaffAlert.get(StaffAlert.target_type == "application", StaffAlert.target_id == application.id)
    assert handled.handled_by_id == staff.mod.id and handled.handled_at is not None


def test_an_outing_flag_alerts_and_a_post_hidden_by_flags_alerts_until_a_moderator_acts(app, staff):
    thread = a_thread(staff.member)
    post = thread.posts.get()
    moderating.flag_post(post, staff.other, "outing")
    assert open_alerts() == [("flag", "post", post.id)]
    moderating.restore_post(post, staff.mod)
    assert open_alerts() == []
    app.config["FORUM_FLAGS_TO_HIDE"] = 2
    moderating.flag_post(post, make_member("carla"), "spam")
    assert open_alerts() == [], "one ordinary flag does not alert anyone"
    moderating.flag_post(post, make_member("dirk"), "spam")
    assert open_alerts() == [("hidden_post", "post", post.id)]
    moderating.delete_post(post, staff.mod2)
    assert open_alerts() == []


def test_introductions_buddy_requests_and_reported_messages_alert_until_handled(app, staff):
    asked = flow.request_introduction(staff.member, staff.other, note="We both cook", first_message="Hi",
                                      shares={})
    buddy = flow.request_buddy(make_member("seeker"), languages=["en"], region=None, support=["talk"], note="",
                               shares={})
    assert open_alerts() == [("introduction", "introduction", asked.id), ("introduction", "introduction", buddy.id)]
    introduced = flow.accept(flow.approve(asked, staff.mod), staff.other, {})
    flow.decline_by_moderator(buddy, staff.mod2)
    assert open_alerts() == []
    message = flow.send_message(introduced, staff.other, "Hello")
    report = reports.report_message(message, staff.member, "Worrying")
    assert open_alerts() == [("report", "message_report", report.id)]


def test_resolving_a_report_through_the_page_ends_its_alert(app, staff):
    introduced = flow.accept(flow.approve(flow.request_introduction(
        staff.member, staff.other, note="n", first_message="m", shares={}), staff.mod), staff.other, {})
    report = reports.report_message(flow.send_message(introduced, staff.other, "Hello"), staff.member)
    browser = sign_in(app, staff.mod2)
    assert browser.submit(f"/moderation/reports/{report.id}/resolve").status_code == 303
    assert open_alerts() == []


def test_a_withdrawn_request_waits_for_nobody(app, staff):
    asked = flow.request_introduction(staff.member, staff.other, note="n", first_message="m", shares={})
    flow.withdraw(asked, staff.member)
    assert open_alerts() == []


def test_each_alert_sends_the_neutral_email_to_staff_with_an_address_only(app, staff, mails):
    make_member("no-address", "moderator")
    mails.clear()
    membership.apply("newcomer", PASSWORD, languages=["en"])
    assert sorted(address for address, _locale in mails) == ["admin@staff.test", "one@staff.test", "two@staff.test"]


def test_a_moderator_who_chose_other_kinds_gets_no_email_and_no_count_for_this_kind(app, staff, mails):
    alerts.save_preference(staff.mod, ["support"], 0, 0)
    membership.apply("newcomer", PASSWORD, languages=["en"])
    assert "one@staff.test" not in [address for address, _locale in mails]
    assert alerts.waiting_count(staff.mod) == 0
    assert alerts.waiting_count(staff.mod2) == 1


def test_quiet_hours_hold_back_the_email_but_an_urgent_support_request_reaches_everyone(app, staff, mails):
    now = datetime.datetime.now(datetime.UTC).astimezone(datetime.UTC)
    # quiet from this hour for two hours, in UTC (the moderator's own time zone)
    for moderator in (staff.mod, staff.mod2, staff.admin):
        alerts.save_preference(moderator, [], now.hour, (now.hour + 2) % 24)
        moderator.timezone = "UTC"
        moderator.save()
    support.open_request(staff.member, category="housing", text="I need a room", language="en")
    assert mails == []
    support.open_request(staff.member, category="unsafe", text="They found out about me", language="en")
    assert sorted(address for address, _locale in mails) == ["admin@staff.test", "one@staff.test", "two@staff.test"]
    assert [alert.urgent for alert in alerts.open_alerts(staff.mod)] == [True]


@pytest.mark.parametrize(("start", "end", "hour", "quiet"), [
    (22, 7, 23, True), (22, 7, 3, True), (22, 7, 7, False), (22, 7, 12, False),
    (9, 17, 12, True), (9, 17, 17, False), (0, 0, 12, False)])
def test_quiet_hours_wrap_around_midnight(start, end, hour, quiet):
    preference = AlertPreference(quiet_from=start, quiet_until=end)
    now = datetime.datetime(2026, 6, 1, hour, 30)
    assert alerts.in_quiet_hours(preference, "UTC", now) is quiet


def test_quiet_hours_are_read_in_the_moderators_time_zone():
    preference = AlertPreference(quiet_from=22, quiet_until=7)
    # 21:30 UTC in summer is 23:30 in Amsterdam
    assert alerts.in_quiet_hours(preference, "Europe/Amsterdam", datetime.datetime(2026, 6, 1, 21, 30))
    assert not alerts.in_quiet_hours(preference, "UTC", datetime.datetime(2026, 6, 1, 21, 30))


def test_the_staff_navigation_shows_the_waiting_count_and_members_see_none(app, staff):
    membership.apply("newcomer", PASSWORD, languages=["en"])
    html = page_of(sign_in(app, staff.mod).get("/forum"))
    assert '<span class="visually-hidden">1 item waits</span>' in html
    member_html = page_of(sign_in(app, staff.member).get("/forum"))
    assert "Waiting for you" not in member_html


def test_the_alert_list_links_each_item_and_costs_the_same_queries_for_1_and_30(app, staff):
    browser = sign_in(app, staff.mod)
    membership.apply("newcomer0", PASSWORD, languages=["en"])
    few, _ = count_queries(browser, "/moderation/alerts")
    for n in range(1, 30):
        membership.apply(f"newcomer{n}", PASSWORD, languages=["en"])
    support.open_request(staff.member, category="unsafe", text="Help", language="ar")
    many, statements = count_queries(browser, "/moderation/alerts")
    assert few == many, "\n".join(statements)
    html = page_of(browser.get("/moderation/alerts"))
    assert html.count('href="/moderation/applications#application-') == 30
    assert "<strong>Urgent:</strong>" in html
    assert "Help" not in html.split("<main", 1)[1].replace("Help directory", ""), "no content of the request"


def test_alert_settings_are_saved_and_refused_to_members(app, staff):
    browser = sign_in(app, staff.mod)
    assert browser.get("/moderation/alerts/settings").status_code == 200
    response = browser.submit("/moderation/alerts/settings", {"kinds": ["support", "flag"], "quiet_from": "22",
                                                              "quiet_until": "7"})
    assert response.status_code == 303
    saved = AlertPreference.get(AlertPreference.member == staff.mod.id)
    assert saved.kind_list == ["flag", "support"] and (saved.quiet_from, saved.quiet_until) == (22, 7)
    member = sign_in(app, staff.member)
    assert member.get("/moderation/alerts").status_code == 403
    assert member.submit("/moderation/alerts/settings", {"kinds": ["support"], "quiet_from": "1",
                                                         "quiet_until": "2"}).status_code == 403
    assert AlertPreference.select().count() == 1


def test_alert_settings_without_csrf_change_nothing(app, staff):
    browser = sign_in(app, staff.mod)
    response = browser.post("/moderation/alerts/settings", data={"kinds": ["support"], "quiet_from": "1",
                                                                 "quiet_until": "2"})
    assert response.status_code == 400
    assert AlertPreference.select().count() == 0


def test_a_second_alert_for_the_same_waiting_item_is_not_raised(app, staff):
    thread = a_thread(staff.member)
    post = thread.posts.get()
    moderating.flag_post(post, staff.other, "outing")
    moderating.flag_post(post, make_member("carla"), "outing")
    assert len(open_alerts()) == 1
    assert utcnow() >= StaffAlert.get(StaffAlert.target_type == "post").created_at
