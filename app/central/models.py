"""The central database: its own peewee database, never an office's.

Opened with :func:`open_central` from a file path, a ``sqlite:///…`` URL or a
``postgresql://…`` URL. The tables are created when absent; ``central_meta`` holds the schema
version so later releases can migrate.

**Protect this database like a key.** ``central_key`` holds the central system's private keys
(the Ed25519 signing key that signs acknowledgements and the age identity that decrypts every
office's packages). Anyone with a copy of the database can read all packages and forge
acknowledgements. A SQLite file is created with permissions 0600 on POSIX (owner only) and
tightened to 0600 each time it is opened; keep its backups just as private. On PostgreSQL,
restrict the database role and its dumps the same way.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import sqlite3
from pathlib import Path
from typing import Any

from peewee import (
    BlobField,
    CharField,
    Database,
    DatabaseProxy,
    DateTimeField,
    ForeignKeyField,
    IntegerField,
    Model,
    PostgresqlDatabase,
    SqliteDatabase,
    TextField,
)

from app.errors import DadrasError

SCHEMA_VERSION = 1

central_proxy = DatabaseProxy()

SQLITE_PRAGMAS: dict[str, Any] = {
    "journal_mode": "wal",
    "foreign_keys": 1,
    "synchronous": 2,  # FULL: an acknowledged import must survive a power cut
    "busy_timeout": 10_000,
}

_MESSAGES = {
    "driver_missing": "برای پایگاه PostgreSQL بسته‌ی psycopg (یا psycopg2) لازم است و نصب نیست.",
    "bad_url": "نشانی پایگاه داده‌ی مرکزی شناخته نیست: {}",
    "no_database": "پایگاه داده‌ی مرکزی «{}» وجود ندارد؛ نخست «dadras central init» را اجرا کنید.",
    "already_initialised": "سامانه‌ی مرکزی پیش‌تر راه‌اندازی شده و کلید دارد.",
    "not_initialised": "سامانه‌ی مرکزی هنوز راه‌اندازی نشده است (کلیدی ندارد).",
    "central_key_file": "این پرونده کلید عمومی سامانه‌ی مرکزی است، نه یک دفتر.",
    "key_conflict": "دفتر {} پیش‌تر با کلید دیگری ثبت شده است؛ برای جایگزینی آگاهانه اقدام کنید.",
    "not_enrolled": "دفتر {} در سامانه‌ی مرکزی ثبت نشده است؛ نخست کلید آن را ثبت کنید.",
    "code_reused": (
        "کد رهگیری {} را این دفتر پیش‌تر به شکایت دیگری داده است؛ شاید دفتر از نسخه‌ی پشتیبان"
        " قدیمی بازگردانده شده باشد. بسته وارد نشد؛ با دفتر تماس بگیرید."
    ),
    "sequence_reused": (
        "بسته‌ی دیگری از این دفتر پیش‌تر با همین شماره ({}) وارد شده است؛ شاید دفتر از نسخه‌ی"
        " پشتیبان قدیمی بازگردانده شده باشد. بسته وارد نشد؛ با دفتر تماس بگیرید."
    ),
    "is_folder": "«{}» یک پوشه است، نه پرونده‌ی پایگاه داده؛ نام پرونده را هم بدهید.",
    "not_central": (
        "«{}» پایگاه داده‌ی سامانه‌ی مرکزی نیست (پایگاه یک دفتر یا برنامه‌ای دیگر است)؛ دست نخورد."
    ),
    "key_of_another_office": (
        "این کلید پیش‌تر برای دفتر {} ثبت شده است؛ هر دفتر کلید خود را دارد. اگر پایگاه داده‌ی"
        " دفتری رونوشت شده، در دفتر تازه کلید تازه بسازید."
    ),
    "claims_other_office": (
        "بسته با کلید دفتر {} امضا شده اما کد دفتر دیگری در آن آمده است؛ پذیرفته نشد."
    ),
}


class CentralError(DadrasError):
    """A refusal by the central system; ``code`` is stable English, ``message`` Persian."""

    def __init__(self, code: str, detail: object = "") -> None:
        super().__init__(_MESSAGES[code].format(detail))
        self.code = code
        self.detail = detail


def utc_now() -> dt.datetime:
    """Now in UTC, naive (as stored)."""
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


class CentralModel(Model):
    class Meta:
        database = central_proxy
        legacy_table_names = False


class CentralMeta(CentralModel):
    """Key/value settings of the central database; ``schema_version`` is always present."""

    key = CharField(primary_key=True, max_length=64)
    value = TextField()


class CentralKey(CentralModel):
    """The one central key pair. The private halves live here: see the module docstring."""

    signing_private_key = BlobField()
    signing_public_key = BlobField()
    age_identity = TextField()
    age_recipient = TextField()
    created_at = DateTimeField()


class Office(CentralModel):
    code = IntegerField(unique=True)
    name = TextField(null=True)
    province = TextField(null=True)
    signing_public_key = BlobField()
    age_recipient = TextField()
    fingerprint = CharField(max_length=16)
    enrolled_at = DateTimeField()


class ImportedPackage(CentralModel):
    office = ForeignKeyField(Office, backref="packages", on_delete="RESTRICT")
    sequence = IntegerField()
    sha256 = CharField(max_length=64, unique=True)
    journal_first = IntegerField()
    journal_last = IntegerField()
    counts = TextField()  # JSON: records per entity
    created_at = DateTimeField()  # the manifest's, UTC
    imported_at = DateTimeField()

    class Meta:
        indexes = ((("office", "sequence"), False),)


class Record(CentralModel):
    """The latest known version of every record, by (entity, uid)."""

    office = ForeignKeyField(Office, backref="records", on_delete="RESTRICT")
    entity = CharField(max_length=40)
    uid = CharField(max_length=36)
    version = IntegerField()
    operation = CharField(max_length=8)
    data = TextField()  # canonical JSON
    updated_at = DateTimeField()

    class Meta:
        indexes = ((("entity", "uid"), True),)


class Conflict(CentralModel):
    """An incoming version that was not applied as-is; nothing is dropped silently.

    ``kind`` is ``same_version`` (same version, different data) or ``stale`` (a lower version
    arriving after a higher one).
    """

    office = ForeignKeyField(Office, backref="conflicts", on_delete="RESTRICT")
    entity = CharField(max_length=40)
    uid = CharField(max_length=36)
    kind = CharField(max_length=16)
    held_version = IntegerField()
    incoming_version = IntegerField()
    held_data = TextField()
    incoming_data = TextField()
    package_sha256 = CharField(max_length=64)
    recorded_at = DateTimeField()

    class Meta:
        indexes = ((("entity", "uid"), False),)


class ComplaintCode(CentralModel):
    """Which complaint holds each tracking code an office gave out: a code given out twice
    (an office restored from an old backup numbering again) is refused, not filed twice."""

    office = ForeignKeyField(Office, on_delete="RESTRICT")
    code = CharField(max_length=40)
    uid = CharField(max_length=36)

    class Meta:
        indexes = ((("office", "code"), True),)


class PackageHead(CentralModel):
    """What an office's package said of the office itself, signed back in its
    acknowledgement: the audit log's head (what later packages must still pass through;
    ``proofs`` is the package's JSON object of the log's hashes at earlier heads, count → hash
    or null) and the office's counters (``counters``, JSON; numbers continue past them after
    the office restores a backup)."""

    office = ForeignKeyField(Office, on_delete="RESTRICT")
    sequence = IntegerField()
    count = IntegerField()
    hash = CharField(max_length=64)
    proofs = TextField()
    counters = TextField(null=True)
    package_sha256 = CharField(max_length=64, unique=True)

    class Meta:
        indexes = ((("office", "sequence"), False),)


class AuditFinding(CentralModel):
    """An office's audit log that no longer extends a head central confirmed.

    ``kind``: ``cut`` (shorter than a confirmed head: cut, wiped or restored from an older
    backup), ``rewritten`` (different at a confirmed head: entries edited and re-hashed,
    inserted or removed), ``unproven`` (the package no longer proves the last confirmed head),
    ``no_head`` (a package without a head after packages with one).
    """

    office = ForeignKeyField(Office, backref="audit_findings", on_delete="RESTRICT")
    sequence = IntegerField()  # the package that showed it
    kind = CharField(max_length=16)
    confirmed_sequence = IntegerField()  # the package whose head no longer holds
    recorded_at = DateTimeField()


MODELS: tuple[type[CentralModel], ...] = (
    CentralMeta,
    CentralKey,
    Office,
    ImportedPackage,
    Record,
    Conflict,
    ComplaintCode,
    PackageHead,
    AuditFinding,
)


def sqlite_path(url_or_path: str | os.PathLike[str]) -> Path | None:
    """The file behind a path or ``sqlite:///`` URL; None for a server URL."""
    text = os.fspath(url_or_path)
    if text.startswith("sqlite:///"):
        return Path(text[len("sqlite:///") :])
    if "://" in text:
        return None
    return Path(text)


