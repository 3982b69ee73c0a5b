"""Complaint boxes, their printed form batches, box openings and scanned pages."""

import uuid

from peewee import *


def up(migrator, db):
    class Complaint(Model):
        class Meta:
            database = db
            table_name = "complaint"

    class Letter(Model):
        class Meta:
            database = db
            table_name = "letter"

    class StoredFile(Model):
        sha256 = CharField(primary_key=True, max_length=64)

        class Meta:
            database = db
            table_name = "stored_file"

    class Unit(Model):
        class Meta:
            database = db
            table_name = "unit"

    class User(Model):
        class Meta:
            database = db
            table_name = "user"

    class ComplaintBox(Model):
        uid = UUIDField(unique=True, default=uuid.uuid4)
        version = IntegerField(default=1)
        created_at = DateTimeField()
        updated_at = DateTimeField()
        code = CharField(unique=True, max_length=20)
        location = CharField(max_length=300)
        unit = ForeignKeyField(Unit, on_delete="RESTRICT")
        active = BooleanField(default=True)

        class Meta:
            database = db
            table_name = "complaint_box"

    db.create_tables([ComplaintBox])

    class BoxOpening(Model):
        uid = UUIDField(unique=True, default=uuid.uuid4)
        version = IntegerField(default=1)
        created_at = DateTimeField()
        updated_at = DateTimeField()
        box = ForeignKeyField(ComplaintBox, on_delete="RESTRICT")
        opened_on = DateField(index=True)
        committee = TextField(default="[]")
        forms_found = IntegerField()
        note = TextField(default="")
        minutes = ForeignKeyField(Letter, null=True, on_delete="RESTRICT")
        opened_by = ForeignKeyField(User, on_delete="RESTRICT")
        closed = BooleanField(default=False)

        class Meta:
            database = db
            table_name = "box_opening"

    db.create_tables([BoxOpening])

    class FormBatch(Model):
        uid = UUIDField(unique=True, default=uuid.uuid4)
        version = IntegerField(default=1)
        created_at = DateTimeField()
        updated_at = DateTimeField()
        box = ForeignKeyField(ComplaintBox, on_delete="RESTRICT")
        first_serial = IntegerField(unique=True)
        count = IntegerField()
        printed_by = ForeignKeyField(User, on_delete="RESTRICT")
        pdf = ForeignKeyField(StoredFile, null=True, on_delete="RESTRICT")

        class Meta:
            database = db
            table_name = "form_batch"

    db.create_tables([FormBatch])

    class ScanPage(Model):
        uid = UUIDField(unique=True, default=uuid.uuid4)
        version = IntegerField(default=1)
        created_at = DateTimeField()
        updated_at = DateTimeField()
        opening = ForeignKeyField(BoxOpening, on_delete="RESTRICT")
        position = IntegerField()
        source_name = CharField(max_length=300)
        source_sha256 = CharField(max_length=64)
        page_index = IntegerField()
        image = ForeignKeyField(StoredFile, on_delete="RESTRICT")
        thumbnail = ForeignKeyField(StoredFile, on_delete="RESTRICT")
        width = IntegerField()
        height = IntegerField()
        qr_text = CharField(null=True, max_length=200)
        box_code = CharField(null=True, max_length=20)
        form_serial = IntegerField(index=True, null=True)
        state = CharField(index=True, max_length=20, default="pending")
        complaint = ForeignKeyField(Complaint, null=True, on_delete="RESTRICT")
        handled_by = ForeignKeyField(User, null=True, on_delete="RESTRICT")

        class Meta:
            database = db
            table_name = "scan_page"
            indexes = ((("source_sha256", "page_index"), True), (("opening", "position"), True))

    db.create_tables([ScanPage])


def down(migrator, db):
    migrator.migrate(migrator.drop_table("scan_page"))
    migrator.migrate(migrator.drop_table("form_batch"))
    migrator.migrate(migrator.drop_table("box_opening"))
    migrator.migrate(migrator.drop_table("complaint_box"))
