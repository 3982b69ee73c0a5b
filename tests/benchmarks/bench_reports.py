"""Reports benchmark: the dashboard, the scorecard and the heat maps on 1,000,000 complaints.

    python tests/benchmarks/bench_reports.py [--db FILE] [--complaints 1000000] [--runs 5]

Builds a demo office with its case history (``dadras demo``: referrals, responses, closings,
satisfaction and measures) in a temporary folder, or reuses ``--db``. Then, in this process,
times each report for "this year" (the largest cohort a manager asks for day to day), "last
month" and everything ever received: the first run after opening the database (cold) and the
median of ``--runs`` more. The budgets (issue 6) are for the figures over a million
complaints: dashboard <= 1 s, scorecard <= 2 s, heat map <= 1 s; they are checked against
"this year" and everything. Prints a table of figure / budget / measured / pass.
Not a pytest test on purpose: the figures depend on the machine.
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from figures import add, all_within_budget, print_table

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

BUDGETS = {"dashboard": 1.0, "scorecard": 2.0, "unit × category map": 1.0,
           "county × month map": 1.0}  # fmt: skip


def build(path: Path, complaints: int) -> None:
    print(f"building a demo office with {complaints:,} complaints (a few minutes) ...", flush=True)
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "ui.launcher", "demo", "--db", str(path),
         "--complaints", str(complaints)],
        cwd=ROOT, check=True, stdout=subprocess.DEVNULL,
    )  # fmt: skip
    add("build demo", "-", f"{time.perf_counter() - started:.0f} s", None)


def timed(work: Callable[[], object], runs: int) -> tuple[float, float]:
    """(first run, median of ``runs`` more), in seconds."""
    started = time.perf_counter()
    work()
    first = time.perf_counter() - started
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        work()
        times.append(time.perf_counter() - started)
    return first, statistics.median(times)


def refill_after_calendar_changes() -> None:
    """What the first report after a change of the calendar spends working the referrals'
    response days out again; each change is rolled back, so the file is left as it was."""
    from app import jalali, settings
    from app.office_calendar import THURSDAY_SETTING
    from app.reports import response_days
    from db.connection import current
    from db.models import CalendarDay

    started = time.perf_counter()
    filled = response_days.refresh()  # a file migrated to 0010 has none yet
    add("response days, first fill", "-", f"{time.perf_counter() - started:.2f} s", None,
        f"{filled:,} referrals")  # fmt: skip
    changes: dict[str, Callable[[], object]] = {
        "a closure added for 30 days ago": lambda: CalendarDay.insert(
            day=jalali.today() - dt.timedelta(days=30), closed=True, note=""
        ).execute(),
        "Thursdays opened": lambda: settings.store(THURSDAY_SETTING, "0"),
    }
    for name, change in changes.items():
        with current().atomic() as transaction:
            change()
            started = time.perf_counter()
            filled = response_days.refresh()
            seconds = time.perf_counter() - started
            transaction.rollback()
        add(f"response days after {name}", "-", f"{seconds:.2f} s", None,
            f"{filled:,} referrals worked out again")  # fmt: skip


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, help="a demo office database (built when absent)")
    parser.add_argument("--complaints", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()

    folder = None
    path = args.db
    if path is None:
        folder = tempfile.TemporaryDirectory(prefix="bench-reports-")
        path = Path(folder.name) / "office.sqlite3"
    if not path.exists():
        build(path, args.complaints)

    from app import jalali
    from app.reports import figures
    from app.reports.filters import Period, ReportFilter
    from db.connection import execute
    from db.schema import open_database

    started = time.perf_counter()
    open_database(path)
    add("open database", "-", f"{time.perf_counter() - started:.2f} s", None)
    (total,) = execute("SELECT count(*) FROM complaint").fetchone()
    (first_day, last_day) = execute(
        "SELECT min(received_on), max(received_on) FROM complaint"
    ).fetchone()
    referrals = execute("SELECT count(*) FROM referral").fetchone()[0]
    print(f"{total:,} complaints, {referrals:,} referrals, received {first_day} … {last_day}")

    refill_after_calendar_changes()
    today = jalali.today()
    everything = ReportFilter(dt.date.fromisoformat(first_day), dt.date.fromisoformat(last_day))
    reports: dict[str, Callable[[ReportFilter], object]] = {
        "dashboard": lambda f: figures.dashboard(None, f, today),
        "scorecard": lambda f: figures.scorecard(None, f, today),
        "unit × category map": lambda f: figures.unit_category_map(None, f, today),
        "county × month map": lambda f: figures.county_month_map(None, f, today),
    }
    for period_name, report_filter, budgeted in (
        ("this year", ReportFilter.of_period(Period.THIS_YEAR, today), True),
        ("last month", ReportFilter.of_period(Period.LAST_MONTH, today), False),
        ("everything", everything, True),
    ):
        (cohort,) = execute(
            "SELECT count(*) FROM complaint WHERE received_on BETWEEN ? AND ?",
            [report_filter.start.isoformat(), report_filter.end.isoformat()],
        ).fetchone()
        print(f"{period_name}: {cohort:,} complaints", flush=True)
        for name, report in reports.items():
            first, median = timed(lambda r=report, f=report_filter: r(f), args.runs)
            budget = BUDGETS[name]
            add(
                f"{name}, {period_name}",
                f"<= {budget:.0f} s" if budgeted else "-",
                f"{median:.2f} s",
                median <= budget if budgeted else None,
                f"first run {first:.2f} s; {cohort:,} complaints",
            )
    print_table()
    if folder is not None:
        folder.cleanup()
    return 0 if all_within_budget() else 1


if __name__ == "__main__":
    sys.exit(main())
