"""Reports on the central database, to compare offices.

The central database keeps each record as JSON (:class:`app.central.models.Record`), on
SQLite or PostgreSQL. :func:`build_snapshot` reads it once and writes a SQLite snapshot with
the tables and columns the report SQL reads (``complaint``, ``referral``, ``measure``,
``unit``, ``category``, ``person``), plus ``office`` and ``complaint.office_id``. The same
report functions then run on it, and the scorecard can rank offices.

What the snapshot holds and how it differs from an office's own figures:

* Units stay per office ("شهرداری (دفتر ۱۲۳)" when there are several offices); categories
  with the same name are one category, so the heat map lines offices up.
* A person is only a county: names, national codes and phone numbers are not copied.
* Working days follow the national calendar (Fridays, Thursdays and official holidays). An
  office's own closures are not sent to central, so its medians may differ by a day or so.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
import weakref
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

from peewee import SqliteDatabase

from app.lookup import ComplaintRow
from app.office_calendar import OfficeCalendar
from app.permissions import Session
from app.persian import to_persian_digits
from app.reports import response_days
from app.reports.source import as_date, read_names
from app.vocabulary import Channel, Identity, Kind, Status

Progress = Callable[[int, int], None]

_BATCH = 5000
_ENTITIES = ("unit", "category", "person", "complaint", "referral", "measure")

_SCHEMA = (
    "CREATE TABLE office (id INTEGER PRIMARY KEY, code INTEGER NOT NULL, name TEXT NOT NULL)",
    "CREATE TABLE unit (id INTEGER PRIMARY KEY, uid TEXT NOT NULL UNIQUE, "
    "office_id INTEGER NOT NULL, name TEXT NOT NULL)",
    "CREATE TABLE category (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE)",
    "CREATE TABLE category_uid (uid TEXT PRIMARY KEY, category_id INTEGER NOT NULL) WITHOUT ROWID",
    "CREATE TABLE person (id INTEGER PRIMARY KEY, uid TEXT NOT NULL UNIQUE, county TEXT)",
    "CREATE TABLE complaint (id INTEGER PRIMARY KEY, uid TEXT NOT NULL UNIQUE, "
    "office_id INTEGER NOT NULL, tracking_code TEXT NOT NULL, kind TEXT, channel TEXT, "
    "identity TEXT, subject TEXT, received_on DATE, status TEXT, closed_on DATE, "
    "satisfaction TEXT, unit_id INTEGER, category_id INTEGER, person_id INTEGER, "
    "unit_uid TEXT, category_uid TEXT, person_uid TEXT)",
    "CREATE TABLE referral (id INTEGER PRIMARY KEY, complaint_id INTEGER, unit_id INTEGER, "
    "referred_on DATE, due_on DATE, status TEXT, answered_on DATE, paused_since DATE, "
    "paused_days INTEGER NOT NULL DEFAULT 0, response_days INTEGER, complaint_uid TEXT, "
    "unit_uid TEXT)",
    "CREATE TABLE measure (id INTEGER PRIMARY KEY, complaint_id INTEGER, unit_id INTEGER, "
    "kind TEXT, complaint_uid TEXT, unit_uid TEXT)",
)

# Resolving the uids the JSON carries into the integer keys the reports join on.
_RESOLVE = (
    "UPDATE complaint SET unit_id = (SELECT id FROM unit WHERE uid = complaint.unit_uid), "
    "category_id = (SELECT category_id FROM category_uid WHERE uid = complaint.category_uid), "
    "person_id = (SELECT id FROM person WHERE uid = complaint.person_uid)",
    "UPDATE referral SET "
    "complaint_id = (SELECT id FROM complaint WHERE uid = referral.complaint_uid), "
    "unit_id = (SELECT id FROM unit WHERE uid = referral.unit_uid)",
    "UPDATE measure SET "
    "complaint_id = (SELECT id FROM complaint WHERE uid = measure.complaint_uid), "
    "unit_id = (SELECT id FROM unit WHERE uid = measure.unit_uid)",
    # A record whose parent never reached central cannot be counted anywhere.
    "DELETE FROM referral WHERE complaint_id IS NULL OR unit_id IS NULL",
    "DELETE FROM measure WHERE complaint_id IS NULL OR unit_id IS NULL",
    "DELETE FROM complaint WHERE unit_id IS NULL OR category_id IS NULL",
    "CREATE INDEX report_referral_unfilled ON referral (referred_on) "
    "WHERE status = 'answered' AND response_days IS NULL",
)

# The office database's report indexes (migrations 0009 and 0010), with the office first
# where the reports group or filter by it; made once the response days are filled in.
_INDEXES = (
    "CREATE INDEX complaint_report ON complaint (received_on, unit_id, category_id, channel, "
    "kind, status, satisfaction, closed_on, person_id, office_id)",
    "CREATE INDEX complaint_closed ON complaint (status, received_on, closed_on, unit_id, "
    "category_id, channel, kind, office_id)",
    "CREATE INDEX report_complaint_cube ON complaint (office_id, unit_id, category_id, channel, "
    "status, satisfaction, kind, received_on)",
    "CREATE INDEX report_referral ON referral (complaint_id, status, unit_id, response_days, "
    "answered_on, due_on, paused_since)",
    "CREATE INDEX measure_report ON measure (complaint_id, unit_id, kind)",
    "CREATE INDEX report_person_county ON person (id, county)",
    "ANALYZE",
)


def office_label(code: int, name: str | None) -> str:
    """«دفتر بندرعباس» or, without a name, «دفتر ۰۱۲۳»."""
    return name.strip() if name and name.strip() else f"دفتر {to_persian_digits(f'{code:04d}')}"


class CentralSnapshot:
    """A report source over a snapshot file; see the module docstring."""

    has_offices = True
    is_sqlite = True

    def __init__(self, path: Path, *, temporary: bool) -> None:
        self.path = path
        self.temporary = temporary
        # Each thread gets its own connection (peewee keeps them per thread), so a report on
        # a worker thread builds its calendar table on its own connection.
        self.database = SqliteDatabase(str(path), check_same_thread=False)
        if temporary:  # removed when closed, dropped or at exit, whichever comes first
            self._cleanup = weakref.finalize(self, shutil.rmtree, path.parent, True)

    def execute(self, sql: str, params: Sequence[object] = ()) -> Any:
        return _sql(self.database, sql, params)

    def calendar(self) -> OfficeCalendar:
        return OfficeCalendar(thursday_closed=True, corrections={})

    def prepare(self) -> None:
        """Nothing: the snapshot's response days are filled when it is built."""

    def release(self) -> None:
        self.database.close()

    def names(self, table: str) -> dict[int, str]:
        return read_names(self, table)

    def complaint_rows(self, session: Session | None, ids: list[int]) -> list[ComplaintRow]:
        found: dict[int, ComplaintRow] = {}
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            marks = ",".join("?" * len(chunk))
            cursor = self.execute(
                "SELECT c.id, c.tracking_code, c.received_on, c.kind, c.channel, c.identity, "
                "u.name, g.name, c.subject, c.status FROM complaint c "
                "JOIN unit u ON u.id = c.unit_id JOIN category g ON g.id = c.category_id "
                f"WHERE c.id IN ({marks})",
                chunk,
            )
            for row in cursor.fetchall():
                found[int(row[0])] = _complaint_row(row)
        return [found[i] for i in ids if i in found]

    def close(self) -> None:
        self.database.close()
        if self.temporary:
            self._cleanup()


