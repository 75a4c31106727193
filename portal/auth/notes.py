"""Staff notes on a member: short, for staff only, every write in the audit log, gone with the account."""

from peewee import DateTimeField, ForeignKeyField, TextField

from portal import audit
from portal.db import BaseModel, transaction, utcnow
from portal.members.models import Member


class StaffNote(BaseModel):
    member = ForeignKeyField(Member, backref="+", on_delete="CASCADE")
    author = ForeignKeyField(Member, null=True, on_delete="SET NULL", backref="+")
    text = TextField()
    created_at = DateTimeField(default=utcnow)


def notes_on(member):
    """The notes on a member, newest first, with their authors (one query)."""
    Author = Member.alias()
    return list(StaffNote.select(StaffNote, Author)
                .join(Author, "LEFT OUTER JOIN", on=(StaffNote.author == Author.id), attr="author_m")
                .where(StaffNote.member == member.id)
                .order_by(StaffNote.created_at.desc(), StaffNote.id.desc()))


def add_note(member, moderator, text):
    """Keep a note; the log records that a note was written, not what it says."""
    with transaction():
        note = StaffNote.create(member=member, author=moderator, text=text.strip())
        audit.record(moderator, "member.note_added", member=member, target_type="staff_note", target_id=note.id)
    return note


def delete_note(note, moderator):
    with transaction():
        deleted = StaffNote.delete().where(StaffNote.id == note.id).execute()
        if deleted:
            audit.record(moderator, "member.note_deleted", member=note.member_id, target_type="staff_note",
                         target_id=note.id)
    return deleted


def notes_exist(member):
    return StaffNote.select().where(StaffNote.member == member.id).exists()
