"""Blank complaint forms for a complaint box (A4 or A5 portrait), one page per serial.

Each page is a Persian form to fill in by hand: the office name, the box's code, location
and unit top right; the QR code top left, with the form's serial under it in Persian digits;
the title; the kind to tick; fields with lines or boxes to write in (name and national code
optional, phone, address, the unit complained about, subject); a large ruled area for the
text; a note that the form may be dropped in the box unsigned; and, below a dashed line, a
stub to tear off and keep, with the form's number and how to follow it up (no QR code on it:
a scan must find one code per page).

The QR code (error level Q: sheets come back folded and smudged) carries the caller's text,
the box code and the serial (app.boxes.form_qr_payload); its modules alone are at least
22 mm wide, which a 200 dpi scan reads comfortably. Nothing is drawn in its quiet zone.
The canvas is ``invariant``, so the same forms give byte-identical PDF bytes.
"""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

from reportlab.lib.colors import Color, black
from reportlab.lib.pagesizes import A4, A5
from reportlab.lib.units import mm as _rl_mm
from reportlab.pdfgen.canvas import Canvas

from app.pdf.fonts import FONT_BOLD, FONT_REGULAR, register_fonts
from app.pdf.qr import draw_qr, qr_matrix
from app.pdf.rtl import LANGUAGE, line_width, truncate_lines, visual_line, wrap_logical
from app.persian import clean_line, to_persian_digits
from app.vocabulary import KIND_LABELS, Kind

__all__ = ["FormSheet", "PageSize", "render_forms"]

PageSize = Literal["A4", "A5"]

TITLE = "فرم شکایت، پیشنهاد و تقدیر"
KINDS = tuple(
    KIND_LABELS[k]
    for k in (Kind.COMPLAINT, Kind.REPORT, Kind.REQUEST, Kind.SUGGESTION, Kind.APPRECIATION)
)
STUB_TITLE = "رسید برگه‌ی صندوق شکایات — این بخش را جدا کنید و نزد خود نگه دارید"
QR_ERROR = "q"
QR_BORDER = 4


@dataclass(frozen=True)
class FormSheet:
    """One blank form, already in the words to print."""

    office_name: str
    office_phone: str | None
    box_code: str  # Latin letters, digits and dashes, e.g. "B-12"
    box_location: str
    unit_name: str  # the unit the box stands in
    serial: int
    qr_text: str  # what the QR code carries
    office_contact: str | None = None  # the letterhead's address and telephone line


@dataclass(frozen=True)
class _Geometry:
    """Measures of one paper size, in points."""

    width: float
    height: float
    margin: float
    qr_symbol: float  # the QR modules, quiet zone excluded
    name_size: float
    text_size: float
    title_size: float
    label_size: float
    row: float  # height of one writing row
    ruled: float  # distance between the lines of the text area
    note_size: float
    digit_box: float  # side of one box of the national code
    stub: float  # height of the tear-off stub below the dashed line

    @property
    def left(self) -> float:
        return self.margin

    @property
    def right(self) -> float:
        return self.width - self.margin


_MM = float(_rl_mm)
_GEOMETRY: dict[str, _Geometry] = {
    "A4": _Geometry(
        float(A4[0]),
        float(A4[1]),
        margin=14 * _MM,
        qr_symbol=26 * _MM,
        name_size=14,
        text_size=11,
        title_size=18,
        label_size=11.5,
        row=11 * _MM,
        ruled=9 * _MM,
        note_size=10,
        digit_box=7 * _MM,
        stub=31 * _MM,
    ),
    "A5": _Geometry(
        float(A5[0]),
        float(A5[1]),
        margin=9 * _MM,
        qr_symbol=22.5 * _MM,
        name_size=11,
        text_size=9,
        title_size=14,
        label_size=9.5,
        row=8.5 * _MM,
        ruled=7.5 * _MM,
        note_size=8,
        digit_box=5.5 * _MM,
        stub=24 * _MM,
    ),
}

