"""Report tables and their output: display text, xlsx, CSV and the PDF on the letterhead.

The xlsx and CSV are read back with openpyxl and the csv module; the PDF's text is read back
as drawn (see tests/app/test_pdf_rtl.py: glyphs decoded through the font's ToUnicode map and
made logical again with an independent bidi implementation).
"""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import io
import math
import zipfile
from pathlib import Path

import openpyxl
import pypdf
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image
from pypdf.generic import ContentStream

from app.letterhead import Letterhead
from app.pdf.report import render_report
from app.persian import to_persian_digits
from app.reports import tables
from app.reports.figures import Count, Dashboard, HeatMap
from app.reports.tabular import (
    Column,
    ColumnKind,
    ReportTable,
    csv_value,
    display_value,
    sheet_title,
    write_csv,
    write_xlsx,
    write_xlsx_many,
)
from app.vocabulary import DEFAULT_CATEGORIES, DEFAULT_UNITS
from tests.app.test_pdf_rtl import _parse_to_unicode, _raw_bytes, fold, logical, pdf_visual_lines

DAY = dt.date(2026, 10, 23)  # 1 Aban 1405
DAY_PERSIAN = "۱۴۰۵/۰۸/۰۱"
DAY_ASCII = "1405/08/01"
TITLE = "کارنامه‌ی واحدها"
SUBTITLE = "از ۱۴۰۵/۰۸/۰۱ تا ۱۴۰۵/۰۸/۳۰ — همه‌ی واحدها"
NOTE = "«پاسخ در مهلت» سهم پاسخ‌هایی است که تا پایان مهلت رسیده‌اند."
OFFICE = "دفتر بازرسی و رسیدگی به شکایات استان هرمزگان"
GENERATED = dt.datetime(2026, 11, 23, 10, 35)  # UTC: 14:05 in Tehran, 2 Azar 1405

COLUMNS = (
    Column("unit", "واحد"),
    Column("received", "شمار شکایت‌ها", ColumnKind.INTEGER),
    Column("in_time", "پاسخ در مهلت", ColumnKind.PERCENT),
    Column("days", "میانگین روزهای پاسخ", ColumnKind.DAYS),
    Column("first", "نخستین شکایت", ColumnKind.DATE),
    Column("score", "امتیاز", ColumnKind.DECIMAL),
)
ROWS = (
    ("شهرداری مرکز استان", 1234, 0.875, 3.25, DAY, 4.5),
    ("اداره‌ی کل راه و شهرسازی", 7, None, None, None, None),
    ("شرکت آب، فاضلاب و «برق»\nخط دوم", 0, 0.0, 12.0, DAY + dt.timedelta(days=29), -0.04),
)


def make_table(**changes: object) -> ReportTable:
    values: dict[str, object] = {
        "title": TITLE,
        "columns": COLUMNS,
        "rows": ROWS,
        "subtitle": SUBTITLE,
        "notes": (NOTE,),
    }
    values.update(changes)
    return ReportTable(**values)  # type: ignore[arg-type]


# --------------------------------------------------------------------------- #
# Display values


@pytest.mark.parametrize(
    ("value", "kind", "shown"),
    [
        ("شهرداری", ColumnKind.TEXT, "شهرداری"),
        ("کد 123", ColumnKind.TEXT, "کد 123"),  # text is shown as given
        (7, ColumnKind.INTEGER, "۷"),
        (1234567, ColumnKind.INTEGER, "۱٬۲۳۴٬۵۶۷"),
        (-12, ColumnKind.INTEGER, "-۱۲"),
        (3.5, ColumnKind.DECIMAL, "۳٫۵"),
        (3.25, ColumnKind.DECIMAL, "۳٫۳"),  # halves round up, as people round
        (2.0, ColumnKind.DECIMAL, "۲٫۰"),
        (-0.04, ColumnKind.DECIMAL, "۰٫۰"),  # never "-۰٫۰"
        (1234.56, ColumnKind.DECIMAL, "۱٬۲۳۴٫۶"),
        (0.875, ColumnKind.PERCENT, "۸۷٫۵٪"),
        (1, ColumnKind.PERCENT, "۱۰۰٫۰٪"),
        (0.0, ColumnKind.PERCENT, "۰٫۰٪"),
        (DAY, ColumnKind.DATE, DAY_PERSIAN),
        (dt.datetime(2026, 10, 22, 21, 0, tzinfo=dt.UTC), ColumnKind.DATE, DAY_PERSIAN),
        (12.0, ColumnKind.DAYS, "۱۲٫۰"),
        (4.44, ColumnKind.DAYS, "۴٫۴"),
    ],
)
def test_display_value(value: object, kind: ColumnKind, shown: str) -> None:
    assert display_value(value, kind) == shown


