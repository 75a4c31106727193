"""Signed-in devices: a server-side record per session, so signing out ends it on every app server."""
from peewee import *


def up(migrator, db):
    class Member(Model):
        class Meta:
            database = db
            table_name = 'member'

    class DeviceSession(Model):
        member = ForeignKeyField(Member, on_delete='CASCADE')
        token_hash = CharField(unique=True, max_length=64)
        browser = CharField(max_length=40, default='')
        system = CharField(max_length=40, default='')
        remember = BooleanField(default=False)
        created_at = DateTimeField()
        last_used_at = DateTimeField(index=True)
        class Meta:
            database = db
            table_name = 'device_session'
    db.create_tables([DeviceSession])


def down(migrator, db):
    migrator.migrate(migrator.drop_table('device_session'))
