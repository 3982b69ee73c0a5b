"""Send to central: export now, what was sent and received, importing central's files, settings.

The page shows where the office stands (destination, schedule, keys, changes waiting) with
any reminder in red above it. "Export now" writes a package on a worker thread behind a
progress dialog; "Import from central…" takes an acknowledgement or a package of complaints
(``app.sync.inbound.import_file`` tells them apart). The admin sets the destination, the
schedule and the central key, and saves the office's public key, in the settings dialog.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, QRunnable, Qt, QTime, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressDialog,
    QSpinBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app import jalali
from app.errors import DadrasError, PermissionDenied
from app.permissions import Action, Session, allowed
from app.persian import grouped_number, ltr, size_text, to_persian_digits
from app.sync import export, inbound, keys
from app.sync.export import ExportResult, Schedule
from app.sync.package import PublicKeys
from app.sync.status import SyncStatus, counts_text, sync_status
from ui.context import UiContext
from ui.errors import ERROR_COLOR, FieldErrors, guarded, guarded_slot, show_error
from ui.pages.admin_common import button, heading, line_edit, value_label
from ui.screen_fit import fit_to_screen
from ui.widgets import file_dialog, icons
from ui.widgets.background import start_with_progress
from ui.widgets.empty_state import EmptyState
from ui.widgets.jalali_date import clock_edit
from ui.widgets.record_table import Column, RecordTable, RowsModel

__all__ = ["ExportTask", "SyncPage", "SyncSettingsDialog", "run_export", "size_text"]


def moment_text(moment: dt.datetime) -> str:
    """A stored UTC instant as a local Jalali date and time."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return jalali.format_datetime(moment.astimezone().replace(tzinfo=None))


# --------------------------------------------------------------------------- background export


class _ExportSignals(QObject):
    progress = Signal(int, int)
    finished = Signal(object)  # ExportResult or the exception


class ExportTask(QRunnable):
    """``export.export_now`` on a worker thread; ``session`` None is the scheduler."""

    def __init__(self, session: Session | None, folder: Path) -> None:
        super().__init__()
        self.session, self.folder = session, folder
        self.signals = _ExportSignals()

    def run(self) -> None:
        try:
            outcome: object = export.export_now(
                self.session, self.folder, progress=self.signals.progress.emit
            )
        except Exception as exc:  # shown on the UI thread
            outcome = exc
        self.signals.finished.emit(outcome)


def run_export(
    parent: QWidget, session: Session | None, folder: Path, done: Callable[[object], None]
) -> ExportTask:
    """Start an export with a progress dialog that appears after a moment."""
    task = ExportTask(session, folder)
    dialog = QProgressDialog(
        QCoreApplication.translate("SyncPage", "Writing the package for central…"), "", 0, 0, parent
    )
    dialog.setObjectName("exportProgress")
    dialog.setCancelButton(None)  # a half-written package is discarded anyway; let it finish
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.setMinimumDuration(400)

    def on_progress(done_records: int, total: int) -> None:
        dialog.setMaximum(max(total, 1))
        dialog.setValue(done_records)
        dialog.setLabelText(
            QCoreApplication.translate("SyncPage", "Reading changes: %1 of %2")
            .replace("%1", grouped_number(done_records))
            .replace("%2", grouped_number(total))
        )

    task.signals.progress.connect(on_progress)
    start_with_progress(task, task.signals.finished, dialog, done)
    return task


# --------------------------------------------------------------------------- the page


