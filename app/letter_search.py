"""Finding letters by a fragment of their number or recipient among millions.

``letter_search`` (migration 0011) holds each letter's number and recipient in their
search form (``app.search_text.filter_key``). Letters are only ever added and neither field
changes after issue, so the table is kept by catching up: before a search, the letters
with an id above the highest indexed one are added. One code path serves new letters,
letters written by the demo builder and the letters of an office that has just migrated.

On SQLite it is an FTS5 table with the trigram tokenizer: a phrase of three or more
letters matches wherever it occurs, through the index. A shorter fragment, and every
search on PostgreSQL, is a LIKE over the same table.
"""

from __future__ import annotations

from typing import Any

from peewee import SQL

from app.persian import to_ascii_digits
from app.search_text import filter_key
from db.connection import current, execute, is_postgres, write_transaction
from db.models import Letter

__all__ = ["COMMON", "catch_up", "clear", "count_matching", "how_many", "matching"]

BATCH = 20_000
MIN_TRIGRAM = 3


def _indexed_up_to() -> int:
    row = execute("SELECT max(rowid) FROM letter_search").fetchone()
    return int(row[0] or 0)


def _search_form(text: str) -> str:
    """Folded as search folds Persian (``search_text.filter_key``): «آموزش‌وپرورش» is found
    by «اموزش و پرورش»."""
    return filter_key(to_ascii_digits(text))


def clear() -> None:
    """Empty the index (the caller's transaction); ``catch_up`` then fills it again, with the
    current rules."""
    if is_postgres():
        execute("DELETE FROM letter_search")
    else:  # a contentless FTS5 table is emptied by its own command
        execute("INSERT INTO letter_search(letter_search) VALUES ('delete-all')")


def catch_up() -> int:
    """Index the letters not indexed yet; returns how many were added."""
    last = Letter.select(Letter.id).order_by(Letter.id.desc()).limit(1).scalar() or 0
    done = _indexed_up_to()
    added = 0
    while done < last:
        with write_transaction():
            query = (
                Letter.select(Letter.id, Letter.number, Letter.recipient)
                .where(Letter.id > done)
                .order_by(Letter.id)
                .limit(BATCH)
                .tuples()
            )
            rows: list[tuple[int, str, str]] = [
                (int(row[0]), str(row[1]), str(row[2])) for row in query.iterator()
            ]
            if not rows:
                break
            _insert([(i, _search_form(n), _search_form(r)) for i, n, r in rows])
        done = rows[-1][0]
        added += len(rows)
    return added


def _insert(values: list[tuple[int, str, str]]) -> None:
    marks = "%s" if is_postgres() else "?"
    sql = f"INSERT INTO letter_search(rowid, number, recipient) VALUES ({marks}, {marks}, {marks})"
    cursor = current().cursor()  # type: ignore[no-untyped-call]
    cursor.executemany(sql, values)


def matching(
    column: str,
    fragment: str,
    *,
    in_order: bool = True,
    rowids: tuple[int, int] | None = None,
) -> Any:
    """A condition on ``Letter``: its ``column`` (number or recipient) contains ``fragment``
    in search form. ``in_order``: for a page in the register's order; a count (which reads
    at most ``paging.COUNT_CAP`` letters) starts from the matches whatever their number.
    ``rowids``: only the matches whose id lies in that range (both ends included), for a
    page read a window of the register at a time (``how_many``)."""
    if column not in ("number", "recipient"):
        raise ValueError(column)
    wanted = _search_form(fragment)
    if is_postgres():
        pattern = "%" + _escape_like(wanted) + "%"
        sql = f"SELECT rowid FROM letter_search WHERE {column} ILIKE %s"
        return Letter.id.in_(SQL(f"({sql})", [pattern]))
    if len(wanted) < MIN_TRIGRAM:
        # Too short for a trigram (and the FTS table keeps no text to LIKE): one or two
        # letters match most letters, so the first page is found at once all the same.
        return getattr(Letter, column).contains(wanted)
    expression = _expression(column, wanted)
    sql = "SELECT rowid FROM letter_search WHERE letter_search MATCH ?"
    if rowids is not None:
        # FTS5 seeks each term's list of letters to the range: a window's matches cost
        # what the window holds, not what the whole register holds.
        sql += " AND rowid BETWEEN ? AND ?"
        return Letter.id.in_(SQL(f"({sql})", [expression, *rowids]))
    if in_order and _common(expression):
        # Thousands of letters match (a ministry's name): read the register in its own
        # order and keep the letters in the set of matches, rather than fetch every match
        # and sort them all for one page. "+ 0" keeps SQLite from starting at the matches.
        return (Letter.id + 0).in_(SQL(f"({sql})", [expression]))
    return Letter.id.in_(SQL(f"({sql})", [expression]))


def how_many(column: str, fragment: str, cap: int) -> int | None:
    """How many letters' ``column`` holds ``fragment``, counted up to ``cap`` + 1; None where
    a page is not read a window at a time (``matching(rowids=…)``): on PostgreSQL, and for
    a fragment shorter than a trigram."""
    wanted = _search_form(fragment)
    if is_postgres() or len(wanted) < MIN_TRIGRAM:
        return None
    return _count(_expression(column, wanted), cap)


def count_matching(
    fragments: dict[str, str], dated: tuple[str, list[object]], cap: int
) -> int | None:
    """How many letters hold every one of ``fragments`` (column: fragment) and meet the
    ``dated`` condition on ``letter`` (SQL and its parameters), counted up to ``cap`` + 1
    by walking the search index's matches: no set of every match is built first, which
    for a ministry's name costs a worker thread most of a tenth of a second. None where
    the index cannot answer alone (PostgreSQL, a fragment shorter than a trigram)."""
    forms = {column: _search_form(fragment) for column, fragment in fragments.items()}
    if is_postgres() or not forms or any(len(w) < MIN_TRIGRAM for w in forms.values()):
        return None
    if not set(forms) <= {"number", "recipient"}:
        raise ValueError(sorted(forms))
    expression = " AND ".join(_expression(column, wanted) for column, wanted in forms.items())
    condition, params = dated
    sql = (
        "SELECT count(*) FROM (SELECT 1 FROM letter_search CROSS JOIN letter "
        "ON letter.id = letter_search.rowid WHERE letter_search MATCH ?"
        f"{' AND ' + condition if condition else ''} LIMIT {int(cap) + 1})"
    )
    return int(execute(sql, [expression, *params]).fetchone()[0])


def _expression(column: str, wanted: str) -> str:
    return f'{column} : "' + wanted.replace('"', '""') + '"'


COMMON = 10_000  # matches past which a page is not found by sorting every match


def _common(expression: str) -> bool:
    """True when more than ``COMMON`` letters match."""
    return _count(expression, COMMON) > COMMON


def _count(expression: str, cap: int) -> int:
    """The matches of ``expression``, up to ``cap`` + 1 (FTS5 stops counting there)."""
    sql = (
        "SELECT count(*) FROM (SELECT rowid FROM letter_search "
        f"WHERE letter_search MATCH ? LIMIT {int(cap) + 1})"
    )
    return int(execute(sql, (expression,)).fetchone()[0])


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
