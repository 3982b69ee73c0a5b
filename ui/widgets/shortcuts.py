"""The window's own shortcuts come first, even from a text box.

A line edit claims some Ctrl+letter keys for its own editing on Linux (Ctrl+U deletes the
line, Ctrl+E goes to its end), so with the cursor in a search box those page shortcuts did
nothing. The filter below lets the window's menu shortcuts win there; every other key (and
every key in another window) still goes to the text box as before.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QApplication,
    QLineEdit,
    QPlainTextEdit,
    QTextEdit,
    QWidget,
)

__all__ = ["install_window_shortcuts_first", "key_sequence"]


def key_sequence(text: str) -> QKeySequence:
    """``"Ctrl+Return"`` as Qt's English key names, whatever the translation shows: parsed
    as native text, a translated name («Enter» for Return) would make Ctrl+Enter and
    Ctrl+Return one key, and two shortcuts on one key fire neither."""
    return QKeySequence.fromString(text, QKeySequence.SequenceFormat.PortableText)


_TEXT_INPUTS = (QLineEdit, QPlainTextEdit, QTextEdit, QAbstractSpinBox)


class _WindowShortcutsFirst(QObject):
    """Watches each text box of the window as it takes the focus (its own events only: an
    application-wide filter would run Python for every event of every widget)."""

    def __init__(self, window: QWidget, application: QApplication) -> None:
        super().__init__(window)
        self._window = window
        application.focusChanged.connect(self._focus_changed)

    def _focus_changed(self, _old: QWidget | None, new: QWidget | None) -> None:
        if isinstance(new, _TEXT_INPUTS) and new.window() is self._window:
            new.removeEventFilter(self)  # once per text box, however often it takes the focus
            new.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.ShortcutOverride or not isinstance(event, QKeyEvent):
            return False
        pressed = QKeySequence(event.keyCombination())
        if any(pressed in action.shortcuts() for action in self._window.actions()):
            event.ignore()  # not the text box's: the window's shortcut runs
            return True
        return False


def install_window_shortcuts_first(window: QWidget) -> None:
    """Let ``window``'s own action shortcuts run even while a text box in it has the focus."""
    application = QApplication.instance()
    if isinstance(application, QApplication):
        _WindowShortcutsFirst(window, application)
