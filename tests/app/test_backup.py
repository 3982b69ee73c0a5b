"""Backups of a populated office database, and restoring them: what was backed up comes back,
stored files included; a damaged, foreign or newer file, or a wrong passphrase, changes
nothing."""

from __future__ import annotations

import base64
import errno
import hashlib
import os
import random
import sqlite3
import time
from pathlib import Path

import pyrage
import pytest

from app import audit, backup, lists, referrals
from app.backup import MAGIC, BackupError
from app.permissions import Role, Session
from app.persian import isolated, ltr
from app.referrals import ReferralRequest, ResponseInput
from db.connection import execute
from db.models import Complaint, Letter, StoredFile
from tests.app.helpers import register

PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4


@pytest.fixture
def manager(session_for) -> Session:
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
    assert hashlib.sha256(PNG).hexdigest() in dict(before["files"])
    made = backup.make_backup(folder(tmp_path / "backups"))
    assert made.path.name.startswith("dadras-0123-") and not made.encrypted
    assert made.path.name.endswith(".backup")
    assert [p.name for p in made.path.parent.iterdir()] == [made.path.name]
    register(manager, subject="پس از پشتیبان‌گیری")  # a change the restore must undo
    after_backup = state()

    restored = backup.restore(made.path, tmp_path / "safety")

    assert state() == before
    assert restored.office_code == 123
    assert audit.verify_chain().ok
    assert restored.safety_copy is not None
    with sqlite3.connect(restored.safety_copy) as safety:  # the database as it was kept
        codes = sorted(row[0] for row in safety.execute("SELECT tracking_code FROM complaint"))
    assert codes == after_backup["complaints"]
    (mode,) = execute("PRAGMA journal_mode").fetchone()
    assert mode == "wal"


def folder(path: Path) -> Path:
    path.mkdir(parents=True, exist_ok=True)
    return path


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
    refused_with(tmp_path / "notes.txt", tmp_path, "نسخه‌ی پشتیبانی نیست")


