"""Backups of the office database, and restoring one.

A backup is a copy of the whole SQLite database made with SQLite's online backup API, so it is
consistent while clerks keep working; stored files (archived letters, scanned responses and
pages) live inside the database and come with it. Each copy is checked with
``PRAGMA integrity_check`` before it is written out.

The file Dadras writes::

    DADRAS-BACKUP-2\n
    <header: one line of JSON (office, time, whether encrypted, the sealed identity)>\n
    <payload: the SQLite database, or with a passphrase an age stream of it>
    <32 bytes: HMAC-SHA256 of everything before, keyed with the office's backup key>

With a passphrase the passphrase protects a fresh age identity kept in the header, and the
database is streamed through age to that identity's recipient as it is written: nothing in
clear reaches the backup folder. The copy the backup API makes first stays beside the live
database, owner-only, and is removed afterwards. A backup is written under a temporary name,
read back and checked, and only then given its name; only then are older ones pruned.

The backup key is a random secret kept in the office database. Restoring into this office,
the tag is checked with this office's key before anything is read: an edited copy, a damaged
one or another office's is refused. Restoring onto a new computer there is no key yet; the
tag is then checked with the key inside the backup (which finds damage, not a forgery by
someone who holds the file; an encrypted backup cannot be forged without its passphrase).
Then the database must be one Dadras's own migrations produce, table for table and column for
column, with no trigger, view or table of anyone else's, of this office, from this version or
an earlier one. Only then is the live database copied aside and replaced.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
import json
import os
import re
import secrets
import sqlite3
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

import pyrage

from app import jalali, log, settings
from app.errors import DadrasError
from app.persian import isolated, ltr
from db.connection import current

if TYPE_CHECKING:
    from app.permissions import Session
    from app.sync.numbers import ShareScan

_log = log.get("backup")

MAGIC = b"DADRAS-BACKUP-2\n"
FORMAT = "dadras-backup"
PLAIN_SUFFIX = ".backup"
ENCRYPTED_SUFFIX = ".encrypted.backup"
KEY_SETTING = "backup.key"  # base64 of the 32-byte key of every backup's tag
# dadras-<office>-<local time>[-<n> for a second one in the same second][.encrypted].backup
_NAME = re.compile(r"^dadras-(\d{4})-(\d{8}-\d{6})(?:-(\d+))?(\.encrypted)?\.backup$")
_PAGES_PER_STEP = 4096  # the backup API copies this many pages, then lets writers in
_TAG_SIZE = 32
_MAX_HEADER = 4096
_CHUNK = 1 << 20
_STALE_SECONDS = 600  # a scratch file untouched this long is left from a run that died

Progress = Callable[[int, int], None]


class BackupError(DadrasError):
    """A backup or a restore that could not be done; the message is for the user."""


@dataclass(frozen=True)
class BackupFile:
    path: Path
    office_code: int
    made_at: dt.datetime  # Iran's time, from the name
    encrypted: bool
    size: int
    sequence: int = 1  # a second backup in the same second is the 2nd


# --- making a backup ---------------------------------------------------------------------


def make_backup(
    folder: Path,
    passphrase: str | None = None,
    *,
    keep: int | None = None,
    progress: Progress | None = None,
) -> BackupFile:
    """Back the open database up into ``folder``; with ``keep``, delete this office's oldest
    backups there beyond that many (once the new one is written and checked)."""
    code = _office_code(_live_connection())
    if not folder.is_dir():
        raise BackupError(
            f"پوشه‌ی «{ltr(folder)}» پیدا نشد؛ اگر حافظه‌ی جانبی است، آن را وصل کنید و دوباره بکوشید."
        )
    key = backup_key()
    local = _live_folder()
    _remove_stale_scratch(local)
    _remove_stale_scratch(folder)
    target = _new_name(folder, code, ENCRYPTED_SUFFIX if passphrase else PLAIN_SUFFIX)
    with _scratch(local) as copy:
        _copy_live_database(copy, progress)
        _check(copy)
        with _scratch(folder) as partial:
            try:
                _write_backup(copy, partial, code, key, passphrase)
                _verify_tag(partial, key)
                os.replace(partial, target)
                _fsync_folder(folder)
            except (OSError, pyrage.EncryptError) as exc:
                raise BackupError(_write_failed(folder, exc)) from None
    made = describe(target)
    if keep is not None:
        prune(folder, code, keep, newest=made.path)
    return made


def backup_key() -> bytes:
    """This office's backup key, made the first time it is needed."""
    from app.office import get_setting
    from db.connection import write_transaction

    text = get_setting(KEY_SETTING)
    if not text:
        with write_transaction():
            text = get_setting(KEY_SETTING)
            if not text:
                text = base64.b64encode(secrets.token_bytes(32)).decode("ascii")
                settings.store(KEY_SETTING, text)
    return base64.b64decode(text)


