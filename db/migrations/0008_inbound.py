"""Complaints sent by the central system: their central reference, and the packages read."""

from peewee import *


def up(migrator, db):
    migrator.migrate(
        migrator.add_column("complaint", "external_ref", CharField(null=True, max_length=60))
    )

    class InboundPackage(Model):
        sequence = IntegerField(unique=True)
        sha256 = CharField(max_length=64, unique=True)
        file_name = CharField(max_length=200)
        created_at = DateTimeField()
        imported_at = DateTimeField()
        added = IntegerField()
        skipped = IntegerField()

        class Meta:
            database = db
            table_name = "inbound_package"

    db.create_tables([InboundPackage])


def down(migrator, db):
    migrator.migrate(migrator.drop_table("inbound_package"))
    migrator.migrate(migrator.drop_column("complaint", "external_ref"))
