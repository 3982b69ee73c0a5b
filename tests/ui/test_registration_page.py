"""The registration page, driven from the keyboard like the front-desk clerk drives it."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QApplication, QDialog, QFileDialog, QMessageBox
from pytestqt.qtbot import QtBot

from app import jalali, lists, lookup
from app.errors import ValidationError
from app.permissions import Role, Session
from app.persian import to_persian_digits
from app.receipts import receipt_pdf
from app.registration import register_complaint
from app.tracking import format_tracking_code
from app.vocabulary import Channel, Identity, Kind
from tests.app.helpers import VALID_MOBILE, VALID_NATIONAL_CODE
from ui import printing
from ui.pages.registration import RegistrationPage

NAME = "زهرا کریمی"
SUBJECT = "تأخیر در صدور پروانه‌ی ساختمانی"


@pytest.fixture
def page(qtbot: QtBot, clerk: Session, ui_context, rtl_app) -> RegistrationPage:  # type: ignore[no-untyped-def]
    widget = RegistrationPage(ui_context(clerk))
    qtbot.addWidget(widget)
    widget.resize(1146, 688)
    widget.show()
    qtbot.waitExposed(widget)
    widget.activateWindow()
    widget.focus_first_field()
    return widget


def total(session: Session) -> int:
    return lookup.count(session, lookup.Query())


def choose_unit(qtbot: QtBot, page: RegistrationPage, type_text, part: str) -> None:  # type: ignore[no-untyped-def]
    """Type part of a unit's name and take the first suggestion, as a clerk would."""
    edit = page.unit_combo.lineEdit()
    edit.clear()
    type_text(edit, part)
    popup = page.unit_combo.completer().popup()
    qtbot.waitUntil(popup.isVisible)
    qtbot.keyClick(popup, Qt.Key.Key_Down)
    qtbot.keyClick(popup, Qt.Key.Key_Return)


def fill_named(qtbot: QtBot, page: RegistrationPage, type_text) -> None:  # type: ignore[no-untyped-def]
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
) -> None:  # type: ignore[no-untyped-def]
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
) -> None:  # type: ignore[no-untyped-def]
    fill_named(qtbot, page, type_text)
    with qtbot.waitSignal(page.registered):
        qtbot.keyClick(
            page.description_edit, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier
        )
    assert total(clerk) == 1
    assert page.description_edit.toPlainText() == ""


def test_ctrl_s_saves(qtbot: QtBot, page: RegistrationPage, clerk: Session, type_text) -> None:  # type: ignore[no-untyped-def]
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
) -> None:  # type: ignore[no-untyped-def]
    fill_named(qtbot, page, type_text)
    target = widget(page)
    target.setFocus()
    with qtbot.waitSignal(page.registered):
        qtbot.keyClick(target, Qt.Key.Key_Return)
    assert total(clerk) == 1


def test_enter_on_a_result_button_does_not_save(
    qtbot: QtBot, page: RegistrationPage, clerk: Session, type_text
) -> None:  # type: ignore[no-untyped-def]
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
    type_text,  # type: ignore[no-untyped-def]
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


def test_an_unreadable_date_is_reported_at_the_date(
    qtbot: QtBot, page: RegistrationPage, clerk: Session, type_text
) -> None:  # type: ignore[no-untyped-def]
    fill_named(qtbot, page, type_text)
    page.received_edit.lineEdit().clear()
    qtbot.keyClicks(page.received_edit.lineEdit(), "1405/13/40")
    qtbot.keyClick(page.subject_edit, Qt.Key.Key_Return)
    assert total(clerk) == 0
    assert page.errors.label("received_on").isVisible()
    assert page.received_edit.text() == "1405/13/40"


def test_the_form_clears_for_the_next_person_but_keeps_the_clerks_defaults(
    qtbot: QtBot, page: RegistrationPage, clerk: Session, type_text
) -> None:  # type: ignore[no-untyped-def]
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
    assert page.kind_combo.currentData() == Kind.REQUEST
    assert page.channel_combo.currentData() == Channel.PHONE
    assert page.unit_combo.currentText() == "شهرداری مرکز استان"
    assert page.category_combo.currentText() == category
    assert page.received_edit.date() == received
    assert QApplication.focusWidget() is page.full_name_edit

    # The next person needs only their own details.
    type_text(page.full_name_edit, "رضا احمدی")
    qtbot.keyClicks(page.mobile_edit, "09351234567")
    type_text(page.subject_edit, "موضوع دوم")
    type_text(page.description_edit, "شرح دوم")
    with qtbot.waitSignal(page.registered):
        qtbot.keyClick(page.subject_edit, Qt.Key.Key_Return)
    newest, first = lookup.page(clerk, lookup.Query())
    assert newest.complainant == "رضا احمدی" and first.complainant == NAME
    assert newest.unit == first.unit == next(u.name for u in units if u.name == newest.unit)
    assert newest.kind == Kind.REQUEST and newest.channel == Channel.PHONE
    assert newest.received_on == received


