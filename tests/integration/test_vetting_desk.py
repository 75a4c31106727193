"""Deeper vetting: intake questions, vouching, two approvals (APPROVALS_REQUIRED) and invite batches."""

import datetime
import re

import pytest

from portal.account import data_rights
from portal.audit import AuditEntry
from portal.auth import intake, membership
from portal.auth.intake import IntakeAnswer, IntakeQuestion
from portal.auth.models import Application, ApplicationApproval, Invite, InviteBatch, Vouch
from portal.db import transaction, utcnow
from portal.maintenance import purge
from portal.members.models import Member
from portal.moderation import vetting
from portal.notifications.models import Notification
from tests.conftest import PASSWORD, make_member
from tests.helpers import application_form, count_queries, page_of, row_counts, set_fields, sign_in


def application_of(login_name):
    """The application of whoever applied with this (private) sign-in name."""
    return Application.get(Application.member == membership.find_member(login_name).id)


@pytest.fixture
def questions(staff):
    return {"required": intake.add_question(staff.admin, "en", "How did you hear about us?", required=True),
            "optional": intake.add_question(staff.admin, "en", "Which language for a first call?", required=False),
            "dutch": intake.add_question(staff.admin, "nl", "Hoe heeft u over ons gehoord?", required=True)}


# intake questions ---------------------------------------------------------------------------------

def test_an_admin_adds_and_removes_questions_through_the_page(app, staff):
    browser = sign_in(app, staff.admin)
    response = browser.submit("/admin/intake", {"locale": "fa", "text": "Who can vouch for you?", "required": "y"})
    assert response.status_code == 303
    question = IntakeQuestion.get()
    assert (question.locale, question.text, question.required) == ("fa", "Who can vouch for you?", True)
    assert browser.submit(f"/admin/intake/{question.id}/delete").status_code == 303
    assert IntakeQuestion.select().count() == 0
    assert [entry.action for entry in AuditEntry.select().where(AuditEntry.action.startswith("intake."))
            .order_by(AuditEntry.id)] == ["intake.question_added", "intake.question_removed"]


def test_only_admins_manage_questions(app, staff, questions):
    moderator = sign_in(app, staff.mod)
    before = row_counts(sign_ins=False)
    assert moderator.get("/admin/intake").status_code == 403
    assert moderator.submit("/admin/intake", {"locale": "en", "text": "Why?"}).status_code == 403
    assert moderator.submit(f"/admin/intake/{questions['required'].id}/delete").status_code == 403
    assert sign_in(app, staff.admin).post(f"/admin/intake/{questions['required'].id}/delete").status_code == 400
    assert row_counts(sign_ins=False) == before


def test_applicants_answer_the_questions_of_their_language(app, client, questions):
    html = page_of(client.get("/apply"))
    assert "How did you hear about us?" in html and "Which language for a first call? (optional)" in html
    assert "Hoe heeft u" not in html
    dutch = page_of(client.get("/apply", headers={"Accept-Language": "nl"}))
    assert "Hoe heeft u over ons gehoord?" in dutch and "How did you hear" not in dutch


def test_a_required_question_left_empty_keeps_everything_typed(app, client, questions):
    response = client.submit("/apply", application_form(**{f"intake-q{questions['optional'].id}": "Dutch, please"}))
    assert response.status_code == 422
    html = page_of(response)
    assert "Please answer this question." in html and "Dutch, please" in html and 'value="Noor"' in html
    assert membership.find_member("Noor") is None


def test_moderators_see_the_answers_and_deciding_deletes_them(app, client, staff, questions):
    client.submit("/apply", application_form(**{f"intake-q{questions['required'].id}": "Through the COC centre",
                                                f"intake-q{questions['optional'].id}": ""}))
    application = application_of("Noor")
    assert [(a.question, a.answer) for a in IntakeAnswer.select()] == [("How did you hear about us?",
                                                                        "Through the COC centre")]
    html = page_of(sign_in(app, staff.mod).get("/moderation/applications"))
    assert "Through the COC centre" in html
    vetting.decide_application(application, staff.mod, approve=False)
    assert IntakeAnswer.select().count() == 0


