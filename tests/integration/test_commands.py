"""The commands a volunteer runs: migrate and demo."""

from portal.auth import membership
from portal.auth.models import Application
from portal.members.models import Member


def test_migrate_says_the_database_is_up_to_date(app):
    result = app.test_cli_runner().invoke(args=["migrate"])
    assert result.exit_code == 0 and "up to date" in result.output


def test_demo_creates_the_accounts_and_prints_them(app):
    result = app.test_cli_runner().invoke(args=["demo", "--password", "demo password 123"])
    assert result.exit_code == 0, result.output
    for handle in ["demo-admin", "demo-moderator", "demo-organiser", "demo-member", "demo-buddy", "demo-applicant"]:
        assert handle in result.output
        assert membership.authenticate(handle, "demo password 123") is not None
    assert Member.get(Member.handle == "demo-buddy").is_buddy
    assert Member.get(Member.handle == "demo-organiser").role == "organiser"
    assert Application.select().where(Application.status == "pending").count() >= 4


def test_demo_can_run_twice(app):
    runner = app.test_cli_runner()
    runner.invoke(args=["demo", "--password", "first password 123"])
    result = runner.invoke(args=["demo", "--password", "second password 123"])
    assert result.exit_code == 0
    assert Member.select().where(Member.handle == "demo-admin").count() == 1
    assert membership.authenticate("demo-admin", "second password 123") is not None


def test_demo_without_password_prints_a_random_one(app):
    result = app.test_cli_runner().invoke(args=["demo"])
    password = result.output.split("password for all: ")[1].split(")")[0]
    assert len(password) >= 10
    assert membership.authenticate("demo-member", password) is not None
