"""The official letter (A4 portrait), laid out in Iranian administrative practice.

The layout (architecture: Letters and printing): logo and office name top right; date, number and
attachment top
left; the addressee, subject, salutation and body; the signature block on the
left, name above title; the copy-to list (رونوشت) at the bottom. Every page
repeats the header and carries «صفحه‌ی x از n».

Rendering is two passes. ``_layout`` turns the document into pages of placed
lines (pure data: logical text, font, position), so the page count is known
before anything is drawn; ``_draw_page`` then draws one page. Text goes
through app.pdf.rtl (wrap in logical order, shape, reorder, draw literally:
no markup is ever parsed). The canvas is ``invariant``, so the same document
gives byte-identical PDF bytes (archived letters are stored by sha256).
"""

from __future__ import annotations

import datetime
import enum
import io
import math
import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

from PIL import Image
from reportlab.lib.colors import Color, black
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm as _rl_mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen.canvas import Canvas
from reportlab.pdfgen.textobject import PDFTextObject

from app import log
from app.jalali import format_date
from app.pdf.fonts import FONT_BOLD, FONT_REGULAR, register_fonts
from app.pdf.rtl import (
    LANGUAGE,
    line_width,
    truncate_lines,
    visual_line,
    wrap_logical,
)
from app.persian import clean_line, clean_text, page_of

_log = log.get("letter")

__all__ = ["CopyTo", "LetterDocument", "render_letter"]


@dataclass(frozen=True)
class CopyTo:
    """One line of the copy-to list (رونوشت)."""

    recipient: str  # e.g. "مدیرکل بازرسی استان"
    purpose: str  # e.g. "جهت اطلاع" or "جهت اقدام"


@dataclass(frozen=True)
class LetterDocument:
    """Everything printed on a letter, already in the words to print."""

    office_name: str  # top right, under the logo, bold
    number: str  # secretariat number, ASCII digits, e.g. "125/1234/1405"
    letter_date: datetime.date  # Gregorian; printed as a Jalali date in Persian digits
    attachment: str  # e.g. "ندارد" or "دارد"
    addressee: str  # e.g. "شهرداری مرکز استان"
    addressee_person: str | None  # the unit head; None = omit
    subject: str
    body: str  # paragraphs separated by "\n"
    signer_name: str
    signer_title: str
    copies: tuple[CopyTo, ...] = ()
    logo_png: bytes | None = None  # PNG/JPEG bytes; None = no logo
    heading: str | None = "بسمه تعالی"  # small centred line at the top of page 1
    salutation: str | None = "با سلام و احترام"
    footer: str | None = None  # small, bottom of every page
    void: bool = False  # a cancelled letter: a large diagonal grey "باطل" on each page
    title: str = ""  # PDF metadata title; "" = "نامه <number>"
    # A record that is not a letter (minutes): its own header rows instead of date, number
    # and attachment, and a centred title where a letter has its addressee.
    meta: tuple[tuple[str, str], ...] | None = None  # (label, value), top to bottom
    document_title: str | None = None


# --------------------------------------------------------------------------- #
# Geometry (points). A4 is 595.3 × 841.9; nothing is drawn outside the margins.

_MM = float(_rl_mm)
_PAGE_W, _PAGE_H = float(A4[0]), float(A4[1])
_MARGIN_X = 20 * _MM
_MARGIN_Y = 14 * _MM
_LEFT = _MARGIN_X
_RIGHT = _PAGE_W - _MARGIN_X
_WIDTH = _RIGHT - _LEFT
_TOP = _PAGE_H - _MARGIN_Y
_BOTTOM = _MARGIN_Y

# Header: the "brand" column (logo, office name) on the right, the "meta"
# column (date, number, attachment) on the left.
_BRAND_W = 64 * _MM
_BRAND_CENTRE = _RIGHT - _BRAND_W / 2
_LOGO_H = 22 * _MM
_LOGO_W = 45 * _MM
_LOGO_PX = 600  # longest side kept of a logo (≈ 300 dpi at 45 mm is 530 px)
_NAME_SIZE = 12.0
_NAME_LEADING = 19.0
_HEADING_SIZE = 11.0
_META_W = 60 * _MM
_META_TOP = _TOP - 3 * _MM
_META_SIZE = 11.0
_META_LEADING = 20.0
_META_LABELS = ("تاریخ:", "شماره:", "پیوست:")
# The heading is centred on the page, between the two columns.
_HEADING_W = 2 * min(_PAGE_W / 2 - (_LEFT + _META_W), _RIGHT - _BRAND_W - _PAGE_W / 2)

