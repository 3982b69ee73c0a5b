"""The scanned-page viewer beside a form: fit, zoom, rotation, keys and mouse, bad files."""

from __future__ import annotations

import time
from collections.abc import Callable

import pytest
from PySide6.QtCore import (
    QBuffer,
    QCoreApplication,
    QIODevice,
    QPoint,
    QPointF,
    QRect,
    QSize,
    Qt,
)
from PySide6.QtGui import QColor, QFont, QImage, QPainter, QWheelEvent
from PySide6.QtWidgets import QApplication, QHBoxLayout, QLineEdit, QWidget

from app.persian import to_persian_digits
from ui.widgets.page_viewer import MAX_ZOOM, MIN_ZOOM, FitMode, PageViewer, decode_image

A4_200_DPI = QSize(1654, 2339)
CTRL = Qt.KeyboardModifier.ControlModifier
RED, BLUE = QColor("#ff0000"), QColor("#0000ff")
MARK = 160  # the coloured squares in two corners of the generated page


def make_page(size: QSize = A4_200_DPI, fmt: str = "PNG", title: str = "Page 1") -> bytes:
    """A white page with text, a red square top-left and a blue one bottom-right."""
    image = QImage(size, QImage.Format.Format_RGB32)
    image.fill(Qt.GlobalColor.white)
    painter = QPainter(image)
    font = QFont()
    font.setPixelSize(48)
    painter.setFont(font)
    painter.drawText(QRect(200, 60, size.width() - 400, 120), Qt.AlignmentFlag.AlignCenter, title)
    font.setPixelSize(28)
    painter.setFont(font)
    for line in range(40):
        painter.drawText(
            QRect(120, 260 + line * 48, size.width() - 240, 48),
            Qt.AlignmentFlag.AlignLeft,
            f"Line {line}: the complainant writes about the office, the date and the unit.",
        )
    painter.fillRect(0, 0, MARK, MARK, RED)
    painter.fillRect(size.width() - MARK, size.height() - MARK, MARK, MARK, BLUE)
    painter.end()
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    assert image.save(buffer, fmt)
    return bytes(buffer.data().data())


@pytest.fixture(scope="module")
def a4_png() -> bytes:
    return make_page()


@pytest.fixture(scope="module")
def a4_jpeg() -> bytes:
    return make_page(fmt="JPG", title="Page 2")


class Screen:
    """A window as the entry screen has it: a form's field beside the viewer."""

    def __init__(self, qtbot) -> None:
        self.window = QWidget()
        qtbot.addWidget(self.window)
        self.edit = QLineEdit()
        self.edit.setObjectName("formField")
        self.viewer = PageViewer()
        row = QHBoxLayout(self.window)
        row.addWidget(self.edit)
        row.addWidget(self.viewer, 1)
        self.window.resize(1000, 760)
        self.window.show()
        qtbot.waitExposed(self.window)
        self.window.activateWindow()
        qtbot.waitActive(self.window)
        self.edit.setFocus()
        settle()

    @property
    def canvas(self) -> QWidget:
        return self.viewer.area.widget()

    @property
    def viewport(self) -> QWidget:
        return self.viewer.area.viewport()


def settle() -> None:
    """Let the scroll area lay out its bars and viewport (queued in Qt)."""
    for _ in range(3):
        QApplication.processEvents()


@pytest.fixture
def screen(qtbot) -> Screen:
    return Screen(qtbot)


def canvas_pixel(screen: Screen, x: int, y: int) -> QColor:
    image = screen.canvas.grab().toImage()
    return image.pixelColor(x, y)


def near(colour: QColor, expected: QColor) -> bool:
    return all(
        abs(a - b) < 40 for a, b in zip(colour.getRgb()[:3], expected.getRgb()[:3], strict=True)
    )


def page_point_at(screen: Screen, point: QPointF) -> tuple[float, float]:
    """The page pixel (in the upright source) under ``point`` of the viewport."""
    canvas = screen.canvas
    scale = screen.viewer.image_size().width() / canvas.width()
    return (point.x() - canvas.x()) * scale, (point.y() - canvas.y()) * scale


def wheel(screen: Screen, at: QPointF, notches: int, modifiers: Qt.KeyboardModifier) -> None:
    """A mouse wheel turned over the page (sent where the scroll area receives it)."""
    event = QWheelEvent(
        at,
        QPointF(screen.viewport.mapToGlobal(at)),
        QPoint(),
        QPoint(0, 120 * notches),
        Qt.MouseButton.NoButton,
        modifiers,
        Qt.ScrollPhase.NoScrollPhase,
        False,
    )
    QApplication.sendEvent(screen.viewport, event)
    settle()


