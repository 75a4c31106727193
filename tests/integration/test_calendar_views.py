"""The calendar pages: the list by day, the month grid, filters, visitors, who sees the place, queries."""

import datetime
import re

import pytest
from babel.dates import format_date
from markupsafe import escape

from portal.calendar.models import Meetup, Rsvp
from portal.db import transaction, utcnow
from portal.members.models import Member
from tests.calendar_fixtures import ADDRESS, AREA, LINK, hostile_on_page, local_day, set_visible, utc
from tests.forum_fixtures import HOSTILE
from tests.helpers import HTMX, count_queries, page_of


def days_listed(html):
    """[(day heading, [meet-up titles])] of the list view, in page order."""
    return [(heading, re.findall(r'<a href="/calendar/\d+"><bdi>(.*?)</bdi></a>', body))
            for heading, body in re.findall(r'<section class="day">\s*<h2>(.*?)</h2>(.*?)</section>', html, re.S)]


def titles_on(html):
    return re.findall(r'<a (?:class="month-meetup[^"]*" )?href="/calendar/\d+">(?:[^<]* )?<bdi>(.*?)</bdi></a>', html)


def heading(day):
    return format_date(day, "full", locale="en")


def month_cells(html):
    """{day number: [titles]} of the month grid."""
    cells = {}
    for cell in re.findall(r"<td>(.*?)</td>", html, re.S):
        number = re.search(r'<span class="day-number">(\d+)</span>', cell)
        if number:
            cells[int(number.group(1))] = re.findall(r"<bdi>(.*?)</bdi>", cell)
    return cells


def at(year, month, day, hour=19, minute=0):
    """A stored (UTC) time for a site-zone wall-clock time."""
    return utc(datetime.datetime(year, month, day, hour, minute))


# the list of upcoming meet-ups ------------------------------------------------------------------

def test_upcoming_meetups_are_listed_by_day_soonest_first(cal):
    cal.meetup(title="Later walk", days_ahead=5)
    cal.meetup(title="Morning coffee", start=utc(local_day(3, 10)))
    cal.meetup(title="Evening film", start=utc(local_day(3, 20)))
    cal.meetup(title="Last week", days_ahead=-7)
    html = page_of(cal.browser(cal.alice).get("/calendar"))
    assert days_listed(html) == [(heading(local_day(3).date()), ["Morning coffee", "Evening film"]),
                                 (heading(local_day(5).date()), ["Later walk"])]
    assert 'aria-current="page">Coming up' in html


def test_a_meetup_still_going_on_is_listed_as_upcoming(cal):
    cal.meetup(title="Long day out", start=utcnow() - datetime.timedelta(hours=1), hours=5)
    assert "Long day out" in page_of(cal.browser(cal.alice).get("/calendar"))


def test_the_list_shows_time_area_region_languages_and_places_left(cal):
    meetup = cal.meetup(capacity=4, language_list=["ar", "en"], newcomer_friendly=True)
    cal.going(meetup, cal.bob)
    html = page_of(cal.browser(cal.alice).get("/calendar"))
    item = re.search(r'<li class="meetup-item">.*?</li>', html, re.S).group(0)
    assert "7:00\u2009–\u20099:00\u202fPM" in item
    assert AREA in item and "Groningen" in item and "\u2068العربية\u2069 (Arabic) and English" in item
    assert "3 places left" in item and "Good for new members" in item


def test_the_viewers_own_sign_up_is_marked_in_the_list(cal):
    going = cal.meetup(title="Going one", capacity=1)
    waiting = cal.meetup(title="Waiting one", capacity=1)
    cal.going(waiting, cal.bob)
    cal.going(going, cal.alice)
    cal.going(waiting, cal.alice)
    html = page_of(cal.browser(cal.alice).get("/calendar"))
    assert re.search(r"Going one</bdi></a>\s*<span class=\"badge new\">You are going", html)
    assert re.search(r"Waiting one</bdi></a>\s*<span class=\"badge waiting\">On the waiting list", html)


def test_a_cancelled_meetup_stays_listed_and_marked(cal):
    meetup = cal.meetup(title="Called off")
    with transaction():
        Meetup.update(cancelled_at=utcnow()).where(Meetup.id == meetup.id).execute()
    html = page_of(cal.browser(cal.alice).get("/calendar"))
    assert re.search(r'<li class="meetup-item cancelled">\s*<a href="/calendar/\d+"><bdi>Called off</bdi></a>\s*'
                     r'<span class="badge hidden">Cancelled</span>', html)


