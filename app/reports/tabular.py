"""A report as a plain table, and its output as Excel (xlsx) and CSV.

Reports (dashboard lists, unit scorecards, heat maps, complaint lists) are computed
elsewhere into a :class:`ReportTable`: a Persian title, typed columns and rows of plain
values. This module turns one into what a user sees (:func:`display_value`) and into files
(:func:`write_xlsx`, :func:`write_xlsx_many`, :func:`write_csv`); ``app.pdf.report`` prints it.

Digits and dates, by output:

* On screen and in the PDF (``display_value``): Persian digits, «٫» as the decimal
  separator and «٬» between thousands, percentages as «۸۷٫۵٪», Jalali dates ``۱۴۰۵/۰۸/۰۱``.
* In xlsx: numbers are real numbers (Excel sums, sorts and filters them; it draws the digits
  its own locale asks for), a percent is its fraction with a percent number format. Jalali
  dates are TEXT, ``1405/08/01`` in ASCII digits: Excel has no Jalali calendar (a date cell
  would print the Gregorian day), zero-padded text sorts in date order, and ASCII digits match
  the digits Excel draws for the numbers beside them.
* In CSV: machine-readable, plain ASCII (see :func:`write_csv`).

Output is deterministic: the same table gives the same bytes (the xlsx's zip entries and
document properties carry a fixed time, not the time of saving).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import math
import os
import re
import unicodedata
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum
from typing import IO, Any

from app import jalali
from app.persian import strip_bidi_controls, to_persian_digits

__all__ = [
    "EMPTY",
    "BarChart",
    "Column",
    "ColumnKind",
    "ReportTable",
    "csv_value",
    "display_value",
    "sheet_title",
    "write_csv",
    "write_xlsx",
    "write_xlsx_many",
]

EMPTY = "—"  # what a missing value (None) shows
DECIMAL_SEPARATOR = "\u066b"  # ٫ ARABIC DECIMAL SEPARATOR
THOUSANDS_SEPARATOR = "\u066c"  # ٬ ARABIC THOUSANDS SEPARATOR
PERCENT_SIGN = "\u066a"  # ٪ ARABIC PERCENT SIGN


class ColumnKind(StrEnum):
    TEXT = "text"
    INTEGER = "integer"
    DECIMAL = "decimal"  # one decimal shown
    PERCENT = "percent"  # the value is a fraction 0..1
    DATE = "date"  # a Gregorian datetime.date, shown as a Jalali date
    DAYS = "days"  # a number of days, one decimal shown
    CODE = "code"  # a tracking code: Persian digits on screen and paper, as stored in files

    @property
    def numeric(self) -> bool:
        return self in _NUMERIC


_NUMERIC = frozenset({ColumnKind.INTEGER, ColumnKind.DECIMAL, ColumnKind.PERCENT, ColumnKind.DAYS})


@dataclass(frozen=True)
class Column:
    key: str
    title: str
    kind: ColumnKind = ColumnKind.TEXT


@dataclass(frozen=True)
class BarChart:
    """A chart a report prints above its table: one bar per (label, count), the first in
    reading order (drawn at the right). See ``app.reports.charts``."""

    title: str  # Persian, e.g. "شکایت‌ها به تفکیک ماه، ۱۴۰۵"
    bars: tuple[tuple[str, int], ...]


@dataclass(frozen=True)
class ReportTable:
    title: str  # Persian, e.g. "کارنامه‌ی واحدها"
    columns: tuple[Column, ...]
    rows: tuple[tuple[object, ...], ...]  # str | int | float | dt.date | None, one per column
    subtitle: str = ""  # Persian, e.g. the filter: "از ۱۴۰۵/۰۸/۰۱ تا ۱۴۰۵/۰۸/۳۰ — همه‌ی واحدها"
    notes: tuple[str, ...] = ()  # Persian footnotes (how a figure is computed)
    charts: tuple[BarChart, ...] = ()  # drawn above the table in the PDF (the sheets skip them)

    def __post_init__(self) -> None:
        width = len(self.columns)
        for i, row in enumerate(self.rows):
            if len(row) != width:
                raise ValueError(f"row {i} has {len(row)} values for {width} columns")


# --------------------------------------------------------------------------- #
# Values


def _number(value: object) -> float | int | None:
    """``value`` as a finite number, or None (bool, NaN, infinity and text are not numbers)."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


