"""The sync package file format, version 1 (resources/sync/format.md is the reference).

A package is ``age(gzip(tar))``: a tar holding ``manifest.json``, ``manifest.sig`` (Ed25519
over the exact manifest bytes), ``records.jsonl`` and ``attachments/<sha256>``, compressed with
gzip and encrypted to the central system's age X25519 recipient. An acknowledgement is a small
signed JSON file going the other way, not encrypted.

Keys are kept as plain values: an Ed25519 private or public key is its 32 raw bytes, an age
identity is its ``AGE-SECRET-KEY-1…`` string and a recipient its ``age1…`` string.

This module works on plain dicts and files; it knows nothing of the database.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import io
import json
import os
import re
import secrets
import tarfile
import zlib
from collections import Counter
from collections.abc import Callable, Container, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from tempfile import SpooledTemporaryFile
from typing import IO, Any, TypeGuard

import pyrage
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from app.errors import DadrasError
from app.persian import to_persian_digits

FORMAT = "dadras-package"  # office → central
INBOUND_FORMAT = "dadras-inbound"  # central → office: complaints registered centrally
ACK_FORMAT = "dadras-ack"
KEY_FORMAT = "dadras-public-key"
FORMAT_VERSION = 1

MANIFEST = "manifest.json"
SIGNATURE = "manifest.sig"
RECORDS = "records.jsonl"
ATTACHMENTS = "attachments/"
OPERATIONS = ("insert", "update", "void")

MAX_OFFICE_CODE = 9999
MAX_SEQUENCE = 999_999
MAX_ARCHIVE_SIZE = 16 * 1024**3  # decompressed tar; beyond this a package is refused
_SPOOL = 32 * 1024 * 1024  # temporary data stays in memory up to this size
_WRITE_SPOOL = 4 * 1024 * 1024  # records.jsonl being written stays in memory up to this size
_COMPRESS_LEVEL = 3  # of 9: level 6 took 2 s more on 146 MB of records for 18 % less
_CHUNK = 1024 * 1024

_SHA256 = re.compile(r"^[0-9a-f]{64}$")
_UID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
_ENTITY = re.compile(r"^[a-z][a-z0-9_]{0,39}$")
_MEMBER_PATH = re.compile(r"^(records\.jsonl|attachments/[0-9a-f]{64})$")
_RECORD_KEYS = frozenset({"entity", "uid", "version", "operation", "data"})

_MESSAGES = {
    "unreadable": "پرونده‌ی بسته خوانده نشد: {}",
    "not_decryptable": "بسته رمزگشایی نشد؛ پرونده آسیب دیده یا دست‌کاری شده است.",
    "wrong_recipient": (
        "این بسته برای کلید این سامانه‌ی مرکزی رمزنگاری نشده یا سرآیند آن آسیب دیده است."
    ),
    "truncated": "بسته ناقص است؛ پرونده کامل رونوشت نشده است.",
    "corrupt_archive": "محتوای بسته خراب است و باز نمی‌شود.",
    "too_large": "محتوای بسته بزرگ‌تر از حد مجاز است.",
    "unsafe_path": "بسته عضوی با مسیر یا نوع ناامن دارد: «{}».",
    "duplicate_member": "عضو «{}» دو بار در بسته آمده است.",
    "extra_member": "بسته عضوی دارد که در فهرست آن نیامده است: «{}».",
    "missing_member": "عضو «{}» در بسته نیست.",
    "checksum_mismatch": "چکیده‌ی عضو «{}» با فهرست بسته نمی‌خواند؛ محتوای آن تغییر کرده است.",
    "size_mismatch": "اندازه‌ی عضو «{}» با فهرست بسته نمی‌خواند.",
    "bad_signature": "امضای بسته معتبر نیست؛ بسته از این دفتر نیست یا پس از امضا تغییر کرده است.",
    "unknown_format": "این پرونده بسته‌ی دادرس نیست.",
    "wrong_direction": (
        "این بسته برای این سو نیست: بسته‌ی دفتر به مرکز و بسته‌ی مرکز به دفتر با هم فرق دارند."
    ),
    "unknown_version": "نسخه‌ی قالب بسته ({}) شناخته نیست؛ دادرس را به‌روز کنید.",
    "bad_manifest": "فهرست بسته (manifest) نامعتبر است: {}",
    "bad_record": "رکورد سطر {} در بسته نامعتبر است.",
    "count_mismatch": "شمار رکوردهای «{}» با فهرست بسته نمی‌خواند.",
    "already_exists": "بسته‌ای با همین نام در مقصد هست: {}",
    "write_failed": "نوشتن بسته در مقصد ناموفق بود؛ حافظه‌ی جانبی یا پوشه‌ی مقصد را بررسی کنید.",
    "verify_failed": "بسته پس از نوشتن دوباره خوانده شد و با آنچه نوشته شد یکی نبود.",
    "bad_key": "کلید نامعتبر است: {}",
    "bad_key_file": "پرونده‌ی کلید عمومی نامعتبر است: {}",
    "bad_ack": "پرونده‌ی رسید نامعتبر است: {}",
    "bad_ack_signature": "امضای رسید معتبر نیست؛ رسید از سامانه‌ی مرکزی نیست یا تغییر کرده است.",
}


class PackageError(DadrasError):
    """A package, key or acknowledgement file refused; ``code`` is stable English."""

    def __init__(self, code: str, detail: object = "") -> None:
        super().__init__(_MESSAGES[code].format(detail))
        self.code = code
        self.detail = detail


# --- keys ------------------------------------------------------------------------------------


def generate_signing_key() -> tuple[bytes, bytes]:
    """A new Ed25519 key pair: (private, public), each 32 raw bytes."""
    key = Ed25519PrivateKey.generate()
    return key.private_bytes_raw(), key.public_key().public_bytes_raw()


def generate_age_identity() -> tuple[str, str]:
    """A new age X25519 pair: (identity ``AGE-SECRET-KEY-1…``, recipient ``age1…``)."""
    identity = pyrage.x25519.Identity.generate()
    return str(identity), str(identity.to_public())


def fingerprint(signing_public_key: bytes, age_recipient: str) -> str:
    """What a human compares at enrolment: the first 16 hex of sha256(key ‖ recipient)."""
    data = signing_public_key + age_recipient.encode("ascii")
    return hashlib.sha256(data).hexdigest()[:16]


@dataclass(frozen=True)
class PublicKeys:
    """What one side tells the other: ``office_code`` is None for the central system."""

    office_code: int | None
    signing_public_key: bytes
    age_recipient: str

    @property
    def fingerprint(self) -> str:
        return fingerprint(self.signing_public_key, self.age_recipient)


@dataclass(frozen=True)
class KeyPair:
    """Both private keys of one side and their public halves."""

    signing_private_key: bytes
    signing_public_key: bytes
    age_identity: str
    age_recipient: str

    @classmethod
    def generate(cls) -> KeyPair:
        private, public = generate_signing_key()
        identity, recipient = generate_age_identity()
        return cls(private, public, identity, recipient)

    def public(self, office_code: int | None) -> PublicKeys:
        return PublicKeys(office_code, self.signing_public_key, self.age_recipient)


def sign(private_key: bytes, data: bytes) -> bytes:
    return _private_key(private_key).sign(data)


def signature_valid(public_key: bytes, data: bytes, signature: bytes) -> bool:
    try:
        _public_key(public_key).verify(signature, data)
    except InvalidSignature:
        return False
    return True


def _private_key(raw: bytes) -> Ed25519PrivateKey:
    try:
        return Ed25519PrivateKey.from_private_bytes(raw)
    except (ValueError, TypeError):
        raise PackageError("bad_key", "Ed25519") from None


def _public_key(raw: bytes) -> Ed25519PublicKey:
    try:
        return Ed25519PublicKey.from_public_bytes(raw)
    except (ValueError, TypeError):
        raise PackageError("bad_key", "Ed25519") from None


def _recipient(text: str) -> Any:
    try:
        return pyrage.x25519.Recipient.from_str(text)
    except (pyrage.RecipientError, ValueError, TypeError):
        raise PackageError("bad_key", "age recipient") from None


def _identity(text: str) -> Any:
    try:
        return pyrage.x25519.Identity.from_str(text)
    except (pyrage.IdentityError, ValueError, TypeError):
        raise PackageError("bad_key", "age identity") from None


def write_public_key_file(
    path: Path, *, office_code: int | None, signing_public_key: bytes, age_recipient: str
) -> PublicKeys:
    """Save the public keys for enrolment (a small JSON file); returns them."""
    keys = PublicKeys(office_code, signing_public_key, age_recipient)
    _public_key(signing_public_key)
    _recipient(age_recipient)
    body = {
        "format": KEY_FORMAT,
        "format_version": FORMAT_VERSION,
        "office_code": office_code,
        "signing_public_key": base64.b64encode(signing_public_key).decode("ascii"),
        "age_recipient": age_recipient,
        "fingerprint": keys.fingerprint,
    }
    _atomic_write(path, lambda out: out.write(_pretty_json(body)))
    return keys


def read_public_key_file(path: Path) -> PublicKeys:
    body = _read_json_file(path, "bad_key_file")
    if body.get("format") != KEY_FORMAT or body.get("format_version") != FORMAT_VERSION:
        raise PackageError("bad_key_file", "format")
    office_code = body.get("office_code")
    if office_code is not None and not _int_in(office_code, 0, MAX_OFFICE_CODE):
        raise PackageError("bad_key_file", "office_code")
    keys = PublicKeys(
        office_code,
        _b64(body.get("signing_public_key"), "bad_key_file"),
        _str(body.get("age_recipient"), "bad_key_file"),
    )
    _public_key(keys.signing_public_key)
    _recipient(keys.age_recipient)
    if body.get("fingerprint") != keys.fingerprint:
        raise PackageError("bad_key_file", "fingerprint")
    return keys


# --- manifest --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Member:
    path: str
    sha256: str
    size: int


@dataclass(frozen=True)
class AuditClaim:
    """The office's audit log as the package was written: its head, and the hashes the log
    has now at the heads of earlier packages (None where it no longer reaches them), so that
    central can tell whether the log still extends what it confirmed before."""

    count: int
    hash: str
    proofs: tuple[tuple[int, str | None], ...] = ()

    def to_json(self) -> dict[str, Any]:
        return {
            "count": self.count,
            "hash": self.hash,
            "proofs": [{"count": c, "hash": h} for c, h in self.proofs],
        }

    @classmethod
    def from_json(cls, value: object) -> AuditClaim:
        if not isinstance(value, dict):
            raise PackageError("bad_manifest", "audit")
        _check_keys(value, frozenset({"count", "hash", "proofs"}), "bad_manifest")
        proofs = value["proofs"]
        if not isinstance(proofs, list) or len(proofs) > MAX_AUDIT_PROOFS:
            raise PackageError("bad_manifest", "audit")
        return cls(*_audit_head(value, "bad_manifest"), tuple(_proof(p) for p in proofs))


MAX_AUDIT_PROOFS = 64
MAX_COUNTERS = 200  # a few per Jalali year; an acknowledgement stays under 16 KiB
_COUNTER = re.compile(r"^[a-z][a-z0-9_:.-]{0,59}$")


def _counters(value: object, code: str) -> dict[str, int]:
    if not isinstance(value, dict) or len(value) > MAX_COUNTERS:
        raise PackageError(code, "counters")
    for name, number in value.items():
        if not _COUNTER.match(name) or not _int_in(number, 0, 2**62):
            raise PackageError(code, "counters")
    return dict(value)


def _audit_head(value: Mapping[str, Any], code: str) -> tuple[int, str]:
    count, digest = value.get("count"), value.get("hash")
    if not _int_in(count, 0, 2**62) or not isinstance(digest, str) or not _SHA256.match(digest):
        raise PackageError(code, "audit")
    return count, digest


def _proof(item: object) -> tuple[int, str | None]:
    if not isinstance(item, dict):
        raise PackageError("bad_manifest", "audit")
    _check_keys(item, frozenset({"count", "hash"}), "bad_manifest")
    count, digest = item["count"], item["hash"]
    if not _int_in(count, 0, 2**62):
        raise PackageError("bad_manifest", "audit")
    if digest is not None and (not isinstance(digest, str) or not _SHA256.match(digest)):
        raise PackageError("bad_manifest", "audit")
    return count, digest


@dataclass(frozen=True)
class Manifest:
    office_code: int
    sequence: int
    journal_range: tuple[int, int]  # first and last change-journal id, inclusive
    created_at: dt.datetime  # aware, UTC
    schema_version: int
    counts: Mapping[str, int]  # records per entity
    members: tuple[Member, ...]
    format_version: int = FORMAT_VERSION
    format: str = FORMAT
    audit: AuditClaim | None = None  # office packages from this version on
    # The office's counters (tracking serial, letter numbers, ...) as the package was written.
    counters: Mapping[str, int] | None = None

    def to_json(self) -> dict[str, Any]:
        body = {
            "format": self.format,
            "format_version": self.format_version,
            "office_code": self.office_code,
            "sequence": self.sequence,
            "journal_range": {"first": self.journal_range[0], "last": self.journal_range[1]},
            "created_at": _utc_text(self.created_at),
            "schema_version": self.schema_version,
            "counts": dict(sorted(self.counts.items())),
            "members": [{"path": m.path, "sha256": m.sha256, "size": m.size} for m in self.members],
        }
        if self.audit is not None:
            body["audit"] = self.audit.to_json()
        if self.counters is not None:
            body["counters"] = dict(sorted(self.counters.items()))
        return body

    def to_bytes(self) -> bytes:
        """The exact bytes stored as ``manifest.json`` and signed."""
        return _pretty_json(self.to_json())

    @classmethod
    def from_json(cls, body: Mapping[str, Any]) -> Manifest:
        _check_keys(body, _MANIFEST_KEYS | ({"audit", "counters"} & set(body)), "bad_manifest")
        return cls(
            office_code=_field_int(body, "office_code", 0, MAX_OFFICE_CODE),
            sequence=_field_int(body, "sequence", 1, MAX_SEQUENCE),
            journal_range=_range(body.get("journal_range"), "bad_manifest"),
            created_at=_parse_utc(body.get("created_at"), "bad_manifest"),
            schema_version=_field_int(body, "schema_version", 1, 2**31),
            counts=_counts(body.get("counts")),
            members=_members(body.get("members")),
            format=str(body["format"]),
            audit=AuditClaim.from_json(body["audit"]) if "audit" in body else None,
            counters=_counters(body["counters"], "bad_manifest") if "counters" in body else None,
        )


_MANIFEST_KEYS = frozenset(
    {"format", "format_version", "office_code", "sequence", "journal_range", "created_at"}
    | {"schema_version", "counts", "members"}
)


def _field_int(body: Mapping[str, Any], name: str, low: int, high: int) -> int:
    value = body.get(name)
    if not _int_in(value, low, high):
        raise PackageError("bad_manifest", name)
    return value


def _counts(value: object) -> dict[str, int]:
    if not isinstance(value, dict):
        raise PackageError("bad_manifest", "counts")
    for entity, count in value.items():
        if not _ENTITY.match(entity) or not _int_in(count, 0, 2**62):
            raise PackageError("bad_manifest", "counts")
    return dict(value)


def _members(value: object) -> tuple[Member, ...]:
    if not isinstance(value, list):
        raise PackageError("bad_manifest", "members")
    if len(value) > MAX_MEMBERS:
        raise PackageError("too_large")
    members = tuple(_member(item) for item in value)
    paths = [m.path for m in members]
    if len(set(paths)) != len(paths) or paths[:1] != [RECORDS]:
        raise PackageError("bad_manifest", "members")
    return members


def _member(item: object) -> Member:
    if not isinstance(item, dict):
        raise PackageError("bad_manifest", "members")
    _check_keys(item, frozenset({"path", "sha256", "size"}), "bad_manifest")
    path, digest, size = item["path"], item["sha256"], item["size"]
    if not isinstance(path, str) or _unsafe(path):
        raise PackageError("unsafe_path", path)
    if not _MEMBER_PATH.match(path):
        raise PackageError("bad_manifest", path)
    if not isinstance(digest, str) or not _SHA256.match(digest):
        raise PackageError("bad_manifest", path)
    if not _int_in(size, 0, _MAX_USTAR_SIZE):
        raise PackageError("bad_manifest", path)
    return Member(path, digest, size)


# --- records ---------------------------------------------------------------------------------


def encode_record(record: Mapping[str, Any]) -> bytes:
    """One line of ``records.jsonl``: sorted keys, UTF-8, no NaN, ending in LF."""
    problem = record_problem(record)
    if problem:
        raise ValueError(f"invalid record: {problem}")
    return (_RECORD_JSON.encode(record) + "\n").encode("utf-8")


_RECORD_JSON = json.JSONEncoder(
    sort_keys=True, ensure_ascii=False, separators=(",", ":"), allow_nan=False
)


def record_problem(record: object) -> str | None:
    """What is wrong with a record's envelope, or None."""
    if not isinstance(record, Mapping) or set(record) != _RECORD_KEYS:
        return "keys"
    checks = (
        ("entity", isinstance(record["entity"], str) and bool(_ENTITY.match(record["entity"]))),
        ("uid", isinstance(record["uid"], str) and bool(_UID.match(record["uid"]))),
        ("version", _int_in(record["version"], 1, 2**62)),
        ("operation", record["operation"] in OPERATIONS),
        ("data", isinstance(record["data"], Mapping)),
    )
    return next((name for name, ok in checks if not ok), None)


