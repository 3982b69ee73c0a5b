"""Backups of a populated office database, and restoring them: what was backed up comes back,
stored files included; a damaged, foreign or newer file, or a wrong passphrase, changes
nothing."""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

import pytest

from app import audit, backup, lists, referrals
from app.backup import BackupError
from app.permissions import Role, Session
from app.persian import isolated, ltr
from app.referrals import ReferralRequest, ResponseInput
from db.connection import execute
from db.models import Complaint, Letter, StoredFile
from tests.app.helpers import register

PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4


@pytest.fixture
def manager(session_for) -> Session:  # type: ignore[no-untyped-def]
    return session_for(Role.MANAGER)  # type: ignore[no-any-return]


@pytest.fixture
def office(manager: Session) -> None:
    """Complaints, a referral letter (a stored PDF) and a response with its scan (a PNG)."""
    unit = lists.list_units(manager)[0].id
    first = register(manager).complaint_id
    register(manager, subject="قطعی مکرر آب در محله")
    (referral,) = referrals.refer(manager, ReferralRequest(first, (unit,)))
    referrals.record_response(
        manager, ResponseInput(referral.id, None, "موضوع بررسی شد.", "۱۲/ص", PNG)
    )


def state() -> dict[str, object]:
    """What a restore must bring back: every complaint and every stored file, byte for byte."""
    return {
        "complaints": sorted(c.tracking_code for c in Complaint.select()),
        "letters": sorted(str(letter.number) for letter in Letter.select()),
        "files": sorted(
            (str(f.sha256), hashlib.sha256(bytes(f.data)).hexdigest()) for f in StoredFile.select()
        ),
    }


def test_a_backup_round_trips_with_its_stored_files(
    manager: Session, office: None, tmp_path: Path
) -> None:
    before = state()
    assert hashlib.sha256(PNG).hexdigest() in dict(before["files"])  # type: ignore[arg-type]
    made = backup.make_backup(tmp_path / "backups")
    assert made.path.name.startswith("dadras-0123-") and not made.encrypted
    register(manager, subject="پس از پشتیبان‌گیری")  # a change the restore must undo
    after_backup = state()

    restored = backup.restore(made.path, tmp_path / "safety")

    assert state() == before
    assert restored.office_code == 123
    assert audit.verify_chain().ok
    with sqlite3.connect(restored.safety_copy) as safety:  # the database as it was kept
        codes = sorted(row[0] for row in safety.execute("SELECT tracking_code FROM complaint"))
    assert codes == after_backup["complaints"]
    (mode,) = execute("PRAGMA journal_mode").fetchone()
    assert mode == "wal"


def test_an_encrypted_backup_needs_its_passphrase(
    manager: Session, office: None, tmp_path: Path
) -> None:
    before = state()
    made = backup.make_backup(tmp_path, "گذرواژه‌ی پشتیبان ۱۲۳")
    assert made.encrypted and backup.is_encrypted(made.path)
    assert b"SQLite format 3" not in made.path.read_bytes()
    assert "قطعی مکرر".encode() not in made.path.read_bytes()
    register(manager, subject="پس از پشتیبان‌گیری")
    changed = state()
    for wrong in (None, "رمز اشتباه"):
        with pytest.raises(BackupError):
            backup.restore(made.path, tmp_path / "safety", wrong)
        assert state() == changed  # refused: nothing changed
    backup.restore(made.path, tmp_path / "safety", "گذرواژه‌ی پشتیبان ۱۲۳")
    assert state() == before


def refused_with(path: Path, tmp_path: Path, fragment: str) -> None:
    before = state()
    with pytest.raises(BackupError) as caught:
        backup.restore(path, tmp_path / "safety")
    assert fragment in caught.value.message
    assert state() == before
    assert not list((tmp_path / "safety").glob("before-restore-*"))


