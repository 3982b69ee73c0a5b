"""Export to the central system: what goes into a package, acknowledgements, and refusals."""

from __future__ import annotations

import argparse
import datetime as dt
import gzip
import hashlib
from pathlib import Path

import pyrage
import pytest

from app import jalali, lists, referrals
from app.errors import DadrasError, PermissionDenied
from app.permissions import Role, Session
from app.referrals import ReferralRequest, ResponseInput
from app.sync import cli as sync_cli
from app.sync import export, keys, numbers
from app.sync.package import (
    KeyPair,
    PackageError,
    open_package,
    write_ack,
    write_public_key_file,
)
from app.vocabulary import Identity
from db.models import Complaint, ExportPackage, Letter, Person, Referral, Unit, User
from tests.app.helpers import register
from tests.conftest import ADMIN_PASSWORD

CANARY = "کاناری‌ناشناس زیبا"
SECRET_NAME = "مریم محرمانه‌پور"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
DAY = dt.date(2026, 3, 14)


@pytest.fixture(autouse=True)
def today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(jalali, "today", lambda: DAY)


@pytest.fixture
def central(tmp_path: Path) -> tuple[KeyPair, Path]:
    pair = KeyPair.generate()
    path = tmp_path / "central.pub"
    write_public_key_file(
        path,
        office_code=None,
        signing_public_key=pair.signing_public_key,
        age_recipient=pair.age_recipient,
    )
    return pair, path


@pytest.fixture
def office(admin: Session, manager: Session, central: tuple[KeyPair, Path]) -> dict[str, int]:
    """Named, anonymous (with a name typed) and confidential complaints, referred, answered."""
    keys.set_central_key(manager, central[1], confirmed_by=admin)
    received = {"received_on": DAY - dt.timedelta(days=2)}
    named = register(manager, **received).complaint_id
    anonymous = register(
        manager,
        identity=Identity.ANONYMOUS,
        full_name=CANARY,
        national_code="",
        mobile="",
        address=CANARY,
        **received,
    ).complaint_id
    confidential = register(
        manager, identity=Identity.CONFIDENTIAL, full_name=SECRET_NAME, **received
    ).complaint_id
    unit = lists.list_units(manager)[0].id
    made = {}
    for name, complaint_id in (("named", named), ("anonymous", anonymous)):
        (made[name],) = referrals.refer(manager, ReferralRequest(complaint_id, (unit,)))
    referrals.record_response(
        manager, ResponseInput(made["named"].id, None, "موضوع بررسی شد.", "۱۲/ص", PNG)
    )
    return {"named": named, "anonymous": anonymous, "confidential": confidential}


def _tar_bytes(path: Path, pair: KeyPair) -> bytes:
    identity = pyrage.x25519.Identity.from_str(pair.age_identity)
    return gzip.decompress(pyrage.decrypt(path.read_bytes(), [identity]))


def _records(path: Path, pair: KeyPair) -> tuple[list[dict], list[str]]:  # type: ignore[type-arg]
    office_key = keys.ensure_office_keys().signing_public_key
    with open_package(path, identity=pair.age_identity, signers=[office_key]) as package:
        return list(package.iter_records()), package.attachment_hashes()


def _by_uid(records: list[dict]) -> dict[str, dict]:  # type: ignore[type-arg]
    return {record["uid"]: record for record in records}


def _ack(pair: KeyPair, result: export.ExportResult, folder: Path) -> Path:
    row = ExportPackage.get(ExportPackage.sequence == result.sequence)
    return write_ack(
        folder,
        office_code=123,
        sequence=result.sequence,
        package_sha256=result.sha256,
        received_journal_range=(row.journal_from, row.journal_to),
        signing_key=pair.signing_private_key,
        created_at=dt.datetime.now(dt.UTC),
    )


def test_a_package_holds_every_record_with_uids_for_foreign_keys(
    admin: Session, office: dict[str, int], central: tuple[KeyPair, Path], share: Path
) -> None:
    seen: list[tuple[int, int]] = []
    result = export.export_now(
        admin, share, progress=lambda done, total: seen.append((done, total))
    )
    assert result.path.parent == share and result.sequence == 1
    assert result.sha256 == hashlib.sha256(result.path.read_bytes()).hexdigest()
    assert seen and seen[-1][0] == seen[-1][1]
    records, attachments = _records(result.path, central[0])
    by_uid = _by_uid(records)
    assert len(by_uid) == len(records)  # one record per changed uid

    for complaint in Complaint.select():
        record = by_uid[str(complaint.uid)]
        assert record["entity"] == "complaint" and record["version"] == complaint.version
        data = record["data"]
        assert data["tracking_code"] == complaint.tracking_code
        assert data["unit"] == str(Unit.get_by_id(complaint.unit_id).uid)
        assert data["registered_by"] == str(User.get_by_id(complaint.registered_by_id).uid)
        if complaint.person_id is None:
            assert data["person"] is None
        else:
            assert data["person"] == str(Person.get_by_id(complaint.person_id).uid)
            assert by_uid[data["person"]]["entity"] == "person"
        assert "id" not in data
    for referral in Referral.select():
        data = by_uid[str(referral.uid)]["data"]
        assert data["complaint"] == str(Complaint.get_by_id(referral.complaint_id).uid)
    for letter in Letter.select():
        data = by_uid[str(letter.uid)]["data"]
        assert data["pdf"] == letter.pdf_id and letter.pdf_id in attachments
    assert hashlib.sha256(PNG).hexdigest() in attachments
    users = [r for r in records if r["entity"] == "user"]
    assert users and all("password_hash" not in r["data"] for r in users)
    assert result.counts["complaint"] == 3 and result.counts["person"] == 2

    row = ExportPackage.get(ExportPackage.sequence == 1)
    assert row.verified and row.acknowledged_at is None and row.sha256 == result.sha256
    history = export.export_history(admin)
    assert [(h.sequence, h.file_name, h.counts) for h in history] == [
        (1, result.path.name, result.counts)
    ]


