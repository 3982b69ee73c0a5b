"""The login dialog: username and password, the office's name above them."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from ui.screen_fit import fit_to_screen

if TYPE_CHECKING:
    from PySide6.QtGui import QPaintEvent

    from app.permissions import Session

# Nothing the first paint needs touches ``Qt.*`` or ui.errors: loading the Python enums of
# Qt's ``Qt`` namespace costs about 15 ms, so the dialog is finished (``_finish``) once it is
# on screen when the application shows it before the database is open.

# Opens the database (or whatever the start-up still has to do) and returns the office's name;
# None when the dialog cannot be used (the reason is for the caller to know and show).
Prepare = Callable[[], str | None]


class LoginDialog(QDialog):
    """Enter logs in; a failure shows the service's Persian message and keeps the username.

    ``session`` holds the logged-in user once the dialog is accepted.

    With ``prepare`` (the application's start-up) the dialog is shown before the database
    is open: ``prepare`` runs once the dialog has been painted, while the user starts typing,
    and returns the office's name, which then fills the label and enables the Log in button.
    When it returns None (or fails) the dialog is rejected; ``prepared`` stays False.
    """

    def __init__(
        self,
        parent: QWidget | None = None,
        office_name: str | None = None,
        username: str = "",
        prepare: Prepare | None = None,
    ) -> None:
        super().__init__(parent)
        fit_to_screen(self)
        self.setObjectName("loginDialog")
        self.setWindowTitle(self.tr("Log in to Dadras"))
        self.session: Session | None = None
        self._prepare = prepare
        self.prepared = prepare is None
        if office_name is None:
            office_name = "" if prepare is not None else _office_name()
        self.office_label = QLabel()
        self.office_label.setObjectName("loginOfficeName")
        self.office_label.setWordWrap(True)
        self.username_edit = QLineEdit(username)
        self.username_edit.setObjectName("username")
        self.username_edit.setMaxLength(64)
        # Usernames are Latin: Persian letters in the field mean the keyboard is on Persian.
        self.keyboard_hint = QLabel(self.tr("The keyboard is on Persian."))
        self.keyboard_hint.setObjectName("keyboardHint")
        self.keyboard_hint.setVisible(False)
        self.username_edit.textChanged.connect(self._check_keyboard)
        self.password_edit = QLineEdit()
        self.password_edit.setObjectName("password")
        self.password_edit.setMaxLength(128)
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.error: QLabel  # made by _finish
        self.buttons = self._make_buttons()
        self._lay_out()
        self.login_button.setEnabled(self.prepared)
        self._check_keyboard(username)
        (self.password_edit if username else self.username_edit).setFocus()
        self._finished = False
        if prepare is None or office_name:
            self._finish()
        self.office_label.setText(office_name)

    def _finish(self) -> None:
        """The office name's label shows plain text, centred; the (hidden) error label."""
        if self._finished:
            return
        self._finished = True
        from PySide6.QtCore import Qt

        from ui.errors import error_label

        self.office_label.setTextFormat(Qt.TextFormat.PlainText)
        self.office_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.error = error_label("loginError")
        self._column.insertWidget(self._column.indexOf(self.buttons), self.error)

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
        form.addRow("", self.keyboard_hint)  # under the field; a hidden hint takes no space
        form.addRow(self.tr("Password"), self.password_edit)
        column = self._column = QVBoxLayout(self)
        column.addWidget(self.office_label)
        column.addSpacing(8)
        column.addLayout(form)
        column.addWidget(self.buttons)  # the error label goes above the buttons
        self.setMinimumWidth(420)

    def _check_keyboard(self, text: str) -> None:
        from app.persian import has_persian_letters

        self.keyboard_hint.setVisible(has_persian_letters(text))

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if self._prepare is not None:
            # Queued, so the dialog reaches the screen before the database work starts.
            QTimer.singleShot(0, self._run_prepare)

    def _run_prepare(self) -> None:
        prepare, self._prepare = self._prepare, None
        if prepare is None:  # a second paint before the first call ran
            return
        from ui.errors import guarded

        self._finish()
        name: str | None = None
        with guarded(self):
            name = prepare()
        if name is None:
            self.reject()
            return
        self.office_label.setText(name)
        self.prepared = True
        self.login_button.setEnabled(True)

    def try_login(self) -> None:
        from ui.errors import guarded

        with guarded(self):
            self._try_login()

    def _try_login(self) -> None:
        if not self.prepared:  # Enter pressed before the database is open
            return
        from app.errors import AuthenticationError
        from ui.errors import set_error_text

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
    from app import office

    info = office.office_info()
    return info.name if info is not None else ""
