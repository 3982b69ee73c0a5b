"""What a report covers: a Jalali date range (by the day a complaint was received) and
optional unit, category, channel, kind and status; and the SQL that selects it.

Every report counts the complaints received in the range (a cohort) and follows each of
them: its referrals, its response, its closing, its measures and satisfaction. So "this
month" means "what came in this month, and what has happened to it since".
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from enum import StrEnum

from app import jalali
from app.persian import to_persian_digits
from app.vocabulary import CHANNEL_LABELS, KIND_LABELS, STATUS_LABELS, Channel, Kind, Status


class Period(StrEnum):
    THIS_MONTH = "this_month"
    LAST_MONTH = "last_month"
    THIS_YEAR = "this_year"
    CUSTOM = "custom"


PERIOD_LABELS: dict[Period, str] = {
    Period.THIS_MONTH: "این ماه",
    Period.LAST_MONTH: "ماه گذشته",
    Period.THIS_YEAR: "امسال",
    Period.CUSTOM: "بازه‌ی دلخواه",
}


def month_of(day: dt.date) -> tuple[int, int]:
    jy, jm, _ = jalali.to_jalali(day)
    return jy, jm


def previous_month(jy: int, jm: int) -> tuple[int, int]:
    return (jy - 1, 12) if jm == 1 else (jy, jm - 1)


def period_range(period: Period, today: dt.date) -> tuple[dt.date, dt.date]:
    """The first and last days of a Jalali period containing (or just before) ``today``.

    "This month" and "this year" run to today: a range that ends in the future would read
    as if its last days had been counted, and is compared with the same days before it.
    """
    jy, jm = month_of(today)
    if period is Period.THIS_MONTH:
        return jalali.month_bounds(jy, jm)[0], today
    if period is Period.LAST_MONTH:
        return jalali.month_bounds(*previous_month(jy, jm))
    if period is Period.THIS_YEAR:
        return jalali.month_bounds(jy, 1)[0], today
    raise ValueError("a custom period has no fixed range")


def _year_bounds(jy: int) -> tuple[dt.date, dt.date]:
    return jalali.month_bounds(jy, 1)[0], jalali.month_bounds(jy, 12)[1]


def _like_for_like(
    start: dt.date, end: dt.date, bounds: tuple[dt.date, dt.date], before: tuple[dt.date, dt.date]
) -> tuple[dt.date, dt.date]:
    """``before``'s counterpart of ``start``…``end`` (which begins where ``bounds`` begins):
    all of it for a whole month or year, else as many days from its first."""
    if end == bounds[1]:
        return before
    return before[0], min(before[1], before[0] + (end - start))


@dataclass(frozen=True)
class ReportFilter:
    start: dt.date  # inclusive, by received_on
    end: dt.date  # inclusive
    unit_id: int | None = None
    category_id: int | None = None
    channel: Channel | None = None
    kind: Kind | None = None
    status: Status | None = None
    office_id: int | None = None  # on a central snapshot only

    @classmethod
    def of_period(cls, period: Period, today: dt.date | None = None) -> ReportFilter:
        start, end = period_range(period, today or jalali.today())
        return cls(start, end)

    def previous(self) -> ReportFilter:
        """The stretch to compare with, like for like: a Jalali month, or its days so far,
        against the same days of the month before (1–17 Azar against 1–17 Aban); a year, or
        its days so far, against the same days of the year before; any other range against
        as many days just before it."""
        jy, jm, jd = jalali.to_jalali(self.start)
        end_year, end_month, _ = jalali.to_jalali(self.end)
        if (jm, jd) == (1, 1) and end_year == jy and self.end > jalali.month_bounds(jy, 1)[1]:
            start, end = _like_for_like(
                self.start, self.end, _year_bounds(jy), _year_bounds(jy - 1)
            )
        elif jd == 1 and (end_year, end_month) == (jy, jm):
            month = jalali.month_bounds(jy, jm)
            start, end = _like_for_like(
                self.start, self.end, month, jalali.month_bounds(*previous_month(jy, jm))
            )
        else:
            length = self.end - self.start
            end = self.start - dt.timedelta(days=1)
            start = end - length
        return replace(self, start=start, end=end)

    def where(self, alias: str = "c") -> tuple[str, list[object]]:
        """SQL conditions on the complaint table (as ``alias``) and their parameters."""
        parts = [f"{alias}.received_on BETWEEN ? AND ?"]
        params: list[object] = [self.start.isoformat(), self.end.isoformat()]
        for column, value in (
            ("unit_id", self.unit_id),
            ("category_id", self.category_id),
            ("channel", self.channel),
            ("kind", self.kind),
            ("status", self.status),
            ("office_id", self.office_id),
        ):
            if value is not None:
                parts.append(f"{alias}.{column} = ?")
                params.append(str(value) if isinstance(value, StrEnum) else value)
        return " AND ".join(parts), params

    def describe(
        self,
        unit_name: str | None = None,
        category_name: str | None = None,
        office_name: str | None = None,
    ) -> str:
        """The filter in Persian, for a report's subtitle."""
        text = f"دریافت‌شده از {jalali.format_date(self.start)} تا {jalali.format_date(self.end)}"
        extras = [
            f"دفتر: {office_name}" if self.office_id is not None and office_name else "",
            f"واحد: {unit_name}" if self.unit_id is not None and unit_name else "",
            f"موضوع: {category_name}" if self.category_id is not None and category_name else "",
            f"شیوه‌ی دریافت: {CHANNEL_LABELS[self.channel]}" if self.channel else "",
            f"نوع: {KIND_LABELS[self.kind]}" if self.kind else "",
            f"وضعیت: {STATUS_LABELS[self.status]}" if self.status else "",
        ]
        return "؛ ".join([text, *[e for e in extras if e]])


def month_label(jy: int, jm: int) -> str:
    """«آذر ۱۴۰۵»."""
    return f"{jalali.MONTH_NAMES[jm - 1]} {to_persian_digits(jy)}"
