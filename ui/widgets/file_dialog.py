"""Choosing a file or a folder: Qt's own file dialog, in Persian, for every file Dadras opens
or saves.

Not the system's dialog: Windows draws its own in the language of Windows (an English Windows
gives "Look in", "File name", "Date modified"), where Qt's dialog is translated by Qt's
catalogue and by ours (``resources/translations/qt_extra_fa.ts``, for the strings Qt's Persian
catalogue lacks). Its columns are shown here too: Qt's file model writes sizes, dates and file
types in the computer's own locale (``146.5 KiB``, a Gregorian date, ``PDF document``), so
a proxy model shows them as the office reads them (``۱۴۶٫۵ کیلوبایت``, a Jalali date,
``پرونده‌ی PDF``).

The functions mirror ``QFileDialog``'s static ones and return what they return; an empty
path (or list) means the user cancelled.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import (
    QCoreApplication,
    QIdentityProxyModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFileDialog,
    QFileSystemModel,
    QTreeView,
    QWidget,
)

from app import jalali
from app.persian import ltr, size_text
from ui.screen_fit import fit_to_screen

__all__ = [
    "FileColumns",
    "existing_directory",
    "file_dialog",
    "open_file_name",
    "open_file_names",
    "save_file_name",
]

_LRI = "\u2066"
SIZE_COLUMN, TYPE_COLUMN, DATE_COLUMN = 1, 2, 3


DIALOG_SIZE = (820, 520)  # name, size, type and date side by side, within 1366×728


class FileColumns(QIdentityProxyModel):
    """The file dialog's model with the size, type and date columns in Persian."""

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        column = index.column()
        if role != Qt.ItemDataRole.DisplayRole or column not in (
            SIZE_COLUMN,
            TYPE_COLUMN,
            DATE_COLUMN,
        ):
            return super().data(index, role)
        model = self.sourceModel()
        if not isinstance(model, QFileSystemModel):
            return super().data(index, role)
        info = model.fileInfo(self.mapToSource(index))
        if column == SIZE_COLUMN:
            return "" if info.isDir() else size_text(info.size())
        if column == TYPE_COLUMN:
            return type_text(info.isRoot(), info.isDir(), info.suffix())
        modified = info.lastModified()
        if not modified.isValid():
            return ""
        moment = dt.datetime.fromtimestamp(modified.toSecsSinceEpoch(), dt.UTC)
        return jalali.format_datetime(moment)


class IsolatedPaths(QIdentityProxyModel):
    """The "Look in" list's paths kept left to right inside the right-to-left dialog (a
    combo box lays its text out right to left whatever its own direction: /tmp/a would
    show as tmp/a/)."""

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        value = super().data(index, role)
        if role == Qt.ItemDataRole.DisplayRole and isinstance(value, str) and value:
            return ltr(value)
        return value


def type_text(is_drive: bool, is_folder: bool, suffix: str) -> str:
    """A file's kind as the office says it: «پوشه», «درایو», «پرونده‌ی PDF»."""
    if is_drive:
        return QCoreApplication.translate("FileDialog", "Drive")
    if is_folder:
        return QCoreApplication.translate("FileDialog", "Folder")
    if suffix:
        kind = QCoreApplication.translate("FileDialog", "%1 file")
        return kind.replace("%1", ltr(suffix.upper()))
    return QCoreApplication.translate("FileDialog", "File")


def _isolated_filter(name_filter: str) -> str:
    """``نامه‌ها (*.pdf)`` with its patterns kept left to right: an isolate opens before the
    parenthesis and runs to the end (Qt reads the patterns from a filter ending in ``)``, so
    it is not closed); without it the line shows ``(pdf.*) نامه‌ها``."""
    opening = name_filter.rfind("(")
    if opening <= 0 or not name_filter.endswith(")") or _LRI in name_filter:
        return name_filter
    return name_filter[:opening] + _LRI + name_filter[opening:]


