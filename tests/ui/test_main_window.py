"""The main window (pages per role, shortcuts, status bar) and the application's start-up pieces."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QEvent, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLineEdit, QMessageBox, QPushButton, QWidget

import ui.main_window as main_window_module
from app import jalali
from app.errors import DadrasError
from app.permissions import Role, Session
from ui import application
from ui.errors import guarded_slot
from ui.main_window import MainWindow, today_text

PERSIAN_DIGITS = set("۰۱۲۳۴۵۶۷۸۹")


class FakeRegistrationPage(QWidget):
    """Stands in for the registration page so these tests do not depend on its form."""

    registered = Signal(int)

    def __init__(self, ctx, parent=None) -> None:
        super().__init__(parent)
        self.first_field = QLineEdit(self)
        self.focused = 0

    def focus_first_field(self) -> None:
        self.focused += 1
        self.first_field.setFocus()


class LinuxLineEdit(QLineEdit):
    """A line edit claiming Ctrl+U and Ctrl+E for itself, as QLineEdit does under X11's key
    bindings (delete the line, go to its end); the offscreen platform has no such bindings."""

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ShortcutOverride and isinstance(event, QKeyEvent):
            own = (Qt.Key.Key_U, Qt.Key.Key_E)
            if event.modifiers() == Qt.KeyboardModifier.ControlModifier and event.key() in own:
                event.accept()
                return True
        return super().event(event)


class FakeComplaintsPage(QWidget):
    def __init__(self, ctx, parent=None) -> None:
        super().__init__(parent)
        self.search = LinuxLineEdit(self)
        self.refreshed = 0
        self.searched = 0

    def refresh(self) -> None:
        self.refreshed += 1

    def focus_search(self) -> None:
        self.searched += 1
        self.search.setFocus()


@pytest.fixture
def fake_pages(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(main_window_module, "_registration", FakeRegistrationPage)
    monkeypatch.setattr(main_window_module, "_complaints", FakeComplaintsPage)


@pytest.fixture
def open_window(qtbot, ui_context):
    def factory(session: Session) -> MainWindow:
        window = MainWindow(ui_context(session))
        qtbot.addWidget(window)
        window.show()
        qtbot.waitExposed(window)
        window.activateWindow()
        qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
        return window

    return factory


def nav_titles(window: MainWindow) -> list[str]:
    return [window.navigation.item(i).text() for i in range(window.navigation.count())]


def test_clerk_sees_no_admin_pages(fake_pages, open_window, clerk: Session) -> None:
    window = open_window(clerk)
    assert window.page_keys() == ["registration", "complaints"]
    assert nav_titles(window) == ["ثبت شکایت", "شکایت‌ها"]
    assert window.current_page_key() == "registration"


def test_admin_sees_the_admin_pages(fake_pages, open_window, admin: Session) -> None:
    window = open_window(admin)
    keys = ["complaints", "users", "units", "boxes", "categories", "calendar", "letters", "sync",
            "backup"]  # fmt: skip
    assert window.page_keys() == keys
    assert nav_titles(window) == [
        "شکایت‌ها", "کاربران", "واحدها", "صندوق‌های شکایات", "موضوع‌ها (شاخص‌ها)", "تعطیلات",
        "تنظیمات نامه‌ها", "ارسال به مرکز", "پشتیبان‌گیری",
    ]  # fmt: skip


def test_manager_and_inspector_see_referrals_and_the_register(
    fake_pages, open_window, session_for
) -> None:
    manager = open_window(session_for(Role.MANAGER))
    assert manager.page_keys() == [
        "registration", "complaints", "box_entry", "referrals", "secretariat", "reports", "sync",
    ]  # fmt: skip
    sync_operator = open_window(session_for(Role.SYNC_OPERATOR))
    assert sync_operator.page_keys() == ["complaints", "sync"]
    inspector = open_window(session_for(Role.INSPECTOR))
    assert inspector.page_keys() == ["complaints", "referrals", "secretariat", "reports"]
    assert nav_titles(inspector)[1:] == ["ارجاع‌ها", "دبیرخانه", "گزارش‌ها"]


def test_shortcuts_switch_pages_and_focus_the_work(fake_pages, open_window, session_for) -> None:
    window = open_window(session_for(Role.CLERK))  # the front desk registers and reads
    registration = window.page("registration")
    assert registration.focused == 1  # ready to type at start
    assert registration.first_field.hasFocus()
    QTest.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert window.current_page_key() == "complaints"
    assert window.page("complaints").searched == 1
    assert window.page("complaints").search.hasFocus()
    assert window.navigation.currentRow() == 1

    QTest.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert window.current_page_key() == "registration"
    assert registration.focused == 2

    QTest.keyClick(window, Qt.Key.Key_2, Qt.KeyboardModifier.AltModifier)
    assert window.current_page_key() == "complaints"
    QTest.keyClick(window, Qt.Key.Key_1, Qt.KeyboardModifier.AltModifier)
    assert window.current_page_key() == "registration"


class FakePage(QWidget):
    def __init__(self, ctx, parent=None) -> None:
        super().__init__(parent)


@pytest.mark.parametrize(
    ("role", "landing", "tab"),
    [
        (Role.CLERK, "registration", None),
        (Role.DATA_ENTRY, "box_entry", None),
        (Role.INSPECTOR, "referrals", "گذشته از مهلت"),
        (Role.MANAGER, "referrals", "گذشته از مهلت"),
        (Role.ADMIN, "users", None),
        (Role.SYNC_OPERATOR, "sync", None),
    ],
)
def test_each_role_starts_where_its_work_is(
    monkeypatch, open_window, session_for, role: Role, landing: str, tab: str | None
) -> None:
    for key in ("_registration", "_complaints", "_box_entry", "_users", "_sync"):
        monkeypatch.setattr(main_window_module, key, FakePage)
    window = open_window(session_for(role))
    assert window.current_page_key() == landing
    assert window.navigation.currentItem().data(Qt.ItemDataRole.UserRole) == landing
    assert window.stack.currentWidget().isVisible()
    if tab is not None:  # the late referrals, the tab a manager's morning starts on
        tabs = window.page(landing).tabs
        assert tabs.tabText(tabs.currentIndex()).startswith(tab)
    # Only the landing page is built at login: the others wait until they are opened.
    assert [key for key in window.page_keys() if window.page(key) is not None] == [landing]


def test_admin_shortcuts(fake_pages, open_window, admin: Session) -> None:
    window = open_window(admin)
    QTest.keyClick(window, Qt.Key.Key_U, Qt.KeyboardModifier.ControlModifier)
    assert window.current_page_key() == "users"
    QTest.keyClick(window, Qt.Key.Key_3, Qt.KeyboardModifier.AltModifier)
    assert window.current_page_key() == "units"
    QTest.keyClick(window, Qt.Key.Key_4, Qt.KeyboardModifier.AltModifier)
    assert window.current_page_key() == "boxes"
    QTest.keyClick(window, Qt.Key.Key_5, Qt.KeyboardModifier.AltModifier)
    assert window.current_page_key() == "categories"
    assert window.page("categories").isVisible()


def test_page_shortcuts_work_from_a_search_box(fake_pages, open_window, admin: Session) -> None:
    window = open_window(admin)
    QTest.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    search = window.page("complaints").search
    assert search.hasFocus()
    search.insert("کیفیت")  # typed (QTest types ASCII keys only)
    # Ctrl+U and Ctrl+E are also a line edit's own keys on Linux (delete the line, go to
    # its end): with the cursor in the search box they still open their pages.
    QTest.keyClick(search, Qt.Key.Key_U, Qt.KeyboardModifier.ControlModifier)
    assert window.current_page_key() == "users"
    assert search.text() == "کیفیت"  # and the typed text is untouched
    if "sync" in window.page_keys():
        QTest.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
        QTest.keyClick(search, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
        assert window.current_page_key() == "sync"
    # Keys that are not the window's still edit the text: Ctrl+A selects it all.
    QTest.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    QTest.keyClick(search, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    assert search.selectedText() == "کیفیت"


def test_keys_are_written_one_way_everywhere(fake_pages, open_window, admin: Session) -> None:
    """Menus, buttons and the guide name keys as the keyboard prints them: «Ctrl+N», never
    «کنترل+N» (Qt's Persian catalogue), and Enter rather than Return."""
    from PySide6.QtGui import QKeySequence

    from ui.guide import GUIDE_DIR  # the guide's chapters

    window = open_window(admin)
    shortcuts = [
        action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
        for menu in window.menuBar().findChildren(QWidget)
        for action in menu.actions()
        if not action.shortcut().isEmpty()
    ]
    assert shortcuts and all(text.isascii() for text in shortcuts), shortcuts
    native = QKeySequence.SequenceFormat.NativeText
    assert QKeySequence("Ctrl+Return").toString(native) == "Ctrl+Enter"
    assert QKeySequence("Alt+1").toString(native) == "Alt+1"
    guide = " ".join(p.read_text(encoding="utf-8") for p in Path(GUIDE_DIR).rglob("*.md"))
    assert "Ctrl+Enter" in guide and "کنترل+" not in guide and "Ctrl+Return" not in guide


def test_clicking_the_navigation_list_switches_pages(
    fake_pages, qtbot, open_window, admin: Session
) -> None:
    window = open_window(admin)
    rect = window.navigation.visualItemRect(window.navigation.item(2))
    qtbot.mouseClick(window.navigation.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert window.current_page_key() == "units"


def test_status_bar_and_title(fake_pages, open_window, clerk: Session) -> None:
    window = open_window(clerk)
    assert window.windowTitle() == "دادرس — دفتر بازرسی و رسیدگی به شکایات استان هرمزگان"
    assert window.user_label.text() == "کاربر clerk (متصدی پذیرش)"
    assert window.office_label.text() == "دفتر بازرسی و رسیدگی به شکایات استان هرمزگان"
    date_text = window.date_label.text()
    assert date_text == today_text()
    assert jalali.format_date_long(jalali.today()) in date_text
    assert date_text.split()[0] in jalali.WEEKDAY_NAMES
    assert PERSIAN_DIGITS & set(date_text) and not any(
        c.isascii() and c.isdigit() for c in date_text
    )
    for label in (window.user_label, window.office_label, window.date_label):
        assert label.isVisible() and label.textFormat() == Qt.TextFormat.PlainText


def test_the_window_fits_a_1366x768_screen(fake_pages, open_window, admin: Session) -> None:
    window = open_window(admin)
    assert window.minimumWidth() <= 1366 and window.minimumHeight() <= 700
    assert window.minimumSizeHint().width() <= 1366 and window.minimumSizeHint().height() <= 700


def test_navigation_sits_on_the_right(fake_pages, open_window, admin: Session) -> None:
    window = open_window(admin)
    assert window.navigation.geometry().left() > window.stack.geometry().left()


def test_a_registration_refreshes_the_complaints_list(
    fake_pages, open_window, clerk: Session
) -> None:
    window = open_window(clerk)
    complaints = window.show_page("complaints")
    registration = window.show_page("registration")
    registration.registered.emit(1)
    assert complaints.refreshed == 0
    window.show_page("complaints")
    assert complaints.refreshed == 1


def test_log_out_closes_the_window(fake_pages, qtbot, open_window, clerk: Session) -> None:
    window = open_window(clerk)
    with qtbot.waitSignal(window.logout_requested, timeout=1000):
        window.logout_action.trigger()
    assert window.logout_was_requested
    assert not window.isVisible()


def test_about_shows_version_and_database(
    fake_pages, open_window, clerk: Session, db_path: Path
) -> None:
    from app import __version__
    from app.persian import to_persian_digits

    window = open_window(clerk)
    box = window.about_box()
    # The version in Persian digits; the database and the folder kept left to right (an
    # RLM and an LRI … PDI isolate), so /home/a/dadras.sqlite3 is not shown as
    # home/a/dadras.sqlite3/.
    assert f"دادرس \u200f\u2066{to_persian_digits(__version__)}\u2069" in box.text()
    assert f"پایگاه داده: \u200f\u2066{db_path}\u2069" in box.text()
    assert f"پوشه‌ی داده‌ها: \u200f\u2066{db_path.parent}\u2069" in box.text()
    assert box.textFormat() == Qt.TextFormat.PlainText


def test_a_window_built_before_login_matches_one_built_after(
    qtbot, ui_context, session_for, clerk: Session
) -> None:
    window = MainWindow()  # what the application builds while the password is typed
    qtbot.addWidget(window)
    window.prebuild_first_page()
    form = window.stack.currentWidget()
    window.attach(ui_context(clerk))
    window.show()
    qtbot.waitExposed(window)
    assert window.page_keys() == ["registration", "complaints"]
    assert nav_titles(window) == ["ثبت شکایت", "شکایت‌ها"]
    assert window.page("registration") is form and window.current_page_key() == "registration"
    assert form.save_button.isEnabled()
    assert form.unit_combo.count() > 0
    assert window.user_label.text() == "کاربر clerk (متصدی پذیرش)"
    assert window.windowTitle() == "دادرس — دفتر بازرسی و رسیدگی به شکایات استان هرمزگان"


def test_a_prebuilt_form_is_dropped_for_a_user_who_may_not_register(
    qtbot, ui_context, admin: Session
) -> None:
    window = MainWindow()
    qtbot.addWidget(window)
    window.prebuild_first_page()
    window.attach(ui_context(admin))
    assert window.page("registration") is None
    assert window.current_page_key() == "users"
    assert window.stack.count() == 1


def test_the_real_pages_build(open_window, session_for) -> None:
    for role in (Role.MANAGER, Role.ADMIN):
        window = open_window(session_for(role))
        for key in window.page_keys():
            assert window.show_page(key) is window.page(key)


# --------------------------------------------------------------------------- start-up pieces


@pytest.fixture
def configured_app(qapp: QApplication) -> QApplication:
    """``create_application`` on pytest-qt's QApplication (configured once for all UI tests)."""
    return application.create_application([])


def test_create_application_configures_the_existing_app(configured_app, qapp) -> None:
    assert configured_app is qapp
    assert application.create_application([]) is qapp  # idempotent
    assert qapp.applicationName() == "Dadras"
    assert qapp.layoutDirection() == Qt.LayoutDirection.RightToLeft
    assert application.app_font_family() == "Noto Sans Arabic"
    assert qapp.font().family() == "Noto Sans Arabic"
    assert "navigation" in qapp.styleSheet()
    assert {s.width() for s in qapp.windowIcon().availableSizes()} >= {16, 32, 48, 256}
    # Both translations are installed: Dadras's own and Qt's (its standard buttons).
    assert QCoreApplication.translate("MainWindow", "Complaints") == "شکایت‌ها"
    assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "انصراف"


def test_a_database_on_a_network_share_is_refused(
    monkeypatch, message_boxes, tmp_path: Path
) -> None:
    monkeypatch.setattr("db.connection.is_on_network_share", lambda path: True)
    assert application.open_office_database(tmp_path / "office.sqlite3") is None
    assert len(message_boxes) == 1
    assert message_boxes[0].text().startswith("پرونده‌ی پایگاه داده در یک پوشه‌ی اشتراکی شبکه است")
    assert str(tmp_path / "office.sqlite3") in message_boxes[0].text()
    assert "dadras --db postgresql://" in message_boxes[0].text()  # the way to several seats


def test_an_office_server_that_cannot_be_reached_is_reported(message_boxes) -> None:
    url = "postgresql://clerk:secret@127.0.0.1:1/office"
    assert application.open_office_database(url) is None
    (box,) = message_boxes
    assert box.text().startswith("به سرور دفتر دسترسی نیست")
    assert "postgresql://clerk@127.0.0.1:1/office" in box.text() and "secret" not in box.text()


def test_an_unreadable_database_is_reported(message_boxes, tmp_path: Path) -> None:
    not_a_database = tmp_path / "office.sqlite3"
    not_a_database.write_bytes(b"this is not a database" * 100)
    assert application.open_office_database(not_a_database) is None
    assert len(message_boxes) == 1 and str(not_a_database) in message_boxes[0].text()


def test_run_gui_exits_with_1_when_the_database_cannot_be_opened(
    monkeypatch, message_boxes, tmp_path: Path, configured_app
) -> None:
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)  # run_gui installs its own
    folder = tmp_path / "a-folder"
    folder.mkdir()
    assert application.run_gui(folder) == 1
    assert message_boxes


def test_run_gui_exits_with_1_when_an_existing_file_is_not_a_database(
    monkeypatch, message_boxes, tmp_path: Path, configured_app
) -> None:
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)  # run_gui installs its own
    not_a_database = tmp_path / "office.sqlite3"
    not_a_database.write_bytes(b"this is not a database" * 100)
    # The login dialog comes first and opens the file once it is on screen.
    assert application.run_gui(not_a_database) == 1
    assert len(message_boxes) == 1  # its text: test_an_unreadable_database_is_reported


