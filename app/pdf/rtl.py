"""Persian (right-to-left) text for reportlab canvases — architecture: Letters and printing.

reportlab draws glyphs left to right exactly as given: it neither joins Arabic
letters nor reorders bidirectional text. So every string goes through:

1. ``wrap_logical`` — wrap the paragraph in LOGICAL order, measuring the width
   of each candidate line as it will be drawn (shaped, with Persian digits).
   Wrapping after bidi would reverse the order of the lines.
2. ``visual_line`` — for one line: strip bidi controls, print numbers in
   Persian digits, shape with arabic_reshaper (harakat kept), reorder with
   python-bidi (paragraph direction RTL), mirror brackets, and drop what the
   font cannot draw.
3. ``draw_rtl_line`` / ``draw_rtl_paragraph`` — draw right-aligned with
   ``canvas.drawRightString``. User text is never parsed as markup (no
   ``Paragraph``), so ``<b>`` in a complaint prints as the four characters.

Notes on the pieces:

* python-bidi 0.6 (the Rust ``unicode-bidi`` engine) reorders but does NOT
  mirror: ``get_display("(سلام)")`` keeps ``(`` where ``)`` must be drawn, and it
  does not expose its levels. A line with something to mirror is resolved by
  ``app.pdf.bidi_levels`` (UAX #9 over ``unicodedata``) and rules L2 and L4 are
  applied here; the tests hold that order to ``get_display``'s.
  A bracket at a right-to-left level is drawn with a code of the font that
  shows its mirror image and copies as typed (see ``app.pdf.fonts``).
* Numbers with inner separators (a tracking code ``۱۲۳۴-۵۶۷۸۹۰۱۲-۳``, a phone
  number ``۰۲۱-۱۲۳۴۵۶۷۸``, a date or a time) are wrapped in an LRI…PDI isolate
  after the user's own bidi controls are stripped, so they always read left to
  right. Plain bidi would turn the digits after Persian letters into Arabic
  numbers and print the groups of a phone number in reverse order.
* arabic_reshaper 3.1 mishandles ZWJ together with ligatures (it loses letters
  or raises ``IndexError``), so a ZWJ is never handed to it: the text is split
  at ZWJ and each side is shaped with a tatweel standing in for the joiner.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from functools import lru_cache
from typing import Any

from arabic_reshaper import ArabicReshaper
from arabic_reshaper.letters import (
    LETTERS_ARABIC,
    connects_with_letter_after,
    connects_with_letter_before,
)
from bidi import get_display
from bidi.mirror import MIRRORED
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen.canvas import Canvas

from app import log
from app.pdf.bidi_levels import resolve_levels
from app.pdf.fonts import (
    FONT_REGULAR,
    LAM_ALEF_DRAWN,
    MIRRORED_DRAWN,
    font_cmap,
    register_fonts,
)
from app.persian import persian_letters, strip_bidi_controls, to_ascii_digits, to_persian_digits

_log = log.get("rtl")

__all__ = [
    "LANGUAGE",
    "as_printed",
    "draw_rtl_centred",
    "draw_rtl_line",
    "draw_rtl_paragraph",
    "line_width",
    "shape",
    "truncate_lines",
    "visual_line",
    "wrap_logical",
]

ZWNJ = "\u200c"
ZWJ = "\u200d"
TATWEEL = "\u0640"
LRI = "\u2066"
PDI = "\u2069"
REPLACEMENT = "?"
ELLIPSIS = "\u2026"
# The language every PDF Dadras writes declares (its catalog's /Lang), for screen
# readers and for readers that pick a text direction or a dictionary by it.
LANGUAGE = "fa-IR"

_RESHAPER_CONFIG: dict[str, bool | str] = {
    "language": "Arabic",
    "delete_harakat": False,
    "shift_harakat_position": False,
    "delete_tatweel": False,
    "support_zwj": True,
    "use_unshaped_instead_of_isolated": False,
    "support_ligatures": True,
    # Lam-alef is obligatory; the automatic "Allah" ligature is not Persian
    # practice (it would fire inside names and compounds), so it stays off.
    "ARABIC LIGATURE ALLAH": False,
}


class _SettledOptions:
    """The reshaper's boolean options read once.

    ``ArabicReshaper.reshape`` asks its configparser section for six booleans on every
    call; configparser's interpolation made that a fifth of a letter's rendering time.
    """

    def __init__(self, section: Any) -> None:
        self._section = section
        self._booleans: dict[str, bool] = {}

    def getboolean(self, key: str) -> bool:
        value = self._booleans.get(key)
        if value is None:
            value = self._booleans[key] = bool(self._section.getboolean(key))
        return value

    def get(self, key: str) -> Any:
        return self._section.get(key)


def _reshaper(configuration: dict[str, bool | str]) -> ArabicReshaper:
    reshaper = ArabicReshaper(configuration=configuration)
    reshaper.configuration = _SettledOptions(reshaper.configuration)
    return reshaper


_RESHAPER = _reshaper(_RESHAPER_CONFIG)
_RESHAPER_NO_LIGATURES = _reshaper({**_RESHAPER_CONFIG, "support_ligatures": False})

# Characters that end a paragraph; '\n' is the usual one.
_PARAGRAPH_BREAK = re.compile(r"\r\n|[\n\r\v\f\x1c-\x1e\x85\u2028\u2029]")
# Where a line may break. Deliberately not NBSP (U+00A0), figure space (U+2007)
# or narrow NBSP (U+202F, used in Persian for a visible half-space).
_BREAKING_SPACE = re.compile(r"[ \t\u1680\u2000-\u2006\u2008-\u200a\u205f\u3000]+")
# A number with inner separators (or a percent sign): reads left to right as a whole.
_DIGIT = r"[0-9\u0660-\u0669\u06f0-\u06f9]"
_NUMBER_SEPARATOR = r"[-/:.,_\u066b\u066c\u2010\u2011\u2212]"
# Percent and per-mille signs beside a number are European terminators (bidi class ET): the
# bidi algorithm reads them as part of the number (W5), so they go inside its isolate and
# "۴۲٫۹٪" prints as Qt and word processors show it, the sign to the right of the digits.
_PERCENT = r"[%\u066a\u0609\u060a\u2030\u2031]"
_NUMBER_RUN = re.compile(
    f"{_PERCENT}?{_DIGIT}+(?:{_NUMBER_SEPARATOR}{_DIGIT}+)+{_PERCENT}?"
    f"|{_PERCENT}{_DIGIT}+{_PERCENT}?|{_DIGIT}+{_PERCENT}"
)
_ANY_DIGIT = re.compile(_DIGIT)
_GROUP_COMMA = re.compile(r"(?<=[0-9]),(?=[0-9])")
_DECIMAL_POINT = re.compile(r"(?<=[0-9])\.(?=[0-9])")
PERSIAN_THOUSANDS = "\u066c"  # ٬
PERSIAN_DECIMAL = "\u066b"  # ٫
_LATIN_LETTER = re.compile(r"[A-Za-z]")
_TOKEN = re.compile(r"\S+")
# Printable ASCII and Latin-1, the Arabic block without its format characters (U+0600-0605,
# U+061C, U+06DD), ZWNJ/ZWJ, dashes, quotes and the ellipsis: nothing there for _clean to do.
_PLAIN_TEXT = re.compile(
    "[\u0020-\u007e\u00a0-\u00ac\u00ae-\u00ff\u0606-\u061b\u061d-\u06dc\u06de-\u06ff"
    "\u200c\u200d\u2010-\u2015\u2018-\u201f\u2026]*"
)


# --------------------------------------------------------------------------- #
# Cleaning and digits


def _clean(text: str) -> str:
    """One line of text, safe for shaping: no bidi controls, no line breaks.

    Bidi embedding/override/isolate controls and marks are removed (a hostile
    U+202E cannot reorder a printed letter). Other control and format
    characters are dropped too, except ZWNJ and ZWJ, which carry Persian
    spelling; line breaks and tabs become spaces; lone surrogates are dropped.
    """
    if _PLAIN_TEXT.fullmatch(text):  # the usual line: nothing to remove
        return text
    text = strip_bidi_controls(text)
    out: list[str] = []
    for ch in text:
        if ch in (ZWNJ, ZWJ):
            out.append(ch)
            continue
        cat = unicodedata.category(ch)
        if cat in ("Zl", "Zp") or (cat == "Cc" and ch.isspace()):
            out.append(" ")
        elif cat not in ("Cc", "Cf", "Cs", "Co", "Cn"):
            out.append(ch)
    return "".join(out)


def _persian_digits_token(match: re.Match[str]) -> str:
    token = match.group(0)
    # A token with Latin letters (an e-mail address, "v2", a URL) keeps its
    # digits as typed; everything else prints in Persian digits.
    if _LATIN_LETTER.search(token) or not _ANY_DIGIT.search(token):
        return token
    ascii_token = to_ascii_digits(token)
    # Between Persian digits a Latin comma or full stop reads as the Persian decimal sign or
    # as a zero: «۱۲,۵۰۰» looks like twelve and a half. The Persian separators say it plainly.
    ascii_token = _GROUP_COMMA.sub(PERSIAN_THOUSANDS, ascii_token)
    ascii_token = _DECIMAL_POINT.sub(PERSIAN_DECIMAL, ascii_token)
    return to_persian_digits(ascii_token)


def _localise_digits(text: str) -> str:
    if not _ANY_DIGIT.search(text):
        return text
    return _TOKEN.sub(_persian_digits_token, text)


def _prepare(text: str, persian_digits: bool) -> str:
    # A record typed on an Arabic keyboard layout prints in Persian letters all the same.
    text = persian_letters(_clean(text))
    if persian_digits:
        text = _localise_digits(text)
    return text


# --------------------------------------------------------------------------- #
# Shaping


def _reshape(text: str) -> str:
    """arabic_reshaper, guarded: a bug in it must not stop a receipt printing."""
    if not text:
        return ""
    try:
        return str(_RESHAPER.reshape(text))
    except Exception as exc:
        _log.warning("arabic_reshaper failed (%s); shaped without ligatures", type(exc).__name__)
        try:
            return str(_RESHAPER_NO_LIGATURES.reshape(text))
        except Exception:
            return text


def _reshape_joined(part: str, joined_before: bool, joined_after: bool) -> str:
    # A tatweel joins on both sides, so it stands in for the ZWJ neighbour and
    # is removed again afterwards.
    text = (TATWEEL if joined_before else "") + part + (TATWEEL if joined_after else "")
    shaped = _reshape(text)
    if joined_before and shaped.startswith(TATWEEL):
        shaped = shaped[1:]
    if joined_after and shaped.endswith(TATWEEL):
        shaped = shaped[:-1]
    return shaped


def shape(text: str) -> str:
    """Contextual forms for Arabic-script ``text`` (still in logical order).

    Harakat are kept; ZWNJ keeps breaking the join (and stays in the text);
    ZWJ forces a join and is consumed. Letters never join across a space, so each
    word is shaped on its own, and remembered: letters repeat their words.
    """
    return " ".join(_shape_word(word) for word in text.split(" "))


@lru_cache(maxsize=32768)
def _shape_word(word: str) -> str:
    if ZWJ not in word:
        return _reshape(word)
    parts = word.split(ZWJ)
    last = len(parts) - 1
    return "".join(_reshape_joined(p, i > 0, i < last) for i, p in enumerate(parts))


def _fit_to_font(text: str, font: str | None) -> str:
    """Drop or replace what ``font`` has no glyph for.

    A letter or digit the font lacks becomes ``?`` (so a reader sees that
    something is missing); an emoji, symbol or invisible mark is dropped.
    A presentation form the font lacks falls back to its base letter.
    """
    if font is None:
        return text
    cmap = font_cmap(font)
    if cmap.issuperset(map(ord, text)):
        return text
    out: list[str] = []
    for ch in text:
        cp = ord(ch)
        if cp in cmap:
            out.append(ch)
            continue
        base = unicodedata.normalize("NFKC", ch)
        if base and base != ch and all(ord(b) in cmap for b in base):
            out.append(base)
        elif unicodedata.category(ch)[0] in ("L", "N"):
            out.append(REPLACEMENT)
    return "".join(out)


# --------------------------------------------------------------------------- #
# Bidi


_REMOVED_AFTER_REORDER = frozenset({LRI, PDI})


# Bidi classes that can give a character a level other than the paragraph's (1).
_NOT_PLAIN_RTL = frozenset(
    {"L", "EN", "AN", "LRE", "LRO", "RLE", "RLO", "PDF", "LRI", "RLI", "FSI", "PDI"}
)


def _plain_rtl(text: str) -> bool:
    """Only right-to-left letters and neutrals: every character resolves to level 1."""
    return not any(unicodedata.bidirectional(ch) in _NOT_PLAIN_RTL for ch in text)


def _mirrored(ch: str) -> str:
    """The character drawn for ``ch`` at a right-to-left level (rule L4): the font's
    mirror-image code that still copies as ``ch``, else the mirror character."""
    return MIRRORED_DRAWN.get(ch) or MIRRORED.get(ch, ch)


def _reorder(text: str) -> str:
    """Visual order of one line (UAX #9 rules L1, L2 and L4), base level RTL."""
    if not text:
        return ""
    if _plain_rtl(text):  # most lines of a letter: the whole line is one reversed run
        return "".join(_mirrored(ch) for ch in reversed(text))
    if not any(ch in MIRRORED for ch in text):
        # Nothing to mirror: python-bidi's own order is the answer, ten times faster
        # than resolving the levels here (the tests hold the two to the same order).
        visual = get_display(text, base_dir="R")
        if isinstance(visual, str):
            return "".join(ch for ch in visual if ch not in _REMOVED_AFTER_REORDER)
    return _reorder_by_levels(text)


def _reorder_by_levels(text: str) -> str:
    """L2 and L4 over the levels of ``bidi_levels`` (which applies L1)."""
    if not text:
        return ""
    levels = resolve_levels(text)
    chars = list(text)
    order = list(range(len(chars)))
    # L2: from the highest level down to the lowest odd level, reverse every
    # run of characters at that level or higher.
    highest = max(levels)
    lowest_odd = min(lv for lv in levels if lv % 2 == 1) if any(lv % 2 for lv in levels) else 1
    for level in range(highest, lowest_odd - 1, -1):
        j = 0
        n = len(order)
        while j < n:
            if levels[order[j]] >= level:
                k = j
                while k < n and levels[order[k]] >= level:
                    k += 1
                order[j:k] = order[j:k][::-1]
                j = k
            else:
                j += 1
    out: list[str] = []
    for idx in order:
        ch = chars[idx]
        if ch in _REMOVED_AFTER_REORDER:
            continue
        # L4: a mirrored character at a right-to-left level is drawn mirrored.
        if levels[idx] % 2 == 1:
            ch = _mirrored(ch)
        out.append(ch)
    # L3 is deliberately not applied: reversal leaves the harakat of a
    # right-to-left letter just before it, and Amiri's marks (no advance,
    # outline to the right of the pen) are drawn over the glyph that follows
    # them, i.e. over their own letter.
    return "".join(out)


def _isolate_number_token(match: re.Match[str]) -> str:
    token = match.group(0)
    # Digits next to Latin letters ("v2.5", "user12") already read left to
    # right with their letters; isolating them would split the word.
    if _LATIN_LETTER.search(token):
        return token
    return _NUMBER_RUN.sub(lambda m: LRI + m.group(0) + PDI, token)


def _isolate_numbers(text: str) -> str:
    if not _ANY_DIGIT.search(text):
        return text
    return _TOKEN.sub(_isolate_number_token, text)


def _drop_undrawable(text: str, font: str | None) -> str:
    """Remove the marks and symbols ``font`` cannot draw (emoji, say) BEFORE reordering:
    left in, an emoji or a flag takes part in the bidi order of the words around it."""
    if font is None:
        return text
    cmap = font_cmap(font)
    if cmap.issuperset(map(ord, text)):
        return text
    return "".join(
        ch
        for ch in text
        if ord(ch) in cmap or ch in (ZWNJ, ZWJ) or unicodedata.category(ch)[0] in ("L", "N")
    )


_SPACES = re.compile(" {2,}")
_LINE_ENDS = " " + ZWNJ
_LAM_ALEF = re.compile("[" + "".join(LAM_ALEF_DRAWN) + "]")


@lru_cache(maxsize=4096)
def _visual(line: str, persian_digits: bool, font: str | None) -> str:
    # A ZWNJ at either end of a line separates nothing.
    text = _prepare(line, persian_digits).strip(_LINE_ENDS)
    if font is not None and text:
        dropped = _drop_undrawable(text, font)
        text = _SPACES.sub(" ", dropped).strip(_LINE_ENDS) if dropped != text else text
    if not text:
        return ""
    text = _isolate_numbers(text)
    # ZWNJ stays in: its glyph is blank and without width (see fonts.ReadableTTFont), and
    # text copied from the PDF keeps it.
    visual = _fit_to_font(_reorder(shape(text)), font)
    if font is not None and _LAM_ALEF.search(visual):
        visual = _LAM_ALEF.sub(lambda m: LAM_ALEF_DRAWN[m.group(0)], visual)
    return visual


def as_printed(line: str) -> str:
    """``line`` in logical order as a letter prints it (Persian digits; a phone number, a
    date or a code kept left to right in an isolate), for a screen to show it the same way:
    typed after Persian words, «۰۷۶-۳۳۵۵۱۲۰۰» would otherwise show as «۳۳۵۵۱۲۰۰-۰۷۶»."""
    return _isolate_numbers(_prepare(line, persian_digits=True))


def visual_line(line: str, *, persian_digits: bool = True, font: str | None = FONT_REGULAR) -> str:
    """One line of logical text as the glyph sequence to draw left to right.

    ``persian_digits=False`` keeps the digits as given (for a code printed in
    Latin digits). ``font`` is the font the result will be drawn with; what
    it has no glyph for is dropped or replaced (``None`` skips this step).
    A line break inside ``line`` is drawn as a space: wrap first.
    """
    return _visual(line, persian_digits, font)


# --------------------------------------------------------------------------- #
# Measuring and wrapping


def _drawn_width(shaped: str, font: str, size: float) -> float:
    return float(pdfmetrics.stringWidth(_fit_to_font(shaped, font), font, size))


def line_width(
    line: str, font: str = FONT_REGULAR, size: float = 10, *, persian_digits: bool = True
) -> float:
    """Width of ``line`` as ``draw_rtl_line`` would draw it (shaped)."""
    register_fonts()
    return _drawn_width(shape(_prepare(line, persian_digits).strip(" ")), font, size)


def _is_cluster_start(ch: str) -> bool:
    # Never split a letter from its harakat or from a following joiner.
    return not (unicodedata.combining(ch) or ch in (ZWNJ, ZWJ))


def _last_base(text: str) -> str:
    for ch in reversed(text):
        if _is_cluster_start(ch):
            return ch
    return " "


def _joinable(before: str, after: str) -> bool:
    """True if Arabic letter ``before`` joins the following letter ``after``."""
    return bool(
        connects_with_letter_after(before, LETTERS_ARABIC)
        and connects_with_letter_before(after, LETTERS_ARABIC)
    )


def _split_long_word(word: str, fits: Callable[[str], bool]) -> list[str]:
    """Break a word that is wider than the line into pieces that fit.

    Clusters (a letter with its harakat) stay together. Where the cut falls
    between two joining letters, ZWJ is added on both sides so the letters
    keep their joined forms across the line break.
    """
    clusters: list[str] = []
    for ch in word:
        if clusters and not _is_cluster_start(ch):
            clusters[-1] += ch
        else:
            clusters.append(ch)
    pieces: list[str] = []
    current = ""
    for cluster in clusters:
        if not current.strip(ZWJ):
            current += cluster
            continue
        candidate = current + cluster
        # The piece may end up cut after this cluster, with a ZWJ added.
        if fits(candidate) and fits(candidate + ZWJ):
            current = candidate
        elif _joinable(_last_base(current), cluster[0]):
            pieces.append(current + ZWJ)
            current = ZWJ + cluster
        else:
            pieces.append(current)
            current = cluster
    if current:
        pieces.append(current)
    return pieces


_WIDTH_SLACK = 1e-6  # points: far below anything visible, far above rounding error


@lru_cache(maxsize=65536)
def _word_width(word: str, font: str, size: float, persian_digits: bool) -> float:
    """A word's drawn width; remembered, since letters and receipts repeat their words."""
    return _drawn_width(shape(_prepare(word, persian_digits)), font, size)


def wrap_logical(
    text: str,
    font: str = FONT_REGULAR,
    size: float = 10,
    width: float = 400,
    *,
    persian_digits: bool = True,
) -> list[str]:
    """Wrap ``text`` into lines no wider than ``width`` points, in logical order.

    Lines are returned in reading order (the first holds the first words) and
    still in logical character order; pass each to ``visual_line`` to draw.
    ``\\n`` (and other paragraph separators) start a new line; an empty
    paragraph gives an empty line. Runs of spaces collapse to one. A word that
    does not fit on a line by itself is broken.

    Widths are measured on the SHAPED text with the font (joined letters are
    narrower than isolated ones, Persian digits differ from Latin ones).
    Shaping never crosses a space, so the shaped width of a candidate line is
    the sum of its shaped words plus its spaces; each word is measured once.
    """
    register_fonts()
    space = float(pdfmetrics.stringWidth(" ", font, size))
    # A width worked out from a measured one (a column sized to its longest word, less its
    # padding) may come back a hair short of it: that word must still fit, not be broken.
    width += _WIDTH_SLACK

    def measure(word: str) -> float:
        return _word_width(word, font, size, persian_digits)

    def fits(word: str) -> bool:
        return measure(word) <= width

    lines: list[str] = []
    for paragraph in _PARAGRAPH_BREAK.split(text):
        words = [w for w in _BREAKING_SPACE.split(_clean(paragraph)) if w.strip(" ")]
        if not words:
            lines.append("")
            continue
        current: list[str] = []
        current_width = 0.0
        for word in words:
            w = measure(word)
            if w > width:
                if current:
                    lines.append(" ".join(current))
                pieces = _split_long_word(word, fits)
                lines.extend(pieces[:-1])
                current = [pieces[-1]]
                current_width = measure(pieces[-1])
                continue
            candidate_width = current_width + space + w if current else w
            if current and candidate_width > width:
                lines.append(" ".join(current))
                current, current_width = [word], w
            else:
                current.append(word)
                current_width = candidate_width
        lines.append(" ".join(current))
    # Text that is only line breaks gives blank lines; no text gives none.
    return lines if text.strip() else []


# --------------------------------------------------------------------------- #
# Drawing


def draw_rtl_line(
    canvas: Canvas,
    text: str,
    x_right: float,
    y: float,
    font: str = FONT_REGULAR,
    size: float = 10,
    *,
    persian_digits: bool = True,
) -> float:
    """Draw one line right-aligned at ``x_right`` on baseline ``y``.

    Returns the drawn width. The text is drawn literally (no markup).
    """
    register_fonts()
    visual = visual_line(text, persian_digits=persian_digits, font=font)
    if not visual:
        return 0.0
    canvas.setFont(font, size)
    canvas.drawRightString(x_right, y, visual)
    return float(pdfmetrics.stringWidth(visual, font, size))


def draw_rtl_centred(
    canvas: Canvas,
    text: str,
    x_centre: float,
    y: float,
    font: str = FONT_REGULAR,
    size: float = 10,
    *,
    persian_digits: bool = True,
) -> float:
    """Draw one line centred on ``x_centre`` at baseline ``y``; returns its width."""
    register_fonts()
    visual = visual_line(text, persian_digits=persian_digits, font=font)
    if not visual:
        return 0.0
    canvas.setFont(font, size)
    canvas.drawCentredString(x_centre, y, visual)
    return float(pdfmetrics.stringWidth(visual, font, size))


def truncate_lines(
    lines: list[str],
    max_lines: int,
    font: str = FONT_REGULAR,
    size: float = 10,
    width: float = 400,
    *,
    persian_digits: bool = True,
) -> list[str]:
    """Keep the first ``max_lines`` lines; mark a cut with an ellipsis that fits."""
    if len(lines) <= max_lines:
        return lines
    if max_lines <= 0:
        return []
    kept = lines[:max_lines]
    last = kept[-1].rstrip(" ")
    while last and line_width(last + ELLIPSIS, font, size, persian_digits=persian_digits) > width:
        cut = last.rfind(" ")
        last = last[:cut].rstrip(" ") if cut > 0 else last[:-1]
    kept[-1] = last + ELLIPSIS
    return kept


def draw_rtl_paragraph(
    canvas: Canvas,
    text: str,
    x_right: float,
    y_top: float,
    width: float,
    font: str = FONT_REGULAR,
    size: float = 10,
    leading: float | None = None,
    *,
    persian_digits: bool = True,
    max_lines: int | None = None,
) -> float:
    """Draw ``text`` wrapped to ``width``, right-aligned at ``x_right``.

    ``y_top`` is the top of the first line box: its baseline is ``size``
    below it, and each further line is ``leading`` (default 1.6 × size)
    lower. ``\n`` starts a new paragraph. Returns the y just below the last
    line box (``y_top`` minus one leading per line), where the next block can
    start. With ``max_lines``, extra lines are cut and an ellipsis marks it.
    """
    if leading is None:
        leading = size * 1.6
    lines = wrap_logical(text, font, size, width, persian_digits=persian_digits)
    if max_lines is not None:
        lines = truncate_lines(lines, max_lines, font, size, width, persian_digits=persian_digits)
    for i, line in enumerate(lines):
        draw_rtl_line(
            canvas,
            line,
            x_right,
            y_top - size - i * leading,
            font,
            size,
            persian_digits=persian_digits,
        )
    return y_top - len(lines) * leading
