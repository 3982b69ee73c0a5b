"""Central → office: complaints registered centrally arrive once, with channel "central"."""

from __future__ import annotations

import argparse
import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest

from app import jalali
from app.central import service
from app.central.outbound import send_complaints
from app.errors import DadrasError, PermissionDenied
from app.permissions import Role, Session
from app.sync import cli as sync_cli
from app.sync import export, keys
from app.sync.inbound import import_file, import_inbound
from app.sync.package import INBOUND_FORMAT, KeyPair, PackageError, write_package
from db.models import Complaint, InboundPackage, Person, Unit

DAY = dt.date(2026, 3, 14)
CANARY = "نام‌پنهان کاناری"


@pytest.fixture(autouse=True)
def today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(jalali, "today", lambda: DAY)


@pytest.fixture
def manager(session_for) -> Session:
    return session_for(Role.MANAGER)  # type: ignore[no-any-return]


@pytest.fixture
def share(tmp_path: Path) -> Path:
    folder = tmp_path / "share"
    folder.mkdir()
    return folder


def call(ref: str, **fields: Any) -> dict[str, Any]:
    base = {
        "external_ref": ref,
        "received_on": "2026-03-12",
        "identity": "named",
        "subject": "قطعی آب در محله",
        "description": "تماس با سامانه‌ی ۱۱۱ درباره‌ی قطعی سه‌روزه.",
        "full_name": "مریم احمدی",
        "mobile": "09121234567",
        "unit": "آبفای شهری",
        "category": "تأخیر در پاسخ",
    }
    return {**base, **fields}


def send(db: Any, tmp_path: Path, share: Path, *calls: dict[str, Any]) -> Path:
    source = tmp_path / f"calls-{len(list(share.iterdir()))}.jsonl"
    source.write_text("".join(json.dumps(c, ensure_ascii=False) + "\n" for c in calls), "utf-8")
    return send_complaints(db, 123, source, share).path


def central_rows() -> list[Complaint]:
    return list(Complaint.select().where(Complaint.channel == "central").order_by(Complaint.id))


def test_complaints_from_central_arrive_once_with_channel_central(
    tmp_path: Path, share: Path, enrolled_central: Any, manager: Session
) -> None:
    before = set(Complaint.select(Complaint.uid).tuples())
    anonymous = call("111-2", identity="anonymous", full_name=CANARY, mobile="09121112233")
    package = send(enrolled_central, tmp_path, share, call("111-1"), anonymous)
    assert package.name == "dadras-in-0123-000001.age"

    result = import_inbound(manager, package)
    assert (len(result.added), result.skipped, result.already) == (2, 0, False)
    named, hidden = central_rows()[-2:]
    assert set(Complaint.select(Complaint.uid).tuples()) - before == {(named.uid,), (hidden.uid,)}
    assert (named.channel, named.external_ref, named.tracking_code) == (
        "central",
        "111-1",
        result.added[0],
    )
    assert named.person is not None and named.person.full_name == "مریم احمدی"
    assert named.registered_by.id == manager.user_id
    assert hidden.identity == "anonymous" and hidden.person is None
    assert not Person.select().where(Person.full_name == CANARY).exists()
    assert Unit.get(Unit.name == "آبفای شهری").id == named.unit.id  # created, once
    assert named.received_on == dt.date(2026, 3, 12)

    again = import_inbound(manager, package)
    assert again.already and len(central_rows()) == 2
    # Sent again in a new package (a retry at central): already here, nothing doubled.
    resent = send(enrolled_central, tmp_path, share, call("111-1"), call("111-3"))
    third = import_inbound(manager, resent)
    assert (len(third.added), third.skipped) == (1, 1)
    assert len(central_rows()) == 3
    assert [p.sequence for p in InboundPackage.select()] == [1, 2]


def test_imported_complaints_go_back_to_central_under_the_same_uid(
    tmp_path: Path, share: Path, enrolled_central: Any, admin: Session
) -> None:
    import_inbound(admin, send(enrolled_central, tmp_path, share, call("111-9")))
    uid = str(central_rows()[-1].uid)
    written = export.export_now(admin, share)
    (result,) = service.import_packages(enrolled_central, [written.path])
    assert result.status == "imported"
    from app.central.models import Record

    held = Record.get((Record.entity == "complaint") & (Record.uid == uid))
    assert json.loads(held.data)["channel"] == "central"
    # Central now knows the office's unit by uid: a new call names it and it is matched.
    unit_uid = str(Unit.get(Unit.name == "آبفای شهری").uid)
    units_before = Unit.select().count()
    import_inbound(admin, send(enrolled_central, tmp_path, share, call("111-10")))
    assert Unit.select().count() == units_before
    assert str(central_rows()[-1].unit.uid) == unit_uid


