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
from itertools import islice
from pathlib import Path
from typing import Any

from peewee import (
    AutoField,
    BooleanField,
    CharField,
    DateField,
    DateTimeField,
    ForeignKeyField,
    IntegerField,
    TextField,
    fn,
)

from app import audit
from app.errors import DadrasError
from app.office import get_setting, office_info, set_setting
from app.permissions import Action, Session, require
from app.persian import ltr
from app.sync import anchors, numbers
from app.sync.keys import central_keys, ensure_office_keys
from app.sync.package import (
    OPERATIONS,
    AttachmentSource,
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
    DerivedIntegerField,
    ExportPackage,
    Person,
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
    unknown: bool = False  # written after the backup this office was restored from


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


def _journal_range(after: int) -> tuple[int, int]:
    """The first and last change-journal ids after ``after``; (0, 0) when there are none."""
    first, last = (
        ChangeJournal.select(fn.MIN(ChangeJournal.id), fn.MAX(ChangeJournal.id))
        .where(ChangeJournal.id > after)
        .scalar(as_tuple=True)
    )
    return (int(first), int(last)) if last is not None else (0, 0)


def _latest(after: int, last: int, entities: list[str]) -> Any:
    """Each changed record's last change in the range, of the given entities."""
    in_range = (ChangeJournal.id > after) & (ChangeJournal.id <= last)
    newest = ChangeJournal.select(fn.MAX(ChangeJournal.id)).where(in_range)
    return ChangeJournal.select().where(
        ChangeJournal.id.in_(newest.group_by(ChangeJournal.entity_uid)),
        ChangeJournal.entity.in_(entities),
    )


def _changed(after: int, last: int, entities: list[str]) -> tuple[int, Iterator[tuple[str, ...]]]:
    """How many records changed, and (uid, entity, last operation) for each, streamed in order
    of each record's last change (the grouping is done by the database)."""
    latest = _latest(after, last, entities)
    total = int(latest.count())
    query = latest.select(ChangeJournal.entity_uid, ChangeJournal.entity, ChangeJournal.operation)
    cursor = ChangeJournal._meta.database.execute(query.order_by(ChangeJournal.id))
    return total, iter(cursor)


# --- records ---------------------------------------------------------------------------------

_HEX_UID = re.compile(r"[0-9a-f]{32}")
_TEXT_UID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
_PLAIN = (str, int, float, bool)
_RECENT_UIDS = 256


def _plain(value: Any) -> Any:
    """A field's Python value as JSON: dates in ISO 8601, anything unusual as text."""
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if value is not None and not isinstance(value, _PLAIN):
        return str(value)
    return value


def _converter(field: Any) -> Callable[[Any], Any]:
    """Raw database value → JSON value, as ``_plain(field.python_value(raw))`` gives it, with
    shortcuts for the common raw types (peewee's row conversion is most of an export's time)."""

    def general(raw: Any) -> Any:
        return _plain(field.python_value(raw))

    if isinstance(field, (CharField, TextField)):
        return lambda raw: raw if raw is None or type(raw) is str else general(raw)
    if isinstance(field, (IntegerField, AutoField)):
        return lambda raw: raw if raw is None or type(raw) is int else general(raw)
    if isinstance(field, BooleanField):
        return lambda raw: None if raw is None else bool(raw)
    if isinstance(field, DateTimeField):

        def moment(raw: Any) -> Any:
            # peewee's format_date_time: "YYYY-MM-DD HH:MM:SS[.ffffff]"; its isoformat() is
            # the same text with a "T" (checked by the fast path's shape).
            if type(raw) is str and len(raw) in (19, 26) and _MOMENT.fullmatch(raw):
                return f"{raw[:10]}T{raw[11:]}"
            if type(raw) is str and len(raw) > 10 and raw[10] == " " and raw[-1] != "Z":
                try:
                    return dt.datetime.fromisoformat(f"{raw[:10]}T{raw[11:]}").isoformat()
                except ValueError:
                    pass
            return general(raw)

        return moment
    if isinstance(field, DateField):

        def day(raw: Any) -> Any:
            if type(raw) is str and len(raw) == 10 and _DAY.fullmatch(raw):
                return raw  # already what date.isoformat() gives
            if type(raw) is str and len(raw) == 10:
                try:
                    return dt.datetime.fromisoformat(raw).date().isoformat()
                except ValueError:
                    pass
            return general(raw)

        return day
    return general


_MOMENT = re.compile(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(\.\d{6})?")
_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


def _uid_converter(field: Any, keep: int = _RECENT_UIDS) -> Callable[[Any], str | None]:
    """A raw uid column → the uid as text (SQLite holds 32 hex digits).

    A few recent answers are kept: most foreign keys point at a handful of units, categories
    and users.
    """
    recent: dict[Any, str | None] = {}

    def text(raw: Any) -> str | None:
        known = recent.get(raw)
        if known is not None:
            return known
        if raw is None:
            return None
        if type(raw) is str and len(raw) == 32 and _HEX_UID.fullmatch(raw):
            value = f"{raw[:8]}-{raw[8:12]}-{raw[12:16]}-{raw[16:20]}-{raw[20:]}"
        else:
            value = str(field.python_value(raw))
        if keep:
            if len(recent) >= keep:
                recent.clear()
            recent[raw] = value
        return value

    return text


def _uid_param(model: type[SyncedModel], uid: str) -> Any:
    if _TEXT_UID.fullmatch(uid):
        return uid.replace("-", "")
    return model.uid.db_value(uid)  # type: ignore[no-untyped-call]


_STORED = "stored"  # a stored file: its sha256, attached when _attach says so
_SYNCED = "synced"  # a synced record: its uid, read by a join
_OTHER = "other"  # another table: the key as it is


class _Reader:
    """Reads one synced table's changed rows by uid, one query per chunk, as record data.

    Foreign keys to synced records are joined for their uids (no per-table id → uid maps), and
    what ``_attach`` and ``_exportable_people`` need is read by the same query.
    """

    def __init__(self, model: type[SyncedModel]) -> None:
        self.model = model
        self.entity = model._meta.table_name
        hidden = _NEVER_EXPORTED.get(self.entity, frozenset()) | _ENVELOPE_FIELDS
        # Derived columns (worked out from this office's calendar, say) stay here.
        fields = [f for f in model._meta.sorted_fields if not isinstance(f, DerivedIntegerField)]
        self._index = {field.name: index for index, field in enumerate(fields)}
        quote = model._meta.database.quote

        def q(name: str) -> str:
            return f"{quote[0]}{name}{quote[1]}"

        columns = [f"t.{q(field.column_name)}" for field in fields]
        joins: list[str] = []
        self._fields: list[tuple[str, str, int, Callable[[Any], Any]]] = []
        self._joined: dict[str, int] = {}  # foreign key name → index of the joined id
        for field in fields:
            index = self._index[field.name]
            if isinstance(field, ForeignKeyField):
                target = field.rel_model
                if target is StoredFile:
                    self._fields.append((field.name, _STORED, index, _stored))
                elif issubclass(target, SyncedModel):
                    alias = f"r{len(joins)}"
                    joins.append(
                        f"LEFT JOIN {q(target._meta.table_name)} AS {alias} "
                        f"ON {alias}.{q(field.rel_field.column_name)} = t.{q(field.column_name)}"
                    )
                    self._joined[field.name] = len(columns)
                    columns.append(f"{alias}.{q(target.id.column_name)}")
                    if model is ScanPage and target is Complaint:
                        columns.append(f"{alias}.{q(Complaint.identity.column_name)}")
                    columns.append(f"{alias}.{q(target.uid.column_name)}")
                    self._fields.append(
                        (field.name, _SYNCED, len(columns) - 1, _uid_converter(target.uid))
                    )
                else:
                    self._fields.append((field.name, _OTHER, index, field.python_value))
            else:
                self._fields.append((field.name, "", index, _converter(field)))
        self._fields = [item for item in self._fields if item[0] not in hidden]
        self._exportable = -1
        if model is Person:
            self._exportable = len(columns)
            person = q(Complaint.person.column_name)
            identity = q(Complaint.identity.column_name)
            columns.append(
                f"EXISTS (SELECT 1 FROM {q(Complaint._meta.table_name)} AS c "
                f"WHERE c.{person} = t.{q(Person.id.column_name)} AND c.{identity} <> 'anonymous')"
            )
        self._select = (
            f"SELECT {', '.join(columns)} FROM {q(self.entity)} AS t {' '.join(joins)} "
            f"WHERE t.{q(model.uid.column_name)} IN "
        )
        self._uid = _uid_converter(model.uid, keep=0)
        self._sql: dict[int, str] = {}

    def read(self, uids: list[str], attachments: set[str]) -> dict[str, tuple[int, dict[str, Any]]]:
        """uid → (version, data) of the rows with these uids that may leave the office."""
        database = self.model._meta.database
        sql = self._sql.get(len(uids))
        if sql is None:
            sql = self._select + f"({','.join([database.param] * len(uids))})"
            self._sql[len(uids)] = sql
        params = [_uid_param(self.model, uid) for uid in uids]
        out: dict[str, tuple[int, dict[str, Any]]] = {}
        index = self._index
        for row in database.execute_sql(sql, params):
            if self._exportable >= 0 and not row[self._exportable]:
                continue  # a person who is the complainant of anonymous complaints only
            data: dict[str, Any] = {}
            for name, kind, column, convert in self._fields:
                raw = row[column]
                value = None if raw is None else convert(raw)
                if kind is _STORED and value is not None and self._attach(row, name):
                    attachments.add(value)
                data[name] = value
            if self.model is Complaint and row[index["identity"]] == "anonymous":
                data["person"] = None  # never, even if a row were linked by mistake
            out[self._uid(row[index["uid"]])] = (int(row[index["version"]]), data)  # type: ignore[index]
        return out

    def _attach(self, row: Any, field_name: str) -> bool:
        """Whether a referenced stored file goes into the package.

        A scanned box form may carry a handwritten name, so a page goes only when it belongs to
        a complaint that is not anonymous; thumbnails never go (central can make its own).
        """
        if self.model is ScanPage:
            if field_name != "image" or row[self._index["complaint"]] is None:
                return False
            joined = self._joined["complaint"]  # the complaint's id, then its identity
            return row[joined] is not None and row[joined + 1] != "anonymous"
        return True


def _stored(raw: Any) -> str:
    return str(StoredFile.sha256.python_value(raw))  # type: ignore[no-untyped-call]


def _records(
    after: int, last: int, attachments: set[str], progress: Progress | None
) -> Iterator[dict[str, Any]]:
    """The changed records in order of each one's last change, streamed chunk by chunk."""
    entities = _entities()
    readers: dict[str, _Reader] = {}
    total, changes = _changed(after, last, sorted(entities))
    done = 0
    while chunk := list(islice(changes, _CHUNK)):
        by_entity: dict[str, list[str]] = {}
        for uid, entity, _ in chunk:
            by_entity.setdefault(entity, []).append(uid)
        rows: dict[str, tuple[int, dict[str, Any]]] = {}
        for entity, entity_uids in by_entity.items():
            reader = readers.get(entity)
            if reader is None:
                reader = readers[entity] = _Reader(entities[entity])
            rows.update(reader.read(entity_uids, attachments))
        for uid, entity, operation in chunk:
            done += 1
            found = rows.get(uid)
            if found is None:
                continue
            yield {
                "entity": entity,
                "uid": uid,
                "version": found[0],
                "operation": operation if operation in OPERATIONS else "update",
                "data": found[1],
            }
        if progress is not None:
            progress(done, total)


# --- export ----------------------------------------------------------------------------------


def _check_destination(destination: Path) -> None:
    if not destination.is_dir():
        raise DadrasError(
            f"پوشه‌ی مقصد «{ltr(destination)}» پیدا نشد؛ حافظه‌ی جانبی یا پوشه‌ی اشتراکی را وصل کنید."
        )
    if not os.access(destination, os.W_OK | os.X_OK):
        raise DadrasError(f"در پوشه‌ی مقصد «{ltr(destination)}» نمی‌توان نوشت.")


def _next_sequence() -> int:
    last = ExportPackage.select(ExportPackage.sequence).order_by(ExportPackage.sequence.desc())
    row = last.first()
    highest = int(row.sequence) if row is not None else 0
    return max(highest, numbers.sequence_floor()) + 1


def export_now(
    session: Session | None, destination: Path, *, progress: Progress | None = None
) -> ExportResult:
    """Write one package of every unacknowledged change to ``destination``.

    ``session`` None is the system itself (the command line).
    """
    if session is not None:
        require(session, Action.EXPORT_PACKAGES)
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
    after = export_start()
    first, last = _journal_range(after)
    if not last:
        raise DadrasError("تغییری برای فرستادن نیست؛ بسته‌ای نوشته نشد.")
    sequence = _next_sequence()
    _set_aside_unrecorded(destination, info.code, sequence)
    created_at = utc_now()
    attachment_hashes: set[str] = set()
    sizes: dict[str, int] = {}
    records = _records(after, last, attachment_hashes, progress)
    audit_claim = anchors.claim()
    written = write_package(
        destination,
        office_code=info.code,
        sequence=sequence,
        records=_then(records, lambda: sizes.update(_stored_sizes(attachment_hashes))),
        attachments=AttachmentSource(sizes, _read_stored),
        journal_range=(first, last),
        signing_key=pair.signing_private_key,
        central_recipient=central.age_recipient,
        created_at=created_at,
        schema_version=len(applied_migrations(current())),
        audit=audit_claim,
        counters=numbers.counters_now(),
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
            audit_count=audit_claim.count,
            audit_hash=audit_claim.hash,
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
                f"بسته‌ی ناتمام «{ltr(leftover.name)}» در مقصد هست و کنار گذاشته نشد؛ "
                "آن را جابه‌جا کنید و دوباره بفرستید."
            ) from exc


def _then(
    records: Iterator[dict[str, Any]], after: Callable[[], object]
) -> Iterator[dict[str, Any]]:
    """The records, then ``after()`` once the last one is taken."""
    yield from records
    after()


def _stored_sizes(hashes: set[str]) -> dict[str, int]:
    """sha256 → size of the stored files to attach (their bytes are read one at a time)."""
    sizes: dict[str, int] = {}
    ordered = sorted(hashes)
    for start in range(0, len(ordered), _CHUNK):
        query = StoredFile.select(StoredFile.sha256, fn.LENGTH(StoredFile.data)).where(
            StoredFile.sha256.in_(ordered[start : start + _CHUNK])
        )
        for sha256, size in query.tuples().iterator():
            sizes[str(sha256)] = int(size)
    return sizes


def _read_stored(sha256: str) -> bytes:
    data = StoredFile.select(StoredFile.data).where(StoredFile.sha256 == sha256).scalar()
    return bytes(data)


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
        # A package written after the backup this office was restored from: central has it,
        # so its numbers are taken; the acknowledgement says no more here.
        with write_transaction():
            numbers.continue_past_ack(ack)
        return AckResult(ack.sequence, ack.received_journal_range, already=False, unknown=True)
    if package.sha256 != ack.package_sha256:
        raise PackageError("bad_ack", "چکیده‌ی بسته با بسته‌ی نوشته‌شده نمی‌خواند")
    journal_range = (int(package.journal_from), int(package.journal_to))
    if package.acknowledged_at is not None:
        with write_transaction():
            anchors.keep(ack, package)
        return AckResult(int(package.sequence), journal_range, already=True)
    with write_transaction():
        anchors.keep(ack, package)
        numbers.continue_past_ack(ack)
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
    require(session, Action.EXPORT_PACKAGES)
    return export_history_unchecked()


def export_history_unchecked() -> list[ExportInfo]:
    """Every package written, newest first (for callers that checked their own right)."""
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


def set_schedule_or_none(session: Session, value: Schedule | None) -> None:
    """Set the schedule, or clear it (export by hand and from the command line only)."""
    if value is None:
        set_setting(session, SCHEDULE_SETTING, "")
    else:
        set_schedule(session, value)


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