# Content.
_BODY_SIZE = 12.5
_BODY_LEADING = _BODY_SIZE * 1.85
_PARAGRAPH_GAP = 5.0
_BLOCK_GAP = 9.0
_SIG_W = 70 * _MM
_SIG_CENTRE = _LEFT + _SIG_W / 2
_SIG_GAP = 12 * _MM
_COPY_SIZE = 10.5
_COPY_LEADING = _COPY_SIZE * 1.7
_COPY_INDENT = 4 * _MM
_COPY_GAP = 10 * _MM
_COPY_SEPARATOR = " — "

# Footer.
_PAGE_NO_SIZE = 9.0
_PAGE_NO_LINE = 14.0
_FOOTER_SIZE = 8.5
_FOOTER_LEADING = 12.0
_FOOTER_MAX_LINES = 2

# A justified line never stretches its spaces by more than this × font size.
_MAX_STRETCH = 1.2
_EPS = 1e-6
_GREY = Color(0.35, 0.35, 0.35)
_VOID_GREY = Color(0.5, 0.5, 0.5)
_VOID_TEXT = "باطل"
_VOID_ANGLE = 45.0


class _Align(enum.Enum):
    RIGHT = "right"
    CENTRE = "centre"
    JUSTIFY = "justify"


@dataclass(frozen=True)
class _Line:
    """One line of laid-out text, in logical order."""

    text: str
    font: str
    size: float
    leading: float  # height of the line box
    x: float  # right edge (RIGHT, JUSTIFY) or centre (CENTRE)
    width: float  # the column width (for justification)
    align: _Align = _Align.RIGHT
    space_before: float = 0.0  # dropped at the top of a page


_Block = tuple[_Line, ...]  # lines kept on one page
_Placed = tuple[_Line, float]  # a line and the top of its box


@dataclass(frozen=True)
class _Header:
    """The header drawn on every page, measured once."""

    heading: tuple[str, float] | None  # text and size, page 1 only
    logo: ImageReader | None
    logo_box: tuple[float, float, float, float]  # x, y, width, height
    name_lines: tuple[str, ...]
    name_top: float
    meta: tuple[tuple[str, str, float], ...]  # label, value, value size
    meta_value_right: float
    rule_y: float
    content_top: float


@dataclass(frozen=True)
class _Footer:
    lines: tuple[str, ...]
    rule_y: float | None
    content_bottom: float


# --------------------------------------------------------------------------- #
# Measuring, cached

# Wrapping measures every word shaped (arabic_reshaper: most of the time a
# letter takes). The same strings come back from letter to letter (office
# name, labels, addressees, signer, copies, footer) and whenever a letter is
# rendered again, so their wrapped lines are kept. Long paragraphs are not:
# they seldom recur and would hold on to memory.
_CACHED_TEXT = 2000


@lru_cache(maxsize=2048)
def _wrap_cached(text: str, font: str, size: float, width: float) -> tuple[str, ...]:
    return tuple(wrap_logical(text, font, size, width))


def _wrap(text: str, font: str, size: float, width: float) -> list[str]:
    if len(text) > _CACHED_TEXT:
        return wrap_logical(text, font, size, width)
    return list(_wrap_cached(text, font, size, width))


@lru_cache(maxsize=1024)
def _width(text: str, font: str, size: float) -> float:
    return line_width(text, font, size)


# --------------------------------------------------------------------------- #
# Logo


@lru_cache(maxsize=8)
def _logo_image(data: bytes) -> Image.Image | None:
    """The decoded logo, scaled down to print size; None if it is not usable.

    Only PNG and JPEG are opened (Pillow would hand an EPS to Ghostscript).
    A corrupt or absurdly large image is skipped rather than stop a letter.
    """
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data), formats=["PNG", "JPEG"]) as opened:
                opened.load()
                alpha = "A" in opened.getbands() or "transparency" in opened.info
                image = opened.convert("RGBA" if alpha else "RGB")
            image.thumbnail((_LOGO_PX, _LOGO_PX))
    except Exception as exc:
        _log.warning("the logo image could not be read: %s", type(exc).__name__)
        return None
    if image.width < 1 or image.height < 1:
        return None
    return image


