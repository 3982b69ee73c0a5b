"""Qt's Jalali calendar and app/jalali.py agree, and the date field behaves (architecture: Calendar
and deadlines)."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QCalendar, QDate, Qt
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QFormLayout, QLineEdit, QWidget
from pytestqt.qtbot import QtBot

from app.jalali import format_date, from_jalali, is_leap, month_length, to_jalali, today
from app.persian import ltr, to_persian_digits
from tests.ui.bidi import mirrored, visual_order
from ui.errors import ERROR_COLOR
from ui.widgets.jalali_date import JalaliDateEdit, jalali_calendar, to_date, to_qdate

FIRST_YEAR, LAST_YEAR = 1300, 1430


def test_qt_and_app_jalali_agree_day_by_day() -> None:
    calendar = QCalendar(QCalendar.System.Jalali)
    expected_next = from_jalali(FIRST_YEAR, 1, 1)
    problems: list[str] = []
    days = 0
    for year in range(FIRST_YEAR, LAST_YEAR + 1):
        if calendar.isLeapYear(year) != is_leap(year):
            problems.append(f"{year}: leap year Qt={calendar.isLeapYear(year)}")
        for month in range(1, 13):
            length = month_length(year, month)
            if calendar.daysInMonth(month, year) != length:
                problems.append(f"{year}/{month}: Qt has {calendar.daysInMonth(month, year)} days")
            for day in range(1, length + 1):
                days += 1
                ours = from_jalali(year, month, day)
                qt = calendar.dateFromParts(year, month, day)
                if ours != expected_next or to_date(qt) != ours:
                    problems.append(
                        f"{year}/{month}/{day}: Qt {qt.toString(Qt.ISODate)}, app {ours}"
                    )
                parts = calendar.partsFromDate(to_qdate(ours))
                if (parts.year, parts.month, parts.day) != (year, month, day):
                    problems.append(f"{ours}: Qt reads {parts.year}/{parts.month}/{parts.day}")
                expected_next = ours + dt.timedelta(days=1)
            if problems:
                break
        if len(problems) > 20:
            break
    assert problems == []
    assert days == (from_jalali(LAST_YEAR + 1, 1, 1) - from_jalali(FIRST_YEAR, 1, 1)).days


def test_qt_formats_a_jalali_date_like_the_app() -> None:
    calendar = jalali_calendar()
    for day in (from_jalali(1403, 12, 30), from_jalali(1405, 9, 2), from_jalali(1300, 1, 1)):
        text = to_qdate(day).toString("yyyy/MM/dd", calendar)
        assert text == format_date(day, persian_digits=False)


def test_gregorian_conversion_keeps_the_day() -> None:
    day = dt.date(2026, 11, 23)
    assert to_qdate(day) == QDate(2026, 11, 23)
    assert to_date(to_qdate(day)) == day
    assert to_date(QDate()) is None


@pytest.fixture
def date_edit(qtbot: QtBot) -> JalaliDateEdit:
    edit = JalaliDateEdit()
    qtbot.addWidget(edit)
    edit.show()
    qtbot.waitExposed(edit)
    return edit


def test_the_empty_field_shows_an_example_date_year_first(date_edit: JalaliDateEdit) -> None:
    """Not a pattern in words (سال/ماه/روز reads right to left, the year on the right) but
    an example date of this year, laid out like a typed date: the year on the left."""
    year = to_persian_digits(to_jalali(today())[0])
    example = f"{year}/۰۱/۳۱"
    placeholder = date_edit.lineEdit().placeholderText()
    assert placeholder == f"مثلاً {ltr(example)}"
    assert visual_order(placeholder) == f"{example} {mirrored('مثلاً')}"


def test_calendar_popup_is_jalali_with_friday_as_weekend(date_edit: JalaliDateEdit) -> None:
    calendar = date_edit.calendarWidget()
    assert calendar.calendar().name() == QCalendar(QCalendar.System.Jalali).name()
    assert calendar.firstDayOfWeek() == Qt.DayOfWeek.Saturday

    def colour(day: Qt.DayOfWeek) -> QColor:
        return calendar.weekdayTextFormat(day).foreground().color()

    friday = colour(Qt.DayOfWeek.Friday)
    assert friday.red() > 150 and friday.green() < 100 and friday.blue() < 100
    for day in (Qt.DayOfWeek.Saturday, Qt.DayOfWeek.Sunday, Qt.DayOfWeek.Thursday):
        assert colour(day) != friday
        assert colour(day) == calendar.palette().text().color()


def test_typed_date_in_latin_digits_is_shown_in_persian(
    date_edit: JalaliDateEdit, qtbot: QtBot
) -> None:
    with qtbot.waitSignal(date_edit.dateChanged) as changed:
        qtbot.keyClicks(date_edit.lineEdit(), "1405/9/2")
    assert changed.args == [from_jalali(1405, 9, 2)]
    assert date_edit.date() == from_jalali(1405, 9, 2)
    with qtbot.waitSignal(date_edit.returnPressed):
        qtbot.keyClick(date_edit.lineEdit(), Qt.Key.Key_Return)  # editing finished
    assert date_edit.text() == "۱۴۰۵/۰۹/۰۲"


def test_typed_date_in_persian_digits(date_edit: JalaliDateEdit, type_text) -> None:
    type_text(date_edit.lineEdit(), "۱۴۰۳/۱۲/۳۰")
    assert date_edit.date() == from_jalali(1403, 12, 30)


@pytest.mark.parametrize("text", ["1405/13/01", "1404/12/30", "14050902", "فردا", ""])
def test_invalid_text_gives_no_date(date_edit: JalaliDateEdit, type_text, text: str) -> None:
    date_edit.setDate(today())
    date_edit.lineEdit().clear()
    type_text(date_edit.lineEdit(), text)
    assert date_edit.date() is None
    assert date_edit.text() == text  # what was typed stays, for the user to correct


def test_set_date_shows_persian_digits_and_arrows_step_a_day(
    date_edit: JalaliDateEdit, qtbot: QtBot
) -> None:
    date_edit.setDate(from_jalali(1404, 12, 29))
    assert date_edit.text() == "۱۴۰۴/۱۲/۲۹"
    qtbot.keyClick(date_edit.lineEdit(), Qt.Key.Key_Up)
    assert date_edit.date() == from_jalali(1405, 1, 1)  # 1404 is not a leap year
    qtbot.keyClick(date_edit.lineEdit(), Qt.Key.Key_Down)
    assert date_edit.date() == from_jalali(1404, 12, 29)


def test_picking_a_day_in_the_popup(date_edit: JalaliDateEdit, qtbot: QtBot) -> None:
    date_edit.setDate(from_jalali(1405, 9, 2))
    qtbot.keyClick(date_edit.lineEdit(), Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    assert date_edit.isCalendarVisible()
    calendar = date_edit.calendarWidget()
    assert (calendar.yearShown(), calendar.monthShown()) == (1405, 9)  # shown in Jalali
    chosen = from_jalali(1405, 9, 15)
    calendar.clicked.emit(to_qdate(chosen))
    assert not date_edit.isCalendarVisible()
    assert date_edit.date() == chosen
    assert to_jalali(chosen) == (1405, 9, 15)
    assert date_edit.text() == "۱۴۰۵/۰۹/۱۵"


def test_the_date_sits_on_the_form_side_in_left_to_right_order(qtbot: QtBot) -> None:
    """In the right-to-left form the date is on the right like the other fields' text, and
    it still reads 1405/09/02 from left to right."""
    form_host = QWidget()
    qtbot.addWidget(form_host)
    form = QFormLayout(form_host)
    name = QLineEdit("متن نمونه")
    date_edit = JalaliDateEdit()
    form.addRow("نام", name)
    form.addRow("تاریخ", date_edit)
    date_edit.setDate(from_jalali(1405, 9, 2))
    form_host.resize(500, 100)
    form_host.show()
    qtbot.waitExposed(form_host)
    edit = date_edit.lineEdit()
    assert edit.text() == "۱۴۰۵/۰۹/۰۲"

    left, right = ink_span(edit)
    assert left > edit.width() / 2  # all of it in the right half, like the name's text
    _name_left, name_right = ink_span(name)
    # As far from the right edge as the name's text is from its field's right edge.
    assert abs((edit.width() - right) - (name.width() - name_right)) <= 4
    edit.setCursorPosition(0)
    start = edit.cursorRect().center().x()
    edit.setCursorPosition(len(edit.text()))
    assert start < edit.cursorRect().center().x()  # the year is on the left: LTR order


def ink_span(edit: QLineEdit) -> tuple[int, int]:
    """The leftmost and rightmost columns where the line edit draws its text."""
    edit.deselect()
    edit.clearFocus()  # no cursor in the picture
    image = edit.grab().toImage().convertToFormat(QImage.Format.Format_Grayscale8)
    margin = 6  # the frame
    columns = [
        x
        for x in range(margin, image.width() - margin)
        if any(image.pixelColor(x, y).value() < 110 for y in range(margin, image.height() - margin))
    ]
    assert columns, "no text drawn"
    return columns[0], columns[-1]


def test_holidays_and_closures_are_marked_in_the_popup(
    qtbot: QtBot,
    admin,
) -> None:
    from app import office_calendar

    tuesday = dt.date(2026, 11, 24)
    office_calendar.correct_day(admin, tuesday, closed=True, note="آلودگی هوا")
    edit = JalaliDateEdit()
    qtbot.addWidget(edit)
    edit.setDate(dt.date(2026, 11, 23))
    edit.show_calendar()
    calendar = edit.calendarWidget()
    closure = calendar.dateTextFormat(to_qdate(tuesday))
    assert closure.foreground().color() == QColor(ERROR_COLOR)
    assert closure.toolTip() == "آلودگی هوا"
    assert calendar.dateTextFormat(to_qdate(dt.date(2026, 11, 23))).toolTip() == ""

    calendar.setCurrentPage(1405, 1)  # Farvardin: Nowruz
    nowruz = calendar.dateTextFormat(to_qdate(dt.date(2026, 3, 21)))
    assert nowruz.foreground().color() == QColor(ERROR_COLOR)
    assert "نوروز" in nowruz.toolTip()
    edit.close()
