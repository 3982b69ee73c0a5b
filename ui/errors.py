"""Showing problems to the user (architecture: The window).

Expected problems (``DadrasError``) are shown with their Persian message. Anything else is a
bug: it goes to an error dialog with a copyable report, and the process keeps running —
an exception escaping a Qt slot must never abort the application.
"""

from __future__ import annotations

import functools
import inspect
import sys
import traceback
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any, TypeVar

import shiboken6
from PySide6 import __version__ as pyside_version
from PySide6.QtCore import QCoreApplication, QEvent, QObject, QRectF, QSize, Qt, SignalInstance
from PySide6.QtGui import QColor, QGuiApplication, QPainter, QPalette, QPen
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QComboBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from app import __version__, log
from app.errors import DadrasError, ValidationError, environment_problem
from app.persian import ltr

if TYPE_CHECKING:
    # Loaded when a message is first shown: creating its Python type (and enums) costs a few
    # milliseconds the login screen need not wait for (the same for QResizeEvent, which is
    # only an annotation here).
    from PySide6.QtGui import QPaintEvent, QResizeEvent
    from PySide6.QtWidgets import QMessageBox

ERROR_COLOR = "#b3261e"

_log = log.get("ui")

F = TypeVar("F", bound=Callable[..., Any])


# --------------------------------------------------------------------------- reports


def error_report(exc: BaseException) -> str:
    """A plain-text report of an unexpected error, for the user to copy and send."""
    import platform  # a few milliseconds the login screen need not wait for

    lines = [
        f"Dadras {__version__}",
        f"Python {platform.python_version()}, PySide6 {pyside_version}, {platform.platform()}",
        "",
        *traceback.format_exception(type(exc), exc, exc.__traceback__),
    ]
    return "\n".join(line.rstrip("\n") for line in lines)


def _message_box(
    parent: QWidget | None, icon: QMessageBox.Icon, title: str, text: str
) -> QMessageBox:
    from PySide6.QtWidgets import QMessageBox

    box = QMessageBox(icon, title, text, QMessageBox.StandardButton.NoButton, parent)
    box.setTextFormat(Qt.TextFormat.PlainText)
    return box


def show_message(parent: QWidget | None, text: str, title: str | None = None) -> None:
    """A modal warning with a message the user can act on (already translated or Persian)."""
    from PySide6.QtWidgets import QMessageBox

    _show_box(parent, QMessageBox.Icon.Warning, text, title)


def show_information(parent: QWidget | None, text: str, title: str | None = None) -> None:
    """A modal note that something went as asked (an import done): no warning sign."""
    from PySide6.QtWidgets import QMessageBox

    _show_box(parent, QMessageBox.Icon.Information, text, title)


def _show_box(parent: QWidget | None, icon: QMessageBox.Icon, text: str, title: str | None) -> None:
    from PySide6.QtWidgets import QMessageBox

    box = _message_box(parent, icon, title or QCoreApplication.translate("Errors", "Dadras"), text)
    box.setStandardButtons(QMessageBox.StandardButton.Ok)
    box.button(QMessageBox.StandardButton.Ok).setText(QCoreApplication.translate("Errors", "OK"))
    box.exec()


def show_unexpected(parent: QWidget | None, exc: BaseException) -> None:
    """The error dialog for a bug: a short message naming the log, the report in the
    details, and buttons to copy the report or save it as a file."""
    report = error_report(exc)
    _log.error("unexpected error", exc_info=exc)
    if QApplication.instance() is None:  # no window to show it in: the log has it
        return
    from PySide6.QtWidgets import QMessageBox

    text = QCoreApplication.translate(
        "Errors",
        "Something went wrong that Dadras did not expect. The last action was not "
        "completed and your saved data is safe.\n\nPlease save or copy the report and send "
        "it to your support contact.",
    )
    log_path = log.configured_file()
    if log_path is not None:
        text += "\n\n" + QCoreApplication.translate(
            "Errors", "The details are also in the log file: %1"
        ).replace("%1", ltr(str(log_path)))
    box = _message_box(
        parent,
        QMessageBox.Icon.Critical,
        QCoreApplication.translate("Errors", "Unexpected error"),
        text,
    )
    box.setObjectName("unexpectedErrorBox")
    box.setDetailedText(report)
    save = box.addButton(
        QCoreApplication.translate("Errors", "Save report…"), QMessageBox.ButtonRole.ActionRole
    )
    copy = box.addButton(
        QCoreApplication.translate("Errors", "Copy report"), QMessageBox.ButtonRole.ActionRole
    )
    close = box.addButton(
        QCoreApplication.translate("Errors", "Close"), QMessageBox.ButtonRole.RejectRole
    )
    box.setDefaultButton(close)
    box.exec()
    if not shiboken6.isValid(box):  # its window closed under it (the app quitting): logged
        return
    if box.clickedButton() is copy:
        QGuiApplication.clipboard().setText(report)
    elif box.clickedButton() is save:
        save_report(parent, report)


