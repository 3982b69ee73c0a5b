"""The reports page: filters, the dashboard's tiles, the scorecard, the heat map, drilling
into the complaints behind a figure, and saving a report."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QDialogButtonBox, QLabel
from pytestqt.qtbot import QtBot

from app import jalali, lists, referrals
from app.permissions import Role, Session
from app.persian import to_persian_digits
from app.referrals import ReferralRequest
from app.reports.filters import Period
from tests.app.helpers import register
from tests.app.test_central_reports import FIRST_OFFICE, SECOND_OFFICE, two_offices  # noqa: F401
from tests.app.test_reports import on  # noqa: F401
from ui.pages.reports import OFFICES_TAB, CentralDialog, ReportsPage, write_table


@pytest.fixture
def manager(session_for) -> Session:  # type: ignore[no-untyped-def]
    return session_for(Role.MANAGER)  # type: ignore[no-any-return]


@pytest.fixture
def central_manager(manager: Session) -> Session:
    """The manager, by the name the central-database fixtures ask for."""
    return manager


@pytest.fixture
def page(show_page, manager: Session) -> ReportsPage:  # type: ignore[no-untyped-def]
    """Three complaints this month about two units; one referred and already overdue."""
    today = jalali.today()
    first = jalali.month_bounds(*jalali.to_jalali(today)[:2])[0]
    units = lists.list_units(manager)
    ids = [
        register(manager, unit_id=units[i].id, received_on=first).complaint_id for i in (0, 0, 1)
    ]
    referrals.refer(manager, ReferralRequest(ids[2], (units[1].id,), deadline_days=1))
    return show_page(ReportsPage, manager)  # type: ignore[no-any-return]


def compute(qtbot: QtBot, page: ReportsPage) -> None:
    with qtbot.waitSignal(page.shown, timeout=20_000):
        qtbot.mouseClick(page.show_button, Qt.MouseButton.LeftButton)


def test_the_page_opens_with_the_default_ranges_figures(qtbot: QtBot, page: ReportsPage) -> None:
    # Nobody pressed «نمایش»: the page was shown, and this month's figures come up.
    qtbot.waitUntil(lambda: page.tiles["received"].text().startswith("۳"), timeout=20_000)
    assert page.board is not None


def test_the_dashboard_tiles_and_drilling(qtbot: QtBot, page: ReportsPage) -> None:
    assert page.period_combo.currentData() == Period.THIS_MONTH
    assert not page.from_edit.isEnabled()
    compute(qtbot, page)
    assert page.tiles["received"].text().startswith("۳")
    assert page.tiles["open"].text().startswith("۳")
    assert "دریافتی" in page.tiles["received"].text()
    units = page.count_tables["unit"]
    assert units.rowCount() == 2 and units.item(0, 1).text() == "۲"
    with qtbot.waitSignal(page.drillShown, timeout=20_000):  # read on a worker thread
        qtbot.mouseClick(page.tiles["received"], Qt.MouseButton.LeftButton)
    assert page.drill is not None and page.drill.table.rowCount() == 3
    count = page.drill.findChild(QLabel, "drillCount")
    assert count is not None and count.text() == "۳ شکایت"
    page.drill.close()


def test_the_scorecard_and_heat_map(qtbot: QtBot, page: ReportsPage, tmp_path: Path) -> None:
    page.tabs.setCurrentIndex(1)
    qtbot.waitUntil(lambda: page.scorecard_table.rowCount() == 2, timeout=20_000)
    assert page.scorecard_table.header_text(1) == "واحد"
    page.tabs.setCurrentIndex(2)
    qtbot.waitUntil(lambda: page.heat_table.rowCount() == 3, timeout=20_000)  # 2 units + total
    assert page.heat_table.item(2, 0).text() == "جمع"
    with qtbot.waitSignal(page.drillShown, timeout=20_000):
        page._heat_drill(0, 1)
    assert page.drill is not None and page.drill.table.rowCount() == 2

    table = page.current_table()
    assert table is not None
    write_table(page.ctx, table, tmp_path / "heat.xlsx")
    sheet = openpyxl.load_workbook(tmp_path / "heat.xlsx").active
    assert sheet.sheet_view.rightToLeft
    write_table(page.ctx, table, tmp_path / "heat.pdf")
    assert (tmp_path / "heat.pdf").read_bytes().startswith(b"%PDF")


def test_a_custom_range_must_be_in_order(qtbot: QtBot, page: ReportsPage, message_boxes) -> None:  # type: ignore[no-untyped-def]
    page.period_combo.setCurrentIndex(3)  # custom
    assert page.from_edit.isEnabled()
    page.from_edit.setDate(dt.date(2026, 5, 1))
    page.to_edit.setDate(dt.date(2026, 4, 1))
    qtbot.mouseClick(page.show_button, Qt.MouseButton.LeftButton)
    assert "بازه‌ی درستی" in message_boxes[-1].text()


def test_the_dashboard_charts_open_the_complaints_behind_a_bar(
    qtbot: QtBot, page: ReportsPage
) -> None:
    compute(qtbot, page)
    (month,) = page.month_chart.counts()
    assert month.count == 3
    this_year = jalali.to_jalali(jalali.today())[0]
    assert month.label == jalali.MONTH_NAMES[jalali.to_jalali(jalali.today())[1] - 1]
    assert page.month_chart.chart().title().endswith(to_persian_digits(this_year))
    (channel,) = page.channel_chart.counts()
    assert channel.label == "حضوری" and channel.count == 3
    bar_set = page.channel_chart.bar_set()
    assert bar_set is not None
    with qtbot.waitSignal(page.drillShown, timeout=20_000):
        bar_set.clicked.emit(0)
    assert page.drill is not None and page.drill.table.rowCount() == 3
    page.drill.close()


def test_reports_on_the_central_database_compare_offices(
    qtbot: QtBot,
    show_page,  # type: ignore[no-untyped-def]
    central_manager: Session,
    two_offices: tuple[str, dict[str, int]],  # noqa: F811
) -> None:
    page: ReportsPage = show_page(ReportsPage, central_manager)
    qtbot.waitUntil(lambda: page.board is not None, timeout=20_000)  # this office's, on opening
    assert not page.office_combo.isVisible() and not page.tabs.isTabVisible(OFFICES_TAB)
    page.period_combo.setCurrentIndex(1)  # last month: Aban, where the cases are

    def fill_in() -> None:
        dialog = page.findChild(CentralDialog)
        assert dialog is not None
        qtbot.keyClicks(dialog.location, two_offices[0])
        ok = dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok)
        qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)

    QTimer.singleShot(0, fill_in)
    with qtbot.waitSignal(page.shown, timeout=30_000):
        qtbot.mouseClick(page.central_button, Qt.MouseButton.LeftButton)
    assert "مرکزی" in page.source_label.text() and "۲" in page.source_label.text()
    assert page.tiles["received"].text().startswith("۱۰")  # both offices' Aban
    assert page.office_combo.isVisible() and page.office_combo.count() == 3

    with qtbot.waitSignal(page.shown, timeout=30_000):
        page.tabs.setCurrentIndex(OFFICES_TAB)
    assert page.offices_table.rowCount() == 2
    assert page.offices_table.header_text(1) == "دفتر"
    offices = {page.offices_table.item(row, 1).text() for row in range(2)}
    assert offices == {FIRST_OFFICE, SECOND_OFFICE}
    assert page.offices_table.item(0, 5).text() == "۱"  # one late answer each
    with qtbot.waitSignal(page.drillShown, timeout=30_000):
        page._offices_drill(0, 5)
    assert page.drill is not None and page.drill.table.rowCount() == 1
    page.drill.open_row(0)  # central keeps no case file: nothing opens, nothing breaks
    page.drill.close()

    page.office_combo.setCurrentIndex(page.office_combo.findText(SECOND_OFFICE))
    page.tabs.setCurrentIndex(0)
    qtbot.waitUntil(lambda: page.tiles["received"].text().startswith("۵"), timeout=30_000)

    with qtbot.waitSignal(page.shown, timeout=30_000):  # this office's figures again
        qtbot.mouseClick(page.office_button, Qt.MouseButton.LeftButton)
    assert not page.office_combo.isVisible() and not page.tabs.isTabVisible(OFFICES_TAB)
    assert "این دفتر" in page.source_label.text()
