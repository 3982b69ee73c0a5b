"""The dialogs that move a complaint along (architecture: Who uses it; Letters and printing): refer
it to units, pause and resume
the referral clock, record a unit's response, reply and close, record the complainant's
satisfaction and a measure against a unit; and the viewer of a scanned response.

Each dialog is one service call. Its messages sit beside the fields; on an error the dialog
stays open with everything the user typed. Enter (or Ctrl+Enter in a multi-line field) is OK.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QDir, QEvent, QObject, QStandardPaths, Qt, Signal
from PySide6.QtGui import QGuiApplication, QImage, QKeyEvent, QPixmap, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app import files, jalali, letterhead, lists
from app.closing import (
    ClosingRequest,
    MeasureInput,
    close,
    record_measure,
    record_satisfaction,
)
from app.errors import DadrasError, ValidationError
from app.lookup import ComplaintDetail
from app.office_calendar import load_calendar
from app.persian import grouped_number, ltr, to_persian_digits
from app.referrals import (
    ReferralInfo,
    ReferralRequest,
    ResponseInput,
    pause,
    record_response,
    refer,
    response_scan,
)
from app.search_text import filter_key
from app.secretariat import CopyLine, LetterInfo
from app.vocabulary import (
    COPY_PURPOSE_LABELS,
    MEASURE_LABELS,
    OUTCOME_LABELS,
    SATISFACTION_LABELS,
    CopyPurpose,
    Identity,
    MeasureKind,
    Outcome,
    Satisfaction,
)
from ui.context import UiContext
from ui.errors import FieldErrors, guarded, guarded_slot
from ui.printing import PdfPreviewDialog, preview_letter
from ui.screen_fit import fit_to_screen, resize_within_screen
from ui.widgets import file_dialog
from ui.widgets.jalali_date import JalaliDateEdit
from ui.widgets.shortcuts import key_sequence

__all__ = [
    "CaseDialog",
    "CloseDialog",
    "CopyList",
    "ImageDialog",
    "MeasureDialog",
    "PauseDialog",
    "ReferDialog",
    "ResponseDialog",
    "SatisfactionDialog",
    "ScanError",
    "show_scan",
]

SCAN_PATTERNS = "*.pdf *.png *.jpg *.jpeg *.tif *.tiff"

# Strings outside a class: a plain ``translate("CaseActions", ...)`` so lupdate finds them.
translate = QCoreApplication.translate


class ScanError(DadrasError):
    """A stored scan that cannot be shown."""


# --------------------------------------------------------------------------- small widgets


def _pin_start_side(widget: QLineEdit | QLabel) -> None:
    """Digits are left-to-right text; keep them on the form's side in a right-to-left form."""
    if QGuiApplication.isRightToLeft():
        widget.setAlignment(
            Qt.AlignmentFlag.AlignRight
            | Qt.AlignmentFlag.AlignAbsolute
            | Qt.AlignmentFlag.AlignVCenter
        )


def _text_edit(object_name: str, height: int = 90) -> QPlainTextEdit:
    """A multi-line field: Tab moves on, Persian paragraphs sit on the right."""
    edit = QPlainTextEdit()
    edit.setObjectName(object_name)
    edit.setTabChangesFocus(True)
    edit.setMinimumHeight(height)
    if QGuiApplication.isRightToLeft():
        option = edit.document().defaultTextOption()
        option.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignAbsolute)
        edit.document().setDefaultTextOption(option)
    return edit


def _line_edit(object_name: str, max_length: int = 200) -> QLineEdit:
    edit = QLineEdit()
    edit.setObjectName(object_name)
    edit.setMaxLength(max_length)
    return edit


def _combo(object_name: str, labels: Mapping[Any, str]) -> QComboBox:
    combo = QComboBox()
    combo.setObjectName(object_name)
    for data, label in labels.items():
        combo.addItem(label, data)
    return combo


def _note(text: str, object_name: str) -> QLabel:
    label = QLabel(text)
    label.setObjectName(object_name)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    _pin_start_side(label)
    return label


def _date_edit(object_name: str, value: dt.date | None) -> JalaliDateEdit:
    edit = JalaliDateEdit()
    edit.setObjectName(object_name)
    edit.setDate(value)
    return edit


def _start_folder() -> str:
    folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return folder or QDir.homePath()


