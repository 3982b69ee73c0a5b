"""Starting the window: the QApplication, font, translation, style, database, then the screens.

An existing office's login dialog is shown first and opens the database while the user types;
a new database file goes to the setup wizard, which needs the database open first.

The pieces are separate functions so the tests can build the same application under pytest-qt
(where a QApplication already exists) without running the event loop.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import (
    QCoreApplication,
    QEvent,
    QLibraryInfo,
    QLocale,
    QSize,
    QTimer,
    QTranslator,
)
from PySide6.QtGui import QFont, QFontDatabase, QIcon
from PySide6.QtWidgets import QApplication, QDialog, QWidget

import resources
from app import __version__, log

_log = log.get("application")

if TYPE_CHECKING:
    from types import TracebackType

    import peewee

    from app.paths import DatabaseTarget
    from app.permissions import Session
    from ui.main_window import MainWindow

# What the login dialog does not need is loaded once it is on screen: the database layer
# (peewee, the models, the services), which for an existing office is opened then, and the
# error helpers of ui.errors, which load the Python enums of Qt's ``Qt`` namespace (about
# 15 ms; nothing here touches ``Qt.*`` before the dialog is painted).

APP_NAME = "Dadras"
FONT_POINT_SIZE = 10
TRANSLATION_FILE = "dadras_fa.qm"
# Qt's own strings that Qt's Persian catalogue (qtbase_fa) lacks or words unclearly: the file
# dialog's "Look in:" and "Files of type:", "Folder", the buttons of a message box, the words
# of a text field's menu, the print dialog's newer labels (resources/translations/qt_extra_fa.ts).
QT_EXTRA_TRANSLATION_FILE = "qt_extra_fa.qm"
WARM_UP_DELAY_MS = 50
# The files shipped in the resources package (read as files: importlib.resources costs a few
# milliseconds to import, and Dadras is never run from a zip).
RESOURCES = Path(resources.__file__).parent

_font_family: str | None = None
_font_loaded = False


def _font_file() -> Path | None:
    try:
        import fontpkg_noto_sans_arabic
    except ImportError:
        return None
    path = Path(fontpkg_noto_sans_arabic.ROOT) / "files" / "NotoSansArabic[wdth,wght].ttf"
    return path if path.is_file() else None


def app_font_family() -> str | None:
    """Register Noto Sans Arabic from its pip package (once); its family name, or None."""
    global _font_family, _font_loaded
    if not _font_loaded:
        _font_loaded = True
        path = _font_file()
        font_id = QFontDatabase.addApplicationFont(str(path)) if path else -1
        families = QFontDatabase.applicationFontFamilies(font_id) if font_id >= 0 else []
        _font_family = families[0] if families else None
    return _font_family


def app_font() -> QFont:
    family = app_font_family()
    font = QFont(family) if family else QFont()
    font.setPointSize(FONT_POINT_SIZE)
    return font


def _translations_dir() -> Path:
    return RESOURCES / "translations"


def install_translations(app: QCoreApplication) -> list[QTranslator]:
    """Install Qt's own Persian strings, ours for what they lack, and Dadras's translation;
    returns what was installed.

    Qt asks the translator installed last first, so ``qt_extra_fa`` (installed after
    ``qtbase_fa``) fills its gaps and rewords what it says unclearly. The translators are
    children of ``app`` (so they live as long as it does); a missing ``.qm`` file is not an
    error — the English source text is shown instead.
    """
    installed: list[QTranslator] = []
    qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    qt_translator = QTranslator(app)
    if qt_translator.load("qtbase_fa", qt_dir):
        installed.append(qt_translator)
    for name in (QT_EXTRA_TRANSLATION_FILE, TRANSLATION_FILE):
        translator = QTranslator(app)
        qm = _translations_dir() / name
        if qm.is_file() and translator.load(str(qm)):
            installed.append(translator)
    for translator in installed:
        app.installTranslator(translator)
    return installed


def style_sheet() -> str:
    """The application style sheet from ``resources/style.qss`` ("" if it is missing)."""
    qss = RESOURCES / "style.qss"
    return qss.read_text(encoding="utf-8") if qss.is_file() else ""


def app_icon() -> QIcon:
    """Dadras's icon (resources/icons, drawn by packaging/make_icons.py) in every size."""
    icon = QIcon()
    folder = RESOURCES / "icons"
    for size in (16, 24, 32, 48, 64, 128, 256):
        icon.addFile(str(folder / f"dadras-{size}.png"), QSize(size, size))
    return icon