@pytest.mark.parametrize("kind", list(ColumnKind))
def test_missing_values_show_a_dash(kind: ColumnKind) -> None:
    assert display_value(None, kind) == "—"
    if kind is not ColumnKind.TEXT:
        assert display_value(math.nan, kind) == "—"


def test_a_value_of_the_wrong_kind_is_shown_not_refused() -> None:
    assert display_value("نامعلوم", ColumnKind.INTEGER) == "نامعلوم"
    assert display_value(12, ColumnKind.TEXT) == "۱۲"
    assert display_value(DAY, ColumnKind.TEXT) == DAY_PERSIAN


def test_rows_must_match_the_columns() -> None:
    with pytest.raises(ValueError, match="row 0"):
        ReportTable("t", (Column("a", "الف"),), (("x", "y"),))


# --------------------------------------------------------------------------- #
# Sheet names


def test_sheet_title_is_cut_to_31_characters() -> None:
    long = "گزارش شکایت‌های رسیده به تفکیک واحد و موضوع در سال ۱۴۰۵"
    name = sheet_title(long)
    assert len(name) <= 31
    assert long.startswith(name)


def test_sheet_title_replaces_forbidden_characters() -> None:
    name = sheet_title("واحدها [۱۴۰۵/۰۸] : * ? \\ نهایی")
    assert not set("[]:*?/\\") & set(name)
    assert name == "واحدها ۱۴۰۵ ۰۸ نهایی"


def test_sheet_title_never_empty_and_never_reserved() -> None:
    assert sheet_title("") == "گزارش"
    assert sheet_title("?*") == "گزارش"
    assert sheet_title("History").casefold() != "history"


def test_sheet_titles_are_unique_within_the_limit() -> None:
    long = "ب" * 40
    taken: list[str] = []
    for _ in range(12):
        taken.append(sheet_title(long, taken))
    assert len({t.casefold() for t in taken}) == 12
    assert all(len(t) <= 31 for t in taken)
    assert taken[1].endswith(" (2)") and taken[11].endswith(" (12)")
    assert sheet_title("Units", ["units"]) == "Units (2)"  # Excel ignores case


# --------------------------------------------------------------------------- #
# Excel


def xlsx_bytes(table: ReportTable) -> bytes:
    out = io.BytesIO()
    write_xlsx(table, out)
    return out.getvalue()


@pytest.fixture(scope="module")
def sheet() -> object:
    book = openpyxl.load_workbook(io.BytesIO(xlsx_bytes(make_table())))
    return book.active


def test_xlsx_sheet_is_right_to_left_with_title_and_subtitle(sheet: object) -> None:
    ws = sheet
    assert ws.sheet_view.rightToLeft is True  # type: ignore[attr-defined]
    assert ws.title == TITLE  # type: ignore[attr-defined]
    assert ws["A1"].value == TITLE  # type: ignore[index]
    assert ws["A1"].font.b  # type: ignore[index]
    assert ws["A2"].value == SUBTITLE  # type: ignore[index]


