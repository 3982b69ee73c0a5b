"""The first-start wizard: the office, its admin and the default lists, saved all at once."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QRegularExpression, Qt
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from app import backup, database, office, users
from app.errors import DadrasError, ValidationError
from app.permissions import Role, Session
from app.persian import clean_line, normalize
from app.vocabulary import (
    CHANNEL_LABELS,
    DEFAULT_CATEGORIES,
    DEFAULT_UNITS,
    KIND_LABELS,
    PROVINCES,
    REGISTRABLE_CHANNELS,
)
from ui.errors import (
    FieldErrors,
    error_label,
    guarded_slot,
    set_error_text,
    show_error,
    show_information,
)
from ui.screen_fit import fit_to_screen

MAX_NAME_LENGTH = 200
OFFICE_FIELDS = ("office_name", "office_code", "province", "county", "phone")
ADMIN_FIELDS = ("username", "full_name", "password", "repeat", "role")
SIGNER_FIELDS = ("signer_name", "signer_title", "letter_footer")


def _line_edit(object_name: str, max_length: int = 200) -> QLineEdit:
    edit = QLineEdit()
    edit.setObjectName(object_name)
    edit.setMaxLength(max_length)
    return edit


def _heading_note(text: str) -> QLabel:
    label = QLabel(text)
    label.setProperty("role", "hint")
    label.setWordWrap(True)
    return label


class OfficePage(QWizardPage):
    """Page 1: who the office is."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("The office"))
        self.setSubTitle(self.tr("The office's name and code appear on letters and receipts."))
        self.name_edit = _line_edit("officeName")
        self.code_edit = _line_edit("officeCode", 4)
        self.code_edit.setValidator(
            QRegularExpressionValidator(QRegularExpression("[0-9۰-۹٠-٩]{0,4}"), self.code_edit)
        )
        self.province_combo = QComboBox()
        self.province_combo.setObjectName("province")
        self.province_combo.addItems(list(PROVINCES))
        self.province_combo.setPlaceholderText(self.tr("Choose the province"))
        self.province_combo.setCurrentIndex(-1)
        self.county_edit = _line_edit("county")
        self.phone_edit = _line_edit("phone", 40)
        self.errors = FieldErrors()
        form = QFormLayout(self)
        self.errors.add_row(form, self.tr("Office name"), "office_name", self.name_edit)
        self.errors.add_row(form, self.tr("Office code (1–9999)"), "office_code", self.code_edit)
        self.errors.add_row(form, self.tr("Province"), "province", self.province_combo)
        self.errors.add_row(form, self.tr("County"), "county", self.county_edit)
        self.errors.add_row(form, self.tr("Phone (optional)"), "phone", self.phone_edit)
        form.addRow(self.errors.general)
        # An office moving here (its old computer died, say) starts from its backup instead.
        restore_note = QLabel(
            self.tr("Moving an existing office to this computer? Restore it from its backup.")
        )
        restore_note.setWordWrap(True)
        self.restore_button = QPushButton(self.tr("Restore an office from a backup…"))
        self.restore_button.setObjectName("restoreButton")
        form.addRow(restore_note)
        restore_row = QHBoxLayout()
        restore_row.addWidget(self.restore_button)
        restore_row.addStretch(1)
        form.addRow(restore_row)

    def initializePage(self) -> None:
        self.name_edit.setFocus()

    def cleanupPage(self) -> None:
        """Keep what was typed when the user goes back."""

    def check(self) -> dict[str, str]:
        """The office's fields judged by the rules the set-up applies at the end."""
        return office.office_problems(
            self.name_edit.text(),
            self.code_edit.text(),
            self.province_combo.currentText(),
            self.county_edit.text(),
        )

    def validatePage(self) -> bool:
        errors = self.check()
        self.errors.show(errors)
        return not errors