def file_dialog(
    parent: QWidget | None,
    caption: str,
    directory: str = "",
    name_filter: str = "",
    mode: QFileDialog.FileMode = QFileDialog.FileMode.ExistingFile,
    *,
    save: bool = False,
) -> QFileDialog:
    """Qt's file dialog (never the system's), Persian columns, detail view; not shown yet.

    ``directory`` may name a file, which is then selected; ``name_filter`` is Qt's
    ``"Name (*.a *.b);;Other (*)"``.
    """
    dialog = QFileDialog(parent, caption, directory)
    dialog.resize(*DIALOG_SIZE)  # Qt's own size hides the date column behind a scroll bar
    fit_to_screen(dialog)
    dialog.setObjectName("fileDialog")
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)
    dialog.setFileMode(mode)
    if mode == QFileDialog.FileMode.Directory:
        dialog.setOption(QFileDialog.Option.ShowDirsOnly, True)
    if save:
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
    if name_filter:
        dialog.setNameFilters([_isolated_filter(f) for f in name_filter.split(";;") if f])
    dialog.setProxyModel(FileColumns(dialog))
    dialog.setViewMode(QFileDialog.ViewMode.Detail)
    details = dialog.findChild(QTreeView, "treeView")
    if details is not None:  # wide enough for ۱۴۰۵/۰۹/۱۶ ساعت ۲۱:۱۰ (Qt's is for its own date)
        sample = jalali.format_datetime(dt.datetime(2026, 12, 7, 21, 10, tzinfo=dt.UTC))
        width = details.fontMetrics().horizontalAdvance(sample) + 24
        details.header().resizeSection(DATE_COLUMN, width)
    look_in = dialog.findChild(QComboBox, "lookInCombo")
    if look_in is not None:  # Qt's own model, seen through one that isolates the paths
        urls = look_in.model()
        urls.setParent(dialog)  # a combo box deletes the model it replaces if it owns it
        paths = IsolatedPaths(look_in)
        paths.setSourceModel(urls)
        look_in.setModel(paths)
    return dialog


def _plain_filter(dialog: QFileDialog) -> str:
    return dialog.selectedNameFilter().replace(_LRI, "")


def _run(dialog: QFileDialog) -> bool:
    try:
        return dialog.exec() == QDialog.DialogCode.Accepted
    finally:
        dialog.deleteLater()


def open_file_name(
    parent: QWidget | None, caption: str, directory: str = "", name_filter: str = ""
) -> tuple[str, str]:
    """An existing file: (its path, the filter chosen); ("", "") when cancelled."""
    dialog = file_dialog(parent, caption, directory, name_filter)
    if not _run(dialog) or not dialog.selectedFiles():
        return "", ""
    return dialog.selectedFiles()[0], _plain_filter(dialog)


def open_file_names(
    parent: QWidget | None, caption: str, directory: str = "", name_filter: str = ""
) -> tuple[list[str], str]:
    """Existing files, one or more: (their paths, the filter chosen); ([], "") when cancelled."""
    mode = QFileDialog.FileMode.ExistingFiles
    dialog = file_dialog(parent, caption, directory, name_filter, mode)
    if not _run(dialog):
        return [], ""
    return list(dialog.selectedFiles()), _plain_filter(dialog)


def save_file_name(
    parent: QWidget | None, caption: str, directory: str = "", name_filter: str = ""
) -> tuple[str, str]:
    """A file to write (Qt asks before replacing one): (its path, the filter chosen)."""
    mode = QFileDialog.FileMode.AnyFile
    dialog = file_dialog(parent, caption, directory, name_filter, mode, save=True)
    if not _run(dialog) or not dialog.selectedFiles():
        return "", ""
    return dialog.selectedFiles()[0], _plain_filter(dialog)


def existing_directory(parent: QWidget | None, caption: str, directory: str = "") -> str:
    """An existing folder's path; "" when cancelled."""
    dialog = file_dialog(parent, caption, directory, mode=QFileDialog.FileMode.Directory)
    if not _run(dialog) or not dialog.selectedFiles():
        return ""
    return dialog.selectedFiles()[0]
