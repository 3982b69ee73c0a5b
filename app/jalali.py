"""The one calendar module (architecture: Calendar and deadlines): Gregorian <-> Jalali and Persian
formatting.

Dates are stored as Gregorian ``datetime.date`` and timestamps as UTC; this module
is the only place that converts them for display or parses what users type.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta, timezone, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import jdatetime

from app.persian import to_ascii_digits, to_persian_digits

__all__ = [
    "MONTH_NAMES",
    "TEHRAN",
    "WEEKDAY_NAMES",
    "format_date",
    "format_date_long",
    "format_datetime",
    "from_jalali",
    "is_leap",
    "month_bounds",
    "month_length",
    "parse_jalali",
    "to_jalali",
    "today",
    "weekday_index",
]


def _tehran_zone() -> tzinfo:
    try:
        return ZoneInfo("Asia/Tehran")
    except ZoneInfoNotFoundError:
        # Windows has no system tz database unless the tzdata package is installed.
        # Iran abolished DST in 2022, so a fixed +03:30 is right for current dates.
        return timezone(timedelta(hours=3, minutes=30), "+0330")


TEHRAN: tzinfo = _tehran_zone()

MONTH_NAMES: tuple[str, ...] = (
    "فروردین",
    "اردیبهشت",
    "خرداد",
    "تیر",
    "مرداد",
    "شهریور",
    "مهر",
    "آبان",
    "آذر",
    "دی",
    "بهمن",
    "اسفند",
)

# Index 0 is Saturday, the first day of the Iranian week.
WEEKDAY_NAMES: tuple[str, ...] = (
    "شنبه",
    "یکشنبه",
    "دوشنبه",
    "سه\u200cشنبه",
    "چهارشنبه",
    "پنجشنبه",
    "جمعه",
)

_DATE_TEXT = re.compile(r"(\d{4})\s*[/\-.]\s*(\d{1,2})\s*[/\-.]\s*(\d{1,2})")


def to_jalali(d: date) -> tuple[int, int, int]:
    """Gregorian date -> (year, month, day) in the Jalali calendar."""
    j = jdatetime.date.fromgregorian(date=d)
    return int(j.year), int(j.month), int(j.day)


def from_jalali(jy: int, jm: int, jd: int) -> date:
    """Jalali (year, month, day) -> Gregorian date; ValueError if it does not exist."""
    for v in (jy, jm, jd):
        if isinstance(v, bool) or not isinstance(v, int):
            raise ValueError(f"Jalali date parts must be ints: {(jy, jm, jd)!r}")
    if not 1 <= jm <= 12 or not 1 <= jd <= month_length(jy, jm):
        raise ValueError(f"no such Jalali date: {jy}/{jm}/{jd}")
    try:
        g = jdatetime.date(jy, jm, jd).togregorian()
    except (ValueError, OverflowError) as exc:  # year outside what jdatetime/date handle
        raise ValueError(f"no such Jalali date: {jy}/{jm}/{jd}") from exc
    return date(g.year, g.month, g.day)


def is_leap(jy: int) -> bool:
    """True if Jalali year ``jy`` has 366 days (Esfand has 30 days)."""
    return bool(jdatetime.date(jy, 1, 1).isleap())


def month_length(jy: int, jm: int) -> int:
    """Days in Jalali month ``jm`` of year ``jy``."""
    if not 1 <= jm <= 12:
        raise ValueError(f"Jalali month out of range: {jm}")
    if jm <= 6:
        return 31
    if jm <= 11:
        return 30
    return 30 if is_leap(jy) else 29


def month_bounds(jy: int, jm: int) -> tuple[date, date]:
    """First and last (inclusive) Gregorian dates of a Jalali month."""
    return from_jalali(jy, jm, 1), from_jalali(jy, jm, month_length(jy, jm))


def weekday_index(d: date) -> int:
    """Day of the Iranian week: Saturday = 0 … Friday = 6."""
    # Python counts Monday = 0, so Saturday (5) moves to 0.
    return (d.weekday() + 2) % 7


def _digits(s: str, persian_digits: bool) -> str:
    return to_persian_digits(s) if persian_digits else s


def format_date(d: date, persian_digits: bool = True) -> str:
    """``۱۴۰۵/۰۹/۰۲``; pass ``persian_digits=False`` for ``1405/09/02``."""
    jy, jm, jd = to_jalali(d)
    return _digits(f"{jy:04d}/{jm:02d}/{jd:02d}", persian_digits)


def format_date_long(d: date, persian_digits: bool = True) -> str:
    """``۲ آذر ۱۴۰۵``."""
    jy, jm, jd = to_jalali(d)
    day, year = _digits(str(jd), persian_digits), _digits(str(jy), persian_digits)
    return f"{day} {MONTH_NAMES[jm - 1]} {year}"


def to_tehran(dt: datetime) -> datetime:
    """An aware datetime (naive is taken as UTC) in Tehran local time."""
    if dt.tzinfo is None or dt.utcoffset() is None:
        dt = dt.replace(tzinfo=UTC)
    return dt.astimezone(TEHRAN)


def format_datetime(dt: datetime, persian_digits: bool = True) -> str:
    """``۱۴۰۵/۰۹/۰۲ ساعت ۱۴:۰۵`` in Tehran time; naive ``dt`` is taken as UTC."""
    local = to_tehran(dt)
    day = format_date(local.date(), persian_digits)
    return f"{day} ساعت {_digits(f'{local.hour:02d}:{local.minute:02d}', persian_digits)}"


def parse_jalali(text: object) -> date | None:
    """Parse ``1405/9/2``, ``۱۴۰۵/۰۹/۰۲`` or ``1405-09-02``; None if not a real date."""
    if not isinstance(text, str):
        return None
    m = _DATE_TEXT.fullmatch(to_ascii_digits(text).strip())
    # \d also matches non-ASCII digits; int() would accept them, so insist on ASCII.
    if m is None or not m.group(0).isascii():
        return None
    try:
        return from_jalali(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return None


def today() -> date:
    """Today's date in Tehran (the office's calendar day, not the machine's zone)."""
    return datetime.now(TEHRAN).date()