def test_answers_are_purged_after_intake_keep_days_even_while_pending(app, staff, questions):
    member, _codes = membership.apply("waiting", PASSWORD, languages=["en"],
                                      answers=[(questions["required"], "A friend")],
                                      vouch_handle=staff.member.handle, vouch_note=NOTE)
    app.config["INTAKE_KEEP_DAYS"] = 30
    assert purge()["intake answers"] == 0
    with transaction():
        Application.update(created_at=utcnow() - datetime.timedelta(days=31)).where(
            Application.member == member.id).execute()
    assert application_of("waiting").vouch_note == NOTE
    assert purge()["intake answers"] == 1
    assert IntakeAnswer.select().count() == 0
    assert application_of("waiting").vouch_note == ""


def test_the_applications_page_costs_the_same_queries_for_1_and_20_applications(app, staff, questions):
    browser = sign_in(app, staff.mod)
    voucher = make_member("known")

    def applicant(n):
        membership.apply(f"applicant{n}", PASSWORD, languages=["en"], vouch_handle=voucher.handle,
                         vouch_note=f"Note {n} for the voucher",
                         answers=[(questions["required"], f"Answer {n}"), (questions["optional"], "Farsi")])
    applicant(0)
    few, _ = count_queries(browser, "/moderation/applications")
    for n in range(1, 20):
        applicant(n)
    app.config["APPROVALS_REQUIRED"] = 2
    vetting.decide_application(application_of("applicant3"), staff.mod2, approve=True)
    many, statements = count_queries(browser, "/moderation/applications")
    assert many == few, "\n".join(statements)
    assert page_of(browser.get("/moderation/applications")).count(" for the voucher</dd>") == 20


# vouching -----------------------------------------------------------------------------------------

NOTE = "We met at the Tuesday group in Utrecht, I'm the one who brought the cake"


def apply_naming(client, voucher_handle, handle="Noor", note=NOTE, **headers):
    return client.submit("/apply", application_form(handle=handle, **{"intake-vouch": voucher_handle,
                                                                      "intake-vouch_note": note}), headers=headers)


def without_codes(html):
    """The recovery-code page without what differs every time (the codes, the token)."""
    html = re.sub(r"<code>[A-Z2-9-]+</code>", "", html)
    html = re.sub(r'name="csrf_token" value="[^"]+"', "", html)
    html = re.sub(r'"X-CSRFToken": "[^"]+"', "", html)
    return html.replace("Noor", "").replace("Sami", "")


def test_naming_a_pseudonym_answers_the_same_whether_it_exists_or_not(app, staff):
    exists, missing = app.test_client(), app.test_client()
    first = apply_naming(exists, "amira", handle="Noor")
    second = apply_naming(missing, "nobody-here", handle="Sami")
    assert first.status_code == second.status_code == 200
    assert without_codes(page_of(first)) == without_codes(page_of(second))
    assert Vouch.select().count() == 1
    assert without_codes(page_of(exists.get("/application"))) == without_codes(page_of(missing.get("/application")))
    # the note is kept, and exported, the same whether the member it is for exists or not
    for login_name in ("Noor", "Sami"):
        [exported] = data_rights.export(membership.find_member(login_name))["applications"]
        assert exported["vouch_note"] == NOTE


@pytest.mark.parametrize("who", ["applicant", "banned", "suspended", "themselves"])
def test_only_a_member_in_good_standing_other_than_the_applicant_is_asked(app, staff, who):
    target = {"applicant": lambda: make_member("other-applicant", "applicant"),
              "banned": lambda: set_fields(make_member("gone"), banned_at=utcnow()),
              "suspended": lambda: set_fields(make_member("quiet"),
                                              suspended_until=utcnow() + datetime.timedelta(days=2)),
              "themselves": lambda: None}[who]()
    handle = target.handle if target else "Noor"
    assert apply_naming(app.test_client(), handle).status_code == 200
    assert Vouch.select().count() == 0


def test_the_member_confirms_in_the_portal_and_moderators_see_it(app, client, staff):
    apply_naming(client, "AMIRA")
    vouch = Vouch.get()
    assert Notification.get(Notification.member == staff.member.id).kind == "vouch_asked"
    member = sign_in(app, staff.member)
    # an applicant has no pseudonym yet: the member sees the placeholder the moderators see too
    assert f"<bdi>{vouch.application.member.handle}</bdi>" in page_of(member.get("/account/vouches"))
    assert member.submit(f"/account/vouches/{vouch.id}/confirm").status_code == 303
    assert Vouch.get_by_id(vouch.id).state == "confirmed"
    assert member.submit(f"/account/vouches/{vouch.id}/decline").status_code == 303
    assert Vouch.get_by_id(vouch.id).state == "confirmed", "an answer is given once"
    html = page_of(sign_in(app, staff.mod).get("/moderation/applications"))
    assert "<bdi>amira</bdi>:" in html and "confirmed" in html