def _logo_reader(data: bytes | None) -> tuple[ImageReader | None, tuple[float, float]]:
    image = _logo_image(data) if data else None
    if image is None:
        return None, (0.0, 0.0)
    scale = min(_LOGO_W / image.width, _LOGO_H / image.height)
    return ImageReader(image), (image.width * scale, image.height * scale)


# --------------------------------------------------------------------------- #
# Header and footer layout


def _fit_line(text: str, font: str, size: float, width: float) -> tuple[str, float]:
    """``text`` on one line in ``width``: shrunk a little, then cut with an ellipsis."""
    natural = _width(text, font, size)
    if natural <= width:
        return text, size
    smaller = max(size * 0.75, size * 0.98 * width / natural)
    if _width(text, font, smaller) <= width:
        return text, smaller
    lines = _wrap(text, font, smaller, width)
    return truncate_lines(lines, 1, font, smaller, width)[0], smaller


def _meta_rows(doc: LetterDocument) -> tuple[tuple[tuple[str, str, float], ...], float]:
    pairs = doc.meta or tuple(
        zip(
            _META_LABELS,
            (format_date(doc.letter_date), doc.number, doc.attachment),
            strict=True,
        )
    )
    label_w = max(_width(label, FONT_BOLD, _META_SIZE) for label, _ in pairs)
    value_right = _LEFT + _META_W - label_w - 2 * _MM
    rows = tuple(
        (label, *_fit_line(clean_line(value), FONT_REGULAR, _META_SIZE, value_right - _LEFT))
        for label, value in pairs
    )
    return rows, value_right


def _heading(doc: LetterDocument) -> tuple[str, float] | None:
    text = clean_line(doc.heading or "")
    return _fit_line(text, FONT_REGULAR, _HEADING_SIZE, _HEADING_W) if text else None


def _layout_header(doc: LetterDocument) -> _Header:
    logo, (logo_w, logo_h) = _logo_reader(doc.logo_png)
    logo_box = (_BRAND_CENTRE - logo_w / 2, _TOP - logo_h, logo_w, logo_h)
    name_top = _TOP - logo_h - 2 * _MM if logo else _TOP
    name = clean_line(doc.office_name)
    lines = _wrap(name, FONT_BOLD, _NAME_SIZE, _BRAND_W)
    name_lines = tuple(truncate_lines(lines, 2, FONT_BOLD, _NAME_SIZE, _BRAND_W))
    brand_bottom = name_top - len(name_lines) * _NAME_LEADING
    meta, value_right = _meta_rows(doc)
    meta_bottom = _META_TOP - len(meta) * _META_LEADING
    rule_y = min(brand_bottom, meta_bottom) - 2 * _MM
    return _Header(
        _heading(doc),
        logo,
        logo_box,
        name_lines,
        name_top,
        meta,
        value_right,
        rule_y,
        rule_y - 6 * _MM,
    )


def _layout_footer(doc: LetterDocument) -> _Footer:
    text = clean_line(doc.footer or "")
    lines = _wrap(text, FONT_REGULAR, _FOOTER_SIZE, _WIDTH) if text else []
    lines = truncate_lines(lines, _FOOTER_MAX_LINES, FONT_REGULAR, _FOOTER_SIZE, _WIDTH)
    top = _BOTTOM + _PAGE_NO_LINE + len(lines) * _FOOTER_LEADING
    rule_y = top + 2 * _MM if lines else None
    return _Footer(tuple(lines), rule_y, (rule_y or top) + 4 * _MM)


# --------------------------------------------------------------------------- #
# Content layout


