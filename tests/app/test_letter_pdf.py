"""The official letter PDF (app/pdf/letter.py).

The PDF is read back as drawn: every text object's glyphs are decoded through
the font's ToUnicode map and made logical again with an independent bidi
implementation (see the comment in test_pdf_rtl), and its position is taken
from the text matrix, so the tests check what a reader sees and where.
"""

from __future__ import annotations

import dataclasses
import datetime
import hashlib
import io
import math
import re
import struct
import zlib
from dataclasses import dataclass

import pypdf
import pytest
from PIL import Image
from pypdf.generic import ContentStream
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm

from app.pdf.fonts import register_fonts
from app.pdf.letter import CopyTo, LetterDocument, render_letter
from app.persian import to_ascii_digits
from tests.app.test_pdf_rtl import (
    BIDI_CONTROLS,
    _parse_to_unicode,
    _raw_bytes,
    fold,
    logical,
    pdf_logical_text,
    pdf_visual_lines,
)

PAGE_W, PAGE_H = float(A4[0]), float(A4[1])
# The letter's margins: text stays 20 mm from the sides; glyph boxes (the
# font's full ascent and descent) stay inside a 12 mm printable area top and
# bottom, which every office printer can reach.
MARGIN_X = 20 * mm
PRINTABLE_Y = 12 * mm
ASCENT, DESCENT = 1.124, 0.634  # Amiri, in em

NUMBER = "125/1234/1405"
NUMBER_PERSIAN = "۱۲۵/۱۲۳۴/۱۴۰۵"
DATE = datetime.date(2026, 11, 23)  # 2 Azar 1405
DATE_PERSIAN = "۱۴۰۵/۰۹/۰۲"
OFFICE = "دفتر بازرسی و رسیدگی به شکایات استان هرمزگان"
SUBJECT = "رسیدگی به شکایت آقای علی رضایی درباره تأخیر در صدور پروانه ساختمانی"
PARAGRAPH = (
    "به پیوست شکایت آقای علی رضایی درباره تأخیر در صدور پروانه ساختمانی ارسال می‌شود. "
    "خواهشمند است دستور فرمایید موضوع بررسی و نتیجه ظرف مدت ده روز کاری به این دفتر "
    "اعلام شود."
)
SIGNER = "محمد حسینی"
SIGNER_TITLE = "مدیر دفتر بازرسی و رسیدگی به شکایات"
COPIES = (
    CopyTo("مدیرکل بازرسی استان", "جهت اطلاع"),
    CopyTo("آقای علی رضایی", "جهت اقدام"),
)
FOOTER = "بندرعباس، بلوار امام خمینی، ساختمان بازرسی — تلفن: 076-33334444"


def make_doc(**changes: object) -> LetterDocument:
    doc = LetterDocument(
        office_name=OFFICE,
        number=NUMBER,
        letter_date=DATE,
        attachment="دارد",
        addressee="شهرداری مرکز استان",
        addressee_person="جناب آقای رضا کریمی — شهردار",
        subject=SUBJECT,
        body=PARAGRAPH + "\n" + "در پاسخ به نامه شماره 98/4567/1405 مورخ ۱۴۰۵/۰۸/۰۱ اعلام می‌شود.",
        signer_name=SIGNER,
        signer_title=SIGNER_TITLE,
        copies=COPIES,
        footer=FOOTER,
        title="نامه ارجاع 125/1234/1405",
    )
    return dataclasses.replace(doc, **changes)  # type: ignore[arg-type]


@pytest.fixture(scope="module")
def letter_pdf() -> bytes:
    return render_letter(make_doc())


# --------------------------------------------------------------------------- #
# Reading positions back