_GREY = Color(0.35, 0.35, 0.35)
_LINE_GREY = Color(0.55, 0.55, 0.55)
_GAP = 2 * _MM


# --------------------------------------------------------------------------- #
# Text, cached: every page repeats the same labels.


@lru_cache(maxsize=4096)
def _visual(text: str, font: str) -> str:
    return visual_line(text, font=font)


@lru_cache(maxsize=4096)
def _width(text: str, font: str, size: float) -> float:
    return line_width(text, font, size)


@lru_cache(maxsize=1024)
def _wrap(text: str, font: str, size: float, width: float, max_lines: int) -> tuple[str, ...]:
    lines = wrap_logical(text, font, size, width)
    return tuple(truncate_lines(lines, max_lines, font, size, width))


def _right(c: Canvas, text: str, x: float, y: float, font: str, size: float) -> float:
    """Draw ``text`` right-aligned at ``x`` on baseline ``y``; return its width."""
    c.setFont(font, size)
    c.drawRightString(x, y, _visual(text, font))
    return _width(text, font, size)


def _centred(c: Canvas, text: str, x: float, y: float, font: str, size: float) -> None:
    c.setFont(font, size)
    c.drawCentredString(x, y, _visual(text, font))


# --------------------------------------------------------------------------- #
# Parts of the page


_DIGIT = re.compile(r"[0-9]")


@lru_cache(maxsize=64)
def _symbol_modules(shape: str) -> int:
    """Modules across the QR symbol of any text of this shape (its digits read as 0).

    Texts that differ only in their digits encode in the same mode and length, so in the
    same version: a batch's codes are measured once, not encoded twice per page.
    """
    return len(qr_matrix(shape, error=QR_ERROR, border=0))


def _draw_qr(c: Canvas, form: FormSheet, g: _Geometry) -> float:
    """QR top left (its quiet zone reaches into the margin), the serial under it.

    Returns the y below them.
    """
    quiet = QR_BORDER * g.qr_symbol / _symbol_modules(_DIGIT.sub("0", form.qr_text))
    top = g.height - g.margin
    size = g.qr_symbol + 2 * quiet
    draw_qr(c, form.qr_text, g.left - quiet, top - g.qr_symbol - quiet, size, error=QR_ERROR)
    baseline = top - g.qr_symbol - quiet - g.text_size * 1.1
    label = "شماره‌ی فرم: " + to_persian_digits(form.serial)
    _centred(c, label, g.left + g.qr_symbol / 2, baseline, FONT_BOLD, g.text_size)
    return baseline - g.text_size * 0.8


def _draw_header(c: Canvas, form: FormSheet, g: _Geometry) -> float:
    """Office, box code, location and unit top right; returns the y below them."""
    width = g.right - g.left - g.qr_symbol - 3 * _GAP
    y = g.height - g.margin
    name = clean_line(form.office_name)
    for line in _wrap(name, FONT_BOLD, g.name_size, width, 2):
        y -= g.name_size * 1.45
        _right(c, line, g.right, y, FONT_BOLD, g.name_size)
    rows = (
        "کد صندوق: " + clean_line(form.box_code),
        "محل صندوق: " + clean_line(form.box_location),
        "واحد: " + clean_line(form.unit_name),
    )
    for row in rows:
        for line in _wrap(row, FONT_REGULAR, g.text_size, width, 2):
            y -= g.text_size * 1.6
            _right(c, line, g.right, y, FONT_REGULAR, g.text_size)
    return y - g.text_size * 0.6


def _draw_kinds(c: Canvas, y: float, g: _Geometry) -> float:
    """The row of kinds to tick: "نوع:  □ شکایت  □ پیشنهاد ..."; returns the row's bottom."""
    baseline = y - g.row * 0.7
    x = g.right - _right(c, "نوع برگه:", g.right, baseline, FONT_BOLD, g.label_size) - 2 * _GAP
    box = g.label_size * 1.1
    c.setLineWidth(0.8)
    for kind in KINDS:
        c.rect(x - box, baseline - 1, box, box, stroke=1, fill=0)
        x -= box + _GAP
        x -= _right(c, kind, x, baseline, FONT_REGULAR, g.label_size) + 3 * _GAP
    return y - g.row