def _write_backup(plain: Path, target: Path, code: int, key: bytes, passphrase: str | None) -> None:
    header: dict[str, Any] = {
        "format": FORMAT,
        "format_version": 2,
        "office_code": code,
        "created_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "encrypted": bool(passphrase),
        "sealed_identity": None,
    }
    identity = None
    if passphrase:
        identity = pyrage.x25519.Identity.generate()
        sealed = pyrage.passphrase.encrypt(str(identity).encode(), passphrase)
        header["sealed_identity"] = base64.b64encode(sealed).decode("ascii")
    with plain.open("rb") as source, target.open("wb") as raw:
        out = _TaggingWriter(raw, key)
        out.write(MAGIC + json.dumps(header, sort_keys=True).encode("ascii") + b"\n")
        if identity is None:
            _pipe(source, out)
        else:
            pyrage.encrypt_io(source, out, [identity.to_public()])
        raw.write(out.tag())
        raw.flush()
        os.fsync(raw.fileno())


class _TaggingWriter:
    """A file that keeps the HMAC of what goes through it."""

    def __init__(self, raw: IO[bytes], key: bytes) -> None:
        self._raw = raw
        self._mac = hmac.new(key, digestmod=hashlib.sha256)

    def write(self, data: bytes) -> int:
        self._mac.update(data)
        return self._raw.write(data)

    def flush(self) -> None:
        self._raw.flush()

    def tag(self) -> bytes:
        return self._mac.digest()


def _write_failed(folder: Path, exc: BaseException) -> str:
    if isinstance(exc, OSError) and exc.errno == 28:  # ENOSPC
        return (
            f"جای خالی «{ltr(folder)}» کافی نیست؛ نسخه‌ی پشتیبان نوشته نشد. جا باز کنید یا"
            " حافظه‌ی دیگری بدهید."
        )
    return (
        f"نسخه‌ی پشتیبان در «{ltr(folder)}» نوشته نشد؛ حافظه‌ی جانبی، جای خالی و دسترسی نوشتن"
        " را بررسی کنید."
    )


def _new_name(folder: Path, code: int, suffix: str) -> Path:
    """A name no backup in ``folder`` has, whatever its suffix."""
    stamp = _office_now().strftime("%Y%m%d-%H%M%S")
    taken = {path.name.split(".", 1)[0] for path in folder.iterdir()}
    stem, number = f"dadras-{code:04d}-{stamp}", 1
    name = stem
    while name in taken:
        number += 1
        name = f"{stem}-{number}"
    return folder / f"{name}{suffix}"


def _office_now() -> dt.datetime:
    """Iran's time, as every screen shows it, whatever this computer's clock is set to."""
    return jalali.to_tehran(dt.datetime.now(dt.UTC))


def _copy_live_database(target: Path, progress: Progress | None) -> None:
    live = _live_connection()
    with _closing(sqlite3.connect(target)) as copy:

        def report(_status: int, remaining: int, total: int) -> None:
            if progress is not None:
                progress(total - remaining, total)

        live.backup(copy, pages=_PAGES_PER_STEP, progress=report)
        # A standalone file: the copy would otherwise say WAL, like the live database.
        copy.execute("PRAGMA journal_mode = DELETE")


def _live_connection() -> sqlite3.Connection:
    database = current()
    connection = database.connection()  # type: ignore[no-untyped-call]
    if not isinstance(connection, sqlite3.Connection):
        raise BackupError(
            "پشتیبان‌گیری از اینجا فقط برای پایگاه داده‌ی SQLite است؛ از پایگاه PostgreSQL با "
            "ابزار pg_dump پشتیبان بگیرید."
        )
    return connection


def _live_folder() -> Path:
    """The live database's folder: where a plain copy may be, as the database itself is."""
    name = str(current().database)
    return (
        Path(name).resolve().parent if name and name != ":memory:" else Path(tempfile.gettempdir())
    )


