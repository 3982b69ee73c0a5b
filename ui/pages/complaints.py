"""Finding complaints: one search line and a lazily filled table (architecture: Who uses it; The
window).

The clerk answers "what happened to my complaint?" by typing whatever the citizen has: a
tracking code, a national code, a mobile number, a name or some words, in any digit script
and with Arabic or Persian letters; ``app.lookup.parse_query`` decides which it is.

``ComplaintsModel`` holds only the rows fetched so far and asks the service for the next
page (keyset paging on the id, newest first) when the view scrolls near the end, the way
Anki's browser table and Qt's ``canFetchMore``/``fetchMore`` protocol work.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app import jalali, lookup
from app.errors import DadrasError, InvalidTrackingCode
from app.lookup import ComplaintRow, Query
from app.permissions import Action, Session, allowed
from app.persian import grouped_number, to_persian_digits
from app.tracking import format_tracking_code
from app.vocabulary import KIND_LABELS, STATUS_LABELS, Identity
from ui.context import UiContext
from ui.errors import ERROR_COLOR, show_error
from ui.pages.complaint_detail import ComplaintDetailDialog, show_detail
from ui.widgets.background import FollowingCount
from ui.widgets.columns import FittedColumns, Flexible
from ui.widgets.empty_state import EmptyState

__all__ = ["ComplaintsModel", "ComplaintsPage"]

SEARCH_DELAY_MS = 400
ID_ROLE = Qt.ItemDataRole.UserRole

_Index = QModelIndex | QPersistentModelIndex


class ComplaintsModel(QAbstractTableModel):
    """The complaints matching a query, fetched a page at a time as the view needs them."""

    COLUMNS = (
        "tracking_code",
        "received_on",
        "kind",
        "complainant",
        "unit",
        "category",
        "subject",
        "status",
    )

    fetchFailed = Signal(object)  # the exception, for the page to show

    def __init__(
        self, session: Session, parent: QObject | None = None, page_size: int = lookup.PAGE_SIZE
    ) -> None:
        super().__init__(parent)
        self._session = session
        self._page_size = page_size
        self._query = Query()
        self._rows: list[ComplaintRow] = []
        self._exhausted = True
        self._searched = False  # no query read yet: nothing is known about the rows
        self._headers = (
            self.tr("Tracking code"),
            self.tr("Received on"),
            self.tr("Kind"),
            self.tr("Complainant"),
            self.tr("Unit"),
            self.tr("Category"),
            self.tr("Subject"),
            self.tr("Status"),
        )

    # ------------------------------------------------------------------ searching

    def set_query(self, query: Query) -> None:
        """Start over with ``query`` and read its first page (a search's errors are raised
        here); the view asks for the rest through ``fetchMore``."""
        rows = lookup.page(self._session, query, None, self._page_size)
        self._searched = True
        self._remove_all()
        self._query = query
        self._exhausted = len(rows) < self._page_size
        self._append(rows)

    def searched(self) -> bool:
        """True once a search has been read (or has failed and left the list empty)."""
        return self._searched

    def total_known(self) -> bool:
        """True when every matching row has been read (the count is the row count); not
        before the first search has been read."""
        return self._exhausted and self._searched

    def replace_row(self, row: ComplaintRow) -> None:
        """Show a complaint as it is now (after an action in its window), where it stands."""
        for i, shown in enumerate(self._rows):
            if shown.id == row.id:
                self._rows[i] = row
                last = self.columnCount() - 1
                self.dataChanged.emit(self.index(i, 0), self.index(i, last))
                return

    def clear(self) -> None:
        self._remove_all()
        self._exhausted = self._searched = True

    def _remove_all(self) -> None:
        # Removing rows, rather than resetting the model, keeps the column widths the user set.
        if self._rows:
            self.beginRemoveRows(QModelIndex(), 0, len(self._rows) - 1)
            self._rows = []
            self.endRemoveRows()

    @property
    def query(self) -> Query:
        return self._query

    def row_at(self, row: int) -> ComplaintRow:
        return self._rows[row]

    # ------------------------------------------------------------------ lazy loading

    def canFetchMore(self, parent: _Index = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and not self._exhausted

    def fetchMore(self, parent: _Index = QModelIndex()) -> None:  # noqa: B008
        if parent.isValid() or self._exhausted:
            return
        before = self._rows[-1].id if self._rows else None
        try:
            rows = lookup.page(self._session, self._query, before, self._page_size)
        except Exception as exc:  # called by the view: nothing may escape into Qt
            self._exhausted = True
            self.fetchFailed.emit(exc)
            return
        if len(rows) < self._page_size:
            self._exhausted = True
        self._append(rows)

    def _append(self, rows: list[ComplaintRow]) -> None:
        if not rows:
            return
        first = len(self._rows)
        self.beginInsertRows(QModelIndex(), first, first + len(rows) - 1)
        self._rows.extend(rows)
        self.endInsertRows()

    # ------------------------------------------------------------------ the model

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self._headers[section]
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        row = self._rows[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return self._text(row, self.COLUMNS[index.column()])
        if role == ID_ROLE:
            return row.id
        return None

    def flags(self, index: _Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def _text(self, row: ComplaintRow, column: str) -> str:
        if column == "tracking_code":
            return to_persian_digits(format_tracking_code(row.tracking_code))
        if column == "received_on":
            return jalali.format_date(row.received_on)
        if column == "kind":
            return KIND_LABELS[row.kind]
        if column == "complainant":
            return self.complainant_text(row)
        if column == "status":
            return STATUS_LABELS[row.status]
        return str(getattr(row, column))

    def complainant_text(self, row: ComplaintRow) -> str:
        if row.identity == Identity.ANONYMOUS:
            return self.tr("Anonymous")
        if row.complainant is None:
            return self.tr("Confidential")
        return row.complainant


def column(name: str) -> int:
    return ComplaintsModel.COLUMNS.index(name)


def _code_samples() -> list[str]:
    """Tracking codes made of each digit: the widest is as wide as any code can be."""
    return [to_persian_digits(format_tracking_code(digit * 13)) for digit in "0123456789"]


def _date_samples() -> list[str]:
    return [to_persian_digits(f"{d * 4}/{d * 2}/{d * 2}") for d in "0123456789"]


class _SearchEdit(QLineEdit):
    """The search line; Down moves into the results so the keyboard never has to leave."""

    downPressed = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Down and not event.modifiers():
            self.downPressed.emit()
            return
        super().keyPressEvent(event)


class ComplaintsPage(QWidget):
    """Search box, count and the complaints table; Enter or a double click opens one."""

    counted = Signal()  # the count of the complaints found is on screen

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("complaintsPage")
        self.ctx = ctx
        self._dialogs: list[ComplaintDetailDialog] = []

        self.search_edit = _SearchEdit()
        self.search_edit.setObjectName("searchEdit")
        self.search_edit.setClearButtonEnabled(True)
        self.search_edit.setPlaceholderText(
            self.tr("Tracking code, national code, mobile, form number, name or words")
        )
        self.count_label = QLabel()
        self.count_label.setObjectName("countLabel")
        self.count_label.setTextFormat(Qt.TextFormat.PlainText)

        self.model = ComplaintsModel(ctx.session, self)
        # The complaints found, counted after each search.
        self.counter = FollowingCount(self._show_count, self._total_text, self)
        self.counter.counted.connect(self.counted)
        self.table = QTableView()
        self.table.setObjectName("complaintsTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.setTabKeyNavigation(False)
        self.table.verticalHeader().setVisible(False)
        self.columns = FittedColumns(
            self.table,
            fixed={
                column("tracking_code"): _code_samples(),
                column("received_on"): _date_samples(),
                column("kind"): KIND_LABELS.values(),
                column("status"): STATUS_LABELS.values(),
            },
            flexible={
                column("complainant"): Flexible(minimum=75, maximum=200),
                column("unit"): Flexible(minimum=75, maximum=260),
                column("category"): Flexible(minimum=75, maximum=220),
            },
            stretch=column("subject"),
            stretch_size=Flexible(minimum=110, maximum=420),
        )

        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(SEARCH_DELAY_MS)

        # In place of an empty table: what to do next (nothing is said before the first search).
        self.empty_state = EmptyState(self.table, "", "complaints")

        top = QHBoxLayout()
        top.addWidget(self.search_edit, 1)
        top.addWidget(self.count_label)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.empty_state, 1)

        self.search_edit.returnPressed.connect(self.search)
        self.search_edit.textEdited.connect(self._debounce.start)
        self.search_edit.downPressed.connect(self._focus_table)
        self._debounce.timeout.connect(self.search)
        self.table.activated.connect(self.open_index)
        # Queued: fetchMore runs inside the view's own event handling; report afterwards.
        self.model.fetchFailed.connect(self._on_fetch_failed, Qt.ConnectionType.QueuedConnection)

        # The first rows are read on the event loop's next turn: the page paints at once
        # and its rows follow, rather than the window waiting for both in one go.
        QTimer.singleShot(0, self, self._first_search)

    def _first_search(self) -> None:
        if not self.model.searched():  # unless a search has been asked for meanwhile
            self.search()

    # ------------------------------------------------------------------ searching

    def search(self) -> None:
        """Run what is in the search line now (Enter, or a pause while typing)."""
        self._debounce.stop()
        self.counter.forget()  # a count still on its way is for the search before
        self.empty_state.set_message("")  # a failed search says why in the count's place
        try:
            query = lookup.parse_query(self.search_edit.text())
        except InvalidTrackingCode as exc:
            self.model.clear()
            self._show_count(exc.message, error=True)
            return
        try:
            self.model.set_query(query)
        except DadrasError as exc:
            self.model.clear()
            self._show_count(exc.message, error=True)
            return
        except Exception as exc:
            self.model.clear()
            self._show_count("", error=False)
            show_error(self, exc)
            return
        self.empty_state.set_message(self._empty_text())
        if self.model.total_known():  # one page holds them all: no need to count
            self._show_total(self.model.rowCount())
        else:
            self._count(query)
        if self.model.rowCount():
            self._select_first()
            self.table.scrollToTop()

    def _count(self, query: Query) -> None:
        """Count the matches on a worker thread: a common word is found in a large share of
        a large office's complaints, and the rows need not wait for the figure."""
        session = self.ctx.session
        self.counter.start(lambda: lookup.count(session, query), self.tr("Counting…"))

    def counting(self) -> bool:
        """True while a count is on its way."""
        return self.counter.busy()

    def _show_total(self, total: int) -> None:
        self._show_count(self._total_text(total), error=False)

    def _total_text(self, total: object) -> str:
        count = total if isinstance(total, int) else 0  # the count the background query made
        if count == 0:
            return self.tr("No complaints found")
        return self.tr("%1 complaints found").replace("%1", grouped_number(count))

    def _empty_text(self) -> str:
        """What to do next when a search finds nothing: the first complaint, or another search."""
        if self.search_edit.text().strip():
            return self.tr(
                "No complaint matches this search. Check the tracking code or the spelling, or "
                "search by another detail: national code, mobile, form number or name."
            )
        session = self.ctx.session
        if allowed(session, Action.REGISTER_COMPLAINT):
            text = self.tr(
                "No complaint has been registered in this office yet. Register the first one on "
                "the «Register complaint» page (%1)."
            ).replace("%1", "\u2066Ctrl+N\u2069")
            if allowed(session, Action.ENTER_SCANS):
                text += " " + self.tr(
                    "The forms from the complaint boxes are entered on the «Box openings» page."
                )
            return text
        return self.tr(
            "No complaint has been registered in this office yet. Complaints appear here as "
            "soon as the front desk registers them."
        )

    def refresh(self) -> None:
        """Search again with the same text (after a registration or an edit elsewhere)."""
        self.search()

    def focus_search(self) -> None:
        self.search_edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search_edit.selectAll()

    def _show_count(self, text: str, error: bool) -> None:
        self.count_label.setText(text)
        self.count_label.setStyleSheet(f"color: {ERROR_COLOR};" if error else "")

    def _focus_table(self) -> None:
        if self.model.rowCount():
            self.table.setFocus(Qt.FocusReason.OtherFocusReason)
            if not self.table.currentIndex().isValid():
                self._select_first()

    def _select_first(self) -> None:
        # Not QTableView.selectRow: in right-to-left layout it looks for the column at
        # x == viewport width, finds none, and leaves no current index, so Enter opens nothing.
        self.table.setCurrentIndex(self.model.index(0, 0))

    def _on_fetch_failed(self, exc: BaseException) -> None:
        show_error(self, exc)

    # ------------------------------------------------------------------ opening one

    def open_index(self, index: QModelIndex) -> None:
        if index.isValid():
            self.open_complaint(self.model.row_at(index.row()).id)

    def open_complaint(self, complaint_id: int) -> ComplaintDetailDialog | None:
        """Show the complaint's details in a window of its own (several may be open)."""
        try:
            detail = lookup.detail(self.ctx.session, complaint_id)
        except Exception as exc:
            show_error(self, exc)
            return None
        dialog = show_detail(self, self.ctx, detail, self._dialogs)
        dialog.changed.connect(self._complaint_changed)
        return dialog

    def _complaint_changed(self, complaint_id: int) -> None:
        """A referral, a closing, …: the list shows the complaint's new status at once."""
        for dialog in self._dialogs:
            if dialog.detail.row.id == complaint_id:
                self.model.replace_row(dialog.detail.row)
                return

    def open_dialogs(self) -> list[ComplaintDetailDialog]:
        return list(self._dialogs)
