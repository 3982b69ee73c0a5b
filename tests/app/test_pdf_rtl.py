"""The Persian text pipeline for reportlab (app/pdf/rtl.py, architecture: Letters and printing)."""

from __future__ import annotations

import io
import itertools
import re
import unicodedata

import pypdf
import pytest
from bidi import get_display
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pypdf.generic import ContentStream
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen.canvas import Canvas

from app.pdf import rtl
from app.pdf.bidi_levels import LRI, PDI, resolve_levels
from app.pdf.fonts import (
    FONT_BOLD,
    FONT_REGULAR,
    MIRRORED_DRAWN,
    SEEN_AS,
    font_cmap,
    register_fonts,
)
from app.pdf.rtl import (
    draw_rtl_line,
    draw_rtl_paragraph,
    line_width,
    shape,
    truncate_lines,
    wrap_logical,
)
from app.pdf.rtl import visual_line as drawn_line

_TYPED_OF_DRAWN = {drawn: typed for typed, drawn in MIRRORED_DRAWN.items()}
_SEEN = str.maketrans({**SEEN_AS, ZWNJ_: ""} if (ZWNJ_ := "\u200c") else {})


def visual_line(text: str, **options: object) -> str:
    """The glyphs ``text`` draws, left to right, as the characters they look like (a
    mirrored bracket as its mirror image; the blank glyphs that only carry copied text
    left out)."""
    return drawn_line(text, **options).translate(_SEEN)  # type: ignore[arg-type]


ZWNJ = "\u200c"
ZWJ = "\u200d"
BIDI_CONTROLS = set("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c")


# --------------------------------------------------------------------------- #
# Reading a PDF back
#
# reportlab draws each line as one text object holding presentation-form
# glyphs (ﺳ ﻼ ﻡ) in VISUAL order, left to right. These tests decode each text
# object's glyph codes through the font's ToUnicode map (pypdf only parses the
# file), which yields what a reader copies for each glyph, in drawing order:
# plain letters (a lam-alef ligature as lam, with a blank alef drawn just left of
# it), brackets as typed, ZWNJ kept. Each line is then made logical again,
# independently of app.pdf.rtl: python-bidi's Rust engine (app.pdf.rtl uses the
# pure-Python one) with an RTL base reverses the right-to-left runs and keeps
# numbers and Latin left to right; it does not mirror, and the brackets read back
# are already the ones typed. For a line of Persian words, numbers and
# punctuation this is its own inverse. A number with a hyphen after Persian words
# is the exception (UBA reverses its groups, which is why app.pdf.rtl isolates
# it), so codes are checked on their own lines. So "the logical string is
# contained in the read-back text" checks joining, word order, line order and
# digit order at once. (Whole-document extraction by real readers is tested in
# test_pdf_text.py.)


def _parse_to_unicode(data: bytes) -> dict[int, str]:
    text = data.decode("latin-1")
    mapping: dict[int, str] = {}
    for block in re.findall(r"beginbfchar(.*?)endbfchar", text, re.S):
        for src, dst in re.findall(r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]*)>", block):
            mapping[int(src, 16)] = bytes.fromhex(dst).decode("utf-16-be") if dst else ""
    for block in re.findall(r"beginbfrange(.*?)endbfrange", text, re.S):
        for lo, hi, dst in re.findall(
            r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block
        ):
            start = int(dst, 16)
            for i, code in enumerate(range(int(lo, 16), int(hi, 16) + 1)):
                mapping[code] = chr(start + i)
    return mapping


def _raw_bytes(operand: object) -> bytes:
    original = getattr(operand, "get_original_bytes", None)
    if callable(original):
        raw = original()
        assert isinstance(raw, bytes)
        return raw
    if isinstance(operand, bytes):
        return operand
    assert isinstance(operand, str)
    return operand.encode("latin-1")


