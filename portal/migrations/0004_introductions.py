"""Introductions, private conversations, reported messages, blocks; profile bio and hiding."""
from peewee import *


def up(migrator, db):
    class Member(Model):
        class Meta:
            database = db
            table_name = 'member'

    class Region(Model):
        class Meta:
            database = db
            table_name = 'region'

    class Block(Model):
        blocker = ForeignKeyField(Member, on_delete='CASCADE')
        blocked = ForeignKeyField(Member, on_delete='CASCADE')
        created_at = DateTimeField()
        class Meta:
            database = db
            table_name = 'block'
            indexes = ((('blocker', 'blocked'), True),)
    db.create_tables([Block])

    class Introduction(Model):
        requester = ForeignKeyField(Member, null=True, on_delete='SET NULL')
        recipient = ForeignKeyField(Member, null=True, on_delete='SET NULL')
        kind = CharField(max_length=10, default='member')
        state = CharField(index=True, max_length=20, default='requested')
        declined_by = CharField(max_length=20, default='')
        note_for_moderators = TextField(default='')
        first_message = TextField(default='')
        moderator_note = TextField(default='')
        buddy_support = CharField(max_length=100, default='')
        buddy_languages = CharField(max_length=200, default=' ')
        buddy_region = ForeignKeyField(Region, null=True, on_delete='SET NULL')
        requester_phone = CharField(max_length=40, default='')
        requester_signal = CharField(max_length=60, default='')
        requester_whatsapp = CharField(max_length=40, default='')
        requester_email = CharField(max_length=254, default='')
        recipient_phone = CharField(max_length=40, default='')
        recipient_signal = CharField(max_length=60, default='')
        recipient_whatsapp = CharField(max_length=40, default='')
        recipient_email = CharField(max_length=254, default='')
        decided_by = ForeignKeyField(Member, null=True, on_delete='SET NULL')
        decided_at = DateTimeField(null=True)
        answered_at = DateTimeField(null=True)
        ended_by = ForeignKeyField(Member, null=True, on_delete='SET NULL')
        ended_at = DateTimeField(null=True)
        created_at = DateTimeField(index=True)
        class Meta:
            database = db
            table_name = 'introduction'
    db.create_tables([Introduction])

    class ConversationMessage(Model):
        introduction = ForeignKeyField(Introduction, on_delete='CASCADE')
        author = ForeignKeyField(Member, null=True, on_delete='SET NULL')
        body = TextField()
        created_at = DateTimeField(index=True)
        class Meta:
            database = db
            table_name = 'conversation_message'
    db.create_tables([ConversationMessage])

    class MessageReport(Model):
        message = ForeignKeyField(ConversationMessage, null=True, on_delete='SET NULL')
        copied_text = TextField()
        author = ForeignKeyField(Member, null=True, on_delete='SET NULL')
        reporter = ForeignKeyField(Member, null=True, on_delete='SET NULL')
        note = TextField(default='')
        created_at = DateTimeField()
        resolved_at = DateTimeField(null=True)
        resolved_by = ForeignKeyField(Member, null=True, on_delete='SET NULL')
        class Meta:
            database = db
            table_name = 'message_report'
    db.create_tables([MessageReport])


    migrator.migrate(
        migrator.add_column('member', 'bio', TextField(default='')),
        migrator.add_column('member', 'profile_hidden', BooleanField(default=False)))


def down(migrator, db):
    migrator.migrate(migrator.drop_column('member', 'profile_hidden'), migrator.drop_column('member', 'bio'))
    migrator.migrate(migrator.drop_table('message_report'))
    migrator.migrate(migrator.drop_table('conversation_message'))
    migrator.migrate(migrator.drop_table('introduction'))
    migrator.migrate(migrator.drop_table('block'))
