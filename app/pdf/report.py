"""A report table printed on the office letterhead (A4, landscape unless the table is narrow).

Every page: the letterhead band (logo at the top right, the office name beside it; on later
pages the report's title at the left), the table's header row, and a footer with the Jalali
date and time the report was made and «صفحه‌ی n از m». Page 1 carries the title and the
subtitle (the filter) under the band, then the report's charts if it has any (the dashboard's,
drawn by ``app.pdf.charts`` as the screen draws them), each the width of the page; the table
follows them, and the notes follow the table.

The table reads right to left: the first column is at the right. Text is right-aligned and
wrapped (at most three lines, an ellipsis marks a cut); numbers print in Persian digits (see
``app.reports.tabular.display_value``), right-aligned on a common edge that is centred in
the column, so units stand under units; dates are centred. Rows are zebra-striped.

As in ``app.pdf.letter``, layout comes first (pages of placed rows, pure data, so the page
count is known) and drawing second, every string goes through ``app.pdf.rtl`` (wrapped in
logical order, shaped, reordered, drawn literally: no markup), and the canvas is invariant
with its date taken from ``generated_at``: the same input gives the same bytes.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from reportlab.graphics import renderPDF
from reportlab.graphics.shapes import Drawing
from reportlab.lib.colors import Color, black
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm as _rl_mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen.canvas import Canvas
from reportlab.pdfgen.textobject import PDFTextObject

from app.jalali import format_datetime
from app.letterhead import Letterhead
from app.pdf.charts import chart_drawing
from app.pdf.fonts import FONT_BOLD, FONT_REGULAR, register_fonts
from app.pdf.letter import _logo_image
from app.pdf.rtl import LANGUAGE, line_width, truncate_lines, visual_line, wrap_logical
from app.persian import clean_line, clean_text, page_of
from app.reports.tabular import ColumnKind, ReportTable, display_value

__all__ = ["render_report"]

# --------------------------------------------------------------------------- #
# Geometry (points)

_MM = float(_rl_mm)
_MARGIN_X = 14 * _MM
_MARGIN_Y = 12 * _MM

# Letterhead band.
_LOGO_H = 16 * _MM
_LOGO_W = 30 * _MM
_LOGO_GAP = 4 * _MM
_NAME_SIZE = 13.0
_NAME_LEADING = 18.0
_NAME_SHARE = 0.55  # of the page's width
_RUNNING_TITLE_SIZE = 9.0
_BAND_GAP = 2.5 * _MM

# Title and subtitle (page 1).
_TITLE_SIZE = 15.0
_TITLE_LEADING = 22.0
_SUBTITLE_SIZE = 10.5
_SUBTITLE_LEADING = 15.0
_TITLE_GAP = 4 * _MM

# Table.
_CELL_SIZE = 9.0
_CELL_LEADING = 12.5
_HEADER_SIZE = 9.0
_PAD_X = 4.0
_PAD_Y = 3.5
_MAX_CELL_LINES = 3
_MAX_HEADER_LINES = 3
_TEXT_MIN_W = 26 * _MM  # a text column is not squeezed below this while numbers fit
_PORTRAIT_MAX_COLUMNS = 4

# Charts.
_CHART_HEIGHT = 60 * _MM
_CHART_GAP = 5 * _MM
_TABLE_ROWS_WITH_CHARTS = 3  # the table starts under the charts if this many rows fit there

# Notes.
_NOTE_SIZE = 9.0
_NOTE_LEADING = 14.0
_NOTE_GAP = 5 * _MM
_NOTE_BULLET = "• "
_NOTES_HEADING = "یادداشت‌ها"

# Footer.
_FOOTER_SIZE = 8.5
_FOOTER_GAP = 3 * _MM

_EMPTY_TABLE = "داده‌ای برای این گزارش نیست."
_GREY = Color(0.35, 0.35, 0.35)
_HEADER_FILL = Color(0.84, 0.86, 0.89)
_ZEBRA_FILL = Color(0.95, 0.955, 0.965)
_GRID = Color(0.7, 0.7, 0.7)
_EPS = 1e-6


@dataclass(frozen=True)
class _Page:
    """Paper size and the box inside the margins."""

    width: float
    height: float

    @property
    def left(self) -> float:
        return _MARGIN_X

    @property
    def right(self) -> float:
        return self.width - _MARGIN_X

    @property
    def inner(self) -> float:
        return self.width - 2 * _MARGIN_X

    @property
    def top(self) -> float:
        return self.height - _MARGIN_Y

    @property
    def bottom(self) -> float:
        return _MARGIN_Y


_PORTRAIT = _Page(float(A4[0]), float(A4[1]))
_LANDSCAPE = _Page(float(landscape(A4)[0]), float(landscape(A4)[1]))


# --------------------------------------------------------------------------- #
# Measuring, cached (report cells repeat: unit names, counts, dates)


@lru_cache(maxsize=8192)
def _width(text: str, font: str, size: float) -> float:
    return line_width(text, font, size)


@lru_cache(maxsize=8192)
def _wrap(text: str, font: str, size: float, width: float, max_lines: int) -> tuple[str, ...]:
    lines = [line for line in wrap_logical(text, font, size, width) if line.strip()]
    return tuple(truncate_lines(lines, max_lines, font, size, width))


def _longest_word(text: str, font: str, size: float) -> float:
    return max((_width(word, font, size) for word in text.split()), default=0.0)


# --------------------------------------------------------------------------- #
# Columns


@dataclass(frozen=True)
class _Columns:
    page: _Page
    widths: tuple[float, ...]
    rights: tuple[float, ...]  # right edge of each column; the first column is at the right
    number_edges: tuple[float, ...]  # where a column's numbers end (their right edge)


def _cell_texts(table: ReportTable) -> list[list[str]]:
    kinds = [column.kind for column in table.columns]
    return [
        [clean_text(display_value(v, k)) for v, k in zip(row, kinds, strict=True)]
        for row in table.rows
    ]


@dataclass(frozen=True)
class _Widths:
    """What each column asks for: its natural width (nothing wrapped), its least width (text
    wraps, within reason), its floor (its longest word: no word is broken), and the width of
    its widest value (for the number edge)."""

    naturals: list[float]
    minima: list[float]
    floors: list[float]
    widest: list[float]


def _column_widths(table: ReportTable, texts: list[list[str]]) -> _Widths:
    widths = _Widths([], [], [], [])
    for index, column in enumerate(table.columns):
        title = clean_line(column.title)
        content = max((_width(row[index], FONT_REGULAR, _CELL_SIZE) for row in texts), default=0.0)
        header = _width(title, FONT_BOLD, _HEADER_SIZE)
        header_word = _longest_word(title, FONT_BOLD, _HEADER_SIZE)
        widths.widest.append(content)
        widths.naturals.append(max(content, header) + 2 * _PAD_X)
        if column.kind is ColumnKind.TEXT:
            least = max(min(content, _TEXT_MIN_W), header_word)
            word = max((_longest_word(row[index], FONT_REGULAR, _CELL_SIZE) for row in texts),
                       default=0.0)  # fmt: skip
            floor = min(least, max(word, header_word))
        else:  # a number is never wrapped
            least = floor = max(content, header_word)
        widths.minima.append(least + 2 * _PAD_X)
        widths.floors.append(floor + 2 * _PAD_X)
    return widths


def _share(low: list[float], high: list[float], available: float) -> list[float]:
    """Each column from ``low`` towards ``high``, in proportion, to fill ``available``."""
    give = sum(h - lo for lo, h in zip(low, high, strict=True))
    spare = available - sum(low)
    if give <= 0:
        return list(low)
    return [lo + (h - lo) * spare / give for lo, h in zip(low, high, strict=True)]


def _fit(widths: _Widths, available: float) -> list[float]:
    naturals, minima, floors = widths.naturals, widths.minima, widths.floors
    total = sum(naturals)
    if total <= available:  # room to spare: every column grows in proportion
        return [w * available / total for w in naturals] if total > 0 else naturals
    if sum(minima) <= available:  # the columns that would wrap share what is left
        return _share(minima, naturals, available)
    if sum(floors) <= available:  # text wraps more tightly, but never inside a word
        return _share(floors, minima, available)
    least = sum(floors)  # too many columns: everything shrinks
    return [m * available / least for m in floors]


def _layout_columns(table: ReportTable, texts: list[list[str]]) -> _Columns:
    asked = _column_widths(table, texts)
    few = len(asked.naturals) <= _PORTRAIT_MAX_COLUMNS and sum(asked.minima) <= _PORTRAIT.inner
    page = _PORTRAIT if few else _LANDSCAPE
    widths = _fit(asked, page.inner)
    rights: list[float] = []
    edges: list[float] = []
    x = page.right
    for width, content in zip(widths, asked.widest, strict=True):
        rights.append(x)
        centre = x - width / 2
        edges.append(min(centre + content / 2, x - _PAD_X))
        x -= width
    return _Columns(page, tuple(widths), tuple(rights), tuple(edges))


# --------------------------------------------------------------------------- #
# Rows


@dataclass(frozen=True)
class _Row:
    cells: tuple[tuple[str, ...], ...]  # lines of each cell, logical order
    height: float


def _row_height(lines: int) -> float:
    return max(lines, 1) * _CELL_LEADING + 2 * _PAD_Y


def _layout_header_row(table: ReportTable, columns: _Columns) -> _Row:
    cells = tuple(
        _wrap(clean_line(c.title), FONT_BOLD, _HEADER_SIZE, w - 2 * _PAD_X, _MAX_HEADER_LINES)
        for c, w in zip(table.columns, columns.widths, strict=True)
    )
    return _Row(cells, _row_height(max((len(c) for c in cells), default=1)))


def _layout_rows(table: ReportTable, texts: list[list[str]], columns: _Columns) -> list[_Row]:
    kinds = [column.kind for column in table.columns]
    rows: list[_Row] = []
    for row in texts:
        cells: list[tuple[str, ...]] = []
        for text, kind, width in zip(row, kinds, columns.widths, strict=True):
            if kind is ColumnKind.TEXT:
                cells.append(
                    _wrap(text, FONT_REGULAR, _CELL_SIZE, width - 2 * _PAD_X, _MAX_CELL_LINES)
                )
            else:
                cells.append((text,))
        rows.append(_Row(tuple(cells), _row_height(max((len(c) for c in cells), default=1))))
    return rows


# --------------------------------------------------------------------------- #
# Band, title, footer


@dataclass(frozen=True)
class _Band:
    logo: ImageReader | None
    logo_box: tuple[float, float, float, float]  # x, y, width, height
    name_lines: tuple[str, ...]
    name_right: float
    name_top: float
    title_line: str  # the report's title at the left, pages 2 on
    rule_y: float


def _layout_band(page: _Page, letterhead: Letterhead, logo: bytes | None, title: str) -> _Band:
    image = _logo_image(logo) if logo else None
    reader: ImageReader | None = None
    logo_w = logo_h = 0.0
    if image is not None:
        scale = min(_LOGO_W / image.width, _LOGO_H / image.height)
        reader, logo_w, logo_h = ImageReader(image), image.width * scale, image.height * scale
    logo_box = (page.right - logo_w, page.top - logo_h, logo_w, logo_h)
    name_right = page.right - (logo_w + _LOGO_GAP if reader is not None else 0.0)
    name_w = page.inner * _NAME_SHARE
    name = clean_line(letterhead.office_title)
    name_lines = _wrap(name, FONT_BOLD, _NAME_SIZE, name_w, 2) if name else ()
    name_h = len(name_lines) * _NAME_LEADING
    band_h = max(logo_h, name_h, _RUNNING_TITLE_SIZE * 1.5)
    name_top = page.top - (band_h - name_h) / 2
    title_w = page.inner * (1 - _NAME_SHARE) - _LOGO_W - 2 * _LOGO_GAP
    title_line = _wrap(clean_line(title), FONT_REGULAR, _RUNNING_TITLE_SIZE, title_w, 1)
    return _Band(
        reader,
        logo_box,
        name_lines,
        name_right,
        name_top,
        title_line[0] if title_line else "",
        page.top - band_h - _BAND_GAP,
    )


@dataclass(frozen=True)
class _Heading:
    title: tuple[str, ...]
    subtitle: tuple[str, ...]
    top: float

    @property
    def bottom(self) -> float:
        height = len(self.title) * _TITLE_LEADING + len(self.subtitle) * _SUBTITLE_LEADING
        return self.top - height - _TITLE_GAP


def _layout_heading(page: _Page, table: ReportTable, band: _Band) -> _Heading:
    title = _wrap(clean_line(table.title), FONT_BOLD, _TITLE_SIZE, page.inner, 2)
    subtitle = _wrap(clean_text(table.subtitle), FONT_REGULAR, _SUBTITLE_SIZE, page.inner, 3)
    return _Heading(title, subtitle, band.rule_y - _TITLE_GAP)


@dataclass(frozen=True)
class _Footer:
    made: str
    office_footer: str
    rule_y: float
    content_bottom: float


def _layout_footer(page: _Page, letterhead: Letterhead, generated_at: dt.datetime) -> _Footer:
    made = "تهیه‌شده در " + format_datetime(generated_at)
    side = page.inner / 4
    text = clean_line(letterhead.footer)
    lines = _wrap(text, FONT_REGULAR, _FOOTER_SIZE, page.inner - 2 * side, 1) if text else ()
    rule_y = page.bottom + _FOOTER_SIZE * 1.6
    return _Footer(made, lines[0] if lines else "", rule_y, rule_y + _FOOTER_GAP)


# --------------------------------------------------------------------------- #
# Pagination


@dataclass
class _PageContent:
    table_top: float | None = None  # where this page's header row starts; None = no table
    rows: list[tuple[int, float]] | None = None  # row index and the top of its box
    table_bottom: float = 0.0
    notes: list[tuple[str, str, float]] | None = None  # text, font, top of its line box
    charts: list[tuple[Drawing, float]] | None = None  # a chart and the top of its box


def _layout_charts(
    table: ReportTable, page: _Page, first_top: float, later_top: float, bottom: float
) -> tuple[list[_PageContent], float]:
    """The pages the charts stand on, and the height under the last chart (where the table
    starts if it fits there)."""
    if not table.charts:
        return [], first_top
    pages = [_PageContent(charts=[])]
    y = first_top
    for chart in table.charts:
        if y - _CHART_HEIGHT < bottom - _EPS and pages[-1].charts:
            pages.append(_PageContent(charts=[]))
            y = later_top
        placed = pages[-1].charts
        assert placed is not None
        placed.append((chart_drawing(chart, page.inner, _CHART_HEIGHT), y))
        y -= _CHART_HEIGHT + _CHART_GAP
    return pages, y


def _note_lines(table: ReportTable, width: float) -> list[tuple[str, str]]:
    notes = [clean_text(n) for n in table.notes if n.strip()]
    if not notes:
        return []
    lines = [(_NOTES_HEADING, FONT_BOLD)]
    for note in notes:
        wrapped = wrap_logical(_NOTE_BULLET + note, FONT_REGULAR, _NOTE_SIZE, width)
        lines += [(line, FONT_REGULAR) for line in wrapped if line.strip()]
    return lines


def _paginate(
    header: _Row,
    rows: list[_Row],
    notes: list[tuple[str, str]],
    first_top: float,
    later_top: float,
    bottom: float,
    charts: list[_PageContent] | None = None,
) -> list[_PageContent]:
    """Pages of rows and notes, after the pages of ``charts`` (the table starts under the
    last chart when a few of its rows fit there)."""
    pages = charts or [_PageContent()]
    room = header.height + sum(row.height for row in rows[:_TABLE_ROWS_WITH_CHARTS])
    if charts and first_top - max(room, header.height + _row_height(1)) < bottom - _EPS:
        pages.append(_PageContent())
        first_top = later_top
    pages[-1].table_top, pages[-1].rows = first_top, []
    y = first_top - header.height
    for index, row in enumerate(rows):
        if y - row.height < bottom - _EPS and pages[-1].rows:
            pages[-1].table_bottom = y
            pages.append(_PageContent(table_top=later_top, rows=[]))
            y = later_top - header.height
        rows_here = pages[-1].rows
        assert rows_here is not None
        rows_here.append((index, y))
        y -= row.height
    if not rows:  # the header and one line saying there is nothing
        y -= _row_height(1)
    pages[-1].table_bottom = y
    y -= _NOTE_GAP
    for position, (text, font) in enumerate(notes):
        # The heading is kept with the first note.
        needed = _NOTE_LEADING * (2 if position == 0 and len(notes) > 1 else 1)
        if y - needed < bottom - _EPS:
            pages.append(_PageContent())
            y = later_top
        page = pages[-1]
        if page.notes is None:
            page.notes = []
        page.notes.append((text, font, y))
        y -= _NOTE_LEADING
    return pages


# --------------------------------------------------------------------------- #
# Drawing


def _put(
    text: PDFTextObject,
    words: str,
    x: float,
    baseline: float,
    font: str,
    size: float,
    align: str = "right",
) -> None:
    """One line into the page's text object: ``x`` is its right edge, or its centre."""
    visual = visual_line(words, font=font)
    if not visual:
        return
    natural = pdfmetrics.stringWidth(visual, font, size)
    if (text._fontname, text._fontsize) != (font, size):
        text.setFont(font, size)
    text.setTextOrigin(x - natural / 2 if align == "centre" else x - natural, baseline)
    text.textOut(visual)