@dataclass(frozen=True)
class Drawn:
    """One text object: where it starts, its glyphs in drawing order, its extent."""

    x: float
    y: float
    cos: float
    sin: float
    size: float
    bold: bool
    visual: str  # what a reader copies for each glyph, in drawing order
    word_space: float
    space_bytes: int  # bytes 32 drawn: the only code the PDF word spacing (Tw) widens
    advance: float  # the glyphs' advance widths from the font's /Widths, in 1/1000 em

    @property
    def text(self) -> str:
        return fold(logical(self.visual))

    @property
    def width(self) -> float:
        return self.advance * self.size / 1000 + self.word_space * self.space_bytes

    @property
    def x_end(self) -> float:
        return self.x + self.cos * self.width

    @property
    def centre(self) -> float:
        return self.x + self.cos * self.width / 2


_Font = tuple[dict[int, str], bool, list[float]]


def _fonts(page: pypdf.PageObject) -> dict[str, _Font]:
    fonts: dict[str, _Font] = {}
    for name, ref in page["/Resources"]["/Font"].items():
        font = ref.get_object()
        to_unicode = font.get("/ToUnicode")
        if to_unicode is not None:
            mapping = _parse_to_unicode(to_unicode.get_object().get_data())
            widths = [float(w) for w in font["/Widths"]]
            fonts[str(name)] = (mapping, "Bold" in str(font["/BaseFont"]), widths)
    return fonts


def drawn_strings(pdf: bytes, page_index: int = 0) -> list[Drawn]:
    """Every Amiri line on a page (a text object or a new origin inside one), with its text
    matrix and word spacing."""
    register_fonts()
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    page = reader.pages[page_index]
    fonts = _fonts(page)
    out: list[Drawn] = []
    matrix: list[float] = [1, 0, 0, 1, 0, 0]
    font: _Font | None = None
    size, word_space, glyphs, spaces, advance = 0.0, 0.0, "", 0, 0.0
    bold, tw, drawn_size = False, 0.0, 0.0

    def flush() -> None:
        nonlocal glyphs, spaces, advance
        if glyphs:
            a, b, _, _, e, f = matrix
            out.append(Drawn(e, f, a, b, drawn_size, bold, glyphs, tw, spaces, advance))
        glyphs, spaces, advance = "", 0, 0.0

    for operands, operator in ContentStream(page.get_contents(), reader).operations:
        if operator == b"BT":
            glyphs, font, spaces = "", None, 0
        elif operator == b"Tm":
            flush()
            matrix = [float(v) for v in operands]
        elif operator == b"Tf":
            font, size = fonts.get(str(operands[0])), float(operands[1])
        elif operator == b"Tw":
            word_space = float(operands[0])
        elif operator == b"Tj" and font is not None:
            raw = _raw_bytes(operands[0])
            glyphs += "".join(font[0].get(b, "\ufffd") for b in raw)
            spaces += sum(1 for b in raw if b == 32 and font[0].get(b) == " ")
            advance += sum(font[2][b] for b in raw)
            bold, tw, drawn_size = font[1], word_space, size
        elif operator == b"ET":
            flush()
    return out


def find(drawn: list[Drawn], text: str) -> Drawn:
    matches = [d for d in drawn if d.text == fold(text)]
    assert len(matches) == 1, (text, [d.text for d in drawn])
    return matches[0]


def fa(number: int) -> str:
    """``number`` in Persian digits, as the letter prints it."""
    return "".join("۰۱۲۳۴۵۶۷۸۹"[int(c)] for c in str(number))


def page_count(pdf: bytes) -> int:
    return len(pypdf.PdfReader(io.BytesIO(pdf)).pages)


def page_text(pdf: bytes, page_index: int) -> str:
    return fold(" ".join(logical(line) for line in pdf_visual_lines(pdf, page_index)))


def assert_inside_margins(pdf: bytes) -> None:
    for index in range(page_count(pdf)):
        for d in drawn_strings(pdf, index):
            # Both ends of the baseline (a rotated "void" stamp included).
            ends = [(d.x, d.y), (d.x_end, d.y + d.sin * d.width)]
            for x, y in ends:
                assert MARGIN_X - 0.01 <= x <= PAGE_W - MARGIN_X + 0.01, (index, d.text, x)
                assert y - DESCENT * d.size >= PRINTABLE_Y, (index, d.text, y)
                assert y + ASCENT * d.size <= PAGE_H - PRINTABLE_Y, (index, d.text, y)


