"""Every model of the portal, in one list: for migrations, tests and data-rights checks."""

from portal.auth.models import Application, Invite, SetupToken
from portal.members.models import Member, RecoveryCode, Region
from portal.moderation.audit import AuditEntry

ALL_MODELS = [Region, Member, RecoveryCode, Invite, Application, SetupToken, AuditEntry]
