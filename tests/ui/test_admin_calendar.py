"""The admin's holidays page: closing and opening days, undoing, Thursday as a weekend."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLabel

from app import office_calendar
from app.office_calendar import load_calendar
from app.permissions import Role, Session
from ui.errors import ERROR_COLOR
from ui.main_window import MainWindow
from ui.pages.admin_calendar import CalendarPage
from ui.widgets.jalali_date import to_qdate

TUESDAY = dt.date(2026, 11, 24)  # سه‌شنبه ۳ آذر ۱۴۰۵
NOWRUZ_3 = dt.date(2026, 3, 23)  # ۳ فروردین ۱۴۰۵


@pytest.fixture
def page(qtbot, ui_context, admin: Session) -> CalendarPage:
    widget = CalendarPage(ui_context(admin))
    qtbot.addWidget(widget)
    widget.resize(1100, 650)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def click(qtbot, widget) -> None:
    assert widget.isEnabled()
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def test_the_calendar_is_jalali_with_saturday_first(page: CalendarPage) -> None:
    calendar = page.calendar
    assert calendar.calendar().name() == "Jalali"
    assert calendar.firstDayOfWeek() == Qt.DayOfWeek.Saturday
    friday = calendar.weekdayTextFormat(Qt.DayOfWeek.Friday).foreground().color()
    assert friday == QColor(ERROR_COLOR)


def test_close_a_day_with_a_typed_note(qtbot, page: CalendarPage, type_text) -> None:
    page.select_day(TUESDAY)
    assert page.findChild(QLabel, "dayDate").text() == "سه‌شنبه ۳ آذر ۱۴۰۵"
    assert not page.reset_button.isEnabled() and not page.open_button.isEnabled()
    click(qtbot, page.close_button)
    dialog = page.dialog
    assert dialog is not None and dialog.isVisible()
    type_text(dialog.note_edit, "آلودگی هوا")
    QTest.keyClick(dialog.note_edit, Qt.Key.Key_Return)  # Enter closes the office
    qtbot.waitUntil(lambda: page.dialog is None)

    info = load_calendar().describe(TUESDAY)
    assert not info.working and info.corrected and info.reason == "آلودگی هوا"
    marked = page.calendar.dateTextFormat(to_qdate(TUESDAY))
    assert marked.foreground().color() == QColor(ERROR_COLOR)
    assert marked.toolTip() == "آلودگی هوا"
    assert marked.fontUnderline() and marked.fontWeight() == QFont.Weight.Bold
    assert page.note_label.text() == "آلودگی هوا"
    assert page.reset_button.isEnabled() and not page.close_button.isEnabled()
    assert page.corrections.count() == 1 and "آلودگی هوا" in page.corrections.item(0).text()

    click(qtbot, page.reset_button)  # undo
    assert load_calendar().describe(TUESDAY).working
    assert page.calendar.dateTextFormat(to_qdate(TUESDAY)).toolTip() == ""
    assert not page.reset_button.isEnabled() and page.close_button.isEnabled()


def test_a_too_long_note_stays_in_the_dialog(qtbot, page: CalendarPage, monkeypatch) -> None:
    page.select_day(TUESDAY)
    click(qtbot, page.close_button)
    dialog = page.dialog
    assert dialog is not None
    dialog.note_edit.setMaxLength(500)  # the field stops at 200; check the service's limit too
    dialog.note_edit.setText("ا" * 201)
    dialog.accept()
    error = dialog.findChild(QLabel, "error_note")
    assert error is not None and error.isVisible() and "۲۰۰" in error.text()
    assert dialog.isVisible() and dialog.note_edit.text() == "ا" * 201  # nothing lost
    assert load_calendar().describe(TUESDAY).working
    dialog.reject()
    qtbot.waitUntil(lambda: page.dialog is None)


def test_open_a_listed_holiday_and_undo(qtbot, page: CalendarPage) -> None:
    page.select_day(NOWRUZ_3)
    assert "نوروز" in page.holiday_label.text().replace("\u200c", "").replace(" ", "")
    assert not page.close_button.isEnabled() and not page.reset_button.isEnabled()
    before = page.calendar.dateTextFormat(to_qdate(NOWRUZ_3))
    assert before.foreground().color() == QColor(ERROR_COLOR)

    click(qtbot, page.open_button)
    info = load_calendar().describe(NOWRUZ_3)
    assert info.working and info.corrected
    worked = page.calendar.dateTextFormat(to_qdate(NOWRUZ_3))
    assert worked.foreground().color() != QColor(ERROR_COLOR) and worked.fontUnderline()
    assert page.status_label.text() == "باز"

    click(qtbot, page.reset_button)
    info = load_calendar().describe(NOWRUZ_3)
    assert not info.working and not info.corrected
    undone = page.calendar.dateTextFormat(to_qdate(NOWRUZ_3))
    assert undone.foreground().color() == QColor(ERROR_COLOR) and not undone.fontUnderline()


def test_thursday_checkbox(qtbot, page: CalendarPage) -> None:
    thursday = dt.date(2026, 11, 26)
    assert load_calendar().thursday_closed and page.thursday_check.isChecked()
    page.select_day(thursday)
    assert page.open_button.isEnabled()
    page.thursday_check.click()  # as a click or Space does
    assert not load_calendar().thursday_closed and not page.thursday_check.isChecked()
    assert page.close_button.isEnabled() and not page.open_button.isEnabled()
    page.thursday_check.click()  # as a click or Space does
    assert load_calendar().thursday_closed


def test_a_refused_change_is_shown_and_the_checkbox_stays(
    qtbot, page: CalendarPage, message_boxes, session_for
) -> None:
    # The session lost its right (e.g. the admin was demoted): the service refuses.
    page.ctx = type(page.ctx)(session_for(Role.CLERK), page.ctx.office, page.ctx.database)
    page.thursday_check.click()  # as a click or Space does
    assert len(message_boxes) == 1 and "اجازه" in message_boxes[0].text()
    assert page.thursday_check.isChecked() and load_calendar().thursday_closed


def test_holidays_page_in_the_main_window(qtbot, ui_context, admin, session_for) -> None:
    window = MainWindow(ui_context(admin))
    qtbot.addWidget(window)
    assert "calendar" in window.page_keys()
    titles = [window.navigation.item(i).text() for i in range(window.navigation.count())]
    assert "تعطیلات" in titles
    assert isinstance(window.show_page("calendar"), CalendarPage)

    clerk_window = MainWindow(ui_context(session_for(Role.CLERK)))
    qtbot.addWidget(clerk_window)
    assert "calendar" not in clerk_window.page_keys()
    QApplication.processEvents()


def test_the_service_is_the_source_of_truth(page: CalendarPage, admin: Session) -> None:
    office_calendar.correct_day(admin, TUESDAY, closed=True, note="تعمیرات")
    page.select_day(TUESDAY)
    page.refresh()
    assert page.calendar.dateTextFormat(to_qdate(TUESDAY)).toolTip() == "تعمیرات"
