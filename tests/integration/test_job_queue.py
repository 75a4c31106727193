"""The job queue: real storage (SQLite file, Redis), jobs that carry ids only, retries, and e-mail never in a request.

Most tests run jobs at once (JOBS_IMMEDIATE, set in conftest). Here the queue gets real storage:
a job is enqueued, then taken off the queue and executed without a consumer, as the consumer would.
"""

import socket
import threading
import uuid

import pytest

from portal import jobs, tasks
from portal.db import transaction
from portal.jobs import huey
from portal.members.models import Member
from portal.notifications import delivery, notify
from portal.notifications.models import Notification
from tests.conftest import make_member
from tests.helpers import set_fields, sign_in

REDIS_URL = "redis://127.0.0.1:6379/0"


def redis_reachable():
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=1):
            return True
    except OSError:
        return False


@pytest.fixture(params=["sqlite", "redis"])
def real_queue(request, app, tmp_path):
    """The queue on a SQLite file under tmp_path, or on Redis under a name of its own; emptied afterwards."""
    name = f"harbour-test-{uuid.uuid4().hex[:12]}"
    if request.param == "redis":
        if not redis_reachable():
            pytest.skip("no Redis on 127.0.0.1:6379")
        jobs.configure(REDIS_URL, name=name)
    else:
        jobs.configure(f"sqlite:///{tmp_path / 'jobs.db'}", name=name)
    try:
        yield huey
    finally:
        huey.storage.flush_all()
        jobs.configure("", immediate=True)


def run_next(queue):
    """What the consumer does for one job: take it off the queue and execute it."""
    task = queue.dequeue()
    assert task is not None, "nothing was queued"
    return queue.execute(task)


@pytest.fixture
def member_with_email(app):
    return set_fields(make_member("amira"), email="person-one@mail.test")


def notify_member(member, kind="warning"):
    with transaction():
        return notify.send(member.id, kind)


def test_a_notification_email_is_queued_by_id_and_sent_by_the_consumer(real_queue, member_with_email,
                                                                       smtp_server):
    notification = notify_member(member_with_email)
    assert smtp_server.received == []  # queued, not sent
    pending, = real_queue.pending()
    assert pending.name.endswith("mail_notification")
    # the job holds the notification's id and nothing else: no address, no pseudonym, no text
    assert pending.args == (notification.id,) and pending.kwargs == {}
    run_next(real_queue)
    mail, = smtp_server.received
    assert mail.recipients == ["person-one@mail.test"]
    assert real_queue.pending_count() == 0
    assert real_queue.result_count() == 0  # nothing of the job stays behind in the queue
    assert Member.get_by_id(member_with_email.id).mailed_at is not None


def test_a_notification_read_before_the_job_runs_is_not_mailed(real_queue, member_with_email, smtp_server):
    notification = notify_member(member_with_email)
    notify.mark_read(member_with_email, notification.id)
    run_next(real_queue)
    assert smtp_server.received == []


def test_a_periodic_job_runs_from_the_queue(real_queue, app, tmp_path):
    app.config.update(BACKUP_DIR=str(tmp_path / "backups"), BACKUP_KEEP=2)
    for _ in range(3):
        tasks.daily_backup()
        run_next(real_queue)
    if app.config["DATABASE_URL"].startswith("sqlite"):
        assert len(list((tmp_path / "backups").glob("harbour-*.db"))) == 2


def test_a_failing_mail_server_means_a_retry_later_with_a_longer_wait(real_queue, member_with_email, app,
                                                                    closed_port, caplog):
    app.config.update(SMTP_HOST="127.0.0.1", SMTP_PORT=closed_port)
    notify_member(member_with_email)
    task = real_queue.dequeue()
    real_queue.execute(task)
    retry, = real_queue.scheduled()
    assert retry.id == task.id and retry.retries == 4
    # backoff: the wait doubles after each failure
    assert retry.retry_delay == 60
    # the log names the kind of failure, never the address
    assert "person-one@mail.test" not in caplog.text
    assert "ConnectionRefusedError" in caplog.text


