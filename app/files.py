"""Content-addressed files kept in the database: archived letters and scanned responses.

A file is stored under its sha256 and never rewritten: storing the same bytes again is a
no-op, and reading checks the hash, so a printed letter reopens exactly as it was printed.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from app.errors import NotFound, ValidationError
from db.models import StoredFile

MAX_SIZE = 30 * 1024 * 1024

PDF = "application/pdf"
_SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", PDF),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"II*\x00", "image/tiff"),
    (b"MM\x00*", "image/tiff"),
)


@dataclass(frozen=True)
class FileInfo:
    sha256: str
    media_type: str
    size: int


def media_type_of(data: bytes) -> str | None:
    """The media type told by the file's first bytes, for the kinds Dadras accepts."""
    for signature, media_type in _SIGNATURES:
        if data.startswith(signature):
            return media_type
    return None


def store(data: bytes, media_type: str) -> FileInfo:
    """Keep ``data`` under its sha256; call inside the write transaction that refers to it."""
    digest = hashlib.sha256(data).hexdigest()
    StoredFile.insert(
        sha256=digest, media_type=media_type, size=len(data), data=data
    ).on_conflict_ignore().execute()
    return FileInfo(digest, media_type, len(data))


def read_upload(path: Path) -> tuple[bytes, str]:
    """A scanned document the user picked: its bytes and media type, or a Persian refusal."""
    try:
        size = path.stat().st_size
        if size > MAX_SIZE:
            raise ValidationError({"file": "حجم پرونده بیش از ۳۰ مگابایت است."})
        data = path.read_bytes()
    except OSError:
        raise ValidationError({"file": "پرونده خوانده نشد؛ مسیر آن را بررسی کنید."}) from None
    media_type = media_type_of(data)
    if media_type is None:
        raise ValidationError({"file": "فقط پرونده‌ی PDF، PNG، JPEG یا TIFF پذیرفته می‌شود."})
    return data, media_type


def load(sha256: str) -> bytes:
    """The stored bytes, checked against their hash."""
    row = StoredFile.get_or_none(StoredFile.sha256 == sha256)
    if row is None:
        raise NotFound("پرونده‌ی بایگانی پیدا نشد.")
    data = bytes(row.data)
    if hashlib.sha256(data).hexdigest() != sha256:
        raise NotFound("پرونده‌ی بایگانی آسیب دیده است و با نسخه‌ی چاپ‌شده یکی نیست.")
    return data


def info(sha256: str) -> FileInfo | None:
    row = StoredFile.get_or_none(StoredFile.sha256 == sha256)
    if row is None:
        return None
    return FileInfo(str(row.sha256), str(row.media_type), int(row.size))