# --------------------------------------------------------------------------- errors in slots


class Broken(QWidget):
    @guarded_slot
    def expected(self) -> None:
        raise DadrasError("این کار ممکن نیست.")

    @guarded_slot
    def bug(self) -> None:
        raise ZeroDivisionError("a bug")


def test_a_slot_error_is_shown_not_raised(qtbot, message_boxes) -> None:
    widget = Broken()
    qtbot.addWidget(widget)
    button = QPushButton(widget)
    button.clicked.connect(widget.expected)
    button.click()
    assert message_boxes[-1].text() == "این کار ممکن نیست."

    button.clicked.disconnect()
    button.clicked.connect(widget.bug)
    button.click()
    box = message_boxes[-1]
    assert box.icon() == QMessageBox.Icon.Critical
    assert "ZeroDivisionError: a bug" in box.detailedText()
    assert "Traceback" in box.detailedText()
    assert {"ذخیره‌ی گزارش…", "کپی گزارش", "بستن"} <= {b.text() for b in box.buttons()}


def test_an_unexpected_error_names_the_log_and_can_be_saved(
    qtbot, message_boxes, monkeypatch, tmp_path: Path
) -> None:
    from app import log
    from ui import errors
    from ui.widgets import file_dialog

    monkeypatch.setattr(log, "configured_file", lambda: tmp_path / "logs" / "dadras.log")
    target = tmp_path / "report.txt"
    monkeypatch.setattr(file_dialog, "save_file_name", lambda *args: (str(target), ""))
    monkeypatch.setattr(
        QMessageBox,
        "clickedButton",
        lambda box: next(b for b in box.buttons() if b.text() == "ذخیره‌ی گزارش…"),
    )
    try:
        raise ZeroDivisionError("a bug")
    except ZeroDivisionError as exc:
        errors.show_unexpected(None, exc)
    (box,) = message_boxes
    assert str(tmp_path / "logs" / "dadras.log") in box.text()
    assert "ZeroDivisionError: a bug" in target.read_text(encoding="utf-8")


