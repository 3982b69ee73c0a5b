"""A date field typed or picked in the Jalali calendar (architecture: Calendar and deadlines; The
window).

The text is read and written by ``app.jalali`` (the one calendar module): the user may type
``۱۴۰۵/۰۹/۰۲`` or ``1405/9/2``; a valid date is shown back with Persian digits. The button
opens a ``QCalendarWidget`` set to Qt's Jalali calendar, with Saturday as the first day of
the week and Friday marked as the weekend.

``QDate`` always holds the day itself (its year/month/day accessors are Gregorian); the
``QCalendar`` only changes how the popup shows it. So a ``datetime.date`` converts to and
from ``QDate`` by its Gregorian parts, never through Jalali numbers.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import TYPE_CHECKING

from PySide6.QtCore import QCalendar, QDate, QEvent, QObject, QPoint, Qt, QTime, Signal
from PySide6.QtGui import QColor, QFont, QKeyEvent, QPalette, QTextCharFormat
from PySide6.QtWidgets import (
    QCalendarWidget,
    QFrame,
    QHBoxLayout,
    QLineEdit,
    QTableView,
    QTimeEdit,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app import jalali
from app.persian import ltr
from ui.errors import ERROR_COLOR

if TYPE_CHECKING:  # the holidays package is large: app.office_calendar loads on demand
    from app.office_calendar import DayInfo

__all__ = [
    "JalaliDateEdit",
    "apply_week_formats",
    "clock_edit",
    "jalali_calendar",
    "mark_closed_days",
    "set_up_jalali_calendar",
    "to_date",
    "to_qdate",
]


def clock_edit(object_name: str, now: bool = False) -> QTimeEdit:
    """An hour and minute field that reads ``۱۱:۰۵`` as a clock does: in a right-to-left
    window Qt orders its sections as ``۰۵:۱۱`` when the format is set. ``now``: start at
    Tehran's time now (the office's clock, whatever the computer's time zone)."""
    edit = QTimeEdit()
    edit.setObjectName(object_name)
    edit.setLayoutDirection(Qt.LayoutDirection.LeftToRight)  # first: the format's order uses it
    edit.setDisplayFormat("HH:mm")
    if now:
        moment = jalali.to_tehran(dt.datetime.now(dt.UTC))
        edit.setTime(QTime(moment.hour, moment.minute))
    return edit


_WEEKEND = (Qt.DayOfWeek.Friday,)
_WORKDAYS = (
    Qt.DayOfWeek.Saturday,
    Qt.DayOfWeek.Sunday,
    Qt.DayOfWeek.Monday,
    Qt.DayOfWeek.Tuesday,
    Qt.DayOfWeek.Wednesday,
    Qt.DayOfWeek.Thursday,
)


def jalali_calendar() -> QCalendar:
    return QCalendar(QCalendar.System.Jalali)


def to_qdate(value: dt.date) -> QDate:
    """The same day as a ``QDate`` (Gregorian parts; QDate has no calendar of its own)."""
    return QDate(value.year, value.month, value.day)


def to_date(value: QDate) -> dt.date | None:
    if not value.isValid():
        return None
    return dt.date(value.year(), value.month(), value.day())


def set_up_jalali_calendar(calendar: QCalendarWidget) -> None:
    """Qt's Jalali calendar as the office reads it: Saturday first, one-letter day headers,
    Friday (not Saturday/Sunday) marked as the weekend."""
    calendar.setCalendar(jalali_calendar())
    calendar.setFirstDayOfWeek(Qt.DayOfWeek.Saturday)
    calendar.setGridVisible(True)
    calendar.setVerticalHeaderFormat(QCalendarWidget.VerticalHeaderFormat.NoVerticalHeader)
    # Persian calendars head their columns with one letter (ش ی د س چ پ ج); full names
    # such as چهارشنبه do not fit a day column.
    calendar.setHorizontalHeaderFormat(QCalendarWidget.HorizontalHeaderFormat.SingleLetterDayNames)
    apply_week_formats(calendar)
    # A header's default minimum section is the font's widest glyph; Arabic-script fonts
    # have ligatures over 100 px wide, which would make the calendar ~900 px wide.
    view = calendar.findChild(QTableView)
    if view is not None:
        view.horizontalHeader().setMinimumSectionSize(16)
        view.verticalHeader().setMinimumSectionSize(16)