def test_an_anonymous_identity_never_leaves_and_a_confidential_one_only_encrypted(
    admin: Session, office: dict[str, int], central: tuple[KeyPair, Path], share: Path
) -> None:
    result = export.export_now(admin, share)
    archive = _tar_bytes(result.path, central[0])
    assert CANARY.encode() not in archive
    assert SECRET_NAME.encode() in archive
    assert SECRET_NAME.encode() not in result.path.read_bytes()
    for folder in (share,):
        for file in folder.iterdir():
            assert CANARY.encode() not in file.read_bytes()


def test_nothing_new_is_refused_without_a_file(
    admin: Session, office: dict[str, int], central: tuple[KeyPair, Path], share: Path
) -> None:
    first = export.export_now(admin, share)
    before = sorted(share.iterdir())
    second = export.export_now(admin, share)  # not acknowledged: everything goes again
    assert second.sequence == 2 and second.counts == first.counts
    export.apply_ack(_ack(central[0], second, share))
    before = sorted(share.iterdir())
    with pytest.raises(DadrasError, match="تغییری برای فرستادن نیست"):
        export.export_now(admin, share)
    assert sorted(share.iterdir()) == before
    assert ExportPackage.select().count() == 2


def test_after_an_acknowledgement_the_next_export_starts_after_it(
    admin: Session,
    manager: Session,
    office: dict[str, int],
    central: tuple[KeyPair, Path],
    share: Path,
) -> None:
    first = export.export_now(admin, share)
    result = export.apply_ack(_ack(central[0], first, share))
    assert result.sequence == 1 and not result.already
    assert export.apply_ack(_ack(central[0], first, share)).already
    assert ExportPackage.get(ExportPackage.sequence == 1).acknowledged_at is not None

    newer = register(manager, received_on=DAY).complaint_id
    second = export.export_now(admin, share)
    records, _ = _records(second.path, central[0])
    uid = str(Complaint.get_by_id(newer).uid)
    assert {r["entity"] for r in records} == {"complaint", "person"}
    assert uid in _by_uid(records)
    row1, row2 = ExportPackage.select().order_by(ExportPackage.sequence)
    assert row2.journal_from > row1.journal_to

    # Package 2 is never acknowledged: its changes go again in package 3.
    register(manager, received_on=DAY, full_name="رضا سومی")
    third = export.export_now(admin, share)
    records, _ = _records(third.path, central[0])
    assert uid in _by_uid(records) and third.counts["complaint"] == 2


def test_acknowledgements_that_do_not_match_are_refused(
    admin: Session, office: dict[str, int], central: tuple[KeyPair, Path], share: Path
) -> None:
    result = export.export_now(admin, share)
    other = tmp = share / "other"
    tmp.mkdir()
    wrong_hash = write_ack(
        other,
        office_code=123,
        sequence=1,
        package_sha256="0" * 64,
        received_journal_range=(1, 2),
        signing_key=central[0].signing_private_key,
        created_at=dt.datetime.now(dt.UTC),
    )
    with pytest.raises(PackageError, match="چکیده"):
        export.apply_ack(wrong_hash)
    unknown = write_ack(
        share,
        office_code=123,
        sequence=9,
        package_sha256=result.sha256,
        received_journal_range=(1, 2),
        signing_key=central[0].signing_private_key,
        created_at=dt.datetime.now(dt.UTC),
    )
    # Central has a package this database does not know (it was restored from a backup made
    # before it): not refused, and numbers continue past it.
    assert export.apply_ack(unknown).unknown
    assert numbers.sequence_floor() == 9
    forged = _ack(KeyPair.generate(), result, other)
    with pytest.raises(PackageError) as caught:
        export.apply_ack(forged)
    assert caught.value.code == "bad_ack_signature"
    assert ExportPackage.get(ExportPackage.sequence == 1).acknowledged_at is None


