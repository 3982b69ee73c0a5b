"""Windows sized for the screen they open on, and at the size the user left them.

Offices run Dadras on 1366×768 screens with a taskbar, which leaves about 1366×728: a
window sized for a larger screen would put its buttons below the taskbar. Every window and
dialog is therefore kept within the screen's free area when it opens, and one the user may
resize comes back at the size it had when it was last closed (on this computer, per user).
Each window class calls ``fit_to_screen(self)`` as it is built; message boxes and progress
dialogs are sized by their text and left alone.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QEvent, QObject, QSettings, QSize
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QMainWindow, QWidget

__all__ = ["fit_to_screen", "resize_within_screen", "use_settings_file"]

FRAME_WIDTH = 16  # the window manager's borders
FRAME_HEIGHT = 40  # and its title bar
_SIZED = "dadrasSized"  # a window's property: its size has been set once, on first showing
FITTED = "dadrasFitted"  # a window's property: ``fit_to_screen`` watches it
_GROUP = "window-sizes"
_settings_file: Path | None = None  # None: Qt's place for the user's settings


def use_settings_file(path: Path | None) -> None:
    """Keep the sizes in ``path`` (an INI file) rather than in the user's settings."""
    global _settings_file
    _settings_file = path


def _settings() -> QSettings:
    if _settings_file is not None:
        return QSettings(str(_settings_file), QSettings.Format.IniFormat)
    return QSettings(QSettings.Format.IniFormat, QSettings.Scope.UserScope, "Dadras", "windows")


def _free_area(widget: QWidget) -> QSize | None:
    screen = widget.screen() or QGuiApplication.primaryScreen()
    if screen is None:
        return None
    area = screen.availableGeometry()
    return QSize(area.width() - FRAME_WIDTH, area.height() - FRAME_HEIGHT)


def _within(widget: QWidget, width: int, height: int) -> QSize:
    free = _free_area(widget)
    if free is not None:
        width, height = min(width, free.width()), min(height, free.height())
    return QSize(max(width, widget.minimumWidth()), max(height, widget.minimumHeight()))


def resize_within_screen(widget: QWidget, width: int, height: int) -> None:
    """Resize ``widget`` to ``width`` × ``height``, or smaller where the screen's free area
    (without its taskbar) would not show the whole window with its frame."""
    widget.resize(_within(widget, width, height))


def _resizable(widget: QWidget) -> bool:
    return widget.minimumSize() != widget.maximumSize()


def _key(widget: QWidget) -> str:
    return widget.objectName() or type(widget).__name__


class _WindowSizes(QObject):
    """Watches the windows handed to ``fit_to_screen`` (their own events only: an
    application-wide filter would run Python for every event of every widget)."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind == QEvent.Type.Show and isinstance(watched, QWidget) and watched.isWindow():
            self._showing(watched)
        elif kind == QEvent.Type.Hide and isinstance(watched, QWidget) and watched.property(_SIZED):
            self._hiding(watched)
        return False

    def _showing(self, window: QWidget) -> None:
        if window.property(_SIZED):
            return
        window.setProperty(_SIZED, True)
        settings = _settings()
        saved = settings.value(f"{_GROUP}/{_key(window)}")
        size = saved if isinstance(saved, QSize) and saved.isValid() else window.size()
        if not _resizable(window):
            size = window.size()
        window.resize(_within(window, size.width(), size.height()))
        if settings.value(f"{_GROUP}/{_key(window)}-maximized") in (True, "true"):
            window.showMaximized()

    def _hiding(self, window: QWidget) -> None:
        if not _resizable(window):
            return
        settings = _settings()
        maximized = window.isMaximized()
        size = window.normalGeometry().size() if maximized else window.size()
        settings.setValue(f"{_GROUP}/{_key(window)}", size)
        if isinstance(window, QMainWindow):
            settings.setValue(f"{_GROUP}/{_key(window)}-maximized", maximized)


def fit_to_screen(window: QWidget) -> None:
    """Fit ``window`` (a dialog or main window, as it is built) into the screen's free area
    when it first shows, at the size it was last closed at; note that size as it closes."""
    application = QApplication.instance()
    watcher = application.findChild(_WindowSizes) if application is not None else None
    if watcher is None:
        watcher = _WindowSizes(application)
    window.installEventFilter(watcher)
    window.setProperty(FITTED, True)
