"""Admin: the units complaints are about and referred to (name, head of unit, superior unit,
active). The superior unit is where a reminder escalates to; the service refuses a cycle."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtWidgets import QCheckBox, QComboBox, QFormLayout, QWidget

from app import lists
from app.lists import UnitInfo
from app.permissions import Session
from app.persian import name_order
from ui.context import UiContext
from ui.pages.admin_common import (
    PageTexts,
    RecordDialog,
    RecordsPage,
    line_edit,
    status_text,
)


class UnitDialog(RecordDialog[UnitInfo]):
    """Add a unit or edit one (also making it inactive); ``units`` are offered as superiors."""

    def __init__(
        self,
        session: Session,
        unit: UnitInfo | None,
        parent: QWidget | None,
        units: Sequence[UnitInfo] = (),
    ) -> None:
        super().__init__(session, unit, parent, "unitDialog")
        self.setWindowTitle(self.tr("Edit unit") if unit else self.tr("Add unit"))
        self.name_edit = line_edit("name", unit.name if unit else "")
        self.head_name_edit = line_edit("headName", (unit.head_name or "") if unit else "")
        self.head_title_edit = line_edit("headTitle", (unit.head_title or "") if unit else "")
        self.parent_combo = self._parent_combo(units)
        self.active_check = QCheckBox(self.tr("Active (offered when registering)"))
        self.active_check.setObjectName("active")
        self.active_check.setChecked(unit.active if unit else True)
        form = QFormLayout()
        self.errors.add_row(form, self.tr("Name"), "name", self.name_edit)
        self.errors.add_row(form, self.tr("Head's name"), "head_name", self.head_name_edit)
        self.errors.add_row(form, self.tr("Head's title"), "head_title", self.head_title_edit)
        self.errors.add_row(form, self.tr("Superior unit"), "parent", self.parent_combo)
        if unit is not None:
            form.addRow("", self.active_check)
        self.lay_out(form, min_width=480)
        self.name_edit.setFocus()

    def _parent_combo(self, units: Sequence[UnitInfo]) -> QComboBox:
        """None, then every other unit (inactive ones marked), the current superior chosen."""
        combo = QComboBox()
        combo.setObjectName("parent")
        combo.addItem(self.tr("None"), None)
        own_id = self.record.id if self.record else None
        inactive = self.tr("%1 (inactive)")
        for unit in (u for u in units if u.id != own_id):
            label = unit.name if unit.active else inactive.replace("%1", unit.name)
            combo.addItem(label, unit.id)
        current = self.record.parent_id if self.record else None
        combo.setCurrentIndex(max(0, combo.findData(current)) if current is not None else 0)
        return combo

    def parent_id(self) -> int | None:
        value = self.parent_combo.currentData()
        return int(value) if value is not None else None

    def save_record(self) -> UnitInfo:
        name, head = self.name_edit.text(), self.head_name_edit.text()
        title = self.head_title_edit.text()
        if self.record is None:
            created = lists.create_unit(self.session, name, head, title)
            if self.parent_id() is None:
                return created
            self.record = created  # if the superior is refused, Save again edits this unit
        return lists.update_unit(
            self.session, self.record.id, name=name, head_name=head, head_title=title,
            active=self.active_check.isChecked(), parent_id=self.parent_id(),
        )  # fmt: skip


class UnitsPage(RecordsPage[UnitInfo]):
    """All units, inactive ones greyed; add and edit (double-click or Enter)."""

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent, "unitsPage")

    def page_texts(self) -> PageTexts:
        return PageTexts(
            title=self.tr("Units"),
            headers=[self.tr("Name"), self.tr("Superior unit"), self.tr("Head's name"),
                     self.tr("Head's title"), self.tr("Status")],
            add=self.tr("Add unit…"),
            empty=self.tr("No units yet. Press «Add unit…» to add the first one."),
            icon="units",
        )  # fmt: skip

    def list_records(self) -> list[UnitInfo]:
        return lists.list_units(self.ctx.session, include_inactive=True)

    def texts(self, unit: UnitInfo) -> list[str]:
        superior = self._records.get(unit.parent_id) if unit.parent_id is not None else None
        return [unit.name, superior.name if superior else "", unit.head_name or "",
                unit.head_title or "", status_text(unit.active)]  # fmt: skip

    def make_dialog(self, unit: UnitInfo | None) -> UnitDialog:
        units = sorted(self._records.values(), key=lambda u: name_order(u.name))
        return UnitDialog(self.ctx.session, unit, self, units)

    def selected_unit(self) -> UnitInfo | None:
        return self.selected()