def _decode_record(line: bytes, number: int) -> dict[str, Any]:
    try:
        record = json.loads(line.decode("utf-8"), parse_constant=_no_constant)
    except (ValueError, RecursionError):
        raise PackageError("bad_record", to_persian_digits(number)) from None
    if not line.endswith(b"\n") or record_problem(record):
        raise PackageError("bad_record", to_persian_digits(number))
    return record  # type: ignore[no-any-return]


def _no_constant(name: str) -> None:
    raise ValueError(name)


# --- writing ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class PackageInfo:
    path: Path
    sequence: int
    sha256: str  # of the encrypted file as written and read back
    size: int
    counts: Mapping[str, int] = field(default_factory=dict)


def package_name(office_code: int, sequence: int, file_format: str = FORMAT) -> str:
    if file_format == INBOUND_FORMAT:
        return f"dadras-in-{office_code:04d}-{sequence:06d}.age"
    return f"dadras-{office_code:04d}-{sequence:06d}.age"


@dataclass(frozen=True)
class AttachmentSource:
    """Attachments read one at a time while the package is written, never all at once.

    ``sizes`` maps each attachment's sha256 to its size in bytes, and is read only after every
    record has been consumed (it may be filled meanwhile); ``read(sha256)`` returns its
    bytes or a binary file to stream them from (closed after use). Each attachment's sha256 and
    size are checked as it streams into the package: a mismatch is a ValueError and no file
    is left behind.
    """

    sizes: Mapping[str, int]
    read: Callable[[str], bytes | IO[bytes]]


