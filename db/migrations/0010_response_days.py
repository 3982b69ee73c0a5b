"""The reports group a million referrals and complaints without sorting them.

* ``referral.response_days``: an answered referral's working days from referral to the
  unit's response, less its pauses. Derived from the office calendar and filled, then
  refilled whenever the calendar changes, by ``app.reports.response_days``; NULL means not
  worked out yet, and the partial index finds those rows at once.
* The reports' referral index carries it instead of the two dates it replaces.
* ``report_complaint_cube``: complaints in the order the dashboard and the scorecard group
  them, so SQLite counts them as it reads the index.
* ``report_person_county``: the county map's complainants, read off a small index.
"""

from peewee import *

OLD_REFERRAL_INDEX = ("complaint_id", "status", "unit_id", "referred_on", "due_on",
                      "answered_on", "paused_since", "paused_days")  # fmt: skip
INDEXES = (
    "CREATE INDEX report_referral ON referral (complaint_id, status, unit_id, response_days, "
    "answered_on, due_on, paused_since)",
    "CREATE INDEX report_referral_unfilled ON referral (referred_on) "
    "WHERE status = 'answered' AND response_days IS NULL",
    # Those answered on or after a day whose calendar changed, to count again.
    "CREATE INDEX report_referral_answered ON referral (answered_on) WHERE status = 'answered'",
    # A complainant's county without reading the whole person row (a cold county map read
    # 190 MB of persons for a million complaints).
    "CREATE INDEX report_person_county ON person (id, county)",
    "CREATE INDEX report_complaint_cube ON complaint (unit_id, category_id, channel, status, "
    "satisfaction, kind, received_on)",
)


def up(migrator, db):
    from playhouse.migrate import make_index_name

    migrator.migrate(
        migrator.add_column("referral", "response_days", IntegerField(null=True)),
        migrator.drop_index("referral", make_index_name("referral", OLD_REFERRAL_INDEX)),
    )
    for statement in INDEXES:
        db.execute_sql(statement)
    if isinstance(db, SqliteDatabase):
        db.execute_sql("PRAGMA analysis_limit = 1000")  # a sample is enough for the planner
    db.execute_sql("ANALYZE")


def down(migrator, db):
    for name in ("report_referral", "report_referral_unfilled", "report_referral_answered",
                 "report_complaint_cube", "report_person_county"):  # fmt: skip
        db.execute_sql(f"DROP INDEX IF EXISTS {name}")
    migrator.migrate(
        migrator.add_index("referral", OLD_REFERRAL_INDEX, False),
        migrator.drop_column("referral", "response_days"),
    )
