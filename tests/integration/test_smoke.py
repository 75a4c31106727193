import pytest


@pytest.mark.parametrize("path", ["/", "/rules", "/apply", "/login", "/recover", "/healthz"])
def test_public_pages_open(client, path):
    assert client.get(path).status_code == 200


@pytest.mark.parametrize("role", ["applicant", "member", "organiser", "moderator", "admin"])
def test_signed_in_pages_open(client, login_as, role):
    login_as(role)
    for path in ["/", "/rules", "/account", "/account/security"]:
        response = client.get(path, follow_redirects=True)
        assert response.status_code == 200, path


def test_staff_pages_open_for_admin(client, login_as):
    from tests.conftest import make_member

    make_member("waiting-one", "applicant")
    login_as("admin")
    for path in ["/moderation", "/moderation/applications", "/moderation/invites", "/moderation/members",
                 "/moderation/members?q=wait&role=applicant", "/moderation/log", "/admin", "/admin/regions"]:
        response = client.get(path)
        assert response.status_code == 200, path
