"""Fonts for the PDFs Dadras renders with reportlab.

The fonts come from the ``fontpkg-amiri`` pip package (fonts are not copied into the
repository; architecture: Letters and printing). Amiri is used rather than Noto Sans Arabic because
the Noto package ships a variable font, which reportlab does not handle well.

Text copied out of a PDF comes from each font's ToUnicode map, which reportlab
writes from the characters drawn. Letters are drawn as their contextual
(presentation) forms and brackets in a right-to-left run as their mirror image,
so ``ReadableTTFont`` writes a map that gives back the letters and brackets as
typed: a presentation form reads as its plain letter (a lam-alef ligature as its
two letters), a mirrored bracket as the bracket typed, and the zero-width
joiners draw nothing but are still there to copy.

``register_fonts()`` is idempotent and thread-safe; every renderer calls it
before drawing.
"""

from __future__ import annotations

import threading
import unicodedata
from functools import cache
from pathlib import Path
from typing import Any

import fontpkg_amiri
from reportlab import rl_config
from reportlab.pdfbase import pdfmetrics, ttfonts
from reportlab.pdfbase.ttfonts import TTFont

__all__ = [
    "FONT_BOLD",
    "FONT_REGULAR",
    "LAM_ALEF_DRAWN",
    "MIRRORED_DRAWN",
    "SEEN_AS",
    "ReadableTTFont",
    "font_cmap",
    "font_path",
    "register_fonts",
]

FONT_REGULAR = "Dadras-Amiri"
FONT_BOLD = "Dadras-Amiri-Bold"
FAMILY = "Dadras-Amiri-Family"

_FILES: dict[str, str] = {
    FONT_REGULAR: "Amiri-Regular.ttf",
    FONT_BOLD: "Amiri-Bold.ttf",
}

ZERO_WIDTH_JOINERS = ("\u200c", "\u200d")  # ZWNJ and ZWJ
# Brackets and quotes whose mirror image the font has. In a right-to-left run each is
# drawn with a private-use code point of its own: that code draws the mirror glyph
# and reads back, copied, as the character typed.
_MIRROR_PAIRS = "()<>[]{}\u00ab\u00bb\u2039\u203a"
_MIRROR_OF = {
    _MIRROR_PAIRS[i]: _MIRROR_PAIRS[i + 1 - 2 * (i % 2)] for i in range(len(_MIRROR_PAIRS))
}
_FIRST_PRIVATE = 0xE000
MIRRORED_DRAWN = {ch: chr(_FIRST_PRIVATE + i) for i, ch in enumerate(_MIRROR_PAIRS)}
# A lam-alef ligature is one glyph for two letters. Readers reverse a two-letter reading
# of one right-to-left glyph (and copy «ال» for «لا»), so the ligature reads as its lam
# and a blank glyph without width, drawn just left of it, reads as its alef.
_LAM_ALEF_FORMS = range(0xFEF5, 0xFEFD)
_ALEFS = "\u0622\u0623\u0625\u0627"  # آ أ إ ا
_ALEF_DRAWN = {alef: chr(_FIRST_PRIVATE + len(_MIRROR_PAIRS) + i) for i, alef in enumerate(_ALEFS)}
LAM_ALEF_DRAWN = {
    chr(form): _ALEF_DRAWN[unicodedata.normalize("NFKC", chr(form))[1]] + chr(form)
    for form in _LAM_ALEF_FORMS
}
_TEXT_OF_PRIVATE = {
    drawn: typed for typed, drawn in (*MIRRORED_DRAWN.items(), *_ALEF_DRAWN.items())
}
# The character whose glyph each private code point draws ("" for a blank one).
SEEN_AS = {
    **{drawn: _MIRROR_OF[typed] for typed, drawn in MIRRORED_DRAWN.items()},
    **{drawn: "" for drawn in _ALEF_DRAWN.values()},
}

_lock = threading.Lock()
_registered = False


def _copied_text(code_point: int) -> str:
    """What a reader gets when it copies the glyph drawn for ``code_point``."""
    ch = chr(code_point)
    typed = _TEXT_OF_PRIVATE.get(ch)
    if typed is not None:
        return typed
    if code_point in _LAM_ALEF_FORMS:
        return "\u0644"  # lam; its alef is drawn apart (see LAM_ALEF_DRAWN)
    if 0xFB50 <= code_point <= 0xFDFF or 0xFE70 <= code_point <= 0xFEFF:
        return unicodedata.normalize("NFKC", ch)  # a contextual form: its plain letter
    return ch


