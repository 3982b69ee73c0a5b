"""Backups: back up now, restore from a file, and the automatic backup's settings.

The page lists the office's backups in the backup folder. "Back up now" writes one there
(or into a folder the admin picks when none is set) on a worker thread; "Restore from a
file…" asks for confirmation and, for an encrypted file, its passphrase, restores on a
worker thread and then logs everyone out, since the data under the session has changed.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app import backup
from app.backup import BackupFile, BackupPlan
from app.errors import DadrasError
from app.persian import grouped_number, ltr, size_text, to_persian_digits
from ui.context import UiContext
from ui.errors import FieldErrors, guarded_slot, show_error
from ui.pages.admin_common import button, heading, line_edit, value_label
from ui.pages.sync import moment_text
from ui.screen_fit import fit_to_screen
from ui.widgets import file_dialog
from ui.widgets.background import WorkTask, run_with_progress
from ui.widgets.empty_state import EmptyState
from ui.widgets.record_table import Column, RecordTable, RowsModel

__all__ = ["BackupPage", "BackupSettingsDialog", "run_in_background"]


def run_in_background(
    parent: QWidget, text: str, work: Callable[[], object], done: Callable[[object], None]
) -> WorkTask:
    # A half-made copy is removed anyway: no cancel button, let it finish.
    return run_with_progress(parent, text, work, done, name="backupProgress", after_ms=300)


class BackupPage(QWidget):
    """The backup folder's state and copies; back up, restore, settings."""

    restored = Signal(object)  # backup.Restored

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("backupPage")
        self.ctx = ctx
        self.task: WorkTask | None = None
        # The folder whose copies are listed: the backup folder, or while none is set, the
        # folder the last «Back up now» wrote into (so the copy just made is on the list).
        self.listed_folder: Path | None = None
        self._chosen_folder: Path | None = None
        self.values = {name: value_label(name) for name in self._titles()}
        self.result_label = QLabel()
        self.result_label.setObjectName("resultLabel")
        self.result_label.setWordWrap(True)
        self.result_label.setTextFormat(Qt.TextFormat.PlainText)
        self.backup_button = button(self.tr("Back up now"), "backupButton", "back_up")
        self.backup_button.setDefault(True)
        self.restore_button = button(self.tr("Restore from a file…"), "restoreButton", "restore")
        self.settings_button = button(self.tr("Settings…"), "settingsButton", "settings")
        self.model: RowsModel[BackupFile] = RowsModel(
            [
                Column(self.tr("Made"), backup.made_at_text),
                Column(self.tr("Size"), lambda made: size_text(made.size)),
                Column(
                    self.tr("Encrypted"),
                    lambda made: self.tr("Yes") if made.encrypted else self.tr("No"),
                ),
                Column(self.tr("File"), lambda made: ltr(made.path.name)),
            ],
            lambda made: hash(str(made.path)),  # stable while the program runs
            parent=self,
        )
        self.table = RecordTable(self.model, "backupsTable", stretch_column=3)
        self.empty_state = EmptyState(self.table, "", "backup")
        self._lay_out()
        self.backup_button.clicked.connect(self.back_up_now)
        self.restore_button.clicked.connect(self.ask_restore)
        self.settings_button.clicked.connect(self.edit_settings)
        self.refresh()

    def _titles(self) -> dict[str, str]:
        return {
            "folderValue": self.tr("Backup folder"),
            "automaticValue": self.tr("Automatic backup"),
            "keepValue": self.tr("Copies kept"),
            "encryptionValue": self.tr("Encryption"),
            "lastValue": self.tr("Last automatic backup"),
        }

    def _lay_out(self) -> None:
        form = QFormLayout()
        for name, title in self._titles().items():
            form.addRow(title, self.values[name])
        buttons = QHBoxLayout()
        for widget in (self.backup_button, self.restore_button, self.settings_button):
            buttons.addWidget(widget)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(heading(self.tr("Backups")))
        layout.addLayout(form)
        layout.addLayout(buttons)
        layout.addWidget(self.result_label)
        self.list_title = QLabel()
        self.list_title.setObjectName("listTitle")
        self.list_title.setTextFormat(Qt.TextFormat.PlainText)
        self.list_title.setWordWrap(True)
        layout.addWidget(self.list_title)
        layout.addWidget(self.empty_state, 1)

    # --- state ------------------------------------------------------------------------------

    def refresh(self) -> None:
        current = backup.plan()
        self.plan = current
        self.values["folderValue"].setText(
            ltr(str(current.folder)) if current.folder else self.tr("Not set")
        )
        self.values["automaticValue"].setText(self._automatic_text(current))
        self.values["keepValue"].setText(grouped_number(current.keep))
        self.values["encryptionValue"].setText(
            self.tr("With a passphrase") if current.encrypted else self.tr("None")
        )
        last = backup.last_automatic()
        self.values["lastValue"].setText(moment_text(last) if last else self.tr("Never"))
        self.listed_folder = current.folder or self._chosen_folder
        listed = self.listed_folder
        found = backup.backups_in(listed, self.ctx.office.code) if listed else []
        self.list_title.setText(
            self.tr("This office's backups in the folder %1").replace("%1", ltr(str(listed)))
            if listed
            else self.tr("This office's backups")
        )
        self.empty_state.set_message(self._empty_text(current))
        self._fill_table(found)

    def _empty_text(self, current: BackupPlan) -> str:
        """What to do next while the backup folder holds no copy of this office."""
        if current.folder is None:
            return self.tr(
                "No backup folder has been chosen yet. Press «Settings…» to choose one, best on "
                "a disk apart from this computer; then press «Back up now» to make the first "
                "copy."
            )
        return self.tr(
            "There is no backup of this office in the backup folder yet. Press «Back up now» "
            "to make the first one."
        )

    def _automatic_text(self, current: BackupPlan) -> str:
        if not current.automatic:
            return self.tr("Off")
        return self.tr("Every %1 hours").replace("%1", to_persian_digits(current.every_hours))

    def _fill_table(self, found: list[BackupFile]) -> None:
        chosen = self.table.selected_id()
        self.model.set_rows(found)
        self.table.restore_selection(chosen, select_first=False)

    # --- back up ----------------------------------------------------------------------------

    @guarded_slot
    def back_up_now(self) -> None:
        folder = self.plan.folder
        if folder is None:
            chosen = file_dialog.existing_directory(self, self.tr("Back up into which folder?"))
            if not chosen:
                return
            folder = Path(chosen)
            self._chosen_folder = folder
        passphrase = _kept_passphrase() if self.plan.encrypted else None
        keep = self.plan.keep if folder == self.plan.folder else None
        self.backup_button.setEnabled(False)
        self.task = run_in_background(
            self,
            self.tr("Backing up the database…"),
            lambda: backup.make_backup(folder, passphrase, keep=keep),
            self._backed_up,
        )

    def _backed_up(self, outcome: object) -> None:
        self.task = None
        self.backup_button.setEnabled(True)
        if isinstance(outcome, BaseException):
            show_error(self, outcome)
            return
        assert isinstance(outcome, BackupFile)
        self.result_label.setText(
            self.tr("Backed up: %1 (%2)")
            .replace("%1", ltr(str(outcome.path)))
            .replace("%2", size_text(outcome.size))
        )
        self.refresh()
        self.table.restore_selection(hash(str(outcome.path)), select_first=False)

    # --- restore ----------------------------------------------------------------------------

    @guarded_slot
    def ask_restore(self) -> None:
        start = str(self.plan.folder or "")
        name, _ = file_dialog.open_file_name(
            self,
            self.tr("Restore which backup?"),
            start,
            self.tr("Dadras backups (*.backup)"),
        )
        if name:
            self.restore_file(Path(name))

    def restore_file(self, path: Path) -> None:
        if not self.confirm_restore(path):
            return
        passphrase = None
        if backup.is_encrypted(path):
            passphrase = self.ask_passphrase()
            if passphrase is None:
                return
        safety = self.ctx.data_folder / "backups"
        self.restore_button.setEnabled(False)
        self.task = run_in_background(
            self,
            self.tr("Checking and restoring the backup…"),
            lambda: backup.restore(path, safety, passphrase),
            self._restored,
        )

    def confirm_restore(self, path: Path) -> bool:
        box = QMessageBox(self)
        box.setObjectName("confirmRestore")
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle(self.tr("Restore a backup"))
        box.setText(
            self.tr(
                "Everything in the database will be replaced by the backup %1. The current "
                "database is kept as a safety copy first. Everyone is logged out afterwards. "
                "Restore it?"
            ).replace("%1", ltr(path.name))
        )
        yes = box.addButton(self.tr("Restore"), QMessageBox.ButtonRole.AcceptRole)
        box.addButton(self.tr("Cancel"), QMessageBox.ButtonRole.RejectRole)
        box.exec()
        return box.clickedButton() is yes

    def ask_passphrase(self) -> str | None:
        text, ok = QInputDialog.getText(
            self,
            self.tr("Encrypted backup"),
            self.tr("The backup's passphrase:"),
            QLineEdit.EchoMode.Password,
        )
        return text if ok and text else None

    def _restored(self, outcome: object) -> None:
        self.task = None
        self.restore_button.setEnabled(True)
        if isinstance(outcome, BaseException):
            show_error(self, outcome)
            return
        assert isinstance(outcome, backup.Restored)
        QMessageBox.information(
            self,
            self.tr("Restore a backup"),
            self.tr(
                "The backup was restored. The database as it was before is kept in %1. "
                "Please log in again."
            ).replace("%1", ltr(str(outcome.safety_copy)))
            + "\n\n"
            + share_note(outcome),
        )
        self.restored.emit(outcome)

    # --- settings ---------------------------------------------------------------------------

    @guarded_slot
    def edit_settings(self) -> None:
        dialog = BackupSettingsDialog(self, self.ctx, self.plan)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.refresh()


