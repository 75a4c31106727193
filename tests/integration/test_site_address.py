"""Links use the site's own address (BASE_URL), never the request's Host header; other hosts are refused."""

import re

import pytest
from icalendar import Calendar

from portal import config, create_app
from portal.auth.models import ResetToken
from portal.members.models import Member
from portal.urls import external_url
from tests.calendar_fixtures import add_meetup
from tests.conftest import Client, make_member
from tests.helpers import page_of

EVIL = "evil.example"
SITE = "https://harbour.example.org"


@pytest.fixture
def site(app):
    """The site's address differs from the test client's host: every link must show the site's."""
    app.config["BASE_URL"] = SITE
    return app


def all_text(response):
    return page_of(response) + " ".join(f"{name}: {value}" for name, value in response.headers.items())


# other hosts are refused -------------------------------------------------------------------------

@pytest.mark.parametrize("path", ["/", "/login", "/forum", "/account/security", "/calendar/feed/abc.ics",
                                  "/exit", "/healthz", "/no-such-page"])
def test_a_request_for_another_host_is_refused(client, login_as, path):
    login_as("member")
    response = client.get(path, headers={"Host": EVIL})
    assert response.status_code == 400
    assert EVIL not in all_text(response)


def test_a_form_sent_to_another_host_is_refused_and_changes_nothing(client, login_as):
    member = login_as("member")
    response = client.submit("/account/calendar-feed", headers={"Host": EVIL})
    assert response.status_code == 400
    assert EVIL not in all_text(response)
    assert Member.get_by_id(member.id).feed_token_hash is None


def test_the_site_answers_on_its_own_host_with_any_port(client):
    assert client.get("/rules", headers={"Host": "localhost:8080"}).status_code == 200
    assert client.get("/rules", headers={"Host": "127.0.0.1"}).status_code == 200


def test_behind_a_proxy_a_forwarded_host_is_checked_too(app):
    behind = create_app({key: app.config[key] for key in ("TESTING", "DATABASE_URL", "SECRET_KEY", "BASE_URL")}
                        | {"BEHIND_PROXY": True})
    behind.test_client_class = Client
    browser = behind.test_client()
    assert browser.get("/rules", headers={"X-Forwarded-Host": EVIL}).status_code == 400
    assert browser.get("/rules", headers={"X-Forwarded-Host": "localhost"}).status_code == 200


def test_trusted_hosts_come_from_base_url_and_the_extra_setting():
    assert config.trusted_hosts("https://harbour.example.org:8443/", "") == ["harbour.example.org"]
    assert config.trusted_hosts("http://127.0.0.1:5000", " portal.internal , 10.0.0.5") == [
        "127.0.0.1", "portal.internal", "10.0.0.5"]
    with pytest.raises(ValueError):
        config.trusted_hosts("harbour.example.org")


def test_the_settings_are_read_from_the_environment(monkeypatch):
    monkeypatch.setenv("BASE_URL", "https://harbour.example.org/")
    monkeypatch.setenv("EXTRA_HOSTS", "portal.internal")
    loaded = config.load({"SECRET_KEY": "k"})
    assert loaded["BASE_URL"] == "https://harbour.example.org"
    assert loaded["TRUSTED_HOSTS"] == ["harbour.example.org", "portal.internal"]


# every absolute link is on BASE_URL -----------------------------------------------------------------

def test_the_private_calendar_feed_address_is_on_the_sites_address(site, client, login_as):
    login_as("member")
    response = client.submit("/account/calendar-feed", headers={"Host": "localhost:8080"})
    assert response.status_code == 200
    assert re.search(r'value="https://harbour\.example\.org/calendar/feed/[\w-]+\.ics"', page_of(response))
    assert "localhost" not in re.search(r'value="([^"]*/calendar/feed/[^"]*)"', page_of(response)).group(1)


def test_the_reset_link_a_moderator_hands_out_is_on_the_sites_address(site, client, login_as):
    login_as("moderator", "Mo")
    member = make_member("Sami")
    response = client.submit(f"/moderation/members/{member.id}/reset-link")
    assert response.status_code == 200
    assert re.search(r'value="https://harbour\.example\.org/reset/[\w-]+"', page_of(response))
    assert ResetToken.select().count() == 1


def test_the_invite_link_is_on_the_sites_address(site, client, login_as):
    login_as("moderator", "Mo")
    response = client.submit("/moderation/invites", {"days": "10", "note": ""})
    assert response.status_code == 200
    assert re.search(r'https://harbour\.example\.org/apply\?invite=[\w-]+', page_of(response))


def test_the_url_lines_of_calendar_files_are_on_the_sites_address(site, client, login_as):
    member = login_as("organiser", "Olga")
    meetup = add_meetup(Member.get_by_id(member.id))
    response = client.get(f"/calendar/{meetup.id}.ics")
    assert response.status_code == 200
    event, = Calendar.from_ical(response.get_data()).walk("VEVENT")
    assert str(event["URL"]) == f"{SITE}/calendar/{meetup.id}"
    assert b"localhost" not in response.get_data()


def test_no_link_built_outside_a_request_depends_on_a_host(site):
    # no request at all (a command, a background job): the same address
    assert external_url("calendar.detail", meetup_id=7) == f"{SITE}/calendar/7"
    assert external_url("auth.apply", invite="a b", _anchor="top") == f"{SITE}/apply?invite=a+b#top"


def test_a_base_url_with_a_path_keeps_it(site):
    site.config["BASE_URL"] = "https://example.org/harbour"
    assert external_url("public.rules") == "https://example.org/harbour/rules"


def test_the_setup_link_command_prints_the_sites_address(site):
    result = site.test_cli_runner().invoke(args=["setup-link"])
    assert result.exit_code == 0, result.output
    assert re.search(r"https://harbour\.example\.org/setup/[\w-]+", result.output)

