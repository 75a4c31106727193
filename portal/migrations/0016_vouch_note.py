"""An applicant's note for the member they name as voucher, who cannot know them by a pseudonym yet."""
from peewee import *


def up(migrator, db):
    migrator.migrate(
        migrator.add_column('application', 'vouch_note', CharField(max_length=300, default='')))


def down(migrator, db):
    migrator.migrate(
        migrator.drop_column('application', 'vouch_note'))