def _writing_line(c: Canvas, x_left: float, x_right: float, baseline: float) -> None:
    c.saveState()
    c.setStrokeColor(_LINE_GREY)
    c.setLineWidth(0.6)
    c.setDash(1, 2)
    c.line(x_left, baseline - 1.5, x_right, baseline - 1.5)
    c.restoreState()


def _draw_field(
    c: Canvas, label: str, y: float, g: _Geometry, x_right: float, x_left: float
) -> None:
    """A label with a dotted line to write on, from ``x_right`` leftwards to ``x_left``."""
    baseline = y - g.row * 0.7
    used = _right(c, label, x_right, baseline, FONT_BOLD, g.label_size)
    _writing_line(c, x_left, x_right - used - _GAP, baseline)


def _draw_digit_boxes(c: Canvas, label: str, y: float, g: _Geometry, count: int) -> None:
    """A label and ``count`` boxes, one digit each, written left to right."""
    baseline = y - g.row * 0.7
    used = _right(c, label, g.right, baseline, FONT_BOLD, g.label_size)
    side = g.digit_box
    first = g.right - used - 2 * _GAP - count * side
    c.setLineWidth(0.8)
    for i in range(count):
        c.rect(first + i * side, baseline - 2.5, side, side, stroke=1, fill=0)


def _draw_fields(c: Canvas, y: float, g: _Geometry) -> float:
    """The short fields; returns the y below them."""
    middle = (g.left + g.right) / 2
    _draw_field(c, "نام و نام خانوادگی (در صورت تمایل):", y, g, g.right, g.left)
    y -= g.row
    _draw_digit_boxes(c, "کد ملی (در صورت تمایل):", y, g, 10)
    y -= g.row
    _draw_field(c, "تلفن همراه:", y, g, g.right, middle + _GAP)
    _draw_field(c, "تاریخ:", y, g, middle - _GAP, g.left)
    y -= g.row
    _draw_field(c, "نشانی (در صورت تمایل):", y, g, g.right, g.left)
    y -= g.row
    _draw_field(c, "دستگاه یا واحد مورد نظر:", y, g, g.right, g.left)
    y -= g.row
    _draw_field(c, "موضوع:", y, g, g.right, g.left)
    return y - g.row


def _follow_up(form: FormSheet) -> str:
    phone = clean_line(form.office_phone or "")
    reach = f"با تلفن {to_persian_digits(phone)} تماس بگیرید" if phone else "تماس بگیرید"
    return f"برای پیگیری، با این شماره به دفتر مراجعه کنید یا {reach}."


def _note_lines(form: FormSheet, g: _Geometry) -> tuple[str, ...]:
    text = (
        "نوشتن نام، کد ملی و نشانی اختیاری است؛ می‌توانید این برگه را بی‌نام در صندوق "
        "بیندازید و هویت شما نزد دفتر محفوظ می‌ماند. پیش از انداختن برگه در صندوق، رسید "
        "پایین برگه را جدا کنید و نگه دارید."
    )
    return _wrap(text, FONT_REGULAR, g.note_size, g.right - g.left, 3)


def _draw_note(c: Canvas, form: FormSheet, g: _Geometry, bottom: float) -> float:
    """The note above ``bottom``; returns the y above it."""
    lines = _note_lines(form, g)
    leading = g.note_size * 1.6
    y = bottom + (len(lines) - 1) * leading
    c.saveState()
    c.setFillColor(_GREY)
    for line in lines:
        _right(c, line, g.right, y, FONT_REGULAR, g.note_size)
        y -= leading
    c.restoreState()
    return bottom + len(lines) * leading


