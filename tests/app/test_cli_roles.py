"""The command line runs as a user with the right, as the window would require: the role
matrix of every command that acts on an office, and the credentials of scheduled jobs."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from app.cli import parse, run
from app.permissions import Role, Session
from db.connection import database_proxy
from tests.app.helpers import central_key_file
from tests.conftest import ADMIN_PASSWORD, USER_PASSWORD

# Who may run each command (the window's rules).
ALLOWED = {
    "backup": {Role.ADMIN},
    "export": {Role.MANAGER, Role.ADMIN, Role.SYNC_OPERATOR},
    "keys": {Role.MANAGER, Role.ADMIN, Role.SYNC_OPERATOR},
    "report": {Role.MANAGER, Role.INSPECTOR},
    "verify-audit": {Role.MANAGER, Role.ADMIN},
}


def argv_for(command: str, db: str, out: Path) -> list[str]:
    return {
        "backup": ["backup", "--db", db, "--to", str(out)],
        "export": ["export", "--db", db, "--to", str(out)],
        "keys": ["keys", "--db", db, "--public-key", str(out / "office.pub")],
        "report": ["report", "dashboard", "--db", db],
        "verify-audit": ["verify-audit", "--db", db],
    }[command]


@pytest.fixture
def dadras(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> Iterator[Callable[..., tuple[int, str, str]]]:
    kept = database_proxy.obj

    def call(
        *argv: str, password: str | None = None, job: str | None = None
    ) -> tuple[int, str, str]:
        monkeypatch.delenv("DADRAS_JOB_CREDENTIAL", raising=False)
        if password is not None:
            monkeypatch.setenv("DADRAS_PASSWORD", password)
        if job is not None:
            monkeypatch.setenv("DADRAS_JOB_CREDENTIAL", job)
        status = run(parse(list(argv)))
        database_proxy.initialize(kept)
        out, err = capsys.readouterr()
        return status, out, err

    yield call


@pytest.fixture
def everyone(admin: Session, session_for, tmp_path: Path) -> dict[Role, str]:
    """A user of every role (the admin is ``admin``), in an office that knows central's key."""
    from app.sync import keys

    keys.set_central_key(None, central_key_file(tmp_path / "central.pub"))  # set up
    return {role: session_for(role).username for role in Role}


@pytest.mark.parametrize("command", list(ALLOWED))
def test_each_command_runs_only_as_a_role_with_the_right(
    db_path: Path,
    tmp_path: Path,
    everyone: dict[Role, str],
    dadras: Callable[..., tuple[int, str, str]],
    command: str,
) -> None:
    for role, username in everyone.items():
        out = tmp_path / role.value
        out.mkdir()
        password = ADMIN_PASSWORD if role is Role.ADMIN else USER_PASSWORD
        status, _, err = dadras(*argv_for(command, str(db_path), out), "--user", username,
                                password=password)  # fmt: skip
        if role in ALLOWED[command]:
            assert status == 0, (role, err)
        else:
            assert status == 1 and "اجازه" in err, (role, status, err)
            assert list(out.iterdir()) == [], role  # refused before anything was written


@pytest.mark.parametrize("command", list(ALLOWED))
def test_no_user_no_run(
    db_path: Path,
    tmp_path: Path,
    admin: Session,
    dadras: Callable[..., tuple[int, str, str]],
    command: str,
) -> None:
    status, _, err = dadras(*argv_for(command, str(db_path), tmp_path))
    assert status == 2 and "--user NAME is required" in err
    status, _, err = dadras(*argv_for(command, str(db_path), tmp_path), "--user", "admin",
                            password="not the password")  # fmt: skip
    assert status == 1 and "نادرست" in err


def test_a_scheduled_backup_runs_with_its_own_credential(
    db_path: Path,
    tmp_path: Path,
    admin: Session,
    dadras: Callable[..., tuple[int, str, str]],
) -> None:
    db = str(db_path)
    status, out, err = dadras("job-credential", "--db", db, "--admin", "admin", "--for", "backup",
                              password=ADMIN_PASSWORD)  # fmt: skip
    assert status == 0, err
    credential = out.strip()
    assert len(credential) >= 40 and credential not in db_path.read_bytes().decode("latin-1")
    usb = tmp_path / "usb"
    usb.mkdir()
    status, out, err = dadras("backup", "--db", db, "--to", str(usb), job=credential)
    assert status == 0, err
    assert len(list(usb.iterdir())) == 1

    # Only for its own job, only while it is the latest, never a guess.
    status, _, err = dadras("export", "--db", db, "--to", str(usb), job=credential)
    assert status == 1 and len(list(usb.iterdir())) == 1
    for wrong in ("guess", credential[:-1]):
        status, _, err = dadras("backup", "--db", db, "--to", str(usb), job=wrong)
        assert status == 1 and "اعتبارنامه" in err
    dadras("job-credential", "--db", db, "--admin", "admin", "--for", "backup",
           password=ADMIN_PASSWORD)  # fmt: skip
    status, _, err = dadras("backup", "--db", db, "--to", str(usb), job=credential)
    assert status == 1 and len(list(usb.iterdir())) == 1


def test_only_the_administrator_makes_job_credentials(
    db_path: Path, everyone: dict[Role, str], dadras: Callable[..., tuple[int, str, str]]
) -> None:
    status, out, err = dadras("job-credential", "--db", str(db_path), "--admin",
                              everyone[Role.MANAGER], "--for", "export",
                              password=USER_PASSWORD)  # fmt: skip
    assert status == 1 and out == "" and "اجازه" in err


def test_the_central_key_is_changed_by_a_manager_with_a_second_person(
    db_path: Path,
    tmp_path: Path,
    everyone: dict[Role, str],
    dadras: Callable[..., tuple[int, str, str]],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from app.sync import keys

    before = keys.central_keys()
    new_key = central_key_file(tmp_path / "new-central.pub")
    db, manager = str(db_path), everyone[Role.MANAGER]
    status, _, err = dadras("keys", "--db", db, "--central-key", str(new_key), "--user", "admin",
                            password=ADMIN_PASSWORD)  # fmt: skip
    assert status == 1 and keys.central_keys() == before  # the administrator alone: no
    status, _, err = dadras("keys", "--db", db, "--central-key", str(new_key), "--user", manager,
                            password=USER_PASSWORD)  # fmt: skip
    assert status == 1 and "تأیید" in err and keys.central_keys() == before
    monkeypatch.setenv("DADRAS_CONFIRM_PASSWORD", ADMIN_PASSWORD)
    status, _, err = dadras("keys", "--db", db, "--central-key", str(new_key), "--user", manager,
                              "--confirm-user", "admin", password=USER_PASSWORD)  # fmt: skip
    assert status == 0, err
    changed = keys.last_key_change()
    assert changed is not None and (changed.by, changed.confirmed_by) == (manager, "admin")