def _baseline(top: float, line: int) -> float:
    """Baseline of a cell's ``line``-th line, the row's box starting at ``top``."""
    return top - _PAD_Y - line * _CELL_LEADING - _CELL_SIZE * 0.95


def _draw_row_text(
    text: PDFTextObject,
    row: _Row,
    top: float,
    kinds: Sequence[ColumnKind],
    columns: _Columns,
    *,
    header: bool = False,
) -> None:
    font = FONT_BOLD if header else FONT_REGULAR
    size = _HEADER_SIZE if header else _CELL_SIZE
    for i, lines in enumerate(row.cells):
        right, width = columns.rights[i], columns.widths[i]
        # Each cell's lines are centred vertically in the row.
        offset = (row.height - _row_height(len(lines))) / 2
        for n, line in enumerate(lines):
            baseline = _baseline(top - offset, n)
            if header or kinds[i] is ColumnKind.DATE:
                _put(text, line, right - width / 2, baseline, font, size, "centre")
            elif kinds[i] is ColumnKind.TEXT:
                _put(text, line, right - _PAD_X, baseline, font, size)
            else:
                _put(text, line, columns.number_edges[i], baseline, font, size)


def _draw_table(
    c: Canvas,
    text: PDFTextObject,
    content: _PageContent,
    header: _Row,
    rows: list[_Row],
    kinds: Sequence[ColumnKind],
    columns: _Columns,
) -> None:
    if content.table_top is None:
        return
    page = columns.page
    left, right = page.left, page.right
    top, bottom = content.table_top, content.table_bottom
    c.setFillColor(_HEADER_FILL)
    c.rect(left, top - header.height, right - left, header.height, stroke=0, fill=1)
    c.setFillColor(_ZEBRA_FILL)
    placed = content.rows or []
    for index, row_top in placed:
        if index % 2 == 1:
            c.rect(left, row_top - rows[index].height, right - left, rows[index].height, 0, 1)
    c.setStrokeColor(_GRID)
    c.setLineWidth(0.4)
    for x in columns.rights[1:]:
        c.line(x, top, x, bottom)
    for _, row_top in placed[1:]:
        c.line(left, row_top, right, row_top)
    c.setStrokeColor(black)
    c.setLineWidth(0.7)
    c.rect(left, bottom, right - left, top - bottom, stroke=1, fill=0)
    c.line(left, top - header.height, right, top - header.height)
    text.setFillColor(black)
    _draw_row_text(text, header, top, kinds, columns, header=True)
    for index, row_top in placed:
        _draw_row_text(text, rows[index], row_top, kinds, columns)
    if not rows:
        y = _baseline(top - header.height, 0)
        _put(text, _EMPTY_TABLE, (left + right) / 2, y, FONT_REGULAR, _CELL_SIZE, "centre")