def apply_week_formats(calendar: QCalendarWidget) -> None:
    """Friday is the weekend; Qt's default marks Saturday and Sunday, so reset them."""
    normal = QTextCharFormat()
    normal.setForeground(calendar.palette().brush(QPalette.ColorRole.Text))
    for day in _WORKDAYS:
        calendar.setWeekdayTextFormat(day, normal)
    weekend = QTextCharFormat()
    weekend.setForeground(QColor(ERROR_COLOR))
    for day in _WEEKEND:
        calendar.setWeekdayTextFormat(day, weekend)


def mark_closed_days(
    calendar: QCalendarWidget, days: Iterable[DayInfo], *, mark_corrections: bool = False
) -> None:
    """Colour closed days (holidays, closures, a closed Thursday) red and name each in its
    tooltip; a corrected working day (a holiday worked) gets the normal colour back.

    With ``mark_corrections`` the admin's corrections are also bold and underlined, so the
    holidays page tells them from the rules. Earlier marks are cleared first.
    """
    calendar.setDateTextFormat(QDate(), QTextCharFormat())  # a null date clears them all
    for info in days:
        text_format = QTextCharFormat()
        if info.working:
            if not info.corrected:
                continue
            text_format.setForeground(calendar.palette().brush(QPalette.ColorRole.Text))
        else:
            text_format.setForeground(QColor(ERROR_COLOR))
        if mark_corrections and info.corrected:
            text_format.setFontWeight(QFont.Weight.Bold)
            text_format.setFontUnderline(True)
        text_format.setToolTip(info.reason or "")
        calendar.setDateTextFormat(to_qdate(info.day), text_format)


