"""The login dialog: what the user sees on a wrong and a right password."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QDialog, QLineEdit

from app.permissions import Role, Session
from tests.conftest import ADMIN_PASSWORD
from ui.login import LoginDialog


def make_dialog(qtbot) -> LoginDialog:
    dialog = LoginDialog()
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def test_shows_the_office_name_and_hides_the_password(qtbot, admin: Session) -> None:
    dialog = make_dialog(qtbot)
    assert dialog.office_label.text() == "دفتر بازرسی و رسیدگی به شکایات استان هرمزگان"
    assert dialog.office_label.textFormat() == Qt.TextFormat.PlainText
    assert dialog.password_edit.echoMode() == QLineEdit.EchoMode.Password


def test_wrong_password_shows_the_persian_message(qtbot, admin: Session) -> None:
    dialog = make_dialog(qtbot)
    qtbot.keyClicks(dialog.username_edit, "admin")
    qtbot.keyClicks(dialog.password_edit, "not-the-password")
    QTest.keyClick(dialog.password_edit, Qt.Key.Key_Return)

    assert dialog.isVisible()
    assert dialog.session is None
    assert dialog.error.isVisible()
    assert dialog.error.text() == "نام کاربری یا گذرواژه نادرست است."
    assert dialog.username_edit.text() == "admin"  # kept, so only the password is retyped
    assert dialog.password_edit.text() == ""


def test_unknown_user_gets_the_same_message(qtbot, admin: Session) -> None:
    dialog = make_dialog(qtbot)
    qtbot.keyClicks(dialog.username_edit, "nobody")
    qtbot.keyClicks(dialog.password_edit, "whatever-1")
    QTest.keyClick(dialog.password_edit, Qt.Key.Key_Return)
    assert dialog.error.text() == "نام کاربری یا گذرواژه نادرست است."


def test_empty_fields_are_not_sent(qtbot, admin: Session) -> None:
    dialog = make_dialog(qtbot)
    QTest.keyClick(dialog.username_edit, Qt.Key.Key_Return)
    assert dialog.isVisible() and dialog.error.isVisible() and dialog.error.text()


def test_right_password_returns_a_session(qtbot, admin: Session) -> None:
    dialog = make_dialog(qtbot)
    qtbot.keyClicks(dialog.username_edit, "admin")
    qtbot.keyClicks(dialog.password_edit, ADMIN_PASSWORD)
    QTest.keyClick(dialog.password_edit, Qt.Key.Key_Return)

    assert dialog.result() == QDialog.DialogCode.Accepted
    assert not dialog.isVisible()
    assert dialog.session is not None
    assert (dialog.session.username, dialog.session.role) == ("admin", Role.ADMIN)


def test_a_locked_account_shows_when_it_can_try_again(qtbot, admin: Session) -> None:
    dialog = make_dialog(qtbot)
    qtbot.keyClicks(dialog.username_edit, "admin")
    for _ in range(4):
        qtbot.keyClicks(dialog.password_edit, "wrong-password")
        QTest.keyClick(dialog.password_edit, Qt.Key.Key_Return)
    assert "دقیقه" in dialog.error.text()
    assert dialog.session is None


def test_prepare_runs_once_on_screen_then_enables_login(qtbot, admin: Session) -> None:
    calls: list[bool] = []

    def prepare() -> str:
        calls.append(dialog.isVisible())
        return "دفتر آزمایشی"

    dialog = LoginDialog(prepare=prepare)
    qtbot.addWidget(dialog)
    assert not dialog.login_button.isEnabled() and dialog.office_label.text() == ""
    dialog.show()
    qtbot.waitUntil(lambda: dialog.prepared)
    assert calls == [True]
    assert dialog.office_label.text() == "دفتر آزمایشی"
    assert dialog.login_button.isEnabled()


def test_prepare_returning_none_rejects_the_dialog(qtbot, admin: Session) -> None:
    dialog = LoginDialog(prepare=lambda: None)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert dialog.result() == QDialog.DialogCode.Rejected
    assert not dialog.prepared and dialog.session is None


def test_persian_letters_in_the_username_say_the_keyboard_is_on_persian(
    qtbot, type_text, admin: Session
) -> None:
    dialog = make_dialog(qtbot)
    hint = dialog.keyboard_hint
    assert not hint.isVisible()
    type_text(dialog.username_edit, "ش")  # the first key of "admin", keyboard on Persian
    assert hint.isVisible()  # at once, while the user types
    type_text(dialog.username_edit, "یپهد")
    assert dialog.username_edit.text() == "شیپهد" and hint.isVisible()
    assert hint.text().startswith("صفحه‌کلید روی فارسی است")
    below = hint.mapTo(dialog, hint.rect().topLeft()).y()
    assert below >= dialog.username_edit.mapTo(dialog, dialog.username_edit.rect().bottomLeft()).y()
    assert below < dialog.password_edit.mapTo(dialog, dialog.password_edit.rect().topLeft()).y()
    dialog.username_edit.clear()  # switched back to English and typed again
    assert not hint.isVisible()
    qtbot.keyClicks(dialog.username_edit, "admin")
    assert not hint.isVisible()
    dialog.username_edit.insert("۱")  # Persian digits too come from the Persian layout
    assert hint.isVisible()
