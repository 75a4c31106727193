"""The admin area: who may enter, and the region list applicants choose from."""

import re
from urllib.parse import urlsplit

import pytest

from portal.members.models import Member, Region
from tests.conftest import make_member
from tests.helpers import audit, page_of

ADMIN_PAGES = ["/admin", "/admin/regions"]


def region_names():
    return [region.name for region in Region.ordered()]


def listed_region_names(page):
    """Region names in the order the page lists them (the rename fields)."""
    return re.findall(r'<input id="region-\d+" name="name" value="([^"]*)"', page)


@pytest.fixture
def three_regions(app):
    return [Region.create(name=name, position=position)
            for position, name in enumerate(["Groningen", "Utrecht", "Limburg"], start=1)]


# who may enter ---------------------------------------------------------------------------------

@pytest.mark.parametrize("path", ADMIN_PAGES)
def test_visitors_are_sent_to_sign_in_from_admin_pages(client, path):
    response = client.get(path)
    assert response.status_code in (302, 303)
    assert urlsplit(response.headers["Location"]).path == "/login"


@pytest.mark.parametrize("role", ["applicant", "member", "organiser", "moderator"])
@pytest.mark.parametrize("path", ADMIN_PAGES)
def test_everyone_but_admins_gets_403_on_admin_pages(client, login_as, role, path):
    login_as(role)
    response = client.get(path)
    assert response.status_code == 403
    assert "This page is not for you" in page_of(response)


@pytest.mark.parametrize("path", ADMIN_PAGES)
def test_admins_open_admin_pages(client, login_as, path):
    login_as("admin")
    assert client.get(path).status_code == 200


def test_the_admin_index_counts_regions(client, login_as, three_regions):
    login_as("admin")
    assert re.search(r'href="/admin/regions">Regions</a> \(3\)', page_of(client.get("/admin")))


def test_only_admins_see_the_admin_link(client, login_as):
    login_as("moderator")
    assert 'href="/admin"' not in page_of(client.get("/rules"))
    client.post("/logout", data={"csrf_token": client.csrf_token()})
    client.forget_csrf()
    login_as("admin")
    assert 'href="/admin"' in page_of(client.get("/rules"))


# regions ---------------------------------------------------------------------------------------

def test_an_admin_adds_a_region_at_the_end_and_it_is_audited(client, login_as, three_regions):
    admin = login_as("admin")

    response = client.submit("/admin/regions", {"name": "  Friesland  "})

    assert response.status_code == 303
    assert region_names() == ["Groningen", "Utrecht", "Limburg", "Friesland"]  # trimmed, last
    added = Region.get(Region.name == "Friesland")
    [entry] = audit("region.created")
    assert (entry.actor_id, entry.target_type, entry.target_id, entry.note) == (
        admin.id, "region", added.id, "Friesland")
    page = page_of(client.get("/admin/regions"))
    assert "Region added." in page
    assert listed_region_names(page) == ["Groningen", "Utrecht", "Limburg", "Friesland"]


def test_a_new_region_is_offered_to_applicants(client, login_as):
    login_as("admin")
    client.submit("/admin/regions", {"name": "Drenthe"})
    region = Region.get(Region.name == "Drenthe")
    client.post("/logout", data={"csrf_token": client.csrf_token()})
    assert f'<option value="{region.id}">Drenthe</option>' in page_of(client.get("/apply"))


@pytest.mark.parametrize("typed", ["Utrecht", " Utrecht "])
def test_a_duplicate_region_is_refused_and_the_typed_text_kept(client, login_as, three_regions, typed):
    login_as("admin")

    response = client.submit("/admin/regions", {"name": typed})

    assert response.status_code == 422
    page = page_of(response)
    assert re.search(r'<p class="error" id="name-error">There is already a region with this name.</p>', page)
    assert re.search(r'id="name"[^>]* value="\s*Utrecht\s*"', page)  # surrounding spaces may go
    assert region_names() == ["Groningen", "Utrecht", "Limburg"]
    assert audit() == []


@pytest.mark.parametrize("typed, message", [
    ("", "Give the region a name."),
    ("   ", "Give the region a name."),  # only spaces would store a region without a name
    ("x" * 81, "At most 80 characters."),
])
def test_an_empty_or_overlong_region_name_is_refused(client, login_as, typed, message):
    login_as("admin")
    response = client.submit("/admin/regions", {"name": typed})
    assert response.status_code == 422
    assert message in page_of(response)
    assert region_names() == []


def test_an_admin_renames_a_region_and_it_is_audited(client, login_as, three_regions):
    admin = login_as("admin")
    utrecht = three_regions[1]

    response = client.submit(f"/admin/regions/{utrecht.id}", {"name": "Utrecht (provincie)"})

    assert response.status_code == 303
    assert Region.get_by_id(utrecht.id).name == "Utrecht (provincie)"
    assert region_names() == ["Groningen", "Utrecht (provincie)", "Limburg"]  # place kept
    [entry] = audit("region.renamed")
    assert (entry.actor_id, entry.target_id, entry.note) == (admin.id, utrecht.id, "Utrecht -> Utrecht (provincie)")
    assert "Region renamed." in page_of(client.get("/admin/regions"))


