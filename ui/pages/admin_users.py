"""Admin: the users, their roles, and password resets."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QComboBox, QFormLayout, QLabel, QLineEdit, QWidget

from app import jalali, users
from app.permissions import ROLE_LABELS, Role, Session
from app.users import UserInfo
from ui.context import UiContext
from ui.errors import guarded_slot
from ui.pages.admin_common import (
    PageTexts,
    RecordDialog,
    RecordsPage,
    line_edit,
    status_text,
)


def password_edit(object_name: str) -> QLineEdit:
    edit = line_edit(object_name, max_length=128)
    edit.setEchoMode(QLineEdit.EchoMode.Password)
    return edit


# --------------------------------------------------------------------------- dialogs


class UserDialog(RecordDialog[UserInfo]):
    """Add a user (username, name, role, password) or edit one (name, role, active)."""

    def __init__(self, session: Session, user: UserInfo | None, parent: QWidget | None) -> None:
        super().__init__(session, user, parent, "userDialog")
        self.setWindowTitle(self.tr("Edit user") if user else self.tr("Add user"))
        self.username_edit = line_edit("username", user.username if user else "", 64)
        self.username_edit.setReadOnly(user is not None)
        self.full_name_edit = line_edit("fullName", user.full_name if user else "")
        self.role_combo = QComboBox()
        self.role_combo.setObjectName("role")
        for role, label in ROLE_LABELS.items():
            self.role_combo.addItem(label, role.value)
        self.role_combo.setCurrentIndex(
            self.role_combo.findData((user.role if user else Role.CLERK).value)
        )
        self.active_check = QCheckBox(self.tr("Active (may log in)"))
        self.active_check.setObjectName("active")
        self.active_check.setChecked(user.active if user else True)
        self.password_edit = password_edit("password")
        self.repeat_edit = password_edit("repeatPassword")
        form = QFormLayout()
        self.errors.add_row(form, self.tr("Username"), "username", self.username_edit)
        self.errors.add_row(form, self.tr("Full name"), "full_name", self.full_name_edit)
        self.errors.add_row(form, self.tr("Role"), "role", self.role_combo)
        if user is None:
            self.errors.add_row(form, self.tr("Password"), "password", self.password_edit)
            self.errors.add_row(form, self.tr("Repeat the password"), "repeat", self.repeat_edit)
        else:
            form.addRow("", self.active_check)
        self.lay_out(form, min_width=460)
        (self.full_name_edit if user else self.username_edit).setFocus()

    def role(self) -> Role:
        return Role(self.role_combo.currentData())

    def check(self) -> dict[str, str]:
        if self.record is not None:
            return {}
        problems = users.user_problems(
            self.username_edit.text(), self.full_name_edit.text(), self.role().value,
            self.password_edit.text(),
        )  # fmt: skip
        if self.repeat_edit.text() != self.password_edit.text():
            problems["repeat"] = self.tr("The two passwords are not the same.")
        return problems

    def save_record(self) -> UserInfo:
        if self.record is None:
            return users.create_user(
                self.session, self.username_edit.text(), self.full_name_edit.text(),
                self.role(), self.password_edit.text(),
            )  # fmt: skip
        return users.update_user(
            self.session, self.record.id, full_name=self.full_name_edit.text(),
            role=self.role(), active=self.active_check.isChecked(),
        )  # fmt: skip


class PasswordDialog(RecordDialog[UserInfo]):
    """Give a user a new password (the admin tells it to them in person)."""

    def __init__(self, session: Session, user: UserInfo, parent: QWidget | None) -> None:
        super().__init__(session, user, parent, "passwordDialog")
        self.user = user
        self.setWindowTitle(self.tr("Reset password"))
        who = QLabel(
            self.tr("New password for %1").replace("%1", f"{user.full_name} ({user.username})")
        )
        who.setTextFormat(Qt.TextFormat.PlainText)
        who.setWordWrap(True)
        self.password_edit = password_edit("password")
        self.repeat_edit = password_edit("repeatPassword")
        form = QFormLayout()
        self.errors.add_row(form, self.tr("New password"), "password", self.password_edit)
        self.errors.add_row(form, self.tr("Repeat the password"), "repeat", self.repeat_edit)
        self.lay_out(form, min_width=420, above=who)
        self.password_edit.setFocus()

    def check(self) -> dict[str, str]:
        user = self.user
        problems = users.user_problems(
            user.username, user.full_name, user.role.value, self.password_edit.text()
        )
        if self.repeat_edit.text() != self.password_edit.text():
            problems["repeat"] = self.tr("The two passwords are not the same.")
        return problems

    def save_record(self) -> UserInfo:
        users.reset_password(self.session, self.user.id, self.password_edit.text())
        return self.user


# --------------------------------------------------------------------------- page


class UsersPage(RecordsPage[UserInfo]):
    """The office's users; add, edit (double-click or Enter) and reset a password."""

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent, "usersPage", stretch_column=1)
        self.reset_button = self.add_record_button(
            self.tr("Reset password…"), "resetPasswordButton", "reset_password"
        )
        self.reset_button.clicked.connect(self.open_password_dialog)

    def page_texts(self) -> PageTexts:
        return PageTexts(
            title=self.tr("Users"),
            headers=[self.tr("Username"), self.tr("Full name"), self.tr("Role"),
                     self.tr("Status"), self.tr("Last login")],
            add=self.tr("Add user…"),
        )  # fmt: skip

    def list_records(self) -> list[UserInfo]:
        return users.list_users(self.ctx.session)

    def texts(self, user: UserInfo) -> list[str]:
        last = jalali.format_datetime(user.last_login_at) if user.last_login_at else ""
        return [
            user.username,
            user.full_name,
            ROLE_LABELS[user.role],
            status_text(user.active),
            last,
        ]

    def make_dialog(self, user: UserInfo | None) -> UserDialog:
        return UserDialog(self.ctx.session, user, self)

    def selected_user(self) -> UserInfo | None:
        return self.selected()

    @guarded_slot
    def open_password_dialog(self) -> PasswordDialog | None:
        user = self.selected()
        if user is None:
            return None
        dialog = PasswordDialog(self.ctx.session, user, self)
        self.open_dialog(dialog)
        return dialog
