"""The complaint receipt PDF (app/pdf/receipt.py) and its QR code (app/pdf/qr.py)."""

from __future__ import annotations

import dataclasses
import io
import shutil
import subprocess
from datetime import UTC, datetime
from pathlib import Path

import pypdf
import pytest
import segno
from pypdf.generic import ContentStream
from reportlab.lib.pagesizes import A5
from reportlab.pdfgen.canvas import Canvas

from app.pdf.qr import draw_qr, qr_matrix
from app.pdf.receipt import ReceiptData, render_receipt
from app.persian import to_ascii_digits
from tests.app.test_pdf_rtl import BIDI_CONTROLS, fold, pdf_logical_text, pdf_visual_lines

CODE = "1234567890128"
SUBJECT = "تأخیر در پاسخ‌گویی به درخواست صدور پروانه ساختمانی از سوی شهرداری منطقه ۳"
FOLLOW_UP = (
    "برای پیگیری، کد رهگیری را در سامانه شکایات وارد کنید یا با شماره ۱۱۱ تماس بگیرید. "
    "این رسید را نزد خود نگه دارید."
)


def make_data(**changes: object) -> ReceiptData:
    data = ReceiptData(
        office_name="دفتر بازرسی و رسیدگی به شکایات استان تهران",
        office_phone="021-88776655",
        tracking_code=CODE,
        # 10:35 UTC is 14:05 in Tehran, on 2 Azar 1405.
        registered_at=datetime(2026, 11, 23, 10, 35, tzinfo=UTC),
        subject=SUBJECT,
        kind_label="شکایت",
        unit_name="شهرداری منطقه ۳ تهران",
        complainant_name="علی رضایی",
        follow_up_text=FOLLOW_UP,
    )
    return dataclasses.replace(data, **changes)  # type: ignore[arg-type]


@pytest.fixture(scope="module")
def receipt_pdf() -> bytes:
    return render_receipt(make_data())


def test_is_a_one_page_a5_pdf(receipt_pdf: bytes) -> None:
    assert receipt_pdf.startswith(b"%PDF-")
    reader = pypdf.PdfReader(io.BytesIO(receipt_pdf))
    assert len(reader.pages) == 1
    box = reader.pages[0].mediabox
    assert (float(box.width), float(box.height)) == pytest.approx(A5)


def test_metadata(receipt_pdf: bytes) -> None:
    meta = pypdf.PdfReader(io.BytesIO(receipt_pdf)).metadata
    assert meta is not None
    assert meta.title == "رسید ثبت شکایت 1234-56789012-8"
    assert meta.author == "دفتر بازرسی و رسیدگی به شکایات استان تهران"


def test_tracking_code_in_latin_and_persian_digits(receipt_pdf: bytes) -> None:
    lines = pdf_visual_lines(receipt_pdf)
    # Small, in Latin digits, for the citizen who types it in.
    assert "1234-56789012-8" in lines
    # Large, in Persian digits, grouped and left to right, for reading aloud.
    persian = [line for line in lines if line == "۱۲۳۴-۵۶۷۸۹۰۱۲-۸"]
    assert len(persian) == 1
    assert to_ascii_digits(persian[0]).replace("-", "") == CODE


def test_subject_reads_back_in_logical_order(receipt_pdf: bytes) -> None:
    # See pdf_logical_text in test_pdf_rtl: glyphs are decoded in drawing
    # order, reordered back with an independent bidi implementation and
    # unshaped with NFKC; the subject (wrapped over lines) must then appear
    # word for word, in order.
    text = pdf_logical_text(receipt_pdf)
    assert fold(SUBJECT) in text
    assert "موضوع: " + fold(SUBJECT) in text


def test_header_title_date_unit_and_follow_up(receipt_pdf: bytes) -> None:
    text = pdf_logical_text(receipt_pdf)
    assert text.startswith("دفتر بازرسی و رسیدگی به شکایات استان تهران")
    assert "تلفن: " in text and "۰۲۱-۸۸۷۷۶۶۵۵" in pdf_visual_lines(receipt_pdf)[1]
    assert "رسید ثبت شکایت" in text
    assert "کد رهگیری" in text
    assert "تاریخ ثبت: ۱۴۰۵/۰۹/۰۲ ساعت ۱۴:۰۵" in text
    assert "واحد مربوط: شهرداری منطقه ۳ تهران" in text
    assert fold(FOLLOW_UP) in text


def test_name_is_shown_when_given(receipt_pdf: bytes) -> None:
    assert "نام: علی رضایی" in pdf_logical_text(receipt_pdf)


@pytest.mark.parametrize("name", [None, "", "   "])
def test_no_name_line_for_anonymous_or_confidential(name: str | None) -> None:
    text = pdf_logical_text(render_receipt(make_data(complainant_name=name)))
    assert "نام:" not in text
    assert "رضایی" not in text
    assert fold(SUBJECT) in text


def test_no_phone_line_without_phone() -> None:
    text = pdf_logical_text(render_receipt(make_data(office_phone=None)))
    assert "تلفن" not in text


def test_the_office_address_and_telephone_head_the_receipt() -> None:
    contact = "تهران، خیابان آزادی، پلاک ۱۲ — تلفن ۰۲۱-۸۸۷۷۶۶۵۵"
    text = pdf_logical_text(render_receipt(make_data(office_contact=contact)))
    assert fold(contact.split(" — ")[0]) in text
    assert text.count("تلفن") == 1  # the phone in the contact line is not printed twice