def test_nothing_to_show_says_so(cal):
    assert "No meet-ups to show." in page_of(cal.browser(cal.alice).get("/calendar"))


def test_past_meetups_are_reachable_newest_first(cal):
    cal.meetup(title="Coming soon", days_ahead=2)
    cal.meetup(title="Last month", days_ahead=-30)
    cal.meetup(title="Yesterday", days_ahead=-1)
    browser = cal.browser(cal.alice)
    assert [titles for _day, titles in days_listed(page_of(browser.get("/calendar")))] == [["Coming soon"]]
    html = page_of(browser.get("/calendar?past=1"))
    assert [titles for _day, titles in days_listed(html)] == [["Yesterday"], ["Last month"]]
    assert 'aria-current="page">Past meet-ups' in html


@pytest.mark.parametrize("view", ["", "&past=1", "&month={month}"])
def test_the_region_filter_shows_only_that_regions_meetups(cal, view):
    days = 40 if "past" not in view else -40
    start = utc(local_day(days))
    cal.meetup(title="In Groningen", start=start)
    cal.meetup(title="In Drenthe", start=start, region=cal.drenthe)
    cal.meetup(title="Nowhere in particular", start=start, region=None)
    month = local_day(days).strftime("%Y-%m")
    browser = cal.browser(cal.alice)
    html = page_of(browser.get(f"/calendar?region={cal.drenthe.id}" + view.format(month=month)))
    assert titles_on(html) == ["In Drenthe"]
    assert re.search(rf'<option value="{cal.drenthe.id}" selected>Drenthe</option>', html)
    everything = page_of(browser.get("/calendar?region=" + view.format(month=month)))
    assert sorted(titles_on(everything)) == ["In Drenthe", "In Groningen", "Nowhere in particular"]
    # an unknown region is no filter, not an error
    assert len(titles_on(page_of(browser.get("/calendar?region=9999" + view.format(month=month))))) == 3


# the month grid -----------------------------------------------------------------------------------

def december(cal):
    """Meet-ups around December 2026; the edges are in site time, not UTC."""
    cal.meetup(title="Sinterklaas", start=at(2026, 12, 5, 15))
    cal.meetup(title="Christmas eve dinner", start=at(2026, 12, 24, 18))
    cal.meetup(title="Christmas eve walk", start=at(2026, 12, 24, 21), region=cal.drenthe)
    # 00:30 on 1 December in Amsterdam is still 30 November in UTC
    cal.meetup(title="Just after midnight", start=at(2026, 12, 1, 0, 30))
    cal.meetup(title="New year party", start=at(2027, 1, 1, 0, 30))
    cal.meetup(title="End of November", start=at(2026, 11, 30, 23, 30))


def test_the_month_grid_shows_each_meetup_on_its_local_day(cal):
    december(cal)
    response = cal.browser(cal.alice).get("/calendar?month=2026-12")
    assert response.status_code == 200
    html = page_of(response)
    assert "<h2>December 2026</h2>" in html
    cells = month_cells(html)
    assert sorted(cells) == list(range(1, 32))
    assert cells[1] == ["Just after midnight"] and cells[5] == ["Sinterklaas"]
    assert cells[24] == ["Christmas eve dinner", "Christmas eve walk"]
    assert sum(len(titles) for titles in cells.values()) == 4
    assert "6:00\u202fPM <bdi>Christmas eve dinner</bdi>" in html
    # December 2026 starts on a Tuesday: the Monday before is outside the month
    first_row = re.search(r"<tbody>\s*<tr>(.*?)</tr>", html, re.S).group(1)
    assert first_row.count('class="outside"') == 1
    assert 'aria-current="page">Month' in html


@pytest.mark.parametrize("month, previous, following", [("2026-12", "2026-11", "2027-01"),
                                                        ("2027-01", "2026-12", "2027-02"),
                                                        ("2026-06", "2026-05", "2026-07")])
def test_previous_and_next_month_are_plain_links_that_htmx_also_follows(cal, month, previous, following):
    html = page_of(cal.browser(cal.alice).get(f"/calendar?month={month}"))
    for rel, target in (("prev", previous), ("next", following)):
        link = re.search(rf'<a href="([^"]+)" rel="{rel}"\s+hx-get="([^"]+)" hx-target="#calendar-view"', html)
        assert link, rel
        assert link.group(1) == link.group(2) == f"/calendar?month={target}"


