"""Work behind a progress dialog: its outcome reaches the page that asked, and nothing
breaks when that page has gone before the work ends."""

from __future__ import annotations

import threading

from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot
from shiboken6 import isValid

from ui.widgets.background import run_with_progress


def test_the_outcome_reaches_the_page(qtbot: QtBot) -> None:
    page = QWidget()
    qtbot.addWidget(page)
    outcomes: list[object] = []
    task = run_with_progress(page, "…", lambda: 42, outcomes.append, name="work")
    qtbot.waitUntil(lambda: outcomes == [42])
    assert task is not None


def test_a_page_closed_before_its_work_ends_is_left_alone(qtbot: QtBot) -> None:
    """The page (and its progress dialog) is deleted while the worker runs: the outcome is
    dropped quietly, not a traceback about a deleted dialog on the console."""
    page = QWidget()
    release = threading.Event()
    outcomes: list[object] = []
    task = run_with_progress(
        page, "…", lambda: release.wait(10) and 42, outcomes.append, name="work"
    )
    finished: list[object] = []
    task.signals.finished.connect(finished.append)
    page.deleteLater()
    qtbot.waitUntil(lambda: not isValid(page))
    release.set()
    qtbot.waitUntil(lambda: finished == [42])
    qtbot.wait(20)
    assert outcomes == []
