"""The central system's work: initialise, enrol offices, verify and import packages, status.

Import rule (resources/sync/format.md): upsert by (entity, uid). A higher version replaces
what is held; the same version with identical data changes nothing. Anything else is recorded
as a :class:`~app.central.models.Conflict`:

* a lower version arriving after a higher one (``stale``): the held row stays;
* the same version with different data (``same_version``): both sides are kept in the
  conflict, and the held row becomes the one whose canonical data sorts first, so the
  ``Record`` table ends the same whichever order the packages arrive in.

A package is imported at most once (by the sha256 of its file); importing it again changes
nothing and only rewrites its acknowledgement.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import Any

from peewee import Database, PostgresqlDatabase, SqliteDatabase

from app.central.audit_heads import Finding, findings_of, keep_head, signed_back
from app.central.models import (
    CentralError,
    CentralKey,
    ComplaintCode,
    Conflict,
    ImportedPackage,
    Office,
    Record,
    central_proxy,
    utc_now,
)
from app.errors import DadrasError
from app.sync.package import (
    KeyPair,
    Manifest,
    Package,
    PackageError,
    PublicKeys,
    file_sha256,
    open_package,
    read_public_key_file,
    write_ack,
    write_public_key_file,
)

_BATCH = 500  # records per lookup and upsert (SQLite: well under its parameter limit)
_SERVER_BATCH = 5000  # PostgreSQL takes arrays: fewer, larger round trips


@dataclass(frozen=True)
class ImportResult:
    path: Path
    status: str  # "imported", "already_imported" or "refused"
    manifest: Manifest | None = None
    sha256: str = ""
    records: int = 0
    applied: int = 0
    conflicts: int = 0
    ack_path: Path | None = None
    error: PackageError | CentralError | None = None
    audit_findings: tuple[Finding, ...] = ()


@dataclass(frozen=True)
class OfficeStatus:
    office_code: int
    name: str | None
    fingerprint: str
    packages: int
    last_sequence: int | None
    last_import_at: dt.datetime | None
    gaps: list[tuple[int, int]] = field(default_factory=list)  # missing sequences, inclusive
    audit_findings: list[Finding] = field(default_factory=list)


def _bind(db: Database) -> None:
    if central_proxy.obj is not db:
        central_proxy.initialize(db)


# pg_advisory_xact_lock key taken by every central write transaction ("dadras" in ASCII).
_WRITE_LOCK = 0x646164726173


@contextmanager
def _write_transaction(db: Database) -> Iterator[None]:
    """One central writer at a time, as SQLite's ``BEGIN IMMEDIATE`` gives.

    An import reads what is held, then upserts; two imports interleaved on PostgreSQL (READ
    COMMITTED) would each decide from a stale read (a lower version overwriting a higher, the
    same package imported twice). A transaction-level advisory lock, taken first, serialises
    them; it is released with the commit or rollback.
    """
    if isinstance(db, SqliteDatabase):
        with db.atomic("IMMEDIATE"):
            yield
        return
    with db.atomic():
        if isinstance(db, PostgresqlDatabase):
            db.execute_sql("SELECT pg_advisory_xact_lock(%s)", (_WRITE_LOCK,))  # type: ignore[no-untyped-call]
        yield


# --- keys ------------------------------------------------------------------------------------


def central_key(db: Database) -> CentralKey:
    _bind(db)
    key = CentralKey.get_or_none()
    if key is None:
        raise CentralError("not_initialised")
    return key


def init_central(db: Database, public_key_path: Path) -> PublicKeys:
    """Create the central key pair (once) and write its public-key file for the offices."""
    _bind(db)
    with _write_transaction(db):
        if CentralKey.select().exists():
            raise CentralError("already_initialised")
        pair = KeyPair.generate()
        CentralKey.create(
            signing_private_key=pair.signing_private_key,
            signing_public_key=pair.signing_public_key,
            age_identity=pair.age_identity,
            age_recipient=pair.age_recipient,
            created_at=utc_now(),
        )
        # Inside the transaction: a key file that cannot be written leaves no key behind.
        return write_public_key_file(
            Path(public_key_path),
            office_code=None,
            signing_public_key=pair.signing_public_key,
            age_recipient=pair.age_recipient,
        )


def export_public_key(db: Database, public_key_path: Path) -> PublicKeys:
    """Write the central public-key file again (for a new office)."""
    key = central_key(db)
    return write_public_key_file(
        Path(public_key_path),
        office_code=None,
        signing_public_key=bytes(key.signing_public_key),
        age_recipient=key.age_recipient,
    )


def enrol(
    db: Database,
    office_public_key_path: Path,
    *,
    replace: bool = False,
    name: str | None = None,
    province: str | None = None,
) -> Office:
    """Register an office's public keys; a different key for a known code needs ``replace``."""
    _bind(db)
    keys = read_public_key_file(Path(office_public_key_path))
    if keys.office_code is None:
        raise CentralError("central_key_file")
    with _write_transaction(db):
        holder = Office.get_or_none(
            (Office.signing_public_key == keys.signing_public_key)
            | (Office.age_recipient == keys.age_recipient)
        )
        if holder is not None and holder.code != keys.office_code:
            raise CentralError("key_of_another_office", holder.code)
        office = Office.get_or_none(Office.code == keys.office_code)
        if office is None:
            return Office.create(
                code=keys.office_code,
                name=name,
                province=province,
                signing_public_key=keys.signing_public_key,
                age_recipient=keys.age_recipient,
                fingerprint=keys.fingerprint,
                enrolled_at=utc_now(),
            )
        same = (
            bytes(office.signing_public_key) == keys.signing_public_key
            and office.age_recipient == keys.age_recipient
        )
        if not same and not replace:
            raise CentralError("key_conflict", keys.office_code)
        if not same:
            office.signing_public_key = keys.signing_public_key
            office.age_recipient = keys.age_recipient
            office.fingerprint = keys.fingerprint
            office.enrolled_at = utc_now()
        office.name = name if name is not None else office.name
        office.province = province if province is not None else office.province
        office.save()
        return office


