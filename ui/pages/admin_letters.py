"""Admin: what every letter carries (architecture: Letters and printing) — the letterhead,
numbering and templates.

Three tabs, each saved on its own (its Save button, Ctrl+S, or Enter in a one-line field):

- Letterhead: the office name as printed, the signer's name and title, the footer line and
  the logo (stored as soon as it is chosen; a thumbnail shows it).
- Numbering and deadlines: the letter number pattern with a live example of a number, and
  the default referral deadline in working days.
- Templates: one template at a time in a plain-text editor, the placeholders beside it
  (double-click or Enter inserts one at the cursor), Save, Restore the shipped text and a
  sample letter rendered from the text as it stands in the editor. Unsaved text is kept per
  template while the admin looks at another one (marked with * in the list).

Every change is one ``app`` service call; Persian messages sit beside their fields.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QGuiApplication, QImage, QKeySequence, QPixmap, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPlainTextEdit,
    QSizePolicy,
    QSpinBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app import files, jalali, letterhead, office_calendar, secretariat
from app.addressing import complainant_addressee, unit_head_line
from app.closing import outcome_values
from app.errors import DadrasError, ValidationError
from app.letterhead import TEMPLATE_LABELS, TemplateKind
from app.persian import clean_line, isolated, to_ascii_digits, to_persian_digits
from app.referrals import citation_values
from app.tracking import format_tracking_code, make_tracking_code
from app.vocabulary import COPY_PURPOSE_LABELS, CopyPurpose, Honorific, Outcome
from ui.context import UiContext
from ui.errors import FieldErrors, error_label, guarded_slot, set_error_text
from ui.pages.admin_common import button, heading, line_edit
from ui.printing import PdfPreviewDialog
from ui.widgets import file_dialog

if TYPE_CHECKING:
    from app.pdf.letter import LetterDocument

SAMPLE_SEQ = 125  # the sequence number the example letter number shows
LOGO_TYPES = ("image/png", "image/jpeg")
THUMBNAIL_WIDTH, THUMBNAIL_HEIGHT = 160, 72
DRAFT_MARK = " *"


def note_label(object_name: str) -> QLabel:
    """A quiet plain-text line under a form (``Saved.``); hidden while empty."""
    label = QLabel()
    label.setObjectName(object_name)
    label.setProperty("role", "hint")
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    label.setVisible(False)
    return label


def save_shortcut(widget: QWidget, slot: Callable[[], object]) -> None:
    """Ctrl+S anywhere inside ``widget`` runs ``slot``."""
    shortcut = QShortcut(QKeySequence(QKeySequence.StandardKey.Save), widget)
    shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
    shortcut.activated.connect(slot)


def current_year() -> int:
    return jalali.to_jalali(jalali.today())[0]


def unreadable_image(data: bytes) -> bool:
    """True when ``data`` says it is a PNG or JPEG but cannot be decoded."""
    return files.media_type_of(data) in LOGO_TYPES and QImage.fromData(data).isNull()


# --------------------------------------------------------------------------- letterhead


class LetterheadSection(QWidget):
    """The office name as printed, the signer, the footer line and the logo."""

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("letterheadSection")
        self.ctx = ctx
        self.errors = FieldErrors()
        self.office_title_edit = line_edit("officeTitle")
        self.signer_name_edit = line_edit("signerName")
        self.signer_title_edit = line_edit("signerTitle")
        self.footer_edit = line_edit("footer")
        self.footer_edit.setPlaceholderText(self.tr("Address and telephone of the office"))
        self.footer_printed = QLabel()  # the footer as letters print it (numbers in order)
        self.footer_printed.setObjectName("footerAsPrinted")
        self.footer_printed.setProperty("role", "hint")
        self.footer_printed.setTextFormat(Qt.TextFormat.PlainText)
        self.logo_label = QLabel()
        self.logo_label.setObjectName("logoPreview")
        self.logo_label.setMinimumSize(THUMBNAIL_WIDTH, THUMBNAIL_HEIGHT)
        self.logo_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.logo_label.setFrameShape(QLabel.Shape.StyledPanel)
        self.choose_logo_button = button(self.tr("Choose logo…"), "chooseLogoButton")
        self.remove_logo_button = button(self.tr("Remove logo"), "removeLogoButton")
        self.save_button = button(self.tr("Save letterhead"), "saveLetterheadButton", "save")
        self.saved_note = note_label("letterheadSaved")
        self._lay_out()
        self._connect()
        self.load()

    def _logo_row(self) -> QWidget:
        row = QWidget()
        layout = QHBoxLayout(row)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.logo_label)
        layout.addWidget(self.choose_logo_button)
        layout.addWidget(self.remove_logo_button)
        layout.addStretch(1)
        return row

    def _lay_out(self) -> None:
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        add, head = self.errors.add_row, letterhead
        add(form, self.tr("Office name as printed"), head.OFFICE_TITLE, self.office_title_edit)
        add(form, self.tr("Signer's name"), head.SIGNER_NAME, self.signer_name_edit)
        add(form, self.tr("Signer's title"), head.SIGNER_TITLE, self.signer_title_edit)
        add(form, self.tr("Footer line"), head.FOOTER, self.footer_edit)
        form.addRow("", self.footer_printed)
        add(form, self.tr("Logo"), "logo", self._logo_row())
        hint = QLabel(
            self.tr("The logo (PNG or JPEG, up to 2 MB) is stored as soon as you choose it.")
        )
        hint.setProperty("role", "hint")
        hint.setWordWrap(True)
        buttons = QHBoxLayout()
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.saved_note)
        buttons.addStretch(1)
        column = QVBoxLayout(self)
        column.addLayout(form)
        column.addWidget(hint)
        column.addWidget(self.errors.general)
        column.addLayout(buttons)
        column.addStretch(1)

    def _connect(self) -> None:
        for edit in (self.office_title_edit, self.signer_name_edit, self.signer_title_edit,
                     self.footer_edit):  # fmt: skip
            edit.returnPressed.connect(self.save)
            edit.textEdited.connect(lambda _text: self.saved_note.setVisible(False))
        self.footer_edit.textChanged.connect(self._show_footer_as_printed)
        self.save_button.clicked.connect(self.save)
        self.choose_logo_button.clicked.connect(self.choose_logo)
        self.remove_logo_button.clicked.connect(self.remove_logo)
        save_shortcut(self, self.save)
        self.setFocusProxy(self.office_title_edit)

    def _show_footer_as_printed(self, text: str) -> None:
        """Under the field, the footer as printed: a phone number typed after Persian words
        shows its groups reversed in the field (Unicode's rules), but prints in order."""
        from app.pdf.rtl import as_printed

        line = text.strip()
        self.footer_printed.setText(
            self.tr("Printed as: %1").replace("%1", as_printed(line)) if line else ""
        )
        self.footer_printed.setVisible(bool(line))

    # ------------------------------------------------------------------ loading

    def load(self) -> None:
        head = letterhead.load_letterhead()
        self.office_title_edit.setText(head.office_title)
        self.signer_name_edit.setText(head.signer_name)
        self.signer_title_edit.setText(head.signer_title)
        self.footer_edit.setText(head.footer)
        self._show_logo(letterhead.logo_bytes(head))

    def _show_logo(self, data: bytes | None) -> None:
        image = QImage.fromData(data) if data else QImage()
        if image.isNull():
            self.logo_label.setPixmap(QPixmap())
            self.logo_label.setText(self.tr("No logo"))
        else:
            pixmap = QPixmap.fromImage(image).scaled(
                THUMBNAIL_WIDTH,
                THUMBNAIL_HEIGHT,
                Qt.AspectRatioMode.KeepAspectRatio,
                Qt.TransformationMode.SmoothTransformation,
            )
            self.logo_label.setPixmap(pixmap)
        self.remove_logo_button.setEnabled(data is not None)

    def has_logo(self) -> bool:
        return not self.logo_label.pixmap().isNull()

    # ------------------------------------------------------------------ actions

    @guarded_slot
    def save(self) -> None:
        self.errors.clear()
        self.saved_note.setVisible(False)
        try:
            letterhead.save_letterhead(
                self.ctx.session,
                office_title=self.office_title_edit.text(),
                signer_name=self.signer_name_edit.text(),
                signer_title=self.signer_title_edit.text(),
                footer=self.footer_edit.text(),
            )
        except DadrasError as exc:
            self.errors.show_exception(exc)
            return
        self.load()
        self._say_saved(self.tr("The letterhead is saved."))

    @guarded_slot
    def choose_logo(self) -> None:
        path, _selected = file_dialog.open_file_name(
            self, self.tr("Choose the logo"), "", self.tr("Images (*.png *.jpg *.jpeg)")
        )
        if path:
            self.set_logo_from(path)

    def set_logo_from(self, path: str) -> None:
        self.errors.clear()
        self.saved_note.setVisible(False)
        try:
            with open(path, "rb") as handle:
                data = handle.read(letterhead.MAX_LOGO + 1)  # enough to know it is too big
        except OSError as exc:
            message = self.tr("The file could not be read: %1")
            self.errors.show({"logo": message.replace("%1", isolated(exc.strerror or exc))})
            return
        if unreadable_image(data):
            self.errors.show({"logo": self.tr("The image is damaged and cannot be shown.")})
            return
        self._store_logo(data)

    @guarded_slot
    def remove_logo(self) -> None:
        self.errors.clear()
        self._store_logo(None)

    def _store_logo(self, data: bytes | None) -> None:
        try:
            letterhead.set_logo(self.ctx.session, data)
        except DadrasError as exc:
            self.errors.show_exception(exc)
            return
        self._show_logo(data)
        self._say_saved(self.tr("The logo is saved.") if data else self.tr("The logo is removed."))

    def _say_saved(self, text: str) -> None:
        self.saved_note.setText(text)
        self.saved_note.setVisible(True)


# --------------------------------------------------------------------------- numbering


def numbering_hint() -> str:
    """What the number pattern's placeholders stand for, in Persian; each placeholder
    ({شماره}…) is kept whole, so the sentence reads right to left around them."""
    text = QCoreApplication.translate(
        "NumberingSection",
        "In the pattern, %1 is the letter's sequence number in the year (the pattern must "
        "have it), %2 the office code, %3 the Jalali year and %4 its last two digits. "
        "Numbering starts again from 1 each year.",
    )
    for place, name in enumerate(secretariat.PATTERN_NAMES.values(), start=1):
        text = text.replace(f"%{place}", isolated("{" + name + "}"))
    return text


class NumberingSection(QWidget):
    """The letter number pattern with a live example, and the default referral deadline."""

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("numberingSection")
        self.ctx = ctx
        self.errors = FieldErrors()
        self.pattern_edit = line_edit("numberPattern", max_length=40)
        # Left to right, as the number it makes prints: {شماره} on the left, where ۳۰۶۴ is.
        self.pattern_edit.setLayoutDirection(Qt.LayoutDirection.LeftToRight)
        self.example_label = QLabel()
        self.example_label.setObjectName("numberExample")
        self.example_label.setTextFormat(Qt.TextFormat.PlainText)
        if QGuiApplication.isRightToLeft():  # digits alone have no direction of their own
            self.example_label.setAlignment(
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignAbsolute
            )
        self.deadline_spin = QSpinBox()
        self.deadline_spin.setObjectName("deadlineDays")
        self.deadline_spin.setRange(1, letterhead.MAX_DEADLINE_DAYS)
        self.deadline_spin.setSuffix(self.tr(" working days"))
        self.deadline_spin.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self.deadline_spin.setMinimumWidth(160)
        self.save_button = button(
            self.tr("Save numbering and deadline"), "saveNumberingButton", "save"
        )
        self.saved_note = note_label("numberingSaved")
        self._lay_out()
        self._connect()
        self.load()

    def _lay_out(self) -> None:
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.errors.add_row(form, self.tr("Letter number pattern"), "pattern", self.pattern_edit)
        form.addRow(self.tr("Example"), self.example_label)
        hint = QLabel(numbering_hint())
        hint.setProperty("role", "hint")
        hint.setWordWrap(True)
        form.addRow("", hint)
        self.errors.add_row(
            form, self.tr("Default referral deadline"), "deadline_days", self.deadline_spin
        )
        buttons = QHBoxLayout()
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.saved_note)
        buttons.addStretch(1)
        column = QVBoxLayout(self)
        column.addLayout(form)
        column.addWidget(self.errors.general)
        column.addLayout(buttons)
        column.addStretch(1)

    def _connect(self) -> None:
        self.pattern_edit.textChanged.connect(self._show_example)
        self.pattern_edit.returnPressed.connect(self.save)
        self.pattern_edit.textEdited.connect(lambda _text: self.saved_note.setVisible(False))
        self.deadline_spin.valueChanged.connect(lambda _value: self.saved_note.setVisible(False))
        self.deadline_spin.lineEdit().returnPressed.connect(self.save)
        self.save_button.clicked.connect(self.save)
        save_shortcut(self, self.save)
        self.setFocusProxy(self.pattern_edit)

    def load(self) -> None:
        self.pattern_edit.setText(secretariat.persian_pattern(secretariat.number_pattern()))
        self.deadline_spin.setValue(letterhead.default_deadline_days())
        self._show_example()

    def pattern(self) -> str:
        """The pattern as the service will store it (ASCII digits, one clean line, the
        placeholders in Persian)."""
        return secretariat.persian_pattern(clean_line(to_ascii_digits(self.pattern_edit.text())))

    def _show_example(self) -> None:
        """The next number as the typed pattern would write it, or why it cannot."""
        problem = secretariat.pattern_problem(self.pattern())
        self.errors.set_message("pattern", problem or "")
        if problem:
            self.example_label.setText("—")
            return
        year = current_year()
        number = secretariat.format_number(
            self.pattern(), secretariat.next_seq(year), self.ctx.office.code, year
        )
        self.example_label.setText(to_persian_digits(number))

    @guarded_slot
    def save(self) -> None:
        self.errors.clear()
        self.saved_note.setVisible(False)
        pattern, days = self.pattern(), self.deadline_spin.value()
        problems = {"pattern": secretariat.pattern_problem(pattern),
                    "deadline_days": letterhead.deadline_problem(days)}  # fmt: skip
        if any(problems.values()):
            self.errors.show({field: text for field, text in problems.items() if text})
            return
        try:
            if pattern != secretariat.number_pattern():
                secretariat.set_number_pattern(self.ctx.session, pattern)
            if days != letterhead.default_deadline_days():
                letterhead.set_default_deadline_days(self.ctx.session, days)
        except DadrasError as exc:
            self.errors.show_exception(exc)
            return
        self.load()
        self.saved_note.setText(self.tr("Saved."))
        self.saved_note.setVisible(True)


