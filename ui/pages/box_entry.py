"""Complaint-box work for data-entry staff: openings, importing scans, and entering each page
beside the registration form.

The entry window shows a scanned page on one side and the registration form on the other:
the clerk types what the paper says, Enter registers the complaint with channel "complaint
box" and the scan attached, and the next pending page appears. A page may be skipped (it comes
back at the end) or marked blank, back side, not admissible or duplicate. The window reopens
at the page the clerk left, with what was typed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QObject, QRunnable, Qt, Signal
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QPalette, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QProgressDialog,
    QPushButton,
    QSpinBox,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from app import boxes, jalali, scanner, scans
from app.errors import DadrasError, ValidationError
from app.permissions import Action, allowed
from app.persian import grouped_number, ltr, to_persian_digits
from app.registration import ComplaintInput, Registered
from app.vocabulary import Channel, ScanState
from ui.context import UiContext
from ui.errors import FieldErrors, guarded, guarded_slot, show_information, show_message
from ui.pages.admin_boxes import no_box_text
from ui.pages.admin_common import button, heading
from ui.pages.registration import RegistrationPage
from ui.screen_fit import fit_to_screen, resize_within_screen
from ui.widgets import file_dialog
from ui.widgets.background import start_with_progress
from ui.widgets.empty_state import EmptyState
from ui.widgets.jalali_date import JalaliDateEdit, clock_edit
from ui.widgets.page_viewer import PageViewer
from ui.widgets.record_table import CellStyle, Column, RecordTable, RowsModel
from ui.widgets.shortcuts import key_sequence

ENTRY_DRAFT = "box_entry"
_MARKS: tuple[tuple[ScanState, str, str], ...] = (
    (ScanState.BLANK, "blankButton", "Ctrl+Shift+B"),
    (ScanState.BACK_SIDE, "backSideButton", "Ctrl+Shift+K"),
    (ScanState.NOT_ADMISSIBLE, "notAdmissibleButton", "Ctrl+Shift+N"),
    (ScanState.DUPLICATE, "duplicateButton", "Ctrl+Shift+D"),
)


# --------------------------------------------------------------------------- the form


class EntryForm(RegistrationPage):
    """The registration form, registering against the page on screen (channel: box)."""

    draft_form = ENTRY_DRAFT

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        self.page_id: int | None = None
        super().__init__(ctx, parent)
        self.setObjectName("entryForm")
        self.channel_combo.setCurrentIndex(self.channel_combo.findData(Channel.BOX.value))
        self.channel_combo.setEnabled(False)
        for push in (self.print_button, self.save_pdf_button):
            push.setVisible(False)

    def submit(self, data: ComplaintInput) -> Registered:
        if self.page_id is None:
            raise ValidationError({"page": "صفحه‌ای برای ثبت نمانده است."})
        return scans.enter_complaint(self.ctx.session, self.page_id, data)

    def draft_fields(self) -> dict[str, str]:
        fields = super().draft_fields()
        fields["page_id"] = str(self.page_id or "")
        return fields


# --------------------------------------------------------------------------- importing


class _ImportSignals(QObject):
    progress = Signal(int, int, str)
    finished = Signal(object)


class ImportTask(QRunnable):
    """``scans.import_files`` on a worker thread; progress and the report come back by signal."""

    def __init__(
        self, ctx: UiContext, opening_id: int, paths: list[Path], scan_into: Path | None = None
    ) -> None:
        super().__init__()
        self.ctx, self.opening_id, self.paths = ctx, opening_id, paths
        self.scan_into = scan_into  # scan from the scanner into this folder first
        self.signals = _ImportSignals()
        self.cancel_requested = False

    def run(self) -> None:
        if self.scan_into is not None:
            try:
                self.paths = scanner.scan_to_folder(self.scan_into).pages
            except Exception as exc:  # shown on the UI thread
                self.signals.finished.emit(exc)
                return
        self._import()

    def _import(self) -> None:
        def progress(state: scans.ImportProgress) -> None:
            self.signals.progress.emit(
                state.done_pages, state.total_pages_known, state.current_file
            )

        try:
            report: object = scans.import_files(
                self.ctx.session,
                self.opening_id,
                self.paths,
                progress=progress,
                cancelled=lambda: self.cancel_requested,
            )
        except Exception as exc:  # shown on the UI thread
            report = exc
        self.signals.finished.emit(report)


def run_import(
    parent: QWidget,
    ctx: UiContext,
    opening_id: int,
    paths: list[Path],
    done: Callable[[object], None],
    scan_into: Path | None = None,
) -> ImportTask:
    """Start an import (after scanning, with ``scan_into``) with a progress dialog that
    appears after a moment and can be cancelled."""
    task = ImportTask(ctx, opening_id, paths, scan_into)
    # Translated in this module's own context: ``parent.tr`` would look in the parent's class.
    dialog = QProgressDialog(
        QCoreApplication.translate("ImportTask", "Importing scans…"),
        QCoreApplication.translate("ImportTask", "Stop"),
        0,
        0,
        parent,
    )
    dialog.setObjectName("importProgress")
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.setMinimumDuration(500)

    def on_progress(done_pages: int, total: int, current: str) -> None:
        dialog.setMaximum(max(total, done_pages))
        dialog.setValue(done_pages)
        dialog.setLabelText(
            QCoreApplication.translate("ImportTask", "Importing %1 (page %2)")
            .replace("%1", current)
            .replace("%2", grouped_number(done_pages))
        )

    task.signals.progress.connect(on_progress)
    dialog.canceled.connect(lambda: setattr(task, "cancel_requested", True))
    start_with_progress(task, task.signals.finished, dialog, done)
    return task


def scan_folder(ctx: UiContext, opening_id: int) -> Path:
    """Where pages scanned for an opening are kept, beside the database: the stored copies
    are in the database, these are the scanner's originals."""
    return ctx.data_folder / "scans" / f"opening-{opening_id}"