def test_xlsx_header_row_is_bold_filtered_and_frozen(sheet: object) -> None:
    ws = sheet
    header = [c.value for c in ws[4]]  # type: ignore[index]
    assert header == [c.title for c in COLUMNS]
    assert all(c.font.b for c in ws[4])  # type: ignore[index]
    assert ws.freeze_panes == "A5"  # type: ignore[attr-defined]
    assert ws.auto_filter.ref == "A4:F7"  # type: ignore[attr-defined]


def test_xlsx_numbers_are_numbers_and_dates_jalali_text(sheet: object) -> None:
    ws = sheet
    unit, received, in_time, days, first, score = ws[5]  # type: ignore[index]
    assert unit.value == "شهرداری مرکز استان"
    assert received.value == 1234 and received.data_type == "n"
    assert received.number_format == "#,##0"
    assert in_time.value == 0.875 and in_time.data_type == "n"
    assert in_time.number_format == "0.0%"
    assert days.value == 3.25 and days.number_format == "#,##0.0"
    assert score.value == 4.5
    assert first.value == DAY_ASCII and first.data_type == "s"
    assert ws["E7"].value == "1405/08/30"  # type: ignore[index]


def test_xlsx_missing_values_are_empty_cells(sheet: object) -> None:
    ws = sheet
    assert [c.value for c in ws[6]] == ["اداره‌ی کل راه و شهرسازی", 7, None, None, None, None]  # type: ignore[index]


def test_xlsx_notes_under_the_table(sheet: object) -> None:
    ws = sheet
    assert ws["A9"].value == NOTE  # type: ignore[index]


def test_xlsx_columns_fit_their_content(sheet: object) -> None:
    ws = sheet
    widths = {k: d.width for k, d in ws.column_dimensions.items()}  # type: ignore[attr-defined]
    assert widths["A"] >= len("اداره‌ی کل راه و شهرسازی")
    assert widths["B"] >= len("1,234")
    assert all(6 <= w <= 60 for w in widths.values())
    assert widths["A"] > widths["B"]


def test_xlsx_text_that_looks_like_a_formula_stays_text() -> None:
    table = make_table(rows=(('=HYPERLINK("http://x")', 1, 0.5, 1.0, DAY, 1.0),))
    ws = openpyxl.load_workbook(io.BytesIO(xlsx_bytes(table))).active
    cell = ws["A5"]
    assert cell.value == '=HYPERLINK("http://x")'
    assert cell.data_type == "s"


def test_xlsx_drops_control_characters() -> None:
    table = make_table(rows=(("الف\x00ب\x1b", 1, 0.5, 1.0, DAY, 1.0),))
    ws = openpyxl.load_workbook(io.BytesIO(xlsx_bytes(table))).active
    assert ws["A5"].value == "الفب"


def test_xlsx_is_deterministic() -> None:
    first = xlsx_bytes(make_table())
    assert xlsx_bytes(make_table()) == first
    with zipfile.ZipFile(io.BytesIO(first)) as archive:
        assert {i.date_time for i in archive.infolist()} == {(2000, 1, 1, 0, 0, 0)}


def test_xlsx_to_a_path(tmp_path: Path) -> None:
    path = tmp_path / "کارنامه.xlsx"
    write_xlsx(make_table(), path)
    assert openpyxl.load_workbook(path).active["A1"].value == TITLE


def test_xlsx_long_title_and_forbidden_characters() -> None:
    title = "شکایت‌ها به تفکیک واحد/موضوع [۱۴۰۵] در همه‌ی شهرستان‌های استان"
    ws = openpyxl.load_workbook(io.BytesIO(xlsx_bytes(make_table(title=title)))).active
    assert len(ws.title) <= 31
    assert not set("[]:*?/\\") & set(ws.title)
    assert ws["A1"].value == title  # the full title is still printed on the sheet


