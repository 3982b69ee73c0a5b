"""Tables of records: a model that holds rows, and a view that shows them (architecture: The
window).

Every list in the window is one of these, never a ``QTableWidget`` filled cell by cell: a
table widget with columns sized to their contents measures its whole column again for each
cell written, so filling it costs the square of its rows (500 letters took 46 s).

- ``RowsModel`` holds a short list (users, backups, a complaint's referrals) and replaces it
  in one step; it sorts in memory when a column says how.
- ``PagedModel`` holds the rows of a query read so far and asks the service for the next
  page (keyset paging, ``app.paging``) when the view scrolls near the end, through Qt's
  ``canFetchMore``/``fetchMore``; a click on a header orders the query, not the rows.
- ``RecordTable`` is the view: rows selected whole, one at a time; column widths set from
  the header and a sample of the first rows (a paged list's once, a short list's at each
  reload, only growing), never measured per cell; a reload keeps
  the selected record selected. A cell's text that does not fit is elided, and only then
  does hovering it show the whole text (a column's own tooltip always shows).
- ``TitleHeader`` draws the column titles: a title may have two lines (``"\n"``); a line
  wider than its column is cut with «…» (measured in the bold it is drawn in), never clipped
  at both ends, and the whole title is the header's tooltip.

A column's text, tooltip and colours come from the row when the view paints it, so only
the rows on screen cost anything.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from PySide6.QtCore import (
    QAbstractTableModel,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QRect,
    Qt,
    Signal,
)
from PySide6.QtGui import (
    QBrush,
    QFont,
    QFontMetrics,
    QHelpEvent,
    QPainter,
    QResizeEvent,
    QShowEvent,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionHeaderV2,
    QStyleOptionViewItem,
    QTableView,
    QToolTip,
    QWidget,
)

from app.paging import Sort

__all__ = [
    "ID_ROLE",
    "Cell",
    "CellStyle",
    "Column",
    "PagedModel",
    "RecordTable",
    "RowsModel",
    "TitleHeader",
]

T = TypeVar("T")
ID_ROLE = Qt.ItemDataRole.UserRole
PAGE_SIZE = 50  # rows read at a time: three screens of a 1366×768 window
SAMPLE_ROWS = 40  # rows measured when the columns are first sized
CELL_PADDING = 24  # the delegate's margins, the grid line and some air
MIN_WIDTH = 70
NARROWEST = 40  # the least any column may be given (a column's own minimum is above it)
MAX_WIDTH = 360
STRETCH_MIN = 220  # the stretching column (a subject) keeps room to be read
SHORT_COLUMN = 150  # codes, dates and numbers: never narrowed to make room

_Index = QModelIndex | QPersistentModelIndex
_STRETCH = QHeaderView.ResizeMode.Stretch


@dataclass(frozen=True)
class CellStyle:
    """How a row (or one of its cells) is dressed; None leaves the palette's default."""

    foreground: QBrush | None = None
    background: QBrush | None = None
    strike_out: bool = False
    bold: bool = False


@dataclass(frozen=True)
class Column(Generic[T]):
    """One column: its title, the text a row shows in it, and how it sorts.

    ``sort_key`` names the order for the service (a ``PagedModel``); ``sort_value`` orders
    a ``RowsModel`` in memory. A column with neither does not sort.
    """

    title: str
    text: Callable[[T], str]
    sort_key: str | None = None
    sort_value: Callable[[T], Any] | None = None
    tooltip: Callable[[T], str] | None = None
    max_width: int = MAX_WIDTH
    centred: bool = False  # numbers stand in the middle of their column
    min_width: int = MIN_WIDTH

    @property
    def sortable(self) -> bool:
        return self.sort_key is not None or self.sort_value is not None