def write_package(
    folder: Path,
    *,
    office_code: int,
    sequence: int,
    records: Iterable[Mapping[str, Any]],
    attachments: Mapping[str, bytes] | AttachmentSource | None = None,
    journal_range: tuple[int, int],
    signing_key: bytes,
    central_recipient: str,
    created_at: dt.datetime,
    schema_version: int,
    file_format: str = FORMAT,
    audit: AuditClaim | None = None,
    counters: Mapping[str, int] | None = None,
) -> PackageInfo:
    """Write, sign, encrypt and atomically place one package, then check it by reading back.

    ``records`` is consumed once and streamed; ``attachments`` maps sha256 → bytes, or is an
    AttachmentSource that reads them one at a time. Memory stays bounded whatever the number
    of records: they are spooled to a temporary file (needed for the manifest, which comes
    first), then tar, gzip and age stream straight into the destination.
    ``file_format`` INBOUND_FORMAT writes central's package for an office: ``office_code`` is
    then the receiving office, ``signing_key`` central's and ``central_recipient`` the office's.
    """
    if file_format not in (FORMAT, INBOUND_FORMAT):
        raise ValueError(f"unknown package format {file_format!r}")
    _check_header(office_code, sequence, journal_range, schema_version)
    source = _attachment_source(attachments)
    recipient = _recipient(central_recipient)
    _private_key(signing_key)
    final = Path(folder) / package_name(office_code, sequence, file_format)
    if final.exists():
        raise PackageError("already_exists", final.name)
    with SpooledTemporaryFile(max_size=_WRITE_SPOOL) as records_file:
        records_member, counts = _write_records(records, records_file)
        manifest = Manifest(
            office_code,
            sequence,
            journal_range,
            _as_utc(created_at),
            schema_version,
            counts,
            (records_member, *_attachment_members(source)),
            format=file_format,
            audit=audit,
            counters=counters,
        )
        signature = sign(signing_key, manifest.to_bytes())
        archive = _ArchiveReader(_archive(manifest, signature, records_file, source))
        digest, size = _atomic_write(final, lambda out: _encrypt(archive, out, recipient))
    _read_back(final, digest)
    return PackageInfo(final, sequence, digest, size, counts)


