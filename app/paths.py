"""Where the office's data lives when no ``--db`` is given."""

from __future__ import annotations

from pathlib import Path
from typing import TypeGuard
from urllib.parse import urlsplit, urlunsplit

APP_NAME = "Dadras"
DB_FILENAME = "dadras.sqlite3"


def data_dir() -> Path:
    from platformdirs import user_data_path  # only where no --db names the database

    return user_data_path(APP_NAME, appauthor=False, ensure_exists=False)


def default_database_path() -> Path:
    return data_dir() / DB_FILENAME


# An office database: a SQLite file, or a ``postgresql://`` URL (several seats, one server).
DatabaseTarget = Path | str
DB_HELP = "the office database: a file, or the office server's postgresql://… URL"


def database_target(text: str) -> DatabaseTarget:
    """What ``--db`` names: a URL is kept as it is (a Path would fold its ``//``)."""
    if "://" not in text:  # a file: the database layer (peewee, psycopg) is not loaded yet
        return Path(text)
    from db.connection import is_postgres_url

    return text if is_postgres_url(text) else Path(text)


def is_server(target: DatabaseTarget) -> TypeGuard[str]:
    return isinstance(target, str)


def shown(target: DatabaseTarget) -> str:
    """The database as a person may read it: a server URL without its password."""
    if isinstance(target, Path):
        return str(target)
    parts = urlsplit(target)
    if parts.password is None:
        return target
    host = parts.hostname or ""
    port = f":{parts.port}" if parts.port else ""
    user = f"{parts.username}@" if parts.username else ""
    return urlunsplit(parts._replace(netloc=f"{user}{host}{port}"))


def local_folder(target: DatabaseTarget) -> Path:
    """Where this computer keeps its own files for the office (safety copies, scans being
    imported): beside a database file, or the user data folder for a server."""
    return target.parent if isinstance(target, Path) else data_dir()
