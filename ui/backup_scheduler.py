"""The automatic backup while the app runs: every ten minutes (and half a minute after
login) it asks whether a backup is due by the office's plan (``app.backup.automatic_due``)
and, if so, makes it on a worker thread as the system itself."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QObject, Signal

from app.errors import DadrasError
from ui.periodic import Clock, PeriodicWork, utc_now

TICK_MS = 10 * 60_000
FIRST_TICK_MS = 30_000


class BackupScheduler(PeriodicWork):
    backed_up = Signal(object)  # app.backup.BackupFile

    def __init__(self, parent: QObject | None = None, clock: Clock = utc_now) -> None:
        super().__init__(parent, clock, TICK_MS, FIRST_TICK_MS)

    def due(self, now: dt.datetime) -> bool:
        from app import backup

        try:
            return backup.automatic_due(now, backup.plan(), backup.last_automatic())
        except DadrasError:
            return False

    def begin(self, now: dt.datetime) -> None:
        from app import backup
        from ui.widgets.background import WorkTask

        task = WorkTask(lambda: backup.run_automatic(now))
        self.run(task, task.signals.finished)

    def succeeded(self, outcome: object) -> None:
        self.backed_up.emit(outcome)