def test_xlsx_many_tables_on_sheets_with_unique_names(tmp_path: Path) -> None:
    path = tmp_path / "reports.xlsx"
    tables = [
        make_table(),
        make_table(subtitle=""),
        make_table(title="نقشه‌ی گرمایی", rows=()),
    ]
    write_xlsx_many(tables, path)
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == [TITLE, f"{TITLE} (2)", "نقشه‌ی گرمایی"]
    second = book.worksheets[1]
    assert second["A1"].value == TITLE
    assert [c.value for c in second[3]] == [c.title for c in COLUMNS]  # no subtitle row
    assert second.freeze_panes == "A4"
    assert all(ws.sheet_view.rightToLeft for ws in book.worksheets)
    empty = book.worksheets[2]  # title, subtitle, blank, header; the note after a blank row
    assert [c.value for c in empty[4]] == [c.title for c in COLUMNS]
    assert empty.max_row == 6 and empty["A6"].value == NOTE
    with pytest.raises(ValueError):
        write_xlsx_many([], io.BytesIO())


# --------------------------------------------------------------------------- #
# CSV


def csv_text(table: ReportTable) -> str:
    out = io.BytesIO()
    write_csv(table, out)
    data = out.getvalue()
    assert data.startswith(b"\xef\xbb\xbf")  # UTF-8 BOM, so Excel reads it as UTF-8
    return data.decode("utf-8-sig")


def read_csv(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text, newline="")))


def test_csv_has_a_bom_and_reads_back(tmp_path: Path) -> None:
    path = tmp_path / "report.csv"
    write_csv(make_table(), path)
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")
    with path.open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f))
    assert rows[0] == [c.title for c in COLUMNS]  # no title row: CSV is data
    assert rows[1] == ["شهرداری مرکز استان", "1234", "87.5", "3.25", DAY_ASCII, "4.5"]
    assert rows[2] == ["اداره‌ی کل راه و شهرسازی", "7", "", "", "", ""]
    assert rows[3] == ["شرکت آب، فاضلاب و «برق»\nخط دوم", "0", "0.0", "12.0", "1405/08/30", "-0.04"]
    assert len(rows) == 4


def test_csv_quotes_commas_quotes_and_newlines() -> None:
    tricky = 'الف, "ب"\nج'
    table = ReportTable(
        "t", (Column("a", "متن"), Column("b", "عدد", ColumnKind.INTEGER)), ((tricky, 1),)
    )
    text = csv_text(table)
    assert '"الف, ""ب""\nج"' in text
    assert read_csv(text) == [["متن", "عدد"], [tricky, "1"]]


def test_csv_guards_text_excel_would_run_as_a_formula() -> None:
    table = ReportTable(
        "t",
        (Column("a", "متن"), Column("b", "عدد", ColumnKind.INTEGER)),
        (("=1+2", -5), ("@SUM(A1)", 3), ("-", 0)),
    )
    rows = read_csv(csv_text(table))
    assert rows[1:] == [["'=1+2", "-5"], ["'@SUM(A1)", "3"], ["'-", "0"]]  # numbers untouched


def test_csv_to_a_text_stream() -> None:
    out = io.StringIO()
    write_csv(make_table(), out)
    assert out.getvalue().startswith("\ufeffواحد,")


_TEXT = st.text(
    alphabet=st.sampled_from(
        list("ابپتثجچحخدذرزژسشصضطظعغفقکگلمنوهیءآأئ‌۰۱۲۳۴۵۶۷۸۹")
        + list("abcXYZ0129 ,;\"'\n\r\t«»،؛()=+-@")
    ),
    max_size=30,
)
_VALUE_COLUMNS = (
    Column("t", "متن"),
    Column("i", "عدد", ColumnKind.INTEGER),
    Column("f", "اعشاری", ColumnKind.DECIMAL),
    Column("d", "روز", ColumnKind.DAYS),
)
_ROW = st.tuples(
    st.one_of(st.none(), _TEXT),
    st.one_of(st.none(), st.integers(-(10**12), 10**12)),
    st.one_of(st.none(), st.floats(allow_nan=False, allow_infinity=False)),
    st.one_of(st.none(), st.floats(-1e6, 1e6)),
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rows=st.lists(_ROW, max_size=8), titles=st.lists(_TEXT, min_size=4, max_size=4))
def test_any_table_round_trips_through_csv(
    rows: list[tuple[object, ...]], titles: list[str]
) -> None:
    columns = tuple(
        Column(c.key, title, c.kind) for c, title in zip(_VALUE_COLUMNS, titles, strict=True)
    )
    table = ReportTable("t", columns, tuple(rows))
    back = read_csv(csv_text(table))
    assert back[0] == titles
    assert len(back) == len(rows) + 1
    for row, fields in zip(rows, back[1:], strict=True):
        text, integer, decimal, days = row
        assert fields[0] == csv_value(text, ColumnKind.TEXT)
        if isinstance(text, str) and not text.startswith(("=", "+", "-", "@", "\t", "\r")):
            assert fields[0] == text
        assert (int(fields[1]) if fields[1] else None) == integer
        assert (float(fields[2]) if fields[2] else None) == decimal
        assert (float(fields[3]) if fields[3] else None) == days
        assert all(f.isascii() for f in fields[1:])