def _draw_band(c: Canvas, text: PDFTextObject, page: _Page, band: _Band, first: bool) -> None:
    if band.logo is not None:
        x, y, w, h = band.logo_box
        c.drawImage(band.logo, x, y, w, h, mask="auto")
    text.setFillColor(black)
    for i, line in enumerate(band.name_lines):
        baseline = band.name_top - _NAME_SIZE - i * _NAME_LEADING
        _put(text, line, band.name_right, baseline, FONT_BOLD, _NAME_SIZE)
    if not first and band.title_line:
        text.setFillColor(_GREY)
        width = _width(band.title_line, FONT_REGULAR, _RUNNING_TITLE_SIZE)
        baseline = band.rule_y + _BAND_GAP + 2
        _put(text, band.title_line, page.left + width, baseline, FONT_REGULAR, 9)
    c.setStrokeColor(black)
    c.setLineWidth(0.8)
    c.line(page.left, band.rule_y, page.right, band.rule_y)


def _draw_charts(c: Canvas, page: _Page, content: _PageContent) -> None:
    for drawing, top in content.charts or []:
        renderPDF.draw(drawing, c, page.left, top - drawing.height)


def _draw_heading(text: PDFTextObject, page: _Page, heading: _Heading) -> None:
    centre = (page.left + page.right) / 2
    y = heading.top
    text.setFillColor(black)
    for line in heading.title:
        _put(text, line, centre, y - _TITLE_SIZE, FONT_BOLD, _TITLE_SIZE, "centre")
        y -= _TITLE_LEADING
    text.setFillColor(_GREY)
    for line in heading.subtitle:
        _put(text, line, centre, y - _SUBTITLE_SIZE, FONT_REGULAR, _SUBTITLE_SIZE, "centre")
        y -= _SUBTITLE_LEADING


