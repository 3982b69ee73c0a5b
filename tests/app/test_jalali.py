"""Tests for app.jalali, the single calendar module."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app import jalali
from app.jalali import (
    MONTH_NAMES,
    WEEKDAY_NAMES,
    format_date,
    format_date_long,
    format_datetime,
    from_jalali,
    is_leap,
    month_bounds,
    month_length,
    parse_jalali,
    to_jalali,
    today,
    weekday_index,
)

FIRST = from_jalali(1300, 1, 1)
LAST = from_jalali(1430, 12, month_length(1430, 12))


@pytest.mark.parametrize(
    ("g", "j"),
    [
        (date(2026, 3, 21), (1405, 1, 1)),
        (date(2025, 3, 21), (1404, 1, 1)),
        (date(2024, 3, 20), (1403, 1, 1)),
        (date(2025, 3, 20), (1403, 12, 30)),
        (date(2026, 11, 23), (1405, 9, 2)),
        (date(1979, 2, 11), (1357, 11, 22)),
    ],
)
def test_known_pairs(g: date, j: tuple[int, int, int]) -> None:
    assert to_jalali(g) == j
    assert from_jalali(*j) == g


def test_leap_years() -> None:
    assert is_leap(1403)
    assert not is_leap(1404)
    assert from_jalali(1403, 12, 30) == date(2025, 3, 20)
    with pytest.raises(ValueError):
        from_jalali(1404, 12, 30)


@pytest.mark.parametrize(
    "ymd",
    [(1404, 13, 1), (1404, 0, 1), (1404, 1, 0), (1404, 1, 32), (1404, 7, 31), (1403, 12, 31)],
)
def test_from_jalali_invalid(ymd: tuple[int, int, int]) -> None:
    with pytest.raises(ValueError):
        from_jalali(*ymd)


@given(st.integers(1300, 1430), st.integers(1, 12))
def test_month_lengths(jy: int, jm: int) -> None:
    n = month_length(jy, jm)
    if jm <= 6:
        assert n == 31
    elif jm <= 11:
        assert n == 30
    else:
        assert n == (30 if is_leap(jy) else 29)
    first, last = month_bounds(jy, jm)
    assert (last - first).days == n - 1
    assert to_jalali(first) == (jy, jm, 1)
    assert to_jalali(last) == (jy, jm, n)
    assert to_jalali(last + timedelta(days=1))[2] == 1


@given(st.integers(1300, 1430))
def test_year_length(jy: int) -> None:
    days = (from_jalali(jy + 1, 1, 1) - from_jalali(jy, 1, 1)).days
    assert days == (366 if is_leap(jy) else 365)


@given(st.dates(min_value=FIRST, max_value=LAST))
def test_round_trip_gregorian(d: date) -> None:
    jy, jm, jd = to_jalali(d)
    assert 1300 <= jy <= 1430
    assert from_jalali(jy, jm, jd) == d
    assert parse_jalali(format_date(d)) == d
    assert parse_jalali(format_date(d, persian_digits=False)) == d


@given(st.integers(1300, 1430), st.integers(1, 12), st.integers(1, 31))
def test_round_trip_jalali(jy: int, jm: int, jd: int) -> None:
    if jd > month_length(jy, jm):
        assert parse_jalali(f"{jy}/{jm}/{jd}") is None
        return
    assert to_jalali(from_jalali(jy, jm, jd)) == (jy, jm, jd)


def test_consecutive_days() -> None:
    # Day-by-day walk over a few years: each Gregorian day is the next Jalali day.
    d = from_jalali(1402, 1, 1)
    prev = to_jalali(d)
    while d < from_jalali(1406, 1, 1):
        d += timedelta(days=1)
        cur = to_jalali(d)
        if cur[2] == 1:
            assert prev[2] == month_length(prev[0], prev[1])
            assert cur[:2] == ((prev[0], prev[1] + 1) if prev[1] < 12 else (prev[0] + 1, 1))
        else:
            assert cur == (prev[0], prev[1], prev[2] + 1)
        prev = cur


def test_names() -> None:
    assert len(MONTH_NAMES) == 12
    assert MONTH_NAMES[0] == "فروردین" and MONTH_NAMES[8] == "آذر" and MONTH_NAMES[11] == "اسفند"
    assert len(WEEKDAY_NAMES) == 7
    assert WEEKDAY_NAMES[0] == "شنبه" and WEEKDAY_NAMES[6] == "جمعه"


def test_weekday_index() -> None:
    assert weekday_index(date(2026, 11, 20)) == 6  # Friday
    assert weekday_index(date(2026, 11, 21)) == 0  # Saturday
    assert weekday_index(date(2026, 11, 19)) == 5  # Thursday
    assert weekday_index(date(2026, 3, 21)) == 0  # 1405/01/01 is a Saturday


def test_format_date() -> None:
    d = date(2026, 11, 23)
    assert format_date(d) == "۱۴۰۵/۰۹/۰۲"
    assert format_date(d, persian_digits=False) == "1405/09/02"
    assert format_date_long(d) == "۲ آذر ۱۴۰۵"
    assert format_date_long(date(2026, 3, 21)) == "۱ فروردین ۱۴۰۵"


@given(st.dates(min_value=FIRST, max_value=LAST))
def test_format_has_only_persian_digits(d: date) -> None:
    for s in (format_date(d), format_date_long(d)):
        assert not any(c in "0123456789" for c in s)


def test_format_datetime_utc_to_tehran() -> None:
    utc = datetime(2026, 11, 23, 10, 35, tzinfo=UTC)
    assert format_datetime(utc) == "۱۴۰۵/۰۹/۰۲ ساعت ۱۴:۰۵"
    assert format_datetime(utc, persian_digits=False) == "1405/09/02 ساعت 14:05"
    # Naive is taken as UTC.
    assert format_datetime(datetime(2026, 11, 23, 10, 35)) == "۱۴۰۵/۰۹/۰۲ ساعت ۱۴:۰۵"
    # Other zones are converted, not relabelled.
    berlin = datetime(2026, 11, 23, 11, 35, tzinfo=timezone(timedelta(hours=1)))
    assert format_datetime(berlin) == "۱۴۰۵/۰۹/۰۲ ساعت ۱۴:۰۵"


def test_format_datetime_crosses_midnight_and_summer() -> None:
    # 21:00 UTC is 00:30 the next day in Tehran.
    assert format_datetime(datetime(2026, 11, 22, 21, 0, tzinfo=UTC)) == "۱۴۰۵/۰۹/۰۲ ساعت ۰۰:۳۰"
    # No DST since 2022: summer is +03:30 too.
    summer = datetime(2026, 7, 1, 12, 0, tzinfo=UTC)
    assert jalali.to_tehran(summer).utcoffset() == timedelta(hours=3, minutes=30)
    assert format_datetime(summer, persian_digits=False).endswith("ساعت 15:30")


@pytest.mark.parametrize(
    "text",
    ["1405/9/2", "1405/09/02", "۱۴۰۵/۰۹/۰۲", "1405-09-02", "١٤٠٥/٠٩/٠٢", " 1405 / 9 / 2 "],
)
def test_parse_jalali_accepts(text: str) -> None:
    assert parse_jalali(text) == date(2026, 11, 23)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "1405",
        "1405/13/01",
        "1405/00/10",
        "1404/12/30",
        "1405/07/31",
        "05/09/02",
        "1405/9/2/1",
        "abcd/ef/gh",
        "²⁴⁰⁵/⁹/²",
        "1405/9/2x",
    ],
)
def test_parse_jalali_rejects(text: str) -> None:
    assert parse_jalali(text) is None


def test_parse_jalali_non_str() -> None:
    assert parse_jalali(None) is None
    assert parse_jalali(14050902) is None


@given(st.text())
def test_parse_jalali_never_raises(s: str) -> None:
    out = parse_jalali(s)
    assert out is None or isinstance(out, date)


def test_today_is_tehran_date() -> None:
    before = datetime.now(UTC)
    t = today()
    after = datetime.now(UTC)
    candidates = {(x + timedelta(hours=3, minutes=30)).date() for x in (before, after)}
    assert t in candidates
