"""The complaint boxes page: add and edit a box by typing, and print its blank forms."""

from __future__ import annotations

import io

import pypdf
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QLabel, QPushButton

from app import boxes, lists
from app.permissions import Role, Session
from db.models import ComplaintBox, FormBatch
from tests.ui.test_admin_pages import field_error, select_row_with, table_column
from ui.pages.admin_boxes import BoxesPage


def test_add_a_box_by_typing_and_a_bad_code_is_refused(
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
    dialog.unit_combo.setFocus()
    QTest.keyClick(dialog.unit_combo, Qt.Key.Key_Down)  # the first unit, chosen by the user
    chosen = dialog.unit_combo.currentText()
    QTest.keyClick(dialog.location_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.dialog is None)
    assert table_column(page) == ["B-12"]
    assert table_column(page, 1) == ["راهروی طبقه‌ی دوم"]
    assert table_column(page, 2) == [chosen]


def test_a_new_box_has_no_unit_until_the_user_chooses_one(
    qtbot, show_page, type_text, admin: Session
) -> None:
    page = show_page(BoxesPage, admin)
    qtbot.mouseClick(page.add_button, Qt.MouseButton.LeftButton)
    dialog = page.dialog
    assert dialog.unit_combo.count() > 1  # there were units to preselect from
    assert dialog.unit_combo.currentIndex() == -1
    assert dialog.unit_combo.currentText() == ""
    assert dialog.unit_combo.placeholderText() == "واحد را انتخاب کنید…"
    type_text(dialog.code_edit, "A-3")
    type_text(dialog.location_edit, "ورودی ساختمان")
    QTest.keyClick(dialog.location_edit, Qt.Key.Key_Return)
    assert dialog.isVisible()
    assert field_error(dialog, "unit") == "واحد را از فهرست واحدهای فعال انتخاب کنید."
    assert field_error(dialog, "code") == ""
    assert ComplaintBox.select().count() == 0
    dialog.unit_combo.setCurrentIndex(dialog.unit_combo.count() - 1)
    name = dialog.unit_combo.currentText()
    QTest.keyClick(dialog.location_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.dialog is None)
    assert table_column(page, 2) == [name]


def test_editing_a_box_keeps_its_unit_even_when_that_unit_is_inactive(
    qtbot, show_page, admin: Session
) -> None:
    units = lists.list_units(admin)
    last = units[-1]
    boxes.create_box(admin, "A-1", "ورودی ساختمان", last.id)
    lists.update_unit(
        admin,
        last.id,
        name=last.name,
        head_name=last.head_name,
        head_title=last.head_title,
        active=False,
    )
    page = show_page(BoxesPage, admin)
    select_row_with(qtbot, page, "A-1")
    dialog = page.open_edit_dialog()
    assert dialog.unit_combo.currentText() == last.name
    assert dialog.unit_id() == last.id


def test_the_boxes_page_says_how_to_add_the_first_box(
    qtbot, show_page, type_text, admin: Session
) -> None:
    page = show_page(BoxesPage, admin)
    empty = page.empty_state
    assert empty.showing_message()
    assert empty.label.isVisible() and not page.table.isVisible()
    assert "«افزودن صندوق…»" in empty.label.text()
    assert "«چاپ فرم‌های خام…»" in empty.label.text()
    qtbot.mouseClick(page.add_button, Qt.MouseButton.LeftButton)
    dialog = page.dialog
    type_text(dialog.code_edit, "A-1")
    type_text(dialog.location_edit, "ورودی ساختمان")
    dialog.unit_combo.setCurrentIndex(0)
    QTest.keyClick(dialog.location_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.dialog is None)
    assert not empty.showing_message()
    assert page.table.isVisible() and not empty.label.isVisible()
    assert table_column(page) == ["A-1"]


def test_blank_forms_with_no_box_say_how_to_get_one(
    qtbot, ui_context, session_for, admin: Session
) -> None:
    from ui.pages.admin_boxes import PrintFormsDialog

    clerk = session_for(Role.DATA_ENTRY)
    dialog = PrintFormsDialog(ui_context(clerk), None)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    message = dialog.findChild(QLabel, "noBoxMessage")
    assert message is not None and message.isVisible()
    assert "مدیر سامانه" in message.text() and "«صندوق‌های شکایات»" in message.text()
    assert not dialog.box_combo.isVisible() and not dialog.count_spin.isVisible()
    assert not dialog.findChild(QPushButton, "okButton").isVisible()
    assert dialog.findChild(QPushButton, "cancelButton").text() == "بستن"
    dialog.accept()  # Enter does nothing: there is nothing to make
    assert FormBatch.select().count() == 0
    # An admin, who adds boxes, is told where and with which button.
    own = PrintFormsDialog(ui_context(admin), None)
    qtbot.addWidget(own)
    text = own.findChild(QLabel, "noBoxMessage").text()
    assert "«صندوق‌های شکایات»" in text and "«افزودن صندوق…»" in text
    # With a box in use the form is back and the message gone.
    boxes.create_box(admin, "A-1", "ورودی ساختمان", lists.list_units(admin)[0].id)
    with_box = PrintFormsDialog(ui_context(clerk), None)
    qtbot.addWidget(with_box)
    with_box.show()
    qtbot.waitExposed(with_box)
    assert with_box.box_combo.isVisible() and with_box.box_combo.count() == 1
    assert not with_box.findChild(QLabel, "noBoxMessage").isVisible()


def test_print_blank_forms_opens_their_preview(qtbot, show_page, admin: Session) -> None:
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
