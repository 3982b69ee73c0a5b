"""Sync benchmark: export 100,000 changed complaints, then import the package centrally.

    python tests/benchmarks/bench_sync.py [--complaints 100000] [--db FILE] [--keep DIR]
                                          [--central postgresql://USER:PASS@HOST/DB]

Builds a demo office (``dadras demo``) in a temporary folder (or reuses ``--db``, which must
have no acknowledged export), sets up the central database (a fresh SQLite file, or the empty
database named by ``--central``, e.g. a PostgreSQL one), enrols the office, then times
``dadras export`` and ``dadras central import`` each in its own child process, with that
child's peak RSS. Prints a table of figure / budget / measured / pass. See README.md beside
this file. Not a pytest test on purpose: the figures depend on the machine.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from figures import add, all_within_budget, print_table

ROOT = Path(__file__).resolve().parents[2]
EXPORT_BUDGET = 20.0  # seconds, for 100,000 complaints
IMPORT_BUDGET = 60.0
MB = 1024.0  # ru_maxrss is in KiB on Linux


# Office commands run as the demo office's users (the demo prints their passwords).
# Central's key is set by a manager, confirmed by a second person (the admin).
RUNS_AS = {"keys": ("manager", "manager1234"), "export": ("sync", "sync1234")}


def run(folder: Path, *args: str) -> tuple[float, float, str]:
    """Run ``dadras ARGS`` in a child: (wall seconds, peak RSS in MB, stdout)."""
    env = {**os.environ, "PYTHONPATH": str(ROOT), "QT_QPA_PLATFORM": "offscreen"}
    if args and args[0] in RUNS_AS:
        user, env["DADRAS_PASSWORD"] = RUNS_AS[args[0]]
        args = (*args, "--user", user)
    if args and args[0] == "keys":
        args = (*args, "--confirm-user", "admin")
        env["DADRAS_CONFIRM_PASSWORD"] = "admin1234"
    started = time.perf_counter()
    child = subprocess.Popen(
        [sys.executable, "-m", "ui.launcher", *args],
        cwd=folder,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    out = child.stdout.read() if child.stdout is not None else b""
    err = child.stderr.read() if child.stderr is not None else b""
    _, status, usage = os.wait4(child.pid, 0)
    child.returncode = os.waitstatus_to_exitcode(status)
    seconds = time.perf_counter() - started
    if child.returncode != 0:
        sys.exit(f"dadras {' '.join(args)} failed:\n{err.decode(errors='replace')}")
    return seconds, usage.ru_maxrss / MB, out.decode(errors="replace")


def count_records(folder: Path, central: str, on_postgres: bool) -> int:
    """Rows in the central ``record`` table, read through the database's own driver."""
    if on_postgres:
        import psycopg

        with psycopg.connect(central) as pg:
            row = pg.execute("SELECT count(*) FROM record").fetchone()
    else:
        with sqlite3.connect(folder / central.removeprefix("sqlite:///")) as con:
            row = con.execute("SELECT count(*) FROM record").fetchone()
    return int(row[0]) if row else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--complaints", type=int, default=100_000)
    parser.add_argument("--db", type=Path, help="an office database to copy instead of building")
    parser.add_argument("--keep", type=Path, help="work in this folder and keep it")
    parser.add_argument(
        "--central",
        default="central.db",
        help="the central database: an empty postgresql://… database, or a file "
        "(default: a fresh SQLite file in the work folder)",
    )
    args = parser.parse_args()
    central = args.central
    on_postgres = central.split("://", 1)[0].lower() in ("postgres", "postgresql")
    folder = args.keep or Path(tempfile.mkdtemp(prefix="bench-sync-"))
    folder.mkdir(parents=True, exist_ok=True)
    try:
        (folder / "share").mkdir(exist_ok=True)
        office = folder / "office.db"
        if args.db is not None:
            shutil.copy(args.db, office)
            print(f"copied {args.db}", flush=True)
        else:
            print(f"building a demo office with {args.complaints:,} complaints ...", flush=True)
            seconds, rss, _ = run(folder, "demo", "--db", "office.db",
                                  "--complaints", str(args.complaints))  # fmt: skip
            add("build demo", "-", f"{seconds:.1f} s, {rss:.0f} MB", None)
        with sqlite3.connect(office) as con:  # as if it had never sent a package:
            con.execute("DELETE FROM export_package")  # the first export carries everything
        con.close()
        run(folder, "central", "init", "--db", central, "--public-key", "central.pub")
        run(folder, "keys", "--db", "office.db", "--central-key", "central.pub",
            "--public-key", "office.pub")  # fmt: skip
        run(folder, "central", "enrol", "--db", central, "office.pub")
        with sqlite3.connect(office) as con:
            complaints = con.execute("SELECT count(*) FROM complaint").fetchone()[0]
        scale = complaints / 100_000 if complaints else 1.0
        note = "" if complaints == 100_000 else f"{complaints:,} complaints; budget scaled"

        print("exporting ...", flush=True)
        seconds, rss, out = run(folder, "export", "--db", "office.db", "--to", "share")
        (package,) = sorted((folder / "share").glob("dadras-*.age"))
        size = package.stat().st_size / 1024 / 1024
        budget = EXPORT_BUDGET * scale
        add("export", f"<= {budget:.1f} s", f"{seconds:.1f} s", seconds <= budget, note)
        add("export peak RSS", "bounded", f"{rss:.0f} MB", None, f"package {size:.1f} MB")
        print(f"  {out.strip()[:300]}", flush=True)

        kind = "PostgreSQL" if on_postgres else "SQLite"
        print(f"importing into a fresh central {kind} database ...", flush=True)
        seconds, rss, _ = run(folder, "central", "import", "--db", central, str(package))
        budget = IMPORT_BUDGET * scale
        name = "central import on PostgreSQL" if on_postgres else "central import (SQLite)"
        add(name, f"<= {budget:.1f} s", f"{seconds:.1f} s", seconds <= budget, note)
        add("import peak RSS", "bounded", f"{rss:.0f} MB", None)
        add("central records", "-", f"{count_records(folder, central, on_postgres):,}", None)
    finally:
        if args.keep is None:
            shutil.rmtree(folder, ignore_errors=True)
    print_table()
    return 0 if all_within_budget() else 1


if __name__ == "__main__":
    sys.exit(main())
