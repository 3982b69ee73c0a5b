"""The complaints' full-text index kept to the folding rules of ``app.search_text``.

Each complaint's row in ``complaint_search`` is what ``registration.search_texts`` makes of
it. When those rules change (a new version of Dadras finds «مسوول» for «مسئول»), the rows an
office already has were made by the old ones: ``rebuild`` makes them again, a batch at a time,
each batch in its own transaction and the place reached kept in a setting, so an upgrade
interrupted by a power cut goes on where it stopped. Until it is done a search would miss
what the new rules find, so the application runs it when it opens the database, before
anyone searches (with its progress on screen).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, cast

from peewee import JOIN

from app import letter_search, settings
from app.office import get_setting
from app.registration import search_document, search_texts
from db.connection import execute, is_postgres, write_transaction
from db.models import Complaint, Person

__all__ = ["RULES", "is_current", "mark_current", "rebuild", "remaining"]

# 1: normalize() alone; 2: hamza and ة folded, ZWNJ words and detached affixes also joined,
# names also with their neighbouring words run together.
RULES = 2
RULES_SETTING = "search.index_rules"
LETTER_RULES_SETTING = "search.letter_rules"  # the register's index (app.letter_search)
REACHED_SETTING = "search.index_reached"  # the last complaint id made with the new rules
BATCH = 5_000

Progress = Callable[[int, int], None]  # (done, total)


def _put(key: str, value: str) -> None:
    """A setting of the index's own (no user changes it: no session, no audit entry)."""
    settings.store(key, value)


def is_current() -> bool:
    """Whether every row of the indexes (complaints, the register) was made with the current
    rules."""
    return get_setting(RULES_SETTING) == str(RULES) == get_setting(LETTER_RULES_SETTING)


def mark_current() -> None:
    """A new office's (or the demo's) indexes are made with the current rules from the start."""
    with write_transaction():
        _complaints_done()
        _put(LETTER_RULES_SETTING, str(RULES))


def _complaints_done() -> None:
    _put(RULES_SETTING, str(RULES))
    settings.forget(REACHED_SETTING)


def _reached() -> int:
    return settings.read_int(REACHED_SETTING) or 0


def remaining() -> int:
    """How many complaints are still to be indexed again (0 when the index is current)."""
    if get_setting(RULES_SETTING) == str(RULES):
        return 0
    return int(Complaint.select().where(Complaint.id > _reached()).count())


def _batch(after: int) -> list[tuple[int, str, str, str, str | None]]:
    query = (
        Complaint.select(
            Complaint.id,
            Complaint.subject,
            Complaint.description,
            Complaint.identity,
            Person.full_name,
        )
        .join(Person, JOIN.LEFT_OUTER, on=(Complaint.person == Person.id))
        .where(Complaint.id > after)
        .order_by(Complaint.id)
        .limit(BATCH)
        .tuples()
    )
    rows = cast(list[tuple[Any, ...]], list(query))
    return [(int(r[0]), str(r[1]), str(r[2]), str(r[3]), r[4]) for r in rows]


def _write(rows: list[tuple[int, str, str, str, str | None]]) -> None:
    postgres = is_postgres()
    for complaint_id, subject, description, identity, name in rows:
        body, named, secret = search_texts(subject, description, identity, name)
        if postgres:
            execute(
                "UPDATE complaint_search SET body = %s, name = %s, secret_name = %s, "
                "document = %s::tsvector WHERE rowid = %s",
                (body, named, secret, search_document(body, named, secret), complaint_id),
            )
        else:
            execute(
                "UPDATE complaint_search SET body = ?, name = ?, secret_name = ? WHERE rowid = ?",
                (body, named, secret, complaint_id),
            )


def rebuild(progress: Progress | None = None) -> int:
    """Make every index row again with the current rules, from where an interrupted run
    stopped; returns how many were made. ``progress(done, total)`` after each batch."""
    if is_current():
        return 0
    total = remaining()
    done = 0
    after = _reached()
    while total and (rows := _batch(after)):
        with write_transaction():
            _write(rows)
            after = rows[-1][0]
            _put(REACHED_SETTING, str(after))
        done += len(rows)
        if progress is not None:
            progress(done, total)
    with write_transaction():
        _complaints_done()
    _rebuild_register()
    return done


def _rebuild_register() -> None:
    """The register's index emptied once and filled again (``catch_up`` goes on from where
    an interrupted run stopped)."""
    if get_setting(LETTER_RULES_SETTING) != str(RULES):
        with write_transaction():
            letter_search.clear()
            _put(LETTER_RULES_SETTING, str(RULES))
    letter_search.catch_up()
