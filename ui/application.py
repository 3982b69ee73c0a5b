"""Starting the window: the QApplication, font, translation, style, database, then the screens.

The pieces are separate functions so the tests can build the same application under pytest-qt
(where a QApplication already exists) without running the event loop.
"""

from __future__ import annotations

import sqlite3
import sys
from collections.abc import Sequence
from importlib import resources
from pathlib import Path

import peewee
from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, Qt, QTimer, QTranslator
from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication, QDialog

from app import __version__, office
from app.permissions import Session
from db.connection import NetworkShareError
from db.schema import open_database
from ui.errors import install_excepthook, show_message

APP_NAME = "Dadras"
FONT_POINT_SIZE = 10
TRANSLATION_FILE = "dadras_fa.qm"
WARM_UP_DELAY_MS = 50

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


def _translations_dir() -> resources.abc.Traversable:
    return resources.files("resources") / "translations"


def install_translations(app: QCoreApplication) -> list[QTranslator]:
    """Install Qt's own Persian strings and Dadras's translation; returns what was installed.

    The translators are children of ``app`` (so they live as long as it does); a missing
    ``.qm`` file is not an error — the English source text is shown instead.
    """
    installed: list[QTranslator] = []
    qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    qt_translator = QTranslator(app)
    if qt_translator.load("qtbase_fa", qt_dir):
        installed.append(qt_translator)
    ours = QTranslator(app)
    qm = _translations_dir() / TRANSLATION_FILE
    if qm.is_file():
        with resources.as_file(qm) as qm_path:
            if ours.load(str(qm_path)):
                installed.append(ours)
    for translator in installed:
        app.installTranslator(translator)
    return installed


def style_sheet() -> str:
    """The application style sheet from ``resources/style.qss`` ("" if it is missing)."""
    qss = resources.files("resources") / "style.qss"
    return qss.read_text(encoding="utf-8") if qss.is_file() else ""


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
    app.setLayoutDirection(Qt.LayoutDirection.RightToLeft)
    QLocale.setDefault(QLocale(QLocale.Language.Persian, QLocale.Country.Iran))
    app.setFont(app_font())
    install_translations(app)
    app.setStyleSheet(style_sheet())
    app.setProperty("dadrasConfigured", True)
    return app


# --------------------------------------------------------------------------- database


def open_office_database(path: Path) -> peewee.Database | None:
    """Open and migrate the database; on failure tell the user (in Persian) and return None."""
    try:
        return open_database(path)
    except NetworkShareError:
        show_message(
            None,
            QCoreApplication.translate(
                "Application",
                "The database file is on a network share:\n%1\n\nA database file on a shared "
                "folder can be damaged when several computers write to it. Keep the file on "
                "this computer's own disk, or ask your administrator to set up a PostgreSQL "
                "server for the office.",
            ).replace("%1", str(path)),
        )
    except (OSError, sqlite3.Error, peewee.DatabaseError) as exc:
        show_message(
            None,
            QCoreApplication.translate(
                "Application",
                "The database file cannot be opened:\n%1\n\nCheck that the file exists, that "
                "you may read and write it, and that the disk is not full.\n\nDetails: %2",
            )
            .replace("%1", str(path))
            .replace("%2", str(exc)),
        )
    return None


# --------------------------------------------------------------------------- screens


def _first_session() -> tuple[bool, Session | None]:
    """Run the setup wizard when needed: (go on?, the admin session if the wizard ran)."""
    if office.is_set_up():
        return True, None
    from ui.wizard import SetupWizard

    wizard = SetupWizard()
    if wizard.exec() != QDialog.DialogCode.Accepted or wizard.session is None:
        return False, None
    return True, wizard.session


def warm_up() -> None:
    """Load the login check's and the main window's code while the user types."""
    import app.users  # noqa: F401
    import ui.main_window
    import ui.pages.complaints
    import ui.pages.registration  # noqa: F401


def _login() -> Session | None:
    from ui.login import LoginDialog

    dialog = LoginDialog()
    # Runs once the dialog is on screen: typing a password takes far longer than this.
    QTimer.singleShot(WARM_UP_DELAY_MS, warm_up)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    return dialog.session


def _run_screens(app: QApplication, database_path: Path) -> int:
    go_on, session = _first_session()
    if not go_on:
        return 0
    while True:
        if session is None:
            session = _login()
            if session is None:
                return 0
        info = office.office_info()
        if info is None:  # the office row vanished: nothing sensible to show
            return 1
        from ui.context import UiContext
        from ui.main_window import MainWindow

        window = MainWindow(UiContext(session, info, database_path))
        window.show()
        app.exec()
        if not window.logout_was_requested:
            return 0
        window.deleteLater()
        session = None


def run_gui(db_path: Path | None) -> int:
    """The ``dadras`` window: returns the process exit status."""
    app = create_application(sys.argv)
    install_excepthook()
    if db_path is None:
        from app.paths import default_database_path  # platformdirs: only without --db

        db_path = default_database_path()
    path = Path(db_path)
    database = open_office_database(path)
    if database is None:
        return 1
    try:
        return _run_screens(app, path)
    finally:
        database.close()
