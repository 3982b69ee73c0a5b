"""Export to the central system: one package of every change since the last acknowledged one.

Reads the change journal after the last acknowledged package's range (changes in packages
central never acknowledged go again), writes each changed record once at its current version
with foreign keys as the referenced record's uid, and attaches the stored files it refers to.
An anonymous complainant has no Person row and the full-text index is never read, so no
anonymous identity can leave the office; a confidential Person travels only inside the
encrypted package.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from peewee import SQL, ForeignKeyField, Model, NodeList

from app import audit
from app.errors import DadrasError
from app.office import get_setting, office_info, set_setting
from app.permissions import Action, Session, require
from app.sync.keys import central_keys, ensure_office_keys
from app.sync.package import (
    OPERATIONS,
    PackageError,
    file_sha256,
    package_name,
    read_ack,
    write_package,
)
from db.connection import current, write_transaction
from db.models import (
    ALL_MODELS,
    ChangeJournal,
    Complaint,
    ExportPackage,
    ScanPage,
    StoredFile,
    SyncedModel,
    utc_now,
)
from db.schema import applied_migrations

DESTINATION_SETTING = "sync.destination"
SCHEDULE_SETTING = "sync.schedule"

# Local or secret columns that never travel.
_NEVER_EXPORTED: dict[str, frozenset[str]] = {
    "user": frozenset({"password_hash", "failed_logins", "locked_until", "last_login_at"}),
}
_ENVELOPE_FIELDS = frozenset({"id", "uid", "version"})
_CHUNK = 500

Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class ExportResult:
    path: Path
    sequence: int
    counts: dict[str, int]
    size: int
    sha256: str


@dataclass(frozen=True)
class ExportInfo:
    sequence: int
    created_at: dt.datetime
    journal_from: int
    journal_to: int
    counts: dict[str, int]
    file_name: str
    destination: str
    size: int
    sha256: str
    verified: bool
    acknowledged_at: dt.datetime | None


@dataclass(frozen=True)
class AckResult:
    sequence: int
    journal_range: tuple[int, int]
    already: bool  # the package was acknowledged before


def _entities() -> dict[str, type[SyncedModel]]:
    return {model._meta.table_name: model for model in ALL_MODELS if issubclass(model, SyncedModel)}


# --- which changes ---------------------------------------------------------------------------


def export_start() -> int:
    """The last change-journal id central has acknowledged (0 before any)."""
    last = (
        ExportPackage.select(ExportPackage.journal_to)
        .where(ExportPackage.acknowledged_at.is_null(False))
        .order_by(ExportPackage.journal_to.desc())
        .first()
    )
    return int(last.journal_to) if last is not None else 0


def pending_changes() -> int:
    return int(ChangeJournal.select().where(ChangeJournal.id > export_start()).count())


def _changed(after: int) -> tuple[dict[str, tuple[str, str]], int, int]:
    """uid → (entity, last operation), in order of each record's last change; and the range."""
    changed: dict[str, tuple[str, str]] = {}
    first = last = 0
    query = (
        ChangeJournal.select(
            ChangeJournal.id,
            ChangeJournal.entity,
            ChangeJournal.entity_uid,
            ChangeJournal.operation,
        )
        .where(ChangeJournal.id > after)
        .order_by(ChangeJournal.id)
        .tuples()
    )
    for journal_id, entity, uid, operation in query.iterator():
        first = first or int(journal_id)
        last = int(journal_id)
        changed.pop(uid, None)
        changed[uid] = (str(entity), str(operation))
    return changed, first, last


# --- records ---------------------------------------------------------------------------------


class _Uids:
    """Local id → uid of referenced synced records, loaded once per table."""

    def __init__(self) -> None:
        self._maps: dict[type[Model], dict[int, str]] = {}

    def uid(self, model: type[Model], local_id: int) -> str | None:
        mapping = self._maps.get(model)
        if mapping is None:
            rows = model.select(model.id, model.uid).tuples()  # type: ignore[attr-defined]
            mapping = {int(i): str(u) for i, u in rows.iterator()}
            self._maps[model] = mapping
        return mapping.get(int(local_id))


