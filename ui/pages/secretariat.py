"""The secretariat (دبیرخانه): the register of every outgoing letter (DESIGN §7).

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
from PySide6.QtGui import QBrush, QFont, QKeySequence, QPalette, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app import jalali, secretariat
from app.errors import DadrasError
from app.permissions import Action, Session, allowed
from app.persian import to_persian_digits
from app.secretariat import LETTER_KIND_LABELS, LetterInfo
from ui.context import UiContext
from ui.errors import ERROR_COLOR, FieldErrors, guarded, guarded_slot
from ui.pages.admin_common import button, heading, line_edit, make_table, select_id, selected_id
from ui.printing import PdfPreviewDialog, preview_letter
from ui.widgets.jalali_date import JalaliDateEdit

__all__ = ["SecretariatPage", "VoidLetterDialog", "display_text"]

LIMIT = 500  # rows shown at once; a search narrows the rest

# A number in parts (a tracking code 0123-00000001-4, a letter number 12/123/1405).
_NUMBER = re.compile(r"[0-9\u06f0-\u06f9]+(?:[-/][0-9\u06f0-\u06f9]+)+")


def display_text(text: str) -> str:
    """``text`` for a right-to-left table: Persian digits, and each number in parts kept
    left to right as a whole (after Persian words the bidi algorithm would otherwise show
    0123-00000001-4 as 4-00000001-0123). Only for showing: never stored or searched."""
    return _NUMBER.sub(lambda m: f"\u2066{m.group(0)}\u2069", to_persian_digits(text))


class VoidLetterDialog(QDialog):
    """Asks why a letter is voided and voids it; the message sits under the reason."""

    voided = Signal(object)  # the LetterInfo after voiding

    def __init__(self, session: Session, letter: LetterInfo, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("voidLetterDialog")
        self.session, self.letter = session, letter
        number = to_persian_digits(letter.number)
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
    """Search the register, reopen a letter's archived PDF, void a letter (managers)."""

    COLUMNS = ("number", "date", "kind", "recipient", "subject", "state")

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("secretariatPage")
        self.ctx = ctx
        self.letters: dict[int, LetterInfo] = {}
        self.preview: PdfPreviewDialog | None = None
        self.dialog: VoidLetterDialog | None = None
        self._make_search_fields()
        self.count_label = QLabel()
        self.count_label.setObjectName("countLabel")
        self.count_label.setTextFormat(Qt.TextFormat.PlainText)
        self.table = make_table(self._headers(), stretch_column=self.column("subject"))
        self.table.setObjectName("lettersTable")
        self.table.setTabKeyNavigation(False)
        self.open_button = button(self.tr("Open letter"), "openLetterButton")
        self.void_button = button(self.tr("Void letter…"), "voidButton")
        self.void_button.setVisible(allowed(ctx.session, Action.ISSUE_LETTER))
        layout = QVBoxLayout(self)
        layout.addWidget(heading(self.tr("Outgoing letters")))
        layout.addLayout(self._search_row())
        layout.addLayout(self._button_row())
        layout.addWidget(self.table, 1)
        self._connect()
        self.search()

    @classmethod
    def column(cls, name: str) -> int:
        return cls.COLUMNS.index(name)

    def _headers(self) -> list[str]:
        return [
            self.tr("Number"),
            self.tr("Date"),
            self.tr("Kind"),
            self.tr("Recipient"),
            self.tr("Subject"),
            self.tr("State"),
        ]

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
        self.search_button = button(self.tr("Search"), "searchButton")
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
        self.table.itemSelectionChanged.connect(self._update_buttons)
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
        dates = self._date_range()
        if dates is None:
            return
        chosen = selected_id(self.table)
        letters = secretariat.find_letters(
            self.ctx.session,
            number=self.number_edit.text().strip() or None,
            date_from=dates[0],
            date_to=dates[1],
            recipient=self.recipient_edit.text().strip() or None,
            limit=LIMIT,
        )
        self._fill(letters)
        select_id(self.table, chosen)
        if selected_id(self.table) is None and letters:
            self.table.setCurrentCell(0, 0)
        self._show_count(self._count_text(len(letters)), error=False)
        self._update_buttons()

    def refresh(self) -> None:
        """Search again with what is typed (a letter may have been issued elsewhere)."""
        self.search()

    @guarded_slot
    def clear_search(self) -> None:
        for field in (self.number_edit, self.recipient_edit, self.from_date, self.to_date):
            field.clear()
        self.search()
        self.number_edit.setFocus(Qt.FocusReason.OtherFocusReason)

    def _count_text(self, count: int) -> str:
        if count == 0:
            return self.tr("No letters found")
        if count >= LIMIT:
            return self.tr("The newest %1 letters are shown; narrow the search").replace(
                "%1", to_persian_digits(count)
            )
        return self.tr("%1 letters").replace("%1", to_persian_digits(count))

    def _show_count(self, text: str, error: bool) -> None:
        self.count_label.setText(text)
        self.count_label.setStyleSheet(f"color: {ERROR_COLOR};" if error else "")

    # ------------------------------------------------------------------ the table

    def _fill(self, letters: list[LetterInfo]) -> None:
        self.letters = {letter.id: letter for letter in letters}
        self.table.setRowCount(len(letters))
        for row, letter in enumerate(letters):
            for column, text in enumerate(self._texts(letter)):
                self.table.setItem(row, column, self._item(letter, column, text))

    def _texts(self, letter: LetterInfo) -> list[str]:
        return [
            to_persian_digits(letter.number),
            jalali.format_date(letter.letter_date),
            LETTER_KIND_LABELS[letter.kind],
            letter.recipient,
            display_text(letter.subject),
            self.state_text(letter),
        ]

    def state_text(self, letter: LetterInfo) -> str:
        if letter.void:
            return self.tr("Void: %1").replace("%1", letter.void_reason or "")
        if letter.printed:
            return self.tr("Printed")
        return self.tr("Not printed yet")

    def _item(self, letter: LetterInfo, column: int, text: str) -> QTableWidgetItem:
        item = QTableWidgetItem(text)
        item.setToolTip(text)
        if column == 0:
            item.setData(Qt.ItemDataRole.UserRole, letter.id)
        if letter.void:
            grey = self.table.palette().brush(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text)
            item.setForeground(QBrush(grey))
            font = QFont(self.table.font())
            font.setStrikeOut(column != self.column("state"))  # the reason stays legible
            item.setFont(font)
        return item

    def selected(self) -> LetterInfo | None:
        letter_id = selected_id(self.table)
        return self.letters.get(letter_id) if letter_id is not None else None

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
        select_id(self.table, info.id)
