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
from typing import Any

from app import jalali
from app.permissions import Action, Session, require
from app.reports import calendar_table
from app.reports.filters import ReportFilter
from app.reports.source import OFFICE, ReportSource
from app.vocabulary import CHANNEL_LABELS, MeasureKind, Satisfaction, Status

TOP = 5  # units and categories on the dashboard
_WORKERS = max(1, min(4, os.cpu_count() or 1))  # threads one report's queries run on
DRILL_LIMIT = 5000  # complaints listed behind one figure


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
        where, params = report_filter.where("complaint")
        office = "complaint.office_id, " if source.has_offices else ""
        self.cte = (
            "WITH c AS (SELECT complaint.id, complaint.unit_id, complaint.category_id, "
            "complaint.channel, complaint.status, complaint.received_on, complaint.closed_on, "
            f"complaint.satisfaction, {office}complaint.person_id FROM complaint "
            f"WHERE {where}) "
        )
        self.params = params
        self.days: calendar_table.Days = {}

    @classmethod
    def open(
        cls,
        session: Session | None,
        report_filter: ReportFilter,
        today: dt.date | None,
        source: ReportSource,
    ) -> _Query:
        """Check the right to read reports and build the calendar table for the range."""
        if session is not None:  # None is the command line, which holds the file itself
            require(session, Action.VIEW_REPORTS)
        query = cls(report_filter, today, source)
        query.days = calendar_table.build(source, report_filter.start, report_filter.end)
        return query

    def rows(self, sql: str, params: Sequence[object] = ()) -> list[tuple[Any, ...]]:
        cursor = self.source.execute(self.cte + sql, [*self.params, *params])
        return list(cursor.fetchall())

    def one(self, sql: str, params: Sequence[object] = ()) -> tuple[Any, ...]:
        return self.rows(sql, params)[0]

    def many(
        self, queries: dict[str, tuple[str, Sequence[object]]], *, split: Iterable[str] = ()
    ) -> dict[str, list[Any]]:
        """Run independent queries at once, each on its thread's own connection: SQLite
        lets go of the GIL while it steps, so a report uses every core. The queries named in
        ``split`` run over each half of the range apart, and their rows come back one list
        (the callers add them up). None of them may read the calendar table, which lives on
        this thread's connection only."""
        halves = self._halves()
        jobs: list[tuple[str, _Query, str, Sequence[object]]] = []
        for name, (sql, params) in queries.items():
            parts = halves if name in split else [self]
            jobs.extend((name, part, sql, params) for part in parts)
        workers = min(len(jobs), _WORKERS)
        found: dict[str, list[Any]] = {name: [] for name in queries}
        if workers <= 1:
            for name, part, sql, params in jobs:
                found[name].extend(part.rows(sql, params))
            return found
        with ThreadPoolExecutor(workers, thread_name_prefix="report") as pool:
            futures = [
                (name, pool.submit(part.rows, sql, params)) for name, part, sql, params in jobs
            ]
            for name, future in futures:
                found[name].extend(future.result())
        return found

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
# reorders, their referrals and measures by ``referral_report`` and ``measure_report``.
# Left to itself the planner would start from an index on ``status`` and visit every
# answered referral of every year (5 s instead of 0.3 s on a million complaints).
_REFERRALS = "FROM c CROSS JOIN referral r ON r.complaint_id = c.id"
_MEASURES = "FROM c CROSS JOIN measure m ON m.complaint_id = c.id"
# ``+r.status``: compared, never looked up by its own index (see above).
_OVERDUE_REFERRAL = "+r.status = 'open' AND r.paused_since IS NULL AND r.due_on < ?"


# --- dashboard -------------------------------------------------------------------------------


