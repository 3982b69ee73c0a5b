"""Response days kept on each referral follow the office calendar, however it changes.

The case history is test_reports.py's: referral A runs 1405/08/04 → 08/10 (4 working days)
and B 08/05 → 08/20 (11), so the median is 7.5 until the calendar changes.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app import audit, office_calendar
from app.permissions import Session
from app.reports import figures, response_days
from db.connection import execute
from db.models import AuditEvent, CalendarDay, Referral
from tests.app.test_reports import ABAN, TODAY, cases, day, manager, on  # noqa: F401


def medians(session: Session, unit: int) -> tuple[float | None, float | None]:
    """The dashboard's median response days, and the unit's on the scorecard."""
    board = figures.dashboard(session, ABAN, TODAY)
    (score,) = [s for s in figures.scorecard(session, ABAN, TODAY) if s.unit_id == unit]
    return board.median_response_days, score.median_response_days


def stored_days() -> list[int | None]:
    return [r.response_days for r in Referral.select().order_by(Referral.id)]


def test_an_answer_is_counted_at_the_next_report(
    manager: Session,  # noqa: F811
    cases: dict[str, int],  # noqa: F811
) -> None:
    assert stored_days() == [None, None, None]  # answered, answered, still open
    assert medians(manager, cases["u1"]) == (7.5, 7.5)
    assert stored_days() == [4, 11, None]


def test_a_closure_added_afterwards_shortens_the_responses_it_falls_in(
    admin: Session,
    manager: Session,  # noqa: F811
    cases: dict[str, int],  # noqa: F811
) -> None:
    assert medians(manager, cases["u1"]) == (7.5, 7.5)
    # The office was closed on 08/06 (air pollution, say), inside both referrals.
    office_calendar.correct_day(admin, day(8, 6), closed=True, note="آلودگی هوا")
    assert medians(manager, cases["u1"]) == (6.5, 6.5)
    assert stored_days()[:2] == [3, 10]
    # A closure after both answers changes neither.
    office_calendar.correct_day(admin, day(8, 25), closed=True)
    assert medians(manager, cases["u1"]) == (6.5, 6.5)
    office_calendar.reset_day(admin, day(8, 6))
    assert medians(manager, cases["u1"]) == (7.5, 7.5)


def test_opening_on_thursdays_counts_them(
    admin: Session,
    manager: Session,  # noqa: F811
    cases: dict[str, int],  # noqa: F811
) -> None:
    assert medians(manager, cases["u1"]) == (7.5, 7.5)
    office_calendar.set_thursday_closed(admin, False)  # 08/07 and 08/14 are Thursdays
    assert medians(manager, cases["u1"]) == (9.0, 9.0)  # 5 and 13
    assert stored_days()[:2] == [5, 13]


def test_nothing_is_written_when_nothing_changed(
    db_path: Path,
    manager: Session,  # noqa: F811
    cases: dict[str, int],  # noqa: F811
) -> None:
    medians(manager, cases["u1"])
    onlooker = sqlite3.connect(db_path)  # its data_version moves when another one commits
    (version,) = onlooker.execute("PRAGMA data_version").fetchone()
    assert response_days.refresh() == 0
    figures.dashboard(manager, ABAN, TODAY)
    assert onlooker.execute("PRAGMA data_version").fetchone() == (version,)
    execute("UPDATE referral SET response_days = NULL")
    assert onlooker.execute("PRAGMA data_version").fetchone() != (version,)
    onlooker.close()


def test_the_days_are_never_audited(
    manager: Session,  # noqa: F811
    cases: dict[str, int],  # noqa: F811
) -> None:
    medians(manager, cases["u1"])
    events = AuditEvent.select().where(AuditEvent.entity == "referral")
    assert events.count() >= 5
    assert all("response_days" not in (e.after or "") for e in events)
    assert audit.verify_chain().ok


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    referred=st.integers(0, 39),  # answered by 09/10, the office's today, at the latest
    length=st.integers(0, 30),
    paused=st.integers(0, 3),
    closures=st.lists(st.tuples(st.integers(0, 80), st.booleans()), max_size=4),
    thursdays_closed=st.booleans(),
)
def test_stored_days_are_what_the_calendar_counts(
    admin: Session,
    cases: dict[str, int],  # noqa: F811
    referred: int,
    length: int,
    paused: int,
    closures: list[tuple[int, bool]],
    thursdays_closed: bool,
) -> None:
    """Whatever the dates and however the calendar changed since the last report."""
    base = day(7, 1)
    first, last = base + dt.timedelta(days=referred), base + dt.timedelta(days=referred + length)
    referral = Referral.select().where(Referral.status == "answered").get()
    # As app.referrals changes a referral: the days are cleared with it.
    Referral.update(
        referred_on=first, answered_on=last, paused_days=paused, response_days=None
    ).where(Referral.id == referral.id).execute()
    CalendarDay.delete().execute()
    for offset, closed in closures:
        office_calendar.correct_day(admin, base + dt.timedelta(days=offset), closed=closed)
    office_calendar.set_thursday_closed(admin, thursdays_closed)

    response_days.refresh()

    expected = office_calendar.load_calendar().working_days_between(first, last) - paused
    others = [r for r in Referral.select() if r.status == "answered" and r.id != referral.id]
    assert Referral.get_by_id(referral.id).response_days == expected
    calendar = office_calendar.load_calendar()
    for other in others:  # the other referral's days follow the calendar too
        assert other.response_days == calendar.working_days_between(
            other.referred_on, other.answered_on
        ) - int(other.paused_days)
