"""QR codes drawn as vector squares on a reportlab canvas (no raster image, no PIL)."""

from __future__ import annotations

import segno
from reportlab.lib.colors import black, white
from reportlab.pdfgen.canvas import Canvas

__all__ = ["draw_qr", "qr_matrix"]


def qr_matrix(data: str, *, error: str = "m", border: int = 4) -> list[list[bool]]:
    """The module matrix (True = dark) of a regular QR code, quiet zone included.

    Always a full QR code (``segno.make_qr``), never a Micro QR, which phone
    cameras often cannot read; the error correction level is exactly ``error``.
    """
    qr = segno.make_qr(data, error=error, boost_error=False)
    return [[bool(module) for module in row] for row in qr.matrix_iter(border=border)]


def draw_qr(
    canvas: Canvas,
    data: str,
    x: float,
    y: float,
    size: float,
    *,
    error: str = "m",
    border: int = 4,
) -> None:
    """Draw a QR code encoding ``data`` in the square (x, y) – (x+size, y+size).

    ``(x, y)`` is the bottom-left corner; ``size`` includes the quiet zone of
    ``border`` modules, which is painted white. Dark modules of a row are
    merged into one rectangle per run, so the PDF stays small and the code has
    no hairline gaps between modules.
    """
    matrix = qr_matrix(data, error=error, border=border)
    n = len(matrix)
    module = size / n
    canvas.saveState()
    canvas.setFillColor(white)
    canvas.rect(x, y, size, size, stroke=0, fill=1)
    canvas.setFillColor(black)
    path = canvas.beginPath()
    for r, row in enumerate(matrix):
        top = y + size - r * module
        c = 0
        while c < n:
            if not row[c]:
                c += 1
                continue
            start = c
            while c < n and row[c]:
                c += 1
            path.rect(x + start * module, top - module, (c - start) * module, module)
    canvas.drawPath(path, stroke=0, fill=1)
    canvas.restoreState()
