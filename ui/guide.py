"""The user guide (Help → User guide, F1): the Persian Markdown chapters shipped in
``resources/guide/fa``, read in a browser window with their screenshots. Links between
chapters open in the same window; back and forward work as in a web browser."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import QDialog, QHBoxLayout, QPushButton, QTextBrowser, QVBoxLayout, QWidget

import resources
from ui.widgets import icons

GUIDE_DIR = Path(resources.__file__).with_name("guide") / "fa"
INDEX = "index.md"


class GuideWindow(QDialog):
    def __init__(self, parent: QWidget | None = None, folder: Path = GUIDE_DIR) -> None:
        super().__init__(parent)
        self.setObjectName("guideWindow")
        self.setWindowTitle(self.tr("Dadras user guide"))
        self.setWindowFlag(Qt.WindowType.WindowMaximizeButtonHint, True)
        self.resize(900, 700)
        self.browser = QTextBrowser()
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
