"""The figures managers read: the dashboard, the unit scorecard and the heat maps.

All of them are computed in SQL over the complaints a :class:`ReportFilter` selects (by the
day they were received) and what has happened to them since. Working days come from the
office calendar through :mod:`app.reports.calendar_table`. A median is read off a
histogram of day counts, so no list of a million numbers is ever built.

Each figure can be opened: :func:`complaint_ids` returns the complaints behind it, for a
:class:`Drill` naming the figure.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from enum import StrEnum
from typing import Any, NamedTuple

from app import jalali
from app.permissions import Action, Session, require
from app.persian import is_other, name_order
from app.reports import calendar_table
from app.reports.filters import ReportFilter
from app.reports.source import OFFICE, ReportSource
from app.vocabulary import CHANNEL_LABELS, MeasureKind, Satisfaction, Status

TOP = 5  # units and categories on the dashboard
_WORKERS = max(1, min(4, os.cpu_count() or 1))  # threads one report's queries run on
DRILL_LIMIT = 5000  # complaints listed behind one figure
_SORT_CACHE_KIB = 2000  # a report worker's page cache (SQLite's default size)


class Figure(StrEnum):
    """A figure that opens the complaints behind it."""

    RECEIVED = "received"
    OPEN = "open"
    OVERDUE = "overdue"
    CLOSED = "closed"
    SATISFIED = "satisfied"
    NOT_SATISFIED = "not_satisfied"
    UNIT = "unit"  # complaints about one unit (key: unit id)
    CATEGORY = "category"  # key: category id
    CHANNEL = "channel"  # key: channel
    MONTH = "month"  # key: Jalali year * 100 + month
    CELL = "cell"  # unit × category (key: (unit id, category id))
    COUNTY_MONTH = "county_month"  # key: (county or None, year * 100 + month)
    REFERRED_TO = "referred_to"  # complaints referred to a unit (key: unit id)
    OFFICE = "office"  # complaints received by one office (key: office id; central only)
    IN_TIME = "in_time"
    LATE = "late"
    UNIT_OVERDUE = "unit_overdue"


class Grouping(StrEnum):
    """What a scorecard ranks: the units complained about, or (on a central snapshot) the
    offices, each over all the units it refers to."""

    UNIT = "unit"
    OFFICE = "office"


@dataclass(frozen=True)
class Drill:
    figure: Figure
    key: object = None
    by: Grouping = field(default=Grouping.UNIT, kw_only=True)  # for a scorecard's figures


@dataclass(frozen=True)
class Count:
    """A labelled count, e.g. one unit's complaints."""

    key: object
    label: str
    count: int


@dataclass(frozen=True)
class Dashboard:
    received: int
    previous_received: int  # the same filter over the period before
    open: int
    overdue: int  # with a referral past its due date and not paused
    closed: int
    median_response_days: float | None  # working days, referral to the unit's response
    median_closure_days: float | None  # working days, received to closed
    satisfied: int
    not_satisfied: int
    top_units: list[Count]
    top_categories: list[Count]
    by_channel: list[Count]
    by_month: list[Count]  # key: Jalali year * 100 + month, in order
    compared_with: tuple[dt.date, dt.date] | None = None  # the days of previous_received

    @property
    def satisfaction_rate(self) -> float | None:
        answered = self.satisfied + self.not_satisfied
        return self.satisfied / answered if answered else None

    @property
    def change(self) -> float | None:
        """Received against the previous period, as a fraction (0.1 = 10% more)."""
        if not self.previous_received:
            return None
        return (self.received - self.previous_received) / self.previous_received


