"""Opening the database with the design's pragmas, and write transactions.

An office database is a SQLite file (one seat) or a PostgreSQL database named by a
``postgresql://`` URL (several seats on a LAN).
"""

from __future__ import annotations

import ntpath
import os
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from peewee import Database, DatabaseProxy, OnConflict, PostgresqlDatabase, SqliteDatabase

database_proxy = DatabaseProxy()

# Passed to the constructor so every thread's connection gets them (architecture: Data).
SQLITE_PRAGMAS: dict[str, Any] = {
    "journal_mode": "wal",
    "foreign_keys": 1,
    "synchronous": 2,  # FULL: the case file must survive a power cut
    "busy_timeout": 10_000,
    "cache_size": -64_000,
    "temp_store": 2,
}


class NetworkShareError(RuntimeError):
    """A SQLite file on a network share: locking is unreliable there."""


_NETWORK_FS = {"cifs", "smb3", "smbfs", "nfs", "nfs4", "9p", "sshfs", "fuse.sshfs", "davfs"}


def is_on_network_share(path: Path) -> bool:
    """True when the folder holding ``path`` is a network mount: a Windows UNC path or a
    mapped network drive (Z:), or a Linux nfs/cifs/… mount."""
    text = str(path)
    if text.startswith("\\\\") or text.startswith("//"):
        return True
    if _on_windows():
        drive = ntpath.splitdrive(text)[0] or ntpath.splitdrive(os.getcwd())[0]
        return bool(drive) and _windows_drive_type(drive + "\\") == _DRIVE_REMOTE
    mounts = Path("/proc/mounts")
    if not mounts.exists():
        return False
    folder = str(path.resolve().parent)
    best, best_type = "", ""
    for line in mounts.read_text(errors="replace").splitlines():
        parts = line.split()
        if len(parts) < 3:
            continue
        mount_point, fs_type = parts[1], parts[2]
        if (folder == mount_point or folder.startswith(mount_point.rstrip("/") + "/")) and len(
            mount_point
        ) > len(best):
            best, best_type = mount_point, fs_type
    return best_type in _NETWORK_FS


_DRIVE_REMOTE = 4  # GetDriveTypeW: a network drive


def _on_windows() -> bool:
    return sys.platform == "win32"


def _windows_drive_type(root: str) -> int:
    """What kind of drive ``root`` ("Z:\\") is, as Windows tells it."""
    if sys.platform == "win32":
        import ctypes

        return int(ctypes.windll.kernel32.GetDriveTypeW(root))
    return 0


def make_sqlite(path: str | os.PathLike[str]) -> SqliteDatabase:
    """A SQLite database with the design's pragmas; refuses network shares."""
    file = Path(path)
    if str(file) != ":memory:":
        if is_on_network_share(file):
            raise NetworkShareError(str(file))
        file.parent.mkdir(parents=True, exist_ok=True)
    return SqliteDatabase(str(file), pragmas=SQLITE_PRAGMAS, check_same_thread=False)


POSTGRES_SCHEMES = ("postgres", "postgresql")

# pg_advisory_xact_lock key of every office write transaction ("office" in ASCII).
OFFICE_WRITE_LOCK = 0x6F6666696365


def is_postgres_url(target: str | os.PathLike[str]) -> bool:
    """True for a ``postgresql://…`` (or ``postgres://…``) URL, False for a file path."""
    text = os.fspath(target)
    return "://" in text and text.split("://", 1)[0].lower() in POSTGRES_SCHEMES


class OfficePostgresqlDatabase(PostgresqlDatabase):
    """PostgreSQL for the office's models.

    The services write single-key rows (settings) with ``on_conflict_replace()``, which
    PostgreSQL lacks; here it becomes an upsert on the primary key that overwrites every
    other column, which is what SQLite's REPLACE does to such a row.
    """

    def conflict_update(self, oc: Any, query: Any) -> Any:
        if (oc._action or "").lower() == "replace":
            keys = query.model._meta.get_primary_keys()
            names = {key.name for key in keys}  # fields compare with == into SQL, not bools
            others = [f for f in query.model._meta.sorted_fields if f.name not in names]
            action = "update" if others else "ignore"
            oc = OnConflict(action, conflict_target=keys, preserve=others or None)
        return super().conflict_update(oc, query)


def make_postgres(url: str) -> PostgresqlDatabase:
    """A PostgreSQL database from its URL, which libpq reads itself (percent-decoding,
    ``?sslmode=…``). psycopg 3; no server-side prepared statements, whose generic plans go
    stale as the tables grow."""
    scheme, rest = url.split("://", 1)
    if scheme.lower() not in POSTGRES_SCHEMES:
        raise ValueError(f"not a PostgreSQL URL: {scheme}://")
    return OfficePostgresqlDatabase(
        "postgresql://" + rest, prefer_psycopg3=True, prepare_threshold=None
    )


def bind(database: Database) -> None:
    """Point every model at ``database``."""
    database_proxy.initialize(database)


def current() -> Database:
    obj = database_proxy.obj
    if obj is None:
        raise RuntimeError("no database is open")
    return obj  # type: ignore[no-any-return]


def is_postgres(database: Database | DatabaseProxy | None = None) -> bool:
    """True when ``database`` (default: the open one; a proxy counts as what it holds) is
    PostgreSQL."""
    if database is None:
        database = current()
    if isinstance(database, DatabaseProxy):
        database = database.obj
    return isinstance(database, PostgresqlDatabase)


def write_transaction() -> Any:
    """A write transaction: ``BEGIN IMMEDIATE`` on SQLite so writers queue instead of failing."""
    database = current()
    if isinstance(database, SqliteDatabase):
        return database.atomic("IMMEDIATE")
    if isinstance(database, PostgresqlDatabase):
        return _serialised_transaction(database)
    return database.atomic()


@contextmanager
def _serialised_transaction(database: PostgresqlDatabase) -> Iterator[Any]:
    """One office writer at a time on PostgreSQL, as ``BEGIN IMMEDIATE`` gives on SQLite.

    Writers read, then append: the audit chain's last hash, the journal's order. Two
    interleaved under READ COMMITTED would fork the chain; a transaction-level advisory lock,
    taken first, queues them and is released with the commit or rollback (a nested call takes
    it again, which is harmless).
    """
    with database.atomic() as transaction:
        database.execute_sql("SELECT pg_advisory_xact_lock(%s)", (OFFICE_WRITE_LOCK,))  # type: ignore[no-untyped-call]
        yield transaction


def execute(sql: str, params: Sequence[object] = ()) -> Any:
    """Run raw SQL on the open database and return its cursor (for reports' aggregates)."""
    return current().execute_sql(sql, list(params))  # type: ignore[no-untyped-call]


def shrink_memory() -> None:
    """Hand back this thread's SQLite page cache (up to 64 MB), as when a user logs out."""
    database = database_proxy.obj
    if isinstance(database, SqliteDatabase) and not database.is_closed():
        database.execute_sql("PRAGMA shrink_memory")  # type: ignore[no-untyped-call]