def create_application(argv: Sequence[str] | None = None) -> QApplication:
    """The configured QApplication: created if needed, set up once (idempotent)."""
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else None
    if app is None:
        app = QApplication(list(argv if argv is not None else sys.argv))
    if app.property("dadrasConfigured"):
        return app
    app.setApplicationName(APP_NAME)
    app.setOrganizationName(APP_NAME)
    app.setApplicationVersion(__version__)
    app.setDesktopFileName("dadras")
    app.setWindowIcon(app_icon())
    # Qt.LayoutDirection.RightToLeft, written by name through the property system: no
    # ``Qt.*`` enum is touched before the login dialog is painted.
    app.setProperty("layoutDirection", "RightToLeft")
    QLocale.setDefault(QLocale(QLocale.Language.Persian, QLocale.Country.Iran))
    app.setFont(app_font())
    install_translations(app)
    app.setStyleSheet(style_sheet())
    app.setProperty("dadrasConfigured", True)
    return app


# --------------------------------------------------------------------------- database


def open_office_database(
    path: DatabaseTarget, parent: QWidget | None = None
) -> peewee.Database | None:
    """Open and migrate the database; on failure tell the user (in Persian) and return None."""
    import sqlite3

    import peewee

    from app.paths import is_server
    from app.persian import ltr
    from db.connection import NetworkShareError
    from db.schema import open_database
    from ui.errors import show_message

    if is_server(path):
        return _open_server(path, parent)
    try:
        return open_database(path)
    except NetworkShareError:
        show_message(
            parent,
            QCoreApplication.translate(
                "Application",
                "The database file is on a network share:\n%1\n\nA database file on a shared "
                "folder can be damaged when several computers write to it. Keep the file on "
                "this computer's own disk. For several computers, ask your administrator to "
                "set up the office's PostgreSQL server and to start Dadras with its address:\n"
                "dadras --db postgresql://user:password@server/dadras",
            ).replace("%1", ltr(path)),
        )
    except (OSError, sqlite3.Error, peewee.DatabaseError) as exc:
        show_message(
            parent,
            QCoreApplication.translate(
                "Application",
                "The database file cannot be opened:\n%1\n\nCheck that the file exists, that "
                "you may read and write it, and that the disk is not full.\n\nDetails: %2",
            )
            .replace("%1", ltr(path))
            .replace("%2", ltr(exc)),
        )
    return None


def _open_server(url: str, parent: QWidget | None) -> peewee.Database | None:
    import peewee

    from app.paths import shown
    from app.persian import ltr
    from db.schema import open_database
    from ui.errors import show_message

    try:
        return open_database(url)
    except peewee.DatabaseError as exc:
        show_message(
            parent,
            QCoreApplication.translate(
                "Application",
                "The office server cannot be reached:\n%1\n\nCheck that this computer is on "
                "the office network and that the server is running, and ask your administrator "
                "whether the address, user name and password are right.\n\nDetails: %2",
            )
            .replace("%1", ltr(shown(url)))
            .replace("%2", ltr(str(exc).strip())),
        )
    return None