def _check_header(
    office_code: int, sequence: int, journal_range: tuple[int, int], schema_version: int
) -> None:
    first, last = journal_range
    if not (
        _int_in(office_code, 0, MAX_OFFICE_CODE)
        and _int_in(sequence, 1, MAX_SEQUENCE)
        and _int_in(first, 0, 2**62)
        and _int_in(last, first, 2**62)
        and _int_in(schema_version, 1, 2**31)
    ):
        raise ValueError("office code, sequence, journal range or schema version out of range")


def _attachment_source(
    attachments: Mapping[str, bytes] | AttachmentSource | None,
) -> AttachmentSource:
    """Bytes in memory are checked at once; a source's bytes as they stream into the tar."""
    if isinstance(attachments, AttachmentSource):
        return attachments
    held = attachments or {}
    for digest, data in held.items():
        if hashlib.sha256(data).hexdigest() != digest:
            raise ValueError(f"attachment {digest!r} is not the sha256 of its bytes")
    return AttachmentSource({digest: len(data) for digest, data in held.items()}, held.__getitem__)


def _attachment_members(source: AttachmentSource) -> list[Member]:
    """Read once every record is written: a source may learn its attachments from them."""
    members = []
    for digest in sorted(source.sizes):
        size = source.sizes[digest]
        if not isinstance(digest, str) or not _SHA256.match(digest):
            raise ValueError(f"attachment {digest!r} is not a sha256")
        if not _int_in(size, 0, 2**62):
            raise ValueError(f"attachment {digest!r} has no valid size")
        members.append(Member(ATTACHMENTS + digest, digest, size))
    return members


def _write_records(
    records: Iterable[Mapping[str, Any]], out: IO[bytes]
) -> tuple[Member, dict[str, int]]:
    digest = hashlib.sha256()
    size = 0
    counts: Counter[str] = Counter()
    batch: list[bytes] = []
    pending = 0
    for record in records:
        line = encode_record(record)
        batch.append(line)
        pending += len(line)
        counts[record["entity"]] += 1
        if pending >= _CHUNK:
            size += _flush_lines(batch, out, digest)
            pending = 0
    size += _flush_lines(batch, out, digest)
    out.seek(0)
    return Member(RECORDS, digest.hexdigest(), size), dict(sorted(counts.items()))


def _flush_lines(batch: list[bytes], out: IO[bytes], digest: Any) -> int:
    data = b"".join(batch)
    batch.clear()
    out.write(data)
    digest.update(data)
    return len(data)


def _archive(
    manifest: Manifest, signature: bytes, records_file: IO[bytes], source: AttachmentSource
) -> Iterator[bytes]:
    """The package's gzip'd tar, piece by piece.

    The tar is what ``tarfile`` writes in pax format, deterministic (fixed order, mtime, owner
    and mode); the gzip stream is what ``gzip.GzipFile`` writes with mtime 0 and no name.
    """
    mtime = int(manifest.created_at.timestamp())
    manifest_bytes = manifest.to_bytes()
    packed = _Gzip(_COMPRESS_LEVEL)
    yield packed.header
    tar = _Tar(packed, mtime)
    yield tar.add(MANIFEST, len(manifest_bytes), [manifest_bytes])
    yield tar.add(SIGNATURE, len(signature), [signature])
    yield from tar.stream(RECORDS, manifest.members[0].size, _chunks(records_file))
    for member in manifest.members[1:]:
        data = source.read(member.sha256)
        checked = _Checked(member, _chunks(data) if not isinstance(data, bytes) else [data])
        try:
            yield from tar.stream(member.path, member.size, checked)
        finally:
            if not isinstance(data, bytes):
                data.close()
    yield tar.close()
    yield packed.finish()


def _chunks(file: IO[bytes]) -> Iterator[bytes]:
    while chunk := file.read(_CHUNK):
        yield chunk


class _Checked:
    """An attachment's bytes, checked against its sha256 and size as they go by."""

    def __init__(self, member: Member, chunks: Iterable[bytes]) -> None:
        self._member = member
        self._chunks = chunks

    def __iter__(self) -> Iterator[bytes]:
        digest = hashlib.sha256()
        size = 0
        for chunk in self._chunks:
            digest.update(chunk)
            size += len(chunk)
            if size > self._member.size:
                break
            yield chunk
        if size != self._member.size or digest.hexdigest() != self._member.sha256:
            raise ValueError(f"attachment {self._member.sha256!r} is not the sha256 of its bytes")


class _Gzip:
    """RFC 1952 as ``gzip.GzipFile(filename="", mtime=0)`` writes it, produced piece by piece."""

    def __init__(self, level: int) -> None:
        self._deflate = zlib.compressobj(
            level, zlib.DEFLATED, -zlib.MAX_WBITS, zlib.DEF_MEM_LEVEL, 0
        )
        self._crc = 0
        self._size = 0
        extra_flags = b"\x02" if level == 9 else b"\x04" if level == 1 else b"\x00"
        # magic, deflate, no flags, mtime 0, extra flags, OS unknown
        self.header = b"\x1f\x8b\x08\x00\x00\x00\x00\x00" + extra_flags + b"\xff"

    def compress(self, data: bytes) -> bytes:
        self._crc = zlib.crc32(data, self._crc)
        self._size += len(data)
        return self._deflate.compress(data)

    def finish(self) -> bytes:
        trailer = self._crc.to_bytes(4, "little") + (self._size & 0xFFFFFFFF).to_bytes(4, "little")
        return self._deflate.flush() + trailer


