"""The office's own calendar corrections: extra closures and holidays worked."""

from peewee import *


def up(migrator, db):
    class CalendarDay(Model):
        day = DateField(unique=True)
        closed = BooleanField()
        note = CharField(max_length=200, default="")

        class Meta:
            database = db
            table_name = "calendar_day"

    db.create_tables([CalendarDay])


def down(migrator, db):
    migrator.migrate(migrator.drop_table("calendar_day"))
