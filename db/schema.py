"""Numbered migrations, run at start-up after a backup copy of the database."""

from __future__ import annotations

import datetime as dt
import errno
import shutil
import sqlite3
from pathlib import Path
from typing import Any

from peewee import Database, SqliteDatabase

from db.connection import bind, is_postgres_url, make_postgres, make_sqlite

MIGRATIONS_DIR = Path(__file__).with_name("migrations")
HISTORY_TABLE = "schema_migration"
MIGRATION_LOCK = 0x6D696772617465  # pg_advisory_lock key held while migrating ("migrate")


def runner(database: Database) -> Any:
    from playhouse.migrations import Runner  # only needed at start-up checks and migrations

    return Runner(database, str(MIGRATIONS_DIR), table_name=HISTORY_TABLE)


def migration_names() -> list[str]:
    """The numbered migration files, in order (the runner's own naming rule)."""
    names = [p.stem for p in MIGRATIONS_DIR.glob("[0-9]*.py")]
    return sorted(names, key=lambda name: (int(name.split("_", 1)[0]), name))


def applied_migrations(database: Database) -> set[str]:
    if HISTORY_TABLE not in database.get_tables():
        return set()
    cursor = database.execute_sql(f"SELECT name FROM {HISTORY_TABLE}")  # type: ignore[no-untyped-call]
    rows = cursor.fetchall()
    return {str(row[0]) for row in rows}


def pending_migrations(database: Database) -> list[str]:
    """Checked with plain SQL, so a normal start-up does not load the migration runner."""
    applied = applied_migrations(database)
    return [name for name in migration_names() if name not in applied]


def backup_sqlite(database: SqliteDatabase, target: Path) -> Path:
    """Copy a live SQLite database with the online backup API (consistent under WAL)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    source = database.connection()  # type: ignore[no-untyped-call]
    with sqlite3.connect(str(target)) as copy:
        source.backup(copy)
    copy.close()
    return target


def migrate(database: Database, backup_dir: Path | None = None) -> list[str]:
    """Apply pending migrations; back up first when the database already holds data."""
    pending = pending_migrations(database)
    if not pending:
        return []
    already_applied = bool(applied_migrations(database))
    if already_applied and isinstance(database, SqliteDatabase) and backup_dir is not None:
        stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
        backup_sqlite(database, backup_dir / f"before-migration-{stamp}.sqlite3")
    applied: list[str] = runner(database).up()
    return applied


SQLITE_HEADER = b"SQLite format 3\x00"


class DatabaseRefused(Exception):
    """A file or server a command was pointed at that is not an office database it may use.

    ``reason``: ``missing``, ``folder``, ``unreadable``, ``not_sqlite``, ``central`` (the
    central system's database), ``foreign`` (another program's), ``outdated`` (a read-only
    command cannot bring it up to this version)."""

    def __init__(self, reason: str, target: str) -> None:
        super().__init__(f"{reason}: {target}")
        self.reason = reason
        self.target = target


def check_office_file(file: Path) -> set[str]:
    """Refuse (``DatabaseRefused``) a path that is not an existing office database file; its
    applied migrations. Read without writing a byte: another program's database, or the
    central system's, must come out of a refused command exactly as it went in."""
    if not file.exists():
        raise DatabaseRefused("missing", str(file))
    if file.is_dir():
        raise DatabaseRefused("folder", str(file))
    try:
        with file.open("rb") as stream:
            header = stream.read(len(SQLITE_HEADER))
    except OSError:
        raise DatabaseRefused("unreadable", str(file)) from None
    if header != SQLITE_HEADER:
        raise DatabaseRefused("not_sqlite", str(file))
    try:
        connection = sqlite3.connect(f"{file.resolve().as_uri()}?mode=ro", uri=True)
        try:
            tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master")}
            applied = (
                {row[0] for row in connection.execute(f"SELECT name FROM {HISTORY_TABLE}")}
                if HISTORY_TABLE in tables
                else set()
            )
        finally:
            connection.close()
    except sqlite3.OperationalError as exc:
        _raise_if_disk_full(file, exc)
        raise  # locked, unreadable: the caller says what to do
    except sqlite3.DatabaseError:
        raise DatabaseRefused("not_sqlite", str(file)) from None
    if "central_key" in tables:
        raise DatabaseRefused("central", str(file))
    if not {HISTORY_TABLE, "office", "complaint"} <= tables:
        raise DatabaseRefused("foreign", str(file))
    return applied


def _raise_if_disk_full(file: Path, exc: Exception) -> None:
    """SQLite reports a full disk while making its shared-memory file as an I/O error."""
    try:
        free = shutil.disk_usage(file.parent).free
    except OSError:
        return
    if free < 64 * 1024:
        raise OSError(errno.ENOSPC, "No space left on device", str(file)) from exc


def open_office_database(target: str | Path, *, read_only: bool = False) -> Database:
    """An existing office database, for a command: refused, untouched, when it is not one.

    A command that only reads (``read_only``) does not migrate: a database from an older
    version is refused rather than upgraded behind the office's back.
    """
    if is_postgres_url(target):
        database = _connect_server(str(target))
        if HISTORY_TABLE not in database.get_tables():
            database.close()
            raise DatabaseRefused("foreign", str(target))
        if not read_only:
            database.close()
            return open_database(target)  # migrated, under the seats' migration lock
        if pending_migrations(database):
            database.close()
            raise DatabaseRefused("outdated", str(target))
        return database
    file = Path(target)
    applied = check_office_file(file)
    if read_only:
        if set(migration_names()) - applied:
            raise DatabaseRefused("outdated", str(file))
        database = make_sqlite(file)
        database.connect(reuse_if_open=True)
        bind(database)
        return database
    return open_database(file)


def _connect_server(url: str) -> Database:
    server = make_postgres(url)
    server.connect(reuse_if_open=True)
    bind(server)
    return server


def open_database(target: str | Path) -> Database:
    """Open and migrate the office database; bind the models.

    ``target`` is a SQLite file (created if needed, backed up before a migration) or a
    ``postgresql://`` URL of an existing database (its backups are the server's business).
    """
    if is_postgres_url(target):
        server = make_postgres(str(target))
        server.connect(reuse_if_open=True)
        bind(server)
        # Seats starting together on a new version: one migrates, the others wait and find
        # nothing left to do.
        server.execute_sql("SELECT pg_advisory_lock(%s)", (MIGRATION_LOCK,))  # type: ignore[no-untyped-call]
        try:
            migrate(server)
        finally:
            server.execute_sql("SELECT pg_advisory_unlock(%s)", (MIGRATION_LOCK,))  # type: ignore[no-untyped-call]
        return server
    file = Path(target)
    database = make_sqlite(file)
    database.connect(reuse_if_open=True)
    bind(database)
    migrate(database, backup_dir=file.parent / "backups")
    return database