# --------------------------------------------------------------------------- #
# PDF

LETTERHEAD = Letterhead(
    office_title=OFFICE,
    signer_name="محمد حسینی",
    signer_title="مدیر دفتر",
    footer="بندرعباس، بلوار امام خمینی — تلفن 076-33334444",
    logo_sha256=None,
)


def logo_png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (120, 120), (30, 90, 160)).save(out, "PNG")
    return out.getvalue()


def render(table: ReportTable, **changes: object) -> bytes:
    options: dict[str, object] = {
        "letterhead": LETTERHEAD,
        "logo": logo_png(),
        "generated_at": GENERATED,
    }
    options.update(changes)
    return render_report(table, **options)  # type: ignore[arg-type]


def page_lines(pdf: bytes, page: int = 0) -> list[str]:
    """Every drawn line of a page, logical again (ZWNJ folded away, see test_pdf_rtl)."""
    return [fold(logical(line)) for line in pdf_visual_lines(pdf, page)]


def long_table(rows: int) -> ReportTable:
    units = ("شهرداری مرکز استان", "اداره‌ی کل راه و شهرسازی", "شرکت آب و فاضلاب")
    return make_table(
        rows=tuple(
            (f"{units[i % 3]} {i}", 1000 + i, (i % 8) / 8, i / 4, DAY + dt.timedelta(days=i), 0.5)
            for i in range(rows)
        )
    )


@pytest.fixture(scope="module")
def report_pdf() -> bytes:
    return render(make_table())


def test_pdf_has_letterhead_title_and_headers(report_pdf: bytes) -> None:
    lines = page_lines(report_pdf)
    assert fold(OFFICE) in lines
    assert fold(TITLE) in lines
    assert fold(SUBTITLE) in lines
    for column in COLUMNS:
        assert fold(column.title) in lines


def test_pdf_rows_print_in_persian_digits(report_pdf: bytes) -> None:
    lines = page_lines(report_pdf)
    for value in ("شهرداری مرکز استان", "۱٬۲۳۴", "۳٫۳", DAY_PERSIAN, "۴٫۵", "—", "۱۴۰۵/۰۸/۳۰"):
        assert value in lines
    # The percent sign: drawn as a whole, Persian digits (read visually: the reference
    # bidi used to read the PDF back puts the sign on the other side).
    visual = pdf_visual_lines(report_pdf)
    assert any("۸۷٫۵" in line and "٪" in line for line in visual)
    assert not any(ch.isascii() and ch.isdigit() for line in lines[3:-3] for ch in line)


def test_pdf_footer_has_generation_time_page_number_and_notes(report_pdf: bytes) -> None:
    lines = page_lines(report_pdf)
    assert fold("تهیه‌شده در ۱۴۰۵/۰۹/۰۲ ساعت ۱۴:۰۵") in lines
    assert fold("صفحه‌ی ۱ از ۱") in lines
    assert fold("یادداشت‌ها") in lines
    assert fold("• " + NOTE) in lines
    assert any(line.startswith("بندرعباس") for line in lines)