@pytest.mark.parametrize("typed, message", [
    ("Limburg", "There is already a region with this name."),
    ("", "Give the region a name."),
    ("   ", "Give the region a name."),
])
def test_a_rename_to_a_taken_or_empty_name_changes_nothing(client, login_as, three_regions, typed, message):
    login_as("admin")
    utrecht = three_regions[1]

    response = client.submit(f"/admin/regions/{utrecht.id}", {"name": typed})

    assert response.status_code in (303, 422)
    assert region_names() == ["Groningen", "Utrecht", "Limburg"]
    assert audit() == []
    page = page_of(client.get("/admin/regions")) if response.status_code == 303 else page_of(response)
    assert message in page


@pytest.mark.parametrize("index, direction, expected", [
    (2, "up", ["Groningen", "Limburg", "Utrecht"]),
    (0, "down", ["Utrecht", "Groningen", "Limburg"]),
    (1, "up", ["Utrecht", "Groningen", "Limburg"]),
    (1, "down", ["Groningen", "Limburg", "Utrecht"]),
])
def test_moving_a_region_changes_the_order_and_is_audited(client, login_as, three_regions, index, direction, expected):
    admin = login_as("admin")
    region = three_regions[index]

    response = client.submit(f"/admin/regions/{region.id}/move", {"direction": direction})

    assert response.status_code == 303
    assert region_names() == expected
    assert listed_region_names(page_of(client.get("/admin/regions"))) == expected
    [entry] = audit("region.moved")
    assert (entry.actor_id, entry.target_id, entry.note) == (admin.id, region.id, region.name)


@pytest.mark.parametrize("index, direction", [(0, "up"), (2, "down"), (1, "sideways")])
def test_moves_past_the_ends_or_in_odd_directions_change_nothing(client, login_as, three_regions, index, direction):
    login_as("admin")
    client.submit(f"/admin/regions/{three_regions[index].id}/move", {"direction": direction})
    assert region_names() == ["Groningen", "Utrecht", "Limburg"]
    assert audit() == []


def test_the_order_given_is_the_order_applicants_see(client, login_as, three_regions):
    login_as("admin")
    client.submit(f"/admin/regions/{three_regions[2].id}/move", {"direction": "up"})
    client.submit(f"/admin/regions/{three_regions[2].id}/move", {"direction": "up"})
    client.post("/logout", data={"csrf_token": client.csrf_token()})
    page = page_of(client.get("/apply"))
    options = re.findall(r'<option (?:selected )?value="\d+">([^<]+)</option>', page)
    assert options == ["I'd rather not say", "Limburg", "Groningen", "Utrecht"]


def test_deleting_a_region_keeps_its_members_without_a_region(client, login_as, three_regions):
    admin = login_as("admin")
    utrecht = three_regions[1]
    resident = make_member("Noor-22", "member", region=utrecht)
    elsewhere = make_member("Лиса-88", "member", region=three_regions[0])

    response = client.submit(f"/admin/regions/{utrecht.id}/delete")

    assert response.status_code == 303
    assert region_names() == ["Groningen", "Limburg"]
    kept = Member.get_or_none(Member.id == resident.id)
    assert kept is not None and kept.region_id is None
    assert Member.get_by_id(elsewhere.id).region_id == three_regions[0].id
    [entry] = audit("region.deleted")
    assert (entry.actor_id, entry.target_type, entry.target_id, entry.note) == (
        admin.id, "region", utrecht.id, "Utrecht")
    assert "Region removed." in page_of(client.get("/admin/regions"))


@pytest.mark.parametrize("method, suffix, data", [
    ("rename", "", {"name": "Elsewhere"}),
    ("move", "/move", {"direction": "up"}),
    ("delete", "/delete", {}),
])
def test_region_actions_on_an_unknown_region_are_404(client, login_as, method, suffix, data):
    login_as("admin")
    assert client.submit(f"/admin/regions/999999{suffix}", data).status_code == 404


@pytest.mark.parametrize("suffix, data", [
    ("", {"name": "Elsewhere"}),
    ("/move", {"direction": "up"}),
    ("/delete", {}),
])
def test_a_moderator_cannot_change_regions(client, login_as, three_regions, suffix, data):
    login_as("moderator")
    utrecht = three_regions[1]
    assert client.submit("/admin/regions", {"name": "Drenthe"}).status_code == 403
    assert client.submit(f"/admin/regions/{utrecht.id}{suffix}", data).status_code == 403
    assert region_names() == ["Groningen", "Utrecht", "Limburg"]
    assert audit() == []


@pytest.mark.parametrize("suffix, data", [
    ("", {"name": "Elsewhere"}),
    ("/move", {"direction": "up"}),
    ("/delete", {}),
])
def test_region_changes_without_csrf_token_are_refused(client, login_as, three_regions, suffix, data):
    login_as("admin")
    utrecht = three_regions[1]
    assert client.post("/admin/regions", data={"name": "Drenthe"}).status_code == 400
    assert client.post(f"/admin/regions/{utrecht.id}{suffix}", data=data).status_code == 400
    assert region_names() == ["Groningen", "Utrecht", "Limburg"]
    assert audit() == []


def test_the_region_field_is_not_marked_invalid_before_anything_is_wrong(client, login_as):
    # an unknown aria-invalid value counts as "true" for screen readers (WAI-ARIA)
    login_as("admin")
    page = page_of(client.get("/admin/regions"))
    assert re.search(r'id="name"', page)
    assert not re.findall(r'aria-[a-z]+="None"', page)


def test_hostile_region_names_are_escaped(client, login_as):
    login_as("admin")
    client.submit("/admin/regions", {"name": '"><script>alert(1)</script>'})
    page = page_of(client.get("/admin/regions"))
    assert "<script>alert(1)" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
