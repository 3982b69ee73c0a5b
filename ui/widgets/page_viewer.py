"""A scanned page shown beside a data-entry form (architecture: The window).

The clerk reads the paper on one side and types on the other, so the viewer never takes the
keyboard: its buttons and scroll area take no focus, and its shortcuts are window shortcuts
(they work while the cursor is in a field of the form) on keys a field does not use:

- Ctrl++ / Ctrl+= zoom in, Ctrl+- zoom out, Ctrl+0 fit the page, Ctrl+9 fit the width,
- Ctrl+] / Ctrl+[ rotate right / left (the view only; ``rotation()`` tells the caller),
- Ctrl+wheel zooms around the cursor, the wheel scrolls, dragging with the left button pans.

Rendering: the decoded page is kept as a ``QImage``; a scaled (and rotated) ``QPixmap`` is
made once per zoom and rotation, on the first paint that needs it, and scrolling only blits
it. Above ``CACHE_PIXELS`` (past about 200 % of a 200-dpi A4 page) a scaled copy would take
hundreds of megabytes, so the visible part is painted straight from the source instead.

The fit mode (whole page, page width or a zoom of the user's own) is kept from one page to
the next; the rotation starts at 0 on each new page. The page is never mirrored by the
right-to-left layout; only the tool bar follows it.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from enum import Enum

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QPointF, QSize, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QCursor,
    QIcon,
    QImage,
    QImageReader,
    QKeySequence,
    QMouseEvent,
    QPainter,
    QPainterPath,
    QPaintEvent,
    QPalette,
    QPen,
    QPixmap,
    QResizeEvent,
    QShortcut,
    QTransform,
    QWheelEvent,
)
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QStackedWidget,
    QStyle,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app.persian import to_persian_digits
from ui.widgets.shortcuts import key_sequence

__all__ = [
    "CACHE_PIXELS",
    "MAX_ZOOM",
    "MIN_ZOOM",
    "ZOOM_STEP",
    "FitMode",
    "PageViewer",
    "decode_image",
    "prepare_image",
]

MIN_ZOOM = 0.10
MAX_ZOOM = 8.0
ZOOM_STEP = 1.25
WHEEL_NOTCH = 120  # one notch of a mouse wheel, in eighths of a degree
CACHE_PIXELS = 16_000_000  # a scaled copy up to 64 MB; 200 % of 1654×2339 is 15.5 Mpx
_EPSILON = 1e-6
# Qt names the keys in the user's language ("کنترل+R"); an isolate keeps the name in one
# piece inside the tooltip, whichever script it is written in.
_FSI, _PDI = "\u2068", "\u2069"


class FitMode(Enum):
    PAGE = "page"  # the whole page in the view
    WIDTH = "width"  # the page's width fills the view
    NONE = "none"  # a zoom the user chose


def _clamp_zoom(zoom: float) -> float:
    return min(MAX_ZOOM, max(MIN_ZOOM, zoom))


def _scaled_length(length: int, zoom: float) -> int:
    return max(1, math.floor(length * zoom + _EPSILON))


def decode_image(data: bytes | bytearray | QByteArray) -> QImage | None:
    """The page in a format that scales and paints fast, or None if it is not an image.

    ``QImageReader`` rather than ``QImage.fromData``: a photographed page carries its
    orientation in its EXIF data, which the reader applies. Safe in a worker thread, so the
    next page can be decoded ahead and handed to ``PageViewer.set_image`` as a ``QImage``.
    """
    if not data:
        return None
    buffer = QBuffer()
    buffer.setData(data if isinstance(data, QByteArray) else QByteArray(bytes(data)))
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    reader = QImageReader(buffer)
    reader.setAutoTransform(True)
    return prepare_image(reader.read())


def prepare_image(image: QImage) -> QImage | None:
    """``image`` in a format that scales and paints fast (32-bit), or None if it is null."""
    if image.isNull():
        return None
    wanted = (
        QImage.Format.Format_ARGB32_Premultiplied
        if image.hasAlphaChannel()
        else QImage.Format.Format_RGB32
    )
    return image if image.format() == wanted else image.convertToFormat(wanted)


# --------------------------------------------------------------------------- drawing


class _PageCanvas(QWidget):
    """The page at the size the viewer gives it (``resize``), painted from a cached pixmap."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("pageCanvas")
        self._source: QImage | None = None
        self._rotation = 0
        self._oriented: QImage | None = None  # the source turned; only for direct painting
        self._cache: QPixmap | None = None
        self._cache_key: tuple[int, int, int, float] | None = None
        self.renders = 0  # how many scaled pixmaps were made (the tests count them)

    def set_page(self, image: QImage | None, rotation: int = 0) -> None:
        self._source = image
        self._rotation = rotation
        self._oriented = None
        self._drop_cache()
        self.update()

    def set_rotation(self, rotation: int) -> None:
        if rotation != self._rotation:
            self._rotation = rotation
            self._oriented = None
            self._drop_cache()
            self.update()

    def cached_pixmap(self) -> QPixmap | None:
        """The pixmap painted at the current size (made now if needed); None when the page is
        painted straight from the source (too large to cache) or there is no page."""
        if self._source is None or not self._cacheable():
            return None
        self._ensure_cache()
        return self._cache

    # ------------------------------------------------------------------ internals

    def _drop_cache(self) -> None:
        self._cache = None
        self._cache_key = None

    def _ratio(self) -> float:
        return self.devicePixelRatioF()

    def _cacheable(self) -> bool:
        ratio = self._ratio()
        return self.width() * self.height() * ratio * ratio <= CACHE_PIXELS

    def _ensure_cache(self) -> None:
        assert self._source is not None
        ratio = self._ratio()
        key = (self.width(), self.height(), self._rotation, ratio)
        if self._cache is not None and self._cache_key == key:
            return
        target = QSize(round(self.width() * ratio), round(self.height() * ratio))
        upright = target.transposed() if self._rotation in (90, 270) else target
        # Scale first, then turn: turning the (usually smaller) result is cheaper.
        image = self._source.scaled(
            upright,
            Qt.AspectRatioMode.IgnoreAspectRatio,
            Qt.TransformationMode.SmoothTransformation,
        )
        if self._rotation:
            image = image.transformed(QTransform().rotate(self._rotation))
        pixmap = QPixmap.fromImage(image)
        pixmap.setDevicePixelRatio(ratio)
        self._cache, self._cache_key = pixmap, key
        self.renders += 1

    def _oriented_source(self) -> QImage:
        assert self._source is not None
        if not self._rotation:
            return self._source
        if self._oriented is None:
            self._oriented = self._source.transformed(QTransform().rotate(self._rotation))
        return self._oriented

    def resizeEvent(self, event: QResizeEvent) -> None:
        if event.size() != event.oldSize():
            self._drop_cache()
        super().resizeEvent(event)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        if self._source is None:
            painter.fillRect(event.rect(), self.palette().color(QPalette.ColorRole.Dark))
            return
        if self._source.hasAlphaChannel():
            painter.fillRect(event.rect(), Qt.GlobalColor.white)
        if self._cacheable():
            self._ensure_cache()
            assert self._cache is not None
            painter.drawPixmap(0, 0, self._cache)  # clipped to the exposed strip
            return
        # Too large to cache: scale only what is exposed (the painter clips to it).
        source = self._oriented_source()
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        painter.scale(self.width() / source.width(), self.height() / source.height())
        painter.drawImage(0, 0, source)