def test_refusals(
    admin: Session, manager: Session, share: Path, central: tuple[KeyPair, Path], session_for
) -> None:
    register(manager, received_on=DAY)
    with pytest.raises(DadrasError, match="کلید عمومی سامانه‌ی مرکزی"):
        export.export_now(admin, share)
    with pytest.raises(keys.KeyChangeRefused):
        keys.set_central_key(manager, central[1])  # no one alone, the first time too
    with pytest.raises(PermissionDenied):
        keys.set_central_key(admin, central[1], confirmed_by=manager)
    keys.set_central_key(manager, central[1], confirmed_by=admin)
    with pytest.raises(DadrasError, match="پیدا نشد"):
        export.export_now(admin, share / "missing")
    with pytest.raises(PermissionDenied):
        export.export_now(session_for(Role.CLERK), share)
    office_file = share / "office.pub"
    keys.write_office_public_key(office_file)
    with pytest.raises(PackageError, match="کلید سامانه‌ی مرکزی"):
        keys.set_central_key(admin, office_file)
    assert list(share.iterdir()) == [office_file]
    assert ExportPackage.select().count() == 0


def test_private_keys_stay_out_of_the_audit_log(admin: Session) -> None:
    from db.models import AuditEvent

    pair = keys.ensure_office_keys()
    assert keys.ensure_office_keys() == pair
    logged = " ".join(str(e.after) for e in AuditEvent.select())
    assert pair.age_identity not in logged
    assert pair.public(None).fingerprint in logged


def test_schedule() -> None:
    daily = export.parse_schedule("daily 08:30")
    every = export.parse_schedule("every 3")
    assert daily == export.Schedule(at=dt.time(8, 30)) and every == export.Schedule(every_days=3)
    assert export.parse_schedule("weekly") is None
    morning = dt.datetime(2026, 3, 14, 9, 0)
    assert export.schedule_due(morning, daily, None)
    assert export.schedule_due(morning, daily, morning - dt.timedelta(hours=2))
    assert not export.schedule_due(morning, daily, morning - dt.timedelta(minutes=10))
    early = dt.datetime(2026, 3, 14, 7, 0)
    assert not export.schedule_due(early, daily, dt.datetime(2026, 3, 13, 9, 0))
    assert export.schedule_due(morning, every, morning - dt.timedelta(days=3))
    assert not export.schedule_due(morning, every, morning - dt.timedelta(days=2))
    assert not export.schedule_due(morning, None, None)


def test_export_due_reads_the_history(admin: Session) -> None:
    assert export.export_due(dt.datetime.now(dt.UTC), "every 1")
    assert not export.export_due(dt.datetime.now(dt.UTC), None)


# --- the command line ----------------------------------------------------------------------


def _run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int | None, str, str]:
    parser = argparse.ArgumentParser(prog="dadras")
    commands = parser.add_subparsers(dest="command")
    sync_cli.add_commands(commands)
    commands.add_parser("demo")
    status = sync_cli.run(parser.parse_args(argv))
    out, err = capsys.readouterr()
    return status, out, err


def test_the_command_line_round_trip(
    db_path: Path,
    office: dict[str, int],
    central: tuple[KeyPair, Path],
    share: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    db = str(db_path)
    assert _run(["demo"], capsys)[0] is None
    monkeypatch.setenv("DADRAS_PASSWORD", ADMIN_PASSWORD)

    public = tmp_path / "office.pub"
    status, out, err = _run(["export", "--db", db, "--to", str(share)], capsys)
    assert status == 2 and "--user NAME is required" in err and not list(share.iterdir())
    status, out, err = _run(
        ["keys", "--db", db, "--central-key", str(central[1]), "--public-key", str(public),
         "--user", "admin"], capsys,
    )  # fmt: skip
    assert status == 0 and public.exists() and err == ""
    assert keys.office_public_keys().fingerprint in out

    status, out, err = _run(["export", "--db", db, "--to", str(share), "--user", "admin"], capsys)
    assert status == 0 and "dadras-0123-000001.age" in out and len(out.splitlines()) == 1

    status, out, err = _run(
        ["export", "--db", db, "--to", str(tmp_path / "gone"), "--user", "admin"], capsys
    )
    assert status == 1 and out == "" and len(err.splitlines()) == 1 and "dadras export:" in err

    result = export.ExportResult(share / "dadras-0123-000001.age", 1, {}, 0, "")
    row = ExportPackage.get(ExportPackage.sequence == 1)
    ack = _ack(central[0], export.ExportResult(result.path, 1, {}, 0, row.sha256), tmp_path)
    junk = tmp_path / "junk.json"
    junk.write_text("{}")
    status, out, err = _run(["import", "--db", db, str(ack), "--user", "admin"], capsys)
    assert status == 0 and len(out.splitlines()) == 1 and "acknowledged" in out

    status, out, err = _run(
        ["import", "--db", db, str(ack), str(junk), str(result.path), "--user", "admin"], capsys
    )
    assert status == 1
    assert len(out.splitlines()) == 1 and len(err.splitlines()) == 2

    status, out, err = _run(["export", "--db", db, "--to", str(share), "--user", "admin"], capsys)
    assert status == 1 and len(err.splitlines()) == 1

    status, out, err = _run(["export", "--db", str(tmp_path / "nope.db"), "--to", "x"], capsys)
    assert status == 1 and "does not exist" in err
