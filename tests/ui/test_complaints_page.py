"""The complaints page: searching as the clerk types, the lazy table and the detail window."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton, QToolButton
from pytestqt.qtbot import QtBot

from app import lookup
from app.errors import InvalidTrackingCode
from app.permissions import Role, Session
from app.persian import to_persian_digits
from app.tracking import format_tracking_code
from app.vocabulary import Identity
from tests.app.helpers import register
from ui.main_window import MainWindow
from ui.pages.complaint_detail import ComplaintDetailDialog
from ui.pages.complaints import ComplaintsModel, ComplaintsPage
from ui.printing import PdfPreviewDialog

CODE_COLUMN = ComplaintsModel.COLUMNS.index("tracking_code")
COMPLAINANT_COLUMN = ComplaintsModel.COLUMNS.index("complainant")
SUBJECT_COLUMN = ComplaintsModel.COLUMNS.index("subject")


def make_page(qtbot: QtBot, ui_context, session: Session) -> ComplaintsPage:
    page = ComplaintsPage(ui_context(session))
    qtbot.addWidget(page)
    page.resize(1146, 688)
    page.show()
    qtbot.waitExposed(page)
    return page


@pytest.fixture
def page(qtbot: QtBot, clerk: Session, ui_context) -> ComplaintsPage:
    return make_page(qtbot, ui_context, clerk)


def search(qtbot: QtBot, page: ComplaintsPage, type_text, text: str) -> None:
    page.search_edit.clear()
    type_text(page.search_edit, text)
    qtbot.keyClick(page.search_edit, Qt.Key.Key_Return)


def cell(page: ComplaintsPage, row: int, column: int) -> str:
    return str(page.model.index(row, column).data())


def test_tracking_code_typed_in_persian_digits_finds_the_complaint(
    qtbot: QtBot, clerk: Session, page: ComplaintsPage, type_text
) -> None:
    wanted = register(clerk, subject="پرونده‌ی مورد نظر")
    for number in range(3):
        register(clerk, subject=f"پرونده‌ی دیگر {number}")
    page.refresh()
    assert page.model.rowCount() == 4

    search(qtbot, page, type_text, to_persian_digits(wanted.tracking_code))

    assert page.model.rowCount() == 1
    assert cell(page, 0, CODE_COLUMN) == to_persian_digits(
        format_tracking_code(wanted.tracking_code)
    )
    assert cell(page, 0, SUBJECT_COLUMN) == "پرونده‌ی مورد نظر"
    assert page.count_label.text().startswith("۱")  # Persian digits
    assert "1" not in page.count_label.text()


def test_a_word_typed_with_arabic_letters_finds_persian_text(
    qtbot: QtBot, clerk: Session, page: ComplaintsPage, type_text
) -> None:
    register(clerk, subject="کیفیت پایین خدمات یارانه")
    register(clerk, subject="تأخیر در پاسخ")
    # ك (Arabic kaf) and ي (Arabic yeh), as an Arabic keyboard layout types them.
    search(qtbot, page, type_text, "\u0643\u064a\u0641\u064a\u062a")
    assert page.model.rowCount() == 1
    assert cell(page, 0, SUBJECT_COLUMN) == "کیفیت پایین خدمات یارانه"


def test_a_mistyped_code_says_it_is_not_valid(
    qtbot: QtBot, clerk: Session, page: ComplaintsPage, type_text
) -> None:
    code = register(clerk).tracking_code
    wrong = code[:-1] + str((int(code[-1]) + 1) % 10)
    search(qtbot, page, type_text, to_persian_digits(wrong))
    assert page.count_label.text() == InvalidTrackingCode().message
    assert page.model.rowCount() == 0


def test_nothing_found_is_not_an_error(
    qtbot: QtBot, clerk: Session, page: ComplaintsPage, type_text
) -> None:
    register(clerk)
    search(qtbot, page, type_text, "ناموجود")
    assert page.model.rowCount() == 0
    assert page.count_label.text() not in ("", InvalidTrackingCode().message)


def test_typing_searches_after_a_pause(
    qtbot: QtBot, clerk: Session, page: ComplaintsPage, type_text
) -> None:
    register(clerk, subject="کیفیت پایین خدمات")
    register(clerk, subject="تأخیر در پاسخ")
    page.refresh()
    type_text(page.search_edit, "تأخیر")
    qtbot.waitUntil(lambda: page.model.rowCount() == 1, timeout=3000)
    assert cell(page, 0, SUBJECT_COLUMN) == "تأخیر در پاسخ"


def test_the_model_fetches_pages_lazily_newest_first(
    qtbot: QtBot, clerk: Session, page: ComplaintsPage
) -> None:
    extra = 37
    for number in range(lookup.PAGE_SIZE + extra):
        register(clerk, subject=f"شکایت {number}")
    with qtbot.waitSignal(page.counted):  # counted on a worker thread
        page.refresh()
        assert page.count_label.text() == "در حال شمارش…"
    model = page.model
    assert page.count_label.text().startswith(to_persian_digits(lookup.PAGE_SIZE + extra))
    assert model.rowCount() == lookup.PAGE_SIZE
    assert model.canFetchMore()

    page.table.scrollToBottom()  # the view asks the model for more, like a user scrolling
    qtbot.waitUntil(lambda: model.rowCount() == lookup.PAGE_SIZE + extra)
    assert not model.canFetchMore()
    ids = [model.row_at(i).id for i in range(model.rowCount())]
    assert ids == sorted(ids, reverse=True) and len(set(ids)) == len(ids)
    assert model.row_at(0).subject == f"شکایت {lookup.PAGE_SIZE + extra - 1}"


def test_model_fetch_more_by_hand(clerk: Session, qtbot: QtBot) -> None:
    for number in range(5):
        register(clerk, subject=f"شکایت {number}")
    model = ComplaintsModel(clerk, page_size=2)
    model.set_query(lookup.Query())  # reads the first page
    assert model.rowCount() == 2 and model.canFetchMore() and not model.total_known()
    sizes = []
    while model.canFetchMore():
        model.fetchMore()
        sizes.append(model.rowCount())
    assert sizes == [4, 5]
    assert model.total_known()


def test_anonymous_and_confidential_complainants_are_labelled(
    qtbot: QtBot, clerk: Session, page: ComplaintsPage
) -> None:
    register(clerk, identity=Identity.NAMED, full_name="علی رضایی")
    register(clerk, identity=Identity.ANONYMOUS, full_name="")
    register(clerk, identity=Identity.CONFIDENTIAL, full_name="نام پنهان")
    page.refresh()
    shown = [cell(page, row, COMPLAINANT_COLUMN) for row in range(3)]
    assert shown == ["محرمانه", "بی‌نام", "علی رضایی"]
    assert "نام پنهان" not in shown


def test_enter_on_a_row_opens_its_details(
    qtbot: QtBot, clerk: Session, page: ComplaintsPage
) -> None:
    registered = register(clerk, subject="موضوع برای جزئیات")
    page.refresh()  # the first row is current after a search
    qtbot.keyClick(page.search_edit, Qt.Key.Key_Down)  # into the table
    assert page.table.hasFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_Return)
    dialogs = page.open_dialogs()
    assert len(dialogs) == 1
    dialog = dialogs[0]
    qtbot.addWidget(dialog)
    assert dialog.isVisible()
    assert dialog.detail.row.id == registered.complaint_id
    assert dialog.values["subject"].text() == "موضوع برای جزئیات"
    assert dialog.values["received_on"].text().isascii() is False
    assert dialog.values["national_code"].text() == to_persian_digits(
        dialog.detail.national_code or ""
    )
    history = dialog.history_table
    assert history.rowCount() == 1
    assert history.item(0, 1).text() == clerk.full_name  # a name, not a login
    assert history.item(0, 2).text() == "ثبت شکایت"
    shown = " ".join(label.text() for label in dialog.values.values())
    assert dialog.detail.uid not in shown and "version" not in dialog.values
    assert dialog.findChild(QPushButton, "printReceiptButton") is not None
    dialog.close()
    assert page.open_dialogs() == []


def test_double_click_on_a_row_opens_its_details(
    qtbot: QtBot, clerk: Session, page: ComplaintsPage
) -> None:
    register(clerk, subject="اولی")
    second = register(clerk, subject="دومی")
    page.refresh()
    rect = page.table.visualRect(page.model.index(0, SUBJECT_COLUMN))
    # A real double click is press, release, double-click: QTest needs the first click too.
    qtbot.mouseClick(page.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert page.open_dialogs() == []  # one click only selects
    qtbot.mouseDClick(page.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    dialogs = page.open_dialogs()
    assert [d.detail.row.id for d in dialogs] == [second.complaint_id]
    for dialog in dialogs:
        qtbot.addWidget(dialog)


def test_details_hide_a_confidential_identity_from_a_clerk(
    qtbot: QtBot, clerk: Session, session_for, ui_context
) -> None:
    registered = register(clerk, identity=Identity.CONFIDENTIAL, full_name="نام پنهان")
    inspector = session_for(Role.INSPECTOR)

    clerk_view = ComplaintDetailDialog(
        ui_context(clerk), lookup.detail(clerk, registered.complaint_id)
    )
    qtbot.addWidget(clerk_view)
    assert clerk_view.findChild(type(clerk_view.values["kind"]), "identityNote") is not None
    assert "full_name" not in clerk_view.values and "national_code" not in clerk_view.values

    inspector_view = ComplaintDetailDialog(
        ui_context(inspector), lookup.detail(inspector, registered.complaint_id)
    )
    qtbot.addWidget(inspector_view)
    assert inspector_view.values["full_name"].text() == "نام پنهان"
    # An inspector may not print receipts: no button.
    assert inspector_view.print_button is None


def test_a_failing_page_fetch_is_reported_not_raised(
    qtbot: QtBot, clerk: Session, page: ComplaintsPage, monkeypatch, message_boxes
) -> None:
    register(clerk)

    def broken(*_args: object) -> list[object]:
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(lookup, "page", broken)
    page.refresh()
    assert page.model.rowCount() == 0 and not page.model.canFetchMore()
    qtbot.waitUntil(lambda: len(message_boxes) == 1)
    assert message_boxes[0].objectName() == "unexpectedErrorBox"


# --------------------------------------------------------------------------- fitting the window


def complaints_in_window(qtbot: QtBot, ui_context, session: Session, size: tuple[int, int]):
    """The real complaints page in the main window at ``size`` (960 x 600 is the minimum)."""
    window = MainWindow(ui_context(session))
    qtbot.addWidget(window)
    window.resize(*size)
    window.show()
    qtbot.waitExposed(window)
    page = window.show_page("complaints")
    assert isinstance(page, ComplaintsPage)
    qtbot.waitUntil(lambda: page.table.viewport().width() < window.width() - 200)
    qtbot.waitUntil(lambda: page.model.rowCount() > 0)  # read just after the page paints
    return page


def register_long_names(clerk: Session) -> None:
    for number in range(25):
        register(
            clerk,
            full_name="محمدرضا عبداللهی‌نژاد خراسانی",
            subject=f"کیفیت پایین خدمات یارانه و تأخیر طولانی در پرداخت مطالبات {number}",
        )


def visible_columns(page: ComplaintsPage) -> list[int]:
    """The columns wholly inside the table's viewport, as the user sees them."""
    header = page.table.horizontalHeader()
    width = page.table.viewport().width()
    return [
        column
        for column in range(header.count())
        if header.sectionViewportPosition(column) >= 0
        and header.sectionViewportPosition(column) + header.sectionSize(column) <= width
    ]


