"""The shipped user guide: every chapter the contents name is there, every picture a chapter
shows is there (and none is left over), the text is Persian, and the guide window opens it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from ui.guide import GUIDE_DIR, GuideWindow

CHAPTERS = ["clerk.md", "data-entry.md", "manager.md", "admin.md", "sync-operator.md"]
_LINK = re.compile(r"\]\(([^)#]+?)(?:#[^)]*)?\)")


def links(page: Path) -> set[str]:
    return {target for target in _LINK.findall(page.read_text(encoding="utf-8"))}


def test_the_contents_name_every_role_chapter() -> None:
    named = links(GUIDE_DIR / "index.md")
    assert set(CHAPTERS) <= named
    for target in named:
        if not target.startswith(("http:", "https:")):
            assert (GUIDE_DIR / target).is_file(), target


@pytest.mark.parametrize("chapter", ["index.md", *CHAPTERS])
def test_a_chapter_is_persian_and_its_links_and_pictures_exist(chapter: str) -> None:
    page = GUIDE_DIR / chapter
    text = page.read_text(encoding="utf-8")
    persian = len(re.findall(r"[\u0600-\u06ff]", text))
    assert persian > 0.5 * len(re.findall(r"[A-Za-z\u0600-\u06ff]", text))
    prose = re.sub(r"«[^»]*»", "", text)  # quoted letters may be the Arabic ones, on purpose
    assert "ي" not in prose and "ك" not in prose  # Persian ی and ک, not the Arabic letters
    for target in links(page):
        if not target.startswith(("http:", "https:")):
            assert (GUIDE_DIR / target).is_file(), f"{chapter}: {target}"


def test_every_picture_is_shown_somewhere() -> None:
    shown = set().union(*(links(GUIDE_DIR / name) for name in ["index.md", *CHAPTERS]))
    pictures = {f"images/{path.name}" for path in (GUIDE_DIR / "images").glob("*.png")}
    assert pictures and pictures <= shown


def test_the_guide_window_opens_the_shipped_guide(qtbot: QtBot) -> None:
    window = GuideWindow()
    qtbot.addWidget(window)
    assert window.browser.toPlainText().startswith("راهنمای کاربری دادرس")
    window.browser.setSource(window.browser.source().resolved("admin.md"))
    assert "پشتیبان" in window.browser.toPlainText()


def test_the_it_guide_is_there() -> None:
    text = (GUIDE_DIR.parent / "it-guide.md").read_text(encoding="utf-8")
    for topic in ("dadras backup", "postgresql://", "packaging/README.md"):
        assert topic in text


def _images(document) -> list[tuple[int, str]]:
    """(position, name) of every picture in the document."""
    found = []
    block = document.begin()
    while block.isValid():
        it = block.begin()
        while not it.atEnd():
            fragment = it.fragment()
            form = fragment.charFormat()
            if form.isImageFormat():
                found.append((fragment.position(), form.toImageFormat().name()))
            it += 1
        block = block.next()
    return found


def test_pictures_and_tables_sit_right_to_left(qtbot: QtBot) -> None:
    from PySide6.QtGui import QImage, QTextCursor, QTextTable

    window = GuideWindow()
    qtbot.addWidget(window)
    window.resize(900, 700)
    window.show()
    qtbot.waitExposed(window)
    browser = window.browser
    document = browser.document()
    right = document.textWidth() - document.documentMargin()

    (login,) = [(pos, name) for pos, name in _images(document) if name.endswith("/login.png")]
    width = QImage(str(GUIDE_DIR / "images" / "login.png")).width()
    assert width < right / 2  # a narrow picture: where it sits shows
    cursor = QTextCursor(document)
    edges = []
    for position in (login[0], login[0] + 1):
        cursor.setPosition(position)
        edges.append(browser.cursorRect(cursor).x() + browser.horizontalScrollBar().value())
    assert abs(max(edges) - min(edges) - width) <= 2
    assert min(edges) >= right - width - 4  # against the right margin, not the left

    tables = [
        frame for frame in document.rootFrame().childFrames() if isinstance(frame, QTextTable)
    ]
    keys = next(t for t in tables if t.cellAt(0, 1).firstCursorPosition().block().text() == "کلید")
    box = document.documentLayout().frameBoundingRect(keys)
    assert box.right() >= right - 2 and box.left() > right / 2  # a narrow table, at the right
    key = browser.cursorRect(keys.cellAt(0, 1).firstCursorPosition()).x()
    task = browser.cursorRect(keys.cellAt(0, 0).firstCursorPosition()).x()
    assert key > task  # «کلید» is read first: the rightmost column

    window.browser.setSource(window.browser.source().resolved("admin.md"))  # and every chapter
    block = window.browser.document().begin()
    while block.isValid():
        assert block.blockFormat().layoutDirection() == Qt.LayoutDirection.RightToLeft
        block = block.next()
