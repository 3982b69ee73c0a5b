"""One complaint in full: its fields, its complainant (when the role may see them) and its
history from the audit log. Everything the user typed is shown as plain text."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QFont, QGuiApplication
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app import jalali
from app.audit import HistoryEntry
from app.lookup import ComplaintDetail
from app.permissions import Action, allowed
from app.persian import to_persian_digits
from app.tracking import format_tracking_code
from app.vocabulary import (
    CHANNEL_LABELS,
    IDENTITY_LABELS,
    KIND_LABELS,
    STATUS_LABELS,
    Identity,
)
from ui.context import UiContext

if TYPE_CHECKING:
    from ui.printing import PdfPreviewDialog

__all__ = ["ComplaintDetailDialog", "audit_action_label"]

EMPTY = "—"


def _value(text: str | None) -> QLabel:
    label = QLabel(text if text else EMPTY)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    # A selectable label guesses the direction from its text, so a date or a number (no
    # Persian letters) would sit on the far left of a right-to-left form: pin the side.
    side = (
        Qt.AlignmentFlag.AlignRight
        if QGuiApplication.isRightToLeft()
        else Qt.AlignmentFlag.AlignLeft
    )
    label.setAlignment(side | Qt.AlignmentFlag.AlignAbsolute | Qt.AlignmentFlag.AlignVCenter)
    label.setTextInteractionFlags(
        Qt.TextInteractionFlag.TextSelectableByMouse
        | Qt.TextInteractionFlag.TextSelectableByKeyboard
    )
    return label


def _digits(text: str | None) -> str | None:
    return to_persian_digits(text) if text else None


def audit_action_label(action: str) -> str:
    """The translated name of an audit action code; an unknown code is returned as it is.

    Each label is a literal ``translate()`` call so that pyside6-lupdate finds it (in the
    dialog's context, where ``self.tr`` would look too).
    """
    labels = {
        "complaint_registered": QCoreApplication.translate(
            "ComplaintDetailDialog", "Complaint registered"
        ),
        "user_created": QCoreApplication.translate("ComplaintDetailDialog", "User created"),
        "user_updated": QCoreApplication.translate("ComplaintDetailDialog", "User changed"),
        "password_reset": QCoreApplication.translate("ComplaintDetailDialog", "Password reset"),
        "unit_created": QCoreApplication.translate("ComplaintDetailDialog", "Unit created"),
        "unit_updated": QCoreApplication.translate("ComplaintDetailDialog", "Unit changed"),
        "category_created": QCoreApplication.translate("ComplaintDetailDialog", "Category created"),
        "category_updated": QCoreApplication.translate("ComplaintDetailDialog", "Category changed"),
        "office_created": QCoreApplication.translate("ComplaintDetailDialog", "Office set up"),
        "setting_changed": QCoreApplication.translate("ComplaintDetailDialog", "Setting changed"),
        "login": QCoreApplication.translate("ComplaintDetailDialog", "Logged in"),
        "login_failed": QCoreApplication.translate("ComplaintDetailDialog", "Failed login attempt"),
    }
    return labels.get(action, action)


class ComplaintDetailDialog(QDialog):
    """Read-only view of a ``ComplaintDetail``; prints the receipt when the role may."""

    def __init__(self, ctx: UiContext, detail: ComplaintDetail, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("complaintDetailDialog")
        self.ctx = ctx
        self.detail = detail
        row = detail.row
        code = to_persian_digits(format_tracking_code(row.tracking_code))
        self.setWindowTitle(self.tr("Complaint %1").replace("%1", code))
        self.resize(900, 660)
        self.values: dict[str, QLabel] = {}

        heading = _value(code)
        heading.setObjectName("detailTrackingCode")
        font = QFont(heading.font())
        font.setPointSizeF(font.pointSizeF() * 1.6)
        font.setBold(True)
        heading.setFont(font)
        status = _value(STATUS_LABELS[row.status])
        status.setObjectName("detailStatus")
        top = QHBoxLayout()
        top.addWidget(heading)
        top.addStretch(1)
        top.addWidget(status)

        # Two tabs, so each gets the whole window: the fields, and the history (which
        # grows with every referral and letter).
        self.tabs = QTabWidget()
        self.tabs.setObjectName("detailTabs")
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(self._details_page(), self.tr("Details"))
        self.tabs.addTab(
            self._history_table(),
            self.tr("History (%1)").replace("%1", to_persian_digits(len(detail.history))),
        )

        buttons = QDialogButtonBox()
        close = buttons.addButton(QDialogButtonBox.StandardButton.Close)
        close.setText(self.tr("Close"))
        buttons.rejected.connect(self.reject)
        self.print_button: QPushButton | None = None
        self.save_pdf_button: QPushButton | None = None
        if allowed(ctx.session, Action.PRINT_RECEIPT):
            self.print_button = buttons.addButton(
                self.tr("Print receipt…"), QDialogButtonBox.ButtonRole.ActionRole
            )
            self.print_button.setObjectName("printReceiptButton")
            self.print_button.clicked.connect(self.print_receipt)
            self.save_pdf_button = buttons.addButton(
                self.tr("Save receipt as PDF…"), QDialogButtonBox.ButtonRole.ActionRole
            )
            self.save_pdf_button.setObjectName("saveReceiptButton")
            self.save_pdf_button.clicked.connect(self.save_receipt)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(buttons)

    # ------------------------------------------------------------------ sections

    def _details_page(self) -> QScrollArea:
        content = QWidget()
        side = QVBoxLayout()  # the start (right) side: who, and the record's own data
        side.addWidget(self._complainant_box())
        side.addWidget(self._record_box())
        side.addStretch(1)
        column = QVBoxLayout()
        column.addWidget(self._complaint_box())
        column.addStretch(1)
        columns = QHBoxLayout(content)
        columns.addLayout(side, 1)
        columns.addLayout(column, 1)
        scroll = QScrollArea()  # only a small screen needs it
        scroll.setObjectName("detailsPage")
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(content)
        return scroll

    def _add(self, form: QFormLayout, key: str, label: str, text: str | None) -> None:
        value = _value(text)
        value.setObjectName(f"detail_{key}")
        self.values[key] = value
        form.addRow(label, value)

    def _complaint_box(self) -> QGroupBox:
        row = self.detail.row
        box = QGroupBox(self.tr("Complaint"))
        form = QFormLayout(box)
        self._add(form, "kind", self.tr("Kind"), KIND_LABELS[row.kind])
        self._add(form, "channel", self.tr("Received through"), CHANNEL_LABELS[row.channel])
        self._add(form, "received_on", self.tr("Received on"), jalali.format_date(row.received_on))
        self._add(form, "unit", self.tr("Unit complained about"), row.unit)
        self._add(form, "category", self.tr("Category"), row.category)
        self._add(form, "subject", self.tr("Subject"), row.subject)
        description = QPlainTextEdit(self.detail.description)
        description.setObjectName("detail_description")
        description.setReadOnly(True)
        if QGuiApplication.isRightToLeft():  # see RegistrationPage: Persian lines on the right
            option = description.document().defaultTextOption()
            option.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignAbsolute)
            description.document().setDefaultTextOption(option)
        description.setMinimumHeight(60)
        description.setMaximumHeight(150)
        form.addRow(self.tr("Description"), description)
        return box

    def _complainant_box(self) -> QGroupBox:
        detail, row = self.detail, self.detail.row
        box = QGroupBox(self.tr("Complainant"))
        form = QFormLayout(box)
        self._add(form, "identity", self.tr("Identity"), IDENTITY_LABELS[row.identity])
        note = None
        if detail.identity_hidden:
            note = self.tr(
                "This complainant asked for confidentiality; the identity is shown only to "
                "inspectors and managers."
            )
        elif row.identity == Identity.ANONYMOUS:
            note = self.tr("Anonymous complaint: no identity was recorded.")
        if note is not None:
            label = _value(note)
            label.setObjectName("identityNote")
            form.addRow(label)
            return box
        self._add(form, "full_name", self.tr("Full name"), row.complainant)
        self._add(form, "national_code", self.tr("National code"), _digits(detail.national_code))
        self._add(form, "mobile", self.tr("Mobile"), _digits(detail.mobile))
        self._add(form, "county", self.tr("County"), detail.county)
        self._add(form, "address", self.tr("Address"), detail.address)
        return box

    def _record_box(self) -> QGroupBox:
        detail = self.detail
        box = QGroupBox(self.tr("Record"))
        form = QFormLayout(box)
        self._add(form, "registered_by", self.tr("Registered by"), detail.registered_by)
        self._add(
            form, "created_at", self.tr("Registered at"), jalali.format_datetime(detail.created_at)
        )
        self._add(
            form, "updated_at", self.tr("Last changed"), jalali.format_datetime(detail.updated_at)
        )
        self._add(form, "version", self.tr("Version"), to_persian_digits(detail.version))
        self._add(form, "uid", self.tr("Record identifier"), detail.uid)
        return box

    def _history_table(self) -> QTableWidget:
        table = QTableWidget(len(self.detail.history), 3)
        table.setObjectName("historyTable")
        table.setHorizontalHeaderLabels([self.tr("Time"), self.tr("User"), self.tr("Action")])
        table.verticalHeader().setVisible(False)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setAlternatingRowColors(True)
        table.setWordWrap(False)
        table.horizontalHeader().setMinimumSectionSize(40)  # default: the widest glyph
        table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        table.horizontalHeader().setStretchLastSection(True)
        for number, entry in enumerate(self.detail.history):
            cells = (
                jalali.format_datetime(entry.at),
                entry.username or self.tr("System"),
                self.action_label(entry),
            )
            for column, text in enumerate(cells):
                table.setItem(number, column, QTableWidgetItem(text))
        self.history_table = table
        return table

    def action_label(self, entry: HistoryEntry) -> str:
        """A readable name for an audit action; an action this dialog does not know yet is
        shown by its code rather than hidden."""
        return audit_action_label(entry.action)

    # ------------------------------------------------------------------ actions

    def print_receipt(self) -> PdfPreviewDialog | None:
        """Show the receipt's preview; it is printed (or saved) from there."""
        row = self.detail.row
        from ui import printing  # QtPdf loads only when a receipt is printed

        return printing.preview_receipt(self, self.ctx.session, row.id, row.tracking_code)

    def save_receipt(self) -> None:
        row = self.detail.row
        from ui import printing

        printing.save_receipt_as(self, self.ctx.session, row.id, row.tracking_code)
