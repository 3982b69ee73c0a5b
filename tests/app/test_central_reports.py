"""Reports on the central database: two offices send the hand-worked case history of
``test_reports``; the snapshot's figures equal each office's own, and offices line up.

Office 123 sends the cases once; office 456 (set up in a second database) sends the same
cases. Runs on a SQLite and a PostgreSQL central database.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import asdict
from pathlib import Path

import pytest

from app import office, users
from app.central import service
from app.central.models import CentralError, open_central
from app.permissions import Role, Session
from app.reports import figures
from app.reports.central import CentralSnapshot, build_snapshot
from app.reports.figures import Drill, Figure, Grouping
from app.reports.filters import ReportFilter
from app.sync import keys
from app.sync.export import export_now
from db.connection import database_proxy
from db.schema import open_database
from tests.app.test_reports import ABAN, TODAY, build_cases, manager, on  # noqa: F401

FIRST_OFFICE = "دفتر ۰۱۲۳"  # enrolled without a name
SECOND_OFFICE = "دفتر بازرسی استان بوشهر"


def send(admin: Session, central_db: object, folder: Path, name: str | None) -> None:
    """Enrol the open office with central, export everything and import it there."""
    keys.set_central_key(None, folder.parent / "central.pub")  # set up, not under test
    keys.write_office_public_key(folder / "office.pub")
    service.enrol(central_db, folder / "office.pub", name=name)  # type: ignore[arg-type]
    package = export_now(None, folder).path
    (result,) = service.import_packages(central_db, [package])  # type: ignore[arg-type]
    assert result.error is None


@pytest.fixture
def two_offices(
    tmp_path: Path,
    central_url: str,
    admin: Session,
    manager: Session,  # noqa: F811
    on: Callable[[dt.date], None],  # noqa: F811
) -> Iterator[tuple[str, dict[str, int]]]:
    """Both offices' cases at central; the first office's database is left open."""
    central_db = open_central(central_url)
    service.init_central(central_db, tmp_path / "central.pub")
    cases = build_cases(manager, on)
    (tmp_path / "first").mkdir()
    send(admin, central_db, tmp_path / "first", None)
    first_database = database_proxy.obj

    second = open_database(tmp_path / "second.sqlite3")
    second_admin = office.set_up(
        office.SetupRequest(
            office_name=SECOND_OFFICE, office_code="456", province="بوشهر", county="بوشهر",
            admin_username="admin", admin_full_name="مدیر", admin_password="admin-password-1",
        )
    )  # fmt: skip
    users.create_user(second_admin, "boss", "مدیر دوم", Role.MANAGER, "boss-password-1")
    build_cases(users.login("boss", "boss-password-1"), on)
    (tmp_path / "second").mkdir()
    send(second_admin, central_db, tmp_path / "second", SECOND_OFFICE)
    second.close()
    database_proxy.initialize(first_database)
    central_db.close()
    yield central_url, cases


@pytest.fixture
def snapshot(two_offices: tuple[str, dict[str, int]]) -> Iterator[CentralSnapshot]:
    built = build_snapshot(two_offices[0])
    yield built
    built.close()


def offices(snapshot: CentralSnapshot) -> dict[str, int]:
    return {name: id_ for id_, name in snapshot.names("office").items()}


def test_each_office_at_central_has_its_own_figures(
    manager: Session,  # noqa: F811
    two_offices: tuple[str, dict[str, int]],
    snapshot: CentralSnapshot,
) -> None:
    own = figures.dashboard(manager, ABAN, TODAY)
    first = ReportFilter(
        ABAN.start,
        ABAN.end,
        office_id=offices(snapshot)[FIRST_OFFICE],
    )
    central = figures.dashboard(manager, first, TODAY, snapshot)
    same = ("received", "previous_received", "open", "overdue", "closed", "satisfied",
            "median_response_days", "median_closure_days", "not_satisfied")  # fmt: skip
    assert {key: asdict(central)[key] for key in same} == {key: asdict(own)[key] for key in same}
    assert [c.count for c in central.by_month] == [c.count for c in own.by_month]
    # Units stay per office, named with the office when there are several.
    assert all(unit.label.endswith(f"({FIRST_OFFICE})") for unit in central.top_units)


def test_the_whole_country_adds_both_offices_up(
    manager: Session,  # noqa: F811
    snapshot: CentralSnapshot,
) -> None:
    board = figures.dashboard(manager, ABAN, TODAY, snapshot)
    assert (board.received, board.open, board.overdue, board.closed) == (10, 6, 2, 4)
    assert (board.satisfied, board.not_satisfied) == (2, 2)
    # Categories with the same name are one category across offices.
    heat = figures.unit_category_map(manager, ABAN, TODAY, snapshot)
    assert len(heat.columns) == 2 and len(heat.rows) == 4
    counties = figures.county_month_map(manager, ABAN, TODAY, snapshot)
    assert counties.cells == {("بندرعباس", 140508): 8, (None, 140508): 2}


def test_offices_are_compared_on_the_scorecard(
    manager: Session,  # noqa: F811
    snapshot: CentralSnapshot,
) -> None:
    ranked = figures.scorecard(manager, ABAN, TODAY, snapshot, by=Grouping.OFFICE)
    assert sorted(score.unit for score in ranked) == sorted(offices(snapshot))
    for score in ranked:
        # Each office: A in time, B late, C overdue; 5 received; a warning; 1 of 2 satisfied.
        assert (score.received, score.referred, score.in_time, score.late, score.overdue) == (
            5, 3, 1, 1, 1,
        )  # fmt: skip
        assert score.median_response_days == 7.5
        assert score.warnings == 1 and score.satisfaction_rate == 0.5
    office_id = offices(snapshot)[SECOND_OFFICE]
    late = figures.complaint_ids(
        manager, ABAN, Drill(Figure.LATE, office_id, by=Grouping.OFFICE), TODAY, source=snapshot
    )
    (row,) = snapshot.complaint_rows(manager, late)
    assert row.tracking_code.startswith("0456") and row.complainant is None
    units = figures.scorecard(manager, ABAN, TODAY, snapshot)
    assert len(units) == 4 and units[0].in_time == 1


def test_a_missing_central_database_is_refused(tmp_path: Path) -> None:
    with pytest.raises(CentralError) as refused:
        build_snapshot(tmp_path / "nowhere.db")
    assert "وجود ندارد" in refused.value.message