# --------------------------------------------------------------------------- #
# Pages and metadata


def test_short_letter_is_one_a4_page(letter_pdf: bytes) -> None:
    assert letter_pdf.startswith(b"%PDF-")
    reader = pypdf.PdfReader(io.BytesIO(letter_pdf))
    assert len(reader.pages) == 1
    box = reader.pages[0].mediabox
    assert (float(box.width), float(box.height)) == pytest.approx(A4)


def test_metadata(letter_pdf: bytes) -> None:
    meta = pypdf.PdfReader(io.BytesIO(letter_pdf)).metadata
    assert meta is not None
    assert meta.title == "نامه ارجاع 125/1234/1405"
    assert meta.author == OFFICE
    assert meta.subject == SUBJECT


def test_metadata_title_defaults_to_the_number() -> None:
    meta = pypdf.PdfReader(io.BytesIO(render_letter(make_doc(title="")))).metadata
    assert meta is not None and meta.title == "نامه 125/1234/1405"


def test_same_document_gives_identical_bytes() -> None:
    first = render_letter(make_doc())
    second = render_letter(make_doc())
    assert hashlib.sha256(first).digest() == hashlib.sha256(second).digest()
    assert render_letter(make_doc(number="125/1235/1405")) != first


# --------------------------------------------------------------------------- #
# Header


def test_date_number_and_attachment_read_in_persian_digits(letter_pdf: bytes) -> None:
    text = pdf_logical_text(letter_pdf)
    assert f"تاریخ: {DATE_PERSIAN}" in text
    assert f"شماره: {NUMBER_PERSIAN}" in text
    assert "پیوست: دارد" in text
    # Drawn exactly as written left to right, groups in the ASCII order.
    lines = pdf_visual_lines(letter_pdf)
    assert DATE_PERSIAN in lines
    assert NUMBER_PERSIAN in lines
    assert to_ascii_digits(NUMBER_PERSIAN).split("/") == NUMBER.split("/")


@pytest.mark.parametrize(
    ("day", "jalali"),
    [
        (datetime.date(2026, 3, 21), "۱۴۰۵/۰۱/۰۱"),
        (datetime.date(2027, 3, 20), "۱۴۰۵/۱۲/۲۹"),
        (datetime.date(2025, 3, 20), "۱۴۰۳/۱۲/۳۰"),
    ],
)
def test_letter_date_is_jalali(day: datetime.date, jalali: str) -> None:
    pdf = render_letter(make_doc(letter_date=day))
    assert f"تاریخ: {jalali}" in pdf_logical_text(pdf)


def test_number_inside_a_sentence_keeps_its_group_order(letter_pdf: bytes) -> None:
    # "98/4567/1405" after Persian words: plain bidi would print 1405 first.
    line = next(v for v in pdf_visual_lines(letter_pdf) if "۴۵۶۷" in v)
    assert "۹۸/۴۵۶۷/۱۴۰۵" in line
    assert "در پاسخ به نامه شماره ۹۸/۴۵۶۷/۱۴۰۵ مورخ ۱۴۰۵/۰۸/۰۱" in pdf_logical_text(letter_pdf)


def test_office_name_on_the_right_date_and_number_on_the_left(letter_pdf: bytes) -> None:
    drawn = drawn_strings(letter_pdf)
    office = [d for d in drawn if d.bold and d.text in fold(OFFICE)]
    assert fold(" ".join(d.text for d in office)) == fold(OFFICE)  # at most 2 lines
    assert 1 <= len(office) <= 2
    for d in office:
        assert d.x > PAGE_W / 2
    for text in (DATE_PERSIAN, NUMBER_PERSIAN, "تاریخ:", "شماره:", "پیوست:"):
        d = find(drawn, text)
        assert d.x_end < PAGE_W / 2, text
    # The header is at the top: above the addressee.
    assert find(drawn, NUMBER_PERSIAN).y > find(drawn, "به: شهرداری مرکز استان").y