class _PageArea(QScrollArea):
    """The scroll area: Ctrl+wheel asks for a zoom, a left-button drag pans the page."""

    resized = Signal()
    wheel_zoom = Signal(float, QPointF)  # notches (may be fractional), position in viewport

    def __init__(self, canvas: _PageCanvas, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("pageArea")
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # clicking the page leaves the form's focus
        self.setBackgroundRole(QPalette.ColorRole.Dark)
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setWidgetResizable(False)
        self.setWidget(canvas)
        canvas.setAutoFillBackground(False)  # setWidget turned it on; the page covers it
        canvas.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)
        self._canvas = canvas
        self._drag: tuple[QPointF, int, int] | None = None  # press position, offsets

    # ------------------------------------------------------------------ offsets

    def left_offset(self) -> int:
        """How much of the page is hidden on the left, whatever the layout direction.

        A right-to-left scroll area counts its horizontal value from the right edge.
        """
        bar = self.horizontalScrollBar()
        return bar.maximum() - bar.value() if self.isRightToLeft() else bar.value()

    def set_left_offset(self, offset: int) -> None:
        bar = self.horizontalScrollBar()
        offset = max(0, min(bar.maximum(), offset))
        bar.setValue(bar.maximum() - offset if self.isRightToLeft() else offset)

    def top_offset(self) -> int:
        return self.verticalScrollBar().value()

    def set_top_offset(self, offset: int) -> None:
        self.verticalScrollBar().setValue(offset)

    def scroll_to_start(self) -> None:
        """The top of the page, on the reading side (the right in a right-to-left view)."""
        self.horizontalScrollBar().setValue(0)
        self.verticalScrollBar().setValue(0)

    def pannable(self) -> bool:
        room = self.maximumViewportSize()
        size = self._canvas.size()
        return size.width() > room.width() or size.height() > room.height()

    # ------------------------------------------------------------------ events

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.resized.emit()

    def wheelEvent(self, event: QWheelEvent) -> None:
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            delta = event.angleDelta().y() or event.angleDelta().x()
            if delta:
                self.wheel_zoom.emit(delta / WHEEL_NOTCH, event.position())
            event.accept()
            return
        super().wheelEvent(event)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton and self.pannable():
            self._drag = (event.globalPosition(), self.left_offset(), self.top_offset())
            self._canvas.setCursor(Qt.CursorShape.ClosedHandCursor)
            event.accept()
            return
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if self._drag is not None:
            start, left, top = self._drag
            moved = event.globalPosition() - start
            self.set_left_offset(left - round(moved.x()))
            self.set_top_offset(top - round(moved.y()))
            event.accept()
            return
        super().mouseMoveEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if self._drag is not None and event.button() == Qt.MouseButton.LeftButton:
            self._drag = None
            self.update_cursor()
            event.accept()
            return
        super().mouseReleaseEvent(event)

    def update_cursor(self) -> None:
        if self._drag is not None:
            return
        if self.pannable():
            self._canvas.setCursor(QCursor(Qt.CursorShape.OpenHandCursor))
        else:
            self._canvas.unsetCursor()


