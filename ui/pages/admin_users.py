"""Admin: the users, their roles, and password resets.

Also holds the small table helpers the three admin pages share (no translated text in them:
``self.tr`` takes its context from the instance's class, so translated strings stay in the
class that lupdate sees).
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app import jalali, users
from app.errors import DadrasError
from app.permissions import ROLE_LABELS, Role, Session
from app.persian import to_persian_digits
from app.users import MIN_PASSWORD_LENGTH, UserInfo
from ui.context import UiContext
from ui.errors import FieldErrors, guarded, guarded_slot

# --------------------------------------------------------------------------- shared helpers


def make_table(headers: Sequence[str], stretch_column: int = 0) -> QTableWidget:
    table = QTableWidget(0, len(headers))
    table.setObjectName("table")
    table.setHorizontalHeaderLabels(list(headers))
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setAlternatingRowColors(True)
    table.verticalHeader().setVisible(False)
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setSectionResizeMode(stretch_column, QHeaderView.ResizeMode.Stretch)
    header.setMinimumSectionSize(90)
    table.setWordWrap(False)
    return table


def fill_row(
    table: QTableWidget, row: int, record_id: int, texts: Sequence[str], active: bool
) -> None:
    """Write one record's cells; the id rides on the first cell, inactive rows are greyed."""
    grey = table.palette().brush(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text)
    for column, text in enumerate(texts):
        item = QTableWidgetItem(text)
        if column == 0:
            item.setData(Qt.ItemDataRole.UserRole, record_id)
        if not active:
            item.setForeground(QBrush(grey))
        table.setItem(row, column, item)


def selected_id(table: QTableWidget) -> int | None:
    rows = table.selectionModel().selectedRows()
    item = table.item(rows[0].row(), 0) if rows else None
    return int(item.data(Qt.ItemDataRole.UserRole)) if item is not None else None


def select_id(table: QTableWidget, record_id: int | None) -> None:
    for row in range(table.rowCount()):
        item = table.item(row, 0)
        if item is not None and item.data(Qt.ItemDataRole.UserRole) == record_id:
            table.setCurrentCell(row, 0)
            table.scrollToItem(item)
            return


def line_edit(object_name: str, text: str = "", max_length: int = 200) -> QLineEdit:
    edit = QLineEdit(text)
    edit.setObjectName(object_name)
    edit.setMaxLength(max_length)
    return edit


def heading(text: str) -> QLabel:
    label = QLabel(text)
    label.setProperty("role", "heading")
    return label


def button(text: str, object_name: str) -> QPushButton:
    push = QPushButton(text)
    push.setObjectName(object_name)
    push.setAutoDefault(False)
    return push


def save_buttons(dialog: QDialog, save_text: str, cancel_text: str) -> QDialogButtonBox:
    """Save (the default: Enter saves) and Cancel, wired to the dialog."""
    box = QDialogButtonBox()
    save = box.addButton(save_text, QDialogButtonBox.ButtonRole.AcceptRole)
    save.setObjectName("saveButton")
    save.setDefault(True)
    cancel = box.addButton(cancel_text, QDialogButtonBox.ButtonRole.RejectRole)
    cancel.setObjectName("cancelButton")
    cancel.setAutoDefault(False)
    box.accepted.connect(dialog.accept)
    box.rejected.connect(dialog.reject)
    return box


def password_edit(object_name: str) -> QLineEdit:
    edit = line_edit(object_name, max_length=128)
    edit.setEchoMode(QLineEdit.EchoMode.Password)
    return edit


# --------------------------------------------------------------------------- dialogs


