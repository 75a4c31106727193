"""The staff area: who may enter, applications, invites, finding members, roles, buddies, the audit log."""

import datetime
import hashlib
import re

import pytest

from portal import audit as audit_log
from portal.audit import AuditEntry
from portal.auth import membership
from portal.auth.models import Application, Invite
from portal.db import transaction, utcnow
from portal.members.models import Member, Region
from portal.moderation import vetting
from tests import conftest
from tests.conftest import PASSWORD
from tests.helpers import HTMX, application_form, audit, decided, page_of, path_of, sign_in

STAFF_PAGES = ["/moderation", "/moderation/applications", "/moderation/invites", "/moderation/members",
               "/moderation/log"]
XSS = "<script>alert(1)</script>"
XSS_ESCAPED = "&lt;script&gt;alert(1)&lt;/script&gt;"


# helpers ---------------------------------------------------------------------------------------

def make_member(handle, role="member", **profile):
    """conftest.make_member, plus what approval does: a promoted person's application is decided.

    Without this every staff account made for a test would sit in the applications queue.
    """
    member = conftest.make_member(handle, role, **profile)
    return member if role == "applicant" else decided(member)


@pytest.fixture
def login_as(login_as):
    def decided_login_as(role="member", handle=None):
        member = login_as(role, handle)
        return member if role == "applicant" else decided(member)
    return decided_login_as


def application_of(member):
    return Application.get(Application.member == member.id)


def article(page, application_id):
    """The HTML of one application in the list."""
    match = re.search(rf'<article class="application" id="application-{application_id}".*?</article>', page, re.S)
    assert match, f"application {application_id} is not on the page"
    return match.group(0)


def found_handles(page):
    """Pseudonyms in the rows of a member search, in order."""
    return re.findall(r'<tr id="member-\d+">\s*<td>(?:<a [^>]*>)?<bdi>(.*?)</bdi>', page)


def log_notes(page, pattern=r"entry-\d+"):
    return re.findall(pattern, page)


def apply_form(**changes):
    return application_form(**{"handle": "Noor-22", "languages": ["ar", "ru"], "email": "noor@example.org",
                               **changes})


def checked_languages(page):
    return sorted(re.findall(r'<input checked id="languages-\d+" name="languages"[^>]* value="(\w+)">', page))


# who may enter ---------------------------------------------------------------------------------

@pytest.mark.parametrize("path", STAFF_PAGES)
def test_visitors_are_sent_to_sign_in_from_staff_pages(client, path):
    response = client.get(path)
    assert response.status_code in (302, 303)
    assert path_of(response) == "/login"


@pytest.mark.parametrize("role", ["applicant", "member", "organiser"])
@pytest.mark.parametrize("path", STAFF_PAGES)
def test_non_staff_get_403_on_staff_pages(client, login_as, role, path):
    login_as(role)
    response = client.get(path)
    assert response.status_code == 403
    assert "This page is not for you" in page_of(response)


@pytest.mark.parametrize("role", ["moderator", "admin"])
@pytest.mark.parametrize("path", STAFF_PAGES)
def test_staff_open_staff_pages(client, login_as, role, path):
    login_as(role)
    response = client.get(path)
    assert response.status_code == 200
    assert "<h1>" in page_of(response)


def test_only_staff_see_the_moderation_link(client, login_as):
    login_as("organiser")
    assert 'href="/moderation"' not in page_of(client.get("/rules"))
    client.post("/logout", data={"csrf_token": client.csrf_token()})
    client.forget_csrf()
    login_as("moderator")
    assert 'href="/moderation"' in page_of(client.get("/rules"))


def test_dashboard_counts_waiting_applications(client, login_as):
    first = make_member("waiting-one", "applicant")
    make_member("waiting-two", "applicant")
    make_member("already-in", "member")  # approved people do not wait
    login_as("moderator")
    assert re.search(r'<span class="count">2</span>', page_of(client.get("/moderation")))

    client.submit(f"/moderation/applications/{application_of(first).id}", {"decision": "approve"})
    assert re.search(r'<span class="count">1</span>', page_of(client.get("/moderation")))


# applications ----------------------------------------------------------------------------------