def test_long_office_name_is_cut_to_two_lines() -> None:
    name = " ".join(["دفتر بازرسی و رسیدگی به شکایات"] * 8)
    drawn = drawn_strings(render_letter(make_doc(office_name=name)))
    top = [d for d in drawn if d.bold and d.x > PAGE_W / 2 and d.y > PAGE_H - 80 * mm]
    office = [d for d in top if "دفتر" in d.text or "\u2026" in d.visual]
    assert len(office) == 2
    assert "\u2026" in office[1].visual


def test_long_heading_and_attachment_stay_in_their_places() -> None:
    pdf = render_letter(
        make_doc(
            heading="بسم الله الرحمن الرحیم " * 4,
            attachment="دارد: " + "صورت‌جلسه و تصویر مدارک و گزارش کارشناسی " * 5,
        )
    )
    drawn = drawn_strings(pdf)
    heading = next(d for d in drawn if d.text.startswith("بسم الله"))
    assert heading.centre == pytest.approx(PAGE_W / 2, abs=0.5)
    label = find(drawn, "پیوست:")
    assert heading.x > label.x_end  # clear of the date/number column
    office = [d for d in drawn if d.bold and fold(OFFICE).startswith(d.text)]
    assert heading.x_end < min(d.x for d in office)  # and of the office name
    attachment = next(d for d in drawn if d.text.startswith("دارد:"))
    assert attachment.y == label.y
    assert "\u2026" in attachment.visual  # cut on one line
    assert attachment.x >= MARGIN_X - 0.01 and attachment.x_end < label.x


def test_opening_taller_than_a_page_flows_on() -> None:
    subject = " ".join(f"موضوع{i}" for i in range(1500))
    pdf = render_letter(make_doc(subject=subject, addressee="شهرداری " * 200))
    total = page_count(pdf)
    assert total >= 3
    text = " ".join(page_text(pdf, i) for i in range(total))
    words = re.findall(r"موضوع([۰-۹]+)", text)
    assert [int(to_ascii_digits(w)) for w in words] == list(range(1500))
    assert fold(PARAGRAPH) in text and SIGNER in text
    assert_inside_margins(pdf)


def test_heading_only_on_the_first_page() -> None:
    pdf = render_letter(make_doc(body="\n".join([PARAGRAPH] * 40)))
    assert page_count(pdf) > 1
    heading = find(drawn_strings(pdf, 0), "بسمه تعالی")
    assert heading.centre == pytest.approx(PAGE_W / 2, abs=0.5)
    assert heading.y > find(drawn_strings(pdf, 0), "به: شهرداری مرکز استان").y
    assert "بسمه تعالی" not in page_text(pdf, 1)


# --------------------------------------------------------------------------- #
# Content


def test_opening_and_body_read_back_in_logical_order(letter_pdf: bytes) -> None:
    text = pdf_logical_text(letter_pdf)
    expected = [
        "به: شهرداری مرکز استان",
        "جناب آقای رضا کریمی — شهردار",
        "موضوع: " + SUBJECT,
        "با سلام و احترام",
        PARAGRAPH,
    ]
    positions = [text.find(fold(e)) for e in expected]
    assert -1 not in positions, (expected, text)
    assert positions == sorted(positions)


def test_signature_and_copies_read_back(letter_pdf: bytes) -> None:
    text = pdf_logical_text(letter_pdf)
    assert f"{SIGNER} {SIGNER_TITLE}" in text
    assert "رونوشت:" in text
    for copy in COPIES:
        assert f"{copy.recipient} — {copy.purpose}" in text
    last_copy = f"{COPIES[1].recipient} — {COPIES[1].purpose}"
    assert text.index(SIGNER) < text.index("رونوشت:") < text.index(last_copy)


