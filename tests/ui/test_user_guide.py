"""The shipped user guide: every chapter the contents name is there, every picture a chapter
shows is there (and none is left over), the text is Persian, and the guide window opens it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
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
