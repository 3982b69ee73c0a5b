"""The secretariat's register of outgoing letters, numbered per Jalali year."""

import uuid

from peewee import *


def up(migrator, db):
    class Complaint(Model):
        class Meta:
            database = db
            table_name = "complaint"

    class User(Model):
        class Meta:
            database = db
            table_name = "user"

    class Letter(Model):
        uid = UUIDField(unique=True, default=uuid.uuid4)
        version = IntegerField(default=1)
        created_at = DateTimeField()
        updated_at = DateTimeField()
        number = CharField(unique=True, max_length=60)
        year = IntegerField()
        seq = IntegerField()
        kind = CharField(max_length=20)
        letter_date = DateField(index=True)
        recipient = CharField(index=True, max_length=300)
        subject = CharField(max_length=300)
        signer = CharField(null=True, max_length=200)
        complaint = ForeignKeyField(Complaint, null=True, on_delete="RESTRICT")
        issued_by = ForeignKeyField(User, on_delete="RESTRICT")
        void = BooleanField(default=False)
        void_reason = CharField(null=True, max_length=300)

        class Meta:
            database = db
            table_name = "letter"
            indexes = ((("year", "seq"), True),)

    db.create_tables([Letter])


def down(migrator, db):
    migrator.migrate(migrator.drop_table("letter"))
