"""A bar chart of labelled counts for the reports dashboard, in Persian and right to left.

``CountsChart`` shows one bar per :class:`~app.reports.figures.Count`, in the order given,
and emits ``picked(key, label)`` when a bar is clicked so the page can open the complaints
behind it.

Numbers are Persian digits: the value axis through the chart's locale (``localizeNumbers``),
the bar values through the same locale. In a right-to-left application the chart reads from
the right: a vertical chart's first bar (the earliest month) is on the right with the value
axis beside it; a horizontal chart lists its names down the right side, first at the top,
with the bars growing leftward.

QtCharts' own ways to do this fall short, so the widget works around them:

- ``QBarCategoryAxis.setReverse`` is ignored, so the bars are put in display order instead;
- bar value labels are placed by geometry, not by the axis direction, so on a reversed value
  axis they land on the bar's base; the widget draws its own value labels;
- a value axis with ``"%d"`` or ``"%i"`` draws no labels once numbers are localized
  (Qt 6.11); ``"%.0f"`` does, and the ticks are whole numbers anyway (:func:`nice_axis`);
- a category axis under the bars gives each label the plot's width / (bars + 1) less its
  padding, and elides what is wider («حضو…» under a bar with room to spare), so a vertical
  chart draws its own names: level on one line or two while every one fits its bar's whole
  share of the width, else upright, reading down from the axis, and cut («…», the whole name
  in the tooltip) only past the room under the plot; the same rule as on paper
  (``app.reports.charts.label_layout``). A horizontal chart's names are Qt's (rich text, so
  escaped);
- an emptied category axis keeps drawing its old labels, so an empty chart hides it.
"""

from __future__ import annotations

import html
import math
from collections.abc import Sequence
from typing import TYPE_CHECKING

import shiboken6
from PySide6.QtCharts import (
    QAbstractAxis,
    QAbstractBarSeries,
    QBarCategoryAxis,
    QBarSeries,
    QBarSet,
    QChart,
    QChartView,
    QHorizontalBarSeries,
    QValueAxis,
)
from PySide6.QtCore import QEvent, QLocale, QMargins, QPointF, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont, QFontMetricsF, QPainter
from PySide6.QtWidgets import QGraphicsSimpleTextItem, QWidget

from app.reports.charts import MAX_TICKS, LabelLayout, label_layout, nice_axis
from ui.application import app_font

if TYPE_CHECKING:
    from app.reports.figures import Count

__all__ = ["CountsChart", "nice_axis"]

BAR_COLOUR = "#3b6ea8"
LABEL_COLOUR = "#222222"
MINIMUM_HEIGHT = 220
TICK_SPACING = 36  # pixels between value ticks: Qt hides a label that would touch the next
TICK_SPACING_ACROSS = 72  # the same along a horizontal value axis (numbers are wide)
LABEL_GAP = 4  # pixels between a bar's end and its value
NAME_SPACING = 6  # pixels between the names of neighbouring bars
NAME_TOP = 2  # pixels from the plot's bottom edge to the names (their ascent leaves air)
NAME_LINE_STEP = 0.75  # of the font's line spacing: a name's second line (Noto's is loose)
UPRIGHT_SHARE = 0.35  # of the chart's height: the most upright names may take
MARGIN = 4
ZWNJ = "\u200c"  # invisible at the end of a label; keeps duplicate labels apart
PERSIAN = QLocale(QLocale.Language.Persian, QLocale.Country.Iran)


def _unique(texts: Sequence[str]) -> list[str]:
    """QBarCategoryAxis silently drops a repeated category, which would shift every bar."""
    seen: set[str] = set()
    unique: list[str] = []
    for text in texts:
        while text in seen:
            text += ZWNJ
        seen.add(text)
        unique.append(text)
    return unique


