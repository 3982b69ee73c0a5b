"""The lists read a page at a time, in any of their orders, on an office of millions of rows.

* ``letter_search``: each letter's number and recipient in their search form, so the
  register finds a fragment of either among two million letters without reading them all.
  On SQLite an FTS5 table with the trigram tokenizer (any three letters in a row, as a
  substring); on PostgreSQL a plain table read with ILIKE. It is filled for the letters
  already here by ``app.letter_search`` the first time the register is searched.
* ``letter_kind`` and ``letter_seq``: the register ordered by kind, and a letter found by its
  sequence number alone.
* ``letter_unprinted``: the print queue, without reading the printed letters.
* ``referral_overdue``: the open referrals not paused, by due date: the overdue queue.
"""

from peewee import *

INDEXES = (
    "CREATE INDEX letter_kind ON letter (kind)",
    "CREATE INDEX letter_seq ON letter (seq)",
    "CREATE INDEX letter_unprinted ON letter (id) WHERE printed_at IS NULL AND NOT void",
    "CREATE INDEX referral_overdue ON referral (due_on) "
    "WHERE status = 'open' AND paused_since IS NULL",
)


def up(migrator, db):
    if isinstance(db, SqliteDatabase):
        db.execute_sql(
            "CREATE VIRTUAL TABLE letter_search USING fts5("
            "number, recipient, content='', tokenize='trigram')"
        )
    else:
        db.execute_sql(
            "CREATE TABLE letter_search (rowid BIGINT PRIMARY KEY, number TEXT NOT NULL, "
            "recipient TEXT NOT NULL)"
        )
    for statement in INDEXES:
        db.execute_sql(statement)
    if isinstance(db, SqliteDatabase):
        db.execute_sql("PRAGMA analysis_limit = 1000")
    db.execute_sql("ANALYZE")


def down(migrator, db):
    for name in ("letter_kind", "letter_seq", "letter_unprinted", "referral_overdue"):
        db.execute_sql(f"DROP INDEX IF EXISTS {name}")
    db.execute_sql("DROP TABLE letter_search")
