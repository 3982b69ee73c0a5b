"""The dashboard's bar chart: bars in reading order (right to left, top down), Persian
digits on the axis and the bars, whole-number ticks, names under the bars whole while there
is room, and a click naming the bar's count."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from PySide6.QtCharts import QAbstractBarSeries, QBarCategoryAxis, QValueAxis
from PySide6.QtCore import QLocale, QPoint, QPointF, Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from app import jalali
from app.persian import PERSIAN_DIGITS
from app.reports.figures import Count
from ui.widgets.charts import CountsChart, nice_axis

MONTHS = jalali.MONTH_NAMES
UNITS = [
    Count(11, "شهرداری مرکز استان", 412),
    Count(12, "اداره‌ی کل آموزش و پرورش", 287),
    Count(13, "شرکت آب و فاضلاب", 3),
]
NUMBER_CHARS = set(PERSIAN_DIGITS) | {"٬"}  # the digits and Persian thousands separator

ShowChart = Callable[..., CountsChart]


@pytest.fixture
def show_chart(qtbot: QtBot) -> ShowChart:
    """``show_chart(counts, horizontal=..., size=...)``: a chart on screen."""

    def factory(
        counts: list[Count], *, horizontal: bool = False, size: tuple[int, int] = (700, 300)
    ) -> CountsChart:
        chart = CountsChart("شکایت‌ها", horizontal=horizontal)
        qtbot.addWidget(chart)
        chart.set_counts(counts)
        chart.resize(*size)
        chart.show()
        qtbot.waitExposed(chart)
        QApplication.processEvents()
        return chart

    return factory


def months(year: int = 1405) -> list[Count]:
    return [
        Count(year * 100 + i, f"{name} ۱۴۰۵", 3000 + 500 * i) for i, name in enumerate(MONTHS, 1)
    ]


def axes(view: CountsChart) -> tuple[QBarCategoryAxis, QValueAxis]:
    found = view.chart().axes()
    categories = next(a for a in found if isinstance(a, QBarCategoryAxis))
    values = next(a for a in found if isinstance(a, QValueAxis))
    return categories, values


def bar_values(view: CountsChart) -> list[float]:
    bars = view.bar_set()
    return [] if bars is None else [bars.at(i) for i in range(bars.count())]


def on_screen(view: CountsChart, index: int, value: float) -> QPoint:
    """Where the point (bar ``index``, ``value``) is in the view's viewport."""
    series = view.chart().series()[0]
    point = QPointF(value, index) if view.horizontal else QPointF(index, value)
    scene = view.chart().mapToScene(view.chart().mapToPosition(point, series))
    return view.mapFromScene(scene)


def names(view: CountsChart) -> list[str]:
    """The names under a vertical chart's bars as drawn, lines joined by «|», bar-set order."""
    return ["|".join(item.text() for item in items) for items in view.name_labels()]


def drawn_texts(view: CountsChart) -> list[str]:
    """Every text QtCharts has drawn on the chart: the title and the axes' labels."""
    texts = []
    for item in view.scene().items():
        obj = item.toGraphicsObject()
        if item.isVisible() and obj is not None and hasattr(obj, "toPlainText"):
            texts.append(obj.toPlainText())
    return [t for t in texts if t]


def test_a_horizontal_chart_lists_the_counts_top_down_beside_names_on_the_right(
    show_chart: ShowChart,
) -> None:
    view = show_chart(UNITS, horizontal=True)
    categories, values = axes(view)
    # The first count is at the top: the category axis runs bottom up, so it comes last.
    assert categories.categories() == [c.label for c in reversed(UNITS)]
    assert bar_values(view) == [3.0, 287.0, 412.0]
    tops = [on_screen(view, i, 0).y() for i in range(3)]
    assert tops[2] < tops[1] < tops[0]
    # Names on the right, bars growing leftward from them, numbers along the bottom.
    assert categories.alignment() == Qt.AlignmentFlag.AlignRight
    assert values.alignment() == Qt.AlignmentFlag.AlignBottom
    assert on_screen(view, 2, 412).x() < on_screen(view, 2, 0).x()


