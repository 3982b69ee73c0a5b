"""An empty database, migrated, matches the models."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest
from playhouse.schema_diff import diff_models

import db.schema as schema
from db.connection import current
from db.models import ALL_MODELS
from db.schema import migrate, open_database, pending_migrations


def test_migrated_empty_database_matches_models(db_path: Path) -> None:
    diff = diff_models(current(), ALL_MODELS)
    assert not diff, str(diff)


def test_every_migration_is_applied_and_a_rerun_does_nothing(db_path: Path) -> None:
    database = current()
    assert pending_migrations(database) == []
    assert migrate(database) == []


def test_full_text_table_exists(db_path: Path) -> None:
    tables = current().get_tables()
    assert "complaint_search" in tables


def test_pragmas_are_set_on_every_connection(db_path: Path) -> None:
    database = current()
    assert database.execute_sql("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert database.execute_sql("PRAGMA foreign_keys").fetchone()[0] == 1
    assert database.execute_sql("PRAGMA synchronous").fetchone()[0] == 2


NEW_MIGRATION = """
from peewee import TextField


def up(migrator, db):
    migrator.migrate(migrator.add_column("office", "note", TextField(null=True)))
"""


def test_a_new_migration_runs_after_a_backup_copy(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    migrations = tmp_path / "migrations"
    migrations.mkdir()
    shutil.copy(schema.MIGRATIONS_DIR / "0001_initial.py", migrations)
    monkeypatch.setattr(schema, "MIGRATIONS_DIR", migrations)
    path = tmp_path / "office.sqlite3"
    open_database(path).close()
    assert not (tmp_path / "backups").exists()  # a new database has nothing to back up

    (migrations / "0002_office_note.py").write_text(NEW_MIGRATION, encoding="utf-8")
    reopened = open_database(path)
    assert pending_migrations(reopened) == []
    assert "note" in {c.name for c in reopened.get_columns("office")}
    reopened.close()

    backups = list((tmp_path / "backups").glob("before-migration-*.sqlite3"))
    assert len(backups) == 1
    with sqlite3.connect(backups[0]) as copy:
        assert copy.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        columns = {row[1] for row in copy.execute("PRAGMA table_info(office)")}
        applied = {row[0] for row in copy.execute("SELECT name FROM schema_migration")}
    copy.close()
    assert "note" not in columns
    assert applied == {"0001_initial"}


def test_a_database_on_a_network_share_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    from db import connection

    for unc in ("\\\\server\\share\\dadras.sqlite3", "//server/share/dadras.sqlite3"):
        assert connection.is_on_network_share(Path(unc))
        with pytest.raises(connection.NetworkShareError):
            connection.make_sqlite(unc)
    # A mapped network drive on Windows, as GetDriveTypeW tells it; a local disk is fine.
    monkeypatch.setattr(connection, "_on_windows", lambda: True)
    kinds = {"Z:\\": 4, "C:\\": 3}
    monkeypatch.setattr(connection, "_windows_drive_type", lambda root: kinds[root])
    assert connection.is_on_network_share(Path("Z:\\Dadras\\dadras.sqlite3"))
    assert not connection.is_on_network_share(Path("C:\\Dadras\\dadras.sqlite3"))