HOSTILE_NOTE = '<script>alert("cake")</script> التقينا في مجموعة الثلاثاء'


def test_the_voucher_and_the_moderators_read_the_applicants_note_as_text(app, client, staff):
    assert apply_naming(client, "amira", note=HOSTILE_NOTE).status_code == 200
    for html in (page_of(sign_in(app, staff.member).get("/account/vouches")),
                 page_of(sign_in(app, staff.mod).get("/moderation/applications"))):
        assert "<script>alert" not in html
        assert "&lt;script&gt;alert(&#34;cake&#34;)&lt;/script&gt; التقينا في مجموعة الثلاثاء" in html
    voucher_page = page_of(sign_in(app, staff.member).get("/account/vouches"))
    assert "The applicant wrote this for you" in voucher_page
    assert re.search(r'<blockquote dir="auto">&lt;script&gt;[^<]*</blockquote>', voucher_page)
    assert "I know them and vouch for them" in voucher_page and "I do not vouch for them" in voucher_page
    card = page_of(sign_in(app, staff.mod).get("/moderation/applications"))
    assert re.search(r'<bdi>amira</bdi>:.*?<dd dir="auto">&lt;script&gt;', card, re.S)


@pytest.mark.parametrize("locale", ["en", "nl"])
def test_naming_a_member_without_a_note_is_refused_and_keeps_everything_typed(app, client, staff, locale):
    before = row_counts()
    response = apply_naming(client, "amira", note="   ", **{"Accept-Language": locale})
    assert response.status_code == 422
    html = page_of(response)
    message = {"en": "Write a few words so that this member knows who you are",
               "nl": "Schrijf een paar woorden, zodat dit lid weet wie je bent"}[locale]
    assert message in html and 'value="amira"' in html and 'value="Noor"' in html
    assert row_counts() == before


def test_a_note_without_a_member_named_is_refused_and_kept(app, client, staff):
    response = apply_naming(client, "", note="From the Tuesday group")
    assert response.status_code == 422
    html = page_of(response)
    assert "Write above the pseudonym of the member these words are for" in html
    assert "From the Tuesday group</textarea>" in html
    assert membership.find_member("Noor") is None


@pytest.mark.parametrize("note", ["a" * 301, "We met\x00 in Utrecht"], ids=["too long", "control character"])
def test_a_note_too_long_or_with_control_characters_is_refused(app, client, staff, note):
    response = apply_naming(client, "amira", note=note)
    assert response.status_code == 422
    assert ("At most 300 characters." if len(note) > 300 else "invisible control characters") in page_of(response)
    assert membership.find_member("Noor") is None


def test_a_member_can_decline_to_vouch(app, client, staff):
    apply_naming(client, "amira")
    vouch = Vouch.get()
    sign_in(app, staff.member).submit(f"/account/vouches/{vouch.id}/decline")
    assert Vouch.get_by_id(vouch.id).state == "declined"
    assert "does not vouch" in page_of(sign_in(app, staff.mod).get("/moderation/applications"))


def test_someone_elses_vouch_cannot_be_answered_or_seen(app, client, staff):
    apply_naming(client, "amira")
    vouch = Vouch.get()
    other = sign_in(app, staff.other)
    assert "Noor" not in page_of(other.get("/account/vouches"))
    assert NOTE not in page_of(other.get("/account/vouches"))
    assert NOTE not in str(data_rights.export(staff.other)) + str(data_rights.export(staff.member))
    assert other.get("/moderation/applications").status_code == 403
    assert other.submit(f"/account/vouches/{vouch.id}/confirm").status_code == 404
    assert sign_in(app, staff.member).submit(f"/account/vouches/{vouch.id}/shrug").status_code == 404
    assert sign_in(app, staff.member).post(f"/account/vouches/{vouch.id}/confirm").status_code == 400
    assert Vouch.get_by_id(vouch.id).state == "asked"


