"""The portal as `make run` serves it: gunicorn with gunicorn.conf.py, over real connections.

What is checked here only shows over a socket: a body larger than MAX_CONTENT_LENGTH gets a page
the client can read (not a reset connection), and the log lines carry no client address, no query
string and no secret path.
"""

import http.client
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import PG_URL

ROOT = Path(__file__).resolve().parents[2]
SECRET = "Zq8SecretTokenValue41"


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def gunicorn(app, tmp_path):
    """gunicorn serving the test database on 127.0.0.1; yields (port, path of its log output)."""
    port, log = free_port(), tmp_path / "server.log"
    env = {**os.environ, "DATABASE_URL": app.config["DATABASE_URL"], "SECRET_KEY": "test secret key",
           "PYTHONPATH": str(ROOT)}
    with open(log, "wb") as output:
        server = subprocess.Popen([str(Path(sys.executable).parent / "gunicorn"), "--config", "gunicorn.conf.py",
                                   "--bind", f"127.0.0.1:{port}", "--workers", "1", "wsgi:app"],
                                  cwd=ROOT, env=env, stdout=output, stderr=subprocess.STDOUT)
    try:
        for _attempt in range(200):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.05)
        yield port, log
    finally:
        server.terminate()
        server.wait(timeout=20)


def send(port, method, path, body=None, language="en"):
    """One request on its own connection; returns (status, headers, page)."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    headers = {"Accept-Language": language}
    if body is not None:
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    # request() sends the whole body: it raises ConnectionResetError or BrokenPipeError if the
    # server hangs up before the end
    connection.request(method, path, body=body, headers=headers)
    response = connection.getresponse()
    page = response.read().decode()
    connection.close()
    return response.status, response.headers, page


def too_large(size):
    return b"handle=" + b"x" * (size - len(b"handle="))


def test_a_20_megabyte_post_gets_a_readable_translated_413_page(gunicorn):
    port, _log = gunicorn
    status, headers, page = send(port, "POST", "/login", too_large(20 * 1024 * 1024))
    assert status == 413
    assert "This is too large to send" in page
    assert headers["Connection"] == "close"
    status, _headers, page = send(port, "POST", "/login", too_large(3 * 1024 * 1024), language="nl")
    assert status == 413 and "This is too large to send" not in page and "<html" in page
    # a body within the limit is read as a form (refused for its missing CSRF token, not its size)
    assert send(port, "POST", "/login", b"handle=x")[0] == 400


def test_no_log_line_carries_an_address_a_query_or_a_secret_path(gunicorn):
    port, log = gunicorn
    for path in (f"/calendar/feed/{SECRET}.ics", f"/setup/{SECRET}", f"/reset/{SECRET}",
                 f"/apply?invite={SECRET}", f"/forum/search?q={SECRET}", "/members/someone?x=1"):
        send(port, "GET", path)
    time.sleep(0.3)  # the access log is written after the response
    lines = log.read_text()
    assert "/apply" in lines and "/members/someone" in lines, lines
    assert SECRET not in lines
    assert "127.0.0.1" not in lines.replace("Listening at: http://127.0.0.1", "")
    assert "x=1" not in lines


@pytest.mark.skipif(bool(PG_URL), reason="the database file exists on SQLite only")
def test_the_database_its_journals_and_backups_are_private(app, tmp_path):
    from portal import db, maintenance
    from portal.members.models import Region

    folder = tmp_path / "fresh" / "instance"
    database = db.make_database(f"sqlite:///{folder / 'harbour.db'}")
    database.connect()
    database.execute_sql("CREATE TABLE note (text TEXT)")
    database.execute_sql("INSERT INTO note VALUES ('private')")
    assert folder.stat().st_mode & 0o777 == 0o700
    for name in ("harbour.db", "harbour.db-wal", "harbour.db-shm"):
        assert (folder / name).stat().st_mode & 0o777 == 0o600, name
    database.close()
    Region.create(name="North")
    copy = maintenance.backup(tmp_path / "backup.db")
    assert copy.stat().st_mode & 0o777 == 0o600
    assert maintenance.integrity_ok(copy)


def test_the_apps_own_log_redacts_secret_paths(app, caplog):
    app.logger.error("Exception on /reset/%s [GET]", SECRET)
    app.logger.error(f"Exception on /calendar/feed/{SECRET}.ics [GET]")
    assert SECRET not in caplog.text
    assert "/reset/[secret]" in caplog.text
