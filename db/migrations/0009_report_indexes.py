"""Covering indexes for the reports: a cohort of complaints (by the day received) and its
referrals and measures are read from these alone, never from the wide rows."""

from peewee import *

INDEXES = (
    ("complaint", ("received_on", "unit_id", "category_id", "channel", "kind", "status",
                   "satisfaction", "closed_on", "person_id")),
    ("complaint", ("status", "received_on", "closed_on", "unit_id", "category_id", "channel",
                   "kind")),
    ("referral", ("complaint_id", "status", "unit_id", "referred_on", "due_on", "answered_on",
                  "paused_since", "paused_days")),
    ("measure", ("complaint_id", "unit_id", "kind")),
)  # fmt: skip


def up(migrator, db):
    for table, columns in INDEXES:
        migrator.migrate(migrator.add_index(table, columns, False))
    # The planner's statistics, so it knows how selective the new indexes are.
    db.execute_sql("ANALYZE")


def down(migrator, db):
    from playhouse.migrate import make_index_name

    for table, columns in INDEXES:
        migrator.migrate(migrator.drop_index(table, make_index_name(table, columns)))
