"""The README's command-line round trip, exactly as written, in a fresh folder; on SQLite
(``central.db``) and with the central database on PostgreSQL (``--db postgresql://…``)."""

from __future__ import annotations

import shlex
import subprocess
from pathlib import Path

import pytest

from tests.app.helpers import run_dadras
from tests.postgres import is_postgres

# A demo office through every command of the README: CI runs it (`pytest -m slow`).
pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[1]


def dadras(
    folder: Path, *args: str, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    return run_dadras(*args, cwd=folder, env={"QT_QPA_PLATFORM": "offscreen", **(env or {})})


def ok(folder: Path, *args: str, env: dict[str, str] | None = None) -> str:
    done = dadras(folder, *args, env=env)
    assert done.returncode == 0, (args, done.stdout, done.stderr)
    return done.stdout


def readme_round_trip() -> list[list[str]]:
    """The README's round-trip commands, as written there."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    start = text.index("The whole round trip on the command line:")
    block = text[
        text.index("```sh\n", start) + 6 : text.index("```", text.index("```sh", start) + 5)
    ]
    return [shlex.split(line) for line in block.splitlines() if line.strip()]


def test_the_readme_round_trip(tmp_path: Path, central_url: str) -> None:
    # On SQLite the README's own file name; on PostgreSQL a fresh database's URL.
    central = central_url if is_postgres(central_url) else "central.db"
    share = tmp_path / "share"
    commands = readme_round_trip()
    assert commands[0][:2] == ["dadras", "central"] and ["mkdir", "share"] in commands
    for command in commands:
        if command[0] == "mkdir":
            (tmp_path / command[1]).mkdir()
            continue
        env = {}
        while "=" in command[0]:  # VARIABLE=value before the command
            name, value = command.pop(0).split("=", 1)
            env[name] = value
        assert command[0] == "dadras", command
        args = [central if arg == "central.db" else arg for arg in command[1:]]
        if "share/<package>" in args:
            (package,) = [p.name for p in share.iterdir() if p.suffix == ".age"]
            args = [f"share/{package}" if a == "share/<package>" else a for a in args]
        if "share/<acknowledgement>" in args:
            (ack,) = [p.name for p in share.iterdir() if p.name.startswith("dadras-ack-")]
            args = [f"share/{ack}" if a == "share/<acknowledgement>" else a for a in args]
        output = ok(tmp_path, *args, env=env)
    assert "1" in output  # central's status: the office and its one package

    # Every refusal is one line and a non-zero status.
    again = dadras(tmp_path, "central", "init", "--db", central, "--public-key", "x.pub")
    assert again.returncode != 0 and len(again.stderr.strip().splitlines()) == 1
    sync = {"DADRAS_PASSWORD": "sync1234"}
    nothing = dadras(tmp_path, "export", "--db", "office.db", "--user", "sync", "--to", "share/",
                     env=sync)  # fmt: skip
    assert nothing.returncode != 0 and len(nothing.stderr.strip().splitlines()) == 1
    missing = dadras(tmp_path, "export", "--db", "office.db", "--user", "sync", "--to",
                     "no-such-folder/", env=sync)  # fmt: skip
    assert missing.returncode != 0 and len(missing.stderr.strip().splitlines()) == 1
