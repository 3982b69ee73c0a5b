"""UI fixtures: a context for the main window, a silenced message box, the configured app."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from app import office
from app.permissions import Session
from ui.context import UiContext


def type_into(widget: QWidget, text: str) -> None:
    """Type ``text`` key by key, Persian letters included.

    ``QTest.keyClicks`` only knows ASCII (it aborts the process on anything else), so each
    character is sent as the press/release pair a Persian keyboard layout produces.
    """
    for char in text:
        key = ord(char.upper()) if char.isascii() else ord(char)
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(
                widget, QKeyEvent(kind, key, Qt.KeyboardModifier.NoModifier, char)
            )


@pytest.fixture
def type_text():  # type: ignore[no-untyped-def]
    """``type_text(widget, "متن")``: type into a widget like a user (any script)."""
    return type_into


@pytest.fixture
def ui_context(db_path: Path):  # type: ignore[no-untyped-def]
    """A factory: ``ui_context(session)`` -> the UiContext the main window and pages take."""

    def factory(session: Session) -> UiContext:
        info = office.office_info()
        assert info is not None
        return UiContext(session, info, db_path)

    return factory


@pytest.fixture
def message_boxes(monkeypatch: pytest.MonkeyPatch) -> list[QMessageBox]:
    """Message boxes are recorded instead of blocking the test in ``exec``."""
    shown: list[QMessageBox] = []

    def fake_exec(box: QMessageBox) -> int:
        shown.append(box)
        return int(QMessageBox.StandardButton.Ok)

    monkeypatch.setattr(QMessageBox, "exec", fake_exec)
    return shown


@pytest.fixture
def rtl_app(qapp: QApplication) -> Iterator[QApplication]:
    """The application in right-to-left layout, as Dadras runs; restored afterwards."""
    before = qapp.layoutDirection()
    qapp.setLayoutDirection(Qt.LayoutDirection.RightToLeft)
    yield qapp
    qapp.setLayoutDirection(before)