def drawn_positions(pdf: bytes, page: int = 0) -> dict[str, float]:
    """The x where each drawn line (logical text) starts on the page, from its text matrix."""
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    fonts = reader.pages[page]["/Resources"]["/Font"]
    maps = {
        str(name): _parse_to_unicode(ref.get_object()["/ToUnicode"].get_object().get_data())
        for name, ref in fonts.items()
        if "/ToUnicode" in ref.get_object()
    }
    positions: dict[str, float] = {}
    font_map: dict[int, str] = {}
    x = 0.0
    # Charts are drawn in coordinates of their own (``cm``): x is taken back to the page's.
    ctm, saved = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0), []
    content = ContentStream(reader.pages[page].get_contents(), reader)
    for operands, operator in content.operations:
        if operator == b"q":
            saved.append(ctm)
        elif operator == b"Q":
            ctm = saved.pop()
        elif operator == b"cm":
            a, b, c, d, e, f = (float(v) for v in operands)
            m = ctm
            ctm = (
                a * m[0] + b * m[2],
                a * m[1] + b * m[3],
                c * m[0] + d * m[2],
                c * m[1] + d * m[3],
                e * m[0] + f * m[2] + m[4],
                e * m[1] + f * m[3] + m[5],
            )
        elif operator == b"Tf":
            font_map = maps.get(str(operands[0]), {})
        elif operator == b"Tm":
            tx, ty = float(operands[4]), float(operands[5])
            x = tx * ctm[0] + ty * ctm[2] + ctm[4]
        elif operator == b"Tj":
            visual = "".join(font_map.get(b, "?") for b in _raw_bytes(operands[0]))
            positions.setdefault(fold(logical(visual)), x)
    return positions


def test_pdf_first_column_is_at_the_right(report_pdf: bytes) -> None:
    positions = drawn_positions(report_pdf)
    header = [positions[fold(c.title)] for c in COLUMNS]
    assert header == sorted(header, reverse=True)
    row = [positions[v] for v in ("شهرداری مرکز استان", "۱٬۲۳۴", "۳٫۳", DAY_PERSIAN, "۴٫۵")]
    assert row == sorted(row, reverse=True)
    # Text is right-aligned: the unit's name ends near the table's right edge.
    assert positions[fold(OFFICE)] > positions[fold(TITLE)]


def test_pdf_two_pages_repeat_the_header() -> None:
    pdf = render(long_table(30))
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) == 2
    first, second = page_lines(pdf, 0), page_lines(pdf, 1)
    assert fold("صفحه‌ی ۱ از ۲") in first
    assert fold("صفحه‌ی ۲ از ۲") in second
    for column in COLUMNS:
        assert fold(column.title) in second
    assert fold(OFFICE) in second
    assert fold(TITLE) in second  # the running title at the left of the band
    assert fold(SUBTITLE) not in second
    everything = first + second
    units = ("شهرداری مرکز استان", "اداره‌ی کل راه و شهرسازی", "شرکت آب و فاضلاب")
    for i in range(30):
        assert fold(to_persian_digits(f"{units[i % 3]} {i}")) in everything


def test_pdf_is_deterministic_and_dated_from_generated_at(report_pdf: bytes) -> None:
    assert render(make_table()) == report_pdf
    later = render(make_table(), generated_at=GENERATED + dt.timedelta(hours=1))
    assert later != report_pdf
    info = pypdf.PdfReader(io.BytesIO(report_pdf)).metadata
    assert info is not None
    assert info["/CreationDate"].startswith("D:20261123103500")
    assert info.title == TITLE


def test_pdf_orientation_follows_the_columns() -> None:
    wide = pypdf.PdfReader(io.BytesIO(render(make_table()))).pages[0].mediabox
    assert wide.width > wide.height  # six columns: landscape
    narrow_table = ReportTable(
        "شکایت‌ها به تفکیک مجرا",
        (Column("c", "مجرا"), Column("n", "شمار", ColumnKind.INTEGER)),
        (("حضوری", 12), ("سامانه", 30)),
    )
    narrow = pypdf.PdfReader(io.BytesIO(render(narrow_table))).pages[0].mediabox
    assert narrow.width < narrow.height