def backups_in(folder: Path, office_code: int | None = None) -> list[BackupFile]:
    """This office's (or every office's) backups in ``folder``, newest first."""
    found = []
    with suppress(OSError):
        for path in folder.iterdir():
            match = _NAME.match(path.name)
            if match and (office_code is None or int(match.group(1)) == office_code):
                found.append(describe(path))
    return sorted(found, key=lambda b: (b.made_at, b.sequence), reverse=True)


def describe(path: Path) -> BackupFile:
    match = _NAME.match(path.name)
    if match is None:
        raise BackupError(f"«{isolated(path.name)}» نام یک نسخه‌ی پشتیبان دادرس نیست.")
    made_at = dt.datetime.strptime(match.group(2), "%Y%m%d-%H%M%S")
    office_code, sequence = int(match.group(1)), int(match.group(3) or 1)
    return BackupFile(
        path, office_code, made_at, bool(match.group(4)), path.stat().st_size, sequence
    )


def prune(folder: Path, office_code: int, keep: int, newest: Path | None = None) -> list[Path]:
    """Delete this office's backups in ``folder`` beyond the newest ``keep`` (``newest``, the
    one just made, always stays)."""
    found = backups_in(folder, office_code)
    found.sort(key=lambda b: b.path != newest)  # stable: otherwise newest first
    removed = []
    for old in found[max(1, keep) :]:
        with suppress(OSError):
            old.path.unlink()
            removed.append(old.path)
    return removed


# --- restoring ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Restored:
    office_code: int
    safety_copy: Path | None  # the database as it was before the restore (None: a new one)
    share: ShareScan | None = None  # what the share said of numbers handed out since


def continue_past_share(folder: Path | None = None) -> ShareScan | None:
    """After a restore: numbers continue past the acknowledgements and packages on the share
    (``folder``, or the export destination the restored office names). None when there is
    no such folder to read; the restored database is open."""
    from app.sync import export, numbers

    folder = folder if folder is not None else export.destination()
    if folder is None or not Path(folder).is_dir():
        _log.info("restored: no share to continue numbers past")
        return None
    return numbers.continue_past_share(Path(folder))


@dataclass(frozen=True)
class _Header:
    office_code: int
    encrypted: bool
    sealed_identity: bytes | None
    payload_start: int
    payload_end: int


def is_encrypted(path: Path) -> bool:
    try:
        return _read_header(path).encrypted
    except BackupError:
        return False


def restore(path: Path, safety_folder: Path, passphrase: str | None = None) -> Restored:
    """Replace the open database's contents with the backup at ``path``.

    Refuses, changing nothing, a file Dadras did not write for this office, one that is
    damaged or changed, one whose schema is not Dadras's own, or one made by a newer Dadras.
    Before anything changes, the current database is copied into ``safety_folder``."""
    from db.schema import migrate

    live = _live_connection()
    live_key = _live_key()
    with _scratch(safety_folder) as candidate:
        code = _unpack(path, candidate, passphrase, live_key)
        issued = _issued_numbers(live)
        ours = _office_code_or_none(live)
        if ours is not None and ours != code:
            raise BackupError(
                f"این نسخه‌ی پشتیبان از دفتر دیگری است (کد {_digits(code)})، "
                f"نه از این دفتر (کد {_digits(ours)})."
            )
        stamp = _office_now().strftime("%Y%m%d-%H%M%S")
        safety = safety_folder / f"before-restore-{stamp}.sqlite3"
        with _scratch(safety_folder) as copy:
            _copy_live_database(copy, None)
            os.replace(copy, safety)
        with _closing(sqlite3.connect(candidate)) as source:
            source.backup(live, pages=_PAGES_PER_STEP)
    migrate(current())
    _continue_past(issued)
    _check_connection(live)
    return Restored(code, safety, continue_past_share())


@dataclass(frozen=True)
class _Issued:
    """The numbers the office had handed out before a restore: tracking serials, letter and
    minutes numbers, form serials (the counters), and the last package it wrote."""

    counters: dict[str, int]
    last_package: int


