"""The secretariat (دبیرخانه): the register of every outgoing letter (architecture: Letters and
printing).

A search row narrows the register by number (typed in any digits), a Jalali date range
(either end may stay empty) and recipient; Enter in any field searches. Enter or a double
click on a letter, or "Open letter", reopens its archived PDF exactly as it was issued.
A manager may void a letter: it keeps its number, its row is greyed and struck out and
shows "void" with the reason.
"""

from __future__ import annotations

import datetime as dt
import re

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QKeySequence, QPalette, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from app import jalali, secretariat
from app.errors import DadrasError
from app.paging import Count, Sort
from app.permissions import Action, Session, allowed
from app.persian import grouped_number, ltr, to_persian_digits
from app.secretariat import LETTER_KIND_LABELS, LetterFilter, LetterInfo
from ui.context import UiContext
from ui.errors import ERROR_COLOR, FieldErrors, guarded, guarded_slot, show_error
from ui.pages.admin_common import button, heading, line_edit
from ui.printing import PdfPreviewDialog, preview_letter
from ui.screen_fit import fit_to_screen
from ui.widgets.background import FollowingCount
from ui.widgets.empty_state import EmptyState
from ui.widgets.jalali_date import JalaliDateEdit
from ui.widgets.record_table import CellStyle, Column, PagedModel, RecordTable

__all__ = ["SecretariatPage", "VoidLetterDialog", "display_text"]

# A number in parts (a tracking code 0123-00000001-4, a letter number 12/0123/1405).
_NUMBER = re.compile(r"[0-9\u06f0-\u06f9]+(?:[-/][0-9\u06f0-\u06f9]+)+")


def display_text(text: str) -> str:
    """``text`` for a right-to-left table: Persian digits, and each number in parts kept
    left to right as a whole (after Persian words the bidi algorithm would otherwise show
    0123-00000001-4 as 4-00000001-0123). Only for showing: never stored or searched."""
    return _NUMBER.sub(lambda m: ltr(m.group(0)), to_persian_digits(text))


