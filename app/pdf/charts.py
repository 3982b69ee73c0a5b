"""A report's bar chart on paper, drawn with reportlab's graphics as the screen draws it.

Like ``ui.widgets.charts.CountsChart``: the first bar (the earliest month, the commonest
channel) at the right with the value axis beside it, whole-number ticks from
``app.reports.charts.nice_axis``, each bar's count above it, Persian digits throughout.

Every string goes through ``app.pdf.rtl`` (shaped, reordered, drawn literally). The labels
stand as ``app.reports.charts.label_layout`` says, the screen's rule: level under their bars
on one line or two while every one fits its bar's share of the width, else upright, reading
down from the axis, and only a label longer than the room below the plot is cut, with «…».
"""

from __future__ import annotations

from reportlab.graphics.charts.barcharts import VerticalBarChart
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib.colors import Color, HexColor
from reportlab.pdfbase import pdfmetrics

from app.pdf.fonts import FONT_BOLD, FONT_REGULAR, register_fonts
from app.pdf.rtl import ELLIPSIS, line_width, visual_line
from app.persian import clean_line
from app.reports.charts import LabelLayout, label_layout, nice_axis
from app.reports.tabular import BarChart, ColumnKind, display_value

__all__ = ["chart_drawing"]

BAR_COLOUR = HexColor("#3b6ea8")  # the screen's bar colour
_TEXT = Color(0.13, 0.13, 0.13)
_AXIS = Color(0.55, 0.55, 0.55)
_GRID = Color(0.86, 0.86, 0.86)

_TITLE_SIZE = 11.0
_LABEL_SIZE = 8.5
_LABEL_LEADING = 11.0
_VALUE_SIZE = 8.0
_TICK_SIZE = 7.5
_TICK_SPACING = 24.0  # points between value ticks, at least
_GAP = 4.0  # between the plot and its labels, the axis and its numbers
_LABEL_SPACING = 4.0  # between the labels of neighbouring bars
_UPRIGHT_SHARE = 0.3  # of the chart's height: the most upright labels may take
_EMPTY = "داده‌ای برای این نمودار نیست."


def _width(text: str, size: float = _LABEL_SIZE) -> float:
    return line_width(text, FONT_REGULAR, size)


def _elided(text: str, width: float) -> str:
    """``text`` cut at a word (or, for one long word, a letter) to fit ``width``, with «…»."""
    if _width(text) <= width:
        return text
    words = text.split()
    while len(words) > 1 and _width(" ".join(words) + ELLIPSIS) > width:
        words.pop()
    cut = " ".join(words)
    while len(cut) > 1 and _width(cut + ELLIPSIS) > width:
        cut = cut[:-1]
    return cut + ELLIPSIS


def _labels_height(labels: LabelLayout) -> float:
    if labels.upright:
        return max((_width(lines[0]) for lines in labels.lines), default=0.0)
    return labels.rows * _LABEL_LEADING


def _number(value: float) -> str:
    return visual_line(display_value(round(value), ColumnKind.INTEGER), font=FONT_REGULAR)


def chart_drawing(chart: BarChart, width: float, height: float) -> Drawing:
    """``chart`` as a drawing ``width`` × ``height`` points, its title at the top."""
    register_fonts()
    drawing = Drawing(width, height)
    title = visual_line(clean_line(chart.title), font=FONT_BOLD)
    drawing.add(
        String(
            width / 2,
            height - _TITLE_SIZE,
            title,
            fontName=FONT_BOLD,
            fontSize=_TITLE_SIZE,
            fillColor=_TEXT,
            textAnchor="middle",
        )
    )
    top = height - _TITLE_SIZE * 1.8
    if not chart.bars:
        empty = visual_line(_EMPTY, font=FONT_REGULAR)
        drawing.add(
            String(width / 2, top / 2, empty, fontName=FONT_REGULAR, fontSize=_LABEL_SIZE,
                   fillColor=_TEXT, textAnchor="middle")
        )  # fmt: skip
        return drawing

    counts = [count for _, count in chart.bars]
    plot_height = top - _VALUE_SIZE - _GAP  # the top bar's number stands above it
    # The value axis is on the right, where the first bar is; its numbers beside it.
    axis_top, ticks = nice_axis(max(counts), int(plot_height * 0.6 // _TICK_SPACING) + 1)
    step = axis_top // (ticks - 1)
    tick_width = max(
        pdfmetrics.stringWidth(_number(step * i), FONT_REGULAR, _TICK_SIZE) for i in range(ticks)
    )
    plot_width = width - tick_width - 2 * _GAP
    slot = plot_width / len(counts) - _LABEL_SPACING
    texts = [clean_line(label) for label, _ in chart.bars]
    labels = label_layout(texts, slot, height * _UPRIGHT_SHARE, _width, _elided)
    plot_bottom = _labels_height(labels) + 2 * _GAP
    plot_height -= plot_bottom

    bars = VerticalBarChart()
    bars.x, bars.y = 0, plot_bottom
    bars.width, bars.height = plot_width, plot_height
    # Reading order runs right to left: the first count is the last bar from the left.
    bars.data = [counts[::-1]]
    bars.barWidth, bars.groupSpacing = 6, 4  # bars take 0.6 of their share, as on screen
    bars.bars[0].fillColor = BAR_COLOUR
    bars.bars[0].strokeColor = None
    bars.strokeColor = None

    values = bars.valueAxis
    values.valueMin, values.valueMax, values.valueStep = 0, axis_top, step
    values.joinAxisMode = "right"
    values.strokeColor = _AXIS
    values.strokeWidth = 0.6
    values.tickLeft, values.tickRight = 0, 3
    values.visibleGrid = True
    values.gridStrokeColor = _GRID
    values.gridStrokeWidth = 0.5
    values.labelTextFormat = _number
    values.labels.fontName = FONT_REGULAR
    values.labels.fontSize = _TICK_SIZE
    values.labels.fillColor = _TEXT
    values.labels.boxAnchor = "w"
    values.labels.dx = _GAP + 3

    names = bars.categoryAxis
    names.strokeColor = _AXIS
    names.strokeWidth = 0.6
    names.tickDown = 0
    names.categoryNames = [
        "\n".join(visual_line(line, font=FONT_REGULAR) for line in lines)
        for lines in labels.lines[::-1]
    ]
    names.labels.fontName = FONT_REGULAR
    names.labels.fontSize = _LABEL_SIZE
    names.labels.leading = _LABEL_LEADING
    names.labels.fillColor = _TEXT
    names.labels.textAnchor = "middle"
    if labels.upright:  # turned a quarter to the left: a Persian label reads down
        names.labels.angle = 90
        names.labels.boxAnchor = "e"
    else:
        names.labels.boxAnchor = "n"
    names.labels.dy = -_GAP

    bars.barLabelFormat = _number
    bars.barLabels.fontName = FONT_REGULAR
    bars.barLabels.fontSize = _VALUE_SIZE
    bars.barLabels.fillColor = _TEXT
    bars.barLabels.boxAnchor = "s"
    bars.barLabels.nudge = 2
    drawing.add(bars)
    return drawing
