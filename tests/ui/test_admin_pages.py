"""Admin pages: users, units and categories, edited through their dialogs by typing."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QLabel

from app import lists, users
from app.permissions import Role, Session
from ui.pages.admin_categories import CategoriesPage
from ui.pages.admin_units import UnitsPage
from ui.pages.admin_users import UsersPage


@pytest.fixture
def open_page(qtbot, ui_context):
    def factory(page_class, session: Session):
        page = page_class(ui_context(session))
        qtbot.addWidget(page)
        page.show()
        qtbot.waitExposed(page)
        return page

    return factory


def table_column(page, column: int = 0) -> list[str]:
    return [page.table.item(row, column).text() for row in range(page.table.rowCount())]


def field_error(dialog, field: str) -> str:
    label = dialog.findChild(QLabel, f"error_{field}")
    return label.text() if label is not None and label.isVisible() else ""


def select_row_with(qtbot, page, text: str) -> None:
    """Click the row whose first cell is ``text``, as the user would."""
    row = table_column(page).index(text)
    index = page.table.model().index(row, 0)
    page.table.scrollTo(index)
    rect = page.table.visualRect(index)
    qtbot.mouseClick(page.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert page.table.currentRow() == row


# --------------------------------------------------------------------------- units


def test_add_a_unit_by_typing(qtbot, open_page, type_text, admin: Session) -> None:
    page = open_page(UnitsPage, admin)
    qtbot.mouseClick(page.add_button, Qt.MouseButton.LeftButton)
    dialog = page.dialog
    assert dialog is not None and dialog.isVisible()
    type_text(dialog.name_edit, "اداره کل فرودگاه‌ها")
    type_text(dialog.head_name_edit, "علی رضایی")
    type_text(dialog.head_title_edit, "مدیر کل")
    QTest.keyClick(dialog.head_title_edit, Qt.Key.Key_Return)  # Enter saves

    qtbot.waitUntil(lambda: page.dialog is None)
    saved = [u for u in lists.list_units(admin) if u.name == "اداره کل فرودگاه‌ها"]
    assert len(saved) == 1 and (saved[0].head_name, saved[0].head_title) == ("علی رضایی", "مدیر کل")
    assert "اداره کل فرودگاه‌ها" in table_column(page)
    assert page.selected_unit() == saved[0]  # the new row is selected


def test_a_duplicate_unit_name_is_shown_next_to_the_field(
    qtbot, open_page, type_text, admin: Session
) -> None:
    page = open_page(UnitsPage, admin)
    count = len(lists.list_units(admin, include_inactive=True))
    qtbot.mouseClick(page.add_button, Qt.MouseButton.LeftButton)
    dialog = page.dialog
    type_text(dialog.name_edit, "استانداري")  # Arabic yeh: the same as «استانداری»
    type_text(dialog.head_name_edit, "علی رضایی")
    qtbot.mouseClick(
        dialog.findChild(type(page.add_button), "saveButton"), Qt.MouseButton.LeftButton
    )

    assert dialog.isVisible() and page.dialog is dialog
    assert field_error(dialog, "name") == "این نام قبلاً ثبت شده است."
    assert dialog.name_edit.text() == "استانداري" and dialog.head_name_edit.text() == "علی رضایی"
    assert len(lists.list_units(admin, include_inactive=True)) == count
    assert page.table.rowCount() == count


def test_edit_a_unit_and_make_it_inactive(qtbot, open_page, type_text, admin: Session) -> None:
    page = open_page(UnitsPage, admin)
    select_row_with(qtbot, page, "استانداری")
    qtbot.mouseClick(page.edit_button, Qt.MouseButton.LeftButton)
    dialog = page.dialog
    assert dialog.name_edit.text() == "استانداری"
    type_text(dialog.head_title_edit, "استاندار")
    dialog.active_check.setChecked(False)
    QTest.keyClick(dialog.name_edit, Qt.Key.Key_Return)

    qtbot.waitUntil(lambda: page.dialog is None)
    unit = next(u for u in lists.list_units(admin, include_inactive=True) if u.name == "استانداری")
    assert unit.head_title == "استاندار" and not unit.active
    row = table_column(page).index("استانداری")
    assert page.table.item(row, 4).text() == "غیرفعال"


def choose_superior(dialog, name: str) -> None:
    combo = dialog.parent_combo
    combo.setCurrentIndex(combo.findText(name))
    assert combo.currentText() == name


def units_by_name(session: Session) -> dict[str, lists.UnitInfo]:
    return {u.name: u for u in lists.list_units(session, include_inactive=True)}


def test_set_a_superior_unit_and_a_cycle_is_refused(qtbot, open_page, admin: Session) -> None:
    page = open_page(UnitsPage, admin)
    select_row_with(qtbot, page, "شهرداری مرکز استان")
    qtbot.mouseClick(page.edit_button, Qt.MouseButton.LeftButton)
    dialog = page.dialog
    assert dialog.parent_combo.currentData() is None  # none yet
    assert dialog.parent_combo.findText("شهرداری مرکز استان") == -1  # not its own superior
    choose_superior(dialog, "استانداری")
    QTest.keyClick(dialog.name_edit, Qt.Key.Key_Return)

    qtbot.waitUntil(lambda: page.dialog is None)
    units = units_by_name(admin)
    assert units["شهرداری مرکز استان"].parent_id == units["استانداری"].id
    row = table_column(page).index("شهرداری مرکز استان")
    assert page.table.item(row, 1).text() == "استانداری"

    select_row_with(qtbot, page, "استانداری")
    qtbot.mouseClick(page.edit_button, Qt.MouseButton.LeftButton)
    dialog = page.dialog
    choose_superior(dialog, "شهرداری مرکز استان")  # its own subordinate
    QTest.keyClick(dialog.name_edit, Qt.Key.Key_Return)

    assert dialog.isVisible() and page.dialog is dialog
    assert field_error(dialog, "parent") == "واحد نمی‌تواند بالادست خود یا زیرمجموعه‌اش باشد."
    assert units_by_name(admin)["استانداری"].parent_id is None

    choose_superior(dialog, dialog.parent_combo.itemText(0))  # back to none
    QTest.keyClick(dialog.name_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.dialog is None)
    assert units_by_name(admin)["شهرداری مرکز استان"].parent_id == units["استانداری"].id


def test_add_a_unit_under_a_superior(qtbot, open_page, type_text, admin: Session) -> None:
    page = open_page(UnitsPage, admin)
    qtbot.mouseClick(page.add_button, Qt.MouseButton.LeftButton)
    dialog = page.dialog
    type_text(dialog.name_edit, "منطقه‌ی ۲ شهرداری")
    choose_superior(dialog, "شهرداری مرکز استان")
    QTest.keyClick(dialog.name_edit, Qt.Key.Key_Return)

    qtbot.waitUntil(lambda: page.dialog is None)
    units = units_by_name(admin)
    assert units["منطقه‌ی ۲ شهرداری"].parent_id == units["شهرداری مرکز استان"].id
    assert page.selected_unit() == units["منطقه‌ی ۲ شهرداری"]


def test_units_page_refuses_a_clerk(open_page, message_boxes, clerk: Session) -> None:
    page = open_page(UnitsPage, clerk)
    dialog = page.open_add_dialog()
    dialog.name_edit.setText("واحد تازه")
    dialog.accept()
    assert field_error(dialog, "name") == ""
    assert dialog.errors.general.text() == "شما اجازه‌ی این کار را ندارید."
    assert "واحد تازه" not in {u.name for u in lists.list_units(clerk)}


# --------------------------------------------------------------------------- categories


def test_add_and_rename_a_category(qtbot, open_page, type_text, admin: Session) -> None:
    page = open_page(CategoriesPage, admin)
    qtbot.mouseClick(page.add_button, Qt.MouseButton.LeftButton)
    type_text(page.dialog.name_edit, "کم‌فروشی")
    QTest.keyClick(page.dialog.name_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.dialog is None)
    assert "کم‌فروشی" in table_column(page)

    qtbot.mouseClick(page.edit_button, Qt.MouseButton.LeftButton)  # the new row is selected
    page.dialog.name_edit.clear()
    type_text(page.dialog.name_edit, "سایر")  # taken
    QTest.keyClick(page.dialog.name_edit, Qt.Key.Key_Return)
    assert field_error(page.dialog, "name") == "این نام قبلاً ثبت شده است."
    page.dialog.name_edit.clear()
    type_text(page.dialog.name_edit, "گران‌فروشی")
    QTest.keyClick(page.dialog.name_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.dialog is None)
    names = {c.name for c in lists.list_categories(admin)}
    assert "گران‌فروشی" in names and "کم‌فروشی" not in names


# --------------------------------------------------------------------------- users


def test_add_a_user_who_can_then_log_in(qtbot, open_page, type_text, admin: Session) -> None:
    page = open_page(UsersPage, admin)
    qtbot.mouseClick(page.add_button, Qt.MouseButton.LeftButton)
    dialog = page.dialog
    type_text(dialog.username_edit, "maryam")
    type_text(dialog.full_name_edit, "مریم کاظمی")
    dialog.role_combo.setCurrentIndex(dialog.role_combo.findData(Role.INSPECTOR.value))
    assert dialog.role_combo.currentText() == "بازرس"
    type_text(dialog.password_edit, "maryam-pass-1")
    type_text(dialog.repeat_edit, "maryam-pass-2")
    QTest.keyClick(dialog.repeat_edit, Qt.Key.Key_Return)
    assert field_error(dialog, "repeat")  # mismatch caught before the service is asked
    dialog.repeat_edit.clear()
    type_text(dialog.repeat_edit, "maryam-pass-1")
    QTest.keyClick(dialog.repeat_edit, Qt.Key.Key_Return)

    qtbot.waitUntil(lambda: page.dialog is None)
    assert "maryam" in table_column(page)
    session = users.login("maryam", "maryam-pass-1")
    assert (session.full_name, session.role) == ("مریم کاظمی", Role.INSPECTOR)


def test_the_add_user_dialog_shows_every_problem_at_once(
    qtbot, open_page, type_text, admin: Session
) -> None:
    page = open_page(UsersPage, admin)
    qtbot.mouseClick(page.add_button, Qt.MouseButton.LeftButton)
    dialog = page.dialog
    type_text(dialog.username_edit, "مریم")  # not Latin
    type_text(dialog.password_edit, "short")  # too short, and not repeated
    type_text(dialog.repeat_edit, "shorter")
    QTest.keyClick(dialog.repeat_edit, Qt.Key.Key_Return)

    assert dialog.isVisible()
    assert field_error(dialog, "username") == "نام کاربری را با حروف لاتین و بدون فاصله وارد کنید."
    assert field_error(dialog, "full_name") == "نام و نام خانوادگی را وارد کنید."
    assert field_error(dialog, "password") == "گذرواژه باید دست‌کم ۸ نویسه باشد."
    assert field_error(dialog, "repeat") == "دو گذرواژه‌ی واردشده یکسان نیستند."
    assert not field_error(dialog, "role")
    for field in ("username", "full_name", "password", "repeat"):
        assert dialog.errors.is_marked(field), field
    assert len(users.list_users(admin)) == 1

    # Correcting the name clears its message and frame, and only those.
    type_text(dialog.full_name_edit, "مریم کاظمی")
    assert not field_error(dialog, "full_name") and not dialog.errors.is_marked("full_name")
    assert field_error(dialog, "username") and field_error(dialog, "password")
    assert field_error(dialog, "repeat") and dialog.errors.is_marked("username")


def test_a_taken_username_is_shown_next_to_the_field(
    qtbot, open_page, type_text, admin: Session
) -> None:
    page = open_page(UsersPage, admin)
    qtbot.mouseClick(page.add_button, Qt.MouseButton.LeftButton)
    dialog = page.dialog
    type_text(dialog.username_edit, "admin")
    type_text(dialog.full_name_edit, "کاربر دوم")
    type_text(dialog.password_edit, "another-pass-1")
    type_text(dialog.repeat_edit, "another-pass-1")
    QTest.keyClick(dialog.repeat_edit, Qt.Key.Key_Return)
    assert dialog.isVisible()
    assert field_error(dialog, "username") == "این نام کاربری قبلاً ثبت شده است."
    assert dialog.full_name_edit.text() == "کاربر دوم"
    assert len(users.list_users(admin)) == 1


def test_admin_cannot_remove_their_own_admin_role(qtbot, open_page, admin: Session) -> None:
    page = open_page(UsersPage, admin)
    select_row_with(qtbot, page, "admin")
    qtbot.mouseClick(page.edit_button, Qt.MouseButton.LeftButton)
    dialog = page.dialog
    assert dialog.username_edit.isReadOnly()
    dialog.role_combo.setCurrentIndex(dialog.role_combo.findData(Role.CLERK.value))
    QTest.keyClick(dialog.full_name_edit, Qt.Key.Key_Return)
    assert dialog.isVisible()
    assert field_error(dialog, "role") == "نمی‌توانید نقش مدیر سامانه را از خودتان بگیرید."
    assert users.list_users(admin)[0].role == Role.ADMIN


def test_reset_a_password(qtbot, open_page, type_text, session_for) -> None:
    admin = session_for(Role.ADMIN)
    session_for(Role.CLERK)
    page = open_page(UsersPage, admin)
    select_row_with(qtbot, page, "user_clerk")
    qtbot.mouseClick(page.reset_button, Qt.MouseButton.LeftButton)
    dialog = page.dialog
    type_text(dialog.password_edit, "short")
    type_text(dialog.repeat_edit, "short")
    QTest.keyClick(dialog.repeat_edit, Qt.Key.Key_Return)
    assert field_error(dialog, "password") == "گذرواژه باید دست‌کم ۸ نویسه باشد."
    dialog.password_edit.clear()
    dialog.repeat_edit.clear()
    type_text(dialog.password_edit, "fresh-pass-1")
    type_text(dialog.repeat_edit, "fresh-pass-1")
    QTest.keyClick(dialog.repeat_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.dialog is None)
    assert users.login("user_clerk", "fresh-pass-1").role == Role.CLERK