def _to_unicode_cmap(font_name: str, subset: list[int]) -> str:
    entries = "\n".join(
        f"<{code:02X}> <{_copied_text(cp).encode('utf-16-be').hex().upper()}>"
        for code, cp in enumerate(subset)
    )
    return "\n".join(
        [
            "/CIDInit /ProcSet findresource begin",
            "12 dict begin",
            "begincmap",
            f"/CIDSystemInfo << /Registry ({font_name}) /Ordering ({font_name})",
            "/Supplement 0 >> def",
            f"/CMapName /{font_name} def",
            "/CMapType 2 def",
            "1 begincodespacerange",
            f"<00> <{len(subset) - 1:02X}>",
            "endcodespacerange",
            f"{len(subset)} beginbfchar",
            entries,
            "endbfchar",
            "endcmap",
            "CMapName currentdict /CMap defineresource pop",
            "end",
            "end",
        ]
    )


class ReadableTTFont(TTFont):  # type: ignore[misc]  # reportlab has no type hints
    """A TrueType font whose drawn text copies out as typed (see the module notes)."""

    def __init__(self, name: str, filename: str) -> None:
        super().__init__(name, filename)
        face = self.face
        blank = face.charToGlyph[ord(" ")]
        for joiner in ZERO_WIDTH_JOINERS:  # Amiri draws a visible mark for them
            face.charToGlyph[ord(joiner)] = blank
            face.charWidths[ord(joiner)] = 0
        for typed, drawn in MIRRORED_DRAWN.items():
            mirror = ord(_MIRROR_OF[typed])
            face.charToGlyph[ord(drawn)] = face.charToGlyph[mirror]
            face.charWidths[ord(drawn)] = face.charWidths[mirror]
        for drawn in _ALEF_DRAWN.values():
            face.charToGlyph[ord(drawn)] = blank
            face.charWidths[ord(drawn)] = 0

    def addObjects(self, doc: Any) -> None:
        # reportlab writes each subset's ToUnicode map as it adds the font's objects;
        # the subsets are read first (it forgets them), the maps are rewritten after.
        state = self.state.get(doc)
        subsets = [list(subset) for subset in state.subsets] if state else []
        super().addObjects(doc)
        for number, subset in enumerate(subsets):
            base_name = b"".join(
                (ttfonts.SUBSETN(number), b"+", self.face.name, self.face.subfontNameX)
            ).decode("pdfdoc")
            stream = doc.idToObject.get("toUnicodeCMap:" + base_name)
            if stream is not None:
                stream.content = _to_unicode_cmap(base_name, subset)


def font_path(font_name: str) -> Path:
    """The TTF file behind one of the font name constants."""
    try:
        filename = _FILES[font_name]
    except KeyError:
        raise ValueError(f"unknown Dadras font: {font_name!r}") from None
    return Path(fontpkg_amiri.ROOT) / "files" / filename


def register_fonts() -> None:
    """Register the Amiri faces with reportlab (once per process)."""
    global _registered
    if _registered:
        return
    with _lock:
        if _registered:
            return
        # Binary streams: ASCII85 only made every PDF a quarter larger and slower to write.
        rl_config.useA85 = 0
        registered = set(pdfmetrics.getRegisteredFontNames())
        for name in _FILES:
            if name not in registered:
                pdfmetrics.registerFont(ReadableTTFont(name, str(font_path(name))))
        pdfmetrics.registerFontFamily(
            FAMILY,
            normal=FONT_REGULAR,
            bold=FONT_BOLD,
            italic=FONT_REGULAR,
            boldItalic=FONT_BOLD,
        )
        _registered = True


@cache
def font_cmap(font_name: str) -> frozenset[int]:
    """Code points the registered TTF font has a glyph for.

    Text is filtered against this set before drawing, so a character the font
    lacks (emoji, CJK…) never becomes a blank box or an error.
    """
    register_fonts()
    font = pdfmetrics.getFont(font_name)
    face = getattr(font, "face", None)
    char_to_glyph = getattr(face, "charToGlyph", None)
    if not isinstance(char_to_glyph, dict):
        # A standard Type 1 font (Helvetica…): only Latin-1 is safe.
        return frozenset(range(0x20, 0x7F)) | frozenset(range(0xA0, 0x100))
    return frozenset(int(cp) for cp in char_to_glyph)
