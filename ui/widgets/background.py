"""Running work on the thread pool behind a progress dialog."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, Signal, SignalInstance
from PySide6.QtWidgets import QProgressDialog, QWidget
from shiboken6 import isValid

from app import database
from app.errors import DadrasError
from ui.errors import show_error


def start_with_progress(
    task: QRunnable,
    finished: SignalInstance,
    dialog: QProgressDialog,
    done: Callable[[object], None],
) -> None:
    """Start ``task``; when it emits ``finished(outcome)`` the dialog goes and ``done`` runs
    (on the UI thread: the signal's object lives there)."""

    def on_finished(outcome: object) -> None:
        if not isValid(dialog):  # the page that asked has gone, its dialog with it
            return
        dialog.reset()
        dialog.deleteLater()
        done(outcome)

    finished.connect(on_finished)
    QThreadPool.globalInstance().start(task)


class _Signals(QObject):
    finished = Signal(object)  # what the work returned, or the exception it raised


class WorkTask(QRunnable):
    """A function on a worker thread (its own database connection); its result, or the
    exception, comes back by signal."""

    def __init__(self, work: Callable[[], object]) -> None:
        super().__init__()
        self.work = work
        self.signals = _Signals()

    def run(self) -> None:
        try:
            outcome = self.work()
        except Exception as exc:  # shown on the UI thread
            outcome = exc
        finally:
            _close_connection()
        self.signals.finished.emit(outcome)


def _close_connection() -> None:
    database.close_thread_connection()


def run_with_progress(
    parent: QWidget | None,
    text: str,
    work: Callable[[], object],
    done: Callable[[object], None],
    *,
    name: str,
    after_ms: int = 500,
) -> WorkTask:
    """Start ``work`` with a modal progress dialog that shows after ``after_ms`` and cannot
    be cancelled; the caller keeps the returned task until ``done`` runs (its signals object
    must outlive the worker's emission)."""
    dialog = QProgressDialog(text, "", 0, 0, parent)
    dialog.setObjectName(name)
    dialog.setCancelButton(None)
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.setMinimumDuration(after_ms)
    task = WorkTask(work)
    start_with_progress(task, task.signals.finished, dialog, done)
    return task


class LatestOnly(QObject):
    """Work started again and again (a count after each search): each run goes to the thread
    pool and only the latest start's outcome (its result, or the exception it raised) is
    ``delivered``, on the UI thread; what an earlier start answers is out of date."""

    delivered = Signal(object)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._latest = 0
        self._running: dict[int, WorkTask] = {}  # alive until their workers have emitted

    def start(self, work: Callable[[], object]) -> None:
        self._latest += 1
        generation = self._latest

        def tagged() -> tuple[int, object]:
            try:
                return generation, work()
            except Exception as exc:  # delivered to the page, which shows it
                return generation, exc

        task = WorkTask(tagged)
        self._running[generation] = task
        task.signals.finished.connect(self._finished)  # a method: queued to this thread
        QThreadPool.globalInstance().start(task)

    def forget(self) -> None:
        """Drop the outcome of the work already started: what it answers has changed."""
        self._latest += 1

    def busy(self) -> bool:
        return bool(self._running)

    def _finished(self, outcome: tuple[int, object]) -> None:
        generation, value = outcome
        self._running.pop(generation, None)
        if generation == self._latest:
            self.delivered.emit(value)


class FollowingCount(QObject):
    """How many rows a search matches, counted on a worker thread after its first rows are
    on screen: ``start`` shows ``waiting`` at once, and the figure (by ``text``) or the
    error's message replaces it; ``counted`` says it is on screen."""

    counted = Signal()

    def __init__(
        self,
        show: Callable[[str, bool], None],
        text: Callable[[object], str],
        parent: QWidget,
    ) -> None:
        super().__init__(parent)
        self._show, self._text, self._parent = show, text, parent
        self._runner = LatestOnly(self)
        self._runner.delivered.connect(self._delivered)

    def start(self, work: Callable[[], object], waiting: str) -> None:
        self._show(waiting, False)
        self._runner.start(work)

    def forget(self) -> None:
        """A count still on its way is for a search that has been replaced."""
        self._runner.forget()

    def busy(self) -> bool:
        return self._runner.busy()

    def _delivered(self, value: object) -> None:
        if isinstance(value, DadrasError):
            self._show(value.message, True)
        elif isinstance(value, BaseException):
            show_error(self._parent, value)
        else:
            self._show(self._text(value), False)
        self.counted.emit()
