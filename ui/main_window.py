"""The main window: the page list (on the right in RTL), the pages, menus and the status bar."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import cast

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QAction, QCloseEvent, QGuiApplication
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QPushButton,
    QStackedWidget,
    QWidget,
)

from app import __version__, jalali
from app.permissions import ROLE_LABELS, Action, Role, allowed
from app.persian import grouped_number, ltr, to_persian_digits
from ui.context import UiContext
from ui.errors import ERROR_COLOR, guarded, guarded_slot
from ui.screen_fit import fit_to_screen
from ui.widgets import icons
from ui.widgets.shortcuts import install_window_shortcuts_first, key_sequence

MIN_WIDTH, MIN_HEIGHT = 960, 600
NAV_WIDTH = 210
NAV_ROW_HEIGHT = 38

PageFactory = Callable[[UiContext, QWidget], QWidget]

# Where each role's day starts after login: the page of its daily work, not the first
# page of the list. A manager and an inspector start on the late referrals (the
# «گذشته از مهلت» tab), the sync operator on «ارسال به مرکز», data entry on the box
# openings, the front desk on the registration form, the system administrator on users.
LANDING_PAGES: dict[Role, str] = {
    Role.CLERK: "registration",
    Role.DATA_ENTRY: "box_entry",
    Role.INSPECTOR: "referrals",
    Role.MANAGER: "referrals",
    Role.ADMIN: "users",
    Role.SYNC_OPERATOR: "sync",
}


@dataclass(frozen=True)
class PageSpec:
    key: str
    title: str
    icon: str  # its meaning in ui.widgets.icons
    action: Action  # the right a user needs to see the page
    factory: PageFactory
    shortcut: str | None = None


def _lazy(module: str, class_name: str) -> PageFactory:
    """A page factory that imports its page only when the page is first shown."""

    def build(ctx: UiContext, parent: QWidget) -> QWidget:
        page_class = getattr(importlib.import_module(module), class_name)
        return cast(QWidget, page_class(ctx, parent))

    return build


_registration = _lazy("ui.pages.registration", "RegistrationPage")
_complaints = _lazy("ui.pages.complaints", "ComplaintsPage")
_users = _lazy("ui.pages.admin_users", "UsersPage")
_units = _lazy("ui.pages.admin_units", "UnitsPage")
_categories = _lazy("ui.pages.admin_categories", "CategoriesPage")
_calendar = _lazy("ui.pages.admin_calendar", "CalendarPage")
_referrals = _lazy("ui.pages.referrals_queue", "ReferralsPage")
_secretariat = _lazy("ui.pages.secretariat", "SecretariatPage")
_boxes = _lazy("ui.pages.admin_boxes", "BoxesPage")
_box_entry = _lazy("ui.pages.box_entry", "BoxEntryPage")
_letters = _lazy("ui.pages.admin_letters", "LettersSettingsPage")
_sync = _lazy("ui.pages.sync", "SyncPage")
_reports = _lazy("ui.pages.reports", "ReportsPage")
_backup = _lazy("ui.pages.backup", "BackupPage")


def today_text() -> str:
    """Today as the office reads it: ``دوشنبه ۲ آذر ۱۴۰۵``."""
    day = jalali.today()
    return f"{jalali.WEEKDAY_NAMES[jalali.weekday_index(day)]} {jalali.format_date_long(day)}"


class MainWindow(QMainWindow):
    """One window for the whole day's work; pages are built the first time they are shown.

    ``MainWindow(ctx)`` is ready to show. The application builds it in two steps instead:
    ``MainWindow()`` and ``prebuild_first_page()`` while the user types the password (the
    window, menus, page list, status bar and the registration form need no user), then
    ``attach(ctx)`` after login: the pages this user may open, the lists, the status bar.

    ``logout_requested`` is emitted (and ``logout_was_requested`` set) when the user logs
    out; the window then closes and the application shows the login dialog again.
    """

    logout_requested = Signal()
    ctx: UiContext

    def __init__(self, ctx: UiContext | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        fit_to_screen(self)
        self.setObjectName("mainWindow")
        self.logout_was_requested = False
        self._complaints_stale = False
        self._every_spec = self._all_specs()
        self.specs: list[PageSpec] = []  # the pages the logged-in user may open
        self._pages: dict[str, QWidget] = {}
        self._spare_pages: dict[str, QWidget] = {}  # built before login, not yet attached
        self._build_body()
        self._build_menus()
        self._build_status_bar()
        self.setMinimumSize(MIN_WIDTH, MIN_HEIGHT)
        self._fit_to_screen()
        if ctx is not None:
            self.attach(ctx)

    def prebuild_first_page(self) -> None:
        """Build the registration form before anyone logs in (the front desk starts on it)."""
        from ui.pages.registration import RegistrationPage

        if "registration" not in self._spare_pages:
            page = RegistrationPage(None, self.stack)
            self.stack.addWidget(page)
            self._spare_pages["registration"] = page

    def attach(self, ctx: UiContext) -> None:
        """Complete the window for the logged-in user and show the first page (once)."""
        self.ctx = ctx
        self.specs = [s for s in self._every_spec if allowed(ctx.session, s.action)]
        self.setWindowTitle(self.tr("Dadras — %1").replace("%1", ctx.office.name))
        self._fill_navigation()
        self._fill_pages_menu()
        install_window_shortcuts_first(self)
        self._fill_status_bar()
        self._start_scheduler()
        keys = self.page_keys()
        for key in [k for k in self._spare_pages if k not in keys]:
            page = self._spare_pages.pop(key)
            self.stack.removeWidget(page)
            page.deleteLater()
        if self.specs:
            self.activate_page(self.landing_page_key())

    def landing_page_key(self) -> str:
        """The page this user starts on: the role's own (``LANDING_PAGES``) if they may open
        it, else the first of their list."""
        keys = self.page_keys()
        wanted = LANDING_PAGES.get(self.ctx.session.role)
        return wanted if wanted in keys else keys[0]

    def _all_specs(self) -> list[PageSpec]:
        return [
            PageSpec("registration", self.tr("Register complaint"), "registration",
                     Action.REGISTER_COMPLAINT, _registration, "Ctrl+N"),
            PageSpec("complaints", self.tr("Complaints"), "complaints",
                     Action.VIEW_COMPLAINTS, _complaints, "Ctrl+F"),
            PageSpec("box_entry", self.tr("Box openings"), "box_entry",
                     Action.ENTER_SCANS, _box_entry, "Ctrl+B"),
            PageSpec("referrals", self.tr("Referrals"), "referrals",
                     Action.RECORD_RESPONSE, _referrals, "Ctrl+R"),
            PageSpec("secretariat", self.tr("Secretariat"), "secretariat",
                     Action.RECORD_RESPONSE, _secretariat, "Ctrl+L"),
            PageSpec("reports", self.tr("Reports"), "reports",
                     Action.VIEW_REPORTS, _reports, "Ctrl+G"),
            PageSpec("users", self.tr("Users"), "users",
                     Action.MANAGE_USERS, _users, "Ctrl+U"),
            PageSpec("units", self.tr("Units"), "units", Action.MANAGE_UNITS, _units),
            PageSpec("boxes", self.tr("Complaint boxes"), "boxes",
                     Action.MANAGE_BOXES, _boxes),
            PageSpec("categories", self.tr("Categories"), "categories",
                     Action.MANAGE_CATEGORIES, _categories),
            PageSpec("calendar", self.tr("Holidays"), "calendar",
                     Action.MANAGE_OFFICE, _calendar),
            PageSpec("letters", self.tr("Letters"), "letters", Action.MANAGE_OFFICE, _letters),
            PageSpec("sync", self.tr("Send to central"), "sync",
                     Action.EXPORT_PACKAGES, _sync, "Ctrl+E"),
            PageSpec("backup", self.tr("Backups"), "backup", Action.MANAGE_OFFICE, _backup),
        ]  # fmt: skip

    # ------------------------------------------------------------------ layout

    def _build_body(self) -> None:
        self.navigation = QListWidget()
        self.navigation.setObjectName("navigation")
        self.navigation.setIconSize(QSize(20, 20))
        self.navigation.setFixedWidth(NAV_WIDTH)
        self.navigation.setSpacing(2)
        self._icons = {s.key: icons.icon(s.icon) for s in self._every_spec}
        self.navigation.currentRowChanged.connect(self._on_navigation_row)
        self.stack = QStackedWidget()
        self.stack.setObjectName("pages")
        body = QWidget()
        row = QHBoxLayout(body)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(0)
        row.addWidget(self.navigation)  # first in an RTL row: on the right
        row.addWidget(self.stack, 1)
        self.setCentralWidget(body)

    def _fill_navigation(self) -> None:
        for spec in self.specs:
            item = QListWidgetItem(self._icons[spec.key], spec.title)
            item.setData(Qt.ItemDataRole.UserRole, spec.key)
            item.setSizeHint(QSize(0, NAV_ROW_HEIGHT))
            self.navigation.addItem(item)

    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu(self.tr("&File"))
        self.logout_action = self._action(self.tr("Log &out"), self.logout, "Ctrl+Shift+L")
        self.quit_action = self._action(self.tr("&Quit"), self.close, "Ctrl+Q")
        file_menu.addAction(self.logout_action)
        file_menu.addSeparator()
        file_menu.addAction(self.quit_action)
        self.pages_menu = self.menuBar().addMenu(self.tr("&Pages"))
        self.page_actions: dict[str, QAction] = {}
        help_menu = self.menuBar().addMenu(self.tr("&Help"))
        help_menu.addAction(self._action(self.tr("&User guide"), self.show_guide, "F1"))
        help_menu.addAction(self._action(self.tr("&About Dadras"), self.show_about))

    def _fill_pages_menu(self) -> None:
        for number, spec in enumerate(self.specs, start=1):
            action = self._page_action(spec, number)
            self.pages_menu.addAction(action)
            self.page_actions[spec.key] = action

    def _action(self, text: str, slot: Callable[[], object], shortcut: str = "") -> QAction:
        action = QAction(text, self)
        if shortcut:
            action.setShortcut(key_sequence(shortcut))
        action.triggered.connect(lambda _checked=False: _guarded_call(self, slot))
        self.addAction(action)
        return action

    def _page_action(self, spec: PageSpec, number: int) -> QAction:
        action = QAction(self._icons[spec.key], spec.title, self)
        keys = [key_sequence(spec.shortcut)] if spec.shortcut else []
        if number <= 9:
            keys.append(key_sequence(f"Alt+{number}"))
        action.setShortcuts(keys)
        action.triggered.connect(lambda _checked=False, key=spec.key: self.activate_page(key))
        self.addAction(action)
        return action

    def _build_status_bar(self) -> None:
        self.user_label = self._status_label("statusUser")
        self.office_label = self._status_label("statusOffice")
        self.date_label = self._status_label("statusDate")
        self.reminder_button = QPushButton()
        self.reminder_button.setObjectName("syncReminder")
        self.reminder_button.setFlat(True)
        self.reminder_button.setStyleSheet(f"color: {ERROR_COLOR}; text-align: right;")
        self.reminder_button.setVisible(False)
        self.reminder_button.clicked.connect(lambda: self.activate_page("sync"))
        self.statusBar().addWidget(self.reminder_button, 1)

    def _fill_status_bar(self) -> None:
        session = self.ctx.session
        role = ROLE_LABELS.get(session.role, str(session.role))
        self.user_label.setText(
            self.tr("%1 (%2)").replace("%1", session.full_name).replace("%2", role)
        )
        self.office_label.setText(self.ctx.office.name)
        self.date_label.setText(today_text())

    def _start_scheduler(self) -> None:
        """Scheduled exports run whoever is logged in; reminders are for those who export."""
        from ui.sync_scheduler import ExportScheduler

        configures = allowed(self.ctx.session, Action.MANAGE_OFFICE)
        self.scheduler = ExportScheduler(self, can_configure=configures)
        if allowed(self.ctx.session, Action.EXPORT_PACKAGES):
            self.scheduler.reminders_changed.connect(self.show_reminders)
        self.scheduler.exported.connect(self._scheduled_export_done)
        self.scheduler.start()
        from ui.backup_scheduler import BackupScheduler

        self.backup_scheduler = BackupScheduler(self)
        self.backup_scheduler.backed_up.connect(self._scheduled_backup_done)
        self.backup_scheduler.failed.connect(self._scheduled_backup_failed)
        self.backup_scheduler.start()

    def _scheduled_backup_done(self, made: object) -> None:
        self.statusBar().showMessage(self.tr("Automatic backup written."), 15_000)
        _call_if_present(self._pages.get("backup") or self, "refresh")

    def _scheduled_backup_failed(self, reason: str) -> None:
        self.statusBar().showMessage(
            self.tr("Automatic backup failed: %1").replace("%1", reason), 60_000
        )

    def show_reminders(self, reminders: list[str]) -> None:
        self.reminder_button.setVisible(bool(reminders))
        if not reminders:
            return
        more = len(reminders) - 1
        text = (
            reminders[0]
            if not more
            else self.tr("%1 (and %2 more)")
            .replace("%1", reminders[0])
            .replace("%2", grouped_number(more))
        )
        self.reminder_button.setText(text)
        self.reminder_button.setToolTip("\n".join(reminders))

    def _scheduled_export_done(self, result: object) -> None:
        sequence = getattr(result, "sequence", 0)
        self.statusBar().showMessage(
            self.tr("Scheduled export: package %1 written.").replace(
                "%1", to_persian_digits(sequence)
            ),
            15_000,
        )
        _call_if_present(self._pages.get("sync") or self, "refresh")

    def _status_label(self, name: str) -> QLabel:
        label = QLabel()
        label.setObjectName(name)
        label.setTextFormat(Qt.TextFormat.PlainText)
        self.statusBar().addPermanentWidget(label)
        return label

    def _fit_to_screen(self) -> None:
        screen = self.screen() or QGuiApplication.primaryScreen()
        if screen is None:
            return
        area = screen.availableGeometry()
        width = max(MIN_WIDTH, min(1280, area.width() - 40))
        height = max(MIN_HEIGHT, min(800, area.height() - 60))
        self.resize(width, height)

    # ------------------------------------------------------------------ pages

    def page_keys(self) -> list[str]:
        """The pages this user may open, in the order of the list (Alt+1 is the first)."""
        return [spec.key for spec in self.specs]

    def page(self, key: str) -> QWidget | None:
        """The page widget if it has been built."""
        return self._pages.get(key)

    def current_page_key(self) -> str | None:
        current = self.stack.currentWidget()
        return next((k for k, w in self._pages.items() if w is current), None)

    def show_page(self, key: str) -> QWidget:
        """Bring ``key``'s page to the front (building it the first time)."""
        spec = next(s for s in self.specs if s.key == key)
        widget = self._pages.get(key) or self._build_page(spec)
        self.stack.setCurrentWidget(widget)
        row = self.page_keys().index(key)
        if self.navigation.currentRow() != row:
            self.navigation.setCurrentRow(row)
        if key == "complaints" and self._complaints_stale:
            self._complaints_stale = False
            _call_if_present(widget, "refresh")
        return widget

    @guarded_slot
    def activate_page(self, key: str) -> None:
        """Show the page and put the cursor where the work starts (shortcut behaviour)."""
        widget = self.show_page(key)
        if key == "registration":
            _call_if_present(widget, "focus_first_field")
        elif key == "complaints":
            _call_if_present(widget, "focus_search")
        else:
            widget.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def _build_page(self, spec: PageSpec) -> QWidget:
        widget = self._spare_pages.pop(spec.key, None)
        if widget is not None:  # built before login: only the user's part is left
            _call_if_present(widget, "attach", self.ctx)
        else:
            try:
                widget = spec.factory(self.ctx, self.stack)
            except ImportError:
                widget = self._unavailable_page()
            self.stack.addWidget(widget)
        widget.setObjectName(widget.objectName() or f"{spec.key}Page")
        self._pages[spec.key] = widget
        registered = getattr(widget, "registered", None)
        if spec.key == "registration" and registered is not None:
            registered.connect(self._on_registered)
        restored = getattr(widget, "restored", None)
        if spec.key == "backup" and restored is not None:
            restored.connect(lambda _outcome: self.logout())  # the data under the session changed
        return widget

    def _unavailable_page(self) -> QWidget:
        label = QLabel(self.tr("This page is not available in this version."))
        label.setObjectName("unavailablePage")
        label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        return label

    @guarded_slot
    def _on_navigation_row(self, row: int) -> None:
        if 0 <= row < len(self.specs):
            self.show_page(self.specs[row].key)

    @guarded_slot
    def _on_registered(self, complaint_id: int) -> None:
        complaints = self._pages.get("complaints")
        if complaints is not None and self.stack.currentWidget() is complaints:
            _call_if_present(complaints, "refresh")
        else:
            self._complaints_stale = True

    # ------------------------------------------------------------------ menu actions

    def closeEvent(self, event: QCloseEvent) -> None:
        for name in ("scheduler", "backup_scheduler"):
            scheduler = getattr(self, name, None)
            if scheduler is not None:
                scheduler.stop()
        super().closeEvent(event)

    def logout(self) -> None:
        self.logout_was_requested = True
        self.logout_requested.emit()
        self.close()

    def about_box(self) -> QMessageBox:
        box = QMessageBox(self)
        box.setObjectName("aboutBox")
        box.setWindowTitle(self.tr("About Dadras"))
        box.setIcon(QMessageBox.Icon.Information)
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.setText(
            self.tr(
                "Dadras %1\nComplaint handling for inspection offices.\n\n"
                "Database: %2 (%3)\nData folder: %4"
            )
            .replace("%1", ltr(to_persian_digits(__version__)))
            .replace("%2", ltr(self.ctx.database_text))
            .replace("%3", self._database_kind())
            .replace("%4", ltr(self.ctx.data_folder))
        )
        box.setStandardButtons(QMessageBox.StandardButton.Ok)
        box.button(QMessageBox.StandardButton.Ok).setText(self.tr("OK"))
        return box

    def _database_kind(self) -> str:
        from app.paths import is_server

        if is_server(self.ctx.database):
            return self.tr("PostgreSQL, the office server, shared by several computers")
        return self.tr("SQLite, on this computer")

    def show_about(self) -> None:
        self.about_box().exec()

    def show_guide(self) -> None:
        from ui.guide import GuideWindow

        window = getattr(self, "guide_window", None)
        if window is None:
            window = self.guide_window = GuideWindow(self)
        window.show()
        window.raise_()
        window.activateWindow()


def _call_if_present(widget: QWidget, method: str, *args: object) -> None:
    function = getattr(widget, method, None)
    if callable(function):
        function(*args)


def _guarded_call(parent: QWidget, function: Callable[[], object]) -> None:
    with guarded(parent):
        function()