def test_pending_applications_are_listed_oldest_first_with_what_staff_need(client, login_as):
    groningen = Region.create(name="Groningen", position=1)
    newer = make_member("Noor-22", "applicant", languages=["ar", "ru"], region=groningen)
    older = make_member("Лиса-88", "applicant", languages=["ru"])
    invite, _code = vetting.create_invite(None, days=7, note="from COC Groningen")
    with transaction():
        # created second but applied first: the list follows the application time, not the id
        Application.update(created_at=datetime.datetime(2026, 3, 1, 9, 30)).where(
            Application.member == older.id).execute()
        Application.update(created_at=datetime.datetime(2026, 3, 2, 14, 5), invite=invite).where(
            Application.member == newer.id).execute()
    make_member("member-already", "member")
    login_as("moderator")

    page = page_of(client.get("/moderation/applications"))

    old_id, new_id = application_of(older).id, application_of(newer).id
    assert page.index(f'id="application-{old_id}"') < page.index(f'id="application-{new_id}"')
    assert "member-already" not in page and "test-moderator" not in page
    assert "2 applications wait" in page

    noor = article(page, new_id)
    assert "<bdi>Noor-22</bdi>" in noor
    assert "\u2068العربية\u2069 (Arabic)" in noor and "\u2068Русский\u2069 (Russian)" in noor
    assert "Groningen" in noor
    assert "from COC Groningen" in noor
    # 14:05 UTC is 15:05 in Amsterdam, the default time zone
    assert "Mar 2, 2026" in noor and "3:05" in noor

    lisa = article(page, old_id)
    assert "<bdi>Лиса-88</bdi>" in lisa
    assert "Not given" in lisa  # no region
    assert re.search(r"<dt>Invite</dt><dd>No</dd>", lisa)
    assert "Mar 1, 2026" in lisa and "10:30" in lisa


def test_no_waiting_applications_says_so(client, login_as):
    login_as("moderator")
    assert "No applications are waiting." in page_of(client.get("/moderation/applications"))


@pytest.mark.parametrize("decision, status, role, message", [
    ("approve", "approved", "member", "Noor-22 is now a member."),
    ("reject", "rejected", "applicant", "The application of Noor-22 is rejected."),
])
def test_a_decision_is_stored_with_who_when_why_and_audited(client, login_as, decision, status, role, message):
    applicant = make_member("Noor-22", "applicant")
    moderator = login_as("moderator")
    application_id = application_of(applicant).id
    before = utcnow()

    response = client.submit(f"/moderation/applications/{application_id}",
                             {"decision": decision, "note": "Vouched for by the Utrecht group"})

    assert response.status_code == 303
    assert path_of(response) == "/moderation/applications"
    application = Application.get_by_id(application_id)
    assert application.status == status
    assert application.decided_by_id == moderator.id
    assert before <= application.decided_at <= utcnow()
    assert application.note == "Vouched for by the Utrecht group"
    assert Member.get_by_id(applicant.id).role == role
    [entry] = audit()
    assert (entry.actor_id, entry.target_member_id, entry.action, entry.note) == (
        moderator.id, applicant.id, f"application.{status}", "Vouched for by the Utrecht group")

    page = page_of(client.get("/moderation/applications"))
    assert message in page
    assert f'id="application-{application_id}"' not in page  # no longer waiting


def test_a_rejected_applicant_is_told_kindly_and_never_sees_the_internal_note(app, client, login_as):
    applicant = make_member("Noor-22", "applicant")
    login_as("moderator")
    client.submit(f"/moderation/applications/{application_of(applicant).id}",
                  {"decision": "reject", "note": "Could not confirm who referred them"})

    page = page_of(sign_in(app, "Noor-22").get("/application"))

    assert "Your application was not accepted" in page
    assert "being reviewed" not in page
    assert "Could not confirm" not in page


def test_an_approved_applicant_enters_the_member_area(app, client, login_as):
    applicant = make_member("Noor-22", "applicant")
    applicant_client = sign_in(app, "Noor-22")
    assert "being reviewed" in page_of(applicant_client.get("/application"))

    login_as("moderator")
    client.submit(f"/moderation/applications/{application_of(applicant).id}", {"decision": "approve"})

    # the same session carries on, now as a member
    response = applicant_client.get("/application")
    assert response.status_code in (302, 303) and path_of(response) == "/"


@pytest.mark.parametrize("decision, shown", [("approve", "Approved: Noor-22 is now a member."),
                                             ("reject", "Rejected.")])