def test_a_full_disk_is_a_message_not_a_bug_report(message_boxes) -> None:
    from tests.app.helpers import full_disk_error
    from ui import errors

    errors.show_error(None, full_disk_error())
    (box,) = message_boxes
    assert box.icon() == QMessageBox.Icon.Warning
    assert "پر است" in box.text() and "جا باز کنید" in box.text()


def test_f1_opens_the_user_guide(fake_pages, open_window, clerk: Session, qtbot) -> None:
    window = open_window(clerk)
    (action,) = [a for a in window.actions() if a.shortcut().toString() == "F1"]
    action.trigger()
    qtbot.waitUntil(lambda: window.guide_window.isVisible())
    assert window.guide_window.windowTitle() == "راهنمای کاربری دادرس"
    window.guide_window.close()


def test_about_names_the_office_server_without_its_password(
    fake_pages, open_window, clerk: Session
) -> None:
    from dataclasses import replace

    window = open_window(clerk)
    window.ctx = replace(window.ctx, database="postgresql://clerk:secret@db.office/dadras")
    text = window.about_box().text()
    assert "postgresql://clerk@db.office/dadras" in text and "secret" not in text
    assert "PostgreSQL، سرور دفتر" in text


def test_an_upgraded_office_is_indexed_again_as_it_opens(
    qtbot, tmp_path: Path, message_boxes
) -> None:
    """An office indexed by an earlier version's rules: opening it indexes its complaints
    again (behind a progress dialog, on a worker) before anyone can search."""
    from app import lookup, office, search_index, users
    from app.permissions import Role
    from db.connection import database_proxy, execute
    from db.schema import open_database
    from tests.app.helpers import register
    from tests.conftest import OFFICE_SETUP

    path = tmp_path / "office.sqlite3"
    database = open_database(path)
    admin = office.set_up(OFFICE_SETUP)
    users.create_user(admin, "clerk", "متصدی پذیرش", Role.CLERK, "clerk-pass-1")
    clerk = users.login("clerk", "clerk-pass-1")
    registered = register(clerk, subject="مسئول باجه نبود")
    execute("UPDATE complaint_search SET body = 'مسئول باجه نبود'")
    execute("UPDATE setting SET value = '1' WHERE key = ?", (search_index.RULES_SETTING,))
    database.close()
    database_proxy.initialize(None)

    opened = application.OfficeDatabase(path)
    try:
        assert opened.open()
        assert search_index.is_current() and message_boxes == []
        rows = lookup.page(clerk, lookup.parse_query("مسوول"))
        assert [row.id for row in rows] == [registered.complaint_id]
    finally:
        opened.close()
        database_proxy.initialize(None)
