"""What the admin pages (users, units, categories) share: a page with a table of records and
Add/Edit buttons, the add/edit dialog around a form, and the small widget helpers.

Translations: the strings every admin page shows (Edit…, Active, Save, …) live here under
the fixed context "AdminPages" (``QCoreApplication.translate``), not ``self.tr``, whose
context follows the class; each page's own strings stay ``self.tr`` calls in its own class.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Generic, Protocol, TypeVar

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.errors import DadrasError
from app.permissions import Session
from ui.context import UiContext
from ui.errors import FieldErrors, guarded, guarded_slot
from ui.screen_fit import fit_to_screen
from ui.widgets import icons
from ui.widgets.empty_state import EmptyState
from ui.widgets.record_table import CellStyle, Column, RecordTable, RowsModel

__all__ = [
    "PageTexts",
    "RecordDialog",
    "RecordsPage",
    "button",
    "heading",
    "line_edit",
    "value_label",
]

# A plain ``translate("AdminPages", ...)`` call so that pyside6-lupdate finds the strings.
translate = QCoreApplication.translate


class Record(Protocol):
    """What the pages need of a record (``UserInfo``, ``UnitInfo``, ``CategoryInfo``)."""

    @property
    def id(self) -> int: ...

    @property
    def active(self) -> bool: ...


R = TypeVar("R", bound=Record)


# --------------------------------------------------------------------------- widgets


def value_label(object_name: str) -> QLabel:
    """A value shown beside its title in a form: plain text the user can select,
    right-aligned even when it is a path or a number."""
    label = QLabel()
    label.setObjectName(object_name)
    label.setAlignment(Qt.AlignmentFlag.AlignAbsolute | Qt.AlignmentFlag.AlignRight)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


def line_edit(object_name: str, text: str = "", max_length: int = 200) -> QLineEdit:
    edit = QLineEdit(text)
    edit.setObjectName(object_name)
    edit.setMaxLength(max_length)
    return edit


def heading(text: str) -> QLabel:
    label = QLabel(text)
    label.setProperty("role", "heading")
    return label


def button(text: str, object_name: str, icon: str | None = None) -> QPushButton:
    """A push button; ``icon`` names its meaning in ``ui.widgets.icons`` (main actions)."""
    push = QPushButton(text)
    push.setObjectName(object_name)
    push.setAutoDefault(False)
    if icon is not None:
        push.setIcon(icons.icon(icon))
    return push


def status_text(active: bool) -> str:
    return translate("AdminPages", "Active") if active else translate("AdminPages", "Inactive")


# --------------------------------------------------------------------------- the dialog


class RecordDialog(QDialog, Generic[R]):
    """Add (``record`` None) or edit a record: a form with each message under its field,
    Save (the default: Enter saves) and Cancel. On an error it stays open with what was typed.

    A subclass builds its fields, passes its form to ``lay_out`` and implements
    ``save_record`` (one service call); ``check`` may refuse before the service is asked.
    ``saved`` carries what the service returned.
    """

    saved = Signal(object)

    def __init__(
        self, session: Session, record: R | None, parent: QWidget | None, object_name: str
    ) -> None:
        super().__init__(parent)
        fit_to_screen(self)
        self.setObjectName(object_name)
        self.session, self.record = session, record
        self.errors = FieldErrors()

    def lay_out(self, form: QFormLayout, min_width: int, above: QWidget | None = None) -> None:
        box = QDialogButtonBox()
        save = box.addButton(
            translate("AdminPages", "Save"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        save.setObjectName("saveButton")
        save.setDefault(True)
        cancel = box.addButton(
            translate("AdminPages", "Cancel"), QDialogButtonBox.ButtonRole.RejectRole
        )
        cancel.setObjectName("cancelButton")
        cancel.setAutoDefault(False)
        box.accepted.connect(self.accept)
        box.rejected.connect(self.reject)
        column = QVBoxLayout(self)
        if above is not None:
            column.addWidget(above)
        column.addLayout(form)
        column.addWidget(self.errors.general)
        column.addWidget(box)
        self.setMinimumWidth(min_width)

    def check(self) -> dict[str, str]:
        """Problems found before the service is asked (field -> message), all of them at once:
        a repeated password that differs, with the service's own rules for the fields."""
        return {}

    def save_record(self) -> R:
        raise NotImplementedError

    def accept(self) -> None:
        with guarded(self):
            self.errors.clear()
            problems = self.check()
            if problems:
                self.errors.show(problems)
                return
            try:
                info = self.save_record()
            except DadrasError as exc:
                self.errors.show_exception(exc)
                return
            self.saved.emit(info)
            super().accept()


# --------------------------------------------------------------------------- the page


