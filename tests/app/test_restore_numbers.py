"""The office's computer dies; a backup older than its last export is restored onto a new
one. Tracking codes, letter numbers and package numbers continue past what central already
holds (from its acknowledgements on the share), so central files nothing twice."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from app import backup, lists, referrals
from app.central import service
from app.permissions import Session
from app.referrals import ReferralRequest
from app.sync import export, inbound, numbers
from db.connection import current
from db.models import Complaint, ExportPackage, Letter
from db.schema import open_database
from tests.app.helpers import register, run_dadras


@pytest.fixture
def share(share: Path, admin: Session) -> Path:
    """The shared folder, named in the office's settings as where it exports to."""
    export.set_destination(admin, share)
    return share


def _folder(path: Path) -> Path:
    path.mkdir()
    return path


def _send(central_db: Any, share: Path) -> service.ImportResult:
    written = export.export_now(None, share)
    (imported,) = service.import_packages(central_db, [written.path])
    assert imported.status == "imported", imported.error
    return imported


def _given_after_backup(manager: Session) -> tuple[set[str], set[str]]:
    """Complaints registered and a referral letter issued: the codes and letter numbers."""
    codes = {register(manager).tracking_code for _ in range(2)}
    complaint = register(manager).complaint_id
    codes.add(str(Complaint.get_by_id(complaint).tracking_code))
    referrals.refer(manager, ReferralRequest(complaint, (lists.list_units(manager)[0].id,)))
    return codes, {str(letter.number) for letter in Letter.select()}


def test_restoring_onto_a_new_computer_continues_past_what_central_holds(
    enrolled_central: Any,
    manager: Session,
    share: Path,
    tmp_path: Path,
    db_path: Path,
) -> None:
    made = backup.make_backup(_folder(tmp_path / "backups"))
    codes, letter_numbers = _given_after_backup(manager)
    _send(enrolled_central, share)
    current().close()

    new_db = tmp_path / "new-pc" / "dadras.sqlite3"
    done = run_dadras("restore", str(made.path), "--db", str(new_db))
    assert done.returncode == 0, done.stderr
    assert "numbers continue past 1 acknowledgements and package 1" in done.stdout

    open_database(new_db)
    assert Complaint.select().count() == 0  # the backup was made before any complaint
    again = register(manager)
    assert again.tracking_code not in codes
    complaint = register(manager).complaint_id
    referrals.refer(manager, ReferralRequest(complaint, (lists.list_units(manager)[0].id,)))
    assert not {str(letter.number) for letter in Letter.select()} & letter_numbers
    imported = _send(enrolled_central, share)  # accepted: no reused code or number
    assert imported.manifest is not None and imported.manifest.sequence == 2


def test_without_the_share_the_acknowledgements_bring_the_numbers_forward(
    enrolled_central: Any, manager: Session, share: Path, tmp_path: Path
) -> None:
    made = backup.make_backup(_folder(tmp_path / "backups"))
    codes, _letters = _given_after_backup(manager)
    first = _send(enrolled_central, share)
    assert first.ack_path is not None
    moved = tmp_path / "ack-elsewhere.json"
    first.ack_path.replace(moved)
    share.rename(tmp_path / "unplugged")

    restored = backup.restore(made.path, tmp_path / "safety")
    assert restored.share is None  # the restore could not read the share
    # In-place, the live database still knew the numbers it had handed out.
    assert register(manager).tracking_code not in codes

    current().close()
    new_db = tmp_path / "new-pc" / "dadras.sqlite3"
    backup.restore_as_new(made.path, new_db)
    open_database(new_db)
    assert backup.continue_past_share() is None  # the share is still unplugged
    before = numbers.counters_now()
    outcome = inbound.import_file(manager, moved)
    assert outcome.ack is not None and outcome.ack.unknown
    assert "not in this database" in outcome.summary()
    after = numbers.counters_now()
    assert [n for n in after if after[n] > before.get(n, 0)]  # the numbers moved forward
    assert numbers.sequence_floor() == 1
    assert register(manager).tracking_code not in codes
    assert ExportPackage.select().count() == 0


def test_package_names_on_the_share_raise_the_package_number_only(
    admin: Session, share: Path
) -> None:
    for name in (
        "dadras-0123-000004.age",
        "dadras-0123-000009.age.unrecorded",
        "dadras-0456-000050.age",  # another office's
        "dadras-0123-0000x7.age",
        "dadras-ack-0123-000070.json",  # not signed by central: skipped
    ):
        (share / name).write_text("{}", encoding="utf-8")
    scan = numbers.continue_past_share(share)
    assert scan == numbers.ShareScan(0, 9)
    assert numbers.sequence_floor() == 9
