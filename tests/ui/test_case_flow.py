"""A complaint's case in the detail window: refer, preview the letter, record the unit's
response, reply and close, satisfaction, measures; pausing the clock; refusals beside the
fields; what each role is offered."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import (
    QLabel,
    QListWidgetItem,
    QPushButton,
    QTableWidget,
    QWidget,
)
from pytestqt.qtbot import QtBot

from app import closing, jalali, lists, lookup, referrals, secretariat
from app.office_calendar import load_calendar
from app.permissions import Role, Session
from app.persian import ltr, to_persian_digits
from app.vocabulary import Identity, MeasureKind, Outcome, Satisfaction, Status
from db.models import Letter
from tests.app.helpers import register
from ui.pages.case_actions import (
    CloseDialog,
    ImageDialog,
    MeasureDialog,
    PauseDialog,
    ReferDialog,
    ResponseDialog,
    SatisfactionDialog,
)
from ui.pages.complaint_detail import CaseTab, ComplaintDetailDialog
from ui.printing import PdfPreviewDialog
from ui.widgets import file_dialog

UNIT, REFERRED_ON, DUE_ON, STATUS, ANSWERED_ON, REMINDERS, LETTER_NUMBER = range(7)
L_NUMBER, L_DATE, L_KIND, L_RECIPIENT, L_VOID = range(5)
MUNICIPALITY = "شهرداری مرکز استان"
EDUCATION = "اداره کل آموزش و پرورش"


@pytest.fixture
def manager(session_for) -> Session:
    return session_for(Role.MANAGER)  # type: ignore[no-any-return]


@pytest.fixture
def open_case(qtbot: QtBot, ui_context):
    """``open_case(session, complaint_id)``: the detail window on its "Referrals & letters"
    tab, as the user opens it.

    Its parent stands in for the complaints page that owns it in the application (a
    letter preview holds its parent in a signal connection, which must not be the last
    reference to a window Python owns).
    """
    host = QWidget()
    qtbot.addWidget(host)

    def factory(session: Session, complaint_id: int) -> ComplaintDetailDialog:
        detail = lookup.detail(session, complaint_id)
        dialog = ComplaintDetailDialog(ui_context(session), detail, host)
        qtbot.addWidget(dialog)
        dialog.show()
        qtbot.waitExposed(dialog)
        dialog.tabs.setCurrentWidget(dialog.case_tab)
        return dialog

    return factory


def click(qtbot: QtBot, push: QPushButton | None) -> None:
    assert push is not None and push.isVisible() and push.isEnabled()
    qtbot.mouseClick(push, Qt.MouseButton.LeftButton)


def texts(table: QTableWidget, column: int) -> list[str]:
    return [table.item(row, column).text() for row in range(table.rowCount())]


def choose_row(table: QTableWidget, row: int) -> None:
    # selectRow is a no-op in a right-to-left view; setCurrentIndex selects the row.
    table.setCurrentIndex(table.model().index(row, 0))


def unit_item(dialog: ReferDialog, name: str) -> QListWidgetItem:
    return next(item for item in dialog.unit_items() if item.text() == name)


def tick_unit(qtbot: QtBot, dialog: ReferDialog, type_text, part: str) -> None:
    """Filter by ``part``, go down into the list and tick the unit with Space."""
    dialog.unit_filter.clear()
    type_text(dialog.unit_filter, part)
    qtbot.keyClick(dialog.unit_filter, Qt.Key.Key_Down)
    assert dialog.unit_list.hasFocus()
    qtbot.keyClick(dialog.unit_list, Qt.Key.Key_Space)


def error_text(dialog: object, field: str) -> str:
    label = dialog.findChild(QLabel, f"error_{field}")  # type: ignore[attr-defined]
    assert label is not None
    return label.text() if label.isVisible() else ""


def small_png(path: Path) -> Path:
    image = QImage(40, 30, QImage.Format.Format_RGB32)
    image.fill(QColor("white"))
    assert image.save(str(path), "PNG")
    return path


def pick_file(monkeypatch: pytest.MonkeyPatch, path: Path) -> None:
    monkeypatch.setattr(file_dialog, "open_file_name", lambda *_args: (str(path), ""))


def previews(dialog: ComplaintDetailDialog) -> list[PdfPreviewDialog]:
    return [p for p in dialog.findChildren(PdfPreviewDialog) if p.isVisible()]


def close_previews(dialog: ComplaintDetailDialog) -> None:
    for preview in previews(dialog):
        preview.reject()


def paused_text(day: dt.date) -> str:
    text = QCoreApplication.translate("CaseTab", "Paused since %1")
    return text.replace("%1", jalali.format_date(day))


# --------------------------------------------------------------------------- the whole case


def refer_through_dialog(qtbot: QtBot, tab: CaseTab, type_text) -> ReferDialog:
    click(qtbot, tab.refer_button)
    refer = tab.dialog
    assert isinstance(refer, ReferDialog) and refer.isVisible()
    qtbot.waitUntil(refer.unit_filter.hasFocus, timeout=2000)
    tick_unit(qtbot, refer, type_text, "شهرداری")
    # typed as people type it: no madda, the «و» run on, Arabic letters, a ZWNJ
    for spelling in ("اموزش وپرورش", "آموزش‌وپرورش", "امور مالياتي"):
        refer.unit_filter.clear()
        type_text(refer.unit_filter, spelling)
        shown = [item.text() for item in refer.unit_items() if not item.isHidden()]
        assert len(shown) == 1, (spelling, shown)
    tick_unit(qtbot, refer, type_text, "آموزش")
    assert set(refer.chosen_unit_ids()) == {
        unit_item(refer, MUNICIPALITY).data(Qt.ItemDataRole.UserRole),
        unit_item(refer, EDUCATION).data(Qt.ItemDataRole.UserRole),
    }
    assert refer.units_chosen.text().endswith("۲")
    type_text(refer.instructions_edit, "لطفاً ظرف مهلت مقرر پاسخ دهید.")
    refer.deadline_spin.lineEdit().selectAll()
    qtbot.keyClicks(refer.deadline_spin, "7")
    assert refer.deadline_spin.value() == 7
    due = load_calendar().add_working_days(jalali.today(), 7)
    assert jalali.format_date_long(due) in refer.due_label.text()
    click(qtbot, refer.copies.add_button)
    _line, recipient, purpose = refer.copies.rows[0]
    type_text(recipient, "استاندار")
    purpose.setCurrentIndex(1)  # for action
    return refer


def test_one_referral_letter_is_spoken_of_as_one(
    qtbot: QtBot, open_case, clerk: Session, manager: Session, type_text, message_boxes
) -> None:
    registered = register(clerk)
    dialog = open_case(manager, registered.complaint_id)
    tab = dialog.case_tab
    click(qtbot, tab.refer_button)
    refer = tab.dialog
    assert isinstance(refer, ReferDialog)
    qtbot.waitUntil(refer.unit_filter.hasFocus, timeout=2000)
    tick_unit(qtbot, refer, type_text, "شهرداری")
    click(qtbot, refer.ok_button)
    (letter,) = secretariat.letters_for_complaint(manager, registered.complaint_id)
    assert message_boxes[0].text() == (
        f"نامه‌ی ارجاع شماره‌ی {ltr(to_persian_digits(letter.number))} صادر شد.\n\n"
        "پیش‌نمایش آن اکنون باز شود؟"
    )
    close_previews(dialog)


def test_a_complaint_from_referral_to_satisfaction(
    qtbot: QtBot,
    open_case,
    clerk: Session,
    manager: Session,
    type_text,
    message_boxes,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    registered = register(clerk)
    dialog = open_case(manager, registered.complaint_id)
    tab = dialog.case_tab
    assert dialog.status_label.text() == "ثبت‌شده"
    assert tab.referrals_table.rowCount() == 0

    # Refer to two units; the offer to preview the letter is taken.
    refer = refer_through_dialog(qtbot, tab, type_text)
    click(qtbot, refer.ok_button)
    assert [box.objectName() for box in message_boxes] == ["askBox"]
    assert tab.dialog is None
    [preview] = previews(dialog)
    assert preview.data.startswith(b"%PDF") and preview.document.pageCount() >= 1
    letters = secretariat.letters_for_complaint(manager, registered.complaint_id)
    assert message_boxes[0].text().startswith("۲ نامه‌ی ارجاع صادر شد: ")
    assert message_boxes[0].text().endswith("پیش‌نمایش نخستین نامه اکنون باز شود؟")
    assert to_persian_digits(letters[0].number) in preview.windowTitle()
    preview.reject()
    copies = json.loads(Letter.get_by_id(letters[0].id).copy_to)
    assert copies == [{"recipient": "استاندار", "purpose": "action"}]

    assert dialog.status_label.text() == "ارجاع‌شده"
    table = tab.referrals_table
    assert texts(table, UNIT) == [EDUCATION, MUNICIPALITY]  # in the list's order
    assert texts(table, STATUS) == ["در انتظار پاسخ", "در انتظار پاسخ"]
    assert (
        texts(table, DUE_ON)
        == [jalali.format_date(load_calendar().add_working_days(jalali.today(), 7))] * 2
    )
    numbers = [to_persian_digits(letter.number) for letter in letters]
    assert texts(table, LETTER_NUMBER) == numbers
    assert texts(tab.letters_table, L_NUMBER) == numbers
    assert not any(char in "0123456789" for number in numbers for char in number)
    assert texts(tab.letters_table, L_KIND) == ["ارجاع", "ارجاع"]
    assert texts(tab.letters_table, L_RECIPIENT) == [EDUCATION, MUNICIPALITY]
    stored = referrals.referrals_for(manager, registered.complaint_id)
    assert [r.deadline_days for r in stored] == [7, 7]
    assert stored[0].instructions == "لطفاً ظرف مهلت مقرر پاسخ دهید."

    # The municipality answers, with its letter scanned.
    choose_row(table, 1)
    click(qtbot, tab.response_button)
    response = tab.dialog
    assert isinstance(response, ResponseDialog)
    assert response.answered_edit.date() == jalali.today()
    type_text(response.text_edit, "پروانه صادر شد.")
    type_text(response.number_edit, "۱۲۳۴/ش")
    pick_file(monkeypatch, small_png(tmp_path / "پاسخ.png"))
    click(qtbot, response.attach_button)
    assert response.scan_label.text() == "پاسخ.png"
    click(qtbot, response.ok_button)
    assert tab.dialog is None
    assert texts(table, STATUS) == ["در انتظار پاسخ", "پاسخ‌داده"]
    assert texts(table, ANSWERED_ON)[1] == jalali.format_date(jalali.today())

    choose_row(table, 1)
    click(qtbot, tab.scan_button)
    viewer = dialog.findChild(ImageDialog)
    assert viewer is not None and viewer.isVisible()
    assert viewer.image_label.pixmap().width() == 40
    viewer.reject()

    # A measure against the unit that answered (the selected referral's unit), on the
    # measures' own tab.
    dialog.tabs.setCurrentWidget(tab.measures_section)
    click(qtbot, tab.measure_button)
    measure = tab.dialog
    assert isinstance(measure, MeasureDialog)
    assert measure.unit_combo.currentText() == MUNICIPALITY
    measure.kind_combo.setCurrentIndex(measure.kind_combo.findData(MeasureKind.WARNING))
    type_text(measure.name_edit, "رضا احمدی")
    click(qtbot, measure.ok_button)
    assert texts(tab.measures_table, 0) == [MUNICIPALITY]
    assert texts(tab.measures_table, 1) == ["تذکر"]
    assert texts(tab.measures_table, 2) == ["رضا احمدی"]
    assert dialog.tabs.tabText(dialog.tabs.currentIndex()) == "اقدام‌ها (۱)"

    # Reply and close; the open referral is cancelled; the reply letter is shown.
    dialog.tabs.setCurrentWidget(tab)
    click(qtbot, tab.close_button)
    close = tab.dialog
    assert isinstance(close, CloseDialog)
    assert close.findChild(QLabel, "openReferralsNote") is not None
    assert not close.reason_edit.isEnabled()
    close.outcome_combo.setCurrentIndex(close.outcome_combo.findData(Outcome.SUBSTANTIATED))
    type_text(close.reply_edit, "شکایت شما وارد تشخیص داده شد.")
    # Enter in the reply adds a line; Ctrl+Enter closes the complaint.
    qtbot.waitUntil(close.isActiveWindow, timeout=2000)  # a shortcut needs its window active
    qtbot.keyClick(close.reply_edit, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert tab.dialog is None
    [reply_preview] = previews(dialog)
    assert reply_preview.data.startswith(b"%PDF")
    reply_preview.reject()

    assert dialog.status_label.text() == "مختومه"
    assert texts(table, STATUS) == ["لغوشده", "پاسخ‌داده"]
    assert texts(tab.letters_table, L_KIND)[-1] == "پاسخ به شاکی"
    assert tab.letters_table.rowCount() == 3
    assert tab.closing_values["outcome"].text() == "وارد"
    assert tab.closing_values["closed_on"].text() == jalali.format_date(jalali.today())
    assert tab.refer_button is not None and not tab.refer_button.isEnabled()
    assert tab.close_button is not None and not tab.close_button.isEnabled()

    # The complainant called back.
    click(qtbot, tab.satisfaction_button)
    satisfaction = tab.dialog
    assert isinstance(satisfaction, SatisfactionDialog)
    satisfaction.combo.setCurrentIndex(satisfaction.combo.findData(Satisfaction.SATISFIED))
    click(qtbot, satisfaction.ok_button)
    assert tab.closing_values["satisfaction"].text() == "راضی"
    assert closing.closing_of(manager, registered.complaint_id).satisfaction is (
        Satisfaction.SATISFIED
    )
    history = lookup.detail(manager, registered.complaint_id).history
    assert dialog.history_table.rowCount() == len(history) > 1
    notes = [dialog.history_table.item(r, 3).text() for r in range(len(history))]
    assert "از «ثبت‌شده» به «ارجاع‌شده»" in notes  # a status change says from what to what
    assert "راضی" in notes and any(n.startswith("ارجاع ") for n in notes)
    assert dialog.tabs.tabText(1).endswith(f"({to_persian_digits(len(history))})")


def test_enter_on_a_letter_opens_it(
    qtbot: QtBot, open_case, clerk: Session, manager: Session
) -> None:
    registered = register(clerk)
    unit = lists.list_units(manager)[0]
    referrals.refer(manager, referrals.ReferralRequest(registered.complaint_id, (unit.id,)))
    dialog = open_case(manager, registered.complaint_id)
    letters = dialog.case_tab.letters_table
    letters.setFocus()
    choose_row(letters, 0)
    qtbot.keyClick(letters, Qt.Key.Key_Return)
    [preview] = previews(dialog)
    assert preview.document.pageCount() >= 1
    assert dialog.isVisible()  # Enter opened the letter, not closed the window


# --------------------------------------------------------------------------- refusals


def test_referring_without_a_unit_is_refused_beside_the_list(
    qtbot: QtBot, open_case, clerk: Session, manager: Session, type_text, message_boxes
) -> None:
    registered = register(clerk)
    dialog = open_case(manager, registered.complaint_id)
    click(qtbot, dialog.case_tab.refer_button)
    refer = dialog.case_tab.dialog
    assert isinstance(refer, ReferDialog)
    type_text(refer.instructions_edit, "بررسی شود")
    click(qtbot, refer.ok_button)
    assert refer.isVisible()
    assert error_text(refer, "units") == "دست‌کم یک واحد برای ارجاع انتخاب کنید."
    assert refer.instructions_edit.toPlainText() == "بررسی شود"
    assert referrals.referrals_for(manager, registered.complaint_id) == []
    assert secretariat.letters_for_complaint(manager, registered.complaint_id) == []
    assert message_boxes == []


def test_not_admissible_needs_a_reason(
    qtbot: QtBot, open_case, clerk: Session, manager: Session, type_text
) -> None:
    registered = register(clerk, identity=Identity.ANONYMOUS)
    dialog = open_case(manager, registered.complaint_id)
    click(qtbot, dialog.case_tab.close_button)
    close = dialog.case_tab.dialog
    assert isinstance(close, CloseDialog)
    assert close.findChild(QLabel, "anonymousNote") is not None

    click(qtbot, close.ok_button)  # no outcome yet
    assert error_text(close, "outcome") != ""

    close.outcome_combo.setCurrentIndex(close.outcome_combo.findData(Outcome.NOT_ADMISSIBLE))
    assert close.reason_edit.isEnabled()
    type_text(close.reply_edit, "پاسخ")
    click(qtbot, close.ok_button)
    assert close.isVisible()
    assert error_text(close, "reason") == "دلیل غیرقابل رسیدگی بودن را بنویسید."
    assert close.reply_edit.toPlainText() == "پاسخ"
    assert lookup.detail(manager, registered.complaint_id).row.status is Status.REGISTERED
    assert secretariat.letters_for_complaint(manager, registered.complaint_id) == []
    assert dialog.status_label.text() == "ثبت‌شده"


def open_response(qtbot: QtBot, open_case, clerk: Session, manager: Session):
    """A complaint referred to one unit, and its response dialog opened by the manager."""
    registered = register(clerk)
    unit = lists.list_units(manager)[0]
    referrals.refer(manager, referrals.ReferralRequest(registered.complaint_id, (unit.id,)))
    tab = open_case(manager, registered.complaint_id).case_tab
    choose_row(tab.referrals_table, 0)
    click(qtbot, tab.response_button)
    response = tab.dialog
    assert isinstance(response, ResponseDialog)
    return registered, response


def test_the_response_message_goes_once_the_text_is_typed(
    qtbot: QtBot, open_case, clerk: Session, manager: Session, type_text
) -> None:
    registered, response = open_response(qtbot, open_case, clerk, manager)
    click(qtbot, response.ok_button)  # nothing written yet
    assert response.isVisible()
    assert error_text(response, "text") == "خلاصه‌ی پاسخ واحد را بنویسید."
    assert response.errors.is_marked("text")

    type_text(response.text_edit, "پ")  # the first letter is enough
    assert error_text(response, "text") == ""
    assert not response.errors.is_marked("text")
    [stored] = referrals.referrals_for(manager, registered.complaint_id)
    assert stored.status.value == "open"


def test_a_text_file_is_not_a_scan(
    qtbot: QtBot,
    open_case,
    clerk: Session,
    manager: Session,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    registered, response = open_response(qtbot, open_case, clerk, manager)
    note = tmp_path / "note.txt"
    note.write_text("not a scan", encoding="utf-8")
    pick_file(monkeypatch, note)
    click(qtbot, response.attach_button)
    assert error_text(response, "scan") == "فقط پرونده‌ی PDF، PNG، JPEG یا TIFF پذیرفته می‌شود."
    assert response.scan is None and not response.remove_scan_button.isEnabled()
    assert response.isVisible()
    [stored] = referrals.referrals_for(manager, registered.complaint_id)
    assert stored.status.value == "open" and stored.response_file is None

    # A real scan then replaces the message; Remove takes it off again.
    pick_file(monkeypatch, small_png(tmp_path / "scan.png"))
    click(qtbot, response.attach_button)
    assert error_text(response, "scan") == "" and response.scan is not None
    click(qtbot, response.remove_scan_button)
    assert response.scan is None


def test_pause_shows_in_the_table_and_resume_clears_it(
    qtbot: QtBot, open_case, clerk: Session, manager: Session, type_text
) -> None:
    registered = register(clerk)
    unit = lists.list_units(manager)[0]
    referrals.refer(manager, referrals.ReferralRequest(registered.complaint_id, (unit.id,)))
    dialog = open_case(manager, registered.complaint_id)
    tab = dialog.case_tab
    assert tab.resume_button is not None and not tab.resume_button.isEnabled()

    click(qtbot, tab.pause_button)
    pause = tab.dialog
    assert isinstance(pause, PauseDialog)
    click(qtbot, pause.ok_button)  # no reason
    assert error_text(pause, "reason") == "دلیل توقف مهلت را بنویسید."
    type_text(pause.reason_edit, "در انتظار مدارک شاکی")
    qtbot.keyClick(pause.reason_edit, Qt.Key.Key_Return)  # Enter is OK
    assert tab.dialog is None
    status = tab.referrals_table.item(0, STATUS)
    assert status.text() == paused_text(jalali.today())
    assert jalali.format_date(jalali.today()) in status.text()
    assert status.font().bold()
    assert not tab.pause_button.isEnabled() and tab.resume_button.isEnabled()

    click(qtbot, tab.resume_button)
    assert tab.referrals_table.item(0, STATUS).text() == "در انتظار پاسخ"
    assert tab.pause_button.isEnabled() and not tab.resume_button.isEnabled()
    [stored] = referrals.referrals_for(manager, registered.complaint_id)
    assert stored.paused_since is None


def test_reminders_when_overdue_and_escalation_without_a_superior(
    qtbot: QtBot,
    open_case,
    clerk: Session,
    manager: Session,
    message_boxes,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    registered = register(clerk)
    unit = lists.list_units(manager)[0]
    referrals.refer(
        manager, referrals.ReferralRequest(registered.complaint_id, (unit.id,), deadline_days=1)
    )
    later = jalali.today() + dt.timedelta(days=20)
    monkeypatch.setattr(jalali, "today", lambda: later)
    dialog = open_case(manager, registered.complaint_id)
    tab = dialog.case_tab
    assert tab.reminder_button is not None and not tab.reminder_button.isEnabled()
    choose_row(tab.referrals_table, 0)
    assert tab.referrals_table.item(0, DUE_ON).toolTip() != ""  # overdue, in red

    click(qtbot, tab.reminder_button)
    [preview] = previews(dialog)
    assert preview.data.startswith(b"%PDF")
    preview.reject()
    assert texts(tab.referrals_table, REMINDERS) == ["۱"]
    assert texts(tab.letters_table, L_KIND) == ["ارجاع", "پیگیری"]

    click(qtbot, tab.escalate_button)
    assert [box.text() for box in message_boxes] == [
        f"برای «{unit.name}» واحد بالادستی ثبت نشده است."
    ]
    assert tab.letters_table.rowCount() == 2


# --------------------------------------------------------------------------- roles


def test_a_clerk_is_not_offered_what_the_role_may_not_do(
    qtbot: QtBot, open_case, clerk: Session, manager: Session
) -> None:
    registered = register(clerk)
    unit = lists.list_units(manager)[0]
    referrals.refer(manager, referrals.ReferralRequest(registered.complaint_id, (unit.id,)))
    dialog = open_case(clerk, registered.complaint_id)
    for name in (
        "referButton",
        "pauseButton",
        "resumeButton",
        "responseButton",
        "reminderButton",
        "escalateButton",
        "closeCaseButton",
        "measureButton",
    ):
        assert dialog.findChild(QPushButton, name) is None, name
    tab = dialog.case_tab
    assert texts(tab.referrals_table, UNIT) == [unit.name]  # but the clerk sees the case
    assert tab.satisfaction_button is not None and not tab.satisfaction_button.isEnabled()
    assert tab.view_letter_button.isVisible()
