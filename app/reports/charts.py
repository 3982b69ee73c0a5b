"""The dashboard's bar charts as data: what the screen draws with QtCharts and the printed
report with reportlab, from one place, so paper shows what the screen shows.

A :class:`~app.reports.tabular.BarChart` is a title and labelled counts in reading order
(the first is drawn at the right, where a Persian reader starts). :func:`nice_axis` picks
the value axis both draw: whole-number ticks, a little headroom above the longest bar for
its number.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from app import jalali
from app.persian import to_persian_digits
from app.reports.figures import Count
from app.reports.tabular import BarChart

__all__ = [
    "CHANNEL_CHART_TITLE",
    "MONTH_CHART_TITLE",
    "BarChart",
    "channel_chart",
    "month_bars",
    "month_chart",
    "nice_axis",
]

MAX_TICKS = 6  # value-axis gridlines: enough to read a bar, few enough to stay quiet
HEADROOM = 1.15  # room past the longest bar for its value label

MONTH_CHART_TITLE = "شکایت‌ها به تفکیک ماه"
CHANNEL_CHART_TITLE = "شکایت‌ها به تفکیک شیوه‌ی دریافت"


def nice_axis(maximum: int, max_ticks: int = MAX_TICKS) -> tuple[int, int]:
    """(axis maximum, tick count) for counts up to ``maximum``: whole-number ticks only.

    The step is 1, 2 or 5 times a power of ten, so a small count never gets a 0.5 tick.
    """
    top = max(1, math.ceil(maximum * HEADROOM))
    step = 1
    while math.ceil(top / step) + 1 > max(2, max_ticks):
        step = _next_step(step)
    ticks = math.ceil(top / step)
    return ticks * step, ticks + 1


def _next_step(step: int) -> int:
    lead = int(str(step)[0])
    return step * 2 if lead in (1, 5) else step * 5 // 2  # 1, 2, 5, 10, 20, 50, ...


def month_bars(months: Sequence[Count]) -> tuple[int | None, list[Count]]:
    """The months' counts as their bars are labelled, and the year when there is one.

    Months of one year are named alone («مهر») and the year goes into the chart's title:
    short labels stand level under their bars. Months of several years keep their years.
    """
    years = {int(count.key) // 100 for count in months}  # type: ignore[call-overload]
    if len(years) != 1:
        return None, list(months)
    (year,) = years
    named = [
        Count(c.key, jalali.MONTH_NAMES[int(c.key) % 100 - 1], c.count)  # type: ignore[call-overload]
        for c in months
    ]
    return year, named


def month_chart(months: Sequence[Count]) -> BarChart:
    """The dashboard's chart of complaints by month, titled in Persian."""
    year, named = month_bars(months)
    title = MONTH_CHART_TITLE if year is None else f"{MONTH_CHART_TITLE}، {to_persian_digits(year)}"
    return BarChart(title, tuple((c.label, c.count) for c in named))


def channel_chart(channels: Sequence[Count]) -> BarChart:
    """The dashboard's chart of complaints by channel, titled in Persian."""
    return BarChart(CHANNEL_CHART_TITLE, tuple((c.label, c.count) for c in channels))
