"""Scheduled export while the app runs, and the reminder the main window shows.

Every minute (and a few seconds after login) the scheduler reads the sync status: it passes
the reminders on, and when the schedule says an export is due and the destination is there,
it writes the package on a worker thread as the system itself. A failed scheduled export is
not retried for half an hour, so a missing drive does not bring an error every minute; the
reminder says what is wrong meanwhile. The sync modules are imported on the first tick, not
at start-up.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import QObject, QThreadPool, QTimer, Signal

from app.errors import DadrasError

TICK_MS = 60_000
FIRST_TICK_MS = 5_000
RETRY_AFTER = dt.timedelta(minutes=30)

Clock = Callable[[], dt.datetime]


def _utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class ExportScheduler(QObject):
    reminders_changed = Signal(list)  # Persian texts; empty when all is well
    exported = Signal(object)  # ExportResult of a scheduled export
    failed = Signal(str)  # why a scheduled export failed (Persian)

    def __init__(self, parent: QObject | None = None, clock: Clock = _utc_now) -> None:
        super().__init__(parent)
        self.clock = clock
        self.task: object | None = None
        self.failed_at: dt.datetime | None = None
        self.timer = QTimer(self)
        self.timer.setInterval(TICK_MS)
        self.timer.timeout.connect(self.tick)

    def start(self) -> None:
        self.timer.start()
        QTimer.singleShot(FIRST_TICK_MS, self, self.tick)

    def stop(self) -> None:
        self.timer.stop()

    def tick(self) -> None:
        from app.sync.status import sync_status

        now = self.clock()
        try:
            status = sync_status(now)
        except DadrasError as exc:  # an office not set up yet, say
            self.reminders_changed.emit([exc.message])
            return
        self.reminders_changed.emit(status.reminders)
        waiting = self.failed_at is not None and now - self.failed_at < RETRY_AFTER
        if not status.due or not status.ready_to_export or self.task is not None or waiting:
            return
        assert status.destination is not None
        self._start(status.destination)

    def _start(self, folder: object) -> None:
        from pathlib import Path

        from ui.pages.sync import ExportTask

        task = ExportTask(None, Path(str(folder)))
        task.signals.finished.connect(self._done)
        self.task = task
        QThreadPool.globalInstance().start(task)

    def _done(self, outcome: object) -> None:
        self.task = None
        if isinstance(outcome, BaseException):
            self.failed_at = self.clock()
            text = outcome.message if isinstance(outcome, DadrasError) else str(outcome)
            self.failed.emit(text)
        else:
            self.failed_at = None
            self.exported.emit(outcome)
        self.tick()
