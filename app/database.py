"""What the window needs of the open office database, so that ui/ reaches db/ only through
app/ (start-up aside): where the file lives, and closing a worker thread's connection."""

from __future__ import annotations

from pathlib import Path

from db.connection import current, database_proxy


def folder() -> Path:
    """The open database file's folder (a restore keeps its safety copy beside it)."""
    return Path(str(current().database)).resolve().parent


def close_thread_connection() -> None:
    """Close this thread's connection, if the work opened one: a thread pool keeps its
    threads, and each connection would keep its page cache (64 MB) for good."""
    database = database_proxy.obj
    if database is not None and not database.is_closed():
        database.close()
