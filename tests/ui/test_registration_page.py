"""The registration page, driven from the keyboard like the front-desk clerk drives it."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtGui import QImage, QPageSize
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QFormLayout,
    QMessageBox,
    QWidget,
)
from pytestqt.qtbot import QtBot

from app import jalali, lists, lookup
from app.errors import ValidationError
from app.permissions import Role, Session
from app.persian import ltr, to_persian_digits
from app.receipts import receipt_pdf
from app.registration import register_complaint
from app.tracking import format_tracking_code
from app.vocabulary import Channel, Identity, Kind
from tests.app.helpers import VALID_MOBILE, VALID_NATIONAL_CODE
from ui import printing
from ui.pages.registration import RegistrationPage
from ui.widgets import file_dialog

NAME = "زهرا کریمی"
SUBJECT = "تأخیر در صدور پروانه‌ی ساختمانی"


@pytest.fixture
def page(qtbot: QtBot, clerk: Session, ui_context) -> RegistrationPage:
    widget = RegistrationPage(ui_context(clerk))
    qtbot.addWidget(widget)
    widget.resize(1146, 688)
    widget.show()
    qtbot.waitExposed(widget)
    widget.activateWindow()
    widget.focus_first_field()
    return widget


def test_the_lists_read_in_alphabetical_order_with_other_last(
    qtbot: QtBot, admin: Session, clerk: Session, ui_context
) -> None:
    for name in ("سایر دستگاه‌ها", "گمرک", "ورزش و جوانان", "پست"):
        lists.create_unit(admin, name)
    lists.create_category(admin, "متفرقه")
    page = RegistrationPage(ui_context(clerk))
    qtbot.addWidget(page)
    categories = [page.category_combo.itemText(i) for i in range(page.category_combo.count())]
    assert categories[-2:] == ["سایر", "متفرقه"]
    assert categories.index("عدم پاسخگویی") < categories.index("کیفیت خدمات")
    assert categories.index("کیفیت خدمات") < categories.index("مطالبه‌ی مدارک غیرضروری")
    units = [page.unit_combo.itemText(i) for i in range(page.unit_combo.count())]
    assert units[-1] == "سایر دستگاه‌ها"
    assert units.index("پست") < units.index("شهرداری مرکز استان") < units.index("گمرک")
    assert units.index("گمرک") < units.index("ورزش و جوانان")


def total(session: Session) -> int:
    return lookup.count(session, lookup.Query())


def choose_unit(qtbot: QtBot, page: RegistrationPage, type_text, part: str) -> None:
    """Type part of a unit's name and take the first suggestion, as a clerk would."""
    edit = page.unit_combo.lineEdit()
    edit.clear()
    type_text(edit, part)
    popup = page.unit_combo.completer().popup()
    qtbot.waitUntil(popup.isVisible)
    qtbot.keyClick(popup, Qt.Key.Key_Down)
    qtbot.keyClick(popup, Qt.Key.Key_Return)


def fill_named(qtbot: QtBot, page: RegistrationPage, type_text) -> None:
    type_text(page.full_name_edit, NAME)
    type_text(page.national_code_edit, to_persian_digits(VALID_NATIONAL_CODE))
    qtbot.keyClicks(page.mobile_edit, VALID_MOBILE)
    choose_unit(qtbot, page, type_text, "شهرداری")
    page.category_combo.setFocus()
    qtbot.keyClick(page.category_combo, Qt.Key.Key_Down)  # the first category
    type_text(page.subject_edit, SUBJECT)
    type_text(page.description_edit, "از سه ماه پیش پرونده‌ام معطل است.")