@pytest.mark.parametrize("size", [(960, 600), (1366, 768)])
def test_every_column_is_on_screen(
    qtbot: QtBot, ui_context, clerk: Session, session_for, size: tuple[int, int]
) -> None:
    register_long_names(clerk)
    page = complaints_in_window(qtbot, ui_context, session_for(Role.MANAGER), size)
    assert page.model.rowCount() == 25
    assert visible_columns(page) == list(range(len(ComplaintsModel.COLUMNS)))
    assert not page.table.horizontalScrollBar().isVisible()
    header = page.table.horizontalHeader()
    code_width = page.table.fontMetrics().horizontalAdvance(cell(page, 0, CODE_COLUMN))
    assert header.sectionSize(CODE_COLUMN) > code_width  # the code is never cut
    assert header.sectionSize(SUBJECT_COLUMN) >= 110
    if size == (1366, 768):  # room enough: the subject gets the largest share
        assert header.sectionSize(SUBJECT_COLUMN) == max(
            header.sectionSize(c) for c in range(header.count())
        )


def test_a_column_the_user_widens_keeps_its_width(
    qtbot: QtBot, ui_context, clerk: Session, session_for
) -> None:
    register_long_names(clerk)
    page = complaints_in_window(qtbot, ui_context, session_for(Role.MANAGER), (1366, 768))
    header = page.table.horizontalHeader()
    header.resizeSection(COMPLAINANT_COLUMN, 300)  # as a drag on the header does
    page.window().resize(1200, 700)
    qtbot.waitUntil(lambda: page.window().width() == 1200)
    page.refresh()
    assert header.sectionSize(COMPLAINANT_COLUMN) == 300


