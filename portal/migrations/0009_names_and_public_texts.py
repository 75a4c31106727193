"""Private sign-in names beside the pseudonym, look-alike skeletons, and the public texts admins write."""
from peewee import *

from portal.members.handles import look_alike_key


def up(migrator, db):
    migrator.migrate(
        migrator.add_column('member', 'login_name', CharField(max_length=30, default='')),
        migrator.add_column('member', 'login_key', CharField(max_length=60, default='')),
        migrator.add_column('member', 'handle_skeleton', CharField(max_length=255, null=True)),
        migrator.add_column('member', 'handle_chosen', BooleanField(default=True)))

    class Member(Model):
        handle = CharField(max_length=30)
        handle_key = CharField(max_length=60)
        handle_skeleton = CharField(max_length=255, null=True)
        handle_chosen = BooleanField(default=True)
        login_name = CharField(max_length=30)
        login_key = CharField(max_length=60)
        class Meta:
            database = db
            table_name = 'member'

    # everyone who is here already signs in with the name they know, and keeps their pseudonym
    with db.atomic():
        Member.update(login_name=Member.handle, login_key=Member.handle_key, handle_chosen=True).execute()
        for member in Member.select(Member.id, Member.handle):
            Member.update(handle_skeleton=look_alike_key(member.handle)).where(Member.id == member.id).execute()
    migrator.migrate(
        migrator.add_index('member', ('login_key',), True),
        migrator.add_index('member', ('handle_skeleton',), False))

    class SiteText(Model):
        key = CharField(max_length=40)
        locale = CharField(max_length=10)
        text = TextField()
        updated_at = DateTimeField()
        updated_by = ForeignKeyField(Member, null=True, on_delete='SET NULL')
        class Meta:
            database = db
            table_name = 'site_text'
            indexes = ((('key', 'locale'), True),)
    db.create_tables([SiteText])


def down(migrator, db):
    migrator.migrate(migrator.drop_table('site_text'))
    migrator.migrate(
        migrator.drop_index('member', 'member_handle_skeleton'),
        migrator.drop_index('member', 'member_login_key'),
        migrator.drop_column('member', 'handle_chosen'),
        migrator.drop_column('member', 'handle_skeleton'),
        migrator.drop_column('member', 'login_key'),
        migrator.drop_column('member', 'login_name'))