# --------------------------------------------------------------------------- icons


def _drawn_icon(kind: str, color: QColor) -> QIcon:
    """A simple line icon, for platforms whose icon theme lacks one (and for fit width,
    which no theme names)."""
    icon = QIcon()
    for size in (16, 20, 24, 32, 48):
        pixmap = QPixmap(size, size)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.scale(size / 24, size / 24)
        pen = QPen(color, 1.8)
        pen.setCapStyle(Qt.PenCapStyle.RoundCap)
        pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
        painter.setPen(pen)
        _draw_shape(painter, kind, color)
        painter.end()
        icon.addPixmap(pixmap)
    return icon


def _draw_shape(painter: QPainter, kind: str, color: QColor) -> None:
    if kind == "fit_page":
        painter.drawRect(8, 5, 8, 14)
        for x, y, dx, dy in ((3, 3, 1, 1), (21, 3, -1, 1), (3, 21, 1, -1), (21, 21, -1, -1)):
            painter.drawLine(x, y, x + 4 * dx, y)
            painter.drawLine(x, y, x, y + 4 * dy)
    elif kind == "fit_width":
        painter.drawRect(6, 3, 12, 18)
        painter.drawLine(2, 12, 22, 12)
        for x, dx in ((2, 1), (22, -1)):
            painter.drawLine(x, 12, x + 3 * dx, 9)
            painter.drawLine(x, 12, x + 3 * dx, 15)
    elif kind in ("zoom_in", "zoom_out"):
        painter.drawEllipse(QPointF(10, 10), 6.5, 6.5)
        painter.drawLine(15, 15, 21, 21)
        painter.drawLine(7, 10, 13, 10)
        if kind == "zoom_in":
            painter.drawLine(10, 7, 10, 13)
    elif kind in ("rotate_left", "rotate_right"):
        if kind == "rotate_right":
            painter.translate(24, 0)
            painter.scale(-1, 1)
        path = QPainterPath()
        path.arcMoveTo(5, 6, 14, 14, -60)
        path.arcTo(5, 6, 14, 14, -60, 240)  # up over the top to the left side
        painter.drawPath(path)
        head = QPainterPath()
        head.moveTo(2, 12)
        head.lineTo(8, 12)
        head.lineTo(5, 16.5)
        head.closeSubpath()
        painter.fillPath(head, color)


