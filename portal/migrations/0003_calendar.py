"""The meet-up calendar: meet-ups, sign-ups, organisers' messages; attendee visibility and feeds."""
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

    class Meetup(Model):
        organiser = ForeignKeyField(Member, null=True, on_delete='SET NULL')
        title = CharField(max_length=120)
        description = TextField(default='')
        description_html = TextField(default='')
        starts_at = DateTimeField(index=True)
        ends_at = DateTimeField()
        region = ForeignKeyField(Region, null=True, on_delete='SET NULL')
        public_area = CharField(max_length=120, default='')
        private_address = CharField(max_length=300, default='')
        online_link = CharField(max_length=500, default='')
        capacity = IntegerField(null=True)
        languages = CharField(max_length=200, default=' ')
        newcomer_friendly = BooleanField(default=False)
        public = BooleanField(default=False)
        public_description = BooleanField(default=False)
        cancelled_at = DateTimeField(null=True)
        sequence = IntegerField(default=0)
        created_at = DateTimeField()
        updated_at = DateTimeField()
        class Meta:
            database = db
            table_name = 'meetup'
    db.create_tables([Meetup])

    class MeetupMessage(Model):
        meetup = ForeignKeyField(Meetup, on_delete='CASCADE')
        author = ForeignKeyField(Member, null=True, on_delete='SET NULL')
        text = TextField()
        created_at = DateTimeField()
        class Meta:
            database = db
            table_name = 'meetup_message'
    db.create_tables([MeetupMessage])

    class Rsvp(Model):
        meetup = ForeignKeyField(Meetup, on_delete='CASCADE')
        member = ForeignKeyField(Member, on_delete='CASCADE')
        state = CharField(max_length=10, default='going')
        created_at = DateTimeField()
        class Meta:
            database = db
            table_name = 'rsvp'
            indexes = ((('meetup', 'member'), True),)
    db.create_tables([Rsvp])


    migrator.migrate(
        migrator.add_column('member', 'visible_to_attendees', BooleanField(default=False)),
        migrator.add_column('member', 'feed_token_hash', CharField(max_length=64, null=True)),
        migrator.add_index('member', ('feed_token_hash',), unique=True))


def down(migrator, db):
    migrator.migrate(migrator.drop_index('member', 'member_feed_token_hash'),
                     migrator.drop_column('member', 'feed_token_hash'),
                     migrator.drop_column('member', 'visible_to_attendees'))
    migrator.migrate(migrator.drop_table('rsvp'))
    migrator.migrate(migrator.drop_table('meetup_message'))
    migrator.migrate(migrator.drop_table('meetup'))
