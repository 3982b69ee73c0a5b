"""The dashboard's bar charts as data: what the screen draws with QtCharts and the printed
report with reportlab, from one place, so paper shows what the screen shows.

A :class:`~app.reports.tabular.BarChart` is a title and labelled counts in reading order
(the first is drawn at the right, where a Persian reader starts). :func:`nice_axis` picks
the value axis both draw: whole-number ticks, a little headroom above the longest bar for
its number.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from app import jalali
from app.persian import to_persian_digits
from app.reports.figures import Count
from app.reports.tabular import BarChart

__all__ = [
    "CHANNEL_CHART_TITLE",
    "MONTH_CHART_TITLE",
    "BarChart",
    "LabelLayout",
    "channel_chart",
    "label_layout",
    "month_bars",
    "month_chart",
    "nice_axis",
    "two_lines",
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


@dataclass(frozen=True)
class LabelLayout:
    """How the labels under a chart's bars stand: each bar's lines, and whether upright."""

    lines: tuple[tuple[str, ...], ...]
    upright: bool

    @property
    def rows(self) -> int:
        return max((len(lines) for lines in self.lines), default=1)


def two_lines(label: str, width: Callable[[str], float]) -> tuple[str, ...]:
    """``label`` broken at the space that makes its two lines most nearly as wide (one line
    if it is one word)."""
    words = label.split()
    if len(words) < 2:
        return (label,)
    cut = min(
        range(1, len(words)),
        key=lambda i: abs(width(" ".join(words[:i])) - width(" ".join(words[i:]))),
    )
    return (" ".join(words[:cut]), " ".join(words[cut:]))


def label_layout(
    labels: Sequence[str],
    slot: float,
    room: float,
    width: Callable[[str], float],
    elide: Callable[[str, float], str],
) -> LabelLayout:
    """The labels level under their bars, on one line, or on two broken at a space (all of
    them, so they read alike), while every one fits ``slot`` (a bar's share of the width, as
    ``width`` measures); else they stand upright, and only one longer than ``room`` is cut
    (``elide`` marks the cut).

    The screen and the paper measure with their own fonts; the rule is the same.
    """
    if all(width(label) <= slot for label in labels):
        return LabelLayout(tuple((label,) for label in labels), upright=False)
    # One label on two lines: every label of several words too, so they read alike.
    level = tuple(two_lines(label, width) for label in labels)
    if all(width(line) <= slot for lines in level for line in lines):
        return LabelLayout(level, upright=False)
    return LabelLayout(tuple((elide(label, room),) for label in labels), upright=True)


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
