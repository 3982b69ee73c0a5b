"""Admin: the categories (subjects) a complaint is filed under."""

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
from app.lists import CategoryInfo
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


class CategoryDialog(QDialog):
    """Add or edit a category; on an error it stays open with what was typed."""

    saved = Signal(object)  # CategoryInfo

    def __init__(
        self, session: Session, category: CategoryInfo | None, parent: QWidget | None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("categoryDialog")
        self.session, self.category = session, category
        self.setWindowTitle(self.tr("Edit category") if category else self.tr("Add category"))
        self.name_edit = line_edit("name", category.name if category else "")
        self.active_check = QCheckBox(self.tr("Active (offered when registering)"))
        self.active_check.setObjectName("active")
        self.active_check.setChecked(category.active if category else True)
        self.errors = FieldErrors()
        form = QFormLayout()
        self.errors.add_row(form, self.tr("Name"), "name", self.name_edit)
        if category is not None:
            form.addRow("", self.active_check)
        column = QVBoxLayout(self)
        column.addLayout(form)
        column.addWidget(self.errors.general)
        column.addWidget(save_buttons(self, self.tr("Save"), self.tr("Cancel")))
        self.setMinimumWidth(440)
        self.name_edit.setFocus()

    def _save(self) -> CategoryInfo:
        if self.category is None:
            return lists.create_category(self.session, self.name_edit.text())
        return lists.update_category(
            self.session, self.category.id, name=self.name_edit.text(),
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


class CategoriesPage(QWidget):
    """All categories, inactive ones greyed; add and edit (double-click or Enter)."""

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("categoriesPage")
        self.ctx = ctx
        self.dialog: QDialog | None = None
        self._categories: dict[int, CategoryInfo] = {}
        self.table = make_table([self.tr("Name"), self.tr("Status")])
        self.add_button = button(self.tr("Add category…"), "addButton")
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
        column.addWidget(heading(self.tr("Categories")))
        column.addLayout(buttons)
        column.addWidget(self.table, 1)
        self.refresh()

    def refresh(self) -> None:
        with guarded(self):
            chosen = selected_id(self.table)
            rows = lists.list_categories(self.ctx.session, include_inactive=True)
            self._categories = {c.id: c for c in rows}
            self.table.setRowCount(len(rows))
            for row, category in enumerate(rows):
                status = self.tr("Active") if category.active else self.tr("Inactive")
                fill_row(self.table, row, category.id, [category.name, status], category.active)
            select_id(self.table, chosen)
        self._update_buttons()

    def selected_category(self) -> CategoryInfo | None:
        record_id = selected_id(self.table)
        return self._categories.get(record_id) if record_id is not None else None

    def _update_buttons(self) -> None:
        self.edit_button.setEnabled(self.selected_category() is not None)

    def _open(self, dialog: CategoryDialog) -> CategoryDialog:
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.saved.connect(self._on_saved)
        dialog.finished.connect(self._forget_dialog)
        self.dialog = dialog
        dialog.open()
        return dialog

    def _forget_dialog(self) -> None:
        self.dialog = None

    @guarded_slot
    def open_add_dialog(self) -> CategoryDialog:
        return self._open(CategoryDialog(self.ctx.session, None, self))

    @guarded_slot
    def open_edit_dialog(self) -> CategoryDialog | None:
        category = self.selected_category()
        return self._open(CategoryDialog(self.ctx.session, category, self)) if category else None

    @guarded_slot
    def _on_saved(self, info: CategoryInfo) -> None:
        self.refresh()
        select_id(self.table, info.id)
