"""Following referrals up: the overdue queue and the print queue (architecture: Who uses it;
Calendar and deadlines; Letters and printing).

*Overdue* lists every open referral past its due date, the latest first, each row coloured
by how many working days late it is (a legend explains the colours). For the selected row
the manager sends a reminder to the unit or escalates to its superior: one click issues the
numbered letter and opens its preview, ready to print.

*Print queue* lists the referral, reminder and reply letters issued but not yet printed.
"Print all…" asks for a printer once and prints every queued letter into that one job,
page after page, with a progress dialog; cancelling stops after the current letter, the
letters printed so far leave the queue and the rest stay in it. The loop (``print_batch``)
takes any ``QPrinter``, so the tests print into a PDF file without a dialog.

Printing runs on the UI thread (QtPdf documents and the printer job live there), one
letter at a time with the events processed in between, so the window stays responsive
and Cancel is heard. "Save all as one PDF…" needs no printer: the letters' archived pages
are copied into one file on a worker thread (``app.secretariat.letters_as_one_pdf``).
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import (
    QCoreApplication,
    QDir,
    QObject,
    QRectF,
    QStandardPaths,
    Qt,
    QThreadPool,
    Signal,
)
from PySide6.QtGui import (
    QBrush,
    QColor,
    QHideEvent,
    QImage,
    QKeySequence,
    QPageLayout,
    QPageSize,
    QPainter,
    QShortcut,
    QShowEvent,
)
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QProgressDialog,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app import jalali, lookup, referrals, secretariat
from app.errors import ValidationError
from app.paging import Sort
from app.permissions import Action, Session, allowed
from app.persian import grouped_number, ltr, to_persian_digits
from app.referrals import OverdueItem
from app.secretariat import LETTER_KIND_LABELS, LetterInfo, LetterKind
from app.tracking import format_tracking_code
from ui.context import UiContext
from ui.errors import guarded, guarded_slot, show_error, show_message
from ui.pages.admin_common import button, heading
from ui.pages.secretariat import display_text
from ui.widgets.background import LatestOnly, WorkTask, run_with_progress
from ui.widgets.empty_state import EmptyState
from ui.widgets.record_table import CellStyle, Column, PagedModel, RecordTable

if TYPE_CHECKING:
    from ui.pages.complaint_detail import ComplaintDetailDialog
from ui.printing import (
    MAX_DPI,
    PdfPreviewDialog,
    PrintingError,
    load_pdf,
    preview_letter,
    render_page,
)
from ui.widgets import file_dialog

__all__ = [
    "BANDS",
    "LateBand",
    "OverdueTab",
    "PrintQueueTab",
    "ReferralsPage",
    "band_of",
    "letters_printer",
    "print_batch",
]

# A plain ``translate("Printing", ...)`` call so that pyside6-lupdate finds the strings.
translate = QCoreApplication.translate

TEXT_COLOR = "#1f2933"  # dark text on every band colour, whatever the palette


@dataclass(frozen=True)
class LateBand:
    """Rows at most ``up_to`` working days late (None: any more) get this background."""

    up_to: int | None
    background: str


BANDS: tuple[LateBand, ...] = (
    LateBand(3, "#fff1c2"),  # light amber
    LateBand(10, "#ffd199"),  # orange
    LateBand(None, "#f7b3ad"),  # light red: dark text stays readable
)

PRINT_KINDS = frozenset(
    {LetterKind.REFERRAL, LetterKind.REMINDER, LetterKind.ESCALATION, LetterKind.REPLY}
)


_BAND_STYLES = tuple(
    CellStyle(foreground=QBrush(QColor(TEXT_COLOR)), background=QBrush(QColor(band.background)))
    for band in BANDS
)


def band_of(days_late: int) -> int:
    """The index in ``BANDS`` of a referral ``days_late`` working days late."""
    for index, band in enumerate(BANDS):
        if band.up_to is None or days_late <= band.up_to:
            return index
    return len(BANDS) - 1


def _date_text(value: dt.date | None) -> str:
    return jalali.format_date(value) if value is not None else "—"


# --------------------------------------------------------------------------- printing


def letters_printer(mode: QPrinter.PrinterMode = QPrinter.PrinterMode.HighResolution) -> QPrinter:
    """A printer set up for letters: A4 portrait, the whole sheet (the PDFs have margins)."""
    printer = QPrinter(mode)
    printer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    printer.setPageOrientation(QPageLayout.Orientation.Portrait)
    printer.setFullPage(True)
    return printer


class _PrintJob:
    """One printer job that many PDFs are painted into, page after page."""

    def __init__(self, printer: QPrinter) -> None:
        self.printer = printer
        self.painter = QPainter()
        self.pages = 0
        self.dpi = max(72, min(printer.resolution(), MAX_DPI))

    def __enter__(self) -> _PrintJob:
        if not self.painter.begin(self.printer):
            raise PrintingError(translate("Printing", "The printer could not be started."))
        return self

    def __exit__(self, *_exc: object) -> None:
        self.painter.end()

    def add(self, document: QPdfDocument) -> None:
        for index in range(document.pageCount()):
            if self.pages and not self.printer.newPage():
                raise PrintingError(
                    translate("Printing", "The printer could not start a new page.")
                )
            self._draw(render_page(document, index, self.dpi))
            self.pages += 1

    def _draw(self, image: QImage) -> None:
        target = QRectF(self.printer.pageLayout().paintRectPixels(self.printer.resolution()))
        target.moveTo(0, 0)
        scale = min(target.width() / image.width(), target.height() / image.height())
        width, height = image.width() * scale, image.height() * scale
        self.painter.drawImage(QRectF((target.width() - width) / 2, 0, width, height), image)


def print_batch(
    printer: QPrinter,
    letters: Sequence[LetterInfo],
    load: Callable[[int], bytes],
    after_letter: Callable[[LetterInfo, int], bool],
) -> list[int]:
    """Paint every letter (its PDF from ``load``) into one job on ``printer``, in order.

    ``after_letter(letter, done)`` runs once each letter is painted; when it returns False
    the batch stops there. Returns the ids of the letters painted. When a letter fails the
    job is closed (what was painted goes out) and the exception propagates: a caller that
    must know which letters made it counts them in ``after_letter``.
    """
    done: list[int] = []
    owner = QObject()  # parent of each letter's document while it is painted
    try:
        with _PrintJob(printer) as job:
            for letter in letters:
                document = load_pdf(load(letter.id), owner)
                try:
                    job.add(document)
                finally:
                    document.close()
                    document.deleteLater()
                done.append(letter.id)
                if not after_letter(letter, len(done)):
                    break
    finally:
        owner.deleteLater()
    return done


# --------------------------------------------------------------------------- overdue


class OverdueTab(QWidget):
    """The overdue referrals, coloured by lateness, with reminders for the selected one."""

    letterIssued = Signal(int)  # the id of a reminder just issued
    letterDone = Signal()  # a reminder or escalation has finished: issued, or refused
    refreshed = Signal()

    COLUMNS = (
        "tracking_code",
        "subject",
        "unit",
        "referred_on",
        "due_on",
        "days_late",
        "reminders",
        "last_reminder",
    )

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("overdueTab")
        self.ctx = ctx
        self.total = 0
        self.counter = LatestOnly(self)  # the overdue count, after each refresh
        self.counter.delivered.connect(self._counted)
        self.preview: PdfPreviewDialog | None = None
        self.issuing: WorkTask | None = None  # a reminder on its way
        self._dialogs: list[ComplaintDetailDialog] = []
        self.count_label = QLabel()
        self.count_label.setObjectName("countLabel")
        self.count_label.setTextFormat(Qt.TextFormat.PlainText)
        self.status_label = QLabel()
        self.status_label.setObjectName("statusLabel")
        self.status_label.setTextFormat(Qt.TextFormat.PlainText)
        self.model: PagedModel[OverdueItem] = PagedModel(
            self._columns(), lambda item: item.referral.id, self._fetch,
            referrals.MOST_LATE_FIRST, style=self._style, parent=self,
        )  # fmt: skip
        self.table = RecordTable(
            self.model,
            "overdueTable",
            stretch_column=self.column("subject"),
            sort_column=self.column("days_late"),
            sort_order=Qt.SortOrder.DescendingOrder,
        )
        self._make_buttons()
        layout = QVBoxLayout(self)
        layout.addLayout(self._top_row())
        layout.addWidget(self._legend())
        self.empty_state = EmptyState(
            self.table,
            self.tr(
                "No referral is past its deadline. A referral whose unit has not answered by "
                "its deadline appears here, the latest first, to be followed up with "
                "«Send reminder»."
            ),
            "referrals",
        )
        layout.addWidget(self.empty_state, 1)
        layout.addWidget(self.status_label)
        self.table.activated.connect(self.open_complaint)
        self.table.recordChanged.connect(self._update_buttons)
        self.model.fetchFailed.connect(self._on_fetch_failed, Qt.ConnectionType.QueuedConnection)
        self.refresh()

    @classmethod
    def column(cls, name: str) -> int:
        return cls.COLUMNS.index(name)

    def _columns(self) -> list[Column[OverdueItem]]:
        def code(item: OverdueItem) -> str:
            return to_persian_digits(format_tracking_code(item.referral.tracking_code))

        return [
            Column(self.tr("Tracking code"), code, "tracking_code"),
            Column(self.tr("Subject"), lambda x: display_text(x.referral.subject), "subject"),
            Column(self.tr("Unit"), lambda x: x.referral.unit_name, "unit"),
            Column(
                self.tr("Referred on"), lambda x: _date_text(x.referral.referred_on), "referred_on"
            ),
            Column(self.tr("Due on"), lambda x: _date_text(x.referral.due_on), "due_on"),
            Column(
                self.tr("Working days late"), lambda x: grouped_number(x.days_late), "days_late"
            ),
            Column(
                self.tr("Reminders"), lambda x: to_persian_digits(x.referral.reminders), "reminders"
            ),
            Column(
                self.tr("Last reminder"),
                lambda x: _date_text(x.referral.last_reminder_on),
                "last_reminder",
            ),
        ]

    def _fetch(self, sort: Sort, after: OverdueItem | None, limit: int) -> list[OverdueItem]:
        return referrals.overdue(self.ctx.session, sort=sort, after=after, limit=limit)

    def _on_fetch_failed(self, exc: BaseException) -> None:
        show_error(self, exc)

    def _make_buttons(self) -> None:
        self.remind_button = button(self.tr("Send reminder"), "remindButton", "remind")
        self.escalate_button = button(self.tr("Escalate to superior"), "escalateButton", "escalate")
        self.open_button = button(
            self.tr("Open complaint"), "openComplaintButton", "open_complaint"
        )
        self.refresh_button = button(self.tr("Refresh"), "refreshButton", "refresh")
        self.remind_button.setToolTip(self.tr("Issue a numbered reminder letter to the unit"))
        self.escalate_button.setToolTip(
            self.tr("Issue a numbered letter to the unit's superior, copied to the unit")
        )
        if not allowed(self.ctx.session, Action.ISSUE_LETTER):
            only = self.tr("Only a manager can issue letters.")
            self.remind_button.setToolTip(only)
            self.escalate_button.setToolTip(only)
        self.remind_button.clicked.connect(self.send_reminder)
        self.escalate_button.clicked.connect(self.escalate)
        self.open_button.clicked.connect(self.open_complaint)
        self.refresh_button.clicked.connect(self.refresh)

    def _top_row(self) -> QHBoxLayout:
        row = QHBoxLayout()
        for push in (self.remind_button, self.escalate_button, self.open_button):
            row.addWidget(push)
        row.addStretch()
        row.addWidget(self.count_label)
        row.addWidget(self.refresh_button)
        return row

    def _legend(self) -> QWidget:
        texts = (
            self.tr("1 to 3 working days late"),
            self.tr("4 to 10 working days late"),
            self.tr("More than 10 working days late"),
        )
        legend = QWidget()
        legend.setObjectName("lateLegend")
        row = QHBoxLayout(legend)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(QLabel(self.tr("Colours:")))
        for index, (band, text) in enumerate(zip(BANDS, texts, strict=True)):
            label = QLabel(text)
            label.setObjectName(f"legend{index}")
            label.setTextFormat(Qt.TextFormat.PlainText)
            label.setStyleSheet(
                f"background: {band.background}; color: {TEXT_COLOR};"
                " padding: 2px 8px; border-radius: 3px;"
            )
            row.addWidget(label)
        row.addStretch()
        return legend

    # ------------------------------------------------------------------ the table

    @guarded_slot
    def refresh(self) -> None:
        """Read the first page again (the selected referral stays selected); the count
        follows from a worker thread (counting a large office's overdue referrals takes
        longer than the page itself), and ``refreshed`` again with it."""
        self.table.reload()
        self._update_buttons()
        self._count()
        self.refreshed.emit()

    def _count(self) -> None:
        session = self.ctx.session
        self.counter.start(lambda: referrals.count_overdue(session))

    def counting(self) -> bool:
        """True while a count is on its way."""
        return self.counter.busy()

    @guarded_slot
    def _counted(self, value: object) -> None:
        if isinstance(value, BaseException):
            show_error(self, value)
            return
        self.total = value if isinstance(value, int) else 0
        self._show_count(self.total)
        self.refreshed.emit()

    def _style(self, item: OverdueItem, _column: int) -> CellStyle:
        return _BAND_STYLES[band_of(item.days_late)]

    def _show_count(self, count: int) -> None:
        if count:
            text = self.tr("%1 overdue referrals").replace("%1", grouped_number(count))
        else:
            text = self.tr("No overdue referrals")
        self.count_label.setText(text)

    def selected(self) -> OverdueItem | None:
        item: OverdueItem | None = self.table.selected()
        return item

    def _update_buttons(self) -> None:
        chosen = self.selected() is not None
        may_issue = allowed(self.ctx.session, Action.ISSUE_LETTER)
        idle = self.issuing is None
        self.remind_button.setEnabled(chosen and may_issue and idle)
        self.escalate_button.setEnabled(chosen and may_issue and idle)
        self.open_button.setEnabled(chosen)

    # ------------------------------------------------------------------ actions

    @guarded_slot
    def send_reminder(self) -> WorkTask | None:
        return self._remind(escalate=False)

    @guarded_slot
    def escalate(self) -> WorkTask | None:
        return self._remind(escalate=True)

    def _remind(self, escalate: bool) -> WorkTask | None:
        """Issue the letter on a worker thread (numbering it and rendering its PDF takes a
        large office longer than a click should hold the window); its preview opens when it
        is ready. A second click meanwhile does nothing."""
        item = self.selected()
        if item is None or self.issuing is not None:
            return None
        self.status_label.clear()
        self.preview = None
        session, referral_id = self.ctx.session, item.referral.id

        def issue() -> LetterInfo:
            return referrals.send_reminder(session, referral_id, escalate=escalate)

        self.issuing = run_with_progress(
            self, self.tr("Issuing the letter…"), issue, self._issued, name="issueProgress"
        )
        self._update_buttons()
        return self.issuing

    @guarded_slot
    def _issued(self, outcome: object) -> None:
        self.issuing = None
        self.refresh()
        if isinstance(outcome, ValidationError):  # not overdue any more, no superior unit, …
            show_message(self, "\n".join(outcome.fields.values()) or outcome.message)
        elif isinstance(outcome, BaseException):
            show_error(self, outcome)
        elif isinstance(outcome, LetterInfo):
            number = ltr(to_persian_digits(outcome.number))
            text = self.tr("Letter %1 to %2 was issued.").replace("%1", number)
            self.status_label.setText(text.replace("%2", display_text(outcome.recipient)))
            self.letterIssued.emit(outcome.id)
            self.preview = preview_letter(self, self.ctx.session, outcome.id, outcome.number)
        self.letterDone.emit()

    @guarded_slot
    def open_complaint(self) -> QWidget | None:
        from ui.pages.complaint_detail import show_detail

        item = self.selected()
        if item is None:
            return None
        detail = lookup.detail(self.ctx.session, item.referral.complaint_id)
        # A response may be recorded there: the queue is read again when it closes.
        return show_detail(self, self.ctx, detail, self._dialogs, self.refresh)

    def open_dialogs(self) -> list[QWidget]:
        return list(self._dialogs)


# --------------------------------------------------------------------------- print queue


class PrintQueueTab(QWidget):
    """Letters issued but not printed; print them all in one job, or save them as one PDF."""

    letterPrinted = Signal(int)  # a letter of the batch was painted (its id)
    refreshed = Signal()
    saved = Signal(object)  # the PDF file "save all" wrote, or None (cancelled or failed)

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("printQueueTab")
        self.ctx = ctx
        self.total = 0
        self.progress: QProgressDialog | None = None
        self.preview: PdfPreviewDialog | None = None
        self._done: list[int] = []  # the letters of the running batch painted so far
        self._saving: tuple[WorkTask, _SaveSignals] | None = None
        self._stale = True  # the rows are to be read again before they are shown
        self.count_label = QLabel()
        self.count_label.setObjectName("countLabel")
        self.count_label.setTextFormat(Qt.TextFormat.PlainText)
        self.model: PagedModel[LetterInfo] = PagedModel(
            self._columns(), lambda letter: letter.id, self._fetch, secretariat.OLDEST_FIRST,
            parent=self,
        )  # fmt: skip
        # The queue's own order (as issued) until a column's title is clicked.
        self.table = RecordTable(self.model, "printQueueTable", stretch_column=4, sort_column=-1)
        self.print_button = button(self.tr("Print all…"), "printAllButton", "print")
        self.save_button = button(self.tr("Save all as one PDF…"), "saveAllButton", "save_pdf")
        self.preview_button = button(self.tr("Preview letter"), "previewButton", "preview")
        self.refresh_button = button(self.tr("Refresh"), "refreshButton", "refresh")
        row = QHBoxLayout()
        for push in (self.print_button, self.save_button, self.preview_button):
            row.addWidget(push)
        row.addStretch()
        row.addWidget(self.count_label)
        row.addWidget(self.refresh_button)
        self.empty_state = EmptyState(
            self.table,
            self.tr(
                "No letter is waiting to be printed. Letters issued without being printed "
                "(referrals, reminders, replies) wait here to be printed together."
            ),
            "print",
        )
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(self.empty_state, 1)
        self.print_button.clicked.connect(self.print_all)
        self.save_button.clicked.connect(self.save_all)
        self.preview_button.clicked.connect(self.preview_selected)
        self.refresh_button.clicked.connect(self.refresh)
        self.table.activated.connect(self.preview_selected)
        self.table.recordChanged.connect(self._update_buttons)
        self.model.fetchFailed.connect(self._on_fetch_failed, Qt.ConnectionType.QueuedConnection)
        self.refresh()

    # ------------------------------------------------------------------ the table

    def _columns(self) -> list[Column[LetterInfo]]:
        return [
            Column(self.tr("Number"), lambda x: to_persian_digits(x.number), "number"),
            Column(self.tr("Date"), lambda x: _date_text(x.letter_date), "date"),
            Column(self.tr("Kind"), lambda x: LETTER_KIND_LABELS[x.kind], "kind"),
            Column(self.tr("Recipient"), lambda x: display_text(x.recipient), "recipient"),
            Column(self.tr("Subject"), lambda x: display_text(x.subject)),
        ]

    def _fetch(self, sort: Sort, after: LetterInfo | None, limit: int) -> list[LetterInfo]:
        return secretariat.pending_prints(
            self.ctx.session, PRINT_KINDS, sort=sort, after=after, limit=limit
        )

    def _on_fetch_failed(self, exc: BaseException) -> None:
        show_error(self, exc)

    @property
    def letters(self) -> list[LetterInfo]:
        """The queued letters read so far, in the table's order."""
        self._load_if_stale()
        return self.model.rows()

    def queued(self) -> list[LetterInfo]:
        """Every queued letter, oldest first: what "print all" prints."""
        return secretariat.pending_prints(self.ctx.session, PRINT_KINDS)

    @guarded_slot
    def refresh(self) -> None:
        """Count the queue again; its rows are read again now if the tab is on screen, or
        when it is next shown (the referrals page opens on the overdue tab)."""
        self._stale = True
        if self.isVisible():
            self._load_if_stale()
        self.total = secretariat.count_pending_prints(self.ctx.session, PRINT_KINDS)
        if self.total:
            text = self.tr("%1 letters waiting to be printed").replace(
                "%1", grouped_number(self.total)
            )
        else:
            text = self.tr("No letters waiting to be printed")
        self.count_label.setText(text)
        self._update_buttons()
        self.refreshed.emit()

    def _load_if_stale(self) -> None:
        if self._stale:
            self._stale = False
            self.table.reload()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        with guarded(self):
            self._load_if_stale()
            self._update_buttons()

    def _update_buttons(self) -> None:
        idle = self.progress is None
        self.print_button.setEnabled(idle and self.total > 0)
        self.save_button.setEnabled(idle and self.total > 0)
        self.preview_button.setEnabled(self.table.selected_id() is not None)

    @guarded_slot
    def preview_selected(self) -> PdfPreviewDialog | None:
        letter: LetterInfo | None = self.table.selected()
        if letter is None:
            return None
        self.preview = preview_letter(self, self.ctx.session, letter.id, letter.number)
        if self.preview is not None:
            self.preview.finished.connect(self.refresh)  # printed there: out of the queue
        return self.preview

    # ------------------------------------------------------------------ printing

    @guarded_slot
    def print_all(self) -> list[int]:
        """Ask for a printer once and print every queued letter into that job."""
        if self.progress is not None:  # a batch is running
            return []
        letters = self.queued()
        if not letters:
            self.refresh()
            show_message(self, self.tr("No letters are waiting to be printed."))
            return []
        printer = letters_printer()
        dialog = QPrintDialog(printer, self)
        dialog.setObjectName("printDialog")
        dialog.setWindowTitle(self.tr("Print letters"))
        dialog.setOption(QPrintDialog.PrintDialogOption.PrintToFile, True)
        if dialog.exec() != QPrintDialog.DialogCode.Accepted:
            return []
        return self.run_batch(printer, letters)

    def run_batch(
        self,
        printer: QPrinter,
        letters: Sequence[LetterInfo] | None = None,
        *,
        mark_printed: bool = True,
    ) -> list[int]:
        """Print ``letters`` (the queue when None) on ``printer`` with a cancellable progress
        dialog; with ``mark_printed`` the letters painted leave the queue. Returns their ids.
        """
        batch = list(letters) if letters is not None else self.queued()
        if not batch:  # nothing to start a job for (it would come out as a blank page)
            return []
        done: list[int] = []
        self._done = done
        progress = self._progress_dialog(len(batch))
        self._update_buttons()
        try:
            print_batch(printer, batch, self._letter_pdf, self._after_letter)
        finally:
            progress.close()
            self.progress = None
            if mark_printed and done:
                # Even when a later letter failed: these are on paper already.
                with guarded(self):
                    secretariat.mark_printed(self.ctx.session, done)
            self.refresh()
        return done

    def _letter_pdf(self, letter_id: int) -> bytes:
        if self.progress is not None:
            total = grouped_number(self.progress.maximum())
            current = grouped_number(self.progress.value() + 1)
            text = self.tr("Printing letter %1 of %2…").replace("%1", current)
            self.progress.setLabelText(text.replace("%2", total))
        return secretariat.letter_pdf(self.ctx.session, letter_id)

    def _progress_dialog(
        self, total: int, text: str | None = None, title: str | None = None
    ) -> QProgressDialog:
        text = text or self.tr("Printing letters…")
        progress = QProgressDialog(text, self.tr("Cancel"), 0, total, self)
        progress.setObjectName("printProgress")
        progress.setWindowTitle(title or self.tr("Printing letters"))
        progress.setWindowModality(Qt.WindowModality.WindowModal)
        progress.setMinimumDuration(500)  # only when the batch lasts more than a moment
        progress.setAutoClose(False)
        progress.setAutoReset(False)
        progress.setValue(0)
        self.progress = progress
        return progress

    def _after_letter(self, letter: LetterInfo, done: int) -> bool:
        self._done.append(letter.id)
        progress = self.progress
        if progress is not None:
            progress.setValue(done)
        self.letterPrinted.emit(letter.id)
        QCoreApplication.processEvents()  # let Cancel be clicked between letters
        return progress is None or not progress.wasCanceled()

    @guarded_slot
    def save_all(self) -> WorkTask | None:
        """Every queued letter in one PDF file (to print elsewhere); the queue is kept."""
        if self.progress is not None:  # a batch is running
            return None
        letters = self.queued()
        if not letters:
            show_message(self, self.tr("No letters are waiting to be printed."))
            return None
        folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        start = QDir(folder or QDir.homePath()).filePath(self.tr("letters") + ".pdf")
        name, _selected = file_dialog.save_file_name(
            self, self.tr("Save letters as one PDF"), start, self.tr("PDF files (*.pdf)")
        )
        return self.save_to(Path(name), letters) if name else None

    def save_to(self, path: Path, letters: Sequence[LetterInfo] | None = None) -> WorkTask | None:
        """Start writing the letters into ``path`` on a worker thread, behind a progress
        dialog that can cancel; the window stays responsive meanwhile. The letters' archived
        pages are copied, not drawn again, under a temporary name until complete. ``saved``
        follows with the path, or None when cancelled or failed (the error is shown)."""
        if self.progress is not None:  # a batch is running
            return None
        if path.suffix.lower() != ".pdf":
            path = path.with_name(path.name + ".pdf")
        batch = list(letters) if letters is not None else self.queued()
        if not batch:
            return None
        session, ids = self.ctx.session, [letter.id for letter in batch]
        stop = threading.Event()
        signals = _SaveSignals()
        progress = self._progress_dialog(
            len(batch), self.tr("Saving letters…"), self.tr("Saving letters")
        )
        signals.letterSaved.connect(progress.setValue)
        progress.canceled.connect(stop.set)

        def after_letter(done: int) -> bool:
            signals.letterSaved.emit(done)
            return not stop.is_set()

        def work() -> Path | None:
            data = secretariat.letters_as_one_pdf(session, ids, after_letter)
            if data is None:
                return None
            partial = path.with_name(f".{path.name}.part")
            try:
                partial.write_bytes(data)
                partial.replace(path)
            except BaseException:
                partial.unlink(missing_ok=True)
                raise
            return path

        task = WorkTask(work)
        self._saving = (task, signals)  # alive until the worker has emitted
        task.signals.finished.connect(self._saved)
        self._update_buttons()
        QThreadPool.globalInstance().start(task)
        return task

    @guarded_slot
    def _saved(self, outcome: object) -> None:
        self._saving = None
        progress, self.progress = self.progress, None
        if progress is not None:
            progress.close()
            progress.deleteLater()
        self._update_buttons()
        if isinstance(outcome, BaseException):
            self.saved.emit(None)
            show_error(self, outcome)
            return
        self.saved.emit(outcome)


