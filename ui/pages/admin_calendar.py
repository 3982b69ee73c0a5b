"""Admin: the office's holidays (architecture: Calendar and deadlines).

A large Jalali calendar shows the month with its closed days in red (Fridays, official
holidays, a closed Thursday, the admin's closures) and the admin's corrections bold and
underlined, each named in its tooltip. Beside it, the selected day: its date, whether the
office works, the official holiday, the admin's note, and the buttons that close or open the
office on that day or undo the correction; below, whether Thursday is a weekend day and this
year's corrections. Every change goes through ``app.office_calendar`` and the page is redrawn
from the database afterwards.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QCalendarWidget,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app import jalali, office_calendar
from app.errors import DadrasError
from app.office_calendar import DayInfo, OfficeCalendar, load_calendar
from app.permissions import Session
from app.persian import to_persian_digits
from ui.context import UiContext
from ui.errors import FieldErrors, guarded, guarded_slot, show_error
from ui.pages.admin_common import button, heading
from ui.screen_fit import fit_to_screen
from ui.widgets.jalali_date import mark_closed_days, set_up_jalali_calendar, to_date, to_qdate

NOTE_MAX_LENGTH = 200


def long_date(day: dt.date) -> str:
    """``سه‌شنبه ۴ آذر ۱۴۰۵``."""
    return f"{jalali.WEEKDAY_NAMES[jalali.weekday_index(day)]} {jalali.format_date_long(day)}"


class CloseDayDialog(QDialog):
    """Asks why the office closes on ``day``; Enter closes it, an error keeps the text."""

    def __init__(self, session: Session, day: dt.date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        fit_to_screen(self)
        self.setObjectName("closeDayDialog")
        self.session, self.day = session, day
        self.setWindowTitle(self.tr("Close the office"))
        self.errors = FieldErrors()
        self.note_edit = QLineEdit()
        self.note_edit.setObjectName("note")
        self.note_edit.setMaxLength(NOTE_MAX_LENGTH)
        self.note_edit.setPlaceholderText(self.tr("For example: air pollution"))
        form = QFormLayout()
        form.addRow(self.tr("Day"), QLabel(long_date(day)))
        self.errors.add_row(form, self.tr("Reason"), "note", self.note_edit)
        box = QDialogButtonBox()
        save = box.addButton(self.tr("Close the office"), QDialogButtonBox.ButtonRole.AcceptRole)
        save.setObjectName("saveButton")
        save.setDefault(True)
        cancel = box.addButton(self.tr("Cancel"), QDialogButtonBox.ButtonRole.RejectRole)
        cancel.setObjectName("cancelButton")
        cancel.setAutoDefault(False)
        box.accepted.connect(self.accept)
        box.rejected.connect(self.reject)
        column = QVBoxLayout(self)
        column.addLayout(form)
        column.addWidget(self.errors.general)
        column.addWidget(box)
        self.setMinimumWidth(440)
        self.note_edit.setFocus()

    def accept(self) -> None:
        with guarded(self):
            self.errors.clear()
            try:
                office_calendar.correct_day(
                    self.session, self.day, closed=True, note=self.note_edit.text()
                )
            except DadrasError as exc:
                self.errors.show_exception(exc)
                return
            super().accept()


class CalendarPage(QWidget):
    """The admin's holidays page; ``refresh()`` redraws everything from the database."""

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("calendarPage")
        self.ctx = ctx
        self.office_calendar: OfficeCalendar = OfficeCalendar(True, {})
        self.dialog: CloseDayDialog | None = None

        self.calendar = QCalendarWidget()
        self.calendar.setObjectName("officeCalendar")
        set_up_jalali_calendar(self.calendar)
        self.calendar.setMinimumSize(460, 340)
        self.calendar.selectionChanged.connect(self._show_selected_day)
        self.calendar.currentPageChanged.connect(self._on_page_changed)

        self.date_label = self._value_label("dayDate")
        self.date_label.setProperty("role", "heading")
        self.status_label = self._value_label("dayStatus")
        self.holiday_label = self._value_label("dayHoliday")
        self.note_label = self._value_label("dayNote")
        details = QFormLayout()
        details.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        details.addRow(self.tr("Office:"), self.status_label)
        details.addRow(self.tr("Official holiday:"), self.holiday_label)
        details.addRow(self.tr("Admin's note:"), self.note_label)

        self.close_button = button(
            self.tr("Close the office on this day…"), "closeDayButton", "close_day"
        )
        self.open_button = button(
            self.tr("Open the office on this day"), "openDayButton", "open_day"
        )
        self.reset_button = button(self.tr("Undo the correction"), "resetDayButton", "undo")
        self.close_button.clicked.connect(self.open_close_dialog)
        self.open_button.clicked.connect(self.open_day)
        self.reset_button.clicked.connect(self.reset_day)
        buttons = QVBoxLayout()
        for push in (self.close_button, self.open_button, self.reset_button):
            buttons.addWidget(push)

        self.thursday_check = QCheckBox(self.tr("Thursday is a weekend day"))
        self.thursday_check.setObjectName("thursdayClosed")
        self.thursday_check.clicked.connect(self.set_thursday_closed)

        self.corrections_title = QLabel()
        self.corrections = QListWidget()
        self.corrections.setObjectName("corrections")
        self.corrections.itemActivated.connect(self._on_correction_chosen)
        self.corrections.itemClicked.connect(self._on_correction_chosen)

        side = QVBoxLayout()
        side.addWidget(self.date_label)
        side.addLayout(details)
        side.addLayout(buttons)
        side.addSpacing(8)
        side.addWidget(self.thursday_check)
        side.addSpacing(8)
        side.addWidget(self.corrections_title)
        side.addWidget(self.corrections, 1)

        hint = QLabel(
            self.tr(
                "Closed days are red; the days you changed are bold and underlined. "
                "Hover over a day to see why it is closed."
            )
        )
        hint.setWordWrap(True)
        left = QVBoxLayout()
        left.addWidget(self.calendar, 1)
        left.addWidget(hint)

        row = QHBoxLayout()
        row.addLayout(left, 3)
        row.addLayout(side, 2)
        column = QVBoxLayout(self)
        column.addWidget(heading(self.tr("Holidays")))
        column.addLayout(row, 1)

        self.setFocusProxy(self.calendar)
        self.calendar.setSelectedDate(to_qdate(jalali.today()))
        self.refresh()

    @staticmethod
    def _value_label(name: str) -> QLabel:
        label = QLabel()
        label.setObjectName(name)
        label.setTextFormat(Qt.TextFormat.PlainText)
        label.setWordWrap(True)
        return label

    # ------------------------------------------------------------------ API

    def selected_day(self) -> dt.date:
        return to_date(self.calendar.selectedDate()) or jalali.today()

    def select_day(self, day: dt.date) -> None:
        """Select ``day`` and show its month."""
        self.calendar.setSelectedDate(to_qdate(day))
        self._show_selected_day()

    def refresh(self) -> None:
        """Reload the calendar rules and the corrections and redraw the page."""
        self.office_calendar = load_calendar()
        self.thursday_check.setChecked(self.office_calendar.thursday_closed)
        self._mark_month()
        self._fill_corrections()
        self._show_selected_day()

    # ------------------------------------------------------------------ actions

    @guarded_slot
    def open_close_dialog(self) -> CloseDayDialog:
        dialog = CloseDayDialog(self.ctx.session, self.selected_day(), self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(self.refresh)
        dialog.finished.connect(self._forget_dialog)
        self.dialog = dialog
        dialog.open()
        return dialog

    def _forget_dialog(self) -> None:
        self.dialog = None

    @guarded_slot
    def open_day(self) -> None:
        self._change(
            lambda: office_calendar.correct_day(self.ctx.session, self.selected_day(), closed=False)
        )

    @guarded_slot
    def reset_day(self) -> None:
        self._change(lambda: office_calendar.reset_day(self.ctx.session, self.selected_day()))

    @guarded_slot
    def set_thursday_closed(self) -> None:
        """The checkbox was clicked: store its new state (refused: it shows the old one)."""
        closed = self.thursday_check.isChecked()
        self._change(lambda: office_calendar.set_thursday_closed(self.ctx.session, closed))

    def _change(self, action: Callable[[], object]) -> None:
        """Run one service call; on any outcome the page shows what the database holds."""
        try:
            action()
        except Exception as exc:
            self.refresh()  # undo what the widgets show (the checkbox) if nothing changed
            show_error(self, exc)
            return
        self.refresh()

    # ------------------------------------------------------------------ drawing

    def _on_page_changed(self, _year: int, _month: int) -> None:
        self._mark_month()
        self._fill_corrections()

    def _mark_month(self) -> None:
        days = self.office_calendar.month(self.calendar.yearShown(), self.calendar.monthShown())
        mark_closed_days(self.calendar, days, mark_corrections=True)

    def _describe(self, day: dt.date) -> DayInfo:
        return self.office_calendar.describe(day)

    def _show_selected_day(self) -> None:
        day = self.selected_day()
        info = self._describe(day)
        self.date_label.setText(long_date(day))
        if info.working:
            self.status_label.setText(self.tr("Open"))
        else:
            self.status_label.setText(
                self.tr("Closed (%1)").replace("%1", info.reason or "")
                if info.reason
                else self.tr("Closed")
            )
        self.holiday_label.setText(info.official_holiday or self.tr("None"))
        if info.corrected:
            note = self.office_calendar.corrections.get(day, (False, ""))[1]
            self.note_label.setText(note or self.tr("Changed by the admin, without a note"))
        else:
            self.note_label.setText(self.tr("None"))
        # What the day would be without the admin's correction: only a day the rules close
        # (a listed holiday, Thursday, Friday) can be opened.
        by_rules = OfficeCalendar(self.office_calendar.thursday_closed, {}).describe(day)
        self.close_button.setEnabled(info.working)
        self.open_button.setEnabled(not info.working and not by_rules.working)
        self.reset_button.setEnabled(info.corrected)

    def _fill_corrections(self) -> None:
        year = self.calendar.yearShown()
        self.corrections_title.setText(
            self.tr("Changes in %1:").replace("%1", to_persian_digits(str(year)))
        )
        first, after = jalali.from_jalali(year, 1, 1), jalali.from_jalali(year + 1, 1, 1)
        self.corrections.clear()
        for day in sorted(self.office_calendar.corrections):
            if not first <= day < after:
                continue
            closed, note = self.office_calendar.corrections[day]
            state = self.tr("closed") if closed else self.tr("open")
            text = f"{jalali.format_date_long(day)}: {state}"
            if note:
                text += f" ({note})"
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, QDate(day.year, day.month, day.day))
            self.corrections.addItem(item)
        if self.corrections.count() == 0:
            empty = QListWidgetItem(self.tr("No changes"))
            empty.setFlags(Qt.ItemFlag.NoItemFlags)
            self.corrections.addItem(empty)

    def _on_correction_chosen(self, item: QListWidgetItem) -> None:
        value = item.data(Qt.ItemDataRole.UserRole)
        if isinstance(value, QDate):
            self.calendar.setSelectedDate(value)
            self._show_selected_day()