# --- verify ----------------------------------------------------------------------------------


def verify(db: Database, package_path: Path) -> Manifest:
    """Check a package completely without importing it; PackageError/CentralError if bad."""
    with _open_verified(db, Path(package_path)) as package:
        return package.manifest


def _open_verified(db: Database, path: Path) -> Package:
    """Decrypt with the central identity and authenticate with an enrolled office's key.

    The manifest is inside the encryption and nothing is parsed before its signature holds,
    so the signature is tried against every enrolled office's key; the office whose key it
    is must be the office the manifest names.
    """
    identity = central_key(db).age_identity
    offices = {bytes(o.signing_public_key): o for o in Office.select()}
    try:
        package = open_package(path, identity=identity, signers=offices)
    except PackageError as exc:
        if exc.code == "bad_signature":
            raise _unknown_signer(path, offices.values()) from None
        raise
    office = offices[package.signer]
    if package.manifest.office_code != office.code:
        package.close()
        raise CentralError("claims_other_office", office.code)
    return package


def _unknown_signer(path: Path, offices: Iterable[Office]) -> DadrasError:
    # Only the file name (never the unauthenticated content) hints at the sender.
    named = re.fullmatch(r"dadras-(\d{4})-\d{6}\.age", path.name)
    if named and int(named.group(1)) not in {o.code for o in offices}:
        return CentralError("not_enrolled", int(named.group(1)))
    return PackageError("bad_signature")


# --- import ----------------------------------------------------------------------------------


def import_packages(
    db: Database, paths: Iterable[Path], ack_folder: Path | None = None
) -> list[ImportResult]:
    """Import each package (verified fully first, then one transaction each) and ack it.

    A refused package is reported in its result and leaves the database untouched; the
    others are still imported.
    """
    key = central_key(db)
    return [_import_one(db, key, Path(path), ack_folder) for path in paths]