class AdminPage(QWizardPage):
    """Page 2: the first user, who manages everything else."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("The administrator"))
        self.setSubTitle(
            self.tr(
                "This user sets up units, categories and the other users. Keep the password safe."
            )
        )
        self.username_edit = _line_edit("username", 64)
        self.full_name_edit = _line_edit("fullName")
        self.password_edit = _line_edit("password", 128)
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.repeat_edit = _line_edit("repeatPassword", 128)
        self.repeat_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.errors = FieldErrors()
        form = QFormLayout(self)
        self.errors.add_row(
            form, self.tr("Username (Latin letters)"), "username", self.username_edit
        )
        self.errors.add_row(form, self.tr("Full name"), "full_name", self.full_name_edit)
        self.errors.add_row(form, self.tr("Password"), "password", self.password_edit)
        self.errors.add_row(form, self.tr("Repeat the password"), "repeat", self.repeat_edit)
        form.addRow(self.errors.general)

    def initializePage(self) -> None:
        self.username_edit.setFocus()

    def cleanupPage(self) -> None:
        """Keep what was typed when the user goes back."""

    def check(self) -> dict[str, str]:
        """The administrator's fields judged by the rules the set-up applies at the end
        (a Persian username is refused here, not after Finish), and the repeated password."""
        errors = users.user_problems(
            self.username_edit.text(),
            self.full_name_edit.text(),
            Role.ADMIN.value,
            self.password_edit.text(),
        )
        if self.repeat_edit.text() != self.password_edit.text():
            errors["repeat"] = self.tr("The two passwords are not the same.")
        return errors

    def validatePage(self) -> bool:
        errors = self.check()
        self.errors.show(errors)
        return not errors


class SignerPage(QWizardPage):
    """Page 3: who signs the letters, and the office's address and telephone under them."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("Letters"))
        self.setSubTitle(
            self.tr(
                "Referrals, reminders and replies are signed with this name and title. The "
                "address and telephone line goes under every letter and on the receipts."
            )
        )
        self.signer_name_edit = _line_edit("signerName")
        self.signer_name_edit.setPlaceholderText(self.tr("e.g. Ali Jahangiri"))
        self.signer_title_edit = _line_edit("signerTitle")
        self.signer_title_edit.setPlaceholderText(
            self.tr("e.g. Director General of Inspection of the Province")
        )
        self.footer_edit = _line_edit("letterFooter")
        self.footer_edit.setPlaceholderText(self.tr("Address and telephone of the office"))
        self.errors = FieldErrors()
        form = QFormLayout(self)
        self.errors.add_row(form, self.tr("Signer's name"), "signer_name", self.signer_name_edit)
        self.errors.add_row(form, self.tr("Signer's title"), "signer_title", self.signer_title_edit)
        self.errors.add_row(
            form, self.tr("Address and telephone (optional)"), "letter_footer", self.footer_edit
        )
        form.addRow(self.errors.general)

    def initializePage(self) -> None:
        self.signer_name_edit.setFocus()

    def cleanupPage(self) -> None:
        """Keep what was typed when the user goes back."""

    def check(self) -> dict[str, str]:
        return office.signer_problems(
            self.signer_name_edit.text(), self.signer_title_edit.text(), self.footer_edit.text()
        )

    def validatePage(self) -> bool:
        errors = self.check()
        self.errors.show(errors)
        return not errors


