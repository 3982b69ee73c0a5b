"""The login dialog: username and password, the office's name above them."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from app import office
from app.errors import AuthenticationError
from app.permissions import Session
from ui.errors import error_label, guarded_slot, set_error_text


class LoginDialog(QDialog):
    """Enter logs in; a failure shows the service's Persian message and keeps the username.

    ``session`` holds the logged-in user once the dialog is accepted.
    """

    def __init__(
        self,
        parent: QWidget | None = None,
        office_name: str | None = None,
        username: str = "",
    ) -> None:
        super().__init__(parent)
        self.setObjectName("loginDialog")
        self.setWindowTitle(self.tr("Log in to Dadras"))
        self.session: Session | None = None
        self.office_label = QLabel(office_name if office_name is not None else _office_name())
        self.office_label.setObjectName("loginOfficeName")
        self.office_label.setTextFormat(Qt.TextFormat.PlainText)
        self.office_label.setWordWrap(True)
        self.office_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.username_edit = QLineEdit(username)
        self.username_edit.setObjectName("username")
        self.username_edit.setMaxLength(64)
        self.password_edit = QLineEdit()
        self.password_edit.setObjectName("password")
        self.password_edit.setMaxLength(128)
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.error = error_label("loginError")
        self.buttons = self._make_buttons()
        self._lay_out()
        (self.password_edit if username else self.username_edit).setFocus()

    def _make_buttons(self) -> QDialogButtonBox:
        buttons = QDialogButtonBox()
        self.login_button = buttons.addButton(
            self.tr("Log in"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.login_button.setObjectName("loginButton")
        self.login_button.setDefault(True)
        cancel = buttons.addButton(self.tr("Quit"), QDialogButtonBox.ButtonRole.RejectRole)
        cancel.setObjectName("quitButton")
        cancel.setAutoDefault(False)
        buttons.accepted.connect(self.try_login)
        buttons.rejected.connect(self.reject)
        return buttons

    def _lay_out(self) -> None:
        form = QFormLayout()
        form.addRow(self.tr("Username"), self.username_edit)
        form.addRow(self.tr("Password"), self.password_edit)
        column = QVBoxLayout(self)
        column.addWidget(self.office_label)
        column.addSpacing(8)
        column.addLayout(form)
        column.addWidget(self.error)
        column.addWidget(self.buttons)
        self.setMinimumWidth(420)

    @guarded_slot
    def try_login(self) -> None:
        set_error_text(self.error, "")
        if not self.username_edit.text().strip() or not self.password_edit.text():
            set_error_text(self.error, self.tr("Enter your username and password."))
            return
        from app import users  # Argon2 and the audit log: loaded by warm_up while one types

        try:
            self.session = users.login(self.username_edit.text(), self.password_edit.text())
        except AuthenticationError as exc:
            set_error_text(self.error, exc.message)
            self.password_edit.clear()
            self.password_edit.setFocus()
            return
        self.accept()


def _office_name() -> str:
    info = office.office_info()
    return info.name if info is not None else ""