def test_registering_from_the_keyboard_shows_the_tracking_code(
    qtbot: QtBot, page: RegistrationPage, clerk: Session, type_text
) -> None:
    fill_named(qtbot, page, type_text)
    # Enter in the description is a new line, not a save.
    qtbot.keyClick(page.description_edit, Qt.Key.Key_Return)
    type_text(page.description_edit, "خط دوم")
    assert page.last is None and total(clerk) == 0
    assert page.unit_combo.currentText() == "شهرداری مرکز استان"

    with qtbot.waitSignal(page.registered) as signal:
        qtbot.keyClick(page.subject_edit, Qt.Key.Key_Return)

    rows = lookup.page(clerk, lookup.Query())
    assert len(rows) == 1
    row = rows[0]
    assert signal.args == [row.id]
    shown = page.tracking_code_label.text()
    assert shown == to_persian_digits(format_tracking_code(row.tracking_code))
    assert all(not c.isascii() or c == "-" for c in shown)  # Persian digits only
    assert page.result_panel.isVisible()
    # The code as shown (Persian digits, grouped) is what the clerk reads out; it finds the case.
    found = lookup.page(clerk, lookup.parse_query(shown))
    assert [r.id for r in found] == [row.id]
    detail = lookup.detail(clerk, row.id)
    assert row.complainant == NAME and row.subject == SUBJECT
    assert row.unit == "شهرداری مرکز استان"
    assert detail.national_code == VALID_NATIONAL_CODE and detail.mobile == VALID_MOBILE
    assert detail.description == "از سه ماه پیش پرونده‌ام معطل است.\nخط دوم"
    assert row.received_on == jalali.today()
    assert row.kind == Kind.COMPLAINT and row.channel == Channel.WALK_IN


def test_ctrl_enter_in_the_description_saves(
    qtbot: QtBot, page: RegistrationPage, clerk: Session, type_text
) -> None:
    fill_named(qtbot, page, type_text)
    with qtbot.waitSignal(page.registered):
        qtbot.keyClick(
            page.description_edit, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier
        )
    assert total(clerk) == 1
    assert page.description_edit.toPlainText() == ""


