"""The staff desk: alerts, intake questions, vouches, two approvals, invite batches, staff notes, support."""
from peewee import *


def up(migrator, db):
    class Member(Model):
        class Meta:
            database = db
            table_name = 'member'

    class Application(Model):
        class Meta:
            database = db
            table_name = 'application'

    class HelpEntry(Model):
        class Meta:
            database = db
            table_name = 'help_entry'

    class InviteBatch(Model):
        organisation = CharField(max_length=120)
        created_by = ForeignKeyField(Member, null=True, on_delete='SET NULL')
        created_at = DateTimeField()
        size = IntegerField()
        class Meta:
            database = db
            table_name = 'invite_batch'

    class ApplicationApproval(Model):
        application = ForeignKeyField(Application, on_delete='CASCADE')
        moderator = ForeignKeyField(Member, null=True, on_delete='SET NULL')
        created_at = DateTimeField()
        class Meta:
            database = db
            table_name = 'application_approval'
            indexes = ((('application', 'moderator'), True),)

    class Vouch(Model):
        application = ForeignKeyField(Application, on_delete='CASCADE')
        voucher = ForeignKeyField(Member, on_delete='CASCADE')
        state = CharField(max_length=20, default='asked')
        created_at = DateTimeField()
        answered_at = DateTimeField(null=True)
        class Meta:
            database = db
            table_name = 'vouch'

    class IntakeQuestion(Model):
        locale = CharField(max_length=10, index=True)
        text = CharField(max_length=300)
        required = BooleanField(default=False)
        position = IntegerField(default=0)
        created_at = DateTimeField()
        class Meta:
            database = db
            table_name = 'intake_question'

    class IntakeAnswer(Model):
        application = ForeignKeyField(Application, on_delete='CASCADE')
        question = CharField(max_length=300)
        answer = TextField()
        position = IntegerField(default=0)
        class Meta:
            database = db
            table_name = 'intake_answer'

    class StaffAlert(Model):
        kind = CharField(max_length=20, index=True)
        target_type = CharField(max_length=30)
        target_id = IntegerField()
        urgent = BooleanField(default=False)
        created_at = DateTimeField()
        handled_at = DateTimeField(null=True, index=True)
        handled_by = ForeignKeyField(Member, null=True, on_delete='SET NULL')
        class Meta:
            database = db
            table_name = 'staff_alert'
            indexes = ((('target_type', 'target_id'), False),)

    class AlertPreference(Model):
        member = ForeignKeyField(Member, unique=True, on_delete='CASCADE')
        kinds = CharField(max_length=200, default=' application flag hidden_post report introduction support ')
        quiet_from = IntegerField(default=0)
        quiet_until = IntegerField(default=0)
        class Meta:
            database = db
            table_name = 'alert_preference'

    class StaffNote(Model):
        member = ForeignKeyField(Member, on_delete='CASCADE')
        author = ForeignKeyField(Member, null=True, on_delete='SET NULL')
        text = TextField()
        created_at = DateTimeField()
        class Meta:
            database = db
            table_name = 'staff_note'

    class SupportRequest(Model):
        member = ForeignKeyField(Member, on_delete='CASCADE')
        category = CharField(max_length=20)
        urgent = BooleanField(default=False)
        text = TextField()
        language = CharField(max_length=10)
        contact = CharField(max_length=200, default='')
        state = CharField(max_length=20, default='open', index=True)
        taken_by = ForeignKeyField(Member, null=True, on_delete='SET NULL')
        taken_at = DateTimeField(null=True)
        closed_at = DateTimeField(null=True, index=True)
        created_at = DateTimeField(index=True)
        class Meta:
            database = db
            table_name = 'support_request'

    class SupportHelper(Model):
        request = ForeignKeyField(SupportRequest, on_delete='CASCADE')
        staff = ForeignKeyField(Member, on_delete='CASCADE')
        added_at = DateTimeField()
        class Meta:
            database = db
            table_name = 'support_helper'
            indexes = ((('request', 'staff'), True),)

    class SupportMessage(Model):
        request = ForeignKeyField(SupportRequest, on_delete='CASCADE')
        author = ForeignKeyField(Member, null=True, on_delete='SET NULL')
        from_staff = BooleanField(default=False)
        body = TextField()
        referral = ForeignKeyField(HelpEntry, null=True, on_delete='SET NULL')
        created_at = DateTimeField(index=True)
        class Meta:
            database = db
            table_name = 'support_message'

    db.create_tables([InviteBatch, ApplicationApproval, Vouch, IntakeQuestion, IntakeAnswer, StaffAlert,
                      AlertPreference, StaffNote, SupportRequest, SupportHelper, SupportMessage])
    migrator.migrate(
        migrator.add_column('invite', 'batch_id',
                            ForeignKeyField(InviteBatch, null=True, on_delete='CASCADE', field=InviteBatch.id)))


def down(migrator, db):
    migrator.migrate(migrator.drop_column('invite', 'batch_id'))
    for table in ('support_message', 'support_helper', 'support_request', 'staff_note', 'alert_preference',
                  'staff_alert', 'intake_answer', 'intake_question', 'vouch', 'application_approval',
                  'invite_batch'):
        migrator.migrate(migrator.drop_table(table))
