"""Numbered migrations, run at start-up after a backup copy of the database."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

from peewee import Database, SqliteDatabase
from playhouse.migrations import Runner

from db.connection import bind, make_sqlite

MIGRATIONS_DIR = Path(__file__).with_name("migrations")
HISTORY_TABLE = "schema_migration"


def runner(database: Database) -> Runner:
    return Runner(database, str(MIGRATIONS_DIR), table_name=HISTORY_TABLE)


def pending_migrations(database: Database) -> list[str]:
    return [m.name for m in runner(database).status() if m.path is not None and not m.applied]


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
    already_applied = any(m.applied for m in runner(database).status())
    if already_applied and isinstance(database, SqliteDatabase) and backup_dir is not None:
        stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
        backup_sqlite(database, backup_dir / f"before-migration-{stamp}.sqlite3")
    applied: list[str] = runner(database).up()
    return applied


def open_database(path: str | Path) -> Database:
    """Open (creating if needed) and migrate the SQLite database at ``path``; bind the models."""
    file = Path(path)
    database = make_sqlite(file)
    database.connect(reuse_if_open=True)
    bind(database)
    migrate(database, backup_dir=file.parent / "backups")
    return database
