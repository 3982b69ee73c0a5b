"""The audit log is anchored outside the office: each package records the log's head, and
central's acknowledgement signs it back (``audit_anchor``)."""

from peewee import *


def up(migrator, db):
    class AuditAnchor(Model):
        sequence = IntegerField(unique=True)
        count = IntegerField()
        hash = CharField(max_length=64)
        confirmed_at = DateTimeField()
        acknowledgement = TextField()

        class Meta:
            database = db
            table_name = "audit_anchor"

    migrator.migrate(
        migrator.add_column("export_package", "audit_count", IntegerField(null=True)),
        migrator.add_column("export_package", "audit_hash", CharField(max_length=64, null=True)),
    )
    db.create_tables([AuditAnchor])


def down(migrator, db):
    migrator.migrate(migrator.drop_table("audit_anchor"))
    migrator.migrate(
        migrator.drop_column("export_package", "audit_hash"),
        migrator.drop_column("export_package", "audit_count"),
    )
