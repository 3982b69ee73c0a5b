"""The Qt bindings themselves: a fault here would abort the program in the middle of a day."""

from __future__ import annotations

import sys

from PySide6.QtWidgets import QCheckBox, QPushButton


def test_signals_to_python_slots_keep_reference_counts(qtbot) -> None:
    # PySide6 6.12.0 lost a reference to None at every signal delivered to a Python slot;
    # after some tens of thousands of clicks and keystrokes the interpreter aborts.
    button, box = QPushButton(), QCheckBox()
    qtbot.addWidget(button)
    qtbot.addWidget(box)
    calls: list[object] = []
    button.clicked.connect(lambda _checked=False: calls.append(1))
    box.toggled.connect(lambda checked: calls.append(checked))
    before = sys.getrefcount(None), sys.getrefcount(False), sys.getrefcount(True)
    for _ in range(2000):
        button.click()
        box.setChecked(not box.isChecked())
    after = sys.getrefcount(None), sys.getrefcount(False), sys.getrefcount(True)
    assert len(calls) == 4000
    calls.clear()
    for was, now in zip(before, after, strict=True):
        assert now > was - 100, (before, after)
