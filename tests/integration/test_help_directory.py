"""The help directory: public, filtered, in the reader's language; kept by staff."""

import re

import pytest

from portal.audit import AuditEntry
from portal.directory import listing
from portal.directory.models import HelpEntry, HelpEntryText
from portal.members.models import Region

ENGLISH = {"en": ("Open Clinic", "A doctor without questions about papers.", "Mon 9-12")}


def entry(kind="health", region=None, languages=("en", "nl"), texts=None, phone="050 000 0008"):
    details = {"kind": kind, "region": region, "phone": phone, "address": "", "website": "",
               "languages": languages}
    return listing.save_entry(HelpEntry(), details, texts or ENGLISH)


def names_on(page):
    return re.findall(r'<h2><bdi>(.*?)</bdi>', page)


def test_visitors_see_entries_and_the_emergency_block(client):
    entry()
    page = client.get("/help").get_data(as_text=True)
    assert "Open Clinic" in page and "112" in page and 'href="tel:0500000008"' in page


def test_the_organisations_own_emergency_number_comes_from_the_settings(app, client):
    app.config.update(EMERGENCY_NUMBER="0800 123 45", EMERGENCY_LABEL="Harbour night line")
    page = client.get("/help").get_data(as_text=True)
    assert "Harbour night line" in page and "0800 123 45" in page


@pytest.mark.parametrize("query, expected", [
    ("kind=legal", ["Legal desk"]),
    ("language=ar", ["Legal desk"]),
    ("region={north}", ["Legal desk", "Open Clinic"]),  # national services count everywhere
    ("region={south}", ["Open Clinic"]),
    ("kind=housing", []),
])
def test_filters_narrow_the_list(client, query, expected):
    north, south = Region.create(name="North", position=1), Region.create(name="South", position=2)
    entry()
    entry(kind="legal", region=north, languages=("ar",), texts={"en": ("Legal desk", "", "")})
    page = client.get("/help?" + query.format(north=north.id, south=south.id)).get_data(as_text=True)
    assert sorted(names_on(page)) == sorted(expected)


def test_entries_show_in_the_readers_language_else_english(client):
    entry(texts={**ENGLISH, "nl": ("Open Spreekuur", "Een dokter.", "ma 9-12")})
    dutch = client.get("/help", headers={"Accept-Language": "nl"}).get_data(as_text=True)
    arabic = client.get("/help", headers={"Accept-Language": "ar"}).get_data(as_text=True)
    assert names_on(dutch) == ["Open Spreekuur"] and names_on(arabic) == ["Open Clinic"]


def test_htmx_filtering_answers_with_the_entries_only(client):
    entry()
    response = client.get("/help?kind=health", headers={"HX-Request": "true"})
    assert "<html" not in response.get_data(as_text=True) and "HX-Request" in response.headers["Vary"]


@pytest.mark.parametrize("role, status", [("member", 403), ("organiser", 403), ("moderator", 200), ("admin", 200)])
def test_only_staff_keep_the_directory(client, login_as, role, status):
    login_as(role)
    assert client.get("/admin/help").status_code == status
    assert client.get("/admin/help/new").status_code == status


def test_staff_add_an_entry_with_texts_per_language(client, login_as):
    login_as("moderator")
    response = client.submit("/admin/help/new", {
        "kind": "lgbtiq", "region": "0", "language_list": ["en", "fa"], "phone": "", "address": "Example Street 10",
        "website": "https://pride.example.org", "name_en": "Pride North", "offer_en": "Social evenings.",
        "hours_en": "Fri 20:00", "name_fa": "پراید شمال", "offer_fa": "", "hours_fa": ""})
    assert response.status_code == 303
    saved = HelpEntry.get()
    assert saved.kind == "lgbtiq" and saved.languages == ["en", "fa"]
    assert {text.locale for text in HelpEntryText.select()} == {"en", "fa"}
    assert AuditEntry.select().where(AuditEntry.action == "help.saved").count() == 1


def test_a_bad_entry_is_refused_and_keeps_what_was_typed(client, login_as):
    login_as("admin")
    response = client.submit("/admin/help/new", {"kind": "health", "region": "0", "website": "not a url",
                                                 "name_en": "", "name_nl": "Dokter", "address": "Kept Street 1"})
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "The English name is needed." in page and "This does not look like a web address." in page
    assert 'value="Kept Street 1"' in page and 'value="Dokter"' in page
    assert HelpEntry.select().count() == 0


def test_staff_edit_and_remove_an_entry(client, login_as):
    saved = entry()
    login_as("moderator")
    assert "Open Clinic" in client.get(f"/admin/help/{saved.id}").get_data(as_text=True)
    client.submit(f"/admin/help/{saved.id}", {"kind": "health", "region": "0", "name_en": "Open Clinic North"})
    assert HelpEntryText.get(HelpEntryText.locale == "en").name == "Open Clinic North"
    assert client.submit(f"/admin/help/{saved.id}/delete").status_code == 303
    assert HelpEntry.select().count() == 0


def test_a_member_cannot_remove_an_entry(client, login_as):
    saved = entry()
    login_as("member")
    assert client.submit(f"/admin/help/{saved.id}/delete").status_code == 403
    assert HelpEntry.select().count() == 1


def test_hostile_text_in_an_entry_stays_text(client):
    entry(texts={"en": ("<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "<b>9</b>")})
    page = client.get("/help").get_data(as_text=True)
    assert "<script>alert" not in page and "<img src=x" not in page and "&lt;script&gt;" in page


def test_demo_adds_a_dozen_entries(app):
    app.test_cli_runner().invoke(args=["demo", "--password", "demo password 123"])
    assert HelpEntry.select().count() == 12
    assert HelpEntry.select().where(HelpEntry.kind == "emergency").exists()
