"""Previewing, printing and saving PDFs (architecture: Letters and printing).

The PDFs (receipts, letters) are made by ``app/`` with reportlab; QtPdf (from ``PySide6-Addons``)
shows them and puts them on paper. ``PdfPreviewDialog`` shows a PDF in a ``QPdfView`` with
Print and Save buttons, so the user sees what will be printed. Qt has no "print this PDF"
call: each page is rendered by ``QPdfDocument`` at the printer's resolution and painted on
the printer's page. When the user picks "print to file (PDF)" in the print dialog the
original PDF is written as it is.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import (
    QBuffer,
    QByteArray,
    QCoreApplication,
    QDir,
    QEvent,
    QIODevice,
    QMargins,
    QObject,
    QRectF,
    QSize,
    QSizeF,
    QStandardPaths,
    Qt,
    QTimer,
)
from PySide6.QtGui import (
    QGuiApplication,
    QImage,
    QPageLayout,
    QPageSize,
    QPainter,
    QShortcut,
    QWheelEvent,
)
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app.errors import DadrasError
from app.permissions import Session
from app.persian import ltr, to_persian_digits
from app.tracking import format_tracking_code
from ui.errors import guarded, guarded_slot
from ui.screen_fit import fit_to_screen
from ui.widgets import file_dialog
from ui.widgets.shortcuts import key_sequence

__all__ = [
    "PdfPreviewDialog",
    "PrintingError",
    "load_pdf",
    "paint_pages",
    "preview_receipt",
    "print_pdf",
    "render_page",
    "save_pdf",
    "save_receipt_as",
]

MAX_DPI = 300  # enough for text and a QR code; more only costs memory

# A plain ``translate("Printing", ...)`` call so that pyside6-lupdate finds the strings.
translate = QCoreApplication.translate


class PrintingError(DadrasError):
    """The PDF could not be read, rendered or written."""


# --------------------------------------------------------------------------- documents


def load_pdf(data: bytes, parent: QObject) -> QPdfDocument:
    """``data`` as a ``QPdfDocument`` owned by ``parent`` (the buffer it reads is its child)."""
    document = QPdfDocument(parent)
    buffer = QBuffer(document)
    buffer.setData(QByteArray(data))
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    document.load(buffer)
    if document.status() != QPdfDocument.Status.Ready or document.pageCount() < 1:
        raise PrintingError(translate("Printing", "The PDF could not be read."))
    return document


def render_page(document: QPdfDocument, index: int, dpi: int) -> QImage:
    """Page ``index`` as an image at ``dpi``, its resolution recorded in the image."""
    points = document.pagePointSize(index)
    size = QSize(round(points.width() * dpi / 72), round(points.height() * dpi / 72))
    image = document.render(index, size)
    if image.isNull():
        raise PrintingError(translate("Printing", "The PDF could not be prepared for printing."))
    image.setDotsPerMeterX(round(dpi / 0.0254))
    image.setDotsPerMeterY(round(dpi / 0.0254))
    return image


def paint_pages(printer: QPrinter, document: QPdfDocument) -> None:
    """Render each page at the printer's resolution and paint it, scaled to fit and centred."""
    dpi = max(72, min(printer.resolution(), MAX_DPI))
    painter = QPainter()
    if not painter.begin(printer):
        raise PrintingError(translate("Printing", "The printer could not be started."))
    try:
        for index in range(document.pageCount()):
            if index:
                printer.newPage()
            image = render_page(document, index, dpi)  # one page in memory at a time
            target = QRectF(printer.pageLayout().paintRectPixels(printer.resolution()))
            target.moveTo(0, 0)
            scale = min(target.width() / image.width(), target.height() / image.height())
            width, height = image.width() * scale, image.height() * scale
            x = (target.width() - width) / 2
            painter.drawImage(QRectF(x, 0, width, height), image)
    finally:
        painter.end()


def _page_layout(document: QPdfDocument) -> tuple[QPageSize, QPageLayout.Orientation]:
    """The paper of the document's first page (A5 for a receipt, A4 for a letter)."""
    points = document.pagePointSize(0)
    orientation = QPageLayout.Orientation.Portrait
    if points.width() > points.height():
        orientation = QPageLayout.Orientation.Landscape
        points = QSizeF(points.height(), points.width())
    return QPageSize(points, QPageSize.Unit.Point), orientation