def test_an_htmx_decision_answers_with_the_updated_application_only(client, login_as, decision, shown):
    applicant = make_member("Noor-22", "applicant")
    login_as("moderator")
    application_id = application_of(applicant).id

    response = client.submit(f"/moderation/applications/{application_id}", {"decision": decision}, headers=HTMX)

    assert response.status_code == 200
    fragment = page_of(response)
    assert "<html" not in fragment
    assert fragment.lstrip().startswith(f'<article class="application" id="application-{application_id}"')
    assert shown in fragment
    assert "<form" not in fragment  # nothing left to decide
    assert "HX-Request" in response.headers.get("Vary", "")
    assert Application.get_by_id(application_id).status != "pending"


def test_deciding_an_already_decided_application_changes_nothing(client, login_as):
    applicant = make_member("Noor-22", "applicant")
    login_as("moderator")
    application_id = application_of(applicant).id
    client.submit(f"/moderation/applications/{application_id}", {"decision": "approve", "note": "first"})
    decided = Application.get_by_id(application_id)

    response = client.submit(f"/moderation/applications/{application_id}", {"decision": "reject", "note": "second"})

    assert response.status_code == 303
    again = Application.get_by_id(application_id)
    assert (again.status, again.note, again.decided_at) == ("approved", "first", decided.decided_at)
    assert Member.get_by_id(applicant.id).role == "member"
    assert len(audit()) == 1
    assert "This application was already decided." in page_of(client.get("/moderation/applications"))


def test_an_htmx_decision_on_an_already_decided_application_does_not_swap_a_whole_page(client, login_as):
    # Two moderators with the list open: the second click must not put a full page inside the
    # list. htmx follows a 303 and swaps what it gets, so the answer must be the fragment itself
    # (showing the decision already made) or tell htmx to reload/redirect.
    applicant = make_member("Noor-22", "applicant")
    moderator = login_as("moderator")
    application = application_of(applicant)
    vetting.decide_application(application, moderator, approve=True, note="first")

    response = client.submit(f"/moderation/applications/{application.id}", {"decision": "reject"}, headers=HTMX)

    asks_htmx_to_navigate = any(h in response.headers for h in ("HX-Redirect", "HX-Refresh", "HX-Location"))
    assert asks_htmx_to_navigate or (response.status_code == 200 and "<html" not in page_of(response)), (
        response.status_code, dict(response.headers))
    assert Application.get_by_id(application.id).status == "approved"


def test_an_unknown_application_does_not_crash(client, login_as):
    login_as("moderator")
    response = client.submit("/moderation/applications/999999", {"decision": "approve"})
    assert response.status_code in (303, 404)
    assert audit() == []


def test_an_odd_decision_value_changes_nothing(client, login_as):
    applicant = make_member("Noor-22", "applicant")
    login_as("moderator")
    response = client.submit(f"/moderation/applications/{application_of(applicant).id}", {"decision": "maybe"})
    assert response.status_code in (303, 422)
    assert application_of(applicant).status == "pending"
    assert Member.get_by_id(applicant.id).role == "applicant"
    assert audit() == []


def test_a_decision_without_csrf_token_is_refused(client, login_as):
    applicant = make_member("Noor-22", "applicant")
    login_as("moderator")
    response = client.post(f"/moderation/applications/{application_of(applicant).id}", data={"decision": "approve"})
    assert response.status_code == 400
    assert "Something went wrong with this form" in page_of(response)
    assert application_of(applicant).status == "pending"
    assert Member.get_by_id(applicant.id).role == "applicant"
    assert audit() == []


@pytest.mark.parametrize("role", ["applicant", "member", "organiser"])
def test_non_staff_cannot_decide_applications(client, login_as, role):
    applicant = make_member("Noor-22", "applicant")
    login_as(role)
    response = client.submit(f"/moderation/applications/{application_of(applicant).id}", {"decision": "approve"})
    assert response.status_code == 403
    assert application_of(applicant).status == "pending"
    assert Member.get_by_id(applicant.id).role == "applicant"
    assert audit() == []


def test_a_visitor_cannot_decide_applications(client):
    applicant = make_member("Noor-22", "applicant")
    response = client.submit(f"/moderation/applications/{application_of(applicant).id}", {"decision": "approve"})
    assert path_of(response) == "/login"
    assert application_of(applicant).status == "pending"


# hostile text ----------------------------------------------------------------------------------