class OfficeDatabase:
    """The office's database (a file or the office server), opened and migrated once, when
    first needed."""

    def __init__(self, path: DatabaseTarget) -> None:
        self.path = path
        self.database: peewee.Database | None = None
        self.failed = False  # opening it was tried and the user was told why it failed

    def open(self, parent: QWidget | None = None) -> bool:
        if self.database is None and not self.failed:
            self.database = open_office_database(self.path, parent)
            self.failed = self.database is None
            if self.database is not None:
                bring_search_up_to_date(parent)
        return self.database is not None

    def close(self) -> None:
        from ui.periodic import PeriodicWork  # lazily, as the window's other modules

        PeriodicWork.stop_all()  # no scheduled export or backup on a closed database
        if self.database is not None:
            self.database.close()


def bring_search_up_to_date(parent: QWidget | None) -> None:
    """After an upgrade whose search rules changed, index the office's complaints again
    before anyone searches: on a worker thread, behind a progress dialog (a few seconds for
    most offices, minutes for a million complaints). A failure is shown; the work goes on
    where it stopped at the next start, and searching works meanwhile, finding less."""
    from PySide6.QtCore import QEventLoop

    from app import search_index
    from ui.errors import show_error
    from ui.widgets.background import run_with_progress

    if search_index.is_current():
        return
    loop = QEventLoop()
    outcome: list[object] = []

    def done(result: object) -> None:
        outcome.append(result)
        loop.quit()

    text = QCoreApplication.translate(
        "Application", "Updating the search index for this version of Dadras…"
    )
    task = run_with_progress(parent, text, search_index.rebuild, done, name="searchIndexProgress")
    if not outcome:
        loop.exec()
    del task
    if isinstance(outcome[0], BaseException):
        show_error(parent, outcome[0])


# --------------------------------------------------------------------------- screens


def _first_session() -> tuple[bool, Session | None]:
    """Run the setup wizard when needed: (go on?, the admin session if the wizard ran)."""
    from app import office

    if office.is_set_up():
        return True, None
    from ui.wizard import SetupWizard

    wizard = SetupWizard()
    if wizard.exec() != QDialog.DialogCode.Accepted:
        return False, None
    if wizard.restored is not None:  # an office brought back from its backup: log in
        return True, None
    if wizard.session is None:
        return False, None
    return True, wizard.session


def _is_set_up() -> bool:
    from app import office

    return office.is_set_up()


def warm_up() -> None:
    """Load the login check's and the main window's code while the user types, with each
    role's first page (``LANDING_PAGES``)."""
    import app.users  # noqa: F401
    import ui.backup_scheduler
    import ui.main_window
    import ui.pages.admin_users
    import ui.pages.box_entry
    import ui.pages.complaints
    import ui.pages.referrals_queue
    import ui.pages.registration
    import ui.pages.sync
    import ui.sync_scheduler  # noqa: F401


def warm_calendar() -> None:
    """Read this year's and last year's official holidays (the holidays package is large):
    the referrals queue counts working days late from its first row."""
    import datetime as dt

    from app import office_calendar

    today = dt.date.today()
    for day in (today, today - dt.timedelta(days=365)):
        office_calendar.official_holiday(day)


def load_icons() -> None:
    """Load the icon font and qtawesome with it (QtPy's imports are most of its cost)."""
    from ui.widgets import icons

    icons.load()


class WarmUp:
    """While the user types: load the code and the icons, then build the main window's
    session-free part.

    Each step runs on its own pass of the event loop, so typing stays responsive. After
    login ``take_window()`` stops what is left and hands over the window (or None).
    """

    def __init__(self) -> None:
        self.window: MainWindow | None = None
        self._steps: list[Callable[[], None]] = [
            warm_up,
            load_icons,
            warm_calendar,
            self._build_window,
            self._build_page,
        ]

    def start(self, delay_ms: int = WARM_UP_DELAY_MS) -> None:
        QTimer.singleShot(delay_ms, self._next)

    def _next(self) -> None:
        if not self._steps:
            return
        step = self._steps.pop(0)
        try:
            step()
        except Exception:  # the window is then built after login, where errors are shown
            _log.warning("building the window ahead of login failed", exc_info=True)
            self._steps.clear()
            self._discard()
            return
        if self._steps:
            QTimer.singleShot(0, self._next)

    def _build_window(self) -> None:
        from ui.main_window import MainWindow

        self.window = MainWindow()

    def _build_page(self) -> None:
        if self.window is not None:
            self.window.prebuild_first_page()

    def _discard(self) -> None:
        if self.window is not None:
            self.window.deleteLater()
            self.window = None

    def take_window(self) -> MainWindow | None:
        self._steps.clear()
        window, self.window = self.window, None
        return window


