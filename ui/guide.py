"""The user guide (Help → User guide, F1): the Persian Markdown chapters shipped in
``resources/guide/fa``, read in a browser window with their screenshots. Links between
chapters open in the same window; back and forward work as in a web browser.

Qt's Markdown reader leaves every paragraph to find its own direction, so a paragraph that
holds only a picture (no letters) runs left to right and its picture sits on the left, and
tables stand on the left. Each chapter is therefore set right to left once it is read: every
paragraph's direction, and every table aligned to the right. Qt lays a table's columns out
left to right whatever its direction, so the chapters write a table's columns in reverse
(the first column read is the last one written): on screen they read from the right.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QTextCursor, QTextDocument, QTextFrame, QTextTable
from PySide6.QtWidgets import QDialog, QHBoxLayout, QPushButton, QTextBrowser, QVBoxLayout, QWidget

import resources
from ui.screen_fit import fit_to_screen
from ui.widgets import icons

GUIDE_DIR = Path(resources.__file__).with_name("guide") / "fa"
INDEX = "index.md"


def right_to_left(document: QTextDocument) -> None:
    """Every paragraph (a picture's too) right to left, every table at the right."""
    option = document.defaultTextOption()
    option.setTextDirection(Qt.LayoutDirection.RightToLeft)
    document.setDefaultTextOption(option)
    cursor = QTextCursor(document)
    cursor.beginEditBlock()
    block = document.begin()
    while block.isValid():
        form = block.blockFormat()
        if form.layoutDirection() != Qt.LayoutDirection.RightToLeft:
            form.setLayoutDirection(Qt.LayoutDirection.RightToLeft)
            cursor.setPosition(block.position())
            cursor.setBlockFormat(form)
        block = block.next()
    for table in _tables(document.rootFrame()):
        table_format = table.format()
        table_format.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignAbsolute)
        table.setFormat(table_format)
    cursor.endEditBlock()
    document.setModified(False)


def _tables(frame: QTextFrame) -> list[QTextTable]:
    found: list[QTextTable] = []
    for child in frame.childFrames():
        if isinstance(child, QTextTable):
            found.append(child)
        found.extend(_tables(child))
    return found


class GuideBrowser(QTextBrowser):
    """A browser that sets each chapter right to left as it opens (links, back, forward)."""

    def doSetSource(
        self,
        name: QUrl | str,
        /,
        type: QTextDocument.ResourceType = QTextDocument.ResourceType.UnknownResource,
    ) -> None:
        super().doSetSource(name, type)
        right_to_left(self.document())


class GuideWindow(QDialog):
    def __init__(self, parent: QWidget | None = None, folder: Path = GUIDE_DIR) -> None:
        super().__init__(parent)
        fit_to_screen(self)
        self.setObjectName("guideWindow")
        self.setWindowTitle(self.tr("Dadras user guide"))
        self.setWindowFlag(Qt.WindowType.WindowMaximizeButtonHint, True)
        self.resize(900, 700)
        self.browser = GuideBrowser()
        self.browser.setObjectName("guideBrowser")
        self.browser.setOpenExternalLinks(True)
        self.browser.setLayoutDirection(Qt.LayoutDirection.RightToLeft)
        self.back_button = QPushButton(self.tr("Back"))
        self.back_button.setObjectName("backButton")
        self.back_button.setIcon(icons.icon("back"))
        self.contents_button = QPushButton(self.tr("Contents"))
        self.contents_button.setObjectName("contentsButton")
        self.contents_button.setIcon(icons.icon("contents"))
        self.back_button.clicked.connect(self.browser.backward)
        self.browser.backwardAvailable.connect(self.back_button.setEnabled)
        self.back_button.setEnabled(False)
        self.contents_button.clicked.connect(self.show_contents)
        buttons = QHBoxLayout()
        buttons.addWidget(self.contents_button)
        buttons.addWidget(self.back_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(buttons)
        layout.addWidget(self.browser, 1)
        self.index = folder / INDEX
        self.show_contents()

    def show_contents(self) -> None:
        if not self.index.is_file():
            self.browser.setPlainText(
                self.tr("The user guide was not found. Reinstalling Dadras brings it back.")
            )
            return
        self.browser.setSource(
            QUrl.fromLocalFile(str(self.index)), QTextDocument.ResourceType.MarkdownResource
        )