class RowsModel(QAbstractTableModel, Generic[T]):
    """Rows of records shown in ``columns``; ``id_of`` names each row's record."""

    fetchFailed = Signal(object)  # the exception a fetch raised, for the page to show

    def __init__(
        self,
        columns: Sequence[Column[T]],
        id_of: Callable[[T], int],
        *,
        style: Callable[[T, int], CellStyle | None] | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.columns = list(columns)
        self._id_of = id_of
        self._style = style
        self._rows: list[T] = []
        self._fonts: dict[tuple[bool, bool], QFont] = {}

    # ------------------------------------------------------------------ the rows

    def set_rows(self, rows: Sequence[T]) -> None:
        """Replace every row in one step (one reset, not a row at a time)."""
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def set_table(
        self,
        columns: Sequence[Column[T]],
        rows: Sequence[T],
        style: Callable[[T, int], CellStyle | None] | None = None,
    ) -> None:
        """Replace the columns, rows and colours together (a report's table), in one step."""
        self.beginResetModel()
        self.columns = list(columns)
        self._rows = list(rows)
        self._style = style
        self.endResetModel()

    def rows(self) -> list[T]:
        return list(self._rows)

    def row_at(self, row: int) -> T:
        return self._rows[row]

    def id_at(self, row: int) -> int:
        return self._id_of(self._rows[row])

    def row_of(self, record_id: int) -> int | None:
        """The row showing record ``record_id``, among the rows read so far."""
        for row, record in enumerate(self._rows):
            if self._id_of(record) == record_id:
                return row
        return None

    def record(self, record_id: int | None) -> T | None:
        row = self.row_of(record_id) if record_id is not None else None
        return self._rows[row] if row is not None else None

    def reload(self) -> None:
        """Read the rows again (a ``RowsModel`` is given its rows: nothing to read)."""

    def total_known(self) -> bool:
        """True when every row is here (nothing more to fetch)."""
        return True

    # ------------------------------------------------------------------ sorting

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        key = self.columns[column].sort_value if 0 <= column < len(self.columns) else None
        if key is None:
            return
        self.layoutAboutToBeChanged.emit()
        self._rows.sort(key=key, reverse=order == Qt.SortOrder.DescendingOrder)
        self.layoutChanged.emit()

    # ------------------------------------------------------------------ the model

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(self.columns):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self.columns[section].title
        if role == Qt.ItemDataRole.ToolTipRole:  # the whole title, a cut one too
            return " ".join(self.columns[section].title.split())
        return None

    def flags(self, index: _Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        record = self._rows[index.row()]
        column = self.columns[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return column.text(record)
        if role == Qt.ItemDataRole.ToolTipRole:
            return column.tooltip(record) if column.tooltip else column.text(record)
        if role == ID_ROLE:
            return self._id_of(record)
        if role == Qt.ItemDataRole.TextAlignmentRole and column.centred:
            return Qt.AlignmentFlag.AlignCenter
        if role in _STYLE_ROLES and self._style is not None:
            return self._styled(self._style(record, index.column()), role)
        return None

    def _styled(self, style: CellStyle | None, role: int) -> Any:
        if style is None:
            return None
        if role == Qt.ItemDataRole.ForegroundRole:
            return style.foreground
        if role == Qt.ItemDataRole.BackgroundRole:
            return style.background
        if role == Qt.ItemDataRole.FontRole and (style.strike_out or style.bold):
            key = (style.strike_out, style.bold)
            if key not in self._fonts:
                font = QFont()
                font.setStrikeOut(style.strike_out)
                font.setBold(style.bold)
                self._fonts[key] = font
            return self._fonts[key]
        return None


_STYLE_ROLES = (
    Qt.ItemDataRole.ForegroundRole,
    Qt.ItemDataRole.BackgroundRole,
    Qt.ItemDataRole.FontRole,
)

Fetch = Callable[[Sort, T | None, int], Sequence[T]]


class PagedModel(RowsModel[T]):
    """The rows of a query, read a page at a time as the view needs them.

    ``fetch(sort, after, limit)`` returns up to ``limit`` records in ``sort`` order after
    the record ``after`` (None: the first page). ``reload`` reads the first page again and
    replaces the rows in one step.
    """

    def __init__(
        self,
        columns: Sequence[Column[T]],
        id_of: Callable[[T], int],
        fetch: Fetch[T],
        sort: Sort,
        *,
        style: Callable[[T, int], CellStyle | None] | None = None,
        page_size: int = PAGE_SIZE,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(columns, id_of, style=style, parent=parent)
        self._fetch = fetch
        self.order = sort
        self.page_size = page_size
        self._exhausted = True

    def reload(self) -> None:
        rows = list(self._fetch(self.order, None, self.page_size))
        self._exhausted = len(rows) < self.page_size
        self.set_rows(rows)

    def clear(self) -> None:
        self._exhausted = True
        self.set_rows([])

    def total_known(self) -> bool:
        return self._exhausted

    def canFetchMore(self, parent: _Index = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and not self._exhausted

    def fetchMore(self, parent: _Index = QModelIndex()) -> None:  # noqa: B008
        if parent.isValid() or self._exhausted or not self._rows:
            return
        try:
            rows = list(self._fetch(self.order, self._rows[-1], self.page_size))
        except Exception as exc:  # called by the view: nothing may escape into Qt
            self._exhausted = True
            self.fetchFailed.emit(exc)
            return
        self._exhausted = len(rows) < self.page_size
        if rows:
            first = len(self._rows)
            self.beginInsertRows(QModelIndex(), first, first + len(rows) - 1)
            self._rows.extend(rows)
            self.endInsertRows()

    def fetch_through(self, record_id: int, pages: int = 5) -> int | None:
        """Read up to ``pages`` more pages looking for ``record_id``; its row, or None."""
        row = self.row_of(record_id)
        while row is None and pages > 0 and self.canFetchMore():
            before = len(self._rows)
            self.fetchMore()
            row = next(
                (i for i in range(before, len(self._rows)) if self.id_at(i) == record_id), None
            )
            pages -= 1
        return row

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        key = self.columns[column].sort_key if 0 <= column < len(self.columns) else None
        if key is None:
            return
        wanted = Sort(key, order == Qt.SortOrder.DescendingOrder)
        if wanted == self.order:
            return
        self.order = wanted
        try:
            self.reload()
        except Exception as exc:
            self.clear()
            self.fetchFailed.emit(exc)


# --------------------------------------------------------------------------- the view


class Cell:
    """What one cell of a ``RecordTable`` shows: its text, tooltip and colours."""

    def __init__(self, index: QModelIndex) -> None:
        self.index = index

    def text(self) -> str:
        return str(self.index.data(Qt.ItemDataRole.DisplayRole) or "")

    def toolTip(self) -> str:  # the QTableWidgetItem name, for readers of cells
        return str(self.index.data(Qt.ItemDataRole.ToolTipRole) or "")

    def foreground(self) -> QBrush:
        return _brush(self.index.data(Qt.ItemDataRole.ForegroundRole))

    def background(self) -> QBrush:
        return _brush(self.index.data(Qt.ItemDataRole.BackgroundRole))

    def font(self) -> QFont:
        value = self.index.data(Qt.ItemDataRole.FontRole)
        return value if isinstance(value, QFont) else QFont()

    def data(self, role: int) -> Any:
        return self.index.data(role)


def _brush(value: object) -> QBrush:
    return value if isinstance(value, QBrush) else QBrush()


def _fitted(widths: dict[int, int], floors: dict[int, int], budget: int) -> dict[int, int]:
    """``widths`` with every column wider than one level cut down to it (or its floor), the
    level the highest at which the columns fit in ``budget``."""

    def total(level: int) -> int:
        return sum(min(w, max(level, floors[c])) for c, w in widths.items())

    if not widths or total(max(widths.values())) <= budget:
        return widths
    low, high = 0, max(widths.values())
    while low < high:
        middle = (low + high + 1) // 2
        low, high = (middle, high) if total(middle) <= budget else (low, middle - 1)
    return {c: min(w, max(low, floors[c])) for c, w in widths.items()}


class TitleHeader(QHeaderView):
    """Column titles, each line cut with «…» when its column is narrower.

    Qt's own header does not elide at all (its mode is ``ElideNone``): a title wider than
    its column is centred and clipped at both ends; and when asked to elide, it measures in
    the header's regular font while the style sheet draws bold, so the cut text still
    overflows, and a title's two lines become one. Here each line is elided in bold before
    the style draws it.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(Qt.Orientation.Horizontal, parent)
        self.setSectionsClickable(True)  # as a table view's own header is
        self.setHighlightSections(True)

    def shown_lines(self, logical: int) -> list[str]:
        """The lines of a column's title as drawn at its width (cut with «…» if need be)."""
        option = QStyleOptionHeaderV2()
        self.initStyleOption(option)
        self.initStyleOptionForIndex(option, logical)
        option.rect = QRect(0, 0, self.sectionSize(logical), self.height())
        return self._elided(option)

    def _elided(self, option: QStyleOptionHeaderV2) -> list[str]:
        label = self.style().subElementRect(QStyle.SubElement.SE_HeaderLabel, option, self)
        bold = QFont(self.font())  # as the style sheet draws titles, and Qt sizes them
        bold.setBold(True)
        metrics = QFontMetrics(bold)
        room = label.width()
        return [
            metrics.elidedText(line, Qt.TextElideMode.ElideRight, room)
            for line in option.text.split("\n")
        ]

    def paintSection(self, painter: QPainter, rect: QRect, logical: int) -> None:
        if not rect.isValid():
            return
        option = QStyleOptionHeaderV2()
        self.initStyleOption(option)
        self.initStyleOptionForIndex(option, logical)
        option.rect = rect
        option.text = "\n".join(self._elided(option))
        option.textElideMode = Qt.TextElideMode.ElideNone  # done above, in the right font
        origin = painter.brushOrigin()
        self.style().drawControl(QStyle.ControlElement.CE_Header, option, painter, self)
        painter.setBrushOrigin(origin)


class _CellDelegate(QStyledItemDelegate):
    """Qt's own delegate, but a cell's tooltip shows only when it tells more than the cell
    (asked only on a hover: painting stays in C++)."""

    def helpEvent(
        self,
        event: QHelpEvent,
        view: QAbstractItemView,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> bool:
        if (
            event.type() == QEvent.Type.ToolTip
            and isinstance(view, RecordTable)
            and isinstance(index, QModelIndex)
            and not view.tells_more(index)
        ):
            QToolTip.hideText()  # the cell shows all its text: nothing to add
            event.ignore()
            return True
        return bool(super().helpEvent(event, view, option, index))


class RecordTable(QTableView):
    """A table of records: whole rows selected one at a time, widths set once, and the
    selected record kept across reloads. ``selectionChanged`` says the chosen record may
    have changed (for enabling buttons)."""

    recordChanged = Signal()
    cellClicked = Signal(int, int)  # row, column, as QTableWidget names them
    cellDoubleClicked = Signal(int, int)

    def __init__(
        self,
        model: RowsModel[Any],
        object_name: str,
        *,
        stretch_column: int | None = None,
        scroll_before_squeezing: bool = False,
        sort_column: int | None = None,
        sort_order: Qt.SortOrder = Qt.SortOrder.AscendingOrder,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName(object_name)
        self.setHorizontalHeader(TitleHeader(self))
        self.setItemDelegate(_CellDelegate(self))
        self.setModel(model)
        self._model = model
        self._stretch = stretch_column
        # When even the narrowed columns leave the stretching one less than STRETCH_MIN: it
        # keeps that much and the table scrolls sideways (a report's many columns), rather
        # than being squeezed (a short list in a narrow box).
        self._scroll_before_squeezing = scroll_before_squeezing
        self._sized = False
        self._natural: dict[int, int] = {}  # each column's width from its title and sample
        self._sampled = 0  # the rows the widths were measured from
        self._fitting = False
        self._user_sized = False
        self._sized_columns = model.columnCount()
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setAlternatingRowColors(True)
        self.setWordWrap(False)
        self.setTabKeyNavigation(False)
        self.verticalHeader().setVisible(False)
        self.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 10)
        header = self.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(False)
        header.setMinimumSectionSize(NARROWEST)
        if stretch_column is not None:
            header.setSectionResizeMode(stretch_column, QHeaderView.ResizeMode.Stretch)
        self._sort_column = -1
        if sort_column is not None and any(c.sortable for c in model.columns):
            header.setSortIndicator(sort_column, sort_order)
            self._sort_column, self._sort_order = sort_column, sort_order
            self.setSortingEnabled(True)
            header.sortIndicatorChanged.connect(self._on_sort_indicator)
        model.modelReset.connect(self._on_reset)
        header.sectionResized.connect(self._on_section_resized)
        self.selectionModel().selectionChanged.connect(self.recordChanged)
        self.clicked.connect(self._on_clicked)
        self.doubleClicked.connect(self._on_double_clicked)

    # ------------------------------------------------------------------ records

    def records_model(self) -> RowsModel[Any]:
        return self._model

    def selected_id(self) -> int | None:
        rows = self.selectionModel().selectedRows()
        if not rows:
            return None
        return self._model.id_at(rows[0].row())

    def selected(self) -> Any:
        record_id = self.selected_id()
        return self._model.record(record_id) if record_id is not None else None

    def select_id(self, record_id: int | None) -> bool:
        """Select the row of ``record_id`` (reading a few more pages if need be)."""
        if record_id is None:
            return False
        model = self._model
        row = model.fetch_through(record_id) if isinstance(model, PagedModel) else None
        row = row if row is not None else model.row_of(record_id)
        if row is None:
            return False
        self.select_row(row)
        return True

    def select_row(self, row: int) -> None:
        # Not QTableView.selectRow: in right-to-left layout it looks for the column at
        # x == viewport width, finds none, and leaves no current index.
        index = self._model.index(row, 0)
        self.setCurrentIndex(index)
        self.scrollTo(index)

    def reload(self, *, select_first: bool = True) -> None:
        """Read the rows again, keeping the selected record selected (or the first row)."""
        chosen = self.selected_id()
        self._model.reload()
        self.restore_selection(chosen, select_first=select_first)

    def restore_selection(self, chosen: int | None, *, select_first: bool = True) -> None:
        if not self.select_id(chosen) and select_first and self._model.rowCount():
            self.select_row(0)
        self.recordChanged.emit()

    def _on_clicked(self, index: QModelIndex) -> None:
        self.cellClicked.emit(index.row(), index.column())

    def _on_double_clicked(self, index: QModelIndex) -> None:
        self.cellDoubleClicked.emit(index.row(), index.column())

    # ------------------------------------------------------------------ reading cells

    def rowCount(self) -> int:  # as QTableWidget names it
        return self._model.rowCount()

    def columnCount(self) -> int:
        return self._model.columnCount()

    def header_text(self, column: int) -> str:
        return str(self._model.headerData(column, Qt.Orientation.Horizontal) or "")

    def item(self, row: int, column: int) -> Cell | None:
        index = self._model.index(row, column)
        return Cell(index) if index.isValid() else None

    def currentRow(self) -> int:  # as QTableWidget names it
        index = self.currentIndex()
        return index.row() if index.isValid() else -1

    def setCurrentCell(self, row: int, column: int) -> None:
        index = self._model.index(row, column)
        if index.isValid():
            self.setCurrentIndex(index)

    # ------------------------------------------------------------------ widths

    def _on_reset(self) -> None:
        columns = self._model.columnCount()
        if self._sized_columns != columns:  # a report's table may change its columns
            self._sized = False
            self._natural.clear()
            self._sampled = 0
            self._sized_columns = columns
            if self._stretch is not None and self._stretch < columns:
                mode = QHeaderView.ResizeMode.Stretch
                self.horizontalHeader().setSectionResizeMode(self._stretch, mode)
        # A short list first sized from fewer rows than a sample (a complaint's letters) is
        # measured again as rows come: a letter added later must not have its number cut.
        # A paged list, or one sized from a whole sample, keeps its widths.
        short = isinstance(self._model, RowsModel) and not isinstance(self._model, PagedModel)
        rows = self._model.rowCount()
        grown = short and self._sampled < min(rows, SAMPLE_ROWS)
        if rows and (grown or not self._sized):
            self.size_columns()

    def size_columns(self) -> None:
        """Each column as wide as its title and the widest of the first rows; a column only
        grows (rows paged in later never resize it: the text is elided, the tooltip has it
        whole)."""
        self._sized = True
        header = self.horizontalHeader()
        metrics = self.fontMetrics()
        sample = min(self._model.rowCount(), SAMPLE_ROWS)
        self._sampled = sample
        for column, spec in enumerate(self._model.columns):
            if column == self._stretch:
                continue
            widest = max(
                (
                    metrics.horizontalAdvance(str(self._model.index(row, column).data() or ""))
                    for row in range(sample)
                ),
                default=0,
            )
            width = max(header.sectionSizeHint(column), widest + CELL_PADDING)
            width = max(spec.min_width, min(spec.max_width, width))
            self._natural[column] = max(width, self._natural.get(column, 0))
        self.fit_columns()

    def fit_columns(self) -> None:
        """Give each column its natural width, narrowing the widest (never below their
        titles) so that the stretching column keeps room to be read instead of a sliver and
        a horizontal scroll bar; short columns (codes, dates, numbers) keep their width.
        Done again as the table is resized, until the user sizes a column by hand."""
        if self._user_sized or not self._natural:
            return
        widths = dict(self._natural)
        available = self.viewport().width()
        header = self.horizontalHeader()
        crowded = False
        if self._stretch is not None and self.isVisible() and available > 0:
            floors = {
                c: w
                if w <= SHORT_COLUMN
                else max(self._model.columns[c].min_width, header.sectionSizeHint(c))
                for c, w in widths.items()
            }
            widths = _fitted(widths, floors, available - STRETCH_MIN)
            crowded = (
                self._scroll_before_squeezing and sum(widths.values()) + STRETCH_MIN > available
            )
        self._fitting = True
        try:
            for column, width in widths.items():
                header.resizeSection(column, width)
            stretch = self._stretch
            if stretch is not None and stretch < self._model.columnCount():
                # Too many columns even so: the stretching one keeps room to be read and the
                # table scrolls sideways, if asked, rather than squeezing it to a sliver.
                mode = QHeaderView.ResizeMode.Interactive if crowded else _STRETCH
                if header.sectionResizeMode(stretch) != mode:
                    header.setSectionResizeMode(stretch, mode)
                if crowded:
                    header.resizeSection(stretch, STRETCH_MIN)
        finally:
            self._fitting = False

    def _on_section_resized(self, column: int, _old: int, _new: int) -> None:
        if not self._fitting and column != self._stretch and self._natural:
            self._user_sized = True  # the user's widths stay

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.fit_columns()

    def tells_more(self, index: QModelIndex) -> bool:
        """True when the cell's tooltip tells more than the cell shows: the column has a
        tooltip of its own, or the text is wider than the cell and elided."""
        columns = self._model.columns
        if 0 <= index.column() < len(columns) and columns[index.column()].tooltip is not None:
            return True
        text = str(index.data(Qt.ItemDataRole.DisplayRole) or "")
        font = index.data(Qt.ItemDataRole.FontRole)
        metrics = QFontMetrics(font) if isinstance(font, QFont) else self.fontMetrics()
        room = self.visualRect(index).width() - CELL_PADDING // 2
        return metrics.horizontalAdvance(text) > room

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.fit_columns()

    # ------------------------------------------------------------------ sorting

    def _on_sort_indicator(self, column: int, order: Qt.SortOrder) -> None:
        if self._model.columns[column].sortable:
            self._sort_column, self._sort_order = column, order
            return
        header = self.horizontalHeader()  # a column that does not sort keeps no indicator
        blocked = header.blockSignals(True)
        header.setSortIndicator(self._sort_column, self._sort_order)
        header.blockSignals(blocked)
