"""Running a task on the thread pool behind a progress dialog."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QRunnable, QThreadPool, SignalInstance
from PySide6.QtWidgets import QProgressDialog


def start_with_progress(
    task: QRunnable,
    finished: SignalInstance,
    dialog: QProgressDialog,
    done: Callable[[object], None],
) -> None:
    """Start ``task``; when it emits ``finished(outcome)`` the dialog goes and ``done`` runs
    (on the UI thread: the signal's object lives there)."""

    def on_finished(outcome: object) -> None:
        dialog.reset()
        dialog.deleteLater()
        done(outcome)

    finished.connect(on_finished)
    QThreadPool.globalInstance().start(task)
