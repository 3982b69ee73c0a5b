"""Foundation benchmark: the figures the design's budgets speak of, on a large demo database.

    python tests/benchmarks/bench_foundation.py [--complaints 1000000] [--db PATH] [--no-ui]
    python tests/benchmarks/bench_foundation.py --cold-start-only --db PATH [--cold-runs 11]

Builds (or reuses, when ``--db`` names an existing file) a demo database and prints a table of
figure / budget / measured / pass. See README.md beside this file. Not a pytest test on
purpose: the figures depend on the machine and are read by people, not asserted in CI.
"""

from __future__ import annotations

import argparse
import datetime as dt
import itertools
import os
import random
import resource
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from figures import add, all_within_budget, print_table

from app import lookup, office, registration, users
from app.demo_data import SCENARIOS
from app.permissions import Role, Session
from app.persian import normalize
from app.tracking import make_tracking_code
from app.vocabulary import Channel, Identity, Kind
from db.connection import database_proxy
from db.schema import open_database

HERE = Path(__file__).resolve().parent
DRIVER = HERE / "coldstart_driver.py"
MS = 1000.0
# Cold start against a fresh process showing a bare QMainWindow (medians, interleaved).
LOGIN_BUDGET = 1.3
MAIN_WINDOW_BUDGET = 1.5
BUILD_BUDGET = "<= 15 min and 12 GiB for 1M"


def median_ms(samples: list[float]) -> float:
    return statistics.median(samples) * MS


def timed(call: Callable[[], object]) -> float:
    started = time.perf_counter()
    call()
    return time.perf_counter() - started


# ------------------------------------------------------------------------------ registration


def bench_registration(saves: int) -> None:
    """Median time of one register_complaint call on a fresh, set-up database."""
    folder = Path(tempfile.mkdtemp(prefix="dadras-bench-"))
    database = open_database(folder / "fresh.sqlite3")
    try:
        admin = office.set_up(
            office.SetupRequest(
                "دفتر بازرسی", "123", "هرمزگان", "بندرعباس", "admin", "مدیر", "admin-pass-1"
            )
        )
        users.create_user(admin, "clerk", "متصدی", Role.CLERK, "clerk-pass-1")
        clerk = users.login("clerk", "clerk-pass-1")
        unit_id, category_id = 1, 1
        samples = []
        for i in range(saves):
            data = registration.ComplaintInput(
                identity=Identity.NAMED if i % 5 else Identity.ANONYMOUS,
                kind=Kind.COMPLAINT,
                channel=Channel.WALK_IN,
                unit_id=unit_id,
                category_id=category_id,
                subject="تأخیر در صدور پروانه‌ی ساختمانی",
                description="از سه ماه پیش پرونده‌ام در شهرداری معطل مانده است. " * 3,
                received_on=dt.date.today() - dt.timedelta(days=1),
                full_name="علی رضایی",
                national_code="0499370899",
                mobile="09121234567",
            )
            samples.append(timed(lambda data=data: registration.register_complaint(clerk, data)))
        value = median_ms(samples)
        p95 = sorted(samples)[int(0.95 * len(samples))] * MS
        add(
            f"registration save, median of {saves}",
            "<= 10 ms",
            f"{value:.1f} ms",
            value <= 10,
            f"(p95 {p95:.1f} ms, synchronous=FULL)",
        )
    finally:
        database.close()
        database_proxy.initialize(None)
        shutil.rmtree(folder, ignore_errors=True)


# ------------------------------------------------------------------------------ building


def bench_build(path: Path, complaints: int) -> None:
    """Build the demo in a child process, so its memory is not counted as the app's."""
    if path.exists():
        with sqlite3.connect(path) as connection:
            count = connection.execute("SELECT count(*) FROM complaint").fetchone()[0]
        add(
            "build demo",
            BUILD_BUDGET,
            "reused",
            None,
            f"(existing file, {count:,} complaints)",
        )
        return
    code = (
        "import sys; from pathlib import Path; from app.demo import build_demo; "
        f"print(build_demo(Path({str(path)!r}), {complaints}))"
    )
    started = time.perf_counter()
    subprocess.run([sys.executable, "-c", code], check=True, stdout=subprocess.DEVNULL)
    seconds = time.perf_counter() - started
    share = complaints / 1_000_000
    child_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    gib = path.stat().st_size / 2**30
    add(
        f"build demo with its case history, {complaints:,} complaints",
        BUILD_BUDGET,
        f"{seconds:.0f} s, {gib:.2f} GiB",
        seconds <= 900 * share and gib <= 12 * share,
        f"(peak RSS {child_mb:.0f} MB)",
    )


