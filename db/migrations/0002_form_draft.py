"""Unsaved form drafts, so that what a user typed survives a crash."""

import datetime

from peewee import *


def up(migrator, db):
    class User(Model):
        id = IntegerField(primary_key=True)

        class Meta:
            database = db
            table_name = "user"

    class FormDraft(Model):
        user = ForeignKeyField(User, on_delete="CASCADE")
        form = CharField(max_length=40)
        data = TextField()
        saved_at = DateTimeField(default=datetime.datetime.utcnow)

        class Meta:
            database = db
            table_name = "form_draft"
            indexes = ((("user", "form"), True),)

    db.create_tables([FormDraft])


def down(migrator, db):
    migrator.migrate(migrator.drop_table("form_draft"))
