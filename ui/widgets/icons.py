"""The window's icons: one set, Material Design Icons (through qtawesome), named by meaning.

Pages ask for an icon by what it stands for (``icon("print")``, ``icon("boxes")``), never by
glyph, so one meaning looks the same on every page and a glyph is changed in one place.

Only the Material Design font is loaded (qtawesome's own ``qta.icon`` would check and load
its dozen bundled fonts first), and only when ``load()`` or the first icon asks for it: the
application loads it while the login dialog waits for the password, a step of its own
before the main window is built, so neither start-up nor typing waits for it.

Right to left: Qt does not mirror an icon's picture. A glyph whose arrow means a direction
along the line (back, forward, undo, sending on) is drawn mirrored while the application
runs right to left, so "back" points right and a referral goes left, the way Persian reads.
Glyphs that show no direction along the line (a clock's arrow, up and down) stay as drawn.
"""

from __future__ import annotations

import logging
from typing import Any

from PySide6.QtCore import QPoint, QRect, QSize, Qt
from PySide6.QtGui import QColor, QGuiApplication, QIcon, QIconEngine, QPainter, QPixmap

__all__ = ["GLYPHS", "MIRRORED", "PREFIX", "glyph_names", "icon", "load"]

PREFIX = "mdi6"
_FONT = (
    PREFIX,
    "materialdesignicons6-webfont-6.9.96.ttf",
    "materialdesignicons6-webfont-charmap-6.9.96.json",
)

COLOR = "#1f5f8b"  # the office blue of the style sheet (resources/style.qss)
SELECTED_COLOR = "#ffffff"  # on the navigation's selected row

# What each icon means, and the glyph that shows it.
GLYPHS: dict[str, str] = {
    # the pages of the side navigation
    "registration": "file-document-edit",
    "complaints": "folder-search",
    "box_entry": "mailbox-open-up",
    "referrals": "share",
    "secretariat": "book-open-page-variant",
    "reports": "chart-bar",
    "users": "account-group",
    "units": "office-building",
    "boxes": "mailbox",
    "categories": "tag-multiple",
    "calendar": "calendar-star",
    "letters": "stamper",
    "sync": "package-up",
    "backup": "backup-restore",
    # actions
    "add": "plus",
    "edit": "pencil",
    "print": "printer",
    "save_pdf": "file-pdf-box",
    "preview": "file-eye",
    "save": "content-save",
    "copy": "content-copy",
    "clear": "eraser",
    "register": "check-bold",
    "search": "magnify",
    "refresh": "refresh",
    "open_complaint": "folder-open",
    "remind": "bell-ring",
    "escalate": "account-arrow-up",
    "void": "file-cancel",
    "reset_password": "lock-reset",
    "import_scans": "file-import",
    "scan": "scanner",
    "enter_pages": "keyboard",
    "back_up": "database-export",
    "restore": "database-import",
    "export": "package-up",
    "import": "package-down",
    "settings": "cog",
    "close_day": "calendar-remove",
    "open_day": "calendar-check",
    "undo": "undo",
    "back": "arrow-left",
    "contents": "table-of-contents",
    # messages
    "information": "information-outline",
}

# Glyphs that point along the line: mirrored in a right-to-left layout.
MIRRORED = frozenset({"share", "file-import", "undo", "arrow-left", "table-of-contents"})

_log = logging.getLogger(__name__)
_font: Any = None  # qtawesome's IconicFont, loaded on first use; False if it cannot be
_cache: dict[tuple[str, bool], QIcon] = {}


def _iconic() -> Any:
    """The icon font, or None when it cannot be loaded (a damaged installation): the window
    then works without icons, and the reason goes to the log."""
    global _font
    if _font is None:
        try:
            from qtawesome.iconic_font import IconicFont

            _font = IconicFont(_FONT)
        except Exception:
            _log.warning("the icon font could not be loaded; icons are left out", exc_info=True)
            _font = False
    return _font or None


def load() -> None:
    """Load the icon font now (qtawesome, QtPy and the font take a moment), not with the first
    icon: the application does it on its own while the login dialog waits."""
    _iconic()


def right_to_left() -> bool:
    return QGuiApplication.layoutDirection() == Qt.LayoutDirection.RightToLeft


def icon(meaning: str) -> QIcon:
    """The icon for ``meaning`` (a key of ``GLYPHS``), mirrored if it points along the line
    and the application runs right to left."""
    glyph = GLYPHS[meaning]
    mirrored = glyph in MIRRORED and right_to_left()
    key = (glyph, mirrored)
    if key not in _cache:
        font = _iconic()
        if font is None:
            return QIcon()
        options: dict[str, Any] = {"color": QColor(COLOR), "color_selected": SELECTED_COLOR}
        drawn = font.icon(f"{PREFIX}.{glyph}", **options)
        _cache[key] = QIcon(_MirroredEngine(drawn)) if mirrored else drawn
    return QIcon(_cache[key])


class _MirroredEngine(QIconEngine):
    """An icon drawn mirrored left to right, wherever it is painted.

    Not qtawesome's ``hflip``: it mirrors about the middle of a rectangle at the origin, so
    an icon painted straight into a list row (a rectangle away from the origin) lands
    outside the row and is not seen; only pixmaps, drawn at the origin, came out right.
    """

    def __init__(self, icon: QIcon) -> None:
        super().__init__()
        self._icon = icon

    def paint(self, painter: QPainter, rect: QRect, mode: QIcon.Mode, state: QIcon.State) -> None:
        painter.save()
        painter.translate(2 * rect.x() + rect.width(), 0)  # x -> left + right - x
        painter.scale(-1, 1)
        self._icon.paint(painter, rect, Qt.AlignmentFlag.AlignCenter, mode, state)
        painter.restore()

    def pixmap(self, size: QSize, mode: QIcon.Mode, state: QIcon.State) -> QPixmap:
        pixmap = QPixmap(size)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        self.paint(painter, QRect(QPoint(0, 0), size), mode, state)
        painter.end()
        return pixmap

    def clone(self) -> QIconEngine:
        return _MirroredEngine(self._icon)


def glyph_names() -> set[str]:
    """Every glyph name the Material Design font has (none if it could not be loaded)."""
    font = _iconic()
    return set(font.charmap[PREFIX]) if font is not None else set()
