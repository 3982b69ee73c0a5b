"""Previewing, printing and saving PDFs (DESIGN §7).

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
    QIODevice,
    QMargins,
    QObject,
    QRectF,
    QSize,
    QSizeF,
    QStandardPaths,
    Qt,
)
from PySide6.QtGui import QGuiApplication, QImage, QPageLayout, QPageSize, QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QVBoxLayout, QWidget

from app.errors import DadrasError
from app.permissions import Session
from app.persian import ltr, to_persian_digits
from app.tracking import format_tracking_code
from ui.errors import guarded, guarded_slot
from ui.widgets import file_dialog

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


class PdfPreviewDialog(QDialog):
    """A PDF shown as it will be printed, with Print (the default button), Save and Close.

    A successful print closes the dialog; saving keeps it open.
    """

    def __init__(
        self, data: bytes, title: str, file_name: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
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
        layout.addWidget(self.view, 1)
        layout.addWidget(buttons)
        self._fit_to_screen()
        self.print_button.setFocus()

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