def test_signature_is_on_the_left_name_above_title(letter_pdf: bytes) -> None:
    drawn = drawn_strings(letter_pdf)
    name, title = find(drawn, SIGNER), find(drawn, SIGNER_TITLE)
    assert name.bold and not title.bold
    for d in (name, title):
        assert d.x >= MARGIN_X - 0.01 and d.x_end < PAGE_W / 2
    assert name.centre == pytest.approx(title.centre, abs=0.5)
    assert name.y > title.y
    body_last = find(drawn, "در پاسخ به نامه شماره ۹۸/۴۵۶۷/۱۴۰۵ مورخ ۱۴۰۵/۰۸/۰۱ اعلام می\u200cشود.")
    assert body_last.y > name.y > find(drawn, "رونوشت:").y


def test_body_lines_are_right_aligned_and_justified(letter_pdf: bytes) -> None:
    drawn = drawn_strings(letter_pdf)
    body = [d for d in drawn if not d.bold and d.size == pytest.approx(12.5)]
    right = PAGE_W - MARGIN_X
    body = [d for d in body if d.x_end == pytest.approx(right, abs=0.05)]
    assert len(body) >= 4
    # A full line of a paragraph spans the text width; its last line does not.
    justified = [d for d in body if d.word_space > 0]
    assert justified
    for d in justified:
        assert d.x == pytest.approx(MARGIN_X, abs=0.05)
        assert d.space_bytes == d.visual.count(" ") > 0  # Tw reaches every space
    (last,) = [d for d in drawn if d.text.endswith("اعلام شود.")]
    assert last.word_space == 0 and last.x > MARGIN_X + 50


def test_copies_are_right_aligned_under_their_label(letter_pdf: bytes) -> None:
    drawn = drawn_strings(letter_pdf)
    label = find(drawn, "رونوشت:")
    assert label.x_end == pytest.approx(PAGE_W - MARGIN_X, abs=0.05)
    ys = [label.y]
    for copy in COPIES:
        d = find(drawn, f"{copy.recipient} — {copy.purpose}")
        assert PAGE_W / 2 < d.x_end < label.x_end
        ys.append(d.y)
    assert ys == sorted(ys, reverse=True)


def test_page_number_and_footer(letter_pdf: bytes) -> None:
    drawn = drawn_strings(letter_pdf)
    page_no = find(drawn, "صفحه‌ی ۱ از ۱")
    footer = find(drawn, "بندرعباس، بلوار امام خمینی، ساختمان بازرسی — تلفن: ۰۷۶-۳۳۳۳۴۴۴۴")
    assert page_no.y < footer.y < min(d.y for d in drawn if d not in (page_no, footer))
    assert "۰۷۶-۳۳۳۳۴۴۴۴" in footer.visual


def test_optional_parts_can_be_left_out() -> None:
    pdf = render_letter(
        make_doc(heading=None, salutation=None, addressee_person=None, footer=None, copies=())
    )
    text = pdf_logical_text(pdf)
    for absent in ("بسمه تعالی", "با سلام و احترام", "رضا کریمی", "بندرعباس", "رونوشت"):
        assert absent not in text
    assert "به: شهرداری مرکز استان موضوع: " + fold(SUBJECT) in text
    assert fold("صفحه‌ی ۱ از ۱") in text and SIGNER in text


def test_empty_body_still_renders_the_signature() -> None:
    pdf = render_letter(make_doc(body="  \n\n "))
    assert page_count(pdf) == 1
    assert f"{SIGNER} {SIGNER_TITLE}" in pdf_logical_text(pdf)


# --------------------------------------------------------------------------- #
# Long letters


def long_body(paragraphs: int) -> str:
    return "\n".join(f"بند {i + 1}: {PARAGRAPH} پایان بند {i + 1}." for i in range(paragraphs))


PARAGRAPHS = 230  # about 20 pages


@pytest.fixture(scope="module")
def long_pdf() -> bytes:
    return render_letter(make_doc(body=long_body(PARAGRAPHS)))


