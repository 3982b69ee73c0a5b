"""Every command on a full disk: one line saying so, a failure status, nothing half-written,
and the database's records as they were. The disk is a tiny tmpfs filled to the last byte
(mounting one needs root, as in the CI; elsewhere these tests are skipped)."""

from __future__ import annotations

import errno
import shutil
import sqlite3
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.app.helpers import run_dadras

ADMIN = {"DADRAS_PASSWORD": "admin-pass-1"}


@pytest.fixture(scope="module")
def office_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A set-up office with central's key, made once on an ordinary disk."""
    folder = tmp_path_factory.mktemp("office")
    db = folder / "dadras.sqlite3"
    env = {"DADRAS_PASSWORD": "admin-pass-1"}
    setup = run_dadras("setup", "--db", str(db), "--office-name", "دفتر", "--office-code",
                       "0123", "--province", "هرمزگان", "--county", "بندرعباس", "--admin",
                       "admin", "--admin-name", "مدیر", env=env)  # fmt: skip
    assert setup.returncode == 0, setup.stderr
    done = run_dadras("central", "init", "--db", str(folder / "central.db"), "--public-key",
                      str(folder / "central.pub"))  # fmt: skip
    assert done.returncode == 0, done.stderr
    done = run_dadras("add-user", "--db", str(db), "--admin", "admin", "--username", "clerk",
                      "--full-name", "کاربر", "--role", "clerk",
                      env={**ADMIN, "DADRAS_NEW_PASSWORD": "admin-pass-1"})  # fmt: skip
    assert done.returncode == 0, done.stderr
    done = run_dadras("add-user", "--db", str(db), "--admin", "admin", "--username", "manager",
                      "--full-name", "مدیر دفتر", "--role", "manager",
                      env={**ADMIN, "DADRAS_NEW_PASSWORD": "admin-pass-1"})  # fmt: skip
    assert done.returncode == 0, done.stderr
    done = run_dadras("register", "--db", str(db), "--user", "clerk", "--subject", "نخست",
                      "--description", "شرح", env=ADMIN)  # fmt: skip
    assert done.returncode == 0, done.stderr
    with sqlite3.connect(db) as connection:  # the key, as a manager and a second person would
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return db


@pytest.fixture
def full_disk(tmp_path: Path) -> Iterator[Path]:
    mount = tmp_path / "full"
    mount.mkdir()
    made = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", str(mount)],
                          capture_output=True, check=False)  # fmt: skip
    if made.returncode != 0:
        pytest.skip("a tmpfs cannot be mounted here (needs root)")
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)


def fill(mount: Path) -> None:
    """Write a filler file until the disk refuses another byte."""
    with open(mount / "filler", "wb", buffering=0) as filler:
        chunk = b"\0" * 4096
        try:
            while True:
                filler.write(chunk)
                filler.flush()
        except OSError as exc:
            assert exc.errno == errno.ENOSPC
        try:
            while True:
                filler.write(b"\0")
                filler.flush()
        except OSError:
            pass


def written_to(disk: Path) -> list[str]:
    """What is on the disk, but the log (which drops what it cannot write) and SQLite's own
    -wal and -shm beside a database it could not close cleanly."""
    return sorted(
        str(p.relative_to(disk))
        for p in disk.rglob("*")
        if "logs" not in p.parts and not p.name.endswith(("-wal", "-shm"))
    )


Setup = Callable[[Path, Path, Path], list[str]]  # (db, the full disk, the office's folder)

COMMANDS: dict[str, tuple[bool, Setup]] = {
    # name: (the database is on the full disk, argv)
    "register": (True, lambda db, full, home: [
        "register", "--db", str(db), "--user", "clerk", "--subject", "دوم", "--description",
        "شرح دوم"]),
    "add-user": (True, lambda db, full, home: [
        "add-user", "--db", str(db), "--admin", "admin", "--username", "clerk2",
        "--full-name", "کاربر", "--role", "clerk"]),
    "backup": (False, lambda db, full, home: [
        "backup", "--db", str(db), "--user", "admin", "--to", str(full)]),
    "export": (False, lambda db, full, home: [
        "export", "--db", str(db), "--user", "admin", "--to", str(full)]),
    "keys": (False, lambda db, full, home: [
        "keys", "--db", str(db), "--user", "admin", "--public-key", str(full / "office.pub")]),
    "report": (False, lambda db, full, home: [
        "report", "dashboard", "--db", str(db), "--user", "manager", "--out",
        str(full / "report.csv")]),
    "verify-audit": (True, lambda db, full, home: [
        "verify-audit", "--db", str(db), "--user", "admin"]),
    "restore onto a new computer": (False, lambda db, full, home: [
        "restore", str(_backup_of(home)), "--db", str(full / "new" / "dadras.sqlite3")]),
    "central init": (False, lambda db, full, home: [
        "central", "init", "--db", str(full / "central.db"), "--public-key",
        str(full / "central.pub")]),
}  # fmt: skip


def _backup_of(home: Path) -> Path:
    backups = sorted((home / "backups").glob("*.backup"))
    return backups[-1]


@pytest.mark.parametrize("command", list(COMMANDS))
def test_a_command_on_a_full_disk_says_so_in_one_line_and_changes_nothing(
    office_file: Path, full_disk: Path, tmp_path: Path, command: str
) -> None:
    on_full_disk, argv = COMMANDS[command]
    home = tmp_path / "home"
    home.mkdir()
    db = home / "dadras.sqlite3"
    shutil.copy(office_file, db)
    if command == "export":
        _set_central_key(db, office_file.parent / "central.pub")
    if command.startswith("restore"):
        (home / "backups").mkdir()
        made = run_dadras("backup", "--db", str(db), "--user", "admin", "--to",
                          str(home / "backups"), env=ADMIN)  # fmt: skip
        assert made.returncode == 0, made.stderr
    if on_full_disk:
        moved = full_disk / "dadras.sqlite3"
        shutil.copy(db, moved)
        db = moved
    logs = full_disk / "logs"
    logs.mkdir()
    fill(full_disk)
    listing = written_to(full_disk)

    done = run_dadras(*argv(db, full_disk, home), env={**ADMIN, "DADRAS_LOG_DIR": str(logs)})

    assert done.returncode == 1, (done.stdout, done.stderr)
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and "پر است" in lines[0], done.stderr
    assert "Traceback" not in done.stderr
    assert written_to(full_disk) == listing  # nothing half-written
    assert _same_contents(db, office_file)


def _same_contents(db: Path, original: Path) -> bool:
    """The same complaints, users and packages (a command's login adds an audit entry)."""

    def rows(path: Path) -> list[object]:
        # immutable: no -shm to make on the full disk; the failed command committed nothing
        with sqlite3.connect(f"file:{path}?immutable=1", uri=True) as connection:
            return [
                connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
                for table in ("complaint", "user", "export_package", "letter")
            ]

    return rows(db) == rows(original)


def _set_central_key(db: Path, central_pub: Path) -> None:
    from app.sync import keys
    from db.connection import database_proxy
    from db.schema import open_database

    database = open_database(db)
    try:
        keys.set_central_key(None, central_pub)
    finally:
        database.close()
        database_proxy.initialize(None)