def test_month_links_keep_the_region_filter(cal):
    html = page_of(cal.browser(cal.alice).get(f"/calendar?month=2026-12&region={cal.drenthe.id}"))
    assert f'href="/calendar?month=2027-01&amp;region={cal.drenthe.id}" rel="next"' in html
    assert titles_on(html) == []


def test_following_the_next_link_without_javascript_shows_the_next_month(cal):
    december(cal)
    browser = cal.browser(cal.alice)
    html = page_of(browser.get("/calendar?month=2026-11"))
    following = re.search(r'<a href="([^"]+)" rel="next"', html).group(1).replace("&amp;", "&")
    html = page_of(browser.get(following))
    assert "<h2>December 2026</h2>" in html and "Sinterklaas" in html


@pytest.mark.parametrize("url", ["/calendar?month=2026-12", "/calendar", "/calendar?past=1"])
def test_an_htmx_request_gets_only_the_view(cal, url):
    december(cal)
    cal.meetup(title="Soon")
    browser = cal.browser(cal.alice)
    response = browser.get(url, headers=HTMX)
    fragment = page_of(response)
    assert response.status_code == 200
    assert "<html" not in fragment and "<nav" not in fragment and 'id="calendar-view"' not in fragment
    assert "HX-Request" in response.headers.get("Vary", "")
    whole = page_of(browser.get(url))
    assert "<html" in whole and 'id="calendar-view"' in whole
    # the fragment is exactly what the page has inside #calendar-view
    assert " ".join(fragment.split()) in " ".join(whole.split())
    assert "HX-Request" in browser.get(url).headers.get("Vary", "")


@pytest.mark.parametrize("month", ["2026-13", "2026-00", "december", "2026", "2026-12-01", "", "12-2026x",
                                   "9999-12", "0001-01"])
def test_a_month_that_is_not_one_falls_back_to_the_list(cal, month):
    cal.meetup(title="Soon")
    response = cal.browser(cal.alice).get("/calendar", query_string={"month": month})
    assert response.status_code == 200
    html = page_of(response)
    assert "Soon" in html and 'class="month"' not in html


# what visitors see ------------------------------------------------------------------------------

@pytest.fixture
def public_and_private(cal):
    public = cal.meetup(title="Open drop-in", public=True, capacity=10, online_link=LINK,
                        language_list=["fa", "en"], description="Members-only *details* here.")
    private = cal.meetup(title="Closed circle", public=False, days_ahead=8)
    set_visible(cal.alice)
    cal.going(public, cal.alice, cal.bob)
    return public, private


@pytest.mark.parametrize("url", ["/", "/calendar", "/calendar?month={month}", "/calendar/{id}"])
def test_visitors_see_public_meetups_with_date_time_area_and_languages_only(cal, public_and_private, url):
    public, private = public_and_private
    response = cal.visitor().get(url.format(month=local_day(7).strftime("%Y-%m"), id=public.id))
    assert response.status_code == 200
    html = page_of(response)
    assert "Open drop-in" in html and "Closed circle" not in html
    assert starts_at(html, "7:00")
    if "month" not in url:
        assert AREA in html and "\u2068فارسی\u2069 (Farsi)" in html
        assert heading(local_day(7).date()) in html
    for secret in (ADDRESS, LINK, "alice", "bob", "Members-only", "going", "place left", "places left", "waiting"):
        assert secret not in html, secret


def test_the_landing_page_lists_public_meetups_for_visitors_only(cal, public_and_private):
    assert "Coming meet-ups" in page_of(cal.visitor().get("/"))
    assert "Open drop-in" not in page_of(cal.browser(cal.carol).get("/"))


def test_a_members_only_meetup_is_not_found_for_visitors_and_applicants(cal, public_and_private):
    _public, private = public_and_private
    assert cal.visitor().get(f"/calendar/{private.id}").status_code == 404
    assert cal.browser(cal.applicant).get(f"/calendar/{private.id}").status_code == 404
    assert "Closed circle" not in page_of(cal.browser(cal.applicant).get("/calendar"))
    assert "Closed circle" in page_of(cal.browser(cal.carol).get("/calendar"))