def test_long_body_flows_over_many_pages(long_pdf: bytes) -> None:
    total = page_count(long_pdf)
    assert total >= 18
    for index in range(total):
        text = page_text(long_pdf, index)
        assert f"تاریخ: {DATE_PERSIAN}" in text, index
        assert f"شماره: {NUMBER_PERSIAN}" in text, index
        assert "پیوست: دارد" in text, index
        assert fold(OFFICE) in text, index
        assert fold(f"صفحه‌ی {fa(index + 1)} از {fa(total)}") in text, index


def test_long_body_loses_nothing(long_pdf: bytes) -> None:
    text = " ".join(page_text(long_pdf, i) for i in range(page_count(long_pdf)))
    # Every paragraph exactly once, in order, whole.
    found = [int(to_ascii_digits(n)) for n in re.findall(r"بند ([۰-۹]+):", text)]
    assert found == list(range(1, PARAGRAPHS + 1))
    # The end of the body is whole, on the last page, before the signature.
    last = page_text(long_pdf, page_count(long_pdf) - 1)
    final = fold(f"بند {fa(PARAGRAPHS)}: {PARAGRAPH} پایان بند {fa(PARAGRAPHS)}.")
    assert final in last
    assert last.index(final) < last.index(SIGNER) < last.index("رونوشت:")


def test_long_body_stays_inside_the_margins(long_pdf: bytes) -> None:
    assert_inside_margins(long_pdf)


def test_short_letter_stays_inside_the_margins(letter_pdf: bytes) -> None:
    assert_inside_margins(letter_pdf)


def _content_bottom_limit(drawn: list[Drawn]) -> float:
    """Top of the footer (its text, or the page number): content stays above it."""
    footer = [d for d in drawn if d.text.startswith(("بندرعباس", fold("صفحه‌ی ")))]
    return max(d.y + ASCENT * d.size for d in footer)


SWEEP = range(4, 16)


def test_the_sweep_crosses_a_page_break() -> None:
    counts = [page_count(render_letter(make_doc(body=long_body(n)))) for n in SWEEP]
    assert counts[0] == 1 and counts[-1] == 2


@pytest.mark.parametrize("paragraphs", SWEEP)
def test_signature_and_copies_are_never_cut_or_on_the_footer(paragraphs: int) -> None:
    # Sweeping the body length moves the end of the body across a page break.
    pdf = render_letter(make_doc(body=long_body(paragraphs)))
    total = page_count(pdf)
    found_on = []
    for index in range(total):
        drawn = drawn_strings(pdf, index)
        limit = _content_bottom_limit(drawn)
        for d in drawn:
            if not d.text.startswith(("بندرعباس", fold("صفحه‌ی "))):
                assert d.y - 0.5 * d.size > limit, (index, d.text)
        texts = [d.text for d in drawn]
        if SIGNER in texts:
            found_on.append(index)
            # The whole ending on one page: body end, name, title, every copy.
            assert fold(SIGNER_TITLE) in texts
            assert "رونوشت:" in texts
            for copy in COPIES:
                assert fold(f"{copy.recipient} — {copy.purpose}") in texts
            assert any(f"پایان بند {fa(paragraphs)}." in t for t in texts)
            # Never a signature alone: some body text precedes it on its page.
            assert any(t.startswith("به پیوست") or "پایان بند" in t for t in texts)
    assert found_on == [total - 1]


def test_many_copies_flow_to_the_next_page_rather_than_be_cut() -> None:
    copies = tuple(CopyTo(f"اداره شماره {i}", "جهت اطلاع") for i in range(60))
    pdf = render_letter(make_doc(copies=copies))
    total = page_count(pdf)
    assert total >= 2
    text = " ".join(page_text(pdf, i) for i in range(total))
    for i in range(60):
        assert f"اداره شماره {fa(i)} — جهت اطلاع" in text
    assert_inside_margins(pdf)


# --------------------------------------------------------------------------- #
# Hostile input


