"""RecordTable's column widths: set from a sample and only growing, fitted to the window,
the user's kept; titles and cells cut with an ellipsis and told whole on hover, only when
cut."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QHelpEvent
from PySide6.QtWidgets import QApplication, QHeaderView, QToolTip
from pytestqt.qtbot import QtBot

from ui.widgets.record_table import STRETCH_MIN, Column, RecordTable, RowsModel, TitleHeader

UNIT = "اداره کل " + "راه و شهرسازی استان " * 3
ROWS = [(i, f"۰۱۲۳-{i:08d}-۱", UNIT, "موضوع") for i in range(60)]


def table(qtbot: QtBot, width: int) -> RecordTable:
    columns: list[Column[tuple[int, str, str, str]]] = [
        Column("کد رهگیری", lambda r: r[1]),
        Column("واحد", lambda r: r[2]),
        Column("عنوان", lambda r: r[3]),
    ]
    model: RowsModel[tuple[int, str, str, str]] = RowsModel(columns, lambda r: r[0])
    view = RecordTable(model, "table", stretch_column=2)
    qtbot.addWidget(view)
    view.resize(width, 300)
    view.show()
    qtbot.waitExposed(view)
    model.set_rows(ROWS)
    return view


def test_long_columns_narrow_so_the_subject_keeps_room_and_codes_stay_whole(
    qtbot: QtBot,
) -> None:
    view = table(qtbot, 520)
    header = view.horizontalHeader()
    code_width = view.fontMetrics().horizontalAdvance(ROWS[0][1])
    assert header.sectionSize(0) >= code_width  # a code is never cut
    assert header.sectionSize(2) >= STRETCH_MIN - 2  # the subject keeps room to be read
    assert header.sectionSize(1) < view.fontMetrics().horizontalAdvance(ROWS[0][2])
    assert header.sectionResizeMode(2) == QHeaderView.ResizeMode.Stretch


def test_a_wider_window_gives_the_long_column_its_width_back(qtbot: QtBot) -> None:
    view = table(qtbot, 520)
    narrow = view.horizontalHeader().sectionSize(1)
    view.resize(1300, 300)
    qtbot.waitUntil(lambda: view.horizontalHeader().sectionSize(1) > narrow)


def test_a_column_the_user_sizes_keeps_its_width(qtbot: QtBot) -> None:
    view = table(qtbot, 900)
    view.horizontalHeader().resizeSection(1, 111)  # as a drag of the divider does
    view.resize(600, 300)
    qtbot.wait(50)
    assert view.horizontalHeader().sectionSize(1) == 111


def hover(qtbot: QtBot, view: RecordTable, row: int, column: int) -> str:
    """Hover a cell as the user does; the tooltip shown ("" for none)."""
    QToolTip.hideText()
    qtbot.waitUntil(lambda: not QToolTip.isVisible())
    rect = view.visualRect(view.records_model().index(row, column))
    pos = rect.center()
    event = QHelpEvent(QEvent.Type.ToolTip, pos, view.viewport().mapToGlobal(pos))
    QApplication.sendEvent(view.viewport(), event)
    return QToolTip.text() if QToolTip.isVisible() else ""


def test_a_cell_tells_its_whole_text_on_hover_only_when_it_is_cut(qtbot: QtBot) -> None:
    view = table(qtbot, 520)
    assert hover(qtbot, view, 0, 1) == UNIT  # elided: the tooltip has it whole
    assert hover(qtbot, view, 0, 0) == ""  # the code is shown whole: nothing to add
    assert hover(qtbot, view, 0, 2) == ""


def test_a_title_wider_than_its_column_is_cut_with_an_ellipsis_and_told_whole(
    qtbot: QtBot,
) -> None:
    view = table(qtbot, 900)
    header = view.horizontalHeader()
    assert isinstance(header, TitleHeader)
    assert header.shown_lines(0) == ["کد رهگیری"]
    header.resizeSection(0, 50)  # as a drag of the divider does
    (cut,) = header.shown_lines(0)
    assert cut.endswith(("…", "...")) and len(cut) < len("کد رهگیری") + 3
    tip = view.records_model().headerData(0, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole)
    assert tip == "کد رهگیری"


def test_too_many_columns_scroll_sideways_rather_than_squeeze_the_stretching_one(
    qtbot: QtBot,
) -> None:
    columns: list[Column[tuple[int, str]]] = [Column("عنوان", lambda r: r[1])]
    columns += [Column(f"ستون شماره‌ی {n}", lambda r: "۱۲۳", min_width=48) for n in range(12)]
    model: RowsModel[tuple[int, str]] = RowsModel(columns, lambda r: r[0])
    view = RecordTable(model, "table", stretch_column=0, scroll_before_squeezing=True)
    qtbot.addWidget(view)
    view.resize(700, 300)
    view.show()
    qtbot.waitExposed(view)
    model.set_rows([(1, "شکایت از تأخیر در صدور پروانه‌ی ساختمان")])
    header = view.horizontalHeader()
    qtbot.waitUntil(lambda: view.horizontalScrollBar().isVisible())
    assert header.sectionSize(0) >= STRETCH_MIN
    view.resize(1600, 300)  # room again: the subject stretches to fill it
    qtbot.waitUntil(lambda: not view.horizontalScrollBar().isVisible())
    assert header.sectionResizeMode(0) == QHeaderView.ResizeMode.Stretch
    assert header.sectionSize(0) > STRETCH_MIN


def test_a_short_list_widens_for_a_row_added_later_and_never_narrows(
    qtbot: QtBot,
) -> None:
    """A complaint's letters: the reply written after the referral letter has a longer
    number and type, and they are shown whole, not «۳۰۶۵/۰۱۲۳/۱…» and «پاسخ به …»."""
    columns: list[Column[tuple[int, str, str]]] = [
        Column("شماره", lambda r: r[1]),
        Column("نوع", lambda r: r[2]),
    ]
    model: RowsModel[tuple[int, str, str]] = RowsModel(columns, lambda r: r[0])
    view = RecordTable(model, "letters")
    qtbot.addWidget(view)
    view.resize(700, 200)
    view.show()
    qtbot.waitExposed(view)
    model.set_rows([(1, "۵/۰۱۲۳/۱۴۰۴", "ارجاع")])
    later = (2, "۳۰۶۵/۰۱۲۳/۱۴۰۵", "پاسخ به شاکی")
    model.set_rows([(1, "۵/۰۱۲۳/۱۴۰۴", "ارجاع"), later])
    metrics = view.fontMetrics()
    for column in (0, 1):
        assert view.horizontalHeader().sectionSize(column) >= metrics.horizontalAdvance(
            later[column + 1]
        )
    assert hover(qtbot, view, 1, 0) == ""  # nothing cut, nothing to tell on hover
    model.set_rows([(1, "۵/۰۱۲۳/۱۴۰۴", "ارجاع")])  # fewer rows: no column jumps back
    assert view.horizontalHeader().sectionSize(0) >= metrics.horizontalAdvance(later[1])