def _draw_footer(
    c: Canvas, text: PDFTextObject, page: _Page, footer: _Footer, number: int, total: int
) -> None:
    c.setStrokeColor(_GREY)
    c.setLineWidth(0.5)
    c.line(page.left, footer.rule_y, page.right, footer.rule_y)
    text.setFillColor(_GREY)
    baseline = page.bottom + 2
    _put(text, footer.made, page.right, baseline, FONT_REGULAR, _FOOTER_SIZE)
    if footer.office_footer:
        centre = (page.left + page.right) / 2
        _put(text, footer.office_footer, centre, baseline, FONT_REGULAR, _FOOTER_SIZE, "centre")
    page_no = page_of(number, total)
    width = _width(page_no, FONT_REGULAR, _FOOTER_SIZE)
    _put(text, page_no, page.left + width, baseline, FONT_REGULAR, _FOOTER_SIZE)


def _draw_notes(text: PDFTextObject, page: _Page, content: _PageContent) -> None:
    text.setFillColor(black)
    for line, font, top in content.notes or []:
        _put(text, line, page.right, top - _NOTE_SIZE, font, _NOTE_SIZE)


def _pdf_date(generated_at: dt.datetime) -> str:
    when = generated_at
    if when.tzinfo is None or when.utcoffset() is None:
        when = when.replace(tzinfo=dt.UTC)
    when = when.astimezone(dt.UTC)
    return when.strftime("D:%Y%m%d%H%M%S+00'00'")