def pdf_visual_lines(pdf: bytes, page_index: int = 0) -> list[str]:
    """The glyph sequence of every drawn line on a page, in drawing order."""
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    page = reader.pages[page_index]
    fonts = page["/Resources"]["/Font"]
    maps: dict[str, dict[int, str] | None] = {}
    for name, ref in fonts.items():
        font = ref.get_object()
        to_unicode = font.get("/ToUnicode")
        maps[name] = _parse_to_unicode(to_unicode.get_object().get_data()) if to_unicode else None
    lines: list[str] = []
    current: list[str] = []
    font_map: dict[int, str] | None = None
    for operands, operator in ContentStream(page.get_contents(), reader).operations:
        if operator == b"BT":
            current = []
        elif operator == b"Tf":
            font_map = maps.get(str(operands[0]))
        elif operator in (b"Tm", b"Td", b"TD", b"T*") and current:
            lines.append("".join(current))  # a new line inside the same text object
            current = []
        elif operator in (b"Tj", b"TJ"):
            items = operands[0] if operator == b"TJ" else [operands[0]]
            for item in items:
                if isinstance(item, (int, float)):
                    continue
                raw = _raw_bytes(item)
                if font_map is None:
                    current.append(raw.decode("latin-1"))
                else:
                    current.append("".join(font_map.get(b, "\ufffd") for b in raw))
        elif operator == b"ET" and current:
            lines.append("".join(current))
            current = []
    return lines


def logical(visual: str) -> str:
    """Undo shaping and reordering of one drawn line (see the comment above)."""
    result = get_display(visual, base_dir="R")
    assert isinstance(result, str)
    # What visual_line returns for a test to read is presentation forms; a PDF's copied
    # text is plain letters already, which NFKC leaves as they are.
    return unicodedata.normalize("NFKC", result)


def pdf_logical_text(pdf: bytes) -> str:
    """All drawn lines of page 1 made logical, joined by spaces, spaces folded."""
    text = " ".join(logical(line) for line in pdf_visual_lines(pdf))
    return fold(text)


def fold(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _pdf_with(draw: object) -> bytes:
    register_fonts()
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A4)
    assert callable(draw)
    draw(canvas)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


# --------------------------------------------------------------------------- #
# Shaping and reordering one line


def test_visual_line_joins_letters_and_reverses_them() -> None:
    visual = visual_line("سلام")
    # Joined presentation forms: seen initial, lam-alef final ligature, meem isolated.
    assert visual == "\ufee1\ufefc\ufeb3"
    assert logical(visual) == "سلام"


def test_visual_line_word_order_is_right_to_left() -> None:
    visual = visual_line("شکایت ثبت شد")
    words = visual.split(" ")
    # Drawn left to right, so the first word of the sentence is the rightmost.
    assert [logical(w) for w in reversed(words)] == ["شکایت", "ثبت", "شد"]


def test_numbers_print_in_persian_digits_left_to_right() -> None:
    visual = visual_line("شکایت 12 مورد")
    assert "۱۲" in visual
    assert "12" not in visual
    assert logical(visual) == "شکایت ۱۲ مورد"


def test_latin_separators_between_digits_become_persian() -> None:
    # «۱۲,۵۰۰» would read as twelve and a half; «۱۴۰۵.۰۸» as a zero between the groups.
    assert "۱۲٬۵۰۰" in rtl.as_printed("مبلغ 12,500 ریال")
    assert "۳٫۵" in rtl.as_printed("نرخ 3.5 درصد")
    assert rtl.as_printed("تا 10. سپس") == rtl.as_printed("تا ۱۰. سپس")  # a full stop stays
    assert "1.5" in rtl.as_printed("v1.5") and "a,1" in rtl.as_printed("a,1")


def test_arabic_indic_digits_become_persian() -> None:
    assert "۱۲۳" in visual_line("کد ١٢٣")


def test_latin_digits_kept_on_request() -> None:
    assert visual_line("1234-56789012-3", persian_digits=False) == "1234-56789012-3"


def test_digits_inside_latin_words_stay_latin_and_in_place() -> None:
    visual = visual_line("نسخه v2.5 و user12@example.com")
    assert "v2.5" in visual
    assert "user12@example.com" in visual


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("کد رهگیری 1234-56789012-3 است", "۱۲۳۴-۵۶۷۸۹۰۱۲-۳"),
        ("تلفن: 021-88776655", "۰۲۱-۸۸۷۷۶۶۵۵"),
        ("تاریخ ۱۴۰۵/۰۹/۰۲ ساعت ۱۴:۰۵", "۱۴۰۵/۰۹/۰۲"),
        ("تاریخ ۱۴۰۵/۰۹/۰۲ ساعت ۱۴:۰۵", "۱۴:۰۵"),
    ],
)
def test_numbers_with_separators_read_left_to_right(text: str, number: str) -> None:
    # Plain UBA would print "۳-۵۶۷۸۹۰۱۲-۱۲۳۴" for a code after Persian words.
    assert number in visual_line(text)


