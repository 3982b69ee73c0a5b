"""The audit log's hash chain detects an edited, deleted or reordered entry."""

from __future__ import annotations

from app import audit
from app.permissions import Session
from db.models import AuditEvent
from tests.app.helpers import register


def _events(clerk: Session) -> list[AuditEvent]:
    for _ in range(3):
        register(clerk)
    assert audit.verify_chain().ok
    return list(AuditEvent.select().order_by(AuditEvent.id))


def test_edited_entry_is_detected(clerk: Session) -> None:
    events = _events(clerk)
    target = events[-2]
    AuditEvent.update(after='{"subject": "changed"}').where(AuditEvent.id == target.id).execute()
    result = audit.verify_chain()
    assert not result.ok and result.first_bad_id == target.id


def test_deleted_entry_is_detected(clerk: Session) -> None:
    events = _events(clerk)
    events[2].delete_instance()
    result = audit.verify_chain()
    assert not result.ok and result.first_bad_id == events[3].id


def test_reordered_entries_are_detected(clerk: Session) -> None:
    events = _events(clerk)
    a, b = events[-1], events[-2]
    AuditEvent.update(action=b.action, after=b.after).where(AuditEvent.id == a.id).execute()
    AuditEvent.update(action=a.action, after=a.after).where(AuditEvent.id == b.id).execute()
    assert not audit.verify_chain().ok
