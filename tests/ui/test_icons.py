"""The window's icons: one set, named by meaning, mirrored where they point along the line."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtGui import QColor, QGuiApplication, QIcon, QImage, QPainter
from PySide6.QtWidgets import QApplication, QStyle

import ui.main_window as main_window_module
from app.permissions import Role, Session
from ui.guide import GuideWindow
from ui.main_window import MainWindow
from ui.widgets import icons

SIZE = QSize(20, 20)


def picture(icon: QIcon, mode: QIcon.Mode = QIcon.Mode.Normal) -> QImage:
    return icon.pixmap(SIZE, 1.0, mode).toImage().convertToFormat(QImage.Format.Format_ARGB32)


def stock_pictures() -> list[QImage]:
    style = QApplication.style()
    return [
        picture(style.standardIcon(pixmap))
        for pixmap in QStyle.StandardPixmap
        if pixmap.value < QStyle.StandardPixmap.SP_CustomBase.value
    ]


def test_every_meaning_has_a_glyph_of_the_set() -> None:
    names = icons.glyph_names()
    assert len(names) > 5000  # the Material Design font was read, not an empty charmap
    missing = {meaning: g for meaning, g in icons.GLYPHS.items() if g not in names}
    assert missing == {}
    assert icons.MIRRORED.issubset(icons.GLYPHS.values())
    with pytest.raises(KeyError):
        icons.icon("no such meaning")


@pytest.mark.parametrize("role", [Role.ADMIN, Role.MANAGER])
def test_each_page_of_the_navigation_has_its_own_icon_from_the_set(
    qtbot, ui_context, session_for, role: Role
) -> None:
    window = MainWindow(ui_context(session_for(role)))
    qtbot.addWidget(window)
    stock = stock_pictures()
    seen: list[QImage] = []
    for row, spec in enumerate(window.specs):
        shown = window.navigation.item(row).icon()
        assert not shown.isNull(), spec.key
        image = picture(shown)
        assert image == picture(icons.icon(spec.key)), spec.key  # the page's own meaning
        assert image not in stock, spec.key  # not one of Qt's stock pixmaps
        assert image not in seen, spec.key  # no two pages look alike
        seen.append(image)
        assert window.page_actions[spec.key].icon().cacheKey() == shown.cacheKey()


def ink_in(image: QImage, rect: QRect) -> int:
    return sum(
        1
        for x in range(rect.left(), rect.right() + 1)
        for y in range(rect.top(), rect.bottom() + 1)
        if image.pixelColor(x, y).alpha() > 128
    )


@pytest.mark.parametrize("meaning", sorted(icons.GLYPHS))
def test_an_icon_painted_inside_a_row_is_drawn_inside_it(meaning: str) -> None:
    """A list paints its icons straight into the row, away from the origin (mirrored ones
    once landed outside the row and were not seen), not through a pixmap."""
    image = QImage(200, 60, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    row = QRect(150, 30, 20, 20)
    painter = QPainter(image)
    icons.icon(meaning).paint(painter, row)
    painter.end()
    inside = ink_in(image, row)
    assert inside > 20, meaning
    assert ink_in(image, image.rect()) == inside, meaning  # nothing drawn outside the row


def test_the_navigation_shows_every_icon_on_screen(qtbot, ui_context, session_for) -> None:
    window = MainWindow(ui_context(session_for(Role.MANAGER)))
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    qtbot.waitExposed(window)
    shot = window.navigation.viewport().grab().toImage()
    blue = QColor(icons.COLOR)
    for row in range(window.navigation.count()):
        if window.navigation.currentRow() == row:
            continue  # white on the selected row's blue
        rect = window.navigation.visualItemRect(window.navigation.item(row))
        icon_side = QRect(rect.right() - 40, rect.top(), 40, rect.height())  # on the right
        drawn = sum(
            1
            for x in range(icon_side.left(), icon_side.right() + 1)
            for y in range(icon_side.top(), icon_side.bottom() + 1)
            if shot.pixelColor(x, y) == blue
        )
        assert drawn > 15, window.specs[row].key


def test_every_page_names_a_meaning_of_the_set(qtbot) -> None:
    window = MainWindow()
    qtbot.addWidget(window)
    for spec in window._every_spec:
        assert spec.icon in icons.GLYPHS, spec.key
    meanings = [spec.icon for spec in window._every_spec]
    glyphs = [icons.GLYPHS[m] for m in meanings]
    assert len(set(glyphs)) == len(glyphs)  # fourteen pages, fourteen pictures


def test_the_selected_page_is_drawn_white_on_the_blue_row(
    qtbot, ui_context, admin: Session
) -> None:
    icon = icons.icon("boxes")
    normal, selected = picture(icon), picture(icon, QIcon.Mode.Selected)
    assert normal != selected
    opaque = [
        selected.pixelColor(x, y)
        for x in range(SIZE.width())
        for y in range(SIZE.height())
        if selected.pixelColor(x, y).alpha() == 255
    ]
    assert opaque and all(c.name() == "#ffffff" for c in opaque)
    window = MainWindow(ui_context(admin))
    qtbot.addWidget(window)
    assert window.navigation.iconSize() == SIZE


def difference(one: QImage, other: QImage) -> int:
    """How far apart two pictures are: the sum of their pixels' differences in coverage."""
    return sum(
        abs(one.pixelColor(x, y).alpha() - other.pixelColor(x, y).alpha())
        for x in range(one.width())
        for y in range(one.height())
    )


