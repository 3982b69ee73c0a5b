"""An empty database, migrated, matches the models."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from playhouse.schema_diff import diff_models

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


def test_reopening_backs_up_before_pending_migrations(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """A database with applied migrations gets a backup copy before new ones run."""
    path = tmp_path / "office.sqlite3"
    database = open_database(path)
    database.execute_sql("DELETE FROM schema_migration WHERE name != '0001_initial'")
    database.close()
    import db.schema as schema

    calls: list[Path] = []
    original = schema.backup_sqlite

    def spy(db, target):  # type: ignore[no-untyped-def]
        calls.append(target)
        return original(db, target)

    monkeypatch.setattr(schema, "pending_migrations", lambda _db: ["9999_future"])
    monkeypatch.setattr(schema, "runner", lambda _db: _FakeRunner())
    monkeypatch.setattr(schema, "backup_sqlite", spy)
    reopened = open_database(path)
    reopened.close()
    assert len(calls) == 1
    with sqlite3.connect(calls[0]) as copy:
        assert copy.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert copy.execute("SELECT count(*) FROM schema_migration").fetchone()[0] == 1


class _FakeRunner:
    class _M:
        applied = True

    def status(self):  # type: ignore[no-untyped-def]
        return [self._M()]

    def up(self):  # type: ignore[no-untyped-def]
        return ["9999_future"]
