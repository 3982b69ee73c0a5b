"""The initial schema: office, users, units, categories, persons, complaints, audit, journal."""

import uuid

from peewee import *


def up(migrator, db):
    class AuditEvent(Model):
        at = DateTimeField()
        username = CharField(null=True, max_length=60)
        action = CharField(max_length=60)
        entity = CharField(max_length=40)
        entity_uid = CharField(index=True, null=True, max_length=36)
        before = TextField(null=True)
        after = TextField(null=True)
        prev_hash = CharField(max_length=64)
        hash = CharField(max_length=64)

        class Meta:
            database = db
            table_name = "audit_event"

    db.create_tables([AuditEvent])

    class Category(Model):
        uid = UUIDField(unique=True, default=uuid.uuid4)
        version = IntegerField(default=1)
        created_at = DateTimeField()
        updated_at = DateTimeField()
        name = CharField(unique=True, max_length=200)
        active = BooleanField(default=True)

        class Meta:
            database = db
            table_name = "category"

    db.create_tables([Category])

    class ChangeJournal(Model):
        at = DateTimeField()
        entity = CharField(max_length=40)
        entity_uid = CharField(max_length=36)
        version = IntegerField()
        operation = CharField(max_length=10)

        class Meta:
            database = db
            table_name = "change_journal"

    db.create_tables([ChangeJournal])

    class Person(Model):
        uid = UUIDField(unique=True, default=uuid.uuid4)
        version = IntegerField(default=1)
        created_at = DateTimeField()
        updated_at = DateTimeField()
        full_name = CharField(max_length=200)
        national_code = CharField(index=True, null=True, max_length=10)
        mobile = CharField(index=True, null=True, max_length=11)
        address = TextField(null=True)
        county = CharField(null=True, max_length=100)

        class Meta:
            database = db
            table_name = "person"

    db.create_tables([Person])

    class Unit(Model):
        uid = UUIDField(unique=True, default=uuid.uuid4)
        version = IntegerField(default=1)
        created_at = DateTimeField()
        updated_at = DateTimeField()
        name = CharField(unique=True, max_length=200)
        head_name = CharField(null=True, max_length=200)
        head_title = CharField(null=True, max_length=200)
        parent = ForeignKeyField("self", null=True, on_delete="RESTRICT")
        active = BooleanField(default=True)

        class Meta:
            database = db
            table_name = "unit"

    db.create_tables([Unit])

    class User(Model):
        uid = UUIDField(unique=True, default=uuid.uuid4)
        version = IntegerField(default=1)
        created_at = DateTimeField()
        updated_at = DateTimeField()
        username = CharField(unique=True, max_length=60)
        full_name = CharField(max_length=200)
        role = CharField(max_length=20)
        password_hash = CharField(max_length=200)
        active = BooleanField(default=True)
        failed_logins = IntegerField(default=0)
        locked_until = DateTimeField(null=True)
        last_login_at = DateTimeField(null=True)

        class Meta:
            database = db
            table_name = "user"

    db.create_tables([User])

    class Complaint(Model):
        uid = UUIDField(unique=True, default=uuid.uuid4)
        version = IntegerField(default=1)
        created_at = DateTimeField()
        updated_at = DateTimeField()
        tracking_code = CharField(unique=True, max_length=14)
        serial = IntegerField(unique=True)
        kind = CharField(max_length=20)
        channel = CharField(max_length=20)
        identity = CharField(max_length=20)
        person = ForeignKeyField(Person, null=True, on_delete="RESTRICT")
        unit = ForeignKeyField(Unit, on_delete="RESTRICT")
        category = ForeignKeyField(Category, on_delete="RESTRICT")
        subject = CharField(max_length=300)
        description = TextField()
        received_on = DateField(index=True)
        status = CharField(index=True, max_length=20, default="registered")
        registered_by = ForeignKeyField(User, on_delete="RESTRICT")

        class Meta:
            database = db
            table_name = "complaint"
            indexes = ((("created_at",), False),)

    db.create_tables([Complaint])

    class Counter(Model):
        name = CharField(primary_key=True, max_length=100)
        value = IntegerField(default=0)

        class Meta:
            database = db
            table_name = "counter"

    db.create_tables([Counter])

    class Office(Model):
        uid = UUIDField(unique=True, default=uuid.uuid4)
        version = IntegerField(default=1)
        created_at = DateTimeField()
        updated_at = DateTimeField()
        name = CharField(max_length=200)
        code = IntegerField(unique=True)
        province = CharField(max_length=100)
        county = CharField(max_length=100)
        phone = CharField(null=True, max_length=40)

        class Meta:
            database = db
            table_name = "office"

    db.create_tables([Office])

    class Setting(Model):
        key = CharField(primary_key=True, max_length=100)
        value = TextField()

        class Meta:
            database = db
            table_name = "setting"

    db.create_tables([Setting])

    # Full-text search over the normalised text (architecture: Persian text); rowid = complaint.id. A named
    # complainant's name goes to `name`; a confidential one's to `secret_name`, searched only by
    # roles that may see it.
    if isinstance(db, PostgresqlDatabase):
        _create_postgres_search(db)
        return
    db.execute_sql(
        "CREATE VIRTUAL TABLE complaint_search USING fts5("
        "body, name, secret_name, tokenize = 'unicode61 remove_diacritics 0')"
    )


def _create_postgres_search(db):
    """PostgreSQL has no FTS5: the same columns plus `document`, a tsvector the application
    builds from the same tokens FTS5 would make (body weighted A, name B, secret_name C),
    searched through a GIN index."""
    db.execute_sql(
        "CREATE TABLE complaint_search (rowid BIGINT PRIMARY KEY, body TEXT NOT NULL, "
        "name TEXT NOT NULL, secret_name TEXT NOT NULL, document TSVECTOR NOT NULL)"
    )
    db.execute_sql(
        "CREATE INDEX complaint_search_document ON complaint_search USING GIN (document)"
    )


def down(migrator, db):
    db.execute_sql("DROP TABLE complaint_search")
    migrator.migrate(migrator.drop_table("setting"))
    migrator.migrate(migrator.drop_table("office"))
    migrator.migrate(migrator.drop_table("counter"))
    migrator.migrate(migrator.drop_table("complaint"))
    migrator.migrate(migrator.drop_table("user"))
    migrator.migrate(migrator.drop_table("unit"))
    migrator.migrate(migrator.drop_table("person"))
    migrator.migrate(migrator.drop_table("change_journal"))
    migrator.migrate(migrator.drop_table("category"))
    migrator.migrate(migrator.drop_table("audit_event"))
