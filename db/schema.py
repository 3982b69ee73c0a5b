"""Numbered migrations, run at start-up after a backup copy of the database."""

from __future__ import annotations

import datetime as dt
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