class VoidLetterDialog(QDialog):
    """Asks why a letter is voided and voids it; the message sits under the reason."""

    voided = Signal(object)  # the LetterInfo after voiding

    def __init__(self, session: Session, letter: LetterInfo, parent: QWidget | None = None):
        super().__init__(parent)
        fit_to_screen(self)
        self.setObjectName("voidLetterDialog")
        self.session, self.letter = session, letter
        number = ltr(to_persian_digits(letter.number))
        self.setWindowTitle(self.tr("Void letter %1").replace("%1", number))
        explanation = QLabel(
            self.tr(
                "Letter %1 keeps its number and stays in the register, marked void. "
                "Why is it being voided?"
            ).replace("%1", number)
        )
        explanation.setTextFormat(Qt.TextFormat.PlainText)
        explanation.setWordWrap(True)
        self.reason_edit = line_edit("reasonEdit", max_length=300)
        self.errors = FieldErrors()
        form = QFormLayout()
        self.errors.add_row(form, self.tr("Reason"), "reason", self.reason_edit)
        buttons = QDialogButtonBox()
        self.void_button = buttons.addButton(
            self.tr("Void letter"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.void_button.setObjectName("voidConfirmButton")
        self.void_button.setDefault(True)
        cancel = buttons.addButton(self.tr("Cancel"), QDialogButtonBox.ButtonRole.RejectRole)
        cancel.setObjectName("cancelButton")
        cancel.setAutoDefault(False)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(explanation)
        layout.addLayout(form)
        layout.addWidget(self.errors.general)
        layout.addWidget(buttons)
        self.setMinimumWidth(460)
        self.reason_edit.setFocus()

    def accept(self) -> None:
        with guarded(self):
            self.errors.clear()
            try:
                info = secretariat.void_letter(
                    self.session, self.letter.id, self.reason_edit.text()
                )
            except DadrasError as exc:
                self.errors.show_exception(exc)
                return
            self.voided.emit(info)
            super().accept()


class SecretariatPage(QWidget):
    """Search the register, reopen a letter's archived PDF, void a letter (managers).

    The register is read a page at a time in the order chosen by a click on a column's
    title (newest first at the start), so two million letters open as fast as twenty.
    """

    COLUMNS = ("number", "date", "kind", "recipient", "subject", "state")
    counted = Signal()  # the count of the letters found is on screen

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("secretariatPage")
        self.ctx = ctx
        self.preview: PdfPreviewDialog | None = None
        self.dialog: VoidLetterDialog | None = None
        self.filters = LetterFilter()
        # The letters found, counted after each search.
        self.counter = FollowingCount(self._show_count, self._count_text, self)
        self.counter.counted.connect(self.counted)
        self._make_search_fields()
        self.count_label = QLabel()
        self.count_label.setObjectName("countLabel")
        self.count_label.setTextFormat(Qt.TextFormat.PlainText)
        self.model: PagedModel[LetterInfo] = PagedModel(
            self._columns(), lambda letter: letter.id, self._fetch, secretariat.NEWEST_FIRST,
            style=self._style, parent=self,
        )  # fmt: skip
        self.table = RecordTable(
            self.model,
            "lettersTable",
            stretch_column=self.column("subject"),
            sort_column=self.column("date"),
            sort_order=Qt.SortOrder.DescendingOrder,
        )
        self.open_button = button(self.tr("Open letter"), "openLetterButton", "preview")
        self.void_button = button(self.tr("Void letter…"), "voidButton", "void")
        self.void_button.setVisible(allowed(ctx.session, Action.ISSUE_LETTER))
        layout = QVBoxLayout(self)
        layout.addWidget(heading(self.tr("Outgoing letters")))
        layout.addLayout(self._search_row())
        layout.addLayout(self._button_row())
        self.empty_state = EmptyState(self.table, "", "secretariat")
        layout.addWidget(self.empty_state, 1)
        self._connect()
        self.search()

    @classmethod
    def column(cls, name: str) -> int:
        return cls.COLUMNS.index(name)

    def _columns(self) -> list[Column[LetterInfo]]:
        return [
            Column(self.tr("Number"), lambda x: to_persian_digits(x.number), "number"),
            Column(self.tr("Date"), lambda x: jalali.format_date(x.letter_date), "date"),
            Column(self.tr("Kind"), lambda x: LETTER_KIND_LABELS[x.kind], "kind"),
            Column(self.tr("Recipient"), lambda x: display_text(x.recipient), "recipient"),
            Column(self.tr("Subject"), lambda x: display_text(x.subject)),
            Column(self.tr("State"), self.state_text),
        ]

    def _fetch(self, sort: Sort, after: LetterInfo | None, limit: int) -> list[LetterInfo]:
        return secretariat.find_letters(
            self.ctx.session, self.filters, sort=sort, after=after, limit=limit
        )

    def _style(self, letter: LetterInfo, column: int) -> CellStyle | None:
        if not letter.void:
            return None
        grey = self.table.palette().brush(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text)
        # The reason stays legible: the state column is not struck out.
        return CellStyle(foreground=QBrush(grey), strike_out=column != self.column("state"))

    @property
    def letters(self) -> dict[int, LetterInfo]:
        """The letters read so far, by id."""
        return {letter.id: letter for letter in self.model.rows()}

    def _make_search_fields(self) -> None:
        self.number_edit = line_edit("numberEdit", max_length=60)
        self.number_edit.setPlaceholderText(self.tr("Letter number"))
        self.number_edit.setClearButtonEnabled(True)
        self.from_date = JalaliDateEdit()
        self.from_date.setObjectName("fromDate")
        self.to_date = JalaliDateEdit()
        self.to_date.setObjectName("toDate")
        self.recipient_edit = line_edit("recipientEdit", max_length=300)
        self.recipient_edit.setPlaceholderText(self.tr("Recipient"))
        self.recipient_edit.setClearButtonEnabled(True)
        self.search_button = button(self.tr("Search"), "searchButton", "search")
        self.clear_button = button(self.tr("Clear"), "clearButton")

    def _labelled(self, row: QHBoxLayout, text: str, field: QWidget) -> None:
        label = QLabel(text)
        label.setBuddy(field)
        row.addWidget(label)
        row.addWidget(field)

    def _search_row(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self._labelled(row, self.tr("&Number:"), self.number_edit)
        self._labelled(row, self.tr("&From:"), self.from_date)
        self._labelled(row, self.tr("&To:"), self.to_date)
        self._labelled(row, self.tr("&Recipient:"), self.recipient_edit)
        row.setStretchFactor(self.recipient_edit, 1)
        row.addWidget(self.search_button)
        row.addWidget(self.clear_button)
        return row

    def _button_row(self) -> QHBoxLayout:
        row = QHBoxLayout()
        row.addWidget(self.open_button)
        row.addWidget(self.void_button)
        row.addStretch()
        row.addWidget(self.count_label)
        return row

    def _connect(self) -> None:
        for edit in (self.number_edit, self.recipient_edit):
            edit.returnPressed.connect(self.search)
        for date_edit in (self.from_date, self.to_date):
            date_edit.returnPressed.connect(self.search)
        self.search_button.clicked.connect(self.search)
        self.clear_button.clicked.connect(self.clear_search)
        self.open_button.clicked.connect(self.open_letter)
        self.void_button.clicked.connect(self.open_void_dialog)
        self.table.activated.connect(self.open_letter)
        self.table.recordChanged.connect(self._update_buttons)
        self.model.fetchFailed.connect(self._on_fetch_failed, Qt.ConnectionType.QueuedConnection)
        refresh = QShortcut(QKeySequence(QKeySequence.StandardKey.Refresh), self)
        refresh.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        refresh.activated.connect(self.refresh)

    # ------------------------------------------------------------------ searching

    def _date_range(self) -> tuple[dt.date | None, dt.date | None] | None:
        """The dates typed (None for an empty end); None after showing why they are wrong."""
        start, end = self.from_date.date(), self.to_date.date()
        problem: tuple[str, QWidget] | None = None
        if start is None and self.from_date.text().strip():
            problem = self.tr("The start date is not a valid date."), self.from_date
        elif end is None and self.to_date.text().strip():
            problem = self.tr("The end date is not a valid date."), self.to_date
        elif start is not None and end is not None and start > end:
            problem = self.tr("The start date is after the end date."), self.from_date
        if problem is not None:
            self._show_count(problem[0], error=True)
            problem[1].setFocus(Qt.FocusReason.OtherFocusReason)
            return None
        return start, end

    @guarded_slot
    def search(self) -> None:
        """Read the register's first page under what is typed, keeping the chosen letter."""
        self.counter.forget()  # a count still on its way is for the search before
        dates = self._date_range()
        if dates is None:
            return
        self.filters = LetterFilter(
            number=self.number_edit.text().strip() or None,
            date_from=dates[0],
            date_to=dates[1],
            recipient=self.recipient_edit.text().strip() or None,
        )
        # Nothing in the register at all says what fills it; a search that finds nothing
        # says so in the count's place, over an empty table.
        nothing_typed = self.filters == LetterFilter()
        self.empty_state.set_message(self._empty_text() if nothing_typed else "")
        try:
            self.table.reload()
        except DadrasError as exc:
            self.model.clear()
            self._show_count(exc.message, error=True)
            return
        self._update_buttons()
        self._count()

    def _empty_text(self) -> str:
        return self.tr(
            "No letter has been issued yet. Every numbered letter the office issues (referrals, "
            "reminders, replies, box-opening minutes) is entered here as it is issued."
        )

    def _count(self) -> None:
        """Count the letters under the filters on a worker thread: the rows are on screen
        at once, the count (up to ten thousand letters read) follows."""
        session, filters = self.ctx.session, self.filters
        self.counter.start(
            lambda: secretariat.count_letters(session, filters), self.tr("Counting…")
        )

    def counting(self) -> bool:
        """True while a count is on its way."""
        return self.counter.busy()

    def refresh(self) -> None:
        """Search again with what is typed (a letter may have been issued elsewhere)."""
        self.search()

    @guarded_slot
    def clear_search(self) -> None:
        for field in (self.number_edit, self.recipient_edit, self.from_date, self.to_date):
            field.clear()
        self.search()
        self.number_edit.setFocus(Qt.FocusReason.OtherFocusReason)

    def _count_text(self, count: object) -> str:
        if not isinstance(count, Count):
            return ""
        if count.value == 0:
            return self.tr("No letters found")
        if count.capped:
            return self.tr("More than %1 letters").replace("%1", grouped_number(count.value))
        return self.tr("%1 letters").replace("%1", grouped_number(count.value))

    def _on_fetch_failed(self, exc: BaseException) -> None:
        show_error(self, exc)

    def _show_count(self, text: str, error: bool) -> None:
        self.count_label.setText(text)
        self.count_label.setStyleSheet(f"color: {ERROR_COLOR};" if error else "")

    # ------------------------------------------------------------------ the table

    def state_text(self, letter: LetterInfo) -> str:
        if letter.void:
            return self.tr("Void: %1").replace("%1", letter.void_reason or "")
        if letter.printed:
            return self.tr("Printed")
        return self.tr("Not printed yet")

    def selected(self) -> LetterInfo | None:
        letter: LetterInfo | None = self.table.selected()
        return letter

    def _update_buttons(self) -> None:
        letter = self.selected()
        self.open_button.setEnabled(letter is not None)
        self.void_button.setEnabled(letter is not None and not letter.void)

    # ------------------------------------------------------------------ actions

    @guarded_slot
    def open_letter(self) -> PdfPreviewDialog | None:
        """The archived PDF exactly as issued (void letters too: the record is the record)."""
        letter = self.selected()
        if letter is None:
            return None
        self.preview = preview_letter(self, self.ctx.session, letter.id, letter.number)
        if self.preview is not None:
            self.preview.finished.connect(self.refresh)  # printed there: the state changes
        return self.preview

    @guarded_slot
    def open_void_dialog(self) -> VoidLetterDialog | None:
        letter = self.selected()
        if letter is None or letter.void or not allowed(self.ctx.session, Action.ISSUE_LETTER):
            return None
        dialog = VoidLetterDialog(self.ctx.session, letter, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.voided.connect(self._on_voided)
        dialog.finished.connect(self._forget_dialog)
        self.dialog = dialog
        dialog.open()
        return dialog

    def _forget_dialog(self) -> None:
        self.dialog = None

    @guarded_slot
    def _on_voided(self, info: LetterInfo) -> None:
        self.search()
        self.table.select_id(info.id)
