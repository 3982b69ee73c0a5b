"""The order in which Qt lays a text out on screen, to assert how mixed Persian and Latin
text reads.

``visual_order(text)`` lays ``text`` out as a right-to-left widget does (Qt's own text
layout, with the application's font) and returns its characters from the left edge to the
right edge, bidi controls left out. Persian words come out mirrored (their letters run right
to left on screen); a path kept whole comes out as written: ``/tmp/a``, not ``tmp/a/``.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QTextLayout, QTextOption
from PySide6.QtWidgets import QApplication

_CONTROLS = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def visual_order(text: str, direction: Qt.LayoutDirection = Qt.LayoutDirection.RightToLeft) -> str:
    """``text`` (one line) in screen order, left to right."""
    layout = QTextLayout(text, QFont(QApplication.font()))
    option = QTextOption()
    option.setTextDirection(direction)
    layout.setTextOption(option)
    layout.beginLayout()
    line = layout.createLine()
    line.setLineWidth(100_000)
    layout.endLayout()
    placed = []
    for index, char in enumerate(text):
        if char in _CONTROLS:
            continue
        runs = layout.glyphRuns(index, 1)
        if runs:
            left = min(run.boundingRect().left() for run in runs)
            right = max(run.boundingRect().right() for run in runs)
            placed.append(((left + right) / 2, index, char))
    return "".join(char for _x, _i, char in sorted(placed))


def mirrored(persian: str) -> str:
    """A Persian phrase as ``visual_order`` returns it (its letters right to left)."""
    return persian[::-1]
