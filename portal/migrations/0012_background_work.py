"""Background work: e-mail choices, repeating meet-ups, reminders, a late address, safety check-ins."""
from peewee import *


def up(migrator, db):
    class Member(Model):
        class Meta:
            database = db
            table_name = 'member'

    class MeetupSeries(Model):
        organiser = ForeignKeyField(Member, null=True, on_delete='SET NULL')
        frequency = CharField(max_length=20)
        zone = CharField(max_length=64)
        first_start = DateTimeField()
        until = DateField()
        created_at = DateTimeField()
        class Meta:
            database = db
            table_name = 'meetup_series'
    db.create_tables([MeetupSeries])

    class SafetyCheck(Model):
        member = ForeignKeyField(Member, on_delete='CASCADE')
        about = CharField(max_length=20)
        target_id = IntegerField()
        created_at = DateTimeField()
        class Meta:
            database = db
            table_name = 'safety_check'
            indexes = ((('member', 'about', 'target_id'), True),)
    db.create_tables([SafetyCheck])

    migrator.migrate(
        migrator.add_column('member', 'email_frequency', CharField(max_length=10, default='immediate')),
        migrator.add_column('member', 'mailed_at', DateTimeField(null=True)),
        migrator.add_column('meetup', 'series_id', ForeignKeyField(MeetupSeries, null=True, on_delete='SET NULL',
                                                                   field=MeetupSeries.id)),
        migrator.add_column('meetup', 'original_start', DateTimeField(null=True)),
        migrator.add_column('meetup', 'reminder_hours', IntegerField(default=24)),
        migrator.add_column('meetup', 'reveal_hours', IntegerField(null=True)),
        migrator.add_column('meetup', 'reminded_at', DateTimeField(null=True)),
        migrator.add_column('meetup', 'revealed_at', DateTimeField(null=True)),
        migrator.add_column('meetup', 'checked_in_at', DateTimeField(null=True)),
        migrator.add_column('introduction', 'checked_in_at', DateTimeField(null=True)))


def down(migrator, db):
    migrator.migrate(
        *[migrator.drop_column('meetup', name) for name in (
            'checked_in_at', 'revealed_at', 'reminded_at', 'reveal_hours', 'reminder_hours', 'original_start',
            'series_id')],
        migrator.drop_column('introduction', 'checked_in_at'),
        migrator.drop_column('member', 'mailed_at'), migrator.drop_column('member', 'email_frequency'))
    migrator.migrate(migrator.drop_table('safety_check'), migrator.drop_table('meetup_series'))