def render_report(
    table: ReportTable,
    *,
    letterhead: Letterhead,
    logo: bytes | None,
    generated_at: dt.datetime,
) -> bytes:
    """The report as a PDF on the office letterhead; the same input gives the same bytes.

    ``letterhead`` and ``logo`` come from ``app.letterhead.load_letterhead()`` and
    ``logo_bytes()``; ``generated_at`` (naive = UTC) is printed in the footer in Tehran time
    and is the PDF's creation date.
    """
    register_fonts()
    texts = _cell_texts(table)
    columns = _layout_columns(table, texts)
    page = columns.page
    band = _layout_band(page, letterhead, logo, table.title)
    heading = _layout_heading(page, table, band)
    footer = _layout_footer(page, letterhead, generated_at)
    header = _layout_header_row(table, columns)
    rows = _layout_rows(table, texts, columns)
    notes = _note_lines(table, page.inner)
    later_top = band.rule_y - _TITLE_GAP
    chart_pages, table_top = _layout_charts(
        table, page, heading.bottom, later_top, footer.content_bottom
    )
    pages = _paginate(
        header,
        rows,
        notes,
        table_top,
        later_top,
        footer.content_bottom,
        chart_pages,
    )
    kinds = [column.kind for column in table.columns]

    buffer = io.BytesIO()
    c = Canvas(
        buffer, pagesize=(page.width, page.height), pageCompression=1, invariant=1, lang=LANGUAGE
    )
    created = _pdf_date(generated_at)
    c.setDateFormatter(lambda *_: created)
    c.setTitle(clean_line(table.title))
    c.setSubject(clean_line(table.subtitle))
    c.setAuthor(clean_line(letterhead.office_title))
    c.setCreator("Dadras")
    for number, content in enumerate(pages, start=1):
        text = c.beginText()
        _draw_band(c, text, page, band, number == 1)
        if number == 1:
            _draw_heading(text, page, heading)
        _draw_charts(c, page, content)
        _draw_table(c, text, content, header, rows, kinds, columns)
        _draw_notes(text, page, content)
        _draw_footer(c, text, page, footer, number, len(pages))
        c.drawText(text)
        c.showPage()
    c.save()
    return buffer.getvalue()
