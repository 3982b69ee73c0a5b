"""The referrals page: the overdue queue coloured by lateness, reminders, the print queue."""

from __future__ import annotations

import datetime as dt
import io
import threading
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QColor
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QLabel, QMessageBox
from pytestqt.qtbot import QtBot

from app import jalali, lists, office_calendar, referrals, secretariat
from app.permissions import Role, Session
from app.persian import to_persian_digits
from app.secretariat import LetterKind
from app.tracking import format_tracking_code
from db.models import Referral
from tests.app.helpers import register
from ui.pages.complaint_detail import ComplaintDetailDialog
from ui.pages.referrals_queue import (
    BANDS,
    TEXT_COLOR,
    OverdueTab,
    PrintQueueTab,
    ReferralsPage,
    band_of,
    letters_printer,
)
from ui.printing import PdfPreviewDialog

LATE = OverdueTab.column("days_late")
CODE = OverdueTab.column("tracking_code")
REMINDERS = OverdueTab.column("reminders")
LAST_REMINDER = OverdueTab.column("last_reminder")


@pytest.fixture
def manager(session_for) -> Session:
    return session_for(Role.MANAGER)  # type: ignore[no-any-return]


def due_date_for(days_late: int) -> dt.date:
    """The due date that makes a referral ``days_late`` working days late today."""
    calendar = office_calendar.load_calendar()
    today = jalali.today()
    day = today - dt.timedelta(days=1)
    while calendar.working_days_between(day, today) < days_late:
        day -= dt.timedelta(days=1)
    return day


def overdue_referral(
    manager: Session, days_late: int, unit_index: int = 0, subject: str = "تأخیر در پاسخ"
) -> referrals.ReferralInfo:
    complaint = register(manager, subject=subject)
    unit = lists.list_units(manager)[unit_index]
    [info] = referrals.refer(manager, referrals.ReferralRequest(complaint.complaint_id, (unit.id,)))
    due = due_date_for(days_late)
    Referral.update(due_on=due, referred_on=due - dt.timedelta(days=20)).where(
        Referral.id == info.id
    ).execute()
    return info


@pytest.fixture
def make_page(show_page):
    """``make_page(session)``: the ReferralsPage, shown."""
    return lambda session: show_page(ReferralsPage, session)


def texts(tab: OverdueTab, column: int) -> list[str]:
    table = tab.table
    return [table.item(row, column).text() for row in range(table.rowCount())]


def luminance(color: QColor) -> float:
    def channel(value: float) -> float:
        return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4

    return (
        0.2126 * channel(color.redF())
        + 0.7152 * channel(color.greenF())
        + 0.0722 * channel(color.blueF())
    )


