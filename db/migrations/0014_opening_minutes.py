"""Box openings keep minutes of their own: the hour of the opening, a number in a series of
their own per Jalali year, and the PDF as recorded. Earlier openings keep their minutes
letters (``minutes_id``)."""

from peewee import *


def up(migrator, db):
    class StoredFile(Model):
        sha256 = CharField(primary_key=True, max_length=64)

        class Meta:
            database = db
            table_name = "stored_file"

    migrator.migrate(
        migrator.add_column("box_opening", "opened_at", CharField(max_length=5, null=True)),
        migrator.add_column(
            "box_opening", "minutes_number", CharField(max_length=20, null=True, unique=True)
        ),
        migrator.add_column(
            "box_opening",
            "minutes_pdf_id",
            ForeignKeyField(StoredFile, null=True, on_delete="RESTRICT", field=StoredFile.sha256),
        ),
    )


def down(migrator, db):
    migrator.migrate(
        migrator.drop_column("box_opening", "minutes_pdf_id"),
        migrator.drop_column("box_opening", "minutes_number"),
        migrator.drop_column("box_opening", "opened_at"),
    )