def test_anonymous_disables_and_clears_the_identity_fields(
    qtbot: QtBot, page: RegistrationPage, clerk: Session, type_text
) -> None:  # type: ignore[no-untyped-def]
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
    # The mode is the clerk's choice and stays; naming the next person re-enables the fields.
    assert anonymous.isChecked()
    qtbot.mouseClick(page.identity_buttons[Identity.NAMED], Qt.MouseButton.LeftButton)
    assert all(edit.isEnabled() for edit in page._identity_widgets())


def test_copy_code_puts_the_ascii_code_on_the_clipboard(
    qtbot: QtBot, page: RegistrationPage, type_text
) -> None:  # type: ignore[no-untyped-def]
    fill_named(qtbot, page, type_text)
    with qtbot.waitSignal(page.registered):
        qtbot.keyClick(page.subject_edit, Qt.Key.Key_Return)
    qtbot.mouseClick(page.copy_button, Qt.MouseButton.LeftButton)
    assert page.last is not None
    assert QApplication.clipboard().text() == page.last.tracking_code


def test_a_role_that_may_not_register_cannot_save(
    qtbot: QtBot, session_for, ui_context, message_boxes: list[QMessageBox]
) -> None:  # type: ignore[no-untyped-def]
    inspector = session_for(Role.INSPECTOR)
    page = RegistrationPage(ui_context(inspector))
    qtbot.addWidget(page)
    assert not page.save_button.isEnabled()
    assert not page.print_button.isEnabled()
    page.save()
    assert total(inspector) == 0


def register_one(qtbot: QtBot, page: RegistrationPage, type_text) -> str:  # type: ignore[no-untyped-def]
    fill_named(qtbot, page, type_text)
    with qtbot.waitSignal(page.registered):
        qtbot.keyClick(page.subject_edit, Qt.Key.Key_Return)
    assert page.last is not None
    return page.last.tracking_code


def test_save_receipt_as_pdf_suggests_receipt_code_pdf(
    qtbot: QtBot, page: RegistrationPage, type_text, tmp_path: Path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    code = register_one(qtbot, page, type_text)
    asked: list[str] = []
    target = tmp_path / "chosen"

    def fake_dialog(parent, caption, start, filters):  # type: ignore[no-untyped-def]
        asked.append(start)
        return str(target), filters

    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(fake_dialog))
    qtbot.mouseClick(page.save_pdf_button, Qt.MouseButton.LeftButton)
    assert Path(asked[0]).name == f"receipt-{code}.pdf"
    saved = target.with_name("chosen.pdf")  # the extension is added when left out
    assert saved.read_bytes().startswith(b"%PDF")
    assert len(PdfReader(saved).pages) == 1


def test_print_receipt_to_a_pdf_file_from_the_print_dialog(
    qtbot: QtBot, page: RegistrationPage, type_text, tmp_path: Path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    register_one(qtbot, page, type_text)
    out = tmp_path / "printed.pdf"

    def fake_exec(dialog: QPrintDialog) -> int:
        dialog.printer().setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        dialog.printer().setOutputFileName(str(out))
        return int(QDialog.DialogCode.Accepted)

    monkeypatch.setattr(QPrintDialog, "exec", fake_exec)
    qtbot.mouseClick(page.print_button, Qt.MouseButton.LeftButton)
    assert out.read_bytes().startswith(b"%PDF")


@pytest.mark.skipif(not printing.can_rasterise(), reason="neither QtPdf nor pdftoppm is here")
def test_receipt_pages_are_rasterised_for_a_printer(
    qtbot: QtBot, page: RegistrationPage, clerk: Session, type_text, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    register_one(qtbot, page, type_text)
    assert page.last is not None
    data = receipt_pdf(clerk, page.last.complaint_id)
    images = printing.rasterise_pdf(data, dpi=100)
    assert images is not None and len(images) == 1
    # A5 is 148 x 210 mm: 583 x 827 pixels at 100 dpi.
    assert abs(images[0].width() - 583) <= 2 and abs(images[0].height() - 827) <= 2

    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "raster.pdf"))
    printer.setFullPage(True)
    printing.paint_pages(printer, images)
    assert len(PdfReader(tmp_path / "raster.pdf").pages) == 1
