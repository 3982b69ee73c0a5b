"""The audit log anchored at central: a log cut short, wiped, rewritten with its hashes
recomputed, or with a forged entry slipped in is caught by ``verify-audit`` against the heads
central signed back, and by central at the office's next package."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from app import audit
from app.central import service
from app.central.models import AuditFinding
from app.permissions import Role, Session
from app.sync import anchors, export, keys
from app.sync.package import PackageError, read_ack
from db.connection import current
from db.models import AuditAnchor, AuditEvent
from tests.app.helpers import central_key_file, register, run_dadras
from tests.conftest import ADMIN_PASSWORD


def _send(manager: Session, central_db: Any, share: Path) -> service.ImportResult:
    """One complaint more, exported, imported at central, its acknowledgement applied."""
    register(manager)
    written = export.export_now(None, share)
    (imported,) = service.import_packages(central_db, [written.path])
    assert imported.status == "imported", imported.error
    assert imported.ack_path is not None
    export.apply_ack(imported.ack_path)
    return imported


def _rechain() -> None:
    """Recompute every hash in order, as someone editing the file with the code at hand would."""
    prev = audit.GENESIS_HASH
    for event in AuditEvent.select().order_by(AuditEvent.id):
        digest = audit.event_hash(prev, event)
        AuditEvent.update(prev_hash=prev, hash=digest).where(AuditEvent.id == event.id).execute()
        prev = digest


def _findings(central_db: Any) -> list[str]:
    service.status(central_db)  # binds central's tables
    return [f"{f.kind}@{f.sequence}" for f in AuditFinding.select().order_by(AuditFinding.sequence)]


def test_each_acknowledgement_signs_back_the_head_the_package_carried(
    enrolled_central: Any, manager: Session, share: Path
) -> None:
    first = _send(manager, enrolled_central, share)
    second = _send(manager, enrolled_central, share)
    assert first.manifest is not None and first.manifest.audit is not None
    assert first.manifest.audit.proofs == ()  # nothing confirmed before the first package
    assert second.manifest is not None and second.manifest.audit is not None
    head = first.manifest.audit
    assert dict(second.manifest.audit.proofs) == {head.count: head.hash}
    central_key = keys.central_keys()
    assert central_key is not None and second.ack_path is not None
    assert read_ack(second.ack_path, central_key.signing_public_key).audit == (
        second.manifest.audit.count,
        second.manifest.audit.hash,
    )
    assert [(a.sequence, a.count) for a in AuditAnchor.select().order_by(AuditAnchor.sequence)] == [
        (1, head.count),
        (2, second.manifest.audit.count),
    ]
    check = anchors.verify_log(manager)
    assert check.ok and check.chain.anchors_checked == 2 and check.latest is not None
    assert check.latest.sequence == 2
    assert _findings(enrolled_central) == []


def test_a_log_cut_short_is_caught_here_and_at_central(
    enrolled_central: Any, manager: Session, share: Path
) -> None:
    _send(manager, enrolled_central, share)
    anchor = AuditAnchor.get()
    newest = AuditEvent.select(AuditEvent.id).order_by(AuditEvent.id.desc()).limit(5)
    AuditEvent.delete().where(AuditEvent.id.in_([e.id for e in newest])).execute()

    check = anchors.verify_log(manager)
    assert not check.ok and check.chain.problem == "cut"
    assert check.chain.broken_anchor is not None
    assert check.chain.broken_anchor.count == anchor.count
    assert audit.verify_chain().ok  # the chain alone cannot see a cut tail

    _send(manager, enrolled_central, share)
    assert _findings(enrolled_central) == ["cut@2"]


def test_a_wiped_log_is_caught_here_and_at_central(
    enrolled_central: Any, manager: Session, share: Path
) -> None:
    _send(manager, enrolled_central, share)
    AuditEvent.delete().execute()
    check = anchors.verify_log(manager)
    assert check.chain.problem == "cut" and check.chain.checked == 0
    _send(manager, enrolled_central, share)
    assert _findings(enrolled_central) == ["cut@2"]


def test_a_log_rewritten_with_its_hashes_recomputed_is_caught(
    enrolled_central: Any, manager: Session, share: Path
) -> None:
    _send(manager, enrolled_central, share)
    first = AuditEvent.select().order_by(AuditEvent.id).first()
    AuditEvent.update(username="someone-else").where(AuditEvent.id == first.id).execute()
    _rechain()
    assert audit.verify_chain().ok  # recomputed: the chain alone passes

    check = anchors.verify_log(manager)
    assert not check.ok and check.chain.problem == "rewritten"
    _send(manager, enrolled_central, share)
    assert _findings(enrolled_central) == ["rewritten@2"]


def test_a_forged_entry_slipped_into_the_log_is_caught(
    enrolled_central: Any, manager: Session, share: Path
) -> None:
    _send(manager, enrolled_central, share)
    # Make room after the third entry and put a forged one there, then recompute the chain.
    third = AuditEvent.select().order_by(AuditEvent.id).offset(2).first()
    shift = 10_000_000
    AuditEvent.update(id=AuditEvent.id + shift).where(AuditEvent.id > third.id).execute()
    AuditEvent.update(id=AuditEvent.id - shift + 1).where(AuditEvent.id > shift).execute()
    AuditEvent.create(
        id=third.id + 1,
        at=third.at,
        username="admin",
        action="password_reset",
        entity="user",
        entity_uid="1",
        prev_hash="",
        hash="",
    )
    _rechain()
    assert audit.verify_chain().ok

    assert anchors.verify_log(manager).chain.problem == "rewritten"
    _send(manager, enrolled_central, share)
    assert _findings(enrolled_central) == ["rewritten@2"]


def test_an_anchor_edited_to_match_a_rewritten_log_is_refused(
    enrolled_central: Any, manager: Session, share: Path
) -> None:
    _send(manager, enrolled_central, share)
    anchor = AuditAnchor.get()
    AuditEvent.update(action="nothing").where(AuditEvent.id == 1).execute()
    _rechain()
    AuditAnchor.update(hash=audit.hash_at(anchor.count)).execute()

    check = anchors.verify_log(manager)
    assert not check.ok
    assert check.refused == ("anchor of package 1: not signed by central",)


def test_acknowledgements_on_the_share_catch_a_log_wiped_with_its_anchors(
    enrolled_central: Any, manager: Session, share: Path, tmp_path: Path
) -> None:
    _send(manager, enrolled_central, share)
    AuditEvent.delete().execute()
    AuditAnchor.delete().execute()
    assert anchors.verify_log(manager).ok  # nothing held here says otherwise
    # The acknowledgements central wrote are still on the share, signed by central's key.
    check = anchors.verify_log(manager, share, tmp_path / "central.pub")
    assert check.chain.problem == "cut"


def test_an_honest_office_shows_nothing_whatever_order_central_imports_in(
    enrolled_central: Any, manager: Session, share: Path
) -> None:
    paths = []
    for _ in range(3):
        register(manager)
        paths.append(export.export_now(None, share).path)
    results = service.import_packages(enrolled_central, list(reversed(paths)))
    assert [r.status for r in results] == ["imported"] * 3
    for result in results:
        assert result.ack_path is not None
        export.apply_ack(result.ack_path)
    assert _findings(enrolled_central) == []
    _send(manager, enrolled_central, share)
    assert _findings(enrolled_central) == []
    assert anchors.verify_log(manager).chain.anchors_checked == 4


def test_a_package_imported_out_of_order_shows_an_earlier_rewrite(
    enrolled_central: Any, manager: Session, share: Path
) -> None:
    register(manager)
    first = export.export_now(None, share).path
    AuditEvent.update(username="x").where(AuditEvent.id == 1).execute()
    _rechain()
    register(manager)
    second = export.export_now(None, share).path
    service.import_packages(enrolled_central, [second, first])
    assert _findings(enrolled_central) == ["rewritten@2"]


def test_anchors_stay_checkable_after_the_central_key_changes(
    enrolled_central: Any, manager: Session, share: Path, tmp_path: Path, session_for: Any
) -> None:
    _send(manager, enrolled_central, share)
    keys.set_central_key(
        session_for(Role.MANAGER),
        central_key_file(tmp_path / "new-central.pub"),
        confirmed_by=session_for(Role.ADMIN),
    )
    check = anchors.verify_log(manager)
    assert check.ok and check.chain.anchors_checked == 1


def test_an_acknowledgement_that_signs_another_head_is_refused(
    enrolled_central: Any, manager: Session, share: Path
) -> None:
    register(manager)
    written = export.export_now(None, share)
    (imported,) = service.import_packages(enrolled_central, [written.path])
    assert imported.ack_path is not None
    document = json.loads(imported.ack_path.read_text(encoding="utf-8"))
    document["ack"]["audit"]["count"] += 1  # no longer what central signed
    imported.ack_path.write_text(json.dumps(document), encoding="utf-8")
    with pytest.raises(PackageError):
        export.apply_ack(imported.ack_path)
    assert AuditAnchor.select().count() == 0


def test_verify_audit_on_the_command_line_names_what_central_confirmed(
    enrolled_central: Any, manager: Session, share: Path, db_path: Path, tmp_path: Path
) -> None:
    _send(manager, enrolled_central, share)
    env = {"DADRAS_PASSWORD": ADMIN_PASSWORD}
    done = run_dadras("verify-audit", "--db", str(db_path), "--user", "admin", env=env)
    assert done.returncode == 0, done.stderr
    assert "passes through 1 heads central confirmed (the last with package 1)" in done.stdout

    AuditEvent.delete().where(AuditEvent.id > 3).execute()
    current().close()
    done = run_dadras(
        "verify-audit",
        "--db",
        str(db_path),
        "--user",
        "admin",
        "--acks",
        str(share),
        "--central-key",
        str(tmp_path / "central.pub"),
        env=env,
    )
    assert done.returncode == 1
    assert "fewer than the" in done.stderr and "central confirmed with package 1" in done.stderr
    assert "Traceback" not in done.stderr