def _select_data(combo: QComboBox, data: object) -> None:
    index = combo.findData(data)
    if index >= 0:
        combo.setCurrentIndex(index)


# --------------------------------------------------------------------------- the base dialog


class CaseDialog(QDialog):
    """A form with each message under its field, OK (the default: Enter) and Cancel.

    A subclass adds its rows to ``form`` with ``errors.add_row``, calls ``lay_out`` and
    implements ``submit`` (one service call); ``check`` may refuse what the service cannot
    judge (a date that is not a date). ``succeeded`` carries what the service returned;
    ``after`` runs once the dialog has closed (a letter's preview).

    Its own strings use the fixed context "CaseDialog": ``self.tr`` would look them up
    under the subclass's name, where lupdate does not put them.
    """

    succeeded = Signal(object)

    def __init__(
        self, ctx: UiContext, complaint_id: int, parent: QWidget | None, object_name: str
    ) -> None:
        super().__init__(parent)
        fit_to_screen(self)
        self.setObjectName(object_name)
        self.ctx, self.complaint_id = ctx, complaint_id
        self.errors = FieldErrors()
        self.form = QFormLayout()
        self.form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        self.result_value: object = None

    def lay_out(self, ok_text: str, min_width: int = 460) -> None:
        box = QDialogButtonBox()
        self.ok_button = box.addButton(ok_text, QDialogButtonBox.ButtonRole.AcceptRole)
        self.ok_button.setObjectName("okButton")
        self.ok_button.setDefault(True)
        cancel = box.addButton(
            translate("CaseDialog", "Cancel"), QDialogButtonBox.ButtonRole.RejectRole
        )
        cancel.setObjectName("cancelButton")
        cancel.setAutoDefault(False)
        box.accepted.connect(self.accept)
        box.rejected.connect(self.reject)
        column = QVBoxLayout(self)
        column.addLayout(self.form)
        column.addWidget(self.errors.general)
        column.addWidget(box)
        self.setMinimumWidth(min_width)
        # Enter in a multi-line field adds a line; Ctrl+Enter is OK from anywhere.
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            QShortcut(key_sequence(keys), self, self.accept)

    def check(self) -> dict[str, str]:
        return {}

    def submit(self) -> object:
        raise NotImplementedError

    def after(self, result: object) -> None:
        """What follows a success once the dialog has closed."""

    def date_problem(self, edit: JalaliDateEdit) -> str | None:
        if edit.date() is not None:
            return None
        if edit.text().strip():
            return translate("CaseDialog", "This is not a valid date; type it like 1405/09/02.")
        return translate("CaseDialog", "Enter the date.")

    def accept(self) -> None:
        with guarded(self):
            self.errors.clear()
            problems = self.check()
            if problems:
                self.errors.show(problems)
                return
            try:
                result = self.submit()
            except DadrasError as exc:
                self.errors.show_exception(exc)
                return
            self.result_value = result
            self.succeeded.emit(result)
            super().accept()
            self.after(result)


# --------------------------------------------------------------------------- referring


