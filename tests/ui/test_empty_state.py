"""Empty lists say what to do next, and give the table back once there are rows."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QPushButton
from pytestqt.qtbot import QtBot

from app import boxes, jalali
from app.permissions import Role, Session
from tests.app.helpers import register
from ui.pages.backup import BackupPage
from ui.pages.box_entry import BoxEntryPage, OpeningDialog
from ui.pages.complaints import ComplaintsPage
from ui.pages.referrals_queue import ReferralsPage
from ui.pages.secretariat import SecretariatPage
from ui.pages.sync import SyncPage
from ui.widgets.empty_state import EmptyState
from ui.widgets.record_table import Column, RecordTable, RowsModel


@dataclass(frozen=True)
class Row:
    id: int
    name: str


def shows(empty: EmptyState, text: str) -> bool:
    """The sentence is on screen with ``text`` in it, the table is not."""
    return (
        empty.showing_message()
        and empty.label.isVisible()
        and text in empty.label.text()
        and not empty.view.isVisible()
    )


def shows_table(empty: EmptyState) -> bool:
    return not empty.showing_message() and empty.view.isVisible() and not empty.label.isVisible()


def test_the_sentence_stands_in_place_of_an_empty_table(qtbot: QtBot) -> None:
    model: RowsModel[Row] = RowsModel([Column("نام", lambda r: r.name)], lambda r: r.id)
    table = RecordTable(model, "rows")
    empty = EmptyState(table, "هنوز چیزی نیست. «افزودن…» را بزنید.", "add")
    qtbot.addWidget(empty)
    empty.show()
    qtbot.waitExposed(empty)
    assert shows(empty, "«افزودن…»")
    assert empty.findChild(QLabel, "emptyIcon").pixmap().isNull() is False
    model.set_rows([Row(1, "یک")])
    assert shows_table(empty)
    model.set_rows([])
    assert shows(empty, "«افزودن…»")
    empty.set_message("")  # nothing to say: the empty table itself
    assert shows_table(empty)
    empty.set_message("دوباره جستجو کنید.")
    assert shows(empty, "دوباره جستجو کنید.")


# --------------------------------------------------------------------------- box openings


def test_box_openings_say_who_adds_a_box_then_how_to_record_an_opening(
    qtbot, show_page, session_for, admin: Session
) -> None:
    clerk = session_for(Role.DATA_ENTRY)
    page = show_page(BoxEntryPage, clerk)
    assert shows(page.empty_state, "«صندوق‌های شکایات»")
    assert "مدیر سامانه" in page.empty_state.label.text()
    box = boxes.create_box(admin, "B-7", "ورودی ساختمان", 1)
    page.refresh()
    assert shows(page.empty_state, "«ثبت بازگشایی صندوق…»")
    assert "«وارد کردن تصاویر اسکن‌شده…»" in page.empty_state.label.text()
    members = (boxes.Member("علی رضایی", "بازرس"), boxes.Member("مریم موسوی", "کارشناس"))
    boxes.open_box(clerk, boxes.OpeningInput(box.id, jalali.today(), members, 2))
    page.refresh()
    assert shows_table(page.empty_state)
    assert page.table.rowCount() == 1


def test_recording_an_opening_with_no_box_says_how_to_get_one(
    qtbot, ui_context, session_for, admin: Session
) -> None:
    dialog = OpeningDialog(ui_context(session_for(Role.DATA_ENTRY)))
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    message = dialog.findChild(QLabel, "noBoxMessage")
    assert message.isVisible() and "«صندوق‌های شکایات»" in message.text()
    assert not dialog.box_combo.isVisible()
    assert not dialog.findChild(QPushButton, "okButton").isVisible()
    dialog.accept()
    assert dialog.opening is None and boxes.list_openings(admin) == []


# --------------------------------------------------------------------------- complaints


def test_the_complaints_of_a_new_office_say_where_to_register_the_first(
    qtbot, ui_context, type_text, session_for
) -> None:
    clerk = session_for(Role.CLERK)
    page = ComplaintsPage(ui_context(clerk))
    qtbot.addWidget(page)
    page.show()
    qtbot.waitUntil(lambda: page.model.searched())
    assert shows(page.empty_state, "«ثبت شکایت»")
    assert "\u2066Ctrl+N\u2069" in page.empty_state.label.text()
    assert "«بازگشایی صندوق‌ها»" not in page.empty_state.label.text()  # not a clerk's page
    register(clerk, subject="کیفیت پایین خدمات")
    page.refresh()
    assert shows_table(page.empty_state) and page.model.rowCount() == 1
    type_text(page.search_edit, "ناموجود")
    page.search()
    assert shows(page.empty_state, "شکایتی با این جستجو یافت نشد")
    page.search_edit.clear()
    page.search()
    assert shows_table(page.empty_state)


def test_who_may_not_register_is_told_where_complaints_come_from(
    qtbot, ui_context, admin: Session, session_for
) -> None:
    page = ComplaintsPage(ui_context(admin))
    qtbot.addWidget(page)
    page.show()
    qtbot.waitUntil(lambda: page.model.searched())
    assert shows(page.empty_state, "در پذیرش ثبت شود")
    manager = ComplaintsPage(ui_context(session_for(Role.MANAGER)))
    qtbot.addWidget(manager)
    manager.show()
    qtbot.waitUntil(lambda: manager.model.searched())
    assert shows(manager.empty_state, "«ثبت شکایت»")
    assert "«بازگشایی صندوق‌ها»" in manager.empty_state.label.text()


# --------------------------------------------------------------------------- backups


def test_backups_say_to_choose_a_folder_then_to_back_up(
    qtbot, show_page, admin: Session, tmp_path: Path
) -> None:
    from app import backup

    page = show_page(BackupPage, admin)
    assert shows(page.empty_state, "«تنظیمات…»")
    (tmp_path / "backups").mkdir()
    backup.set_plan(admin, tmp_path / "backups", 0, 3, None, change_passphrase=False)
    page.refresh()
    assert shows(page.empty_state, "«پشتیبان‌گیری اکنون»")
    assert "«تنظیمات…»" not in page.empty_state.label.text()
    qtbot.mouseClick(page.backup_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.task is None, timeout=20_000)
    assert shows_table(page.empty_state) and page.table.rowCount() == 1


# --------------------------------------------------------------------------- other lists


def test_the_referrals_register_and_packages_of_a_new_office(
    qtbot, show_page, type_text, session_for
) -> None:
    manager = session_for(Role.MANAGER)
    referrals = show_page(ReferralsPage, manager)
    overdue = referrals.findChild(EmptyState, "overdueTableEmpty")
    assert shows(overdue, "«ارسال نامه‌ی پیگیری»")
    register_page = show_page(SecretariatPage, manager)
    assert shows(register_page.empty_state, "هنوز نامه‌ای صادر نشده است")
    type_text(register_page.recipient_edit, "استانداری")
    register_page.search()  # a search that finds nothing says so beside the count
    assert shows_table(register_page.empty_state)
    qtbot.waitUntil(lambda: not register_page.counting())
    assert register_page.count_label.text() == "نامه‌ای یافت نشد"
    sync = show_page(SyncPage, manager)
    assert shows(sync.sent_empty, "«ارسال اکنون»")
