"""Reports: the dashboard, the unit scorecard and the heat maps, over one filter.

The filter row picks a Jalali period (this month, last month, this year or a custom range)
and optionally a unit, category, channel, kind and status; "Show" (or Enter) computes the
figures on a worker thread. Every figure opens the complaints behind it in a list, which
opens each complaint. Any report exports to Excel, CSV or a PDF on the office letterhead.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar

from PySide6.QtCore import QCoreApplication, Qt, QTimer, Signal
from PySide6.QtGui import QBrush, QColor, QFontMetricsF, QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app import jalali, lookup
from app.errors import DadrasError
from app.lookup import ComplaintRow
from app.permissions import Session
from app.persian import grouped_number, to_persian_digits
from app.reports import figures, tables, tabular
from app.reports.central import CentralSnapshot
from app.reports.charts import month_bars, two_lines
from app.reports.figures import Count, Dashboard, Drill, Figure, Grouping, HeatMap, UnitScore
from app.reports.filters import PERIOD_LABELS, Period, ReportFilter, period_range
from app.reports.output import CENTRAL_LETTERHEAD, office_letterhead, write_report
from app.reports.source import OFFICE, ReportSource
from app.reports.tabular import ReportTable, display_value
from app.vocabulary import (
    CHANNEL_LABELS,
    KIND_LABELS,
    STATUS_LABELS,
)
from ui.application import app_font
from ui.context import UiContext
from ui.errors import guarded, guarded_slot, show_error
from ui.pages.admin_common import button, heading
from ui.screen_fit import fit_to_screen
from ui.widgets import file_dialog
from ui.widgets.background import WorkTask, run_with_progress
from ui.widgets.charts import CountsChart
from ui.widgets.jalali_date import JalaliDateEdit
from ui.widgets.record_table import MAX_WIDTH, MIN_WIDTH, CellStyle, Column, RecordTable, RowsModel

__all__ = ["CentralDialog", "DrillDialog", "ReportsPage", "save_table"]


FIRST_COMPUTE_MS = 250  # after the page's first paint, before the user looks for figures


def run_report(
    parent: QWidget, work: Callable[[], object], done: Callable[[object], None]
) -> WorkTask:
    """Start ``work``; the caller keeps the returned task until ``done`` runs."""
    text = QCoreApplication.translate("ReportsPage", "Computing the report…")
    return run_with_progress(parent, text, work, done, name="reportProgress")


def save_table(
    parent: QWidget, ctx: UiContext, table: ReportTable, source: ReportSource = OFFICE
) -> Path | None:
    """Ask where and in which format, and write the table there."""
    path_text, chosen = file_dialog.save_file_name(
        parent,
        QCoreApplication.translate("ReportsPage", "Save the report"),
        table.title,
        QCoreApplication.translate(
            "ReportsPage", "Excel workbook (*.xlsx);;CSV for Excel (*.csv);;PDF (*.pdf)"
        ),
    )
    if not path_text:
        return None
    path = Path(path_text)
    if not path.suffix:
        path = path.with_suffix("." + chosen.split("*.")[-1].rstrip(")"))
    write_table(ctx, table, path, source)
    return path


def write_table(
    ctx: UiContext, table: ReportTable, path: Path, source: ReportSource = OFFICE
) -> None:
    """Write the table; a PDF goes on the office's letterhead, or central's."""
    letterhead = (CENTRAL_LETTERHEAD, None) if source.has_offices else office_letterhead()
    write_report(table, path, letterhead)


# A report's row on screen: its place in the table, and its values.
ReportRow = tuple[int, tuple[object, ...]]
CellPaint = Callable[[ReportRow, int], CellStyle | None]


def report_view(
    object_name: str, columns: Sequence[tabular.Column] = (), stretch_column: int | None = None
) -> RecordTable:
    """An empty report table showing ``columns``' titles until its figures arrive."""
    model: RowsModel[ReportRow] = RowsModel(_report_columns(columns), lambda row: row[0])
    return RecordTable(
        model, object_name, stretch_column=stretch_column, scroll_before_squeezing=True
    )


def fill_table(view: RecordTable, table: ReportTable, paint: CellPaint | None = None) -> None:
    """Show a ReportTable as the user reads it (Persian digits, numbers centred), in one step."""
    view.records_model().set_table(
        _report_columns(table.columns), list(enumerate(table.rows)), style=paint
    )


