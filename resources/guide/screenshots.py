"""Retake every screenshot of the Persian user guide (resources/guide/fa/images/*.png).

    python resources/guide/screenshots.py [--only NAME ...]

The pictures are the real screens: the script builds a demo office in a temporary folder
(``app.demo.build_demo``), creates the QApplication exactly as Dadras does
(``ui.application.create_application``: Persian, right to left, the app font and style), logs
in as each demo user, opens the pages and dialogs the chapters describe, fills in a form where
a filled form explains better, and saves ``widget.grab()``. Nothing outside the temporary
folder and ``resources/guide/fa/images`` is written; message boxes never block (they are
recorded, and the ones worth showing are grabbed). Run it again whenever a screen changes.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

# An office's usual screen, 1366×768 (Qt's offscreen default is 800×600, and windows are
# fitted to the screen they open on).
_SCREEN = Path(tempfile.mkdtemp(prefix="dadras-screen-")) / "offscreen.json"
_SCREEN.write_text(
    '{"screens": [{"name": "office", "x": 0, "y": 0, "width": 1366, "height": 768, '
    '"logicalDpi": 96, "logicalBaseDpi": 96, "dpr": 1}]}'
)
os.environ.setdefault("QT_QPA_PLATFORM", f"offscreen:configfile={_SCREEN}")

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

IMAGES = Path(__file__).resolve().parent / "fa" / "images"
WINDOW_SIZE = (1366, 768)
# The guide window (ui/guide.py, a QTextBrowser 900 pixels wide) shows an image at its own
# size, so a picture wider than this is scaled down to fit without a horizontal scroll bar.
GUIDE_WIDTH = 840
MAX_BYTES = 250_000
COMPLAINTS = 3000

from PySide6.QtCore import QCoreApplication, QEventLoop, Qt  # noqa: E402
from PySide6.QtGui import QImage, QPainter  # noqa: E402
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget  # noqa: E402

# --------------------------------------------------------------------------- helpers

_only: set[str] = set()
_taken: list[tuple[str, int, tuple[int, int]]] = []
_message_boxes: list[QMessageBox] = []


def wait(ms: int = 150) -> None:
    """Let the event loop run (layouts, lazy fetches, queued slots, paints)."""
    deadline = time.monotonic() + ms / 1000
    while True:
        QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)
        if time.monotonic() >= deadline:
            break
        time.sleep(0.01)


def wait_until(condition: Callable[[], bool], timeout_ms: int = 30_000) -> None:
    deadline = time.monotonic() + timeout_ms / 1000
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError("the screen did not get ready in time")
        wait(50)


def _save(image: QImage, name: str) -> None:
    """Save as PNG, made smaller (fewer colours, then a smaller scale) if it is too big."""
    path = IMAGES / f"{name}.png"
    if image.width() > GUIDE_WIDTH:
        image = image.scaledToWidth(GUIDE_WIDTH, Qt.TransformationMode.SmoothTransformation)
    candidate = image
    for attempt in range(6):
        candidate.save(str(path), "PNG", 0)  # 0: the strongest compression
        if path.stat().st_size <= MAX_BYTES:
            break
        if attempt == 0:
            candidate = image.convertToFormat(
                QImage.Format.Format_Indexed8, Qt.ImageConversionFlag.ThresholdDither
            )
        else:
            candidate = candidate.convertToFormat(QImage.Format.Format_RGB32).scaledToWidth(
                int(candidate.width() * 0.9), Qt.TransformationMode.SmoothTransformation
            )
            candidate = candidate.convertToFormat(
                QImage.Format.Format_Indexed8, Qt.ImageConversionFlag.ThresholdDither
            )
    _taken.append((name, path.stat().st_size, (candidate.width(), candidate.height())))
    print(
        f"  {name}.png  {candidate.width()}×{candidate.height()}  {path.stat().st_size // 1024} KB"
    )


def shot(widget: QWidget, name: str, settle_ms: int = 250) -> None:
    """Grab ``widget`` (a window or a dialog) as it is on screen now."""
    wait(settle_ms)
    if _only and name not in _only:
        return
    _save(widget.grab().toImage(), name)


def close_dialog(dialog: QWidget | None) -> None:
    if dialog is not None:
        dialog.close()
        wait(50)


def record_message_boxes() -> None:
    """Message boxes are kept (not shown modally) so the script never blocks on one."""

    def fake_exec(box: QMessageBox) -> int:
        _message_boxes.append(box)
        return int(QMessageBox.StandardButton.Ok)

    QMessageBox.exec = fake_exec  # type: ignore[method-assign]


def last_message() -> QMessageBox | None:
    return _message_boxes[-1] if _message_boxes else None


def find_dialog(kind: type) -> QWidget | None:
    """The newest visible top-level widget of ``kind`` (a dialog the page opened itself)."""
    found = [w for w in QApplication.topLevelWidgets() if isinstance(w, kind) and w.isVisible()]
    return found[-1] if found else None


def type_into(widget: QWidget, text: str) -> None:
    """Type like a user (any script), so the form reacts as it does to real typing."""
    from PySide6.QtCore import QEvent
    from PySide6.QtGui import QKeyEvent

    for char in text:
        key = ord(char.upper()) if char.isascii() else ord(char)
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(
                widget, QKeyEvent(kind, key, Qt.KeyboardModifier.NoModifier, char)
            )


# --------------------------------------------------------------------------- the office


class Office:
    """The demo office, its database path and a main window per user."""

    def __init__(self, folder: Path) -> None:
        from app.demo import build_demo

        self.folder = folder
        self.db_path = folder / "dadras.sqlite3"
        print(build_demo(self.db_path, COMPLAINTS))
        self.window = None
        self.registered = None  # the complaint the clerk registers, followed by the manager
        self.box_id = 0  # the complaint box the data-entry pictures open

    def session(self, username: str):  # type: ignore[no-untyped-def]
        from app import users

        return users.login(username, f"{username}1234")

    def context(self, session):  # type: ignore[no-untyped-def]
        from app import office
        from ui.context import UiContext

        return UiContext(session, office.office_info(), self.db_path)

    def open_window(self, username: str):  # type: ignore[no-untyped-def]
        from ui.main_window import MainWindow

        if self.window is not None:
            self.window.close()
            self.window.deleteLater()
            wait(50)
        session = self.session(username)
        window = MainWindow(self.context(session))
        window.resize(*WINDOW_SIZE)
        window.show()
        window.activateWindow()
        wait(300)
        self.window = window
        return window


# --------------------------------------------------------------------------- the chapters


def index_pictures(office: Office) -> None:
    from ui.login import LoginDialog

    dialog = LoginDialog()
    dialog.username_edit.setText("clerk")
    dialog.password_edit.setText("clerk1234")
    dialog.show()
    shot(dialog, "login")
    dialog.password_edit.clear()
    dialog.try_login()
    shot(dialog, "login-empty-password")
    dialog.close()

    window = office.open_window("manager")
    window.activate_page("complaints")
    shot(window, "main-window")
    window.close()


def clerk_pictures(office: Office) -> None:
    window = office.open_window("clerk")
    page = window.page("registration")
    # The demo leaves the clerk a half-typed form (restored as a draft): start afresh.
    page.discard_draft()
    page.clear_for_next()
    shot(window, "registration-empty")

    # A walk-in complaint, typed as the clerk types it.
    type_into(page.full_name_edit, "زهرا احمدی")
    type_into(page.national_code_edit, "0012345678")
    type_into(page.mobile_edit, "09171234567")
    type_into(page.address_edit, "بندرعباس، خیابان امام، کوچه‌ی ۱۲")
    type_into(page.county_edit, "بندرعباس")
    page.unit_combo.setCurrentIndex(
        max(0, page.unit_combo.findText("شهرداری", Qt.MatchFlag.MatchContains))
    )
    page.category_combo.setCurrentIndex(0)
    type_into(page.subject_edit, "تأخیر در صدور پروانه‌ی ساختمان")
    type_into(
        page.description_edit,
        "سه ماه پیش درخواست پروانه‌ی ساختمان داده‌ام و هنوز صادر نشده است. "
        "چند بار تماس گرفته‌ام و کسی پاسخ نمی‌دهد.",
    )
    page.save()
    # The national code above fails its check digit: the form says so beside the field.
    shot(window, "registration-errors")
    page.national_code_edit.clear()
    type_into(page.national_code_edit, "0499370899")
    page.save()
    shot(window, "registration-done")

    dialog = page.print_receipt()
    if dialog is not None:
        dialog.resize(620, 760)
        shot(dialog, "receipt-preview", 600)
        close_dialog(dialog)

    window.activate_page("complaints")
    complaints = window.page("complaints")
    complaints.search_edit.setText("پروانه ساختمان")
    complaints.search()
    shot(window, "complaints-search")
    complaints.search_edit.setText("1234 5678 9012 3")
    complaints.search()
    shot(window, "complaints-bad-code")
    complaints.search_edit.setText(page.last.tracking_code)
    complaints.search()
    dialog = complaints.open_complaint(page.last.complaint_id)
    dialog.resize(1000, 680)
    shot(dialog, "complaint-detail")
    dialog.tabs.setCurrentIndex(1)
    shot(dialog, "complaint-history")
    close_dialog(dialog)
    office.registered = page.last


def grab_message(name: str) -> None:
    """Show the newest recorded message box for a moment and grab it."""
    box = last_message()
    if box is None:
        print(f"  (no message for {name})")
        return
    box.show()
    wait(150)
    shot(box, name)
    box.close()


def open_case(window, complaint_id: int):  # type: ignore[no-untyped-def]
    window.activate_page("complaints")
    dialog = window.page("complaints").open_complaint(complaint_id)
    dialog.resize(1100, 700)
    dialog.tabs.setCurrentIndex(2)
    wait(100)
    return dialog


def manager_pictures(office: Office) -> None:
    from ui.printing import PdfPreviewDialog

    window = office.open_window("manager")
    window.activate_page("referrals")
    referrals = window.page("referrals")
    referrals.overdue_tab.table.setCurrentCell(0, 0)
    shot(window, "referrals-overdue")

    complaint_id = office.registered.complaint_id
    detail = open_case(window, complaint_id)
    shot(detail, "case-new")

    refer = detail.case_tab.open_refer()
    type_into(refer.unit_filter, "شهرداری")
    for item in refer.unit_items():
        if not item.isHidden():
            item.setCheckState(Qt.CheckState.Checked)
            break
    type_into(
        refer.instructions_edit,
        "خواهشمند است ظرف مهلت مقرر نتیجه‌ی بررسی را به این دفتر اعلام فرمایید.",
    )
    refer.copies.add_row("معاونت هماهنگی امور عمرانی استانداری")
    refer.resize(640, 640)
    shot(refer, "refer-dialog")
    refer.accept()
    wait(300)
    grab_message("refer-letters-issued")
    preview = find_dialog(PdfPreviewDialog)
    if preview is not None:
        preview.resize(760, 900)
        shot(preview, "referral-letter", 600)
        close_dialog(preview)
    detail.case_tab.referrals_table.setCurrentCell(0, 0)
    shot(detail, "case-referred")

    response = detail.case_tab.open_response()
    type_into(
        response.text_edit,
        "پروانه‌ی ساختمان متقاضی پس از تکمیل مدارک صادر شد و به ایشان تحویل گردید.",
    )
    type_into(response.number_edit, "۴۵۲۱/ش/۱۴۰۵")
    shot(response, "response-dialog")
    response.accept()
    wait(200)

    closing = detail.case_tab.open_close()
    closing.outcome_combo.setCurrentIndex(0)
    type_into(
        closing.reply_edit,
        "پیرو شکایت جنابعالی، موضوع به شهرداری ارجاع شد و پروانه‌ی ساختمان صادر گردید.",
    )
    shot(closing, "close-dialog")
    closing.accept()
    wait(300)
    preview = find_dialog(PdfPreviewDialog)
    if preview is not None:
        preview.resize(760, 900)
        shot(preview, "reply-letter", 600)
        close_dialog(preview)

    satisfaction = detail.case_tab.open_satisfaction()
    satisfaction.combo.setCurrentIndex(0)
    shot(satisfaction, "satisfaction-dialog")
    satisfaction.accept()
    wait(200)
    measure = detail.case_tab.open_measure()
    measure.kind_combo.setCurrentIndex(0)
    type_into(measure.name_edit, "رضا محمدی")
    type_into(measure.title_edit, "معاون شهرسازی")
    type_into(measure.note_edit, "به‌سبب پیگیری سریع پرونده.")
    shot(measure, "measure-dialog")
    measure.accept()
    wait(200)
    detail.tabs.setCurrentIndex(2)
    shot(detail, "case-closed")
    close_dialog(detail)

    window.activate_page("referrals")
    referrals.refresh()
    if referrals.print_tab is not None:
        referrals.tabs.setCurrentWidget(referrals.print_tab)
        referrals.print_tab.table.setCurrentCell(0, 0)
    shot(window, "print-queue")
    referrals.tabs.setCurrentIndex(0)
    referrals.overdue_tab.table.setCurrentCell(0, 0)
    overdue = referrals.overdue_tab
    overdue.send_reminder()
    wait_until(lambda: overdue.issuing is None)  # issued on a worker thread
    wait(300)
    preview = overdue.preview or find_dialog(PdfPreviewDialog)
    if preview is not None:
        preview.resize(760, 900)
        shot(preview, "reminder-letter", 600)
        close_dialog(preview)

    window.activate_page("secretariat")
    shot(window, "secretariat")

    window.activate_page("reports")
    reports = window.page("reports")

    def show_report() -> None:
        done: list[bool] = []
        reports.shown.connect(lambda: done.append(True))
        reports.compute()
        wait_until(lambda: bool(done) and not reports.tasks)
        reports.shown.disconnect()
        wait(200)

    from app.reports.filters import Period

    def quietly_choose(combo: QWidget, index: int) -> None:
        """Pick a tab or a map without the page computing on its own; show_report does."""
        combo.blockSignals(True)
        combo.setCurrentIndex(index)  # type: ignore[attr-defined]
        combo.blockSignals(False)

    reports.period_combo.setCurrentIndex(reports.period_combo.findData(Period.THIS_YEAR))
    for widget, index, name in (
        (None, 0, "reports-dashboard"),
        (reports.tabs, 1, "reports-scorecard"),
        (reports.tabs, 2, "reports-heat-units"),
        (reports.heat_combo, 1, "reports-heat-counties"),
    ):
        if widget is not None:
            quietly_choose(widget, index)
        show_report()
        shot(window, name)
    quietly_choose(reports.tabs, 0)
    show_report()
    tile = next(iter(reports.tiles.values()))
    tile.click()
    wait_until(lambda: reports.drill is not None)  # read on a worker thread
    wait(300)
    from ui.pages.reports import DrillDialog

    drill_dialog = find_dialog(DrillDialog)
    if drill_dialog is not None:
        drill_dialog.resize(1000, 600)
        shot(drill_dialog, "reports-drill")
        close_dialog(drill_dialog)


# --------------------------------------------------------------------------- complaint boxes


def _filled_forms(office: Office, folder: Path) -> list[Path]:
    """Blank forms of a new box, rendered and "filled in by hand" as scans to import."""
    import pypdfium2
    from PySide6.QtGui import QColor, QFont

    from app import boxes, lists

    admin = office.session("admin")
    units = lists.list_units(admin)
    unit = next((u for u in units if "شهرداری" in u.name), units[0])
    box = boxes.create_box(admin, "B-12", "سالن انتظار شهرداری مرکز استان", unit.id)
    batch = boxes.print_forms(admin, box.id, 3, "A4")
    pdf = pypdfium2.PdfDocument(boxes.form_batch_pdf(admin, batch.id))
    written = [  # name, mobile, subject, text
        (
            "مریم کریمی",
            "۰۹۱۷۷۶۵۴۳۲۱",
            "رفتار نامناسب کارمند باجه",
            "کارمند باجه‌ی شماره‌ی ۳ به پرسش‌های من پاسخ درستی نداد و مرا چند بار سر دواند.",
        ),
        (
            "",
            "",
            "خاموشی چراغ‌های کوچه",
            "چراغ‌های کوچه‌ی ۱۴ خیابان امام دو ماه است خاموش است و کسی پیگیری نمی‌کند.",
        ),
        ("حسن رضایی", "۰۹۳۶۱۱۱۲۲۳۳", "قدردانی", "از رسیدگی سریع به درخواست پروانه‌ی کسب سپاسگزارم."),
    ]
    paths: list[Path] = []
    for number, (page, lines) in enumerate(zip(pdf, written, strict=False), start=1):
        image = page.render(scale=100 / 72).to_pil().convert("RGB")
        path = folder / f"scan-{number}.png"
        image.save(path)
        qimage = QImage(str(path))
        painter = QPainter(qimage)
        painter.setPen(QColor(20, 40, 140))
        font = QFont(QApplication.font())
        font.setPointSize(14)
        font.setItalic(True)
        painter.setFont(font)
        width, height = qimage.width(), qimage.height()
        name, mobile, subject, text = lines
        # Where a hand writes on the form: beside each label, and in the box below.
        for value, top, right in (
            (name, 0.245, 0.60),
            (mobile, 0.285, 0.72),
            (subject, 0.415, 0.84),
        ):
            painter.drawText(
                int(width * 0.10),
                int(height * top),
                int(width * right),
                50,
                int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignBottom),
                value,
            )
        painter.drawText(
            int(width * 0.13),
            int(height * 0.525),
            int(width * 0.74),
            200,
            int(Qt.AlignmentFlag.AlignRight | Qt.TextFlag.TextWordWrap),
            text,
        )
        painter.end()
        qimage.save(str(path))
        paths.append(path)
    pdf.close()
    office.box_id = box.id
    return paths


def data_entry_pictures(office: Office) -> None:
    from app import boxes, jalali, scans

    scans_folder = office.folder / "scans"
    scans_folder.mkdir()
    paths = _filled_forms(office, scans_folder)
    clerk = office.session("dataentry")

    window = office.open_window("dataentry")
    window.activate_page("box_entry")
    page = window.page("box_entry")

    dialog = page.record_opening()
    dialog.box_combo.setCurrentIndex(max(0, dialog.box_combo.findData(office.box_id)))
    dialog.found_spin.setValue(3)
    members = [("علی رضایی", "نماینده‌ی دفتر بازرسی"), ("مریم موسوی", "کارشناس حراست")]
    while len(dialog.members) < len(members):
        dialog.add_member()
    for (name_edit, title_edit), (name, title) in zip(dialog.members, members, strict=False):
        type_into(name_edit, name)
        type_into(title_edit, title)
    dialog.resize(620, dialog.sizeHint().height())
    shot(dialog, "opening-dialog")
    close_dialog(dialog)

    committee = tuple(boxes.Member(n, t) for n, t in members)
    opening = boxes.open_box(clerk, boxes.OpeningInput(office.box_id, jalali.today(), committee, 3))
    scans.import_files(clerk, opening.id, paths)
    page.refresh()
    page.table.setCurrentCell(0, 0)
    shot(window, "box-openings")

    forms = page.print_forms()
    shot(forms, "print-forms")
    close_dialog(forms)

    entry = page.open_entry()
    if entry is not None:
        entry.resize(*WINDOW_SIZE)
        wait(300)
        form = entry.form
        type_into(form.full_name_edit, "مریم کریمی")
        type_into(form.mobile_edit, "09177654321")
        form.category_combo.setCurrentIndex(0)
        type_into(form.subject_edit, "رفتار نامناسب کارمند باجه")
        type_into(
            form.description_edit,
            "کارمند باجه‌ی شماره‌ی ۳ به پرسش‌های من پاسخ درستی نداد و مرا چند بار سر دواند.",
        )
        shot(entry, "entry-window", 500)
        close_dialog(entry)


# --------------------------------------------------------------------------- inspector


def inspector_pictures(office: Office) -> None:
    window = office.open_window("inspector")
    window.activate_page("referrals")
    overdue = window.page("referrals").overdue_tab
    overdue.table.setCurrentCell(0, 0)
    shot(window, "inspector-referrals")
    detail = overdue.open_complaint()
    if detail is None:
        return
    detail.resize(1100, 700)
    detail.tabs.setCurrentIndex(2)
    detail.case_tab.referrals_table.setCurrentCell(0, 0)
    shot(detail, "inspector-case")
    response = detail.case_tab.open_response()
    if response is not None:
        type_into(
            response.text_edit,
            "واحد اعلام کرد موضوع در دست بررسی است و نتیجه را تا پایان هفته اعلام می‌کند.",
        )
        type_into(response.number_edit, "۷۸۱۲/۱۴۰۵")
        shot(response, "inspector-response")
        close_dialog(response)
    close_dialog(detail)


# --------------------------------------------------------------------------- admin


def admin_pictures(office: Office) -> None:
    from app import backup
    from ui.pages.backup import BackupSettingsDialog
    from ui.wizard import SetupWizard

    wizard = SetupWizard()
    wizard.resize(760, 600)
    wizard.show()
    p1 = wizard.office_page
    type_into(p1.name_edit, "دفتر بازرسی و رسیدگی به شکایات استانداری هرمزگان")
    type_into(p1.code_edit, "0123")
    p1.province_combo.setCurrentIndex(max(0, p1.province_combo.findText("هرمزگان")))
    type_into(p1.county_edit, "بندرعباس")
    shot(wizard, "wizard-office")
    wizard.next()
    p2 = wizard.admin_page
    type_into(p2.username_edit, "admin")
    type_into(p2.full_name_edit, "سعید مرادی")
    type_into(p2.password_edit, "********")
    type_into(p2.repeat_edit, "********")
    shot(wizard, "wizard-admin")
    wizard.next()
    p3 = wizard.signer_page
    type_into(p3.signer_name_edit, "علی جهانگیری")
    type_into(p3.signer_title_edit, "مدیرکل بازرسی و رسیدگی به شکایات استانداری هرمزگان")
    type_into(p3.footer_edit, "بندرعباس، بلوار امام خمینی، ساختمان استانداری — تلفن ۰۷۶-۳۳۵۵۱۲۰۰")
    shot(wizard, "wizard-signer")
    wizard.next()
    shot(wizard, "wizard-lists")
    wizard.close()
    wizard.deleteLater()

    window = office.open_window("admin")
    admin = window.ctx.session
    window.activate_page("users")
    shot(window, "admin-users")
    users_page = window.page("users")
    dialog = users_page.open_add_dialog()
    type_into(dialog.username_edit, "rezaei")
    type_into(dialog.full_name_edit, "علی رضایی")
    dialog.role_combo.setCurrentIndex(0)
    type_into(dialog.password_edit, "********")
    type_into(dialog.repeat_edit, "********")
    shot(dialog, "user-dialog")
    close_dialog(dialog)

    window.activate_page("units")
    units_page = window.page("units")
    units_page.table.setCurrentCell(1, 0)
    shot(window, "admin-units")
    dialog = units_page.open_edit_dialog()
    if dialog is not None:
        shot(dialog, "unit-dialog")
        close_dialog(dialog)

    window.activate_page("categories")
    shot(window, "admin-categories")
    window.activate_page("boxes")
    window.page("boxes").table.setCurrentCell(0, 0)
    shot(window, "admin-boxes")

    window.activate_page("calendar")
    calendar_page = window.page("calendar")
    shot(window, "admin-calendar")
    dialog = calendar_page.open_close_dialog()
    type_into(dialog.note_edit, "آلودگی هوا")
    shot(dialog, "close-day-dialog")
    close_dialog(dialog)

    window.activate_page("letters")
    letters = window.page("letters")
    shot(window, "letters-letterhead")
    letters.show_section(letters.numbering_section)
    shot(window, "letters-numbering")
    letters.show_section(letters.templates_section)
    shot(window, "letters-templates")

    backups = office.folder / "backups-usb"
    backups.mkdir()
    backup.set_plan(admin, backups, 4, 10, None, change_passphrase=False)
    window.activate_page("backup")
    page = window.page("backup")
    page.refresh()
    page.back_up_now()
    wait_until(lambda: bool(backup.backups_in(backups)))
    wait(500)
    page.refresh()
    shot(window, "backup")
    dialog = BackupSettingsDialog(window, window.ctx, backup.plan())
    dialog.show()
    shot(dialog, "backup-settings")
    close_dialog(dialog)
    found = backup.backups_in(backups)
    _message_boxes.clear()
    page.confirm_restore(found[0].path)
    grab_message("restore-confirm")


# --------------------------------------------------------------------------- sync


def sync_pictures(office: Office) -> None:
    from app.central import service
    from app.central.models import open_central
    from app.sync import export, keys
    from ui.pages.sync import SyncSettingsDialog

    admin = office.session("admin")
    share = office.folder / "usb"
    share.mkdir()
    central = open_central(office.folder / "central.db")
    service.init_central(central, office.folder / "central.pub")
    keys.set_central_key(
        office.session("manager"), office.folder / "central.pub", confirmed_by=admin
    )
    keys.write_office_public_key(office.folder / "office.pub")
    service.enrol(central, office.folder / "office.pub")
    export.set_destination(admin, share)

    window = office.open_window("admin")
    window.activate_page("sync")
    dialog = SyncSettingsDialog(window.ctx, window)
    dialog.show()
    dialog.destination_edit.clear()
    type_into(dialog.destination_edit, "E:\\Dadras")  # as an admin types the USB drive's folder
    shot(dialog, "sync-settings")
    close_dialog(dialog)

    window = office.open_window("sync")
    window.activate_page("sync")
    page = window.page("sync")
    shot(window, "sync-before")
    done: list[object] = []
    page.exported.connect(done.append)
    page.export_now()
    wait_until(lambda: bool(done), 120_000)
    wait(300)
    shot(window, "sync-exported")
    (imported,) = service.import_packages(central, [done[0].path])
    page.import_from(imported.ack_path)
    wait(300)
    shot(window, "sync-acknowledged")
    central.close()


CHAPTERS: list[Callable[[Office], None]] = [
    index_pictures,
    clerk_pictures,
    manager_pictures,
    data_entry_pictures,
    inspector_pictures,
    admin_pictures,
    sync_pictures,
]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", nargs="*", default=[], help="retake only these pictures")
    args = parser.parse_args()
    _only.update(args.only)

    from PySide6.QtCore import qInstallMessageHandler

    from ui.application import create_application

    def quiet(_kind, _context, message: str) -> None:  # type: ignore[no-untyped-def]
        if "This plugin does not support" not in message:
            print(message, file=sys.stderr)

    qInstallMessageHandler(quiet)

    from ui import screen_fit

    started = time.monotonic()
    # Remembered window sizes neither come from nor go to the user's settings.
    screen_fit.use_settings_file(_SCREEN.with_name("windows.ini"))
    app = create_application([sys.argv[0]])
    record_message_boxes()
    IMAGES.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="dadras-") as folder:
        office = Office(Path(folder))
        for chapter in CHAPTERS:
            print(chapter.__name__)
            chapter(office)
        if office.window is not None:
            office.window.close()
        for widget in QApplication.topLevelWidgets():
            widget.close()
        wait(100)
        _close_database()
    print(f"{len(_taken)} pictures in {IMAGES} ({time.monotonic() - started:.0f} s)")
    del app
    return 0


def _close_database() -> None:
    try:
        from db.connection import database_proxy

        database_proxy.close()
    except Exception:  # the folder is removed anyway
        pass


if __name__ == "__main__":
    raise SystemExit(main())