# --------------------------------------------------------------------------- print and save


def print_pdf(parent: QWidget | None, document: QPdfDocument, data: bytes, title: str) -> bool:
    """Ask for a printer and print ``document`` (loaded from ``data``); True when printed."""
    page_size, orientation = _page_layout(document)
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setDocName(title)
    printer.setPageSize(page_size)
    printer.setPageOrientation(orientation)
    printer.setFullPage(True)  # the PDF pages carry their own margins
    dialog = QPrintDialog(printer, parent)
    dialog.setWindowTitle(translate("Printing", "Print"))
    dialog.setOption(QPrintDialog.PrintDialogOption.PrintToFile, True)
    if dialog.exec() != QPrintDialog.DialogCode.Accepted:
        return False
    if printer.outputFormat() == QPrinter.OutputFormat.PdfFormat and printer.outputFileName():
        _write_atomically(Path(printer.outputFileName()), data)
    else:
        paint_pages(printer, document)
    return True


def _write_atomically(path: Path, data: bytes) -> None:
    temporary = path.with_name(f".{path.name}.part")
    try:
        with open(temporary, "wb") as handle:
            handle.write(data)
            handle.flush()
        temporary.replace(path)
    except OSError as exc:
        temporary.unlink(missing_ok=True)
        raise PrintingError(
            translate("Printing", "The file could not be saved: %1").replace(
                "%1", exc.strerror or str(exc)
            )
        ) from exc


def save_pdf(parent: QWidget | None, data: bytes, suggested_name: str) -> Path | None:
    """Ask where to save and write ``data`` there; the path, or None when cancelled."""
    folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    start = QDir(folder or QDir.homePath()).filePath(suggested_name)
    name, _selected = file_dialog.save_file_name(
        parent, translate("Printing", "Save PDF"), start, translate("Printing", "PDF files (*.pdf)")
    )
    if not name:
        return None
    path = Path(name)
    if path.suffix.lower() != ".pdf":
        path = path.with_name(path.name + ".pdf")
    _write_atomically(path, data)
    return path


# --------------------------------------------------------------------------- preview


ZOOM_STEP = 1.25
ZOOM_MIN, ZOOM_MAX = 0.25, 4.0


