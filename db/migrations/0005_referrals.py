"""Referrals, measures, stored files, closing fields and the letter's PDF and copies."""

import uuid

from peewee import *


def up(migrator, db):
    class Complaint(Model):
        class Meta:
            database = db
            table_name = "complaint"

    class Unit(Model):
        class Meta:
            database = db
            table_name = "unit"

    class User(Model):
        class Meta:
            database = db
            table_name = "user"

    class StoredFile(Model):
        sha256 = CharField(primary_key=True, max_length=64)
        media_type = CharField(max_length=60)
        size = IntegerField()
        data = BlobField()
        created_at = DateTimeField()

        class Meta:
            database = db
            table_name = "stored_file"

    db.create_tables([StoredFile])

    class Referral(Model):
        uid = UUIDField(unique=True, default=uuid.uuid4)
        version = IntegerField(default=1)
        created_at = DateTimeField()
        updated_at = DateTimeField()
        complaint = ForeignKeyField(Complaint, on_delete="RESTRICT")
        unit = ForeignKeyField(Unit, on_delete="RESTRICT")
        instructions = TextField()
        referred_on = DateField()
        deadline_days = IntegerField()
        due_on = DateField(index=True)
        status = CharField(index=True, max_length=20, default="open")
        paused_since = DateField(null=True)
        paused_days = IntegerField(default=0)
        referred_by = ForeignKeyField(User, on_delete="RESTRICT")
        answered_on = DateField(null=True)
        response_text = TextField(null=True)
        response_number = CharField(null=True, max_length=60)
        response_file = ForeignKeyField(StoredFile, null=True, on_delete="RESTRICT")
        response_by = ForeignKeyField(User, null=True, on_delete="RESTRICT")
        reminders = IntegerField(default=0)
        last_reminder_on = DateField(null=True)

        class Meta:
            database = db
            table_name = "referral"

    db.create_tables([Referral])

    class Measure(Model):
        uid = UUIDField(unique=True, default=uuid.uuid4)
        version = IntegerField(default=1)
        created_at = DateTimeField()
        updated_at = DateTimeField()
        complaint = ForeignKeyField(Complaint, on_delete="RESTRICT")
        unit = ForeignKeyField(Unit, on_delete="RESTRICT")
        official_name = CharField(null=True, max_length=200)
        official_title = CharField(null=True, max_length=200)
        kind = CharField(max_length=30)
        note = TextField(default="")
        decided_on = DateField()
        recorded_by = ForeignKeyField(User, on_delete="RESTRICT")

        class Meta:
            database = db
            table_name = "measure"

    db.create_tables([Measure])

    migrator.migrate(
        migrator.add_column("complaint", "outcome", CharField(null=True, max_length=30))
    )
    migrator.migrate(migrator.add_column("complaint", "outcome_reason", TextField(null=True)))
    migrator.migrate(migrator.add_column("complaint", "closed_on", DateField(null=True)))
    migrator.migrate(
        migrator.add_column("complaint", "satisfaction", CharField(null=True, max_length=20))
    )
    migrator.migrate(migrator.add_column("complaint", "satisfaction_on", DateField(null=True)))
    migrator.migrate(
        migrator.add_column(
            "letter",
            "referral_id",
            ForeignKeyField(Referral, field=Referral.id, null=True, on_delete="RESTRICT"),
        )
    )
    migrator.migrate(migrator.add_column("letter", "copy_to", TextField(default="[]")))
    migrator.migrate(migrator.add_column("letter", "printed_at", DateTimeField(null=True)))
    migrator.migrate(
        migrator.add_column(
            "letter",
            "pdf_id",
            ForeignKeyField(StoredFile, field=StoredFile.sha256, null=True, on_delete="RESTRICT"),
        )
    )


def down(migrator, db):
    migrator.migrate(migrator.drop_index("letter", "letter_referral_id"))
    migrator.migrate(migrator.drop_index("letter", "letter_pdf_id"))
    migrator.migrate(migrator.drop_column("letter", "pdf_id"))
    migrator.migrate(migrator.drop_column("letter", "printed_at"))
    migrator.migrate(migrator.drop_column("letter", "copy_to"))
    migrator.migrate(migrator.drop_column("letter", "referral_id"))
    migrator.migrate(migrator.drop_column("complaint", "satisfaction_on"))
    migrator.migrate(migrator.drop_column("complaint", "satisfaction"))
    migrator.migrate(migrator.drop_column("complaint", "closed_on"))
    migrator.migrate(migrator.drop_column("complaint", "outcome_reason"))
    migrator.migrate(migrator.drop_column("complaint", "outcome"))
    migrator.migrate(migrator.drop_table("measure"))
    migrator.migrate(migrator.drop_table("referral"))
    migrator.migrate(migrator.drop_table("stored_file"))
