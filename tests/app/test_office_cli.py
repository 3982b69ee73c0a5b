"""An office from the command line: set up, a clerk added, a complaint registered, backed up
and restored, as a script (or the packaged app's smoke test) would do it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from app.cli import parse, run
from db.connection import database_proxy

OFFICE = ["--office-name", "دفتر بازرسی بندرعباس", "--office-code", "0123",
          "--province", "هرمزگان", "--county", "بندرعباس"]  # fmt: skip
COMPLAINT = ["--subject", "تأخیر در صدور پروانه", "--description", "سه ماه است معطل مانده است."]


@pytest.fixture
def dadras(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> Iterator[object]:
    """``dadras(*argv, password=…)`` → (status, stdout lines, stderr)."""

    def call(*argv: str, password: str = "admin-pass-1234") -> tuple[int, list[str], str]:
        monkeypatch.setenv("DADRAS_PASSWORD", password)
        status = run(parse(list(argv)))
        out, err = capsys.readouterr()
        return status, out.splitlines(), err

    yield call
    if database_proxy.obj is not None:
        database_proxy.obj.close()
    database_proxy.initialize(None)


def received(dadras, db: Path) -> str:
    status, lines, err = dadras(
        "report", "dashboard", "--db", str(db), "--period", "this_month", "--user", "manager",
        password="manager-pass-1234",
    )  # fmt: skip
    assert status == 0, err
    return dict(line.split("\t") for line in lines[2:])["شکایت‌های دریافتی"]  # type: ignore[no-any-return]


def test_an_office_set_up_and_used_from_the_command_line(
    dadras,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    db = tmp_path / "office.sqlite3"
    status, lines, _ = dadras(
        "setup", "--db", str(db), *OFFICE, "--admin", "admin", "--admin-name", "مدیر سامانه"
    )
    assert status == 0 and db.exists()
    monkeypatch.setenv("DADRAS_NEW_PASSWORD", "clerk-pass-1234")
    status, _, err = dadras(
        "add-user", "--db", str(db), "--admin", "admin", "--username", "clerk",
        "--full-name", "کارمند پذیرش", "--role", "clerk",
    )  # fmt: skip
    assert status == 0, err
    monkeypatch.setenv("DADRAS_NEW_PASSWORD", "manager-pass-1234")
    status, _, err = dadras(
        "add-user", "--db", str(db), "--admin", "admin", "--username", "manager",
        "--full-name", "مدیر دفتر", "--role", "manager",
    )  # fmt: skip
    assert status == 0, err

    status, lines, err = dadras(
        "register", "--db", str(db), "--user", "clerk", *COMPLAINT,
        "--full-name", "علی رضایی", "--mobile", "09121234567", password="clerk-pass-1234",
    )  # fmt: skip
    assert status == 0, err
    (code,) = lines
    assert code.startswith("0123") and code.isdigit()
    assert received(dadras, db) == "۱"

    status, _, err = dadras("backup", "--db", str(db), "--to", str(tmp_path / "backups"))
    assert status == 2 and "--user NAME is required" in err
    status, _, err = dadras("backup", "--db", str(db), "--to", str(tmp_path / "backups"),
                            "--user", "manager", password="manager-pass-1234")  # fmt: skip
    assert status == 1 and "اجازه" in err  # backups are the administrator's
    status, _, err = dadras(
        "backup", "--db", str(db), "--to", str(tmp_path / "usb" / "dadras"), "--user", "admin"
    )
    assert status == 2 and "does not exist" in err and not (tmp_path / "usb").exists()
    status, lines, err = dadras(
        "backup", "--db", str(db), "--to", str(tmp_path / "backups"), "--create", "--user", "admin"
    )
    assert status == 0, err
    (made,) = lines
    dadras("register", "--db", str(db), "--user", "clerk", *COMPLAINT, password="clerk-pass-1234")
    assert received(dadras, db) == "۲"
    status, lines, _ = dadras("restore", made, "--db", str(db), "--user", "admin")
    assert status == 0 and Path(lines[1]).exists()  # the database before the restore
    assert lines[-1].startswith("no share to read")  # the office never exported
    assert received(dadras, db) == "۱"

    # The computer died: the backup becomes the office's database on a new one.
    new = tmp_path / "new computer" / "office.sqlite3"
    status, lines, err = dadras("restore", made, "--db", str(new))
    assert status == 0, err
    assert received(dadras, new) == "۱"


def test_bad_requests_get_one_line_and_status_2(
    dadras,
    tmp_path: Path,
) -> None:
    db = tmp_path / "office.sqlite3"
    dadras("setup", "--db", str(db), *OFFICE, "--admin", "admin", "--admin-name", "مدیر سامانه")
    status, _, err = dadras(
        "setup", "--db", str(db), *OFFICE, "--admin", "admin", "--admin-name", "مدیر"
    )
    assert status == 2 and "already exists" in err
    status, _, err = dadras(
        "register", "--db", str(db), "--user", "admin", "--subject", "", "--description", "x"
    )
    assert status == 1 and "اجازه" in err  # an administrator does not register complaints
    status, _, err = dadras("register", "--db", str(db), "--user", "admin", *COMPLAINT,
                            "--channel", "pigeon")  # fmt: skip
    assert status == 2 and "channel must be one of" in err
    status, _, err = dadras(
        "restore", str(tmp_path / "missing.backup"), "--db", str(db), "--user", "admin"
    )
    assert status == 1 and "پیدا نشد" in err
    status, _, err = dadras("register", "--db", str(db), "--user", "admin", *COMPLAINT,
                            password="wrong-password")  # fmt: skip
    assert status == 1 and "نادرست" in err


def test_an_office_server_that_cannot_be_reached_is_one_line(
    dadras,
) -> None:
    url = "postgresql://clerk:secret@127.0.0.1:1/office"
    status, _, err = dadras("report", "dashboard", "--db", url, "--user", "manager")
    assert status == 1 and "the database server cannot be reached" in err
    assert len(err.strip().splitlines()) == 1


def test_a_server_url_stays_a_url_and_is_shown_without_its_password() -> None:
    from app.paths import database_target, local_folder, shown

    url = "postgresql://clerk:s3cret@db.office.local:5432/dadras?sslmode=require"
    assert database_target(url) == url
    assert shown(url) == "postgresql://clerk@db.office.local:5432/dadras?sslmode=require"
    assert database_target("office.sqlite3") == Path("office.sqlite3")
    assert local_folder(Path("/data/office.sqlite3")) == Path("/data")