def _wrapped(
    text: str,
    font: str,
    size: float,
    leading: float,
    *,
    x: float = _RIGHT,
    width: float = _WIDTH,
    align: _Align = _Align.RIGHT,
    space_before: float = 0.0,
) -> list[_Line]:
    """``text`` wrapped into lines; a JUSTIFY paragraph ends on a RIGHT line."""
    lines = [t for t in _wrap(text, font, size, width) if t]
    last = len(lines) - 1
    return [
        _Line(
            t,
            font,
            size,
            leading,
            x,
            width,
            _Align.RIGHT if align is _Align.JUSTIFY and i == last else align,
            space_before if i == 0 else 0.0,
        )
        for i, t in enumerate(lines)
    ]


def _opening(doc: LetterDocument) -> list[_Line]:
    """Addressee, the unit head, subject and salutation (page 1)."""
    bold, size, leading = FONT_BOLD, _BODY_SIZE, _BODY_LEADING
    title = clean_line(doc.document_title or "")
    if title:
        return _wrapped(title, bold, size + 1.5, leading + 4, x=_PAGE_W / 2, align=_Align.CENTRE)
    lines = _wrapped("به: " + clean_line(doc.addressee), bold, size, leading)
    person = clean_line(doc.addressee_person or "")
    if person:
        lines += _wrapped(person, FONT_REGULAR, size, leading)
    subject = "موضوع: " + clean_line(doc.subject)
    lines += _wrapped(subject, bold, size, leading, space_before=_BLOCK_GAP)
    salutation = clean_line(doc.salutation or "")
    if salutation:
        lines += _wrapped(salutation, FONT_REGULAR, size, leading, space_before=_BLOCK_GAP)
    return lines


def _body(doc: LetterDocument) -> list[list[_Line]]:
    """The body's paragraphs, each as its wrapped lines (blank ones dropped)."""
    paragraphs = [p for p in clean_text(doc.body).split("\n") if p.strip()]
    return [
        _wrapped(
            p,
            FONT_REGULAR,
            _BODY_SIZE,
            _BODY_LEADING,
            align=_Align.JUSTIFY,
            space_before=_PARAGRAPH_GAP,
        )
        for p in paragraphs
    ]


def _signature(doc: LetterDocument) -> list[_Line]:
    """Name above title, centred on a column at the left of the page."""

    def centred(text: str, font: str, size: float, space_before: float) -> list[_Line]:
        return _wrapped(
            clean_line(text),
            font,
            size,
            _BODY_LEADING,
            x=_SIG_CENTRE,
            width=_SIG_W,
            align=_Align.CENTRE,
            space_before=space_before,
        )

    name = centred(doc.signer_name, FONT_BOLD, _BODY_SIZE, _SIG_GAP)
    title = centred(doc.signer_title, FONT_REGULAR, _BODY_SIZE - 1, 0.0 if name else _SIG_GAP)
    return name + title


def _copy_line(copy: CopyTo) -> str:
    parts = [clean_line(copy.recipient), clean_line(copy.purpose)]
    return _COPY_SEPARATOR.join(p for p in parts if p)


def _copies(doc: LetterDocument) -> list[_Line]:
    texts = [t for t in (_copy_line(c) for c in doc.copies) if t]
    if not texts:
        return []
    lines = _wrapped("رونوشت:", FONT_BOLD, _COPY_SIZE, _COPY_LEADING, space_before=_COPY_GAP)
    for text in texts:
        lines += _wrapped(
            text,
            FONT_REGULAR,
            _COPY_SIZE,
            _COPY_LEADING,
            x=_RIGHT - _COPY_INDENT,
            width=_WIDTH - _COPY_INDENT,
        )
    return lines


def _height(block: _Block, *, at_top: bool) -> float:
    height = sum(line.space_before + line.leading for line in block)
    return height - block[0].space_before if at_top else height


def _paragraph_blocks(lines: list[_Line]) -> list[_Block]:
    """A paragraph's first two lines stay together, and so do its last two."""
    if len(lines) <= 3:
        return [tuple(lines)]
    return [tuple(lines[:2]), *((line,) for line in lines[2:-2]), tuple(lines[-2:])]


