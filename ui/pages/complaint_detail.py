"""One complaint in full: its fields, its complainant (when the role may see them) and its
history from the audit log. Everything the user typed is shown as plain text."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, TypeVar

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, Signal
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QGuiApplication,
    QIcon,
    QKeyEvent,
    QPalette,
    QPixmap,
)
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app import jalali, lookup
from app.audit import HistoryEntry
from app.errors import ValidationError
from app.lookup import ComplaintDetail
from app.permissions import Action, allowed
from app.persian import grouped_number, ltr, to_persian_digits
from app.tracking import format_tracking_code
from app.vocabulary import (
    CHANNEL_LABELS,
    IDENTITY_LABELS,
    KIND_LABELS,
    OUTCOME_LABELS,
    REFERRAL_STATUS_LABELS,
    SATISFACTION_LABELS,
    STATUS_LABELS,
    Identity,
    ReferralStatus,
    Status,
)
from ui.context import UiContext
from ui.errors import ERROR_COLOR, guarded, guarded_slot, show_message
from ui.pages.admin_common import button
from ui.pages.secretariat import display_text
from ui.screen_fit import fit_to_screen, resize_within_screen
from ui.widgets.record_table import CellStyle, Column, RecordTable, RowsModel

if TYPE_CHECKING:
    # The referral and closing services load the office calendar (and the large holidays
    # package): they are imported when the case tab first needs them.
    from app.closing import Closing, MeasureInfo
    from app.referrals import ReferralInfo
    from app.secretariat import LetterInfo
    from ui.printing import PdfPreviewDialog

__all__ = ["CaseTab", "ComplaintDetailDialog", "audit_action_label"]

T = TypeVar("T")

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
        "referred": QCoreApplication.translate("ComplaintDetailDialog", "Referred to a unit"),
        "referral_paused": QCoreApplication.translate(
            "ComplaintDetailDialog", "Referral clock paused"
        ),
        "referral_resumed": QCoreApplication.translate(
            "ComplaintDetailDialog", "Referral clock resumed"
        ),
        "referral_answered": QCoreApplication.translate(
            "ComplaintDetailDialog", "Unit's response recorded"
        ),
        "referral_reminded": QCoreApplication.translate("ComplaintDetailDialog", "Reminder sent"),
        "referral_cancelled": QCoreApplication.translate(
            "ComplaintDetailDialog", "Referral cancelled"
        ),
        "complaint_status": QCoreApplication.translate("ComplaintDetailDialog", "Status changed"),
        "complaint_closed": QCoreApplication.translate("ComplaintDetailDialog", "Complaint closed"),
        "satisfaction_recorded": QCoreApplication.translate(
            "ComplaintDetailDialog", "Satisfaction recorded"
        ),
        "measure_recorded": QCoreApplication.translate("ComplaintDetailDialog", "Measure recorded"),
        "letter_issued": QCoreApplication.translate("ComplaintDetailDialog", "Letter issued"),
        "letter_voided": QCoreApplication.translate("ComplaintDetailDialog", "Letter voided"),
    }
    return labels.get(action, action)


_HistoryRow = tuple[int, HistoryEntry, str, str]
_SECTION_TITLE_HEIGHT = 40  # a section's title and buttons above its table


def _rows_height(table: RecordTable, rows: int) -> int:
    """The height a section needs to show ``rows`` rows of its table, header included."""
    header = table.horizontalHeader().sizeHint().height()
    row = table.verticalHeader().defaultSectionSize()
    scroll_bar = table.horizontalScrollBar().sizeHint().height()
    return _SECTION_TITLE_HEIGHT + header + rows * row + scroll_bar + 4


class ComplaintDetailDialog(QDialog):
    """A ``ComplaintDetail``: its fields, history and case (referrals, letters, closing);
    prints the receipt when the role may. ``changed(complaint_id)`` follows every action
    taken here, so a list showing the complaint can refresh it."""

    changed = Signal(int)

    def __init__(self, ctx: UiContext, detail: ComplaintDetail, parent: QWidget | None = None):
        super().__init__(parent)
        fit_to_screen(self)
        self.setObjectName("complaintDetailDialog")
        self.ctx = ctx
        self.detail = detail
        row = detail.row
        code = to_persian_digits(format_tracking_code(row.tracking_code))
        self.setWindowTitle(self.tr("Complaint %1").replace("%1", ltr(code)))
        resize_within_screen(self, 980, 700)
        self.values: dict[str, QLabel] = {}

        heading = _value(code)
        heading.setObjectName("detailTrackingCode")
        font = QFont(heading.font())
        font.setPointSizeF(font.pointSizeF() * 1.6)
        font.setBold(True)
        heading.setFont(font)
        self.status_label = _value(STATUS_LABELS[row.status])
        self.status_label.setObjectName("detailStatus")
        top = QHBoxLayout()
        top.addWidget(heading)
        top.addStretch(1)
        top.addWidget(self.status_label)

        # Tabs, so each gets the whole window: the fields, the history (which grows with
        # every change) and the case's referrals, letters and closing.
        self.tabs = QTabWidget()
        self.tabs.setObjectName("detailTabs")
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(self._details_page(), self.tr("Details"))
        self.tabs.addTab(self._history_table(), "")
        self._title_history()
        self.case_tab = CaseTab(ctx, detail)
        self.case_tab.changed.connect(self.reload)
        self.tabs.addTab(self.case_tab, self.tr("Referrals and letters"))
        self.tabs.addTab(self.case_tab.measures_section, "")
        self._title_measures()

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
        scans_box = self._scans_box()
        if scans_box is not None:
            column.addWidget(scans_box)
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

    def _scans_box(self) -> QGroupBox | None:
        """The scanned form(s) the complaint was entered from, as thumbnails to open."""
        from app import scans
        from app.errors import DadrasError

        try:
            pages = scans.scans_of_complaint(self.ctx.session, self.detail.row.id)
        except DadrasError:
            return None
        if not pages:
            return None
        box = QGroupBox(self.tr("Scanned form"))
        box.setObjectName("scansBox")
        row = QHBoxLayout(box)
        self.scan_buttons: list[QPushButton] = []
        for page in pages:
            row.addWidget(self._scan_button(page.id))
        row.addStretch(1)
        return box

    def _scan_button(self, page_id: int) -> QWidget:
        from app import scans
        from app.errors import DadrasError

        try:
            thumbnail = QPixmap()
            thumbnail.loadFromData(scans.page_thumbnail(self.ctx.session, page_id))
        except DadrasError as exc:  # e.g. a confidential complainant's handwriting
            note = _value(exc.message)
            note.setObjectName("scanHidden")
            return note
        push = QPushButton()
        push.setObjectName(f"scan_{page_id}")
        push.setIcon(QIcon(thumbnail))
        push.setIconSize(thumbnail.size())
        push.setToolTip(self.tr("Open the scanned page"))
        push.clicked.connect(lambda _c=False, p=page_id: self.open_scan(p))
        self.scan_buttons.append(push)
        return push

    @guarded_slot
    def open_scan(self, page_id: int) -> QDialog:
        """The scanned page in a viewer that zooms and rotates."""
        from app import scans
        from ui.widgets.page_viewer import PageViewer

        dialog = QDialog(self)
        fit_to_screen(dialog)
        dialog.setObjectName("scanDialog")
        dialog.setWindowTitle(self.tr("Scanned form"))
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        viewer = PageViewer(dialog)
        viewer.set_image(scans.page_image(self.ctx.session, page_id))
        layout = QVBoxLayout(dialog)
        layout.addWidget(viewer)
        resize_within_screen(dialog, 760, 900)
        dialog.open()
        self.scan_dialog = dialog
        return dialog

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
        if self.detail.external_ref:
            reference = ltr(to_persian_digits(self.detail.external_ref))
            self._add(form, "external_ref", self.tr("Central's reference"), reference)
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
        if allowed(self.ctx.session, Action.MANAGE_OFFICE):
            # For the admin's support work only: front-desk staff need neither.
            self._add(form, "version", self.tr("Version"), to_persian_digits(detail.version))
            self._add(form, "uid", self.tr("Record identifier"), detail.uid)
        return box

    def _history_table(self) -> RecordTable:
        system = self.tr("System")
        # No callback holds the dialog: it is deleted on close, and a cycle through its
        # model would keep its Python side alive after that. A row is (index, entry, who,
        # what changed).
        columns: list[Column[_HistoryRow]] = [
            Column(self.tr("Time"), lambda row: jalali.format_datetime(row[1].at)),
            Column(self.tr("By"), lambda row: row[2] or system),
            Column(self.tr("Action"), lambda row: audit_action_label(row[1].action)),
            Column(self.tr("Details"), lambda row: row[3]),
        ]
        self.history_model: RowsModel[_HistoryRow] = RowsModel(
            columns, lambda row: row[0], parent=self
        )
        self.history_table = RecordTable(self.history_model, "historyTable", stretch_column=3)
        self._fill_history()
        return self.history_table

    def _fill_history(self) -> None:
        detail = self.detail
        notes = detail.history_notes or ("",) * len(detail.history)
        rows = [
            (i, entry, detail.user_names.get(entry.username or "", entry.username or ""), note)
            for i, (entry, note) in enumerate(zip(detail.history, notes, strict=True))
        ]
        self.history_model.set_rows(rows)
        self.history_table.size_columns()

    def _title_measures(self) -> None:
        count = grouped_number(len(self.case_tab.measures))
        index = self.tabs.indexOf(self.case_tab.measures_section)
        self.tabs.setTabText(index, self.tr("Measures (%1)").replace("%1", count))

    def _title_history(self) -> None:
        count = grouped_number(len(self.detail.history))
        self.tabs.setTabText(1, self.tr("History (%1)").replace("%1", count))

    def action_label(self, entry: HistoryEntry) -> str:
        """A readable name for an audit action; an action this dialog does not know yet is
        shown by its code rather than hidden."""
        return audit_action_label(entry.action)

    # ------------------------------------------------------------------ actions

    @guarded_slot
    def reload(self) -> None:
        """Re-read the complaint after an action: its status, history and case tab."""
        self.detail = lookup.detail(self.ctx.session, self.detail.row.id)
        self.status_label.setText(STATUS_LABELS[self.detail.row.status])
        self._fill_history()
        self._title_history()
        self.case_tab.show_detail(self.detail)
        self._title_measures()
        self.changed.emit(self.detail.row.id)

    def print_receipt(self) -> PdfPreviewDialog | None:
        """Show the receipt's preview; it is printed (or saved) from there."""
        row = self.detail.row
        from ui import printing  # QtPdf loads only when a receipt is printed

        return printing.preview_receipt(self, self.ctx.session, row.id, row.tracking_code)

    def save_receipt(self) -> None:
        row = self.detail.row
        from ui import printing

        printing.save_receipt_as(self, self.ctx.session, row.id, row.tracking_code)


