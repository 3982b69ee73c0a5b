"""Files Dadras writes hold identities and keys: owner-only from the start, on Linux; a folder
the user named keeps its own permissions."""

from __future__ import annotations

import os
import stat
import subprocess
from pathlib import Path

import pytest

from tests.app.helpers import run_dadras
from tests.app.test_office_cli import OFFICE

pytestmark = pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")


def dadras(*argv: str, password: str = "admin-pass-1234") -> subprocess.CompletedProcess[str]:
    env = {"DADRAS_PASSWORD": password, "DADRAS_BACKUP_PASSPHRASE": "a long pass"}
    child = run_dadras(*argv, env=env)
    assert child.returncode == 0, child.stderr
    return child


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_the_database_its_copies_and_backups_are_owner_only(tmp_path: Path) -> None:
    office = tmp_path / "office"
    office.mkdir(mode=0o755)
    os.chmod(office, 0o755)  # whatever the test runner's umask
    db = office / "dadras.sqlite3"
    dadras("setup", "--db", str(db), *OFFICE, "--admin", "admin", "--admin-name", "مدیر")
    usb = tmp_path / "usb"
    usb.mkdir(mode=0o755)
    os.chmod(usb, 0o755)
    dadras("backup", "--db", str(db), "--to", str(usb), "--user", "admin")
    dadras("backup", "--db", str(db), "--to", str(usb), "--encrypt", "--user", "admin")
    written = [p for p in office.rglob("*") if p.is_file()] + list(usb.iterdir())
    assert db in written and len(list(usb.iterdir())) == 2
    assert {p.name: oct(mode(p)) for p in written} == {p.name: oct(0o600) for p in written}
    assert mode(office) == 0o755 and mode(usb) == 0o755  # folders the user named: untouched


def test_central_leaves_the_folder_it_is_given_alone(tmp_path: Path) -> None:
    folder = tmp_path / "central"
    folder.mkdir()
    os.chmod(folder, 0o755)
    dadras("central", "init", "--db", str(folder / "central.db"), "--public-key",
           str(tmp_path / "central.pub"))  # fmt: skip
    assert mode(folder) == 0o755
    assert mode(folder / "central.db") == 0o600
    child = run_dadras("central", "status", "--db", str(folder))
    assert child.returncode != 0 and len(child.stderr.strip().splitlines()) == 1
    assert mode(folder) == 0o755