def _blocks(doc: LetterDocument, frame: float) -> list[_Block]:
    """Everything below the header, as blocks that are kept on one page.

    The opening is one block; body lines are blocks of their own except at
    the start and end of a paragraph (no orphans, no widows); the end of the
    body goes with the signature, so a signature never stands alone on a
    page; the copies stay with the signature when the two fit on one page.
    """
    body = [block for p in _body(doc) for block in _paragraph_blocks(p)]
    carried = body.pop() if body else ()
    ending = (*carried, *_signature(doc))
    copies = tuple(_copies(doc))
    blocks: list[_Block] = [tuple(_opening(doc)), *body]
    if ending and copies and _height(ending + copies, at_top=True) <= frame:
        blocks.append(ending + copies)
    else:
        blocks += [ending, copies]
    return [b for b in blocks if b]


def _unbreakable(blocks: list[_Block], frame: float) -> Iterator[_Block]:
    """The blocks, with any block taller than a whole page split into lines."""
    for block in blocks:
        if _height(block, at_top=True) > frame + _EPS:
            yield from ((line,) for line in block)
        else:
            yield block


def _place(block: _Block, page: list[_Placed], y: float) -> float:
    for i, line in enumerate(block):
        if i > 0 or page:  # no space before the first line of a page
            y -= line.space_before
        page.append((line, y))
        y -= line.leading
    return y


def _paginate(blocks: list[_Block], top: float, bottom: float) -> list[list[_Placed]]:
    pages: list[list[_Placed]] = [[]]
    y = top
    for block in _unbreakable(blocks, top - bottom):
        if pages[-1] and y - _height(block, at_top=False) < bottom - _EPS:
            pages.append([])
            y = top
        y = _place(block, pages[-1], y)
    return pages


# --------------------------------------------------------------------------- #
# Drawing


@lru_cache(maxsize=4)
def _word_space_works(font: str) -> bool:
    """True if the PDF word spacing (Tw) widens this font's spaces.

    Tw applies to the byte 32 only; reportlab gives a TrueType font's space
    that code when it keeps ASCII readable (its default). Otherwise a
    justified line would stop short of the left edge: it is right-aligned.
    """
    return bool(getattr(pdfmetrics.getFont(font), "_asciiReadable", False))


def _draw_line(text: PDFTextObject, line: _Line, top: float) -> None:
    """Add one line to the page's text object (one object per page: reportlab's
    drawString opens a new one per line, which was a third of the drawing time)."""
    visual = visual_line(line.text, font=line.font)
    if not visual:
        return
    baseline = top - line.size
    natural = pdfmetrics.stringWidth(visual, line.font, line.size)
    if (text._fontname, text._fontsize) != (line.font, line.size):  # each Tf costs a subset
        text.setFont(line.font, line.size)
    word_space = 0.0
    if line.align is _Align.CENTRE:
        x = line.x - natural / 2
    else:
        x = line.x - natural
        if line.align is _Align.JUSTIFY and _word_space_works(line.font):
            spaces = visual.count(" ")
            stretch = (line.width - natural) / spaces if spaces else 0.0
            if 0 < stretch <= _MAX_STRETCH * line.size:
                x, word_space = line.x - line.width, stretch
    if getattr(text, "_wordSpace", None) != word_space:
        text.setWordSpace(word_space)
    text.setTextOrigin(x, baseline)
    text.textOut(visual)


def _put(
    text: PDFTextObject, words: str, x: float, baseline: float, font: str, size: float,
    align: _Align = _Align.RIGHT,
) -> None:  # fmt: skip
    _draw_line(text, _Line(words, font, size, size, x, 0.0, align), baseline + size)


def _draw_header(c: Canvas, text: PDFTextObject, header: _Header, first_page: bool) -> None:
    if header.logo is not None:
        x, y, w, h = header.logo_box
        c.drawImage(header.logo, x, y, w, h, mask="auto")
    if first_page and header.heading is not None:
        words, size = header.heading
        _put(text, words, _PAGE_W / 2, _TOP - _HEADING_SIZE, FONT_REGULAR, size, _Align.CENTRE)
    for i, name in enumerate(header.name_lines):
        y = header.name_top - _NAME_SIZE - i * _NAME_LEADING
        _put(text, name, _BRAND_CENTRE, y, FONT_BOLD, _NAME_SIZE, _Align.CENTRE)
    label_right = _LEFT + _META_W
    for i, (label, value, size) in enumerate(header.meta):
        y = _META_TOP - _META_SIZE - i * _META_LEADING
        _put(text, label, label_right, y, FONT_BOLD, _META_SIZE)
        _put(text, value, header.meta_value_right, y, FONT_REGULAR, size)
    c.setStrokeColor(black)
    c.setLineWidth(0.8)
    c.line(_LEFT, header.rule_y, _RIGHT, header.rule_y)