@dataclass(frozen=True)
class UnitScore:
    unit_id: int
    unit: str
    received: int  # complaints about the unit
    referred: int  # referrals to the unit
    in_time: int  # answered on or before the due date
    late: int  # answered after it
    overdue: int  # still open, past the due date
    median_response_days: float | None
    warnings: int
    commendations: int
    dismissals: int  # dismissal proposals and referrals to the violations board
    satisfied: int
    not_satisfied: int

    @property
    def answered(self) -> int:
        return self.in_time + self.late

    @property
    def on_time_rate(self) -> float | None:
        """Answered in time among those that are due: in time, late or overdue."""
        due = self.in_time + self.late + self.overdue
        return self.in_time / due if due else None

    @property
    def satisfaction_rate(self) -> float | None:
        answered = self.satisfied + self.not_satisfied
        return self.satisfied / answered if answered else None


@dataclass(frozen=True)
class HeatMap:
    rows: list[Count]  # row headers with totals, in order
    columns: list[Count]  # column headers with totals
    cells: dict[tuple[object, object], int] = field(default_factory=dict)

    @property
    def maximum(self) -> int:
        return max(self.cells.values(), default=0)


# --- plumbing --------------------------------------------------------------------------------


class _Sql(NamedTuple):
    """One report query over the cohort ``c``."""

    sql: str
    params: Sequence[object] = ()
    through: str | None = None  # the complaint index the cohort is read through
    query: _Query | None = None  # another cohort (the previous period), else the report's


# The complaints in the order the reports group them (migration 0010). Read whole, in order,
# it gives every count by unit, category, channel, status and satisfaction without sorting:
# 0.2 s for a million complaints, where grouping the cohort took a second.
CUBE_INDEX = "report_complaint_cube"