def save_report(parent: QWidget | None, report: str) -> Path | None:
    """Ask where, and write the report there as a text file; the file written, or None."""
    from ui.widgets import file_dialog

    name, _filter = file_dialog.save_file_name(
        parent,
        QCoreApplication.translate("Errors", "Save the error report"),
        "dadras-error-report.txt",
        QCoreApplication.translate("Errors", "Text files (*.txt)"),
    )
    if not name:
        return None
    path = Path(name)
    try:
        path.write_text(report + "\n", encoding="utf-8")
    except OSError as exc:
        show_message(parent, environment_message(exc, path))
        return None
    return path


def environment_message(exc: OSError, path: Path) -> str:
    problem = environment_problem(exc)
    if problem is not None:
        return problem.message
    return QCoreApplication.translate("Errors", "The file %1 could not be written.").replace(
        "%1", ltr(str(path))
    )


def show_error(parent: QWidget | None, exc: BaseException) -> None:
    """A ``DadrasError`` shows its Persian message; anything else the error dialog.

    A refused action (not a form) shows the reasons themselves, not "correct the form".
    """
    if isinstance(exc, ValidationError) and exc.fields:
        show_message(parent, "\n".join(dict.fromkeys(exc.fields.values())))
    elif isinstance(exc, DadrasError):
        show_message(parent, exc.message)
    elif (problem := environment_problem(exc)) is not None:
        _log.warning("%s: %s", problem.kind, type(exc).__name__, exc_info=exc)
        show_message(parent, problem.message)
    else:
        show_unexpected(parent, exc)


# --------------------------------------------------------------------------- guards


def _positional_limit(func: Callable[..., Any]) -> int | None:
    """How many positional arguments ``func`` takes (None: any number)."""
    try:
        params = inspect.signature(func).parameters.values()
    except (TypeError, ValueError):
        return None
    if any(p.kind is p.VAR_POSITIONAL for p in params):
        return None
    kinds = (inspect.Parameter.POSITIONAL_ONLY, inspect.Parameter.POSITIONAL_OR_KEYWORD)
    return sum(1 for p in params if p.kind in kinds)


def guarded_slot(func: F) -> F:
    """Decorate a slot so an exception is shown to the user instead of escaping into Qt.

    Extra signal arguments (``clicked(bool)``'s ``checked``) are dropped when the slot does
    not take them. The parent of the dialog is ``self`` when the slot is a widget method.
    """
    limit = _positional_limit(func)

    @functools.wraps(func)
    def wrapper(*args: Any) -> Any:
        call_args = args if limit is None else args[:limit]
        try:
            return func(*call_args)
        except Exception as exc:
            parent = args[0] if args and isinstance(args[0], QWidget) else None
            show_error(parent, exc)
            return None

    return wrapper  # type: ignore[return-value]


@contextmanager
def guarded(parent: QWidget | None) -> Iterator[None]:
    """``with guarded(self): ...`` — the same protection as ``guarded_slot`` for a block."""
    try:
        yield
    except Exception as exc:
        show_error(parent, exc)


_in_hook = False


