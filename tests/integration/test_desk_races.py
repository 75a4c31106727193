"""Two moderators at the same moment: real concurrent requests, each thread with its own connection.

Meant for PostgreSQL (PORTAL_TEST_DATABASE_URL), where the row lock matters; on SQLite BEGIN IMMEDIATE
serialises the writers and the tests pass the same way.
"""

import threading

import pytest

from portal import db
from portal.audit import AuditEntry
from portal.auth import membership
from portal.auth.models import Application, ApplicationApproval
from portal.support import flow
from portal.support.models import SupportHelper, SupportRequest
from tests.conftest import PASSWORD, make_member
from tests.desk_fixtures import sign_in


def together(calls):
    """Run each call in its own thread, all released at once; their results, in order."""
    start = threading.Barrier(len(calls))
    results, errors = [None] * len(calls), []

    def run(index, call):
        try:
            start.wait()
            results[index] = call()
        except Exception as error:
            errors.append(error)
        finally:
            db.database.close()

    threads = [threading.Thread(target=run, args=(n, call)) for n, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    return results


@pytest.mark.parametrize("required", [1, 2])
def test_two_moderators_approving_at_once_give_one_decision(app, staff, required):
    app.config["APPROVALS_REQUIRED"] = required
    browsers = [sign_in(app, staff.mod), sign_in(app, staff.mod2)]
    for round_ in range(5):
        applicant, _codes = membership.apply(f"racer{round_}", PASSWORD, languages=["en"])
        application = Application.get(Application.member == applicant.id)
        url = f"/moderation/applications/{application.id}"
        statuses = together([lambda browser=browser: browser.submit(url, {"decision": "approve", "note": ""})
                             .status_code for browser in browsers])
        assert statuses == [303, 303]
        assert Application.get_by_id(application.id).status == "approved", round_
        assert AuditEntry.select().where(AuditEntry.target_member == applicant.id,
                                         AuditEntry.action == "application.approved").count() == 1
        approvals = ApplicationApproval.select().where(ApplicationApproval.application == application.id).count()
        # with one approval needed, the second click finds the application decided and adds nothing
        assert approvals == required, round_


def test_two_moderators_taking_a_request_at_once_leave_one_helper(app, staff):
    browsers = [sign_in(app, staff.mod), sign_in(app, staff.mod2)]
    member = make_member("asker")
    for round_ in range(5):
        request = flow.open_request(member, category="unsafe", text="Help", language="en")
        together([lambda browser=browser: browser.submit(f"/moderation/support/{request.id}/take").status_code
                  for browser in browsers])
        assert SupportHelper.select().where(SupportHelper.request == request.id).count() == 1, round_
        taker = SupportRequest.get_by_id(request.id).taken_by_id
        assert [row.staff_id for row in SupportHelper.select().where(SupportHelper.request == request.id)] == [taker]