def test_parentheses_are_mirrored() -> None:
    # python-bidi 0.6 alone gives ")مالس(" — the brackets point the wrong way.
    raw = get_display("(سلام)", base_dir="R")
    assert raw[0] == ")"
    visual = visual_line("(سلام)")
    assert visual[0] == "(" and visual[-1] == ")"
    assert logical(visual[1:-1]) == "سلام"


@pytest.mark.parametrize(
    ("text", "left", "right"),
    [
        ("[الف]", "[", "]"),
        ("{ب}", "{", "}"),
        ("«تهران»", "«", "»"),
        ("الف < ب", "", ""),
    ],
)
def test_brackets_and_quotes_are_mirrored(text: str, left: str, right: str) -> None:
    visual = visual_line(text)
    if left:
        assert visual[0] == left and visual[-1] == right
    else:
        # "a < b" in RTL: the sign still means "less than" read right to left.
        assert ">" in visual and "<" not in visual


def test_parentheses_inside_latin_text_are_not_mirrored() -> None:
    visual = visual_line("نام شرکت ABC (Ltd.) در تهران")
    assert "ABC (Ltd.)" in visual


def test_parenthesised_number_in_persian_text() -> None:
    visual = visual_line("پرونده (۴۵۶) باز است")
    assert "(۴۵۶)" in visual


def test_bidi_controls_are_stripped() -> None:
    hostile = "\u202eعلی رضایی\u202c \u2066ABC\u2069 \u200fx"
    visual = visual_line(hostile)
    assert not BIDI_CONTROLS & set(visual)
    assert visual == visual_line("علی رضایی ABC x")


def test_zwnj_keeps_letters_apart_and_is_not_drawn() -> None:
    shaped = shape("می\u200cخواهم")
    # meem initial, farsi yeh FINAL (not medial: the ZWNJ breaks the join),
    # ZWNJ kept, khah initial.
    assert shaped[:4] == "\ufee3\ufbfd\u200c\ufea7"
    assert ZWNJ not in visual_line("می\u200cخواهم")
    assert logical(visual_line("می\u200cخواهم")) == "میخواهم"


def test_zwj_forces_a_join_without_confusing_the_reshaper() -> None:
    # arabic_reshaper alone loses the meem of "\u200dسلام" (ligature index bug).
    shaped = shape("\u200dسلام")
    assert unicodedata.normalize("NFKC", shaped) == "سلام"
    assert shaped[0] == "\ufeb4"  # seen MEDIAL: joined to what precedes
    assert ZWJ not in shaped


def test_harakat_are_kept() -> None:
    visual = visual_line("کتابْ")
    assert "\u0652" in visual


def test_characters_missing_from_the_font_are_dropped_or_replaced() -> None:
    cmap = font_cmap(FONT_REGULAR)
    visual = visual_line("سلام 😀 中文 \ufeff\u00ad")
    assert all(ord(ch) in cmap for ch in visual)
    assert "😀" not in visual
    assert "??" in visual  # the two CJK letters: something was there


def test_markup_is_text() -> None:
    assert "<b>bold</b>" in visual_line("متن <b>bold</b> متن")


def test_visual_line_without_font_filter() -> None:
    assert visual_line("😀 سلام", font=None).startswith("\ufee1")


_MIXED = st.text(
    alphabet=st.sampled_from(
        list("سلامکتابپژوهشگری")
        + list("abcXYZ")
        + list("0123456789۰۱۲۳۴۵۶۷۸۹")
        + list(" .,:;-/!?%+")
    ),
    max_size=60,
)


@settings(max_examples=300, deadline=None)
@given(_MIXED)
def test_reordering_agrees_with_python_bidi(text: str) -> None:
    # Our L1–L2 over python-bidi's levels must give python-bidi's own order
    # (only mirroring differs, and this alphabet has nothing to mirror).
    text = text.strip(" ")
    assert rtl._reorder(text) == get_display(text, base_dir="R")