class CopyList(QWidget):
    """The copy-to lines of a letter: a recipient and a purpose each; Add and Remove."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("copyList")
        self.rows: list[tuple[QWidget, QLineEdit, QComboBox]] = []
        self._rows_layout = QVBoxLayout()
        self._rows_layout.setContentsMargins(0, 0, 0, 0)
        self.add_button = QPushButton(self.tr("Add a copy recipient"))
        self.add_button.setObjectName("addCopyButton")
        self.add_button.setAutoDefault(False)
        self.add_button.clicked.connect(self.add_row)
        adder = QHBoxLayout()
        adder.addWidget(self.add_button)
        adder.addStretch(1)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.addLayout(self._rows_layout)
        column.addLayout(adder)

    @guarded_slot
    def add_row(self, recipient: str = "", purpose: CopyPurpose = CopyPurpose.INFORMATION) -> None:
        line = QWidget(self)
        edit = _line_edit("copyRecipient", 300)
        edit.setText(recipient)
        edit.setPlaceholderText(self.tr("Recipient"))
        combo = _combo("copyPurpose", COPY_PURPOSE_LABELS)
        _select_data(combo, purpose)
        remove = QToolButton()
        remove.setObjectName("removeCopy")
        remove.setText("✕")
        remove.setToolTip(self.tr("Remove this recipient"))
        remove.clicked.connect(lambda: self.remove_row(line))
        layout = QHBoxLayout(line)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(edit, 1)
        layout.addWidget(combo)
        layout.addWidget(remove)
        self._rows_layout.addWidget(line)
        self.rows.append((line, edit, combo))
        edit.setFocus()

    def remove_row(self, line: QWidget) -> None:
        self.rows = [row for row in self.rows if row[0] is not line]
        self._rows_layout.removeWidget(line)
        line.deleteLater()
        self.add_button.setFocus()

    def lines(self) -> tuple[CopyLine, ...]:
        """The filled lines; a row left blank is no recipient."""
        return tuple(
            CopyLine(edit.text(), CopyPurpose(combo.currentData()))
            for _line, edit, combo in self.rows
            if edit.text().strip()
        )


class ReferDialog(CaseDialog):
    """Refer the complaint to one or more active units with instructions and a deadline."""

    def __init__(
        self,
        ctx: UiContext,
        complaint_id: int,
        open_unit_ids: set[int],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(ctx, complaint_id, parent, "referDialog")
        self.setWindowTitle(self.tr("Refer the complaint"))
        self.calendar = load_calendar()
        self._build_units(open_unit_ids)
        self.instructions_edit = _text_edit("instructionsEdit")
        self.deadline_spin = QSpinBox()
        self.deadline_spin.setObjectName("deadlineSpin")
        self.deadline_spin.setRange(1, letterhead.MAX_DEADLINE_DAYS)
        self.deadline_spin.setValue(letterhead.default_deadline_days())
        self.deadline_spin.setSuffix(self.tr(" working days"))
        self.due_label = _note("", "dueLabel")
        self.deadline_spin.valueChanged.connect(self._show_due)
        self.copies = CopyList()
        deadline = QHBoxLayout()
        deadline.addWidget(self.deadline_spin)
        deadline.addWidget(self.due_label, 1)
        holder = QWidget()
        holder.setLayout(deadline)
        deadline.setContentsMargins(0, 0, 0, 0)
        self.errors.add_row(self.form, self.tr("Units"), "units", self._units_box)
        self.errors.add_row(
            self.form, self.tr("Instructions"), "instructions", self.instructions_edit
        )
        self.errors.add_row(self.form, self.tr("Deadline"), "deadline_days", holder)
        self.errors.add_row(self.form, self.tr("Copy to"), "copies", self.copies)
        self.errors.watch("units", self.unit_list.itemChanged)  # a unit ticked
        self.errors.watch("deadline_days", self.deadline_spin.valueChanged)
        self.lay_out(self.tr("Refer"), 560)
        self._show_due()
        self.unit_filter.setFocus()
        for first, second in (
            (self.unit_filter, self.unit_list),
            (self.unit_list, self.instructions_edit),
            (self.instructions_edit, self.deadline_spin),
            (self.deadline_spin, self.copies.add_button),
        ):
            QWidget.setTabOrder(first, second)

    def _build_units(self, open_unit_ids: set[int]) -> None:
        self.unit_filter = _line_edit("unitFilter", 100)
        self.unit_filter.setPlaceholderText(self.tr("Type part of a unit's name"))
        self.unit_filter.setClearButtonEnabled(True)
        self.unit_filter.textChanged.connect(self._filter_units)
        self.unit_filter.installEventFilter(self)
        self.unit_list = QListWidget()
        self.unit_list.setObjectName("unitList")
        self.unit_list.setMinimumHeight(150)
        for unit in lists.list_units(self.ctx.session):
            item = QListWidgetItem(unit.name)
            item.setData(Qt.ItemDataRole.UserRole, unit.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            if unit.id in open_unit_ids:
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEnabled)
                item.setToolTip(self.tr("Already referred; waiting for its response."))
            self.unit_list.addItem(item)
        self.unit_list.itemChanged.connect(self._count_units)
        self.units_chosen = _note("", "unitsChosen")
        self._units_box = QWidget()
        column = QVBoxLayout(self._units_box)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.unit_filter)
        column.addWidget(self.unit_list, 1)
        column.addWidget(self.units_chosen)
        self._count_units()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Down in the filter box moves into the list, onto the first unit shown."""
        if watched is self.unit_filter and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            if event.key() == Qt.Key.Key_Down:
                self.unit_list.setFocus()
                current = self.unit_list.currentItem()
                if current is None or current.isHidden():
                    shown = [item for item in self.unit_items() if not item.isHidden()]
                    if shown:
                        self.unit_list.setCurrentItem(shown[0])
                return True
        return super().eventFilter(watched, event)

    def unit_items(self) -> list[QListWidgetItem]:
        return [self.unit_list.item(i) for i in range(self.unit_list.count())]

    def chosen_unit_ids(self) -> tuple[int, ...]:
        return tuple(
            int(item.data(Qt.ItemDataRole.UserRole))
            for item in self.unit_items()
            if item.checkState() == Qt.CheckState.Checked
        )

    def _filter_units(self, text: str) -> None:
        wanted = filter_key(text)
        for item in self.unit_items():
            item.setHidden(bool(wanted) and wanted not in filter_key(item.text()))

    def _count_units(self) -> None:
        count = len(self.chosen_unit_ids())
        self.units_chosen.setText(self.tr("Units chosen: %1").replace("%1", grouped_number(count)))

    def due_on(self) -> dt.date:
        return self.calendar.add_working_days(jalali.today(), self.deadline_spin.value())

    def _show_due(self) -> None:
        due = self.due_on()
        weekday = jalali.WEEKDAY_NAMES[jalali.weekday_index(due)]
        self.due_label.setText(
            self.tr("Due on %1").replace("%1", f"{weekday} {jalali.format_date_long(due)}")
        )

    def submit(self) -> list[ReferralInfo]:
        return refer(
            self.ctx.session,
            ReferralRequest(
                complaint_id=self.complaint_id,
                unit_ids=self.chosen_unit_ids(),
                instructions=self.instructions_edit.toPlainText(),
                deadline_days=self.deadline_spin.value(),
                copies=self.copies.lines(),
            ),
        )

    def after(self, result: object) -> None:
        assert isinstance(result, list)
        letters = [(r.letter_id, r.letter_number) for r in result if r.letter_id is not None]
        if not letters:
            return
        parent = self.parentWidget()
        numbers = "، ".join(ltr(to_persian_digits(number or "")) for _id, number in letters)
        if len(letters) == 1:  # the letter, not «the first letter»
            question = self.tr("Referral letter %2 was issued.\n\nPreview it now?")
        else:
            question = self.tr(
                "%1 referral letters were issued: %2.\n\nPreview the first letter now?"
            )
        question = question.replace("%1", grouped_number(len(letters))).replace("%2", numbers)
        if ask(parent, question, self.tr("Preview letter")):
            letter_id, number = letters[0]
            preview_letter(parent, self.ctx.session, letter_id, number or "")


