"""The public face is discreet: admins write the front page, house rules introduction and site name
in every language, and the built-in texts say nothing about who the members are."""


import pytest

from portal.audit import AuditEntry
from portal.config import LANGUAGES
from portal.public.models import SiteText
from tests.helpers import main_of, page_of

GIVEAWAYS = ("LGBT", "asylum", "refugee", "residence permit", "reception")


def save(client, key, **by_locale):
    form = {code: "" for code in LANGUAGES}
    form.update(by_locale)
    return client.submit(f"/admin/texts/{key}", form)


@pytest.mark.parametrize("locale", list(LANGUAGES))
def test_an_onlooker_learns_nothing_from_the_front_page_in_any_language(client, locale):
    page = page_of(client.get("/", headers={"Accept-Language": locale}))
    for word in GIVEAWAYS:
        assert word.lower() not in page.lower(), (locale, word)


def test_the_built_in_front_page_text_is_discreet(client):
    page = main_of(page_of(client.get("/")))
    assert "A members' community. Membership is by invitation and review." in page


def test_an_admin_writes_the_front_page_in_two_languages(app, client, login_as):
    admin = login_as("admin")
    response = save(client, "landing", en="A **book club** for neighbours.", nl="Een *leesclub* voor buren.")
    assert response.status_code == 303
    assert {(row.locale, row.text) for row in SiteText.select()} == {
        ("en", "A **book club** for neighbours."), ("nl", "Een *leesclub* voor buren.")}
    [entry] = AuditEntry.select().where(AuditEntry.action == "site_text.saved")
    assert (entry.actor_id, entry.note) == (admin.id, "landing")

    visitor = app.test_client()
    assert "<strong>book club</strong>" in page_of(visitor.get("/", headers={"Accept-Language": "en"}))
    assert "<em>leesclub</em>" in page_of(visitor.get("/", headers={"Accept-Language": "nl"}))
    # nothing written in French: the site's default language
    assert "<strong>book club</strong>" in page_of(visitor.get("/", headers={"Accept-Language": "fr"}))


def test_without_a_text_in_the_default_language_the_built_in_one_is_shown_translated(app, client, login_as):
    login_as("admin")
    save(client, "landing", nl="Een leesclub voor buren.")
    french = page_of(app.test_client().get("/", headers={"Accept-Language": "fr"}))
    assert "Een leesclub" not in french
    assert "A members' community" not in french  # the French translation of the built-in text


def test_emptying_a_language_brings_the_default_back(app, client, login_as):
    login_as("admin")
    save(client, "landing", en="A book club.")
    save(client, "landing")
    assert SiteText.select().count() == 0
    assert "A members' community" in page_of(app.test_client().get("/"))


def test_the_site_name_in_the_title_and_header_and_the_rules_introduction_are_editable(app, client, login_as):
    login_as("admin")
    save(client, "site_title", en="Book Club", ar="نادي الكتاب")
    save(client, "rules_intro", en="Be *kind* to each other.")
    visitor = app.test_client()
    rules = page_of(visitor.get("/rules"))
    assert "<title>House rules · Book Club</title>" in rules
    assert '<a class="site-name" href="/"><bdi>Book Club</bdi></a>' in rules
    assert "Be <em>kind</em> to each other." in rules
    assert "· نادي الكتاب</title>" in page_of(visitor.get("/rules", headers={"Accept-Language": "ar"}))


def test_hostile_markdown_in_a_public_text_is_made_harmless(app, client, login_as):
    login_as("admin")
    save(client, "landing", en='<script>alert(1)</script> [x](javascript:alert(1)) <img src=x onerror=alert(1)>')
    page = page_of(app.test_client().get("/"))
    assert "<script>alert" not in page and "href=\"javascript" not in page and "<img" not in page


def test_the_site_name_is_plain_text_not_markup(app, client, login_as):
    login_as("admin")
    save(client, "site_title", en="<b>Club</b>")
    page = page_of(app.test_client().get("/"))
    assert "<b>Club</b>" not in page and "&lt;b&gt;Club&lt;/b&gt;" in page


def test_a_too_long_text_is_refused_and_kept(client, login_as):
    login_as("admin")
    response = save(client, "site_title", en="x" * 61, nl="Leesclub")
    assert response.status_code == 422
    page = page_of(response)
    assert "At most 60 characters." in page and 'value="Leesclub"' in page
    assert SiteText.select().count() == 0


def test_the_edit_page_shows_what_is_saved(client, login_as):
    login_as("admin")
    save(client, "landing", fa="باشگاه کتاب")
    page = page_of(client.get("/admin/texts/landing"))
    assert "باشگاه کتاب" in page and 'lang="fa"' in page and 'dir="rtl"' in page
    assert "Farsi" not in page or "فارسی" in page
    assert "فارسی" in page_of(client.get("/admin/texts"))


@pytest.mark.parametrize("role", ["member", "organiser", "moderator"])
def test_only_admins_write_public_texts(client, login_as, role):
    login_as(role)
    assert client.get("/admin/texts").status_code == 403
    assert client.get("/admin/texts/landing").status_code == 403
    assert save(client, "landing", en="Taken over").status_code == 403
    assert SiteText.select().count() == 0


def test_a_visitor_is_sent_to_sign_in(client):
    assert client.get("/admin/texts").status_code == 302
    assert save(client, "landing", en="Taken over").status_code == 302
    assert SiteText.select().count() == 0


def test_saving_without_the_csrf_token_changes_nothing(client, login_as):
    login_as("admin")
    response = client.post("/admin/texts/landing", data={"en": "Taken over"})
    assert response.status_code == 400
    assert SiteText.select().count() == 0


def test_an_unknown_text_is_404(client, login_as):
    login_as("admin")
    assert client.get("/admin/texts/secret").status_code == 404