def _data(
    model: type[SyncedModel], row: dict[str, Any], uids: _Uids, attachments: set[str]
) -> dict[str, Any]:
    entity = model._meta.table_name
    hidden = _NEVER_EXPORTED.get(entity, frozenset()) | _ENVELOPE_FIELDS
    data: dict[str, Any] = {}
    for field in model._meta.sorted_fields:
        if field.name in hidden:
            continue
        value = row.get(field.name)
        if isinstance(field, ForeignKeyField) and value is not None:
            target = field.rel_model
            if target is StoredFile:
                value = str(value)
                if _attach(model, row, field.name):
                    attachments.add(value)
            elif issubclass(target, SyncedModel):
                value = uids.uid(target, value)
        elif isinstance(value, (dt.date, dt.datetime)):
            value = value.isoformat()
        elif value is not None and not isinstance(value, (str, int, float, bool)):
            value = str(value)
        data[field.name] = value
    if model is Complaint and row.get("identity") == "anonymous":
        data["person"] = None  # never, even if a row were linked by mistake
    return data


def _attach(model: type[SyncedModel], row: dict[str, Any], field_name: str) -> bool:
    """Whether a referenced stored file goes into the package.

    A scanned box form may carry a handwritten name, so a page goes only when it belongs to a
    complaint that is not anonymous; thumbnails never go (central can make its own).
    """
    if model is ScanPage:
        complaint_id = row.get("complaint")
        if field_name != "image" or complaint_id is None:
            return False
        complaint = Complaint.get_or_none(Complaint.id == complaint_id)
        return complaint is not None and complaint.identity != "anonymous"
    return True


def _rows(model: type[SyncedModel], uids: list[str]) -> Iterator[dict[str, Any]]:
    """The rows with these uids, as dicts (a plain ``IN`` list: cheaper than peewee's)."""
    database = model._meta.database
    marks = ",".join([database.param] * len(uids))
    values = [model.uid.db_value(uid) for uid in uids]  # type: ignore[no-untyped-call]
    where = NodeList((model.uid, SQL(f"IN ({marks})", values)))
    yield from model.select().where(where).dicts().iterator()


def _exportable_people(ids: list[int]) -> set[int]:
    """People who are the complainant of at least one complaint that is not anonymous."""
    query = Complaint.select(Complaint.person).where(
        Complaint.person.in_(ids), Complaint.identity != "anonymous"
    )
    return {int(row.__data__["person"]) for row in query}


def _of(rows: dict[str, dict[str, Any]], uids: list[str]) -> list[dict[str, Any]]:
    return [rows[uid] for uid in uids if uid in rows]


def _records(
    changed: dict[str, tuple[str, str]], attachments: set[str], progress: Progress | None
) -> Iterator[dict[str, Any]]:
    entities = _entities()
    uids = _Uids()
    items = [(uid, entity, op) for uid, (entity, op) in changed.items() if entity in entities]
    total = len(items)
    done = 0
    for start in range(0, total, _CHUNK):
        chunk = items[start : start + _CHUNK]
        rows: dict[str, dict[str, Any]] = {}
        by_entity: dict[str, list[str]] = {}
        for uid, entity, _ in chunk:
            by_entity.setdefault(entity, []).append(uid)
        for entity, entity_uids in by_entity.items():
            for fetched in _rows(entities[entity], entity_uids):
                rows[str(fetched["uid"])] = fetched
        people = [int(row["id"]) for row in _of(rows, by_entity.get("person", []))]
        allowed_people = _exportable_people(people) if people else set()
        for uid, entity, operation in chunk:
            done += 1
            row = rows.get(uid)
            if row is None:
                continue
            if entity == "person" and int(row["id"]) not in allowed_people:
                continue
            yield {
                "entity": entity,
                "uid": uid,
                "version": int(row["version"]),
                "operation": operation if operation in OPERATIONS else "update",
                "data": _data(entities[entity], row, uids, attachments),
            }
        if progress is not None:
            progress(done, total)


# --- export ----------------------------------------------------------------------------------


def _check_destination(destination: Path) -> None:
    if not destination.is_dir():
        raise DadrasError(
            f"پوشه‌ی مقصد «{destination}» پیدا نشد؛ حافظه‌ی جانبی یا پوشه‌ی اشتراکی را وصل کنید."
        )
    if not os.access(destination, os.W_OK | os.X_OK):
        raise DadrasError(f"در پوشه‌ی مقصد «{destination}» نمی‌توان نوشت.")