def test_hostile_invite_notes_and_region_names_are_escaped_in_the_application_list(client, login_as):
    region = Region.create(name='<b onmouseover="alert(2)">Zuid</b>', position=1)
    invite, code = vetting.create_invite(None, days=7, note='<img src=x onerror="alert(1)">')
    membership.apply("Noor-22", PASSWORD, languages=["en"], region=region.id, invite_code=code)
    login_as("moderator")

    page = page_of(client.get("/moderation/applications"))

    assert "<img src=x" not in page and "&lt;img src=x" in page
    assert "<b onmouseover" not in page and "&lt;b onmouseover" in page


def test_a_hostile_decision_note_is_escaped_in_the_log(client, login_as):
    applicant = make_member("Noor-22", "applicant")
    login_as("moderator")
    client.submit(f"/moderation/applications/{application_of(applicant).id}", {"decision": "reject", "note": XSS})
    assert application_of(applicant).note == XSS  # stored as typed, escaped on the way out

    page = page_of(client.get("/moderation/log"))

    assert XSS_ESCAPED in page
    assert XSS not in page


def test_a_hostile_pseudonym_is_escaped_in_search_and_log(client, login_as):
    # pseudonym rules forbid markup, but an older or imported row might carry it: the page must not trust it
    odd = make_member("odd-one", "member")
    with transaction():
        Member.update(handle="<i>odd</i>").where(Member.id == odd.id).execute()
    moderator = login_as("moderator")
    audit_log.record(moderator, "member.buddy_on", member=odd)

    for path in ["/moderation/members?q=odd", "/moderation/log"]:
        page = page_of(client.get(path))
        assert "&lt;i&gt;odd&lt;/i&gt;" in page, path
        assert "<i>odd</i>" not in page, path


# invites ---------------------------------------------------------------------------------------

def test_an_invite_link_is_shown_once_and_only_its_hash_is_stored(client, login_as):
    moderator = login_as("moderator")
    before = utcnow()

    response = client.submit("/moderation/invites", {"days": "10", "pre_approved": "y", "note": "for K. via COC"})

    assert response.status_code == 200
    page = page_of(response)
    assert "Copy it now: it is not shown again." in page
    code = re.search(r"/apply\?invite=([A-Za-z0-9_-]+)", page).group(1)

    invite = Invite.get()
    assert invite.created_by_id == moderator.id
    assert invite.pre_approved is True
    assert invite.note == "for K. via COC"
    assert invite.used_at is None and invite.state == "open"
    assert before + datetime.timedelta(days=10) <= invite.expires_at <= utcnow() + datetime.timedelta(days=10)
    assert invite.code_hash == hashlib.sha256(code.encode()).hexdigest()
    # the code itself is nowhere in the database: not in the invite, not in the log
    for row in list(Invite.select().dicts()) + list(AuditEntry.select().dicts()):
        assert all(code not in str(value) for value in row.values()), row
    [entry] = audit("invite.created")
    assert (entry.actor_id, entry.target_type, entry.target_id, entry.note) == (
        moderator.id, "invite", invite.id, "for K. via COC")

    later = page_of(client.get("/moderation/invites"))
    assert code not in later
    assert "for K. via COC" in later  # listed among recent invites, without its link


def test_an_invite_is_not_pre_approved_unless_asked(client, login_as):
    login_as("moderator")
    client.submit("/moderation/invites", {"days": "14", "note": ""})
    invite = Invite.get()
    assert invite.pre_approved is False
    assert invite.note == ""


@pytest.mark.parametrize("days, message", [
    ("0", "Between 1 and 90 days."),
    ("1000", "Between 1 and 90 days."),
    ("-3", "Between 1 and 90 days."),
    ("", "Say for how many days the invite works."),
])
def test_invalid_invite_durations_are_refused(client, login_as, days, message):
    login_as("moderator")
    response = client.submit("/moderation/invites", {"days": days, "note": "typed note"})
    assert response.status_code == 422
    page = page_of(response)
    assert message in page
    assert "/apply?invite=" not in page
    assert 'value="typed note"' in page
    assert Invite.select().count() == 0
    assert audit() == []


def test_invite_form_fields_are_not_marked_invalid_before_anything_is_wrong(client, login_as):
    # WAI-ARIA: an unknown aria-invalid value counts as "true", so aria-invalid="None" makes a
    # screen reader announce every untouched field as invalid; aria-describedby="None" points at nothing
    login_as("moderator")
    page = page_of(client.get("/moderation/invites"))
    assert re.search(r'id="days"', page)
    assert not re.findall(r'aria-[a-z]+="None"', page)


