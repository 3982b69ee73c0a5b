"""The log: what happened goes to a private rotating file, by ids only, never a complainant's
identity or words; failures of the computer get a message saying what to do."""

from __future__ import annotations

import logging
import sqlite3
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from app import log, lookup, referrals
from app.errors import EnvironmentProblem, environment_problem
from app.permissions import Role, Session
from app.referrals import ReferralRequest, ResponseInput
from tests.app.helpers import full_disk_error, register, run_dadras
from tests.app.test_office_cli import OFFICE

ROOT = Path(__file__).resolve().parents[2]

# Values no log line may ever hold: a complainant's identity and what they wrote.
CANARY_NAME = "کاناری زرین‌پوراسکویی"
CANARY_NATIONAL_CODE = "0084575948"
CANARY_MOBILE = "09187654321"
CANARY_ADDRESS = "کوچه‌ی کاناری‌ستان پلاک ۹۱۷"
CANARY_SUBJECT = "شکایت کاناری از آبرسانی"
CANARY_TEXT = "متن کاناری که هرگز نباید در گزارش رویدادها بیاید"
CANARIES = (
    CANARY_NAME,
    CANARY_NATIONAL_CODE,
    CANARY_MOBILE,
    "9187654321",
    CANARY_ADDRESS,
    CANARY_SUBJECT,
    CANARY_TEXT,
    "کاناری",
)


@pytest.fixture
def log_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """This process logging to a folder of the test's own."""
    monkeypatch.setenv(log.LOG_DIR_VARIABLE, str(tmp_path / "logs"))
    monkeypatch.setattr(log, "_configured", None)
    root = logging.getLogger("dadras")
    handlers = list(root.handlers)
    path = log.configure()
    assert path == tmp_path / "logs" / "dadras.log"
    yield path
    for handler in root.handlers[:]:
        if handler not in handlers:
            handler.close()
            root.removeHandler(handler)


def test_a_named_complaint_and_its_case_leave_ids_only(
    session_for,
    log_file: Path,
) -> None:
    clerk: Session = session_for(Role.CLERK)
    manager: Session = session_for(Role.MANAGER)
    registered = register(
        clerk,
        full_name=CANARY_NAME,
        national_code=CANARY_NATIONAL_CODE,
        mobile=CANARY_MOBILE,
        address=CANARY_ADDRESS,
        subject=CANARY_SUBJECT,
        description=CANARY_TEXT,
    )
    from app import lists

    unit = lists.list_units(manager)[0].id
    (referral,) = referrals.refer(manager, ReferralRequest(registered.complaint_id, (unit,)))
    referrals.record_response(manager, ResponseInput(referral.id, None, CANARY_TEXT, "۱/ص", None))
    assert lookup.count(clerk, lookup.parse_query(CANARY_NAME)) == 1  # a search logs nothing
    text = log_file.read_text(encoding="utf-8")
    assert " complaint " in text and " referral " in text
    for canary in CANARIES:
        assert canary not in text, canary


def test_the_log_is_private_to_its_user(log_file: Path) -> None:
    log.get("test").info("a line")
    assert stat.S_IMODE(log_file.stat().st_mode) == 0o600
    assert stat.S_IMODE(log_file.parent.stat().st_mode) == 0o700


def test_an_unknown_user_name_is_not_logged(admin: Session, log_file: Path) -> None:
    from app import users
    from app.errors import AuthenticationError

    with pytest.raises(AuthenticationError):
        users.login("my-secret-password-typed-here", "x")
    text = log_file.read_text(encoding="utf-8")
    assert "login failed" in text and "my-secret-password-typed-here" not in text


def test_a_command_that_fails_unexpectedly_says_one_line_and_logs_the_trace(
    tmp_path: Path,
) -> None:
    db = tmp_path / "office.sqlite3"
    made = run_dadras("setup", "--db", str(db), *OFFICE, "--admin", "admin", "--admin-name",
                      "مدیر", env={"DADRAS_PASSWORD": "admin-pass-1234"})  # fmt: skip
    assert made.returncode == 0, made.stderr
    with sqlite3.connect(db) as broken:  # a bug's stand-in: a table the code expects is gone
        broken.execute("ALTER TABLE audit_event RENAME TO audit_event_gone")
    broken.close()
    child = run_dadras(
        "verify-audit", "--db", str(db), "--user", "admin",
        env={log.LOG_DIR_VARIABLE: str(tmp_path / "logs"), "DADRAS_PASSWORD": "admin-pass-1234"},
    )  # fmt: skip
    assert child.returncode == 1
    assert len(child.stderr.strip().splitlines()) == 1, child.stderr
    assert "Traceback" not in child.stderr
    assert "unexpected error" in child.stderr and "dadras.log" in child.stderr
    logged = (tmp_path / "logs" / "dadras.log").read_text(encoding="utf-8")
    assert "command verify-audit" in logged and "Traceback" in logged


def test_a_full_disk_behind_a_failed_rollback_is_named() -> None:
    problem = environment_problem(full_disk_error())
    assert isinstance(problem, EnvironmentProblem) and problem.kind == "disk_full"
    assert "جا" in problem.message


@pytest.mark.parametrize(
    ("error", "kind"),
    [
        (sqlite3.OperationalError("database is locked"), "locked"),
        (sqlite3.OperationalError("attempt to write a readonly database"), "read_only"),
        (sqlite3.OperationalError("disk I/O error"), "io_error"),
        (OSError(28, "No space left on device"), "disk_full"),
        (OSError(30, "Read-only file system"), "read_only"),
        (Exception("server closed the connection unexpectedly"), "server_gone"),
    ],
)
def test_environment_failures_are_told_apart(error: BaseException, kind: str) -> None:
    problem = environment_problem(error)
    assert problem is not None and problem.kind == kind and problem.message


def test_a_bug_is_not_an_environment_failure() -> None:
    assert environment_problem(ValueError("bad value")) is None
    assert environment_problem(KeyError("x")) is None
