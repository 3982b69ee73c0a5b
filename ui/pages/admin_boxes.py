"""Admin: the complaint boxes (code, location, the unit they stand in), and their blank forms.

Each printed form carries a QR code with the box code and an office-wide serial, so a sheet
that comes back in a box names itself.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app import boxes, lists
from app.boxes import BoxInfo
from app.errors import DadrasError
from app.lists import UnitInfo
from app.permissions import Action, Session, allowed
from app.persian import ltr, to_persian_digits
from ui.context import UiContext
from ui.errors import FieldErrors, guarded, guarded_slot
from ui.pages.admin_common import (
    PageTexts,
    RecordDialog,
    RecordsPage,
    line_edit,
    status_text,
)
from ui.screen_fit import fit_to_screen

MAX_FORMS = 500


def no_box_text(session: Session) -> str:
    """What to do when no complaint box is in use yet: who adds one, and where."""
    if allowed(session, Action.MANAGE_BOXES):
        return QCoreApplication.translate(
            "Boxes",
            "No complaint box is in use yet. Add one on the «Complaint boxes» page with "
            "«Add box…».",
        )
    return QCoreApplication.translate(
        "Boxes",
        "No complaint box is in use yet. The system administrator adds the office's boxes on "
        "the «Complaint boxes» page.",
    )


class BoxDialog(RecordDialog[BoxInfo]):
    """Add a box or edit one (also taking it out of use)."""

    def __init__(
        self,
        session: Session,
        box: BoxInfo | None,
        parent: QWidget | None,
        units: Sequence[UnitInfo] = (),
    ) -> None:
        super().__init__(session, box, parent, "boxDialog")
        self.setWindowTitle(self.tr("Edit box") if box else self.tr("Add box"))
        self.code_edit = line_edit("code", box.code if box else "", max_length=20)
        self.location_edit = line_edit("location", box.location if box else "", max_length=300)
        self.unit_combo = QComboBox()
        self.unit_combo.setObjectName("unit")
        for unit in units:
            self.unit_combo.addItem(unit.name, unit.id)
        # No unit is chosen for the user: a new box's unit is the user's choice (saving
        # without one is refused under the field), and a box keeps its own unit even when
        # that unit is no longer active, rather than moving to the first in the list.
        self.unit_combo.setPlaceholderText(self.tr("Choose the unit…"))
        self.unit_combo.setCurrentIndex(-1)
        if box is not None:
            if self.unit_combo.findData(box.unit_id) < 0:
                self.unit_combo.addItem(box.unit_name, box.unit_id)
            self.unit_combo.setCurrentIndex(self.unit_combo.findData(box.unit_id))
        self.active_check = QCheckBox(self.tr("In use"))
        self.active_check.setObjectName("active")
        self.active_check.setChecked(box.active if box else True)
        form = QFormLayout()
        self.errors.add_row(form, self.tr("Code"), "code", self.code_edit)
        self.errors.add_row(form, self.tr("Location"), "location", self.location_edit)
        self.errors.add_row(form, self.tr("Unit it stands in"), "unit", self.unit_combo)
        if box is not None:
            form.addRow("", self.active_check)
        self.lay_out(form, min_width=480)
        self.code_edit.setFocus()

    def unit_id(self) -> int:
        value = self.unit_combo.currentData()
        return int(value) if value is not None else 0

    def save_record(self) -> BoxInfo:
        code, location = self.code_edit.text(), self.location_edit.text()
        if self.record is None:
            return boxes.create_box(self.session, code, location, self.unit_id())
        return boxes.update_box(
            self.session, self.record.id, code=code, location=location, unit_id=self.unit_id(),
            active=self.active_check.isChecked(),
        )  # fmt: skip


class PrintFormsDialog(QDialog):
    """How many blank forms, on which paper (and for which box, unless given); the PDF then
    opens in the print preview."""

    def __init__(self, ctx: UiContext, box: BoxInfo | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        fit_to_screen(self)
        self.setObjectName("printFormsDialog")
        self.ctx = ctx
        self.boxes = [box] if box else boxes.list_boxes(ctx.session)
        title = self.tr("Blank forms for box %1").replace("%1", ltr(box.code)) if box else ""
        self.setWindowTitle(title or self.tr("Blank forms"))
        self.box_combo = QComboBox()
        self.box_combo.setObjectName("box")
        for each in self.boxes:
            self.box_combo.addItem(f"{each.code} — {each.location}", each.id)
        self.count_spin = QSpinBox()
        self.count_spin.setObjectName("formCount")
        self.count_spin.setRange(1, MAX_FORMS)
        self.count_spin.setValue(50)
        self.size_combo = QComboBox()
        self.size_combo.setObjectName("pageSize")
        self.size_combo.addItem(self.tr("A4"), "A4")
        self.size_combo.addItem(self.tr("A5"), "A5")
        self.errors = FieldErrors()
        form = QFormLayout()
        if box is None:
            self.errors.add_row(form, self.tr("Box"), "box", self.box_combo)
        self.errors.add_row(form, self.tr("Number of forms"), "count", self.count_spin)
        self.errors.add_row(form, self.tr("Paper"), "page_size", self.size_combo)
        # With no box to print for, the dialog says how to get one instead of an empty form.
        self.no_box_label = QLabel(
            no_box_text(ctx.session) + " " + self.tr("Its blank forms can then be printed here.")
        )
        self.no_box_label.setObjectName("noBoxMessage")
        self.no_box_label.setTextFormat(Qt.TextFormat.PlainText)
        self.no_box_label.setWordWrap(True)
        buttons = QDialogButtonBox()
        ok = buttons.addButton(self.tr("Make the forms"), QDialogButtonBox.ButtonRole.AcceptRole)
        ok.setObjectName("okButton")
        ok.setDefault(True)
        ok.setEnabled(bool(self.boxes))
        ok.setVisible(bool(self.boxes))
        cancel = buttons.addButton(
            self.tr("Cancel") if self.boxes else self.tr("Close"),
            QDialogButtonBox.ButtonRole.RejectRole,
        )
        cancel.setObjectName("cancelButton")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        fields = QWidget()
        fields.setLayout(form)
        form.setContentsMargins(0, 0, 0, 0)
        fields.setVisible(bool(self.boxes))
        self.no_box_label.setVisible(not self.boxes)
        layout = QVBoxLayout(self)
        layout.addWidget(fields)
        layout.addWidget(self.no_box_label)
        if not self.boxes:
            self.setMinimumWidth(420)
        layout.addWidget(self.errors.general)
        layout.addWidget(buttons)
        self.preview: QDialog | None = None

    def box(self) -> BoxInfo:
        return self.boxes[max(0, self.box_combo.currentIndex())]

    def accept(self) -> None:
        if not self.boxes:
            return
        with guarded(self):
            self.errors.clear()
            try:
                batch = boxes.print_forms(
                    self.ctx.session,
                    self.box().id,
                    self.count_spin.value(),
                    "A5" if self.size_combo.currentData() == "A5" else "A4",
                )
            except DadrasError as exc:
                self.errors.show_exception(exc)
                return
            super().accept()
            self.preview = self._show(batch)

    def _show(self, batch: boxes.FormBatchInfo) -> QDialog:
        from ui.printing import PdfPreviewDialog  # QtPdf loads only when printing

        box = self.box()
        data = boxes.form_batch_pdf(self.ctx.session, batch.id)
        first = to_persian_digits(batch.first_serial)
        title = self.tr("Blank forms for box %1 from serial %2")
        title = title.replace("%1", ltr(box.code)).replace("%2", first)
        name = f"forms-{box.code}-{batch.first_serial}.pdf"
        dialog = PdfPreviewDialog(data, title, name, self.parentWidget())
        dialog.open()
        return dialog


class BoxesPage(RecordsPage[BoxInfo]):
    """Every complaint box, those out of use greyed; add, edit, print blank forms."""

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent, "boxesPage", stretch_column=1)
        self.print_button = None
        if allowed(ctx.session, Action.PRINT_FORMS):
            self.print_button = self.add_record_button(
                self.tr("Print blank forms…"), "printFormsButton", "print"
            )
            self.print_button.clicked.connect(self.open_print_dialog)

    def page_texts(self) -> PageTexts:
        return PageTexts(
            title=self.tr("Complaint boxes"),
            headers=[self.tr("Code"), self.tr("Location"), self.tr("Unit"), self.tr("Status")],
            add=self.tr("Add box…"),
            empty=self.tr(
                "No complaint boxes yet. Press «Add box…» to add the first one; then select it "
                "and press «Print blank forms…» to print its forms."
            ),
            icon="boxes",
        )

    def list_records(self) -> list[BoxInfo]:
        return boxes.list_boxes(self.ctx.session, include_inactive=True)

    def texts(self, box: BoxInfo) -> list[str]:
        return [box.code, box.location, box.unit_name, status_text(box.active)]

    def make_dialog(self, box: BoxInfo | None) -> BoxDialog:
        units = lists.list_units(self.ctx.session)
        return BoxDialog(self.ctx.session, box, self, units)

    @guarded_slot
    def open_print_dialog(self) -> QDialog | None:
        box = self.selected()
        if box is None:
            return None
        return self.open_dialog(PrintFormsDialog(self.ctx, box, self))
