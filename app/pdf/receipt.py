"""The receipt handed to a citizen when a complaint is registered (A5 portrait).

It shows the tracking code large in Persian digits (clerks read it aloud) and
small in Latin digits (the citizen may type it that way), a QR code of the 13
ASCII digits, the Jalali date and time, subject, unit and follow-up
instructions. It shows nothing the citizen did not give: the name appears only
when there is one (never for an anonymous or confidential complaint).
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import datetime

from reportlab.lib.colors import Color, black
from reportlab.lib.pagesizes import A5
from reportlab.lib.units import mm as _rl_mm
from reportlab.pdfgen.canvas import Canvas

from app.jalali import format_datetime
from app.pdf.fonts import FONT_BOLD, FONT_REGULAR, register_fonts
from app.pdf.qr import draw_qr
from app.pdf.rtl import (
    LANGUAGE,
    draw_rtl_centred,
    draw_rtl_line,
    draw_rtl_paragraph,
    line_width,
)
from app.persian import clean_line, to_ascii_digits
from app.tracking import CODE_LENGTH, format_tracking_code

__all__ = ["ReceiptData", "render_receipt"]

_GREY = Color(0.45, 0.45, 0.45)
_LIGHT = Color(0.93, 0.93, 0.93)


@dataclass(frozen=True)
class ReceiptData:
    """Everything printed on a receipt, already in the words to print."""

    office_name: str
    office_phone: str | None
    tracking_code: str  # 13 ASCII digits
    registered_at: datetime  # UTC, timezone-aware
    subject: str
    kind_label: str  # Persian, e.g. "شکایت"
    unit_name: str
    complainant_name: str | None  # None when anonymous or confidential
    follow_up_text: str  # Persian: how to follow the complaint up
    office_contact: str | None = None  # the letterhead's address and telephone line

    def __post_init__(self) -> None:
        code = self.tracking_code
        if len(code) != CODE_LENGTH or not code.isascii() or not code.isdigit():
            raise ValueError(f"tracking code must be {CODE_LENGTH} ASCII digits: {code!r}")
        if self.registered_at.tzinfo is None or self.registered_at.utcoffset() is None:
            raise ValueError("registered_at must be timezone-aware (UTC)")


# Layout (points). A5 is 419.5 × 595.3.
_MM = float(_rl_mm)
_PAGE_W, _PAGE_H = float(A5[0]), float(A5[1])
_MARGIN = 14 * _MM
_RIGHT = _PAGE_W - _MARGIN
_LEFT = _MARGIN
_WIDTH = _RIGHT - _LEFT
_GAP = 3 * _MM
_BOTTOM = _MARGIN
_QR_SIZE = 30 * _MM


def _fit_size(text: str, font: str, max_size: float, width: float, digits: bool) -> float:
    """The largest size ≤ max_size at which the line fits in ``width``."""
    at_one = line_width(text, font, 1, persian_digits=digits)
    if at_one <= 0:
        return max_size
    return min(max_size, 0.94 * width / at_one)


_ROW_SIZE = 11.0


def _row(
    c: Canvas, label: str, value: str, y: float, label_w: float, *, max_lines: int = 3
) -> float:
    """A "label: value" row: bold label on the right, wrapped value beside it."""
    size = _ROW_SIZE
    leading = size * 1.7
    draw_rtl_line(c, label + ":", _RIGHT, y - size, FONT_BOLD, size)
    y_after = draw_rtl_paragraph(
        c,
        value,
        _RIGHT - label_w,
        y,
        _WIDTH - label_w,
        FONT_REGULAR,
        size,
        leading,
        max_lines=max_lines,
    )
    return min(y_after, y - leading)


def _draw_header(c: Canvas, data: ReceiptData, y: float) -> float:
    y = draw_rtl_paragraph(c, data.office_name, _RIGHT, y, _WIDTH, FONT_BOLD, 15, 22, max_lines=2)
    contact = clean_line(data.office_contact or "")
    phone = clean_line(data.office_phone or "")
    if contact:
        y = draw_rtl_paragraph(c, contact, _RIGHT, y, _WIDTH, FONT_REGULAR, 10, 16, max_lines=2)
    if phone and phone not in to_ascii_digits(contact):
        y = draw_rtl_paragraph(
            c, "تلفن: " + phone, _RIGHT, y, _WIDTH, FONT_REGULAR, 10, 16, max_lines=1
        )
    y -= 4
    c.setStrokeColor(black)
    c.setLineWidth(0.8)
    c.line(_LEFT, y, _RIGHT, y)
    return y


def _draw_tracking_box(c: Canvas, code: str, y_top: float) -> float:
    """Framed box: QR on the left, the code large and small on the right."""
    pad = 4 * _MM
    box_h = _QR_SIZE + 2 * pad
    y_bottom = y_top - box_h
    c.saveState()
    c.setFillColor(_LIGHT)
    c.setStrokeColor(black)
    c.setLineWidth(0.8)
    c.roundRect(_LEFT, y_bottom, _WIDTH, box_h, 3 * _MM, stroke=1, fill=1)
    c.restoreState()
    draw_qr(c, code, _LEFT + pad, y_bottom + pad, _QR_SIZE, border=2)

    grouped = format_tracking_code(code)  # 1234-56789012-3
    text_left = _LEFT + pad + _QR_SIZE + pad
    text_right = _RIGHT - pad
    centre = (text_left + text_right) / 2
    text_w = text_right - text_left

    label_size = 11.0
    big = _fit_size(grouped, FONT_BOLD, 26, text_w, True)
    small = 12.0
    # Stack label / big code / Latin code, centred vertically in the box.
    stack_h = label_size + 8 + big + 8 + small
    y = y_bottom + (box_h + stack_h) / 2
    draw_rtl_centred(c, "کد رهگیری", centre, y - label_size, FONT_BOLD, label_size)
    y -= label_size + 8 + big
    draw_rtl_centred(c, grouped, centre, y, FONT_BOLD, big)
    y -= 8 + small
    c.setFillColor(_GREY)
    draw_rtl_centred(c, grouped, centre, y, FONT_REGULAR, small, persian_digits=False)
    c.setFillColor(black)
    return y_bottom


def _draw_receipt(c: Canvas, data: ReceiptData) -> None:
    y = _draw_header(c, data, _PAGE_H - _MARGIN)

    title = "رسید ثبت " + clean_line(data.kind_label)
    y -= 30
    draw_rtl_centred(c, title, _PAGE_W / 2, y, FONT_BOLD, 18)
    y -= 16

    y = _draw_tracking_box(c, data.tracking_code, y) - 16

    name = clean_line(data.complainant_name or "")
    rows = [
        ("تاریخ ثبت", format_datetime(data.registered_at), 1),
        ("موضوع", clean_line(data.subject), 4),
        ("واحد مربوط", clean_line(data.unit_name), 2),
    ]
    if name:  # nothing the citizen did not give: no name line when there is none
        rows.append(("نام", name, 2))
    label_w = _GAP + max(line_width(label + ":", FONT_BOLD, _ROW_SIZE) for label, _, _ in rows)
    for label, value, max_lines in rows:
        y = _row(c, label, value, y, label_w, max_lines=max_lines)

    y -= 6
    c.setStrokeColor(_GREY)
    c.setLineWidth(0.5)
    c.line(_LEFT, y, _RIGHT, y)
    y -= 8

    size = 10.5
    leading = size * 1.75
    available = int((y - _BOTTOM - 14) // leading)
    draw_rtl_paragraph(
        c,
        data.follow_up_text,
        _RIGHT,
        y,
        _WIDTH,
        FONT_REGULAR,
        size,
        leading,
        max_lines=max(available, 1),
    )


def render_receipt(data: ReceiptData) -> bytes:
    """The receipt as a one-page A5 PDF."""
    register_fonts()
    buffer = io.BytesIO()
    c = Canvas(buffer, pagesize=A5, pageCompression=1, lang=LANGUAGE)
    title = "رسید ثبت " + clean_line(data.kind_label)
    c.setTitle(f"{title} {format_tracking_code(data.tracking_code)}")
    c.setAuthor(clean_line(data.office_name))
    c.setSubject(title)
    c.setCreator("Dadras")
    c.setKeywords(data.tracking_code)
    _draw_receipt(c, data)
    c.showPage()
    c.save()
    return buffer.getvalue()