def test_a_vertical_chart_puts_the_first_month_on_the_right(show_chart: ShowChart) -> None:
    view = show_chart(months(), size=(1000, 360))
    _, values = axes(view)
    assert names(view)[-1] == "فروردین|۱۴۰۵"  # two lines under the bar
    assert names(view)[0] == "اسفند|۱۴۰۵"
    assert bar_values(view)[-1] == 3500.0  # Farvardin's count
    lefts = [on_screen(view, i, 0).x() for i in range(12)]
    assert lefts == sorted(lefts)  # the last bar (Farvardin) is the rightmost
    assert values.alignment() == Qt.AlignmentFlag.AlignRight
    assert not view.names_upright()
    # Each name centred under its bar, below the plot and inside the chart.
    chart = view.chart().geometry()
    for index, items in enumerate(view.name_labels()):
        bar = on_screen(view, index, 0)
        for item in items:
            box = view.mapFromScene(item.sceneBoundingRect()).boundingRect()
            assert abs(box.center().x() - bar.x()) <= 2
            assert box.top() >= bar.y() and chart.contains(item.sceneBoundingRect())


def test_twelve_months_in_a_narrow_chart_are_never_elided(show_chart: ShowChart) -> None:
    view = show_chart(months(), size=(700, 300))
    assert "اردیبهشت ۱۴۰۵" in names(view)  # on one line, standing upright
    assert view.names_upright()
    assert all(item.rotation() == -90 for items in view.name_labels() for item in items)
    assert not [t for t in names(view) if "..." in t or "…" in t]
    chart = view.chart().geometry()
    assert all(chart.contains(i.sceneBoundingRect()) for i in view.name_labels()[0])
    view.resize(1000, 360)
    QApplication.processEvents()
    assert "اردیبهشت|۱۴۰۵" in names(view)  # room again: back on two lines
    assert not view.names_upright()


CHANNELS = [
    Count(name, name, count)
    for name, count in (
        ("حضوری", 603),
        ("تلفن", 307),
        ("صندوق شکایات", 306),
        ("نامه", 124),
        ("دیدار مردمی", 77),
        ("سامانه مرکزی", 47),
    )
]


def test_names_use_the_room_under_their_bars(show_chart: ShowChart) -> None:
    # The dashboard's channel chart at 1366 × 768: Qt gave each name a seventh of the plot
    # less its padding, and printed «حضو…» under a bar with room to spare.
    view = show_chart(CHANNELS, size=(420, 260))
    assert names(view)[::-1] == ["حضوری", "تلفن", "صندوق|شکایات", "نامه", "دیدار|مردمی",
                                 "سامانه|مرکزی"]  # fmt: skip
    assert not view.names_upright()
    assert not [item for items in view.name_labels() for item in items if item.toolTip()]
    # Wide enough, every name stands on one line.
    view.resize(900, 260)
    QApplication.processEvents()
    assert names(view)[::-1] == [c.label for c in CHANNELS]


def test_a_name_too_long_for_the_room_is_cut_and_told_whole(show_chart: ShowChart) -> None:
    long = "اداره‌ی کل میراث فرهنگی، گردشگری و صنایع دستی استان هرمزگان"
    view = show_chart([*UNITS, Count(14, long, 40)], size=(360, 420))
    assert view.names_upright()
    (cut,) = view.name_labels()[0]  # the last count, the first bar from the left
    assert cut.text().endswith(("…", "...")) and cut.toolTip() == long  # Qt's ellipsis
    assert view.chart().geometry().contains(cut.sceneBoundingRect())
    whole = view.name_labels()[-1][0]
    assert whole.text() == "شهرداری مرکز استان" and not whole.toolTip()


def test_clicking_a_bar_picks_its_key_and_label(qtbot: QtBot, show_chart: ShowChart) -> None:
    view = show_chart(UNITS, horizontal=True)
    # The middle unit (index 1 both ways): click halfway along its bar.
    with qtbot.waitSignal(view.picked, timeout=2000) as blocker:
        qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=on_screen(view, 1, 140))
    assert blocker.args == [12, "اداره‌ی کل آموزش و پرورش"]
    # The top bar is the first count, though the bar set lists it last.
    with qtbot.waitSignal(view.picked, timeout=2000) as blocker:
        qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=on_screen(view, 2, 200))
    assert blocker.args == [11, "شهرداری مرکز استان"]


def test_a_clicked_month_is_the_one_under_the_pointer(qtbot: QtBot, show_chart: ShowChart) -> None:
    view = show_chart(months(), size=(1000, 360))
    rightmost = on_screen(view, 11, 1000)
    with qtbot.waitSignal(view.picked, timeout=2000) as blocker:
        qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rightmost)
    assert blocker.args == [140501, "فروردین ۱۴۰۵"]


