"""The backups page, the automatic backup and the user guide window, as an admin uses them."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QPushButton
from pytestqt.qtbot import QtBot

from app import backup
from app.permissions import Role, Session
from db.models import Complaint
from tests.app.helpers import register
from tests.ui.conftest import type_into
from ui.backup_scheduler import BackupScheduler
from ui.guide import GuideWindow
from ui.pages.backup import BackupPage, BackupSettingsDialog
from ui.pages.sync import ltr

PASSPHRASE = "یک گذرواژه‌ی بلند"


@pytest.fixture
def page(show_page, admin: Session) -> BackupPage:
    return show_page(BackupPage, admin)  # type: ignore[no-any-return]


def settle(qtbot: QtBot, page: BackupPage) -> None:
    qtbot.waitUntil(lambda: page.task is None, timeout=20_000)


def set_up(qtbot: QtBot, page: BackupPage, folder: Path, passphrase: str = "") -> None:
    folder.mkdir(parents=True, exist_ok=True)
    dialog = BackupSettingsDialog(page, page.ctx, page.plan)
    qtbot.addWidget(dialog)
    dialog.folder_edit.setText(str(folder))
    dialog.every_spin.setValue(24)
    dialog.keep_spin.setValue(3)
    if passphrase:
        dialog.change_box.setChecked(True)
        type_into(dialog.passphrase_edit, passphrase)
        type_into(dialog.again_edit, passphrase)
    dialog.save()
    assert dialog.result() == QDialog.DialogCode.Accepted
    page.refresh()


def test_settings_then_a_backup_listed_on_the_page(
    qtbot: QtBot, page: BackupPage, tmp_path: Path
) -> None:
    assert page.values["folderValue"].text() == "تعیین نشده"
    set_up(qtbot, page, tmp_path / "backups", PASSPHRASE)
    assert str(tmp_path / "backups") in page.values["folderValue"].text()
    assert page.values["automaticValue"].text() == "هر ۲۴ ساعت"
    assert page.values["encryptionValue"].text() == "با گذرواژه"
    qtbot.mouseClick(page.backup_button, Qt.MouseButton.LeftButton)
    settle(qtbot, page)
    assert page.table.rowCount() == 1
    assert page.table.item(0, 2).text() == "بله"
    (made,) = backup.backups_in(tmp_path / "backups")
    assert made.encrypted and "پشتیبان گرفته شد" in page.result_label.text()


def test_a_copy_made_into_a_chosen_folder_is_listed_at_once(
    qtbot: QtBot, page: BackupPage, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No backup folder yet: «Back up now» asks for a folder, and the list then shows the
    copy just made there, under a title naming that folder."""
    usb = tmp_path / "usb"
    usb.mkdir()
    monkeypatch.setattr("ui.widgets.file_dialog.existing_directory", lambda *args, **kw: str(usb))
    assert page.table.rowCount() == 0 and not page.table.isVisible()
    qtbot.mouseClick(page.backup_button, Qt.MouseButton.LeftButton)
    settle(qtbot, page)
    (made,) = backup.backups_in(usb)
    assert page.table.isVisible() and page.table.rowCount() == 1
    assert page.model.row_at(0).path == made.path
    assert page.table.selected_id() == hash(str(made.path))  # the new copy, selected
    assert page.list_title.text() == "نسخه‌های پشتیبان این دفتر در پوشه‌ی " + ltr(str(usb))
    assert page.values["folderValue"].text() == "تعیین نشده"  # a one-off copy: no setting changed