_RTL_ONLY = st.text(
    alphabet=st.sampled_from(
        list("سلامکتابپژوهشگری") + list(" .,:;-/!?%+()[]«»،؛؟") + ["\u064b", "\u0650", "\u200c"]
    ),
    max_size=60,
)


@settings(max_examples=300, deadline=None)
@given(_MIXED)
def test_the_fast_path_without_mirrored_characters_matches_the_levels(text: str) -> None:
    text = rtl._isolate_numbers(text.strip(" "))
    assert rtl._reorder(text) == rtl._reorder_by_levels(text)


@settings(max_examples=300, deadline=None)
@given(_RTL_ONLY)
def test_the_fast_path_for_right_to_left_lines_matches_the_levels(text: str) -> None:
    assert rtl._plain_rtl(text)
    assert rtl._reorder(text) == rtl._reorder_by_levels(text)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=200))
def test_visual_line_never_raises(text: str) -> None:
    visual = visual_line(text)
    assert not BIDI_CONTROLS & set(visual)
    cmap = font_cmap(FONT_REGULAR)
    assert all(ord(ch) in cmap for ch in visual)


# --------------------------------------------------------------------------- #
# Wrapping


PARAGRAPH = (
    "اینجانب در تاریخ ۱۴۰۵/۰۹/۰۲ برای دریافت پروانه ساختمانی به شهرداری منطقه سه مراجعه "
    "کردم و پس از دو ماه هنوز پاسخی دریافت نکرده‌ام. کارمند مربوط هر بار مرا به هفته "
    "بعد حواله داد و هیچ توضیحی درباره علت تأخیر نداد. خواهشمندم رسیدگی فرمایید."
)


def test_wrap_keeps_logical_line_order() -> None:
    lines = wrap_logical(PARAGRAPH, FONT_REGULAR, 11, 200)
    assert len(lines) > 3
    assert lines[0].startswith("اینجانب در تاریخ")
    assert lines[-1].endswith("رسیدگی فرمایید.")
    assert " ".join(lines) == PARAGRAPH


def test_wrapped_lines_fit_the_width_measured_shaped() -> None:
    width = 180.0
    lines = wrap_logical(PARAGRAPH, FONT_REGULAR, 11, width)
    for line in lines:
        assert line_width(line, FONT_REGULAR, 11) <= width
    # Shaped text is narrower than isolated letters: measuring unshaped text
    # (or drawing with another size) would wrap differently.
    assert line_width("بیمارستان", FONT_REGULAR, 11) < line_width(
        "ب ی م ا ر س ت ا ن".replace(" ", "\u200c"), FONT_REGULAR, 11
    )


def test_wrap_fills_lines_greedily() -> None:
    width = 180.0
    lines = wrap_logical(PARAGRAPH, FONT_REGULAR, 11, width)
    for line, following in itertools.pairwise(lines):
        next_word = following.split(" ")[0]
        assert line_width(line + " " + next_word, FONT_REGULAR, 11) > width


def test_newlines_are_paragraph_breaks() -> None:
    lines = wrap_logical("بند اول\n\nبند دوم\r\nبند سوم", FONT_REGULAR, 11, 300)
    assert lines == ["بند اول", "", "بند دوم", "بند سوم"]
    assert wrap_logical("", FONT_REGULAR, 11, 300) == []


def test_nbsp_does_not_break() -> None:
    lines = wrap_logical("الف ب\u00a0ج د", FONT_REGULAR, 11, 25)
    assert "ب\u00a0ج" in lines


@pytest.mark.parametrize("word", ["ب" * 300, "x" * 300, "1" * 300, "سلام" * 60])
def test_long_word_is_broken(word: str) -> None:
    width = 120.0
    lines = wrap_logical("اول " + word + " آخر", FONT_REGULAR, 11, width)
    assert len(lines) > 2
    assert lines[0] == "اول"
    assert lines[-1].endswith("آخر")
    for line in lines:
        assert line_width(line, FONT_REGULAR, 11) <= width
    rest = "".join(lines[1:]).replace(ZWJ, "").removesuffix("آخر").rstrip(" ")
    assert rest == word