def _issued_numbers(connection: sqlite3.Connection) -> _Issued:
    from app.sync.numbers import SEQUENCE_FLOOR_SETTING

    counters = {str(name): int(value) for name, value in connection.execute(
        "SELECT name, value FROM counter"
    )}  # fmt: skip
    (last,) = connection.execute("SELECT coalesce(max(sequence), 0) FROM export_package").fetchone()
    floor = connection.execute(
        "SELECT value FROM setting WHERE key = ?", (SEQUENCE_FLOOR_SETTING,)
    ).fetchone()
    with suppress(TypeError, ValueError):
        last = max(int(last), int(floor[0]))
    return _Issued(counters, int(last))


def _continue_past(issued: _Issued) -> None:
    """After a restore, every counter continues past what the office had already issued: a
    tracking code, letter number or package number given out after the backup was made is
    never given out again."""
    from app.sync.numbers import continue_past
    from db.connection import write_transaction

    with write_transaction():
        continue_past(issued.counters, issued.last_package)


def restore_as_new(path: Path, target: Path, passphrase: str | None = None) -> Restored:
    """Make ``target`` (a new file) the office database the backup at ``path`` holds: the
    office's computer has died and this is its replacement. Checked as ``restore`` checks,
    with the key inside the backup."""
    if target.exists():
        raise BackupError(f"«{ltr(target)}» از پیش هست؛ نام پرونده‌ی تازه‌ای بدهید.")
    made_folder = not target.parent.exists()
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
    except OSError:
        raise BackupError(f"پوشه‌ی «{ltr(target.parent)}» ساخته نشد.") from None
    try:
        with _scratch(target.parent) as candidate:
            code = _unpack(path, candidate, passphrase, None)
            os.replace(candidate, target)
    except BaseException:
        if made_folder:  # a failed restore leaves no empty folder behind
            with suppress(OSError):
                target.parent.rmdir()
        raise
    return Restored(code, None)


def _unpack(path: Path, candidate: Path, passphrase: str | None, key: bytes | None) -> int:
    """The backup's database, into ``candidate``, checked; its office code."""
    header = _read_header(path)
    if key is not None:
        _verify_tag(path, key)  # before a byte of the payload is read
    if header.encrypted:
        if not passphrase:
            raise BackupError("این نسخه‌ی پشتیبان رمزگذاری شده است؛ گذرواژه‌ی آن را وارد کنید.")
        _decrypt(path, header, candidate, passphrase)
    else:
        _copy_payload(path, header, candidate)
    _check(candidate)
    if key is None:
        _verify_tag(path, _key_inside(candidate))
    return _check_restorable(candidate, header)


def _read_header(path: Path) -> _Header:
    try:
        with path.open("rb") as file:
            size = os.fstat(file.fileno()).st_size
            start = file.read(len(MAGIC))
            line = file.readline(_MAX_HEADER)
    except FileNotFoundError:
        raise BackupError(f"پرونده‌ی «{ltr(path)}» پیدا نشد.") from None
    except OSError:
        raise BackupError(f"پرونده‌ی «{ltr(path)}» خوانده نشد.") from None
    if start != MAGIC:
        raise BackupError(
            "این پرونده نسخه‌ی پشتیبانی نیست که این نسخه‌ی دادرس نوشته باشد، یا آسیب دیده است."
        )
    try:
        body = json.loads(line.decode("ascii"))
        code, encrypted, sealed = body["office_code"], body["encrypted"], body["sealed_identity"]
        if body["format"] != FORMAT or body["format_version"] != 2:
            raise ValueError
        if not isinstance(code, int) or not isinstance(encrypted, bool):
            raise ValueError
        sealed_bytes = base64.b64decode(sealed, validate=True) if encrypted else None
    except (ValueError, KeyError, TypeError, RecursionError):
        raise BackupError("سرآیند نسخه‌ی پشتیبان آسیب دیده است.") from None
    payload_start = len(MAGIC) + len(line)
    if not line.endswith(b"\n") or size < payload_start + _TAG_SIZE:
        raise BackupError("نسخه‌ی پشتیبان ناقص است یا آسیب دیده است.")
    return _Header(code, encrypted, sealed_bytes, payload_start, size - _TAG_SIZE)