def test_non_staff_cannot_create_invites(client, login_as):
    login_as("member")
    assert client.submit("/moderation/invites", {"days": "14"}).status_code == 403
    assert Invite.select().count() == 0


def test_an_invite_made_on_the_page_lets_a_visitor_apply(app, client, login_as):
    moderator = login_as("moderator")
    page = page_of(client.submit("/moderation/invites", {"days": "14", "note": "Noor"}))
    code = re.search(r"/apply\?invite=([A-Za-z0-9_-]+)", page).group(1)

    visitor = app.test_client()
    assert f'value="{code}"' in page_of(visitor.get(f"/apply?invite={code}"))  # the link fills the field
    response = visitor.submit("/apply", apply_form(invite=code))

    assert response.status_code == 200
    assert "Write down your recovery codes" in page_of(response)
    member = Member.get(Member.login_name == "Noor-22")
    assert member.role == "applicant"
    application = application_of(member)
    invite = Invite.get()
    assert (application.status, application.invite_id) == ("pending", invite.id)
    assert (invite.used_by_id, invite.state) == (member.id, "used")
    assert invite.created_by_id == moderator.id


def test_a_pre_approved_invite_makes_a_member_at_once(app):
    creator = make_member("partner-org", "moderator")
    invite, code = vetting.create_invite(creator, days=7, pre_approved=True)

    response = app.test_client().submit("/apply", apply_form(invite=code))

    assert response.status_code == 200
    member = Member.get(Member.login_name == "Noor-22")
    assert member.role == "member"
    application = application_of(member)
    assert (application.status, application.invite_id, application.decided_by_id) == (
        "approved", invite.id, creator.id)
    assert Invite.get_by_id(invite.id).used_by_id == member.id
    [entry] = audit("application.approved")
    assert (entry.actor_id, entry.target_member_id) == (creator.id, member.id)


@pytest.mark.parametrize("problem, message", [
    ("used", "This invite code has already been used."),
    ("expired", "This invite code has expired."),
    ("unknown", "We do not know this invite code."),
])
def test_an_unusable_invite_is_refused_next_to_its_field_and_the_rest_is_kept(app, problem, message):
    groningen = Region.create(name="Groningen", position=1)
    invite, code = vetting.create_invite(None, days=7, pre_approved=True)
    if problem == "used":
        membership.apply("first-user", PASSWORD, languages=["en"], invite_code=code)
    elif problem == "expired":
        with transaction():
            Invite.update(expires_at=utcnow() - datetime.timedelta(minutes=1)).where(Invite.id == invite.id).execute()
    else:
        code = "no-such-code-" + code[:10]
    members_before = Member.select().count()

    response = app.test_client().submit("/apply", apply_form(invite=code, region=str(groningen.id)))

    assert response.status_code == 422
    page = page_of(response)
    error = re.search(r'<p class="error" id="invite-error">(.*?)</p>', page, re.S)
    assert error and message in error.group(1)
    assert re.search(r'id="invite"[^>]*aria-invalid="true"|aria-invalid="true"[^>]*id="invite"', page)
    # everything else the person typed is still there (the password excepted)
    assert re.search(r'id="handle"[^>]* value="Noor-22"', page)
    assert checked_languages(page) == ["ar", "ru"]
    assert re.search(r'id="email"[^>]* value="noor@example.org"', page)
    assert f'<option selected value="{groningen.id}">Groningen</option>' in page
    assert PASSWORD not in page
    assert Member.select().count() == members_before
    assert Member.get_or_none(Member.handle_key == "noor-22") is None


# finding members -------------------------------------------------------------------------------

@pytest.fixture
def people(app):
    """A few members to search among: names in several scripts, languages, regions and roles."""
    north = Region.create(name="Groningen", position=1)
    south = Region.create(name="Limburg", position=2)
    return {
        "Ali-Baba": make_member("Ali-Baba", "member", languages=["ar", "en"], region=north),
        "KALI": make_member("KALI", "organiser", languages=["fa"], region=south),
        "Лиса-88": make_member("Лиса-88", "member", languages=["ru", "uk"], region=north),
        "نسیم": make_member("نسیم", "applicant", languages=["fa", "ar"]),
        "no_1": make_member("no_1", "member", languages=["tr"], region=south),
        "noX1": make_member("noX1", "moderator", languages=["en"]),
        "regions": (north, south),
    }