@dataclass(frozen=True)
class PageTexts:
    """A records page's own words, translated in its own class."""

    title: str
    headers: Sequence[str]
    add: str  # the Add button
    empty: str = ""  # said in place of the table while there is no record: what to do next
    icon: str | None = None  # the page's meaning in ui.widgets.icons, above ``empty``


class RecordsPage(QWidget, Generic[R]):
    """A heading, Add and Edit buttons and a table of records, inactive ones greyed; Enter
    or a double-click edits. ``dialog`` is the open dialog, if any. While there is no record,
    the page's ``empty`` sentence (if it has one) stands in place of the table.

    A subclass gives its words (``page_texts``), says how to list the records
    (``list_records``), what a row shows (``texts``) and which dialog edits one
    (``make_dialog``).
    """

    def __init__(
        self, ctx: UiContext, parent: QWidget | None, object_name: str, stretch_column: int = 0
    ) -> None:
        super().__init__(parent)
        self.setObjectName(object_name)
        self.ctx = ctx
        self.dialog: QDialog | None = None
        words = self.page_texts()
        columns = [
            Column(title, functools.partial(self._text, column))
            for column, title in enumerate(words.headers)
        ]
        self._records: dict[int, R] = {}
        self.model: RowsModel[R] = RowsModel(
            columns, lambda record: record.id, style=self._style, parent=self
        )
        self.table = RecordTable(self.model, "table", stretch_column=stretch_column)
        self.add_button = button(words.add, "addButton", "add")
        self.edit_button = button(translate("AdminPages", "Edit…"), "editButton", "edit")
        self.record_buttons = [self.edit_button]  # enabled while a row is selected
        self.add_button.clicked.connect(self.open_add_dialog)
        self.edit_button.clicked.connect(self.open_edit_dialog)
        self.table.activated.connect(self.open_edit_dialog)
        self.table.recordChanged.connect(self._update_buttons)
        self._buttons = QHBoxLayout()
        self._buttons.addWidget(self.add_button)
        self._buttons.addWidget(self.edit_button)
        self._buttons.addStretch()
        column = QVBoxLayout(self)
        column.addWidget(heading(words.title))
        column.addLayout(self._buttons)
        self.empty_state = EmptyState(self.table, words.empty, words.icon)
        column.addWidget(self.empty_state, 1)
        self.refresh()

    def add_record_button(
        self, text: str, object_name: str, icon: str | None = None
    ) -> QPushButton:
        """Another button for the selected record, after Edit."""
        push = button(text, object_name, icon)
        self._buttons.insertWidget(self._buttons.count() - 1, push)
        self.record_buttons.append(push)
        self._update_buttons()
        return push

    # ------------------------------------------------------------------ for subclasses

    def page_texts(self) -> PageTexts:
        raise NotImplementedError

    def list_records(self) -> list[R]:
        raise NotImplementedError

    def texts(self, record: R) -> list[str]:
        raise NotImplementedError

    def make_dialog(self, record: R | None) -> RecordDialog[R]:
        raise NotImplementedError

    # ------------------------------------------------------------------ the table

    def refresh(self) -> None:
        with guarded(self):
            chosen = self.table.selected_id()
            records = self.list_records()
            self._records = {record.id: record for record in records}
            self.model.set_rows(records)
            self.table.restore_selection(chosen, select_first=False)
        self._update_buttons()

    def _text(self, column: int, record: R) -> str:
        return self.texts(record)[column]

    def _style(self, record: R, _column: int) -> CellStyle | None:
        if record.active:
            return None
        return CellStyle(
            foreground=self.palette().brush(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text)
        )

    def selected(self) -> R | None:
        record: R | None = self.table.selected()
        return record

    def _update_buttons(self) -> None:
        chosen = self.selected() is not None
        for push in self.record_buttons:
            push.setEnabled(chosen)

    # ------------------------------------------------------------------ dialogs

    def open_dialog(self, dialog: QDialog) -> QDialog:
        """Open ``dialog`` (window-modal) as ``self.dialog``; a saved record is reselected."""
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        if isinstance(dialog, RecordDialog):
            dialog.saved.connect(self._on_saved)
        dialog.finished.connect(self._forget_dialog)
        self.dialog = dialog
        dialog.open()
        return dialog

    def _forget_dialog(self) -> None:
        self.dialog = None

    @guarded_slot
    def open_add_dialog(self) -> QDialog:
        return self.open_dialog(self.make_dialog(None))

    @guarded_slot
    def open_edit_dialog(self) -> QDialog | None:
        record = self.selected()
        return self.open_dialog(self.make_dialog(record)) if record is not None else None

    @guarded_slot
    def _on_saved(self, info: R) -> None:
        self.refresh()
        self.table.select_id(info.id)