# --------------------------------------------------------------------------- the case tab

PAUSED_COLOR = "#8a5a00"  # amber: a clock that stands still, visibly not an error


def _refill(table: RecordTable, rows: Sequence[Any]) -> None:
    """Replace the table's rows in one step, keeping the selected record selected."""
    chosen = table.selected_id()
    table.records_model().set_rows(rows)
    table.restore_selection(chosen, select_first=False)


def _section_title(text: str) -> QLabel:
    label = QLabel(text)
    font = label.font()
    font.setBold(True)
    label.setFont(font)
    return label


def _date(value: dt.date | None) -> str:
    return jalali.format_date(value) if value else EMPTY


def _enable(push: QPushButton | None, on: bool) -> None:
    if push is not None:
        push.setEnabled(on)


class CaseTab(QWidget):
    """The complaint's referrals, letters, closing and measures, with the actions the role
    may take; ``changed`` follows each action (the dialog then re-reads the complaint and
    calls ``show_detail``). ``dialog`` is the action dialog that is open, if any."""

    changed = Signal()

    def __init__(self, ctx: UiContext, detail: ComplaintDetail, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("caseTab")
        self.ctx, self.detail = ctx, detail
        self.dialog: QDialog | None = None
        self.referrals: list[ReferralInfo] = []
        self.letters: list[LetterInfo] = []
        self.measures: list[MeasureInfo] = []
        self.closing: Closing | None = None
        self.closing_values: dict[str, QLabel] = {}
        # Referrals above letters, each the dialog's full width (side by side, columns were
        # cut); the splitter's shares follow their rows after each refresh, and the user may
        # move the line. The closing is a strip below. The measures have a tab of their own
        # (``measures_section``, which the dialog places).
        split = QSplitter(Qt.Orientation.Vertical)
        split.setObjectName("caseSplitter")
        split.setChildrenCollapsible(False)
        split.addWidget(self._referrals_box())
        split.addWidget(self._letters_box())
        self.splitter = split
        split.installEventFilter(self)
        self.measures_section = self._measures_box()
        column = QVBoxLayout(self)
        column.addWidget(split, 1)
        column.addWidget(self._closing_box())
        # Enter on a row opens it; it must not reach the dialog's default button.
        self._enter_actions: list[tuple[QObject, Callable[[], object]]] = [
            (self.referrals_table, self.open_referral),
            (self.letters_table, self.view_letter),
            (self.measures_table, lambda: None),
        ]
        for table, _action in self._enter_actions:
            table.installEventFilter(self)
        self.refresh()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.splitter and event.type() == QEvent.Type.Resize:
            self._share_the_height()
            return False
        if event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            action = next((a for table, a in self._enter_actions if table is watched), None)
            if action is not None and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                action()
                return True
        return super().eventFilter(watched, event)

    # ------------------------------------------------------------------ building

    def _action(self, text: str, name: str, action: Action | None = None) -> QPushButton | None:
        """A button for an action the role may take; None (no button) when it may not."""
        if action is not None and not allowed(self.ctx.session, action):
            return None
        return button(text, name)

    def _section(
        self, title: str, table: RecordTable, buttons: list[QPushButton | None]
    ) -> QWidget:
        """A bold title with the section's buttons on its line, the table under them."""
        row = QHBoxLayout()
        row.addWidget(_section_title(title))
        row.addStretch(1)
        for push in buttons:
            if push is not None:
                row.addWidget(push)
        section = QWidget()
        column = QVBoxLayout(section)
        column.setContentsMargins(0, 0, 0, 0)
        column.addLayout(row)
        column.addWidget(table, 1)
        return section

    def _referrals_box(self) -> QWidget:
        columns: list[Column[ReferralInfo]] = [
            Column(self.tr("Unit"), lambda r: r.unit_name),
            Column(self.tr("Referred on"), lambda r: _date(r.referred_on)),
            Column(self.tr("Due on"), lambda r: _date(r.due_on), tooltip=self._due_tip),
            Column(self.tr("Status"), self.referral_status),
            Column(self.tr("Answered on"), lambda r: _date(r.answered_on)),
            Column(self.tr("Reminders"), lambda r: to_persian_digits(r.reminders)),
            Column(
                self.tr("Letter number"),
                lambda r: to_persian_digits(r.letter_number) if r.letter_number else EMPTY,
            ),
        ]
        model: RowsModel[ReferralInfo] = RowsModel(
            columns, lambda r: r.id, style=self._referral_style, parent=self
        )
        self.referrals_table = RecordTable(model, "referralsTable", stretch_column=0)
        self.referrals_table.recordChanged.connect(self.update_buttons)
        self.referrals_table.doubleClicked.connect(self.open_referral)
        self.refer_button = self._action(self.tr("Refer…"), "referButton", Action.REFER)
        self.pause_button = self._action(self.tr("Pause clock…"), "pauseButton", Action.REFER)
        self.resume_button = self._action(self.tr("Resume clock"), "resumeButton", Action.REFER)
        self.response_button = self._action(
            self.tr("Record response…"), "responseButton", Action.RECORD_RESPONSE
        )
        self.scan_button = self._action(self.tr("View scan"), "viewScanButton")
        self.reminder_button = self._action(
            self.tr("Reminder"), "reminderButton", Action.ISSUE_LETTER
        )
        self.escalate_button = self._action(
            self.tr("Escalate to superior"), "escalateButton", Action.ISSUE_LETTER
        )
        for push, slot in (
            (self.refer_button, self.open_refer),
            (self.pause_button, self.open_pause),
            (self.resume_button, self.resume_clock),
            (self.response_button, self.open_response),
            (self.scan_button, self.view_scan),
            (self.reminder_button, self.send_reminder),
            (self.escalate_button, self.escalate),
        ):
            if push is not None:
                push.clicked.connect(slot)
        buttons = [
            self.refer_button,
            self.pause_button,
            self.resume_button,
            self.response_button,
            self.scan_button,
            self.reminder_button,
            self.escalate_button,
        ]
        return self._section(self.tr("Referrals"), self.referrals_table, buttons)

    def _letters_box(self) -> QWidget:
        from app.secretariat import LETTER_KIND_LABELS

        def void_tip(letter: LetterInfo) -> str:
            return letter.void_reason or "" if letter.void else ""

        columns: list[Column[LetterInfo]] = [
            Column(self.tr("Number"), lambda x: to_persian_digits(x.number)),
            Column(self.tr("Date"), lambda x: _date(x.letter_date)),
            Column(self.tr("Kind"), lambda x: LETTER_KIND_LABELS[x.kind]),
            Column(self.tr("Recipient"), lambda x: display_text(x.recipient)),
            Column(self.tr("Void"), lambda x: self.tr("Void") if x.void else "", tooltip=void_tip),
        ]
        model: RowsModel[LetterInfo] = RowsModel(
            columns, lambda x: x.id, style=self._letter_style, parent=self
        )
        self.letters_table = RecordTable(model, "lettersTable", stretch_column=3)
        self.letters_table.recordChanged.connect(self.update_buttons)
        self.letters_table.doubleClicked.connect(self.view_letter)
        self.view_letter_button = button(self.tr("View letter"), "viewLetterButton")
        self.view_letter_button.clicked.connect(self.view_letter)
        return self._section(self.tr("Letters"), self.letters_table, [self.view_letter_button])

    def _closing_box(self) -> QWidget:
        """Outcome and closing date, reason and satisfaction in two lines; buttons after."""
        grid = QGridLayout()
        grid.addWidget(_section_title(self.tr("Closing")), 0, 0)
        for number, (key, label) in enumerate(
            (
                ("outcome", self.tr("Outcome")),
                ("closed_on", self.tr("Closed on")),
                ("outcome_reason", self.tr("Reason")),
                ("satisfaction", self.tr("Satisfaction")),
            )
        ):
            value = _value(None)
            value.setObjectName(f"closing_{key}")
            self.closing_values[key] = value
            row, column = divmod(number, 2)
            grid.addWidget(QLabel(label), row, 1 + column * 2)
            grid.addWidget(value, row, 2 + column * 2)
        grid.setColumnStretch(2, 2)
        grid.setColumnStretch(4, 1)
        self.close_button = self._action(
            self.tr("Reply and close…"), "closeCaseButton", Action.CLOSE_COMPLAINT
        )
        self.satisfaction_button = self._action(
            self.tr("Record satisfaction…"), "satisfactionButton", Action.RECORD_SATISFACTION
        )
        for row, (push, slot) in enumerate(
            (
                (self.close_button, self.open_close),
                (self.satisfaction_button, self.open_satisfaction),
            )
        ):
            if push is not None:
                push.clicked.connect(slot)
                grid.addWidget(push, row, 5)
        section = QFrame()
        section.setObjectName("closingBox")
        section.setFrameShape(QFrame.Shape.StyledPanel)
        section.setLayout(grid)
        return section

    def _measures_box(self) -> QWidget:
        def official(m: MeasureInfo) -> str:
            return " — ".join(part for part in (m.official_name, m.official_title) if part) or EMPTY

        columns: list[Column[MeasureInfo]] = [
            Column(self.tr("Unit"), lambda m: m.unit_name),
            Column(self.tr("Measure"), lambda m: m.kind_label),
            Column(self.tr("Official"), official),
            Column(self.tr("Decided on"), lambda m: _date(m.decided_on)),
            Column(self.tr("Note"), lambda m: m.note),
        ]
        model: RowsModel[MeasureInfo] = RowsModel(columns, lambda m: m.id, parent=self)
        self.measures_table = RecordTable(model, "measuresTable", stretch_column=4)
        self.measure_button = self._action(
            self.tr("Record measure…"), "measureButton", Action.RECORD_MEASURE
        )
        if self.measure_button is not None:
            self.measure_button.clicked.connect(self.open_measure)
        return self._section(self.tr("Measures"), self.measures_table, [self.measure_button])

    # ------------------------------------------------------------------ showing

    def show_detail(self, detail: ComplaintDetail) -> None:
        self.detail = detail
        self.refresh()

    def refresh(self) -> None:
        """Re-read the referrals, letters, closing and measures."""
        from app import closing, referrals, secretariat  # the calendar loads on demand

        session, complaint_id = self.ctx.session, self.detail.row.id
        with guarded(self):
            self.referrals = referrals.referrals_for(session, complaint_id)
            self.letters = secretariat.letters_for_complaint(session, complaint_id)
            self.closing = closing.closing_of(session, complaint_id)
            self.measures = closing.measures_for(session, complaint_id)
        self._show_referrals()
        self._show_letters()
        self._show_closing()
        self._show_measures()
        self.update_buttons()
        self._share_the_height()

    def _share_the_height(self) -> None:
        """Each table as tall as its rows need (at least two), the rest to the letters."""
        tables = (self.referrals_table, self.letters_table)
        wanted = [_rows_height(table, max(2, table.model().rowCount())) for table in tables]
        least = [_rows_height(table, 2) for table in tables]
        room = max(self.splitter.height(), sum(least))
        if sum(wanted) <= room:
            wanted[1] += room - sum(wanted)
        else:
            spare = max(0, room - sum(least))
            extra = [w - m for w, m in zip(wanted, least, strict=True)]
            total = sum(extra) or 1
            wanted = [m + spare * e // total for m, e in zip(least, extra, strict=True)]
        self.splitter.setSizes(wanted)

    def referral_status(self, referral: ReferralInfo) -> str:
        if referral.status is ReferralStatus.OPEN and referral.paused_since is not None:
            return self.tr("Paused since %1").replace("%1", _date(referral.paused_since))
        return REFERRAL_STATUS_LABELS[referral.status]

    def _show_referrals(self) -> None:
        _refill(self.referrals_table, self.referrals)

    def _referral_style(self, referral: ReferralInfo, column: int) -> CellStyle | None:
        """A missed deadline (of a running clock) in red; a paused clock in amber and bold,
        so it is seen at a glance."""
        running = referral.status is ReferralStatus.OPEN and referral.paused_since is None
        if column == 2 and running and referral.due_on < jalali.today():
            return CellStyle(foreground=QBrush(QColor(ERROR_COLOR)))
        paused = referral.status is ReferralStatus.OPEN and referral.paused_since is not None
        if column == 3 and paused:
            return CellStyle(foreground=QBrush(QColor(PAUSED_COLOR)), bold=True)
        return None

    def _due_tip(self, referral: ReferralInfo) -> str:
        running = referral.status is ReferralStatus.OPEN and referral.paused_since is None
        if running and referral.due_on < jalali.today():
            return self.tr("The deadline has passed.")
        return _date(referral.due_on)

    def _show_letters(self) -> None:
        _refill(self.letters_table, self.letters)

    def _letter_style(self, letter: LetterInfo, _column: int) -> CellStyle | None:
        if not letter.void:  # greyed, the reason in the tooltip
            return None
        grey = self.palette().color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text)
        return CellStyle(foreground=QBrush(grey))

    def _show_closing(self) -> None:
        done = self.closing
        values = {
            "outcome": OUTCOME_LABELS[done.outcome] if done and done.outcome else None,
            "outcome_reason": done.outcome_reason if done else None,
            "closed_on": jalali.format_date(done.closed_on) if done and done.closed_on else None,
            "satisfaction": (
                SATISFACTION_LABELS[done.satisfaction] if done and done.satisfaction else None
            ),
        }
        for key, text in values.items():
            self.closing_values[key].setText(text or EMPTY)

    def _show_measures(self) -> None:
        _refill(self.measures_table, self.measures)

    # ------------------------------------------------------------------ state

    def selected_referral(self) -> ReferralInfo | None:
        chosen = self.referrals_table.selected_id()
        return next((r for r in self.referrals if r.id == chosen), None)

    def selected_letter(self) -> LetterInfo | None:
        chosen = self.letters_table.selected_id()
        return next((letter for letter in self.letters if letter.id == chosen), None)

    def is_closed(self) -> bool:
        return self.detail.row.status == Status.CLOSED

    def update_buttons(self) -> None:
        chosen = self.selected_referral()
        waiting = [r for r in self.referrals if r.status is ReferralStatus.OPEN]
        is_open = chosen is not None and chosen.status is ReferralStatus.OPEN
        running = is_open and chosen is not None and chosen.paused_since is None
        overdue = running and chosen is not None and chosen.due_on < jalali.today()
        closed = self.is_closed()
        _enable(self.refer_button, not closed)
        _enable(self.pause_button, any(r.paused_since is None for r in waiting))
        _enable(self.resume_button, any(r.paused_since is not None for r in waiting))
        _enable(self.response_button, is_open)
        _enable(self.scan_button, chosen is not None and chosen.response_file is not None)
        _enable(self.reminder_button, overdue)
        _enable(self.escalate_button, overdue)
        _enable(self.view_letter_button, self.selected_letter() is not None)
        _enable(self.close_button, not closed)
        _enable(self.satisfaction_button, closed)

    # ------------------------------------------------------------------ actions

    def open_dialog(self, dialog: QDialog) -> QDialog:
        """Open an action dialog (window-modal); a success refreshes the case."""
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        succeeded = getattr(dialog, "succeeded", None)
        if succeeded is not None:
            succeeded.connect(self._after_action)
        dialog.finished.connect(self._forget_dialog)
        self.dialog = dialog
        dialog.open()
        return dialog

    def _forget_dialog(self) -> None:
        self.dialog = None

    def _after_action(self) -> None:
        self.changed.emit()

    @guarded_slot
    def open_refer(self) -> QDialog:
        from ui.pages.case_actions import ReferDialog

        waiting = {r.unit_id for r in self.referrals if r.status is ReferralStatus.OPEN}
        return self.open_dialog(ReferDialog(self.ctx, self.detail.row.id, waiting, self.window()))

    @guarded_slot
    def open_pause(self) -> QDialog:
        from ui.pages.case_actions import PauseDialog

        return self.open_dialog(PauseDialog(self.ctx, self.detail.row.id, self.window()))

    def _service(self, call: Callable[[], T]) -> T | None:
        """Run one service call; a refusal is shown with the service's own words."""
        try:
            return call()
        except ValidationError as exc:
            show_message(self, "\n".join(exc.fields.values()) or exc.message)
            return None

    @guarded_slot
    def resume_clock(self) -> None:
        from app import referrals

        session, complaint_id = self.ctx.session, self.detail.row.id
        if self._service(lambda: referrals.resume(session, complaint_id)) is not None:
            self.changed.emit()

    @guarded_slot
    def open_response(self) -> QDialog | None:
        from ui.pages.case_actions import ResponseDialog

        chosen = self.selected_referral()
        if chosen is None or chosen.status is not ReferralStatus.OPEN:
            return None
        return self.open_dialog(ResponseDialog(self.ctx, chosen, self.window()))

    @guarded_slot
    def open_referral(self) -> QDialog | None:
        """Enter or a double-click on a referral: record its response, or show its scan."""
        if self.response_button is not None and self.response_button.isEnabled():
            return self.open_response()
        if self.scan_button is not None and self.scan_button.isEnabled():
            return self.view_scan()
        return None

    @guarded_slot
    def view_scan(self) -> QDialog | None:
        from ui.pages.case_actions import show_scan

        chosen = self.selected_referral()
        if chosen is None or chosen.response_file is None:
            return None
        return show_scan(self.window(), self.ctx, chosen)

    @guarded_slot
    def send_reminder(self) -> PdfPreviewDialog | None:
        return self._remind(escalate=False)

    @guarded_slot
    def escalate(self) -> PdfPreviewDialog | None:
        return self._remind(escalate=True)

    def _remind(self, *, escalate: bool) -> PdfPreviewDialog | None:
        from app import referrals
        from ui import printing

        chosen = self.selected_referral()
        if chosen is None:
            return None
        session = self.ctx.session
        # The service says why it refuses: not yet due, or no superior unit to escalate to.
        letter = self._service(
            lambda: referrals.send_reminder(session, chosen.id, escalate=escalate)
        )
        if letter is None:
            return None
        self.changed.emit()
        return printing.preview_letter(self.window(), self.ctx.session, letter.id, letter.number)

    @guarded_slot
    def view_letter(self) -> PdfPreviewDialog | None:
        from ui import printing

        letter = self.selected_letter()
        if letter is None:
            return None
        return printing.preview_letter(self.window(), self.ctx.session, letter.id, letter.number)

    @guarded_slot
    def open_close(self) -> QDialog:
        from ui.pages.case_actions import CloseDialog

        waiting = sum(1 for r in self.referrals if r.status is ReferralStatus.OPEN)
        return self.open_dialog(CloseDialog(self.ctx, self.detail, waiting, self.window()))

    @guarded_slot
    def open_satisfaction(self) -> QDialog:
        from ui.pages.case_actions import SatisfactionDialog

        current = self.closing.satisfaction if self.closing else None
        dialog = SatisfactionDialog(self.ctx, self.detail.row.id, current, self.window())
        return self.open_dialog(dialog)

    @guarded_slot
    def open_measure(self) -> QDialog:
        from ui.pages.case_actions import MeasureDialog

        chosen = self.selected_referral()
        default: int | str = chosen.unit_id if chosen is not None else self.detail.row.unit
        dialog = MeasureDialog(self.ctx, self.detail.row.id, default, self.window())
        return self.open_dialog(dialog)


def show_detail(
    parent: QWidget,
    ctx: UiContext,
    detail: ComplaintDetail,
    kept: list[ComplaintDetailDialog],
    on_close: Callable[[], None] | None = None,
) -> ComplaintDetailDialog:
    """Open a complaint in a window of its own (several may be open at once).

    ``kept`` holds the dialog until it closes: Python must not free it while Qt still
    shows it. ``on_close`` runs after it closes (a list may need refreshing).
    """
    dialog = ComplaintDetailDialog(ctx, detail, parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    kept.append(dialog)

    def forget(_result: int) -> None:
        if dialog in kept:
            kept.remove(dialog)
        if on_close is not None:
            on_close()

    dialog.finished.connect(forget)
    dialog.show()
    return dialog