def excepthook(exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
    """``sys.excepthook`` for the GUI: report instead of aborting."""
    global _in_hook
    if issubclass(exc_type, KeyboardInterrupt) or _in_hook:
        sys.__excepthook__(exc_type, exc, tb)
        return
    _in_hook = True
    try:
        exc.__traceback__ = tb
        show_error(QApplication.activeWindow(), exc)
    finally:
        _in_hook = False


def install_excepthook() -> None:
    sys.excepthook = excepthook


# --------------------------------------------------------------------------- field errors


class _MessageLabel(QLabel):
    """A word-wrapped label as tall as its text needs at the width it has.

    A wrapped QLabel's size hints guess a width (half of what one line needs), so in a form
    a one-line message would get the height of two lines and a long one could be cut off.
    """

    def _fitted(self, hint: QSize) -> QSize:
        if self.wordWrap() and self.isVisible() and self.width() > 0:
            return QSize(hint.width(), self.heightForWidth(self.width()))
        return hint

    def sizeHint(self) -> QSize:
        return self._fitted(super().sizeHint())

    def minimumSizeHint(self) -> QSize:
        return self._fitted(super().minimumSizeHint())

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if self.wordWrap() and event.size().width() != event.oldSize().width():
            self.updateGeometry()


def error_label(object_name: str = "fieldError") -> QLabel:
    """A red, word-wrapped, plain-text label for a validation message; hidden until used."""
    label = _MessageLabel()
    label.setObjectName(object_name)
    label.setProperty("role", "error")
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    label.setAlignment(Qt.AlignmentFlag.AlignLeading | Qt.AlignmentFlag.AlignTop)
    palette = label.palette()
    palette.setColor(QPalette.ColorRole.WindowText, QColor(ERROR_COLOR))
    label.setPalette(palette)
    label.setVisible(False)
    return label


def set_error_text(label: QLabel, text: str) -> None:
    label.setText(text)
    label.setVisible(bool(text))


class _FieldCell(QWidget):
    """One field of a form with its (hidden) message right under it, in one form cell."""

    def __init__(self, widget: QWidget, message: QLabel) -> None:
        super().__init__()
        self.setObjectName("fieldCell")
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)  # the font's own line spacing leaves room enough
        column.addWidget(widget)
        column.addWidget(message)