class PdfPreviewDialog(QDialog):
    """A PDF shown as it will be printed, with Print (the default button), Save and Close.

    A successful print closes the dialog; saving keeps it open.
    """

    def __init__(
        self, data: bytes, title: str, file_name: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        fit_to_screen(self)
        self.setObjectName("pdfPreviewDialog")
        self.setWindowTitle(title)
        self.data, self.title, self.file_name = data, title, file_name
        self.document = load_pdf(data, self)

        self.view = QPdfView(self)
        self.view.setObjectName("pdfView")
        self.view.setDocument(self.document)
        if self.document.pageCount() == 1:  # a receipt: the whole page, no scrolling
            self.view.setPageMode(QPdfView.PageMode.SinglePage)
            # FitInView leaves a page with margins around it a few pixels too tall (a
            # scroll bar appears); without margins it fits exactly.
            self.view.setDocumentMargins(QMargins(0, 0, 0, 0))
        else:
            self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitInView)
        self.view.viewport().installEventFilter(self)  # Ctrl+wheel zooms

        buttons = QDialogButtonBox()
        self.print_button = buttons.addButton(
            translate("Printing", "Print…"), QDialogButtonBox.ButtonRole.ActionRole
        )
        self.print_button.setObjectName("printButton")
        self.print_button.setDefault(True)
        self.save_button = buttons.addButton(
            translate("Printing", "Save as PDF…"), QDialogButtonBox.ButtonRole.ActionRole
        )
        self.save_button.setObjectName("saveButton")
        self.save_button.setAutoDefault(False)
        close = buttons.addButton(
            translate("Printing", "Close"), QDialogButtonBox.ButtonRole.RejectRole
        )
        close.setObjectName("closeButton")
        close.setAutoDefault(False)
        self.print_button.clicked.connect(self.print_document)
        self.save_button.clicked.connect(self.save_document)
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addLayout(self._zoom_row())
        layout.addWidget(self.view, 1)
        layout.addWidget(buttons)
        self._fit_to_screen()
        self.print_button.setFocus()

    # ------------------------------------------------------------------ zoom

    def _zoom_row(self) -> QHBoxLayout:
        """Zoom out, the zoom, zoom in, the whole page, the page's width (and their keys)."""
        row = QHBoxLayout()
        self.zoom_label = QLabel()
        self.zoom_label.setObjectName("zoomLabel")
        tools = (
            ("zoomOutButton", "−", translate("Printing", "Zoom out"), "Ctrl+-", self.zoom_out),
            ("zoomInButton", "+", translate("Printing", "Zoom in"), "Ctrl++", self.zoom_in),
            (
                "fitPageButton",
                translate("Printing", "Whole page"),
                translate("Printing", "Show the whole page"),
                "Ctrl+0",
                self.fit_page,
            ),
            (
                "fitWidthButton",
                translate("Printing", "Page width"),
                translate("Printing", "Fit the page's width"),
                "Ctrl+9",
                self.fit_width,
            ),
        )
        for name, text, tip, keys, slot in tools:
            tool = QToolButton()
            tool.setObjectName(name)
            tool.setText(text)
            tool.setToolTip(f"{tip} ({keys})")
            tool.setAutoRaise(True)
            tool.clicked.connect(slot)
            QShortcut(key_sequence(keys), self, slot)
            row.addWidget(tool)
            if name == "zoomOutButton":
                row.addWidget(self.zoom_label)
        QShortcut(key_sequence("Ctrl+="), self, self.zoom_in)
        row.addStretch(1)
        self.view.zoomFactorChanged.connect(self._show_zoom)
        self._show_zoom()
        return row

    def _show_zoom(self, *_args: object) -> None:
        if self.view.zoomMode() == QPdfView.ZoomMode.Custom:
            percent = round(self.view.zoomFactor() * 100)
            self.zoom_label.setText(to_persian_digits(f"{percent}٪"))
        else:
            self.zoom_label.setText("")

    def _current_zoom(self) -> float:
        """The zoom the page is shown at, also when it is fitted to the window."""
        if self.view.zoomMode() == QPdfView.ZoomMode.Custom:
            return float(self.view.zoomFactor())
        points = self.document.pagePointSize(0)
        viewport = self.view.viewport().size()
        dpi = self.logicalDpiX() / 72.0
        if points.width() <= 0 or points.height() <= 0:
            return 1.0
        by_width = viewport.width() / (points.width() * dpi)
        if self.view.zoomMode() == QPdfView.ZoomMode.FitToWidth:
            return by_width
        return min(by_width, viewport.height() / (points.height() * dpi))

    def _zoom_to(self, factor: float) -> None:
        self.view.setZoomMode(QPdfView.ZoomMode.Custom)
        self.view.setZoomFactor(max(ZOOM_MIN, min(ZOOM_MAX, factor)))
        self._show_zoom()
        QTimer.singleShot(0, self, self._to_line_starts)

    def _to_line_starts(self) -> None:
        """A Persian page is read from its right edge: a zoomed page shows that side first
        (the view itself always starts at the left)."""
        if self.layoutDirection() == Qt.LayoutDirection.RightToLeft:
            bar = self.view.horizontalScrollBar()
            bar.setValue(bar.maximum())

    def zoom_in(self) -> None:
        self._zoom_to(self._current_zoom() * ZOOM_STEP)

    def zoom_out(self) -> None:
        self._zoom_to(self._current_zoom() / ZOOM_STEP)

    def fit_page(self) -> None:
        self.view.setZoomMode(QPdfView.ZoomMode.FitInView)
        self._show_zoom()

    def fit_width(self) -> None:
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self._show_zoom()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            event.type() == QEvent.Type.Wheel
            and isinstance(event, QWheelEvent)
            and event.modifiers() & Qt.KeyboardModifier.ControlModifier
        ):
            step = event.angleDelta().y()
            if step:
                (self.zoom_in if step > 0 else self.zoom_out)()
            return True
        return super().eventFilter(watched, event)

    def _fit_to_screen(self) -> None:
        """As tall as the screen allows (up to a comfortable size), as wide as the page."""
        points = self.document.pagePointSize(0)
        screen = self.screen() or QGuiApplication.primaryScreen()
        available = screen.availableGeometry().height() - 80 if screen else 760
        height = max(480, min(900, available))
        page_height = height - 90  # the buttons and margins
        width = round(page_height * points.width() / points.height()) + 60
        self.resize(max(width, 520), height)

    @guarded_slot
    def print_document(self) -> None:
        if print_pdf(self, self.document, self.data, self.title):
            self.accept()

    @guarded_slot
    def save_document(self) -> None:
        save_pdf(self, self.data, self.file_name)