def _complaint_row(row: tuple[Any, ...]) -> ComplaintRow:
    id_, code, received, kind, channel, identity, unit, category, subject, status = row
    return ComplaintRow(
        id=int(id_),
        tracking_code=str(code),
        received_on=as_date(received),
        kind=Kind(kind),
        channel=Channel(channel),
        identity=Identity(identity),
        complainant=None,  # central reports carry no names
        unit=str(unit),
        category=str(category),
        subject=str(subject or ""),
        status=Status(status),
    )


def build_snapshot(
    central: str | os.PathLike[str],
    path: Path | None = None,
    progress: Progress | None = None,
) -> CentralSnapshot:
    """Read the central database at ``central`` (a file or URL) into a snapshot file.

    Without ``path`` the snapshot goes to a temporary folder that :meth:`close` removes.
    Raises :class:`app.central.models.CentralError` when the database does not exist.
    """
    from app.central.models import open_central

    temporary = path is None
    if path is None:
        path = Path(tempfile.mkdtemp(prefix="dadras-report-")) / "central-snapshot.sqlite3"
    elif path.exists():
        path.unlink()
    central_db = open_central(central, must_exist=True)
    writer = SqliteDatabase(
        str(path), pragmas={"journal_mode": "off", "synchronous": 0, "temp_store": "memory"}
    )
    try:
        with writer.atomic():
            for statement in _SCHEMA:
                _sql(writer, statement)
            offices = _copy_offices(writer)
            _copy_records(writer, progress)
            for statement in _RESOLVE:
                _sql(writer, statement)
            if len(offices) > 1:
                _sql(
                    writer,
                    "UPDATE unit SET name = name || ' (' || "
                    "(SELECT name FROM office WHERE office.id = unit.office_id) || ')'",
                )
    finally:
        writer.close()
        central_db.close()
    snapshot = CentralSnapshot(path, temporary=temporary)
    with snapshot.database.atomic():
        response_days.fill(snapshot)
        for statement in _INDEXES:
            snapshot.execute(statement)
    return snapshot