def _draw_stub(c: Canvas, form: FormSheet, g: _Geometry) -> float:
    """The tear-off stub at the foot of the page; returns the y of its dashed line."""
    cut = g.margin + g.stub
    c.saveState()
    c.setStrokeColor(_GREY)
    c.setLineWidth(0.7)
    c.setDash(4, 3)
    c.line(0, cut, g.width, cut)  # edge to edge: where the scissors go
    c.restoreState()
    width = g.right - g.left
    y = cut - g.note_size * 1.9
    c.saveState()
    c.setFillColor(_GREY)
    _right(c, STUB_TITLE, g.right, y, FONT_REGULAR, g.note_size)
    c.restoreState()
    y -= g.title_size * 1.2
    number = "شماره‌ی فرم: " + to_persian_digits(form.serial)
    used = _right(c, number, g.right, y, FONT_BOLD, g.title_size * 0.85)
    box = f"صندوق {clean_line(form.box_code)}، {clean_line(form.box_location)}"
    room = width - used - 6 * _GAP
    (line,) = _wrap(box, FONT_REGULAR, g.text_size, room, 1)
    _right(c, line, g.left + room, y, FONT_REGULAR, g.text_size)
    where = clean_line(form.office_contact or "") or clean_line(form.office_name)
    for text in (_follow_up(form), where):
        y -= g.text_size * 1.75
        (line,) = _wrap(text, FONT_REGULAR, g.text_size, width, 1)
        _right(c, line, g.right, y, FONT_REGULAR, g.text_size)
    return cut


def _draw_text_area(c: Canvas, top: float, bottom: float, g: _Geometry) -> None:
    """ "شرح:" and a framed, ruled area down to ``bottom``."""
    baseline = top - g.label_size * 1.3
    _right(c, "شرح شکایت، پیشنهاد یا تقدیر:", g.right, baseline, FONT_BOLD, g.label_size)
    frame_top = baseline - g.label_size * 0.8
    c.setLineWidth(0.8)
    c.rect(g.left, bottom, g.right - g.left, frame_top - bottom, stroke=1, fill=0)
    y = frame_top - g.ruled
    while y > bottom + g.ruled * 0.6:
        _writing_line(c, g.left + _GAP, g.right - _GAP, y + 1.5)
        y -= g.ruled


def _draw_page(c: Canvas, form: FormSheet, g: _Geometry) -> None:
    c.setFillColor(black)
    c.setStrokeColor(black)
    below = min(_draw_header(c, form, g), _draw_qr(c, form, g))
    title_base = below - g.title_size * 1.3
    _centred(c, TITLE, g.width / 2, title_base, FONT_BOLD, g.title_size)
    y = _draw_kinds(c, title_base - g.title_size * 0.5, g)
    y = _draw_fields(c, y, g)
    cut = _draw_stub(c, form, g)
    note_top = _draw_note(c, form, g, cut + g.note_size * 1.6)
    _draw_text_area(c, y, note_top + g.note_size * 0.6, g)


def render_forms(forms: Sequence[FormSheet], page_size: PageSize = "A4") -> bytes:
    """The forms as one PDF, one page each, in the order given."""
    if page_size not in _GEOMETRY:
        raise ValueError(f"unknown page size: {page_size!r}")
    if not forms:
        raise ValueError("no forms to render")
    g = _GEOMETRY[page_size]
    register_fonts()
    buffer = io.BytesIO()
    c = Canvas(buffer, pagesize=(g.width, g.height), invariant=1, pageCompression=1, lang=LANGUAGE)
    c.setTitle(f"{TITLE} — {clean_line(forms[0].box_code)}")
    c.setAuthor(clean_line(forms[0].office_name))
    c.setSubject(f"صندوق {clean_line(forms[0].box_code)}، {clean_line(forms[0].box_location)}")
    c.setCreator("Dadras")
    for form in forms:
        _draw_page(c, form, g)
        c.showPage()
    c.save()
    return buffer.getvalue()
