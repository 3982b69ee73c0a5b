"""The packages this office wrote for the central system (export history)."""

from peewee import *


def up(migrator, db):
    class ExportPackage(Model):
        sequence = IntegerField(unique=True)
        created_at = DateTimeField()
        journal_from = IntegerField()
        journal_to = IntegerField()
        counts = TextField(default="{}")
        file_name = CharField(max_length=200)
        destination = TextField()
        size = IntegerField()
        sha256 = CharField(max_length=64)
        verified = BooleanField(default=False)
        acknowledged_at = DateTimeField(null=True)

        class Meta:
            database = db
            table_name = "export_package"

    db.create_tables([ExportPackage])


def down(migrator, db):
    migrator.migrate(migrator.drop_table("export_package"))
