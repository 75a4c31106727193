"""The background job queue (Huey): SQLite in instance/ by default, Redis when JOBS_URL names it.

Jobs carry ids only, never content: what a job needs it reads from the database when it runs, so
the queue (a file, or a Redis server shared by app servers) holds nothing personal.
"""

import contextlib
import functools
from pathlib import Path

from flask import current_app, has_app_context
from huey import Huey, crontab  # noqa: F401 (crontab for the job modules)
from huey.storage import RedisStorage, SqliteStorage

from portal import config
from portal.db import database, private_file, private_folder

# created in memory at import so that modules can declare their jobs; init_app gives it real storage
huey = Huey("harbour", immediate=True)
_app = None


def storage_for(url, name):
    """(storage class, its arguments) for a JOBS_URL: Redis, or a SQLite file (instance/jobs.db when empty)."""
    if url.startswith(("redis://", "rediss://", "unix://")):
        return RedisStorage, {"url": url}
    path = Path(url.removeprefix("sqlite:///")) if url else config.INSTANCE / "jobs.db"
    # like the database: readable by the portal's user only (SQLite gives -wal and -shm the same mode)
    private_folder(path.parent)
    private_file(path)
    return SqliteStorage, {"filename": str(path)}


def configure(url, name="harbour", immediate=False):
    """Point the queue at its storage; immediate runs every job at once in the caller (tests)."""
    huey.name = name
    huey.storage_class, huey.storage_kwargs = storage_for(url, name)
    huey._immediate = immediate
    huey.storage = huey.create_storage()
    # creating the SQLite tables opened a connection: a server that forks must not share it
    huey.storage.close()


def init_app(app):
    """Bind the queue to the app's settings; jobs run inside this app's context."""
    global _app
    _app = app
    # an app made for tests never leaves jobs behind in instance/ unless it names a queue itself
    immediate = app.config["JOBS_IMMEDIATE"] or (app.testing and not app.config["JOBS_URL"])
    configure(app.config["JOBS_URL"], immediate=immediate)


@contextlib.contextmanager
def _job_context():
    """An app context and a database connection for a job, without closing a request's own connection."""
    with contextlib.ExitStack() as stack:
        if not has_app_context() or current_app._get_current_object() is not _app:
            stack.enter_context(_app.app_context())
        if database.is_closed():
            database.connect()
            stack.callback(database.close)
        yield


def _in_app(function):
    @functools.wraps(function)
    def run(*args, **kwargs):
        with _job_context():
            return function(*args, **kwargs)
    return run


def job(**options):
    """Declare a background job (options as for huey.task: retries, retry_delay, retry_backoff)."""
    return lambda function: huey.task(**options)(_in_app(function))


def periodic(schedule, **options):
    """Declare a job the consumer runs on a crontab schedule (replaces cron)."""
    return lambda function: huey.periodic_task(schedule, **options)(_in_app(function))


def enqueue_after_commit(task, *args):
    """Queue a job once the current transaction commits: a rolled-back change queues nothing."""
    database.after_commit(lambda: task(*args))
