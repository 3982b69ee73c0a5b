"""Printing a PDF through Qt's print dialog, and saving one to a file (DESIGN §7).

The PDFs (receipts, letters) are made by ``app/`` with reportlab; Qt only puts them on paper.
Qt has no "print this PDF" call, so each page is rendered to an image at the printer's
resolution and painted on the printer's page:

1. ``PySide6.QtPdf.QPdfDocument`` when QtPdf is installed. It ships in PySide6-Addons, not
   in PySide6-Essentials (the project's dependency), so it is optional.
2. Otherwise poppler's ``pdftoppm`` (package ``poppler-utils`` on Linux; on Windows the
   ``bin`` folder of a poppler build on ``PATH``) rasterises the pages.
3. If neither is present, the PDF is opened in the system's PDF viewer to print from there,
   and the user is told so.

When the user picks "print to file (PDF)" in the dialog the original PDF is written as it
is, without rasterising.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QDir, QRectF, QStandardPaths, QUrl
from PySide6.QtGui import QDesktopServices, QImage, QPageLayout, QPageSize, QPainter
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QFileDialog, QWidget

from app.errors import DadrasError
from app.permissions import Session
from ui.errors import guarded, show_message

__all__ = [
    "can_rasterise",
    "paint_pages",
    "print_pdf",
    "print_receipt",
    "rasterise_pdf",
    "save_pdf",
    "save_receipt_as",
]

MAX_DPI = 300  # enough for text and a QR code; more only costs memory
_PDFTOPPM_TIMEOUT = 120


# A plain ``translate("Printing", ...)`` call so that pyside6-lupdate finds the strings.
translate = QCoreApplication.translate


class PrintingError(DadrasError):
    """The PDF could not be rendered for the printer."""


# --------------------------------------------------------------------------- rendering


def _qtpdf_pages(data: bytes, dpi: int) -> list[QImage] | None:
    try:
        from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QSize
        from PySide6.QtPdf import QPdfDocument
    except ImportError:
        return None
    document = QPdfDocument()
    buffer = QBuffer()
    buffer.setData(QByteArray(data))
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    document.load(buffer)
    if document.status() != QPdfDocument.Status.Ready:
        raise PrintingError(translate("Printing", "The PDF could not be read for printing."))
    images = []
    for index in range(document.pageCount()):
        points = document.pagePointSize(index)
        size = QSize(round(points.width() * dpi / 72), round(points.height() * dpi / 72))
        image = document.render(index, size)
        image.setDotsPerMeterX(round(dpi / 0.0254))
        image.setDotsPerMeterY(round(dpi / 0.0254))
        images.append(image)
    return images


def _pdftoppm_pages(data: bytes, dpi: int) -> list[QImage] | None:
    program = shutil.which("pdftoppm")
    if program is None:
        return None
    with tempfile.TemporaryDirectory(prefix="dadras-print-") as folder:
        source = Path(folder) / "document.pdf"
        source.write_bytes(data)
        try:
            subprocess.run(
                [program, "-r", str(dpi), "-png", str(source), str(Path(folder) / "page")],
                check=True,
                capture_output=True,
                timeout=_PDFTOPPM_TIMEOUT,
            )
        except (OSError, subprocess.SubprocessError) as exc:
            raise PrintingError(
                translate("Printing", "The PDF could not be prepared for printing.")
            ) from exc
        # pdftoppm pads page numbers to the width of the page count: page-1.png or page-01.png.
        pages = sorted(Path(folder).glob("page-*.png"), key=lambda p: int(p.stem.split("-")[-1]))
        images = [QImage(str(page)) for page in pages]
    if not images or any(image.isNull() for image in images):
        raise PrintingError(translate("Printing", "The PDF could not be prepared for printing."))
    return images


_RENDERERS: tuple[Callable[[bytes, int], list[QImage] | None], ...] = (
    _qtpdf_pages,
    _pdftoppm_pages,
)


def can_rasterise() -> bool:
    """True when this machine has a way to turn PDF pages into images."""
    try:
        import PySide6.QtPdf  # noqa: F401
    except ImportError:
        return shutil.which("pdftoppm") is not None
    return True


def rasterise_pdf(data: bytes, dpi: int = 150) -> list[QImage] | None:
    """The pages of ``data`` as images at ``dpi``; None when no renderer is available."""
    for renderer in _RENDERERS:
        images = renderer(data, dpi)
        if images is not None:
            return images
    return None


def paint_pages(printer: QPrinter, images: list[QImage]) -> None:
    """Put one image per page on the printer, scaled to fit and centred."""
    painter = QPainter()
    if not painter.begin(printer):
        raise PrintingError(translate("Printing", "The printer could not be started."))
    try:
        for number, image in enumerate(images):
            if number:
                printer.newPage()
            target = QRectF(printer.pageLayout().paintRectPixels(printer.resolution()))
            target.moveTo(0, 0)
            scale = min(target.width() / image.width(), target.height() / image.height())
            width, height = image.width() * scale, image.height() * scale
            x = target.x() + (target.width() - width) / 2
            painter.drawImage(QRectF(x, target.y(), width, height), image)
    finally:
        painter.end()


def _open_in_viewer(parent: QWidget | None, data: bytes, title: str) -> None:
    folder = Path(tempfile.mkdtemp(prefix="dadras-print-"))
    path = folder / f"{_safe_name(title) or 'document'}.pdf"
    path.write_bytes(data)
    if not QDesktopServices.openUrl(QUrl.fromLocalFile(str(path))):
        raise PrintingError(
            translate(
                "Printing",
                "No PDF viewer was found to print with. "
                "Save the PDF and print it from another program.",
            )
        )
    show_message(
        parent,
        translate("Printing", "The document was opened in your PDF viewer; print it from there."),
        translate("Printing", "Print"),
    )


def _safe_name(name: str) -> str:
    return "".join(c for c in name if c.isalnum() or c in "-_.").strip(".")


def print_pdf(
    parent: QWidget | None,
    data: bytes,
    title: str,
    page_size: QPageSize | None = None,
) -> bool:
    """Ask for a printer and print ``data``; True when it was sent to the printer."""
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setDocName(title)
    printer.setPageSize(page_size or QPageSize(QPageSize.PageSizeId.A4))
    printer.setPageOrientation(QPageLayout.Orientation.Portrait)
    printer.setFullPage(True)  # the PDF pages carry their own margins
    dialog = QPrintDialog(printer, parent)
    dialog.setWindowTitle(translate("Printing", "Print"))
    dialog.setOption(QPrintDialog.PrintDialogOption.PrintToFile, True)
    if dialog.exec() != QPrintDialog.DialogCode.Accepted:
        return False
    if printer.outputFormat() == QPrinter.OutputFormat.PdfFormat and printer.outputFileName():
        _write_atomically(Path(printer.outputFileName()), data)
        return True
    dpi = max(72, min(printer.resolution(), MAX_DPI))
    images = rasterise_pdf(data, dpi)
    if images is None:
        _open_in_viewer(parent, data, title)
        return False
    paint_pages(printer, images)
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
    name, _selected = QFileDialog.getSaveFileName(
        parent, translate("Printing", "Save PDF"), start, translate("Printing", "PDF files (*.pdf)")
    )
    if not name:
        return None
    path = Path(name)
    if path.suffix.lower() != ".pdf":
        path = path.with_name(path.name + ".pdf")
    _write_atomically(path, data)
    return path


# --------------------------------------------------------------------------- receipts


def _receipt_pdf(session: Session, complaint_id: int) -> bytes:
    from app.receipts import receipt_pdf  # reportlab loads only when a receipt is wanted

    return receipt_pdf(session, complaint_id)


def print_receipt(parent: QWidget | None, session: Session, complaint_id: int, code: str) -> None:
    """Render the complaint's receipt and print it; problems are shown to the user."""
    with guarded(parent):
        data = _receipt_pdf(session, complaint_id)
        title = translate("Printing", "receipt-%1").replace("%1", code)
        print_pdf(parent, data, title, QPageSize(QPageSize.PageSizeId.A5))


def save_receipt_as(
    parent: QWidget | None, session: Session, complaint_id: int, code: str
) -> Path | None:
    """Render the receipt and save it as ``receipt-<code>.pdf`` where the user chooses."""
    with guarded(parent):
        data = _receipt_pdf(session, complaint_id)
        name = translate("Printing", "receipt-%1").replace("%1", code)
        return save_pdf(parent, data, f"{name}.pdf")
    return None
