"""The front desk's registration form (architecture: Who uses it; The window).

One screen, keyboard first: the clerk types, presses Enter (or Ctrl+Enter / Ctrl+S anywhere,
since Enter in the description adds a line) and reads the tracking code aloud from the result
panel, prints the receipt, and the form is ready for the next person with the clerk's own
choices (kind, channel, unit, category, received date, identity mode) kept.
"""

from __future__ import annotations

from itertools import pairwise
from typing import TYPE_CHECKING

from PySide6.QtCore import QSize, Qt, QTimer, Signal
from PySide6.QtGui import (
    QFont,
    QGuiApplication,
    QKeyEvent,
    QKeySequence,
    QResizeEvent,
    QShortcut,
    QShowEvent,
)
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QBoxLayout,
    QButtonGroup,
    QComboBox,
    QCompleter,
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from app import drafts, jalali, lists
from app.errors import DadrasError, ValidationError
from app.permissions import Action, allowed
from app.persian import normalize, to_persian_digits
from app.registration import ComplaintInput, Registered, register_complaint
from app.tracking import format_tracking_code
from app.vocabulary import (
    CHANNEL_LABELS,
    HONORIFIC_LABELS,
    KIND_LABELS,
    NO_HONORIFIC_LABEL,
    REGISTRABLE_CHANNELS,
    Channel,
    Honorific,
    Identity,
    Kind,
)
from ui.context import UiContext

if TYPE_CHECKING:
    from ui.printing import PdfPreviewDialog
from app import log
from ui.errors import FieldErrors, guarded_slot, show_error
from ui.widgets import icons
from ui.widgets.jalali_date import JalaliDateEdit

_log = log.get("registration")

__all__ = ["RegistrationPage"]

_IDENTITY_FIELDS = ("full_name", "national_code", "mobile", "address", "county")
# The fields that make a draft worth keeping; the rest are the clerk's standing choices.
_TYPED_FIELDS = (*_IDENTITY_FIELDS, "subject", "description")
DRAFT_FORM = "registration"
DRAFT_DELAY_MS = 800  # save the draft once typing pauses
SIDE_BY_SIDE_WIDTH = 880  # narrower than this, the complainant goes above the complaint
_ENTER_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter)


class _DescriptionEdit(QPlainTextEdit):
    """The description box: it takes the height the form has left, and asks for no more
    than its minimum, so a form showing all its messages still fits a 1366×768 screen
    without a scroll bar (a text box otherwise asks for about seven lines)."""

    def sizeHint(self) -> QSize:
        return QSize(super().sizeHint().width(), self.minimumHeight())