# --------------------------------------------------------------------------- fit


def test_fit_page_shows_the_whole_a4_page(screen: Screen, a4_png: bytes) -> None:
    viewer = screen.viewer
    assert viewer.set_image(a4_png)
    settle()

    assert viewer.fit_mode() is FitMode.PAGE
    assert viewer.image_size() == A4_200_DPI
    shown = viewer.displayed_size()
    viewport = screen.viewport.size()
    assert shown.width() <= viewport.width() and shown.height() <= viewport.height()
    # it fills the view in its tighter direction (a portrait page: the height)
    assert viewport.height() - shown.height() <= 1
    assert abs(shown.width() / shown.height() - 1654 / 2339) < 0.01
    assert not screen.viewer.area.horizontalScrollBar().isVisible()
    assert not screen.viewer.area.verticalScrollBar().isVisible()
    # the pixmap on screen is the scaled page, not the 1654×2339 source
    pixmap = viewer.shown_pixmap()
    assert pixmap is not None and pixmap.size() == shown
    assert viewer.zoom_percent() == round(shown.height() / 2339 * 100)
    assert viewer.zoom_button.text() == f"{to_persian_digits(viewer.zoom_percent())}٪"
    # the red square is top-left on screen too: the right-to-left layout does not mirror it
    assert viewer.isRightToLeft()
    assert near(canvas_pixel(screen, 3, 3), RED)
    assert near(canvas_pixel(screen, shown.width() - 3, shown.height() - 3), BLUE)
    assert near(canvas_pixel(screen, shown.width() - 3, 3), QColor("white"))


def test_fit_width_fills_the_width(screen: Screen, a4_png: bytes, qtbot) -> None:
    viewer = screen.viewer
    viewer.set_image(a4_png)
    settle()
    with qtbot.waitSignal(viewer.zoom_changed) as changed:
        viewer.fit_width()
    settle()

    area = viewer.area
    assert viewer.fit_mode() is FitMode.WIDTH
    assert viewer.fit_width_button.isChecked() and not viewer.fit_page_button.isChecked()
    assert viewer.displayed_size().width() == screen.viewport.width()
    assert area.verticalScrollBar().isVisible()  # the rest of the page is below
    assert area.horizontalScrollBar().maximum() == 0
    assert changed.args == [viewer.zoom_percent()]
    assert viewer.zoom_percent() == round(viewer.displayed_size().width() / 1654 * 100)


def test_fit_follows_the_window_size(screen: Screen, a4_png: bytes) -> None:
    viewer = screen.viewer
    viewer.set_image(a4_png)
    viewer.fit_width()
    settle()
    narrow = viewer.displayed_size().width()
    screen.window.resize(1200, 760)
    settle()
    assert viewer.displayed_size().width() == screen.viewport.width() > narrow


# --------------------------------------------------------------------------- zoom


def test_zoom_steps_change_the_percentage_and_the_pixmap(
    screen: Screen,
    a4_png: bytes,
    qtbot,
) -> None:
    viewer = screen.viewer
    viewer.set_image(a4_png)
    viewer.actual_size()
    assert viewer.zoom_percent() == 100
    assert viewer.fit_mode() is FitMode.NONE
    assert viewer.displayed_size() == A4_200_DPI
    pixmap = viewer.shown_pixmap()
    assert pixmap is not None and pixmap.size() == A4_200_DPI

    with qtbot.waitSignal(viewer.zoom_changed) as changed:
        viewer.zoom_in()
    assert changed.args == [125]
    assert viewer.zoom_button.text() == "۱۲۵٪"
    assert viewer.displayed_size() == QSize(2067, 2923)  # 1654 × 1.25, 2339 × 1.25
    pixmap = viewer.shown_pixmap()
    assert pixmap is not None and pixmap.size() == QSize(2067, 2923)

    viewer.zoom_out()
    viewer.zoom_out()
    assert viewer.zoom_percent() == 80
    assert viewer.displayed_size() == QSize(1323, 1871)


