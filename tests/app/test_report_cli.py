"""``dadras report``: the hand-worked case history of ``test_reports`` on the command line,
printed and saved, on the office database and on the central one."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import openpyxl
import pytest

from app.cli import parse, run
from app.permissions import Role
from db.connection import database_proxy
from tests.app.test_central_reports import FIRST_OFFICE, SECOND_OFFICE, two_offices  # noqa: F401
from tests.app.test_pdf_rtl import pdf_logical_text
from tests.app.test_reports import build_cases, cases, manager, on  # noqa: F401
from tests.conftest import ADMIN_PASSWORD, USER_PASSWORD

ABAN = ["--from", "1405/08/01", "--to", "1405/08/30"]


@pytest.fixture
def dadras(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    session_for,
) -> Iterator[object]:
    """``dadras(*argv)`` → (status, stdout lines, stderr); the test's database stays open.
    On an office database the report runs as its manager."""
    kept = database_proxy.obj
    reader = session_for(Role.MANAGER)
    monkeypatch.setenv("DADRAS_PASSWORD", USER_PASSWORD)

    def call(*argv: str) -> tuple[int, list[str], str]:
        if "--db" in argv and "--user" not in argv:
            argv = (*argv, "--user", reader.username)
        status = run(parse(list(argv)))
        database_proxy.initialize(kept)
        out, err = capsys.readouterr()
        return status, out.splitlines(), err

    yield call


def rows(lines: list[str]) -> list[list[str]]:
    """The printed table without its title and subtitle."""
    return [line.split("\t") for line in lines[2:]]


def test_the_scorecard_is_printed_ranked(
    db_path: Path,
    cases: dict[str, int],  # noqa: F811
    dadras,
) -> None:
    status, lines, _ = dadras("report", "scorecard", "--db", str(db_path), *ABAN)
    assert status == 0
    assert lines[0] == "کارنامه‌ی واحدها"
    assert lines[1] == "دریافت‌شده از ۱۴۰۵/۰۸/۰۱ تا ۱۴۰۵/۰۸/۳۰"
    header, first, second = rows(lines)
    assert header[:3] == ["رتبه", "واحد", "شکایت‌های دریافتی"]
    # Unit 1: 3 received, 2 referred, 1 in time, 1 late, none overdue, 50% on time.
    assert first[0] == "1" and first[2:8] == ["3", "2", "1", "1", "0", "50.0"]
    assert second[2:7] == ["2", "1", "0", "0", "1"]


def test_a_unit_filter_and_the_saved_workbook(
    db_path: Path,
    tmp_path: Path,
    cases: dict[str, int],  # noqa: F811
    dadras,
) -> None:
    status, lines, _ = dadras("report", "dashboard", "--db", str(db_path), *ABAN)
    unit = next(line.split("\t")[0] for line in lines if line.startswith("واحد: "))[6:]
    out = tmp_path / "dashboard.xlsx"
    status, lines, _ = dadras(
        "report", "dashboard", "--db", str(db_path), *ABAN, "--unit", unit, "--out", str(out)
    )
    assert status == 0 and lines[-1].startswith(f"{out}: ")
    sheet = openpyxl.load_workbook(out).active
    assert sheet is not None and sheet.sheet_view.rightToLeft
    values = {row[0]: row[1] for row in sheet.iter_rows(values_only=True) if row[0]}
    assert values["شکایت‌های دریافتی"] == "۳"  # unit 1's: A, B and E


def test_the_printed_report_is_a_pdf(
    db_path: Path,
    tmp_path: Path,
    cases: dict[str, int],  # noqa: F811
    dadras,
) -> None:
    out = tmp_path / "scorecard.pdf"
    status, _, _ = dadras("report", "scorecard", "--db", str(db_path), *ABAN, "--out", str(out))
    assert status == 0
    text = pdf_logical_text(out.read_bytes())
    assert "کارنامه‌ی واحدها" in text
    assert "دفتر بازرسی و رسیدگی به شکایات استان هرمزگان" in text


def test_offices_are_compared_from_the_central_database(
    two_offices: tuple[str, dict[str, int]],  # noqa: F811
    dadras,
) -> None:
    central_url = two_offices[0]
    status, lines, err = dadras("report", "offices", "--central", central_url, *ABAN)
    assert status == 0, err
    assert lines[0] == "مقایسه‌ی دفترها"
    header, *offices = rows(lines)
    assert header[1] == "دفتر"
    assert sorted(office[1] for office in offices) == sorted([FIRST_OFFICE, SECOND_OFFICE])
    assert all(office[2:7] == ["5", "3", "1", "1", "1"] for office in offices)
    status, lines, _ = dadras(
        "report", "dashboard", "--central", central_url, *ABAN, "--office", "456"
    )
    assert status == 0 and lines[2:3] == ["شاخص\tمقدار"]
    assert "شکایت‌های دریافتی\t۵" in lines


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["offices", "--db", "{db}"], "give --central"),
        (["dashboard", "--db", "{db}", "--office", "1"], "--office needs --central"),
        (["dashboard", "--db", "{db}", "--from", "1405/08/30", "--to", "1405/08/01"], "first day"),
        (["dashboard", "--db", "{db}", "--from", "1405/08/01"], "both --from and --to"),
        (["dashboard", "--db", "{db}", "--unit", "واحدی که نیست"], "no unit named"),
        (["dashboard", "--db", "{tmp}/missing.db"], "does not exist"),
    ],
)
def test_bad_requests_are_refused_plainly(
    db_path: Path,
    tmp_path: Path,
    dadras,
    argv: list[str],
    message: str,
) -> None:
    filled = [a.replace("{db}", str(db_path)).replace("{tmp}", str(tmp_path)) for a in argv]
    status, lines, err = dadras("report", *filled)
    assert status == 2 and lines == [] and message in err


def test_a_report_needs_a_user_with_the_right(
    db_path: Path,
    admin,
    dadras,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("DADRAS_PASSWORD", ADMIN_PASSWORD)
    status, lines, err = dadras("report", "dashboard", "--db", str(db_path), "--user", "admin")
    assert status == 1 and lines == [] and "اجازه" in err  # the administrator sees no reports


def test_a_missing_central_database_is_refused(
    tmp_path: Path,
    dadras,
) -> None:
    status, _, err = dadras("report", "dashboard", "--central", str(tmp_path / "none.db"))
    assert status == 1 and "وجود ندارد" in err
    assert not list(tmp_path.glob("*.db"))
