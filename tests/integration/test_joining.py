"""Applying, recovery codes, the applicant's view and the first admin's setup link."""

import re

import pytest

from portal.auth import membership
from portal.auth.models import Application, SetupToken
from portal.members.models import Member, RecoveryCode, Region
from tests.conftest import PASSWORD, make_member
from tests.helpers import application_form

CODE = re.compile(r"<code>([A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4})</code>")


def test_applying_shows_ten_codes_once_and_signs_in_as_applicant(client):
    response = client.submit("/apply", application_form())
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    codes = CODE.findall(page)
    assert len(codes) == 10 and len(set(codes)) == 10
    member = Member.get(Member.login_name == "Noor")
    assert member.role == "applicant" and member.languages == ["ar", "en"]
    assert Application.get(Application.member == member).status == "pending"
    # only hashes are kept
    stored = {row.code_hash for row in RecoveryCode.select().where(RecoveryCode.member == member)}
    assert len(stored) == 10 and not stored & set(codes)
    waiting = client.get("/", follow_redirects=True).get_data(as_text=True)
    assert "being reviewed" in waiting


def test_applicant_sees_only_the_waiting_page_rules_and_account(client):
    client.submit("/apply", application_form())
    assert client.get("/").headers["Location"].endswith("/application")
    for path in ["/application", "/rules", "/account", "/account/security"]:
        assert client.get(path).status_code == 200, path
    assert client.get("/moderation").status_code == 403
    nav = client.get("/application").get_data(as_text=True)
    assert "My application" in nav and "Moderation" not in nav


def test_apply_keeps_region_and_email_when_given(client):
    region = Region.create(name="Groningen", position=1)
    client.submit("/apply", application_form(region=str(region.id), email="noor@example.org"))
    member = Member.get(Member.login_name == "Noor")
    assert member.region_id == region.id and member.email == "noor@example.org"


@pytest.mark.parametrize("changes, field, message", [
    ({"handle": "ab"}, "handle", "3 to 30 characters"),
    ({"handle": "no spaces"}, "handle", "Use only letters"),
    ({"password": "short", "password_repeat": "short"}, "password", "at least 10 characters"),
    ({"password": "1234567890", "password_repeat": "1234567890"}, "password", "most common"),
    ({"password_repeat": "something else entirely"}, "password_repeat", "not the same"),
    ({"accept_rules": ""}, "accept_rules", "accept the house rules"),
    ({"languages": []}, "languages", "at least one language"),
    ({"invite": "made-up-code"}, "invite", "do not know this invite"),
    ({"region": "9999"}, "region", "from the list"),
])
def test_bad_application_is_explained_next_to_the_field_and_keeps_the_rest(client, changes, field, message):
    response = client.submit("/apply", application_form(email="kept@example.org", **changes))
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    error = re.search(rf'<p class="error" id="{field}-error">(.*?)</p>', page, re.S)
    assert error and message in error.group(1)
    if field != "handle":
        assert 'value="Noor"' in page
    assert 'value="kept@example.org"' in page
    if field != "languages":
        assert re.search(r'<input[^>]*checked[^>]*value="ar"|<input[^>]*value="ar"[^>]*checked', page)
    assert PASSWORD not in page
    assert Member.select().count() == 0


def test_taken_sign_in_name_is_refused_regardless_of_case_and_width(client):
    make_member("Noor")
    for variant in ["noor", "NOOR", "Ｎｏｏｒ"]:
        response = client.submit("/apply", application_form(handle=variant))
        assert response.status_code == 422
        assert "This sign-in name is taken" in response.get_data(as_text=True)
    assert Member.select().count() == 1


def test_applicant_has_no_pseudonym_yet_and_is_not_listed(client):
    client.submit("/apply", application_form())
    member = Member.get(Member.login_name == "Noor")
    assert member.handle.startswith("#") and not member.handle_chosen and member.handle_skeleton is None
    assert member.profile_hidden


def test_apply_without_csrf_token_gets_a_translated_400_and_creates_nothing(client):
    response = client.post("/apply", data=application_form(), headers={"Accept-Language": "nl"})
    assert response.status_code == 400
    assert "<html" in response.get_data(as_text=True)
    assert Member.select().count() == 0


def test_signed_in_person_is_sent_away_from_apply(client, login_as):
    login_as("member")
    assert client.get("/apply").status_code == 302


def test_setup_link_creates_the_first_admin_once(app, client):
    token = membership.new_setup_token(24)
    url = f"/setup/{token}"
    assert client.get(url).status_code == 200
    response = client.submit(url, {"handle": "first-sign-in", "password": PASSWORD, "password_repeat": PASSWORD,
                                   "pseudonym": "first-admin"})
    assert response.status_code == 200
    assert len(CODE.findall(response.get_data(as_text=True))) == 10
    admin = Member.get(Member.handle == "first-admin")
    assert admin.role == "admin" and admin.login_name == "first-sign-in" and admin.handle_chosen
    assert client.get("/moderation").status_code == 200
    # spent: neither the page nor a second post works
    assert client.get(url).status_code == 404
    other = app.test_client()
    assert other.get(url).status_code == 404
    assert Member.select().where(Member.role == "admin").count() == 1


def test_setup_link_expires(client):
    token = membership.new_setup_token(24)
    SetupToken.update(expires_at=SetupToken.created_at).execute()
    assert client.get(f"/setup/{token}").status_code == 404


def test_unknown_setup_token_is_404(client):
    membership.new_setup_token(24)
    assert client.get("/setup/not-a-token").status_code == 404


def test_no_setup_link_works_once_an_admin_exists(client):
    token = membership.new_setup_token(24)
    make_member("already-admin", "admin")
    assert client.get(f"/setup/{token}").status_code == 404


def test_setup_link_command_prints_a_link_only_without_admin(app):
    runner = app.test_cli_runner()
    first = runner.invoke(args=["setup-link", "--base-url", "http://127.0.0.1:5001"])
    assert "http://127.0.0.1:5001/setup/" in first.output
    make_member("an-admin", "admin")
    second = runner.invoke(args=["setup-link"])
    assert second.output == ""