@pytest.mark.parametrize("query, expected", [
    ("ali", ["Ali-Baba", "KALI"]),
    ("ALI", ["Ali-Baba", "KALI"]),
    ("Лиса", ["Лиса-88"]),
    ("лиСА", ["Лиса-88"]),
    ("نسی", ["نسیم"]),
    ("no_", ["no_1"]),  # "_" is a pseudonym character, not a wildcard
    ("zzz", []),
])
def test_members_are_found_by_pseudonym_fragment(client, login_as, people, query, expected):
    login_as("moderator", "the-mod")
    page = page_of(client.get("/moderation/members", query_string={"q": query}))
    assert found_handles(page) == expected
    if not expected:
        assert "Nobody matches this search." in page


@pytest.mark.parametrize("language, expected", [
    ("ar", ["Ali-Baba", "نسیم"]),
    ("fa", ["KALI", "نسیم"]),
    ("uk", ["Лиса-88"]),
    ("so", []),
])
def test_members_are_found_by_language(client, login_as, people, language, expected):
    login_as("moderator", "the-mod")  # the moderator speaks English only
    page = page_of(client.get("/moderation/members", query_string={"language": language}))
    assert found_handles(page) == expected


def test_members_are_found_by_region_and_role(client, login_as, people):
    north, south = people["regions"]
    login_as("moderator", "the-mod")

    assert found_handles(page_of(client.get(f"/moderation/members?region={north.id}"))) == ["Ali-Baba", "Лиса-88"]
    assert found_handles(page_of(client.get(f"/moderation/members?region={south.id}"))) == ["KALI", "no_1"]
    assert found_handles(page_of(client.get("/moderation/members?role=applicant"))) == ["نسیم"]
    assert found_handles(page_of(client.get("/moderation/members?role=moderator"))) == ["noX1", "the-mod"]
    # filters narrow together
    assert found_handles(page_of(client.get(f"/moderation/members?region={south.id}&role=member"))) == ["no_1"]


def test_a_member_search_by_htmx_answers_with_the_rows_only(client, login_as, people):
    login_as("moderator", "the-mod")
    response = client.get("/moderation/members?q=ali", headers=HTMX)
    assert response.status_code == 200
    fragment = page_of(response)
    assert "<html" not in fragment and "<form method=\"get\"" not in fragment
    assert found_handles(fragment) == ["Ali-Baba", "KALI"]
    assert "2 people found." in fragment
    assert "HX-Request" in response.headers.get("Vary", "")
    # the full page varies the same way, so a cache never mixes the two
    assert "HX-Request" in client.get("/moderation/members?q=ali").headers.get("Vary", "")


def test_odd_search_values_find_nothing_rather_than_fail(client, login_as, people):
    login_as("moderator", "the-mod")
    response = client.get("/moderation/members?role=king&language=xx&region=abc")
    assert response.status_code == 200
    assert found_handles(page_of(response)) == []


def test_moderators_see_roles_but_get_no_role_or_buddy_buttons(client, login_as, people):
    login_as("moderator", "the-mod")
    page = page_of(client.get("/moderation/members?q=ali"))
    assert "/role" not in page and "/buddy" not in page


# roles -----------------------------------------------------------------------------------------

def test_an_admin_changes_a_role_and_it_is_audited(client, login_as):
    member = make_member("Noor-22", "member")
    admin = login_as("admin")

    response = client.submit(f"/moderation/members/{member.id}/role", {"role": "organiser"})

    assert response.status_code == 303
    assert Member.get_by_id(member.id).role == "organiser"
    [entry] = audit("member.role")
    assert (entry.actor_id, entry.target_member_id, entry.note) == (admin.id, member.id, "member -> organiser")
    assert "Noor-22 has a new role." in page_of(client.get(response.headers["Location"]))


def test_an_htmx_role_change_answers_with_the_row(client, login_as):
    member = make_member("Noor-22", "member")
    login_as("admin")
    response = client.submit(f"/moderation/members/{member.id}/role", {"role": "moderator"}, headers=HTMX)
    fragment = page_of(response)
    assert response.status_code == 200
    assert "<html" not in fragment and fragment.lstrip().startswith(f'<tr id="member-{member.id}">')
    assert '<option value="moderator" selected>' in fragment
    assert "HX-Request" in response.headers.get("Vary", "")
    assert Member.get_by_id(member.id).role == "moderator"


