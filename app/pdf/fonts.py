"""Fonts for the PDFs Dadras renders with reportlab.

The fonts come from the ``fontpkg-amiri`` pip package (DESIGN §3: fonts are not
copied into the repository). Amiri is used rather than Noto Sans Arabic because
the Noto package ships a variable font, which reportlab does not handle well.

``register_fonts()`` is idempotent and thread-safe; every renderer calls it
before drawing.
"""

from __future__ import annotations

import threading
from functools import cache
from pathlib import Path

import fontpkg_amiri
from reportlab import rl_config
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

__all__ = [
    "FONT_BOLD",
    "FONT_REGULAR",
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

_lock = threading.Lock()
_registered = False


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
                pdfmetrics.registerFont(TTFont(name, str(font_path(name))))
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
