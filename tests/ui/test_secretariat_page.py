"""The secretariat page: the register of outgoing letters, searching it, reopening and voiding."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from app import jalali, secretariat
from app.permissions import Role, Session
from app.persian import to_persian_digits
from app.secretariat import LETTER_KIND_LABELS, LetterInfo, LetterKind, LetterRequest
from ui.pages.secretariat import SecretariatPage
from ui.printing import PdfPreviewDialog

NUMBER = SecretariatPage.column("number")
DATE = SecretariatPage.column("date")
KIND = SecretariatPage.column("kind")
RECIPIENT = SecretariatPage.column("recipient")
STATE = SecretariatPage.column("state")

TODAY = jalali.today()
DAYS = (TODAY - dt.timedelta(days=30), TODAY - dt.timedelta(days=10), TODAY)


@pytest.fixture
def manager(session_for) -> Session:
    return session_for(Role.MANAGER)  # type: ignore[no-any-return]


@pytest.fixture
def letters(manager: Session) -> list[LetterInfo]:
    """Three letters a few weeks apart; the newest to the health network."""
    recipients = ("شهرداری مرکز استان", "اداره کل آموزش و پرورش", "شبکه بهداشت و درمان")
    kinds = (LetterKind.REFERRAL, LetterKind.REMINDER, LetterKind.REFERRAL)
    return [
        secretariat.issue_letter(
            manager,
            LetterRequest(kind=kind, recipient=recipient, subject="ارجاع شکایت", letter_date=day),
        )
        for day, recipient, kind in zip(DAYS, recipients, kinds, strict=True)
    ]


@pytest.fixture
def make_page(show_page):
    """``make_page(session)``: the SecretariatPage, shown."""
    return lambda session: show_page(SecretariatPage, session)


def column(page: SecretariatPage, index: int) -> list[str]:
    table = page.table
    return [table.item(row, index).text() for row in range(table.rowCount())]


def count_text(qtbot: QtBot, page: SecretariatPage) -> str:
    """The count under the table, once the worker thread has counted."""
    qtbot.waitUntil(lambda: not page.counting())
    return page.count_label.text()


def enter(qtbot: QtBot, widget) -> None:
    qtbot.keyClick(widget, Qt.Key.Key_Return)


def test_the_register_shows_every_letter_newest_first_in_persian(
    qtbot: QtBot, manager: Session, make_page, letters: list[LetterInfo]
) -> None:
    page = make_page(manager)
    newest_first = letters[::-1]
    assert column(page, NUMBER) == [to_persian_digits(x.number) for x in newest_first]
    assert all(not any(ch.isascii() and ch.isdigit() for ch in n) for n in column(page, NUMBER))
    assert column(page, DATE) == [jalali.format_date(x.letter_date) for x in newest_first]
    assert column(page, KIND) == [LETTER_KIND_LABELS[x.kind] for x in newest_first]
    assert column(page, RECIPIENT) == [x.recipient for x in newest_first]
    assert count_text(qtbot, page) == page.tr("%1 letters").replace("%1", "۳")
    assert page.void_button.isVisible() and page.void_button.isEnabled()


def test_search_by_number_typed_in_persian_digits(
    qtbot: QtBot, manager: Session, make_page, letters: list[LetterInfo], type_text
) -> None:
    page = make_page(manager)
    wanted = letters[1]
    type_text(page.number_edit, to_persian_digits(wanted.number))
    enter(qtbot, page.number_edit)
    assert column(page, NUMBER) == [to_persian_digits(wanted.number)]
    assert count_text(qtbot, page) == page.tr("%1 letters").replace("%1", "۱")


def test_search_by_date_range(
    qtbot: QtBot, manager: Session, make_page, letters: list[LetterInfo], type_text
) -> None:
    page = make_page(manager)
    type_text(page.from_date.lineEdit(), jalali.format_date(DAYS[1]))
    enter(qtbot, page.from_date.lineEdit())
    assert column(page, DATE) == [jalali.format_date(day) for day in (DAYS[2], DAYS[1])]

    type_text(page.to_date.lineEdit(), jalali.format_date(DAYS[1] + dt.timedelta(days=1)))
    enter(qtbot, page.to_date.lineEdit())
    assert column(page, NUMBER) == [to_persian_digits(letters[1].number)]

    page.from_date.clear()
    enter(qtbot, page.to_date.lineEdit())
    assert column(page, NUMBER) == [to_persian_digits(x.number) for x in letters[1::-1]]


def test_a_wrong_date_is_explained_and_the_rows_stay(
    qtbot: QtBot, manager: Session, make_page, letters: list[LetterInfo], type_text
) -> None:
    page = make_page(manager)
    type_text(page.from_date.lineEdit(), "۱۴۰۵/۱۳/۴۰")
    enter(qtbot, page.from_date.lineEdit())
    assert page.count_label.text() == page.tr("The start date is not a valid date.")
    assert page.table.rowCount() == 3

    page.from_date.setDate(DAYS[2])
    page.to_date.setDate(DAYS[0])
    enter(qtbot, page.to_date.lineEdit())
    assert page.count_label.text() == page.tr("The start date is after the end date.")


def test_search_by_recipient_in_arabic_letters(
    qtbot: QtBot, manager: Session, make_page, letters: list[LetterInfo], type_text
) -> None:
    page = make_page(manager)
    type_text(page.recipient_edit, "\u0622\u0645\u0648\u0632\u0634")  # آموزش
    enter(qtbot, page.recipient_edit)
    assert column(page, RECIPIENT) == ["اداره کل آموزش و پرورش"]

    page.recipient_edit.clear()
    type_text(page.recipient_edit, "\u0634\u0647\u0631\u062f\u0627\u0631\u064a")  # شهرداري
    qtbot.mouseClick(page.search_button, Qt.MouseButton.LeftButton)
    assert column(page, RECIPIENT) == ["شهرداری مرکز استان"]

    type_text(page.recipient_edit, "ناموجود")
    enter(qtbot, page.recipient_edit)
    assert page.table.rowCount() == 0
    assert count_text(qtbot, page) == page.tr("No letters found")
    assert not page.open_button.isEnabled()

    qtbot.mouseClick(page.clear_button, Qt.MouseButton.LeftButton)
    assert page.table.rowCount() == 3


def test_opening_a_letter_shows_the_archived_pdf(
    qtbot: QtBot, session_for, make_page, letters: list[LetterInfo]
) -> None:
    page = make_page(session_for(Role.CLERK))
    assert not page.void_button.isVisible()  # only a manager voids
    page.table.setCurrentCell(1, 0)
    enter(qtbot, page.table)
    preview = page.preview
    assert isinstance(preview, PdfPreviewDialog) and preview.isVisible()
    archived = secretariat.letter_pdf(session_for(Role.CLERK), letters[1].id)
    assert preview.data == archived
    assert to_persian_digits(letters[1].number) in preview.windowTitle()
    preview.reject()

    page.table.setCurrentCell(0, 0)
    qtbot.mouseClick(page.open_button, Qt.MouseButton.LeftButton)
    assert page.preview is not None
    assert page.preview.data == secretariat.letter_pdf(session_for(Role.CLERK), letters[2].id)
    page.preview.reject()


def test_voiding_needs_a_reason_then_the_row_shows_void(
    qtbot: QtBot, manager: Session, make_page, letters: list[LetterInfo], type_text
) -> None:
    page = make_page(manager)
    page.table.setCurrentCell(2, 0)  # the oldest letter
    qtbot.mouseClick(page.void_button, Qt.MouseButton.LeftButton)
    dialog = page.dialog
    assert dialog is not None and dialog.isVisible()

    qtbot.mouseClick(dialog.void_button, Qt.MouseButton.LeftButton)
    error = dialog.findChild(QLabel, "error_reason")
    assert error is not None and error.isVisible()
    assert error.text() == "دلیل ابطال را بنویسید."
    assert dialog.isVisible()
    assert not secretariat.find_letters(manager)[2].void

    type_text(dialog.reason_edit, "صدور اشتباه")
    enter(qtbot, dialog.reason_edit)

    assert page.dialog is None
    voided = secretariat.find_letters(manager)[2]
    assert voided.void and voided.void_reason == "صدور اشتباه"
    assert voided.number == letters[0].number  # it keeps its number
    state = column(page, STATE)[2]
    assert "صدور اشتباه" in state and state == page.state_text(voided)
    number_cell = page.table.item(2, NUMBER)
    assert number_cell.font().strikeOut()
    assert number_cell.foreground().color() != page.table.item(1, NUMBER).foreground().color()
    assert page.table.currentRow() == 2
    assert not page.void_button.isEnabled()  # a letter is voided once
    assert page.open_button.isEnabled()  # and can still be read


def test_a_code_in_a_recipient_reads_left_to_right_in_persian_digits(
    manager: Session, make_page
) -> None:
    secretariat.issue_letter(
        manager,
        LetterRequest(
            kind=LetterKind.REPLY,
            recipient="دارنده‌ی کد رهگیری 0123-00003002-5",  # an anonymous reply, as stored
            subject="پاسخ شکایت",
            letter_date=TODAY,
        ),
    )
    page = make_page(manager)
    [shown] = column(page, RECIPIENT)
    # Persian digits, and the code isolated left to right (LRI … PDI) inside the Persian text,
    # so it is not shown as 5-00003002-0123.
    assert shown == "دارنده‌ی کد رهگیری \u200f\u2066۰۱۲۳-۰۰۰۰۳۰۰۲-۵\u2069"