def test_zoom_stops_at_its_limits(screen: Screen, a4_png: bytes) -> None:
    viewer = screen.viewer
    viewer.set_image(a4_png)
    for _ in range(30):
        viewer.zoom_in()
    assert viewer.zoom() == MAX_ZOOM and viewer.zoom_percent() == 800
    assert viewer.displayed_size() == QSize(1654 * 8, 2339 * 8)
    assert not viewer.zoom_in_button.isEnabled()
    # far too big to cache (13232 × 18712 px, about 1 GB): painted straight from the page
    assert viewer.shown_pixmap() is None
    settle()
    screen.viewport.grab()  # paints without building the huge pixmap

    for _ in range(40):
        viewer.zoom_out()
    assert viewer.zoom() == MIN_ZOOM and viewer.zoom_percent() == 10
    assert viewer.displayed_size() == QSize(165, 233)
    assert not viewer.zoom_out_button.isEnabled()
    assert viewer.zoom_in_button.isEnabled()


def test_ctrl_wheel_zooms_around_the_cursor_and_the_wheel_scrolls(
    screen: Screen, a4_png: bytes
) -> None:
    viewer = screen.viewer
    viewer.set_image(a4_png)
    viewer.actual_size()
    settle()
    at = QPointF(200, 300)
    before = page_point_at(screen, at)

    wheel(screen, at, 1, CTRL)
    assert viewer.zoom_percent() == 125
    after = page_point_at(screen, at)
    assert abs(after[0] - before[0]) <= 2 and abs(after[1] - before[1]) <= 2

    wheel(screen, at, -2, CTRL)
    assert viewer.zoom_percent() == 80

    top = viewer.area.verticalScrollBar().value()
    wheel(screen, at, -1, Qt.KeyboardModifier.NoModifier)  # plain wheel: scroll down
    assert viewer.area.verticalScrollBar().value() > top
    assert viewer.zoom_percent() == 80


def test_scrolling_does_not_rescale(screen: Screen, a4_png: bytes) -> None:
    viewer = screen.viewer
    viewer.set_image(a4_png)
    viewer.actual_size()
    settle()
    screen.canvas.repaint()
    renders = screen.canvas.renders
    bar = viewer.area.verticalScrollBar()
    for value in (200, 600, 1000):
        bar.setValue(value)
        screen.canvas.repaint()
    assert screen.canvas.renders == renders
    viewer.zoom_in()
    screen.canvas.repaint()
    assert screen.canvas.renders == renders + 1


def test_dragging_pans_and_leaves_the_focus_in_the_form(
    screen: Screen,
    a4_png: bytes,
    qtbot,
) -> None:
    viewer = screen.viewer
    viewer.set_image(a4_png)
    viewer.actual_size()
    settle()
    area = viewer.area
    assert screen.canvas.cursor().shape() == Qt.CursorShape.OpenHandCursor
    left, top = area.left_offset(), area.top_offset()
    start = screen.canvas.mapFromGlobal(screen.viewport.mapToGlobal(QPoint(300, 400)))

    qtbot.mousePress(screen.canvas, Qt.MouseButton.LeftButton, pos=start)
    assert screen.canvas.cursor().shape() == Qt.CursorShape.ClosedHandCursor
    qtbot.mouseMove(screen.canvas, start + QPoint(-60, -150))
    qtbot.mouseRelease(screen.canvas, Qt.MouseButton.LeftButton, pos=start + QPoint(-60, -150))

    # the page follows the hand: moved left and up shows more of the right and the bottom
    assert area.top_offset() == top + 150
    assert area.left_offset() == left + 60
    assert screen.canvas.cursor().shape() == Qt.CursorShape.OpenHandCursor
    assert QApplication.focusWidget() is screen.edit


# --------------------------------------------------------------------------- rotation


def test_rotation_turns_the_view(screen: Screen, a4_png: bytes, qtbot) -> None:
    viewer = screen.viewer
    viewer.set_image(a4_png)
    viewer.set_zoom(0.25)
    assert viewer.displayed_size() == QSize(413, 584)

    with qtbot.waitSignal(viewer.rotation_changed) as turned:
        viewer.rotate_right()
    assert turned.args == [90]
    assert viewer.rotation() == 90
    assert viewer.displayed_size() == QSize(584, 413)
    pixmap = viewer.shown_pixmap()
    assert pixmap is not None and pixmap.size() == QSize(584, 413)
    settle()
    # turned clockwise: the page's top-left (red) corner is now top-right
    assert near(canvas_pixel(screen, 584 - 3, 3), RED)
    assert near(canvas_pixel(screen, 3, 413 - 3), BLUE)

    viewer.rotate_right()
    assert viewer.rotation() == 180
    assert viewer.displayed_size() == QSize(413, 584)
    viewer.rotate_left()
    viewer.rotate_left()
    viewer.rotate_left()
    assert viewer.rotation() == 270
    assert viewer.displayed_size() == QSize(584, 413)
    settle()
    assert near(canvas_pixel(screen, 3, 413 - 3), RED)
    assert viewer.zoom_percent() == 25  # turning keeps the user's zoom

    with pytest.raises(ValueError):
        viewer.set_rotation(45)