def _draw_footer(c: Canvas, footer: _Footer, number: int, total: int) -> None:
    if footer.rule_y is not None:
        c.setStrokeColor(_GREY)
        c.setLineWidth(0.5)
        c.line(_LEFT, footer.rule_y, _RIGHT, footer.rule_y)
    text = c.beginText()
    text.setFillColor(_GREY)
    top = footer.rule_y - 2 * _MM if footer.rule_y is not None else 0.0
    for i, line in enumerate(footer.lines):
        y = top - _FOOTER_SIZE - i * _FOOTER_LEADING
        _put(text, line, _PAGE_W / 2, y, FONT_REGULAR, _FOOTER_SIZE, _Align.CENTRE)
    page_no = page_of(number, total)
    _put(text, page_no, _PAGE_W / 2, _BOTTOM + 4, FONT_REGULAR, _PAGE_NO_SIZE, _Align.CENTRE)
    c.drawText(text)


def _draw_void(c: Canvas, content_top: float, content_bottom: float) -> None:
    """A large diagonal grey "باطل" across the content, inside the margins."""
    visual = visual_line(_VOID_TEXT, font=FONT_BOLD)
    angle = math.radians(_VOID_ANGLE)
    cos, sin = math.cos(angle), math.sin(angle)
    at_one = pdfmetrics.stringWidth(visual, FONT_BOLD, 1)
    # The rotated box (width w, height ≈ 1.2 × size) must fit the content frame.
    height = content_top - content_bottom
    size = 0.7 * min(_WIDTH, height) / (at_one * cos + 1.2 * sin)
    width = at_one * size
    cx, cy = _PAGE_W / 2, (content_top + content_bottom) / 2
    # Start of the baseline, so that the text's centre lands on (cx, cy).
    x = cx - cos * width / 2 + sin * size * 0.35
    y = cy - sin * width / 2 - cos * size * 0.35
    c.saveState()
    c.setFillColor(_VOID_GREY)
    c.setFillAlpha(0.3)
    text = c.beginText(x, y)
    text.setTextTransform(cos, sin, -sin, cos, x, y)
    text.setFont(FONT_BOLD, size)
    text.textOut(visual)
    c.drawText(text)
    c.restoreState()


def _draw_page(
    c: Canvas,
    doc: LetterDocument,
    parts: tuple[_Header, _Footer],
    page: list[_Placed],
    number: int,
    total: int,
) -> None:
    header, footer = parts
    text = c.beginText()
    _draw_header(c, text, header, number == 1)
    for line, top in page:
        _draw_line(text, line, top)
    c.drawText(text)
    _draw_footer(c, footer, number, total)
    if doc.void:
        _draw_void(c, header.content_top, footer.content_bottom)
    c.showPage()


def _set_metadata(c: Canvas, doc: LetterDocument) -> None:
    number = clean_line(doc.number)
    c.setTitle(clean_line(doc.title) or f"نامه {number}")
    c.setAuthor(clean_line(doc.office_name))
    c.setSubject(clean_line(doc.subject))
    c.setCreator("Dadras")
    c.setKeywords(number)


def render_letter(doc: LetterDocument) -> bytes:
    """The letter as an A4 PDF; the same document always gives the same bytes."""
    register_fonts()
    header = _layout_header(doc)
    footer = _layout_footer(doc)
    frame = header.content_top - footer.content_bottom
    pages = _paginate(_blocks(doc, frame), header.content_top, footer.content_bottom)
    buffer = io.BytesIO()
    c = Canvas(buffer, pagesize=A4, pageCompression=1, invariant=1, lang=LANGUAGE)
    _set_metadata(c, doc)
    for number, page in enumerate(pages, start=1):
        _draw_page(c, doc, (header, footer), page, number, len(pages))
    c.save()
    return buffer.getvalue()