_NUMBER_MIN_WIDTH = 48  # a count of a few digits: its title, on two lines, sets the width
_NUMBER_MAX_WIDTH = 150  # a longer title (a category's name over the heat map) is cut: «…»


def _report_columns(columns: Sequence[tabular.Column]) -> list[Column[ReportRow]]:
    """Numbers compact, centred under titles on two lines; names keep one line each."""
    return [
        Column(
            _title(spec),
            functools.partial(_cell_text, i, spec.kind),
            centred=spec.kind.numeric,
            min_width=_NUMBER_MIN_WIDTH if spec.kind.numeric else MIN_WIDTH,
            max_width=_NUMBER_MAX_WIDTH if spec.kind.numeric else MAX_WIDTH,
        )
        for i, spec in enumerate(columns)
    ]


def _title(spec: tabular.Column) -> str:
    if not spec.kind.numeric:
        return spec.title
    bold = app_font()
    bold.setBold(True)
    metrics = QFontMetricsF(bold)
    return "\n".join(two_lines(spec.title, metrics.horizontalAdvance))


def _cell_text(column: int, kind: tabular.ColumnKind, row: ReportRow) -> str:
    return display_value(row[1][column], kind)


# --------------------------------------------------------------------------- the drill list


@dataclass(frozen=True)
class DrillRows:
    """The complaints behind a figure, read on a worker thread, and their table."""

    rows: list[ComplaintRow]
    table: ReportTable


def drill_rows(
    session: Session, report_filter: ReportFilter, drill: Drill, source: ReportSource,
    title: str, subtitle: str,
) -> DrillRows:  # fmt: skip
    ids = figures.complaint_ids(session, report_filter, drill, source=source)
    rows = source.complaint_rows(session, ids)
    return DrillRows(rows, tables.complaints_table(title, rows, subtitle))


class DrillDialog(QDialog):
    """The complaints behind a figure; Enter or a double click opens one (an office's own;
    central's are listed only)."""

    def __init__(
        self,
        ctx: UiContext,
        title: str,
        found: DrillRows,
        parent: QWidget,
        source: ReportSource = OFFICE,
    ) -> None:
        super().__init__(parent)
        fit_to_screen(self)
        self.setObjectName("drillDialog")
        self.ctx = ctx
        self.source = source
        self.setWindowTitle(title)
        self.rows = found.rows
        self.table_data = found.table
        subtitle = found.table.subtitle
        self.table = report_view("drillTable", tables.COMPLAINT_COLUMNS, stretch_column=6)
        fill_table(self.table, self.table_data)
        self.table.cellDoubleClicked.connect(self._open_cell)
        count = QLabel(self.tr("%1 complaints").replace("%1", grouped_number(len(self.rows))))
        count.setObjectName("drillCount")
        save = button(self.tr("Save as…"), "saveButton")
        save.clicked.connect(lambda: self._save())
        row = QHBoxLayout()
        row.addWidget(count)
        row.addStretch(1)
        row.addWidget(save)
        layout = QVBoxLayout(self)
        subtitle_label = QLabel(subtitle)
        subtitle_label.setWordWrap(True)
        layout.addWidget(subtitle_label)
        layout.addWidget(self.table, 1)
        layout.addLayout(row)
        self.kept: list[QDialog] = []
        self.resize(1000, 600)

    def _open_cell(self, row: int, _column: int) -> None:
        self.open_row(row)

    def open_row(self, row: int) -> None:
        from ui.pages.complaint_detail import show_detail

        if self.source.has_offices:  # central keeps no case file to open
            return
        with guarded(self):
            detail = lookup.detail(self.ctx.session, self.rows[row].id)
            show_detail(self, self.ctx, detail, self.kept)  # type: ignore[arg-type]

    @guarded_slot
    def _save(self) -> None:
        save_table(self, self.ctx, self.table_data, self.source)


# --------------------------------------------------------------------------- central