def test_pdf_of_an_empty_table_without_logo_or_notes() -> None:
    pdf = render(make_table(rows=(), notes=()), logo=None)
    lines = page_lines(pdf)
    assert fold("داده‌ای برای این گزارش نیست.") in lines
    assert fold("یادداشت‌ها") not in lines
    assert fold(OFFICE) in lines


def test_pdf_long_text_is_wrapped_and_cut() -> None:
    long = " ".join(["شکایت درباره‌ی تأخیر در صدور پروانه"] * 30)
    table = make_table(rows=((long, 1, 0.5, 1.0, DAY, 1.0),))
    lines = page_lines(render(table))
    pieces = [line for line in lines if "شکایت" in line and "تأخیر" in line]
    assert 2 <= len(pieces) <= 3
    assert pieces[-1].endswith("...")  # «…», after NFKC


def test_pdf_user_text_is_drawn_literally() -> None:
    table = make_table(rows=(("<b>نام</b> \u202eمعکوس", 1, 0.5, 1.0, DAY, 1.0),))
    lines = page_lines(render(table))
    assert "<b>نام</b> معکوس" in lines


def test_pdf_of_500_rows() -> None:
    pdf = render(long_table(500))
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    total = len(reader.pages)
    assert 15 <= total <= 40
    last = page_lines(pdf, total - 1)
    assert fold(to_persian_digits(f"صفحه‌ی {total} از {total}")) in last
    assert fold(to_persian_digits("اداره‌ی کل راه و شهرسازی 499")) in last + page_lines(
        pdf, total - 2
    )


def test_a_tracking_code_in_a_drill_list_reads_in_persian_digits() -> None:
    from app.reports import tables

    assert tables.COMPLAINT_COLUMNS[0].kind is ColumnKind.CODE
    assert display_value("0123-00000001-4", ColumnKind.CODE) == "۰۱۲۳-۰۰۰۰۰۰۰۱-۴"


# --------------------------------------------------------------------------- #
# PDF: the dashboard's charts, and words kept whole


def a_dashboard() -> Dashboard:
    months = ("فروردین", "اردیبهشت", "خرداد", "تیر", "مرداد", "شهریور", "مهر", "آبان", "آذر")
    channels = ("حضوری", "تلفن", "صندوق شکایات", "نامه", "دیدار مردمی", "سامانه مرکزی")
    return Dashboard(
        received=1464,
        previous_received=1536,
        open=334,
        overdue=117,
        closed=1130,
        median_response_days=7.0,
        median_closure_days=15.0,
        satisfied=60,
        not_satisfied=70,
        top_units=[Count(1, "شرکت آب و فاضلاب", 169), Count(2, "شهرداری مرکز استان", 114)],
        top_categories=[Count(1, "کیفیت خدمات", 537), Count(2, "سایر", 98)],
        by_channel=[
            Count(name, name, count)
            for name, count in zip(channels, (603, 307, 306, 124, 77, 47), strict=True)
        ],
        by_month=[
            Count(140500 + i, f"{name} ۱۴۰۵", 80 + 10 * i) for i, name in enumerate(months, 1)
        ],
    )


BAR_FILL = (0.231, 0.431, 0.659)  # the bars' colour, #3b6ea8


def bar_rectangles(pdf: bytes, page: int = 0) -> int:
    """How many rectangles the page fills in the bars' colour."""
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    content = ContentStream(reader.pages[page].get_contents(), reader)
    count, fill = 0, (0.0, 0.0, 0.0)  # rg sets the fill colour: three components
    for operands, operator in content.operations:
        if operator == b"rg":
            fill = tuple(float(x) for x in operands)  # type: ignore[assignment]
        elif operator == b"re" and all(
            abs(a - b) < 0.002 for a, b in zip(fill, BAR_FILL, strict=True)
        ):
            count += 1
    return count


