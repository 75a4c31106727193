"""The data layer: pragmas, no connection at start-up, writes that wait instead of failing, lists of codes."""

import threading

import pytest

from portal import create_app, db, jobs
from portal.calendar.models import Meetup
from portal.directory.models import HelpEntry
from portal.members.models import Member, Region
from tests.calendar_fixtures import add_meetup
from tests.conftest import make_member


def test_creating_the_app_opens_no_connection(migrated_database, tmp_path):
    # a server that forks after create_app() must not share a connection between workers
    create_app({"DATABASE_URL": f"sqlite:///{tmp_path / 'fresh.db'}", "SECRET_KEY": "k",
                "JOBS_URL": f"sqlite:///{tmp_path / 'jobs.db'}"})
    assert db.database.is_closed()
    # nor does the job queue's SQLite file stay open
    assert getattr(jobs.huey.storage, "_conn", None) is None


def test_sqlite_runs_in_wal_with_foreign_keys_and_full_sync(app):
    if not db.is_sqlite():
        pytest.skip("SQLite pragmas; this run uses PostgreSQL")
    pragma = lambda name: db.database.execute_sql(f"PRAGMA {name}").fetchone()[0]
    assert pragma("journal_mode") == "wal"
    assert pragma("foreign_keys") == 1
    assert pragma("synchronous") == 2
    assert pragma("busy_timeout") >= 5000


def test_concurrent_read_then_write_transactions_all_succeed(app):
    errors = []

    def add_regions(worker):
        try:
            for i in range(15):
                with db.transaction():
                    # read first, then write: the case where a deferred transaction fails
                    Region.select().count()
                    Region.create(name=f"worker {worker} region {i}")
        except Exception as error:
            errors.append(error)
        finally:
            db.database.close()

    threads = [threading.Thread(target=add_regions, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert Region.select().count() == 60


def test_a_failed_transaction_leaves_nothing_behind(app):
    try:
        with db.transaction():
            Region.create(name="half done")
            raise RuntimeError("stop")
    except RuntimeError:
        pass
    assert not Region.select().where(Region.name == "half done").exists()


def test_connections_are_pooled_and_the_pragmas_run_once_per_connection(app):
    Region.select().count()
    first = db.database.connection()
    db.database.close()
    Region.select().count()
    assert db.database.connection() is first


def test_a_forked_worker_never_uses_the_connections_of_its_parent(app):
    Region.select().count()
    inherited = db.database.connection()
    # what os.register_at_fork runs in a gunicorn worker forked from a --preload master
    db._forget_inherited_connections()
    assert db.database.is_closed()
    Region.select().count()
    assert db.database.connection() is not inherited
    inherited.close()


def test_a_prepared_query_refuses_one_whose_parameters_it_cannot_place(app):
    from portal.members.models import Member

    computed = db.Prepared(lambda member_id: Member.select().where(Member.id == member_id + 1))
    with pytest.raises(ValueError):
        computed.get_or_none(1)
    unused = db.Prepared(lambda member_id, role: Member.select().where(Member.id == member_id))
    with pytest.raises(ValueError):
        unused.get_or_none(1, "admin")
    plain = db.Prepared(lambda member_id: Member.select().where(Member.id == member_id))
    assert plain.get_or_none(12345) is None


def test_a_prepared_query_keeps_its_constants_and_binds_its_parameters(app):
    from portal.members.models import Member
    from tests.conftest import make_member

    alice, bob = make_member("alice"), make_member("bob", role="moderator")
    staff = db.Prepared(lambda member_id, handle: Member.select().where(
        Member.role.in_(("moderator", "admin")), (Member.id == member_id) | (Member.handle == handle)).limit(1))
    assert staff.get_or_none(alice.id, "nobody") is None
    assert staff.get_or_none(bob.id, "nobody").handle == "bob"
    assert staff.get_or_none(0, "bob").id == bob.id
    assert staff.get_or_none(alice.id, "alice") is None


# lists of language codes: one column type, the same packed string as always ---------------------

def stored_languages(model, row_id, column="languages"):
    """The column as the database holds it, read past the field."""
    table = model._meta.table_name
    return db.database.execute_sql(f'SELECT "{column}" FROM "{table}" WHERE id = {db.database.param}',
                                   (row_id,)).fetchone()[0]


def test_language_codes_are_stored_space_packed_sorted_once_each_and_read_back_as_a_list(app):
    member = make_member("Sami", languages=["nl", "ar", "nl"])
    assert stored_languages(Member, member.id) == " ar nl "
    assert Member.get_by_id(member.id).languages == ["ar", "nl"]
    # set in Python, the value is the list it will be once saved
    member.languages = "fa  en"
    assert member.languages == ["en", "fa"]
    member.save()
    assert stored_languages(Member, member.id) == " en fa "


def test_no_languages_is_a_single_space_and_an_empty_list(app):
    meetup = add_meetup(make_member("olga", "organiser"), language_list=[])
    assert stored_languages(Meetup, meetup.id) == " "
    assert Meetup.get_by_id(meetup.id).languages == []
    # the default, and a packed value written by hand (the benchmark seed, old rows), read the same
    entry = HelpEntry.create(kind="health")
    assert stored_languages(HelpEntry, entry.id) == " " and HelpEntry.get_by_id(entry.id).languages == []
    Member.insert_many([{"handle": "bulk", "handle_key": "bulk", "login_name": "bulk", "login_key": "bulk",
                         "password_hash": "x", "languages": " en nl "}]).execute()
    bulk = Member.get(Member.handle_key == "bulk")
    assert stored_languages(Member, bulk.id) == " en nl " and bulk.languages == ["en", "nl"]


def test_includes_finds_a_whole_code_only(app):
    for handle, languages in [("Sami", ["nl", "en"]), ("Lina", ["nds"]), ("Bana", ["ar"])]:
        make_member(handle, languages=languages)
    speak = lambda code: sorted(member.handle for member in Member.select().where(Member.languages.includes(code)))
    assert speak("nl") == ["Sami"]
    assert speak("nds") == ["Lina"]
    # a part of a code is no language anyone speaks
    assert speak("n") == [] and speak("fa") == []