def dashboard(
    session: Session | None,
    report_filter: ReportFilter,
    today: dt.date | None = None,
    source: ReportSource = OFFICE,
) -> Dashboard:
    q = _Query.open(session, report_filter, today, source)
    previous = _Query(report_filter.previous(), today, source)
    closed = Status.CLOSED.value
    # The longest first: the pool starts them in this order.
    found = q.many(
        {
            # Day pairs, turned into working days here: cheaper than two lookups a row.
            "response": (
                f"SELECT r.referred_on, r.answered_on, r.paused_days, count(*) {_REFERRALS} "
                "WHERE +r.status = 'answered' GROUP BY 1, 2, 3",
                [],
            ),
            # In the covering index's order, so SQLite groups as it reads, without sorting.
            "groups": (
                "SELECT c.received_on, c.unit_id, c.category_id, c.channel, count(*), "
                "coalesce(sum(c.status = ?), 0), coalesce(sum(c.satisfaction = ?), 0), "
                "coalesce(sum(c.satisfaction = ?), 0) FROM c GROUP BY 1, 2, 3, 4",
                [closed, Satisfaction.SATISFIED.value, Satisfaction.NOT_SATISFIED.value],
            ),
            "overdue": (
                f"SELECT count(DISTINCT r.complaint_id) {_REFERRALS} WHERE {_OVERDUE_REFERRAL}",
                [q.today.isoformat()],
            ),
            "closure": (
                "SELECT c.received_on, c.closed_on, count(*) FROM c "
                "WHERE c.status = ? AND c.closed_on IS NOT NULL GROUP BY 1, 2",
                [closed],
            ),
        },
        split=("response",),
    )
    (previous_received,) = previous.one("SELECT count(*) FROM c")
    groups = _Groups(q, found["groups"])
    return Dashboard(
        received=groups.total,
        previous_received=int(previous_received),
        open=groups.total - groups.closed,
        overdue=int(found["overdue"][0][0]),
        closed=groups.closed,
        median_response_days=_median(
            (q.working_days(referred, answered) - paused, n)
            for referred, answered, paused, n in found["response"]
            if q.working_days(referred, answered) is not None
        ),
        median_closure_days=_median(
            (q.working_days(received, closed_on), n) for received, closed_on, n in found["closure"]
        ),
        satisfied=groups.satisfied,
        not_satisfied=groups.not_satisfied,
        top_units=_ranked(groups.units, q.names("unit"), TOP),
        top_categories=_ranked(groups.categories, q.names("category"), TOP),
        by_channel=_ranked(groups.channels, _channel_names(), None),
        by_month=[Count(ym, _month_text(ym), n) for ym, n in sorted(groups.months.items())],
    )


class _Groups:
    """The cohort's counts by day, unit, category and channel, summed up the ways the
    dashboard shows them."""

    def __init__(self, q: _Query, rows: list[tuple[Any, ...]]) -> None:
        self.total = self.closed = self.satisfied = self.not_satisfied = 0
        self.units: dict[int, int] = {}
        self.categories: dict[int, int] = {}
        self.months: dict[int, int] = {}
        self.channels: dict[str, int] = {}
        for day, unit, category, channel, count, closed, satisfied, not_satisfied in rows:
            n = int(count)
            self.total += n
            self.closed += int(closed)
            self.satisfied += int(satisfied)
            self.not_satisfied += int(not_satisfied)
            self.units[unit] = self.units.get(unit, 0) + n
            self.categories[category] = self.categories.get(category, 0) + n
            self.channels[channel] = self.channels.get(channel, 0) + n
            month = q.month(day)
            self.months[month] = self.months.get(month, 0) + n


def _ranked(counts: dict[Any, int], names: dict[Any, str], limit: int | None) -> list[Count]:
    """Largest first (ties by key), at most ``limit``."""
    order = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    return [Count(key, names.get(key, str(key)), n) for key, n in order[:limit]]


def _channel_names() -> dict[Any, str]:
    return {channel.value: label for channel, label in CHANNEL_LABELS.items()}


