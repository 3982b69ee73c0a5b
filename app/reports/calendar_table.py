"""The office calendar as a temporary table, so reports count working days in SQL.

``report_day(day, wd, ym)``: for each day of a range, ``wd`` is the number of working days
from the range's start up to and including that day, and ``ym`` its Jalali year and month
as ``year * 100 + month``. The working days after ``a`` up to ``b`` are then
``wd(b) - wd(a)``, as ``OfficeCalendar.working_days_between`` counts them.
"""

from __future__ import annotations

import datetime as dt

from app import jalali
from app.office_calendar import OfficeCalendar
from app.reports.source import ReportSource

TABLE = "report_day"
_MARGIN = dt.timedelta(days=400)  # responses and closings come after the complaint


Days = dict[str, tuple[int, int]]  # ISO date → (wd, ym), the table's rows, for Python


def build(source: ReportSource, first: dt.date, last: dt.date) -> Days:
    """(Re)create the table for ``first - margin`` … ``last + margin`` (at least today), and
    return its rows for working out days in Python."""
    calendar = source.calendar()
    execute = source.execute
    start = first - _MARGIN
    end = max(last, jalali.today()) + _MARGIN
    rows = list(_rows(calendar, start, end))
    execute(f"DROP TABLE IF EXISTS temp.{TABLE}")
    # DATE, like the dates it is joined with: a TEXT key compared with a DATE (numeric
    # affinity) column is converted per row and its index is not used (3 s instead of 0.1 s
    # for a year of 100,000 complaints).
    execute(
        f"CREATE TEMP TABLE {TABLE} (day DATE PRIMARY KEY, wd INTEGER NOT NULL, "
        "ym INTEGER NOT NULL) WITHOUT ROWID"
    )
    for offset in range(0, len(rows), 5000):
        chunk = rows[offset : offset + 5000]
        marks = ",".join(["(?,?,?)"] * len(chunk))
        flat = [value for row in chunk for value in row]
        execute(f"INSERT INTO {TABLE} VALUES {marks}", flat)
    return {day: (wd, ym) for day, wd, ym in rows}


def _rows(calendar: OfficeCalendar, start: dt.date, end: dt.date) -> list[tuple[str, int, int]]:
    rows = []
    count = 0
    day = start
    while day <= end:
        if calendar.is_working_day(day):
            count += 1
        jy, jm, _ = jalali.to_jalali(day)
        rows.append((day.isoformat(), count, jy * 100 + jm))
        day += dt.timedelta(days=1)
    return rows