def _as_date(value: object) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return jalali.to_tehran(value).date()
    if isinstance(value, dt.date):
        return value
    return None


def _persian_number(text: str) -> str:
    """``1,234.5`` (Python's grouping) → ``۱٬۲۳۴٫۵``."""
    text = text.replace(",", THOUSANDS_SEPARATOR).replace(".", DECIMAL_SEPARATOR)
    return to_persian_digits(text)


def _one_decimal(number: float) -> str:
    """One decimal, halves rounded away from zero as people do (3.25 → 3.3, not 3.2)."""
    rounded = Decimal(repr(float(number))).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    text = f"{rounded:,.1f}"
    return text[1:] if text.startswith("-") and not text.strip("-0.,") else text  # no "-0.0"


def display_value(value: object, kind: ColumnKind) -> str:
    """The Persian text a user sees for ``value`` in a column of ``kind``.

    Persian digits throughout; INTEGER ``۱٬۲۳۴``; DECIMAL and DAYS with one decimal
    (``۳٫۵``); PERCENT from a fraction (0.875 → ``۸۷٫۵٪``); DATE as the Jalali date
    ``۱۴۰۵/۰۸/۰۱`` (a datetime is taken in Tehran time); None, NaN and infinity as «—».
    TEXT is shown as given; CODE in Persian digits. A value of the wrong type for its
    column (text in a number column, say) is shown as text rather than refused.
    """
    if value is None:
        return EMPTY
    if kind is ColumnKind.CODE and isinstance(value, str):
        return to_persian_digits(value)
    if kind is ColumnKind.TEXT or isinstance(value, str):
        return value if isinstance(value, str) else _text_of(value)
    if kind is ColumnKind.DATE:
        day = _as_date(value)
        return jalali.format_date(day) if day is not None else _text_of(value)
    number = _number(value)
    if number is None:
        return EMPTY if isinstance(value, float) else _text_of(value)
    if kind is ColumnKind.INTEGER:
        if isinstance(number, float) and not number.is_integer():
            return _persian_number(_one_decimal(number))
        return _persian_number(f"{int(number):,}")
    if kind is ColumnKind.PERCENT:
        return _persian_number(_one_decimal(number * 100)) + PERCENT_SIGN
    return _persian_number(_one_decimal(number))  # DECIMAL, DAYS


def _text_of(value: object) -> str:
    """Any other value in Persian: a number or date in its own kind, else ``str``."""
    if isinstance(value, str):
        return value
    day = _as_date(value)
    if day is not None:
        return jalali.format_date(day)
    number = _number(value)
    if isinstance(number, int):
        return display_value(number, ColumnKind.INTEGER)
    if isinstance(number, float):
        return display_value(number, ColumnKind.DECIMAL)
    if isinstance(value, float):  # NaN, infinity
        return EMPTY
    return to_persian_digits(str(value))


def _plain_number(number: float | int) -> str:
    """A number as plain ASCII text that reads back as the same number."""
    if isinstance(number, int):
        return str(number)
    return repr(number)


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_value(value: object, kind: ColumnKind) -> str:
    """``value`` as a CSV field: plain ASCII digits, machine-readable.

    Numbers as Python writes them (``1234``, ``3.5``, no grouping); a PERCENT as percentage
    points (0.875 → ``87.5``: the column title says «درصد»); a DATE as the Jalali date in ASCII
    digits (``1405/08/01``); None, NaN and infinity as an empty field; text as given, except
    that text starting with ``= + - @``, a tab or a carriage return gets a leading ``'``:
    Excel would run it as a formula (a complainant's name is not to be trusted), and the
    apostrophe is what Excel itself uses to mark such a cell as text.
    """
    if value is None:
        return ""
    if isinstance(value, str):
        return "'" + value if value.startswith(_FORMULA_START) else value
    day = _as_date(value)
    if day is not None:
        return jalali.format_date(day, persian_digits=False)
    number = _number(value)
    if number is None:
        return "" if isinstance(value, float) else str(value)
    if kind is ColumnKind.PERCENT:
        return _plain_number(round(number * 100, 9))
    return _plain_number(number)


