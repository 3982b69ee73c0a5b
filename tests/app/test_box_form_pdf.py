"""Blank complaint forms (app/pdf/box_form.py): Persian text, one page per serial, and QR
codes that a 200 dpi scan reads back to the right box and serial."""

from __future__ import annotations

import dataclasses
import io
from dataclasses import dataclass

import pypdf
import pypdfium2 as pdfium
import pytest
import zxingcpp
from reportlab.lib.pagesizes import A4, A5
from reportlab.lib.units import mm

from app import boxes, lists
from app.boxes import form_qr_payload, parse_form_qr
from app.pdf.box_form import FormSheet, PageSize, render_forms
from app.permissions import Role, Session
from tests.app.test_letter_pdf import ASCENT, DESCENT, drawn_strings, fa, page_count, page_text
from tests.app.test_pdf_rtl import BIDI_CONTROLS, fold, pdf_visual_lines

OFFICE = "دفتر بازرسی و رسیدگی به شکایات استان هرمزگان"
LOCATION = "ساختمان مرکزی، طبقه‌ی همکف، کنار باجه‌ی پذیرش"
UNIT = "شهرداری مرکز استان"
LABELS = (
    "فرم شکایت، پیشنهاد و تقدیر",
    "نوع برگه:",
    "شکایت",
    "گزارش",
    "درخواست",
    "پیشنهاد",
    "تقدیر",
    "نام و نام خانوادگی (در صورت تمایل):",
    "کد ملی (در صورت تمایل):",
    "تلفن همراه:",
    "دستگاه یا واحد مورد نظر:",
    "موضوع:",
    "شرح شکایت، پیشنهاد یا تقدیر:",
)
DPI = 200


def sheet(serial: int, **changes: object) -> FormSheet:
    form = FormSheet(
        office_name=OFFICE,
        office_phone="076-33334444",
        box_code="B-12",
        box_location=LOCATION,
        unit_name=UNIT,
        serial=serial,
        qr_text=form_qr_payload(123, "B-12", serial),
    )
    return dataclasses.replace(form, **changes)  # type: ignore[arg-type]


@dataclass(frozen=True)
class Found:
    """A QR code read from a rendered page; its box in points from the page's bottom left."""

    page: int
    text: str
    left: float
    bottom: float
    right: float
    top: float


def read_qr_codes(pdf: bytes, dpi: int = DPI) -> list[Found]:
    """Rasterise every page (grayscale, as a scanner would) and read its QR codes."""
    document = pdfium.PdfDocument(pdf)
    found: list[Found] = []
    try:
        for index in range(len(document)):
            page = document[index]
            height = page.get_height()
            image = page.render(scale=dpi / 72, grayscale=True).to_pil()
            page.close()
            for code in zxingcpp.read_barcodes(image, formats=zxingcpp.BarcodeFormat.QRCode):
                p = code.position
                xs = [c.x * 72 / dpi for c in (p.top_left, p.top_right, p.bottom_left)]
                ys = [c.y * 72 / dpi for c in (p.top_left, p.top_right, p.bottom_left)]
                found.append(
                    Found(index, code.text, min(xs), height - max(ys), max(xs), height - min(ys))
                )
    finally:
        document.close()
    return found


# --------------------------------------------------------------------------- #
# Pages


@pytest.mark.parametrize(("size", "dimensions"), [("A4", A4), ("A5", A5)])
def test_one_page_per_serial_in_the_paper_size(size: PageSize, dimensions: tuple) -> None:  # type: ignore[type-arg]
    pdf = render_forms([sheet(n) for n in (7, 8, 9)], size)
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) == 3
    for page in reader.pages:
        box = page.mediabox
        assert (float(box.width), float(box.height)) == pytest.approx(dimensions)


def test_rendering_is_deterministic() -> None:
    forms = [sheet(1), sheet(2)]
    assert render_forms(forms, "A5") == render_forms(forms, "A5")


def test_nothing_to_render_or_an_unknown_size_is_a_bug() -> None:
    with pytest.raises(ValueError):
        render_forms([], "A4")
    with pytest.raises(ValueError):
        render_forms([sheet(1)], "Letter")  # type: ignore[arg-type]


# --------------------------------------------------------------------------- #
# Text


@pytest.mark.parametrize("size", ["A4", "A5"])
def test_the_persian_text_reads_back(size: PageSize) -> None:
    pdf = render_forms([sheet(42), sheet(1234)], size)
    first, second = page_text(pdf, 0), page_text(pdf, 1)
    for text in (first, second):
        assert fold(OFFICE) in text
        assert "کد صندوق: B-12" in text
        assert fold("محل صندوق: " + LOCATION) in text
        assert "واحد: " + UNIT in text
        for label in LABELS:
            assert fold(label) in text, label
        assert "تلفن" in text and "بی‌نام" in text
    # The phone reads left to right (the read-back bidi would reorder its groups).
    assert any("۰۷۶-۳۳۳۳۴۴۴۴" in line for line in pdf_visual_lines(pdf))
    assert fold("شماره‌ی فرم: " + fa(42)) in first
    assert fold("شماره‌ی فرم: " + fa(1234)) in second


