"""The append-only, hash-chained audit log and the change journal.

Both are written inside the caller's write transaction, so a change, its audit entry and its
journal row commit or roll back together.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from app import log
from app.permissions import Action, Session, require
from db.models import AuditEvent, ChangeJournal, SyncedModel, utc_now

_log = log.get("audit")

GENESIS_HASH = "0" * 64


def _canonical(value: dict[str, Any] | None) -> str | None:
    if value is None:
        return None
    return json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)


def entry_hash(
    prev_hash: str,
    at: dt.datetime,
    username: str | None,
    action: str,
    entity: str,
    entity_uid: str | None,
    before: str | None,
    after: str | None,
) -> str:
    """The hash that chains an entry to the one before it."""
    payload = json.dumps(
        [prev_hash, at.isoformat(), username, action, entity, entity_uid, before, after],
        ensure_ascii=False,
    )
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def event_hash(prev_hash: str, event: AuditEvent) -> str:
    """The hash a stored entry should carry after ``prev_hash``."""
    return entry_hash(
        prev_hash,
        event.at,
        event.username,
        event.action,
        event.entity,
        event.entity_uid,
        event.before,
        event.after,
    )


def last_hash() -> str:
    last = AuditEvent.select(AuditEvent.hash).order_by(AuditEvent.id.desc()).first()
    return str(last.hash) if last is not None else GENESIS_HASH


def record(
    username: str | None,
    action: str,
    entity: str,
    entity_uid: str | None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> AuditEvent:
    """Append one audit entry (call inside a write transaction)."""
    # Ids only: ``before`` and ``after`` may hold what a complainant told the office.
    _log.info("%s %s %s by %s", action, entity, entity_uid or "-", username or "the system")
    at = utc_now()
    before_text, after_text = _canonical(before), _canonical(after)
    prev = last_hash()
    digest = entry_hash(prev, at, username, action, entity, entity_uid, before_text, after_text)
    return AuditEvent.create(
        at=at,
        username=username,
        action=action,
        entity=entity,
        entity_uid=entity_uid,
        before=before_text,
        after=after_text,
        prev_hash=prev,
        hash=digest,
    )


def journal(record_: SyncedModel, operation: str) -> None:
    """One change-journal row for a synced record (call inside the same write transaction)."""
    ChangeJournal.create(
        entity=record_._meta.table_name,
        entity_uid=str(record_.uid),
        version=record_.version,
        operation=operation,
    )


@dataclass(frozen=True)
class Head:
    """Where the log ends: how many entries it has and the last one's hash."""

    count: int
    hash: str


def head() -> Head:
    last = AuditEvent.select(AuditEvent.id, AuditEvent.hash).order_by(AuditEvent.id.desc()).first()
    if last is None:
        return Head(0, GENESIS_HASH)
    count = AuditEvent.select().where(AuditEvent.id <= last.id).count()
    return Head(count, str(last.hash))


def hash_at(count: int) -> str | None:
    """The hash of the log's ``count``-th entry (the head it had then), None past its end."""
    if count == 0:
        return GENESIS_HASH
    row = (
        AuditEvent.select(AuditEvent.hash)
        .order_by(AuditEvent.id)
        .offset(count - 1)
        .limit(1)
        .first()
    )
    return str(row.hash) if row is not None else None


@dataclass(frozen=True)
class Anchor:
    """A head the log once had, as someone outside the office (central) confirmed it."""

    count: int
    hash: str
    sequence: int  # the package whose acknowledgement confirmed it
    confirmed_at: dt.datetime


@dataclass(frozen=True)
class ChainCheck:
    ok: bool
    checked: int
    first_bad_id: int | None = None
    # An anchor the log no longer reaches ("cut") or no longer matches ("rewritten").
    broken_anchor: Anchor | None = None
    problem: str | None = None
    anchors_checked: int = 0


def verify_chain(anchors: Sequence[Anchor] = ()) -> ChainCheck:
    """Recompute every hash: an edited, deleted or reordered entry breaks the chain. Each
    anchor must also be a head of this chain: a log cut short, wiped, or rewritten with its
    hashes recomputed no longer passes through what central confirmed."""
    by_count: dict[int, list[Anchor]] = {}
    for anchor in anchors:
        by_count.setdefault(anchor.count, []).append(anchor)
    prev = GENESIS_HASH
    checked = 0
    query = AuditEvent.select().order_by(AuditEvent.id)
    for event in query.iterator():
        if event.prev_hash != prev or event.hash != event_hash(prev, event):
            return ChainCheck(False, checked, int(event.id))
        prev = event.hash
        checked += 1
        for anchor in by_count.pop(checked, ()):
            if anchor.hash != prev:
                return ChainCheck(False, checked, None, anchor, "rewritten")
    beyond = sorted((a for group in by_count.values() for a in group), key=lambda a: a.count)
    for anchor in beyond:
        if anchor.count > checked:
            return ChainCheck(False, checked, None, anchor, "cut")
        if anchor.hash != GENESIS_HASH:  # count 0: only the empty log's head
            return ChainCheck(False, checked, None, anchor, "rewritten")
    return ChainCheck(True, checked, anchors_checked=len(anchors))


@dataclass(frozen=True)
class HistoryEntry:
    at: dt.datetime
    username: str | None
    action: str
    before: dict[str, Any] | None
    after: dict[str, Any] | None
    entity_uid: str | None = None  # the record the step changed (the complaint, a referral…)


def history(entity_uid: str, *related: str) -> list[HistoryEntry]:
    """A record's audit entries, with those of ``related`` records (a complaint's referrals,
    letters, ...), oldest first. Callers check the right to see them."""
    uids = [entity_uid, *related]
    query = AuditEvent.select().where(AuditEvent.entity_uid.in_(uids)).order_by(AuditEvent.id)
    return [
        HistoryEntry(
            at=event.at,
            username=event.username,
            action=event.action,
            before=json.loads(event.before) if event.before else None,
            after=json.loads(event.after) if event.after else None,
            entity_uid=str(event.entity_uid),
        )
        for event in query
    ]


def verify_as(session: Session, anchors: Sequence[Anchor] = ()) -> ChainCheck:
    require(session, Action.VIEW_AUDIT)
    return verify_chain(anchors)