class SyncPage(QWidget):
    """Status, reminders, export now, import from central, and the two histories."""

    exported = Signal(object)  # ExportResult

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("syncPage")
        self.ctx = ctx
        self.task: ExportTask | None = None
        self.status: SyncStatus | None = None
        self._build_widgets()
        self._lay_out()
        self._connect()
        self.refresh()

    @property
    def session(self) -> Session:
        return self.ctx.session

    def _build_widgets(self) -> None:
        self.reminder_label = QLabel()
        self.reminder_label.setObjectName("reminders")
        self.reminder_label.setTextFormat(Qt.TextFormat.PlainText)
        self.reminder_label.setWordWrap(True)
        self.reminder_label.setStyleSheet(f"color: {ERROR_COLOR};")
        self.values = {name: value_label(name) for name in _STATUS_ROWS}
        self.result_label = QLabel()
        self.result_label.setObjectName("resultLabel")
        self.result_label.setTextFormat(Qt.TextFormat.PlainText)
        self.result_label.setWordWrap(True)
        self.result_label.setVisible(False)
        self.result_icon = QLabel()  # what went well is marked as information, not a warning
        self.result_icon.setObjectName("resultIcon")
        self.result_icon.setPixmap(icons.icon("information").pixmap(20, 20))
        self.result_icon.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.result_icon.setVisible(False)
        self.export_button = button(self.tr("Export now"), "exportButton", "export")
        self.export_button.setDefault(True)
        self.import_button = button(self.tr("Import from central…"), "importButton", "import")
        self.settings_button = button(self.tr("Settings…"), "settingsButton", "settings")
        self.settings_button.setVisible(allowed(self.session, Action.MANAGE_OFFICE))
        self.sent_model: RowsModel[Any] = RowsModel(
            self._sent_columns(), lambda package: int(package.sequence), parent=self
        )
        self.sent_table = RecordTable(self.sent_model, "sentTable", stretch_column=5)
        self.received_model: RowsModel[Any] = RowsModel(
            self._received_columns(), lambda package: int(package.sequence), parent=self
        )
        self.received_table = RecordTable(self.received_model, "receivedTable", stretch_column=4)

    def _status_titles(self) -> dict[str, str]:
        return {
            "destinationValue": self.tr("Destination"),
            "scheduleValue": self.tr("Schedule"),
            "pendingValue": self.tr("Changes not yet received by central"),
            "lastExportValue": self.tr("Last export"),
            "centralKeyValue": self.tr("Central key"),
            "officeKeyValue": self.tr("This office's key"),
        }

    def _sent_columns(self) -> list[Column[Any]]:
        def received(package: Any) -> str:
            if package.acknowledged_at is None:
                return self.tr("awaiting")
            return moment_text(package.acknowledged_at)

        return [
            Column(self.tr("No."), lambda p: to_persian_digits(p.sequence)),
            Column(self.tr("Written"), lambda p: moment_text(p.created_at)),
            Column(
                self.tr("Records"),
                lambda p: grouped_number(sum(p.counts.values())),
                tooltip=lambda p: counts_text(p.counts),
            ),
            Column(self.tr("Size"), lambda p: size_text(p.size)),
            Column(self.tr("Checksum"), lambda p: p.sha256[:16], tooltip=lambda p: p.sha256),
            Column(
                self.tr("Destination"),
                lambda p: ltr(p.destination),
                tooltip=lambda p: ltr(str(Path(p.destination) / p.file_name)),
            ),
            Column(self.tr("Verified"), lambda p: self.tr("yes") if p.verified else self.tr("no")),
            Column(self.tr("Received by central"), received),
        ]

    def _received_columns(self) -> list[Column[Any]]:
        return [
            Column(self.tr("No."), lambda p: to_persian_digits(p.sequence)),
            Column(self.tr("Sent by central"), lambda p: moment_text(p.created_at)),
            Column(self.tr("Complaints added"), lambda p: grouped_number(p.added)),
            Column(self.tr("Already here"), lambda p: grouped_number(p.skipped)),
            Column(self.tr("File"), lambda p: ltr(str(p.file_name))),
        ]

    def _lay_out(self) -> None:
        form = QFormLayout()
        for name, title in self._status_titles().items():
            form.addRow(title, self.values[name])
        buttons = QHBoxLayout()
        for push in (self.export_button, self.import_button, self.settings_button):
            buttons.addWidget(push)
        buttons.addStretch(1)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("historyTabs")
        self.sent_empty = EmptyState(
            self.sent_table,
            self.tr(
                "No package has been sent to central yet. Press «Export now» to write the "
                "first one."
            ),
            "sync",
        )
        self.received_empty = EmptyState(
            self.received_table,
            self.tr(
                "Nothing has been received from central yet. When central sends a package, "
                "bring it in with «Import from central…»."
            ),
            "import",
        )
        self.tabs.addTab(self.sent_empty, self.tr("Packages sent"))
        self.tabs.addTab(self.received_empty, self.tr("Received from central"))
        layout = QVBoxLayout(self)
        layout.addWidget(heading(self.tr("Send to central")))
        layout.addWidget(self.reminder_label)
        layout.addLayout(form)
        layout.addLayout(buttons)
        result = QHBoxLayout()
        result.addWidget(self.result_icon)
        result.addWidget(self.result_label, 1)
        layout.addLayout(result)
        layout.addWidget(self.tabs, 1)

    def _connect(self) -> None:
        self.export_button.clicked.connect(self.export_now)
        self.import_button.clicked.connect(self.choose_import)
        self.settings_button.clicked.connect(self.open_settings)

    # ------------------------------------------------------------------ showing

    @guarded_slot
    def refresh(self) -> None:
        self.status = status = sync_status(
            can_configure=allowed(self.session, Action.MANAGE_OFFICE)
        )
        self.reminder_label.setText("\n".join(status.reminders))
        self.reminder_label.setVisible(bool(status.reminders))
        self._show_status(status)
        self._fill_sent(status)
        self._fill_received()
        self.export_button.setEnabled(self.task is None)

    def showEvent(self, event: object) -> None:
        super().showEvent(event)  # type: ignore[arg-type]
        if self.task is None:
            self.refresh()

    def _show_status(self, status: SyncStatus) -> None:
        folder = self.tr("not set") if status.destination is None else ltr(str(status.destination))
        if status.destination is not None and not status.destination_ready:
            folder = self.tr("%1 (not reachable)").replace("%1", folder)
        last = status.last_export
        self.values["destinationValue"].setText(folder)
        self.values["scheduleValue"].setText(self.schedule_text(status.schedule))
        self.values["pendingValue"].setText(grouped_number(status.pending))
        self.values["lastExportValue"].setText(
            self.tr("never")
            if last is None
            else self.tr("package %1, %2")
            .replace("%1", to_persian_digits(last.sequence))
            .replace("%2", moment_text(last.created_at))
        )
        self.values["centralKeyValue"].setText(
            self.tr("not set")
            if status.central_fingerprint is None
            else self.tr("fingerprint %1").replace("%1", ltr(status.central_fingerprint))
        )
        self.values["officeKeyValue"].setText(
            self.tr("fingerprint %1").replace("%1", ltr(status.office_fingerprint))
        )

    def schedule_text(self, plan: Schedule | None) -> str:
        if plan is None:
            return self.tr("none: export by hand")
        if plan.at is not None:
            return self.tr("daily at %1").replace("%1", to_persian_digits(f"{plan.at:%H:%M}"))
        return self.tr("every %1 days").replace("%1", to_persian_digits(plan.every_days or 0))

    def _fill_sent(self, status: SyncStatus) -> None:
        self.sent_model.set_rows(status.exports)

    def _fill_received(self) -> None:
        self.received_model.set_rows(inbound.inbound_history())

    # ------------------------------------------------------------------ actions

    def say(self, text: str) -> None:
        """The outcome of the last action, under the buttons (hidden when there is none)."""
        self.result_label.setText(text)
        self.result_label.setVisible(bool(text))
        self.result_icon.setVisible(bool(text))

    @guarded_slot
    def export_now(self) -> None:
        if self.task is not None:
            return
        status = self.status or sync_status(
            can_configure=allowed(self.session, Action.MANAGE_OFFICE)
        )
        if status.destination is None:
            raise DadrasError(self.no_destination_text())
        self.say("")
        self.export_button.setEnabled(False)
        self.task = run_export(self, self.session, status.destination, self._export_done)

    def no_destination_text(self) -> str:
        """Where the destination is set, in the words on the screen: this page's «Settings…»
        button, the «Destination folder» field of its dialog."""
        if allowed(self.session, Action.MANAGE_OFFICE):
            text = self.tr(
                "No destination folder is set. Press «%2» on this page and choose the «%3» "
                "(a removable disk or a shared folder)."
            )
        else:
            text = self.tr(
                "No destination folder is set. The system administrator sets it on the «%1» "
                "page: «%2», then «%3»."
            )
        return (
            text.replace("%1", self.tr("Send to central"))
            .replace("%2", self.settings_button.text())
            .replace("%3", QCoreApplication.translate("SyncSettingsDialog", "Destination folder"))
        )

    def _export_done(self, outcome: object) -> None:
        self.task = None
        self.refresh()
        if isinstance(outcome, BaseException):
            show_error(self, outcome)
            return
        assert isinstance(outcome, ExportResult)
        self.say(
            self.tr("Package %1 written and checked: %2 records, %3, in %4.")
            .replace("%1", to_persian_digits(outcome.sequence))
            .replace("%2", grouped_number(sum(outcome.counts.values())))
            .replace("%3", size_text(outcome.size))
            .replace("%4", ltr(outcome.path.name))
        )
        self.exported.emit(outcome)

    @guarded_slot
    def choose_import(self) -> None:
        start = str(self.status.destination) if self.status and self.status.destination else ""
        path, _ = file_dialog.open_file_name(
            self,
            self.tr("Import a file from central"),
            start,
            self.tr("Files from central (*.json *.age);;All files (*)"),
        )
        if path:
            self.import_from(Path(path))

    def import_from(self, path: Path) -> None:
        """Import an acknowledgement or a package of complaints and say what it did."""
        self.say("")
        with guarded(self):
            outcome = inbound.import_file(self.session, path)
            self.say(self.outcome_text(outcome))
        self.refresh()

    def outcome_text(self, outcome: inbound.ImportOutcome) -> str:
        if outcome.ack is not None:
            number = to_persian_digits(outcome.ack.sequence)
            if outcome.ack.unknown:
                return self.tr(
                    "Package %1 was sent after the backup this office was restored from; "
                    "tracking codes and numbers now continue past it."
                ).replace("%1", number)
            if outcome.ack.already:
                return self.tr("Package %1 was already marked as received.").replace("%1", number)
            return self.tr("Central received package %1; the next export starts after it.").replace(
                "%1", number
            )
        result = outcome.inbound
        assert result is not None
        number = to_persian_digits(result.sequence)
        if result.already:
            return self.tr("Central's package %1 was imported before.").replace("%1", number)
        codes = "، ".join(ltr(to_persian_digits(code)) for code in result.added[:10])
        if not result.skipped:
            text = self.tr("Central's package %1: %2 complaints registered.")
        elif not result.added:
            text = self.tr("Central's package %1: no new complaint; %3 already here.")
        else:
            text = self.tr("Central's package %1: %2 complaints registered, %3 already here.")
        text = (
            text.replace("%1", number)
            .replace("%2", grouped_number(len(result.added)))
            .replace("%3", grouped_number(result.skipped))
        )
        if codes:
            text += " " + self.tr("Tracking codes: %1").replace("%1", codes)
        return text

    @guarded_slot
    def open_settings(self) -> None:
        dialog = SyncSettingsDialog(self.ctx, self)
        dialog.saved.connect(self.refresh)
        dialog.open()


