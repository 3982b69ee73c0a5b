"""Cold-start driver for bench_foundation.py: run in a fresh process, print timestamps, quit.

    python coldstart_driver.py bare
        shows a bare PySide6 QMainWindow (the floor any Qt app pays).
    python coldstart_driver.py dadras DB USERNAME PASSWORD
        runs the real ``dadras --db DB`` start-up; the login dialog is shown and runs its event
        loop for TYPING_SECONDS, as it would while a person types, then this script fills it in
        and accepts it, and quits once the main window is up.

Each event is printed as ``BENCH <name> <time.time()>`` so the parent can subtract its own
start time. ``login_shown`` is reported once the dialog has been painted (the first
``processEvents`` after ``show`` delivers its expose and paint events). ``typing_seconds``
(the person's share) and ``login_seconds`` (verifying the password: Argon2 is slow on
purpose) are left out of the start-up figure by the parent.
"""

from __future__ import annotations

import os
import sys
import time
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

# A quick typist needs about a second for a user name and a password.
TYPING_SECONDS = 1.0


def report(name: str, value: float | None = None) -> None:
    print(f"BENCH {name} {time.time() if value is None else value:.6f}", flush=True)


def quit_when_shown(window: Any) -> None:
    """Report once the event loop has run with ``window`` visible, then leave the loop."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    def done() -> None:
        if window.isVisible():
            report("main_window_shown")
        QApplication.quit()

    QTimer.singleShot(0, done)


def bare() -> int:
    from PySide6.QtWidgets import QApplication, QMainWindow

    app = QApplication(sys.argv[:1])
    window = QMainWindow()
    window.setWindowTitle("bare")
    window.show()
    quit_when_shown(window)
    return app.exec()


def dadras(db: str, username: str, password: str) -> int:
    from PySide6.QtCore import QEventLoop, QTimer
    from PySide6.QtWidgets import QApplication, QDialog

    import ui.login
    from ui.launcher import main

    def watch_for_main_window() -> None:
        """Poll the top-level windows once per event-loop pass until the main window shows.

        An application-wide event filter would be simpler, but Python filters see every
        internal Qt object and event, which costs the measured process tens of milliseconds.
        """
        timer = QTimer(QApplication.instance())
        timer.setInterval(0)

        def check() -> None:
            for widget in QApplication.topLevelWidgets():
                if type(widget).__name__ == "MainWindow" and widget.isVisible():
                    timer.stop()
                    quit_when_shown(widget)
                    return

        timer.timeout.connect(check)
        timer.start()

    def auto_login(dialog: Any) -> QDialog.DialogCode:
        dialog.show()
        QApplication.processEvents()
        report("login_shown")
        typing = time.perf_counter()
        loop = QEventLoop()
        QTimer.singleShot(int(TYPING_SECONDS * 1000), loop.quit)
        loop.exec()
        report("typing_seconds", time.perf_counter() - typing)
        started = time.perf_counter()
        dialog.username_edit.setText(username)
        dialog.password_edit.setText(password)
        dialog.try_login()
        report("login_seconds", time.perf_counter() - started)
        accepted = dialog.session is not None
        watch_for_main_window()
        return QDialog.DialogCode.Accepted if accepted else QDialog.DialogCode.Rejected

    ui.login.LoginDialog.exec = auto_login  # type: ignore[method-assign]
    return main(["--db", db])


if __name__ == "__main__":
    if sys.argv[1:2] == ["bare"]:
        sys.exit(bare())
    if sys.argv[1:2] == ["dadras"] and len(sys.argv) == 5:
        sys.exit(dadras(*sys.argv[2:5]))
    sys.exit(__doc__)
