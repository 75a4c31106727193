"""Declined introductions: the requester is now told when the request would have expired (ended_at
marks that moment); those declined before were told at once, so they count as told already."""
from peewee import *


def up(migrator, db):
    class Introduction(Model):
        state = CharField(max_length=20)
        decided_at = DateTimeField(null=True)
        answered_at = DateTimeField(null=True)
        ended_at = DateTimeField(null=True)
        created_at = DateTimeField()
        class Meta:
            database = db
            table_name = 'introduction'

    (Introduction.update(ended_at=fn.COALESCE(Introduction.answered_at, Introduction.decided_at,
                                              Introduction.created_at))
     .where(Introduction.state == 'declined', Introduction.ended_at.is_null()).execute())


def down(migrator, db):
    # nothing to undo: ended_at of a declined introduction meant nothing before
    pass