_STATUS_ROWS = (
    "destinationValue",
    "scheduleValue",
    "pendingValue",
    "lastExportValue",
    "centralKeyValue",
    "officeKeyValue",
)


# --------------------------------------------------------------------------- settings


class KeyChangeDialog(QDialog):
    """Setting or changing the central key: a manager and a second person, each with their
    password.

    Whoever holds central's key reads every identity the office sends, so no one sets it
    alone, the first time included (``app.sync.keys.set_central_key``).
    """

    def __init__(self, path: Path, parent: QWidget | None = None, *, first: bool = False) -> None:
        super().__init__(parent)
        self.setObjectName("keyChangeDialog")
        self.path = path
        self.changed: PublicKeys | None = None
        fingerprint = ltr(keys.key_file_fingerprint(path))
        if first:
            self.setWindowTitle(self.tr("Set the central key"))
            text = self.tr(
                "This office will encrypt its packages to this key. Whoever holds its private "
                "half can read every package the office sends, so the office's manager sets it "
                "and a second person (another manager or the administrator) confirms, each "
                "with their own password. First compare its fingerprint with central's by "
                "phone: %1"
            )
        else:
            self.setWindowTitle(self.tr("Change the central key"))
            text = self.tr(
                "A different central key replaces the one in use. Whoever holds its private "
                "half can read every package this office sends, so the office's manager "
                "changes it and a second person (another manager or the administrator) "
                "confirms, each with their own password. New fingerprint: %1"
            )
        note = QLabel(text.replace("%1", fingerprint))
        note.setWordWrap(True)
        self.errors = FieldErrors()
        self.manager_edit = line_edit("managerEdit", max_length=60)
        self.manager_password = line_edit("managerPasswordEdit", max_length=200)
        self.second_edit = line_edit("secondEdit", max_length=60)
        self.second_password = line_edit("secondPasswordEdit", max_length=200)
        for edit in (self.manager_password, self.second_password):
            edit.setEchoMode(QLineEdit.EchoMode.Password)
        form = QFormLayout()
        self.errors.add_row(form, self.tr("Manager's user name"), "manager", self.manager_edit)
        self.errors.add_row(form, self.tr("Manager's password"), "manager_password",
                            self.manager_password)  # fmt: skip
        self.errors.add_row(form, self.tr("Second person's user name"), "second",
                            self.second_edit)  # fmt: skip
        self.errors.add_row(form, self.tr("Second person's password"), "second_password",
                            self.second_password)  # fmt: skip
        buttons = QDialogButtonBox()
        change = buttons.addButton(
            self.tr("Set the key") if first else self.tr("Change the key"),
            QDialogButtonBox.ButtonRole.AcceptRole,
        )
        change.setObjectName("changeKeyButton")
        cancel = buttons.addButton(self.tr("Cancel"), QDialogButtonBox.ButtonRole.RejectRole)
        cancel.setObjectName("cancelButton")
        buttons.accepted.connect(self.change)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(note)
        layout.addLayout(form)
        layout.addWidget(self.errors.general)
        layout.addWidget(buttons)
        self.setMinimumWidth(520)  # the note wraps in lines the eye can follow
        fit_to_screen(self)

    @guarded_slot
    def change(self) -> None:
        from app import users

        self.errors.clear()
        try:
            manager = users.login(self.manager_edit.text(), self.manager_password.text())
            second = users.login(self.second_edit.text(), self.second_password.text())
            self.changed = keys.set_central_key(manager, self.path, confirmed_by=second)
        except PermissionDenied:
            self.errors.show({}, keys.KEY_CHANGE_REFUSED)
            return
        except DadrasError as exc:
            self.errors.show_exception(exc)
            return
        self.accept()


