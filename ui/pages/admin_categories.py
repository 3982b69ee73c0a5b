"""Admin: the categories (subjects) a complaint is filed under."""

from __future__ import annotations

from PySide6.QtWidgets import QCheckBox, QFormLayout, QWidget

from app import lists
from app.lists import CategoryInfo
from app.permissions import Session
from ui.context import UiContext
from ui.pages.admin_common import (
    PageTexts,
    RecordDialog,
    RecordsPage,
    line_edit,
    status_text,
)


class CategoryDialog(RecordDialog[CategoryInfo]):
    """Add a category or edit one (also making it inactive)."""

    def __init__(
        self, session: Session, category: CategoryInfo | None, parent: QWidget | None
    ) -> None:
        super().__init__(session, category, parent, "categoryDialog")
        self.setWindowTitle(self.tr("Edit category") if category else self.tr("Add category"))
        self.name_edit = line_edit("name", category.name if category else "")
        self.active_check = QCheckBox(self.tr("Active (offered when registering)"))
        self.active_check.setObjectName("active")
        self.active_check.setChecked(category.active if category else True)
        form = QFormLayout()
        self.errors.add_row(form, self.tr("Name"), "name", self.name_edit)
        if category is not None:
            form.addRow("", self.active_check)
        self.lay_out(form, min_width=440)
        self.name_edit.setFocus()

    def save_record(self) -> CategoryInfo:
        if self.record is None:
            return lists.create_category(self.session, self.name_edit.text())
        return lists.update_category(
            self.session, self.record.id, name=self.name_edit.text(),
            active=self.active_check.isChecked(),
        )  # fmt: skip


class CategoriesPage(RecordsPage[CategoryInfo]):
    """All categories, inactive ones greyed; add and edit (double-click or Enter)."""

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent, "categoriesPage")

    def page_texts(self) -> PageTexts:
        return PageTexts(
            title=self.tr("Categories"),
            headers=[self.tr("Name"), self.tr("Status")],
            add=self.tr("Add category…"),
            empty=self.tr("No categories yet. Press «Add category…» to add the first one."),
            icon="categories",
        )

    def list_records(self) -> list[CategoryInfo]:
        return lists.list_categories(self.ctx.session, include_inactive=True)

    def texts(self, category: CategoryInfo) -> list[str]:
        return [category.name, status_text(category.active)]

    def make_dialog(self, category: CategoryInfo | None) -> CategoryDialog:
        return CategoryDialog(self.ctx.session, category, self)

    def selected_category(self) -> CategoryInfo | None:
        return self.selected()
