"""A list that, while it has no rows, says what to do next instead of showing an empty table.

``EmptyState(view, message)`` holds a list (a ``RecordTable`` or any item view) and a short
sentence ("No boxes yet. Press «Add box…» to add the first one."). It follows the view's
model: with no rows the sentence stands where the table was, and the table comes back with
the first row. A page whose advice depends on why the list is empty (no backup folder, or
no copy in it yet) changes the sentence with ``set_message``; an empty message leaves the
empty table on screen (a search that found nothing and says so elsewhere).
"""

from __future__ import annotations

from PySide6.QtCore import QAbstractItemModel, QSize, Qt, SignalInstance
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from ui.widgets import icons

__all__ = ["EmptyState"]

ICON_SIZE = 48
MESSAGE_WIDTH = 620  # a sentence read at a glance, not a line across the page


class EmptyState(QStackedWidget):
    """``view`` or, while its model has no rows, ``message`` (with the page's icon above)."""

    def __init__(
        self,
        view: QAbstractItemView,
        message: str,
        icon: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName(f"{view.objectName() or 'list'}Empty")
        self.view = view
        self.label = QLabel()
        self.label.setObjectName("emptyMessage")
        self.label.setProperty("role", "emptyState")
        self.label.setTextFormat(Qt.TextFormat.PlainText)
        self.label.setWordWrap(True)
        self.label.setMaximumWidth(MESSAGE_WIDTH)
        self.label.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        self.picture = QLabel()
        self.picture.setObjectName("emptyIcon")
        self.picture.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignBottom)
        if icon is not None:
            self.picture.setPixmap(
                icons.icon(icon).pixmap(QSize(ICON_SIZE, ICON_SIZE), QIcon.Mode.Disabled)
            )
        self.picture.setVisible(icon is not None)
        self.notice = QWidget()
        self.notice.setObjectName("emptyNotice")
        column = QVBoxLayout(self.notice)
        column.setContentsMargins(48, 24, 48, 24)
        column.addStretch(2)
        column.addWidget(self.picture)
        # Centred by stretches, not by an alignment: a word-wrapped label given an alignment
        # in its layout is laid out at its one-line size hint and loses its later lines.
        middle = QHBoxLayout()
        middle.addStretch(1)
        middle.addWidget(self.label, 100)
        middle.addStretch(1)
        column.addLayout(middle)
        column.addStretch(3)
        self.addWidget(view)
        self.addWidget(self.notice)
        self._message = ""
        self._model: QAbstractItemModel | None = None
        self.watch(view.model())
        self.set_message(message)

    def watch(self, model: QAbstractItemModel | None) -> None:
        """Follow ``model`` (the view's, or a model the view is given later)."""
        if self._model is not None:
            for signal in self._signals(self._model):
                signal.disconnect(self.update_state)
        self._model = model
        if model is not None:
            for signal in self._signals(model):
                signal.connect(self.update_state)
        self.update_state()

    @staticmethod
    def _signals(model: QAbstractItemModel) -> tuple[SignalInstance, ...]:
        return (model.modelReset, model.rowsInserted, model.rowsRemoved, model.layoutChanged)

    def message(self) -> str:
        return self._message

    def set_message(self, text: str) -> None:
        self._message = text
        self.label.setText(text)
        self.update_state()

    def showing_message(self) -> bool:
        """True while the sentence stands in place of the list."""
        return self.currentWidget() is self.notice

    def update_state(self, *_args: object) -> None:
        empty = self._model is None or self._model.rowCount() == 0
        wanted = self.notice if empty and self._message else self.view
        if self.currentWidget() is not wanted:
            self.setCurrentWidget(wanted)
