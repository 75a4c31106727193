"""Staff notes on a member: staff only, every write audited, gone with the account, only their existence exported."""

from portal.account import data_rights
from portal.audit import AuditEntry
from portal.auth import notes
from portal.auth.notes import StaffNote
from tests.conftest import make_member
from tests.helpers import page_of, row_counts, sign_in

NOTE = "Came with a friend from the Ter Apel centre; prefers Farsi."


def test_a_moderator_writes_and_removes_a_note_and_both_are_audited_without_the_text(app, staff):
    browser = sign_in(app, staff.mod)
    response = browser.submit(f"/moderation/members/{staff.member.id}/notes", {"text": NOTE})
    assert response.status_code == 303
    note = StaffNote.get()
    assert (note.member_id, note.author_id, note.text) == (staff.member.id, staff.mod.id, NOTE)
    assert NOTE in page_of(sign_in(app, staff.mod2).get(f"/moderation/members/{staff.member.id}"))
    assert browser.submit(f"/moderation/members/{staff.member.id}/notes/{note.id}/delete").status_code == 303
    assert StaffNote.select().count() == 0
    log = list(AuditEntry.select().where(AuditEntry.target_type == "staff_note").order_by(AuditEntry.id))
    assert [(entry.action, entry.actor_id, entry.target_member_id) for entry in log] == [
        ("member.note_added", staff.mod.id, staff.member.id), ("member.note_deleted", staff.mod.id, staff.member.id)]
    assert all(NOTE not in entry.note for entry in log)


def test_an_empty_note_is_refused_and_members_cannot_write_or_read_notes(app, staff):
    notes.add_note(staff.member, staff.mod, NOTE)
    before = row_counts(sign_ins=False)
    response = sign_in(app, staff.mod).submit(f"/moderation/members/{staff.member.id}/notes", {"text": ""})
    assert response.status_code == 422 and "Write the note first." in page_of(response)
    member = sign_in(app, staff.other)
    assert member.submit(f"/moderation/members/{staff.member.id}/notes", {"text": "Gossip"}).status_code == 403
    note = StaffNote.get()
    assert member.submit(f"/moderation/members/{staff.member.id}/notes/{note.id}/delete").status_code == 403
    assert member.get(f"/moderation/members/{staff.member.id}").status_code == 403
    assert NOTE not in page_of(sign_in(app, staff.member).get(f"/members/{staff.member.handle}"))
    assert row_counts(sign_ins=False) == before


def test_a_note_is_removed_only_through_its_own_member(app, staff):
    note = notes.add_note(staff.member, staff.mod, NOTE)
    response = sign_in(app, staff.mod).submit(f"/moderation/members/{staff.other.id}/notes/{note.id}/delete")
    assert response.status_code == 404 and StaffNote.select().count() == 1


def test_notes_without_csrf_change_nothing(app, staff):
    note = notes.add_note(staff.member, staff.mod, NOTE)
    browser = sign_in(app, staff.mod)
    assert browser.post(f"/moderation/members/{staff.member.id}/notes", data={"text": "x"}).status_code == 400
    assert browser.post(f"/moderation/members/{staff.member.id}/notes/{note.id}/delete").status_code == 400
    assert [row.text for row in StaffNote.select()] == [NOTE]


def test_staff_keep_no_notes_on_themselves(app, staff):
    browser = sign_in(app, staff.mod)
    assert browser.submit(f"/moderation/members/{staff.mod.id}/notes", {"text": "Me"}).status_code == 403
    assert "Staff notes" not in page_of(browser.get(f"/moderation/members/{staff.mod.id}"))


def test_the_export_says_only_that_notes_exist(app, staff):
    assert data_rights.export(staff.member)["staff_notes_exist"] is False
    notes.add_note(staff.member, staff.mod, NOTE)
    exported = data_rights.export(staff.member)
    assert exported["staff_notes_exist"] is True
    assert NOTE not in str(exported)


def test_notes_go_with_the_account_and_notes_by_a_deleted_moderator_stay(app, staff):
    notes.add_note(staff.member, staff.mod, NOTE)
    leaving = make_member("leaving-mod", "moderator")
    kept = notes.add_note(staff.other, leaving, "Speaks Tigrinya")
    data_rights.delete_account(staff.member, keep_posts=False)
    data_rights.delete_account(leaving, keep_posts=False)
    assert [(row.id, row.author_id) for row in StaffNote.select()] == [(kept.id, None)]
    assert "former member" in page_of(sign_in(app, staff.mod).get(f"/moderation/members/{staff.other.id}"))
