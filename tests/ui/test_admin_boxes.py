"""The complaint boxes page: add and edit a box by typing, and print its blank forms."""

from __future__ import annotations

import io

import pypdf
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from app import boxes
from app.permissions import Session
from db.models import ComplaintBox, FormBatch
from tests.ui.test_admin_pages import field_error, select_row_with, table_column
from ui.pages.admin_boxes import BoxesPage


def test_add_a_box_by_typing_and_a_bad_code_is_refused(  # type: ignore[no-untyped-def]
    qtbot, show_page, type_text, admin: Session
) -> None:
    page = show_page(BoxesPage, admin)
    qtbot.mouseClick(page.add_button, Qt.MouseButton.LeftButton)
    dialog = page.dialog
    type_text(dialog.code_edit, "ب ۱۲")  # not a code: Persian letters and a space
    type_text(dialog.location_edit, "راهروی طبقه‌ی دوم")
    QTest.keyClick(dialog.location_edit, Qt.Key.Key_Return)
    assert field_error(dialog, "code") != ""
    assert ComplaintBox.select().count() == 0
    dialog.code_edit.clear()
    type_text(dialog.code_edit, "b-۱۲")  # lower case and Persian digits are accepted
    QTest.keyClick(dialog.location_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.dialog is None)
    assert table_column(page) == ["B-12"]
    assert table_column(page, 1) == ["راهروی طبقه‌ی دوم"]


def test_print_blank_forms_opens_their_preview(  # type: ignore[no-untyped-def]
    qtbot, show_page, admin: Session
) -> None:
    unit_id = 1
    boxes.create_box(admin, "A-1", "ورودی ساختمان", unit_id)
    page = show_page(BoxesPage, admin)
    select_row_with(qtbot, page, "A-1")
    qtbot.mouseClick(page.print_button, Qt.MouseButton.LeftButton)
    dialog = page.dialog
    dialog.count_spin.setValue(3)
    dialog.size_combo.setCurrentIndex(dialog.size_combo.findData("A5"))
    dialog.accept()
    preview = dialog.preview
    assert preview is not None and preview.isVisible()
    assert len(pypdf.PdfReader(io.BytesIO(preview.data)).pages) == 3
    batch = FormBatch.get()
    assert (batch.first_serial, batch.count) == (1, 3)
    preview.close()