class _Tar:
    """A pax tar as ``tarfile.open(mode="w", format=PAX_FORMAT)`` writes it, into a _Gzip."""

    def __init__(self, out: _Gzip, mtime: int) -> None:
        self._out = out
        self._mtime = mtime
        self._offset = 0

    def add(self, name: str, size: int, chunks: Iterable[bytes]) -> bytes:
        return b"".join(self.stream(name, size, chunks))

    def stream(self, name: str, size: int, chunks: Iterable[bytes]) -> Iterator[bytes]:
        info = tarfile.TarInfo(name)
        info.size, info.mtime, info.mode = size, self._mtime, 0o644
        info.uid = info.gid = 0
        info.uname = info.gname = ""
        yield self._write(info.tobuf(tarfile.PAX_FORMAT, tarfile.ENCODING, "surrogateescape"))
        written = 0
        for chunk in chunks:
            written += len(chunk)
            if written > size:
                raise ValueError(f"member {name!r} is longer than its size")
            yield self._write(chunk)
        if written != size:
            raise ValueError(f"member {name!r} is shorter than its size")
        remainder = size % tarfile.BLOCKSIZE
        if remainder:
            yield self._write(tarfile.NUL * (tarfile.BLOCKSIZE - remainder))

    def close(self) -> bytes:
        """Two zero blocks, then zeros up to a whole record, as ``TarFile.close`` does."""
        end = tarfile.NUL * (tarfile.BLOCKSIZE * 2)
        remainder = (self._offset + len(end)) % tarfile.RECORDSIZE
        if remainder:
            end += tarfile.NUL * (tarfile.RECORDSIZE - remainder)
        return self._write(end)

    def _write(self, data: bytes) -> bytes:
        self._offset += len(data)
        return self._out.compress(data)


class _ArchiveReader(io.RawIOBase):
    """A read-only file over the pieces of an iterator, for ``pyrage.encrypt_io``.

    pyrage turns any exception raised while reading into its own EncryptError; the original
    is kept in ``error`` so the caller can raise it instead.
    """

    def __init__(self, pieces: Iterator[bytes]) -> None:
        super().__init__()
        self._pieces = pieces
        self._buffer = bytearray()
        self._done = False
        self.error: BaseException | None = None

    def readable(self) -> bool:
        return True

    def read(self, size: int | None = -1) -> bytes:
        try:
            while not self._done and (size is None or size < 0 or len(self._buffer) < size):
                piece = next(self._pieces, None)
                if piece is None:
                    self._done = True
                else:
                    self._buffer += piece
        except BaseException as exc:
            self.error = exc
            raise
        if size is None or size < 0:
            size = len(self._buffer)
        data = bytes(self._buffer[:size])
        del self._buffer[:size]
        return data

    def readinto(self, target: Any) -> int:
        data = self.read(len(target))
        target[: len(data)] = data
        return len(data)


def _encrypt(archive: _ArchiveReader, out: _HashingWriter, recipient: Any) -> None:
    try:
        pyrage.encrypt_io(archive, out, [recipient])
    except BaseException:
        if archive.error is not None:
            raise archive.error from None
        raise
    if archive.error is not None:  # pragma: no cover - pyrage always reports a failed read
        raise archive.error


class _HashingWriter:
    """Passes writes to a file while hashing and counting them."""

    def __init__(self, raw: IO[bytes]) -> None:
        self.raw = raw
        self.digest = hashlib.sha256()
        self.size = 0

    def write(self, data: bytes) -> int:
        written = self.raw.write(data)
        self.digest.update(data)
        self.size += len(data)
        return written

    def flush(self) -> None:
        self.raw.flush()


def _atomic_write(final: Path, produce: Callable[[_HashingWriter], object]) -> tuple[str, int]:
    """Write under a temporary name beside ``final``, fsync, rename, fsync the folder.

    On any failure the temporary file is removed and nothing appears under ``final``.
    """
    temporary = final.with_name(f".{final.name}.{secrets.token_hex(6)}.tmp")
    try:
        with open(temporary, "xb") as raw:
            out = _HashingWriter(raw)
            produce(out)
            raw.flush()
            os.fsync(raw.fileno())
        os.replace(temporary, final)
    except BaseException as exc:
        temporary.unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise PackageError("write_failed") from exc
        raise
    _fsync_folder(final.parent)
    return out.digest.hexdigest(), out.size


def _fsync_folder(folder: Path) -> None:
    """Make the rename durable; not possible (nor needed) on Windows."""
    if os.name == "nt":
        return
    descriptor = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as file:
        while chunk := file.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def _read_back(final: Path, expected: str) -> None:
    try:
        actual = file_sha256(final)
    except OSError:
        actual = ""
    if actual != expected:
        final.unlink(missing_ok=True)
        raise PackageError("verify_failed")


# --- reading ---------------------------------------------------------------------------------


class Package:
    """An opened, fully verified package; close it (or use ``with``) to free its temp file."""

    def __init__(
        self, manifest: Manifest, signer: bytes, store: IO[bytes], regions: Mapping[str, _Region]
    ) -> None:
        self.manifest = manifest
        self.signer = signer  # the public key whose signature the manifest carries
        self._store = store
        self._regions = regions

    def iter_records(self) -> Iterator[dict[str, Any]]:
        """The records in package order, streamed."""
        for number, line in enumerate(self._lines(RECORDS), 1):
            yield _decode_record(line, number)

    def attachment(self, sha256: str) -> bytes:
        name = ATTACHMENTS + sha256
        if not _SHA256.match(sha256) or name not in self._regions:
            raise PackageError("missing_member", name)
        region = self._regions[name]
        self._store.seek(region.offset)
        return self._store.read(region.size)

    def attachment_hashes(self) -> list[str]:
        return [m.sha256 for m in self.manifest.members if m.path.startswith(ATTACHMENTS)]

    def _lines(self, name: str) -> Iterator[bytes]:
        region = self._regions[name]
        position, end = region.offset, region.offset + region.size
        pending = b""
        while position < end:
            self._store.seek(position)
            chunk = self._store.read(min(_CHUNK, end - position))
            position += len(chunk)
            lines = (pending + chunk).split(b"\n")
            pending = lines.pop()
            for line in lines:
                yield line + b"\n"
        if pending:
            yield pending

    def close(self) -> None:
        self._store.close()

    def __enter__(self) -> Package:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


@dataclass(frozen=True)
class _Region:
    offset: int
    size: int