HOSTILE_WORD = "ب" * 500
LATIN_WORD = "x" * 500


@pytest.fixture(scope="module")
def hostile_pdf() -> bytes:
    return render_letter(
        make_doc(
            office_name="\u202eدفتر\u202c <b>بازرسی</b>",
            addressee="شهرداری <font color=red>مرکز</font> 😀",
            addressee_person="\u2067آقای\u2069 \u200fکریمی",
            subject="<b>موضوع پررنگ</b> &amp; <para> گزارش Report 2025 نهایی",
            body=(
                "😀🇮🇷 بند اول \u202eوارونه\u202c <font color=red>قرمز</font> پایان\n"
                f"{HOSTILE_WORD} {LATIN_WORD}\n"
                "متن فارسی mixed with English text و عدد 42 در آخر.\x00\x07"
            ),
            signer_name="\u202bعلی\u202c <i>رضایی</i>",
            copies=(CopyTo("<b>مدیرکل</b>", "جهت \u202eاطلاع"),),
            footer="<font size=40>پاورقی</font>",
            title="\u202e<b>عنوان</b>",
        )
    )


def test_hostile_input_renders_literally(hostile_pdf: bytes) -> None:
    total = page_count(hostile_pdf)
    visual = [line for i in range(total) for line in pdf_visual_lines(hostile_pdf, i)]
    assert not BIDI_CONTROLS & set("".join(visual))
    text = " ".join(page_text(hostile_pdf, i) for i in range(total))
    assert "دفتر <b>بازرسی</b>" in text
    assert "به: شهرداری <font color=red>مرکز</font>" in text
    assert "آقای کریمی" in text
    assert "موضوع: <b>موضوع پررنگ</b> &amp; <para> گزارش Report ۲۰۲۵ نهایی" in text
    assert "بند اول وارونه <font color=red>قرمز</font> پایان" in text
    assert "متن فارسی mixed with English text و عدد ۴۲ در آخر." in text
    assert "علی <i>رضایی</i>" in text
    assert "<b>مدیرکل</b> — جهت اطلاع" in text
    assert "<font size=40>پاورقی</font>" in text
    assert "😀" not in text


def test_hostile_long_words_are_broken_not_lost(hostile_pdf: bytes) -> None:
    total = page_count(hostile_pdf)
    text = " ".join(page_text(hostile_pdf, i) for i in range(total))
    assert text.count("x") == 500 + "mixed with English text".count("x")
    # Every beh of the 500-letter word is printed (plus those of other words).
    other = text.replace("ب", "", 500)
    assert text.count("ب") - other.count("ب") == 500
    assert_inside_margins(hostile_pdf)


def test_hostile_title_metadata_is_clean(hostile_pdf: bytes) -> None:
    meta = pypdf.PdfReader(io.BytesIO(hostile_pdf)).metadata
    assert meta is not None and meta.title == "<b>عنوان</b>"


# --------------------------------------------------------------------------- #
# Void


def test_void_letter_is_stamped_on_every_page() -> None:
    pdf = render_letter(make_doc(void=True, body="\n".join([PARAGRAPH] * 30)))
    total = page_count(pdf)
    assert total >= 2
    for index in range(total):
        stamps = [d for d in drawn_strings(pdf, index) if d.text == "باطل"]
        assert len(stamps) == 1, index
        stamp = stamps[0]
        assert stamp.size > 60
        assert stamp.sin == pytest.approx(math.sin(math.radians(45)), abs=1e-3)
    assert_inside_margins(pdf)


def test_letter_that_is_not_void_has_no_stamp(letter_pdf: bytes) -> None:
    assert "باطل" not in pdf_logical_text(letter_pdf)


# --------------------------------------------------------------------------- #
# Logo


def _png(width: int, height: int, mode: str = "RGB") -> bytes:
    image = Image.new(mode, (width, height), (30, 90, 160, 200)[: len(mode)])
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()