def test_receipt_data_names_where_to_follow_up(session_for) -> None:
    from app import letterhead, receipts
    from app.permissions import Role
    from tests.app.helpers import register

    clerk = session_for(Role.CLERK)
    registered = register(clerk)
    bare = receipts.receipt_data(clerk, registered.complaint_id)
    assert bare.office_contact is None and "بالای همین رسید" not in bare.follow_up_text
    admin = session_for(Role.ADMIN)
    head = letterhead.load_letterhead()
    letterhead.save_letterhead(
        admin,
        office_title=head.office_title,
        signer_name="",
        signer_title="",
        footer="بندرعباس، بلوار امام خمینی — تلفن ۰۷۶۳۳۵۵۱۲۰۰",
    )
    data = receipts.receipt_data(clerk, registered.complaint_id)
    assert data.office_contact == "بندرعباس، بلوار امام خمینی — تلفن ۰۷۶۳۳۵۵۱۲۰۰"
    assert "بالای همین رسید" in data.follow_up_text


def test_title_uses_the_kind_label() -> None:
    pdf = render_receipt(make_data(kind_label="درخواست"))
    assert "رسید ثبت درخواست" in pdf_logical_text(pdf)
    meta = pypdf.PdfReader(io.BytesIO(pdf)).metadata
    assert meta is not None and meta.title is not None
    assert meta.title.startswith("رسید ثبت درخواست")


def test_hostile_input_renders_on_one_page() -> None:
    huge = " ".join(["شکایت", "<b>bold</b>", "😀", "ABC", "123"] * 1000)
    pdf = render_receipt(
        make_data(
            office_name="\u202eدفتر\u202c <font color='red'>x</font>",
            subject=huge,
            unit_name="واحد\u2067 ۳\u2069 🇮🇷",
            complainant_name="\u202eعلی\u202c",
            follow_up_text=" ".join(["متن"] * 5000),
        )
    )
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) == 1
    lines = pdf_visual_lines(pdf)
    assert not BIDI_CONTROLS & set("".join(lines))
    text = pdf_logical_text(pdf)
    assert "<font color='red'>x</font>" in text
    assert "شکایت <b>bold</b>" in text
    assert sum("\u2026" in line for line in lines) == 2  # cut subject and follow-up
    assert "نام: علی" in text


def test_everything_drawn_stays_on_the_page() -> None:
    pdf = render_receipt(
        make_data(subject=" ".join(["موضوع"] * 300), follow_up_text="پیگیری " * 2000)
    )
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    width, height = A5
    for operands, operator in ContentStream(reader.pages[0].get_contents(), reader).operations:
        if operator == b"Tm":
            x, y = float(operands[4]), float(operands[5])
            assert 0 <= x <= width and 0 <= y <= height


def test_receipt_data_validates() -> None:
    with pytest.raises(ValueError):
        make_data(tracking_code="۱۲۳۴۵۶۷۸۹۰۱۲۸")
    with pytest.raises(ValueError):
        make_data(tracking_code="123456789012")
    with pytest.raises(ValueError):
        make_data(registered_at=datetime(2026, 11, 23, 10, 35))


# --------------------------------------------------------------------------- #
# QR code


def test_qr_matrix_is_a_regular_qr_code_level_m() -> None:
    qr = segno.make_qr(CODE, error="m", boost_error=False)
    assert qr.error == "M" and not qr.is_micro
    matrix = qr_matrix(CODE)
    n = qr.symbol_size(border=4)[0]
    assert len(matrix) == n and all(len(row) == n for row in matrix)
    assert [[bool(m) for m in row] for row in qr.matrix_iter(border=4)] == matrix


def _read_pgm(path: Path) -> tuple[int, int, bytes]:
    data = path.read_bytes()
    fields: list[bytes] = []
    pos = 0
    while len(fields) < 4:
        while data[pos : pos + 1].isspace():
            pos += 1
        if data[pos : pos + 1] == b"#":
            pos = data.index(b"\n", pos) + 1
            continue
        end = pos
        while not data[end : end + 1].isspace():
            end += 1
        fields.append(data[pos:end])
        pos = end
    assert fields[0] == b"P5" and fields[3] == b"255"
    return int(fields[1]), int(fields[2]), data[pos + 1 :]


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="poppler-utils not installed")
def test_drawn_qr_matches_its_matrix(tmp_path: Path) -> None:
    # Rasterise a QR drawn as vector squares and sample each module's centre.
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=(300, 300))
    draw_qr(canvas, CODE, 50, 50, 200)
    canvas.showPage()
    canvas.save()
    pdf = tmp_path / "qr.pdf"
    pdf.write_bytes(buffer.getvalue())
    subprocess.run(
        ["pdftoppm", "-r", "144", "-gray", "-singlefile", str(pdf), str(tmp_path / "qr")],
        check=True,
    )
    width, height, pixels = _read_pgm(tmp_path / "qr.pgm")
    assert (width, height) == (600, 600)
    matrix = qr_matrix(CODE)
    n = len(matrix)
    scale = 2.0  # 144 dpi
    module = 200 / n
    for r, row in enumerate(matrix):
        for c, dark in enumerate(row):
            px = round((50 + (c + 0.5) * module) * scale)
            py = round((300 - 250 + (r + 0.5) * module) * scale)  # image y grows downwards
            value = pixels[py * width + px]
            assert (value < 128) == dark, (r, c, value)


def test_receipt_holds_the_qr_code(receipt_pdf: bytes) -> None:
    reader = pypdf.PdfReader(io.BytesIO(receipt_pdf))
    ops = ContentStream(reader.pages[0].get_contents(), reader).operations
    rects = sum(1 for _, operator in ops if operator == b"re")
    runs = sum(
        1
        for row in qr_matrix(CODE, border=2)
        for i, dark in enumerate(row)
        if dark and (i == 0 or not row[i - 1])
    )
    # One rectangle per run of dark modules (plus the white quiet zone).
    assert rects >= runs