def _import_one(db: Database, key: CentralKey, path: Path, ack_folder: Path | None) -> ImportResult:
    try:
        sha256 = file_sha256(path)
    except OSError as exc:
        error = PackageError("unreadable", exc.strerror or path.name)
        return ImportResult(path, "refused", error=error)
    done = ImportedPackage.get_or_none(ImportedPackage.sha256 == sha256)
    if done is not None:
        ack = _ack(key, path, ack_folder, done.office.code, done.sequence, sha256, done)
        return ImportResult(path, "already_imported", sha256=sha256, ack_path=ack)
    try:
        package = _open_verified(db, path)
    except (PackageError, CentralError) as exc:
        return ImportResult(path, "refused", sha256=sha256, error=exc)
    try:
        _check_sequence_unused(package.manifest)
    except CentralError as exc:
        package.close()
        return ImportResult(path, "refused", sha256=sha256, error=exc)
    try:
        with package:
            manifest = package.manifest
            with _write_transaction(db):
                if ImportedPackage.select().where(ImportedPackage.sha256 == sha256).exists():
                    done = ImportedPackage.get(ImportedPackage.sha256 == sha256)
                    status = "already_imported"
                    records = applied = conflicts = 0
                    findings: list[Finding] = []
                else:
                    office = Office.get(Office.code == manifest.office_code)
                    records, applied, conflicts = _apply(office, sha256, package.iter_records())
                    done = ImportedPackage.create(
                        office=office,
                        sequence=manifest.sequence,
                        sha256=sha256,
                        journal_first=manifest.journal_range[0],
                        journal_last=manifest.journal_range[1],
                        counts=json.dumps(dict(manifest.counts), sort_keys=True),
                        created_at=manifest.created_at.replace(tzinfo=None),
                        imported_at=utc_now(),
                    )
                    findings = keep_head(office, manifest, sha256)
                    status = "imported"
    except CentralError as exc:  # a tracking code given twice: rolled back, refused
        return ImportResult(path, "refused", sha256=sha256, error=exc)
    ack = _ack(key, path, ack_folder, manifest.office_code, manifest.sequence, sha256, done)
    return ImportResult(
        path,
        status,
        manifest,
        sha256,
        records,
        applied,
        conflicts,
        ack,
        error=None,
        audit_findings=tuple(findings),
    )


def _check_codes(office_id: int, batch: list[dict[str, Any]]) -> None:
    """Each complaint's tracking code belongs to it alone; a code the office already gave to
    another complaint refuses the package (the transaction rolls back)."""
    incoming: dict[str, str] = {}
    for record in batch:
        code = record["data"].get("tracking_code") if record["entity"] == "complaint" else None
        if not isinstance(code, str) or not code:
            continue
        if incoming.setdefault(code, record["uid"]) != record["uid"]:
            raise CentralError("code_reused", code)
    if not incoming:
        return
    held = ComplaintCode.select(ComplaintCode.code, ComplaintCode.uid).where(
        (ComplaintCode.office == office_id) & ComplaintCode.code.in_(list(incoming))
    )
    for row in held:
        if incoming[str(row.code)] != str(row.uid):
            raise CentralError("code_reused", row.code)
    rows = [{"office": office_id, "code": c, "uid": u} for c, u in incoming.items()]
    ComplaintCode.insert_many(rows).on_conflict_ignore().execute()


def _check_sequence_unused(manifest: Manifest) -> None:
    """A package number already taken by another package of the office: refused, not filed
    beside it (an office restored from an old backup numbering its packages again)."""
    taken = (
        ImportedPackage.select()
        .join(Office)
        .where(
            (Office.code == manifest.office_code) & (ImportedPackage.sequence == manifest.sequence)
        )
        .exists()
    )
    if taken:
        raise CentralError("sequence_reused", manifest.sequence)


def _ack(
    key: CentralKey,
    path: Path,
    ack_folder: Path | None,
    office_code: int,
    sequence: int,
    sha256: str,
    done: ImportedPackage,
) -> Path:
    back = signed_back(sha256)
    return write_ack(
        ack_folder if ack_folder is not None else path.parent,
        office_code=office_code,
        sequence=sequence,
        package_sha256=sha256,
        received_journal_range=(done.journal_first, done.journal_last),
        signing_key=bytes(key.signing_private_key),
        created_at=dt.datetime.now(dt.UTC),
        audit=back.audit,
        counters=back.counters,
    )


def canonical(data: Mapping[str, Any]) -> str:
    return json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def _batches(records: Iterator[dict[str, Any]]) -> Iterator[list[dict[str, Any]]]:
    size = _SERVER_BATCH if isinstance(central_proxy.obj, PostgresqlDatabase) else _BATCH
    while batch := list(islice(records, size)):
        yield batch


def _apply(office: Office, sha256: str, records: Iterator[dict[str, Any]]) -> tuple[int, int, int]:
    """Upsert the records in batches; returns (records read, rows written, conflicts)."""
    total = applied = conflicts = 0
    now = utc_now()
    office_id = office.get_id()  # type: ignore[no-untyped-call]
    for batch in _batches(records):
        total += len(batch)
        held = _held(batch)
        changed: dict[tuple[str, str], dict[str, Any]] = {}
        found: list[dict[str, Any]] = []
        for record in batch:
            key = (record["entity"], record["uid"])
            incoming = (record["version"], canonical(record["data"]))
            current = held.get(key)
            if current is None or incoming[0] > current[0]:
                winner = incoming
            elif incoming == current:
                continue
            else:
                kind = "stale" if incoming[0] < current[0] else "same_version"
                found.append(
                    {
                        "office": office_id,
                        "entity": key[0],
                        "uid": key[1],
                        "kind": kind,
                        "held_version": current[0],
                        "incoming_version": incoming[0],
                        "held_data": current[1],
                        "incoming_data": incoming[1],
                        "package_sha256": sha256,
                        "recorded_at": now,
                    }
                )
                if kind == "stale" or incoming[1] >= current[1]:
                    continue
                winner = incoming  # same version: the smaller canonical data is held
            held[key] = winner
            changed[key] = {
                "office": office_id,
                "entity": key[0],
                "uid": key[1],
                "version": winner[0],
                "operation": record["operation"],
                "data": winner[1],
                "updated_at": now,
            }
        _check_codes(office_id, batch)
        if changed:
            _upsert(list(changed.values()))
        if found:
            Conflict.insert_many(found).execute()
        applied += len(changed)
        conflicts += len(found)
    return total, applied, conflicts