def _verify_tag(path: Path, key: bytes) -> None:
    mac = hmac.new(key, digestmod=hashlib.sha256)
    try:
        with path.open("rb") as file:
            left = os.fstat(file.fileno()).st_size - _TAG_SIZE
            while left > 0:
                chunk = file.read(min(_CHUNK, left))
                if not chunk:
                    break
                mac.update(chunk)
                left -= len(chunk)
            tag = file.read(_TAG_SIZE)
    except OSError:
        raise BackupError(f"پرونده‌ی «{ltr(path)}» خوانده نشد.") from None
    if not hmac.compare_digest(mac.digest(), tag):
        raise BackupError(
            "نسخه‌ی پشتیبان آسیب دیده، پس از نوشتن تغییر کرده یا از این دفتر نیست؛ بازگردانی نشد."
        )


def _live_key() -> bytes | None:
    from app.office import get_setting

    text = get_setting(KEY_SETTING)
    return base64.b64decode(text) if text else None


def _key_inside(candidate: Path) -> bytes:
    try:
        with _closing(_read_only(candidate)) as connection:
            row = connection.execute(
                "SELECT value FROM setting WHERE key = ?", (KEY_SETTING,)
            ).fetchone()
        return base64.b64decode(str(row[0]), validate=True)
    except (sqlite3.Error, TypeError, ValueError):
        raise BackupError("این پرونده نسخه‌ی پشتیبان دادرس نیست.") from None


def _check_restorable(candidate: Path, header: _Header) -> int:
    from db.schema import HISTORY_TABLE, migration_names

    with _closing(_read_only(candidate)) as backup:
        try:
            applied = [row[0] for row in backup.execute(f"SELECT name FROM {HISTORY_TABLE}")]
            code = _office_code(backup)
            shape = _schema_shape(backup)
        except sqlite3.Error:
            raise BackupError("این پرونده نسخه‌ی پشتیبان دادرس نیست.") from None
    known = migration_names()
    if set(applied) - set(known):
        raise BackupError(
            "این نسخه‌ی پشتیبان را نسخه‌ی تازه‌تری از دادرس ساخته است؛ نخست دادرس را به‌روز کنید."
        )
    if sorted(applied, key=known.index) != known[: len(applied)] or not applied:
        raise BackupError("این پرونده نسخه‌ی پشتیبان دادرس نیست.")
    if shape != _reference_shape(known[len(applied) - 1]):
        raise BackupError(
            "ساختار پایگاه داده‌ی این نسخه‌ی پشتیبان آن نیست که دادرس می‌سازد (جدول، نما یا"
            " تریگر افزوده یا دگرگون دارد)؛ بازگردانی نشد."
        )
    if code != header.office_code:
        raise BackupError("سرآیند نسخه‌ی پشتیبان با محتوای آن نمی‌خواند؛ بازگردانی نشد.")
    return code


def _schema_shape(connection: sqlite3.Connection) -> frozenset[tuple[object, ...]]:
    """Every object of the schema and every column of every table, as SQLite reports them."""
    shape: set[tuple[object, ...]] = set()
    rows = connection.execute(
        "SELECT type, name, tbl_name FROM sqlite_master"
        " WHERE name NOT LIKE 'sqlite\\_stat%' ESCAPE '\\'"
    ).fetchall()
    for kind, name, table in rows:
        shape.add((kind, name, table))
        if kind == "table":
            for column in connection.execute("SELECT * FROM pragma_table_info(?)", (name,)):
                shape.add(("column", name, column[1], str(column[2]).upper(), column[3], column[5]))
    return frozenset(shape)


@lru_cache(maxsize=4)
def _reference_shape(last_migration: str) -> frozenset[tuple[object, ...]]:
    """The schema Dadras's migrations produce, up to and including ``last_migration``."""
    from peewee import SqliteDatabase
    from playhouse.migrations import Runner

    from db.schema import HISTORY_TABLE, MIGRATIONS_DIR

    reference = SqliteDatabase(":memory:", pragmas={"foreign_keys": 1})
    reference.connect()
    try:
        Runner(reference, str(MIGRATIONS_DIR), table_name=HISTORY_TABLE).up(target=last_migration)
        return _schema_shape(reference.connection())  # type: ignore[no-untyped-call]
    finally:
        reference.close()


def _office_code(connection: sqlite3.Connection) -> int:
    code = _office_code_or_none(connection)
    if code is None:
        raise BackupError("این پایگاه داده هنوز دفتری ندارد.")
    return code


def _office_code_or_none(connection: sqlite3.Connection) -> int | None:
    try:
        row = connection.execute("SELECT code FROM office").fetchone()
    except sqlite3.Error:
        return None
    return None if row is None else int(row[0])


