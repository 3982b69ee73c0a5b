"""Entry-screen benchmark: moving to the next scanned page, as the data-entry clerk sees it.

    python tests/benchmarks/bench_entry.py [--pages 40] [--data DIR]

Imports scanned A4 pages at 200 dpi (the scans bench_scans.py generates; ``--data`` reuses
them) into a fresh database, opens the entry window offscreen and times, until the next page
is painted: (a) registering the typed form with Enter's code path, and (b) setting a page
aside (blank). Budget: moving to the next page ≤ 150 ms. Not a pytest test on purpose.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from bench_scans import fresh_office, make_scans

from app import office, scans
from app.vocabulary import ScanState
from db.connection import database_proxy

BUDGET_MS = 150.0


def _fill(window: object) -> None:
    form = window.form  # type: ignore[attr-defined]
    form.full_name_edit.setText("حسن کریمی")
    form.mobile_edit.setText("09171234567")
    form.category_combo.setCurrentIndex(0)
    form.subject_edit.setText("رفتار نامناسب در باجه")
    form.description_edit.setPlainText("کارمند باجه پاسخ درستی نداد و پرونده را نپذیرفت.")


def _timed_move(window: object, action: object) -> float:
    """From the action to the next page painted on screen."""
    started = time.perf_counter()
    action()  # type: ignore[operator]
    window.repaint()  # type: ignore[attr-defined]
    return (time.perf_counter() - started) * 1000


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=40)
    parser.add_argument("--data", type=Path, default=Path(tempfile.gettempdir()) / "bench-scans")
    args = parser.parse_args()
    make_scans(args.data, max(args.pages, 200))
    from ui.application import create_application
    from ui.context import UiContext
    from ui.pages.box_entry import EntryWindow

    app = create_application([])
    folder = Path(tempfile.mkdtemp(prefix="dadras-bench-entry-"))
    try:
        session, opening = fresh_office(folder)
        jpegs = sorted((args.data / "jpeg").iterdir())[: args.pages]
        scans.import_files(session, opening, jpegs)
        info = office.office_info()
        assert info is not None
        window = EntryWindow(UiContext(session, info, folder / "bench.sqlite3"), opening)
        window.resize(1366, 768)
        window.show()
        app.processEvents()
        saves, marks = [], []
        for number in range(args.pages - 1):
            if number % 2 == 0:
                _fill(window)
                saves.append(_timed_move(window, window.form.save))
            else:
                marks.append(_timed_move(window, lambda: window.mark(ScanState.BLANK)))
            app.processEvents()
        for label, samples in (("register the form", saves), ("set the page aside", marks)):
            median, worst = statistics.median(samples), max(samples)
            verdict = "pass" if median <= BUDGET_MS else "FAIL"
            print(
                f"  next page after '{label}': median {median:.0f} ms, slowest {worst:.0f} ms "
                f"over {len(samples)} pages (<= {BUDGET_MS:.0f} ms) {verdict}",
                flush=True,
            )
        entered = scans.opening_progress(session, opening)[ScanState.ENTERED]
        print(f"  complaints registered from pages: {entered}")
        window.close()
        return 0 if statistics.median(saves + marks) <= BUDGET_MS else 1
    finally:
        database_proxy.obj.close()
        database_proxy.initialize(None)
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