class UserDialog(QDialog):
    """Add a user (username, name, role, password) or edit one (name, role, active)."""

    saved = Signal(object)  # UserInfo

    def __init__(self, session: Session, user: UserInfo | None, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.setObjectName("userDialog")
        self.session, self.user = session, user
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
        self.errors = FieldErrors()
        self._lay_out()

    def _lay_out(self) -> None:
        form = QFormLayout()
        self.errors.add_row(form, self.tr("Username"), "username", self.username_edit)
        self.errors.add_row(form, self.tr("Full name"), "full_name", self.full_name_edit)
        self.errors.add_row(form, self.tr("Role"), "role", self.role_combo)
        if self.user is None:
            self.errors.add_row(form, self.tr("Password"), "password", self.password_edit)
            self.errors.add_row(form, self.tr("Repeat the password"), "repeat", self.repeat_edit)
        else:
            form.addRow("", self.active_check)
        column = QVBoxLayout(self)
        column.addLayout(form)
        column.addWidget(self.errors.general)
        column.addWidget(save_buttons(self, self.tr("Save"), self.tr("Cancel")))
        self.setMinimumWidth(460)
        (self.full_name_edit if self.user else self.username_edit).setFocus()

    def role(self) -> Role:
        return Role(self.role_combo.currentData())

    def _check_passwords(self) -> bool:
        if self.user is not None:
            return True
        if len(self.password_edit.text()) < MIN_PASSWORD_LENGTH:
            message = self.tr("The password must have at least %1 characters.")
            self.errors.show(
                {"password": message.replace("%1", to_persian_digits(MIN_PASSWORD_LENGTH))}
            )
            return False
        if self.repeat_edit.text() != self.password_edit.text():
            self.errors.show({"repeat": self.tr("The two passwords are not the same.")})
            return False
        return True

    def _save(self) -> UserInfo:
        if self.user is None:
            return users.create_user(
                self.session, self.username_edit.text(), self.full_name_edit.text(),
                self.role(), self.password_edit.text(),
            )  # fmt: skip
        return users.update_user(
            self.session, self.user.id, full_name=self.full_name_edit.text(),
            role=self.role(), active=self.active_check.isChecked(),
        )  # fmt: skip

    def accept(self) -> None:
        with guarded(self):
            self.errors.clear()
            if not self._check_passwords():
                return
            try:
                info = self._save()
            except DadrasError as exc:
                self.errors.show_exception(exc)
                return
            self.saved.emit(info)
            super().accept()


class PasswordDialog(QDialog):
    """Give a user a new password (the admin tells it to them in person)."""

    def __init__(self, session: Session, user: UserInfo, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.setObjectName("passwordDialog")
        self.session, self.user = session, user
        self.setWindowTitle(self.tr("Reset password"))
        who = QLabel(
            self.tr("New password for %1").replace("%1", f"{user.full_name} ({user.username})")
        )
        who.setTextFormat(Qt.TextFormat.PlainText)
        who.setWordWrap(True)
        self.password_edit = password_edit("password")
        self.repeat_edit = password_edit("repeatPassword")
        self.errors = FieldErrors()
        form = QFormLayout()
        self.errors.add_row(form, self.tr("New password"), "password", self.password_edit)
        self.errors.add_row(form, self.tr("Repeat the password"), "repeat", self.repeat_edit)
        column = QVBoxLayout(self)
        column.addWidget(who)
        column.addLayout(form)
        column.addWidget(self.errors.general)
        column.addWidget(save_buttons(self, self.tr("Save"), self.tr("Cancel")))
        self.setMinimumWidth(420)
        self.password_edit.setFocus()

    def accept(self) -> None:
        with guarded(self):
            self.errors.clear()
            if self.repeat_edit.text() != self.password_edit.text():
                self.errors.show({"repeat": self.tr("The two passwords are not the same.")})
                return
            try:
                users.reset_password(self.session, self.user.id, self.password_edit.text())
            except DadrasError as exc:
                self.errors.show_exception(exc)
                return
            super().accept()


# --------------------------------------------------------------------------- page


class UsersPage(QWidget):
    """The office's users; add, edit (double-click or Enter) and reset a password."""

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("usersPage")
        self.ctx = ctx
        self.dialog: QDialog | None = None
        self._users: dict[int, UserInfo] = {}
        self.table = make_table(
            [self.tr("Username"), self.tr("Full name"), self.tr("Role"),
             self.tr("Status"), self.tr("Last login")],
            stretch_column=1,
        )  # fmt: skip
        self.add_button = button(self.tr("Add user…"), "addButton")
        self.edit_button = button(self.tr("Edit…"), "editButton")
        self.reset_button = button(self.tr("Reset password…"), "resetPasswordButton")
        self.add_button.clicked.connect(self.open_add_dialog)
        self.edit_button.clicked.connect(self.open_edit_dialog)
        self.reset_button.clicked.connect(self.open_password_dialog)
        self.table.activated.connect(self.open_edit_dialog)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self._lay_out()
        self.refresh()

    def _lay_out(self) -> None:
        buttons = QHBoxLayout()
        for push in (self.add_button, self.edit_button, self.reset_button):
            buttons.addWidget(push)
        buttons.addStretch()
        column = QVBoxLayout(self)
        column.addWidget(heading(self.tr("Users")))
        column.addLayout(buttons)
        column.addWidget(self.table, 1)

    def refresh(self) -> None:
        with guarded(self):
            chosen = selected_id(self.table)
            rows = users.list_users(self.ctx.session)
            self._users = {u.id: u for u in rows}
            self.table.setRowCount(len(rows))
            for row, user in enumerate(rows):
                fill_row(self.table, row, user.id, self._texts(user), user.active)
            select_id(self.table, chosen)
        self._update_buttons()

    def _texts(self, user: UserInfo) -> list[str]:
        status = self.tr("Active") if user.active else self.tr("Inactive")
        last = jalali.format_datetime(user.last_login_at) if user.last_login_at else ""
        return [user.username, user.full_name, ROLE_LABELS[user.role], status, last]

    def selected_user(self) -> UserInfo | None:
        record_id = selected_id(self.table)
        return self._users.get(record_id) if record_id is not None else None

    def _update_buttons(self) -> None:
        chosen = self.selected_user() is not None
        self.edit_button.setEnabled(chosen)
        self.reset_button.setEnabled(chosen)

    def _open(self, dialog: QDialog) -> QDialog:
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.finished.connect(self._forget_dialog)
        self.dialog = dialog
        dialog.open()
        return dialog

    def _forget_dialog(self) -> None:
        self.dialog = None

    @guarded_slot
    def open_add_dialog(self) -> QDialog:
        dialog = UserDialog(self.ctx.session, None, self)
        dialog.saved.connect(self._on_saved)
        return self._open(dialog)

    @guarded_slot
    def open_edit_dialog(self) -> QDialog | None:
        user = self.selected_user()
        if user is None:
            return None
        dialog = UserDialog(self.ctx.session, user, self)
        dialog.saved.connect(self._on_saved)
        return self._open(dialog)

    @guarded_slot
    def open_password_dialog(self) -> QDialog | None:
        user = self.selected_user()
        return self._open(PasswordDialog(self.ctx.session, user, self)) if user else None

    @guarded_slot
    def _on_saved(self, info: UserInfo) -> None:
        self.refresh()
        select_id(self.table, info.id)