def open_package(
    path: Path,
    *,
    identity: str,
    signers: Iterable[bytes],
    file_format: str = FORMAT,
) -> Package:
    """Decrypt, authenticate and verify everything.

    ``signers`` are the public keys a package may be signed with (central's for an
    INBOUND_FORMAT package; every enrolled office's at central). Nothing inside is parsed
    before the manifest's signature holds for one of them: the manifest and its signature
    come first in the archive and are read with hard limits, and the rest is then checked,
    as it streams, against the sizes and hashes the signed manifest gives.
    """
    age_identity = _identity(identity)
    keys = tuple(signers)
    with _decrypt(Path(path), age_identity) as compressed:
        return _read_archive(_Inflater(compressed), keys, file_format)


def verify_file(
    path: Path,
    *,
    identity: str,
    signers: Iterable[bytes],
    file_format: str = FORMAT,
) -> Manifest:
    """Check a package without importing it: its manifest, or PackageError saying what is wrong."""
    with open_package(path, identity=identity, signers=signers, file_format=file_format) as package:
        return package.manifest


def _decrypt(path: Path, age_identity: Any) -> IO[bytes]:
    """The gzip'd archive in a temporary file, age-decrypted (as large as the file, at most)."""
    try:
        source = open(path, "rb")  # noqa: SIM115 - closed below
        too_large = os.fstat(source.fileno()).st_size > MAX_ARCHIVE_SIZE
    except OSError as exc:
        raise PackageError("unreadable", exc.strerror or path.name) from None
    if too_large:
        source.close()
        raise PackageError("too_large")
    compressed: IO[bytes] = SpooledTemporaryFile(max_size=_SPOOL)  # noqa: SIM115 - caller closes
    with source:
        try:
            pyrage.decrypt_io(source, compressed, [age_identity])
        except (pyrage.DecryptError, OSError) as exc:
            compressed.close()
            raise _decrypt_error(str(exc)) from None
        except BaseException:
            compressed.close()
            raise
    compressed.seek(0)
    return compressed


def _decrypt_error(text: str) -> PackageError:
    if "No matching keys" in text:
        return PackageError("wrong_recipient")
    if "Incomplete" in text or "fill whole buffer" in text:
        return PackageError("truncated")
    return PackageError("not_decryptable")


class _Inflater:
    """The gzip stream inflated on demand, never past ``limit`` bytes of output.

    One gzip member only; zlib checks its CRC and length at the end.
    """

    def __init__(self, compressed: IO[bytes]) -> None:
        self._compressed = compressed
        self._zlib = zlib.decompressobj(16 + zlib.MAX_WBITS)
        self._buffer = bytearray()
        self.consumed = 0
        self.produced = 0
        self.limit = _SIGNED_PART_LIMIT
        self.authenticated = False

    def read(self, size: int) -> bytes:
        """Exactly ``size`` bytes, or PackageError (truncated, too large, corrupt)."""
        if self.produced + size > self.limit:
            raise PackageError("too_large")
        while len(self._buffer) < size:
            self._inflate(size - len(self._buffer))
        data = bytes(self._buffer[:size])
        del self._buffer[:size]
        self.produced += size
        return data

    def finish(self) -> None:
        """Nothing may follow the archive: not more output, not another gzip member."""
        if self._buffer:
            raise PackageError("corrupt_archive")
        while not self._zlib.eof:
            if self._inflate(1, at_end=True):
                raise PackageError("corrupt_archive")
        if self._zlib.unused_data or self._compressed.read(1):
            raise PackageError("corrupt_archive")

    def _inflate(self, wanted: int, *, at_end: bool = False) -> bool:
        if self._zlib.eof:
            raise PackageError("truncated")
        data = self._zlib.unconsumed_tail
        if not data:
            data = self._compressed.read(_CHUNK)
            self.consumed += len(data)
        if not data:
            raise PackageError("truncated")
        try:
            out = self._zlib.decompress(data, min(wanted, _CHUNK))
        except zlib.error:
            raise PackageError("corrupt_archive") from None
        self._buffer += out
        inflated = self.produced + len(self._buffer)
        if (
            not self.authenticated
            and inflated > _RATIO_FLOOR
            and inflated > _MAX_RATIO * (self.consumed - len(self._zlib.unconsumed_tail))
        ):
            raise PackageError("too_large")  # a bomb before the signature could be checked
        return bool(out) and at_end


# What is inflated before the signature is checked: two tar headers, the manifest and the
# signature. A manifest lists each member in about 190 bytes.
MAX_MANIFEST_SIZE = 64 * 1024 * 1024
MAX_MEMBERS = 300_000
_SIGNATURE_SIZE = 64
_RATIO_FLOOR = 1024 * 1024
_MAX_RATIO = 50  # a manifest (hashes and sizes) compresses about 2:1
_SIGNED_PART_LIMIT = 4 * tarfile.BLOCKSIZE + MAX_MANIFEST_SIZE
_MAX_USTAR_SIZE = 8**11 - 1  # eleven octal digits: a bigger member needs a pax header


def _read_archive(inflater: _Inflater, signers: tuple[bytes, ...], file_format: str) -> Package:
    manifest_bytes = _read_member_bytes(inflater, MANIFEST, MAX_MANIFEST_SIZE)
    signature = _read_member_bytes(inflater, SIGNATURE, _SIGNATURE_SIZE)
    signer = next((k for k in signers if signature_valid(k, manifest_bytes, signature)), None)
    if signer is None:
        raise PackageError("bad_signature")
    manifest = _parse_manifest(manifest_bytes, file_format)
    if _members_size(manifest.members) > MAX_ARCHIVE_SIZE:
        raise PackageError("too_large")
    # From here the signed manifest says exactly how much there is to inflate.
    inflater.authenticated = True
    inflater.limit = _archive_end(inflater.produced + _members_size(manifest.members))
    store: IO[bytes] = SpooledTemporaryFile(max_size=_SPOOL)  # noqa: SIM115 - Package closes it
    try:
        listed = {m.path: m for m in manifest.members}
        regions = {m.path: _store_member(inflater, store, m, listed) for m in manifest.members}
        _read_end_of_archive(inflater, {MANIFEST, SIGNATURE, *listed})
        inflater.finish()
        package = Package(manifest, signer, store, regions)
        _check_records(package)
    except BaseException:
        store.close()
        raise
    return package


def _members_size(members: Iterable[Member]) -> int:
    return sum(tarfile.BLOCKSIZE + _padded(member.size) for member in members)


