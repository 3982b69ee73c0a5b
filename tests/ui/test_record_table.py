"""RecordTable's column widths: set once from a sample, fitted to the window, the user's kept."""

from __future__ import annotations

from PySide6.QtWidgets import QHeaderView
from pytestqt.qtbot import QtBot

from ui.widgets.record_table import STRETCH_MIN, Column, RecordTable, RowsModel

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