def _copy_offices(writer: SqliteDatabase) -> dict[int, str]:
    from app.central import models

    office: Any = models.Office
    rows: list[tuple[Any, ...]] = list(
        office.select(office.id, office.code, office.name).order_by(office.code).tuples()
    )
    offices = [(int(id_), int(code), office_label(int(code), name)) for id_, code, name in rows]
    for row in offices:
        _sql(writer, "INSERT INTO office VALUES (?, ?, ?)", row)
    return {id_: name for id_, _, name in offices}


def _records(progress: Progress | None) -> Iterator[tuple[int, str, str, dict[str, Any]]]:
    """(office id, entity, uid, data) of every live record the reports read, in batches.

    Batches walk the primary key and the entity is checked here: with the entity in the
    WHERE clause the database picks the (entity, uid) index and sorts every remaining row
    for each batch (0.5 s a batch on 200,000 records instead of milliseconds).
    """
    from app.central import models

    record: Any = models.Record  # peewee's generated fields (``id``) are not typed
    total = record.select().count()
    wanted = set(_ENTITIES)
    done, last = 0, 0
    while True:
        batch: list[tuple[Any, ...]] = list(
            record.select(
                record.id, record.office, record.entity, record.uid, record.operation, record.data
            )
            .where(record.id > last)
            .order_by(record.id)
            .limit(_BATCH)
            .tuples()
        )
        if not batch:
            return
        for _id, office, entity, uid, operation, data in batch:
            if entity in wanted and operation != "void":
                yield int(office), str(entity), str(uid), json.loads(data)
        last = int(batch[-1][0])
        done += len(batch)
        if progress is not None:
            progress(done, total)


def _copy_records(writer: SqliteDatabase, progress: Progress | None) -> None:
    rows: dict[str, list[tuple[Any, ...]]] = {entity: [] for entity in _ENTITIES}
    for office, entity, uid, data in _records(progress):
        rows[entity].append(_ROW[entity](office, uid, data))
        if len(rows[entity]) >= _BATCH:
            _flush(writer, entity, rows[entity])
    for entity, pending in rows.items():
        _flush(writer, entity, pending)


def _flush(writer: SqliteDatabase, entity: str, pending: list[tuple[Any, ...]]) -> None:
    if not pending:
        return
    if entity == "category":
        for uid, name in pending:
            _sql(writer, "INSERT OR IGNORE INTO category (name) VALUES (?)", [name])
            _sql(
                writer,
                "INSERT OR REPLACE INTO category_uid SELECT ?, id FROM category WHERE name = ?",
                [uid, name],
            )
    else:
        width = len(pending[0])
        columns = _COLUMNS[entity]
        for start in range(0, len(pending), 500):
            chunk = pending[start : start + 500]
            _sql(
                writer,
                f"INSERT INTO {entity} ({columns}) VALUES " + _marks(chunk, width),
                [value for row in chunk for value in row],
            )
    pending.clear()


def _sql(database: SqliteDatabase, sql: str, params: Sequence[object] = ()) -> Any:
    return database.execute_sql(sql, list(params))  # type: ignore[no-untyped-call]


def _marks(rows: Sequence[object], width: int) -> str:
    one = "(" + ",".join("?" * width) + ")"
    return ",".join([one] * len(rows))


_COLUMNS = {
    "unit": "uid, office_id, name",
    "person": "uid, county",
    "complaint": "uid, office_id, tracking_code, kind, channel, identity, subject, "
    "received_on, status, closed_on, satisfaction, unit_uid, category_uid, person_uid",
    "referral": "complaint_uid, unit_uid, referred_on, due_on, status, answered_on, "
    "paused_since, paused_days",
    "measure": "complaint_uid, unit_uid, kind",
}

_ROW: dict[str, Callable[[int, str, dict[str, Any]], tuple[Any, ...]]] = {
    "unit": lambda office, uid, d: (uid, office, d.get("name") or ""),
    "category": lambda office, uid, d: (uid, d.get("name") or ""),
    "person": lambda office, uid, d: (uid, d.get("county")),
    "complaint": lambda office, uid, d: (
        uid, office, d.get("tracking_code") or "", d.get("kind"), d.get("channel"),
        d.get("identity"), d.get("subject"), d.get("received_on"), d.get("status"),
        d.get("closed_on"), d.get("satisfaction"), d.get("unit"), d.get("category"),
        d.get("person"),
    ),
    "referral": lambda office, uid, d: (
        d.get("complaint"), d.get("unit"), d.get("referred_on"), d.get("due_on"),
        d.get("status"), d.get("answered_on"), d.get("paused_since"), d.get("paused_days") or 0,
    ),
    "measure": lambda office, uid, d: (d.get("complaint"), d.get("unit"), d.get("kind")),
}  # fmt: skip