# --------------------------------------------------------------------------- entry window


class EntryWindow(QDialog):
    """One opening's pages, one at a time, beside the form."""

    def __init__(self, ctx: UiContext, opening_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        fit_to_screen(self)
        self.setObjectName("entryWindow")
        self.ctx, self.opening_id = ctx, opening_id
        self.page: scans.PageInfo | None = None
        self.total_pages = 0  # the opening's scanned pages, counted with the progress
        self.setWindowTitle(self.tr("Entering the forms of a box"))
        self.viewer = PageViewer(self)
        self.viewer.fit_width()  # a form is read line by line: its width fills the pane
        self.form = EntryForm(ctx, self)
        self.form.registered.connect(self._after_save)
        self.page_label = QLabel()
        self.page_label.setObjectName("pageLabel")
        self.warning_label = QLabel()
        self.warning_label.setObjectName("pageWarning")
        self.warning_label.setStyleSheet("color: #b00020;")
        self.progress_label = QLabel()
        self.progress_label.setObjectName("progressLabel")
        self._build()
        resize_within_screen(self, 1280, 800)
        self._default_unit()
        self.show_page(self._resume_page())

    def _build(self) -> None:
        actions = QHBoxLayout()
        self.skip_button = button(self.tr("Skip (come back later)"), "skipButton")
        self.skip_button.clicked.connect(self.skip)
        QShortcut(key_sequence("Ctrl+Shift+S"), self, self.skip)
        actions.addWidget(self.skip_button)
        self.mark_buttons: dict[ScanState, QPushButton] = {}
        for state, name, keys in _MARKS:
            push = button(self._mark_text(state), name)
            push.setToolTip(keys)
            push.clicked.connect(lambda _c=False, s=state: self.mark(s))
            QShortcut(key_sequence(keys), self, lambda s=state: self.mark(s))
            actions.addWidget(push)
            self.mark_buttons[state] = push
        actions.addStretch(1)
        actions.addWidget(self.progress_label)
        left = QWidget()
        side = QVBoxLayout(left)
        side.setContentsMargins(0, 0, 0, 0)
        side.addWidget(self.page_label)
        side.addWidget(self.warning_label)
        side.addWidget(self.viewer, 1)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.form)  # first in a right-to-left splitter: on the right
        splitter.addWidget(left)
        splitter.setSizes([780, 580])  # the form needs its two columns; the page fits
        layout = QVBoxLayout(self)
        layout.addLayout(actions)
        layout.addWidget(splitter, 1)

    def _mark_text(self, state: ScanState) -> str:
        return {
            ScanState.BLANK: self.tr("Blank page"),
            ScanState.BACK_SIDE: self.tr("Back side"),
            ScanState.NOT_ADMISSIBLE: self.tr("Not admissible"),
            ScanState.DUPLICATE: self.tr("Duplicate"),
        }[state]

    # ------------------------------------------------------------------ pages

    def _default_unit(self) -> None:
        """Forms from a box are mostly about the unit the box stands in."""
        if not self.form.unit_combo.currentText().strip():
            opening = boxes.get_opening(self.ctx.session, self.opening_id)
            self.form.unit_combo.setEditText(opening.box.unit_name)

    def _resume_page(self) -> scans.PageInfo | None:
        """The page the clerk left (kept with the typed draft), else the first pending one."""
        from app import drafts

        draft = drafts.load_draft(self.ctx.session, ENTRY_DRAFT) or {}
        page_id = draft.get("page_id", "")
        if page_id.isdigit():
            for page in scans.pages(self.ctx.session, self.opening_id):
                if page.id == int(page_id) and page.state is ScanState.PENDING:
                    return page
        return scans.next_pending(self.ctx.session, self.opening_id)

    def show_page(self, page: scans.PageInfo | None) -> None:
        self.page = page
        self.form.page_id = page.id if page else None
        self._show_progress()
        enabled = page is not None
        for push in [self.skip_button, *self.mark_buttons.values(), self.form.save_button]:
            push.setEnabled(enabled)
        if page is None:
            self.viewer.clear()
            self.page_label.setText(self.tr("Every page of this opening has been dealt with."))
            self.warning_label.setText("")
            return
        with guarded(self):
            self.viewer.set_image(scans.page_image(self.ctx.session, page.id))
        self.page_label.setText(self._page_text(page))
        self.page_label.setToolTip(
            self.tr("Scanned file: %1, page %2")
            .replace("%1", f"\u2066{page.source_name}\u2069")
            .replace("%2", grouped_number(page.page_index + 1))
        )
        self.warning_label.setText(self._warning_text(page))
        self.form.focus_first_field()

    def _page_text(self, page: scans.PageInfo) -> str:
        """«صفحه‌ی ۲ از ۴»: the page's place among the opening's scanned pages."""
        text = self.tr("Page %1 of %2").replace("%1", grouped_number(page.position))
        text = text.replace("%2", grouped_number(max(self.total_pages, page.position)))
        if page.form_serial is not None:
            serial = self.tr("form %1, box %2").replace("%1", to_persian_digits(page.form_serial))
            text += " — " + serial.replace("%2", ltr(page.box_code or ""))
        return text

    def _warning_text(self, page: scans.PageInfo) -> str:
        notes = [page.qr_note] if page.qr_note else []
        if page.duplicate_of is not None:
            earlier = page.duplicate_tracking_code or ""
            text = self.tr("This form's serial is already on another page %1.")
            notes.append(text.replace("%1", to_persian_digits(earlier)).replace("  ", " "))
        return "\n".join(notes)

    def _show_progress(self) -> None:
        counts = scans.opening_progress(self.ctx.session, self.opening_id)
        entered = counts.get(ScanState.ENTERED, 0)
        pending = counts.get(ScanState.PENDING, 0)
        self.total_pages = sum(counts.values())
        discarded = self.total_pages - entered - pending
        self.progress_label.setText(
            self.tr("Entered %1, pending %2, set aside %3")
            .replace("%1", grouped_number(entered))
            .replace("%2", grouped_number(pending))
            .replace("%3", grouped_number(discarded))
        )

    def _next(self) -> None:
        after = self.page.position if self.page else None
        self.show_page(scans.next_pending(self.ctx.session, self.opening_id, after))

    # ------------------------------------------------------------------ actions

    @guarded_slot
    def _after_save(self, _complaint_id: int) -> None:
        self._next()

    @guarded_slot
    def skip(self) -> None:
        if self.page is not None:
            self._next()

    @guarded_slot
    def mark(self, state: ScanState) -> None:
        if self.page is None:
            return
        scans.mark_page(self.ctx.session, self.page.id, state)
        self.form.clear_for_next()
        self.form.discard_draft()
        self._next()