class _CalendarPopup(QFrame):
    """The drop-down holding the calendar; closes when a day is chosen or on Escape."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent, Qt.WindowType.Popup)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.calendar = QCalendarWidget(self)
        self.calendar.setObjectName("jalaliCalendar")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(1, 1, 1, 1)
        layout.addWidget(self.calendar)


class JalaliDateEdit(QWidget):
    """A line edit for a Jalali date plus a button that opens a Jalali calendar.

    ``date()`` is None while the text is empty or not a real date; the form decides what
    to say about it. ``dateChanged`` carries the new ``datetime.date`` or None.
    Up/Down move the date by a day; Alt+Down or F4 opens the calendar.
    """

    dateChanged = Signal(object)  # datetime.date | None
    returnPressed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._date: dt.date | None = None

        self._edit = QLineEdit(self)
        self._edit.setObjectName("jalaliDateText")
        self._edit.setPlaceholderText(self.example_text())
        self._edit.setMaxLength(16)
        self._edit.textChanged.connect(self._on_text_changed)
        self._edit.editingFinished.connect(self._reformat)
        self._edit.returnPressed.connect(self.returnPressed)
        self._edit.installEventFilter(self)
        self.setFocusProxy(self._edit)
        self._align_text()

        self._button = QToolButton(self)
        self._button.setObjectName("jalaliDateButton")
        self._button.setText("▾")
        self._button.setToolTip(self.tr("Choose from the calendar (Alt+Down)"))
        self._button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self._button.clicked.connect(self.show_calendar)

        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self._edit, 1)
        layout.addWidget(self._button)

        self._popup = _CalendarPopup(self)
        calendar = self._popup.calendar
        set_up_jalali_calendar(calendar)
        calendar.clicked.connect(self._on_calendar_chosen)
        calendar.activated.connect(self._on_calendar_chosen)
        calendar.currentPageChanged.connect(self._mark_closed_days)

    # ------------------------------------------------------------------ API

    def date(self) -> dt.date | None:
        return self._date

    def setDate(self, value: dt.date | None) -> None:
        self._edit.setText("" if value is None else jalali.format_date(value))

    def clear(self) -> None:
        self._edit.clear()

    def text(self) -> str:
        return self._edit.text()

    def lineEdit(self) -> QLineEdit:
        return self._edit

    def calendarWidget(self) -> QCalendarWidget:
        return self._popup.calendar

    def isCalendarVisible(self) -> bool:
        return self._popup.isVisible()

    def show_calendar(self) -> None:
        calendar = self._popup.calendar
        calendar.setSelectedDate(to_qdate(self._date or jalali.today()))
        self._mark_closed_days(calendar.yearShown(), calendar.monthShown())
        self._popup.setLayoutDirection(self.layoutDirection())
        self._popup.setLocale(self.locale())
        self._popup.adjustSize()
        size = self._popup.sizeHint()
        if self.layoutDirection() == Qt.LayoutDirection.RightToLeft:
            anchor = self.mapToGlobal(QPoint(self.width() - size.width(), self.height()))
        else:
            anchor = self.mapToGlobal(QPoint(0, self.height()))
        screen = self.screen().availableGeometry() if self.screen() else None
        if screen is not None:
            anchor.setX(max(screen.left(), min(anchor.x(), screen.right() - size.width())))
            if anchor.y() + size.height() > screen.bottom():
                anchor.setY(self.mapToGlobal(QPoint(0, 0)).y() - size.height())
        self._popup.move(anchor)
        self._popup.show()
        calendar.setFocus(Qt.FocusReason.PopupFocusReason)

    # ------------------------------------------------------------------ internals

    def example_text(self) -> str:
        """The empty field's hint: an example date of this year, ``مثلاً ۱۴۰۵/۰۱/۳۱``.

        A date is written year first and reads left to right (its digits and slashes keep
        that order in Persian text); a pattern in words (سال/ماه/روز) would read right to left
        and so show the year on the other side. The 31st of the first month cannot be read
        as month/day.
        """
        year = jalali.to_jalali(jalali.today())[0]
        example = jalali.format_date(jalali.from_jalali(year, 1, 31))
        return self.tr("e.g. %1").replace("%1", ltr(example))

    def _align_text(self) -> None:
        """Keep the date on the form's start side, like the other fields.

        A QLineEdit aligns by its text's direction, and a date (digits and slashes) is
        left-to-right, so in a right-to-left form it would sit on the far left. An absolute
        alignment pins the side; the digits keep their left-to-right order.
        """
        side = (
            Qt.AlignmentFlag.AlignRight
            if self.layoutDirection() == Qt.LayoutDirection.RightToLeft
            else Qt.AlignmentFlag.AlignLeft
        )
        self._edit.setAlignment(
            side | Qt.AlignmentFlag.AlignAbsolute | Qt.AlignmentFlag.AlignVCenter
        )

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LayoutDirectionChange:
            self._align_text()
        super().changeEvent(event)

    @staticmethod
    def _apply_week_formats(calendar: QCalendarWidget) -> None:
        apply_week_formats(calendar)

    def _mark_closed_days(self, jalali_year: int, jalali_month: int) -> None:
        """Colour the shown month's holidays and closures like Fridays, naming each one."""
        # Loaded here, not at start-up: the holidays package is large.
        from app.office_calendar import load_calendar

        calendar = self._popup.calendar
        try:
            days = load_calendar().month(jalali_year, jalali_month)
        except Exception:  # no database open (yet): the weekday colours still mark Friday
            mark_closed_days(calendar, [])
            return
        mark_closed_days(calendar, days)

    def _on_text_changed(self, text: str) -> None:
        parsed = jalali.parse_jalali(text)
        if parsed != self._date:
            self._date = parsed
            self.dateChanged.emit(parsed)

    def _reformat(self) -> None:
        """Show a valid date in its canonical form (Persian digits, two-digit month/day)."""
        if self._date is not None:
            canonical = jalali.format_date(self._date)
            if self._edit.text() != canonical:
                self._edit.setText(canonical)

    def _on_calendar_chosen(self, value: QDate) -> None:
        chosen = to_date(value)
        if chosen is not None:
            self.setDate(chosen)
        self._popup.hide()
        self._edit.setFocus(Qt.FocusReason.PopupFocusReason)

    def _step(self, days: int) -> None:
        base = self._date or jalali.today()
        self.setDate(base + dt.timedelta(days=days))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._edit and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            key, mods = event.key(), event.modifiers()
            alt = bool(mods & Qt.KeyboardModifier.AltModifier)
            if key == Qt.Key.Key_F4 or (alt and key == Qt.Key.Key_Down):
                self.show_calendar()
                return True
            if key in (Qt.Key.Key_Up, Qt.Key.Key_Down) and not alt:
                self._step(1 if key == Qt.Key.Key_Up else -1)
                return True
        return super().eventFilter(watched, event)