def points_right(image: QImage) -> bool:
    """An arrow's head is its tallest part: in an arrow pointing right it is right of centre."""
    columns = [
        sum(1 for y in range(image.height()) if image.pixelColor(x, y).alpha() > 128)
        for x in range(image.width())
    ]
    inked = [x for x, count in enumerate(columns) if count]
    tallest = max(inked, key=lambda x: columns[x])
    return tallest > (inked[0] + inked[-1]) / 2


def test_arrows_along_the_line_are_mirrored_right_to_left() -> None:
    rtl_back, rtl_print = picture(icons.icon("back")), picture(icons.icon("print"))
    QGuiApplication.setLayoutDirection(Qt.LayoutDirection.LeftToRight)
    try:
        ltr_back, ltr_print = picture(icons.icon("back")), picture(icons.icon("print"))
    finally:
        QGuiApplication.setLayoutDirection(Qt.LayoutDirection.RightToLeft)
    assert points_right(rtl_back) and not points_right(ltr_back)  # "back" is to the right
    # The same glyph turned over (drawn through a mirroring transform, so not pixel-exact).
    flipped = ltr_back.flipped(Qt.Orientation.Horizontal)
    assert difference(rtl_back, flipped) * 10 < difference(rtl_back, ltr_back)
    assert rtl_print == ltr_print  # a printer has no direction


def test_the_guide_window_back_button_points_right(qtbot) -> None:
    window = GuideWindow()
    qtbot.addWidget(window)
    assert points_right(picture(window.back_button.icon(), QIcon.Mode.Disabled))


def test_icons_wait_for_the_first_request(monkeypatch: pytest.MonkeyPatch) -> None:
    """Importing the main window loads no font; building its navigation does."""
    monkeypatch.setattr(icons, "_font", None)
    monkeypatch.setattr(icons, "_cache", {})
    assert main_window_module.icons is icons
    assert icons._font is None
    icons.icon("print")
    assert icons._font is not None


def test_without_its_font_the_window_works_without_icons(
    qtbot, ui_context, admin: Session, monkeypatch: pytest.MonkeyPatch, caplog
) -> None:
    from qtawesome import iconic_font

    def damaged(*_fonts: object) -> None:
        raise FileNotFoundError("materialdesignicons6-webfont-6.9.96.ttf")

    monkeypatch.setattr(icons, "_font", None)
    monkeypatch.setattr(icons, "_cache", {})
    monkeypatch.setattr(iconic_font, "IconicFont", damaged)
    window = MainWindow(ui_context(admin))
    qtbot.addWidget(window)
    assert window.navigation.count() == len(window.specs)
    assert window.navigation.item(0).icon().isNull()
    # The reason goes to the log (the Windows app has no console), with its traceback.
    (record,) = [r for r in caplog.records if r.name == "ui.widgets.icons"]
    assert record.levelname == "WARNING" and record.exc_info is not None


def test_the_icons_load_on_a_step_of_their_own_while_the_password_is_typed(
    qtbot, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Loading qtawesome takes a moment: not in the same pass of the event loop as the
    code before it or the window after it, so typing in the login dialog stays smooth."""
    from ui import application

    monkeypatch.setattr(icons, "_font", None)
    monkeypatch.setattr(icons, "_cache", {})
    warm = application.WarmUp()
    warm._next()  # the code
    assert icons._font is None and warm.window is None
    warm._next()  # the icons
    assert icons._font and warm.window is None
    warm._next()  # the holidays of the calendar
    assert warm.window is None
    warm._next()  # the window, its icons ready
    window = warm.take_window()
    assert window is not None
    qtbot.addWidget(window)