def open_central(url_or_path: str | os.PathLike[str], *, must_exist: bool = False) -> Database:
    """Open (and create the tables of) the central database; binds ``central_proxy`` to it."""
    path = sqlite_path(url_or_path)
    created = path is not None and str(path) != ":memory:" and not path.exists()
    database = (
        _open_server(os.fspath(url_or_path)) if path is None else _open_sqlite(path, must_exist)
    )
    try:
        _create(database)
    except Exception:
        database.close()
        if created and path is not None:  # a file this call made is not left half-made
            for leftover in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
                leftover.unlink(missing_ok=True)
        raise
    return database


def _create(database: Database) -> None:
    central_proxy.initialize(database)
    database.connect(reuse_if_open=True)
    with database.atomic():
        codes_known = ComplaintCode.table_exists()  # type: ignore[no-untyped-call]
        database.create_tables(MODELS, safe=True)
        if not codes_known:
            _fill_complaint_codes()
        CentralMeta.insert(
            key="schema_version", value=str(SCHEMA_VERSION)
        ).on_conflict_ignore().execute()


def _open_sqlite(path: Path, must_exist: bool) -> SqliteDatabase:
    if str(path) == ":memory:":
        return SqliteDatabase(":memory:", pragmas=SQLITE_PRAGMAS)
    if path.is_dir():
        raise CentralError("is_folder", path)
    if path.exists() and not _is_central_or_empty(path):
        raise CentralError("not_central", path)
    if not path.exists():
        if must_exist:
            raise CentralError("no_database", path)
        path.parent.mkdir(parents=True, exist_ok=True)
        # Owner-only from the start; an existing file (or the folder) is left as it is.
        os.close(os.open(path, os.O_CREAT | os.O_WRONLY, 0o600))
    return SqliteDatabase(str(path), pragmas=SQLITE_PRAGMAS, check_same_thread=False)


