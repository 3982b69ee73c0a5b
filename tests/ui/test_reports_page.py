"""The reports page: filters, the dashboard's tiles, the scorecard, the heat map, drilling
into the complaints behind a figure, and saving a report."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import openpyxl
import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QLabel
from pytestqt.qtbot import QtBot

from app import jalali, lists, referrals
from app.permissions import Role, Session
from app.persian import to_persian_digits
from app.referrals import ReferralRequest
from app.reports.figures import Count, HeatMap
from app.reports.filters import Period
from tests.app.helpers import register
from tests.app.test_central_reports import FIRST_OFFICE, SECOND_OFFICE, two_offices  # noqa: F401
from tests.app.test_reports import on  # noqa: F401
from ui.main_window import MainWindow
from ui.pages.reports import OFFICES_TAB, CentralDialog, ReportsPage, write_table
from ui.widgets.record_table import STRETCH_MIN


@pytest.fixture
def manager(session_for) -> Session:
    return session_for(Role.MANAGER)  # type: ignore[no-any-return]


@pytest.fixture
def central_manager(manager: Session) -> Session:
    """The manager, by the name the central-database fixtures ask for."""
    return manager


@pytest.fixture
def page(show_page, manager: Session, qtbot: QtBot) -> ReportsPage:
    """Three complaints this month about two units; one referred and already overdue."""
    today = jalali.today()
    first = jalali.month_bounds(*jalali.to_jalali(today)[:2])[0]
    units = lists.list_units(manager)
    ids = [
        register(manager, unit_id=units[i].id, received_on=first).complaint_id for i in (0, 0, 1)
    ]
    referrals.refer(manager, ReferralRequest(ids[2], (units[1].id,), deadline_days=1))
    page = show_page(ReportsPage, manager)
    # The figures the page computes as it opens are in before a test goes on.
    qtbot.waitUntil(lambda: page.board is not None and not page.tasks, timeout=20_000)
    return page  # type: ignore[no-any-return]


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


def test_a_custom_range_must_be_in_order(qtbot: QtBot, page: ReportsPage, message_boxes) -> None:
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
    show_page,
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


# --------------------------------------------------------------------------- nothing cut off


def reports_in_window(qtbot: QtBot, ui_context, session: Session) -> ReportsPage:
    """The reports page in the main window at 1366 × 768."""
    window = MainWindow(ui_context(session))
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    qtbot.waitExposed(window)
    page = window.show_page("reports")
    assert isinstance(page, ReportsPage)
    return page


def test_the_scorecard_gives_the_unit_names_the_room(
    qtbot: QtBot, ui_context, manager: Session
) -> None:
    today = jalali.today()
    first = jalali.month_bounds(*jalali.to_jalali(today)[:2])[0]
    for unit in lists.list_units(manager)[:6]:
        register(manager, unit_id=unit.id, received_on=first)
    page = reports_in_window(qtbot, ui_context, manager)
    with qtbot.waitSignal(page.shown, timeout=20_000):
        page.tabs.setCurrentIndex(1)
    table = page.scorecard_table
    qtbot.waitUntil(lambda: table.rowCount() == 6, timeout=20_000)
    header = table.horizontalHeader()
    names = header.sectionSize(1)
    numbers = [header.sectionSize(c) for c in range(table.columnCount()) if c != 1]
    assert names > max(numbers)  # the name column stretches; numbers stay compact
    assert not table.horizontalScrollBar().isVisible()  # all thirteen columns on screen
    widest = max(table.fontMetrics().horizontalAdvance(table.item(r, 1).text()) for r in range(6))
    assert names >= widest + 12  # every name whole: not elided
    # Numeric titles stand on two lines and are shown whole.
    assert header.shown_lines(11) == ["پیشنهاد برکناری", "و هیئت تخلفات"]
    assert all(
        not line.endswith(("…", "..."))
        for c in range(table.columnCount())
        for line in header.shown_lines(c)
    )


def test_a_heat_map_title_too_long_for_its_column_is_cut_with_an_ellipsis(
    qtbot: QtBot, page: ReportsPage
) -> None:
    page.tabs.setCurrentIndex(2)
    qtbot.waitUntil(lambda: page.heat_table.rowCount() == 3, timeout=20_000)
    long = "رسیدگی نکردن به شکایت از اجرا نشدن حکم قطعی دادگاه در اداره"
    units = [Count(1, "شهرداری مرکز استان", 5)]
    categories = [Count(1, "سایر", 3), Count(2, long, 2)]
    page.show_heat_map(HeatMap(units, categories, {(1, 1): 3, (1, 2): 2}))
    table = page.heat_table
    header = table.horizontalHeader()
    assert header.shown_lines(1) == ["سایر"]
    cut = header.shown_lines(2)
    assert len(cut) == 2 and all(line.endswith(("…", "...")) for line in cut)
    bold = QFont(header.font())
    bold.setBold(True)
    metrics = QFontMetrics(bold)
    assert all(metrics.horizontalAdvance(line) < header.sectionSize(2) for line in cut)
    tip = table.records_model().headerData(
        2, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole
    )
    assert tip == long  # the whole title, a hover away
    assert header.sectionSize(0) >= STRETCH_MIN - 2  # the names keep their room


def test_the_dashboard_lists_show_every_row_without_scrolling(
    qtbot: QtBot, page: ReportsPage
) -> None:
    compute(qtbot, page)
    months = [Count(140500 + m, jalali.MONTH_NAMES[m - 1], 10 + m) for m in range(1, 13)]
    assert page.board is not None
    page.show_dashboard(dataclasses.replace(page.board, by_month=months))
    QApplication.processEvents()
    for figure, table in page.count_tables.items():
        rows = table.rowCount()
        assert rows == (12 if figure == "month" else table.records_model().rowCount())
        assert not table.verticalScrollBar().isVisible()
        row = table.verticalHeader().defaultSectionSize()
        assert table.viewport().height() >= rows * row  # the last row shown whole
        last = table.visualRect(table.records_model().index(rows - 1, 0))
        assert last.bottom() <= table.viewport().height()


def test_the_dashboard_figures_have_thousands_separators(qtbot: QtBot, page: ReportsPage) -> None:
    assert page.board is not None
    big = dataclasses.replace(
        page.board,
        received=3001,
        previous_received=0,
        open=1200,
        top_units=[Count(1, "شهرداری", 3001)],
        by_month=[Count(140501, "فروردین ۱۴۰۵", 3001)],
    )
    page.show_dashboard(big)
    assert page.tiles["received"].text().startswith("۳٬۰۰۱\n")
    assert page.tiles["open"].text().startswith("۱٬۲۰۰\n")
    assert page.count_tables["unit"].item(0, 1).text() == "۳٬۰۰۱"
    assert page.count_tables["month"].item(0, 1).text() == "۳٬۰۰۱"


def test_other_comes_last_in_the_filters_and_the_heat_map(
    qtbot: QtBot, show_page, manager: Session, admin: Session
) -> None:
    other_unit = lists.create_unit(admin, "سایر دستگاه‌ها")
    other = next(c for c in lists.list_categories(manager) if c.name == "سایر")
    first = jalali.month_bounds(*jalali.to_jalali(jalali.today())[:2])[0]
    for _ in range(3):  # «سایر» the largest, and still last
        register(manager, unit_id=other_unit.id, category_id=other.id, received_on=first)
    register(manager, received_on=first)
    page: ReportsPage = show_page(ReportsPage, manager)
    qtbot.waitUntil(lambda: page.board is not None and not page.tasks, timeout=20_000)
    units = [page.unit_combo.itemText(i) for i in range(page.unit_combo.count())]
    categories = [page.category_combo.itemText(i) for i in range(page.category_combo.count())]
    assert units[0] == "همه" and units[-1] == "سایر دستگاه‌ها"
    assert categories[0] == "همه" and categories[-1] == "سایر"
    assert [count.label for count in page.board.top_units][-1] == "سایر دستگاه‌ها"
    page.tabs.setCurrentIndex(2)
    qtbot.waitUntil(lambda: page.heat_table.rowCount() == 3, timeout=20_000)  # 2 units + total
    assert page.heat_table.item(1, 0).text() == "سایر دستگاه‌ها"
    columns = [page.heat_table.header_text(c) for c in range(page.heat_table.columnCount())]
    assert columns[-2:] == ["سایر", "جمع"]