def _icon(kind: str, theme: QIcon.ThemeIcon | None, color: QColor) -> QIcon:
    if theme is not None:
        icon = QIcon.fromTheme(theme)
        if not icon.isNull():
            return icon
    return _drawn_icon(kind, color)


# --------------------------------------------------------------------------- the viewer


class PageViewer(QWidget):
    """A scanned page with zoom, fit and rotation, for reading beside a form.

    ``set_image(data)`` shows PNG/JPEG bytes (False, with a message, if they are not an
    image); ``clear()`` empties it. ``zoom_changed(percent)`` and ``rotation_changed(degrees)``
    follow the view. See the module's description for the keys.
    """

    zoom_changed = Signal(int)
    rotation_changed = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("pageViewer")
        self._source: QImage | None = None
        self._mode = FitMode.PAGE
        self._zoom = 1.0
        self._rotation = 0
        self._percent = 100

        self._canvas = _PageCanvas()
        self.area = _PageArea(self._canvas)
        self.area.resized.connect(self._on_area_resized)
        self.area.wheel_zoom.connect(self._on_wheel_zoom)

        self.message_label = QLabel()
        self.message_label.setObjectName("pageMessage")
        self.message_label.setProperty("role", "error")
        self.message_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.message_label.setWordWrap(True)
        self.message_label.setMargin(12)

        self._stack = QStackedWidget()
        self._stack.addWidget(self.area)
        self._stack.addWidget(self.message_label)

        self._build_tool_bar()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.tool_bar)
        layout.addWidget(self._stack, 1)
        self._build_shortcuts()
        self._update_controls()

    # ------------------------------------------------------------------ construction

    def _build_tool_bar(self) -> None:
        color = self.palette().color(QPalette.ColorRole.ButtonText)
        ti = QIcon.ThemeIcon

        def button(name: str, kind: str, theme: QIcon.ThemeIcon | None) -> QToolButton:
            tool = QToolButton()
            tool.setObjectName(name)
            tool.setAutoRaise(True)
            tool.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Tab stays in the form
            tool.setIcon(_icon(kind, theme, color))
            tool.setIconSize(QSize(20, 20))
            return tool

        self.fit_page_button = button("fitPageButton", "fit_page", ti.ZoomFitBest)
        self.fit_width_button = button("fitWidthButton", "fit_width", None)
        self.zoom_out_button = button("zoomOutButton", "zoom_out", ti.ZoomOut)
        self.zoom_in_button = button("zoomInButton", "zoom_in", ti.ZoomIn)
        self.rotate_left_button = button("rotateLeftButton", "rotate_left", ti.ObjectRotateLeft)
        self.rotate_right_button = button("rotateRightButton", "rotate_right", ti.ObjectRotateRight)
        for tool in (self.fit_page_button, self.fit_width_button):
            tool.setCheckable(True)

        self.zoom_button = QToolButton()  # the percentage; a click shows the actual size
        self.zoom_button.setObjectName("zoomPercent")
        self.zoom_button.setAutoRaise(True)
        self.zoom_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.zoom_button.setToolTip(self.tr("Zoom; click for the actual size (100 %)"))
        widest = self.zoom_button.fontMetrics().horizontalAdvance(self._percent_text(888))
        self.zoom_button.setMinimumWidth(widest + 12)

        self.fit_page_button.clicked.connect(self.fit_page)
        self.fit_width_button.clicked.connect(self.fit_width)
        self.zoom_out_button.clicked.connect(self.zoom_out)
        self.zoom_in_button.clicked.connect(self.zoom_in)
        self.zoom_button.clicked.connect(self.actual_size)
        self.rotate_left_button.clicked.connect(self.rotate_left)
        self.rotate_right_button.clicked.connect(self.rotate_right)

        # Rotate left sits on the left in either direction: the arrows point at the
        # paper's own left and right, which the layout direction does not change.
        turns = QWidget()
        turns.setLayoutDirection(Qt.LayoutDirection.LeftToRight)
        turn_row = QHBoxLayout(turns)
        turn_row.setContentsMargins(0, 0, 0, 0)
        turn_row.setSpacing(0)
        turn_row.addWidget(self.rotate_left_button)
        turn_row.addWidget(self.rotate_right_button)

        self.tool_bar = QWidget()
        self.tool_bar.setObjectName("pageToolBar")
        row = QHBoxLayout(self.tool_bar)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(0)
        gap = self.style().pixelMetric(QStyle.PixelMetric.PM_ToolBarSeparatorExtent)
        row.addWidget(self.fit_page_button)
        row.addWidget(self.fit_width_button)
        row.addSpacing(gap)
        row.addWidget(self.zoom_out_button)
        row.addWidget(self.zoom_button)
        row.addWidget(self.zoom_in_button)
        row.addSpacing(gap)
        row.addWidget(turns)
        row.addStretch(1)

    def _build_shortcuts(self) -> None:
        """Window shortcuts owned by the viewer: active while it is shown, wherever the
        focus is in its window (the form's fields do not use these keys)."""
        plan: list[tuple[QToolButton, str, tuple[str, ...], Callable[[], None]]] = [
            (self.fit_page_button, self.tr("Fit the whole page"), ("Ctrl+0",), self.fit_page),
            (self.fit_width_button, self.tr("Fit the page width"), ("Ctrl+9",), self.fit_width),
            (self.zoom_out_button, self.tr("Zoom out"), ("Ctrl+-",), self.zoom_out),
            (self.zoom_in_button, self.tr("Zoom in"), ("Ctrl++", "Ctrl+="), self.zoom_in),
            (self.rotate_left_button, self.tr("Rotate left"), ("Ctrl+[",), self.rotate_left),
            (self.rotate_right_button, self.tr("Rotate right"), ("Ctrl+]",), self.rotate_right),
        ]
        self.shortcuts: list[QShortcut] = []
        for tool, text, keys, slot in plan:
            shortcut = QShortcut(self)
            shortcut.setKeys([key_sequence(key) for key in keys])
            shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
            shortcut.activated.connect(slot)
            self.shortcuts.append(shortcut)
            shown = key_sequence(keys[0]).toString(QKeySequence.SequenceFormat.NativeText)
            tool.setToolTip(f"{text} ({_FSI}{shown}{_PDI})")

    # ------------------------------------------------------------------ API

    def set_image(self, data: bytes | bytearray | QByteArray | QImage) -> bool:
        """Show a page; False (and a message in its place) if ``data`` is not an image.

        ``data`` is the file's bytes (PNG, JPEG, …) or a page already decoded (a ``QImage``,
        e.g. from ``decode_image`` in a worker thread). The fit mode (or the user's zoom)
        stays; the rotation starts again at 0.
        """
        image = prepare_image(data) if isinstance(data, QImage) else decode_image(data)
        if image is None:
            self._source = None
            self._canvas.set_page(None)
            self.message_label.setText(
                self.tr("This page cannot be shown: the file is damaged or is not an image.")
            )
            self._stack.setCurrentWidget(self.message_label)
            self._set_rotation_value(0)
            self._update_controls()
            return False
        self._source = image
        self._set_rotation_value(0)
        self._canvas.set_page(image, 0)
        self._stack.setCurrentWidget(self.area)
        self._relayout()
        self.area.scroll_to_start()
        self._update_controls()
        return True

    def clear(self) -> None:
        """No page (and no message); the fit mode stays for the next one."""
        self._source = None
        self._canvas.set_page(None)
        self._canvas.resize(1, 1)
        self.message_label.clear()
        self._stack.setCurrentWidget(self.area)
        self._set_rotation_value(0)
        self._update_controls()

    def has_image(self) -> bool:
        return self._source is not None

    def image_size(self) -> QSize:
        """The page's own size in pixels, upright (empty without a page)."""
        return QSize() if self._source is None else self._source.size()

    def displayed_size(self) -> QSize:
        """The size the page is shown at, rotation included (empty without a page)."""
        return QSize() if self._source is None else self._canvas.size()

    def shown_pixmap(self) -> QPixmap | None:
        """The scaled pixmap being shown (None without a page or above ``CACHE_PIXELS``)."""
        return self._canvas.cached_pixmap()

    def fit_mode(self) -> FitMode:
        return self._mode

    def zoom(self) -> float:
        return self._zoom

    def zoom_percent(self) -> int:
        return self._percent

    def rotation(self) -> int:
        """0, 90, 180 or 270: degrees clockwise, for the caller to store with the page."""
        return self._rotation

    def fit_page(self) -> None:
        self._set_mode(FitMode.PAGE)

    def fit_width(self) -> None:
        self._set_mode(FitMode.WIDTH)

    def zoom_in(self) -> None:
        self.set_zoom(self._zoom * ZOOM_STEP)

    def zoom_out(self) -> None:
        self.set_zoom(self._zoom / ZOOM_STEP)

    def actual_size(self) -> None:
        self.set_zoom(1.0)

    def set_zoom(self, zoom: float, anchor: QPointF | None = None) -> None:
        """Zoom to ``zoom`` (1.0 is 100 %, clamped to 10–800 %), keeping the point at
        ``anchor`` (viewport coordinates; the view's centre by default) where it is."""
        self._mode = FitMode.NONE
        self._zoom = _clamp_zoom(zoom)
        self._relayout(anchor=anchor)
        self._update_controls()

    def rotate_right(self) -> None:
        self.set_rotation(self._rotation + 90)

    def rotate_left(self) -> None:
        self.set_rotation(self._rotation - 90)

    def set_rotation(self, degrees: int) -> None:
        """Turn the view to ``degrees`` clockwise (a multiple of 90), keeping the part of the
        page at the view's centre there."""
        if degrees % 90:
            raise ValueError(f"rotation must be a multiple of 90 degrees, not {degrees}")
        degrees %= 360
        turn = (degrees - self._rotation) % 360
        if not turn:
            return
        centre = self._centre_fraction()
        self._set_rotation_value(degrees)
        if self._source is None:
            return
        self._canvas.set_rotation(degrees)
        fx, fy = centre
        for _ in range(turn // 90):  # a quarter turn clockwise moves (x, y) to (1 - y, x)
            fx, fy = 1 - fy, fx
        self._relayout(fraction=(fx, fy))

    # ------------------------------------------------------------------ layout

    def _set_mode(self, mode: FitMode) -> None:
        self._mode = mode
        self._relayout(fraction=(0.5, 0.0) if mode is FitMode.WIDTH else None)
        self._update_controls()

    def _oriented_size(self) -> QSize:
        assert self._source is not None
        size = self._source.size()
        return size.transposed() if self._rotation in (90, 270) else size

    def _fit_zoom(self) -> float:
        page = self._oriented_size()
        room = self.area.maximumViewportSize()  # the viewport without scroll bars
        if self._mode is FitMode.PAGE:
            return _clamp_zoom(min(room.width() / page.width(), room.height() / page.height()))
        zoom = room.width() / page.width()
        if _scaled_length(page.height(), zoom) > room.height():  # a vertical bar will show
            zoom = (room.width() - self._scroll_bar_extent()) / page.width()
        return _clamp_zoom(zoom)

    def _scroll_bar_extent(self) -> int:
        bar = self.area.verticalScrollBar()
        if self.area.style().styleHint(QStyle.StyleHint.SH_ScrollBar_Transient, None, bar):
            return 0  # an overlay bar takes no room
        return bar.sizeHint().width()

    def _centre_fraction(self) -> tuple[float, float]:
        viewport = self.area.viewport()
        return self._fraction_at(QPointF(viewport.width() / 2, viewport.height() / 2))

    def _fraction_at(self, point: QPointF) -> tuple[float, float]:
        """Where ``point`` (viewport coordinates) falls on the page, as fractions of it."""
        canvas = self._canvas
        fx = (point.x() - canvas.x()) / max(1, canvas.width())
        fy = (point.y() - canvas.y()) / max(1, canvas.height())
        return min(1.0, max(0.0, fx)), min(1.0, max(0.0, fy))

    def _relayout(
        self,
        anchor: QPointF | None = None,
        fraction: tuple[float, float] | None = None,
    ) -> None:
        """Size the canvas for the mode, zoom and rotation; then scroll so the page's point
        at ``fraction`` sits at ``anchor`` (both default to the view's centre)."""
        if self._source is None:
            return
        viewport = self.area.viewport()
        if anchor is None:
            anchor = QPointF(viewport.width() / 2, viewport.height() / 2)
        if fraction is None:
            fraction = self._fraction_at(anchor)
        if self._mode is not FitMode.NONE:
            self._zoom = self._fit_zoom()
        page = self._oriented_size()
        size = QSize(
            _scaled_length(page.width(), self._zoom), _scaled_length(page.height(), self._zoom)
        )
        self._canvas.resize(size)
        self.area.set_left_offset(round(fraction[0] * size.width() - anchor.x()))
        self.area.set_top_offset(round(fraction[1] * size.height() - anchor.y()))
        self.area.update_cursor()
        self._set_percent(round(self._zoom * 100))

    def _set_percent(self, percent: int) -> None:
        self.zoom_button.setText(self._percent_text(percent))
        if percent != self._percent:
            self._percent = percent
            self.zoom_changed.emit(percent)

    @staticmethod
    def _percent_text(percent: int) -> str:
        return f"{to_persian_digits(percent)}٪"

    def _set_rotation_value(self, degrees: int) -> None:
        if degrees != self._rotation:
            self._rotation = degrees
            self.rotation_changed.emit(degrees)

    def _update_controls(self) -> None:
        shown = self._source is not None
        for tool in (
            self.fit_page_button,
            self.fit_width_button,
            self.zoom_out_button,
            self.zoom_in_button,
            self.zoom_button,
            self.rotate_left_button,
            self.rotate_right_button,
        ):
            tool.setEnabled(shown)
        for shortcut in self.shortcuts:
            shortcut.setEnabled(shown)
        self.fit_page_button.setChecked(self._mode is FitMode.PAGE)
        self.fit_width_button.setChecked(self._mode is FitMode.WIDTH)
        self.zoom_out_button.setEnabled(shown and self._zoom > MIN_ZOOM + _EPSILON)
        self.zoom_in_button.setEnabled(shown and self._zoom < MAX_ZOOM - _EPSILON)
        if not shown:
            self.zoom_button.setText("")

    def _on_area_resized(self) -> None:
        if self._source is not None and self._mode is not FitMode.NONE:
            self._relayout()
            self._update_controls()

    def _on_wheel_zoom(self, notches: float, position: QPointF) -> None:
        if self._source is not None:
            self.set_zoom(self._zoom * ZOOM_STEP**notches, anchor=position)
