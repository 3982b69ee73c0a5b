"""Qt's own dialogs and menus speak Persian: the file dialog, a message box's buttons, a text
field's menu. Qt's Persian catalogue (qtbase_fa) lacks some of their strings; ours
(resources/translations/qt_extra_fa.ts) fills them in."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QLibraryInfo, QPoint, Qt, QTranslator
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QAbstractButton,
    QCalendarWidget,
    QComboBox,
    QDialogButtonBox,
    QFileDialog,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMenu,
    QMessageBox,
    QPlainTextEdit,
    QProgressDialog,
    QTextEdit,
    QTreeView,
    QWidget,
)
from pytestqt.qtbot import QtBot

from ui.application import QT_EXTRA_TRANSLATION_FILE, RESOURCES
from ui.widgets import file_dialog
from ui.widgets.file_dialog import DATE_COLUMN, SIZE_COLUMN, TYPE_COLUMN

ROOT = Path(__file__).resolve().parents[2]
LATIN = re.compile(r"[A-Za-z]")
# What may stay in Latin letters: a file-name pattern in parentheses, "(*.pdf *.png)", and a
# token kept left to right in an isolate (a file's extension, «پرونده‌ی PDF»).
PATTERNS = re.compile(r"\([^()]*\)\s*$")
ISOLATED = re.compile("[\u2066\u2068][^\u2069]*(\u2069|$)")


STANDARD_BUTTONS = (
    "Ok", "Save", "SaveAll", "Open", "Yes", "YesToAll", "No", "NoToAll", "Abort", "Retry",
    "Ignore", "Close", "Cancel", "Discard", "Help", "Apply", "Reset", "RestoreDefaults",
)  # fmt: skip


def latin_words(texts: list[str]) -> list[str]:
    """The texts that show Latin letters outside patterns and isolated tokens (and a menu
    item's shortcut, after a tab: the keys are named as the keyboard shows them)."""
    found = []
    for text in texts:
        bare = text.split("\t")[0].replace("&", "")
        bare = ISOLATED.sub("", PATTERNS.sub("", bare))
        if LATIN.search(bare):
            found.append(text)
    return found


def menu_texts(menu: QMenu) -> list[str]:
    texts = []
    for action in menu.actions():
        if action.isSeparator():
            continue
        texts += [action.text(), action.toolTip()]
        if action.menu() is not None:
            texts += menu_texts(action.menu())
    return texts


def widget_texts(root: QWidget) -> list[str]:
    """Every label, button, tooltip, combo item and action text under ``root``."""
    texts = [root.toolTip()]
    for widget in root.findChildren(QWidget):
        texts.append(widget.toolTip())
        if isinstance(widget, QLabel | QAbstractButton):
            texts.append(widget.text())
        if isinstance(widget, QLineEdit):
            texts.append(widget.placeholderText())
        if isinstance(widget, QComboBox) and widget.objectName() != "lookInCombo":  # paths
            texts += [widget.itemText(i) for i in range(widget.count())]
        for action in widget.actions():
            texts += [action.text(), action.toolTip()]
    return [t for t in texts if t]


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    (tmp_path / "letters").mkdir()
    (tmp_path / "letter.pdf").write_bytes(b"%PDF-1.4\n" + bytes(150_000))
    (tmp_path / "notes").write_text("x")
    return tmp_path


def shown_dialog(qtbot: QtBot, dialog: QFileDialog) -> QFileDialog:
    qtbot.addWidget(dialog)
    dialog.resize(900, 520)
    dialog.show()
    qtbot.waitExposed(dialog)
    view = dialog.findChild(QTreeView, "treeView")
    assert view is not None
    qtbot.waitUntil(lambda: view.model().rowCount(view.rootIndex()) >= 1, timeout=10_000)
    return dialog


def column_texts(dialog: QFileDialog) -> dict[str, list[str]]:
    """The detail view's header and, per file name, its size, type and date as shown."""
    view = dialog.findChild(QTreeView, "treeView")
    model, root = view.model(), view.rootIndex()
    rows = {"": [model.headerData(c, Qt.Orientation.Horizontal) for c in range(4)]}
    for row in range(model.rowCount(root)):
        name = model.index(row, 0, root).data()
        rows[name] = [
            model.index(row, c, root).data() for c in (SIZE_COLUMN, TYPE_COLUMN, DATE_COLUMN)
        ]
    return rows


@pytest.mark.parametrize(
    "mode, save",
    [
        (QFileDialog.FileMode.ExistingFile, False),
        (QFileDialog.FileMode.ExistingFiles, False),
        (QFileDialog.FileMode.AnyFile, True),
        (QFileDialog.FileMode.Directory, False),
    ],
)
def test_the_file_dialog_speaks_persian(
    qtbot: QtBot, folder: Path, mode: QFileDialog.FileMode, save: bool
) -> None:
    dialog = file_dialog.file_dialog(
        None, "انتخاب", str(folder), "نامه‌ها (*.pdf);;همه‌ی پرونده‌ها (*)", mode, save=save
    )
    shown_dialog(qtbot, dialog)
    assert dialog.testOption(QFileDialog.Option.DontUseNativeDialog)
    texts = widget_texts(dialog)
    columns = column_texts(dialog)
    texts += columns[""] + [t for name, row in columns.items() if name for t in row]
    assert latin_words(texts) == []
    # What Qt's Persian catalogue lacks, from ours.
    assert "&جستجو در:" in texts
    if mode != QFileDialog.FileMode.Directory:
        assert "&نوع پرونده‌ها:" in texts


def test_the_file_dialog_shows_sizes_types_and_dates_as_the_office_reads_them(
    qtbot: QtBot, folder: Path
) -> None:
    """Not 146.5 KiB, PDF document and a Gregorian date in the computer's locale."""
    dialog = shown_dialog(qtbot, file_dialog.file_dialog(None, "انتخاب", str(folder)))
    columns = column_texts(dialog)
    assert columns[""] == ["نام", "اندازه", "نوع", "تاریخ تغییر"]
    size, kind, date = columns["letter.pdf"]
    assert size == "۱۴۶٫۵ کیلوبایت"
    assert kind == "پرونده‌ی \u200f\u2066PDF\u2069"
    assert re.fullmatch(r"۱۴[۰-۹]{2}/[۰-۹]{2}/[۰-۹]{2} ساعت [۰-۹]{2}:[۰-۹]{2}", date), date
    assert columns["letters"][:2] == ["", "پوشه"]
    assert columns["notes"][1] == "پرونده"


def test_the_look_in_path_and_the_filters_read_left_to_right(qtbot: QtBot, folder: Path) -> None:
    """The folder's path is isolated (a combo box would show /tmp/a as tmp/a/); each filter's
    patterns get an isolate that runs to the end, as Qt reads them from a closing ")"."""
    dialog = file_dialog.file_dialog(None, "انتخاب", str(folder), "نامه‌ها (*.pdf);;همه (*)")
    shown_dialog(qtbot, dialog)
    look_in = dialog.findChild(QComboBox, "lookInCombo")
    assert look_in.currentText() == f"\u200f\u2066{folder}\u2069"
    types = dialog.findChild(QComboBox, "fileTypeCombo")
    assert [types.itemText(i) for i in range(types.count())] == [
        "نامه‌ها \u2066(*.pdf)",
        "همه \u2066(*)",
    ]
    # Qt still filters by the patterns, and the filter chosen comes back without the isolate.
    view = dialog.findChild(QTreeView, "treeView")
    model, root = view.model(), view.rootIndex()
    names = {model.index(row, 0, root).data() for row in range(model.rowCount(root))}
    assert names == {"letters", "letter.pdf"}
    dialog.selectFile(str(folder / "letter.pdf"))
    assert file_dialog._plain_filter(dialog) == "نامه‌ها (*.pdf)"


def test_the_functions_return_what_was_chosen(
    qtbot: QtBot, folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def accept(dialog: QFileDialog) -> int:
        dialog.selectFile(str(folder / "letter.pdf"))
        return int(QFileDialog.DialogCode.Accepted)

    monkeypatch.setattr(QFileDialog, "exec", accept)
    chosen = file_dialog.open_file_name(None, "انتخاب", str(folder), "نامه‌ها (*.pdf)")
    assert chosen == (str(folder / "letter.pdf"), "نامه‌ها (*.pdf)")
    monkeypatch.setattr(QFileDialog, "exec", lambda _dialog: int(QFileDialog.DialogCode.Rejected))
    assert file_dialog.save_file_name(None, "ذخیره", str(folder)) == ("", "")
    assert file_dialog.existing_directory(None, "پوشه", str(folder)) == ""


def test_no_page_opens_the_system_file_dialog() -> None:
    """Every file dialog goes through ui.widgets.file_dialog (Qt's, in Persian): the static
    QFileDialog functions would open the system's on Windows, in the language of Windows."""
    static = re.compile(r"QFileDialog\.get(Open|Save|Existing)")
    callers = [
        str(path.relative_to(ROOT))
        for path in (ROOT / "ui").rglob("*.py")
        if static.search(path.read_text("utf-8"))
    ]
    assert callers == []


def test_a_message_box_s_standard_buttons_are_persian(qtbot: QtBot) -> None:
    box = QMessageBox(QMessageBox.Icon.Warning, "دادرس", "متن")
    qtbot.addWidget(box)
    for name in STANDARD_BUTTONS:
        box.addButton(getattr(QMessageBox.StandardButton, name))
    box.setDetailedText("جزئیات")
    box.show()
    qtbot.waitExposed(box)
    texts = [button.text() for button in box.buttons()]
    assert len(texts) == len(STANDARD_BUTTONS) + 1  # and "Show Details..."
    assert latin_words(texts) == []
    assert "تأیید" in texts and "&بله" in texts and "&خیر" in texts


def test_a_button_box_s_standard_buttons_are_persian(qtbot: QtBot) -> None:
    buttons = QDialogButtonBox()
    qtbot.addWidget(buttons)
    for name in STANDARD_BUTTONS:
        buttons.addButton(getattr(QDialogButtonBox.StandardButton, name))
    texts = [button.text() for button in buttons.buttons()]
    assert len(texts) == len(STANDARD_BUTTONS)
    assert latin_words(texts) == []


def test_text_fields_menus_are_persian(qtbot: QtBot) -> None:
    line = QLineEdit("متن")
    area = QTextEdit("متن")
    plain = QPlainTextEdit("متن")
    for widget in (line, area, plain):
        qtbot.addWidget(widget)
    menus = [
        line.createStandardContextMenu(),
        area.createStandardContextMenu(QPoint(1, 1)),
        plain.createStandardContextMenu(QPoint(1, 1)),
    ]
    texts = [text for menu in menus for text in menu_texts(menu)]
    assert len(texts) >= 14
    assert latin_words(texts) == []
    assert {"&واگرد", "&چسباندن"} <= {text.split("\t")[0] for text in texts}


# --------------------------------------------------------------------------- every string


class Recorder(QTranslator):
    """Installed last, so Qt asks it first: notes every string asked for, answers nothing
    (None, a null string: an empty one would be taken as the translation)."""

    def __init__(self) -> None:
        super().__init__()
        self.asked: set[tuple[str, str, str, int]] = set()

    def translate(
        self, context: str, source: str, disambiguation: str | None = None, n: int = -1
    ) -> str | None:
        self.asked.add((context, source, disambiguation or "", n))
        return None

    def isEmpty(self) -> bool:
        return False


def persian_catalogues() -> Iterator[QTranslator]:
    qt = QTranslator()
    assert qt.load("qtbase_fa", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath))
    yield qt
    ours = QTranslator()
    assert ours.load(str(RESOURCES / "translations" / QT_EXTRA_TRANSLATION_FILE))
    yield ours


def exercise_qt_widgets(qtbot: QtBot, folder: Path) -> None:
    """Build and show the Qt dialogs and menus Dadras uses, as a user would see them."""
    for mode, save in (
        (QFileDialog.FileMode.ExistingFile, False),
        (QFileDialog.FileMode.AnyFile, True),
        (QFileDialog.FileMode.Directory, False),
    ):
        dialog = file_dialog.file_dialog(None, "انتخاب", str(folder), "همه (*)", mode, save=save)
        shown_dialog(qtbot, dialog)
        widget_texts(dialog)
        column_texts(dialog)
        dialog.setViewMode(QFileDialog.ViewMode.List)
        dialog.close()
    box = QMessageBox()
    qtbot.addWidget(box)
    box.setStandardButtons(QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No)
    box.setDetailedText("x")
    box.show()
    line, area = QLineEdit("x"), QPlainTextEdit("x")
    for widget in (line, area):
        qtbot.addWidget(widget)
    line.createStandardContextMenu()
    area.createStandardContextMenu(QPoint(1, 1))
    for widget in (QInputDialog(), QProgressDialog(), QCalendarWidget()):
        qtbot.addWidget(widget)
        widget.show()
    printer = QPrinter()
    printing = QPrintDialog(printer)  # Linux's; Windows shows its own
    qtbot.addWidget(printing)
    printing.show()
    qtbot.waitExposed(printing)


def test_every_qt_string_the_dialogs_ask_for_is_translated(qtbot: QtBot, folder: Path) -> None:
    """Record what Qt's widgets ask the translators for; each with Latin letters has a
    Persian translation in Qt's catalogue or ours. (MIME type names are not needed: the
    file dialog's type column says «پرونده‌ی PDF» itself.)"""
    recorder = Recorder()
    app = QCoreApplication.instance()
    app.installTranslator(recorder)
    try:
        exercise_qt_widgets(qtbot, folder)
    finally:
        app.removeTranslator(recorder)
    catalogues = list(persian_catalogues())
    asked = {a for a in recorder.asked if a[0].startswith("Q") and a[0] != "QMimeType"}
    assert len(asked) > 100
    missing = sorted(
        f"{context}: {source!r}"
        for context, source, disambiguation, n in asked
        if LATIN.search(re.sub(r"%\w", "", source))  # %p% (a percentage) is no word
        and not any(c.translate(context, source, disambiguation or None, n) for c in catalogues)
    )
    assert missing == []
