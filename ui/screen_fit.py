"""Windows sized for the screen they open on.

Offices run Dadras on 1366×768 screens with a taskbar, which leaves about 1366×728: a
window sized for a larger screen would put its buttons below the taskbar.
"""

from __future__ import annotations

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget

__all__ = ["resize_within_screen"]

FRAME_WIDTH = 16  # the window manager's borders
FRAME_HEIGHT = 40  # and its title bar


def resize_within_screen(widget: QWidget, width: int, height: int) -> None:
    """Resize ``widget`` to ``width`` × ``height``, or smaller where the screen's free area
    (without its taskbar) would not show the whole window with its frame."""
    screen = widget.screen() or QGuiApplication.primaryScreen()
    if screen is not None:
        area = screen.availableGeometry()
        width = min(width, area.width() - FRAME_WIDTH)
        height = min(height, area.height() - FRAME_HEIGHT)
    widget.resize(max(width, widget.minimumWidth()), max(height, widget.minimumHeight()))