# ------------------------------------------------------------------------------ lookups


def manager_session() -> Session:
    """A manager's session without logging in, so the benchmark writes nothing to the file."""
    from db.models import User

    user = User.get(User.username == "manager")
    return Session(int(user.id), str(user.username), str(user.full_name), Role.MANAGER)


def bench_tracking_lookup(session: Session, total: int, rounds: int) -> None:
    rng = random.Random(7)
    code = office.office_info()
    assert code is not None
    samples = []
    for _ in range(rounds):
        tracking = make_tracking_code(code.code, rng.randint(1, total))
        samples.append(timed(lambda t=tracking: lookup.find_by_tracking_code(session, t)))
    value = median_ms(samples)
    add(f"lookup by tracking code, median of {rounds}", "<= 5 ms", f"{value:.2f} ms", value <= 5)


def search_queries(count: int) -> list[str]:
    """Two neighbouring words of the demo's subjects: words people really search for."""
    pairs: list[str] = []
    for scenario in SCENARIOS:
        for subject in scenario.subjects:
            words = [w for w in normalize(subject).split() if len(w) >= 3 and "{" not in w]
            pairs += [f"{a} {b}" for a, b in itertools.pairwise(words)]
    rng = random.Random(11)
    rng.shuffle(pairs)
    return (pairs * (count // max(1, len(pairs)) + 1))[:count]


def bench_text_search(session: Session, rounds: int) -> None:
    samples, hits, slowest = [], [], ("", 0.0)
    for text in search_queries(rounds):

        def search(text: str = text) -> None:
            query = lookup.parse_query(text)
            hits.append(lookup.count(session, query))
            lookup.page(session, query)

        seconds = timed(search)
        samples.append(seconds)
        slowest = max(slowest, (text, seconds), key=lambda pair: pair[1])
    value = median_ms(samples)
    add(
        f"two-word search + count + first page, median of {rounds}",
        "<= 100 ms",
        f"{value:.0f} ms",
        value <= 100,
        f'(max {slowest[1] * MS:.0f} ms for "{slowest[0]}"; median hits '
        f"{statistics.median(hits):,.0f})",
    )


# ------------------------------------------------------------------------------ complaints page


def bench_complaints_page(session: Session, path: Path) -> None:
    try:
        from PySide6.QtWidgets import QApplication

        from ui.application import create_application
        from ui.context import UiContext
        from ui.pages.complaints import ComplaintsPage
    except ImportError as exc:
        add("complaints page first rows", "<= 500 ms", "skipped", None, f"({exc})")
        return
    create_application([sys.argv[0]])
    info = office.office_info()
    assert info is not None
    samples = []
    for _ in range(4):
        started = time.perf_counter()
        page = ComplaintsPage(UiContext(session, info, path))
        page.show()
        while page.model.rowCount() == 0 and time.perf_counter() - started < 30:
            QApplication.processEvents()
        samples.append(time.perf_counter() - started)
        page.close()
        page.deleteLater()
        QApplication.processEvents()
    first = samples[0] * MS
    add(
        "complaints page first rows after opening",
        "<= 500 ms",
        f"{first:.0f} ms",
        first <= 500,
        f"(first open; later opens median {median_ms(samples[1:]):.0f} ms)",
    )


# ------------------------------------------------------------------------------ cold start


def _driver(args: list[str]) -> dict[str, float]:
    started = time.time()
    result = subprocess.run(
        [sys.executable, str(DRIVER), *args],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "QT_QPA_PLATFORM": os.environ["QT_QPA_PLATFORM"]},
    )
    events: dict[str, float] = {}
    for line in result.stdout.splitlines():
        parts = line.split()
        if len(parts) == 3 and parts[0] == "BENCH":
            value = float(parts[2])
            events[parts[1]] = value if parts[1].endswith("seconds") else value - started
    if "main_window_shown" not in events:
        raise RuntimeError(f"driver {args[0]} did not show a window:\n{result.stderr[-2000:]}")
    return events


def compile_bytecode() -> None:
    """Compile the project's modules as pip does when it installs Dadras.

    A source checkout run with PYTHONDONTWRITEBYTECODE would otherwise compile every module
    on every start, which an installed copy never does.
    """
    root = HERE.parents[1]
    folders = [str(root / name) for name in ("app", "db", "ui")]
    subprocess.run([sys.executable, "-m", "compileall", "-q", *folders], check=True)


def _spread(values: list[float]) -> str:
    """The middle half of the runs, as people read a figure's spread."""
    q1, _, q3 = statistics.quantiles(values, n=4)
    return f"{q1 * MS:.0f}–{q3 * MS:.0f} ms"


# Whom the cold start logs in as: the front desk (its registration form is built while the
# password is typed) and the manager (the overdue queue, read after login).
COLD_START_USERS = ("clerk", "manager")


def bench_cold_start(path: Path, rounds: int) -> None:
    compile_bytecode()
    try:
        # Interleaved, so that a busy spell of the machine touches every side alike.
        bare: list[float] = []
        runs: dict[str, list[dict[str, float]]] = {user: [] for user in COLD_START_USERS}
        for _ in range(rounds):
            bare.append(_driver(["bare"])["main_window_shown"])
            for user in COLD_START_USERS:
                runs[user].append(_driver(["dadras", str(path), user, f"{user}1234"]))
    except (RuntimeError, subprocess.TimeoutExpired) as exc:
        add("cold start vs bare Qt", "-", "failed", False, f"({str(exc)[:300]})")
        return
    bare_s = statistics.median(bare)
    login = [r["login_shown"] for user_runs in runs.values() for r in user_runs]
    login_ratio = statistics.median(login) / bare_s
    add(
        f"cold start: dadras login dialog painted vs bare QMainWindow, median of {len(login)}",
        f"<= {LOGIN_BUDGET}x",
        f"{login_ratio:.2f}x",
        login_ratio <= LOGIN_BUDGET,
        f"(bare {bare_s * MS:.0f} ms, middle half {_spread(bare)}; login dialog "
        f"{statistics.median(login) * MS:.0f} ms, middle half {_spread(login)})",
    )
    for user, user_runs in runs.items():
        # What the user waits for: all but their own typing and the deliberate password check.
        shown = [
            r["main_window_shown"] - r.get("typing_seconds", 0) - r.get("login_seconds", 0)
            for r in user_runs
        ]
        argon = statistics.median(r.get("login_seconds", float("nan")) for r in user_runs)
        ratio = statistics.median(shown) / bare_s
        add(
            f"cold start: dadras main window ({user}) vs bare QMainWindow, median of {rounds}",
            f"<= {MAIN_WINDOW_BUDGET}x",
            f"{ratio:.2f}x",
            ratio <= MAIN_WINDOW_BUDGET,
            f"(main window {statistics.median(shown) * MS:.0f} ms, middle half {_spread(shown)}, "
            f"without the person's typing and the {argon * MS:.0f} ms password check)",
        )


# ------------------------------------------------------------------------------ main


def bench_memory() -> None:
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
    add(
        "peak RSS of this process (lookups, search, page)",
        "< 400 MB",
        f"{peak_mb:.0f} MB",
        peak_mb < 400,
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--complaints", type=int, default=1_000_000)
    parser.add_argument("--db", type=Path, help="demo file to build, or to reuse if it exists")
    parser.add_argument("--saves", type=int, default=300, help="registrations to time")
    parser.add_argument("--no-ui", action="store_true", help="skip the Qt figures")
    parser.add_argument(
        "--cold-start-only", action="store_true", help="only the cold start (builds --db if new)"
    )
    parser.add_argument(
        "--cold-runs", type=int, default=11, help="cold starts of each kind (bare, dadras)"
    )
    args = parser.parse_args()
    folder = None
    path = args.db
    if path is None:
        folder = Path(tempfile.mkdtemp(prefix="dadras-bench-"))
        path = folder / "demo.sqlite3"
    try:
        print("measuring ...", flush=True)
        if args.cold_start_only:
            bench_build(path, args.complaints)
            bench_cold_start(path, args.cold_runs)
            print_table()
            return 0 if all_within_budget() else 1
        bench_registration(args.saves)
        bench_build(path, args.complaints)
        open_database(path)
        session = manager_session()
        with sqlite3.connect(path) as connection:
            total = connection.execute("SELECT max(id) FROM complaint").fetchone()[0] or 1
        bench_tracking_lookup(session, total, 200)
        bench_text_search(session, 50)
        if not args.no_ui:
            bench_complaints_page(session, path)
        bench_memory()
        if not args.no_ui:
            bench_cold_start(path, args.cold_runs)
    finally:
        if folder is not None:
            shutil.rmtree(folder, ignore_errors=True)
    print_table()
    return 0 if all_within_budget() else 1


if __name__ == "__main__":
    sys.exit(main())
