"""Introductions outlive a deleted member: requester and recipient become SET NULL everywhere.

0004 was changed after release (CASCADE to SET NULL, NOT NULL to NULL); databases created
with the first 0004 still delete an introduction, and the other member's side of it, with
the account. This brings them in line and changes nothing where the schema is right already.
"""
import re

from peewee import SqliteDatabase

PEOPLE = ("requester_id", "recipient_id")

# foreign_keys can only be switched off outside a transaction; each step below opens its own
atomic = False


def _sqlite_needs_fix(db):
    keys = db.execute_sql("PRAGMA foreign_key_list('introduction')").fetchall()
    columns = {row[1]: row for row in db.execute_sql("PRAGMA table_info('introduction')").fetchall()}
    wrong_action = any(key[3] in PEOPLE and key[6].upper() != "SET NULL" for key in keys)
    not_null = any(columns[name][3] for name in PEOPLE if name in columns)
    return wrong_action or not_null


def _sqlite_fix(db):
    # SQLite cannot alter a constraint: rebuild the table from its own definition, as its docs describe
    create_sql = db.execute_sql(
        "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'introduction'").fetchone()[0]
    indexes = [row[0] for row in db.execute_sql(
        "SELECT sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'introduction' AND sql IS NOT NULL")]
    new_sql = create_sql
    for column in PEOPLE:
        new_sql = re.sub(rf'("{column}"\s+INTEGER)\s+NOT NULL', r"\1", new_sql)
    new_sql = re.sub(r"ON DELETE CASCADE", "ON DELETE SET NULL", new_sql)
    # only the two people columns reference member with CASCADE in this table
    new_sql = new_sql.replace('CREATE TABLE "introduction"', 'CREATE TABLE "introduction_new"', 1)
    columns = ", ".join(f'"{row[1]}"' for row in db.execute_sql("PRAGMA table_info('introduction')"))
    db.execute_sql("PRAGMA foreign_keys = OFF")
    try:
        with db.atomic():
            db.execute_sql(new_sql)
            db.execute_sql(f'INSERT INTO "introduction_new" ({columns}) SELECT {columns} FROM "introduction"')
            db.execute_sql('DROP TABLE "introduction"')
            db.execute_sql('ALTER TABLE "introduction_new" RENAME TO "introduction"')
            for index_sql in indexes:
                db.execute_sql(index_sql)
    finally:
        db.execute_sql("PRAGMA foreign_keys = ON")


def _postgres_fix(db):
    with db.atomic():
        _postgres_statements(db)


def _postgres_statements(db):
    rows = db.execute_sql("""
        SELECT con.conname, att.attname
        FROM pg_constraint con
        JOIN pg_attribute att ON att.attrelid = con.conrelid AND att.attnum = ANY (con.conkey)
        WHERE con.conrelid = 'introduction'::regclass AND con.contype = 'f'
          AND att.attname IN ('requester_id', 'recipient_id') AND con.confdeltype <> 'n'
    """).fetchall()
    for name, column in rows:
        db.execute_sql(f'ALTER TABLE "introduction" DROP CONSTRAINT "{name}"')
        db.execute_sql(f'ALTER TABLE "introduction" ADD CONSTRAINT "{name}" FOREIGN KEY ("{column}") '
                       'REFERENCES "member" ("id") ON DELETE SET NULL')
    for column in PEOPLE:
        db.execute_sql(f'ALTER TABLE "introduction" ALTER COLUMN "{column}" DROP NOT NULL')


def up(migrator, db):
    if isinstance(db, SqliteDatabase):
        if _sqlite_needs_fix(db):
            _sqlite_fix(db)
    else:
        _postgres_fix(db)


def down(migrator, db):
    pass
