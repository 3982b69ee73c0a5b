"""peewee models: the office's records.

Records that travel to the central system carry a random ``uid``, a ``version`` that grows on
every change, and UTC ``created_at``/``updated_at`` (architecture: Data). Business dates are dates;
instants are UTC datetimes.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from peewee import (
    AutoField,
    BlobField,
    BooleanField,
    CharField,
    DateField,
    DateTimeField,
    ForeignKeyField,
    IntegerField,
    Model,
    TextField,
    UUIDField,
)

from db.connection import database_proxy


def utc_now() -> dt.datetime:
    """Naive UTC instant: SQLite has no time zones, so every stored instant is UTC."""
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


class DerivedIntegerField(IntegerField):
    """A number worked out from other columns for speed: not audited and never exported."""


class BaseModel(Model):
    class Meta:
        database = database_proxy
        legacy_table_names = False


class SyncedModel(BaseModel):
    """A record that travels to the central system."""

    id = AutoField()
    uid = UUIDField(unique=True, default=uuid.uuid4)
    version = IntegerField(default=1)
    created_at = DateTimeField(default=utc_now)
    updated_at = DateTimeField(default=utc_now)

    def touch(self) -> None:
        """Mark a change: call before saving an edited record."""
        self.version = int(self.version) + 1
        self.updated_at = utc_now()


class Office(SyncedModel):
    """The office this database belongs to (one row)."""

    name = CharField(max_length=200)
    code = IntegerField(unique=True)
    province = CharField(max_length=100)
    county = CharField(max_length=100)
    phone = CharField(max_length=40, null=True)


class Setting(BaseModel):
    """Key/value settings of the office (defaults for forms, letter patterns, ...)."""

    key = CharField(primary_key=True, max_length=100)
    value = TextField()


class Counter(BaseModel):
    """Named monotonically increasing counters, bumped inside write transactions."""

    name = CharField(primary_key=True, max_length=100)
    value = IntegerField(default=0)


class User(SyncedModel):
    username = CharField(unique=True, max_length=60)
    full_name = CharField(max_length=200)
    role = CharField(max_length=20)
    password_hash = CharField(max_length=200)
    active = BooleanField(default=True)
    failed_logins = IntegerField(default=0)
    locked_until = DateTimeField(null=True)
    last_login_at = DateTimeField(null=True)


class Unit(SyncedModel):
    """A unit (واحد): an organisation or department complained about or referred to."""

    name = CharField(unique=True, max_length=200)
    head_name = CharField(max_length=200, null=True)
    head_title = CharField(max_length=200, null=True)
    parent = ForeignKeyField("self", null=True, backref="children", on_delete="RESTRICT")
    active = BooleanField(default=True)


class Category(SyncedModel):
    """A category / indicator (موضوع / شاخص)."""

    name = CharField(unique=True, max_length=200)
    active = BooleanField(default=True)


class Person(SyncedModel):
    """A complainant whose identity is stored (named or confidential)."""

    full_name = CharField(max_length=200)
    national_code = CharField(max_length=10, null=True, index=True)
    mobile = CharField(max_length=11, null=True, index=True)
    address = TextField(null=True)
    county = CharField(max_length=100, null=True)
    honorific = CharField(max_length=10, null=True)  # app.vocabulary.Honorific; None = neutral

    class Meta:
        # The county map reads counties off this (migration 0010: report_person_county).
        indexes = ((("id", "county"), False),)


class Complaint(SyncedModel):
    """One case: a complaint, request, report, appreciation or suggestion."""

    tracking_code = CharField(unique=True, max_length=14)
    serial = IntegerField(unique=True)
    kind = CharField(max_length=20)
    channel = CharField(max_length=20)
    identity = CharField(max_length=20)  # named / anonymous / confidential
    person = ForeignKeyField(Person, null=True, backref="complaints", on_delete="RESTRICT")
    unit = ForeignKeyField(Unit, backref="complaints", on_delete="RESTRICT")
    category = ForeignKeyField(Category, backref="complaints", on_delete="RESTRICT")
    subject = CharField(max_length=300)
    description = TextField()
    received_on = DateField(index=True)
    status = CharField(max_length=20, default="registered", index=True)
    registered_by = ForeignKeyField(User, backref="registered", on_delete="RESTRICT")
    # Closing: the outcome (vocabulary.Outcome), the reason when not admissible, and later
    # the complainant's satisfaction, recorded when they call back.
    outcome = CharField(max_length=30, null=True)
    outcome_reason = TextField(null=True)
    closed_on = DateField(null=True)
    satisfaction = CharField(max_length=20, null=True)
    satisfaction_on = DateField(null=True)
    # The central system's reference (a 111-line call number, say) for a complaint it sent.
    external_ref = CharField(max_length=60, null=True)

    class Meta:
        indexes = (
            (("created_at",), False),
            # The reports' covering indexes (migration 0009): a cohort by the day received,
            # and the closed ones with their closing days.
            ((("received_on", "unit", "category", "channel", "kind", "status", "satisfaction",
               "closed_on", "person")), False),
            ((("status", "received_on", "closed_on", "unit", "category", "channel", "kind")),
             False),
            # In the order the reports group complaints (migration 0010: report_complaint_cube).
            ((("unit", "category", "channel", "status", "satisfaction", "kind", "received_on")),
             False),
        )  # fmt: skip


# The overdue queue by subject walks the subjects in order (app.referrals, migration 0012).
Complaint.add_index(Complaint.index(Complaint.subject, name="complaint_subject"))


class StoredFile(BaseModel):
    """Content-addressed file (archived letter PDFs, scanned responses), keyed by sha256.

    Kept inside the database so a letter and its PDF are written in one transaction, and a
    backup or a second seat on PostgreSQL sees them too. A row is never rewritten.
    """

    sha256 = CharField(primary_key=True, max_length=64)
    media_type = CharField(max_length=60)
    size = IntegerField()
    data = BlobField()
    created_at = DateTimeField(default=utc_now)


class Referral(SyncedModel):
    """A complaint referred (ارجاع) to a unit, due back in working days on the office calendar.

    ``due_on`` moves later when a pause ends, by the working days the clock stood still.
    """

    complaint = ForeignKeyField(Complaint, backref="referrals", on_delete="RESTRICT")
    unit = ForeignKeyField(Unit, backref="referrals", on_delete="RESTRICT")
    instructions = TextField()
    referred_on = DateField()
    deadline_days = IntegerField()
    due_on = DateField(index=True)
    status = CharField(max_length=20, default="open", index=True)
    paused_since = DateField(null=True)
    paused_days = IntegerField(default=0)
    referred_by = ForeignKeyField(User, backref="referrals", on_delete="RESTRICT")
    answered_on = DateField(null=True)
    response_text = TextField(null=True)
    response_number = CharField(max_length=60, null=True)
    response_file = ForeignKeyField(StoredFile, null=True, on_delete="RESTRICT")
    response_by = ForeignKeyField(User, null=True, backref="responses", on_delete="RESTRICT")
    reminders = IntegerField(default=0)
    last_reminder_on = DateField(null=True)
    # Working days from referral to response, less pauses, by the office calendar: derived,
    # local (never exported) and kept by app.reports.response_days; None until worked out.
    response_days = DerivedIntegerField(null=True)

    class Meta:
        # The reports read a cohort's referrals from this alone (migration 0010:
        # report_referral).
        indexes = (
            (("complaint", "status", "unit", "response_days", "answered_on", "due_on",
              "paused_since"), False),
        )  # fmt: skip


# Answered referrals whose response days are still to be worked out, and the answered ones
# by the day of the answer (migration 0010).
Referral.add_index(
    Referral.index(
        Referral.referred_on,
        name="report_referral_unfilled",
        where=(Referral.status == "answered") & Referral.response_days.is_null(),
    )
)
Referral.add_index(
    Referral.index(
        Referral.answered_on, name="report_referral_answered", where=Referral.status == "answered"
    )
)


class Measure(SyncedModel):
    """A measure for or against a unit or a named official: warning, commendation, ..."""

    complaint = ForeignKeyField(Complaint, backref="measures", on_delete="RESTRICT")
    unit = ForeignKeyField(Unit, backref="measures", on_delete="RESTRICT")
    official_name = CharField(max_length=200, null=True)
    official_title = CharField(max_length=200, null=True)
    kind = CharField(max_length=30)
    note = TextField(default="")
    decided_on = DateField()
    recorded_by = ForeignKeyField(User, backref="measures", on_delete="RESTRICT")

    class Meta:
        indexes = ((("complaint", "unit", "kind"), False),)  # the reports' (migration 0009)


class AuditEvent(BaseModel):
    """Append-only audit log; each entry carries the hash of the previous one."""

    id = AutoField()
    at = DateTimeField(default=utc_now)
    username = CharField(max_length=60, null=True)
    action = CharField(max_length=60)
    entity = CharField(max_length=40)
    entity_uid = CharField(max_length=36, null=True, index=True)
    before = TextField(null=True)
    after = TextField(null=True)
    prev_hash = CharField(max_length=64)
    hash = CharField(max_length=64)


class ChangeJournal(BaseModel):
    """One row per changed synced record, numbered monotonically; export reads this."""

    id = AutoField()
    at = DateTimeField(default=utc_now)
    entity = CharField(max_length=40)
    entity_uid = CharField(max_length=36)
    version = IntegerField()
    operation = CharField(max_length=10)  # insert / update / void


# The overdue queue: open referrals not paused, by due date (migration 0011).
Referral.add_index(
    Referral.index(  # covering: the overdue queue in any order reads no referral row
        Referral.due_on,
        Referral.referred_on,
        Referral.reminders,
        Referral.last_reminder_on,
        Referral.complaint,
        Referral.unit,
        Referral.status,
        Referral.paused_since,
        name="referral_overdue",
        where=(Referral.status == "open") & Referral.paused_since.is_null(),
    )
)


class Letter(SyncedModel):
    """An outgoing letter registered in the secretariat (دبیرخانه), numbered per Jalali year.

    Numbers are never reused: a cancelled letter keeps its number and is marked void.
    """

    number = CharField(unique=True, max_length=60)
    year = IntegerField()  # the Jalali year the number belongs to
    seq = IntegerField()
    kind = CharField(max_length=20)
    letter_date = DateField(index=True)
    recipient = CharField(max_length=300, index=True)
    subject = CharField(max_length=300)
    signer = CharField(max_length=200, null=True)
    complaint = ForeignKeyField(Complaint, null=True, backref="letters", on_delete="RESTRICT")
    issued_by = ForeignKeyField(User, backref="letters", on_delete="RESTRICT")
    void = BooleanField(default=False)
    void_reason = CharField(max_length=300, null=True)
    referral = ForeignKeyField(Referral, null=True, backref="letters", on_delete="RESTRICT")
    copy_to = TextField(default="[]")  # JSON list of {"recipient", "purpose"}
    pdf = ForeignKeyField(StoredFile, null=True, on_delete="RESTRICT")  # as printed
    printed_at = DateTimeField(null=True)  # None: still waiting in the print queue

    class Meta:
        indexes = ((("year", "seq"), True),)


# The register ordered by kind, a letter found by its sequence number alone, and the print
# queue without reading the printed letters (migration 0011).
Letter.add_index(Letter.index(Letter.kind, name="letter_kind"))
Letter.add_index(Letter.index(Letter.seq, name="letter_seq"))
Letter.add_index(
    Letter.index(
        Letter.id, name="letter_unprinted", where=Letter.printed_at.is_null() & ~Letter.void
    )
)


class ComplaintBox(SyncedModel):
    """A complaint box (صندوق شکایات) standing in a unit; its code is printed on its forms."""

    code = CharField(unique=True, max_length=20)
    location = CharField(max_length=300)
    unit = ForeignKeyField(Unit, backref="boxes", on_delete="RESTRICT")
    active = BooleanField(default=True)


class FormBatch(SyncedModel):
    """Blank forms printed for a box: serials first_serial .. first_serial + count - 1.

    Serials come from one office-wide counter, so a returned sheet names its box and itself.
    """

    box = ForeignKeyField(ComplaintBox, backref="form_batches", on_delete="RESTRICT")
    first_serial = IntegerField(unique=True)
    count = IntegerField()
    printed_by = ForeignKeyField(User, backref="form_batches", on_delete="RESTRICT")
    pdf = ForeignKeyField(StoredFile, null=True, on_delete="RESTRICT")


class BoxOpening(SyncedModel):
    """A committee opened a box: when, who, how many forms; its minutes are a letter."""

    box = ForeignKeyField(ComplaintBox, backref="openings", on_delete="RESTRICT")
    opened_on = DateField(index=True)
    committee = TextField(default="[]")  # JSON list of {"name", "title"}
    forms_found = IntegerField()
    note = TextField(default="")
    opened_at = CharField(max_length=5, null=True)  # "HH:MM", the hour it was opened
    # The minutes: numbered per Jalali year in a series of their own, and the PDF as
    # recorded. ``minutes`` is the letter that served as minutes before they were kept.
    minutes_number = CharField(max_length=20, null=True, unique=True)
    minutes_pdf = ForeignKeyField(StoredFile, null=True, on_delete="RESTRICT")
    minutes = ForeignKeyField(Letter, null=True, on_delete="RESTRICT")
    opened_by = ForeignKeyField(User, backref="openings", on_delete="RESTRICT")
    closed = BooleanField(default=False)  # every page dealt with


class ScanPage(SyncedModel):
    """One scanned page of an opening, waiting to be entered (or dealt with otherwise).

    ``source_sha256`` + ``page_index`` identify where it came from, so importing the same
    file again adds nothing. The image and its thumbnail are stored files.
    """

    opening = ForeignKeyField(BoxOpening, backref="pages", on_delete="RESTRICT")
    position = IntegerField()  # order of entry within the opening
    source_name = CharField(max_length=300)
    source_sha256 = CharField(max_length=64)
    page_index = IntegerField()
    image = ForeignKeyField(StoredFile, on_delete="RESTRICT")
    thumbnail = ForeignKeyField(StoredFile, on_delete="RESTRICT")
    width = IntegerField()
    height = IntegerField()
    qr_text = CharField(max_length=200, null=True)
    box_code = CharField(max_length=20, null=True)
    form_serial = IntegerField(null=True, index=True)
    state = CharField(max_length=20, default="pending", index=True)
    complaint = ForeignKeyField(Complaint, null=True, backref="scans", on_delete="RESTRICT")
    handled_by = ForeignKeyField(User, null=True, backref="scans", on_delete="RESTRICT")

    class Meta:
        indexes = (
            (("source_sha256", "page_index"), True),
            (("opening", "position"), True),
        )


ScanPage.add_index(ScanPage.index(ScanPage.opening, ScanPage.state, name="scanpage_opening_state"))


class FormDraft(BaseModel):
    """What a user has typed into a form and not yet saved, kept so a crash loses nothing.

    Local scratch: never synced, audited or journaled; one row per user and form.
    """

    user = ForeignKeyField(User, backref="drafts", on_delete="CASCADE")
    form = CharField(max_length=40)
    data = TextField()
    saved_at = DateTimeField(default=utc_now)

    class Meta:
        indexes = ((("user", "form"), True),)


class CalendarDay(BaseModel):
    """An office's own change to the calendar: an extra closure, or a listed holiday worked.

    Lunar holidays are announced late and ad-hoc closures happen, so the admin corrects the
    calendar that comes from the holidays package day by day.
    """

    day = DateField(unique=True)
    closed = BooleanField()
    note = CharField(max_length=200, default="")


class ExportPackage(BaseModel):
    """One package this office wrote for the central system (local bookkeeping, not synced).

    ``journal_from``/``journal_to`` are the change-journal ids it covers, inclusive; once
    central acknowledges it, the next export starts after ``journal_to``.
    """

    sequence = IntegerField(unique=True)
    created_at = DateTimeField(default=utc_now)
    journal_from = IntegerField()
    journal_to = IntegerField()
    counts = TextField(default="{}")  # JSON object: records per entity
    file_name = CharField(max_length=200)
    destination = TextField()
    size = IntegerField()
    sha256 = CharField(max_length=64)
    verified = BooleanField(default=False)
    acknowledged_at = DateTimeField(null=True)
    # The audit log's head when the package was written: entries and the last entry's hash.
    audit_count = IntegerField(null=True)
    audit_hash = CharField(max_length=64, null=True)


class AuditAnchor(BaseModel):
    """Central's signed word that this office's audit log had ``count`` entries ending in
    ``hash`` (from the acknowledgement of package ``sequence``, kept whole so its signature
    can be checked again). A log that is shorter, or differs at ``count``, was cut or rewritten.
    """

    sequence = IntegerField(unique=True)
    count = IntegerField()
    hash = CharField(max_length=64)
    confirmed_at = DateTimeField()
    acknowledgement = TextField()


class InboundPackage(BaseModel):
    """A package of complaints the central system sent this office (local, not synced)."""

    sequence = IntegerField(unique=True)
    sha256 = CharField(max_length=64, unique=True)
    file_name = CharField(max_length=200)
    created_at = DateTimeField()  # the manifest's, UTC
    imported_at = DateTimeField(default=utc_now)
    added = IntegerField()
    skipped = IntegerField()  # already here: the same complaint sent again


ALL_MODELS: list[type[Model]] = [
    Office,
    Setting,
    Counter,
    User,
    Unit,
    Category,
    Person,
    Complaint,
    StoredFile,
    Referral,
    Measure,
    AuditEvent,
    ChangeJournal,
    FormDraft,
    CalendarDay,
    Letter,
    ComplaintBox,
    FormBatch,
    BoxOpening,
    ScanPage,
    ExportPackage,
    AuditAnchor,
    InboundPackage,
]


def model_to_dict(record: Model) -> dict[str, Any]:
    """Plain dict of a record's columns (foreign keys as ids), for audit before/after."""
    out: dict[str, Any] = {}
    for field in record._meta.sorted_fields:
        if isinstance(field, DerivedIntegerField):
            continue
        value = record.__data__.get(field.name)
        if isinstance(value, (dt.date, dt.datetime, uuid.UUID)):
            value = str(value)
        out[field.name] = value
    return out
