"""Where the office's data lives when no ``--db`` is given."""

from __future__ import annotations

from pathlib import Path

from platformdirs import user_data_path

APP_NAME = "Dadras"
DB_FILENAME = "dadras.sqlite3"


def data_dir() -> Path:
    return user_data_path(APP_NAME, appauthor=False, ensure_exists=False)


def default_database_path() -> Path:
    return data_dir() / DB_FILENAME
