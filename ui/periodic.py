"""Work the app does by itself while it runs: the scheduled export and the automatic backup.

A timer asks ``tick`` every interval (and once shortly after login); a subclass says when
its work is ``due`` and ``begin``s it on a worker thread with ``run``. A failure is
told once by ``failed`` and not retried for half an hour, so a missing drive does not bring
an error at every tick.
"""

from __future__ import annotations

import datetime as dt
import weakref
from collections.abc import Callable
from typing import ClassVar

from PySide6.QtCore import QObject, QRunnable, QThreadPool, QTimer, Signal, SignalInstance

from app.errors import DadrasError

RETRY_AFTER = dt.timedelta(minutes=30)

Clock = Callable[[], dt.datetime]


def utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class PeriodicWork(QObject):
    failed = Signal(str)  # why the work failed (Persian)

    # Every schedule that is running, so that all can be stopped when the office is closed.
    _running: ClassVar[weakref.WeakSet[PeriodicWork]] = weakref.WeakSet()

    def __init__(
        self, parent: QObject | None, clock: Clock, every_ms: int, first_after_ms: int
    ) -> None:
        super().__init__(parent)
        self.clock = clock
        self.first_after_ms = first_after_ms
        self.task: QRunnable | None = None
        self.failed_at: dt.datetime | None = None
        self.timer = QTimer(self)
        self.timer.setInterval(every_ms)
        self.timer.timeout.connect(self.tick)

    def start(self) -> None:
        self.timer.start()
        QTimer.singleShot(self.first_after_ms, self, self._first_tick)
        PeriodicWork._running.add(self)

    def stop(self) -> None:
        self.timer.stop()
        PeriodicWork._running.discard(self)

    def _first_tick(self) -> None:
        if self.timer.isActive():  # not stopped meanwhile
            self.tick()

    @classmethod
    def stop_all(cls) -> None:
        """Stop every running schedule (the office's database is about to close)."""
        for work in list(cls._running):
            work.stop()

    def tick(self) -> None:
        now = self.clock()
        if not self.busy_or_waiting(now) and self.due(now):
            self.begin(now)

    def due(self, now: dt.datetime) -> bool:
        """Whether the work should run now (each kind of work says)."""
        return False

    def begin(self, now: dt.datetime) -> None:
        """Start the work: ``run`` a task on the pool."""

    def busy_or_waiting(self, now: dt.datetime) -> bool:
        """Running already, or failed less than half an hour ago."""
        waiting = self.failed_at is not None and now - self.failed_at < RETRY_AFTER
        return self.task is not None or waiting

    def run(self, task: QRunnable, finished: SignalInstance) -> None:
        finished.connect(self._done)
        self.task = task
        QThreadPool.globalInstance().start(task)

    def succeeded(self, outcome: object) -> None:
        """The work's result, on the UI thread."""

    def _done(self, outcome: object) -> None:
        self.task = None
        if isinstance(outcome, BaseException):
            self.failed_at = self.clock()
            text = outcome.message if isinstance(outcome, DadrasError) else str(outcome)
            self.failed.emit(text)
        else:
            self.failed_at = None
            self.succeeded(outcome)
