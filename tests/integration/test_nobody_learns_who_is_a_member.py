"""No visitor can learn that a pseudonym has an account: the public forms take a private sign-in name.

Each test performs the attack of issue 10: a visitor types a member's pseudonym into apply, sign-in,
recover and reset, and compares the answer with the one for a name nobody has.
"""

import hashlib
import re

import pytest
from playhouse.migrations import Runner

from portal import db
from portal.auth import membership
from portal.auth.models import Application
from portal.members import handles
from portal.members.models import Member
from portal.moderation import vetting
from tests.conftest import PASSWORD, make_member

PSEUDONYM = "River-Stone"  # what other members see
NONSENSE = "Zq-nobody-91"
CODE = re.compile(r"[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}")
CSRF = re.compile(r'(name="csrf_token" (?:type="hidden" )?value="|"X-CSRFToken": ")[^"]+"')


@pytest.fixture
def member(app):
    return make_member(PSEUDONYM, login_name="kx-private-7")


def answer(response, typed):
    """Status and page, with what differs by nature left out: the CSRF token, the name typed, new codes."""
    page = CSRF.sub(r'\1"', response.get_data(as_text=True))
    page = CODE.sub("CODE", page.replace(typed, "NAME"))
    return response.status_code, page


def test_the_member_signs_in_with_the_private_name_and_not_with_the_pseudonym(app, member):
    assert app.test_client().submit("/login", {"handle": PSEUDONYM, "password": PASSWORD}).status_code == 422
    assert app.test_client().submit("/login", {"handle": "KX-private-7", "password": PASSWORD}).status_code == 303


def test_apply_answers_the_same_for_a_members_pseudonym_and_a_nonsense_name(app, member):
    def apply_as(name):
        return app.test_client().submit("/apply", {
            "handle": name, "password": PASSWORD, "password_repeat": PASSWORD, "languages": ["en"],
            "region": "0", "accept_rules": "y"})
    taken, free = apply_as(PSEUDONYM), apply_as(NONSENSE)
    assert answer(taken, PSEUDONYM) == answer(free, NONSENSE)
    assert taken.status_code == 200 and "taken" not in taken.get_data(as_text=True)
    # both became applicants, with sign-in names only: the member's pseudonym is still theirs alone
    assert Member.select().where(Member.login_key.in_(["river-stone", "zq-nobody-91"])).count() == 2
    assert Member.select().where(Member.handle_key == "river-stone").count() == 1


def test_sign_in_answers_the_same_for_a_members_pseudonym_and_a_nonsense_name(app, member):
    known = app.test_client().submit("/login", {"handle": PSEUDONYM, "password": "a wrong guess of a password"})
    unknown = app.test_client().submit("/login", {"handle": NONSENSE, "password": "a wrong guess of a password"})
    assert answer(known, PSEUDONYM) == answer(unknown, NONSENSE)
    assert known.status_code == 422


def test_recover_answers_the_same_for_a_members_pseudonym_and_a_nonsense_name(app, member):
    def recover_as(name):
        return app.test_client().submit("/recover", {"handle": name, "code": "ABCD-EFGH-JKMN-PQRS",
                                                     "password": "a brand new password", "password_repeat":
                                                     "a brand new password"})
    known, unknown = recover_as(PSEUDONYM), recover_as(NONSENSE)
    assert answer(known, PSEUDONYM) == answer(unknown, NONSENSE)
    assert known.status_code == 422


def test_a_wrong_password_for_a_real_sign_in_name_reads_like_an_unknown_name(app, member):
    real = app.test_client().submit("/login", {"handle": "kx-private-7", "password": "a wrong guess of a password"})
    unknown = app.test_client().submit("/login", {"handle": NONSENSE, "password": "a wrong guess of a password"})
    assert answer(real, "kx-private-7") == answer(unknown, NONSENSE)


def test_reset_answers_the_same_whatever_pseudonyms_exist(app, member):
    for path in (f"/reset/{PSEUDONYM}", f"/reset/{NONSENSE}"):
        assert app.test_client().get(path).status_code == 404
        assert app.test_client().submit(path, {"password": PASSWORD, "password_repeat": PASSWORD}).status_code == 404
    pages = [answer(app.test_client().get(f"/reset/{name}"), name) for name in (PSEUDONYM, NONSENSE)]
    assert pages[0] == pages[1]


@pytest.fixture
def hash_work(monkeypatch):
    """Counts the password-hash computations (PBKDF2 in the tests' setting)."""
    calls = []
    real = hashlib.pbkdf2_hmac

    def counting(*args, **kwargs):
        calls.append(args[0])
        return real(*args, **kwargs)
    monkeypatch.setattr(hashlib, "pbkdf2_hmac", counting)
    return calls


def test_an_unknown_name_costs_the_same_hash_work_as_a_known_one_from_the_first_request(app, member, hash_work):
    # the very first sign-in after a start is for an unknown name: nothing may be prepared on first use
    app.test_client().submit("/login", {"handle": NONSENSE, "password": "a wrong guess of a password"})
    unknown = len(hash_work)
    app.test_client().submit("/login", {"handle": "kx-private-7", "password": "a wrong guess of a password"})
    known = len(hash_work) - unknown
    app.test_client().submit("/login", {"handle": "another-unknown", "password": "a wrong guess of a password"})
    again = len(hash_work) - unknown - known
    assert unknown == known == again == 1


# after approval: the pseudonym is chosen inside ---------------------------------------------------

def applied_and_approved(app, login_name="quiet-key-3"):
    client = app.test_client()
    client.submit("/apply", {"handle": login_name, "password": PASSWORD, "password_repeat": PASSWORD,
                             "languages": ["en"], "region": "0", "accept_rules": "y"})
    client.forget_csrf()
    applicant = Member.get(Member.login_name == login_name)
    moderator = make_member("vetting-mod", "moderator")
    vetting.decide_application(Application.get(Application.member == applicant), moderator, approve=True)
    return client, applicant


