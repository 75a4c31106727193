"""The help directory, its entries described in every language."""
from peewee import *


def up(migrator, db):
    class Region(Model):
        class Meta:
            database = db
            table_name = 'region'

    class HelpEntry(Model):
        kind = CharField(index=True, max_length=20)
        region = ForeignKeyField(Region, null=True, on_delete='SET NULL')
        languages = CharField(max_length=200, default=' ')
        phone = CharField(max_length=40, default='')
        address = CharField(max_length=200, default='')
        website = CharField(max_length=300, default='')
        position = IntegerField(default=0)
        created_at = DateTimeField()
        class Meta:
            database = db
            table_name = 'help_entry'
    db.create_tables([HelpEntry])

    class HelpEntryText(Model):
        entry = ForeignKeyField(HelpEntry, on_delete='CASCADE')
        locale = CharField(max_length=10)
        name = CharField(max_length=120)
        offer = TextField(default='')
        opening_hours = CharField(max_length=200, default='')
        class Meta:
            database = db
            table_name = 'help_entry_text'
            indexes = ((('entry', 'locale'), True),)
    db.create_tables([HelpEntryText])


def down(migrator, db):
    migrator.migrate(migrator.drop_table('help_entry_text'))
    migrator.migrate(migrator.drop_table('help_entry'))
