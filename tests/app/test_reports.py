"""Report figures on a small case history whose every number is worked out by hand.

The office calendar: Friday off, Thursday closed (the default), and 1405/08/22 a holiday.
Working days between dates (after the first, up to the second):
  08/04 → 08/10 = 4 (08/05, 08/06, 08/09, 08/10)      08/05 → 08/20 = 11
  08/03 → 08/12 = 7                                    08/05 → 08/21 = 11 (08/21 is a Thursday)
Due dates: 08/04 + 10 working days = 08/18; 08/05 + 2 = 08/09; 08/11 + 3 = 08/16.

  A  unit 1, category 1, named, received 08/03, referred 08/04 (10 days), answered 08/10
     (in time), closed 08/12 substantiated, satisfied, a warning for unit 1
  B  unit 1, category 2, named, received 08/05, referred 08/05 (2 days), answered 08/20
     (late), closed 08/21, not satisfied
  C  unit 2, category 1, named, received 08/10, referred 08/11 (3 days), never answered:
     overdue on 09/10
  D  unit 2, category 1, named, received 08/15, not referred
  E  unit 1, category 1, anonymous, received 08/20
  F  unit 1, category 1, named, received 07/15: the month before
Reports are read on 1405/09/10 for Aban 1405 (08/01 – 08/30).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest

from app import closing, jalali, lists, referrals
from app.errors import PermissionDenied
from app.permissions import Role, Session
from app.referrals import ReferralRequest, ResponseInput
from app.reports import figures
from app.reports.figures import Drill, Figure
from app.reports.filters import Period, ReportFilter, period_range
from app.vocabulary import Channel, Identity, MeasureKind, Outcome, Satisfaction
from tests.app.helpers import register


def day(month: int, number: int, year: int = 1405) -> dt.date:
    return jalali.from_jalali(year, month, number)


TODAY = day(9, 10)
ABAN = ReportFilter(day(8, 1), day(8, 30))


@pytest.fixture
def manager(session_for) -> Session:
    return session_for(Role.MANAGER)  # type: ignore[no-any-return]


@pytest.fixture
def on(monkeypatch: pytest.MonkeyPatch) -> Callable[[dt.date], None]:
    """``on(date)``: from now on the office's today is ``date``."""

    def set_today(date: dt.date) -> None:
        monkeypatch.setattr(jalali, "today", lambda: date)

    set_today(TODAY)
    return set_today


@pytest.fixture
def cases(manager: Session, on: Callable[[dt.date], None]) -> dict[str, int]:
    return build_cases(manager, on)


def build_cases(manager: Session, on: Callable[[dt.date], None]) -> dict[str, int]:
    """The case history of the module docstring, in the open office database."""
    units = lists.list_units(manager)
    categories = lists.list_categories(manager)
    u1, u2, c1, c2 = units[0].id, units[1].id, categories[0].id, categories[1].id

    def complaint(unit: int, category: int, received: dt.date, **extra: object) -> int:
        on(received)
        return register(
            manager, unit_id=unit, category_id=category, received_on=received, **extra
        ).complaint_id

    def refer(complaint_id: int, unit: int, when: dt.date, days: int) -> int:
        on(when)
        request = ReferralRequest(complaint_id, (unit,), deadline_days=days)
        return referrals.refer(manager, request)[0].id

    def answer(referral_id: int, when: dt.date) -> None:
        on(when)
        referrals.record_response(manager, ResponseInput(referral_id, when, "بررسی شد."))

    def close(complaint_id: int, when: dt.date, satisfaction: Satisfaction) -> None:
        on(when)
        request = closing.ClosingRequest(complaint_id, Outcome.SUBSTANTIATED, issue_reply=False)
        closing.close(manager, request)
        closing.record_satisfaction(manager, complaint_id, satisfaction)

    made = {
        "A": complaint(u1, c1, day(8, 3)),
        "B": complaint(u1, c2, day(8, 5)),
        "C": complaint(u2, c1, day(8, 10)),
        "D": complaint(u2, c1, day(8, 15), channel=Channel.PHONE),
        "E": complaint(
            u1, c1, day(8, 20), identity=Identity.ANONYMOUS, full_name="", national_code="",
            mobile="", address="", county="",
        ),
        "F": complaint(u1, c1, day(7, 15)),
    }  # fmt: skip
    answer(refer(made["A"], u1, day(8, 4), 10), day(8, 10))
    close(made["A"], day(8, 12), Satisfaction.SATISFIED)
    closing.record_measure(
        manager, closing.MeasureInput(made["A"], u1, MeasureKind.WARNING, decided_on=day(8, 12))
    )
    answer(refer(made["B"], u1, day(8, 5), 2), day(8, 20))
    close(made["B"], day(8, 21), Satisfaction.NOT_SATISFIED)
    refer(made["C"], u2, day(8, 11), 3)
    on(TODAY)
    return {**made, "u1": u1, "u2": u2, "c1": c1, "c2": c2}


