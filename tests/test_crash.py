"""kill -9 a process while it registers complaints: the database stays sound and complete."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from app.permissions import Session
from db.connection import database_proxy

ROOT = Path(__file__).resolve().parents[1]

WRITER = textwrap.dedent(
    """
    import sys
    from app import lists, users
    from app.registration import ComplaintInput, register_complaint
    from app.vocabulary import Channel, Identity, Kind
    from app.jalali import today
    from db.schema import open_database

    open_database(sys.argv[1])
    session = users.login("admin", sys.argv[2])
    clerk = users.login("clerk", "clerk-pass-1")
    unit = lists.list_units(clerk)[0].id
    category = lists.list_categories(clerk)[0].id
    i = 0
    while True:
        i += 1
        done = register_complaint(clerk, ComplaintInput(
            identity=Identity.NAMED, kind=Kind.COMPLAINT, channel=Channel.WALK_IN,
            unit_id=unit, category_id=category, subject=f"شکایت شماره {i}",
            description="شرح " * 50, received_on=today(), full_name="علی رضایی",
            mobile="09121234567"))
        print(done.tracking_code, flush=True)
    """
)


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs POSIX kill -9")
def test_kill_minus_nine_while_registering(admin: Session, db_path: Path) -> None:
    from app import users
    from app.permissions import Role
    from tests.conftest import ADMIN_PASSWORD

    users.create_user(admin, "clerk", "متصدی", Role.CLERK, "clerk-pass-1")
    database_proxy.obj.close()

    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    process = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(db_path), ADMIN_PASSWORD],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    assert process.stdout is not None
    returned: list[str] = []
    while len(returned) < 60:
        line = process.stdout.readline()
        if not line:
            raise AssertionError(f"writer died: {process.stderr.read() if process.stderr else ''}")
        returned.append(line.strip())
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    process.stdout.close()
    if process.stderr:
        process.stderr.close()

    with sqlite3.connect(db_path) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        stored = {row[0] for row in connection.execute("SELECT tracking_code FROM complaint")}
        counter = connection.execute(
            "SELECT value FROM counter WHERE name = 'complaint_serial'"
        ).fetchone()[0]
        fts = connection.execute("SELECT count(*) FROM complaint_search").fetchone()[0]
    connection.close()
    assert set(returned) <= stored
    assert counter == len(stored) == fts
