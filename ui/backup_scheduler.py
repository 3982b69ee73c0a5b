"""The automatic backup while the app runs.

Every ten minutes (and half a minute after login) the scheduler asks whether a backup is
due by the office's plan (``app.backup.automatic_due``) and, if so, makes it on a worker
thread as the system itself. A failure is told once and not retried for half an hour, so a
missing drive does not bring an error every ten minutes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import QObject, QThreadPool, QTimer, Signal

from app.errors import DadrasError

TICK_MS = 10 * 60_000
FIRST_TICK_MS = 30_000
RETRY_AFTER = dt.timedelta(minutes=30)

Clock = Callable[[], dt.datetime]


def _utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class BackupScheduler(QObject):
    backed_up = Signal(object)  # app.backup.BackupFile
    failed = Signal(str)  # why (Persian)

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
        from app import backup

        now = self.clock()
        waiting = self.failed_at is not None and now - self.failed_at < RETRY_AFTER
        if self.task is not None or waiting:
            return
        try:
            due = backup.automatic_due(now, backup.plan(), backup.last_automatic())
        except DadrasError:
            return
        if due:
            self._start(now)

    def _start(self, now: dt.datetime) -> None:
        from app import backup
        from ui.widgets.background import WorkTask

        task = WorkTask(lambda: backup.run_automatic(now))
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
            self.backed_up.emit(outcome)