def _office_name_once_open(database: OfficeDatabase, parent: QWidget) -> str | None:
    """The login dialog's start-up step: open the database; the office's name if it is set up.

    None closes the dialog: the database could not be opened (the user has been told), or
    it holds no office yet (a first start left unfinished), which the wizard then sets up.
    """
    if not database.open(parent):
        return None
    from app import office

    try:
        info = office.office_info() if office.is_set_up() else None
    except Exception:
        database.failed = True  # shown as an unexpected error by the dialog
        raise
    return info.name if info is not None else None


def _login(database: OfficeDatabase, warm: WarmUp) -> Session | None:
    from ui.login import LoginDialog

    if database.database is None:
        dialog = LoginDialog(prepare=lambda: _office_name_once_open(database, dialog))
    else:
        dialog = LoginDialog()
    # Runs once the dialog is on screen: typing a password takes far longer than this.
    warm.start()
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    return dialog.session


def _run_screens(app: QApplication, database: OfficeDatabase) -> int:
    """Wizard (a new office), login, main window, and login again after logging out."""
    session: Session | None = None
    while True:
        warm = WarmUp()
        if session is None:
            if database.database is not None:
                go_on, session = _first_session()
                if not go_on:
                    return 0
            if session is None:
                session = _login(database, warm)
            if session is None:
                if database.failed:
                    return 1
                if database.database is not None and not _is_set_up():
                    continue  # a first start left unfinished: the wizard, then login
                return 0
        from app import office

        info = office.office_info()
        if info is None:  # the office row vanished: nothing sensible to show
            return 1
        from ui.context import UiContext
        from ui.main_window import MainWindow

        ctx = UiContext(session, info, database.path)
        window = warm.take_window()
        if window is None:
            window = MainWindow(ctx)
        else:
            window.attach(ctx)
        window.show()
        app.exec()
        if not window.logout_was_requested:
            return 0
        window.deleteLater()
        session = None
        release_memory()


def release_memory() -> None:
    """After a logout: the closed window's pages and rows, the database's page cache and the
    heap they leave free go back to the system before the next user logs in."""
    import contextlib
    import ctypes
    import ctypes.util
    import gc

    from db.connection import shrink_memory

    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    gc.collect()
    shrink_memory()
    libc = ctypes.util.find_library("c")
    if sys.platform.startswith("linux") and libc:
        with contextlib.suppress(OSError, AttributeError):  # not glibc: nothing to trim
            ctypes.CDLL(libc).malloc_trim(0)  # glibc keeps freed arenas otherwise


def install_excepthook() -> None:
    """``ui.errors.excepthook`` as ``sys.excepthook``, loaded when an error first needs it."""
    sys.excepthook = _excepthook


def _excepthook(
    exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None
) -> None:
    from ui.errors import excepthook

    excepthook(exc_type, exc, tb)


def run_gui(db_path: DatabaseTarget | None) -> int:
    """The ``dadras`` window: returns the process exit status."""
    app = create_application(sys.argv)
    install_excepthook()
    if db_path is None:
        from app.paths import default_database_path  # platformdirs: only without --db

        db_path = default_database_path()
    database = OfficeDatabase(db_path)
    # An existing office starts at the login dialog, which opens the database once it is on
    # screen; a new one (no file yet) needs the database open for the setup wizard. A server
    # is opened at once: whether it holds an office is only known there.
    exists = isinstance(db_path, Path) and db_path.is_file()
    if not exists and not database.open():
        return 1
    try:
        return _run_screens(app, database)
    finally:
        database.close()