def test_ctrl_s_saves(qtbot: QtBot, page: RegistrationPage, clerk: Session, type_text) -> None:
    fill_named(qtbot, page, type_text)
    with qtbot.waitSignal(page.registered):
        qtbot.keyClick(page.county_edit, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert total(clerk) == 1


@pytest.mark.parametrize(
    "widget",
    [
        lambda page: page.channel_combo,
        lambda page: page.received_edit.lineEdit(),
        lambda page: page.unit_combo.lineEdit(),
        lambda page: page.identity_buttons[Identity.NAMED],
        lambda page: page.address_edit,
    ],
    ids=["closed combo", "date", "unit", "radio button", "address"],
)
def test_enter_saves_from_any_one_line_field(
    qtbot: QtBot, page: RegistrationPage, clerk: Session, type_text, widget
) -> None:
    fill_named(qtbot, page, type_text)
    target = widget(page)
    target.setFocus()
    with qtbot.waitSignal(page.registered):
        qtbot.keyClick(target, Qt.Key.Key_Return)
    assert total(clerk) == 1


def test_enter_on_a_result_button_does_not_save(
    qtbot: QtBot, page: RegistrationPage, clerk: Session, type_text
) -> None:
    fill_named(qtbot, page, type_text)
    with qtbot.waitSignal(page.registered):
        qtbot.keyClick(page.subject_edit, Qt.Key.Key_Return)
    fill_named(qtbot, page, type_text)
    page.copy_button.setFocus()
    qtbot.keyClick(page.copy_button, Qt.Key.Key_Return)
    assert total(clerk) == 1


@pytest.mark.parametrize(
    ("field", "edit_name", "value"),
    [
        ("national_code", "national_code_edit", "1234567890"),
        ("mobile", "mobile_edit", "0912123"),
        ("subject", "subject_edit", ""),
    ],
)
def test_a_bad_field_shows_its_persian_message_and_saves_nothing(
    qtbot: QtBot,
    page: RegistrationPage,
    clerk: Session,
    type_text,
    field: str,
    edit_name: str,
    value: str,
) -> None:
    fill_named(qtbot, page, type_text)
    edit = getattr(page, edit_name)
    edit.clear()
    qtbot.keyClicks(edit, value)
    with pytest.raises(ValidationError) as expected:
        register_complaint(clerk, page.collect())
    message = expected.value.fields[field]

    qtbot.keyClick(page.address_edit, Qt.Key.Key_Return)

    assert total(clerk) == 0
    label = page.errors.label(field)
    assert label.isVisible() and label.text() == message
    assert any("\u0600" <= c <= "\u06ff" for c in message)  # Persian, from the service
    assert QApplication.focusWidget() is edit
    # What was typed stays for the clerk to correct.
    assert edit.text() == value
    assert page.full_name_edit.text() == NAME and page.subject_edit.text() == (
        "" if field == "subject" else SUBJECT
    )
    assert page.last is None and not page.result_panel.isVisible()
    # Correcting the field clears its message.
    type_text(edit, "۱")
    assert not label.isVisible()


def test_a_message_sits_under_its_field_and_the_label_stays_level(
    qtbot: QtBot, page: RegistrationPage, type_text
) -> None:
    fill_named(qtbot, page, type_text)
    page.national_code_edit.clear()
    qtbot.keyClicks(page.national_code_edit, "1234567890")
    qtbot.keyClick(page.subject_edit, Qt.Key.Key_Return)
    message = page.errors.label("national_code")
    assert message.isVisible() and message.text() == "کد ملی نادرست است."

    def box(widget: QWidget) -> QRect:  # in the form's coordinates
        return QRect(widget.mapTo(page.form_host, QPoint(0, 0)), widget.size())

    field = box(page.national_code_edit)
    label = page.errors.title("national_code")
    assert label.text() == "کد ملی" and label.buddy() is page.national_code_edit
    assert label.isVisible() and isinstance(label.parentWidget().layout(), QFormLayout)
    # The title's line of text is level with the field, however tall its row has grown.
    inside = label.contentsRect()
    if label.alignment() & Qt.AlignmentFlag.AlignTop:
        middle = inside.top() + label.fontMetrics().height() // 2
    else:
        middle = inside.center().y()
    assert abs(label.mapTo(page.form_host, QPoint(0, middle)).y() - field.center().y()) <= 2
    under = box(message)
    assert field.bottom() < under.top() <= field.bottom() + 12  # right under the field
    assert under.right() == field.right()  # in the field's column
    assert under.height() <= message.fontMetrics().height() + 6  # one line is one line high


def test_an_unreadable_date_is_reported_at_the_date(
    qtbot: QtBot, page: RegistrationPage, clerk: Session, type_text
) -> None:
    fill_named(qtbot, page, type_text)
    page.received_edit.lineEdit().clear()
    qtbot.keyClicks(page.received_edit.lineEdit(), "1405/13/40")
    qtbot.keyClick(page.subject_edit, Qt.Key.Key_Return)
    assert total(clerk) == 0
    assert page.errors.label("received_on").isVisible()
    assert page.received_edit.text() == "1405/13/40"


def test_the_form_clears_for_the_next_person_but_keeps_the_clerks_defaults(
    qtbot: QtBot, page: RegistrationPage, clerk: Session, type_text
) -> None:
    units = lists.list_units(clerk)
    fill_named(qtbot, page, type_text)
    page.kind_combo.setCurrentIndex(page.kind_combo.findData(Kind.REQUEST))
    page.channel_combo.setCurrentIndex(page.channel_combo.findData(Channel.PHONE))
    received = jalali.today() - dt.timedelta(days=3)
    page.received_edit.setDate(received)
    type_text(page.address_edit, "بندرعباس")
    type_text(page.county_edit, "بندرعباس")
    category = page.category_combo.currentText()

    with qtbot.waitSignal(page.registered):
        qtbot.keyClick(page.mobile_edit, Qt.Key.Key_Enter, Qt.KeyboardModifier.KeypadModifier)

    for edit in (
        page.full_name_edit,
        page.national_code_edit,
        page.mobile_edit,
        page.address_edit,
        page.county_edit,
        page.subject_edit,
    ):
        assert edit.text() == ""
    assert page.description_edit.toPlainText() == ""
    # The next person's own: named, a complaint, no category chosen for them.
    assert page.identity() is Identity.NAMED
    assert page.kind_combo.currentData() == Kind.COMPLAINT
    assert page.category_combo.currentIndex() == -1
    # The clerk's standing choices stay.
    assert page.channel_combo.currentData() == Channel.PHONE
    assert page.unit_combo.currentText() == "شهرداری مرکز استان"
    assert page.received_edit.date() == received
    assert QApplication.focusWidget() is page.full_name_edit

    # The next person needs only their own details.
    type_text(page.full_name_edit, "رضا احمدی")
    qtbot.keyClicks(page.mobile_edit, "09351234567")
    type_text(page.subject_edit, "موضوع دوم")
    type_text(page.description_edit, "شرح دوم")
    page.kind_combo.setCurrentIndex(page.kind_combo.findData(Kind.REQUEST))
    page.category_combo.setCurrentIndex(page.category_combo.findText(category))
    with qtbot.waitSignal(page.registered):
        qtbot.keyClick(page.subject_edit, Qt.Key.Key_Return)
    newest, first = lookup.page(clerk, lookup.Query())
    assert newest.complainant == "رضا احمدی" and first.complainant == NAME
    assert newest.unit == first.unit == next(u.name for u in units if u.name == newest.unit)
    assert newest.kind == Kind.REQUEST and newest.channel == Channel.PHONE
    assert newest.received_on == received


def test_anonymous_disables_and_clears_the_identity_fields(
    qtbot: QtBot, page: RegistrationPage, clerk: Session, type_text
) -> None:
    fill_named(qtbot, page, type_text)
    anonymous = page.identity_buttons[Identity.ANONYMOUS]
    qtbot.mouseClick(anonymous, Qt.MouseButton.LeftButton)
    assert anonymous.isChecked()
    for edit in page._identity_widgets():
        assert not edit.isEnabled()
        assert edit.text() == ""

    with qtbot.waitSignal(page.registered) as signal:
        qtbot.keyClick(page.subject_edit, Qt.Key.Key_Return)
    detail = lookup.detail(clerk, signal.args[0])
    assert detail.row.identity == Identity.ANONYMOUS
    assert detail.row.complainant is None and detail.national_code is None
    # The next person is named unless the clerk says otherwise: carried over, «بی‌نام» would
    # register a named complainant without their name.
    assert page.identity_buttons[Identity.NAMED].isChecked() and not anonymous.isChecked()
    assert all(edit.isEnabled() for edit in page._identity_widgets())


def test_copy_code_puts_the_ascii_code_on_the_clipboard(
    qtbot: QtBot, page: RegistrationPage, type_text
) -> None:
    fill_named(qtbot, page, type_text)
    with qtbot.waitSignal(page.registered):
        qtbot.keyClick(page.subject_edit, Qt.Key.Key_Return)
    qtbot.mouseClick(page.copy_button, Qt.MouseButton.LeftButton)
    assert page.last is not None
    assert QApplication.clipboard().text() == page.last.tracking_code


def test_a_role_that_may_not_register_cannot_save(
    qtbot: QtBot, session_for, ui_context, message_boxes: list[QMessageBox]
) -> None:
    inspector = session_for(Role.INSPECTOR)
    page = RegistrationPage(ui_context(inspector))
    qtbot.addWidget(page)
    assert not page.save_button.isEnabled()
    assert not page.print_button.isEnabled()
    page.save()
    assert total(inspector) == 0


def register_one(qtbot: QtBot, page: RegistrationPage, type_text) -> str:
    fill_named(qtbot, page, type_text)
    with qtbot.waitSignal(page.registered):
        qtbot.keyClick(page.subject_edit, Qt.Key.Key_Return)
    assert page.last is not None
    return page.last.tracking_code


def test_save_receipt_as_pdf_suggests_receipt_code_pdf(
    qtbot: QtBot, page: RegistrationPage, type_text, tmp_path: Path, monkeypatch
) -> None:
    code = register_one(qtbot, page, type_text)
    asked: list[str] = []
    target = tmp_path / "chosen"

    def fake_dialog(parent, caption, start, filters):
        asked.append(start)
        return str(target), filters

    monkeypatch.setattr(file_dialog, "save_file_name", fake_dialog)
    qtbot.mouseClick(page.save_pdf_button, Qt.MouseButton.LeftButton)
    assert Path(asked[0]).name == f"رسید-{code}.pdf"  # the name the clerk sees, in Persian
    saved = target.with_name("chosen.pdf")  # the extension is added when left out
    assert saved.read_bytes().startswith(b"%PDF")
    assert len(PdfReader(saved).pages) == 1


def open_preview(qtbot: QtBot, page: RegistrationPage) -> printing.PdfPreviewDialog:
    """Click "Print receipt…" and return the preview it opens."""
    qtbot.mouseClick(page.print_button, Qt.MouseButton.LeftButton)
    preview = page.findChild(printing.PdfPreviewDialog)
    assert preview is not None
    qtbot.waitExposed(preview)
    return preview


def dark_pixels(image: QImage) -> int:
    """How many sampled pixels are dark (text, the QR code) rather than paper or frame."""
    gray = image.convertToFormat(QImage.Format.Format_Grayscale8)
    return sum(
        1
        for y in range(0, gray.height(), 3)
        for x in range(0, gray.width(), 3)
        if gray.pixelColor(x, y).value() < 96
    )


def test_print_receipt_shows_a_preview_first(
    qtbot: QtBot, page: RegistrationPage, type_text
) -> None:
    code = register_one(qtbot, page, type_text)
    preview = open_preview(qtbot, page)
    assert preview.isVisible() and preview.isModal()
    assert preview.view.document() is preview.document
    assert preview.document.status() == QPdfDocument.Status.Ready
    assert preview.document.pageCount() == 1
    # The code kept left to right in the title (it would read 4-00000001-0123 after Persian).
    assert preview.windowTitle() == "پیش‌نمایش رسید — " + ltr(
        to_persian_digits(format_tracking_code(code))
    )
    assert [preview.print_button.text(), preview.save_button.text()] == [
        "چاپ…",
        "ذخیره به‌صورت PDF…",
    ]
    assert preview.print_button.isDefault()
    # The page is drawn: the receipt's text and QR code show as dark pixels on the paper.
    qtbot.waitUntil(lambda: dark_pixels(preview.view.viewport().grab().toImage()) > 200)
    assert preview.view.verticalScrollBar().maximum() == 0  # the whole page is in view


def test_print_from_the_preview_to_a_pdf_file(
    qtbot: QtBot, page: RegistrationPage, type_text, tmp_path: Path, monkeypatch
) -> None:
    register_one(qtbot, page, type_text)
    out = tmp_path / "printed.pdf"
    asked: list[QPageSize] = []

    def fake_exec(dialog: QPrintDialog) -> int:
        asked.append(dialog.printer().pageLayout().pageSize())
        dialog.printer().setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        dialog.printer().setOutputFileName(str(out))
        return int(QDialog.DialogCode.Accepted)

    monkeypatch.setattr(QPrintDialog, "exec", fake_exec)
    preview = open_preview(qtbot, page)
    qtbot.mouseClick(preview.print_button, Qt.MouseButton.LeftButton)
    assert asked[0].id() == QPageSize.PageSizeId.A5  # the printer gets the receipt's paper
    assert out.read_bytes() == preview.data  # "print to file" writes the PDF itself
    assert not preview.isVisible()  # printed: the preview closes


def test_save_from_the_preview(
    qtbot: QtBot, page: RegistrationPage, type_text, tmp_path: Path, monkeypatch
) -> None:
    code = register_one(qtbot, page, type_text)
    target = tmp_path / "receipt.pdf"
    asked: list[str] = []

    def fake_dialog(parent, caption, start, filters):
        asked.append(start)
        return str(target), filters

    monkeypatch.setattr(file_dialog, "save_file_name", fake_dialog)
    preview = open_preview(qtbot, page)
    qtbot.mouseClick(preview.save_button, Qt.MouseButton.LeftButton)
    assert Path(asked[0]).name == f"رسید-{code}.pdf"
    assert target.read_bytes() == preview.data
    assert preview.isVisible()  # saved, and still there to print


def test_receipt_pages_are_rendered_for_a_printer(
    qtbot: QtBot, page: RegistrationPage, clerk: Session, type_text, tmp_path: Path
) -> None:
    register_one(qtbot, page, type_text)
    assert page.last is not None
    document = printing.load_pdf(receipt_pdf(clerk, page.last.complaint_id), page)
    image = printing.render_page(document, 0, dpi=100)
    # A5 is 148 x 210 mm: 583 x 827 pixels at 100 dpi.
    assert abs(image.width() - 583) <= 2 and abs(image.height() - 827) <= 2
    assert dark_pixels(image) > 200

    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "raster.pdf"))
    printer.setFullPage(True)
    printing.paint_pages(printer, document)
    assert len(PdfReader(tmp_path / "raster.pdf").pages) == 1