def contrast(first: QColor, second: QColor) -> float:
    light, dark = sorted((luminance(first), luminance(second)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def pdf_pages(data: bytes) -> int:
    return len(PdfReader(io.BytesIO(data)).pages)


def queued_pages(manager: Session) -> int:
    return sum(
        pdf_pages(secretariat.letter_pdf(manager, letter.id))
        for letter in secretariat.pending_prints(manager)
    )


def pdf_printer(path: Path) -> QPrinter:
    printer = letters_printer(QPrinter.PrinterMode.ScreenResolution)  # quick to render
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(path))
    return printer


# --------------------------------------------------------------------------- overdue


def test_bands() -> None:
    assert [band_of(days) for days in (1, 3, 4, 10, 11, 60)] == [0, 0, 1, 1, 2, 2]
    for band in BANDS:  # dark text stays readable on every band (WCAG AA)
        assert contrast(QColor(band.background), QColor(TEXT_COLOR)) >= 7


def test_overdue_referrals_latest_first_coloured_by_lateness(
    qtbot: QtBot, manager: Session, make_page
) -> None:
    two = overdue_referral(manager, 2)
    fifteen = overdue_referral(manager, 15)
    seven = overdue_referral(manager, 7)
    not_due = register(manager, subject="هنوز در مهلت")
    unit = lists.list_units(manager)[0]
    referrals.refer(manager, referrals.ReferralRequest(not_due.complaint_id, (unit.id,)))
    page = make_page(manager)
    tab = page.overdue_tab

    assert texts(tab, LATE) == ["۱۵", "۷", "۲"]
    assert texts(tab, CODE) == [
        to_persian_digits(format_tracking_code(info.tracking_code))
        for info in (fifteen, seven, two)
    ]
    qtbot.waitUntil(lambda: not tab.counting())  # counted on a worker thread
    assert tab.count_label.text() == tab.tr("%1 overdue referrals").replace("%1", "۳")
    assert "۳" in page.tabs.tabText(0)

    backgrounds = [tab.table.item(row, 1).background().color().name() for row in range(3)]
    assert backgrounds == [BANDS[2].background, BANDS[1].background, BANDS[0].background]
    assert len(set(backgrounds)) == 3
    for row in range(3):
        for column in range(tab.table.columnCount()):
            item = tab.table.item(row, column)
            assert item.foreground().color().name() == TEXT_COLOR
            assert item.background().color().name() == backgrounds[row]
    legend = [tab.findChild(QLabel, f"legend{index}") for index in range(3)]
    assert all(label is not None and label.isVisible() for label in legend)


def test_a_reminder_issues_a_numbered_letter_and_opens_its_preview(
    qtbot: QtBot, manager: Session, make_page
) -> None:
    overdue_referral(manager, 5)
    page = make_page(manager)
    tab = page.overdue_tab
    assert tab.remind_button.isEnabled()

    with qtbot.waitSignal(tab.letterDone):
        qtbot.mouseClick(tab.remind_button, Qt.MouseButton.LeftButton)
        # issued on a worker thread: a second click meanwhile issues nothing more
        assert not tab.remind_button.isEnabled() and tab.send_reminder() is None

    [reminder] = [
        letter for letter in secretariat.find_letters(manager) if letter.kind == LetterKind.REMINDER
    ]
    preview = tab.preview
    assert isinstance(preview, PdfPreviewDialog) and preview.isVisible()
    assert preview.data == secretariat.letter_pdf(manager, reminder.id)
    shown = to_persian_digits(reminder.number)
    assert shown != reminder.number
    assert shown in preview.windowTitle() and reminder.number not in preview.windowTitle()
    assert shown in tab.status_label.text()
    assert texts(tab, REMINDERS) == ["۱"]
    assert texts(tab, LAST_REMINDER) == [jalali.format_date(jalali.today())]
    assert page.print_tab is not None and len(page.print_tab.letters) == 2  # referral, reminder
    preview.reject()


def test_escalation_without_a_superior_explains_and_issues_nothing(
    qtbot: QtBot, manager: Session, make_page, message_boxes: list[QMessageBox]
) -> None:
    info = overdue_referral(manager, 5)
    before = secretariat.find_letters(manager)
    page = make_page(manager)
    tab = page.overdue_tab

    with qtbot.waitSignal(tab.letterDone):
        qtbot.mouseClick(tab.escalate_button, Qt.MouseButton.LeftButton)

    assert [box.text() for box in message_boxes] == [
        f"برای «{info.unit_name}» واحد بالادستی ثبت نشده است."
    ]
    assert secretariat.find_letters(manager) == before
    assert tab.preview is None
    assert texts(tab, REMINDERS) == ["۰"]


def test_escalation_goes_to_the_superior_unit(
    qtbot: QtBot, admin: Session, manager: Session, make_page
) -> None:
    info = overdue_referral(manager, 12)
    unit, superior = lists.list_units(manager)[0], lists.list_units(manager)[1]
    lists.update_unit(
        admin,
        unit.id,
        name=unit.name,
        head_name=None,
        head_title=None,
        active=True,
        parent_id=superior.id,
    )
    page = make_page(manager)

    with qtbot.waitSignal(page.overdue_tab.letterDone):
        qtbot.mouseClick(page.overdue_tab.escalate_button, Qt.MouseButton.LeftButton)

    letter = secretariat.find_letters(manager, recipient=superior.name)[0]
    assert letter.kind == LetterKind.ESCALATION and letter.referral_id == info.id
    preview = page.overdue_tab.preview
    assert preview is not None and preview.data == secretariat.letter_pdf(manager, letter.id)
    preview.reject()


def test_open_complaint_shows_its_details(qtbot: QtBot, manager: Session, make_page) -> None:
    overdue_referral(manager, 1)
    info = overdue_referral(manager, 4, subject="پرونده‌ی دوم")
    page = make_page(manager)
    tab = page.overdue_tab
    tab.table.setCurrentCell(0, 0)  # the later one, four working days late

    qtbot.keyClick(tab.table, Qt.Key.Key_Return)

    [dialog] = tab.open_dialogs()
    assert isinstance(dialog, ComplaintDetailDialog) and dialog.isVisible()
    assert dialog.detail.row.id == info.complaint_id
    dialog.reject()


def test_an_inspector_sees_the_queue_but_issues_no_letters(
    qtbot: QtBot, manager: Session, session_for, make_page
) -> None:
    overdue_referral(manager, 3)
    page = make_page(session_for(Role.INSPECTOR))
    tab = page.overdue_tab
    assert tab.table.rowCount() == 1
    assert not tab.remind_button.isEnabled() and not tab.escalate_button.isEnabled()
    assert tab.open_button.isEnabled()
    assert page.print_tab is None and page.tabs.count() == 1


def test_refresh_picks_up_new_overdue_referrals(qtbot: QtBot, manager: Session, make_page) -> None:
    page = make_page(manager)
    tab = page.overdue_tab
    assert tab.table.rowCount() == 0
    qtbot.waitUntil(lambda: not tab.counting())
    assert tab.count_label.text() == tab.tr("No overdue referrals")
    overdue_referral(manager, 2)
    qtbot.mouseClick(tab.refresh_button, Qt.MouseButton.LeftButton)
    assert tab.table.rowCount() == 1


# --------------------------------------------------------------------------- print queue


def print_tab(page: ReferralsPage) -> PrintQueueTab:
    """The print queue, shown (its tab chosen) as it is before anyone prints from it."""
    assert page.print_tab is not None
    page.tabs.setCurrentWidget(page.print_tab)
    return page.print_tab


def test_the_print_queue_is_counted_at_once_and_read_when_shown(
    manager: Session, make_page
) -> None:
    for days in (2, 6):
        overdue_referral(manager, days)
    page = make_page(manager)
    hidden = page.print_tab
    assert hidden is not None and not hidden.isVisible()
    assert "۲" in page.tabs.tabText(1)  # the title's count, before the tab is opened
    assert hidden.table.rowCount() == 0  # its rows wait until it is shown
    assert print_tab(page).table.rowCount() == 2


def test_print_all_prints_every_letter_into_one_job_and_empties_the_queue(
    qtbot: QtBot, manager: Session, make_page, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for days in (2, 6, 11):
        overdue_referral(manager, days)
    referrals.send_reminder(manager, referrals.overdue(manager)[0].referral.id)
    expected_pages = queued_pages(manager)
    page = make_page(manager)
    tab = print_tab(page)
    page.tabs.setCurrentWidget(tab)
    assert tab.table.rowCount() == 4
    assert tab.table.item(0, 0).text() == to_persian_digits(tab.letters[0].number)
    output = tmp_path / "batch.pdf"
    asked: list[QPrintDialog] = []

    def choose_pdf_file(dialog: QPrintDialog) -> int:  # the user prints to a PDF file
        asked.append(dialog)
        return _to_file(dialog, output)

    monkeypatch.setattr(QPrintDialog, "exec", choose_pdf_file)

    qtbot.mouseClick(tab.print_button, Qt.MouseButton.LeftButton)

    assert len(asked) == 1  # one dialog for the whole batch
    assert pdf_pages(output.read_bytes()) == expected_pages >= 4
    assert secretariat.pending_prints(manager) == []
    assert tab.table.rowCount() == 0
    assert tab.count_label.text() == tab.tr("No letters waiting to be printed")
    assert not tab.print_button.isEnabled()
    assert tab.progress is None


def test_cancelling_mid_batch_keeps_the_rest_queued(
    qtbot: QtBot, manager: Session, make_page, tmp_path: Path
) -> None:
    for days in (2, 6, 11):
        overdue_referral(manager, days)
    first, *rest = secretariat.pending_prints(manager)
    page = make_page(manager)
    tab = print_tab(page)
    seen: list[int] = []

    def cancel_after_the_first(letter_id: int) -> None:
        seen.append(letter_id)
        assert tab.progress is not None
        tab.progress.cancel()  # as if the user clicked Cancel while it printed

    tab.letterPrinted.connect(cancel_after_the_first)
    output = tmp_path / "part.pdf"

    printed = tab.run_batch(pdf_printer(output))

    assert printed == seen == [first.id]
    assert pdf_pages(output.read_bytes()) == pdf_pages(secretariat.letter_pdf(manager, first.id))
    assert [letter.id for letter in secretariat.pending_prints(manager)] == [
        letter.id for letter in rest
    ]
    assert tab.table.rowCount() == 2
    assert "۲" in page.tabs.tabText(1)


def test_a_letter_failing_mid_batch_keeps_it_and_the_rest_queued(
    qtbot: QtBot,
    manager: Session,
    make_page,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    message_boxes: list[QMessageBox],
) -> None:
    for days in (2, 6, 11):
        overdue_referral(manager, days)
    first, second, third = secretariat.pending_prints(manager)
    page = make_page(manager)
    tab = print_tab(page)
    archived = secretariat.letter_pdf

    def damaged_second(session: Session, letter_id: int) -> bytes:
        data = archived(session, letter_id)
        return data[:200] if letter_id == second.id else data

    monkeypatch.setattr(secretariat, "letter_pdf", damaged_second)
    output = tmp_path / "batch.pdf"
    monkeypatch.setattr(QPrintDialog, "exec", lambda dialog: _to_file(dialog, output))

    qtbot.mouseClick(tab.print_button, Qt.MouseButton.LeftButton)

    assert [box.text() for box in message_boxes] == [
        QCoreApplication.translate("Printing", "The PDF could not be read.")
    ]
    assert [x.id for x in secretariat.pending_prints(manager)] == [second.id, third.id]
    assert pdf_pages(output.read_bytes()) == pdf_pages(archived(manager, first.id))
    assert tab.table.rowCount() == 2 and tab.print_button.isEnabled()


def _to_file(dialog: QPrintDialog, output: Path) -> int:
    """What the print dialog does when the user picks "print to file" (quick to render)."""
    dialog.printer().setResolution(96)
    dialog.printer().setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    dialog.printer().setOutputFileName(str(output))
    return int(QPrintDialog.DialogCode.Accepted)


def test_save_all_as_one_pdf_keeps_the_queue(
    qtbot: QtBot,
    manager: Session,
    make_page,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    for days in (2, 6):
        overdue_referral(manager, days)
    expected_pages = queued_pages(manager)
    page = make_page(manager)
    tab = print_tab(page)

    folder = tmp_path / "out"
    folder.mkdir()

    with qtbot.waitSignal(tab.saved, timeout=10_000) as blocker:
        assert tab.save_to(folder / "letters") is not None  # on a worker
        assert not tab.save_button.isEnabled()

    saved = blocker.args[0]
    assert saved == folder / "letters.pdf"
    assert pdf_pages(saved.read_bytes()) == expected_pages
    assert len(secretariat.pending_prints(manager)) == 2
    assert [path.name for path in folder.iterdir()] == ["letters.pdf"]  # no .part left
    assert tab.save_button.isEnabled() and tab.progress is None

    gate = threading.Event()  # the worker waits at its first letter until Cancel is clicked
    archived_pdf = secretariat.letter_pdf
    monkeypatch.setattr(secretariat, "letter_pdf", lambda s, i: gate.wait(5) and archived_pdf(s, i))
    with qtbot.waitSignal(tab.saved, timeout=10_000) as blocker:
        tab.save_to(folder / "cancelled.pdf")
        assert tab.progress is not None
        tab.progress.canceled.emit()  # the Cancel button
        gate.set()
    assert blocker.args == [None]
    assert [path.name for path in folder.iterdir()] == ["letters.pdf"]  # nothing half written


def test_previewing_and_printing_one_letter_takes_it_out_of_the_queue(
    qtbot: QtBot, manager: Session, make_page, monkeypatch: pytest.MonkeyPatch
) -> None:
    overdue_referral(manager, 2)
    page = make_page(manager)
    tab = print_tab(page)
    tab.table.setCurrentCell(0, 0)
    qtbot.keyClick(tab.table, Qt.Key.Key_Return)
    preview = tab.preview
    assert preview is not None and preview.isVisible()
    assert preview.data == secretariat.letter_pdf(manager, tab.letters[0].id)
    monkeypatch.setattr("ui.printing.print_pdf", lambda *_args: True)
    qtbot.mouseClick(preview.print_button, Qt.MouseButton.LeftButton)
    assert secretariat.pending_prints(manager) == []
    assert tab.table.rowCount() == 0