def test_the_applicants_export_does_not_tell_whether_the_named_member_exists(app, client, staff):
    apply_naming(client, "amira")
    exported = data_rights.export(membership.find_member("Noor"))
    assert "vouches" not in str(exported).replace("vouches_asked_of_me", "")
    assert exported["vouches_asked_of_me"] == []
    assert len(data_rights.export(staff.member)["vouches_asked_of_me"]) == 1


@pytest.mark.parametrize("approve", [True, False])
def test_deciding_the_application_removes_the_open_vouch_and_the_note(app, client, staff, approve):
    apply_naming(client, "amira")
    vetting.decide_application(application_of("Noor"), staff.mod, approve=approve, note="Known to the group")
    assert Vouch.select().count() == 0
    assert application_of("Noor").vouch_note == ""
    assert NOTE not in page_of(sign_in(app, staff.member).get("/account/vouches"))
    assert not AuditEntry.select().where(AuditEntry.note.contains("Tuesday group")).exists()
    assert data_rights.export(membership.find_member("Noor"))["applications"][0]["vouch_note"] == ""


def test_a_first_of_two_approvals_keeps_the_note_for_the_second_moderator(app, client, staff):
    app.config["APPROVALS_REQUIRED"] = 2
    apply_naming(client, "amira")
    vetting.decide_application(application_of("Noor"), staff.mod, approve=True)
    assert application_of("Noor").vouch_note == NOTE
    assert NOTE.replace("'", "&#39;") in page_of(sign_in(app, staff.mod2).get("/moderation/applications"))


def test_deleting_the_applicants_account_deletes_the_note(app, client, staff):
    apply_naming(client, "amira")
    data_rights.delete_account(membership.find_member("Noor"), keep_posts=False)
    assert not Application.select().where(Application.vouch_note.contains("Tuesday group")).exists()
    assert Vouch.select().count() == 0
    assert not AuditEntry.select().where(AuditEntry.note.contains("Tuesday group")).exists()
    assert NOTE not in page_of(sign_in(app, staff.member).get("/account/vouches"))


# four eyes ----------------------------------------------------------------------------------------

def test_with_two_approvals_required_one_moderator_is_not_enough(app, staff):
    app.config["APPROVALS_REQUIRED"] = 2
    member, _codes = membership.apply("newcomer", PASSWORD, languages=["en"])
    application = application_of("newcomer")
    browser = sign_in(app, staff.mod)
    response = browser.submit(f"/moderation/applications/{application.id}", {"decision": "approve", "note": ""})
    assert response.status_code == 303
    assert Application.get_by_id(application.id).status == "pending"
    assert Member.get_by_id(member.id).role == "applicant"
    again = browser.submit(f"/moderation/applications/{application.id}", {"decision": "approve", "note": ""},
                           headers={"HX-Request": "true"})
    assert "Approvals: 1 of 2." in page_of(again)
    assert ApplicationApproval.select().count() == 1
    sign_in(app, staff.mod2).submit(f"/moderation/applications/{application.id}", {"decision": "approve",
                                                                                    "note": "Met them"})
    assert Application.get_by_id(application.id).status == "approved"
    assert Member.get_by_id(member.id).role == "member"
    log = [(entry.action, entry.actor_id) for entry in AuditEntry.select().where(
        AuditEntry.target_member == member.id).order_by(AuditEntry.id)]
    assert log == [("application.approval", staff.mod.id), ("application.approved", staff.mod2.id)]


def test_one_rejection_is_enough_even_with_two_approvals_required(app, staff):
    app.config["APPROVALS_REQUIRED"] = 2
    membership.apply("newcomer", PASSWORD, languages=["en"])
    application = application_of("newcomer")
    vetting.decide_application(application, staff.mod, approve=True)
    vetting.decide_application(application, staff.mod2, approve=False)
    assert Application.get_by_id(application.id).status == "rejected"
    assert ApplicationApproval.select().count() == 1


def test_the_same_moderator_cannot_approve_twice(app, staff):
    app.config["APPROVALS_REQUIRED"] = 2
    membership.apply("newcomer", PASSWORD, languages=["en"])
    application = application_of("newcomer")
    vetting.decide_application(application, staff.mod, approve=True)
    with pytest.raises(vetting.AlreadyApproved):
        vetting.decide_application(application, staff.mod, approve=True)
    assert Application.get_by_id(application.id).status == "pending"


