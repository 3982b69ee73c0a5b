"""Every window fits the screen when it opens, and comes back at the size it was left."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QDialog, QMessageBox
from pytestqt.qtbot import QtBot

from ui.screen_fit import FRAME_HEIGHT, FRAME_WIDTH, fit_to_screen


def _dialog(qtbot: QtBot, name: str = "someDialog") -> QDialog:
    dialog = QDialog()
    fit_to_screen(dialog)
    dialog.setObjectName(name)
    qtbot.addWidget(dialog)
    return dialog


def test_a_dialog_taller_than_the_screen_is_fitted_as_it_opens(qtbot: QtBot) -> None:
    dialog = _dialog(qtbot)
    dialog.resize(3000, 3000)  # as a dialog sized for a larger screen would
    dialog.show()
    qtbot.waitExposed(dialog)
    area = dialog.screen().availableGeometry()
    assert dialog.width() <= area.width() - FRAME_WIDTH
    assert dialog.height() <= area.height() - FRAME_HEIGHT


def test_a_dialog_comes_back_at_the_size_it_was_closed(qtbot: QtBot, window_sizes: Path) -> None:
    first = _dialog(qtbot)
    first.resize(400, 300)
    first.show()
    qtbot.waitExposed(first)
    first.resize(520, 410)  # the user drags its corner
    first.close()
    assert window_sizes.exists()
    again = _dialog(qtbot)
    again.resize(400, 300)  # its built-in size
    again.show()
    qtbot.waitExposed(again)
    assert (again.width(), again.height()) == (520, 410)
    other = _dialog(qtbot, "anotherDialog")  # each window has its own size
    other.resize(400, 300)
    other.show()
    assert (other.width(), other.height()) == (400, 300)


def test_a_fixed_size_dialog_and_a_message_keep_their_own_size(qtbot: QtBot) -> None:
    fixed = _dialog(qtbot, "fixedDialog")
    fixed.setFixedSize(300, 200)
    fixed.show()
    fixed.close()
    box = QMessageBox(QMessageBox.Icon.Information, "", "پیام")
    qtbot.addWidget(box)
    box.show()
    box.close()
    assert fixed.size().width() == 300
    assert box.property("dadrasSized") is None