def _next_sequence() -> int:
    last = ExportPackage.select(ExportPackage.sequence).order_by(ExportPackage.sequence.desc())
    row = last.first()
    return int(row.sequence) + 1 if row is not None else 1


def export_now(
    session: Session | None, destination: Path, *, progress: Progress | None = None
) -> ExportResult:
    """Write one package of every unacknowledged change to ``destination``.

    ``session`` None is the system itself (the command line).
    """
    if session is not None:
        require(session, Action.MANAGE_OFFICE)
    info = office_info()
    if info is None:
        raise DadrasError("دفتر هنوز راه‌اندازی نشده است.")
    central = central_keys()
    if central is None:
        raise DadrasError(
            "کلید عمومی سامانه‌ی مرکزی تنظیم نشده است؛ نخست پرونده‌ی کلید مرکزی را وارد کنید."
        )
    destination = Path(destination)
    _check_destination(destination)
    pair = ensure_office_keys()
    changed, first, last = _changed(export_start())
    if not changed:
        raise DadrasError("تغییری برای فرستادن نیست؛ بسته‌ای نوشته نشد.")
    sequence = _next_sequence()
    _set_aside_unrecorded(destination, info.code, sequence)
    created_at = utc_now()
    attachment_hashes: set[str] = set()
    records = list(_records(changed, attachment_hashes, progress))
    attachments = _load_attachments(attachment_hashes)
    written = write_package(
        destination,
        office_code=info.code,
        sequence=sequence,
        records=records,
        attachments=attachments,
        journal_range=(first, last),
        signing_key=pair.signing_private_key,
        central_recipient=central.age_recipient,
        created_at=created_at,
        schema_version=len(applied_migrations(current())),
    )
    verified = file_sha256(written.path) == written.sha256
    counts = dict(written.counts)
    with write_transaction():
        ExportPackage.create(
            sequence=sequence,
            created_at=created_at,
            journal_from=first,
            journal_to=last,
            counts=json.dumps(counts, sort_keys=True),
            file_name=written.path.name,
            destination=str(destination),
            size=written.size,
            sha256=written.sha256,
            verified=verified,
        )
        audit.record(
            session.username if session is not None else None,
            "package_exported",
            "export_package",
            str(sequence),
            after={"file": written.path.name, "sha256": written.sha256, "counts": counts},
        )
    return ExportResult(written.path, sequence, counts, written.size, written.sha256)


def _set_aside_unrecorded(destination: Path, office_code: int, sequence: int) -> None:
    """A package under the next number that the history does not know was written by an
    export that died before recording it: its changes are in this package too, so it is kept,
    renamed out of the way (central imports only ``.age`` files), and the number is reused."""
    leftover = destination / package_name(office_code, sequence)
    if leftover.exists():
        try:
            leftover.replace(leftover.with_name(leftover.name + ".unrecorded"))
        except OSError as exc:
            raise DadrasError(
                f"بسته‌ی ناتمام «{leftover.name}» در مقصد هست و کنار گذاشته نشد؛ "
                "آن را جابه‌جا کنید و دوباره بفرستید."
            ) from exc


def _load_attachments(hashes: set[str]) -> dict[str, bytes]:
    out: dict[str, bytes] = {}
    ordered = sorted(hashes)
    for start in range(0, len(ordered), _CHUNK):
        query = StoredFile.select(StoredFile.sha256, StoredFile.data).where(
            StoredFile.sha256.in_(ordered[start : start + _CHUNK])
        )
        for row in query:
            out[str(row.sha256)] = bytes(row.data)
    return out


# --- acknowledgements ------------------------------------------------------------------------


