"""Every model of the portal, in one list: for migrations, tests and data-rights checks."""

from portal.auth.intake import IntakeAnswer, IntakeQuestion
from portal.auth.models import Application, ApplicationApproval, Invite, InviteBatch, ResetToken, SetupToken, Vouch
from portal.calendar.models import Meetup, MeetupMessage, Rsvp
from portal.introductions.models import ConversationMessage, Introduction, MessageReport
from portal.directory.models import HelpEntry, HelpEntryText
from portal.forum.models import Category, CategoryText, Flag, Post, PostRevision, Subscription, Thread, ThreadRead
from portal.members.models import Block, Member, RecoveryCode, Region
from portal.moderation.audit import AuditEntry
from portal.moderation.notes import StaffNote
from portal.moderation.sanctions import MemberWarning
from portal.notifications.alerts import AlertPreference, StaffAlert
from portal.notifications.models import Notification
from portal.support.models import SupportHelper, SupportMessage, SupportRequest

ALL_MODELS = [Region, Member, RecoveryCode, Invite, Application, SetupToken, AuditEntry,
              Category, CategoryText, Thread, Post, PostRevision, Flag, Subscription, ThreadRead,
              MemberWarning, Notification, Meetup, Rsvp, MeetupMessage, Block, Introduction,
              ConversationMessage, MessageReport, ResetToken, HelpEntry, HelpEntryText,
              InviteBatch, ApplicationApproval, Vouch, IntakeQuestion, IntakeAnswer, StaffAlert, AlertPreference,
              StaffNote, SupportRequest, SupportHelper, SupportMessage]