def test_rotation_in_fit_page_refits(screen: Screen, a4_png: bytes) -> None:
    viewer = screen.viewer
    viewer.set_image(a4_png)
    settle()
    upright = viewer.zoom_percent()
    viewer.rotate_left()
    settle()
    shown = viewer.displayed_size()
    assert shown.width() > shown.height()  # a landscape view of the page
    assert shown.width() <= screen.viewport.width()
    assert shown.height() <= screen.viewport.height()
    assert viewer.zoom_percent() != upright


# --------------------------------------------------------------------------- keys


def test_shortcuts_work_while_typing_in_the_form(screen: Screen, a4_png: bytes, qtbot) -> None:
    viewer, edit = screen.viewer, screen.edit
    viewer.set_image(a4_png)
    viewer.actual_size()
    assert QApplication.focusWidget() is edit

    qtbot.keyClicks(edit, "Ali ")
    qtbot.keyClick(edit, Qt.Key.Key_Equal, CTRL)
    assert viewer.zoom_percent() == 125
    qtbot.keyClick(edit, Qt.Key.Key_Plus, CTRL)
    assert viewer.zoom_percent() == 156
    qtbot.keyClick(edit, Qt.Key.Key_Minus, CTRL)
    qtbot.keyClick(edit, Qt.Key.Key_Minus, CTRL)
    assert viewer.zoom_percent() == 100

    qtbot.keyClick(edit, Qt.Key.Key_BracketRight, CTRL)
    assert viewer.rotation() == 90
    qtbot.keyClick(edit, Qt.Key.Key_BracketLeft, CTRL)
    qtbot.keyClick(edit, Qt.Key.Key_BracketLeft, CTRL)
    assert viewer.rotation() == 270

    qtbot.keyClick(edit, Qt.Key.Key_9, CTRL)
    assert viewer.fit_mode() is FitMode.WIDTH
    qtbot.keyClick(edit, Qt.Key.Key_0, CTRL)
    assert viewer.fit_mode() is FitMode.PAGE

    # the field kept the focus and every ordinary key (r, 0 and 9 too)
    qtbot.keyClicks(edit, "Reza 1409")
    assert edit.text() == "Ali Reza 1409"
    assert QApplication.focusWidget() is edit
    assert viewer.rotation() == 270


def test_shortcuts_sleep_without_a_page(screen: Screen, qtbot) -> None:
    viewer = screen.viewer
    assert not viewer.has_image()
    assert not any(shortcut.isEnabled() for shortcut in viewer.shortcuts)
    qtbot.keyClick(screen.edit, Qt.Key.Key_BracketRight, CTRL)
    assert viewer.rotation() == 0


def test_tool_bar_buttons_have_tooltips_and_take_no_focus(screen: Screen, a4_png: bytes) -> None:
    viewer = screen.viewer
    viewer.set_image(a4_png)
    buttons = (
        viewer.fit_page_button,
        viewer.fit_width_button,
        viewer.zoom_out_button,
        viewer.zoom_in_button,
        viewer.rotate_left_button,
        viewer.rotate_right_button,
    )
    for button in buttons:
        assert button.toolTip()
        assert not button.icon().isNull()
        assert button.focusPolicy() == Qt.FocusPolicy.NoFocus
        assert button.isEnabled()
    assert viewer.area.focusPolicy() == Qt.FocusPolicy.NoFocus
    # the tool bar is above the page
    assert viewer.tool_bar.geometry().bottom() < viewer.area.mapTo(viewer, QPoint(0, 0)).y()

    viewer.zoom_in_button.click()
    viewer.rotate_right_button.click()
    assert (viewer.fit_mode(), viewer.rotation()) == (FitMode.NONE, 90)
    viewer.zoom_button.click()  # the percentage: back to the actual size
    assert viewer.zoom_percent() == 100
    viewer.fit_page_button.click()
    assert viewer.fit_mode() is FitMode.PAGE and viewer.fit_page_button.isChecked()
    viewer.fit_page_button.click()  # clicking the checked mode keeps it
    assert viewer.fit_page_button.isChecked()


# --------------------------------------------------------------------------- pages


