"""The first-start wizard, driven by typing into its fields like the office's admin would."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QLabel, QLineEdit, QListWidget, QWizard

from app import lists, office, users
from app.errors import ValidationError
from app.permissions import Session
from app.vocabulary import DEFAULT_UNITS
from ui.wizard import SetupWizard

OFFICE_NAME = "دفتر بازرسی و رسیدگی به شکایات استان هرمزگان"


def make_wizard(qtbot) -> SetupWizard:
    wizard = SetupWizard()
    qtbot.addWidget(wizard)
    wizard.show()
    qtbot.waitExposed(wizard)
    return wizard


def click(qtbot, wizard: SetupWizard, which: QWizard.WizardButton) -> None:
    qtbot.mouseClick(wizard.button(which), Qt.MouseButton.LeftButton)


def error_text(page, field: str) -> str:
    label = page.findChild(QLabel, f"error_{field}")
    return label.text() if label is not None and label.isVisible() else ""


def item_editor(view: QListWidget) -> QLineEdit:
    """The in-place editor the list opened for the new item."""
    editor = view.viewport().findChild(QLineEdit)
    assert editor is not None and editor.isVisible()
    return editor


def fill_office_page(type_text, wizard: SetupWizard) -> None:
    page = wizard.office_page
    type_text(page.name_edit, OFFICE_NAME)
    type_text(page.code_edit, "۱۲۳")  # Persian digits, as typed on a Persian keyboard
    page.province_combo.setFocus()
    type_text(page.province_combo, "هرمزگان")
    type_text(page.county_edit, "بندرعباس")
    type_text(page.phone_edit, "07633334444")


def fill_admin_page(type_text, wizard: SetupWizard, username: str = "admin") -> None:
    page = wizard.admin_page
    page.username_edit.clear()
    type_text(page.username_edit, username)
    type_text(page.full_name_edit, "زهرا احمدی")
    type_text(page.password_edit, "secret-pass-1")
    type_text(page.repeat_edit, "secret-pass-1")


def fill_signer_page(type_text, wizard: SetupWizard) -> None:
    page = wizard.signer_page
    type_text(page.signer_name_edit, "علی جهانگیری")
    type_text(page.signer_title_edit, "مدیرکل بازرسی استان هرمزگان")
    type_text(page.footer_edit, "بندرعباس، بلوار امام خمینی — تلفن ۰۷۶-۳۳۳۳۴۴۴۴")


def test_next_is_refused_until_the_office_page_is_complete(qtbot, type_text, db_path: Path) -> None:
    wizard = make_wizard(qtbot)
    click(qtbot, wizard, QWizard.WizardButton.NextButton)
    assert wizard.currentId() == wizard.office_id
    page = wizard.office_page
    for field in ("office_name", "office_code", "province", "county"):
        assert error_text(page, field), field
    assert not error_text(page, "phone")
    fill_office_page(type_text, wizard)
    assert page.province_combo.currentText() == "هرمزگان"
    click(qtbot, wizard, QWizard.WizardButton.NextButton)
    assert wizard.currentId() == wizard.admin_id


def at_admin_page(qtbot, type_text):
    """A wizard whose office page is filled in, on its administrator page."""
    wizard = make_wizard(qtbot)
    fill_office_page(type_text, wizard)
    click(qtbot, wizard, QWizard.WizardButton.NextButton)
    return wizard


def test_password_repeat_must_match(qtbot, type_text, db_path: Path) -> None:
    wizard = at_admin_page(qtbot, type_text)
    page = wizard.admin_page
    type_text(page.username_edit, "admin")
    type_text(page.full_name_edit, "زهرا احمدی")
    type_text(page.password_edit, "secret-pass-1")
    type_text(page.repeat_edit, "secret-pass-2")
    click(qtbot, wizard, QWizard.WizardButton.NextButton)
    assert wizard.currentId() == wizard.admin_id
    assert error_text(page, "repeat")
    assert page.password_edit.text() == "secret-pass-1"  # nothing typed is lost


def test_a_persian_username_is_refused_on_its_own_page(qtbot, type_text, db_path: Path) -> None:
    wizard = at_admin_page(qtbot, type_text)
    fill_admin_page(type_text, wizard, username="زهرا")
    click(qtbot, wizard, QWizard.WizardButton.NextButton)

    page = wizard.admin_page
    assert wizard.currentId() == wizard.admin_id  # not let through to «پایان»
    # The set-up's own message, shown by the field it is about.
    assert error_text(page, "username") == "نام کاربری را با حروف لاتین و بدون فاصله وارد کنید."
    assert page.errors.is_marked("username")
    assert wizard.focusWidget() is page.username_edit
    assert not error_text(page, "full_name") and not error_text(page, "password")

    page.username_edit.selectAll()
    type_text(page.username_edit, "zahra")  # corrected: the message goes at once
    assert not error_text(page, "username") and not page.errors.is_marked("username")
    click(qtbot, wizard, QWizard.WizardButton.NextButton)
    assert wizard.currentId() == wizard.signer_id


def test_every_problem_on_the_admin_page_shows_at_once(qtbot, type_text, db_path: Path) -> None:
    wizard = at_admin_page(qtbot, type_text)
    page = wizard.admin_page
    type_text(page.username_edit, "مدیر")
    type_text(page.password_edit, "short")
    type_text(page.repeat_edit, "other")
    click(qtbot, wizard, QWizard.WizardButton.NextButton)
    assert wizard.currentId() == wizard.admin_id
    for field in ("username", "full_name", "password", "repeat"):
        assert error_text(page, field), field
    assert error_text(page, "password") == "گذرواژه باید دست‌کم ۸ نویسه باشد."

    type_text(page.full_name_edit, "زهرا احمدی")  # fixing one clears only that one
    assert not error_text(page, "full_name")
    assert error_text(page, "username") and error_text(page, "password")
    assert error_text(page, "repeat")


def test_the_whole_wizard_sets_up_the_office(qtbot, type_text, db_path: Path) -> None:
    wizard = at_admin_page(qtbot, type_text)
    fill_admin_page(type_text, wizard)
    click(qtbot, wizard, QWizard.WizardButton.NextButton)
    assert wizard.currentId() == wizard.signer_id
    click(qtbot, wizard, QWizard.WizardButton.NextButton)  # a letter needs its signer
    assert wizard.currentId() == wizard.signer_id
    assert error_text(wizard.signer_page, "signer_name")
    assert error_text(wizard.signer_page, "signer_title")
    fill_signer_page(type_text, wizard)
    assert not error_text(wizard.signer_page, "signer_name")
    click(qtbot, wizard, QWizard.WizardButton.NextButton)
    assert wizard.currentId() == wizard.lists_id

    units = wizard.lists_page.units
    assert units.list.count() == len(DEFAULT_UNITS)
    units.list.setCurrentRow(0)  # remove the first default unit...
    qtbot.mouseClick(units.remove_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(units.add_button, Qt.MouseButton.LeftButton)  # ...and add one by typing
    editor = item_editor(units.list)
    type_text(editor, "اداره کل فرودگاه‌ها")
    QTest.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: units.list.item(units.list.count() - 1).text() != "")
    assert "حضوری" in wizard.lists_page.fixed_note.text()  # the fixed channels are listed

    click(qtbot, wizard, QWizard.WizardButton.FinishButton)

    assert wizard.result() == QWizard.DialogCode.Accepted
    assert wizard.session is not None and wizard.session.username == "admin"
    assert office.is_set_up()
    info = office.office_info()
    assert info is not None and (info.name, info.code, info.province) == (
        OFFICE_NAME,
        123,
        "هرمزگان",
    )
    assert users.login("admin", "secret-pass-1").full_name == "زهرا احمدی"
    from app import letterhead

    head = letterhead.load_letterhead()
    assert (head.signer_name, head.signer_title) == (
        "علی جهانگیری",
        "مدیرکل بازرسی استان هرمزگان",
    )
    assert head.footer == "بندرعباس، بلوار امام خمینی — تلفن ۰۷۶-۳۳۳۳۴۴۴۴"
    names = {u.name for u in lists.list_units(wizard.session)}
    assert "اداره کل فرودگاه‌ها" in names
    assert DEFAULT_UNITS[0] not in names
    assert len(names) == len(DEFAULT_UNITS)


def test_a_service_error_returns_to_the_field_and_keeps_the_wizard_open(
    qtbot, type_text, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """What the pages cannot judge (the database) is refused at Finish, on its page."""
    wizard = at_admin_page(qtbot, type_text)
    fill_admin_page(type_text, wizard)
    click(qtbot, wizard, QWizard.WizardButton.NextButton)
    fill_signer_page(type_text, wizard)
    click(qtbot, wizard, QWizard.WizardButton.NextButton)
    taken = "این نام کاربری قبلاً ثبت شده است."
    real_set_up = office.set_up

    def refuse(_request: office.SetupRequest) -> Session:
        raise ValidationError({"username": taken})

    monkeypatch.setattr(office, "set_up", refuse)
    click(qtbot, wizard, QWizard.WizardButton.FinishButton)

    assert wizard.isVisible()
    assert wizard.currentId() == wizard.admin_id
    assert error_text(wizard.admin_page, "username") == taken  # the service's Persian message
    assert not office.is_set_up()

    monkeypatch.setattr(office, "set_up", real_set_up)
    fill_admin_page(type_text, wizard, username="zahra")
    assert not error_text(wizard.admin_page, "username")
    click(qtbot, wizard, QWizard.WizardButton.NextButton)
    click(qtbot, wizard, QWizard.WizardButton.NextButton)  # the signer, as typed before
    click(qtbot, wizard, QWizard.WizardButton.FinishButton)
    assert office.is_set_up()
    assert wizard.session is not None and wizard.session.username == "zahra"


def test_duplicate_names_in_a_list_are_caught_before_saving(
    qtbot, type_text, db_path: Path
) -> None:
    wizard = at_admin_page(qtbot, type_text)
    fill_admin_page(type_text, wizard)
    click(qtbot, wizard, QWizard.WizardButton.NextButton)
    fill_signer_page(type_text, wizard)
    click(qtbot, wizard, QWizard.WizardButton.NextButton)
    categories = wizard.lists_page.categories
    qtbot.mouseClick(categories.add_button, Qt.MouseButton.LeftButton)
    editor = item_editor(categories.list)
    type_text(editor, "ساير")  # Arabic yeh: the same name as «سایر» once normalised
    # Finish while the editor is still open: what is being typed counts too.
    click(qtbot, wizard, QWizard.WizardButton.FinishButton)
    assert categories.error.isVisible() and "ساير" in categories.error.text()
    assert not office.is_set_up()


def test_an_office_moving_here_is_restored_from_its_backup(
    qtbot, db_path: Path, tmp_path: Path, message_boxes, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The old computer died: the first start restores the office from its backup, then the
    usual login follows with the office's own users."""
    from PySide6.QtWidgets import QInputDialog

    from tests.app.helpers import run_dadras
    from tests.app.test_office_cli import OFFICE

    old = tmp_path / "old computer" / "dadras.sqlite3"
    secrets = {"DADRAS_PASSWORD": "admin-pass-1234", "DADRAS_BACKUP_PASSPHRASE": "a passphrase"}
    made = run_dadras("setup", "--db", str(old), *OFFICE, "--admin", "admin", "--admin-name",
                      "مدیر سامانه", env=secrets)  # fmt: skip
    assert made.returncode == 0, made.stderr
    usb = tmp_path / "usb"
    usb.mkdir()
    made = run_dadras("backup", "--db", str(old), "--user", "admin", "--to", str(usb),
                      "--encrypt", env=secrets)  # fmt: skip
    assert made.returncode == 0, made.stderr
    (copy,) = usb.iterdir()

    wizard = make_wizard(qtbot)
    assert wizard.office_page.restore_button.isVisible()
    monkeypatch.setattr(QInputDialog, "getText", lambda *args, **kw: ("wrong", True))
    wizard.restore_file(copy)
    qtbot.waitUntil(lambda: wizard.task is None, timeout=20_000)
    assert wizard.restored is None and not office.is_set_up()  # refused, nothing changed
    assert "گذرواژه" in message_boxes[-1].text()
    monkeypatch.setattr(QInputDialog, "getText", lambda *args, **kw: ("a passphrase", True))
    wizard.restore_file(copy)
    qtbot.waitUntil(lambda: wizard.task is None, timeout=20_000)
    assert wizard.restored is not None and wizard.restored.office_code == 123
    assert office.is_set_up() and users.login("admin", "admin-pass-1234").username == "admin"