class RegistrationPage(QWidget):
    """Register a complaint; ``registered(complaint_id)`` is emitted after each success.

    Without ``ctx`` only the form is built (the application does that while the user types
    the password); ``attach(ctx)`` then applies the user's rights and fills the lists.
    """

    registered = Signal(int)
    ctx: UiContext
    draft_form = DRAFT_FORM  # a form built on this one keeps its own draft

    def __init__(self, ctx: UiContext | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("registrationPage")
        self.last: Registered | None = None
        self._units: dict[str, int] = {}  # normalised unit name -> unit id
        self._lists_stale = False
        self._restoring_draft = False
        self._draft_timer = QTimer(self)
        self._draft_timer.setSingleShot(True)
        self._draft_timer.setInterval(DRAFT_DELAY_MS)
        self._draft_timer.timeout.connect(self.save_draft)

        self._build_fields()
        self._build_layout()
        self._connect()
        self._apply_identity()
        if ctx is not None:
            self.attach(ctx)

    def attach(self, ctx: UiContext) -> None:
        """The logged-in user's part: what the role may do, and the unit and category lists."""
        self.ctx = ctx
        may_register = allowed(ctx.session, Action.REGISTER_COMPLAINT)
        self.save_button.setEnabled(may_register)
        self.save_button.setToolTip(
            "" if may_register else self.tr("Your role may not register complaints.")
        )
        may_print = allowed(ctx.session, Action.PRINT_RECEIPT)
        self.print_button.setEnabled(may_print)
        self.save_pdf_button.setEnabled(may_print)
        self.received_edit.setDate(jalali.today())  # the form may have been built before midnight
        self._load_lists()
        self.restore_draft()

    # ================================================================== construction

    def _line(self, name: str, max_length: int = 200) -> QLineEdit:
        edit = QLineEdit()
        edit.setObjectName(name)
        edit.setMaxLength(max_length)
        edit.setClearButtonEnabled(False)
        return edit

    def _build_fields(self) -> None:
        self.identity_group = QButtonGroup(self)
        self.identity_buttons: dict[Identity, QRadioButton] = {}
        for identity, name, text in (
            (Identity.NAMED, "identityNamed", self.tr("Named")),
            (Identity.ANONYMOUS, "identityAnonymous", self.tr("Anonymous")),
            (Identity.CONFIDENTIAL, "identityConfidential", self.tr("Confidential")),
        ):
            button = QRadioButton(text)
            button.setObjectName(name)
            self.identity_group.addButton(button)
            self.identity_buttons[identity] = button
        self.identity_buttons[Identity.NAMED].setChecked(True)
        self.identity_buttons[Identity.ANONYMOUS].setToolTip(
            self.tr("The complainant gives no name; nothing identifying is recorded.")
        )
        self.identity_buttons[Identity.CONFIDENTIAL].setToolTip(
            self.tr("The name is recorded but shown only to inspectors and managers.")
        )

        self.honorific_combo = QComboBox()
        self.honorific_combo.setObjectName("honorificCombo")
        self.honorific_combo.addItem(NO_HONORIFIC_LABEL, None)
        for honorific, label in HONORIFIC_LABELS.items():
            self.honorific_combo.addItem(label, honorific.value)
        self.honorific_combo.setToolTip(self.tr("How the reply letter addresses the complainant"))
        self.full_name_edit = self._line("fullNameEdit")
        self.national_code_edit = self._line("nationalCodeEdit", 20)
        self.national_code_edit.setPlaceholderText(self.tr("10 digits"))
        self.mobile_edit = self._line("mobileEdit", 20)
        self.mobile_edit.setPlaceholderText(self.tr("e.g. 09121234567"))
        if QGuiApplication.isRightToLeft():
            # Digits are left-to-right text, which a QLineEdit would put on the far left;
            # keep them on the form's side, like the names (and the date field).
            for edit in (self.national_code_edit, self.mobile_edit):
                edit.setAlignment(
                    Qt.AlignmentFlag.AlignRight
                    | Qt.AlignmentFlag.AlignAbsolute
                    | Qt.AlignmentFlag.AlignVCenter
                )
        self.address_edit = self._line("addressEdit", 500)
        self.county_edit = self._line("countyEdit", 100)

        self.kind_combo = QComboBox()
        self.kind_combo.setObjectName("kindCombo")
        for kind, label in KIND_LABELS.items():
            self.kind_combo.addItem(label, kind)
        self.kind_combo.setCurrentIndex(self.kind_combo.findData(Kind.COMPLAINT))

        self.unit_combo = QComboBox()
        self.unit_combo.setObjectName("unitCombo")
        self.unit_combo.setEditable(True)
        self.unit_combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.unit_combo.setMaxVisibleItems(15)
        unit_edit = self.unit_combo.lineEdit()
        assert unit_edit is not None  # an editable combo always has its line edit
        unit_edit.setPlaceholderText(self.tr("Type part of the unit's name"))
        completer = QCompleter(self.unit_combo.model(), self.unit_combo)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.unit_combo.setCompleter(completer)

        self.category_combo = QComboBox()
        self.category_combo.setObjectName("categoryCombo")
        self.category_combo.setPlaceholderText(self.tr("Choose a category"))

        self.channel_combo = QComboBox()
        self.channel_combo.setObjectName("channelCombo")
        for channel in REGISTRABLE_CHANNELS:
            self.channel_combo.addItem(CHANNEL_LABELS[channel], channel)
        self.channel_combo.setCurrentIndex(self.channel_combo.findData(Channel.WALK_IN))

        self.received_edit = JalaliDateEdit()
        self.received_edit.setObjectName("receivedDateEdit")
        self.received_edit.setDate(jalali.today())

        self.subject_edit = self._line("subjectEdit", 300)
        self.description_edit = _DescriptionEdit()
        self.description_edit.setObjectName("descriptionEdit")
        self.description_edit.setTabChangesFocus(True)
        if QGuiApplication.isRightToLeft():
            # QPlainTextEdit left-aligns even Persian paragraphs unless told otherwise; each
            # paragraph still finds its own direction, so an English line reads correctly.
            option = self.description_edit.document().defaultTextOption()
            option.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignAbsolute)
            self.description_edit.document().setDefaultTextOption(option)
        self.description_edit.setMinimumHeight(64)  # two lines
        self.description_edit.setPlaceholderText(
            self.tr("What happened, where and when. Enter starts a new line; Ctrl+Enter saves.")
        )

    def _build_layout(self) -> None:
        self.errors = FieldErrors()

        person = QGroupBox(self.tr("Complainant"))
        person_form = QFormLayout(person)
        identity_row = QWidget()
        identity_layout = QHBoxLayout(identity_row)
        identity_layout.setContentsMargins(0, 0, 0, 0)
        for button in self.identity_buttons.values():
            identity_layout.addWidget(button)
        identity_layout.addStretch(1)
        self.honorific_label = QLabel(self.tr("Addressed as"))
        self.honorific_label.setBuddy(self.honorific_combo)
        identity_layout.addWidget(self.honorific_label)
        identity_layout.addWidget(self.honorific_combo)
        person_form.addRow(self.tr("Identity"), identity_row)
        self.errors.add_row(person_form, self.tr("Full name"), "full_name", self.full_name_edit)
        self.errors.add_row(
            person_form, self.tr("National code"), "national_code", self.national_code_edit
        )
        self.errors.add_row(person_form, self.tr("Mobile"), "mobile", self.mobile_edit)
        self.errors.add_row(person_form, self.tr("Address"), "address", self.address_edit)
        self.errors.add_row(person_form, self.tr("County"), "county", self.county_edit)

        case = QGroupBox(self.tr("Complaint"))
        case_form = QFormLayout(case)
        self.errors.add_row(case_form, self.tr("Kind"), "kind", self.kind_combo)
        self.errors.add_row(case_form, self.tr("Unit complained about"), "unit", self.unit_combo)
        self.errors.add_row(case_form, self.tr("Category"), "category", self.category_combo)
        self.errors.add_row(case_form, self.tr("Received through"), "channel", self.channel_combo)
        self.errors.add_row(case_form, self.tr("Received on"), "received_on", self.received_edit)
        self.errors.add_row(case_form, self.tr("Subject"), "subject", self.subject_edit)
        self.errors.add_row(case_form, self.tr("Description"), "description", self.description_edit)
        for form in (person_form, case_form):
            form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
            form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.DontWrapRows)

        self.form_host = QWidget()
        self.form_host.setObjectName("registrationForm")
        # Right (the start side in RTL): who complains, then the last result, where the
        # column has room; left: the complaint itself.
        self.draft_note = QLabel(
            self.tr("The form you had not saved last time has been restored; check it and save.")
        )
        self.draft_note.setObjectName("draftNote")
        self.draft_note.setWordWrap(True)
        self.draft_note.setVisible(False)
        side = QVBoxLayout()
        side.addWidget(self.draft_note)
        side.addWidget(person)
        side.addWidget(self._build_result_panel())
        side.addStretch(1)
        # Side by side on the page; one above the other where the form has less room (beside
        # a scanned page in box entry), so no field is ever cut by a sideways scroll.
        self.columns = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        self.columns.addLayout(side, 1)
        self.columns.addWidget(case, 1)
        host_layout = QVBoxLayout(self.form_host)
        host_layout.setContentsMargins(0, 0, 0, 0)
        host_layout.addLayout(self.columns)
        host_layout.addWidget(self.errors.general)

        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(self.form_host)

        self.save_button = QPushButton(self.tr("Register (Ctrl+Enter)"))
        self.save_button.setObjectName("saveButton")
        self.save_button.setIcon(icons.icon("register"))
        self.save_button.setDefault(True)
        self.save_button.setEnabled(False)  # until attach() knows the user's rights
        self.clear_button = QPushButton(self.tr("Clear form"))
        self.clear_button.setObjectName("clearButton")
        self.clear_button.setIcon(icons.icon("clear"))
        self.clear_button.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        buttons = QHBoxLayout()
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.clear_button)
        buttons.addStretch(1)

        title = QLabel(self.tr("Register a complaint"))
        title.setObjectName("pageTitle")
        font = title.font()
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        title.setFont(font)

        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(scroll, 1)
        layout.addLayout(buttons)

        order: list[QWidget] = [
            *self.identity_buttons.values(),
            self.honorific_combo,
            self.full_name_edit,
            self.national_code_edit,
            self.mobile_edit,
            self.address_edit,
            self.county_edit,
            self.kind_combo,
            self.unit_combo,
            self.category_combo,
            self.channel_combo,
            self.received_edit,
            self.subject_edit,
            self.description_edit,
            self.save_button,
        ]
        for first, second in pairwise(order):
            QWidget.setTabOrder(first, second)

    def _build_result_panel(self) -> QFrame:
        panel = QFrame()
        panel.setObjectName("resultPanel")
        panel.setFrameShape(QFrame.Shape.StyledPanel)
        panel.setVisible(False)
        self.result_panel = panel

        caption = QLabel(self.tr("Last registered complaint — tracking code:"))
        caption.setObjectName("resultCaption")
        self.tracking_code_label = QLabel()
        self.tracking_code_label.setObjectName("trackingCodeLabel")
        self.tracking_code_label.setTextFormat(Qt.TextFormat.PlainText)
        self.tracking_code_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.tracking_code_label.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
            | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        font = QFont(self.tracking_code_label.font())
        font.setPointSizeF(font.pointSizeF() * 2)
        font.setBold(True)
        self.tracking_code_label.setFont(font)
        self.registered_at_label = QLabel()
        self.registered_at_label.setObjectName("registeredAtLabel")
        self.registered_at_label.setTextFormat(Qt.TextFormat.PlainText)

        self.copy_button = QPushButton(self.tr("Copy code"))
        self.copy_button.setObjectName("copyCodeButton")
        self.copy_button.setIcon(icons.icon("copy"))
        self.print_button = QPushButton(self.tr("Print receipt…"))
        self.print_button.setObjectName("printReceiptButton")
        self.print_button.setIcon(icons.icon("print"))
        self.save_pdf_button = QPushButton(self.tr("Save receipt as PDF…"))
        self.save_pdf_button.setObjectName("saveReceiptButton")
        self.save_pdf_button.setIcon(icons.icon("save_pdf"))

        buttons = QHBoxLayout()
        for button in (self.copy_button, self.print_button, self.save_pdf_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QVBoxLayout(panel)
        layout.addWidget(caption)
        layout.addWidget(self.tracking_code_label)
        layout.addWidget(self.registered_at_label)
        layout.addLayout(buttons)
        return panel

    def _connect(self) -> None:
        self.save_button.clicked.connect(self.save)
        self.clear_button.clicked.connect(self.ask_and_clear)
        self.copy_button.clicked.connect(self.copy_code)
        self.print_button.clicked.connect(self.print_receipt)
        self.save_pdf_button.clicked.connect(self.save_receipt)
        self.identity_group.buttonToggled.connect(self._on_identity_toggled)
        for sequence in (
            QKeySequence(Qt.Modifier.CTRL | Qt.Key.Key_Return),
            QKeySequence(Qt.Modifier.CTRL | Qt.Key.Key_Enter),
            QKeySequence(QKeySequence.StandardKey.Save),
        ):
            shortcut = QShortcut(sequence, self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(self.save)

        # Each field's message goes when the field is edited (FieldErrors sees to it).
        for signal in (
            self.full_name_edit.textEdited,
            self.national_code_edit.textEdited,
            self.mobile_edit.textEdited,
            self.address_edit.textEdited,
            self.county_edit.textEdited,
            self.kind_combo.currentIndexChanged,
            self.unit_combo.editTextChanged,
            self.category_combo.currentIndexChanged,
            self.channel_combo.currentIndexChanged,
            self.received_edit.dateChanged,
            self.subject_edit.textEdited,
            self.description_edit.textChanged,
        ):
            signal.connect(self._schedule_draft)
        self.identity_group.buttonToggled.connect(self._schedule_draft)
        self.honorific_combo.currentIndexChanged.connect(self._schedule_draft)
        # Either identifier satisfies "national code or mobile": fixing one clears both.
        self.errors.watch("mobile", self.national_code_edit.textEdited)

    # ================================================================== lists

    def _load_lists(self) -> None:
        """Fill the unit and category combos, keeping what is chosen or typed."""
        try:
            units = lists.list_units(self.ctx.session)
            categories = lists.list_categories(self.ctx.session)
        except Exception as exc:  # the page still opens; the message says why it is empty
            show_error(self, exc)
            return
        typed_unit = self.unit_combo.currentText()
        category_id = self.category_combo.currentData()

        self.unit_combo.blockSignals(True)
        self.unit_combo.clear()
        self._units = {}
        for unit in units:
            self.unit_combo.addItem(unit.name, unit.id)
            self._units[normalize(unit.name)] = unit.id
        self.unit_combo.setCurrentIndex(-1)
        self.unit_combo.setEditText(typed_unit)
        self.unit_combo.blockSignals(False)

        self.category_combo.blockSignals(True)
        self.category_combo.clear()
        for category in categories:
            self.category_combo.addItem(category.name, category.id)
        self.category_combo.setCurrentIndex(
            self.category_combo.findData(category_id) if category_id is not None else -1
        )
        self.category_combo.blockSignals(False)

    def showEvent(self, event: QShowEvent) -> None:
        # The admin may have added or retired units since the page was last shown.
        if not event.spontaneous():
            if self._lists_stale:
                self._load_lists()
            self._lists_stale = True
        super().showEvent(event)

    def _unit_id(self) -> int | None:
        """The unit whose name is in the combo (typed or picked); None if it matches none."""
        return self._units.get(normalize(self.unit_combo.currentText()))

    # ================================================================== identity

    def identity(self) -> Identity:
        for identity, button in self.identity_buttons.items():
            if button.isChecked():
                return identity
        return Identity.NAMED

    def _identity_widgets(self) -> list[QLineEdit]:
        return [
            self.full_name_edit,
            self.national_code_edit,
            self.mobile_edit,
            self.address_edit,
            self.county_edit,
        ]

    def _on_identity_toggled(self, _button: QAbstractButton, checked: bool) -> None:
        if checked:
            self._apply_identity()

    def _apply_identity(self) -> None:
        anonymous = self.identity() == Identity.ANONYMOUS
        for edit in self._identity_widgets():
            if anonymous:
                edit.clear()
            edit.setEnabled(not anonymous)
        if anonymous:
            self.honorific_combo.setCurrentIndex(0)
        self.honorific_combo.setEnabled(not anonymous)
        if anonymous:
            for field in _IDENTITY_FIELDS:
                self.errors.set_message(field, "")

    # ================================================================== saving

    def collect(self) -> ComplaintInput:
        """The form's content as the service's input, exactly as typed."""
        return ComplaintInput(
            identity=self.identity(),
            kind=Kind(self.kind_combo.currentData()),
            channel=Channel(self.channel_combo.currentData()),
            unit_id=self._unit_id(),
            category_id=self.category_combo.currentData(),
            subject=self.subject_edit.text(),
            description=self.description_edit.toPlainText(),
            received_on=self.received_edit.date(),
            full_name=self.full_name_edit.text(),
            national_code=self.national_code_edit.text(),
            mobile=self.mobile_edit.text(),
            address=self.address_edit.text(),
            county=self.county_edit.text(),
            honorific=self._honorific(),
        )

    def _honorific(self) -> Honorific | None:
        value = self.honorific_combo.currentData()
        return Honorific(value) if value else None

    @guarded_slot
    def save(self) -> None:
        """Validate and register; on success show the code and get ready for the next one."""
        if not self.save_button.isEnabled():
            return
        data = self.collect()
        try:
            result = self.submit(data)
        except ValidationError as exc:
            self.errors.show(exc.fields)
            if "received_on" in exc.fields and self.received_edit.text().strip():
                # Something was typed but it is not a date: say so rather than "enter a date".
                self.errors.set_message(
                    "received_on", self.tr("This is not a valid date; type it like 1405/09/02.")
                )
            return
        except DadrasError as exc:
            self.errors.clear()
            show_error(self, exc)
            return
        self.errors.clear()
        self._show_result(result)
        self.clear_for_next()
        self.discard_draft()
        self.focus_first_field()
        self.registered.emit(result.complaint_id)

    def submit(self, data: ComplaintInput) -> Registered:
        """Register the form's complaint; a form built on this one may register differently."""
        return register_complaint(self.ctx.session, data)

    def _show_result(self, result: Registered) -> None:
        self.last = result
        self.tracking_code_label.setText(
            to_persian_digits(format_tracking_code(result.tracking_code))
        )
        self.registered_at_label.setText(jalali.format_datetime(result.registered_at))
        self.result_panel.setVisible(True)

    def clear_for_next(self) -> None:
        """Empty what belongs to one complainant and their complaint (identity back to named,
        kind back to a complaint, no category: carried over, they file the next person's
        complaint wrongly); keep the clerk's standing choices (channel, unit, date)."""
        for edit in self._identity_widgets():
            edit.clear()
        self.identity_buttons[Identity.NAMED].setChecked(True)
        self.honorific_combo.setCurrentIndex(0)
        self.kind_combo.setCurrentIndex(self.kind_combo.findData(Kind.COMPLAINT))
        self.category_combo.setCurrentIndex(-1)
        self.subject_edit.clear()
        self.description_edit.clear()
        self.errors.clear()

    def has_typed(self) -> bool:
        """Whether anything of this complainant or complaint has been typed."""
        fields = self.draft_fields()
        return any(fields[name].strip() for name in _TYPED_FIELDS)

    @guarded_slot
    def ask_and_clear(self) -> None:
        """The Clear button: what was typed is lost, so ask first (No is the default)."""
        if self.has_typed() and not self._confirm_clear():
            return
        self.clear_all()

    def _confirm_clear(self) -> bool:
        box = QMessageBox(
            QMessageBox.Icon.Question,
            self.tr("Clear form"),
            self.tr("Clear the form? What you have typed will be lost."),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            self,
        )
        box.setObjectName("clearFormBox")
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.button(QMessageBox.StandardButton.Yes).setText(self.tr("Clear the form"))
        box.button(QMessageBox.StandardButton.No).setText(self.tr("Keep it"))
        box.setDefaultButton(QMessageBox.StandardButton.No)
        box.setEscapeButton(QMessageBox.StandardButton.No)
        return int(box.exec()) == int(QMessageBox.StandardButton.Yes)

    def clear_all(self) -> None:
        """Empty the form (the Clear button, once confirmed): also forget a half-typed unit
        and an unparsable date."""
        self.clear_for_next()
        if self._unit_id() is None:
            self.unit_combo.setCurrentIndex(-1)
            self.unit_combo.setEditText("")
        if self.received_edit.date() is None:
            self.received_edit.setDate(jalali.today())
        self.discard_draft()
        self.focus_first_field()

    # ================================================================== draft

    def _schedule_draft(self, *_args: object) -> None:
        if not self._restoring_draft and hasattr(self, "ctx"):
            self._draft_timer.start()

    def draft_fields(self) -> dict[str, str]:
        """The form as typed, as strings, for the draft kept against a crash."""
        return {
            "identity": self.identity().value,
            "honorific": str(self.honorific_combo.currentData() or ""),
            "full_name": self.full_name_edit.text(),
            "national_code": self.national_code_edit.text(),
            "mobile": self.mobile_edit.text(),
            "address": self.address_edit.text(),
            "county": self.county_edit.text(),
            "kind": str(self.kind_combo.currentData()),
            "channel": str(self.channel_combo.currentData()),
            "unit": self.unit_combo.currentText(),
            "category": str(self.category_combo.currentData() or ""),
            "received_on": self.received_edit.text(),
            "subject": self.subject_edit.text(),
            "description": self.description_edit.toPlainText(),
        }

    def save_draft(self) -> None:
        """Keep what is typed so far; a blank form keeps nothing."""
        self._draft_timer.stop()
        fields = self.draft_fields()
        try:
            if any(fields[name].strip() for name in _TYPED_FIELDS):
                drafts.save_draft(self.ctx.session, self.draft_form, fields)
            else:
                drafts.clear_draft(self.ctx.session, self.draft_form)
        except Exception as exc:
            # Best effort on every pause in typing: the form itself is untouched, and saving
            # the complaint reports any real problem with the database.
            _log.warning("the draft was not saved: %s", type(exc).__name__)
            return

    def discard_draft(self) -> None:
        self._draft_timer.stop()
        self.draft_note.setVisible(False)
        try:
            drafts.clear_draft(self.ctx.session, self.draft_form)
        except Exception as exc:  # best effort, as in save_draft
            _log.warning("the draft was not cleared: %s", type(exc).__name__)
            return

    def restore_draft(self) -> None:
        """Refill the form from the user's draft, if a crash or a quit left one."""
        draft = drafts.load_draft(self.ctx.session, self.draft_form)
        if not draft or not any(draft.get(name, "").strip() for name in _TYPED_FIELDS):
            return
        self._restoring_draft = True
        try:
            self._fill_from_draft(draft)
        finally:
            self._restoring_draft = False
        self.draft_note.setVisible(True)

    def _fill_from_draft(self, draft: dict[str, str]) -> None:
        button = self.identity_buttons.get(Identity(draft.get("identity", Identity.NAMED.value)))
        if button is not None:
            button.setChecked(True)
        self._apply_identity()
        honorific = self.honorific_combo.findData(draft.get("honorific") or None)
        self.honorific_combo.setCurrentIndex(max(honorific, 0))
        for combo, key in ((self.kind_combo, "kind"), (self.channel_combo, "channel")):
            index = combo.findData(draft.get(key))
            if index >= 0:
                combo.setCurrentIndex(index)
        category = draft.get("category", "")
        if category.isdigit():
            self.category_combo.setCurrentIndex(self.category_combo.findData(int(category)))
        self.unit_combo.setEditText(draft.get("unit", ""))
        if draft.get("received_on"):
            self.received_edit.lineEdit().setText(draft["received_on"])
        edits = {
            "full_name": self.full_name_edit,
            "national_code": self.national_code_edit,
            "mobile": self.mobile_edit,
            "address": self.address_edit,
            "county": self.county_edit,
            "subject": self.subject_edit,
        }
        for name, edit in edits.items():
            if edit.isEnabled():
                edit.setText(draft.get(name, ""))
        self.description_edit.setPlainText(draft.get("description", ""))

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        side_by_side = event.size().width() >= SIDE_BY_SIDE_WIDTH
        direction = (
            QBoxLayout.Direction.LeftToRight if side_by_side else QBoxLayout.Direction.TopToBottom
        )
        if self.columns.direction() != direction:
            self.columns.setDirection(direction)

    def focus_first_field(self) -> None:
        first = self.full_name_edit if self.full_name_edit.isEnabled() else self.kind_combo
        first.setFocus(Qt.FocusReason.OtherFocusReason)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Enter in a one-line field or a closed combo saves (the description keeps Enter)."""
        if event.key() in _ENTER_KEYS and not (
            event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        ):
            focus = QApplication.focusWidget()
            if (
                focus is not None
                and self.form_host.isAncestorOf(focus)
                and not self.result_panel.isAncestorOf(focus)
                and not isinstance(focus, QPlainTextEdit)
            ):
                event.accept()
                self.save()
                return
        super().keyPressEvent(event)

    # ================================================================== the result panel

    def copy_code(self) -> None:
        if self.last is not None:
            QGuiApplication.clipboard().setText(self.last.tracking_code)

    def print_receipt(self) -> PdfPreviewDialog | None:
        """Show the receipt's preview; the clerk prints (or saves) it from there."""
        if self.last is None:
            return None
        from ui import printing  # QtPdf loads only when a receipt is printed

        return printing.preview_receipt(
            self, self.ctx.session, self.last.complaint_id, self.last.tracking_code
        )

    def save_receipt(self) -> None:
        if self.last is not None:
            from ui import printing

            printing.save_receipt_as(
                self, self.ctx.session, self.last.complaint_id, self.last.tracking_code
            )