def _is_central_or_empty(path: Path) -> bool:
    """Whether ``path`` holds the central system's tables, or nothing yet (read, not written:
    an office database or another program's must come out unchanged)."""
    if path.stat().st_size == 0:
        return True
    try:
        connection = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
        try:
            tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master")}
        finally:
            connection.close()
    except sqlite3.DatabaseError:
        return False
    return not tables or "central_meta" in tables


def _fill_complaint_codes() -> None:
    """The codes of the complaints imported before codes were kept (a one-time pass)."""
    rows = Record.select(Record.office, Record.uid, Record.data).where(Record.entity == "complaint")
    batch: list[dict[str, Any]] = []
    for row in rows.tuples().iterator():
        code = json.loads(row[2]).get("tracking_code")
        if isinstance(code, str) and code:
            batch.append({"office": row[0], "code": code, "uid": row[1]})
        if len(batch) >= 1000:
            ComplaintCode.insert_many(batch).on_conflict_ignore().execute()
            batch = []
    if batch:
        ComplaintCode.insert_many(batch).on_conflict_ignore().execute()


def _open_server(url: str) -> Database:
    """A PostgreSQL database from its URL, read by libpq itself.

    libpq decodes a percent-encoded user or password (``p%40ss`` for ``p@ss``) and takes
    ``?sslmode=…`` and the like; ``playhouse.db_url`` would pass the password still encoded.
    psycopg (3, the dependency) is preferred; psycopg2 is used when it is the only driver.
    """
    scheme, rest = url.split("://", 1)
    if scheme.lower() not in ("postgres", "postgresql"):
        raise CentralError("bad_url", scheme)
    try:
        import psycopg  # noqa: F401

        psycopg3 = True
    except ImportError:
        try:
            import psycopg2  # noqa: F401
        except ImportError:
            raise CentralError("driver_missing") from None
        psycopg3 = False
    if not psycopg3:
        return PostgresqlDatabase("postgresql://" + rest)
    # No automatic server-side preparing: a statement prepared while ``record`` was small
    # keeps its generic plan (a sequential scan) as the table grows inside one import, and a
    # 100,000-complaint import then spends most of its time scanning.
    return PostgresqlDatabase("postgresql://" + rest, prefer_psycopg3=True, prepare_threshold=None)