def test_the_new_copy_tops_the_list_and_a_chosen_folder_shows_its_copies(
    qtbot: QtBot, page: BackupPage, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    set_up(qtbot, page, tmp_path / "first")
    older = backup.make_backup(tmp_path / "first")
    page.refresh()
    assert page.table.rowCount() == 1
    qtbot.mouseClick(page.backup_button, Qt.MouseButton.LeftButton)
    settle(qtbot, page)
    newest = backup.backups_in(tmp_path / "first")[0]
    assert newest.path != older.path
    assert page.table.rowCount() == 2
    assert page.model.row_at(0).path == newest.path
    assert page.table.selected_id() == hash(str(newest.path))

    other = tmp_path / "other"
    other.mkdir()
    kept = [backup.make_backup(other) for _ in range(3)]
    monkeypatch.setattr("ui.widgets.file_dialog.existing_directory", lambda *args, **kw: str(other))
    monkeypatch.setattr(BackupSettingsDialog, "exec", _choose_and_save)
    qtbot.mouseClick(page.settings_button, Qt.MouseButton.LeftButton)
    assert str(other) in page.values["folderValue"].text()
    assert page.list_title.text() == "نسخه‌های پشتیبان این دفتر در پوشه‌ی " + ltr(str(other))
    assert {made.path for made in page.model.rows()} == {made.path for made in kept}


def _choose_and_save(dialog: BackupSettingsDialog) -> int:
    """The admin presses «Choose…», picks a folder, then «Save»."""
    dialog.findChild(QPushButton, "browseButton").click()
    dialog.save()
    return dialog.result()


def test_the_passphrases_must_match_and_never_reach_the_audit_log(
    qtbot: QtBot, page: BackupPage, tmp_path: Path
) -> None:
    from db.models import AuditEvent

    dialog = BackupSettingsDialog(page, page.ctx, page.plan)
    qtbot.addWidget(dialog)
    dialog.change_box.setChecked(True)
    type_into(dialog.passphrase_edit, PASSPHRASE)
    type_into(dialog.again_edit, "چیز دیگری")
    dialog.save()
    assert dialog.result() != QDialog.DialogCode.Accepted
    assert dialog.errors.label("passphrase").text() == "دو گذرواژه یکی نیستند."
    set_up(qtbot, page, tmp_path, PASSPHRASE)
    assert not [e for e in AuditEvent.select() if PASSPHRASE in (e.after or "")]


def test_a_restore_asks_first_and_brings_the_backup_back(
    qtbot: QtBot,
    page: BackupPage,
    session_for,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    manager = session_for(Role.MANAGER)
    register(manager)
    set_up(qtbot, page, tmp_path, PASSPHRASE)
    made = backup.make_backup(tmp_path, PASSPHRASE)
    register(manager)
    assert Complaint.select().count() == 2
    monkeypatch.setattr(page, "confirm_restore", lambda path: False)
    page.restore_file(made.path)
    assert page.task is None and Complaint.select().count() == 2  # declined: nothing done
    monkeypatch.setattr(page, "confirm_restore", lambda path: True)
    monkeypatch.setattr(page, "ask_passphrase", lambda: PASSPHRASE)
    monkeypatch.setattr("PySide6.QtWidgets.QMessageBox.information", lambda *args: None)
    with qtbot.waitSignal(page.restored, timeout=20_000):
        page.restore_file(made.path)
    assert Complaint.select().count() == 1


def test_the_automatic_backup_runs_when_due(qtbot: QtBot, page: BackupPage, tmp_path: Path) -> None:
    set_up(qtbot, page, tmp_path / "auto")
    now = dt.datetime(2026, 11, 23, 8, 0, tzinfo=dt.UTC)
    scheduler = BackupScheduler(clock=lambda: now)
    with qtbot.waitSignal(scheduler.backed_up, timeout=20_000):
        scheduler.tick()
    qtbot.waitUntil(lambda: scheduler.task is None)
    assert len(backup.backups_in(tmp_path / "auto")) == 1
    assert backup.last_automatic() == now
    scheduler.tick()  # a day has not passed
    assert scheduler.task is None
    now += dt.timedelta(hours=24)
    with qtbot.waitSignal(scheduler.backed_up, timeout=20_000):
        scheduler.tick()
    qtbot.waitUntil(lambda: scheduler.task is None)


def test_the_user_guide_opens_its_chapters(qtbot: QtBot, tmp_path: Path) -> None:
    (tmp_path / "index.md").write_text("# راهنمای دادرس\n\n[ثبت شکایت](clerk.md)\n")
    (tmp_path / "clerk.md").write_text("# ثبت شکایت در پیشخوان\n\nمتن فصل.\n")
    window = GuideWindow(None, tmp_path)
    qtbot.addWidget(window)
    assert "راهنمای دادرس" in window.browser.toPlainText()
    window.browser.setSource(window.browser.source().resolved("clerk.md"))
    assert "ثبت شکایت در پیشخوان" in window.browser.toPlainText()
    assert window.back_button.isEnabled()
    window.contents_button.click()
    assert "راهنمای دادرس" in window.browser.toPlainText()
    missing = GuideWindow(None, tmp_path / "nowhere")
    qtbot.addWidget(missing)
    assert "پیدا نشد" in missing.browser.toPlainText()
