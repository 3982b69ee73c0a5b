"""Scheduled export while the app runs, and the reminder the main window shows.

Every minute (and a few seconds after login) the scheduler reads the sync status: it passes
the reminders on, and when the schedule says an export is due and the destination is there,
it writes the package on a worker thread as the system itself (``ui.periodic`` holds back a
failed one for half an hour; the reminder says what is wrong meanwhile). The sync modules
are imported on the first tick, not at start-up.
"""

from __future__ import annotations

import datetime as dt
import logging
from pathlib import Path

from PySide6.QtCore import QObject, Signal

from app.errors import DadrasError
from ui.periodic import RETRY_AFTER, Clock, PeriodicWork, utc_now

__all__ = ["RETRY_AFTER", "ExportScheduler"]

_log = logging.getLogger(__name__)
UNREADABLE = (
    "وضعیت ارسال به مرکز خوانده نشد: پایگاه داده در دسترس نیست؛ دقیقه‌ای دیگر دوباره بررسی می‌شود."
)
TICK_MS = 60_000
FIRST_TICK_MS = 5_000


class ExportScheduler(PeriodicWork):
    reminders_changed = Signal(list)  # Persian texts; empty when all is well
    exported = Signal(object)  # ExportResult of a scheduled export

    def __init__(
        self, parent: QObject | None = None, clock: Clock = utc_now, can_configure: bool = True
    ) -> None:
        super().__init__(parent, clock, TICK_MS, FIRST_TICK_MS)
        self.can_configure = can_configure  # the reminders of others say whom to ask
        self.destination: Path | None = None
        self.failed.connect(lambda _reason: self.tick())  # the reminders tell what is wrong

    def due(self, now: dt.datetime) -> bool:
        from app.sync.status import sync_status

        try:
            status = sync_status(now, can_configure=self.can_configure)
        except DadrasError as exc:  # an office not set up yet, say
            self.reminders_changed.emit([exc.message])
            return False
        except Exception as exc:  # the database unreachable or closed: a timer must not raise
            # The kind of failure only: a database error's text can quote the values it met.
            _log.warning("export schedule: sync status unreadable (%s)", type(exc).__name__)
            self.reminders_changed.emit([UNREADABLE])
            return False
        self.reminders_changed.emit(status.reminders)
        self.destination = Path(str(status.destination)) if status.destination else None
        return status.due and status.ready_to_export and self.destination is not None

    def tick(self) -> None:
        now = self.clock()
        due = self.due(now)  # the reminders are passed on at every tick
        if due and not self.busy_or_waiting(now):
            self.begin(now)

    def begin(self, now: dt.datetime) -> None:
        from ui.pages.sync import ExportTask

        assert self.destination is not None
        task = ExportTask(None, self.destination)
        self.run(task, task.signals.finished)

    def succeeded(self, outcome: object) -> None:
        self.exported.emit(outcome)
        self.tick()
