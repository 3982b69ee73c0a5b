"""No list in the window is a table widget filled cell by cell, nor sized to its contents.

A ``QTableWidget`` whose columns resize to their contents measures the whole column again for
every cell written: filling 500 letters froze the register for 46 s. Every list is a
``RecordTable`` over a model, its widths set once. Two checks: the source of ``ui/`` names
neither the widget nor the resize mode, and every page of every role, once open, holds no
such table.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QTableWidget, QWidget
from pytestqt.qtbot import QtBot

from app.permissions import Role
from ui.main_window import MainWindow

UI = Path(__file__).resolve().parents[2] / "ui"
FORBIDDEN = {
    "QTableWidget": "a table widget filled cell by cell",
    "QTableWidgetItem": "a table widget filled cell by cell",
    "QStandardItemModel": "a model filled item by item",
    "ResizeToContents": "a column measured again for every cell",
    "resizeColumnsToContents": "every row measured",
    "resizeRowsToContents": "every row measured",
}


def forbidden_names(source: str) -> list[tuple[int, str]]:
    found = []
    for node in ast.walk(ast.parse(source)):
        name = None
        if isinstance(node, ast.Name):
            name = node.id
        elif isinstance(node, ast.Attribute):
            name = node.attr
        elif isinstance(node, ast.alias):
            name = node.name.rsplit(".", 1)[-1]
        if name in FORBIDDEN:
            found.append((getattr(node, "lineno", 0), name))
    return found


def test_the_check_finds_a_table_widget_sized_to_its_contents() -> None:
    source = (
        "from PySide6.QtWidgets import QHeaderView, QTableWidget\n"
        "table = QTableWidget()\n"
        "table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)\n"
    )
    assert [name for _, name in forbidden_names(source)] == [
        "QTableWidget",
        "QTableWidget",
        "ResizeToContents",
    ]


def test_no_ui_source_builds_a_table_cell_by_cell() -> None:
    offences = [
        f"{path.relative_to(UI.parent)}:{line}: {name} ({FORBIDDEN[name]})"
        for path in sorted(UI.rglob("*.py"))
        for line, name in forbidden_names(path.read_text(encoding="utf-8"))
    ]
    assert offences == []


def badly_built_tables(root: QWidget) -> list[str]:
    """The tables under ``root`` that a growing list would freeze."""
    found = []
    for view in root.findChildren(QAbstractItemView):
        name = f"{type(view).__name__} {view.objectName()!r}"
        if isinstance(view, QTableWidget):
            found.append(f"{name}: a table widget")
        if isinstance(view, QTableView):
            header = view.horizontalHeader()
            for section in range(header.count()):
                if header.sectionResizeMode(section) == QHeaderView.ResizeMode.ResizeToContents:
                    found.append(f"{name}: column {section} sized to its contents")
    return found


def test_the_runtime_check_finds_a_table_widget(qtbot: QtBot) -> None:
    holder = QWidget()
    qtbot.addWidget(holder)
    table = QTableWidget(3, 2, holder)
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    assert len(badly_built_tables(holder)) == 3


@pytest.mark.parametrize("role", list(Role))
def test_every_page_of_every_role_lists_records_in_a_model_view(
    qtbot: QtBot, ui_context, session_for, role: Role
) -> None:
    window = MainWindow(ui_context(session_for(role)))
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    for key in window.page_keys():
        window.show_page(key)
    assert window.page_keys()
    assert badly_built_tables(window) == []