# --------------------------------------------------------------------------- receipts


def _receipt_pdf(session: Session, complaint_id: int) -> bytes:
    from app.receipts import receipt_pdf  # reportlab loads only when a receipt is wanted

    return receipt_pdf(session, complaint_id)


def _receipt_file_name(code: str) -> str:
    return translate("Printing", "receipt-%1").replace("%1", code) + ".pdf"


def preview_receipt(
    parent: QWidget | None, session: Session, complaint_id: int, code: str
) -> PdfPreviewDialog | None:
    """Render the complaint's receipt and open its preview (Print, Save); None on a problem."""
    with guarded(parent):
        data = _receipt_pdf(session, complaint_id)
        shown_code = to_persian_digits(format_tracking_code(code))
        title = translate("Printing", "Receipt preview — %1").replace("%1", ltr(shown_code))
        dialog = PdfPreviewDialog(data, title, _receipt_file_name(code), parent)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog
    return None


def save_receipt_as(
    parent: QWidget | None, session: Session, complaint_id: int, code: str
) -> Path | None:
    """Render the receipt and save it as ``receipt-<code>.pdf`` where the user chooses."""
    with guarded(parent):
        return save_pdf(parent, _receipt_pdf(session, complaint_id), _receipt_file_name(code))
    return None


# --------------------------------------------------------------------------- minutes


def preview_minutes(
    parent: QWidget | None, session: Session, opening_id: int, number: str
) -> PdfPreviewDialog | None:
    """Open the minutes of a box opening as they were recorded."""
    from app import boxes

    with guarded(parent):
        data = boxes.minutes_pdf(session, opening_id)
        shown = to_persian_digits(number)
        title = translate("Printing", "Minutes %1").replace("%1", shown)
        safe = "".join(ch if ch.isalnum() else "-" for ch in number)
        name = translate("Printing", "minutes-%1").replace("%1", safe) + ".pdf"
        dialog = PdfPreviewDialog(data, title, name, parent)
        dialog.setObjectName("minutesPreviewDialog")
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog
    return None


# --------------------------------------------------------------------------- letters


def _letter_file_name(number: str) -> str:
    safe = "".join(ch if ch.isalnum() else "-" for ch in number)
    return translate("Printing", "letter-%1").replace("%1", safe) + ".pdf"


def preview_letter(
    parent: QWidget | None, session: Session, letter_id: int, number: str
) -> PdfPreviewDialog | None:
    """Open the archived PDF of a letter exactly as issued; printing it marks it printed."""
    from app import secretariat

    with guarded(parent):
        data = secretariat.letter_pdf(session, letter_id)
        title = translate("Printing", "Letter %1").replace("%1", to_persian_digits(number))
        dialog = PdfPreviewDialog(data, title, _letter_file_name(number), parent)
        dialog.setObjectName("letterPreviewDialog")
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        # Hold the dialog, not the parent: a closure holding a Python-owned parent could
        # delete it from inside the dialog's own destruction.
        dialog.accepted.connect(lambda: _mark_printed(dialog.parentWidget(), session, letter_id))
        dialog.open()
        return dialog
    return None


def _mark_printed(parent: QWidget | None, session: Session, letter_id: int) -> None:
    from app import secretariat
    from app.permissions import Action, allowed

    if allowed(session, Action.ISSUE_LETTER):  # only the secretariat's own print empties the queue
        with guarded(parent):
            secretariat.mark_printed(session, [letter_id])