class _Query:
    """The filtered complaints as a CTE ``c`` on a source, with the calendar table built."""

    def __init__(
        self,
        report_filter: ReportFilter,
        today: dt.date | None = None,
        source: ReportSource = OFFICE,
    ) -> None:
        self.filter = report_filter
        self.today = today or jalali.today()
        self.source = source
        self.where, self.params = report_filter.where("complaint")
        self.days: calendar_table.Days = {}

    def cte(self, index: str | None = None) -> str:
        office = "complaint.office_id, " if self.source.has_offices else ""
        indexed = f" INDEXED BY {index}" if index else ""
        return (
            "WITH c AS (SELECT complaint.id, complaint.unit_id, complaint.category_id, "
            "complaint.channel, complaint.status, complaint.received_on, complaint.closed_on, "
            f"complaint.satisfaction, {office}complaint.person_id FROM complaint{indexed} "
            f"WHERE {self.where}) "
        )

    @classmethod
    def open(
        cls,
        session: Session | None,
        report_filter: ReportFilter,
        today: dt.date | None,
        source: ReportSource,
    ) -> _Query:
        """Check the right to read reports, bring the source's derived columns up to date and
        build the calendar table for the range."""
        if session is not None:  # None is the command line, which holds the file itself
            require(session, Action.VIEW_REPORTS)
        source.prepare()
        query = cls(report_filter, today, source)
        query.days = calendar_table.build(source, report_filter.start, report_filter.end)
        return query

    def rows(
        self, sql: str, params: Sequence[object] = (), index: str | None = None
    ) -> list[tuple[Any, ...]]:
        cursor = self.source.execute(self.cte(index) + sql, [*self.params, *params])
        return list(cursor.fetchall())

    def one(self, sql: str, params: Sequence[object] = ()) -> tuple[Any, ...]:
        return self.rows(sql, params)[0]

    def many(self, queries: dict[str, _Sql], *, split: Iterable[str] = ()) -> dict[str, list[Any]]:
        """Run independent queries at once, each on its thread's own connection: SQLite
        lets go of the GIL while it steps, so a report uses every core. The queries named in
        ``split`` run over each half of the range apart, and their rows come back one list
        (the callers add them up). None of them may read the calendar table, which lives on
        this thread's connection only."""
        halves = self._halves()
        jobs: list[tuple[str, _Query, _Sql]] = []
        for name, job in queries.items():
            parts = halves if name in split else [job.query or self]
            jobs.extend((name, part, job) for part in parts)
        workers = min(len(jobs), _WORKERS)
        found: dict[str, list[Any]] = {name: [] for name in queries}
        if workers <= 1:
            for name, part, job in jobs:
                found[name].extend(part.rows(job.sql, job.params, job.through))
            return found
        with ThreadPoolExecutor(workers, thread_name_prefix="report") as pool:
            futures = [(name, pool.submit(self._on_worker, part, job)) for name, part, job in jobs]
            for name, future in futures:
                found[name].extend(future.result())
        return found

    def _on_worker(self, part: _Query, job: _Sql) -> list[tuple[Any, ...]]:
        """One query on a worker thread, on a connection of its own, closed after it.

        On SQLite that connection sorts in a small cache that spills to temporary files:
        SQLite's sorter merges those runs twice as fast as it sorts a million rows in memory
        (0.55 s instead of 1.2 s for one query's grouping), and the files stay in the
        operating system's cache. Never on the calling thread, whose calendar table a change
        of ``temp_store`` would drop."""
        try:
            if self.source.is_sqlite:
                self.source.execute("PRAGMA temp_store = FILE")
                self.source.execute(f"PRAGMA cache_size = -{_SORT_CACHE_KIB}")
            return part.rows(job.sql, job.params, job.through)
        finally:
            self.source.release()

    def _halves(self) -> list[_Query]:
        """The same report over the first and the second half of the range."""
        start, end = self.filter.start, self.filter.end
        if _WORKERS <= 1 or end <= start:
            return [self]
        middle = start + dt.timedelta(days=(end - start).days // 2)
        halves = []
        for first, last in ((start, middle), (middle + dt.timedelta(days=1), end)):
            half = _Query(replace(self.filter, start=first, end=last), self.today, self.source)
            half.days = self.days
            halves.append(half)
        return halves

    def working_days(self, first: object, last: object) -> int | None:
        """Working days after ``first`` up to ``last`` (dates as SQLite gives them)."""
        after, upto = self.days.get(str(first)[:10]), self.days.get(str(last)[:10])
        if after is None or upto is None:
            return None
        return upto[0] - after[0]

    def month(self, day: object) -> int:
        """The Jalali year * 100 + month of a day in the range."""
        return self.days[str(day)[:10]][1]

    def names(self, table: str) -> dict[int, str]:
        return self.source.names(table)

    def cube(self) -> _Sql:
        """Counts by (office,) unit, category, channel, status and satisfaction; see
        :class:`_Cube`."""
        office = "c.office_id, " if self.source.has_offices else ""
        keys = f"{office}c.unit_id, c.category_id, c.channel, c.status, c.satisfaction"
        return _Sql(f"SELECT {keys}, count(*) FROM c GROUP BY {keys}", (), CUBE_INDEX)


class _Cube:
    """The cohort's counts from :meth:`_Query.cube`, summed up the ways reports show them."""

    def __init__(self, q: _Query, rows: list[tuple[Any, ...]]) -> None:
        self.total = self.closed = self.satisfied = self.not_satisfied = 0
        self.units: dict[int, int] = {}
        self.categories: dict[int, int] = {}
        self.channels: dict[str, int] = {}
        self.cells: dict[tuple[int, int], int] = {}  # (unit, category)
        # Per unit (or office): [received, satisfied, not satisfied].
        self.about: dict[Grouping, dict[int, list[int]]] = {g: {} for g in Grouping}
        satisfied, not_satisfied = Satisfaction.SATISFIED.value, Satisfaction.NOT_SATISFIED.value
        offices = q.source.has_offices
        for row in rows:
            office = int(row[0]) if offices else 0
            unit, category, channel, status, satisfaction, count = row[1:] if offices else row
            n = int(count)
            self.total += n
            self.closed += n if status == Status.CLOSED.value else 0
            happy, unhappy = (
                (n if satisfaction == satisfied else 0),
                (n if satisfaction == not_satisfied else 0),
            )
            self.satisfied += happy
            self.not_satisfied += unhappy
            _add(self.units, unit, n)
            _add(self.categories, category, n)
            _add(self.channels, channel, n)
            _add(self.cells, (int(unit), int(category)), n)
            for grouping, key in ((Grouping.UNIT, int(unit)), (Grouping.OFFICE, office)):
                totals = self.about[grouping].setdefault(key, [0, 0, 0])
                totals[0] += n
                totals[1] += happy
                totals[2] += unhappy


def _add(counts: dict[Any, int], key: Any, n: int) -> None:
    counts[key] = counts.get(key, 0) + n


def _median(histogram: Iterable[tuple[Any, Any]]) -> float | None:
    """The median of values given as (value, how many) pairs."""
    pairs = sorted((float(value), int(count)) for value, count in histogram if value is not None)
    total = sum(count for _, count in pairs)
    if not total:
        return None
    lower_rank, upper_rank = (total - 1) // 2, total // 2
    seen = 0
    lower = upper = None
    for value, count in pairs:
        if lower is None and seen + count > lower_rank:
            lower = value
        if seen + count > upper_rank:
            upper = value
            break
        seen += count
    assert lower is not None and upper is not None
    return (lower + upper) / 2


# SQLite plans these from the cohort outwards: ``c`` (the complaints received in the range,
# read off the covering index ``complaint_report``) then, by CROSS JOIN, which SQLite never
# reorders, their referrals and measures by ``report_referral`` and ``measure_report``.
# Left to itself the planner would start from an index on ``status`` and visit every
# answered referral of every year (5 s instead of 0.3 s on a million complaints).
_REFERRALS = "FROM c CROSS JOIN referral r ON r.complaint_id = c.id"
_MEASURES = "FROM c CROSS JOIN measure m ON m.complaint_id = c.id"
# ``+r.status``: compared, never looked up by its own index (see above).
_OVERDUE_REFERRAL = "+r.status = 'open' AND r.paused_since IS NULL AND r.due_on < ?"


def _count_if(condition: str) -> str:
    """How many rows meet ``condition``, written so that PostgreSQL (which does not add up
    booleans) takes it too."""
    return f"sum(CASE WHEN {condition} THEN 1 ELSE 0 END)"


# An overdue complaint is still open (closing cancels its referrals): checked first, so
# only the open complaints' referrals are read (a fifth of them in a million).
_OVERDUE_COMPLAINT = "c.status <> ?"


# --- dashboard -------------------------------------------------------------------------------


def dashboard(
    session: Session | None,
    report_filter: ReportFilter,
    today: dt.date | None = None,
    source: ReportSource = OFFICE,
) -> Dashboard:
    q = _Query.open(session, report_filter, today, source)
    before = report_filter.previous()
    previous = _Query(before, today, source)
    closed = Status.CLOSED.value
    # The longest first: the pool starts them in this order.
    found = q.many(
        {
            "response": _Sql(
                f"SELECT r.response_days, count(*) {_REFERRALS} "
                "WHERE +r.status = 'answered' GROUP BY 1"
            ),
            "overdue": _Sql(
                f"SELECT count(DISTINCT r.complaint_id) {_REFERRALS} "
                f"WHERE {_OVERDUE_COMPLAINT} AND {_OVERDUE_REFERRAL}",
                [closed, q.today.isoformat()],
            ),
            "cube": q.cube(),
            "closure": _Sql(
                "SELECT c.received_on, c.closed_on, count(*) FROM c "
                "WHERE c.status = ? AND c.closed_on IS NOT NULL GROUP BY 1, 2",
                [closed],
            ),
            # In the index's order, so SQLite counts each day as it reads.
            "days": _Sql("SELECT c.received_on, count(*) FROM c GROUP BY 1"),
            "previous": _Sql("SELECT count(*) FROM c", query=previous),
        },
        split=("response",),
    )
    cube = _Cube(q, found["cube"])
    months: dict[int, int] = {}
    for day, n in found["days"]:
        _add(months, q.month(day), int(n))
    return Dashboard(
        received=cube.total,
        previous_received=int(found["previous"][0][0]),
        compared_with=(before.start, before.end),
        open=cube.total - cube.closed,
        overdue=int(found["overdue"][0][0]),
        closed=cube.closed,
        median_response_days=_median(found["response"]),
        median_closure_days=_median(
            (q.working_days(received, closed_on), n) for received, closed_on, n in found["closure"]
        ),
        satisfied=cube.satisfied,
        not_satisfied=cube.not_satisfied,
        top_units=_ranked(cube.units, q.names("unit"), TOP),
        top_categories=_ranked(cube.categories, q.names("category"), TOP),
        by_channel=_ranked(cube.channels, _channel_names(), None),
        by_month=[Count(ym, _month_text(ym), n) for ym, n in sorted(months.items())],
    )


def _ranked(counts: dict[Any, int], names: dict[Any, str], limit: int | None) -> list[Count]:
    """Largest first (ties by key), at most ``limit``; «سایر» among them comes last."""
    order = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    ranked = [Count(key, names.get(key, str(key)), n) for key, n in order[:limit]]
    return sorted(ranked, key=lambda count: is_other(count.label))  # stable: ranks kept


def _channel_names() -> dict[Any, str]:
    return {channel.value: label for channel, label in CHANNEL_LABELS.items()}


def _month_text(ym: int) -> str:
    from app.reports.filters import month_label

    return month_label(ym // 100, ym % 100)


# --- scorecard -------------------------------------------------------------------------------


# The column a referral (r) and a measure (m) are counted under.
_GROUP_COLUMNS: dict[Grouping, tuple[str, str]] = {
    Grouping.UNIT: ("r.unit_id", "m.unit_id"),
    Grouping.OFFICE: ("c.office_id", "c.office_id"),
}


def scorecard(
    session: Session | None,
    report_filter: ReportFilter,
    today: dt.date | None = None,
    source: ReportSource = OFFICE,
    by: Grouping = Grouping.UNIT,
) -> list[UnitScore]:
    """Every unit (or office) with complaints or referrals in the range, best on-time rate
    first."""
    q = _Query.open(session, report_filter, today, source)
    referral_column, measure_column = _GROUP_COLUMNS[by]
    answered_by = "r.status = 'answered' AND r.answered_on"
    found = q.many(
        {
            # Grouped by response days too: open referrals fall under NULL.
            "referred": _Sql(
                f"SELECT {referral_column}, r.response_days, count(*), "
                f"{_count_if(f'{answered_by} <= r.due_on')}, "
                f"{_count_if(f'{answered_by} > r.due_on')}, "
                f"{_count_if(_OVERDUE_REFERRAL)} {_REFERRALS} "
                "WHERE +r.status <> 'cancelled' GROUP BY 1, 2",
                [q.today.isoformat()],
            ),
            "measures": _Sql(
                f"SELECT {measure_column}, m.kind, count(*) {_MEASURES} GROUP BY 1, 2"
            ),
            "cube": q.cube(),
        },
        split=("referred",),
    )
    names = q.names(by.value)
    about = _Cube(q, found["cube"]).about[by]
    referred: dict[int, list[int]] = {}
    histograms: dict[int, list[tuple[int, int]]] = {}
    for group, days, count, in_time, late, overdue in found["referred"]:
        totals = referred.setdefault(int(group), [0, 0, 0, 0])
        for index, value in enumerate((count, in_time, late, overdue)):
            totals[index] += int(value)
        if days is not None:
            histograms.setdefault(int(group), []).append((int(days), int(in_time) + int(late)))
    medians = {group: _median(pairs) for group, pairs in histograms.items()}
    measures: dict[int, dict[str, int]] = {}
    for group, kind, count in found["measures"]:
        measures.setdefault(int(group), {})[str(kind)] = int(count)
    scores = [
        _score(group, names.get(group, str(group)), about, referred, medians, measures)
        for group in sorted(set(about) | set(referred))
    ]
    return sorted(scores, key=_rank)


def _score(
    unit: int,
    name: str,
    about: dict[int, list[Any]],
    referred: dict[int, list[Any]],
    medians: dict[int, float | None],
    measures: dict[int, dict[str, int]],
) -> UnitScore:
    received, satisfied, not_satisfied = about.get(unit, [0, 0, 0])
    count, in_time, late, overdue = referred.get(unit, [0, 0, 0, 0])
    kinds = measures.get(unit, {})
    return UnitScore(
        unit_id=unit,
        unit=name,
        received=int(received),
        referred=int(count),
        in_time=int(in_time),
        late=int(late),
        overdue=int(overdue),
        median_response_days=medians.get(unit),
        warnings=kinds.get(MeasureKind.WARNING.value, 0),
        commendations=kinds.get(MeasureKind.COMMENDATION.value, 0),
        dismissals=kinds.get(MeasureKind.DISMISSAL_PROPOSAL.value, 0)
        + kinds.get(MeasureKind.VIOLATIONS_BOARD.value, 0),
        satisfied=int(satisfied),
        not_satisfied=int(not_satisfied),
    )


def _rank(score: UnitScore) -> tuple[float, float, int, str]:
    """Best first: on-time rate, then a shorter median response, then more referrals."""
    rate = score.on_time_rate
    median = score.median_response_days
    return (
        -(rate if rate is not None else -1.0),
        median if median is not None else float("inf"),
        -score.referred,
        score.unit,
    )


# --- heat maps -------------------------------------------------------------------------------


def unit_category_map(
    session: Session | None,
    report_filter: ReportFilter,
    today: dt.date | None = None,
    source: ReportSource = OFFICE,
) -> HeatMap:
    """Complaints by the unit complained about (rows) and category (columns)."""
    q = _Query.open(session, report_filter, today, source)
    cube = q.cube()
    cells = _Cube(q, q.rows(cube.sql, cube.params, cube.through)).cells
    return _heat_map(dict(cells), q.names("unit"), q.names("category"))


UNKNOWN_COUNTY = "نامشخص"
# Persons' ids with their counties: a county map reads this small index rather than every
# complainant's row (migration 0010).
_COUNTY_INDEX = "report_person_county"


def county_month_map(
    session: Session | None,
    report_filter: ReportFilter,
    today: dt.date | None = None,
    source: ReportSource = OFFICE,
) -> HeatMap:
    """Complaints by the complainant's county (rows; «نامشخص» without one) and Jalali month."""
    q = _Query.open(session, report_filter, today, source)
    found = q.many(
        {
            "cells": _Sql(
                "SELECT p.county, c.received_on, count(*) FROM c "
                f"LEFT JOIN person p INDEXED BY {_COUNTY_INDEX} ON p.id = c.person_id "
                "GROUP BY 1, 2"
            )
        },
        split=("cells",),
    )
    cells: dict[tuple[Any, Any], int] = {}
    for county, day, n in found["cells"]:
        _add(cells, (county or None, q.month(day)), int(n))
    counties = {key[0]: key[0] or UNKNOWN_COUNTY for key in cells}
    months = {key[1]: _month_text(key[1]) for key in cells}
    heat = _heat_map(cells, counties, months)
    # Months read in calendar order, not by size.
    heat.columns.sort(key=lambda column: int(column.key))  # type: ignore[call-overload]
    return heat


def _heat_map(
    cells: dict[tuple[Any, Any], int], row_names: dict[Any, str], column_names: dict[Any, str]
) -> HeatMap:
    row_totals: dict[Any, int] = {}
    column_totals: dict[Any, int] = {}
    for (row, column), count in cells.items():
        row_totals[row] = row_totals.get(row, 0) + count
        column_totals[column] = column_totals.get(column, 0) + count

    def ordered(totals: dict[Any, int], names: dict[Any, str]) -> list[Count]:
        """The largest first, ties in alphabetical order, «سایر» last."""
        counts = [Count(key, names.get(key, str(key)), total) for key, total in totals.items()]
        return sorted(counts, key=lambda c: (is_other(c.label), -c.count, name_order(c.label)))

    return HeatMap(ordered(row_totals, row_names), ordered(column_totals, column_names), cells)


# --- the complaints behind a figure ----------------------------------------------------------


def complaint_ids(
    session: Session | None,
    report_filter: ReportFilter,
    drill: Drill,
    today: dt.date | None = None,
    limit: int = DRILL_LIMIT,
    source: ReportSource = OFFICE,
) -> list[int]:
    """The complaints behind a figure, newest first (at most ``limit``)."""
    q = _Query.open(session, report_filter, today, source)
    condition, params = _drill_condition(drill, q.today)
    rows = q.rows(
        f"SELECT c.id FROM c WHERE {condition} ORDER BY c.received_on DESC, c.id DESC "
        f"LIMIT {int(limit)}",
        params,
    )
    return [int(row[0]) for row in rows]


def _referral_exists(extra: str) -> str:
    return f"EXISTS (SELECT 1 FROM referral r WHERE r.complaint_id = c.id AND {extra})"


def _drill_condition(drill: Drill, today: dt.date) -> tuple[str, list[object]]:
    figure, key = drill.figure, drill.key
    closed = Status.CLOSED.value
    if figure is Figure.RECEIVED:
        return "1 = 1", []
    if figure is Figure.OPEN:
        return "c.status <> ?", [closed]
    if figure is Figure.CLOSED:
        return "c.status = ?", [closed]
    if figure is Figure.OVERDUE:
        overdue = f"{_OVERDUE_COMPLAINT} AND {_referral_exists(_OVERDUE_REFERRAL)}"
        return overdue, [closed, today.isoformat()]
    if figure is Figure.SATISFIED:
        return "c.satisfaction = ?", [Satisfaction.SATISFIED.value]
    if figure is Figure.NOT_SATISFIED:
        return "c.satisfaction = ?", [Satisfaction.NOT_SATISFIED.value]
    if figure is Figure.UNIT:
        return "c.unit_id = ?", [key]
    if figure is Figure.CATEGORY:
        return "c.category_id = ?", [key]
    if figure is Figure.CHANNEL:
        return "c.channel = ?", [key]
    if figure is Figure.MONTH:
        return "(SELECT ym FROM report_day WHERE day = c.received_on) = ?", [key]
    if figure is Figure.CELL:
        assert isinstance(key, tuple)
        unit, category = key
        return "c.unit_id = ? AND c.category_id = ?", [unit, category]
    if figure is Figure.COUNTY_MONTH:
        assert isinstance(key, tuple)
        county, month = key
        county_sql = (
            "(SELECT p.county FROM person p WHERE p.id = c.person_id) IS NULL"
            if county is None
            else "(SELECT p.county FROM person p WHERE p.id = c.person_id) = ?"
        )
        params = [] if county is None else [county]
        return (
            f"{county_sql} AND (SELECT ym FROM report_day WHERE day = c.received_on) = ?",
            [*params, month],
        )
    if figure is Figure.OFFICE:
        return "c.office_id = ?", [key]
    return _referral_drill(drill, today)


def _referral_drill(drill: Drill, today: dt.date) -> tuple[str, list[object]]:
    """Complaints with a referral of a kind, to a unit or (by office) from an office."""
    figure, key = drill.figure, drill.key
    if drill.by is Grouping.OFFICE:
        owner, referral, params = "c.office_id = ? AND ", "r.status <> 'cancelled'", [key]
    else:
        owner, referral, params = "", "r.unit_id = ? AND r.status <> 'cancelled'", [key]
    if figure is Figure.REFERRED_TO:
        extra = ""
    elif figure is Figure.IN_TIME:
        extra = " AND r.status = 'answered' AND r.answered_on <= r.due_on"
    elif figure is Figure.LATE:
        extra = " AND r.status = 'answered' AND r.answered_on > r.due_on"
    elif figure is Figure.UNIT_OVERDUE:
        extra = f" AND {_OVERDUE_REFERRAL}"
    else:
        raise ValueError(f"unknown figure {figure}")
    overdue = [today.isoformat()] if figure is Figure.UNIT_OVERDUE else []
    return owner + _referral_exists(referral + extra), [*params, *overdue]