def test_the_description_shows_to_visitors_only_when_the_organiser_says_so(cal):
    meetup = cal.meetup(public=True, description="Tea and *cake*.")
    assert "<em>cake</em>" not in page_of(cal.visitor().get(f"/calendar/{meetup.id}"))
    with transaction():
        Meetup.update(public_description=True).where(Meetup.id == meetup.id).execute()
    html = page_of(cal.visitor().get(f"/calendar/{meetup.id}"))
    assert "Tea and <em>cake</em>." in html and ADDRESS not in html
    assert "Sign in to take part" in html


def test_past_public_meetups_are_reachable_for_visitors_too(cal):
    cal.meetup(title="Old public one", public=True, days_ahead=-3)
    cal.meetup(title="Old private one", days_ahead=-3)
    html = page_of(cal.visitor().get("/calendar?past=1"))
    assert "Old public one" in html and "Old private one" not in html


def test_visitors_get_no_organiser_tools_or_rsvp_form(cal):
    meetup = cal.meetup(public=True)
    html = page_of(cal.visitor().get(f"/calendar/{meetup.id}"))
    assert 'id="rsvp-box"' not in html and "For the organiser" not in html and ".ics" not in html


# who sees the exact place -----------------------------------------------------------------------

VIEWERS = {"visitor": False, "applicant": False, "member not signed up": False, "member waiting": False,
           "member going": True, "organiser": True, "moderator": True, "admin": True,
           "another organiser": False}


@pytest.mark.parametrize("viewer, sees", VIEWERS.items(), ids=VIEWERS.keys())
def test_the_address_and_link_show_only_to_attendees_the_organiser_and_staff(cal, viewer, sees):
    meetup = cal.meetup(public=True, public_description=True, capacity=1, online_link=LINK)
    cal.going(meetup, cal.alice, cal.bob)  # Alice goes, Bob waits
    browser = {"visitor": cal.visitor(), "applicant": cal.browser(cal.applicant),
               "member not signed up": cal.browser(cal.carol), "member waiting": cal.browser(cal.bob),
               "member going": cal.browser(cal.alice), "organiser": cal.browser(cal.organiser),
               "moderator": cal.browser(cal.moderator), "admin": cal.browser(cal.admin),
               "another organiser": cal.browser(cal.other_organiser)}[viewer]
    detail = page_of(browser.get(f"/calendar/{meetup.id}"))
    assert (ADDRESS in detail, LINK in detail) == (sees, sees)
    if sees:
        assert f'<a href="{LINK}" rel="nofollow noopener noreferrer"' in detail
    month = local_day(7).strftime("%Y-%m")
    for url in ("/", "/calendar", f"/calendar?month={month}", "/calendar?past=1"):
        html = page_of(browser.get(url))
        assert ADDRESS not in html and LINK not in html, url


def test_members_not_going_are_told_where_the_address_will_be(cal):
    meetup = cal.meetup()
    assert "Shown here once you are going." in page_of(cal.browser(cal.carol).get(f"/calendar/{meetup.id}"))


def test_the_address_disappears_again_after_cancelling_ones_place(cal):
    meetup = cal.meetup()
    browser = cal.browser(cal.alice)
    browser.submit(f"/calendar/{meetup.id}/rsvp", {"going": "yes"})
    assert ADDRESS in page_of(browser.get(f"/calendar/{meetup.id}"))
    browser.submit(f"/calendar/{meetup.id}/rsvp", {"going": "no"})
    assert ADDRESS not in page_of(browser.get(f"/calendar/{meetup.id}"))


def test_a_banned_attendee_loses_the_address_with_their_session(cal):
    meetup = cal.meetup()
    cal.going(meetup, cal.alice)
    browser = cal.browser(cal.alice)
    with transaction():
        Member.update(banned_at=utcnow()).where(Member.id == cal.alice.id).execute()
    assert ADDRESS not in page_of(browser.get(f"/calendar/{meetup.id}"))


def starts_at(html, time):
    """A start time on the page: alone ("7:00 PM") or opening a range ("7:00 – 9:00 PM")."""
    return f"{time}\u202fPM" in html or f"{time}\u2009–" in html


# times in the reader's time zone ----------------------------------------------------------------