def test_one_admin_can_demote_another(client, login_as):
    other_admin = make_member("second-admin", "admin")
    login_as("admin")
    client.submit(f"/moderation/members/{other_admin.id}/role", {"role": "moderator"})
    assert Member.get_by_id(other_admin.id).role == "moderator"


def test_a_moderator_cannot_change_roles(client, login_as):
    member = make_member("Noor-22", "member")
    login_as("moderator")
    response = client.submit(f"/moderation/members/{member.id}/role", {"role": "admin"})
    assert response.status_code == 403
    assert Member.get_by_id(member.id).role == "member"
    assert audit() == []


def test_an_admin_cannot_change_their_own_role(client, login_as):
    admin = login_as("admin")
    make_member("second-admin", "admin")  # so "last admin" is not what stops it
    response = client.submit(f"/moderation/members/{admin.id}/role", {"role": "member"})
    assert response.status_code == 403
    assert Member.get_by_id(admin.id).role == "admin"
    assert audit() == []


def test_an_applicant_is_decided_on_not_given_a_role(client, login_as):
    applicant = make_member("Noor-22", "applicant")
    login_as("admin")
    response = client.submit(f"/moderation/members/{applicant.id}/role", {"role": "member"})
    assert response.status_code == 403
    assert Member.get_by_id(applicant.id).role == "applicant"
    assert application_of(applicant).status == "pending"


@pytest.mark.parametrize("role", ["applicant", "superuser", ""])
def test_roles_outside_the_list_are_not_given(client, login_as, role):
    member = make_member("Noor-22", "member")
    login_as("admin")
    client.submit(f"/moderation/members/{member.id}/role", {"role": role})
    assert Member.get_by_id(member.id).role == "member"
    assert audit() == []


def test_a_role_change_without_csrf_token_is_refused(client, login_as):
    member = make_member("Noor-22", "member")
    login_as("admin")
    assert client.post(f"/moderation/members/{member.id}/role", data={"role": "admin"}).status_code == 400
    assert Member.get_by_id(member.id).role == "member"


def test_changing_the_role_of_nobody_is_404(client, login_as):
    login_as("admin")
    assert client.submit("/moderation/members/999999/role", {"role": "member"}).status_code == 404


# buddies ---------------------------------------------------------------------------------------

def test_an_admin_marks_and_unmarks_a_buddy_and_both_are_audited(client, login_as):
    member = make_member("Noor-22", "member")
    admin = login_as("admin")

    response = client.submit(f"/moderation/members/{member.id}/buddy", {"is_buddy": "on"})
    assert response.status_code == 303
    assert Member.get_by_id(member.id).is_buddy is True

    fragment = page_of(client.submit(f"/moderation/members/{member.id}/buddy", {"is_buddy": "off"}, headers=HTMX))
    assert Member.get_by_id(member.id).is_buddy is False
    assert "<html" not in fragment and "Make buddy" in fragment

    entries = audit()
    assert [(e.action, e.actor_id, e.target_member_id) for e in entries] == [
        ("member.buddy_on", admin.id, member.id), ("member.buddy_off", admin.id, member.id)]


def test_a_moderator_cannot_mark_buddies(client, login_as):
    member = make_member("Noor-22", "member")
    login_as("moderator")
    assert client.submit(f"/moderation/members/{member.id}/buddy", {"is_buddy": "on"}).status_code == 403
    assert Member.get_by_id(member.id).is_buddy is False
    assert audit() == []


def test_an_applicant_cannot_be_made_a_buddy(client, login_as):
    applicant = make_member("Noor-22", "applicant")
    login_as("admin")
    assert client.submit(f"/moderation/members/{applicant.id}/buddy", {"is_buddy": "on"}).status_code == 403
    assert Member.get_by_id(applicant.id).is_buddy is False


def test_an_odd_buddy_value_changes_nothing(client, login_as):
    member = make_member("Noor-22", "member")
    login_as("admin")
    client.submit(f"/moderation/members/{member.id}/buddy", {"is_buddy": "yes please"})
    assert Member.get_by_id(member.id).is_buddy is False
    assert audit() == []


# the audit log ---------------------------------------------------------------------------------