def apply_ack(path: Path) -> AckResult:
    """Mark a package as received by central, from central's signed acknowledgement."""
    central = central_keys()
    if central is None:
        raise DadrasError("کلید عمومی سامانه‌ی مرکزی تنظیم نشده است؛ رسید را نمی‌توان بررسی کرد.")
    ack = read_ack(Path(path), central.signing_public_key)
    info = office_info()
    if info is None or ack.office_code != info.code:
        raise PackageError("bad_ack", "این رسید برای دفتر دیگری است")
    package = ExportPackage.get_or_none(ExportPackage.sequence == ack.sequence)
    if package is None:
        raise PackageError("bad_ack", f"بسته‌ی شماره‌ی {ack.sequence} از این دفتر فرستاده نشده")
    if package.sha256 != ack.package_sha256:
        raise PackageError("bad_ack", "چکیده‌ی بسته با بسته‌ی نوشته‌شده نمی‌خواند")
    journal_range = (int(package.journal_from), int(package.journal_to))
    if package.acknowledged_at is not None:
        return AckResult(int(package.sequence), journal_range, already=True)
    with write_transaction():
        package.acknowledged_at = utc_now()
        package.save()
        audit.record(
            None,
            "package_acknowledged",
            "export_package",
            str(package.sequence),
            after={"sha256": package.sha256},
        )
    return AckResult(int(package.sequence), journal_range, already=False)


# --- history, destination and schedule -------------------------------------------------------


def export_history(session: Session) -> list[ExportInfo]:
    require(session, Action.MANAGE_OFFICE)
    return [
        ExportInfo(
            sequence=int(row.sequence),
            created_at=row.created_at,
            journal_from=int(row.journal_from),
            journal_to=int(row.journal_to),
            counts=json.loads(row.counts),
            file_name=str(row.file_name),
            destination=str(row.destination),
            size=int(row.size),
            sha256=str(row.sha256),
            verified=bool(row.verified),
            acknowledged_at=row.acknowledged_at,
        )
        for row in ExportPackage.select().order_by(ExportPackage.sequence.desc())
    ]


def destination() -> Path | None:
    text = get_setting(DESTINATION_SETTING)
    return Path(text) if text else None


def set_destination(session: Session, folder: Path) -> None:
    set_setting(session, DESTINATION_SETTING, str(folder))


@dataclass(frozen=True)
class Schedule:
    """Daily at ``at`` (local time), or every ``every_days`` days."""

    at: dt.time | None = None
    every_days: int | None = None

    def text(self) -> str:
        if self.at is not None:
            return f"daily {self.at.strftime('%H:%M')}"
        return f"every {self.every_days}"


_DAILY = re.compile(r"^daily ([01]?\d|2[0-3]):([0-5]\d)$")
_EVERY = re.compile(r"^every ([1-9]\d{0,2})$")


def parse_schedule(text: str | None) -> Schedule | None:
    """``daily HH:MM`` or ``every N`` (days); anything else is no schedule."""
    text = (text or "").strip()
    if match := _DAILY.match(text):
        return Schedule(at=dt.time(int(match[1]), int(match[2])))
    if match := _EVERY.match(text):
        return Schedule(every_days=int(match[1]))
    return None


def schedule() -> Schedule | None:
    return parse_schedule(get_setting(SCHEDULE_SETTING))


def set_schedule(session: Session, value: Schedule) -> None:
    if parse_schedule(value.text()) is None:
        raise DadrasError("زمان‌بندی نامعتبر است.")
    set_setting(session, SCHEDULE_SETTING, value.text())


def schedule_due(now: dt.datetime, plan: Schedule | None, last: dt.datetime | None) -> bool:
    """Pure rule; ``now`` and ``last`` (the last export) are naive local times."""
    if plan is None:
        return False
    if plan.at is not None:
        slot = dt.datetime.combine(now.date(), plan.at)
        if now < slot:
            slot -= dt.timedelta(days=1)
        return last is None or last < slot
    assert plan.every_days is not None
    return last is None or now - last >= dt.timedelta(days=plan.every_days)


def _local(moment: dt.datetime) -> dt.datetime:
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return moment.astimezone().replace(tzinfo=None)


def export_due(now: dt.datetime, plan: Schedule | str | None) -> bool:
    """Whether a scheduled export is due; ``now`` is aware (a naive one is UTC)."""
    if isinstance(plan, str):
        plan = parse_schedule(plan)
    query = ExportPackage.select(ExportPackage.created_at)
    row = query.order_by(ExportPackage.sequence.desc()).first()
    last = _local(row.created_at) if row is not None else None
    return schedule_due(_local(now), plan, last)