def _check(path: Path) -> None:
    try:
        with _closing(_read_only(path)) as connection:
            _check_connection(connection)
    except sqlite3.DatabaseError:
        raise BackupError("این پرونده پایگاه داده‌ی خوانایی نیست یا آسیب دیده است.") from None


def _check_connection(connection: sqlite3.Connection) -> None:
    rows = connection.execute("PRAGMA integrity_check").fetchall()
    if [tuple(row) for row in rows] != [("ok",)]:
        raise BackupError("پایگاه داده آسیب دیده است (بررسی یکپارچگی ناموفق بود).")


def _read_only(path: Path) -> sqlite3.Connection:
    connection = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    # A file not yet trusted may carry views or triggers calling functions: run none.
    connection.execute("PRAGMA trusted_schema = OFF")
    return connection


# --- reading the payload -----------------------------------------------------------------


def _copy_payload(path: Path, header: _Header, target: Path) -> None:
    try:
        with path.open("rb") as source, target.open("wb") as out:
            source.seek(header.payload_start)
            _pipe(_Bounded(source, header.payload_end - header.payload_start), out)
    except OSError:
        raise BackupError(f"پرونده‌ی «{ltr(path)}» خوانده نشد یا جای خالی کافی نیست.") from None


def _decrypt(path: Path, header: _Header, target: Path, passphrase: str) -> None:
    assert header.sealed_identity is not None
    try:
        secret = pyrage.passphrase.decrypt(header.sealed_identity, passphrase).decode()
    except (ValueError, pyrage.DecryptError):
        raise BackupError("گذرواژه‌ی نسخه‌ی پشتیبان درست نیست.") from None
    try:
        with path.open("rb") as source, target.open("wb") as out:
            source.seek(header.payload_start)
            identity = pyrage.x25519.Identity.from_str(secret)
            bounded = _Bounded(source, header.payload_end - header.payload_start)
            pyrage.decrypt_io(bounded, out, [identity])
    except (ValueError, pyrage.DecryptError, pyrage.IdentityError, OSError):
        raise BackupError("نسخه‌ی پشتیبان رمزگذاری‌شده آسیب دیده است.") from None


class _Bounded:
    """The first ``size`` bytes of a file, read as a file."""

    def __init__(self, file: IO[bytes], size: int) -> None:
        self._file = file
        self._left = size

    def read(self, size: int = -1) -> bytes:
        if size is None or size < 0 or size > self._left:
            size = self._left
        data = self._file.read(size)
        self._left -= len(data)
        return data

    def readinto(self, buffer: Any) -> int:
        data = self.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)


# --- small helpers -----------------------------------------------------------------------


@contextmanager
def _scratch(folder: Path) -> Iterator[Path]:
    """A temporary file in ``folder`` (so a final rename stays on one disk), owner-only,
    removed after."""
    folder.mkdir(parents=True, exist_ok=True)
    handle, name = tempfile.mkstemp(prefix=".dadras-", suffix=".partial", dir=folder)
    os.close(handle)
    path = Path(name)
    try:
        yield path
    finally:
        for leftover in (path, Path(f"{path}-wal"), Path(f"{path}-shm"), Path(f"{path}-journal")):
            leftover.unlink(missing_ok=True)


def _remove_stale_scratch(folder: Path) -> None:
    """Scratch files a backup that died left behind (a kill, a power cut)."""
    now = time.time()
    with suppress(OSError):
        for path in folder.glob(".dadras-*.partial*"):
            with suppress(OSError):
                if now - path.stat().st_mtime > _STALE_SECONDS:
                    path.unlink()


def _fsync_folder(folder: Path) -> None:
    if os.name != "posix":
        return
    with suppress(OSError):
        handle = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(handle)
        finally:
            os.close(handle)