def test_broken_word_keeps_its_letters_joined() -> None:
    lines = wrap_logical("ب" * 200, FONT_REGULAR, 11, 100)
    # The first piece ends in a medial beh (joined onward), the next starts
    # with a medial beh (joined backward): the break is visible as a cut word.
    assert visual_line(lines[0])[0] == "\ufe92"
    assert visual_line(lines[1])[-1] == "\ufe92"


def test_long_word_keeps_harakat_with_their_letter() -> None:
    word = "بَ" * 200
    for piece in wrap_logical(word, FONT_REGULAR, 11, 100):
        stripped = piece.replace(ZWJ, "")
        assert not unicodedata.combining(stripped[0])


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=400), st.sampled_from([8.0, 10.0, 14.0]), st.floats(30, 400))
def test_wrap_never_raises_and_lines_fit(text: str, size: float, width: float) -> None:
    lines = wrap_logical(text, FONT_REGULAR, size, width)
    for line in lines:
        assert "\n" not in line
        assert not BIDI_CONTROLS & set(line)
        assert line_width(line, FONT_REGULAR, size) <= width + 1e-6 or len(line) <= 2
        visual_line(line)


def test_truncate_lines_marks_the_cut() -> None:
    lines = wrap_logical(PARAGRAPH, FONT_REGULAR, 11, 150)
    cut = truncate_lines(lines, 2, FONT_REGULAR, 11, 150)
    assert len(cut) == 2
    assert cut[0] == lines[0]
    assert cut[1].endswith("\u2026")
    assert line_width(cut[1], FONT_REGULAR, 11) <= 150
    assert truncate_lines(lines, 100, FONT_REGULAR, 11, 150) == lines


# --------------------------------------------------------------------------- #
# Drawing and reading back


def test_drawn_paragraph_reads_back_in_logical_order() -> None:
    def draw(canvas: Canvas) -> None:
        y = draw_rtl_paragraph(canvas, PARAGRAPH, 550, 800, 220, FONT_REGULAR, 11, 18)
        assert y < 800 - 3 * 18

    pdf = _pdf_with(draw)
    visual = pdf_visual_lines(pdf)
    assert len(visual) > 3
    assert fold(" ".join(logical(v) for v in visual)) == fold(PARAGRAPH)
    # The first drawn line holds the first words.
    assert logical(visual[0]).startswith("اینجانب در تاریخ")


def test_paragraph_returns_y_after_last_line() -> None:
    def draw(canvas: Canvas) -> None:
        y = draw_rtl_paragraph(canvas, "یک\nدو\nسه", 500, 700, 300, FONT_REGULAR, 10, 15)
        assert y == pytest.approx(700 - 3 * 15)
        assert draw_rtl_paragraph(canvas, "", 500, 650, 300) == 650

    _pdf_with(draw)


def test_lines_are_right_aligned() -> None:
    x_right = 500.0
    positions: list[float] = []

    def draw(canvas: Canvas) -> None:
        for i, text in enumerate(["کوتاه", "یک سطر بلندتر از سطر قبلی"]):
            width = draw_rtl_line(canvas, text, x_right, 700 - 20 * i, FONT_BOLD, 12)
            positions.append(width)

    pdf = _pdf_with(draw)
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    starts = [
        float(ops[4])
        for ops, op in ContentStream(reader.pages[0].get_contents(), reader).operations
        if op == b"Tm"
    ]
    # Each line starts at x_right minus its drawn width: right edges align.
    assert [s + w for s, w in zip(starts, positions, strict=True)] == pytest.approx(
        [x_right, x_right]
    )


def test_hostile_text_draws_literally_without_crashing() -> None:
    hostile = (
        "<b>پررنگ</b> <font color='red'>قرمز</font> \u202eوارونه\u202c 😀🇮🇷 "
        "Latin text 123 و فارسی\u200cنویسی " + "&amp; <para> " + "\u0000\u0007\ud800"
    )

    def draw(canvas: Canvas) -> None:
        draw_rtl_paragraph(canvas, hostile, 550, 800, 300, FONT_REGULAR, 11)

    pdf = _pdf_with(draw)
    assert not BIDI_CONTROLS & set(" ".join(pdf_visual_lines(pdf)))
    read = pdf_logical_text(pdf)
    # The markup is printed as the characters typed, not interpreted.
    assert "<b>پررنگ</b> <font color='red'>قرمز</font>" in read
    assert "&amp; <para>" in read
    assert "وارونه" in read  # not reversed by the stripped U+202E
    assert "فارسی\u200cنویسی" in read
    assert "Latin text ۱۲۳" in read


