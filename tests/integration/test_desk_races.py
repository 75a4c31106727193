"""Two moderators at the same moment: real concurrent requests, each thread with its own connection.

Meant for PostgreSQL (PORTAL_TEST_DATABASE_URL), where the row lock matters; on SQLite BEGIN IMMEDIATE
serialises the writers and the tests pass the same way.
"""

import pytest

from portal.audit import AuditEntry
from portal.auth import membership
from portal.auth.models import Application, ApplicationApproval
from portal.support import flow
from portal.support.models import SupportHelper, SupportRequest
from tests.conftest import PASSWORD, make_member
from tests.helpers import at_once, sign_in


def together(app, calls):
    """Run each call in its own thread, all released at once; their results, in order."""
    results, errors = at_once(app, lambda call: call(), calls)
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
        statuses = together(app, [lambda browser=browser: browser.submit(url, {"decision": "approve", "note": ""})
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
        together(app, [lambda browser=browser: browser.submit(f"/moderation/support/{request.id}/take").status_code
                  for browser in browsers])
        assert SupportHelper.select().where(SupportHelper.request == request.id).count() == 1, round_
        taker = SupportRequest.get_by_id(request.id).taken_by_id
        assert [row.staff_id for row in SupportHelper.select().where(SupportHelper.request == request.id)] == [taker]
