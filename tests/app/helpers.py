"""Small builders shared by the service tests."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from app import lists
from app.errors import ValidationError
from app.permissions import Session
from app.registration import ComplaintInput, Registered, register_complaint
from app.vocabulary import Channel, Identity, Kind

VALID_NATIONAL_CODE = "0499370899"
VALID_MOBILE = "09121234567"


def complaint_input(session: Session, **changes: object) -> ComplaintInput:
    unit = lists.list_units(session)[0]
    category = lists.list_categories(session)[0]
    values: dict[str, object] = {
        "identity": Identity.NAMED,
        "kind": Kind.COMPLAINT,
        "channel": Channel.WALK_IN,
        "unit_id": unit.id,
        "category_id": category.id,
        "subject": "تأخیر در صدور پروانه‌ی ساختمانی",
        "description": "از سه ماه پیش پرونده‌ام در شهرداری معطل مانده است.",
        "received_on": dt.date.today() - dt.timedelta(days=1),
        "full_name": "علی رضایی",
        "national_code": VALID_NATIONAL_CODE,
        "mobile": VALID_MOBILE,
        "address": "بندرعباس، خیابان امام",
        "county": "بندرعباس",
    }
    values.update(changes)
    return ComplaintInput(**values)  # type: ignore[arg-type]


def register(session: Session, **changes: object) -> Registered:
    return register_complaint(session, complaint_input(session, **changes))


@contextmanager
def refused(fragment: str) -> Iterator[None]:
    """Expect a ValidationError whose field messages mention ``fragment``."""
    with pytest.raises(ValidationError) as caught:
        yield
    messages = list(caught.value.fields.values())
    assert any(fragment in message for message in messages), messages


def full_disk_error() -> BaseException:
    """What SQLite raises on a full disk once the rollback after it has failed too: the
    message the user would otherwise see is about the rollback."""
    import sqlite3

    try:
        try:
            raise sqlite3.OperationalError("database or disk is full")
        except sqlite3.OperationalError:
            raise sqlite3.OperationalError("cannot rollback - no transaction is active") from None
    except sqlite3.OperationalError as exc:
        return exc  # ``from None`` hides the cause from a traceback, not from ``__context__``
    raise AssertionError("unreachable")


def run_dadras(
    *argv: str, cwd: Path | None = None, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """The ``dadras`` command in a process of its own, as an operator runs it."""
    root = Path(__file__).resolve().parents[2]
    return subprocess.run(
        [sys.executable, "-m", "ui.launcher", *argv],
        cwd=cwd or root,
        env={**os.environ, "PYTHONPATH": str(root), **(env or {})},
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def central_key_file(path: Path) -> Path:
    """A central system's public-key file for a key pair made for the test; its path."""
    from app.sync.package import KeyPair, write_public_key_file

    pair = KeyPair.generate()
    write_public_key_file(
        path,
        office_code=None,
        signing_public_key=pair.signing_public_key,
        age_recipient=pair.age_recipient,
    )
    return path