def test_a_member_in_london_sees_times_an_hour_earlier(cal):
    meetup = cal.meetup()
    with transaction():
        Member.update(timezone="Europe/London").where(Member.id == cal.bob.id).execute()
    for url in (f"/calendar/{meetup.id}", "/calendar", f"/calendar?month={local_day(7).strftime('%Y-%m')}"):
        amsterdam = page_of(cal.browser(cal.alice).get(url))
        london = page_of(cal.browser(cal.bob).get(url))
        assert starts_at(amsterdam, "7:00") and not starts_at(amsterdam, "6:00"), url
        assert starts_at(london, "6:00") and not starts_at(london, "7:00"), url


def test_the_day_a_meetup_is_listed_under_follows_the_readers_time_zone(cal):
    # 00:30 in Amsterdam is 23:30 the evening before in London
    cal.meetup(title="Night bus", start=utc(local_day(4, 0, 30)))
    with transaction():
        Member.update(timezone="Europe/London").where(Member.id == cal.bob.id).execute()
    assert days_listed(page_of(cal.browser(cal.alice).get("/calendar"))) == \
        [(heading(local_day(4).date()), ["Night bus"])]
    assert days_listed(page_of(cal.browser(cal.bob).get("/calendar"))) == \
        [(heading(local_day(3).date()), ["Night bus"])]


def test_the_time_zone_chosen_on_the_account_page_is_used(cal):
    meetup = cal.meetup()
    browser = cal.browser(cal.bob)
    assert browser.submit("/account", {"locale": "en", "timezone": "Europe/London", "email": ""}).status_code == 303
    assert "6:00\u2009–\u20098:00\u202fPM" in page_of(browser.get(f"/calendar/{meetup.id}"))


# a fixed number of queries --------------------------------------------------------------------------

def add_many(cal, count, month_start, members):
    """count meet-ups in one month, in regions and without, some cancelled, most with sign-ups."""
    rows = []
    for n in range(count):
        start = month_start + datetime.timedelta(days=n % 27, hours=n % 5)
        rows.append({"organiser": cal.organiser.id, "title": f"Meet-up {n}", "description": "",
                     "description_html": "", "starts_at": start, "ends_at": start + datetime.timedelta(hours=2),
                     "region": (cal.groningen.id, cal.drenthe.id, None)[n % 3], "public_area": f"Area {n}",
                     "private_address": ADDRESS, "online_link": "", "capacity": (2, None)[n % 2],
                     "languages": " ar en ", "newcomer_friendly": n % 2 == 0, "public": n % 4 == 0,
                     "public_description": False, "cancelled_at": utcnow() if n % 10 == 9 else None,
                     "sequence": 0, "created_at": utcnow(), "updated_at": utcnow()})
    with transaction():
        first_id = Meetup.select().count()
        Meetup.insert_many(rows).execute()
        new = list(Meetup.select().order_by(Meetup.id).offset(first_id))
        rsvps = []
        for meetup in new:
            for position, member in enumerate(members[:3 if meetup.capacity else 2]):
                state = "waiting" if meetup.capacity and position >= meetup.capacity else "going"
                rsvps.append({"meetup": meetup.id, "member": member.id, "state": state, "created_at": utcnow()})
        Rsvp.insert_many(rsvps).execute()


@pytest.mark.parametrize("who", ["alice", "moderator", None], ids=["member", "moderator", "visitor"])
def test_list_and_month_views_run_the_same_queries_for_5_and_100_meetups(cal, who):
    today = local_day(0).date()
    month_start = datetime.datetime(today.year + (today.month == 12), today.month % 12 + 1, 1, 12)
    month = month_start.strftime("%Y-%m")
    members = [cal.alice, cal.bob, cal.carol]
    browser = cal.browser(getattr(cal, who)) if who else cal.visitor()
    urls = ["/calendar", f"/calendar?month={month}", f"/calendar?region={cal.groningen.id}",
            f"/calendar?month={month}&region={cal.drenthe.id}"]
    add_many(cal, 5, utc(month_start), members)
    few = {url: count_queries(browser, url) for url in urls}
    add_many(cal, 95, utc(month_start), members)
    for url in urls:
        many, statements = count_queries(browser, url)
        # staff pages count one more: the "waiting for you" count in the navigation
        assert many == few[url][0] <= (13 if who == "moderator" else 12), (url, "\n".join(statements))
    public = Meetup.select().where(Meetup.public == True).count()  # noqa: E712
    assert page_of(browser.get(urls[0])).count('<li class="meetup-item') == (100 if who else public)