def test_a_bad_record_refuses_the_whole_package(
    tmp_path: Path, share: Path, enrolled_central: Any, manager: Session
) -> None:
    package = send(
        enrolled_central,
        tmp_path,
        share,
        call("111-1"),
        call("111-2", mobile="123", national_code=""),
    )
    count = Complaint.select().count()
    with pytest.raises(DadrasError, match="ردیف ۲"):
        import_inbound(manager, package)
    assert Complaint.select().count() == count and not InboundPackage.select().exists()


def test_forged_misdirected_and_foreign_packages_are_refused(
    tmp_path: Path, share: Path, enrolled_central: Any, manager: Session
) -> None:
    office = keys.ensure_office_keys()
    record = {
        "entity": "complaint",
        "uid": "0b7c1f6e-1d7a-4c39-9a0e-3f6f1c2b9d11",
        "version": 1,
        "operation": "insert",
        "data": call("111-x", unit={"name": "واحد", "uid": None}, category={"name": "موضوع"}),
    }

    def forged(folder: Path, *, signer: bytes, office_code: int = 123, fmt: str = INBOUND_FORMAT):
        folder.mkdir()
        return write_package(
            folder,
            office_code=office_code,
            sequence=7,
            records=[record],
            journal_range=(1, 1),
            signing_key=signer,
            central_recipient=office.age_recipient,
            created_at=dt.datetime.now(dt.UTC),
            schema_version=1,
            file_format=fmt,
        ).path

    stranger = KeyPair.generate().signing_private_key
    with pytest.raises(PackageError) as caught:
        import_inbound(manager, forged(tmp_path / "a", signer=stranger))
    assert caught.value.code == "bad_signature"
    central_signer = bytes(service.central_key(enrolled_central).signing_private_key)
    with pytest.raises(PackageError) as caught:
        import_inbound(manager, forged(tmp_path / "b", signer=central_signer, fmt="dadras-package"))
    assert caught.value.code == "wrong_direction"
    with pytest.raises(PackageError, match="دفتر دیگری"):
        import_inbound(manager, forged(tmp_path / "c", signer=central_signer, office_code=124))
    assert not central_rows() and not InboundPackage.select().exists()


def test_only_managers_and_admins_import(
    tmp_path: Path, share: Path, enrolled_central: Any, clerk: Session
) -> None:
    package = send(enrolled_central, tmp_path, share, call("111-1"))
    with pytest.raises(PermissionDenied):
        import_file(clerk, package)


def test_central_send_refuses_bad_input_with_the_line(
    tmp_path: Path, share: Path, enrolled_central: Any
) -> None:
    for bad, words in (
        ("{not json", "سطر ۱|سطر 1"),
        (json.dumps(call("1", colour="red")), "colour"),
        (json.dumps(call("1", subject="")), "subject"),
    ):
        source = tmp_path / "bad.jsonl"
        source.write_text(bad + "\n", "utf-8")
        with pytest.raises(DadrasError, match=words):
            send_complaints(enrolled_central, 123, source, share)
    assert not list(share.iterdir())
    with pytest.raises(DadrasError, match="124"):
        send_complaints(enrolled_central, 124, source, share)


def test_the_command_line_imports_acknowledgements_and_complaints(
    tmp_path: Path,
    share: Path,
    enrolled_central: Any,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from app.cli import build_parser
    from tests.conftest import ADMIN_PASSWORD

    monkeypatch.setenv("DADRAS_PASSWORD", ADMIN_PASSWORD)
    package = send(enrolled_central, tmp_path, share, call("111-1"))
    args: argparse.Namespace = build_parser().parse_args(
        ["import", "--db", str(tmp_path / "office.sqlite3"), str(package), "--user", "admin"]
    )
    assert sync_cli._import(args) == 0
    assert "1 complaints registered" in capsys.readouterr().out
    junk = tmp_path / "junk.json"
    junk.write_text("{}", "utf-8")
    args.files = [junk]
    assert sync_cli._import(args) == 1
    assert "refused" in capsys.readouterr().err