def test_the_dashboard(manager: Session, cases: dict[str, int]) -> None:
    board = figures.dashboard(manager, ABAN, TODAY)
    assert (board.received, board.previous_received) == (5, 1)
    assert (board.open, board.closed, board.overdue) == (3, 2, 1)
    assert board.median_response_days == 7.5  # 4 and 11
    assert board.median_closure_days == 9  # 7 and 11
    assert (board.satisfied, board.not_satisfied, board.satisfaction_rate) == (1, 1, 0.5)
    assert board.change == 4.0  # 5 against 1
    assert [(c.key, c.count) for c in board.top_units] == [(cases["u1"], 3), (cases["u2"], 2)]
    assert [(c.key, c.count) for c in board.top_categories] == [
        (cases["c1"], 4),
        (cases["c2"], 1),
    ]
    assert [(c.label, c.count) for c in board.by_channel] == [("حضوری", 4), ("تلفن", 1)]
    assert [(c.label, c.count) for c in board.by_month] == [("آبان ۱۴۰۵", 5)]


def test_every_dashboard_figure_opens_its_complaints(
    manager: Session, cases: dict[str, int]
) -> None:
    def ids(figure: Figure, key: object = None) -> set[int]:
        return set(figures.complaint_ids(manager, ABAN, Drill(figure, key), TODAY))

    a, b, c, d, e = (cases[name] for name in "ABCDE")
    assert ids(Figure.RECEIVED) == {a, b, c, d, e}
    assert ids(Figure.OPEN) == {c, d, e}
    assert ids(Figure.CLOSED) == {a, b}
    assert ids(Figure.OVERDUE) == {c}
    assert ids(Figure.SATISFIED) == {a} and ids(Figure.NOT_SATISFIED) == {b}
    assert ids(Figure.UNIT, cases["u1"]) == {a, b, e}
    assert ids(Figure.CATEGORY, cases["c2"]) == {b}
    assert ids(Figure.CHANNEL, "phone") == {d}
    assert ids(Figure.MONTH, 140508) == {a, b, c, d, e}
    assert ids(Figure.CELL, (cases["u2"], cases["c1"])) == {c, d}
    assert ids(Figure.COUNTY_MONTH, (None, 140508)) == {e}
    assert ids(Figure.COUNTY_MONTH, ("بندرعباس", 140508)) == {a, b, c, d}
    assert ids(Figure.REFERRED_TO, cases["u1"]) == {a, b}
    assert ids(Figure.IN_TIME, cases["u1"]) == {a}
    assert ids(Figure.LATE, cases["u1"]) == {b}
    assert ids(Figure.UNIT_OVERDUE, cases["u2"]) == {c}
    newest_first = figures.complaint_ids(manager, ABAN, Drill(Figure.RECEIVED), TODAY)
    assert newest_first == [e, d, c, b, a]


def test_the_scorecard(manager: Session, cases: dict[str, int]) -> None:
    first, second = figures.scorecard(manager, ABAN, TODAY)
    assert first.unit_id == cases["u1"] and second.unit_id == cases["u2"]
    assert (first.received, first.referred, first.in_time, first.late, first.overdue) == (
        3, 2, 1, 1, 0,
    )  # fmt: skip
    assert first.median_response_days == 7.5 and first.on_time_rate == 0.5
    assert (first.warnings, first.commendations, first.dismissals) == (1, 0, 0)
    assert first.satisfaction_rate == 0.5
    assert (second.received, second.referred, second.in_time, second.overdue) == (2, 1, 0, 1)
    assert second.median_response_days is None and second.on_time_rate == 0.0
    assert second.satisfaction_rate is None


def test_filters_narrow_every_figure(manager: Session, cases: dict[str, int]) -> None:
    only_u2 = ReportFilter(ABAN.start, ABAN.end, unit_id=cases["u2"])
    board = figures.dashboard(manager, only_u2, TODAY)
    assert (board.received, board.open, board.overdue, board.closed) == (2, 2, 1, 0)
    by_phone = ReportFilter(ABAN.start, ABAN.end, channel=Channel.PHONE)
    assert figures.dashboard(manager, by_phone, TODAY).received == 1
    mehr = ReportFilter(day(7, 1), day(7, 30))
    assert figures.dashboard(manager, mehr, TODAY).received == 1