def test_a_broken_pdf_is_a_persian_message(page: RegistrationPage) -> None:
    with pytest.raises(printing.PrintingError) as raised:
        printing.load_pdf(b"%PDF-1.4 not really", page)
    assert raised.value.message == "فایل PDF خوانده نشد."


def test_an_unsaved_form_comes_back_after_the_page_is_gone(
    qtbot: QtBot, page: RegistrationPage, clerk: Session, ui_context, type_text
) -> None:
    """What the clerk typed survives the window being lost (a crash, a power cut)."""
    fill_named(qtbot, page, type_text)
    qtbot.waitUntil(lambda: not page._draft_timer.isActive(), timeout=3000)
    page.close()  # gone without saving, as after a crash

    again = RegistrationPage(ui_context(clerk))
    qtbot.addWidget(again)
    again.show()
    assert again.draft_note.isVisible()
    assert again.full_name_edit.text() == NAME
    assert again.subject_edit.text() == SUBJECT
    assert again.unit_combo.currentText() == "شهرداری مرکز استان"
    assert again.description_edit.toPlainText() == "از سه ماه پیش پرونده‌ام معطل است."
    assert total(clerk) == 0  # restored, not saved behind the clerk's back

    with qtbot.waitSignal(again.registered):
        again.save()
    assert not again.draft_note.isVisible()
    third = RegistrationPage(ui_context(clerk))
    qtbot.addWidget(third)
    assert third.full_name_edit.text() == "" and not third.draft_note.isVisible()