def _month_text(ym: int) -> str:
    from app.reports.filters import month_label

    return month_label(ym // 100, ym % 100)


# --- scorecard -------------------------------------------------------------------------------


# The column a row belongs to, for complaints (c), referrals (r) and measures (m).
_GROUP_COLUMNS: dict[Grouping, tuple[str, str, str]] = {
    Grouping.UNIT: ("c.unit_id", "r.unit_id", "m.unit_id"),
    Grouping.OFFICE: ("c.office_id", "c.office_id", "c.office_id"),
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
    about_column, referral_column, measure_column = _GROUP_COLUMNS[by]
    found = q.many(
        {
            "about": (
                f"SELECT {about_column}, count(*), coalesce(sum(c.satisfaction = ?), 0), "
                f"coalesce(sum(c.satisfaction = ?), 0) FROM c GROUP BY 1",
                [Satisfaction.SATISFIED.value, Satisfaction.NOT_SATISFIED.value],
            ),
            "referred": (
                f"SELECT {referral_column}, count(*), "
                "coalesce(sum(r.status = 'answered' AND r.answered_on <= r.due_on), 0), "
                "coalesce(sum(r.status = 'answered' AND r.answered_on > r.due_on), 0), "
                f"coalesce(sum({_OVERDUE_REFERRAL}), 0) {_REFERRALS} "
                "WHERE +r.status <> 'cancelled' GROUP BY 1",
                [q.today.isoformat()],
            ),
            "response": (
                f"SELECT {referral_column}, r.referred_on, r.answered_on, r.paused_days, "
                f"count(*) {_REFERRALS} WHERE +r.status = 'answered' GROUP BY 1, 2, 3, 4",
                [],
            ),
            "measures": (
                f"SELECT {measure_column}, m.kind, count(*) {_MEASURES} GROUP BY 1, 2",
                [],
            ),
        },
        split=("referred", "response"),
    )
    names = q.names(by.value)
    about = {int(group): row for group, *row in found["about"]}
    referred: dict[int, list[int]] = {}
    for group, *row in found["referred"]:  # a group's rows from each half of the range
        totals = referred.setdefault(int(group), [0, 0, 0, 0])
        for index, value in enumerate(row):
            totals[index] += int(value)
    medians = _group_medians(q, found["response"])
    measures: dict[int, dict[str, int]] = {}
    for group, kind, count in found["measures"]:
        measures.setdefault(int(group), {})[str(kind)] = int(count)
    scores = [
        _score(group, names.get(group, str(group)), about, referred, medians, measures)
        for group in sorted(set(about) | set(referred))
    ]
    return sorted(scores, key=_rank)


def _group_medians(q: _Query, rows: list[tuple[Any, ...]]) -> dict[int, float | None]:
    """Per group, the median working days from referral to response."""
    histograms: dict[int, list[tuple[int, int]]] = {}
    for group, referred, answered, paused, count in rows:
        days = q.working_days(referred, answered)
        if days is not None:
            histograms.setdefault(int(group), []).append((days - int(paused), int(count)))
    return {group: _median(pairs) for group, pairs in histograms.items()}


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
    cells = {
        (int(unit), int(category)): int(n)
        for unit, category, n in q.rows(
            "SELECT c.unit_id, c.category_id, count(*) FROM c GROUP BY 1, 2"
        )
    }
    return _heat_map(cells, q.names("unit"), q.names("category"))


UNKNOWN_COUNTY = "نامشخص"


def county_month_map(
    session: Session | None,
    report_filter: ReportFilter,
    today: dt.date | None = None,
    source: ReportSource = OFFICE,
) -> HeatMap:
    """Complaints by the complainant's county (rows; «نامشخص» without one) and Jalali month."""
    q = _Query.open(session, report_filter, today, source)
    rows = q.rows(
        "SELECT p.county, d.ym, count(*) FROM c CROSS JOIN report_day d ON d.day = c.received_on "
        "LEFT JOIN person p ON p.id = c.person_id GROUP BY 1, 2"
    )
    cells = {(county or None, int(ym)): int(n) for county, ym, n in rows}
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
        return [
            Count(key, names.get(key, str(key)), total)
            for key, total in sorted(totals.items(), key=lambda kv: (-kv[1], names.get(kv[0], "")))
        ]

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
        return _referral_exists(_OVERDUE_REFERRAL), [today.isoformat()]
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