class CentralDialog(QDialog):
    """Where the central database is: a file, or a PostgreSQL address."""

    def __init__(self, parent: QWidget, last: str = "") -> None:
        super().__init__(parent)
        fit_to_screen(self)
        self.setObjectName("centralDialog")
        self.setWindowTitle(self.tr("Reports on the central database"))
        self.location = QLineEdit(last)
        self.location.setObjectName("centralEdit")
        self.location.setPlaceholderText(self.tr("central.db or postgresql://user@server/dadras"))
        self.location.setLayoutDirection(Qt.LayoutDirection.LeftToRight)
        self.location.setMinimumWidth(420)
        browse = button(self.tr("Choose a file…"), "centralBrowseButton")
        browse.clicked.connect(self._browse)
        row = QHBoxLayout()
        row.addWidget(self.location, 1)
        row.addWidget(browse)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        note = QLabel(
            self.tr(
                "The central database is read once into a snapshot; its reports compare "
                "the offices. Complainants' names are not read."
            )
        )
        note.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(note)
        layout.addLayout(row)
        layout.addWidget(buttons)

    def _browse(self) -> None:
        path, _ = file_dialog.open_file_name(
            self,
            self.tr("The central database"),
            "",
            self.tr("Databases (*.db *.sqlite3);;All files (*)"),
        )
        if path:
            self.location.setText(path)

    def _accept(self) -> None:
        if not self.location.text().strip():
            show_error(self, DadrasError(self.tr("Enter where the central database is.")))
            return
        self.accept()

    def text(self) -> str:
        return self.location.text().strip()


# --------------------------------------------------------------------------- the page


_CHART_MIN_HEIGHT = 260  # month names stand level under their bars from here up
_LIST_EMPTY_ROWS = 3  # the height of an empty list on the dashboard, in rows


def _fit_rows(table: RecordTable) -> None:
    """The table as tall as its header and every row (at least a few rows' worth)."""
    rows = max(table.rowCount(), _LIST_EMPTY_ROWS)
    header = table.horizontalHeader().sizeHint().height()
    row = table.verticalHeader().defaultSectionSize()
    table.setFixedHeight(header + rows * row + 2 * table.frameWidth())