def answer_clear(monkeypatch: pytest.MonkeyPatch, answer: QMessageBox.StandardButton) -> list[str]:
    """The question before clearing is answered with ``answer``; its texts are recorded."""
    asked: list[str] = []

    def fake_exec(box: QMessageBox) -> int:
        assert box.objectName() == "clearFormBox"
        assert box.defaultButton() is box.button(QMessageBox.StandardButton.No)
        asked.append(box.text())
        return int(answer)

    monkeypatch.setattr(QMessageBox, "exec", fake_exec)
    return asked


def test_clearing_the_form_forgets_the_draft(
    qtbot: QtBot,
    page: RegistrationPage,
    clerk: Session,
    ui_context,
    type_text,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    answer_clear(monkeypatch, QMessageBox.StandardButton.Yes)
    type_text(page.subject_edit, SUBJECT)
    page.save_draft()
    page.clear_button.click()
    again = RegistrationPage(ui_context(clerk))
    qtbot.addWidget(again)
    assert again.subject_edit.text() == ""
    assert again.draft_note.isHidden()


def test_clear_form_asks_first_and_keeps_everything_on_no(
    qtbot: QtBot, page: RegistrationPage, type_text, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked = answer_clear(monkeypatch, QMessageBox.StandardButton.No)
    type_text(page.full_name_edit, NAME)
    type_text(page.description_edit, "نیمه‌کاره")
    qtbot.mouseClick(page.clear_button, Qt.MouseButton.LeftButton)
    assert asked == ["فرم پاک شود؟ آنچه نوشته‌اید از دست می‌رود."]
    assert page.full_name_edit.text() == NAME
    assert page.description_edit.toPlainText() == "نیمه‌کاره"

    asked[:] = []
    answer_clear(monkeypatch, QMessageBox.StandardButton.Yes)
    qtbot.mouseClick(page.clear_button, Qt.MouseButton.LeftButton)
    assert page.full_name_edit.text() == "" and page.description_edit.toPlainText() == ""


def test_clearing_an_empty_form_asks_nothing(
    qtbot: QtBot, page: RegistrationPage, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked = answer_clear(monkeypatch, QMessageBox.StandardButton.No)
    qtbot.mouseClick(page.clear_button, Qt.MouseButton.LeftButton)
    assert asked == []


def test_an_empty_form_shows_every_message_and_still_fits_1366x728(
    qtbot: QtBot, clerk: Session, ui_context, type_text
) -> None:
    """The main window at 1366×728 (a 1366×768 screen less its taskbar): all the messages
    of an empty form show at once, beside their fields, with no scroll bar, and Register
    and Clear stay in sight. Each message goes as soon as its field is corrected."""
    from PySide6.QtWidgets import QScrollArea

    from ui.main_window import MainWindow

    window = MainWindow(ui_context(clerk))
    qtbot.addWidget(window)
    window.resize(1366, 728)
    window.show()
    qtbot.waitExposed(window)
    page = window.page("registration")
    assert isinstance(page, RegistrationPage)
    page.received_edit.lineEdit().clear()
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    wrong = ["full_name", "mobile", "unit", "category", "received_on", "subject", "description"]
    qtbot.waitUntil(lambda: all(page.errors.label(f).isVisible() for f in wrong))
    scroll = page.findChild(QScrollArea)
    assert scroll is not None
    qtbot.waitUntil(lambda: not scroll.verticalScrollBar().isVisible())
    seen = window.rect()
    for field in wrong:
        message = page.errors.label(field)
        assert message.text() and page.errors.is_marked(field)
        assert not message.visibleRegion().isEmpty(), field
        shown = QRect(message.mapTo(window, QPoint(0, 0)), message.size())
        assert seen.contains(shown), field
    for button in (page.save_button, page.clear_button):
        assert not button.visibleRegion().isEmpty()
        assert seen.contains(QRect(button.mapTo(window, QPoint(0, 0)), button.size()))
    for field in ("national_code", "address", "county", "kind", "channel"):
        assert not page.errors.label(field).isVisible() and not page.errors.is_marked(field)

    # Typing the subject clears its message and frame, and only those.
    type_text(page.subject_edit, SUBJECT)
    assert not page.errors.label("subject").isVisible()
    assert not page.errors.is_marked("subject")
    assert page.errors.label("description").isVisible() and page.errors.is_marked("description")
    type_text(page.description_edit, "شرح")
    assert not page.errors.label("description").isVisible()
    assert page.errors.label("full_name").isVisible()
