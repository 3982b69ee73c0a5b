"""Where report SQL runs: the office's own database, or a snapshot of the central one.

Every report function takes a :class:`ReportSource`. The office source runs on the open
office database with the office's calendar. A central snapshot (:mod:`app.reports.central`)
is a SQLite file with the same tables and columns the reports read, plus an ``office`` table
and ``complaint.office_id``, so the same SQL compares offices.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from typing import Any, Protocol

from app.lookup import ComplaintRow
from app.office_calendar import OfficeCalendar
from app.permissions import Session
from app.persian import name_order


class ReportSource(Protocol):
    """A database the report SQL can run on."""

    @property
    def has_offices(self) -> bool:
        """Whether complaints carry ``office_id`` (a central snapshot)."""

    @property
    def is_sqlite(self) -> bool:
        """Whether the SQL runs on SQLite (else PostgreSQL, an office with several seats)."""

    def execute(self, sql: str, params: Sequence[object] = ()) -> Any:
        """Run SQL (``?`` placeholders) and return the cursor."""

    def calendar(self) -> OfficeCalendar:
        """The working-day rules for counting days."""

    def prepare(self) -> None:
        """Bring what the reports keep derived (``referral.response_days``) up to date."""

    def release(self) -> None:
        """Close this thread's connection (a report's worker thread, when it is done)."""

    def names(self, table: str) -> dict[int, str]:
        """``id → name`` of the units, categories (or offices), ordered by name."""

    def complaint_rows(self, session: Session | None, ids: list[int]) -> list[ComplaintRow]:
        """The complaints list rows for ``ids``, in that order."""


class OfficeSource:
    """The office database that is open in this process."""

    has_offices = False

    @property
    def is_sqlite(self) -> bool:
        from peewee import SqliteDatabase

        from db.connection import current

        return isinstance(current(), SqliteDatabase)

    def execute(self, sql: str, params: Sequence[object] = ()) -> Any:
        from db.connection import execute

        return execute(sql if self.is_sqlite else postgres_sql(sql), params)

    def calendar(self) -> OfficeCalendar:
        from app.office_calendar import load_calendar

        return load_calendar()

    def prepare(self) -> None:
        from app.reports.response_days import refresh

        refresh()

    def release(self) -> None:
        from db.connection import current

        current().close()

    def names(self, table: str) -> dict[int, str]:
        return read_names(self, table)

    def complaint_rows(self, session: Session | None, ids: list[int]) -> list[ComplaintRow]:
        from app import lookup

        if session is None:  # the command line reads the file it was given
            return lookup.rows_for_ids_unchecked(ids)
        return lookup.rows_for_ids(session, ids)


OFFICE = OfficeSource()


# SQLite's planner hints and dialect, which PostgreSQL does without: ``INDEXED BY``,
# ``CROSS JOIN … ON`` (SQLite keeps its order; PostgreSQL writes it JOIN), a unary ``+`` that
# keeps a column's index unused, the ``temp.`` schema and ``WITHOUT ROWID``.
_SQLITE_ONLY = (
    (re.compile(r" INDEXED BY \w+"), ""),
    (re.compile(r"\bCROSS JOIN\b(?=[^,]*? ON )"), "JOIN"),
    (re.compile(r"(?<=[\s(])\+(?=\w+\.\w)"), ""),
    (re.compile(r"\btemp\."), ""),
    (re.compile(r" WITHOUT ROWID"), ""),
    (re.compile(r"\?"), "%s"),  # the driver's placeholder (the report SQL has no other ?)
)


def postgres_sql(sql: str) -> str:
    """Report SQL, written for SQLite, as PostgreSQL takes it."""
    for pattern, replacement in _SQLITE_ONLY:
        sql = pattern.sub(replacement, sql)
    return sql


def read_names(source: ReportSource, table: str) -> dict[int, str]:
    """``id → name`` of a source's units, categories or offices, in the order of the Persian
    alphabet with «سایر» last (``app.persian.name_order``)."""
    cursor = source.execute(f"SELECT id, name FROM {table}")
    found = sorted(((int(i), str(n)) for i, n in cursor.fetchall()), key=lambda r: name_order(r[1]))
    return dict(found)


def as_date(value: object) -> dt.date:
    """A date column as read back from SQLite (text) or a driver (a date)."""
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)[:10])