# --------------------------------------------------------------------------- #
# CSV

Destination = str | os.PathLike[str] | IO[bytes] | IO[str]


def write_csv(table: ReportTable, path_or_stream: Destination) -> None:
    """The table's data as CSV: UTF-8 with a byte order mark, so Excel opens it in Persian.

    The first row holds the column titles, then one row per table row (see
    :func:`csv_value` for the values: ASCII digits, Jalali dates as ``1405/08/01``, None as
    an empty field). Fields are quoted by the ``csv`` module where needed (a comma, a quote,
    a line break), lines end in CRLF.

    There is deliberately no title, subtitle or notes row: CSV is data for another program,
    and a title line above the header would be read as a row. The xlsx and the PDF carry them.

    ``path_or_stream`` is a path, a binary stream (gets the UTF-8 bytes) or a text stream
    (gets the text, starting with U+FEFF).
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([column.title for column in table.columns])
    kinds = [column.kind for column in table.columns]
    for row in table.rows:
        writer.writerow([csv_value(v, k) for v, k in zip(row, kinds, strict=True)])
    text = "\ufeff" + buffer.getvalue()
    if isinstance(path_or_stream, str | os.PathLike):
        with open(path_or_stream, "wb") as out:
            out.write(text.encode("utf-8"))
    elif isinstance(path_or_stream, io.TextIOBase):
        path_or_stream.write(text)
    else:
        stream: IO[Any] = path_or_stream
        stream.write(text.encode("utf-8"))


# --------------------------------------------------------------------------- #
# Excel

SHEET_TITLE_MAX = 31  # Excel's limit, in UTF-16 code units
_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
_SPACES = re.compile(r"\s+")
_DEFAULT_SHEET = "گزارش"
_RESERVED_SHEETS = frozenset({"history"})  # Excel keeps "History" for itself
# The time the xlsx says it was made and its zip entries carry, unless told otherwise.
_FIXED_TIME = dt.datetime(2000, 1, 1)

_TITLE_SIZE = 14
_SUBTITLE_SIZE = 11
_MIN_WIDTH = 6.0
_MAX_WIDTH = 60.0
_HEADER_WIDTH = 24  # a longer column title wraps
_NUMBER_FORMATS: dict[ColumnKind, str] = {
    ColumnKind.INTEGER: "#,##0",
    ColumnKind.DECIMAL: "#,##0.0",
    ColumnKind.DAYS: "#,##0.0",
    ColumnKind.PERCENT: "0.0%",
}


def _utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def _cut(text: str, limit: int) -> str:
    """``text`` cut to ``limit`` UTF-16 code units, on a character boundary."""
    while _utf16_len(text) > limit:
        text = text[:-1]
    return text


def _tidy_title(text: str) -> str:
    text = strip_bidi_controls(text)
    text = "".join(
        " " if unicodedata.category(ch) in ("Cc", "Zl", "Zp") else ch
        for ch in text
        if unicodedata.category(ch) not in ("Cs", "Co", "Cn") and ch != "\ufeff"
    )
    return _SPACES.sub(" ", _SHEET_FORBIDDEN.sub(" ", text)).strip()


def _trim_ends(text: str) -> str:
    # Excel refuses a sheet name that starts or ends with an apostrophe; a joiner or a
    # space left at the end by a cut joins nothing.
    return text.strip(" '\u200c\u200d")


def sheet_title(title: str, taken: Iterable[str] = ()) -> str:
    """An Excel sheet name for a table titled ``title``, different from those ``taken``.

    The characters Excel forbids (``[]:*?/\\``), control and bidi characters are replaced
    or removed, spaces folded, and the name cut to 31 characters; an empty result becomes
    «گزارش». A name already taken (Excel compares them ignoring case) gets « (2)», « (3)»…
    while staying within 31 characters.
    """
    base = _trim_ends(_cut(_tidy_title(title), SHEET_TITLE_MAX)) or _DEFAULT_SHEET
    used = {name.casefold() for name in taken} | _RESERVED_SHEETS
    if base.casefold() not in used:
        return base
    number = 2
    while True:
        suffix = f" ({number})"
        stem = _trim_ends(_cut(base, SHEET_TITLE_MAX - len(suffix))) or _DEFAULT_SHEET
        candidate = stem + suffix
        if candidate.casefold() not in used:
            return candidate
        number += 1


def _xlsx_value(value: object, kind: ColumnKind) -> str | int | float | None:
    """What a cell holds: numbers as numbers, dates as Jalali text, None as an empty cell."""
    if value is None:
        return None
    if isinstance(value, str):
        return value
    day = _as_date(value)
    if day is not None:
        return jalali.format_date(day, persian_digits=False)
    number = _number(value)
    if number is None:
        return None if isinstance(value, float) else str(value)
    if kind is ColumnKind.TEXT:
        return _plain_number(number)
    return number


def _shown_width(value: str | int | float | None, kind: ColumnKind) -> int:
    """Characters Excel shows for a cell (its longest line), for sizing the column."""
    if value is None:
        return 0
    if isinstance(value, str):
        return max((len(line) for line in value.split("\n")), default=0)
    if kind is ColumnKind.PERCENT:
        return len(f"{value * 100:.1f}%")
    if kind is ColumnKind.INTEGER and (isinstance(value, int) or value.is_integer()):
        return len(f"{int(value):,}")
    return len(f"{value:,.1f}")


# Control characters an xlsx cannot hold (openpyxl refuses them).
_ILLEGAL_IN_XLSX = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def _put(sheet: Any, row: int, column: int, value: str | int | float | None) -> Any:
    """Write one cell. Text is always text: a complainant's «=HYPERLINK(…)» or «#N/A» is
    never taken for a formula or an error value."""
    if isinstance(value, str):
        value = _ILLEGAL_IN_XLSX.sub("", value)
    cell = sheet.cell(row=row, column=column, value=value)
    if isinstance(value, str):
        cell.data_type = "s"
    return cell


def _fill_sheet(sheet: Any, table: ReportTable) -> None:
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
    from openpyxl.utils import get_column_letter

    sheet.sheet_view.rightToLeft = True
    row = 1
    _put(sheet, row, 1, table.title).font = Font(bold=True, size=_TITLE_SIZE)
    row += 1
    if table.subtitle:
        _put(sheet, row, 1, table.subtitle).font = Font(size=_SUBTITLE_SIZE)
        row += 1
    row += 1  # a blank row before the table
    header_row = row
    ncols = len(table.columns)
    header_font = Font(bold=True)
    header_fill = PatternFill("solid", start_color="FFD9D9D9", end_color="FFD9D9D9")
    header_border = Border(bottom=Side(style="thin"))
    header_align = Alignment(horizontal="center", vertical="center", wrap_text=True)
    widths = [0.0] * ncols
    for index, column in enumerate(table.columns, start=1):
        cell = _put(sheet, header_row, index, column.title)
        cell.font, cell.fill = header_font, header_fill
        cell.border, cell.alignment = header_border, header_align
        title_width = min(len(column.title), _HEADER_WIDTH)
        widths[index - 1] = max(title_width, *(len(w) for w in column.title.split()))
    kinds = [column.kind for column in table.columns]
    formats = [_NUMBER_FORMATS.get(kind) for kind in kinds]
    date_align = Alignment(horizontal="center")
    wrap_align = Alignment(wrap_text=True, vertical="top")
    for r, values in enumerate(table.rows, start=header_row + 1):
        for c, (value, kind) in enumerate(zip(values, kinds, strict=True), start=1):
            stored = _xlsx_value(value, kind)
            cell = _put(sheet, r, c, stored)
            if isinstance(stored, int | float) and formats[c - 1]:
                cell.number_format = formats[c - 1]
            elif kind is ColumnKind.DATE:
                cell.alignment = date_align
            elif isinstance(stored, str) and ("\n" in stored or len(stored) > _MAX_WIDTH):
                cell.alignment = wrap_align
            widths[c - 1] = max(widths[c - 1], _shown_width(stored, kind))
    header_lines = 1
    for index, width in enumerate(widths, start=1):
        letter = get_column_letter(index)
        shown = min(max(width * 1.15 + 2, _MIN_WIDTH), _MAX_WIDTH)
        sheet.column_dimensions[letter].width = shown
        title = table.columns[index - 1].title
        header_lines = max(header_lines, math.ceil(len(title) * 1.15 / max(shown - 2, 1)))
    if header_lines > 1:  # Excel does not grow a row for wrapped text by itself
        sheet.row_dimensions[header_row].height = 15 * min(header_lines, 4)
    last_row = header_row + len(table.rows)
    if ncols:
        sheet.freeze_panes = sheet.cell(row=header_row + 1, column=1)
        sheet.auto_filter.ref = f"A{header_row}:{get_column_letter(ncols)}{last_row}"
        sheet.print_title_rows = f"{header_row}:{header_row}"
    row = last_row + 2
    for note in table.notes:
        _put(sheet, row, 1, note).font = Font(italic=True, size=9)
        row += 1
    sheet.page_setup.orientation = "landscape" if ncols > 5 else "portrait"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True


def _workbook_bytes(tables: Sequence[ReportTable], created: dt.datetime | None) -> bytes:
    from openpyxl import Workbook
    from openpyxl.writer.excel import ExcelWriter

    if not tables:
        raise ValueError("a workbook needs at least one table")
    workbook = Workbook()
    workbook.remove(workbook.active)
    taken: list[str] = []
    for table in tables:
        title = sheet_title(table.title, taken)
        taken.append(title)
        _fill_sheet(workbook.create_sheet(title=title), table)
    workbook.active = 0
    when = created if created is not None else _FIXED_TIME
    if when.tzinfo is not None:
        when = when.astimezone(dt.UTC).replace(tzinfo=None)
    when = when.replace(microsecond=0)
    properties = workbook.properties
    properties.created = properties.modified = when
    properties.title = tables[0].title
    properties.creator = properties.lastModifiedBy = "Dadras"
    properties.language = "fa-IR"
    raw = io.BytesIO()
    # ExcelWriter directly: openpyxl's save_workbook stamps the time of saving.
    with zipfile.ZipFile(raw, "w", zipfile.ZIP_DEFLATED) as archive:
        ExcelWriter(workbook, archive).save()
    return _with_fixed_zip_times(raw.getvalue(), when)


def _with_fixed_zip_times(data: bytes, when: dt.datetime) -> bytes:
    """The same zip with every entry dated ``when`` (openpyxl dates them as it writes)."""
    stamp = (max(when.year, 1980), when.month, when.day, when.hour, when.minute, when.second)
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=stamp)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o600 << 16
            target.writestr(entry, source.read(info.filename))
    return out.getvalue()


def _write_bytes(data: bytes, path_or_stream: str | os.PathLike[str] | IO[bytes]) -> None:
    if isinstance(path_or_stream, str | os.PathLike):
        with open(path_or_stream, "wb") as out:
            out.write(data)
    else:
        path_or_stream.write(data)


def write_xlsx(
    table: ReportTable,
    path_or_stream: str | os.PathLike[str] | IO[bytes],
    *,
    created: dt.datetime | None = None,
) -> None:
    """The table as an Excel workbook of one right-to-left sheet.

    The title (bold) and subtitle in the first rows, a blank row, a bold header row with an
    auto filter and the panes frozen below it, then the rows; the notes under the table.
    Numbers are numbers (so Excel can sum them) with a number format: INTEGER ``#,##0``,
    DECIMAL and DAYS ``#,##0.0``, PERCENT the fraction with ``0.0%``. Jalali dates are text,
    ``1405/08/01`` (see the module docstring); None is an empty cell. Columns are as wide as
    their content (within limits). The sheet is named after the title (:func:`sheet_title`).

    ``created`` is the time the document properties carry (default: a fixed date, so the
    same table always gives the same bytes).
    """
    _write_bytes(_workbook_bytes([table], created), path_or_stream)


def write_xlsx_many(
    tables: Sequence[ReportTable],
    path_or_stream: str | os.PathLike[str] | IO[bytes],
    *,
    created: dt.datetime | None = None,
) -> None:
    """Several tables in one workbook, one sheet each, in order, with unique sheet names."""
    _write_bytes(_workbook_bytes(tables, created), path_or_stream)