def test_without_a_phone_the_note_still_says_how_to_follow_up() -> None:
    text = page_text(render_forms([sheet(1, office_phone=None)]), 0)
    assert "به دفتر مراجعه کنید" in text
    assert "تلفن " not in text.replace("تلفن همراه", "")


@pytest.mark.parametrize("size", ["A4", "A5"])
def test_a_stub_to_tear_off_keeps_the_form_number_and_where_to_ask(size: PageSize) -> None:
    contact = "بندرعباس، بلوار امام خمینی، ساختمان استانداری"
    pdf = render_forms([sheet(42, office_contact=contact)], size)
    text = page_text(pdf, 0)
    assert fold("این بخش را جدا کنید و نزد خود نگه دارید") in text
    assert text.count(fold("شماره‌ی فرم: " + fa(42))) == 2  # under the QR code and on the stub
    assert fold("صندوق B-12") in text and fold(contact) in text
    assert fold("با این شماره به دفتر مراجعه کنید یا با تلفن") in text
    assert len(read_qr_codes(pdf)) == 1  # the stub has no code of its own for a scan to find


@pytest.mark.parametrize("size", ["A4", "A5"])
def test_text_stays_on_the_page_and_off_the_qr_code(size: PageSize) -> None:
    long_location = "خیابان " * 80 + "\u202eپایان"
    pdf = render_forms([sheet(5, box_location=long_location, office_name=OFFICE * 3)], size)
    assert page_count(pdf) == 1
    width, height = A4 if size == "A4" else A5
    (qr,) = read_qr_codes(pdf)
    assert not BIDI_CONTROLS & set("".join(pdf_visual_lines(pdf)))
    for d in drawn_strings(pdf):
        top, bottom = d.y + ASCENT * d.size, d.y - DESCENT * d.size
        assert 5 * mm <= d.x and d.x_end <= width - 5 * mm, d.text
        assert 5 * mm <= bottom and top <= height - 5 * mm, d.text
        apart = d.x > qr.right or d.x_end < qr.left or bottom > qr.top or top < qr.bottom
        assert apart, d.text


# --------------------------------------------------------------------------- #
# QR codes


@pytest.mark.parametrize("size", ["A4", "A5"])
def test_qr_codes_are_at_least_22_mm_in_the_top_left_corner(size: PageSize) -> None:
    pdf = render_forms([sheet(99_999_999, box_code="LONG-BOX-CODE-2025", qr_text=LONG)], size)
    (qr,) = read_qr_codes(pdf)
    assert qr.text == LONG
    assert qr.right - qr.left >= 22 * mm and qr.top - qr.bottom >= 22 * mm
    width, height = A4 if size == "A4" else A5
    assert qr.right < width / 3 and qr.bottom > height * 2 / 3


LONG = form_qr_payload(9999, "LONG-BOX-CODE-2025", 99_999_999)


@pytest.fixture
def data_entry(session_for) -> Session:
    return session_for(Role.DATA_ENTRY)  # type: ignore[no-any-return]


@pytest.mark.parametrize("size", ["A4", "A5"])
def test_printed_forms_scan_back_to_their_box_and_serial(
    admin: Session, data_entry: Session, size: PageSize
) -> None:
    units = lists.list_units(admin)
    first = boxes.create_box(admin, "B-12", LOCATION, units[0].id)
    second = boxes.create_box(admin, "ED-3", "راهروی طبقه‌ی دوم", units[1].id)
    batches = [
        boxes.print_forms(data_entry, first.id, 3, size),
        boxes.print_forms(data_entry, second.id, 2, size),
    ]
    scanned = []
    for batch in batches:
        pdf = boxes.form_batch_pdf(data_entry, batch.id)
        found = read_qr_codes(pdf)
        assert [f.page for f in found] == list(range(batch.count))  # one code on every page
        scanned += [parse_form_qr(f.text) for f in found]
    assert scanned == [
        boxes.FormCode(123, "B-12", 1),
        boxes.FormCode(123, "B-12", 2),
        boxes.FormCode(123, "B-12", 3),
        boxes.FormCode(123, "ED-3", 4),
        boxes.FormCode(123, "ED-3", 5),
    ]
    for code in scanned:
        assert code is not None
        owner = boxes.serial_owner(code.serial)
        assert owner is not None and owner.code == code.box_code