@contextmanager
def _closing(connection: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    try:
        yield connection
    finally:
        connection.close()


def _pipe(inp: Any, out: Any) -> None:
    while chunk := inp.read(_CHUNK):
        out.write(chunk)


def _digits(code: int) -> str:
    from app.persian import to_persian_digits

    return to_persian_digits(f"{code:04d}")


def made_at_text(backup: BackupFile) -> str:
    """«۱۴۰۵/۰۹/۰۲ ساعت ۲۰:۲۹»: when a backup was made, for lists."""
    from app.persian import to_persian_digits

    day = jalali.format_date(backup.made_at.date())
    return f"{day} ساعت {to_persian_digits(backup.made_at.strftime('%H:%M'))}"


# --- the automatic backup ----------------------------------------------------------------

FOLDER_SETTING = "backup.folder"
EVERY_SETTING = "backup.every_hours"  # 0 or absent: no automatic backups
KEEP_SETTING = "backup.keep"
PASSPHRASE_SETTING = "backup.passphrase"  # only here, so a scheduled backup can encrypt
LAST_SETTING = "backup.last"  # "<UTC ISO time>" of the last automatic backup
DEFAULT_KEEP = 10
MAX_EVERY_HOURS = 24 * 7


@dataclass(frozen=True)
class BackupPlan:
    folder: Path | None
    every_hours: int  # 0: no automatic backups
    keep: int
    encrypted: bool  # a passphrase is kept for the automatic backups

    @property
    def automatic(self) -> bool:
        return self.folder is not None and self.every_hours > 0


def plan() -> BackupPlan:
    from app.office import get_setting

    folder = get_setting(FOLDER_SETTING)
    return BackupPlan(
        folder=Path(folder) if folder else None,
        every_hours=_int_setting(EVERY_SETTING, 0),
        keep=max(1, _int_setting(KEEP_SETTING, DEFAULT_KEEP)),
        encrypted=bool(get_setting(PASSPHRASE_SETTING)),
    )


def set_plan(
    session: Session,
    folder: Path | None,
    every_hours: int,
    keep: int,
    passphrase: str | None,
    *,
    change_passphrase: bool,
) -> None:
    """Save the backup settings; the passphrase is kept out of the audit log."""
    from app import audit
    from app.office import set_setting
    from app.permissions import Action, require
    from db.connection import write_transaction

    require(session, Action.MANAGE_OFFICE)
    errors = {}
    if not 0 <= every_hours <= MAX_EVERY_HOURS:
        errors["every_hours"] = "فاصله‌ی پشتیبان‌گیری خودکار باید بین ۰ تا ۱۶۸ ساعت باشد."
    if not 1 <= keep <= 1000:
        errors["keep"] = "تعداد نسخه‌های نگه‌داشته باید بین ۱ تا ۱۰۰۰ باشد."
    if every_hours and folder is None:
        errors["folder"] = "برای پشتیبان‌گیری خودکار پوشه‌ای انتخاب کنید."
    if change_passphrase and passphrase is not None and len(passphrase) < 8:
        errors["passphrase"] = "گذرواژه‌ی پشتیبان دست‌کم هشت نویسه باشد."
    if errors:
        from app.errors import ValidationError

        raise ValidationError(errors)
    with write_transaction():
        set_setting(session, FOLDER_SETTING, str(folder) if folder else "")
        set_setting(session, EVERY_SETTING, str(every_hours))
        set_setting(session, KEEP_SETTING, str(keep))
        if change_passphrase:
            settings.store(PASSPHRASE_SETTING, passphrase or "")  # audited below, by kind
            audit.record(
                session.username, "backup_passphrase_changed", "setting", PASSPHRASE_SETTING,
                after={"encrypted": bool(passphrase)},
            )  # fmt: skip


def last_automatic() -> dt.datetime | None:
    from app.office import get_setting

    text = get_setting(LAST_SETTING)
    try:
        return dt.datetime.fromisoformat(text) if text else None
    except ValueError:
        return None


def automatic_due(now: dt.datetime, plan_: BackupPlan, last: dt.datetime | None) -> bool:
    """Pure rule: ``now`` and ``last`` are UTC."""
    if not plan_.automatic:
        return False
    return last is None or now - last >= dt.timedelta(hours=plan_.every_hours)


def run_automatic(now: dt.datetime) -> BackupFile:
    """The scheduled backup, as the system itself, and its time recorded."""
    from app.office import get_setting
    from db.connection import write_transaction

    current_plan = plan()
    if current_plan.folder is None:
        raise BackupError("پوشه‌ی پشتیبان‌گیری خودکار تعیین نشده است.")
    passphrase = get_setting(PASSPHRASE_SETTING) or None
    made = make_backup(current_plan.folder, passphrase, keep=current_plan.keep)
    with write_transaction():
        settings.store(LAST_SETTING, now.isoformat())
    return made


def _int_setting(key: str, default: int) -> int:
    value = settings.read_int(key)
    return value if value is not None else default