def test_by_default_one_approval_decides(app, staff):
    membership.apply("newcomer", PASSWORD, languages=["en"])
    assert vetting.decide_application(application_of("newcomer"), staff.mod, approve=True).status == "approved"


# invite batches -----------------------------------------------------------------------------------

def test_an_admin_issues_a_batch_and_sees_how_many_were_used_never_by_whom(app, client, staff):
    browser = sign_in(app, staff.admin)
    response = browser.submit("/admin/invite-batches", {"organisation": "Reception centre contact", "size": "3",
                                                        "days": "30"})
    assert response.status_code == 200
    links = re.findall(r"http://localhost/apply\?invite=([\w-]+)", page_of(response))
    assert len(links) == 3 and Invite.select().where(Invite.batch.is_null(False)).count() == 3
    client.submit("/apply", application_form(invite=links[0]))
    used = Invite.get(Invite.used_at.is_null(False))
    assert used.used_by_id is None, "a batch invite does not record who used it"
    assert application_of("Noor").invite_id is None
    html = page_of(browser.get("/admin/invite-batches"))
    assert "1 of 3" in html and "Noor" not in html
    assert "Reception centre contact" not in page_of(sign_in(app, staff.mod).get("/moderation/applications"))
    assert AuditEntry.get(AuditEntry.action == "invite.batch_created").note == "Reception centre contact: 3"


def test_batch_codes_are_not_listed_among_single_invites(app, staff):
    vetting.create_invite_batch(staff.admin, organisation="Legal aid office", size=2, days=10)
    assert "Legal aid office" not in page_of(sign_in(app, staff.mod).get("/moderation/invites"))
    assert list(vetting.recent_invites()) == []


def test_moderators_cannot_issue_batches(app, staff):
    browser = sign_in(app, staff.mod)
    assert browser.get("/admin/invite-batches").status_code == 403
    assert browser.submit("/admin/invite-batches", {"organisation": "x", "size": "3", "days": "30"}).status_code == 403
    assert InviteBatch.select().count() == 0


def test_a_batch_larger_than_allowed_is_refused_with_the_values_kept(app, staff):
    response = sign_in(app, staff.admin).submit("/admin/invite-batches", {"organisation": "LGBTIQ+ centre",
                                                                          "size": "5000", "days": "30"})
    assert response.status_code == 422 and "Between 1 and 200." in page_of(response)
    assert "LGBTIQ+ centre" in page_of(response) and InviteBatch.select().count() == 0


def test_a_hostile_question_is_shown_as_text_on_the_apply_form(app, client, staff):
    intake.add_question(staff.admin, "en", '<script>alert("q")</script>', required=False)
    html = page_of(client.get("/apply"))
    assert '<script>alert("q")</script>' not in html and "&lt;script&gt;" in html


def test_the_batch_intake_and_vouch_lists_cost_the_same_queries_for_few_and_many(app, staff):
    admin, voucher = sign_in(app, staff.admin), sign_in(app, staff.member)
    vetting.create_invite_batch(staff.admin, organisation="Centre 0", size=2, days=10)
    intake.add_question(staff.admin, "en", "Question 0", required=False)
    membership.apply("hopeful0", PASSWORD, languages=["en"], vouch_handle=staff.member.handle, vouch_note="Hi 0")
    urls = [(admin, "/admin/invite-batches"), (admin, "/admin/intake"), (voucher, "/account/vouches")]
    few = {url: count_queries(browser, url)[0] for browser, url in urls}
    for n in range(1, 15):
        vetting.create_invite_batch(staff.admin, organisation=f"Centre {n}", size=3, days=10)
        intake.add_question(staff.admin, ("en", "nl", "ar")[n % 3], f"Question {n}", required=bool(n % 2))
        membership.apply(f"hopeful{n}", PASSWORD, languages=["en"], vouch_handle=staff.member.handle,
                         vouch_note=f"Hi {n}")
    for browser, url in urls:
        many, statements = count_queries(browser, url)
        assert many == few[url], (url, "\n".join(statements))
    assert page_of(voucher.get("/account/vouches")).count("I know them and vouch for them") == 15
    assert page_of(voucher.get("/account/vouches")).count('<blockquote dir="auto">Hi ') == 15
