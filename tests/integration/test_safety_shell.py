"""What every page carries: headers, quick exit, languages, error pages."""

import pytest

from tests.conftest import make_member

PAGES = ["/", "/rules", "/apply", "/login", "/recover"]


@pytest.mark.parametrize("path", PAGES)
def test_every_page_has_strict_headers(client, path):
    response = client.get(path)
    csp = response.headers["Content-Security-Policy"]
    for directive in ["default-src 'self'", "script-src 'self'", "object-src 'none'", "base-uri 'none'",
                      "frame-ancestors 'none'"]:
        assert directive in csp
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert response.headers["Referrer-Policy"] == "no-referrer"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Cache-Control"] == "no-store"


def test_only_the_landing_page_may_be_indexed(client):
    assert "X-Robots-Tag" not in client.get("/").headers
    for path in PAGES[1:]:
        assert client.get(path).headers["X-Robots-Tag"] == "noindex, nofollow"


@pytest.mark.parametrize("path", PAGES)
def test_no_page_has_inline_script_or_outside_resources(client, path):
    page = client.get(path).get_data(as_text=True)
    assert "<script>" not in page and "onclick" not in page and "style=" not in page
    assert "http://" not in page.replace('http://neutral.invalid', '') and "https://" not in page
    assert '"historyCacheSize":0' in page and '"allowEval":false' in page


def test_quick_exit_button_is_on_every_page(client, login_as):
    for path in PAGES:
        assert 'href="/exit" data-quick-exit' in client.get(path).get_data(as_text=True)
    login_as("moderator")
    assert 'href="/exit" data-quick-exit' in client.get("/moderation").get_data(as_text=True)


def test_exit_ends_the_session_clears_site_data_and_leaves(client, login_as):
    login_as("member")
    response = client.get("/exit")
    assert response.status_code == 303
    assert response.headers["Location"] == "http://neutral.invalid/weather"
    assert response.headers["Clear-Site-Data"] == '"cache", "cookies", "storage"'
    assert client.get("/account").status_code == 302


def test_exit_works_for_a_visitor_too(client):
    assert client.get("/exit").status_code == 303


def test_neutral_site_and_name_are_settings(app, client):
    app.config.update(NEUTRAL_URL="https://example.org/news", SITE_NAME="Tea Club")
    assert client.get("/exit").headers["Location"] == "https://example.org/news"
    page = client.get("/rules").get_data(as_text=True)
    assert "<title>House rules · Tea Club</title>" in page
    assert "LGBT" not in page.split("</title>")[0]


@pytest.mark.parametrize("header, lang, direction", [
    ("ar", "ar", "rtl"), ("nl-NL,nl;q=0.9", "nl", "ltr"), ("de", "en", "ltr"), ("ar-SY,en;q=0.5", "ar", "rtl")])
def test_browser_language_picks_the_page_language(client, header, lang, direction):
    page = client.get("/", headers={"Accept-Language": header}).get_data(as_text=True)
    assert f'<html lang="{lang}" dir="{direction}">' in page


def test_language_switcher_wins_over_the_browser(client):
    response = client.submit("/language", {"lang": "ar", "next": "/rules"})
    assert response.status_code == 303 and response.headers["Location"] == "/rules"
    page = client.get("/rules", headers={"Accept-Language": "nl"}).get_data(as_text=True)
    assert '<html lang="ar" dir="rtl">' in page


def test_language_switcher_never_sends_to_another_site(client):
    response = client.submit("/language", {"lang": "nl", "next": "https://evil.example/"})
    assert response.headers["Location"] == "/"


def test_members_choice_wins_over_the_cookie(client, login_as):
    member = login_as("member")
    client.submit("/language", {"lang": "nl", "next": "/"})
    from portal.members.models import Member
    assert Member.get_by_id(member.id).locale == "nl"
    client.set_cookie("lang", "ar")
    assert '<html lang="nl"' in client.get("/rules").get_data(as_text=True)


def test_house_rules_are_shown_in_the_chosen_language(client):
    english = client.get("/apply", headers={"Accept-Language": "en"}).get_data(as_text=True)
    dutch = client.get("/apply", headers={"Accept-Language": "nl"}).get_data(as_text=True)
    assert "No politics and no religion" in english
    assert "No politics and no religion" not in dutch


@pytest.mark.parametrize("lang, words", [("en", "Page not found"), ("nl", "Pagina niet gevonden")])
def test_not_found_page_is_translated(client, lang, words):
    response = client.get("/no-such-page", headers={"Accept-Language": lang})
    assert response.status_code == 404 and words in response.get_data(as_text=True)


def test_csrf_failure_page_is_translated(client):
    response = client.post("/login", data={"handle": "x", "password": "y"}, headers={"Accept-Language": "ar"})
    assert response.status_code == 400
    assert 'dir="rtl"' in response.get_data(as_text=True)


def test_server_error_shows_a_kind_page_without_traceback(app, client, monkeypatch):
    app.config["PROPAGATE_EXCEPTIONS"] = False

    def boom():
        raise RuntimeError("secret internals")

    # an existing page made to fail: the app is built once, and routes cannot be added after its first request
    monkeypatch.setitem(app.view_functions, "public.healthz", boom)
    response = client.get("/healthz")
    assert response.status_code == 500
    page = response.get_data(as_text=True)
    assert "Something went wrong on our side" in page and "secret internals" not in page


def test_session_cookie_is_httponly_and_lax(client):
    make_member("Sami")
    response = client.get("/rules")
    cookie = next(c for c in response.headers.getlist("Set-Cookie") if c.startswith("session="))
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_over_https_the_cookie_is_secure_and_host_prefixed(migrated_database, tmp_path):
    from portal import create_app
    app = create_app({"DATABASE_URL": "sqlite:///" + str(tmp_path / "x.db"), "HTTPS": True, "SECRET_KEY": "k"})
    assert app.config["SESSION_COOKIE_NAME"] == "__Host-session"
    assert app.config["SESSION_COOKIE_SECURE"] is True


def test_htmx_fragment_and_full_page_share_a_url(client, login_as):
    login_as("moderator")
    full = client.get("/moderation/members")
    fragment = client.get("/moderation/members", headers={"HX-Request": "true"})
    assert "<html" in full.get_data(as_text=True)
    assert "<html" not in fragment.get_data(as_text=True)
    assert "HX-Request" in full.headers["Vary"] and "HX-Request" in fragment.headers["Vary"]


def test_healthz_answers(client):
    response = client.get("/healthz")
    assert response.status_code == 200 and response.get_json() == {"status": "ok"}


def test_static_files_are_served_from_the_site(client):
    response = client.get("/static/js/vendor/htmx-2.0.11.min.js")
    assert response.status_code == 200 and b"htmx" in response.data[:2000]
    response.close()