def ask(parent: QWidget | None, text: str, yes_text: str) -> bool:
    """A question with ``yes_text`` (the default) and "Not now"; True for yes."""
    box = QMessageBox(parent)
    box.setObjectName("askBox")
    box.setIcon(QMessageBox.Icon.Question)
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.setText(text)
    box.setStandardButtons(QMessageBox.StandardButton.Ok | QMessageBox.StandardButton.Cancel)
    box.button(QMessageBox.StandardButton.Ok).setText(yes_text)
    box.button(QMessageBox.StandardButton.Cancel).setText(translate("CaseActions", "Not now"))
    box.setDefaultButton(QMessageBox.StandardButton.Ok)
    return int(box.exec()) == int(QMessageBox.StandardButton.Ok)


# --------------------------------------------------------------------------- the clock


class PauseDialog(CaseDialog):
    """Stop the clock on the open referrals while the office waits on the complainant."""

    def __init__(self, ctx: UiContext, complaint_id: int, parent: QWidget | None = None) -> None:
        super().__init__(ctx, complaint_id, parent, "pauseDialog")
        self.setWindowTitle(self.tr("Pause the referral clock"))
        self.reason_edit = _line_edit("pauseReasonEdit", 300)
        self.reason_edit.setPlaceholderText(
            self.tr("e.g. waiting for documents from the complainant")
        )
        self.form.addRow(
            _note(self.tr("The deadlines of all open referrals stop until resumed."), "pauseNote")
        )
        self.errors.add_row(self.form, self.tr("Reason"), "reason", self.reason_edit)
        self.lay_out(self.tr("Pause"))
        self.reason_edit.setFocus()

    def submit(self) -> list[ReferralInfo]:
        return pause(self.ctx.session, self.complaint_id, self.reason_edit.text())


