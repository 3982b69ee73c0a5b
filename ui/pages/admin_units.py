"""Admin: the units complaints are about and referred to (name, head of unit, active)."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QVBoxLayout,
    QWidget,
)

from app import lists
from app.errors import DadrasError
from app.lists import UnitInfo
from app.permissions import Session
from ui.context import UiContext
from ui.errors import FieldErrors, guarded, guarded_slot
from ui.pages.admin_users import (
    button,
    fill_row,
    heading,
    line_edit,
    make_table,
    save_buttons,
    select_id,
    selected_id,
)


class UnitDialog(QDialog):
    """Add or edit a unit; on an error it stays open with what was typed."""

    saved = Signal(object)  # UnitInfo

    def __init__(self, session: Session, unit: UnitInfo | None, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.setObjectName("unitDialog")
        self.session, self.unit = session, unit
        self.setWindowTitle(self.tr("Edit unit") if unit else self.tr("Add unit"))
        self.name_edit = line_edit("name", unit.name if unit else "")
        self.head_name_edit = line_edit("headName", (unit.head_name or "") if unit else "")
        self.head_title_edit = line_edit("headTitle", (unit.head_title or "") if unit else "")
        self.active_check = QCheckBox(self.tr("Active (offered when registering)"))
        self.active_check.setObjectName("active")
        self.active_check.setChecked(unit.active if unit else True)
        self.errors = FieldErrors()
        form = QFormLayout()
        self.errors.add_row(form, self.tr("Name"), "name", self.name_edit)
        self.errors.add_row(form, self.tr("Head's name"), "head_name", self.head_name_edit)
        self.errors.add_row(form, self.tr("Head's title"), "head_title", self.head_title_edit)
        if unit is not None:
            form.addRow("", self.active_check)
        column = QVBoxLayout(self)
        column.addLayout(form)
        column.addWidget(self.errors.general)
        column.addWidget(save_buttons(self, self.tr("Save"), self.tr("Cancel")))
        self.setMinimumWidth(480)
        self.name_edit.setFocus()

    def _save(self) -> UnitInfo:
        name, head = self.name_edit.text(), self.head_name_edit.text()
        title = self.head_title_edit.text()
        if self.unit is None:
            return lists.create_unit(self.session, name, head, title)
        return lists.update_unit(
            self.session, self.unit.id, name=name, head_name=head, head_title=title,
            active=self.active_check.isChecked(),
        )  # fmt: skip

    def accept(self) -> None:
        with guarded(self):
            self.errors.clear()
            try:
                info = self._save()
            except DadrasError as exc:
                self.errors.show_exception(exc)
                return
            self.saved.emit(info)
            super().accept()


class UnitsPage(QWidget):
    """All units, inactive ones greyed; add and edit (double-click or Enter)."""

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("unitsPage")
        self.ctx = ctx
        self.dialog: QDialog | None = None
        self._units: dict[int, UnitInfo] = {}
        self.table = make_table(
            [self.tr("Name"), self.tr("Head's name"), self.tr("Head's title"), self.tr("Status")]
        )
        self.add_button = button(self.tr("Add unit…"), "addButton")
        self.edit_button = button(self.tr("Edit…"), "editButton")
        self.add_button.clicked.connect(self.open_add_dialog)
        self.edit_button.clicked.connect(self.open_edit_dialog)
        self.table.activated.connect(self.open_edit_dialog)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.edit_button)
        buttons.addStretch()
        column = QVBoxLayout(self)
        column.addWidget(heading(self.tr("Units")))
        column.addLayout(buttons)
        column.addWidget(self.table, 1)
        self.refresh()

    def refresh(self) -> None:
        with guarded(self):
            chosen = selected_id(self.table)
            rows = lists.list_units(self.ctx.session, include_inactive=True)
            self._units = {u.id: u for u in rows}
            self.table.setRowCount(len(rows))
            for row, unit in enumerate(rows):
                fill_row(self.table, row, unit.id, self._texts(unit), unit.active)
            select_id(self.table, chosen)
        self._update_buttons()

    def _texts(self, unit: UnitInfo) -> list[str]:
        status = self.tr("Active") if unit.active else self.tr("Inactive")
        return [unit.name, unit.head_name or "", unit.head_title or "", status]

    def selected_unit(self) -> UnitInfo | None:
        record_id = selected_id(self.table)
        return self._units.get(record_id) if record_id is not None else None

    def _update_buttons(self) -> None:
        self.edit_button.setEnabled(self.selected_unit() is not None)

    def _open(self, dialog: UnitDialog) -> UnitDialog:
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.saved.connect(self._on_saved)
        dialog.finished.connect(self._forget_dialog)
        self.dialog = dialog
        dialog.open()
        return dialog

    def _forget_dialog(self) -> None:
        self.dialog = None

    @guarded_slot
    def open_add_dialog(self) -> UnitDialog:
        return self._open(UnitDialog(self.ctx.session, None, self))

    @guarded_slot
    def open_edit_dialog(self) -> UnitDialog | None:
        unit = self.selected_unit()
        return self._open(UnitDialog(self.ctx.session, unit, self)) if unit else None

    @guarded_slot
    def _on_saved(self, info: UnitInfo) -> None:
        self.refresh()
        select_id(self.table, info.id)
