"""The migrations build exactly the schema the models describe, and repair older databases."""

import re
import uuid

import pytest
from playhouse.schema_diff import diff_models

from portal import db
from portal.models import ALL_MODELS
from tests.conftest import PG_URL, _pg_admin

FIX = "0015_introduction_people_set_null"
# full-text indexes are made by the migrations on purpose; no model field describes them
SEARCH_INDEXES = {"thread_title_search", "post_body_search"}


def schema_differences():
    diff = diff_models(db.database, ALL_MODELS)
    return diff._replace(drop_indexes=[index for index in diff.drop_indexes if index.name not in SEARCH_INDEXES])


def _on_delete_actions(table):
    """{column: ON DELETE action} of the foreign keys of a table, as the database has them."""
    if db.is_sqlite():
        rows = db.database.execute_sql(f"PRAGMA foreign_key_list('{table}')").fetchall()
        return {row[3]: row[6].upper() for row in rows}
    rows = db.database.execute_sql("""
        SELECT att.attname, con.confdeltype FROM pg_constraint con
        JOIN pg_attribute att ON att.attrelid = con.conrelid AND att.attnum = ANY (con.conkey)
        WHERE con.conrelid = %s::regclass AND con.contype = 'f'""", (table,)).fetchall()
    codes = {"a": "NO ACTION", "r": "RESTRICT", "c": "CASCADE", "n": "SET NULL", "d": "SET DEFAULT"}
    return {column: codes[code] for column, code in rows}


def test_migrated_schema_has_every_table_column_and_index_of_the_models(app):
    diff = schema_differences()
    assert not diff, f"the migrations and the models differ:\n{diff}"


@pytest.mark.parametrize("model", ALL_MODELS, ids=lambda model: model._meta.table_name)
def test_migrated_columns_match_the_models_nullability_and_on_delete(app, model):
    table = model._meta.table_name
    columns = {column.name: column for column in db.database.get_columns(table)}
    actions = _on_delete_actions(table)
    for field in model._meta.sorted_fields:
        if field.primary_key:
            continue
        assert columns[field.column_name].null == field.null, f"{table}.{field.column_name} nullability"
        if getattr(field, "on_delete", None):
            expected = field.on_delete.upper()
            assert actions.get(field.column_name, "NO ACTION") == expected, f"{table}.{field.column_name}"


def _break_introductions_like_the_first_0004():
    """Make the introduction table what the first release of 0004 created: CASCADE and NOT NULL."""
    if db.is_sqlite():
        create_sql = db.database.execute_sql(
            "SELECT sql FROM sqlite_master WHERE type='table' AND name='introduction'").fetchone()[0]
        old_sql = re.sub(r'("(requester|recipient)_id" INTEGER)', r"\1 NOT NULL", create_sql)
        old_sql = re.sub(r'("(?:requester|recipient)_id"\) REFERENCES "member" \("id"\)) ON DELETE SET NULL',
                         r"\1 ON DELETE CASCADE", old_sql)
        old_sql = old_sql.replace('CREATE TABLE "introduction"', 'CREATE TABLE "introduction_old"', 1)
        indexes = [row[0] for row in db.database.execute_sql(
            "SELECT sql FROM sqlite_master WHERE type='index' AND tbl_name='introduction' AND sql IS NOT NULL")]
        db.database.execute_sql("PRAGMA foreign_keys = OFF")
        db.database.execute_sql(old_sql)
        db.database.execute_sql('INSERT INTO "introduction_old" SELECT * FROM "introduction"')
        db.database.execute_sql('DROP TABLE "introduction"')
        db.database.execute_sql('ALTER TABLE "introduction_old" RENAME TO "introduction"')
        for index_sql in indexes:
            db.database.execute_sql(index_sql)
        db.database.execute_sql("PRAGMA foreign_keys = ON")
    else:
        for column in ("requester_id", "recipient_id"):
            name = db.database.execute_sql("""
                SELECT con.conname FROM pg_constraint con
                JOIN pg_attribute att ON att.attrelid = con.conrelid AND att.attnum = ANY (con.conkey)
                WHERE con.conrelid = 'introduction'::regclass AND con.contype = 'f' AND att.attname = %s
            """, (column,)).fetchone()[0]
            db.database.execute_sql(f'ALTER TABLE introduction DROP CONSTRAINT "{name}"')
            db.database.execute_sql(f'ALTER TABLE introduction ADD CONSTRAINT "{name}" FOREIGN KEY ("{column}") '
                                    'REFERENCES member (id) ON DELETE CASCADE')
            db.database.execute_sql(f'ALTER TABLE introduction ALTER COLUMN "{column}" SET NOT NULL')
    db.database.execute_sql("DELETE FROM schema_migration WHERE name = %s" % db.database.param, (FIX,))


@pytest.fixture
def own_database(tmp_path):
    """A database of this test's own, migrated from nothing, since the test changes its schema."""
    if PG_URL:
        name = f"harbour_migration_{uuid.uuid4().hex[:10]}"
        _pg_admin(f"CREATE DATABASE {name}")
        url = PG_URL.rsplit("/", 1)[0] + "/" + name
    else:
        url = f"sqlite:///{tmp_path / 'old.db'}"
    previous = db.database.obj
    db.database.initialize(db.make_database(url))
    db.migrate()
    yield
    db.database.close()
    db.database.initialize(previous)
    if PG_URL:
        _pg_admin(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def test_older_databases_get_introductions_that_outlive_a_deleted_member(own_database):
    _break_introductions_like_the_first_0004()
    assert _on_delete_actions("introduction")["requester_id"] == "CASCADE"

    assert db.migrate() == [FIX]

    actions = _on_delete_actions("introduction")
    assert actions["requester_id"] == actions["recipient_id"] == "SET NULL"
    nullable = {column.name: column.null for column in db.database.get_columns("introduction")}
    assert nullable["requester_id"] and nullable["recipient_id"]
    assert not schema_differences()


def test_the_repair_changes_nothing_on_a_database_that_is_right(own_database):
    before = _on_delete_actions("introduction")
    db.database.execute_sql("DELETE FROM schema_migration WHERE name = %s" % db.database.param, (FIX,))
    assert db.migrate() == [FIX]
    assert _on_delete_actions("introduction") == before
