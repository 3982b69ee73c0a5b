"""Render resources/icons/dadras.svg to PNGs (16-256 px) and a Windows .ico.

Run from anywhere with a Python that has PySide6 and Pillow (the project's own venv):

    python packaging/make_icons.py

The outputs are committed; rerun this after editing the SVG.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PIL import Image
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

ICONS = Path(__file__).resolve().parent.parent / "resources" / "icons"
SVG = ICONS / "dadras.svg"
SIZES = (16, 24, 32, 48, 64, 128, 256)


def render(renderer: QSvgRenderer, size: int, target: Path) -> None:
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
    renderer.render(painter)
    painter.end()
    if not image.save(str(target), "PNG"):
        raise SystemExit(f"could not write {target}")


def main() -> int:
    app = QGuiApplication(sys.argv[:1])  # noqa: F841 (QImage/QPainter need an application)
    renderer = QSvgRenderer(str(SVG))
    if not renderer.isValid():
        raise SystemExit(f"not a valid SVG: {SVG}")
    pngs = {}
    for size in SIZES:
        target = ICONS / f"dadras-{size}.png"
        render(renderer, size, target)
        pngs[size] = target
    # The .ico holds every size, each drawn from the SVG rather than scaled down from 256.
    images = [Image.open(pngs[size]).convert("RGBA") for size in SIZES]
    images[-1].save(
        ICONS / "dadras.ico",
        format="ICO",
        sizes=[(size, size) for size in SIZES],
        append_images=images[:-1],
    )
    for path in sorted(ICONS.iterdir()):
        print(f"{path.name}\t{path.stat().st_size} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
