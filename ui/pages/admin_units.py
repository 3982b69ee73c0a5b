"""Admin: the units complaints are about and referred to (name, head of unit, active)."""

from __future__ import annotations

from PySide6.QtWidgets import QCheckBox, QFormLayout, QWidget

from app import lists
from app.lists import UnitInfo
from app.permissions import Session
from ui.context import UiContext
from ui.pages.admin_common import (
    PageTexts,
    RecordDialog,
    RecordsPage,
    line_edit,
    status_text,
)


class UnitDialog(RecordDialog[UnitInfo]):
    """Add a unit or edit one (also making it inactive)."""

    def __init__(self, session: Session, unit: UnitInfo | None, parent: QWidget | None) -> None:
        super().__init__(session, unit, parent, "unitDialog")
        self.setWindowTitle(self.tr("Edit unit") if unit else self.tr("Add unit"))
        self.name_edit = line_edit("name", unit.name if unit else "")
        self.head_name_edit = line_edit("headName", (unit.head_name or "") if unit else "")
        self.head_title_edit = line_edit("headTitle", (unit.head_title or "") if unit else "")
        self.active_check = QCheckBox(self.tr("Active (offered when registering)"))
        self.active_check.setObjectName("active")
        self.active_check.setChecked(unit.active if unit else True)
        form = QFormLayout()
        self.errors.add_row(form, self.tr("Name"), "name", self.name_edit)
        self.errors.add_row(form, self.tr("Head's name"), "head_name", self.head_name_edit)
        self.errors.add_row(form, self.tr("Head's title"), "head_title", self.head_title_edit)
        if unit is not None:
            form.addRow("", self.active_check)
        self.lay_out(form, min_width=480)
        self.name_edit.setFocus()

    def save_record(self) -> UnitInfo:
        name, head = self.name_edit.text(), self.head_name_edit.text()
        title = self.head_title_edit.text()
        if self.record is None:
            return lists.create_unit(self.session, name, head, title)
        return lists.update_unit(
            self.session, self.record.id, name=name, head_name=head, head_title=title,
            active=self.active_check.isChecked(),
        )  # fmt: skip


class UnitsPage(RecordsPage[UnitInfo]):
    """All units, inactive ones greyed; add and edit (double-click or Enter)."""

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent, "unitsPage")

    def page_texts(self) -> PageTexts:
        return PageTexts(
            title=self.tr("Units"),
            headers=[self.tr("Name"), self.tr("Head's name"), self.tr("Head's title"),
                     self.tr("Status")],
            add=self.tr("Add unit…"),
        )  # fmt: skip

    def list_records(self) -> list[UnitInfo]:
        return lists.list_units(self.ctx.session, include_inactive=True)

    def texts(self, unit: UnitInfo) -> list[str]:
        return [unit.name, unit.head_name or "", unit.head_title or "", status_text(unit.active)]

    def make_dialog(self, unit: UnitInfo | None) -> UnitDialog:
        return UnitDialog(self.ctx.session, unit, self)

    def selected_unit(self) -> UnitInfo | None:
        return self.selected()
