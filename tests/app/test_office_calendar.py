"""Working days and deadlines on the office calendar."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app import audit, office_calendar
from app.errors import PermissionDenied
from app.office_calendar import OfficeCalendar, load_calendar
from app.permissions import Role, Session

MONDAY = dt.date(2026, 11, 23)  # ۲ آذر ۱۴۰۵
THURSDAY, FRIDAY = dt.date(2026, 11, 26), dt.date(2026, 11, 27)
NOWRUZ = [dt.date(2026, 3, d) for d in (21, 22, 23, 24)]  # ۱ تا ۴ فروردین ۱۴۰۵


def test_friday_is_always_closed_and_thursday_is_a_setting() -> None:
    assert not OfficeCalendar(False, {}).is_working_day(FRIDAY)
    assert OfficeCalendar(False, {}).is_working_day(THURSDAY)
    closed = OfficeCalendar(True, {}).describe(THURSDAY)
    assert not closed.working and closed.reason == "پنجشنبه"
    assert OfficeCalendar(True, {}).describe(FRIDAY).reason == "جمعه"


def test_official_holidays_have_persian_names() -> None:
    calendar = OfficeCalendar(False, {})
    for day in NOWRUZ:
        info = calendar.describe(day)
        assert not info.working
        assert info.reason and "نوروز" in info.reason.replace("\u200c", "").replace(" ", "")


def test_holiday_names_carry_persian_digits() -> None:
    from app import office_calendar

    names = [office_calendar.official_holiday(day) for day in (dt.date(2026, 6, 5),)]
    named = [name for name in names if name]  # 15 Khordad 1405
    assert named and all(not any(c.isascii() and c.isdigit() for c in n) for n in named)
    assert any("۱۵" in name for name in named)


def test_deadlines_skip_weekends_and_nowruz() -> None:
    assert OfficeCalendar(True, {}).add_working_days(MONDAY, 5) == dt.date(2026, 11, 30)
    assert OfficeCalendar(False, {}).add_working_days(MONDAY, 5) == dt.date(2026, 11, 29)
    # Wednesday before Nowruz: Thursday, Friday and four days of Nowruz are closed.
    assert OfficeCalendar(True, {}).add_working_days(dt.date(2026, 3, 18), 3) == dt.date(
        2026, 3, 29
    )
    assert OfficeCalendar(True, {}).add_working_days(FRIDAY, 0) == dt.date(2026, 11, 28)


def test_corrections_close_an_ordinary_day_and_open_a_holiday() -> None:
    tuesday = dt.date(2026, 11, 24)
    closure = OfficeCalendar(True, {tuesday: (True, "تعطیلی به دلیل آلودگی هوا")})
    assert closure.describe(tuesday).reason == "تعطیلی به دلیل آلودگی هوا"
    assert closure.add_working_days(MONDAY, 5) == dt.date(2026, 12, 1)
    worked = OfficeCalendar(True, {NOWRUZ[3]: (False, "")})
    info = worked.describe(NOWRUZ[3])
    assert info.working and info.corrected and info.official_holiday


def test_a_jalali_month_view() -> None:
    days = OfficeCalendar(True, {}).month(1405, 1)
    assert len(days) == 31 and days[0].day == NOWRUZ[0]
    assert [d.working for d in days[:4]] == [False] * 4
    assert len(OfficeCalendar(True, {}).month(1405, 12)) in (29, 30)


def test_working_days_out_of_range_are_refused() -> None:
    with pytest.raises(ValueError):
        OfficeCalendar(True, {}).add_working_days(MONDAY, -1)


@settings(max_examples=150, deadline=None)
@given(
    start=st.dates(min_value=dt.date(2024, 3, 20), max_value=dt.date(2028, 3, 19)),
    count=st.integers(min_value=1, max_value=40),
    thursday_closed=st.booleans(),
)
def test_a_deadline_is_the_nth_working_day(
    start: dt.date, count: int, thursday_closed: bool
) -> None:
    calendar = OfficeCalendar(thursday_closed, {})
    due = calendar.add_working_days(start, count)
    assert calendar.is_working_day(due)
    assert calendar.working_days_between(start, due) == count
    assert calendar.working_days_between(start, due - dt.timedelta(days=1)) == count - 1
    assert calendar.working_days_between(due, start) == -count


@settings(max_examples=60, deadline=None)
@given(
    start=st.dates(min_value=dt.date(2023, 1, 1), max_value=dt.date(2027, 12, 31)),
    span=st.integers(min_value=-800, max_value=800),
    thursday_closed=st.booleans(),
)
def test_working_days_between_counts_each_day_across_years(
    start: dt.date, span: int, thursday_closed: bool
) -> None:
    closure, worked = dt.date(2025, 12, 31), dt.date(2026, 3, 21)  # a year's last day, Nowruz
    calendar = OfficeCalendar(thursday_closed, {closure: (True, ""), worked: (False, "")})
    end = start + dt.timedelta(days=span)
    first, last = min(start, end), max(start, end)
    by_day = sum(
        calendar.is_working_day(first + dt.timedelta(days=offset))
        for offset in range(1, (last - first).days + 1)
    )
    assert calendar.working_days_between(start, end) == (by_day if end >= start else -by_day)


def test_the_admin_corrects_the_calendar_and_it_is_audited(admin: Session) -> None:
    tuesday = dt.date(2026, 11, 24)
    office_calendar.correct_day(admin, tuesday, closed=True, note="آلودگی هوا")
    assert not load_calendar().is_working_day(tuesday)
    office_calendar.set_thursday_closed(admin, False)
    assert load_calendar().is_working_day(THURSDAY)
    office_calendar.reset_day(admin, tuesday)
    assert load_calendar().is_working_day(tuesday)
    assert audit.verify_chain().ok


def test_a_clerk_cannot_change_the_calendar(session_for) -> None:
    clerk = session_for(Role.CLERK)
    with pytest.raises(PermissionDenied):
        office_calendar.correct_day(clerk, MONDAY, closed=True)
    with pytest.raises(PermissionDenied):
        office_calendar.set_thursday_closed(clerk, False)
    assert load_calendar().is_working_day(MONDAY)


def test_deadlines_skip_a_lunar_holiday_with_thursday_on_and_off_and_overrides() -> None:
    tuesday = dt.date(2026, 6, 23)  # Tasua and Ashura 1448 fall on Wednesday and Thursday
    tasua, ashura = dt.date(2026, 6, 24), dt.date(2026, 6, 25)
    for thursday_closed in (True, False):
        calendar = OfficeCalendar(thursday_closed, {})
        assert "تاسوعا" in (calendar.describe(tasua).reason or "")
        assert not calendar.is_working_day(ashura)
        assert calendar.add_working_days(tuesday, 2) == dt.date(2026, 6, 28)
    # The week after: Thursday counts only when the office opens on Thursdays.
    assert OfficeCalendar(True, {}).add_working_days(tuesday, 6) == dt.date(2026, 7, 4)
    assert OfficeCalendar(False, {}).add_working_days(tuesday, 6) == dt.date(2026, 7, 2)
    worked = OfficeCalendar(True, {tasua: (False, "کشیک")})
    assert worked.add_working_days(tuesday, 2) == dt.date(2026, 6, 27)
    closed = OfficeCalendar(True, {dt.date(2026, 6, 27): (True, "آلودگی هوا")})
    assert closed.add_working_days(tuesday, 2) == dt.date(2026, 6, 29)
