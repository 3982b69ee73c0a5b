"""The report SQL is written for SQLite; on an office's PostgreSQL server the source drops
SQLite's planner hints and dialect and uses the driver's placeholders."""

from __future__ import annotations

from app.reports.source import postgres_sql


def test_sqlite_hints_and_dialect_are_dropped_for_postgresql() -> None:
    sql = (
        "WITH c AS (SELECT complaint.id FROM complaint INDEXED BY report_complaint_cube "
        "WHERE complaint.received_on BETWEEN ? AND ?) SELECT count(*) FROM c "
        "CROSS JOIN referral r ON r.complaint_id = c.id WHERE +r.status = 'open' "
        "AND (+r.paused_since IS NULL) AND r.paused_days + c.id > ?"
    )
    assert postgres_sql(sql) == (
        "WITH c AS (SELECT complaint.id FROM complaint "
        "WHERE complaint.received_on BETWEEN %s AND %s) SELECT count(*) FROM c "
        "JOIN referral r ON r.complaint_id = c.id WHERE r.status = 'open' "
        "AND (r.paused_since IS NULL) AND r.paused_days + c.id > %s"
    )


def test_the_calendar_table_becomes_a_plain_temporary_table() -> None:
    assert postgres_sql("DROP TABLE IF EXISTS temp.report_day") == (
        "DROP TABLE IF EXISTS report_day"
    )
    assert postgres_sql("CREATE TEMP TABLE report_day (day DATE PRIMARY KEY) WITHOUT ROWID") == (
        "CREATE TEMP TABLE report_day (day DATE PRIMARY KEY)"
    )
    assert postgres_sql("SELECT wd FROM temp.report_day WHERE day = ?") == (
        "SELECT wd FROM report_day WHERE day = %s"
    )
