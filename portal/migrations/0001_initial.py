"""The first schema: members, applications, invites, the setup link and the audit log."""
from peewee import *


def up(migrator, db):
    class Region(Model):
        name = CharField(unique=True, max_length=80)
        position = IntegerField(default=0)
        class Meta:
            database = db
            table_name = 'region'
    db.create_tables([Region])

    class Member(Model):
        handle = CharField(max_length=30)
        handle_key = CharField(unique=True, max_length=60)
        password_hash = CharField()
        role = CharField(index=True, max_length=20, default='applicant')
        is_buddy = BooleanField(default=False)
        languages = CharField(max_length=200, default=' ')
        region = ForeignKeyField(Region, null=True, on_delete='SET NULL')
        email = CharField(null=True, max_length=254)
        locale = CharField(null=True, max_length=10)
        timezone = CharField(null=True, max_length=64)
        session_version = IntegerField(default=1)
        created_at = DateTimeField()
        class Meta:
            database = db
            table_name = 'member'
    db.create_tables([Member])

    class Invite(Model):
        code_hash = CharField(unique=True, max_length=64)
        created_by = ForeignKeyField(Member, null=True, on_delete='SET NULL')
        created_at = DateTimeField()
        expires_at = DateTimeField()
        pre_approved = BooleanField(default=False)
        note = CharField(max_length=200, default='')
        used_by = ForeignKeyField(Member, null=True, on_delete='SET NULL')
        used_at = DateTimeField(null=True)
        class Meta:
            database = db
            table_name = 'invite'
    db.create_tables([Invite])

    class Application(Model):
        member = ForeignKeyField(Member, unique=True, on_delete='CASCADE')
        invite = ForeignKeyField(Invite, null=True, on_delete='SET NULL')
        status = CharField(index=True, max_length=20, default='pending')
        created_at = DateTimeField()
        decided_by = ForeignKeyField(Member, null=True, on_delete='SET NULL')
        decided_at = DateTimeField(null=True)
        note = TextField(default='')
        class Meta:
            database = db
            table_name = 'application'
    db.create_tables([Application])

    class AuditEntry(Model):
        actor = ForeignKeyField(Member, null=True, on_delete='SET NULL')
        action = CharField(index=True, max_length=50)
        target_member = ForeignKeyField(Member, null=True, on_delete='SET NULL')
        target_type = CharField(max_length=30, default='member')
        target_id = IntegerField(null=True)
        note = TextField(default='')
        created_at = DateTimeField(index=True)
        class Meta:
            database = db
            table_name = 'audit_entry'
    db.create_tables([AuditEntry])

    class RecoveryCode(Model):
        member = ForeignKeyField(Member, on_delete='CASCADE')
        code_hash = CharField(index=True, max_length=64)
        used_at = DateTimeField(null=True)
        class Meta:
            database = db
            table_name = 'recovery_code'
    db.create_tables([RecoveryCode])

    class SetupToken(Model):
        token_hash = CharField(unique=True, max_length=64)
        created_at = DateTimeField()
        expires_at = DateTimeField()
        used_at = DateTimeField(null=True)
        class Meta:
            database = db
            table_name = 'setup_token'
    db.create_tables([SetupToken])


def down(migrator, db):
    migrator.migrate(migrator.drop_table('setup_token'))
    migrator.migrate(migrator.drop_table('recovery_code'))
    migrator.migrate(migrator.drop_table('audit_entry'))
    migrator.migrate(migrator.drop_table('application'))
    migrator.migrate(migrator.drop_table('invite'))
    migrator.migrate(migrator.drop_table('member'))
    migrator.migrate(migrator.drop_table('region'))