def test_pdf_of_the_dashboard_draws_the_charts_of_the_screen() -> None:
    table = tables.dashboard_table(a_dashboard(), SUBTITLE)
    pdf = render(table)
    lines = page_lines(pdf)
    # Both charts, titled as on screen: months of one year named alone, the year in the title.
    assert fold("شکایت‌ها به تفکیک ماه، ۱۴۰۵") in lines
    assert fold("شکایت‌ها به تفکیک شیوه‌ی دریافت") in lines
    for label in ("فروردین", "اردیبهشت", "آذر", "صندوق شکایات", "سامانه مرکزی"):
        assert label in lines  # the table says «ماه: فروردین ۱۴۰۵»: this is the chart's
    # A bar for each month and channel, on top of the table.
    assert bar_rectangles(pdf) == 9 + 6
    assert bar_rectangles(render(dataclasses.replace(table, charts=()))) == 0
    # The first month at the right, its count and the axis in Persian digits.
    positions = drawn_positions(pdf)
    assert positions["فروردین"] > positions["اردیبهشت"] > positions["آذر"]
    assert {"۹۰", "۱۷۰", "۶۰۳", "۱٬۰۰۰"} <= set(lines)
    assert not any(ch.isascii() and ch.isdigit() for line in lines[3:-3] for ch in line)
    # The table follows the charts.
    assert fold("شکایت‌های دریافتی") in lines
    assert fold("صفحه‌ی ۱ از ۲") in lines


def test_pdf_charts_of_many_months_stand_their_labels_upright_whole() -> None:
    months = ("فروردین", "اردیبهشت", "خرداد", "تیر", "مرداد", "شهریور")
    by_month = [
        Count(140400 + 100 * (i // 6) + i % 6 + 1, f"{name} {1404 + i // 6}", 50 + i)
        for i, name in enumerate(months * 4)
    ]
    board = dataclasses.replace(a_dashboard(), by_month=by_month)
    pdf = render(tables.dashboard_table(board, SUBTITLE))
    lines = page_lines(pdf)
    assert fold("شکایت‌ها به تفکیک ماه") in lines  # several years: no year in the title
    for count in by_month:
        assert to_persian_digits(count.label) in lines
    assert not [line for line in lines if line.endswith("...")]


def a_heat_map() -> ReportTable:
    units = [Count(i, name, 200 - i) for i, name in enumerate(DEFAULT_UNITS[:20])]
    categories = [Count(i, name, 10 + i) for i, name in enumerate(DEFAULT_CATEGORIES)]
    cells = {(u.key, c.key): (u.key * 7 + c.key * 3) % 10 for u in units for c in categories}
    return tables.heat_map_table("تمرکز شکایت‌ها", "واحد", HeatMap(units, categories, cells), "")


def test_pdf_never_breaks_a_word_inside_a_column_header() -> None:
    lines = page_lines(render(a_heat_map()))
    # «سایر» is a column exactly as wide as its title: it used to print as «سا» over «یر».
    assert "سایر" in lines
    assert not {"سا", "یر", "سای", "ر"} & set(lines)
    for name in DEFAULT_CATEGORIES:
        for word in name.split():
            assert any(fold(word) in line.split() for line in lines), word


def test_pdf_wraps_tight_columns_between_words_not_inside_them() -> None:
    words = ("رسیدگی", "شکایت", "پرونده", "بازرسی", "گزارش")
    columns = tuple(
        Column(f"c{i}", f"{words[i % 5]} {words[(i + 1) % 5]}", ColumnKind.TEXT) for i in range(16)
    )
    row = tuple(" ".join(words) for _ in columns)
    lines = page_lines(render(ReportTable("جدول پهن", columns, (row,))))
    pieces = {piece for line in lines for piece in line.split()}
    assert set(words) <= pieces
    assert pieces & {w[:3] for w in words} == set()