class CountsChart(QChartView):
    """A bar chart of counts; clicking a bar emits ``picked(count.key, count.label)``."""

    picked = Signal(object, str)

    def __init__(
        self, title: str, *, horizontal: bool = False, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.horizontal = horizontal
        self._counts: list[Count] = []
        self._shown: list[Count] = []  # in bar-set order, which is the axis's order
        self._value_labels: list[tuple[QGraphicsSimpleTextItem, int]] = []  # (item, count)
        self._names: list[list[QGraphicsSimpleTextItem]] = []  # a vertical chart's, per bar
        self._name_layout: LabelLayout | None = None
        self._fitting = False
        self._series: QAbstractBarSeries = QHorizontalBarSeries() if horizontal else QBarSeries()
        self._categories = QBarCategoryAxis()
        self._values = QValueAxis()
        self.setChart(self._build_chart(title))
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.setMinimumHeight(MINIMUM_HEIGHT)
        self.setAccessibleName(title)
        self.setToolTip(title)
        self.chart().plotAreaChanged.connect(self._on_plot_area_changed)
        self._place_axes()

    # ------------------------------------------------------------------ building

    def _build_chart(self, title: str) -> QChart:
        chart = QChart()
        chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)  # tests render at once
        chart.legend().hide()  # one series: a legend would only repeat the title
        chart.setLocalizeNumbers(True)  # value-axis labels in Persian digits
        chart.setLocale(PERSIAN)
        chart.setTitle(title)
        chart.setTitleFont(_title_font())
        chart.setBackgroundRoundness(0)
        chart.setMargins(QMargins(MARGIN, MARGIN, MARGIN, MARGIN))
        chart.addSeries(self._series)
        self._series.setBarWidth(0.6)
        self._series.setLabelsVisible(False)  # drawn by the widget (see the module's notes)
        for axis in (self._categories, self._values):
            axis.setLabelsFont(app_font())
            axis.setTitleVisible(False)
        self._categories.setGridLineVisible(False)
        self._categories.setLabelsVisible(self.horizontal)  # a vertical chart draws its own
        self._values.setLabelFormat("%.0f")  # whole numbers; "%d" draws none when localized
        self._values.setMinorTickCount(0)
        return chart

    def _rtl(self) -> bool:
        return self.layoutDirection() == Qt.LayoutDirection.RightToLeft

    def _place_axes(self) -> None:
        """Attach the axes where a reader of this direction starts: the right side in RTL."""
        chart = self.chart()
        for axis in chart.axes():
            chart.removeAxis(axis)  # detaches it from the series; the widget keeps it
        start = Qt.AlignmentFlag.AlignRight if self._rtl() else Qt.AlignmentFlag.AlignLeft
        if self.horizontal:
            self._attach(self._categories, start)
            self._attach(self._values, Qt.AlignmentFlag.AlignBottom)
            self._values.setReverse(self._rtl())  # bars grow away from their names
        else:
            self._attach(self._categories, Qt.AlignmentFlag.AlignBottom)
            self._attach(self._values, start)
        self.set_counts(self._counts)  # the display order depends on the direction

    def _attach(self, axis: QAbstractAxis, alignment: Qt.AlignmentFlag) -> None:
        self.chart().addAxis(axis, alignment)
        self._series.attachAxis(axis)

    # ------------------------------------------------------------------ data

    def set_counts(self, counts: Sequence[Count]) -> None:
        """Show ``counts`` as bars, replacing what was shown; an empty list clears the chart."""
        self._counts = list(counts)
        # A category axis runs left to right and bottom to top; reading order is either
        # right to left (RTL months) or top to bottom (a ranking), so those are reversed.
        reverse = self.horizontal or self._rtl()
        self._shown = self._counts[::-1] if reverse else list(self._counts)
        # Qt lays the chart out again inside these calls (plotAreaChanged while setRange runs):
        # the fitting that signal starts must wait, or it changes the axes under Qt's feet
        # (a crash). It runs once, afterwards.
        self._fitting = True
        try:
            self._series.clear()  # deletes the old bar set, so nothing accumulates
            self._set_categories()
            if self._shown:
                self._series.append(self._bar_set())
            self._fit_value_axis()
        finally:
            self._fitting = False
        self._make_value_labels()
        self._name_layout = None  # new names: laid out afresh
        self._on_plot_area_changed()

    def _set_categories(self) -> None:
        if self.horizontal:
            texts = [html.escape(c.label, quote=False) for c in self._shown]
        else:  # only placing the bars: the names are the widget's
            texts = [c.label for c in self._shown]
        self._categories.clear()
        self._categories.append(_unique(texts))
        # Emptied, the axis would keep drawing its old labels (Qt 6.11): hide it instead.
        self._categories.setVisible(bool(texts))

    def counts(self) -> list[Count]:
        """The counts on show, in the order they were given."""
        return list(self._counts)

    def bar_set(self) -> QBarSet | None:
        """The bar set on show (None when the chart is empty); its order is the axis's."""
        sets = self._series.barSets()
        return sets[0] if sets else None

    def value_labels(self) -> list[QGraphicsSimpleTextItem]:
        """The numbers written at the bars' ends, in the bar set's order."""
        return [item for item, _ in self._value_labels]

    def name_labels(self) -> list[list[QGraphicsSimpleTextItem]]:
        """A vertical chart's names under its bars, each bar's lines, in the bar set's order."""
        return [list(items) for items in self._names]

    def names_upright(self) -> bool:
        """True when a vertical chart's names stand upright (too wide to stand level)."""
        return self._name_layout is not None and self._name_layout.upright

    def _bar_set(self) -> QBarSet:
        bars = QBarSet(self.chart().title())
        bars.append([float(c.count) for c in self._shown])
        bars.setColor(QColor(BAR_COLOUR))
        bars.setBorderColor(QColor(BAR_COLOUR))
        bars.clicked.connect(self._on_clicked)
        bars.hovered.connect(self._on_hovered)
        return bars

    # ------------------------------------------------------------------ layout

    def _on_plot_area_changed(self) -> None:
        if self._fitting:  # the fitting below may lay the chart out again
            return
        self._fitting = True
        try:
            # The names' room moves the plot's bottom, the ticks follow its height, and their
            # numbers' width moves its side: laid out at once (not a frame later) until still.
            for _round in range(4):
                before = self.chart().plotArea()
                changed = self._fit_names()
                changed = self._fit_value_axis() or changed
                layout = self.chart().layout()
                if not changed or layout is None:
                    break
                layout.activate()
                if self.chart().plotArea() == before:
                    break
        finally:
            self._fitting = False
        self._place_value_labels()
        self._place_names()

    def _fit_value_axis(self) -> bool:
        """Whole-number ticks, as many as fit the plot with every number shown; True if
        they changed."""
        plot = self.chart().plotArea()
        if self.horizontal:
            extent, spacing = plot.width(), TICK_SPACING_ACROSS
        else:
            extent, spacing = plot.height(), TICK_SPACING
        max_ticks = int(extent // spacing) + 1 if extent > 0 else MAX_TICKS
        top, ticks = nice_axis(max((c.count for c in self._counts), default=0), max_ticks)
        if (top, ticks) == (self._values.max(), self._values.tickCount()):
            return False
        self._values.setRange(0, top)
        self._values.setTickCount(ticks)
        return True

    # ------------------------------------------------------------------ names

    def _fit_names(self) -> bool:
        """How a vertical chart's names stand in the plot's width, and the room under the
        plot they take (the chart's bottom margin). The plot's width does not depend on that
        room, so the choice settles at once."""
        if self.horizontal:
            return False
        plot = self.chart().plotArea()
        if not self._shown or plot.width() <= 0:
            return self._show_names(LabelLayout((), upright=False))
        metrics = QFontMetricsF(app_font())
        slot = plot.width() / len(self._shown) - NAME_SPACING
        room = self.chart().size().height() * UPRIGHT_SHARE

        def elide(text: str, width: float) -> str:
            return metrics.elidedText(text, Qt.TextElideMode.ElideRight, width)

        names = [c.label for c in self._shown]
        return self._show_names(label_layout(names, slot, room, metrics.horizontalAdvance, elide))

    def _show_names(self, layout: LabelLayout) -> bool:
        """Draw the names so; True if the room they take changed."""
        if layout == self._name_layout:
            return False
        self._name_layout = layout
        for items in self._names:
            for item in items:
                shiboken6.delete(item)  # the chart owns it; deleting takes it off the scene
        self._names = []
        metrics = QFontMetricsF(app_font())
        for count, lines in zip(self._shown, layout.lines, strict=True):
            items = [self._text_item(line) for line in lines]
            if "\n".join(lines) != count.label and " ".join(lines) != count.label:
                for item in items:  # cut: the whole name is a hover away
                    item.setToolTip(count.label)
            if layout.upright:
                for item in items:
                    item.setRotation(-90)  # a Persian name then reads down from the axis
            self._names.append(items)
        boxes = [item.boundingRect() for items in self._names for item in items]
        if layout.upright:
            longest = max((box.width() for box in boxes), default=0.0)
        elif boxes:
            step = metrics.lineSpacing() * NAME_LINE_STEP
            longest = max(box.height() for box in boxes) + (layout.rows - 1) * step
        else:
            longest = 0.0
        margins = self.chart().margins()
        bottom = MARGIN + NAME_TOP + math.ceil(longest)
        if margins.bottom() == bottom:
            return False
        margins.setBottom(bottom)
        self.chart().setMargins(margins)  # the plot moves up; its width stays
        return True

    def _place_names(self) -> None:
        """Each name centred under its bar, just below the axis."""
        if not self._names:
            return
        top = self.chart().plotArea().bottom() + NAME_TOP
        step = QFontMetricsF(app_font()).lineSpacing() * NAME_LINE_STEP
        for index, items in enumerate(self._names):
            centre = self.chart().mapToPosition(QPointF(index, 0), self._series).x()
            y = top
            for item in items:
                box = item.boundingRect()
                if item.rotation():  # turned about its origin: (x, y) -> (y, -x)
                    item.setPos(centre - box.height() / 2, top + box.width())
                else:
                    item.setPos(centre - box.width() / 2, y)
                    y += step

    # ------------------------------------------------------------------ value labels

    def _make_value_labels(self) -> None:
        for item, _ in self._value_labels:
            shiboken6.delete(item)  # the chart owns it; deleting also takes it off the scene
        self._value_labels = [(self._value_label(c.count), c.count) for c in self._shown]
        self._place_value_labels()

    def _value_label(self, count: int) -> QGraphicsSimpleTextItem:
        return self._text_item(PERSIAN.toString(count))

    def _text_item(self, text: str) -> QGraphicsSimpleTextItem:
        item = QGraphicsSimpleTextItem(text, self.chart())
        item.setFont(app_font())
        item.setBrush(QBrush(QColor(LABEL_COLOUR)))
        item.setZValue(10)  # above the bars and grid
        return item

    def _place_value_labels(self) -> None:
        """Put each value just past its bar's end (to the bar's left in RTL)."""
        for index, (item, count) in enumerate(self._value_labels):
            box = item.boundingRect()
            if self.horizontal:
                end = self.chart().mapToPosition(QPointF(count, index), self._series)
                x = end.x() - LABEL_GAP - box.width() if self._rtl() else end.x() + LABEL_GAP
                item.setPos(x, end.y() - box.height() / 2)
            else:
                end = self.chart().mapToPosition(QPointF(index, count), self._series)
                item.setPos(end.x() - box.width() / 2, end.y() - LABEL_GAP - box.height())

    # ------------------------------------------------------------------ interaction

    def _on_clicked(self, index: int) -> None:
        if 0 <= index < len(self._shown):
            count = self._shown[index]
            self.picked.emit(count.key, count.label)

    def _on_hovered(self, inside: bool, _index: int) -> None:
        # A pointing hand tells the user a bar opens the complaints behind it.
        cursor = Qt.CursorShape.PointingHandCursor if inside else Qt.CursorShape.ArrowCursor
        self.viewport().setCursor(cursor)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.LayoutDirectionChange:
            self._place_axes()


def _title_font() -> QFont:
    font = app_font()
    font.setBold(True)
    font.setPointSize(font.pointSize() + 1)
    return font