# --------------------------------------------------------------------------- recording an opening


class OpeningDialog(QDialog):
    """A committee opened a box: which, when, who, how many forms; the minutes follow."""

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        fit_to_screen(self)
        self.setObjectName("openingDialog")
        self.ctx = ctx
        self.setWindowTitle(self.tr("Record a box opening"))
        self.box_combo = QComboBox()
        self.box_combo.setObjectName("box")
        in_use = boxes.list_boxes(ctx.session)
        for box in in_use:
            self.box_combo.addItem(f"{box.code} — {box.location}", box.id)
        self.date_edit = JalaliDateEdit()
        self.date_edit.setObjectName("openedOn")
        self.date_edit.setDate(jalali.today())
        self.found_spin = QSpinBox()
        self.found_spin.setObjectName("formsFound")
        self.found_spin.setRange(0, 10_000)
        self.time_edit = clock_edit("openedAt", now=True)
        self.note_edit = QPlainTextEdit()
        self.note_edit.setObjectName("note")
        self.note_edit.setTabChangesFocus(True)
        self.note_edit.setPlaceholderText(
            self.tr("What the committee saw: the seal, the lock, anything unusual.")
        )
        self.note_edit.setFixedHeight(self.note_edit.fontMetrics().lineSpacing() * 4 + 12)
        self.members: list[tuple[QLineEdit, QLineEdit]] = []
        self.members_box = QVBoxLayout()
        for _ in range(3):
            self.add_member()
        more = button(self.tr("Add a member"), "addMemberButton")
        more.clicked.connect(self.add_member)
        self.errors = FieldErrors()
        form = QFormLayout()
        self.errors.add_row(form, self.tr("Box"), "box", self.box_combo)
        when = QWidget()
        when_row = QHBoxLayout(when)
        when_row.setContentsMargins(0, 0, 0, 0)
        when_row.addWidget(self.date_edit)
        at = QLabel(self.tr("at"))
        at.setBuddy(self.time_edit)
        when_row.addWidget(at)
        when_row.addWidget(self.time_edit)
        when_row.addStretch(1)
        self.errors.add_row(form, self.tr("Opened on"), "opened_on", when)
        members = QWidget()
        members_layout = QVBoxLayout(members)
        members_layout.setContentsMargins(0, 0, 0, 0)
        members_layout.addLayout(self.members_box)
        members_layout.addWidget(more, 0, Qt.AlignmentFlag.AlignLeading)
        self.errors.add_row(form, self.tr("Committee (name and title)"), "committee", members)
        self.errors.add_row(form, self.tr("Forms found"), "forms_found", self.found_spin)
        self.errors.add_row(form, self.tr("Description"), "note", self.note_edit)
        # With no box in use there is nothing to open: say how to get one instead.
        self.no_box_label = QLabel(
            no_box_text(ctx.session) + " " + self.tr("Its openings can then be recorded here.")
        )
        self.no_box_label.setObjectName("noBoxMessage")
        self.no_box_label.setTextFormat(Qt.TextFormat.PlainText)
        self.no_box_label.setWordWrap(True)
        self.no_box_label.setVisible(not in_use)
        buttons = QDialogButtonBox()
        ok = buttons.addButton(
            self.tr("Record and print the minutes"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        ok.setObjectName("okButton")
        ok.setDefault(True)
        ok.setVisible(bool(in_use))
        cancel = buttons.addButton(
            self.tr("Cancel") if in_use else self.tr("Close"),
            QDialogButtonBox.ButtonRole.RejectRole,
        )
        cancel.setObjectName("cancelButton")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        fields = QWidget()
        fields.setLayout(form)
        form.setContentsMargins(0, 0, 0, 0)
        fields.setVisible(bool(in_use))
        layout = QVBoxLayout(self)
        layout.addWidget(fields)
        layout.addWidget(self.no_box_label)
        layout.addWidget(self.errors.general)
        layout.addWidget(buttons)
        self.setMinimumWidth(560)
        self.opening: boxes.OpeningInfo | None = None

    def add_member(self) -> None:
        name, title = QLineEdit(), QLineEdit()
        number = len(self.members) + 1
        name.setObjectName(f"memberName{number}")
        title.setObjectName(f"memberTitle{number}")
        name.setPlaceholderText(self.tr("Name"))
        title.setPlaceholderText(self.tr("Title"))
        row = QHBoxLayout()
        row.addWidget(name, 3)
        row.addWidget(title, 2)
        self.members_box.addLayout(row)
        self.members.append((name, title))

    def collect(self) -> boxes.OpeningInput:
        committee = tuple(
            boxes.Member(name.text(), title.text())
            for name, title in self.members
            if name.text().strip() or title.text().strip()
        )
        box_id = self.box_combo.currentData()
        return boxes.OpeningInput(
            box_id=int(box_id) if box_id is not None else 0,
            opened_on=self.date_edit.date(),
            committee=committee,
            forms_found=self.found_spin.value(),
            note=self.note_edit.toPlainText(),
            opened_at=dt.time(self.time_edit.time().hour(), self.time_edit.time().minute()),
        )

    def accept(self) -> None:
        if self.box_combo.count() == 0:
            return
        with guarded(self):
            self.errors.clear()
            try:
                self.opening = boxes.open_box(self.ctx.session, self.collect())
            except DadrasError as exc:
                self.errors.show_exception(exc)
                return
            super().accept()
            from ui import printing

            printing.preview_minutes(
                self.parentWidget(),
                self.ctx.session,
                self.opening.id,
                self.opening.minutes_number or "",
            )


# --------------------------------------------------------------------------- the page


class BoxEntryPage(QWidget):
    """The openings of the office's boxes; record one, import its scans, enter its pages."""

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("boxEntryPage")
        self.ctx = ctx
        self.setAcceptDrops(True)
        self.entry: EntryWindow | None = None
        self.task: ImportTask | None = None
        self.model: RowsModel[boxes.OpeningInfo] = RowsModel(
            self._columns(), lambda opening: opening.id, style=self._opening_style
        )
        self.table = RecordTable(
            self.model,
            "openingsTable",
            stretch_column=1,
            sort_column=2,
            sort_order=Qt.SortOrder.DescendingOrder,
        )
        self.table.activated.connect(self.open_entry)
        self.open_button = button(self.tr("Record an opening…"), "openBoxButton", "add")
        self.open_button.clicked.connect(self.record_opening)
        self.open_button.setEnabled(allowed(ctx.session, Action.OPEN_BOX))
        self.import_button = button(self.tr("Import scans…"), "importButton", "import_scans")
        self.import_button.clicked.connect(self.choose_files)
        self.scan_button = button(self.tr("Scan from the scanner"), "scanButton", "scan")
        self.scan_button.clicked.connect(self.scan_pages)
        if scanner.scanner_program() is None:
            self.scan_button.setEnabled(False)
            self.scan_button.setToolTip(
                self.tr("No scanner program (SANE) on this computer: scan with the scanner's "
                        "own software and import the folder.")
            )  # fmt: skip
        self.enter_button = button(self.tr("Enter the pages"), "enterButton", "enter_pages")
        self.enter_button.clicked.connect(self.open_entry)
        self.minutes_button = button(self.tr("Show the minutes"), "minutesButton", "preview")
        self.minutes_button.clicked.connect(self.show_minutes)
        self.forms_button = button(self.tr("Print blank forms…"), "printFormsButton", "print")
        self.forms_button.clicked.connect(self.print_forms)
        self.forms_button.setVisible(allowed(ctx.session, Action.PRINT_FORMS))
        row = QHBoxLayout()
        buttons = (
            self.open_button,
            self.import_button,
            self.scan_button,
            self.enter_button,
            self.minutes_button,
        )
        for push in (*buttons, self.forms_button):
            row.addWidget(push)
        row.addStretch(1)
        hint = QLabel(self.tr("Scans can also be dropped onto this page."))
        layout = QVBoxLayout(self)
        layout.addWidget(heading(self.tr("Box openings")))
        layout.addLayout(row)
        layout.addWidget(hint)
        self.empty_state = EmptyState(self.table, "", "box_entry")
        layout.addWidget(self.empty_state, 1)
        self.refresh()

    def refresh(self) -> None:
        with guarded(self):
            chosen = self.table.selected_id()
            openings = boxes.list_openings(self.ctx.session)
            if not openings:
                self.empty_state.set_message(self._empty_text())
            self.model.set_rows(openings)
            self.table.restore_selection(chosen, select_first=False)

    def _empty_text(self) -> str:
        """What to do next on a page with no opening yet (and perhaps no box yet)."""
        if not boxes.list_boxes(self.ctx.session):
            return (
                no_box_text(self.ctx.session)
                + " "
                + self.tr(
                    "Then print its blank forms with «Print blank forms…», and once the committee "
                    "has opened it, record the opening here."
                )
            )
        return self.tr(
            "No box opening has been recorded yet. When the committee has opened a box, press "
            "«Record an opening…»; then select the opening and import its scanned forms with "
            "«Import scans…»."
        )

    def _columns(self) -> list[Column[boxes.OpeningInfo]]:
        def count(state: ScanState) -> Column[boxes.OpeningInfo]:
            title = self.tr("Entered") if state is ScanState.ENTERED else self.tr("Pending")
            return Column(
                title,
                lambda o: grouped_number(o.counts.get(state, 0)),
                sort_value=lambda o: o.counts.get(state, 0),
                centred=True,
            )

        return [
            Column(self.tr("Box"), lambda o: o.box.code, sort_value=lambda o: o.box.code),
            Column(self.tr("Location"), lambda o: o.box.location),
            Column(
                self.tr("Opened on"),
                lambda o: jalali.format_date(o.opened_on),
                sort_value=lambda o: (o.opened_on, o.id),
            ),
            Column(
                self.tr("Forms found"),
                lambda o: grouped_number(o.forms_found),
                sort_value=lambda o: o.forms_found,
                centred=True,
            ),
            Column(
                self.tr("Pages"),
                lambda o: grouped_number(o.pages),
                sort_value=lambda o: o.pages,
                centred=True,
            ),
            count(ScanState.ENTERED),
            count(ScanState.PENDING),
            Column(self.tr("Minutes"), lambda o: to_persian_digits(o.minutes_number or "")),
        ]

    def _opening_style(self, opening: boxes.OpeningInfo, _column: int) -> CellStyle | None:
        if not opening.closed:
            return None
        grey = self.palette().brush(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text)
        return CellStyle(foreground=grey)

    def selected_opening(self) -> int | None:
        return self.table.selected_id()

    # ------------------------------------------------------------------ actions

    @guarded_slot
    def show_minutes(self) -> None:
        opening_id = self.selected_opening()
        if opening_id is None:
            return
        from ui import printing

        with guarded(self):
            opening = boxes.get_opening(self.ctx.session, opening_id)
            printing.preview_minutes(
                self, self.ctx.session, opening.id, opening.minutes_number or ""
            )

    def record_opening(self) -> OpeningDialog:
        dialog = OpeningDialog(self.ctx, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(self.refresh)
        dialog.open()
        self.opening_dialog = dialog
        return dialog

    @guarded_slot
    def choose_files(self) -> None:
        names, _filter = file_dialog.open_file_names(
            self,
            self.tr("Choose the scanned pages"),
            "",
            self.tr("Scans (*.pdf *.png *.jpg *.jpeg *.tif *.tiff)"),
        )
        if names:
            self.import_paths([Path(name) for name in names])

    def import_paths(self, paths: list[Path], scan_into: Path | None = None) -> None:
        opening_id = self.selected_opening()
        if opening_id is None:
            show_message(self, self.tr("Choose the opening the scans belong to first."))
            return
        self.task = run_import(self, self.ctx, opening_id, paths, self._imported, scan_into)

    @guarded_slot
    def print_forms(self) -> QDialog:
        from ui.pages.admin_boxes import PrintFormsDialog

        dialog = PrintFormsDialog(self.ctx, None, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        self.forms_dialog = dialog
        return dialog

    @guarded_slot
    def scan_pages(self) -> None:
        """Scan the feeder's pages into the opening's own folder, then import them."""
        opening_id = self.selected_opening()
        if opening_id is None:
            show_message(self, self.tr("Choose the opening the scans belong to first."))
            return
        self.import_paths([], scan_into=scan_folder(self.ctx, opening_id))

    def _imported(self, report: object) -> None:
        self.task = None
        self.refresh()
        if isinstance(report, Exception):
            from ui.errors import show_error

            show_error(self, report)
            return
        assert isinstance(report, scans.ImportReport)
        text = self.import_text(report.added, report.skipped_existing)
        if report.problems:  # some files or pages could not be read: a warning
            show_message(self, text + "\n\n" + "\n".join(report.problems))
        else:
            show_information(self, text)

    def import_text(self, added: int, existing: int) -> str:
        """What an import did, in words that fit the counts (no «۰ صفحه …»)."""
        if not existing:
            return self.tr("%1 pages added.").replace("%1", grouped_number(added))
        if not added:
            return self.tr("No new page was added; %1 pages were already there.").replace(
                "%1", grouped_number(existing)
            )
        return (
            self.tr("%1 pages added, %2 already there.")
            .replace("%1", grouped_number(added))
            .replace("%2", grouped_number(existing))
        )

    @guarded_slot
    def open_entry(self) -> EntryWindow | None:
        opening_id = self.selected_opening()
        if opening_id is None:
            return None
        self.entry = EntryWindow(self.ctx, opening_id, self)
        self.entry.finished.connect(lambda _r: self.refresh())
        self.entry.open()
        return self.entry

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        paths = [Path(url.toLocalFile()) for url in event.mimeData().urls() if url.isLocalFile()]
        if paths:
            event.acceptProposedAction()
            self.import_paths(paths)