def test_five_thousand_word_body_renders() -> None:
    words = ["شکایت", "از", "اداره", "ABC", "123", "(تست)", "می\u200cشود", "1234-5678"]
    body = " ".join(words[i % len(words)] for i in range(5000))

    def draw(canvas: Canvas) -> None:
        y = 800.0
        for line in wrap_logical(body, FONT_REGULAR, 9, 480):
            if y < 40:
                canvas.showPage()
                y = 800.0
            draw_rtl_line(canvas, line, 540, y, FONT_REGULAR, 9)
            y -= 13

    pdf = _pdf_with(draw)
    assert len(pypdf.PdfReader(io.BytesIO(pdf)).pages) > 3


def test_bidi_levels_of_a_mixed_line() -> None:
    assert resolve_levels("ab (سلام) ۱۲") == [2, 2, 1, 1, 1, 1, 1, 1, 1, 1, 2, 2]


def test_brackets_take_the_direction_of_what_they_enclose() -> None:
    # N0: brackets around Latin after Latin are left to right (not mirrored); around
    # Persian, or around Latin after Persian, right to left (mirrored).
    levels = resolve_levels("ABC (Ltd.)")
    assert levels[4] == levels[9] == 2
    levels = resolve_levels("شرکت (Ltd.)")
    assert levels[5] == levels[10] == 1
    levels = resolve_levels("ABC (سهامی)")
    assert levels[4] == levels[10] == 1


def test_a_number_isolate_reads_left_to_right_inside_persian() -> None:
    text = "تاریخ " + LRI + "۱۴۰۵/۰۸/۱۰" + PDI + " است"
    levels = resolve_levels(text)
    inside = levels[text.index(LRI) + 1 : text.index(PDI)]
    assert all(level % 2 == 0 for level in inside)
    assert levels[text.index(LRI)] == levels[text.index(PDI)] == 1


_WITH_BRACKETS = st.text(
    alphabet=st.sampled_from(
        list("سلامکتاب")
        + list("abcXYZ")
        + list("0123456789۰۱۲۳۴۵۶۷۸۹٠١")
        + list(" .,:;-/!?%+#$٫٪()[]{}<>«»‹›")
        + ["\u200c", "\u064b", "\u0670", "\u0300"]
    ),
    max_size=60,
)


@settings(max_examples=500, deadline=None)
@given(_WITH_BRACKETS, st.booleans())
def test_resolved_levels_give_python_bidis_order(text: str, isolate_numbers: bool) -> None:
    # Only mirroring (which python-bidi leaves to its caller) may differ.
    text = text.strip(" \u200c")
    if isolate_numbers:
        text = rtl._isolate_numbers(text)
    ours = "".join(_TYPED_OF_DRAWN.get(ch, ch) for ch in rtl._reorder_by_levels(text))
    theirs = "".join(ch for ch in get_display(text, base_dir="R") if ch not in (LRI, PDI))
    assert ours == theirs


def test_fonts_register_once() -> None:
    from reportlab.pdfbase import pdfmetrics

    register_fonts()
    register_fonts()
    names = pdfmetrics.getRegisteredFontNames()
    assert FONT_REGULAR in names and FONT_BOLD in names
    assert ord("پ") in font_cmap(FONT_BOLD)


def test_a_name_typed_on_an_arabic_keyboard_prints_in_persian_letters() -> None:
    """«علي كريمي» (Arabic ي and ك) prints as «علی کریمی»: no Arabic yeh or kaf shapes."""
    drawn = visual_line("علي كريمي، مسئول ويژه‌ى بخش")
    names = {unicodedata.name(ch, "") for ch in drawn}
    arabic = ("ARABIC LETTER YEH ", "ARABIC LETTER KAF ")  # ئ in «مسئول» is a letter of its own
    assert not [n for n in names if n.startswith(arabic) and "HAMZA" not in n]
    assert not [n for n in names if "ALEF MAKSURA" in n]
    assert any("FARSI YEH" in n for n in names) and any("KEHEH" in n for n in names)