def test_the_heat_maps(manager: Session, cases: dict[str, int]) -> None:
    units = figures.unit_category_map(manager, ABAN, TODAY)
    u1, u2, c1, c2 = (cases[key] for key in ("u1", "u2", "c1", "c2"))
    assert units.cells == {(u1, c1): 2, (u1, c2): 1, (u2, c1): 2}
    assert [(row.key, row.count) for row in units.rows] == [(u1, 3), (u2, 2)]
    assert units.maximum == 2
    counties = figures.county_month_map(manager, ABAN, TODAY)
    assert counties.cells == {("بندرعباس", 140508): 4, (None, 140508): 1}
    assert [row.label for row in counties.rows] == ["بندرعباس", "نامشخص"]
    assert [column.label for column in counties.columns] == ["آبان ۱۴۰۵"]


def test_reports_are_for_managers_and_inspectors(
    session_for,
    cases: dict[str, int],
) -> None:
    figures.dashboard(session_for(Role.INSPECTOR), ABAN, TODAY)
    for role in (Role.CLERK, Role.DATA_ENTRY, Role.SYNC_OPERATOR):
        with pytest.raises(PermissionDenied):
            figures.dashboard(session_for(role), ABAN, TODAY)


# --- Jalali month boundaries -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("today", "first"),
    [
        (day(1, 31), day(1, 1)),  # 31-day month
        (day(7, 1), day(7, 1)),  # its first day
        (day(12, 10, 1404), day(12, 1, 1404)),  # Esfand of a common year
        (day(12, 30, 1403), day(12, 1, 1403)),  # leap Esfand
    ],
)
def test_this_month_runs_from_its_first_day_to_today(today: dt.date, first: dt.date) -> None:
    assert period_range(Period.THIS_MONTH, today) == (first, today)


def test_last_month_and_this_year_across_the_new_year() -> None:
    nowruz = day(1, 1)
    assert period_range(Period.LAST_MONTH, nowruz) == (day(12, 1, 1404), day(12, 29, 1404))
    assert period_range(Period.THIS_YEAR, nowruz) == (day(1, 1), nowruz)
    assert period_range(Period.THIS_YEAR, day(6, 6, 1403)) == (day(1, 1, 1403), day(6, 6, 1403))
    assert ReportFilter(day(1, 1), day(1, 31)).previous() == ReportFilter(
        day(12, 1, 1404), day(12, 29, 1404)
    )
    ten_days = ReportFilter(day(2, 11), day(2, 20))
    assert ten_days.previous() == ReportFilter(day(2, 1), day(2, 10))


@pytest.mark.parametrize(
    ("start", "end", "before"),
    [
        # this month so far (1–17 Azar) against the same days of Aban, not all of Aban
        (day(9, 1), day(9, 17), (day(8, 1), day(8, 17))),
        # a whole Esfand (29 days) against all of Bahman (30)
        (day(12, 1, 1404), day(12, 29, 1404), (day(11, 1, 1404), day(11, 30, 1404))),
        # a whole Mehr (30 days) against all of Shahrivar (31)
        (day(7, 1), day(7, 30), (day(6, 1), day(6, 31))),
        # this year so far (to 17 Azar) against the same days of last year
        (day(1, 1), day(9, 17), (day(1, 1, 1404), day(9, 17, 1404))),
        # a whole common year against all of the leap year before it
        (day(1, 1, 1404), day(12, 29, 1404), (day(1, 1, 1403), day(12, 30, 1403))),
        # a month's first days, Farvardin so far, against Esfand's first days
        (day(1, 1), day(1, 10), (day(12, 1, 1404), day(12, 10, 1404))),
    ],
)
def test_a_period_is_compared_with_the_same_days_before_it(
    start: dt.date, end: dt.date, before: tuple[dt.date, dt.date]
) -> None:
    assert ReportFilter(start, end).previous() == ReportFilter(*before)


def test_the_filter_in_persian() -> None:
    text = ABAN.describe()
    assert text == "دریافت‌شده از ۱۴۰۵/۰۸/۰۱ تا ۱۴۰۵/۰۸/۳۰"
    narrowed = ReportFilter(ABAN.start, ABAN.end, unit_id=3, channel=Channel.PHONE)
    assert narrowed.describe("شهرداری") == text + "؛ واحد: شهرداری؛ شیوه‌ی دریافت: تلفن"