def test_an_approved_member_chooses_a_pseudonym_before_the_member_area_opens(app):
    client, applicant = applied_and_approved(app)
    for path in ("/forum", "/calendar/new", "/members", "/introductions"):
        response = client.get(path)
        assert response.status_code in (302, 403, 404), path
    landing = client.get("/", follow_redirects=True)
    assert "Choose your pseudonym" in landing.get_data(as_text=True)
    page = landing.get_data(as_text=True)
    # nothing on the page names or suggests another member
    assert "vetting-mod" not in page

    response = client.submit("/welcome", {"pseudonym": "Morning-Tea"})
    assert response.status_code == 303
    member = Member.get_by_id(applicant.id)
    assert (member.handle, member.handle_chosen, member.login_name) == ("Morning-Tea", True, "quiet-key-3")
    assert client.get("/forum").status_code == 200
    # chosen once: the page now sends the member on
    assert client.get("/welcome").status_code == 302


def test_the_pseudonym_page_refuses_a_taken_or_look_alike_pseudonym_and_keeps_what_was_typed(app):
    make_member("demo-moderator", "moderator")
    client, applicant = applied_and_approved(app)
    for typed, message in [("Demo-Moderator", "This pseudonym is taken"),
                           ("dеmo-moderator", "looks too much like one that is already used"),
                           ("demo-moderator\u034f", "cannot be seen")]:
        response = client.submit("/welcome", {"pseudonym": typed})
        page = response.get_data(as_text=True)
        assert response.status_code == 422 and message in page, typed
        assert f'value="{typed}"' in page
    assert Member.get_by_id(applicant.id).handle_chosen is False


def test_an_applicant_cannot_choose_a_pseudonym_before_approval(app):
    client = app.test_client()
    client.submit("/apply", {"handle": "waiting-key", "password": PASSWORD, "password_repeat": PASSWORD,
                             "languages": ["en"], "region": "0", "accept_rules": "y"})
    client.forget_csrf()
    assert client.get("/welcome").status_code == 302
    client.submit("/welcome", {"pseudonym": "Too-Early"})
    assert not Member.select().where(Member.handle == "Too-Early").exists()


def test_the_reset_link_tells_the_member_their_sign_in_name(app, member):
    moderator = make_member("reset-mod", "moderator")
    token = membership.new_reset_link_token(member, moderator)
    page = app.test_client().get(f"/reset/{token}").get_data(as_text=True)
    assert "kx-private-7" in page


# members from before: their sign-in name is their pseudonym until they choose another -------------

def test_a_member_who_signs_in_with_the_pseudonym_is_asked_to_choose_a_private_name(app, client, login_as):
    member = login_as("member", handle="Old-Timer")  # sign-in name = pseudonym, as after migration 0009
    assert member.signs_in_with_pseudonym
    assert "You still sign in with your pseudonym" in client.get("/account").get_data(as_text=True)

    wrong = client.submit("/account/sign-in-name", {"current_password": "not my password", "login_name": "x-door-4"})
    assert wrong.status_code == 422 and "not your current password" in wrong.get_data(as_text=True)
    make_member("someone-else", login_name="taken-door")
    taken = client.submit("/account/sign-in-name", {"current_password": PASSWORD, "login_name": "Taken-Door"})
    assert taken.status_code == 422 and "This sign-in name is taken" in taken.get_data(as_text=True)
    invisible = client.submit("/account/sign-in-name", {"current_password": PASSWORD, "login_name": "x\u200bdoor"})
    assert invisible.status_code == 422
    assert Member.get_by_id(member.id).login_name == "Old-Timer"

    done = client.submit("/account/sign-in-name", {"current_password": PASSWORD, "login_name": "x-door-4"})
    assert done.status_code == 303
    changed = Member.get_by_id(member.id)
    assert (changed.login_name, changed.handle) == ("x-door-4", "Old-Timer") and not changed.signs_in_with_pseudonym
    assert "You still sign in with your pseudonym" not in client.get("/account").get_data(as_text=True)
    assert app.test_client().submit("/login", {"handle": "Old-Timer", "password": PASSWORD}).status_code == 422
    assert app.test_client().submit("/login", {"handle": "x-door-4", "password": PASSWORD}).status_code == 303


def test_the_migration_gives_members_from_before_their_pseudonym_as_sign_in_name(tmp_path):
    database = db.make_database(f"sqlite:///{tmp_path / 'before.db'}")
    runner = Runner(database, str(db.MIGRATIONS))
    runner.up(target="0001_initial")
    for handle in ("Ali", "dеmo"):  # the second with a Cyrillic е, as a look-alike could have been made before
        database.execute_sql("INSERT INTO member (handle, handle_key, password_hash, role, is_buddy, languages, "
                             "session_version, created_at) VALUES (?, ?, 'x', 'member', ?, ' en ', 1, "
                             "'2026-01-01 00:00:00')", (handle, handle.casefold(), False))
    runner.up()
    rows = database.execute_sql("SELECT handle, login_name, login_key, handle_chosen, handle_skeleton, profile_hidden "
                                "FROM member ORDER BY id").fetchall()
    database.close()
    assert [row[:4] for row in rows] == [("Ali", "Ali", "ali", 1), ("dеmo", "dеmo", "dеmo", 1)]
    assert rows[0][4] == handles.look_alike_key("Ali") and rows[1][4] == handles.look_alike_key("demo")
    # members from before stay listed as they were; only new members start unlisted
    assert [row[5] for row in rows] == [0, 0]