def test_a_damaged_backup_is_refused(office: None, tmp_path: Path) -> None:
    made = backup.make_backup(tmp_path)
    data = bytearray(made.path.read_bytes())
    middle = len(data) // 2
    data[middle : middle + 4096] = b"\x00\xff" * 2048
    made.path.write_bytes(bytes(data))
    refused_with(made.path, tmp_path, "آسیب")
    (tmp_path / "notes.txt").write_text("not a database")
    refused_with(tmp_path / "notes.txt", tmp_path, "آسیب")


def test_a_backup_of_another_office_is_refused(office: None, tmp_path: Path) -> None:
    made = backup.make_backup(tmp_path)
    with sqlite3.connect(made.path) as other:
        other.execute("UPDATE office SET code = 456")
    refused_with(made.path, tmp_path, "دفتر دیگری")


def test_a_database_that_is_not_dadras_is_refused(office: None, tmp_path: Path) -> None:
    stranger = tmp_path / "other.sqlite3"
    with sqlite3.connect(stranger) as other:
        other.execute("CREATE TABLE notes (body TEXT)")
    refused_with(stranger, tmp_path, "دادرس نیست")


def test_a_backup_from_a_newer_version_is_refused(office: None, tmp_path: Path) -> None:
    made = backup.make_backup(tmp_path)
    with sqlite3.connect(made.path) as newer:
        newer.execute(
            "INSERT INTO schema_migration (name, applied) VALUES ('0099_future', '2030-01-01')"
        )
    refused_with(made.path, tmp_path, "تازه‌تر")


def test_only_the_newest_backups_are_kept(office: None, tmp_path: Path) -> None:
    made = [backup.make_backup(tmp_path, keep=2) for _ in range(3)]
    kept = backup.backups_in(tmp_path, 123)
    assert len(kept) == 2 and made[-1].path in [b.path for b in kept]
    (tmp_path / "dadras-0456-20260101-000000.sqlite3").write_bytes(b"another office's")
    backup.make_backup(tmp_path, keep=1)
    assert len(backup.backups_in(tmp_path, 123)) == 1
    assert (tmp_path / "dadras-0456-20260101-000000.sqlite3").exists()  # not ours to delete


def test_the_automatic_backup_plan(admin: Session, office: None, tmp_path: Path) -> None:
    import datetime as dt

    from app.errors import ValidationError

    with pytest.raises(ValidationError) as caught:
        backup.set_plan(admin, None, 24, 0, "کوتاه", change_passphrase=True)
    assert set(caught.value.fields) == {"folder", "keep", "passphrase"}
    assert not backup.plan().automatic
    backup.set_plan(admin, tmp_path, 12, 2, None, change_passphrase=False)
    plan = backup.plan()
    assert plan.automatic and (plan.every_hours, plan.keep, plan.encrypted) == (12, 2, False)
    now = dt.datetime(2026, 11, 23, 8, 0, tzinfo=dt.UTC)
    assert backup.automatic_due(now, plan, None)
    assert not backup.automatic_due(now, plan, now - dt.timedelta(hours=11))
    assert backup.automatic_due(now, plan, now - dt.timedelta(hours=12))
    for hour in range(3):
        backup.run_automatic(now + dt.timedelta(hours=hour))
    assert len(backup.backups_in(tmp_path, 123)) == 2
    assert backup.last_automatic() == now + dt.timedelta(hours=2)


def test_messages_keep_paths_and_file_names_whole(office: None, tmp_path: Path) -> None:
    """A path in a Persian message is isolated left to right, so /a/b is not shown as a/b/;
    a file name in its own direction."""
    missing = tmp_path / "nowhere" / "dadras-0123.sqlite3"
    with pytest.raises(BackupError) as caught:
        backup.restore(missing, tmp_path / "safety")
    assert caught.value.message == f"پرونده‌ی «{ltr(missing)}» پیدا نشد."
    odd = tmp_path / "notes.txt"
    odd.write_text("x")
    with pytest.raises(BackupError) as caught:
        backup.describe(odd)
    assert caught.value.message == f"«{isolated('notes.txt')}» نام یک نسخه‌ی پشتیبان دادرس نیست."