class _SaveSignals(QObject):
    letterSaved = Signal(int)  # how many letters are in the file so far


# --------------------------------------------------------------------------- the page


class ReferralsPage(QWidget):
    """Overdue referrals and, for those who issue letters, the print queue."""

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("referralsPage")
        self.ctx = ctx
        self._stale = False
        self._shown = False
        self.tabs = QTabWidget()
        self.tabs.setObjectName("referralsTabs")
        self.overdue_tab = OverdueTab(ctx)
        self.tabs.addTab(self.overdue_tab, self.tr("Overdue"))
        self.print_tab: PrintQueueTab | None = None
        if _may_print(ctx.session):
            self.print_tab = PrintQueueTab(ctx)
            self.tabs.addTab(self.print_tab, self.tr("Print queue"))
            self.overdue_tab.letterIssued.connect(self.print_tab.refresh)
            self.print_tab.refreshed.connect(self._update_titles)
        self.overdue_tab.refreshed.connect(self._update_titles)
        self.tabs.currentChanged.connect(self._on_tab_changed)
        layout = QVBoxLayout(self)
        layout.addWidget(heading(self.tr("Referrals")))
        layout.addWidget(self.tabs, 1)
        refresh = QShortcut(QKeySequence(QKeySequence.StandardKey.Refresh), self)
        refresh.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        refresh.activated.connect(self.refresh)
        self._update_titles()

    def refresh(self) -> None:
        self.overdue_tab.refresh()
        if self.print_tab is not None:
            self.print_tab.refresh()

    def _update_titles(self) -> None:
        overdue = self.overdue_tab.total
        self.tabs.setTabText(0, self.tr("Overdue (%1)").replace("%1", grouped_number(overdue)))
        if self.print_tab is not None:
            waiting = self.print_tab.total
            self.tabs.setTabText(
                1, self.tr("Print queue (%1)").replace("%1", grouped_number(waiting))
            )

    @guarded_slot
    def _on_tab_changed(self, index: int) -> None:
        widget = self.tabs.widget(index)
        if isinstance(widget, (OverdueTab, PrintQueueTab)):
            widget.refresh()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._shown = True
        if self._stale:  # shown again: the queues may have changed meanwhile
            self._stale = False
            self.refresh()

    def hideEvent(self, event: QHideEvent) -> None:
        super().hideEvent(event)
        # Hidden before its first showing (as the window builds it): its queues are fresh.
        self._stale = self._shown


def _may_print(session: Session) -> bool:
    return allowed(session, Action.ISSUE_LETTER)
