"""Reach on a phone in every language: the error summary, the month view, valid ids, home-screen install."""

import json
import re
from collections import Counter
from pathlib import Path

from portal.config import ROOT
from portal.db import transaction
from portal.members.models import Member
from tests.calendar_fixtures import set_visible
from tests.conftest import make_member
from tests.helpers import page_of, sign_in

ID = re.compile(r'\sid="([^"]+)"')


def speaking(member, locale):
    with transaction():
        Member.update(locale=locale).where(Member.id == member.id).execute()


def test_error_summary_lists_each_problem_with_a_link_to_its_field(app):
    browser = sign_in(app, make_member("fixer"))
    response = browser.submit("/account/security", {"current_password": "", "password": "short",
                                                     "password_repeat": "other"})
    html = page_of(response)
    assert response.status_code == 422
    summary = re.search(r'<div class="error-summary"[^>]*data-error-summary[^>]*>(.*?)</div>', html, re.S).group(1)
    links = re.findall(r'<a href="#([\w-]+)">', summary)
    assert "current_password" in links and "password" in links
    # every link leads to a field on the page
    assert all(f'id="{target}"' in html for target in links)
    assert "Please check the form" in summary


def test_account_security_and_member_page_have_no_duplicate_ids(app):
    moderator = make_member("modi", "moderator")
    target = make_member("someone")
    browser = sign_in(app, moderator)
    for path in ("/account/security", f"/moderation/members/{target.id}"):
        html = page_of(browser.get(path))
        repeated = [name for name, count in Counter(ID.findall(html)).items() if count > 1]
        assert repeated == [], (path, repeated)
    # the confirm form's label points at its own field, not at the new-password one
    html = page_of(browser.get("/account/security"))
    assert '<label for="confirm-password">' in html and 'id="confirm-password"' in html


def test_unread_badge_is_not_an_aria_label_on_a_span(app):
    from portal.notifications import notify

    member = make_member("reader")
    with transaction():
        notify.send(member.id, "application_approved")
    html = page_of(sign_in(app, member).get("/forum"))
    assert '<span class="count" aria-hidden="true">1</span>' in html
    assert not re.search(r"<span[^>]*aria-label", html)


def test_month_view_starts_on_saturday_in_farsi_and_lists_days_on_phones(cal):
    meetup = cal.meetup(title="Board games")
    speaking(cal.alice, "fa")
    month = meetup.starts_at.strftime("%Y-%m")
    html = page_of(cal.browser(cal.alice).get(f"/calendar?month={month}"))
    headers = re.findall(r'<th scope="col">([^<]+)</th>', html)
    assert headers[0] == "شنبه" and len(headers) == 7
    listing = re.search(r'<div class="month-list">(.*?)</div>\s*$', html, re.S) or re.search(
        r'<div class="month-list">(.*)', html, re.S)
    assert "Board games" in listing.group(1)


def test_also_going_lists_the_others_not_the_viewer(cal):
    meetup = cal.meetup(title="Picnic")
    for member in (cal.alice, cal.bob):
        set_visible(member)
    cal.going(meetup, cal.alice, cal.bob)
    html = page_of(cal.browser(cal.alice).get(f"/calendar/{meetup.id}"))
    also = re.search(r"Also going:(.*?)</p>", html, re.S).group(1)
    assert "bob" in also and "alice" not in also


def test_search_snippets_are_plain_text_without_markdown_marks(forum):
    forum.reply(forum.bob, "Bring **every letter** from before the [interview](https://example.org/x) with you")
    html = page_of(forum.browser(forum.carol).get("/forum/search", query_string={"q": "interview"}))
    snippet = re.search(r'<p class="snippet">(.*?)</p>', html, re.S).group(1)
    assert "**" not in snippet and "](" not in snippet and "https://" not in snippet
    assert "<mark>interview</mark>" in snippet and "letter from before the" in snippet


def test_manifest_carries_the_configured_name_and_a_local_icon(app, client):
    app.config["SITE_NAME"] = "Weather notes"
    response = client.get("/manifest.webmanifest")
    manifest = json.loads(response.get_data(as_text=True))
    assert response.mimetype == "application/manifest+json"
    assert manifest["name"] == manifest["short_name"] == "Weather notes"
    assert manifest["start_url"] == "/" and manifest["icons"]
    for icon in manifest["icons"]:
        assert icon["src"].startswith("/static/")
        with client.get(icon["src"]) as served:
            assert served.status_code == 200
    assert "serviceworker" not in json.dumps(manifest).lower()
    assert 'rel="manifest" href="/manifest.webmanifest"' in page_of(client.get("/"))


def test_no_page_is_kept_on_the_phone(app):
    member = make_member("careful")
    browser = sign_in(app, member)
    for path in ("/", "/forum", "/account", "/manifest.webmanifest"):
        assert browser.get(path).headers["Cache-Control"] == "no-store", path
    # no service worker anywhere: nothing could keep a page for offline use
    scripts = [path.read_text() for path in Path(ROOT, "static", "js").glob("*.js")]
    assert not any("serviceWorker" in script for script in scripts)
