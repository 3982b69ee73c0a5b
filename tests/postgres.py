"""The central database on SQLite and on PostgreSQL, for the central tests.

The PostgreSQL server is the one in ``DADRAS_TEST_POSTGRES``
(``postgresql://USER:PASSWORD@HOST:PORT/DATABASE``; ``.ci/run`` starts one on loopback and sets
it). The role needs CREATEDB: every test gets its own database, created from that server and
dropped afterwards. Without the variable the PostgreSQL cases are skipped, except under
``CI=true``, where they fail: CI must never skip them silently.

``central_url`` (a fixture, parametrized over :data:`BACKENDS`) yields a fresh, empty central
database URL per test: a SQLite file in the test's folder or a new PostgreSQL database.
"""

from __future__ import annotations

import os
import sqlite3
import uuid
from collections.abc import Iterator
from contextlib import closing, contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import pytest

ENV = "DADRAS_TEST_POSTGRES"
BACKENDS = ("sqlite", "postgresql")
PREFIX = "dadras_t_"  # every database made here; easy to find and drop by hand


def server_url() -> str:
    """The test server's URL; skips the test without one (fails it under CI=true)."""
    url = os.environ.get(ENV, "").strip()
    if url:
        return url
    reason = f"{ENV} is not set (postgresql://USER:PASSWORD@127.0.0.1:5432/DB, role CREATEDB)"
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"CI must run the PostgreSQL tests: {reason}", pytrace=False)
    pytest.skip(reason)


def is_postgres(url: str | os.PathLike[str]) -> bool:
    return os.fspath(url).split("://", 1)[0].lower() in ("postgres", "postgresql")


def with_database(url: str, name: str) -> str:
    """``url`` naming database ``name`` instead."""
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=f"/{name}"))


def database_name(url: str) -> str:
    return urlsplit(url).path.lstrip("/")


def _admin() -> Any:
    """An autocommit connection to the test server (CREATE/DROP DATABASE need one)."""
    import psycopg

    return psycopg.connect(server_url(), autocommit=True, connect_timeout=10)


def create_database(template: str | None = None) -> str:
    """A new, uniquely named database (a copy of ``template`` if given); returns its URL."""
    from psycopg import sql

    name = f"{PREFIX}{uuid.uuid4().hex[:16]}"
    statement = sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name))
    if template is not None:  # a template must have no other session connected
        statement += sql.SQL(" TEMPLATE {}").format(sql.Identifier(database_name(template)))
    with closing(_admin()) as con:
        con.execute(statement)
    return with_database(server_url(), name)


def drop_database(url: str) -> None:
    """Drop the database behind ``url``, ending any session still in it (a killed client's).

    An autovacuum worker of the server's own role may be in a database just copied from a
    large template; the test role may not end it, so the drop waits for it, a few times."""
    import time

    import psycopg
    from psycopg import sql

    name = database_name(url)
    assert name.startswith(PREFIX), name  # never the server's own database
    statement = sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
    for attempt in range(20):
        try:
            with closing(_admin()) as con:
                con.execute(statement)
            return
        except psycopg.errors.InsufficientPrivilege:
            if attempt == 19:
                raise
            time.sleep(0.5)


def empty_database(url: str) -> None:
    """Drop every table in the database's public schema (cheaper than a new database)."""
    import psycopg
    from psycopg import sql

    assert database_name(url).startswith(PREFIX), url
    with closing(psycopg.connect(url, autocommit=True, connect_timeout=10)) as con:
        tables = [
            row[0]
            for row in con.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
        ]
        if tables:
            names = sql.SQL(", ").join(sql.Identifier(t) for t in tables)
            con.execute(sql.SQL("DROP TABLE IF EXISTS {} CASCADE").format(names))


@contextmanager
def fresh_database(template: str | None = None) -> Iterator[str]:
    url = create_database(template)
    try:
        yield url
    finally:
        drop_database(url)


@contextmanager
def fresh_central(backend: str, folder: Path, name: str = "central") -> Iterator[str]:
    """An empty central database URL: ``folder/NAME.db`` or a new PostgreSQL database."""
    if backend == "sqlite":
        yield str(folder / f"{name}.db")
    else:
        with fresh_database() as url:
            yield url


@contextmanager
def copy_of(url: str, folder: Path, name: str) -> Iterator[str]:
    """A copy of a closed central database: a file copy, or a PostgreSQL template copy."""
    if is_postgres(url):
        with fresh_database(template=url) as copy:
            yield copy
    else:
        target = folder / f"{name}.db"
        with closing(sqlite3.connect(url)) as source, closing(sqlite3.connect(target)) as dest:
            source.backup(dest)
        yield str(target)


def query(url: str | os.PathLike[str], sql: str) -> list[tuple[Any, ...]]:
    """Rows of ``sql`` read through the database's own driver (sqlite3 or psycopg), not peewee."""
    text = os.fspath(url)
    if is_postgres(text):
        import psycopg

        with closing(psycopg.connect(text, connect_timeout=10)) as pg:
            return list(pg.execute(sql).fetchall())
    path = text.removeprefix("sqlite:///")
    with closing(sqlite3.connect(path)) as con:
        return list(con.execute(sql).fetchall())


def integrity_ok(url: str | os.PathLike[str]) -> bool:
    """SQLite's integrity check; a PostgreSQL server checks itself (True once it answers)."""
    if is_postgres(os.fspath(url)):
        return query(url, "SELECT 1") == [(1,)]
    return query(url, "PRAGMA integrity_check") == [("ok",)]


@pytest.fixture(params=BACKENDS)
def central_backend(request: pytest.FixtureRequest) -> str:
    """``sqlite`` or ``postgresql`` (skipped, or failed under CI, without a server)."""
    backend: str = request.param
    if backend == "postgresql":
        server_url()
    return backend


@pytest.fixture
def central_url(central_backend: str, tmp_path: Path) -> Iterator[str]:
    """A fresh, empty central database for this test: a file path or a PostgreSQL URL."""
    with fresh_central(central_backend, tmp_path) as url:
        yield url