# --------------------------------------------------------------------------- responses


class ResponseDialog(CaseDialog):
    """The unit answered: the date, a summary, its letter number and the scanned letter."""

    def __init__(
        self, ctx: UiContext, referral: ReferralInfo, parent: QWidget | None = None
    ) -> None:
        super().__init__(ctx, referral.complaint_id, parent, "responseDialog")
        self.referral = referral
        self.setWindowTitle(self.tr("Response of %1").replace("%1", referral.unit_name))
        self.scan: bytes | None = None
        self.scan_name = ""
        self.answered_edit = _date_edit("answeredOnEdit", jalali.today())
        self.text_edit = _text_edit("responseTextEdit", 120)
        self.number_edit = _line_edit("responseNumberEdit", 60)
        _pin_start_side(self.number_edit)
        self.errors.add_row(self.form, self.tr("Answered on"), "answered_on", self.answered_edit)
        self.errors.add_row(self.form, self.tr("Response"), "text", self.text_edit)
        self.errors.add_row(
            self.form, self.tr("Unit's letter number"), "letter_number", self.number_edit
        )
        self.errors.add_row(self.form, self.tr("Scanned letter"), "scan", self._scan_row())
        self.lay_out(self.tr("Save response"), 520)
        self._show_scan_name()
        self.text_edit.setFocus()

    def _scan_row(self) -> QWidget:
        self.scan_label = _note("", "scanName")
        self.attach_button = QPushButton(self.tr("Attach…"))
        self.attach_button.setObjectName("attachScanButton")
        self.attach_button.setAutoDefault(False)
        self.attach_button.clicked.connect(self.choose_scan)
        self.remove_scan_button = QPushButton(self.tr("Remove"))
        self.remove_scan_button.setObjectName("removeScanButton")
        self.remove_scan_button.setAutoDefault(False)
        self.remove_scan_button.clicked.connect(self.remove_scan)
        row = QWidget()
        layout = QHBoxLayout(row)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.scan_label, 1)
        layout.addWidget(self.attach_button)
        layout.addWidget(self.remove_scan_button)
        return row

    @guarded_slot
    def choose_scan(self) -> None:
        name, _chosen = file_dialog.open_file_name(
            self,
            self.tr("Attach the unit's letter"),
            _start_folder(),
            self.tr("Scanned letters (%1)").replace("%1", SCAN_PATTERNS),
        )
        if name:
            self.attach_file(Path(name))

    def attach_file(self, path: Path) -> bool:
        """Read ``path`` as the scan; a file that is not a scan keeps the one attached."""
        try:
            data, _media_type = files.read_upload(path)
        except ValidationError as exc:
            message = exc.fields.get("file") or next(iter(exc.fields.values()), exc.message)
            self.errors.set_message("scan", message)
            return False
        self.errors.set_message("scan", "")
        self.scan, self.scan_name = data, path.name
        self._show_scan_name()
        return True

    @guarded_slot
    def remove_scan(self) -> None:
        self.scan, self.scan_name = None, ""
        self.errors.set_message("scan", "")
        self._show_scan_name()

    def _show_scan_name(self) -> None:
        self.scan_label.setText(self.scan_name or self.tr("No file attached"))
        self.remove_scan_button.setEnabled(self.scan is not None)

    def check(self) -> dict[str, str]:
        problem = self.date_problem(self.answered_edit)
        return {"answered_on": problem} if problem else {}

    def submit(self) -> ReferralInfo:
        return record_response(
            self.ctx.session,
            ResponseInput(
                referral_id=self.referral.id,
                answered_on=self.answered_edit.date(),
                text=self.text_edit.toPlainText(),
                letter_number=self.number_edit.text(),
                scan=self.scan,
            ),
        )


# --------------------------------------------------------------------------- closing


