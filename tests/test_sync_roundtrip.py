"""The README's command-line round trip, exactly as written, in a fresh folder; on SQLite
(``central.db``) and with the central database on PostgreSQL (``--db postgresql://…``)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.postgres import is_postgres

ROOT = Path(__file__).resolve().parents[1]


def dadras(folder: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "QT_QPA_PLATFORM": "offscreen"}
    return subprocess.run(
        [sys.executable, "-m", "ui.launcher", *args],
        cwd=folder,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def ok(folder: Path, *args: str) -> str:
    done = dadras(folder, *args)
    assert done.returncode == 0, (args, done.stdout, done.stderr)
    return done.stdout


def test_the_readme_round_trip(tmp_path: Path, central_url: str) -> None:
    # On SQLite the README's own file name; on PostgreSQL a fresh database's URL.
    central = central_url if is_postgres(central_url) else "central.db"
    share = tmp_path / "share"
    share.mkdir()
    ok(tmp_path, "central", "init", "--db", central, "--public-key", "central.pub")
    ok(tmp_path, "demo", "--db", "office.db", "--complaints", "200")
    ok(tmp_path, "keys", "--db", "office.db", "--central-key", "central.pub",
       "--public-key", "office.pub")  # fmt: skip
    ok(tmp_path, "central", "enrol", "--db", central, "office.pub")
    ok(tmp_path, "export", "--db", "office.db", "--to", "share/")
    (package,) = [p.name for p in share.iterdir() if p.suffix == ".age"]
    ok(tmp_path, "central", "verify", "--db", central, f"share/{package}")
    ok(tmp_path, "central", "import", "--db", central, f"share/{package}")
    (ack,) = [p.name for p in share.iterdir() if p.name.startswith("dadras-ack-")]
    ok(tmp_path, "import", "--db", "office.db", f"share/{ack}")
    status = ok(tmp_path, "central", "status", "--db", central)
    assert "1" in status

    # Every refusal is one line and a non-zero status.
    again = dadras(tmp_path, "central", "init", "--db", central, "--public-key", "x.pub")
    assert again.returncode != 0 and len(again.stderr.strip().splitlines()) == 1
    nothing = dadras(tmp_path, "export", "--db", "office.db", "--to", "share/")
    assert nothing.returncode != 0 and len(nothing.stderr.strip().splitlines()) == 1
    missing = dadras(tmp_path, "export", "--db", "office.db", "--to", "no-such-folder/")
    assert missing.returncode != 0 and len(missing.stderr.strip().splitlines()) == 1