class EditableList(QWidget):
    """A titled list of names the user can edit in place, add to and remove from."""

    def __init__(self, title: str, names: tuple[str, ...], object_name: str) -> None:
        super().__init__()
        self.setObjectName(object_name)
        self.list = QListWidget()
        self.list.setObjectName(f"{object_name}List")
        for name in names:
            self._append(name)
        self.add_button = QPushButton(self.tr("Add"))
        self.add_button.setObjectName(f"{object_name}Add")
        self.remove_button = QPushButton(self.tr("Remove"))
        self.remove_button.setObjectName(f"{object_name}Remove")
        self.add_button.clicked.connect(self.add_item)
        self.remove_button.clicked.connect(self.remove_current)
        self.error = error_label(f"{object_name}Error")
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch()
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        heading = QLabel(title)
        heading.setProperty("role", "heading")
        column.addWidget(heading)
        column.addWidget(self.list, 1)
        column.addLayout(buttons)
        column.addWidget(self.error)

    def _append(self, name: str) -> QListWidgetItem:
        item = QListWidgetItem(name)
        item.setFlags(item.flags() | Qt.ItemFlag.ItemIsEditable)
        self.list.addItem(item)
        return item

    @guarded_slot
    def add_item(self) -> None:
        item = self._append("")
        self.list.setCurrentItem(item)
        self.list.scrollToItem(item)
        self.list.editItem(item)

    @guarded_slot
    def remove_current(self) -> None:
        row = self.list.currentRow()
        if row >= 0:
            self.list.takeItem(row)

    def commit_editing(self) -> None:
        """Keep a name that is still being typed in its in-place editor."""
        editor = self.list.indexWidget(self.list.currentIndex())
        if editor is not None:
            self.list.commitData(editor)
            self.list.closeEditor(editor, QAbstractItemDelegate.EndEditHint.NoHint)

    def names(self) -> tuple[str, ...]:
        self.commit_editing()
        texts = (clean_line(self.list.item(i).text()) for i in range(self.list.count()))
        return tuple(t for t in texts if t)

    def check(self) -> str:
        """A message about the names ("" when they are fine)."""
        seen: set[str] = set()
        for name in self.names():
            if len(name) > MAX_NAME_LENGTH:
                return self.tr("This name is too long: %1").replace("%1", name[:40])
            key = normalize(name)
            if key in seen:
                return self.tr("This name is in the list twice: %1").replace("%1", name)
            seen.add(key)
        return ""

    def show_error(self, message: str) -> None:
        set_error_text(self.error, message)