def test_the_history_has_the_dialog_to_itself(
    qtbot: QtBot, clerk: Session, session_for, ui_context
) -> None:
    registered = register(clerk)
    manager = session_for(Role.MANAGER)
    dialog = ComplaintDetailDialog(
        ui_context(manager), lookup.detail(manager, registered.complaint_id)
    )
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    tabs = dialog.tabs
    assert [tabs.tabText(i) for i in range(tabs.count())] == [
        "جزئیات",
        "تاریخچه (۱)",
        "ارجاع‌ها و نامه‌ها",
        "اقدام‌ها (۰)",
    ]
    assert tabs.currentIndex() == 0 and dialog.values["subject"].isVisible()
    tabs.setCurrentWidget(dialog.history_table)
    history = dialog.history_table
    assert history.isVisible()
    # At the dialog's default size at least ten entries show without scrolling.
    assert history.viewport().height() >= 10 * history.rowHeight(0)


def test_print_receipt_from_the_details_shows_the_preview(
    qtbot: QtBot, clerk: Session, ui_context
) -> None:
    registered = register(clerk)
    dialog = ComplaintDetailDialog(ui_context(clerk), lookup.detail(clerk, registered.complaint_id))
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.print_button is not None and dialog.print_button.text() == "چاپ رسید…"
    qtbot.mouseClick(dialog.print_button, Qt.MouseButton.LeftButton)
    preview = dialog.findChild(PdfPreviewDialog)
    assert preview is not None and preview.isVisible()
    assert preview.document.pageCount() == 1
    assert preview.file_name == f"رسید-{registered.tracking_code}.pdf"

    # The preview zooms: in with its button or Ctrl+wheel, back to the whole page with Ctrl+0.
    from PySide6.QtPdfWidgets import QPdfView

    assert preview.view.zoomMode() == QPdfView.ZoomMode.FitInView
    fitted = preview._current_zoom()
    zoom_in = preview.findChild(QToolButton, "zoomInButton")
    assert zoom_in is not None
    qtbot.mouseClick(zoom_in, Qt.MouseButton.LeftButton)
    assert preview.view.zoomMode() == QPdfView.ZoomMode.Custom
    assert preview.view.zoomFactor() > fitted
    assert preview.zoom_label.text().endswith("٪") and preview.zoom_label.text()[0] in "۰۱۲۳۴۵۶۷۸۹"
    preview.fit_page()
    assert (
        preview.view.zoomMode() == QPdfView.ZoomMode.FitInView and preview.zoom_label.text() == ""
    )


def test_the_list_shows_a_referral_made_in_the_complaints_window(
    qtbot: QtBot, session_for, ui_context
) -> None:
    from app import lists, referrals
    from app.referrals import ReferralRequest

    manager = session_for(Role.MANAGER)
    registered = register(manager, subject="ارجاع از پنجره")
    page = make_page(qtbot, ui_context, manager)
    page.refresh()
    status = ComplaintsModel.COLUMNS.index("status")
    assert cell(page, 0, status) == "ثبت‌شده"
    dialog = page.open_complaint(registered.complaint_id)
    assert dialog is not None
    qtbot.addWidget(dialog)
    unit = lists.list_units(manager)[0].id
    referrals.refer(manager, ReferralRequest(registered.complaint_id, (unit,)))
    dialog.reload()  # what the window does after each action taken in it
    assert cell(page, 0, status) == "ارجاع‌شده"  # not only after searching again
    dialog.close()