class _TitleLeveller(QObject):
    """Keeps a form row's title level with its field.

    A form lets a row's label grow with the row, so with a message under the field a
    vertically centred title would sink below the field's middle. The title's text sits at
    its top instead, pushed down to the middle of the field — or, beside a tall field, to
    where a form puts it (the middle of 7/4 of a line).
    """

    def __init__(self, title: QLabel, field: QWidget) -> None:
        super().__init__(title)
        self._title = title
        title.setAlignment(Qt.AlignmentFlag.AlignLeading | Qt.AlignmentFlag.AlignTop)
        field.installEventFilter(self)
        self._level(field.sizeHint().height())

    def _level(self, field_height: int) -> None:
        line = self._title.fontMetrics().height()
        top = max(0, (min(field_height, line * 7 // 4) - line) // 2)
        if self._title.contentsMargins().top() != top:
            self._title.setContentsMargins(0, top, 0, 0)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize and isinstance(watched, QWidget):
            self._level(watched.height())
        return False


class _ErrorFrame(QWidget):
    """A red frame over a field whose value was refused; clicks and keys pass through it."""

    def __init__(self, field: QWidget) -> None:
        super().__init__(field)
        self.setObjectName("errorFrame")
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setVisible(False)
        field.installEventFilter(self)

    def _field(self) -> QWidget:
        field = self.parentWidget()
        assert field is not None  # made as the field's child
        return field

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.parentWidget() and event.type() == QEvent.Type.Resize:
            self.setGeometry(self._field().rect())
        return False

    def set_shown(self, shown: bool) -> None:
        if shown:
            self.setGeometry(self._field().rect())
            self.raise_()  # above a text box's viewport or a combo's line edit
        self.setVisible(shown)

    def paintEvent(self, _event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        pen = QPen(QColor(ERROR_COLOR))
        pen.setWidthF(2)
        painter.setPen(pen)
        painter.drawRoundedRect(QRectF(self.rect()).adjusted(1, 1, -1, -1), 3, 3)


def _edit_signals(widget: QWidget) -> list[SignalInstance]:
    """The signals that say the user changed ``widget``'s value (none for a bare container:
    the form says which of its parts count, with ``FieldErrors.watch``)."""
    if isinstance(widget, QLineEdit):
        return [widget.textEdited]
    if isinstance(widget, QComboBox):
        return [widget.currentIndexChanged, widget.editTextChanged]
    if isinstance(widget, (QPlainTextEdit, QTextEdit)):
        return [widget.textChanged]
    if isinstance(widget, QListWidget):
        return [widget.itemChanged]
    if isinstance(widget, QAbstractButton):
        return [widget.toggled]
    signals: list[SignalInstance] = []
    for name in ("valueChanged", "dateChanged"):  # spin boxes; the Jalali date field
        signal = getattr(widget, name, None)
        if isinstance(signal, SignalInstance):
            signals.append(signal)
    line_edit = getattr(widget, "lineEdit", None)
    if callable(line_edit) and isinstance(edit := line_edit(), QLineEdit):
        signals.append(edit.textEdited)  # a date typed but not yet a date
    return signals


class FieldErrors:
    """Validation messages shown next to their fields, keyed like ``ValidationError.fields``.

    ``add_row`` puts a field into a ``QFormLayout`` with its (hidden) message right under
    it; ``show`` shows every message at once, frames each refused field in red and focuses
    the first one; messages for fields the form does not have go to the general label.
    A field's message and frame go as soon as the user changes that field.
    """

    def __init__(self, general: QLabel | None = None) -> None:
        self.general = general or error_label("generalError")
        self._labels: dict[str, QLabel] = {}
        self._widgets: dict[str, QWidget] = {}
        self._titles: dict[str, QLabel] = {}
        self._frames: dict[str, _ErrorFrame] = {}

    def add_row(self, form: QFormLayout, label: str, field: str, widget: QWidget) -> QLabel:
        """``label`` and ``widget`` as one row, the (hidden) message under the field in the
        same cell; the label stays level with the field, and a hidden message takes no
        space. Returns the message label."""
        message = error_label(f"error_{field}")
        title = QLabel(label)
        title.setBuddy(widget)
        form.addRow(title, _FieldCell(widget, message))
        self._labels[field] = message
        self._widgets[field] = widget
        self._titles[field] = title
        _TitleLeveller(title, widget)
        if type(widget) is not QWidget:  # a bare container has its message, not a frame
            self._frames[field] = _ErrorFrame(widget)
        self.watch(field, *_edit_signals(widget))
        return message

    def watch(self, field: str, *signals: SignalInstance) -> None:
        """Clear ``field``'s message whenever one of ``signals`` is emitted."""
        for signal in signals:
            signal.connect(lambda *_args, name=field: self.set_message(name, ""))

    def label(self, field: str) -> QLabel:
        return self._labels[field]

    def title(self, field: str) -> QLabel:
        """The field's name beside it in the form."""
        return self._titles[field]

    def has(self, field: str) -> bool:
        return field in self._labels

    def is_marked(self, field: str) -> bool:
        """Whether the field is framed as refused."""
        frame = self._frames.get(field)
        return frame is not None and not frame.isHidden()

    def set_message(self, field: str, text: str) -> None:
        """Show ``text`` under ``field`` and frame it, or ("") clear both."""
        set_error_text(self._labels[field], text)
        frame = self._frames.get(field)
        if frame is not None:
            frame.set_shown(bool(text))

    def clear(self) -> None:
        for field in self._labels:
            self.set_message(field, "")
        set_error_text(self.general, "")

    def show(self, fields: dict[str, str], general: str = "") -> None:
        """Show ``fields`` (field → message); unknown fields and ``general`` go below."""
        self.clear()
        extra = [msg for name, msg in fields.items() if name not in self._labels]
        for name, msg in fields.items():
            if name in self._labels:
                self.set_message(name, msg)
        set_error_text(self.general, "\n".join([*extra, general] if general else extra))
        first = next((self._widgets[n] for n in self._widgets if n in fields), None)
        if first is not None:
            first.setFocus(Qt.FocusReason.OtherFocusReason)

    def show_exception(self, exc: DadrasError) -> None:
        if isinstance(exc, ValidationError):
            self.show(exc.fields)
        else:
            self.show({}, exc.message)