# --------------------------------------------------------------------------- templates


class TemplatesSection(QWidget):
    """One letter template at a time: edit, save, restore the shipped text, preview."""

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("templatesSection")
        self.ctx = ctx
        self.preview_dialog: PdfPreviewDialog | None = None
        self._saved: dict[TemplateKind, str] = {}  # what the database holds, per kind
        self._drafts: dict[TemplateKind, str] = {}  # unsaved editor text, per kind
        self._shown: TemplateKind = TemplateKind.REFERRAL
        self._build_widgets()
        self._lay_out()
        self._connect()
        self._show_kind(self._shown)

    def _build_widgets(self) -> None:
        self.kind_combo = QComboBox()
        self.kind_combo.setObjectName("templateKind")
        for kind, label in TEMPLATE_LABELS.items():
            self.kind_combo.addItem(label, kind.value)
        self.state_label = QLabel()
        self.state_label.setObjectName("templateState")
        self.editor = QPlainTextEdit()
        self.editor.setObjectName("templateEditor")
        self.editor.setTabChangesFocus(True)
        self.editor.setMinimumHeight(240)
        if QGuiApplication.isRightToLeft():  # see the registration page's description
            option = self.editor.document().defaultTextOption()
            option.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignAbsolute)
            self.editor.document().setDefaultTextOption(option)
        self.error = error_label("error_template")
        self.placeholders = QListWidget()
        self.placeholders.setObjectName("placeholders")
        for name, description in letterhead.PLACEHOLDERS.items():
            item = QListWidgetItem(f"{{{name}}}  {description}")
            item.setData(Qt.ItemDataRole.UserRole, name)
            item.setToolTip(description)
            self.placeholders.addItem(item)
        self.save_button = button(self.tr("Save template"), "saveTemplateButton", "save")
        self.restore_button = button(self.tr("Restore the shipped text…"), "restoreTemplateButton")
        self.preview_button = button(
            self.tr("Preview sample letter"), "previewTemplateButton", "preview"
        )
        self.saved_note = note_label("templateSaved")

    def _lay_out(self) -> None:
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("Template")))
        top.addWidget(self.kind_combo)
        top.addWidget(self.state_label, 1)
        buttons = QHBoxLayout()
        for push in (self.save_button, self.restore_button, self.preview_button):
            buttons.addWidget(push)
        buttons.addWidget(self.saved_note)
        buttons.addStretch(1)
        text_column = QVBoxLayout()
        text_column.addLayout(top)
        text_column.addWidget(self.editor, 1)
        text_column.addWidget(self.error)
        text_column.addLayout(buttons)
        hint = QLabel(self.tr("Placeholders (double-click or Enter inserts one at the cursor)"))
        hint.setWordWrap(True)
        side = QVBoxLayout()
        side.addWidget(hint)
        side.addWidget(self.placeholders, 1)
        row = QHBoxLayout(self)
        row.addLayout(text_column, 3)  # first in an RTL row: on the right
        row.addLayout(side, 2)

    def _connect(self) -> None:
        self.kind_combo.currentIndexChanged.connect(self._on_kind_chosen)
        self.editor.textChanged.connect(self._on_text_changed)
        self.placeholders.itemActivated.connect(self.insert_placeholder)
        self.save_button.clicked.connect(self.save)
        self.restore_button.clicked.connect(self.restore)
        self.preview_button.clicked.connect(self.preview)
        save_shortcut(self, self.save)
        self.setFocusProxy(self.editor)

    # ------------------------------------------------------------------ state

    def kind(self) -> TemplateKind:
        return self._shown

    def select_kind(self, kind: TemplateKind) -> None:
        self.kind_combo.setCurrentIndex(self.kind_combo.findData(kind.value))

    def has_draft(self, kind: TemplateKind) -> bool:
        return kind in self._drafts

    def _saved_text(self, kind: TemplateKind) -> str:
        if kind not in self._saved:
            self._saved[kind] = letterhead.template_text(kind)
        return self._saved[kind]

    def _on_kind_chosen(self, index: int) -> None:
        self._show_kind(TemplateKind(self.kind_combo.itemData(index)))

    def _show_kind(self, kind: TemplateKind) -> None:
        """Show ``kind``'s unsaved text if it has one, else what is saved."""
        self._shown = kind
        set_error_text(self.error, "")
        self.saved_note.setVisible(False)
        self.editor.setPlainText(self._drafts.get(kind, self._saved_text(kind)))
        self._show_state()

    def _on_text_changed(self) -> None:
        text = self.editor.toPlainText()
        if text == self._saved_text(self._shown):
            self._drafts.pop(self._shown, None)
        else:
            self._drafts[self._shown] = text
            self.saved_note.setVisible(False)
        self._show_state()

    def _show_state(self) -> None:
        kind = self._shown
        if letterhead.is_customised(kind):
            state = self.tr("Your own text")
        else:
            state = self.tr("The shipped text")
        if kind in self._drafts:
            state = self.tr("%1, with unsaved changes").replace("%1", state)
        self.state_label.setText(state)
        self.restore_button.setEnabled(letterhead.is_customised(kind) or kind in self._drafts)
        for index, (each, label) in enumerate(TEMPLATE_LABELS.items()):
            self.kind_combo.setItemText(index, label + (DRAFT_MARK if each in self._drafts else ""))

    # ------------------------------------------------------------------ checks

    def problem(self, text: str) -> str | None:
        """Why the editor's ``text`` cannot be a template, or None."""
        return letterhead.template_problem(text)

    def _refuse(self, text: str) -> bool:
        """Show why ``text`` cannot be used beside the editor; True when it cannot."""
        problem = self.problem(text)
        set_error_text(self.error, problem or "")
        if problem:
            self.editor.setFocus()
        return problem is not None

    # ------------------------------------------------------------------ actions

    @guarded_slot
    def insert_placeholder(self, item: QListWidgetItem) -> None:
        name = item.data(Qt.ItemDataRole.UserRole)
        self.editor.insertPlainText(f"{{{name}}}")
        self.editor.setFocus()

    @guarded_slot
    def save(self) -> None:
        self.saved_note.setVisible(False)
        text = self.editor.toPlainText()
        if self._refuse(text):
            return
        try:
            letterhead.set_template(self.ctx.session, self._shown, text)
        except ValidationError as exc:
            set_error_text(self.error, exc.fields.get("template") or exc.message)
            return
        except DadrasError as exc:
            set_error_text(self.error, exc.message)
            return
        self._forget(self._shown)
        self.saved_note.setText(self.tr("The template is saved."))
        self.saved_note.setVisible(True)

    def confirm_restore(self) -> bool:
        box = QMessageBox(self)
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle(self.tr("Restore the shipped text"))
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.setText(self.tr("Replace this template with the text Dadras ships? Your text is lost."))
        restore = box.addButton(self.tr("Restore"), QMessageBox.ButtonRole.AcceptRole)
        cancel = box.addButton(self.tr("Cancel"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(cancel)
        box.exec()
        return box.clickedButton() is restore

    @guarded_slot
    def restore(self) -> None:
        if not self.confirm_restore():
            return
        try:
            if letterhead.is_customised(self._shown):
                letterhead.reset_template(self.ctx.session, self._shown)
        except DadrasError as exc:
            set_error_text(self.error, exc.message)
            return
        self._forget(self._shown)
        self.saved_note.setText(self.tr("The shipped text is restored."))
        self.saved_note.setVisible(True)

    def _forget(self, kind: TemplateKind) -> None:
        """Drop ``kind``'s draft and cached text and show what the database now holds."""
        self._drafts.pop(kind, None)
        self._saved.pop(kind, None)
        self._show_kind(kind)

    @guarded_slot
    def preview(self) -> PdfPreviewDialog | None:
        """Render a sample letter from the editor's text (saved or not) and show it."""
        text = self.editor.toPlainText()
        if self._refuse(text):
            return None
        from app.pdf.letter import render_letter  # reportlab loads only when wanted

        data = render_letter(self.sample_letter(text))
        dialog = PdfPreviewDialog(
            data, self.tr("Sample letter"), self.tr("sample-letter") + ".pdf", self
        )
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.finished.connect(self._forget_preview)
        self.preview_dialog = dialog
        dialog.open()
        return dialog

    def _forget_preview(self) -> None:
        self.preview_dialog = None

    # ------------------------------------------------------------------ the sample letter

    def sample_values(self) -> dict[str, str]:
        """Made-up values for every placeholder, as the services would fill them."""
        today = jalali.today()
        days = letterhead.default_deadline_days()
        due = office_calendar.load_calendar().add_working_days(today, days)
        return {
            "کد_رهگیری": self._sample_tracking_code(),
            "موضوع": self.tr("Delay in issuing a building permit"),
            "شرح": self.tr(
                "The permit I applied for three months ago has not been issued and nobody "
                "answers my calls."
            ),
            "تاریخ_ثبت": jalali.format_date(today - dt.timedelta(days=20)),
            "شاکی": self.tr("Ali Rezaei"),
            "دفتر": self.ctx.office.name,
            "واحد": self.tr("The city's municipality"),
            "دستور": self.tr("Please look into this complaint with priority."),
            "مهلت_روز": str(days),
            "مهلت": jalali.format_date(due),
            **citation_values(self._sample_number(SAMPLE_SEQ - 7), today - dt.timedelta(days=18)),
            "روز_تاخیر": "3",
            "نوبت_پیگیری": "2",
            **outcome_values(Outcome.SUBSTANTIATED, None),
            "متن_پاسخ": self.tr("Following our referral, the permit was issued last week."),
        }

    def _sample_addressee(self, values: dict[str, str]) -> tuple[str, str | None]:
        """Whom the sample is addressed to, as the real letter of that kind would be: the
        complainant with an honorific, the anonymous one by the tracking code, the unit
        (its superior for an escalation) with its head."""
        if self._shown is TemplateKind.REPLY:
            return complainant_addressee(values["شاکی"], Honorific.MR.value), None
        if self._shown is TemplateKind.REPLY_SLIP:
            return f"دارنده‌ی کد رهگیری {values['کد_رهگیری']}", None
        if self._shown is TemplateKind.ESCALATION:
            superior = self.tr("The county governorate")
            return superior, unit_head_line(superior, None, None)
        return values["واحد"], unit_head_line(values["واحد"], None, None)

    def _sample_tracking_code(self) -> str:
        try:
            return format_tracking_code(make_tracking_code(self.ctx.office.code, 4321))
        except ValueError:
            return ""

    def _sample_number(self, seq: int) -> str:
        return secretariat.format_number(
            secretariat.number_pattern(), seq, self.ctx.office.code, current_year()
        )

    def sample_letter(self, text: str) -> LetterDocument:
        """The ``LetterDocument`` of a sample letter whose body is ``text`` filled in."""
        from app.pdf.letter import CopyTo, LetterDocument

        values = self.sample_values()
        head = letterhead.load_letterhead()
        addressee, head_line = self._sample_addressee(values)
        escalation = self._shown is TemplateKind.ESCALATION
        action = COPY_PURPOSE_LABELS[CopyPurpose.ACTION]
        return LetterDocument(
            office_name=head.office_title,
            number=self._sample_number(SAMPLE_SEQ),
            letter_date=jalali.today(),
            attachment=secretariat.NO_ATTACHMENT,
            addressee=addressee,
            addressee_person=head_line,
            copies=(CopyTo(values["واحد"], action),) if escalation else (),
            subject=f"{TEMPLATE_LABELS[self._shown]} — {values['کد_رهگیری']}",
            body=letterhead.fill_text(text, values),
            signer_name=head.signer_name or self.ctx.session.full_name,
            signer_title=head.signer_title,
            logo_png=letterhead.logo_bytes(head),
            footer=head.footer or None,
            title=self.tr("Sample letter"),
        )


# --------------------------------------------------------------------------- the page


class LettersSettingsPage(QWidget):
    """The admin's letters page: letterhead, numbering and deadlines, templates."""

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("lettersSettingsPage")
        self.ctx = ctx
        self.letterhead_section = LetterheadSection(ctx)
        self.numbering_section = NumberingSection(ctx)
        self.templates_section = TemplatesSection(ctx)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("lettersTabs")
        self.tabs.addTab(self.letterhead_section, self.tr("Letterhead"))
        self.tabs.addTab(self.numbering_section, self.tr("Numbering and deadlines"))
        self.tabs.addTab(self.templates_section, self.tr("Templates"))
        column = QVBoxLayout(self)
        column.addWidget(heading(self.tr("Letters")))
        column.addWidget(self.tabs, 1)
        self.setFocusProxy(self.tabs)

    def show_section(self, section: QWidget) -> None:
        self.tabs.setCurrentWidget(section)
        section.setFocus()