def _archive_end(offset: int) -> int:
    """Where a tar whose last member ends at ``offset`` ends, as ``tarfile`` closes it:
    two zero blocks, then zeros to a whole 10 KiB record."""
    end = offset + 2 * tarfile.BLOCKSIZE
    return -(-end // tarfile.RECORDSIZE) * tarfile.RECORDSIZE


def _padded(size: int) -> int:
    return -(-size // tarfile.BLOCKSIZE) * tarfile.BLOCKSIZE


def _read_member_bytes(inflater: _Inflater, name: str, limit: int) -> bytes:
    size = _read_header(inflater, name, _SIGNED_NAMES, ())
    if size > limit or (name == SIGNATURE and size != limit):
        raise PackageError("too_large" if size > limit else "bad_signature")
    data = inflater.read(size)
    inflater.read(_padded(size) - size)
    return data


_SIGNED_NAMES = (MANIFEST, SIGNATURE, RECORDS)


def _store_member(
    inflater: _Inflater, store: IO[bytes], member: Member, listed: Mapping[str, Member]
) -> _Region:
    if _read_header(inflater, member.path, listed, (MANIFEST, SIGNATURE)) != member.size:
        raise PackageError("size_mismatch", member.path)
    digest = hashlib.sha256()
    offset = store.seek(0, io.SEEK_END)
    left = member.size
    while left:
        chunk = inflater.read(min(_CHUNK, left))
        digest.update(chunk)
        store.write(chunk)
        left -= len(chunk)
    inflater.read(_padded(member.size) - member.size)
    if digest.hexdigest() != member.sha256:
        raise PackageError("checksum_mismatch", member.path)
    return _Region(offset, member.size)


def _read_header(
    inflater: _Inflater, expected: str, listed: Container[str], seen: Container[str]
) -> int:
    """A plain ustar header for a regular file called ``expected``; its size."""
    block = inflater.read(tarfile.BLOCKSIZE)
    if not any(block):
        raise PackageError("missing_member", expected)
    name = _header_name(block)
    if name != expected:
        raise _unexpected_member(name, block, seen, expected if name in listed else None)
    if block[156:157] not in (b"0", b"\x00"):
        raise PackageError("unsafe_path", name)
    size = _octal(block[124:136])
    if size is None or size > _MAX_USTAR_SIZE:
        raise PackageError("corrupt_archive")
    return size


def _header_name(block: bytes) -> str:
    stored = _octal(block[148:156])
    computed = sum(block[:148]) + 8 * 0x20 + sum(block[156:])
    if stored != computed or block[257:265] != b"ustar\x0000":
        raise PackageError("corrupt_archive")
    if any(block[345:500]):  # a name prefix: never written by Dadras
        raise PackageError("unsafe_path", block[345:500].rstrip(b"\x00").decode("ascii", "replace"))
    return block[:100].split(b"\x00", 1)[0].decode("utf-8", "replace")


def _unexpected_member(
    name: str, block: bytes, seen: Container[str], missing: str | None
) -> PackageError:
    if _unsafe(name) or block[156:157] not in (b"0", b"\x00"):
        return PackageError("unsafe_path", name)
    if name in seen:
        return PackageError("duplicate_member", name)
    if missing is not None:  # a listed member, out of its place: the one due is missing
        return PackageError("missing_member", missing)
    return PackageError("extra_member", name)


def _unsafe(name: str) -> bool:
    """A path that could land outside a target folder, or that is not plain and relative."""
    parts = name.split("/")
    return (
        not name
        or name.startswith(("/", "\\"))
        or "\\" in name
        or "\x00" in name
        or (len(name) > 1 and name[1] == ":")
        or any(part in ("", ".", "..") for part in parts)
    )


def _octal(field_bytes: bytes) -> int | None:
    digits = field_bytes.rstrip(b"\x00 ").lstrip(b" ")
    if not digits or not all(0x30 <= b <= 0x37 for b in digits):
        return None
    return int(digits, 8)


def _read_end_of_archive(inflater: _Inflater, seen: Container[str]) -> None:
    """Two zero blocks and zeros to the end of the 10 KiB record, as ``tarfile`` writes."""
    end = _archive_end(inflater.produced)
    block = inflater.read(tarfile.BLOCKSIZE)
    if any(block):
        raise _unexpected_member(_header_name(block), block, seen, None)
    if any(inflater.read(end - inflater.produced)):
        raise PackageError("corrupt_archive")


def _parse_manifest(data: bytes, file_format: str) -> Manifest:
    try:
        body = json.loads(data.decode("utf-8"), parse_constant=_no_constant)
    except (ValueError, RecursionError):
        raise PackageError("bad_manifest", "JSON") from None
    if not isinstance(body, dict) or body.get("format") not in (FORMAT, INBOUND_FORMAT):
        raise PackageError("unknown_format")
    if body["format"] != file_format:
        raise PackageError("wrong_direction")
    version = body.get("format_version")
    if version != FORMAT_VERSION or isinstance(version, bool):
        raise PackageError("unknown_version", version)
    return Manifest.from_json(body)


def _check_records(package: Package) -> None:
    counts: Counter[str] = Counter(record["entity"] for record in package.iter_records())
    expected = package.manifest.counts
    for entity in sorted(set(counts) | set(expected)):
        if counts.get(entity, 0) != expected.get(entity, 0):
            raise PackageError("count_mismatch", entity)


# --- acknowledgements ------------------------------------------------------------------------


@dataclass(frozen=True)
class Ack:
    office_code: int
    sequence: int
    package_sha256: str
    received_journal_range: tuple[int, int]
    created_at: dt.datetime
    # The audit head central received with the package, signed back as an anchor.
    audit: tuple[int, str] | None = None
    # The office's counters the package carried: after a restore, numbers continue past them.
    counters: Mapping[str, int] | None = None
    document: bytes = field(default=b"", compare=False, repr=False)  # the file, as signed


def ack_name(office_code: int, sequence: int) -> str:
    return f"dadras-ack-{office_code:04d}-{sequence:06d}.json"


def write_ack(
    folder: Path,
    *,
    office_code: int,
    sequence: int,
    package_sha256: str,
    received_journal_range: tuple[int, int],
    signing_key: bytes,
    created_at: dt.datetime,
    audit: tuple[int, str] | None = None,
    counters: Mapping[str, int] | None = None,
) -> Path:
    """Central's signed receipt for one package (plain JSON, not encrypted)."""
    _check_header(office_code, sequence, received_journal_range, 1)
    if not _SHA256.match(package_sha256):
        raise ValueError("package_sha256 must be 64 lower-case hex digits")
    body = {
        "format": ACK_FORMAT,
        "format_version": FORMAT_VERSION,
        "office_code": office_code,
        "sequence": sequence,
        "package_sha256": package_sha256,
        "received_journal_range": {
            "first": received_journal_range[0],
            "last": received_journal_range[1],
        },
        "created_at": _utc_text(_as_utc(created_at)),
    }
    if audit is not None:
        body["audit"] = {"count": audit[0], "hash": audit[1]}
    if counters is not None:
        body["counters"] = dict(sorted(counters.items()))
    signature = sign(signing_key, _canonical(body))
    document = {"ack": body, "signature": base64.b64encode(signature).decode("ascii")}
    path = Path(folder) / ack_name(office_code, sequence)
    _atomic_write(path, lambda out: out.write(_pretty_json(document)))
    return path


def read_ack(path: Path, central_public_key: bytes) -> Ack:
    """The acknowledgement, after checking central's signature over its canonical body."""
    return _verified_ack(_read_json_bytes(path, "bad_ack"), central_public_key)


def office_acks_in(
    folder: Path, office_code: int, central_public_keys: Sequence[bytes]
) -> list[tuple[Path, Ack]]:
    """The office's acknowledgements in ``folder`` that one of the keys signed, by name;
    any other file (another office's, damaged, forged) is skipped, as is a folder that
    cannot be read."""
    found = []
    try:
        paths = sorted(Path(folder).glob(f"dadras-ack-{office_code:04d}-*.json"))
    except OSError:
        return []
    for path in paths:
        for key in central_public_keys:
            try:
                ack = read_ack(path, key)
            except PackageError:
                continue
            if ack.office_code == office_code:
                found.append((path, ack))
            break
    return found


def ack_from_document(document: bytes, central_public_keys: Sequence[bytes]) -> Ack:
    """An acknowledgement kept as its file's bytes, checked again against any of the keys."""
    for key in central_public_keys[:-1]:
        try:
            return _verified_ack(document, key)
        except PackageError as exc:
            if exc.code != "bad_ack_signature":
                raise
    if not central_public_keys:
        raise PackageError("bad_ack_signature")
    return _verified_ack(document, central_public_keys[-1])


def _verified_ack(data: bytes, central_public_key: bytes) -> Ack:
    document = _json_object(data, "bad_ack")
    _check_keys(document, frozenset({"ack", "signature"}), "bad_ack")
    body = document["ack"]
    if not isinstance(body, dict):
        raise PackageError("bad_ack", "ack")
    signature = _b64(document["signature"], "bad_ack")
    if not signature_valid(central_public_key, _canonical(body), signature):
        raise PackageError("bad_ack_signature")
    return replace(_ack_from_json(body), document=data)


_ACK_KEYS = frozenset(
    {"format", "format_version", "office_code", "sequence", "package_sha256"}
    | {"received_journal_range", "created_at"}
)


def _ack_from_json(body: Mapping[str, Any]) -> Ack:
    _check_keys(body, _ACK_KEYS | ({"audit", "counters"} & set(body)), "bad_ack")
    if body["format"] != ACK_FORMAT or body["format_version"] != FORMAT_VERSION:
        raise PackageError("bad_ack", "format")
    office_code, sequence, digest = body["office_code"], body["sequence"], body["package_sha256"]
    if not _int_in(office_code, 0, MAX_OFFICE_CODE) or not _int_in(sequence, 1, MAX_SEQUENCE):
        raise PackageError("bad_ack", "office_code/sequence")
    if not isinstance(digest, str) or not _SHA256.match(digest):
        raise PackageError("bad_ack", "package_sha256")
    return Ack(
        office_code,
        sequence,
        digest,
        _range(body["received_journal_range"], "bad_ack"),
        _parse_utc(body["created_at"], "bad_ack"),
        _ack_audit(body.get("audit")),
        _counters(body["counters"], "bad_ack") if "counters" in body else None,
    )


def _ack_audit(value: object) -> tuple[int, str] | None:
    if value is None:
        return None
    if not isinstance(value, dict):
        raise PackageError("bad_ack", "audit")
    _check_keys(value, frozenset({"count", "hash"}), "bad_ack")
    return _audit_head(value, "bad_ack")


# --- small helpers ---------------------------------------------------------------------------


def _pretty_json(body: object) -> bytes:
    text = json.dumps(body, sort_keys=True, ensure_ascii=False, indent=2, allow_nan=False)
    return (text + "\n").encode("utf-8")


def _canonical(body: object) -> bytes:
    """Sorted keys, no spaces, ASCII: what an acknowledgement's signature covers."""
    text = json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=True)
    return text.encode("ascii")


# An acknowledgement or a public-key file is a few hundred bytes.
_MAX_JSON_FILE = 16 * 1024


def _read_json_file(path: Path, code: str) -> dict[str, Any]:
    return _json_object(_read_json_bytes(path, code), code)


def _read_json_bytes(path: Path, code: str) -> bytes:
    try:
        with open(path, "rb") as file:
            data = file.read(_MAX_JSON_FILE + 1)
    except OSError as exc:
        raise PackageError("unreadable", exc.strerror or str(path)) from None
    if len(data) > _MAX_JSON_FILE:
        raise PackageError(code, "size")
    return data


def _json_object(data: bytes, code: str) -> dict[str, Any]:
    if len(data) > _MAX_JSON_FILE:
        raise PackageError(code, "size")
    try:
        body = json.loads(data.decode("utf-8"), parse_constant=_no_constant)
    except (ValueError, RecursionError):
        raise PackageError(code, "JSON") from None
    if not isinstance(body, dict):
        raise PackageError(code, "JSON")
    return body


def _check_keys(body: Mapping[str, Any], keys: frozenset[str], code: str) -> None:
    if set(body) != keys:
        raise PackageError(code, ", ".join(sorted(set(body) ^ keys)))


def _int_in(value: object, low: int, high: int) -> TypeGuard[int]:
    return isinstance(value, int) and not isinstance(value, bool) and low <= value <= high


def _range(value: object, code: str) -> tuple[int, int]:
    if not isinstance(value, dict) or set(value) != {"first", "last"}:
        raise PackageError(code, "journal_range")
    first, last = value["first"], value["last"]
    if not _int_in(first, 0, 2**62) or not _int_in(last, first, 2**62):
        raise PackageError(code, "journal_range")
    return first, last


def _str(value: object, code: str) -> str:
    if not isinstance(value, str):
        raise PackageError(code, "text")
    return value


def _b64(value: object, code: str) -> bytes:
    try:
        return base64.b64decode(_str(value, code), validate=True)
    except ValueError:
        raise PackageError(code, "base64") from None


def _as_utc(moment: dt.datetime) -> dt.datetime:
    """A naive instant is UTC (as stored in the database); an aware one is converted."""
    if moment.tzinfo is None:
        return moment.replace(tzinfo=dt.UTC)
    return moment.astimezone(dt.UTC)


def _utc_text(moment: dt.datetime) -> str:
    return _as_utc(moment).isoformat().replace("+00:00", "Z")


def _parse_utc(value: object, code: str) -> dt.datetime:
    if not isinstance(value, str) or not value.endswith("Z"):
        raise PackageError(code, "created_at")
    try:
        return dt.datetime.fromisoformat(value[:-1]).replace(tzinfo=dt.UTC)
    except ValueError:
        raise PackageError(code, "created_at") from None