class ReportsPage(QWidget):
    shown = Signal()  # after a report is on screen
    drillShown = Signal()  # after the complaints behind a figure are listed

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("reportsPage")
        self.ctx = ctx
        self.board: Dashboard | None = None
        self.scores: list[UnitScore] = []
        self.heat: HeatMap | None = None
        self.office_scores: list[UnitScore] = []
        self.drill: DrillDialog | None = None
        self.tasks: list[WorkTask] = []  # running, in the order they were started
        self.source: ReportSource = OFFICE
        self.central_location = ""
        self._build_source_row()
        self._build_filters()
        self._build_tabs()
        self._fill_lists()
        layout = QVBoxLayout(self)
        title_row = QHBoxLayout()
        title_row.addWidget(heading(self.tr("Reports")))
        title_row.addStretch(1)
        title_row.addLayout(self.source_row)
        layout.addLayout(title_row)
        layout.addLayout(self.filter_row)
        layout.addWidget(self.tabs, 1)
        self._period_changed()
        self._opened = False

    # ------------------------------------------------------------------ source

    def _build_source_row(self) -> None:
        self.source_label = QLabel()
        self.source_label.setObjectName("sourceLabel")
        self.central_button = button(self.tr("Reports on the central database…"), "centralButton")
        self.central_button.clicked.connect(self.ask_central)
        self.office_button = button(self.tr("Back to this office"), "officeButton")
        self.office_button.clicked.connect(self.use_office)
        row = QHBoxLayout()
        row.addWidget(self.source_label)
        row.addWidget(self.central_button)
        row.addWidget(self.office_button)
        self.source_row = row

    @guarded_slot
    def ask_central(self) -> None:
        dialog = CentralDialog(self, self.central_location)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.open_central(dialog.text())

    def open_central(self, location: str) -> None:
        """Read the central database into a snapshot (on a worker), then report on it."""
        from app.reports.central import build_snapshot

        self.central_location = location
        self._start(lambda: build_snapshot(location), self._central_read)

    def _central_read(self, outcome: object) -> None:
        if isinstance(outcome, BaseException):
            show_error(self, outcome)
            return
        assert isinstance(outcome, CentralSnapshot)
        self._set_source(outcome)
        self.compute()

    @guarded_slot
    def use_office(self) -> None:
        self._set_source(OFFICE)
        self.compute()

    def _set_source(self, source: ReportSource) -> None:
        if isinstance(self.source, CentralSnapshot):
            self.source.close()
        self.source = source
        self._fill_lists()

    def _fill_lists(self) -> None:
        """The filter lists, the source line and the offices tab for the current source."""
        central = self.source.has_offices
        _refill(self.unit_combo, self.source.names("unit"), self.tr("All"))
        _refill(self.category_combo, self.source.names("category"), self.tr("All"))
        offices = self.source.names("office") if central else {}
        _refill(self.office_combo, offices, self.tr("All"))
        self.office_combo.setVisible(central)
        self.office_label.setVisible(central)
        self.office_button.setVisible(central)
        self.tabs.setTabVisible(OFFICES_TAB, central)
        if central:
            text = self.tr("Source: the central database, %1 offices").replace(
                "%1", grouped_number(len(offices))
            )
        else:
            text = self.tr("Source: this office's database")
        self.source_label.setText(text)

    # ------------------------------------------------------------------ filters

    def _build_filters(self) -> None:
        self.period_combo = QComboBox()
        self.period_combo.setObjectName("periodCombo")
        for period in Period:
            self.period_combo.addItem(PERIOD_LABELS[period], period)
        self.from_edit = JalaliDateEdit()
        self.from_edit.setObjectName("fromEdit")
        self.to_edit = JalaliDateEdit()
        self.to_edit.setObjectName("toEdit")
        self.office_combo = self._combo("officeCombo", {})
        self.office_label = QLabel(self.tr("Office"))
        self.unit_combo = self._combo("unitCombo", {})
        self.category_combo = self._combo("categoryCombo", {})
        self.channel_combo = self._combo("channelCombo", CHANNEL_LABELS)
        self.kind_combo = self._combo("kindCombo", KIND_LABELS)
        self.status_combo = self._combo("statusCombo", STATUS_LABELS)
        self.show_button = button(self.tr("Show"), "showButton", "reports")
        self.show_button.setDefault(True)
        self.show_button.clicked.connect(self.compute)
        self.period_combo.currentIndexChanged.connect(self._period_changed)
        # Two rows, so that every field keeps its width in a 1366-pixel window: the range
        # and the button, then what narrows the complaints.
        grid = QGridLayout()
        first: list[tuple[QLabel, QWidget]] = [
            (self.office_label, self.office_combo),
            (QLabel(self.tr("Period")), self.period_combo),
            (QLabel(self.tr("From")), self.from_edit),
            (QLabel(self.tr("To")), self.to_edit),
        ]
        second: list[tuple[QLabel, QWidget]] = [
            (QLabel(self.tr("Unit")), self.unit_combo),
            (QLabel(self.tr("Category")), self.category_combo),
            (QLabel(self.tr("Channel")), self.channel_combo),
            (QLabel(self.tr("Kind")), self.kind_combo),
            (QLabel(self.tr("Status")), self.status_combo),
        ]
        for row, pairs in enumerate((first, second)):
            for column, (label, widget) in enumerate(pairs):
                grid.addWidget(label, row, 2 * column)
                grid.addWidget(widget, row, 2 * column + 1)
        grid.addWidget(self.show_button, 0, 2 * len(first))
        grid.setColumnStretch(2 * len(second), 1)
        for widget in (self.unit_combo, self.category_combo):
            widget.setMinimumWidth(200)
        for edit in (self.from_edit, self.to_edit):
            edit.setMinimumWidth(130)
        self.filter_row = grid

    def _combo(self, name: str, choices: Mapping[Any, str]) -> QComboBox:
        combo = QComboBox()
        combo.setObjectName(name)
        combo.addItem(self.tr("All"), None)
        for key, label in choices.items():
            combo.addItem(label, key)
        combo.setMaximumWidth(220)
        return combo

    def _period_changed(self) -> None:
        period = self.period_combo.currentData()
        custom = period == Period.CUSTOM
        self.from_edit.setEnabled(custom)
        self.to_edit.setEnabled(custom)
        if not custom:
            start, end = period_range(Period(period), jalali.today())
            self.from_edit.setDate(start)
            self.to_edit.setDate(end)

    def current_filter(self) -> ReportFilter:
        start, end = self.from_edit.date(), self.to_edit.date()
        if start is None or end is None or end < start:
            raise DadrasError(self.tr("Enter a valid range: the first day, then the last."))
        return ReportFilter(
            start,
            end,
            unit_id=self.unit_combo.currentData(),
            category_id=self.category_combo.currentData(),
            channel=self.channel_combo.currentData(),
            kind=self.kind_combo.currentData(),
            status=self.status_combo.currentData(),
            office_id=self.office_combo.currentData() if self.source.has_offices else None,
        )

    def subtitle(self) -> str:
        return self.current_filter().describe(
            self.unit_combo.currentText(),
            self.category_combo.currentText(),
            self.office_combo.currentText(),
        )

    # ------------------------------------------------------------------ tabs

    def _build_tabs(self) -> None:
        self.tabs = QTabWidget()
        self.tabs.setObjectName("reportTabs")
        self.tabs.addTab(self._dashboard_tab(), self.tr("Dashboard"))
        self.scorecard_table = report_view("scorecardTable", tables.SCORECARD_COLUMNS, 1)
        self.scorecard_table.cellDoubleClicked.connect(self._scorecard_drill)
        self.tabs.addTab(self._with_save(self.scorecard_table, "scorecard"), self.tr("Scorecard"))
        self.heat_combo = QComboBox()
        self.heat_combo.setObjectName("heatCombo")
        self.heat_combo.addItems([self.tr("Unit × category"), self.tr("County × month")])
        self.heat_combo.currentIndexChanged.connect(lambda _i: self.compute())
        self.heat_table = report_view("heatTable", stretch_column=0)
        self.heat_table.cellDoubleClicked.connect(self._heat_drill)
        self.heat_table.cellClicked.connect(self._heat_drill)
        heat = QWidget()
        heat_layout = QVBoxLayout(heat)
        heat_layout.addWidget(self.heat_combo)
        heat_layout.addWidget(self._with_save(self.heat_table, "heat"), 1)
        self.tabs.addTab(heat, self.tr("Heat map"))
        office_columns = tables.scorecard_table([], "", Grouping.OFFICE).columns
        self.offices_table = report_view("officesTable", office_columns, 1)
        self.offices_table.cellDoubleClicked.connect(self._offices_drill)
        self.tabs.addTab(
            self._with_save(self.offices_table, "offices"), self.tr("Offices compared")
        )
        self.tabs.currentChanged.connect(lambda _i: self.compute())

    def _with_save(self, table: RecordTable, which: str) -> QWidget:
        holder = QWidget()
        layout = QVBoxLayout(holder)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(table, 1)
        save = button(self.tr("Save as…"), f"{which}SaveButton")
        save.clicked.connect(lambda: self.save_current())
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(save)
        layout.addLayout(row)
        return holder

    def _dashboard_tab(self) -> QWidget:
        """Tiles, the two charts and the four lists; on a small screen it scrolls, so the
        charts and lists keep a readable height instead of being squeezed."""
        tab = QWidget()
        grid = QGridLayout()
        self.tiles: dict[Figure | str, QPushButton] = {}
        tiles: list[tuple[Figure | str, str]] = [
            (Figure.RECEIVED, self.tr("Received")),
            (Figure.OPEN, self.tr("Open")),
            (Figure.OVERDUE, self.tr("Overdue")),
            (Figure.CLOSED, self.tr("Closed")),
            ("response", self.tr("Median working days to the unit's response")),
            ("closure", self.tr("Median working days to closing")),
            (Figure.SATISFIED, self.tr("Satisfied complainants")),
        ]
        for index, (key, title) in enumerate(tiles):
            tile = QPushButton()
            tile.setObjectName(f"tile_{key}")
            tile.setProperty("title", title)
            tile.setMinimumHeight(72)
            if isinstance(key, Figure):
                tile.clicked.connect(lambda _c=False, f=key, t=title: self.open_drill(Drill(f), t))
            grid.addWidget(tile, index // 4, index % 4)
            self.tiles[key] = tile
        self.count_tables: dict[Figure, RecordTable] = {}
        lists_row = QHBoxLayout()
        for figure, title in (
            (Figure.UNIT, self.tr("Top units")),
            (Figure.CATEGORY, self.tr("Top categories")),
            (Figure.CHANNEL, self.tr("By channel")),
            (Figure.MONTH, self.tr("By month")),
        ):
            table = RecordTable(self._counts_model(title), f"counts_{figure}", stretch_column=0)
            table.cellDoubleClicked.connect(
                lambda row, _col, f=figure, t=title: self._count_drill(f, row, t)
            )
            # Every row shown: the dashboard scrolls as one page, not a list inside it.
            for policy in (table.setVerticalScrollBarPolicy, table.setHorizontalScrollBarPolicy):
                policy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
            _fit_rows(table)
            self.count_tables[figure] = table
            lists_row.addWidget(table, 1, Qt.AlignmentFlag.AlignTop)
        self.month_chart = CountsChart(self.tr("Complaints by month"))
        self.month_chart.setObjectName("monthChart")
        self.month_chart.picked.connect(
            lambda key, label: self.open_drill(Drill(Figure.MONTH, key), label)
        )
        # Channels, not units: their names are short enough to stand under the bars.
        self.channel_chart = CountsChart(self.tr("Complaints by channel"))
        self.channel_chart.setObjectName("channelChart")
        self.channel_chart.picked.connect(
            lambda key, label: self.open_drill(Drill(Figure.CHANNEL, key), label)
        )
        for chart in (self.month_chart, self.channel_chart):
            chart.setMinimumHeight(_CHART_MIN_HEIGHT)
        charts = QHBoxLayout()
        charts.addWidget(self.month_chart, 3)
        charts.addWidget(self.channel_chart, 2)
        layout = QVBoxLayout(tab)
        layout.addLayout(grid)
        layout.addLayout(charts, 3)
        layout.addLayout(lists_row, 2)
        save = button(self.tr("Save as…"), "dashboardSaveButton")
        save.clicked.connect(lambda: self.save_current())
        layout.addWidget(save, 0, Qt.AlignmentFlag.AlignLeft)
        scroller = QScrollArea()
        scroller.setObjectName("dashboardScroll")
        scroller.setWidgetResizable(True)
        scroller.setFrameShape(QFrame.Shape.NoFrame)
        scroller.setWidget(tab)
        return scroller

    # ------------------------------------------------------------------ computing

    def showEvent(self, event: QShowEvent) -> None:
        """The first time the page is shown, the default range's figures come up by
        themselves (in the background): a blank page waiting for «نمایش» looks broken. They
        start once the page is painted: the report's threads would hold up its first paint."""
        super().showEvent(event)
        if not self._opened:
            self._opened = True
            QTimer.singleShot(FIRST_COMPUTE_MS, self, self.compute)

    @guarded_slot
    def compute(self) -> None:
        report_filter = self.current_filter()
        session, source = self.ctx.session, self.source
        index = self.tabs.currentIndex()
        work: Callable[[], object]
        if index == 0:
            work = lambda: figures.dashboard(session, report_filter, source=source)  # noqa: E731
        elif index == 1:
            work = lambda: figures.scorecard(session, report_filter, source=source)  # noqa: E731
        elif index == OFFICES_TAB:
            work = lambda: _Offices(  # noqa: E731
                figures.scorecard(session, report_filter, source=source, by=Grouping.OFFICE)
            )
        elif self.heat_combo.currentIndex() == 0:
            work = lambda: figures.unit_category_map(session, report_filter, source=source)  # noqa: E731
        else:
            work = lambda: figures.county_month_map(session, report_filter, source=source)  # noqa: E731
        self._start(work, self._show)

    def _show(self, outcome: object) -> None:
        if isinstance(outcome, BaseException):
            show_error(self, outcome)
            return
        if isinstance(outcome, Dashboard):
            self.show_dashboard(outcome)
        elif isinstance(outcome, _Offices):
            self.office_scores = outcome.scores
            fill_table(
                self.offices_table, tables.scorecard_table(outcome.scores, "", Grouping.OFFICE)
            )
        elif isinstance(outcome, HeatMap):
            self.show_heat_map(outcome)
        else:
            self.show_scorecard(outcome)  # type: ignore[arg-type]
        self.shown.emit()

    def show_dashboard(self, board: Dashboard) -> None:
        self.board = board
        change = board.change
        whole = tabular.ColumnKind.INTEGER
        received = display_value(board.received, whole)
        if change is not None:  # words, not a sign that bidi moves about
            shown = display_value(abs(change), tabular.ColumnKind.PERCENT)
            template = (
                self.tr("%1 more than before") if change >= 0 else self.tr("%1 fewer than before")
            )
            received += "  (" + template.replace("%1", shown) + ")"
        compared = board.compared_with
        self.tiles[Figure.RECEIVED].setToolTip(
            self.tr("Against those received from %1 to %2")
            .replace("%1", jalali.format_date(compared[0]))
            .replace("%2", jalali.format_date(compared[1]))
            if compared and change is not None
            else ""
        )
        values: dict[Figure | str, str] = {
            Figure.RECEIVED: received,
            Figure.OPEN: display_value(board.open, whole),
            Figure.OVERDUE: display_value(board.overdue, whole),
            Figure.CLOSED: display_value(board.closed, whole),
            "response": display_value(board.median_response_days, tabular.ColumnKind.DAYS),
            "closure": display_value(board.median_closure_days, tabular.ColumnKind.DAYS),
            Figure.SATISFIED: display_value(board.satisfaction_rate, tabular.ColumnKind.PERCENT),
        }
        for key, tile in self.tiles.items():
            tile.setText(f"{values[key]}\n{tile.property('title')}")
        for figure, counts in (
            (Figure.UNIT, board.top_units),
            (Figure.CATEGORY, board.top_categories),
            (Figure.CHANNEL, board.by_channel),
            (Figure.MONTH, board.by_month),
        ):
            self._fill_counts(self.count_tables[figure], counts)
        self._show_months(board.by_month)
        self.channel_chart.set_counts(board.by_channel)

    def _show_months(self, months: list[Count]) -> None:
        """Months of one year are named alone, the year in the title (as on paper): short
        names stand level under their bars."""
        year, named = month_bars(months)
        title = self.tr("Complaints by month")
        if year is not None:
            title = self.tr("Complaints by month, %1").replace("%1", to_persian_digits(year))
        self.month_chart.chart().setTitle(title)
        self.month_chart.set_counts(named)

    def _counts_model(self, title: str) -> RowsModel[Count]:
        columns: list[Column[Count]] = [
            Column(title, lambda count: count.label),
            Column(self.tr("Complaints"), lambda count: grouped_number(count.count), centred=True),
        ]
        return RowsModel(columns, lambda count: hash(count.key))

    def _fill_counts(self, table: RecordTable, counts: list[Count]) -> None:
        table.records_model().set_rows(counts)
        _fit_rows(table)

    def show_scorecard(self, scores: list[UnitScore]) -> None:
        self.scores = scores
        fill_table(self.scorecard_table, tables.scorecard_table(scores, ""))

    def show_heat_map(self, heat: HeatMap) -> None:
        self.heat = heat
        table = tables.heat_map_table("", self._corner(), heat, "")
        peak = heat.maximum or 1
        white = QBrush(QColor("white"))

        def paint(row: ReportRow, column: int) -> CellStyle | None:
            if not 1 <= column <= len(heat.columns) or row[0] >= len(heat.rows):
                return None  # the heads and the totals keep the table's colours
            key = (heat.rows[row[0]].key, heat.columns[column - 1].key)
            share = heat.cells.get(key, 0) / peak
            if not share:
                return None
            return CellStyle(
                background=QBrush(_heat_colour(share)), foreground=white if share > 0.55 else None
            )

        fill_table(self.heat_table, table, paint)

    def _corner(self) -> str:
        return self.tr("Unit") if self.heat_combo.currentIndex() == 0 else self.tr("County")

    # ------------------------------------------------------------------ drilling

    def open_drill(self, drill: Drill, title: str) -> None:
        """Read the complaints behind a figure on a worker, then list them (``self.drill``)."""
        session, report_filter, source = self.ctx.session, self.current_filter(), self.source
        subtitle = self.subtitle()
        self._start(
            lambda: drill_rows(session, report_filter, drill, source, title, subtitle),
            lambda outcome: self._show_drill(title, outcome),
        )

    def _show_drill(self, title: str, outcome: object) -> None:
        if isinstance(outcome, BaseException):
            show_error(self, outcome)
            return
        assert isinstance(outcome, DrillRows)
        dialog = DrillDialog(self.ctx, title, outcome, self, self.source)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.show()
        self.drill = dialog
        self.drillShown.emit()

    def _start(self, work: Callable[[], object], done: Callable[[object], None]) -> None:
        """Run ``work`` on a worker behind a progress dialog; ``done`` gets its outcome."""
        started: list[WorkTask] = []

        def finished(outcome: object) -> None:
            self.tasks.remove(started[0])
            done(outcome)

        task = run_report(self, work, finished)
        started.append(task)  # the outcome is queued to this thread: it comes after this
        self.tasks.append(task)

    def _count_drill(self, figure: Figure, row: int, title: str) -> None:
        model = self.count_tables[figure].records_model()
        if 0 <= row < model.rowCount():
            count: Count = model.row_at(row)
            self.open_drill(Drill(figure, count.key), f"{title}: {count.label}")

    _SCORE_DRILLS: ClassVar[dict[int, Figure]] = {
        2: Figure.UNIT,
        3: Figure.REFERRED_TO,
        4: Figure.IN_TIME,
        5: Figure.LATE,
        6: Figure.UNIT_OVERDUE,
    }

    def _scorecard_drill(self, row: int, column: int) -> None:
        self._score_drill(self.scores, Grouping.UNIT, row, column)

    def _offices_drill(self, row: int, column: int) -> None:
        self._score_drill(self.office_scores, Grouping.OFFICE, row, column)

    def _score_drill(self, scores: list[UnitScore], by: Grouping, row: int, column: int) -> None:
        if row >= len(scores):
            return
        score = scores[row]
        figure = self._SCORE_DRILLS.get(column, Figure.REFERRED_TO)
        if figure is Figure.UNIT and by is Grouping.OFFICE:
            figure = Figure.OFFICE
        header = tables.SCORECARD_COLUMNS[column].title
        self.open_drill(Drill(figure, score.unit_id, by=by), f"{score.unit}: {header}")

    def _heat_drill(self, row: int, column: int) -> None:
        heat = self.heat
        if heat is None or row >= len(heat.rows) or not 1 <= column <= len(heat.columns):
            return
        row_head, column_head = heat.rows[row], heat.columns[column - 1]
        figure = Figure.CELL if self.heat_combo.currentIndex() == 0 else Figure.COUNTY_MONTH
        self.open_drill(
            Drill(figure, (row_head.key, column_head.key)),
            f"{row_head.label} — {column_head.label}",
        )

    # ------------------------------------------------------------------ saving

    def current_table(self) -> ReportTable | None:
        subtitle = self.subtitle()
        index = self.tabs.currentIndex()
        if index == 0 and self.board is not None:
            return tables.dashboard_table(self.board, subtitle)
        if index == 1 and self.scores:
            return tables.scorecard_table(self.scores, subtitle)
        if index == 2 and self.heat is not None:
            title = self.tr("Where complaints concentrate")
            return tables.heat_map_table(title, self._corner(), self.heat, subtitle)
        if index == OFFICES_TAB and self.office_scores:
            return tables.scorecard_table(self.office_scores, subtitle, Grouping.OFFICE)
        return None

    @guarded_slot
    def save_current(self) -> None:
        table = self.current_table()
        if table is not None:
            save_table(self, self.ctx, table, self.source)


OFFICES_TAB = 3  # shown only on the central database


class _Offices:
    """The offices compared: a scorecard ranked by office, told apart from the units'."""

    def __init__(self, scores: list[UnitScore]) -> None:
        self.scores = scores


def _refill(combo: QComboBox, choices: Mapping[Any, str], everything: str) -> None:
    """«All» and the choices, keeping the current choice when it is still there."""
    current = combo.currentData()
    combo.blockSignals(True)
    combo.clear()
    combo.addItem(everything, None)
    for key, label in choices.items():
        combo.addItem(label, key)
    index = combo.findData(current)
    combo.setCurrentIndex(max(index, 0) if current is not None else 0)
    combo.blockSignals(False)


def _heat_colour(share: float) -> QColor:
    """White to deep red as a cell's count nears the largest."""
    share = max(0.0, min(1.0, share))
    return QColor(255, int(245 - 190 * share), int(235 - 200 * share))