@pytest.mark.parametrize("encrypted", [False, True])
def test_every_single_bit_flip_and_truncation_is_refused(
    office: None, tmp_path: Path, encrypted: bool
) -> None:
    passphrase = "گذرواژه‌ی پشتیبان" if encrypted else None
    made = backup.make_backup(folder(tmp_path / "kept"), passphrase)
    good = made.path.read_bytes()
    rng = random.Random(7)
    before = state()
    damaged = tmp_path / made.path.name
    spots = [rng.randrange(len(good)) for _ in range(60)] + [0, len(MAGIC), len(good) - 1]
    for spot in spots:
        data = bytearray(good)
        data[spot] ^= 1 << rng.randrange(8)
        damaged.write_bytes(bytes(data))
        with pytest.raises(BackupError):
            backup.restore(damaged, tmp_path / "safety", passphrase)
    for cut in (1, 32, 33, len(good) // 2):
        damaged.write_bytes(good[:-cut])
        with pytest.raises(BackupError):
            backup.restore(damaged, tmp_path / "safety", passphrase)
    assert state() == before
    assert not list((tmp_path / "safety").glob("before-restore-*"))


def _backup_then_undo(tmp_path: Path, change: str, undo: str) -> Path:
    """A backup made with ``change`` in the database (by Dadras, so its tag holds), then the
    live database put back with ``undo``: what an intruder's planted backup would hold."""
    execute(change)
    made = backup.make_backup(folder(tmp_path / "planted"))
    execute(undo)
    return made.path


def test_a_backup_of_another_office_is_refused(office: None, tmp_path: Path) -> None:
    planted = _backup_then_undo(
        tmp_path, "UPDATE office SET code = 456", "UPDATE office SET code = 123"
    )
    refused_with(planted, tmp_path, "دفتر دیگری")


def test_a_backup_keyed_to_another_office_is_refused(office: None, tmp_path: Path) -> None:
    made = backup.make_backup(tmp_path)
    execute(
        "UPDATE setting SET value = ? WHERE key = ?",
        (base64.b64encode(bytes(32)).decode(), backup.KEY_SETTING),
    )
    refused_with(made.path, tmp_path, "از این دفتر نیست")


@pytest.mark.parametrize(
    "added",
    [
        "CREATE TRIGGER steal AFTER INSERT ON complaint"
        " BEGIN UPDATE user SET password_hash = 'x'; END",
        "CREATE VIEW everyone AS SELECT * FROM complaint",
        "CREATE TABLE extra (x)",
        "CREATE INDEX extra_index ON complaint (subject)",
    ],
)
def test_a_backup_with_a_schema_of_its_own_is_refused(
    office: None, tmp_path: Path, added: str
) -> None:
    name = added.split()[2] if not added.startswith("CREATE TRIGGER") else "steal"
    kind = added.split()[1].lower()
    planted = _backup_then_undo(tmp_path, added, f"DROP {kind} {name}")
    refused_with(planted, tmp_path, "ساختار پایگاه داده")


def test_a_database_that_is_not_dadras_is_refused(office: None, tmp_path: Path) -> None:
    stranger = tmp_path / "other.sqlite3"
    with sqlite3.connect(stranger) as other:
        other.execute("CREATE TABLE notes (body TEXT)")
    refused_with(stranger, tmp_path, "نسخه‌ی پشتیبانی نیست")


def test_a_backup_from_a_newer_version_is_refused(office: None, tmp_path: Path) -> None:
    planted = _backup_then_undo(
        tmp_path,
        "INSERT INTO schema_migration (name, applied) VALUES ('0099_future', '2030-01-01')",
        "DELETE FROM schema_migration WHERE name = '0099_future'",
    )
    refused_with(planted, tmp_path, "تازه‌تر")


def test_restoring_onto_a_new_computer(manager: Session, office: None, tmp_path: Path) -> None:
    before = state()
    made = backup.make_backup(tmp_path, "گذرواژه‌ی پشتیبان")
    target = tmp_path / "new computer" / "dadras.sqlite3"
    with pytest.raises(BackupError):
        backup.restore_as_new(made.path, target, "رمز اشتباه")
    assert not target.exists()
    restored = backup.restore_as_new(made.path, target, "گذرواژه‌ی پشتیبان")
    assert restored.office_code == 123 and restored.safety_copy is None
    with sqlite3.connect(target) as copy:
        codes = sorted(row[0] for row in copy.execute("SELECT tracking_code FROM complaint"))
    assert codes == before["complaints"]
    assert [p.name for p in target.parent.iterdir()] == ["dadras.sqlite3"]
    with pytest.raises(BackupError, match="از پیش هست"):
        backup.restore_as_new(made.path, target, "گذرواژه‌ی پشتیبان")


def test_after_a_restore_no_code_or_number_is_given_out_again(
    manager: Session, office: None, tmp_path: Path
) -> None:
    """Complaints registered and a letter issued after the backup, then the backup restored:
    the next complaint, letter and package continue past what was handed out."""
    from app.sync import export
    from db.models import ExportPackage

    made = backup.make_backup(tmp_path)
    codes_after_backup = {register(manager).tracking_code for _ in range(3)}
    unit = lists.list_units(manager)[0].id
    complaint = register(manager).complaint_id
    codes_after_backup |= {Complaint.get_by_id(complaint).tracking_code}
    referrals.refer(manager, ReferralRequest(complaint, (unit,)))
    letters_after_backup = {str(letter.number) for letter in Letter.select()}
    ExportPackage.create(
        sequence=7,
        journal_from=1,
        journal_to=1,
        file_name="x.age",
        destination="usb",
        size=1,
        sha256="0" * 64,
    )

    backup.restore(made.path, tmp_path / "safety")

    new_code = register(manager).tracking_code
    assert new_code not in codes_after_backup
    complaint = register(manager).complaint_id
    referrals.refer(manager, ReferralRequest(complaint, (unit,)))
    new_letters = {str(letter.number) for letter in Letter.select()}
    assert not (new_letters - {str(n) for n in before_letters(made)}) & letters_after_backup
    assert export._next_sequence() == 8


def before_letters(made: backup.BackupFile) -> list[str]:
    """The letter numbers the backup itself holds (read from a restored copy)."""
    target = made.path.parent / "peek" / "db.sqlite3"
    backup.restore_as_new(made.path, target)
    with sqlite3.connect(target) as copy:
        return [row[0] for row in copy.execute("SELECT number FROM letter")]


def test_only_the_newest_backups_are_kept(office: None, tmp_path: Path) -> None:
    made = [backup.make_backup(tmp_path, keep=2) for _ in range(3)]
    kept = backup.backups_in(tmp_path, 123)
    assert len(kept) == 2 and made[-1].path in [b.path for b in kept]
    (tmp_path / "dadras-0456-20260101-000000.backup").write_bytes(b"another office's")
    backup.make_backup(tmp_path, keep=1)
    assert len(backup.backups_in(tmp_path, 123)) == 1
    assert (tmp_path / "dadras-0456-20260101-000000.backup").exists()  # not ours to delete


@pytest.mark.parametrize("failure", ["disk full", "encryption"])
def test_a_failed_backup_leaves_nothing_and_prunes_nothing(
    office: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, failure: str
) -> None:
    usb = folder(tmp_path / "usb")
    first = backup.make_backup(usb, "گذرواژه‌ی پشتیبان", keep=1)
    error: BaseException = (
        OSError(errno.ENOSPC, "No space left on device")
        if failure == "disk full"
        else pyrage.EncryptError("write failed")
    )
    real_write = backup._TaggingWriter.write
    written = []

    def fail_midway(self: backup._TaggingWriter, data: bytes) -> int:
        written.append(len(data))
        if len(written) > 3:
            raise error
        return real_write(self, data)

    monkeypatch.setattr(backup._TaggingWriter, "write", fail_midway)
    with pytest.raises(BackupError) as caught:
        backup.make_backup(usb, "گذرواژه‌ی پشتیبان", keep=1)
    if failure == "disk full":
        assert "جای خالی" in caught.value.message
    assert [p.name for p in usb.iterdir()] == [first.path.name]  # kept, and nothing else


def test_no_plain_copy_ever_reaches_the_backup_folder(
    office: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    usb = folder(tmp_path / "usb")
    seen: list[bytes] = []
    real_write = backup._TaggingWriter.write

    def look(self: backup._TaggingWriter, data: bytes) -> int:
        for path in usb.iterdir():
            seen.append(path.read_bytes())
        return real_write(self, data)

    monkeypatch.setattr(backup._TaggingWriter, "write", look)
    backup.make_backup(usb, "گذرواژه‌ی پشتیبان")
    assert seen and not any(b"SQLite format 3" in content for content in seen)


def test_leftovers_of_a_backup_that_died_are_removed(office: None, tmp_path: Path) -> None:
    usb = folder(tmp_path / "usb")
    stale = usb / ".dadras-x1.partial"
    stale.write_bytes(b"SQLite format 3\x00 an old plain copy")
    os.utime(stale, (time.time() - 3600, time.time() - 3600))
    fresh = usb / ".dadras-x2.partial"
    fresh.write_bytes(b"another backup, running now")
    backup.make_backup(usb)
    assert not stale.exists() and fresh.exists()


def test_a_missing_folder_is_refused_not_created(office: None, tmp_path: Path) -> None:
    with pytest.raises(BackupError, match="وصل کنید"):
        backup.make_backup(tmp_path / "usb" / "dadras")
    assert not (tmp_path / "usb").exists()


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
    missing = tmp_path / "nowhere" / "dadras-0123.backup"
    with pytest.raises(BackupError) as caught:
        backup.restore(missing, tmp_path / "safety")
    assert caught.value.message == f"پرونده‌ی «{ltr(missing)}» پیدا نشد."
    odd = tmp_path / "notes.txt"
    odd.write_text("x")
    with pytest.raises(BackupError) as caught:
        backup.describe(odd)
    assert caught.value.message == f"«{isolated('notes.txt')}» نام یک نسخه‌ی پشتیبان دادرس نیست."