class CloseDialog(CaseDialog):
    """Reply and close: the outcome (a reason when not admissible) and the reply letter."""

    def __init__(
        self,
        ctx: UiContext,
        detail: ComplaintDetail,
        open_referrals: int,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(ctx, detail.row.id, parent, "closeDialog")
        self.setWindowTitle(self.tr("Reply and close"))
        self.outcome_combo = _combo("outcomeCombo", OUTCOME_LABELS)
        self.outcome_combo.setPlaceholderText(self.tr("Choose the outcome"))
        self.outcome_combo.setCurrentIndex(-1)
        self.reason_edit = _text_edit("reasonEdit", 60)
        self.reply_edit = _text_edit("replyTextEdit", 140)
        self.issue_check = QCheckBox(self.tr("Issue the reply letter"))
        self.issue_check.setObjectName("issueReplyCheck")
        self.issue_check.setChecked(True)
        self.errors.add_row(self.form, self.tr("Outcome"), "outcome", self.outcome_combo)
        self.errors.add_row(
            self.form, self.tr("Reason (not admissible)"), "reason", self.reason_edit
        )
        self.errors.add_row(
            self.form, self.tr("Reply to the complainant"), "reply_text", self.reply_edit
        )
        self.form.addRow("", self.issue_check)
        self._add_notes(detail, open_referrals)
        self.outcome_combo.currentIndexChanged.connect(self._apply_outcome)
        self.issue_check.toggled.connect(self.reply_edit.setEnabled)
        self.lay_out(self.tr("Close the complaint"), 560)
        self._apply_outcome()
        self.outcome_combo.setFocus()

    def _add_notes(self, detail: ComplaintDetail, open_referrals: int) -> None:
        if detail.row.identity == Identity.ANONYMOUS:
            self.form.addRow(
                _note(
                    self.tr(
                        "Anonymous complaint: a reply slip is printed instead of a letter. "
                        "Hand it over only to whoever shows the tracking code."
                    ),
                    "anonymousNote",
                )
            )
        if open_referrals:
            text = self.tr("%1 open referral(s) will be cancelled.")
            self.form.addRow(
                _note(text.replace("%1", to_persian_digits(open_referrals)), "openReferralsNote")
            )

    def outcome(self) -> Outcome | None:
        data = self.outcome_combo.currentData()
        return Outcome(data) if data else None

    def _apply_outcome(self) -> None:
        self.reason_edit.setEnabled(self.outcome() is Outcome.NOT_ADMISSIBLE)

    def check(self) -> dict[str, str]:
        return {} if self.outcome() else {"outcome": self.tr("Choose the outcome.")}

    def submit(self) -> LetterInfo | None:
        outcome = self.outcome()
        assert outcome is not None  # check() saw to it
        reason = self.reason_edit.toPlainText() if outcome is Outcome.NOT_ADMISSIBLE else ""
        return close(
            self.ctx.session,
            ClosingRequest(
                complaint_id=self.complaint_id,
                outcome=outcome,
                reason=reason,
                reply_text=self.reply_edit.toPlainText() if self.issue_check.isChecked() else "",
                issue_reply=self.issue_check.isChecked(),
            ),
        )

    def after(self, result: object) -> None:
        if isinstance(result, LetterInfo):
            preview_letter(self.parentWidget(), self.ctx.session, result.id, result.number)


class SatisfactionDialog(CaseDialog):
    """What the complainant said when they called back after the reply."""

    def __init__(
        self,
        ctx: UiContext,
        complaint_id: int,
        current: Satisfaction | None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(ctx, complaint_id, parent, "satisfactionDialog")
        self.setWindowTitle(self.tr("Complainant's satisfaction"))
        self.combo = _combo("satisfactionCombo", SATISFACTION_LABELS)
        self.combo.setPlaceholderText(self.tr("Choose"))
        self.combo.setCurrentIndex(-1)
        if current is not None:
            _select_data(self.combo, current)
        self.errors.add_row(self.form, self.tr("Satisfaction"), "satisfaction", self.combo)
        self.lay_out(self.tr("Save"), 360)
        self.combo.setFocus()

    def check(self) -> dict[str, str]:
        if self.combo.currentIndex() < 0:
            return {"satisfaction": self.tr("Choose what the complainant said.")}
        return {}

    def submit(self) -> object:
        choice = Satisfaction(self.combo.currentData())
        return record_satisfaction(self.ctx.session, self.complaint_id, choice)


# --------------------------------------------------------------------------- measures


class MeasureDialog(CaseDialog):
    """A measure decided for or against a unit or one of its officials."""

    def __init__(
        self,
        ctx: UiContext,
        complaint_id: int,
        default_unit: int | str | None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(ctx, complaint_id, parent, "measureDialog")
        self.setWindowTitle(self.tr("Record a measure"))
        self.unit_combo = self._unit_combo(default_unit)
        self.kind_combo = _combo("measureKindCombo", MEASURE_LABELS)
        self.name_edit = _line_edit("officialNameEdit")
        self.name_edit.setPlaceholderText(self.tr("Optional"))
        self.title_edit = _line_edit("officialTitleEdit")
        self.title_edit.setPlaceholderText(self.tr("Optional"))
        self.note_edit = _text_edit("measureNoteEdit", 80)
        self.decided_edit = _date_edit("decidedOnEdit", jalali.today())
        self.errors.add_row(self.form, self.tr("Unit"), "unit", self.unit_combo)
        self.errors.add_row(self.form, self.tr("Measure"), "kind", self.kind_combo)
        self.errors.add_row(self.form, self.tr("Official's name"), "official_name", self.name_edit)
        self.errors.add_row(
            self.form, self.tr("Official's title"), "official_title", self.title_edit
        )
        self.errors.add_row(self.form, self.tr("Note"), "note", self.note_edit)
        self.errors.add_row(self.form, self.tr("Decided on"), "decided_on", self.decided_edit)
        self.lay_out(self.tr("Save"), 480)
        self.unit_combo.setFocus()

    def _unit_combo(self, default: int | str | None) -> QComboBox:
        """The active units, plus the default one when it is no longer active."""
        combo = QComboBox()
        combo.setObjectName("measureUnitCombo")
        combo.setMaxVisibleItems(15)
        for unit in lists.list_units(self.ctx.session, include_inactive=True):
            if unit.active or unit.id == default or unit.name == default:
                combo.addItem(unit.name, unit.id)
        index = (
            combo.findData(default)
            if isinstance(default, int)
            else combo.findText(default or "", Qt.MatchFlag.MatchExactly)
        )
        combo.setCurrentIndex(max(index, 0))
        return combo

    def check(self) -> dict[str, str]:
        problems: dict[str, str] = {}
        if self.unit_combo.currentIndex() < 0:
            problems["unit"] = self.tr("Choose the unit.")
        problem = self.date_problem(self.decided_edit)
        if problem:
            problems["decided_on"] = problem
        return problems

    def submit(self) -> object:
        return record_measure(
            self.ctx.session,
            MeasureInput(
                complaint_id=self.complaint_id,
                unit_id=int(self.unit_combo.currentData()),
                kind=MeasureKind(self.kind_combo.currentData()),
                official_name=self.name_edit.text(),
                official_title=self.title_edit.text(),
                note=self.note_edit.toPlainText(),
                decided_on=self.decided_edit.date(),
            ),
        )


# --------------------------------------------------------------------------- scans


class ImageDialog(QDialog):
    """A scanned image at its own size, scrollable, with Close."""

    def __init__(self, data: bytes, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        fit_to_screen(self)
        self.setObjectName("imageDialog")
        self.setWindowTitle(title)
        image = QImage.fromData(data)
        if image.isNull():
            raise ScanError(self.tr("The scanned image could not be shown."))
        self.image_label = QLabel()
        self.image_label.setObjectName("scanImage")
        self.image_label.setPixmap(QPixmap.fromImage(image))
        scroll = QScrollArea()
        scroll.setObjectName("scanScroll")
        scroll.setAlignment(Qt.AlignmentFlag.AlignCenter)
        scroll.setWidget(self.image_label)
        buttons = QDialogButtonBox()
        close_button = buttons.addButton(self.tr("Close"), QDialogButtonBox.ButtonRole.RejectRole)
        close_button.setObjectName("closeButton")
        buttons.rejected.connect(self.reject)
        column = QVBoxLayout(self)
        column.addWidget(scroll, 1)
        column.addWidget(buttons)
        resize_within_screen(self, min(image.width() + 60, 1000), image.height() + 90)


def show_scan(parent: QWidget | None, ctx: UiContext, referral: ReferralInfo) -> QDialog:
    """Open the stored scan of ``referral``'s response: a PDF in the PDF preview, an image in
    the image viewer."""
    data, media_type = response_scan(ctx.session, referral.id)
    title = translate("CaseActions", "Response of %1").replace("%1", referral.unit_name)
    dialog: QDialog
    if media_type == files.PDF:
        dialog = PdfPreviewDialog(data, title, f"{referral.unit_name}.pdf", parent)
        dialog.setObjectName("scanPreviewDialog")
    else:
        dialog = ImageDialog(data, title, parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog
