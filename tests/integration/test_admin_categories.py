"""Admins manage forum categories: create, rename per language, reorder, archive and reopen."""

import re

import pytest

from portal.audit import AuditEntry
from portal.forum.models import Category, CategoryText, Post, Thread
from tests.conftest import make_member
from tests.forum_fixtures import make_category
from tests.helpers import audit, fresh, page_of, sign_in

NEW_CATEGORY = {"slug": "meetups", "name_en": "Meet-ups", "description_en": "Plans and evenings",
                "name_nl": "Bijeenkomsten", "description_nl": "Plannen en avonden", "name_ar": "لقاءات"}


@pytest.fixture
def admin(forum):
    return make_member("boss", "admin")


def texts_of(category):
    return {text.locale: (text.name, text.description)
            for text in CategoryText.select().where(CategoryText.category == category)}


def listed_names(html):
    return re.findall(r'<h2><a href="/forum/[^"]+">([^<]*)</a>', html)


def admin_order():
    return [c.slug for c in Category.select().order_by(Category.position, Category.id)]


# who may ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("role", ["member", "moderator"])
def test_only_admins_manage_categories(forum, role):
    browser = forum.browser(make_member(f"a-{role}", role))
    category_id = forum.category.id
    assert browser.get("/admin/categories").status_code == 403
    assert browser.get(f"/admin/categories/{category_id}").status_code == 403
    assert browser.submit("/admin/categories", NEW_CATEGORY).status_code == 403
    assert browser.submit(f"/admin/categories/{category_id}", dict(NEW_CATEGORY, slug="housing")).status_code == 403
    assert browser.submit(f"/admin/categories/{category_id}/move", {"direction": "down"}).status_code == 403
    assert browser.submit(f"/admin/categories/{category_id}/archive").status_code == 403
    assert admin_order() == ["housing"]
    assert not fresh(forum.category).archived
    assert texts_of(forum.category)["en"] == ("Housing and work", "Finding a home")
    assert not AuditEntry.select().exists()


# creating --------------------------------------------------------------------------------------

def test_an_admin_creates_a_category_with_names_per_language(forum, admin, app):
    response = forum.browser(admin).submit("/admin/categories", NEW_CATEGORY)
    assert response.status_code == 303
    category = Category.get(Category.slug == "meetups")
    assert admin_order() == ["housing", "meetups"]  # added at the end
    assert texts_of(category) == {"en": ("Meet-ups", "Plans and evenings"),
                                  "nl": ("Bijeenkomsten", "Plannen en avonden"), "ar": ("لقاءات", "")}
    entry, = audit("category.created")
    assert (entry.actor_id, entry.target_type, entry.target_id) == (admin.id, "category", category.id)
    assert "Meet-ups" in listed_names(page_of(forum.browser(forum.bob).get("/forum")))
    dutch = make_member("noor", locale="nl")
    assert "Bijeenkomsten" in listed_names(page_of(sign_in(app, dutch).get("/forum")))


def test_the_english_name_is_required_and_typed_values_are_kept(forum, admin):
    response = forum.browser(admin).submit("/admin/categories", dict(NEW_CATEGORY, name_en="  "))
    assert response.status_code == 422
    html = page_of(response)
    assert "The English name is needed." in html
    assert 'value="meetups"' in html and 'value="Bijeenkomsten"' in html
    assert not Category.select().where(Category.slug == "meetups").exists()
    assert not AuditEntry.select().exists()


@pytest.mark.parametrize("slug", ["housing", "HOUSING", "new", "New", "search", "t", "p", "!!!"])
def test_a_taken_or_reserved_address_is_refused_and_typed_values_are_kept(forum, admin, slug):
    response = forum.browser(admin).submit("/admin/categories", dict(NEW_CATEGORY, slug=slug))
    assert response.status_code == 422
    html = page_of(response)
    assert "This address is taken or not allowed. Choose another." in html
    assert f'value="{slug}"' in html and 'value="Meet-ups"' in html and 'value="Bijeenkomsten"' in html
    assert Category.select().count() == 1
    assert texts_of(forum.category)["en"] == ("Housing and work", "Finding a home")
    assert not AuditEntry.select().exists()


def test_an_address_is_required(forum, admin):
    response = forum.browser(admin).submit("/admin/categories", dict(NEW_CATEGORY, slug=""))
    assert response.status_code == 422
    assert Category.select().count() == 1


# renaming --------------------------------------------------------------------------------------

def test_the_edit_form_shows_the_current_names(forum, admin):
    html = page_of(forum.browser(admin).get(f"/admin/categories/{forum.category.id}"))
    assert 'value="Housing and work"' in html and 'value="Wonen en werk"' in html
    assert "Een huis vinden" in html


def test_an_admin_renames_a_category_per_language(forum, admin):
    response = forum.browser(admin).submit(f"/admin/categories/{forum.category.id}", {
        "slug": "housing", "name_en": "Housing", "description_en": "Homes",
        "name_nl": "", "description_nl": "", "name_ar": "السكن", "description_ar": ""})
    assert response.status_code == 303
    # an empty name removes that language: Dutch readers get English again
    assert texts_of(forum.category) == {"en": ("Housing", "Homes"), "ar": ("السكن", "")}
    entry, = audit("category.renamed")
    assert (entry.actor_id, entry.target_type, entry.target_id) == (admin.id, "category", forum.category.id)
    assert fresh(forum.category).slug == "housing"


def test_renaming_without_an_english_name_is_refused(forum, admin):
    response = forum.browser(admin).submit(f"/admin/categories/{forum.category.id}",
                                           {"slug": "housing", "name_en": "", "name_nl": "Nieuw"})
    assert response.status_code == 422
    assert 'value="Nieuw"' in page_of(response)
    assert texts_of(forum.category)["nl"] == ("Wonen en werk", "Een huis vinden")
    assert not AuditEntry.select().exists()


def test_editing_an_unknown_category_is_404(forum, admin):
    assert forum.browser(admin).get("/admin/categories/999").status_code == 404


# ordering --------------------------------------------------------------------------------------

@pytest.fixture
def three(forum):
    """housing, welcome, off-topic in that order."""
    make_category("welcome", {"en": "Welcome"}, position=2)
    make_category("off-topic", {"en": "Off-topic"}, position=3)
    return [Category.get(Category.slug == slug) for slug in ("housing", "welcome", "off-topic")]


@pytest.mark.parametrize("index, direction, order", [
    (2, "up", ["housing", "off-topic", "welcome"]),
    (0, "down", ["welcome", "housing", "off-topic"]),
    (1, "up", ["welcome", "housing", "off-topic"]),
])
def test_an_admin_moves_categories_up_and_down(forum, admin, three, index, direction, order):
    response = forum.browser(admin).submit(f"/admin/categories/{three[index].id}/move", {"direction": direction})
    assert response.status_code == 303
    assert admin_order() == order
    entry, = audit("category.moved")
    assert (entry.actor_id, entry.target_id) == (admin.id, three[index].id)
    names = {"housing": "Housing and work", "welcome": "Welcome", "off-topic": "Off-topic"}
    assert listed_names(page_of(forum.browser(forum.bob).get("/forum"))) == [names[slug] for slug in order]


@pytest.mark.parametrize("index, direction", [(0, "up"), (2, "down")])
def test_moving_past_either_end_changes_nothing(forum, admin, three, index, direction):
    forum.browser(admin).submit(f"/admin/categories/{three[index].id}/move", {"direction": direction})
    assert admin_order() == ["housing", "welcome", "off-topic"]
    assert not AuditEntry.select().exists()


def test_an_odd_direction_changes_nothing(forum, admin, three):
    forum.browser(admin).submit(f"/admin/categories/{three[1].id}/move", {"direction": "sideways"})
    assert admin_order() == ["housing", "welcome", "off-topic"]


# archiving -------------------------------------------------------------------------------------

def archive(forum, admin):
    response = forum.browser(admin).submit(f"/admin/categories/{forum.category.id}/archive")
    assert response.status_code == 303


def test_an_archived_category_is_read_only_for_members(forum, admin):
    archive(forum, admin)
    assert fresh(forum.category).archived
    entry, = audit("category.archived")
    assert (entry.actor_id, entry.target_type, entry.target_id) == (admin.id, "category", forum.category.id)
    bob = forum.browser(forum.bob)
    assert "Archived" in page_of(bob.get("/forum"))
    html = page_of(bob.get(f"/forum/t/{forum.thread.id}"))
    assert "Opening post text" in html and 'id="reply-form"' not in html
    assert "archived" in page_of(bob.get("/forum/housing"))
    assert bob.submit(f"/forum/t/{forum.thread.id}/reply", {"body": "Too late"}).status_code == 403
    response = bob.submit("/forum/new", {"category": "housing", "title": "Too late too", "body": "x"})
    assert response.status_code == 422
    assert not Post.select().where(Post.body == "Too late").exists()
    assert not Thread.select().where(Thread.title == "Too late too").exists()


def test_a_moderator_can_still_reply_in_an_archived_category(forum, admin):
    archive(forum, admin)
    response = forum.browser(forum.moderator).submit(f"/forum/t/{forum.thread.id}/reply", {"body": "Staff note"})
    assert response.status_code == 303
    assert Post.select().where(Post.body == "Staff note").exists()


def test_reopening_an_archived_category(forum, admin):
    archive(forum, admin)
    archive(forum, admin)
    assert not fresh(forum.category).archived
    assert [e.action for e in AuditEntry.select().order_by(AuditEntry.id)] == \
        ["category.archived", "category.reopened"]
    assert forum.browser(forum.bob).submit(f"/forum/t/{forum.thread.id}/reply", {"body": "Open again"}).status_code \
        == 303