def share_note(restored: backup.Restored) -> str:
    """What a restore learnt from the share about numbers handed out after the backup."""
    share = restored.share
    if share is None:
        return QCoreApplication.translate(
            "ShareNote",
            "The folder this office sends to central could not be read. Before registering "
            "anything, import central's acknowledgements (Send to central → Import from "
            "central…), so that tracking codes and letter numbers continue past those "
            "already given out.",
        )
    return QCoreApplication.translate(
        "ShareNote",
        "Tracking codes and letter numbers continue past the %1 acknowledgements from "
        "central found in the folder this office sends to.",
    ).replace("%1", to_persian_digits(share.acknowledgements))


def _kept_passphrase() -> str | None:
    from app.office import get_setting

    return get_setting(backup.PASSPHRASE_SETTING) or None


FOLDER_WIDTH = 380  # pixels: a path such as D:\Dadras\Backups read whole, not a sliver


class BackupSettingsDialog(QDialog):
    """The backup folder, the automatic backup's interval, the copies kept, the passphrase."""

    def __init__(self, parent: QWidget, ctx: UiContext, current: BackupPlan) -> None:
        super().__init__(parent)
        fit_to_screen(self)
        self.setObjectName("backupSettings")
        self.setWindowTitle(self.tr("Backup settings"))
        self.ctx = ctx
        self.folder_edit = line_edit("folderEdit", str(current.folder or ""), 1000)
        self.folder_edit.setLayoutDirection(Qt.LayoutDirection.LeftToRight)
        self.folder_edit.setMinimumWidth(FOLDER_WIDTH)
        browse = button(self.tr("Choose…"), "browseButton")
        browse.clicked.connect(self._browse)
        self.every_spin = self._spin("everySpin", 0, backup.MAX_EVERY_HOURS, current.every_hours)
        self.every_spin.setSpecialValueText(self.tr("Off"))
        self.keep_spin = self._spin("keepSpin", 1, 1000, current.keep)
        self.change_box = QCheckBox(self.tr("Change the passphrase"))
        self.change_box.setObjectName("changePassphrase")
        self.passphrase_edit = self._secret("passphraseEdit")
        self.again_edit = self._secret("againEdit")
        self.change_box.toggled.connect(self.passphrase_edit.setEnabled)
        self.change_box.toggled.connect(self.again_edit.setEnabled)
        self.errors = FieldErrors()
        form = QFormLayout()
        row = QHBoxLayout()
        row.addWidget(self.folder_edit, 1)
        row.addWidget(browse)
        holder = QWidget()
        holder.setLayout(row)
        self.errors.add_row(form, self.tr("Backup folder"), "folder", holder)
        self.errors.watch("folder", self.folder_edit.textEdited)
        self.errors.add_row(form, self.tr("Automatic backup every (hours)"), "every_hours",
                            self.every_spin)  # fmt: skip
        self.errors.add_row(form, self.tr("Copies kept"), "keep", self.keep_spin)
        form.addRow("", self.change_box)
        self.errors.add_row(form, self.tr("Passphrase (empty: no encryption)"), "passphrase",
                            self.passphrase_edit)  # fmt: skip
        form.addRow(self.tr("Passphrase again"), self.again_edit)
        note = QLabel(
            self.tr(
                "An encrypted backup cannot be restored without its passphrase: write it "
                "down and keep it somewhere safe."
            )
        )
        note.setWordWrap(True)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Save).setText(self.tr("Save"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Cancel"))
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(note)
        layout.addWidget(self.errors.general)
        layout.addWidget(buttons)

    def _spin(self, name: str, low: int, high: int, value: int) -> QSpinBox:
        spin = QSpinBox()
        spin.setObjectName(name)
        spin.setRange(low, high)
        spin.setValue(value)
        return spin

    def _secret(self, name: str) -> QLineEdit:
        edit = line_edit(name, "", 200)
        edit.setEchoMode(QLineEdit.EchoMode.Password)
        edit.setEnabled(False)
        return edit

    def _browse(self) -> None:
        chosen = file_dialog.existing_directory(self, self.tr("Backup folder"))
        if chosen:
            self.folder_edit.setText(chosen)

    def save(self) -> None:
        change = self.change_box.isChecked()
        passphrase = self.passphrase_edit.text()
        if change and passphrase != self.again_edit.text():
            self.errors.show({"passphrase": self.tr("The two passphrases differ.")})
            return
        folder = self.folder_edit.text().strip()
        try:
            backup.set_plan(
                self.ctx.session,
                Path(folder) if folder else None,
                self.every_spin.value(),
                self.keep_spin.value(),
                passphrase or None,
                change_passphrase=change,
            )
        except DadrasError as exc:
            self.errors.show_exception(exc)
            return
        self.accept()