# hostile text ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("payload", HOSTILE)
def test_hostile_meetup_text_renders_inert_everywhere(cal, payload):
    meetup = cal.meetup(title=payload[:120], description=payload, public_area=payload[:120],
                        private_address=payload, public=True, public_description=True)
    cal.going(meetup, cal.alice)
    month = local_day(7).strftime("%Y-%m")
    alice = cal.browser(cal.alice)
    pages = {"list": alice.get("/calendar"), "month": alice.get(f"/calendar?month={month}"),
             "month (htmx)": alice.get(f"/calendar?month={month}", headers=HTMX),
             "detail (attendee)": alice.get(f"/calendar/{meetup.id}"),
             "detail (organiser)": cal.browser(cal.organiser).get(f"/calendar/{meetup.id}"),
             "edit": cal.browser(cal.organiser).get(f"/calendar/{meetup.id}/edit"),
             "rsvp (htmx)": cal.browser(cal.bob).submit(f"/calendar/{meetup.id}/rsvp", {"going": "yes"},
                                                        headers=HTMX),
             "landing (visitor)": cal.visitor().get("/"), "list (visitor)": cal.visitor().get("/calendar"),
             "detail (visitor)": cal.visitor().get(f"/calendar/{meetup.id}")}
    for name, response in pages.items():
        assert response.status_code == 200, name
        html = page_of(response)
        assert hostile_on_page(html, fragment="htmx" in name) == [], name
    # the text is there, as text
    escaped = str(escape(payload[:120]))
    for name in ("list", "month", "detail (attendee)", "list (visitor)"):
        assert escaped in page_of(pages[name]), name
    assert str(escape(payload)) in page_of(pages["detail (attendee)"])


# demo content ---------------------------------------------------------------------------------------

def test_the_demo_adds_upcoming_meetups_in_two_regions(app):
    result = app.test_cli_runner().invoke(args=["demo", "--password", "demo password 123"])
    assert result.exit_code == 0, result.output
    upcoming = list(Meetup.select().where(Meetup.starts_at > utcnow()))
    assert len(upcoming) == Meetup.select().count() >= 6
    assert len({meetup.region_id for meetup in upcoming if meetup.region_id}) >= 2
    assert max(meetup.starts_at for meetup in upcoming) - utcnow() <= datetime.timedelta(days=62)
    drop_ins = [meetup for meetup in upcoming if meetup.title == "Weekly drop-in"]
    assert len(drop_ins) >= 4 and all(meetup.public for meetup in drop_ins)
    # weekly: the same weekday and local time each week
    gaps = {later.starts_at - earlier.starts_at for earlier, later in
            zip(sorted(drop_ins, key=lambda m: m.starts_at), sorted(drop_ins, key=lambda m: m.starts_at)[1:], strict=False)}
    assert all(gap in (datetime.timedelta(days=7), datetime.timedelta(days=7, hours=1),
                       datetime.timedelta(days=7, hours=-1)) for gap in gaps)
    counts = {meetup.id: {state: Rsvp.select().where(Rsvp.meetup == meetup, Rsvp.state == state).count()
                          for state in ("going", "waiting")} for meetup in upcoming}
    assert any(meetup.capacity and counts[meetup.id]["going"] == meetup.capacity and counts[meetup.id]["waiting"]
               for meetup in upcoming), "no full meet-up with a waiting list"
    assert any(meetup.online_link for meetup in upcoming)
    assert any(meetup.newcomer_friendly for meetup in upcoming)
    organiser = Member.get(Member.handle == "demo-organiser")
    assert all(meetup.organiser_id == organiser.id for meetup in upcoming)


def test_the_demo_meetups_are_added_once(app):
    runner = app.test_cli_runner()
    runner.invoke(args=["demo", "--password", "first password 123"])
    before = Meetup.select().count()
    assert runner.invoke(args=["demo", "--password", "second password 123"]).exit_code == 0
    assert Meetup.select().count() == before


def test_a_demo_member_sees_the_demo_calendar(app):
    app.test_cli_runner().invoke(args=["demo", "--password", "demo password 123"])
    browser = app.test_client()
    browser.submit("/login", {"handle": "demo-member", "password": "demo password 123"})
    html = page_of(browser.get("/calendar"))
    assert "Weekly drop-in" in html and "Online Q&amp;A" in html
    assert "Weekly drop-in" in page_of(app.test_client().get("/calendar"))
