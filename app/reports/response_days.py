"""Each answered referral's response days, kept on the referral for the reports.

``referral.response_days`` is the number of working days from the referral to the unit's
response, less the days it stood paused, as the source's calendar counts them. The reports
group by that one small number instead of sorting a million pairs of dates. It is derived,
so nobody types it in and it is never exported:

* a referral that is answered, or changed in any way, has it cleared (``app.referrals``);
* :func:`fill` works out every missing one in a single UPDATE over the calendar table;
* :func:`refresh`, before each report on the office database, first compares the calendar
  with the one the stored days were counted by (a string of working and closed days from the
  earliest referral to the last day counted, kept as a setting) and clears the days of every
  referral answered on or after the first day that changed: a closure added for yesterday,
  Thursdays opened, a new release of the holidays. Then it fills.

A central snapshot is filled once, when it is built, by the national calendar.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from contextlib import AbstractContextManager, nullcontext

from app import jalali, settings
from app.office_calendar import OfficeCalendar
from app.reports import calendar_table
from app.reports.source import OFFICE, ReportSource, as_date
from db.connection import write_transaction

STATE_KEY = "reports.response_days_calendar"  # "<first day> <1 working / 0 closed per day>"

_UNFILLED = "status = 'answered' AND response_days IS NULL"  # the partial index's condition
# Named, or SQLite would look the rows up by their status and read a million of them.
_UNFILLED_INDEX = "report_referral_unfilled"
_ANSWERED_INDEX = "report_referral_answered"  # answered ones by the day of the answer
_WINDOW = dt.timedelta(days=31)  # the referrals one write transaction works on

Transaction = Callable[[], AbstractContextManager[object]]


def fill(source: ReportSource, transaction: Transaction = nullcontext) -> int:
    """Work out the response days every answered referral is missing; how many were.

    A month of referrals at a time, each in its own ``transaction()``: working out a million
    takes seconds, and a clerk saving a complaint meanwhile must not wait that long."""
    first = _first_unfilled(source)
    if first is None:
        return 0
    calendar_table.build(source, first, jalali.today())
    table = calendar_table.TABLE
    filled = 0
    start: dt.date | None = first
    while start is not None:
        end = start + _WINDOW
        with transaction():
            cursor = source.execute(
                f"UPDATE referral INDEXED BY {_UNFILLED_INDEX} SET response_days = "
                f"(SELECT wd FROM temp.{table} WHERE day = referral.answered_on) - "
                f"(SELECT wd FROM temp.{table} WHERE day = referral.referred_on) - paused_days "
                f"WHERE {_UNFILLED} AND referred_on >= ? AND referred_on < ?",
                [start.isoformat(), end.isoformat()],
            )
        filled += int(cursor.rowcount)
        start = _first_unfilled(source, end)
    return filled


def refresh(today: dt.date | None = None) -> int:
    """Bring the office's response days in line with its calendar; how many were worked
    out. Writes only when there is something to do.

    The calendar it was counted by is saved last: if the work stops half-way, the next
    report finds the same change and does it again."""
    today = today or jalali.today()
    calendar = OFFICE.calendar()
    stored = _stored_state()
    first = _first_unfilled(OFFICE)
    start = min(day for day in (first, stored[0] if stored else None, today) if day is not None)
    days = _working_days(calendar, start, today)
    changed = _first_change(stored, start, days) if stored else None
    if first is None and changed is None and stored == (start, days):
        return 0
    if changed is not None:
        _clear_answered_since(changed, today)
    filled = fill(OFFICE, write_transaction)
    with write_transaction():
        settings.store(STATE_KEY, f"{start.isoformat()} {days}")
    return filled


def _clear_answered_since(changed: dt.date, today: dt.date) -> None:
    """Clear the days of the referrals answered on or after ``changed``, a month at a time."""
    start = changed
    while start <= today:
        end = start + _WINDOW
        with write_transaction():
            OFFICE.execute(
                f"UPDATE referral INDEXED BY {_ANSWERED_INDEX} SET response_days = NULL "
                "WHERE status = 'answered' AND answered_on >= ? AND answered_on < ? "
                "AND response_days IS NOT NULL",
                [start.isoformat(), end.isoformat()],
            )
        start = end


def _first_unfilled(source: ReportSource, since: dt.date | None = None) -> dt.date | None:
    """The earliest referral day, on or after ``since``, of a referral still to work out."""
    (first,) = source.execute(
        f"SELECT min(referred_on) FROM referral INDEXED BY {_UNFILLED_INDEX} "
        f"WHERE {_UNFILLED} AND referred_on >= ?",
        [(since or dt.date.min).isoformat()],
    ).fetchone()
    return None if first is None else as_date(first)


def _stored_state() -> tuple[dt.date, str] | None:
    text = settings.read(STATE_KEY)
    if text is None:
        return None
    start, _, days = text.partition(" ")
    try:
        return dt.date.fromisoformat(start), days
    except ValueError:  # unreadable: count everything again
        return None


def _working_days(calendar: OfficeCalendar, start: dt.date, end: dt.date) -> str:
    """One character a day from ``start`` to ``end``: 1 working, 0 closed."""
    count = (end - start).days + 1
    return "".join(
        "1" if calendar.is_working_day(start + dt.timedelta(days=offset)) else "0"
        for offset in range(count)
    )


def _first_change(stored: tuple[dt.date, str], start: dt.date, days: str) -> dt.date | None:
    """The first day counted before that the calendar now has the other way."""
    stored_start, stored_days = stored
    shift = (stored_start - start).days  # stored_start is never before start
    for offset, before in enumerate(stored_days):
        index = shift + offset
        if index >= len(days):
            break
        if days[index] != before:
            return start + dt.timedelta(days=index)
    return None