def test_bad_bytes_show_a_message(screen: Screen, a4_png: bytes) -> None:
    viewer = screen.viewer
    expected = QCoreApplication.translate(
        "PageViewer", "This page cannot be shown: the file is damaged or is not an image."
    )
    for bad in (b"", b"not an image at all", a4_png[:40]):
        assert viewer.set_image(bad) is False
        settle()
        assert not viewer.has_image()
        assert viewer.message_label.isVisible()
        assert viewer.message_label.text() == expected
        assert not viewer.area.isVisible()
        assert not viewer.zoom_in_button.isEnabled()

    assert viewer.set_image(a4_png) is True
    settle()
    assert viewer.area.isVisible() and not viewer.message_label.isVisible()
    assert viewer.zoom_in_button.isEnabled()

    viewer.clear()
    settle()
    assert not viewer.has_image() and viewer.shown_pixmap() is None
    assert not viewer.message_label.isVisible()


def test_the_fit_mode_stays_for_the_next_page(
    screen: Screen, a4_png: bytes, a4_jpeg: bytes
) -> None:
    viewer = screen.viewer
    viewer.set_image(a4_png)
    viewer.fit_width()
    viewer.rotate_right()
    viewer.area.verticalScrollBar().setValue(500)

    assert viewer.set_image(a4_jpeg)
    settle()
    assert viewer.fit_mode() is FitMode.WIDTH
    assert viewer.rotation() == 0  # a new page starts upright
    assert viewer.displayed_size().width() == screen.viewport.width()
    assert viewer.area.verticalScrollBar().value() == 0  # at the top
    assert viewer.area.horizontalScrollBar().value() == 0

    viewer.set_zoom(1.5)  # a zoom of the user's own stays too
    viewer.set_image(a4_png)
    assert viewer.fit_mode() is FitMode.NONE and viewer.zoom_percent() == 150

    viewer.fit_page()
    viewer.set_image(make_page(QSize(1200, 800), title="A landscape page"))
    settle()
    assert viewer.fit_mode() is FitMode.PAGE
    shown = viewer.displayed_size()
    assert screen.viewport.width() - shown.width() <= 1  # a landscape page: the width
    assert shown.height() <= screen.viewport.height()


def test_a_small_page_is_zoomed_in_to_fit(screen: Screen) -> None:
    viewer = screen.viewer
    assert viewer.set_image(make_page(QSize(300, 200), fmt="JPG"))
    settle()
    assert viewer.zoom_percent() > 100
    shown = viewer.displayed_size()
    assert shown.width() <= screen.viewport.width()


def test_a_decoded_page_is_shown_too(screen: Screen, a4_jpeg: bytes) -> None:
    """The caller may decode the next page ahead (in a worker) and hand over the QImage."""
    viewer = screen.viewer
    decoded = decode_image(a4_jpeg)
    assert decoded is not None and decoded.size() == A4_200_DPI
    assert viewer.set_image(decoded.convertToFormat(QImage.Format.Format_Grayscale8))
    settle()
    assert viewer.image_size() == A4_200_DPI
    corner = canvas_pixel(screen, 3, 3)  # the red square, in grey now
    assert corner.red() == corner.green() == corner.blue() < 128
    assert viewer.set_image(QImage()) is False
    assert viewer.message_label.isVisible()


@pytest.mark.parametrize("step", [lambda v: v.zoom_in(), lambda v: v.rotate_right()])
def test_no_page_no_effect(screen: Screen, step: Callable[[PageViewer], None]) -> None:
    viewer = screen.viewer
    step(viewer)
    assert not viewer.has_image()
    assert viewer.displayed_size() == QSize()


def test_switching_to_the_next_a4_page(
    screen: Screen,
    a4_png: bytes,
    a4_jpeg: bytes,
    record_property,
) -> None:
    """``set_image`` and the first paint of a 200-dpi A4 page, timed for the report (the
    budget for the next page is 150 ms; no timed assertion: machines differ)."""
    viewer = screen.viewer
    timings = []
    for data in (a4_png, a4_jpeg) * 3:
        started = time.perf_counter()
        assert viewer.set_image(data)
        screen.canvas.repaint()
        timings.append((time.perf_counter() - started) * 1000)
        assert viewer.image_size() == A4_200_DPI
        pixmap = viewer.shown_pixmap()
        assert pixmap is not None and pixmap.size() == viewer.displayed_size()
    record_property("next_page_ms", [round(t, 1) for t in timings])
    print(
        f"set_image + first paint of a 1654×2339 page: {', '.join(f'{t:.0f}' for t in timings)} ms"
    )