class ListsPage(QWizardPage):
    """Page 3: the units and categories to start with; kinds and channels are fixed."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("Units and categories"))
        self.setSubTitle(
            self.tr(
                "Edit the starting lists: double-click a name to change it. "
                "The administrator can change them later."
            )
        )
        self.units = EditableList(self.tr("Units"), DEFAULT_UNITS, "units")
        self.categories = EditableList(self.tr("Categories"), DEFAULT_CATEGORIES, "categories")
        lists = QHBoxLayout()
        lists.addWidget(self.units)
        lists.addWidget(self.categories)
        self.fixed_note = _heading_note(self._fixed_text())
        self.fixed_note.setObjectName("fixedNote")
        self.fixed_note.setTextFormat(Qt.TextFormat.PlainText)
        self.general_error = error_label("generalError")
        column = QVBoxLayout(self)
        column.addLayout(lists, 1)
        column.addWidget(self.fixed_note)
        column.addWidget(self.general_error)

    def _fixed_text(self) -> str:
        separator = self.tr(", ")
        kinds = separator.join(KIND_LABELS.values())
        channels = separator.join(CHANNEL_LABELS[c] for c in REGISTRABLE_CHANNELS)
        return (
            self.tr("Fixed kinds of case: %1").replace("%1", kinds)
            + "\n"
            + self.tr("Fixed channels: %1").replace("%1", channels)
        )

    def cleanupPage(self) -> None:
        """Keep the edited lists when the user goes back."""

    def check(self) -> bool:
        unit_error, category_error = self.units.check(), self.categories.check()
        self.units.show_error(unit_error)
        self.categories.show_error(category_error)
        return not unit_error and not category_error

    def validatePage(self) -> bool:
        set_error_text(self.general_error, "")
        return self.check()


class SetupWizard(QWizard):
    """Runs once on an empty database; ``session`` is the admin's Session after Finish."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        fit_to_screen(self)
        self.setObjectName("setupWizard")
        self.setWindowTitle(self.tr("Setting up Dadras"))
        self.setWizardStyle(QWizard.WizardStyle.ModernStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnStartPage, True)
        self.setButtonText(QWizard.WizardButton.NextButton, self.tr("Next"))
        self.setButtonText(QWizard.WizardButton.BackButton, self.tr("Back"))
        self.setButtonText(QWizard.WizardButton.FinishButton, self.tr("Finish"))
        self.setButtonText(QWizard.WizardButton.CancelButton, self.tr("Cancel"))
        self.session: Session | None = None
        self.restored: backup.Restored | None = None  # an office brought back from a backup
        self.task: object | None = None
        self.office_page = OfficePage()
        self.admin_page = AdminPage()
        self.signer_page = SignerPage()
        self.lists_page = ListsPage()
        self.office_id = self.addPage(self.office_page)
        self.admin_id = self.addPage(self.admin_page)
        self.signer_id = self.addPage(self.signer_page)
        self.lists_id = self.addPage(self.lists_page)
        self.setMinimumSize(720, 560)
        self.office_page.restore_button.clicked.connect(self.ask_restore)

    # --- an office restored from its backup --------------------------------------------------

    @guarded_slot
    def ask_restore(self) -> None:
        from ui.widgets import file_dialog

        name, _ = file_dialog.open_file_name(
            self, self.tr("Restore which backup?"), "", self.tr("Dadras backups (*.backup)")
        )
        if name:
            self.restore_file(Path(name))

    def restore_file(self, path: Path) -> None:
        passphrase = None
        if backup.is_encrypted(path):
            text, ok = QInputDialog.getText(
                self,
                self.tr("Encrypted backup"),
                self.tr("The backup's passphrase:"),
                QLineEdit.EchoMode.Password,
            )
            if not ok or not text:
                return
            passphrase = text
        from ui.pages.backup import run_in_background

        safety = _database_folder() / "backups"
        self.office_page.restore_button.setEnabled(False)
        self.task = run_in_background(
            self,
            self.tr("Checking and restoring the backup…"),
            lambda: backup.restore(path, safety, passphrase),
            self._restored,
        )

    def _restored(self, outcome: object) -> None:
        self.task = None
        self.office_page.restore_button.setEnabled(True)
        if isinstance(outcome, BaseException):
            show_error(self, outcome)
            return
        assert isinstance(outcome, backup.Restored)
        self.restored = outcome
        from ui.pages.backup import share_note

        show_information(
            self,
            self.tr("The office was restored from its backup. Log in with your usual user name.")
            + "\n\n"
            + share_note(outcome),
        )
        self.accept()

    def request(self) -> office.SetupRequest:
        p1, p2 = self.office_page, self.admin_page
        return office.SetupRequest(
            office_name=p1.name_edit.text(),
            office_code=p1.code_edit.text(),
            province=p1.province_combo.currentText(),
            county=p1.county_edit.text(),
            phone=p1.phone_edit.text() or None,
            admin_username=p2.username_edit.text(),
            admin_full_name=p2.full_name_edit.text(),
            admin_password=p2.password_edit.text(),
            signer_name=self.signer_page.signer_name_edit.text(),
            signer_title=self.signer_page.signer_title_edit.text(),
            letter_footer=self.signer_page.footer_edit.text(),
            units=self.lists_page.units.names(),
            categories=self.lists_page.categories.names(),
        )

    def validateCurrentPage(self) -> bool:
        try:
            if not super().validateCurrentPage():
                return False
            return self.currentId() != self.lists_id or self._save()
        except Exception as exc:  # a slot called from C++: never let it escape
            show_error(self, exc)
            return False

    def _save(self) -> bool:
        if self.session is not None:  # already saved (Finish pressed twice)
            return True
        try:
            self.session = office.set_up(self.request())
        except ValidationError as exc:
            self._show_validation(exc)
            return False
        except DadrasError as exc:
            set_error_text(self.lists_page.general_error, exc.message)
            return False
        return True

    def _show_validation(self, exc: ValidationError) -> None:
        office_errors = {k: v for k, v in exc.fields.items() if k in OFFICE_FIELDS}
        admin_errors = {k: v for k, v in exc.fields.items() if k in ADMIN_FIELDS}
        signer_errors = {k: v for k, v in exc.fields.items() if k in SIGNER_FIELDS}
        known = OFFICE_FIELDS + ADMIN_FIELDS + SIGNER_FIELDS
        other = [v for k, v in exc.fields.items() if k not in known]
        set_error_text(self.lists_page.general_error, "\n".join(other))
        if office_errors:
            self._go_back_to(self.office_id)
            self.office_page.errors.show(office_errors)
        elif admin_errors:
            self._go_back_to(self.admin_id)
            self.admin_page.errors.show(admin_errors)
        elif signer_errors:
            self._go_back_to(self.signer_id)
            self.signer_page.errors.show(signer_errors)

    def _go_back_to(self, page_id: int) -> None:
        while self.currentId() != page_id and len(self.visitedIds()) > 1:
            self.back()


def _database_folder() -> Path:
    """The open database's folder (for the safety copy a restore keeps)."""
    return database.folder()