def test_the_bar_sets_click_signal_names_the_count(qtbot: QtBot, show_chart: ShowChart) -> None:
    view = show_chart(UNITS, horizontal=True)
    bars = view.bar_set()
    assert bars is not None
    with qtbot.waitSignal(view.picked) as blocker:
        bars.clicked.emit(0)  # the bottom bar
    assert blocker.args == [13, "شرکت آب و فاضلاب"]


def test_numbers_are_written_in_persian_digits(show_chart: ShowChart) -> None:
    view = show_chart(months(), size=(1000, 360))
    chart = view.chart()
    assert chart.localizeNumbers()
    assert chart.locale().language() == QLocale.Language.Persian
    # The bars' own numbers, first month on the right.
    assert [item.text() for item in view.value_labels()][-1] == "۳٬۵۰۰"
    assert all(set(item.text()) <= NUMBER_CHARS for item in view.value_labels())
    # The value axis as drawn: Persian digits only, whole numbers up from zero.
    numbers = [t for t in drawn_texts(view) if set(t) <= NUMBER_CHARS]
    assert "۰" in numbers and "۸٬۰۰۰" in numbers
    assert not [t for t in drawn_texts(view) if any(c in "0123456789" for c in t)]


def test_small_counts_get_whole_number_ticks(show_chart: ShowChart) -> None:
    view = show_chart([Count(1, "الف", 1), Count(2, "ب", 3), Count(3, "پ", 0)], size=(400, 400))
    _, values = axes(view)
    step = (values.max() - values.min()) / (values.tickCount() - 1)
    assert values.min() == 0 and values.max() >= 3
    assert step == int(step) and step >= 1
    assert {"۰", "۱", "۲", "۳"} <= set(drawn_texts(view))
    assert not [t for t in drawn_texts(view) if "٫" in t]  # no decimal point anywhere


@pytest.mark.parametrize(
    ("maximum", "expected"),
    [(0, (1, 2)), (1, (2, 3)), (3, (4, 5)), (9, (15, 4)), (412, (500, 6)), (8125, (10000, 6))],
)
def test_nice_axis_steps_are_whole(maximum: int, expected: tuple[int, int]) -> None:
    top, ticks = nice_axis(maximum)
    assert (top, ticks) == expected
    assert top % (ticks - 1) == 0 and top > maximum


def test_an_empty_list_shows_no_bars(show_chart: ShowChart) -> None:
    view = show_chart([], horizontal=True)
    categories, _ = axes(view)
    assert view.bar_set() is None
    assert categories.categories() == []
    assert view.value_labels() == []
    view.set_counts(UNITS)
    view.set_counts([])
    assert view.bar_set() is None and view.value_labels() == []
    assert not [t for t in drawn_texts(view) if "شهرداری" in t]


def test_new_counts_replace_the_old_ones(show_chart: ShowChart) -> None:
    view = show_chart(UNITS, horizontal=True)
    view.set_counts([Count(21, "بیمارستان امام", 96), Count(22, "شرکت مخابرات", 7)])
    categories, _ = axes(view)
    series = view.chart().series()[0]
    assert isinstance(series, QAbstractBarSeries) and len(series.barSets()) == 1
    assert bar_values(view) == [7.0, 96.0]
    assert categories.categories() == ["شرکت مخابرات", "بیمارستان امام"]
    assert [item.text() for item in view.value_labels()] == ["۷", "۹۶"]
    assert len([i for i in view.scene().items() if i.type() == 9]) == 2  # no stale numbers


def test_repeated_labels_keep_every_bar(show_chart: ShowChart) -> None:
    twins = [Count(1, "شهرداری", 5), Count(2, "شهرداری", 8)]
    view = show_chart(twins, horizontal=True)
    categories, _ = axes(view)
    assert len(categories.categories()) == 2
    assert bar_values(view) == [8.0, 5.0]


def test_the_chart_is_named_for_the_title(show_chart: ShowChart) -> None:
    view = show_chart(UNITS)
    assert view.accessibleName() == "شکایت‌ها"
    assert view.toolTip() == "شکایت‌ها"
    assert view.chart().title() == "شکایت‌ها"
    assert not view.chart().legend().isVisible()
    assert view.minimumHeight() >= 200
