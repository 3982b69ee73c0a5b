"""UI fixtures: the application as Dadras runs it (Persian, right to left), a context for the
main window, a silenced message box, typing in any script."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, QObject, Qt, QThreadPool
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QFileDialog,
    QMainWindow,
    QMessageBox,
    QWidget,
)

from app import office
from app.permissions import Session
from ui.application import create_application
from ui.context import UiContext
from ui.screen_fit import FITTED


@pytest.fixture(scope="session", autouse=True)
def persian_app(qapp: QApplication) -> QApplication:
    """pytest-qt's QApplication configured once like the real one, by the same function.

    The Persian translation (Dadras's and Qt's own), right-to-left layout, the Noto Sans
    Arabic font, the Persian locale and the style sheet: UI tests see and assert what the
    user sees.
    """
    app = create_application([])
    assert app is qapp
    assert app.layoutDirection() == Qt.LayoutDirection.RightToLeft
    return app


@pytest.fixture(autouse=True)
def window_sizes(tmp_path: Path) -> Iterator[Path]:
    """Each test starts with no remembered window sizes, kept out of the user's settings."""
    from ui import screen_fit

    path = tmp_path / "windows.ini"
    screen_fit.use_settings_file(path)
    yield path
    screen_fit.use_settings_file(None)


class _UnfittedWindows(QObject):
    """Notes every Dadras dialog or main window that shows without ``fit_to_screen``."""

    def __init__(self) -> None:
        super().__init__()
        self.names: list[str] = []

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            event.type() == QEvent.Type.Show
            and isinstance(watched, QDialog | QMainWindow)
            and type(watched).__module__.startswith("ui.")
            and not watched.property(FITTED)
        ):
            self.names.append(type(watched).__name__)
        return False


@pytest.fixture(autouse=True)
def every_window_fits(persian_app: QApplication) -> Iterator[None]:
    """Every window the tests open is one that fits the screen and remembers its size."""
    watcher = _UnfittedWindows()
    persian_app.installEventFilter(watcher)
    yield
    persian_app.removeEventFilter(watcher)
    assert not watcher.names, f"shown without fit_to_screen: {sorted(set(watcher.names))}"


@pytest.fixture(autouse=True)
def schedules_end_with_their_test() -> Iterator[None]:
    """A window's export and backup schedules stop with the test that made them: a timer left
    running would tick in a later test, perhaps on a worker with no database open."""
    from ui.periodic import PeriodicWork

    yield
    PeriodicWork.stop_all()


@pytest.fixture(autouse=True)
def no_blocking_file_dialog(monkeypatch: pytest.MonkeyPatch) -> None:
    """A file dialog a test forgot to answer fails the test instead of waiting forever."""

    def refuse(dialog: object) -> int:
        raise AssertionError("a file dialog was opened and nobody answered it")

    monkeypatch.setattr(QFileDialog, "exec", refuse)


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
def type_text():
    """``type_text(widget, "متن")``: type into a widget like a user (any script)."""
    return type_into


@pytest.fixture
def ui_context(db_path: Path):
    """A factory: ``ui_context(session)`` -> the UiContext the main window and pages take."""

    def factory(session: Session) -> UiContext:
        info = office.office_info()
        assert info is not None
        return UiContext(session, info, db_path)

    yield factory
    # Before the test's database goes: main windows are closed (their export schedule
    # stops ticking), and a count or report still running on the thread pool ends.
    from ui.main_window import MainWindow

    for widget in QApplication.topLevelWidgets():
        if isinstance(widget, MainWindow):
            widget.close()
    QThreadPool.globalInstance().waitForDone(30_000)


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
def show_page(qtbot, ui_context):
    """``show_page(PageClass, session)``: the page, shown; alive until the test ends.

    A page freed by Python while a dialog of its is waiting for ``deleteLater`` (a preview
    just closed) crashes PySide, so the pages are kept here, not only in the test's locals.
    """
    pages: list[QWidget] = []

    def factory(page_class, session: Session) -> QWidget:
        page = page_class(ui_context(session))
        pages.append(page)
        qtbot.addWidget(page)
        page.resize(1146, 688)
        page.show()
        qtbot.waitExposed(page)
        return page  # type: ignore[no-any-return]

    yield factory
    pages.clear()