class SyncSettingsDialog(QDialog):
    """The admin's: destination folder, schedule, central key, and saving the office's key."""

    saved = Signal()

    NONE, DAILY, EVERY = 0, 1, 2

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        fit_to_screen(self)
        self.setObjectName("syncSettingsDialog")
        self.setWindowTitle(self.tr("Sending to central: settings"))
        self.setMinimumWidth(640)
        self.ctx = ctx
        self.errors = FieldErrors()
        self.destination_edit = line_edit("destinationEdit", max_length=1000)
        self.browse_button = button(self.tr("Choose…"), "browseButton")
        self.schedule_combo = QComboBox()
        self.schedule_combo.setObjectName("scheduleCombo")
        self.schedule_combo.addItems(
            [self.tr("No schedule"), self.tr("Daily at"), self.tr("Every N days")]
        )
        self.time_edit = clock_edit("timeEdit")
        self.days_spin = QSpinBox()
        self.days_spin.setObjectName("daysSpin")
        self.days_spin.setRange(1, 365)
        self.central_label = QLabel()
        self.central_label.setObjectName("centralKeyLabel")
        self.central_button = button(self.tr("Load central key file…"), "centralKeyButton")
        self.office_label = QLabel()
        self.office_label.setObjectName("officeKeyLabel")
        self.office_button = button(self.tr("Save this office's public key…"), "officeKeyButton")
        self.message_label = QLabel()
        self.message_label.setObjectName("messageLabel")
        self.message_label.setWordWrap(True)
        self._lay_out()
        self._load()
        self.browse_button.clicked.connect(self.choose_destination)
        self.schedule_combo.currentIndexChanged.connect(self._show_schedule_fields)
        self.central_button.clicked.connect(self.choose_central_key)
        self.office_button.clicked.connect(self.choose_office_key_file)

    def _lay_out(self) -> None:
        folder_row = QHBoxLayout()
        folder_row.addWidget(self.destination_edit, 1)
        folder_row.addWidget(self.browse_button)
        folder = QWidget()
        folder.setLayout(folder_row)
        folder_row.setContentsMargins(0, 0, 0, 0)
        when_row = QHBoxLayout()
        when_row.setContentsMargins(0, 0, 0, 0)
        for widget in (self.schedule_combo, self.time_edit, self.days_spin):
            when_row.addWidget(widget)
        when_row.addStretch(1)
        when = QWidget()
        when.setLayout(when_row)
        form = QFormLayout()
        self.errors.add_row(form, self.tr("Destination folder"), "destination", folder)
        self.errors.add_row(form, self.tr("Schedule"), "schedule", when)
        self.errors.watch("destination", self.destination_edit.textEdited)
        self.errors.watch(
            "schedule",
            self.schedule_combo.currentIndexChanged,
            self.time_edit.timeChanged,
            self.days_spin.valueChanged,
        )
        form.addRow(self.tr("Central key"), self._pair(self.central_label, self.central_button))
        form.addRow(self.tr("This office's key"), self._pair(self.office_label, self.office_button))
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Close
        )
        buttons.button(QDialogButtonBox.StandardButton.Save).setText(self.tr("Save"))
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(self.tr("Close"))
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.message_label)
        layout.addWidget(buttons)

    @staticmethod
    def _pair(label: QLabel, push: QWidget) -> QWidget:
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(label, 1)
        row.addWidget(push)
        holder = QWidget()
        holder.setLayout(row)
        return holder

    def _load(self) -> None:
        folder = export.destination()
        self.destination_edit.setText(str(folder) if folder is not None else "")
        plan = export.schedule()
        if plan is None:
            self.schedule_combo.setCurrentIndex(self.NONE)
        elif plan.at is not None:
            self.schedule_combo.setCurrentIndex(self.DAILY)
            self.time_edit.setTime(QTime(plan.at.hour, plan.at.minute))
        else:
            self.schedule_combo.setCurrentIndex(self.EVERY)
            self.days_spin.setValue(plan.every_days or 1)
        self._show_schedule_fields()
        self._show_keys()

    def _show_keys(self) -> None:
        central = keys.central_keys()
        text = (
            self.tr("not set")
            if central is None
            else self.tr("fingerprint %1").replace("%1", ltr(central.fingerprint))
        )
        change = keys.last_key_change()
        if central is not None and change is not None:
            day = jalali.format_date(jalali.to_tehran(change.at.replace(tzinfo=dt.UTC)).date())
            if change.confirmed_by:
                text += "\n" + self.tr("set on %1 by %2, confirmed by %3").replace(
                    "%1", day
                ).replace("%2", change.by).replace("%3", change.confirmed_by)
            else:
                text += "\n" + self.tr("set on %1 by %2").replace("%1", day).replace(
                    "%2", change.by or self.tr("the system")
                )
        self.central_label.setText(text)
        self.office_label.setText(
            self.tr("fingerprint %1").replace("%1", ltr(keys.office_public_keys().fingerprint))
        )

    def _show_schedule_fields(self) -> None:
        index = self.schedule_combo.currentIndex()
        self.time_edit.setVisible(index == self.DAILY)
        self.days_spin.setVisible(index == self.EVERY)

    def chosen_schedule(self) -> Schedule | None:
        index = self.schedule_combo.currentIndex()
        if index == self.DAILY:
            at = self.time_edit.time()
            return Schedule(at=dt.time(at.hour(), at.minute()))
        if index == self.EVERY:
            return Schedule(every_days=self.days_spin.value())
        return None

    @guarded_slot
    def save(self) -> None:
        self.errors.clear()
        text = self.destination_edit.text().strip()
        if not text:
            self.errors.show({"destination": self.tr("Choose the folder packages are written to.")})
            return
        folder = Path(text)
        if not folder.is_dir():
            self.errors.show(
                {"destination": self.tr("This folder does not exist or is not connected.")}
            )
            return
        session = self.ctx.session
        export.set_destination(session, folder)
        export.set_schedule_or_none(session, self.chosen_schedule())
        self.message_label.setText(self.tr("Saved."))
        self.saved.emit()

    @guarded_slot
    def choose_destination(self) -> None:
        folder = file_dialog.existing_directory(
            self, self.tr("Folder for packages (USB drive or network share)"),
            self.destination_edit.text(),
        )  # fmt: skip
        if folder:
            self.destination_edit.setText(folder)

    @guarded_slot
    def choose_central_key(self) -> None:
        path, _ = file_dialog.open_file_name(
            self, self.tr("The central system's public key"), "",
            self.tr("Public-key files (*.pub *.json);;All files (*)"),
        )  # fmt: skip
        if path:
            self.load_central_key(Path(path))

    def load_central_key(self, path: Path) -> None:
        with guarded(self):
            current = keys.central_keys()
            if current is None or current.fingerprint != keys.key_file_fingerprint(path):
                dialog = KeyChangeDialog(path, self, first=current is None)
                if dialog.exec() != QDialog.DialogCode.Accepted or dialog.changed is None:
                    return
                found = dialog.changed
            else:
                found = keys.set_central_key(self.ctx.session, path)  # the same key again
            self.message_label.setText(
                self.tr(
                    "Central key loaded: fingerprint %1. Compare it with central's by phone."
                ).replace("%1", ltr(found.fingerprint))
            )
            self._show_keys()
            self.saved.emit()

    @guarded_slot
    def choose_office_key_file(self) -> None:
        code = f"{self.ctx.office.code:04d}"
        path, _ = file_dialog.save_file_name(
            self, self.tr("Save this office's public key"), f"dadras-office-{code}.pub",
            self.tr("Public-key files (*.pub)"),
        )  # fmt: skip
        if path:
            self.save_office_key(Path(path))

    def save_office_key(self, path: Path) -> None:
        with guarded(self):
            written = keys.write_office_public_key(path)
            self.message_label.setText(
                self.tr("Saved to %1 (fingerprint %2). Send this file to central for enrolment.")
                .replace("%1", ltr(path))
                .replace("%2", ltr(written.fingerprint))
            )
