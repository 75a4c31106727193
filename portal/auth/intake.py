"""Intake questions: a few questions per language that admins write and applicants answer.

Answers, and the applicant's note for their voucher, are kept only while the application waits: deciding
it deletes them, and the purge removes those of applications older than INTAKE_KEEP_DAYS.
"""

import datetime

from flask import current_app
from peewee import BooleanField, CharField, DateTimeField, ForeignKeyField, IntegerField, TextField

from portal import audit
from portal.auth.models import Application
from portal.db import BaseModel, transaction, utcnow


class IntakeQuestion(BaseModel):
    locale = CharField(max_length=10, index=True)
    text = CharField(max_length=300)
    required = BooleanField(default=False)
    position = IntegerField(default=0)
    created_at = DateTimeField(default=utcnow)


class IntakeAnswer(BaseModel):
    application = ForeignKeyField(Application, backref="intake_answers", on_delete="CASCADE")
    # the question as it was asked: an admin may change or remove it while the application waits
    question = CharField(max_length=300)
    answer = TextField()
    position = IntegerField(default=0)


def questions_for(locale):
    """The questions of a language; where that language has none, those of the site's default language."""
    found = list(IntakeQuestion.select().where(IntakeQuestion.locale == locale)
                 .order_by(IntakeQuestion.position, IntakeQuestion.id))
    default = current_app.config["DEFAULT_LOCALE"]
    if not found and locale != default:
        return questions_for(default)
    return found


def all_questions():
    return IntakeQuestion.select().order_by(IntakeQuestion.locale, IntakeQuestion.position, IntakeQuestion.id)


def add_question(admin, locale, text, required):
    """A new question at the end of its language's list."""
    with transaction():
        last = IntakeQuestion.select().where(IntakeQuestion.locale == locale).count()
        question = IntakeQuestion.create(locale=locale, text=text.strip(), required=required, position=last + 1)
        audit.record(admin, "intake.question_added", target_type="intake_question", target_id=question.id,
                     note=f"{locale}: {question.text}")
    return question


def remove_question(admin, question):
    with transaction():
        question.delete_instance()
        audit.record(admin, "intake.question_removed", target_type="intake_question", target_id=question.id,
                     note=f"{question.locale}: {question.text}")


def save_answers(application, answers):
    """Store (question, answer) pairs of a new application; empty answers are not kept."""
    rows = [{"application": application.id, "question": question.text, "answer": answer.strip(),
             "position": position} for position, (question, answer) in enumerate(answers) if (answer or "").strip()]
    if rows:
        IntakeAnswer.insert_many(rows).execute()


def answers_of(applications):
    """{application id: [answers]} for the applications shown, in one query."""
    by_application = {}
    ids = [application.id for application in applications]
    if ids:
        for answer in (IntakeAnswer.select().where(IntakeAnswer.application.in_(ids))
                       .order_by(IntakeAnswer.position, IntakeAnswer.id)):
            by_application.setdefault(answer.application_id, []).append(answer)
    return by_application


def forget_answers(application):
    """Deciding an application ends the need for its answers; call inside the decision's transaction."""
    IntakeAnswer.delete().where(IntakeAnswer.application == application.id).execute()
    Application.update(vouch_note="").where(Application.id == application.id).execute()
    application.vouch_note = ""


def purge_old_answers():
    """Answers and voucher notes of applications older than INTAKE_KEEP_DAYS, whatever their state;
    returns how many answers."""
    cutoff = utcnow() - datetime.timedelta(days=current_app.config["INTAKE_KEEP_DAYS"])
    old = Application.select(Application.id).where(Application.created_at < cutoff)
    with transaction():
        Application.update(vouch_note="").where(Application.created_at < cutoff, Application.vouch_note != "").execute()
        return IntakeAnswer.delete().where(IntakeAnswer.application.in_(old)).execute()
