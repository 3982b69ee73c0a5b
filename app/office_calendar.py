"""The office's working calendar: weekends, official holidays and the admin's corrections.

Deadlines count working days. The week starts on Saturday; Friday is always the weekend;
Thursday is a setting because offices differ. Official holidays come from the ``holidays``
package (country IR, Persian names); the admin adds closures or marks a listed holiday as
worked, since lunar holidays are announced late.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache

import holidays

from app import audit, jalali, office, settings
from app.errors import ValidationError
from app.permissions import Action, Session, require
from app.persian import clean_line, to_persian_digits
from db.connection import write_transaction
from db.models import CalendarDay

THURSDAY_SETTING = "calendar.thursday_closed"
FRIDAY, THURSDAY = 6, 5  # jalali.weekday_index: Saturday is 0
MAX_WORKING_DAYS = 3650  # a deadline beyond ten years is a typo, not a plan


@dataclass(frozen=True)
class DayInfo:
    day: dt.date
    working: bool
    reason: str | None  # why the office is closed (or the note on a worked holiday)
    official_holiday: str | None  # the holidays package's name, if any
    corrected: bool  # the admin changed this day


@lru_cache(maxsize=64)
def _official(year: int) -> dict[dt.date, str]:
    """The year's official holidays by their Persian names, digits Persian too (the package
    writes «قیام 15 خرداد»)."""
    listed = holidays.country_holidays("IR", years=[year], language="fa_IR").items()
    return {day: to_persian_digits(name) for day, name in listed}


def official_holiday(day: dt.date) -> str | None:
    return _official(day.year).get(day)


class OfficeCalendar:
    """A snapshot of the calendar rules; cheap to query day by day."""

    def __init__(self, thursday_closed: bool, corrections: dict[dt.date, tuple[bool, str]]) -> None:
        self.thursday_closed = thursday_closed
        self.corrections = corrections
        self._years: dict[int, list[int]] = {}  # working days so far, day by day of each year

    def describe(self, day: dt.date) -> DayInfo:
        holiday = official_holiday(day)
        if day in self.corrections:
            closed, note = self.corrections[day]
            return DayInfo(day, not closed, note or holiday, holiday, True)
        weekday = jalali.weekday_index(day)
        if weekday == FRIDAY:
            return DayInfo(day, False, jalali.WEEKDAY_NAMES[FRIDAY], holiday, False)
        if holiday is not None:
            return DayInfo(day, False, holiday, holiday, False)
        if weekday == THURSDAY and self.thursday_closed:
            return DayInfo(day, False, jalali.WEEKDAY_NAMES[THURSDAY], None, False)
        return DayInfo(day, True, None, None, False)

    def is_working_day(self, day: dt.date) -> bool:
        return self.describe(day).working

    def add_working_days(self, start: dt.date, count: int) -> dt.date:
        """The day ``count`` working days after ``start`` (``start`` itself not counted).

        With ``count == 0`` the answer is ``start`` if it is a working day, else the next one.
        """
        if not 0 <= count <= MAX_WORKING_DAYS:
            raise ValueError(f"working days out of range: {count}")
        day = start
        if count == 0:
            while not self.is_working_day(day):
                day += dt.timedelta(days=1)
            return day
        remaining = count
        while remaining:
            day += dt.timedelta(days=1)
            if self.is_working_day(day):
                remaining -= 1
        return day

    def working_days_between(self, start: dt.date, end: dt.date) -> int:
        """Working days after ``start`` up to and including ``end`` (negative if end < start)."""
        if end < start:
            return -self.working_days_between(end, start)
        # Working days through ``end`` less those through ``start``, each year counted once
        # (a referral two years late is a lookup, not 730 days described one by one).
        full_years = sum(self._year(year)[-1] for year in range(start.year, end.year))
        return full_years + self._through(end) - self._through(start)

    def _year(self, year: int) -> list[int]:
        """How many working days ``year`` has had by each of its days (1 January first)."""
        counts = self._years.get(year)
        if counts is None:
            first, total, counts = dt.date(year, 1, 1), 0, []
            for offset in range((dt.date(year + 1, 1, 1) - first).days):
                total += self.is_working_day(first + dt.timedelta(days=offset))
                counts.append(total)
            self._years[year] = counts
        return counts

    def _through(self, day: dt.date) -> int:
        return self._year(day.year)[day.timetuple().tm_yday - 1]

    def month(self, jalali_year: int, jalali_month: int) -> list[DayInfo]:
        first, last = jalali.month_bounds(jalali_year, jalali_month)
        return [
            self.describe(first + dt.timedelta(days=offset))
            for offset in range((last - first).days + 1)
        ]


def load_calendar() -> OfficeCalendar:
    thursday_closed = settings.read_bool(THURSDAY_SETTING)
    corrections = {row.day: (bool(row.closed), str(row.note)) for row in CalendarDay.select()}
    return OfficeCalendar(thursday_closed, corrections)


def set_thursday_closed(session: Session, closed: bool) -> None:
    office.set_setting(session, THURSDAY_SETTING, "1" if closed else "0")


def correct_day(session: Session, day: dt.date, *, closed: bool, note: str = "") -> None:
    """Close the office on ``day`` (an ad-hoc closure) or open it (a listed holiday worked)."""
    require(session, Action.MANAGE_OFFICE)
    text = clean_line(note)
    if len(text) > 200:
        raise ValidationError({"note": "توضیح بیش از ۲۰۰ نویسه است."})
    with write_transaction():
        before = CalendarDay.get_or_none(CalendarDay.day == day)
        CalendarDay.insert(day=day, closed=closed, note=text).on_conflict(
            conflict_target=[CalendarDay.day],
            update={CalendarDay.closed: closed, CalendarDay.note: text},
        ).execute()
        audit.record(
            session.username,
            "calendar_day_set",
            "calendar_day",
            day.isoformat(),
            {"closed": before.closed, "note": before.note} if before else None,
            {"closed": closed, "note": text},
        )


def reset_day(session: Session, day: dt.date) -> None:
    """Forget the admin's correction: the day follows the weekend and official holidays."""
    require(session, Action.MANAGE_OFFICE)
    with write_transaction():
        before = CalendarDay.get_or_none(CalendarDay.day == day)
        if before is None:
            return
        before.delete_instance()
        audit.record(
            session.username,
            "calendar_day_reset",
            "calendar_day",
            day.isoformat(),
            {"closed": before.closed, "note": before.note},
            None,
        )