def _held(batch: list[dict[str, Any]]) -> dict[tuple[str, str], tuple[int, str]]:
    """What is held for the batch's keys, looked up per entity (the (entity, uid) index)."""
    by_entity: dict[str, set[str]] = {}
    for record in batch:
        by_entity.setdefault(record["entity"], set()).add(record["uid"])
    held: dict[tuple[str, str], tuple[int, str]] = {}
    database = central_proxy.obj  # the bound database itself, not the proxy
    for entity, uids in sorted(by_entity.items()):
        if isinstance(database, PostgresqlDatabase):
            # One array parameter instead of one per uid: building and parsing a query
            # with hundreds of parameters cost more than running it.
            cursor = database.execute_sql(  # type: ignore[no-untyped-call]
                "SELECT uid, version, data FROM record WHERE entity = %s AND uid = ANY(%b)",
                (entity, sorted(uids)),
            )
            rows = cursor.fetchall()
        else:
            query = Record.select(Record.uid, Record.version, Record.data).where(
                (Record.entity == entity) & Record.uid.in_(sorted(uids))
            )
            rows = list(query.tuples())
        held.update({(entity, uid): (int(version), str(data)) for uid, version, data in rows})
    return held


_PG_UPSERT = """
INSERT INTO record (office_id, entity, uid, version, operation, data, updated_at)
SELECT * FROM unnest(%b::int[], %b::text[], %b::text[], %b::int[], %b::text[], %b::text[],
                     %b::timestamp[])
ON CONFLICT (entity, uid) DO UPDATE SET
    office_id = EXCLUDED.office_id, version = EXCLUDED.version,
    operation = EXCLUDED.operation, data = EXCLUDED.data, updated_at = EXCLUDED.updated_at
"""
_UPSERT_COLUMNS = ("office", "entity", "uid", "version", "operation", "data", "updated_at")


def _upsert(rows: list[dict[str, Any]]) -> None:
    """Insert or replace these records by (entity, uid)."""
    database = central_proxy.obj  # the bound database itself, not the proxy
    if isinstance(database, PostgresqlDatabase):
        # Seven array parameters whatever the batch size (see _held), sent in binary:
        # psycopg escapes every element of a text array with a regular expression.
        database.execute_sql(  # type: ignore[no-untyped-call]
            _PG_UPSERT, tuple([row[name] for row in rows] for name in _UPSERT_COLUMNS)
        )
        return
    Record.insert_many(rows).on_conflict(
        conflict_target=[Record.entity, Record.uid],
        preserve=[Record.office, Record.version, Record.operation, Record.data, Record.updated_at],
    ).execute()


# --- status ----------------------------------------------------------------------------------


def status(db: Database) -> list[OfficeStatus]:
    """Every enrolled office with its last package and the gaps in its sequence numbers."""
    _bind(db)
    result = []
    for office in Office.select().order_by(Office.code):
        rows = list(
            ImportedPackage.select(ImportedPackage.sequence, ImportedPackage.imported_at).where(
                ImportedPackage.office == office
            )
        )
        sequences = sorted({row.sequence for row in rows})
        result.append(
            OfficeStatus(
                office_code=office.code,
                name=office.name,
                fingerprint=office.fingerprint,
                packages=len(rows),
                last_sequence=sequences[-1] if sequences else None,
                last_import_at=max((row.imported_at for row in rows), default=None),
                gaps=_gaps(sequences),
                audit_findings=findings_of(office),
            )
        )
    return result


def _gaps(sequences: list[int]) -> list[tuple[int, int]]:
    gaps = []
    expected = 1
    for sequence in sequences:
        if sequence > expected:
            gaps.append((expected, sequence - 1))
        expected = sequence + 1
    return gaps
