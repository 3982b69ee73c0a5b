"""Column widths that follow the table's width, so every column stays on screen (architecture: The
window).

A list page must show all its columns from the smallest window (960 × 600) up: a column
pushed off the side is a column the clerk never sees. ``FittedColumns`` sizes them each time
the view changes width or a new result arrives:

- *fixed* columns (a code, a date, a status) hold text from a known set; they get the width
  of the widest possible text and never shrink;
- *flexible* columns (names) get the width of what the visible rows hold, between a minimum
  and a maximum, and shrink toward the minimum when the view is narrow;
- the *stretch* column (the subject) takes what is left; it counts its own content (up to
  its maximum) when space is shared out, so it is not squeezed by the names.

Text that does not fit is elided (the full text is in the tooltip). A column the user
resizes by hand keeps the width given to it. Only when even the minimums do not fit does
the table scroll sideways.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QHeaderView, QTableView

__all__ = ["FittedColumns", "Flexible"]

CELL_PADDING = 20  # the delegate's margins, the grid line and some air
SAMPLE_ROWS = 40  # rows measured for the widths: about two screens' worth


@dataclass(frozen=True)
class Flexible:
    minimum: int
    maximum: int


class FittedColumns(QObject):
    """Keeps ``view``'s column widths fitted to its width (see the module's description)."""

    def __init__(
        self,
        view: QTableView,
        fixed: dict[int, Iterable[str]],
        flexible: dict[int, Flexible],
        stretch: int,
        stretch_size: Flexible,
    ) -> None:
        super().__init__(view)
        self._view = view
        self._fixed_texts = {column: list(texts) for column, texts in fixed.items()}
        self._flexible = flexible
        self._stretch, self._stretch_size = stretch, stretch_size
        self._manual: set[int] = set()
        self._fitting = False
        # What each flexible column's rows need, measured once per result: a resize of the
        # window shares the room again without reading every cell again.
        self._content: dict[int, int] = {}
        header = view.horizontalHeader()
        # A sample of rows, not every row read so far: widths are set for what is on screen
        # and do not change as more pages arrive.
        header.setResizeContentsPrecision(SAMPLE_ROWS)
        header.setStretchLastSection(False)
        header.setMinimumSectionSize(min(f.minimum for f in [*flexible.values(), stretch_size]))
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
        header.sectionResized.connect(self._on_section_resized)
        self._viewport = view.viewport()
        self._viewport.installEventFilter(self)
        model = view.model()
        model.modelReset.connect(self._refit)
        model.rowsInserted.connect(self._on_rows_inserted)
        self.fit()

    def fixed_width(self, column: int) -> int:
        metrics = self._view.fontMetrics()
        texts = self._fixed_texts[column]
        content = max((metrics.horizontalAdvance(t) for t in texts), default=0)
        return max(self._view.horizontalHeader().sectionSizeHint(column), content + CELL_PADDING)

    def wanted_width(self, column: int, size: Flexible) -> int:
        """What the header and the first rows need, between the column's bounds."""
        if column not in self._content:
            self._content[column] = self._view.sizeHintForColumn(column)
        content = max(
            self._view.horizontalHeader().sectionSizeHint(column),
            self._content[column] + CELL_PADDING // 2,
        )
        return max(size.minimum, min(size.maximum, content))

    def _refit(self) -> None:
        self._content.clear()
        self.fit()

    def fit(self) -> None:
        header = self._view.horizontalHeader()
        available = self._view.viewport().width()
        taken = 0
        for column in self._fixed_texts:
            width = header.sectionSize(column) if column in self._manual else None
            if width is None:
                width = self.fixed_width(column)
                self._resize(column, width)
            taken += width
        flexible = {c: s for c, s in self._flexible.items() if c not in self._manual}
        taken += sum(header.sectionSize(c) for c in self._flexible if c in self._manual)
        wanted = {c: self.wanted_width(c, s) for c, s in flexible.items()}
        minimums = {c: s.minimum for c, s in flexible.items()}
        # The stretch column shares the room like a flexible one; Qt then gives it the rest.
        stretch_wanted = self.wanted_width(self._stretch, self._stretch_size)
        room = available - taken
        spare = room - self._stretch_size.minimum - sum(minimums.values())
        extra = sum(wanted.values()) - sum(minimums.values())
        extra += stretch_wanted - self._stretch_size.minimum
        share = 1.0 if extra <= 0 else max(0.0, min(1.0, spare / extra))
        for column in flexible:
            self._resize(
                column, round(minimums[column] + (wanted[column] - minimums[column]) * share)
            )

    def _resize(self, column: int, width: int) -> None:
        self._fitting = True
        try:
            self._view.horizontalHeader().resizeSection(column, width)
        finally:
            self._fitting = False

    def _on_rows_inserted(self, _parent: object, first: int, _last: int) -> None:
        if first == 0:  # a new result: fit it; later pages (scrolling) leave widths alone
            self._refit()

    def _on_section_resized(self, column: int, _old: int, _new: int) -> None:
        if not self._fitting and column != self._stretch:
            self._manual.add(column)  # the user dragged it: leave it as they set it

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # The type first: other events arrive while the view is being destroyed.
        if event.type() == QEvent.Type.Resize and watched is self._viewport:
            self.fit()
        return super().eventFilter(watched, event)
