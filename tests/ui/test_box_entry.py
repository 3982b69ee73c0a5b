"""Entering a box's scanned forms beside the registration form: type, Enter, the next page."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from PIL import Image, ImageDraw
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QMessageBox

from app import boxes, jalali, scans
from app.permissions import Role, Session
from app.persian import to_persian_digits
from app.vocabulary import Channel, Kind, ScanState
from db.models import Complaint, ScanPage
from tests.ui.bidi import visual_order
from ui.pages.box_entry import BoxEntryPage, EntryWindow


@pytest.fixture
def clerk(session_for) -> Session:
    return session_for(Role.DATA_ENTRY)  # type: ignore[no-any-return]


def _page(path: Path, shade: int) -> Path:
    image = Image.new("L", (827, 1169), 255)  # A4 at 100 dpi is plenty for the screen
    ImageDraw.Draw(image).rectangle((80, 80 + shade, 700, 200 + shade), fill=shade)
    image.save(path)
    return path


@pytest.fixture
def opening(admin: Session, clerk: Session, tmp_path: Path) -> int:
    box = boxes.create_box(admin, "B-7", "ورودی ساختمان", 1)
    members = (boxes.Member("علی رضایی", "بازرس"), boxes.Member("مریم موسوی", "کارشناس"))
    info = boxes.open_box(clerk, boxes.OpeningInput(box.id, jalali.today(), members, 3))
    paths = [_page(tmp_path / f"scan{i}.png", 40 * i) for i in range(1, 4)]
    report = scans.import_files(clerk, info.id, paths)
    assert report.added == 3
    return info.id


def _entry(qtbot, ui_context, session: Session, opening_id: int) -> EntryWindow:
    window = EntryWindow(ui_context(session), opening_id)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window


def _type_form(type_text, window: EntryWindow, subject: str) -> None:
    form = window.form
    form.identity_buttons[form.identity()].setChecked(True)
    type_text(form.full_name_edit, "حسن کریمی")
    type_text(form.mobile_edit, "09171234567")
    form.category_combo.setCurrentIndex(0)
    type_text(form.subject_edit, subject)
    type_text(form.description_edit, "کارمند باجه پاسخ درستی نداد.")


def test_enter_saves_the_form_and_the_next_page_shows(
    qtbot, ui_context, type_text, clerk: Session, opening: int
) -> None:
    window = _entry(qtbot, ui_context, clerk, opening)
    first = window.page
    assert first is not None and first.position == 1
    assert window.viewer.has_image()
    assert window.form.unit_combo.currentText() == boxes.get_opening(clerk, opening).box.unit_name
    assert not window.form.channel_combo.isEnabled()
    _type_form(type_text, window, "رفتار نامناسب در باجه")
    QTest.keyClick(window.form.subject_edit, Qt.Key.Key_Return)  # Enter saves

    qtbot.waitUntil(lambda: window.page is not None and window.page.position == 2)
    entered = ScanPage.get_by_id(first.id)
    assert entered.state == ScanState.ENTERED.value
    complaint = Complaint.get_by_id(entered.complaint_id)
    assert complaint.channel == Channel.BOX.value
    assert complaint.subject == "رفتار نامناسب در باجه"
    assert window.form.subject_edit.text() == ""  # ready for the next sheet
    # The next sheet's own category and kind: a thank-you note is not filed as the last
    # sheet's misconduct. The opening's unit and channel stay.
    assert window.form.category_combo.currentIndex() == -1
    assert window.form.kind_combo.currentData() == Kind.COMPLAINT
    assert window.form.unit_combo.currentText() == boxes.get_opening(clerk, opening).box.unit_name
    assert "۱" in window.progress_label.text()  # one entered


def test_skip_and_marks_move_on_and_the_work_resumes_where_it_stopped(
    qtbot, ui_context, type_text, clerk: Session, opening: int
) -> None:
    window = _entry(qtbot, ui_context, clerk, opening)
    qtbot.mouseClick(window.skip_button, Qt.MouseButton.LeftButton)
    assert window.page is not None and window.page.position == 2
    qtbot.mouseClick(window.mark_buttons[ScanState.BLANK], Qt.MouseButton.LeftButton)
    assert window.page is not None and window.page.position == 3
    type_text(window.form.subject_edit, "نیمه‌کاره")
    window.form.save_draft()  # what the timer does while typing pauses
    window.close()

    again = _entry(qtbot, ui_context, clerk, opening)
    assert again.page is not None and again.page.position == 3
    assert again.form.subject_edit.text() == "نیمه‌کاره"
    states = [ScanPage.get_by_id(p.id).state for p in scans.pages(clerk, opening)]
    assert states == ["pending", "blank", "pending"]


def test_the_openings_page_lists_the_progress(show_page, clerk: Session, opening: int) -> None:
    page = show_page(BoxEntryPage, clerk)
    assert page.table.rowCount() == 1
    assert page.table.item(0, 0).text() == "B-7"
    assert page.table.item(0, 4).text() == "۳"  # pages
    assert page.table.item(0, 6).text() == "۳"  # pending
    assert page.table.item(0, 2).text() == jalali.format_date(jalali.today())


def test_importing_runs_in_the_background_and_reports(
    qtbot, show_page, message_boxes, clerk: Session, opening: int, tmp_path: Path
) -> None:
    page = show_page(BoxEntryPage, clerk)
    page.table.setCurrentCell(0, 0)
    more = [_page(tmp_path / "later.png", 30), tmp_path / "notes.txt"]
    more[1].write_text("not a scan")
    page.import_paths(more)
    qtbot.waitUntil(lambda: page.task is None, timeout=20_000)
    assert page.table.item(0, 4).text() == "۴"
    text = message_boxes[-1].text()
    assert "۱" in text and "notes.txt" in text  # one added; the text file named as a problem
    assert message_boxes[-1].icon() == QMessageBox.Icon.Warning  # a partial success warns

    page.import_paths([_page(tmp_path / "clean.png", 60)])
    qtbot.waitUntil(lambda: page.task is None, timeout=20_000)
    assert page.table.item(0, 4).text() == "۵"
    done = message_boxes[-1]
    assert done.text() == "۱ صفحه افزوده شد."  # no «۰ صفحه از پیش وجود داشت»
    assert done.icon() == QMessageBox.Icon.Information  # all went well: no warning sign

    page.import_paths([tmp_path / "clean.png"])  # the same page again
    qtbot.waitUntil(lambda: page.task is None, timeout=20_000)
    assert message_boxes[-1].text() == "هیچ صفحه‌ی تازه‌ای افزوده نشد؛ ۱ صفحه از پیش وجود داشت."


def test_the_complaint_window_shows_its_scanned_form(
    qtbot, ui_context, type_text, clerk: Session, opening: int
) -> None:
    from app import lookup
    from ui.pages.complaint_detail import ComplaintDetailDialog

    window = _entry(qtbot, ui_context, clerk, opening)
    first = window.page
    _type_form(type_text, window, "پرونده‌ی معطل")
    QTest.keyClick(window.form.subject_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.page is not None and window.page.id != first.id)
    complaint_id = ScanPage.get_by_id(first.id).complaint_id
    dialog = ComplaintDetailDialog(ui_context(clerk), lookup.detail(clerk, complaint_id))
    qtbot.addWidget(dialog)
    assert len(dialog.scan_buttons) == 1
    qtbot.mouseClick(dialog.scan_buttons[0], Qt.MouseButton.LeftButton)
    viewer = dialog.scan_dialog.findChild(type(window.viewer))
    assert viewer is not None and viewer.has_image()


def test_scanning_from_the_scanner_imports_the_feeders_pages(
    qtbot, show_page, message_boxes, monkeypatch, clerk: Session, opening: int, tmp_path: Path
) -> None:
    from tests.app.test_scanner import install_fake_scanner

    (tmp_path / "bin").mkdir()
    install_fake_scanner(tmp_path / "bin", monkeypatch, pages=2)
    page = show_page(BoxEntryPage, clerk)
    assert page.scan_button.isEnabled()
    page.table.setCurrentCell(0, 0)
    qtbot.mouseClick(page.scan_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.task is None, timeout=20_000)
    assert page.table.item(0, 4).text() == "۵"  # three imported before, two scanned
    assert "۲" in message_boxes[-1].text()


def test_data_entry_prints_blank_forms_for_a_chosen_box(
    qtbot, show_page, admin: Session, clerk: Session, opening: int
) -> None:
    import io

    import pypdf

    boxes.create_box(admin, "C-2", "سالن انتظار", 1)
    page = show_page(BoxEntryPage, clerk)
    dialog = page.print_forms()
    assert dialog.box_combo.count() == 2
    dialog.box_combo.setCurrentIndex(1)
    dialog.count_spin.setValue(2)
    dialog.accept()
    assert len(pypdf.PdfReader(io.BytesIO(dialog.preview.data)).pages) == 2
    assert [b.box_code for b in boxes.list_batches(admin)] == ["C-2"]
    dialog.preview.close()


def test_the_entry_window_fits_the_screen(qtbot, ui_context, clerk: Session, opening: int) -> None:
    window = _entry(qtbot, ui_context, clerk, opening)
    area = window.screen().availableGeometry()
    # Its frame and title bar included: the save buttons never sit below the taskbar.
    assert window.width() <= area.width() - 16 and window.height() <= area.height() - 40
    assert window.form.isVisible()
    # A form is read line by line: the scan opens fitted to the pane's width.
    from ui.widgets.page_viewer import FitMode

    assert window.viewer.fit_mode() is FitMode.WIDTH
    # Beside the scan the form has no room for two columns: one under the other, and no
    # field is cut by a sideways scroll.
    from PySide6.QtWidgets import QBoxLayout, QScrollArea

    assert window.form.columns.direction() == QBoxLayout.Direction.TopToBottom
    scroll = window.form.findChild(QScrollArea)
    assert scroll is not None
    qtbot.waitUntil(lambda: not scroll.horizontalScrollBar().isVisible(), timeout=2000)


def test_recording_an_opening_shows_its_numbered_minutes(
    qtbot, show_page, type_text, admin: Session, clerk: Session
) -> None:
    from PySide6.QtCore import QTime
    from PySide6.QtWidgets import QApplication

    from ui.pages.box_entry import OpeningDialog
    from ui.printing import PdfPreviewDialog

    boxes.create_box(admin, "B-9", "ورودی", 1)
    page = show_page(BoxEntryPage, clerk)
    dialog = OpeningDialog(page.ctx, page)
    qtbot.addWidget(dialog)
    now = jalali.to_tehran(dt.datetime.now(dt.UTC))  # the office's clock, not the PC's zone
    start = dialog.time_edit.time()
    assert abs(start.hour() * 60 + start.minute() - (now.hour * 60 + now.minute)) <= 1
    dialog.time_edit.setTime(QTime(9, 45))
    # the hour reads first, on the left, as on a clock (not «۴۵:۰۹»)
    direction = dialog.time_edit.layoutDirection()
    assert visual_order(dialog.time_edit.text(), direction) == "۰۹:۴۵"
    for (name, title), (who, role) in zip(
        dialog.members, (("علی رضایی", "بازرس"), ("مریم موسوی", "کارشناس")), strict=False
    ):
        type_text(name, who)
        type_text(title, role)
    dialog.found_spin.setValue(4)
    dialog.note_edit.setPlainText("پلمب سالم بود.\nقفل عوض شد.")
    dialog.accept()
    opening = dialog.opening
    assert opening is not None
    year = jalali.to_jalali(jalali.today())[0]
    assert opening.minutes_number == f"1/{year}"
    assert opening.opened_at is not None and opening.opened_at.strftime("%H:%M") == "09:45"
    assert opening.note == "پلمب سالم بود.\nقفل عوض شد."

    def previews() -> list[PdfPreviewDialog]:
        return [
            w
            for w in QApplication.topLevelWidgets()
            if isinstance(w, PdfPreviewDialog) and w.objectName() == "minutesPreviewDialog"
        ]

    qtbot.waitUntil(lambda: len(previews()) == 1)
    previews()[0].close()
    page.refresh()
    cells = [page.table.item(0, c).text() for c in range(page.model.columnCount())]
    assert to_persian_digits(f"1/{year}") in cells


def test_the_page_and_progress_counts_read_as_persian_numbers(
    qtbot, ui_context, monkeypatch, clerk: Session, opening: int
) -> None:
    window = _entry(qtbot, ui_context, clerk, opening)
    assert window.page_label.text() == "صفحه‌ی ۱ از ۳"  # the page's place in the opening
    assert "scan1.png" in window.page_label.toolTip()  # and the file it came from
    big = {ScanState.ENTERED: 3001, ScanState.PENDING: 1999, ScanState.BLANK: 1000}
    monkeypatch.setattr(scans, "opening_progress", lambda session, opening_id: big)
    window.show_page(window.page)
    assert (
        window.progress_label.text() == "واردشده: ۳٬۰۰۱، در انتظار ورود: ۱٬۹۹۹، کنارگذاشته: ۱٬۰۰۰"
    )
    assert window.page_label.text() == "صفحه‌ی ۱ از ۶٬۰۰۰"
