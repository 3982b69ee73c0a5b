"""Opening the database with the design's pragmas, and write transactions."""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from peewee import Database, DatabaseProxy, SqliteDatabase

database_proxy = DatabaseProxy()

# Passed to the constructor so every thread's connection gets them (DESIGN §4).
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
    """True when the folder holding ``path`` is a network mount (Windows UNC or Linux nfs/cifs)."""
    text = str(path)
    if text.startswith("\\\\") or text.startswith("//"):
        return True
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


def make_sqlite(path: str | os.PathLike[str]) -> SqliteDatabase:
    """A SQLite database with the design's pragmas; refuses network shares."""
    file = Path(path)
    if str(file) != ":memory:":
        if is_on_network_share(file):
            raise NetworkShareError(str(file))
        file.parent.mkdir(parents=True, exist_ok=True)
    return SqliteDatabase(str(file), pragmas=SQLITE_PRAGMAS, check_same_thread=False)


def bind(database: Database) -> None:
    """Point every model at ``database``."""
    database_proxy.initialize(database)


def current() -> Database:
    obj = database_proxy.obj
    if obj is None:
        raise RuntimeError("no database is open")
    return obj  # type: ignore[no-any-return]


def write_transaction() -> Any:
    """A write transaction: ``BEGIN IMMEDIATE`` on SQLite so writers queue instead of failing."""
    database = current()
    if isinstance(database, SqliteDatabase):
        return database.atomic("IMMEDIATE")
    return database.atomic()


def execute(sql: str, params: Sequence[object] = ()) -> Any:
    """Run raw SQL on the open database and return its cursor (for reports' aggregates)."""
    return current().execute_sql(sql, list(params))  # type: ignore[no-untyped-call]
