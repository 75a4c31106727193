"""Security: two-factor sign-in secrets and one-time reset links."""
from peewee import *


def up(migrator, db):
    class Member(Model):
        class Meta:
            database = db
            table_name = 'member'

    class ResetToken(Model):
        member = ForeignKeyField(Member, on_delete='CASCADE')
        token_hash = CharField(unique=True, max_length=64)
        created_by = ForeignKeyField(Member, null=True, on_delete='SET NULL')
        created_at = DateTimeField()
        expires_at = DateTimeField()
        used_at = DateTimeField(null=True)
        class Meta:
            database = db
            table_name = 'reset_token'
    db.create_tables([ResetToken])

    migrator.migrate(
        migrator.add_column('member', 'totp_secret', CharField(max_length=64, null=True)),
        migrator.add_column('member', 'totp_last_step', IntegerField(default=0)))


def down(migrator, db):
    migrator.migrate(migrator.drop_column('member', 'totp_last_step'), migrator.drop_column('member', 'totp_secret'))
    migrator.migrate(migrator.drop_table('reset_token'))