@pytest.fixture
def history(app):
    """Three staff actions on three days by two people, to filter."""
    admin = make_member("Admin-A", "admin")
    moderator = make_member("Mod-M", "moderator")
    x, y, z = (make_member(handle, "member") for handle in ("Target-X", "Target-Y", "Target-Z"))
    with transaction():
        for actor, action, target, note, when in [
            (admin, "application.approved", x, "entry-1", datetime.datetime(2026, 1, 10, 12)),
            (moderator, "application.rejected", y, "entry-2", datetime.datetime(2026, 2, 15, 23, 30)),
            (moderator, "member.role", z, "entry-3", datetime.datetime(2026, 3, 20, 8)),
        ]:
            AuditEntry.create(actor=actor, action=action, target_member=target, target_id=target.id,
                              note=note, created_at=when)
    return admin, moderator


def test_the_log_shows_who_did_what_to_whom_newest_first(client, login_as, history):
    login_as("moderator")
    page = page_of(client.get("/moderation/log"))
    assert log_notes(page) == ["entry-3", "entry-2", "entry-1"]
    row = re.search(r"<tr>(?:(?!</tr>).)*entry-2.*?</tr>", page, re.S).group(0)
    assert "<bdi>Mod-M</bdi>" in row and "Application rejected" in row and "<bdi>Target-Y</bdi>" in row


@pytest.mark.parametrize("query, expected", [
    ({"actor": "mod-m"}, ["entry-3", "entry-2"]),  # pseudonyms match regardless of case
    ({"actor": "Admin-A"}, ["entry-1"]),
    ({"action": "member.role"}, ["entry-3"]),
    ({"target": "TARGET-y"}, ["entry-2"]),
    ({"since": "2026-02-15"}, ["entry-3", "entry-2"]),
    ({"until": "2026-02-15"}, ["entry-2", "entry-1"]),  # "until" includes that whole day
    ({"since": "2026-02-01", "until": "2026-02-28"}, ["entry-2"]),
    ({"actor": "Mod-M", "action": "application.rejected"}, ["entry-2"]),
    ({"actor": "nobody-at-all"}, []),
    ({"since": "not-a-date", "page": "abc"}, ["entry-3", "entry-2", "entry-1"]),  # odd values are ignored
])
def test_log_filters_narrow_the_list(client, login_as, history, query, expected):
    login_as("moderator")
    page = page_of(client.get("/moderation/log", query_string=query))
    assert log_notes(page) == expected
    if not expected:
        assert "Nothing in the log matches." in page


def test_a_deleted_actor_shows_as_former_member(client, login_as, history):
    admin, _moderator = history
    with transaction():
        admin.delete_instance()
    login_as("moderator")
    page = page_of(client.get("/moderation/log"))
    row = re.search(r"<tr>(?:(?!</tr>).)*entry-1.*?</tr>", page, re.S).group(0)
    assert "former member" in row and "Admin-A" not in row


def test_the_log_is_paginated_by_fifty(client, login_as):
    actor = make_member("busy-mod", "moderator")
    start = datetime.datetime(2026, 1, 1)
    with transaction():
        for number in range(1, 56):
            AuditEntry.create(actor=actor, action="member.buddy_on", note=f"entry-{number:03d}",
                              created_at=start + datetime.timedelta(minutes=number))
    login_as("moderator")

    first = page_of(client.get("/moderation/log"))
    second = page_of(client.get("/moderation/log?page=2"))

    assert log_notes(first) == [f"entry-{n:03d}" for n in range(55, 5, -1)]
    assert log_notes(second) == [f"entry-{n:03d}" for n in range(5, 0, -1)]
    assert "Page 1 of 2" in first and 'rel="next"' in first
    assert "Page 2 of 2" in second and 'rel="prev"' in second and 'rel="next"' not in second


def test_log_pages_keep_the_filter(client, login_as):
    actor = make_member("busy-mod", "moderator")
    with transaction():
        for number in range(60):
            AuditEntry.create(actor=actor, action="member.buddy_on", note=f"entry-{number:03d}")
        AuditEntry.create(actor=actor, action="member.role", note="other-action")
    login_as("moderator")

    page = page_of(client.get("/moderation/log?action=member.buddy_on"))

    assert "other-action" not in page
    next_link = re.search(r'<a rel="next" href="([^"]+)"', page).group(1)
    assert "action=member.buddy_on" in next_link.replace("&amp;", "&") and "page=2" in next_link
    second = page_of(client.get(next_link.replace("&amp;", "&")))
    assert len(log_notes(second)) == 10 and "other-action" not in second
