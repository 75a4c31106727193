"""Every model of the portal, in one list: for migrations, tests and data-rights checks."""

from portal.audit import AuditEntry
from portal.auth.intake import IntakeAnswer, IntakeQuestion
from portal.auth.models import (
                                Application,
                                ApplicationApproval,
                                DeviceSession,
                                Invite,
                                InviteBatch,
                                ResetToken,
                                SetupToken,
                                Vouch,
)
from portal.auth.notes import StaffNote
from portal.auth.sanctions import MemberWarning
from portal.calendar.models import Meetup, MeetupMessage, MeetupSeries, Rsvp
from portal.checkins.models import SafetyCheck
from portal.directory.models import HelpEntry, HelpEntryText
from portal.forum.models import Category, CategoryText, Flag, Post, PostRevision, Subscription, Thread, ThreadRead
from portal.introductions.models import ConversationMessage, Introduction, MessageReport
from portal.members.models import Block, Member, RecoveryCode, Region
from portal.notifications.alerts import AlertPreference, StaffAlert
from portal.notifications.models import Notification
from portal.public.models import SiteText
from portal.support.models import SupportHelper, SupportMessage, SupportRequest

ALL_MODELS = [Region, Member, RecoveryCode, Invite, Application, SetupToken, AuditEntry,
              Category, CategoryText, Thread, Post, PostRevision, Flag, Subscription, ThreadRead,
              MemberWarning, Notification, MeetupSeries, Meetup, Rsvp, MeetupMessage, Block, Introduction,
              ConversationMessage, MessageReport, ResetToken, HelpEntry, HelpEntryText,
              DeviceSession, SiteText, SafetyCheck,
              InviteBatch, ApplicationApproval, Vouch, IntakeQuestion, IntakeAnswer, StaffAlert, AlertPreference,
              StaffNote, SupportRequest, SupportHelper, SupportMessage]
