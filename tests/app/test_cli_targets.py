"""Every command pointed at something that is not its database: one line, a refusal status,
and the thing pointed at exactly as it was."""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from app.cli import parse, run
from db.connection import database_proxy

OFFICE_COMMANDS: dict[str, Callable[[str, Path], list[str]]] = {
    "verify-audit": lambda db, tmp: ["verify-audit", "--db", db],
    "report": lambda db, tmp: ["report", "dashboard", "--db", db],
    "backup": lambda db, tmp: ["backup", "--db", db, "--to", str(tmp)],
    "export": lambda db, tmp: ["export", "--db", db, "--to", str(tmp)],
    "import": lambda db, tmp: ["import", "--db", db, str(tmp / "nothing.json")],
    "keys": lambda db, tmp: ["keys", "--db", db, "--public-key", str(tmp / "office.pub")],
    "register": lambda db, tmp: [
        "register",
        "--db",
        db,
        "--user",
        "clerk",
        "--subject",
        "x",
        "--description",
        "y",
    ],
    "add-user": lambda db, tmp: [
        "add-user",
        "--db",
        db,
        "--admin",
        "admin",
        "--username",
        "u",
        "--full-name",
        "کاربر",
        "--role",
        "clerk",
    ],
}


@pytest.fixture
def dadras(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> Iterator[Callable[..., tuple[int, str]]]:
    monkeypatch.setenv("DADRAS_PASSWORD", "a-password-1234")
    monkeypatch.setenv("DADRAS_NEW_PASSWORD", "a-password-1234")
    monkeypatch.setenv("DADRAS_BACKUP_PASSPHRASE", "a-passphrase")

    def call(*argv: str) -> tuple[int, str]:
        status = run(parse(list(argv)))
        _out, err = capsys.readouterr()
        return status, err

    yield call
    if database_proxy.obj is not None:
        database_proxy.obj.close()
    database_proxy.initialize(None)


def foreign_database(path: Path) -> Path:
    with sqlite3.connect(path) as other:
        other.execute("CREATE TABLE notes (body TEXT)")
        other.execute("INSERT INTO notes VALUES ('another program''s data')")
    other.close()
    return path


def digest(path: Path) -> str:
    if path.is_dir():
        return ",".join(sorted(p.name for p in path.iterdir()))
    return hashlib.sha256(path.read_bytes()).hexdigest()


TARGETS: dict[str, Callable[[Path], Path]] = {
    "a text file": lambda tmp: _written(tmp / "notes.txt", b"not a database at all\n" * 50),
    "an empty file": lambda tmp: _written(tmp / "empty.sqlite3", b""),
    "a folder": lambda tmp: _folder(tmp / "a folder"),
    "another program's SQLite file": lambda tmp: foreign_database(tmp / "other.sqlite3"),
}


def _written(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def _folder(path: Path) -> Path:
    path.mkdir()
    (path / "inside.txt").write_text("x")
    return path


@pytest.mark.parametrize("target", list(TARGETS))
@pytest.mark.parametrize("command", list(OFFICE_COMMANDS))
def test_an_office_command_refuses_what_is_not_an_office_database(
    dadras: Callable[..., tuple[int, str]], tmp_path: Path, command: str, target: str
) -> None:
    path = TARGETS[target](tmp_path)
    out = tmp_path / "out"
    out.mkdir()
    before = digest(path)
    status, err = dadras(*OFFICE_COMMANDS[command](str(path), out))
    assert status == 2, err
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err
    assert "not a Dadras office database" in err or "folder" in err or "does not exist" in err
    assert digest(path) == before
    assert list(out.iterdir()) == []


def test_office_commands_refuse_the_central_database(
    dadras: Callable[..., tuple[int, str]], tmp_path: Path
) -> None:
    central = tmp_path / "central.db"
    status, err = dadras("central", "init", "--db", str(central), "--public-key",
                         str(tmp_path / "central.pub"))  # fmt: skip
    assert status == 0, err
    before = digest(central)
    for command in ("verify-audit", "report", "export", "keys"):
        status, err = dadras(*OFFICE_COMMANDS[command](str(central), tmp_path))
        assert status == 2 and "central system's database" in err, (command, err)
    assert digest(central) == before


def test_central_commands_refuse_an_office_or_foreign_database(
    dadras: Callable[..., tuple[int, str]], tmp_path: Path
) -> None:
    office = tmp_path / "office.sqlite3"
    status, err = dadras("setup", "--db", str(office), "--office-name", "دفتر", "--office-code",
                         "0123", "--province", "هرمزگان", "--county", "بندرعباس", "--admin",
                         "admin", "--admin-name", "مدیر")  # fmt: skip
    assert status == 0, err
    for target in (office, foreign_database(tmp_path / "other.sqlite3")):
        before = digest(target)
        for argv in (["status"], ["init", "--public-key", str(tmp_path / "c.pub")]):
            status, err = dadras("central", argv[0], "--db", str(target), *argv[1:])
            assert status != 0 and len(err.strip().splitlines()) == 1, err
        assert digest(target) == before