def _tiny_png() -> bytes:
    """A 2 × 2 grey PNG built by hand (no image library)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", 2, 2, 8, 0, 0, 0, 0)  # 8-bit greyscale
    raw = b"\x00\x80\x80\x00\x80\x80"
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(raw))
        + chunk(b"IEND", b"")
    )


def images(pdf: bytes, page_index: int = 0) -> list[pypdf.generic.DictionaryObject]:
    page = pypdf.PdfReader(io.BytesIO(pdf)).pages[page_index]
    xobjects = page["/Resources"].get("/XObject", {})
    return [x.get_object() for x in xobjects.values() if x.get_object()["/Subtype"] == "/Image"]


def image_placements(pdf: bytes, page_index: int = 0) -> list[tuple[float, ...]]:
    """(x, y, width, height) of each image drawn (reportlab: q, w 0 0 h x y cm, Do, Q)."""
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    matrix: tuple[float, ...] = ()
    placed: list[tuple[float, ...]] = []
    operations = ContentStream(reader.pages[page_index].get_contents(), reader).operations
    for operands, operator in operations:
        if operator == b"cm":
            matrix = tuple(float(v) for v in operands)
        elif operator == b"Do":
            w, b, c, h, x, y = matrix
            assert b == c == 0
            placed.append((x, y, w, h))
    return placed


@pytest.mark.parametrize(
    "logo",
    [
        b"not an image at all",
        b"\x89PNG\r\n\x1a\n" + b"\x00" * 40,  # a PNG signature and garbage
        _tiny_png()[:30],  # truncated
        b"GIF89a\x01\x00\x01\x00\x00\x00\x00;",  # not PNG or JPEG
        b"%!PS-Adobe-3.0 EPSF-3.0\n%%BoundingBox: 0 0 10 10\n",  # never handed to Ghostscript
        b"",
    ],
)
def test_bad_logo_is_skipped(logo: bytes) -> None:
    pdf = render_letter(make_doc(logo_png=logo))
    assert images(pdf) == []
    assert fold(OFFICE) in pdf_logical_text(pdf)


def test_hand_built_png_logo_is_embedded_on_every_page() -> None:
    pdf = render_letter(make_doc(logo_png=_tiny_png(), body="\n".join([PARAGRAPH] * 30)))
    total = page_count(pdf)
    assert total >= 2
    for index in range(total):
        found = images(pdf, index)
        assert len(found) == 1
        assert (found[0]["/Width"], found[0]["/Height"]) == (2, 2)
        ((x, y, w, h),) = image_placements(pdf, index)
        # A square logo fills the 22 mm high box, top right, inside the margins.
        assert h == pytest.approx(22 * mm) and w == pytest.approx(22 * mm)
        assert x > PAGE_W / 2 and x + w <= PAGE_W - MARGIN_X
        assert y + h <= PAGE_H - PRINTABLE_Y


def test_logo_keeps_its_aspect_and_transparency() -> None:
    pdf = render_letter(make_doc(logo_png=_png(4000, 400, "RGBA")))
    (image,) = images(pdf)
    assert max(image["/Width"], image["/Height"]) <= 600  # scaled down for print
    assert "/SMask" in image
    ((x, y, w, h),) = image_placements(pdf)
    assert w / h == pytest.approx(10, rel=0.02)
    assert w <= 45 * mm + 0.01 and h <= 22 * mm + 0.01
    assert x >= PAGE_W / 2 - 0.01 and x + w <= PAGE_W - MARGIN_X + 0.01
    assert y + h <= PAGE_H - PRINTABLE_Y


def test_jpeg_logo_is_embedded() -> None:
    buffer = io.BytesIO()
    Image.new("RGB", (120, 80), (200, 30, 30)).save(buffer, "JPEG")
    pdf = render_letter(make_doc(logo_png=buffer.getvalue()))
    assert len(images(pdf)) == 1


def test_letter_with_logo_is_deterministic() -> None:
    logo = _png(300, 200)
    assert render_letter(make_doc(logo_png=logo)) == render_letter(make_doc(logo_png=logo))