@pytest.fixture
def silent_mail_server(app):
    """A server on 127.0.0.1 that accepts connections and never says a word."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    held, stop = [], threading.Event()

    def accept():
        listener.settimeout(0.2)
        while not stop.is_set():
            try:
                held.append(listener.accept()[0])
            except (TimeoutError, OSError):
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    app.config.update(SMTP_HOST="127.0.0.1", SMTP_PORT=listener.getsockname()[1])
    try:
        yield held
    finally:
        stop.set()
        thread.join()
        for connection in held:
            connection.close()
        listener.close()
        app.config["SMTP_HOST"] = ""


def test_a_mail_server_that_never_answers_does_not_hold_up_a_moderators_warning(real_queue, app, member_with_email,
                                                                               silent_mail_server):
    moderator = make_member("mona", "moderator")
    browser = sign_in(app, moderator)
    response = browser.submit(f"/moderation/members/{member_with_email.id}/warn", {"message": "Please be kind"})
    assert response.status_code == 303
    notification = Notification.get(Notification.member == member_with_email.id)
    # the page only queued the e-mail: the job waits for the consumer, and nobody talked to the mail server
    pending, = real_queue.pending()
    assert pending.args == (notification.id,)
    assert silent_mail_server == []


def test_a_member_who_chose_no_email_gets_none(app, member_with_email, smtp_server):
    set_fields(member_with_email, email_frequency="never")
    notify_member(member_with_email)
    assert smtp_server.received == []
    assert Notification.select().count() == 1


# the daily digest --------------------------------------------------------------------------------------------

@pytest.fixture
def digest_member(app, member_with_email, smtp_server):
    app.config["DIGEST_HOUR"] = 0  # any hour of the day is past the digest hour
    return set_fields(member_with_email, email_frequency="daily")


def test_a_digest_member_gets_one_email_a_day_however_much_is_new(digest_member, smtp_server):
    for _ in range(3):
        notify_member(digest_member)
    assert smtp_server.received == []  # nothing at once
    assert delivery.send_digests.call_local() == 1
    assert len(smtp_server.received) == 1
    # later the same day: more news, but no second e-mail
    notify_member(digest_member)
    assert delivery.send_digests.call_local() == 0
    delivery.mail_digest.call_local(digest_member.id)
    assert len(smtp_server.received) == 1


def test_no_digest_without_anything_unread(digest_member, smtp_server):
    notification = notify_member(digest_member)
    notify.mark_read(digest_member, notification.id)
    assert delivery.send_digests.call_local() == 0
    assert smtp_server.received == []


def test_no_digest_before_the_digest_hour(app, digest_member, smtp_server):
    app.config["DIGEST_HOUR"] = 24  # never reached
    notify_member(digest_member)
    assert delivery.send_digests.call_local() == 0


# the message itself ------------------------------------------------------------------------------------------

def test_every_email_has_a_date_and_a_message_id(app, member_with_email, smtp_server):
    notify_member(member_with_email)
    notify_member(member_with_email)
    first, second = (mail.message for mail in smtp_server.received)
    assert first["Date"] and first["Date"].datetime.tzinfo is not None
    assert first["Message-ID"].endswith("@test.invalid>")
    assert first["Message-ID"] != second["Message-ID"]


def test_the_email_is_in_the_members_language_when_sent_by_a_job(app, member_with_email, smtp_server):
    set_fields(member_with_email, locale="nl")
    notify_member(member_with_email)
    mail, = smtp_server.received
    assert "Harbour" in str(mail.message["Subject"])
    assert str(mail.message["Subject"]) != "There is something new for you on Harbour"


def test_the_queue_file_is_readable_by_the_portal_only(tmp_path):
    path = tmp_path / "queue" / "jobs.db"
    jobs.storage_for(f"sqlite:///{path}", "harbour")
    assert path.parent.stat().st_mode & 0o777 == 0o700
    assert path.stat().st_mode & 0o777 == 0o600
