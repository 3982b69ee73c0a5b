"""The "Send to central" page, its settings dialog, and the scheduler behind the reminder."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt, QTime
from PySide6.QtWidgets import QLabel, QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from app import lookup, office
from app.central import service
from app.central.models import open_central
from app.central.outbound import send_complaints
from app.permissions import Role, Session
from app.persian import ltr
from app.sync import export, keys
from app.sync.export import Schedule
from db.models import Complaint, ExportPackage
from tests.app.helpers import register
from tests.ui.bidi import mirrored, visual_order
from ui.pages.complaint_detail import ComplaintDetailDialog
from ui.pages.sync import KeyChangeDialog, SyncPage, SyncSettingsDialog, size_text
from ui.sync_scheduler import ExportScheduler


@pytest.fixture
def manager(session_for) -> Session:
    return session_for(Role.MANAGER)  # type: ignore[no-any-return]


@pytest.fixture
def share(tmp_path: Path, admin: Session) -> Path:
    folder = tmp_path / "share"
    folder.mkdir()
    export.set_destination(admin, folder)
    return folder


def cells(table: Any, row: int) -> list[str]:
    return [table.item(row, column).text() for column in range(table.columnCount())]


def test_without_settings_the_page_reminds_and_export_is_refused(
    show_page, manager: Session, message_boxes: list[QMessageBox], qtbot: QtBot
) -> None:
    page: SyncPage = show_page(SyncPage, manager)
    reminders = page.reminder_label.text().split("\n")
    assert reminders[0].startswith("کلید عمومی سامانه‌ی مرکزی تنظیم نشده")
    assert reminders[1].startswith("پوشه‌ی مقصد ارسال")
    # the manager cannot set them: each says whom to ask
    assert all(line.endswith("به مدیر سامانه خبر دهید.") for line in reminders[:2])
    assert page.values["destinationValue"].text() == "تنظیم نشده"
    assert not page.settings_button.isVisible()  # the admin's
    qtbot.mouseClick(page.export_button, Qt.MouseButton.LeftButton)
    assert message_boxes[-1].text() == (
        "پوشه‌ی مقصد تنظیم نشده است. مدیر سامانه آن را در صفحه‌ی «ارسال به مرکز»، با دکمه‌ی "
        "«تنظیمات…»، در کادر «پوشه‌ی مقصد» تعیین می‌کند."
    )
    assert not ExportPackage.select().exists()


def test_the_admin_is_told_which_button_and_field_set_the_destination(
    show_page, admin: Session, message_boxes: list[QMessageBox], qtbot: QtBot
) -> None:
    page: SyncPage = show_page(SyncPage, admin)
    qtbot.mouseClick(page.export_button, Qt.MouseButton.LeftButton)
    text = message_boxes[-1].text()
    assert text.startswith("پوشه‌ی مقصد تنظیم نشده است. در همین صفحه «تنظیمات…» را بزنید")
    assert f"«{page.settings_button.text()}»" in text  # the button's own words
    dialog = SyncSettingsDialog(page.ctx, page)
    qtbot.addWidget(dialog)
    field = dialog.findChild(QWidget, "destinationEdit")
    (label,) = [
        title
        for title in dialog.findChildren(QLabel)
        if title.buddy() is not None
        and (title.buddy() is field or title.buddy().isAncestorOf(field))
    ]
    assert f"«{label.text()}»" in text  # and the field's label in the settings dialog
    assert not ExportPackage.select().exists()


def test_an_unplugged_destination_is_named_left_to_right(
    show_page, admin: Session, tmp_path: Path
) -> None:
    """The folder's path is kept whole inside the Persian reminder and status (an isolate),
    so /…/drive/outbox is shown as such, not as …/drive/outbox/ with its slash moved."""
    folder = tmp_path / "drive" / "outbox"
    export.set_destination(admin, folder)
    page: SyncPage = show_page(SyncPage, admin)
    [line] = [t for t in page.reminder_label.text().split("\n") if "پوشه‌ی مقصد" in t]
    assert f"«{ltr(folder)}»" in line
    assert f"»{folder}«" in visual_order(line)  # the quotes mirrored, the path as written
    status = page.values["destinationValue"].text()
    assert status == f"{ltr(folder)} (در دسترس نیست)"
    assert visual_order(status) == f"{mirrored('(در دسترس نیست)')} {folder}"


def test_export_now_import_the_ack_and_central_complaints(
    show_page,
    manager: Session,
    enrolled_central: Any,
    share: Path,
    tmp_path: Path,
    qtbot: QtBot,
    message_boxes: list[QMessageBox],
) -> None:
    register(manager)
    page: SyncPage = show_page(SyncPage, manager)
    assert page.reminder_label.isHidden()
    pending = int(page.status.pending) if page.status else 0
    assert pending > 0
    with qtbot.waitSignal(page.exported, timeout=30_000) as caught:
        qtbot.mouseClick(page.export_button, Qt.MouseButton.LeftButton)
    result = caught.args[0]
    assert result.path.exists() and result.path.parent == share
    assert "بسته‌ی ۱ نوشته و بررسی شد" in page.result_label.text()
    row = cells(page.sent_table, 0)
    assert row[0] == "۱" and row[3] == size_text(result.size) and row[4] == result.sha256[:16]
    assert row[6] == "بله" and row[7] == "در انتظار"
    assert "شکایت " in page.sent_table.item(0, 2).toolTip()
    # the destination and the file's whole path read as written, not with their slashes moved
    assert visual_order(row[5]) == str(share)
    assert visual_order(page.sent_table.item(0, 5).toolTip()) == str(result.path)

    (imported,) = service.import_packages(enrolled_central, [result.path])
    page.import_from(imported.ack_path)
    assert "مرکز بسته‌ی ۱ را دریافت کرد" in page.result_label.text()
    assert cells(page.sent_table, 0)[7] != "در انتظار"
    assert page.values["pendingValue"].text() == "۰"

    calls = tmp_path / "calls.jsonl"
    line = {
        "external_ref": "111-7",
        "received_on": "2026-03-01",
        "identity": "anonymous",
        "subject": "گزارش",
        "description": "شرح",
        "unit": "شهرداری",
        "category": "سایر",
    }
    calls.write_text(json.dumps(line, ensure_ascii=False) + "\n", "utf-8")
    package = send_complaints(enrolled_central, 123, calls, share).path
    page.import_from(package)
    assert page.result_label.text().startswith("بسته‌ی ۱ مرکز: ۱ شکایت ثبت شد.")  # no «۰ …»
    assert page.result_icon.isVisible() and not page.result_icon.pixmap().isNull()
    assert not [box for box in message_boxes if box.icon() == QMessageBox.Icon.Warning]
    assert cells(page.received_table, 0)[:4] == ["۱", cells(page.received_table, 0)[1], "۱", "۰"]
    arrived = Complaint.get(Complaint.external_ref == "111-7")
    dialog = ComplaintDetailDialog(page.ctx, lookup.detail(manager, int(arrived.id)))
    qtbot.addWidget(dialog)
    assert dialog.values["channel"].text() == "سامانه مرکزی"
    assert "۱۱۱-۷" in dialog.values["external_ref"].text()

    page.import_from(tmp_path / "calls.jsonl")  # not a file from central: a clear refusal
    assert message_boxes and "رسید" in message_boxes[-1].text()


def test_admin_sets_destination_schedule_and_keys(
    qtbot: QtBot,
    ui_context,
    admin: Session,
    session_for,
    tmp_path: Path,
    type_text,
    message_boxes: list[QMessageBox],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    dialog = SyncSettingsDialog(ui_context(admin))
    qtbot.addWidget(dialog)
    dialog.show()
    type_text(dialog.destination_edit, str(tmp_path / "no-such-drive"))
    dialog.save()
    assert "وجود ندارد" in dialog.errors.label("destination").text()
    assert export.destination() is None  # nothing saved

    dialog.destination_edit.setText(str(tmp_path))
    dialog.schedule_combo.setCurrentIndex(SyncSettingsDialog.DAILY)
    assert dialog.time_edit.isVisible() and not dialog.days_spin.isVisible()
    dialog.time_edit.setTime(QTime(18, 30))
    dialog.save()
    assert export.destination() == tmp_path
    assert export.schedule() == Schedule(at=dt.time(18, 30))
    dialog.schedule_combo.setCurrentIndex(SyncSettingsDialog.EVERY)
    dialog.days_spin.setValue(3)
    dialog.save()
    assert export.schedule() == Schedule(every_days=3)
    dialog.schedule_combo.setCurrentIndex(SyncSettingsDialog.NONE)
    dialog.save()
    assert export.schedule() is None

    (tmp_path / "bad.pub").write_text("{}", "utf-8")
    dialog.load_central_key(tmp_path / "bad.pub")
    assert "کلید" in message_boxes[-1].text() and keys.central_keys() is None
    db = open_central(tmp_path / "central.db")
    found = service.init_central(db, tmp_path / "central.pub")
    db.close()
    monkeypatch.setattr(KeyChangeDialog, "exec", confirm_as(session_for(Role.MANAGER), admin))
    dialog.load_central_key(tmp_path / "central.pub")
    assert found.fingerprint in dialog.central_label.text()

    dialog.save_office_key(tmp_path / "office.pub")
    body = json.loads((tmp_path / "office.pub").read_text("utf-8"))
    assert body["fingerprint"] == keys.office_public_keys().fingerprint
    assert body["fingerprint"] in dialog.office_label.text()


def confirm_as(first: Session, second: Session) -> Any:
    """A stand-in for KeyChangeDialog.exec that fills the two people in and presses Set."""
    from tests.conftest import ADMIN_PASSWORD, USER_PASSWORD

    def password(session: Session) -> str:
        return ADMIN_PASSWORD if session.username == "admin" else USER_PASSWORD

    def fill_and_press(box: Any) -> int:
        box.manager_edit.setText(first.username)
        box.manager_password.setText(password(first))
        box.second_edit.setText(second.username)
        box.second_password.setText(password(second))
        box.change()
        return int(box.result())

    return fill_and_press


def test_changing_the_central_key_takes_a_manager_and_a_second_person(
    qtbot: QtBot,
    ui_context,
    admin: Session,
    session_for,
    tmp_path: Path,
    type_text,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from tests.conftest import ADMIN_PASSWORD, USER_PASSWORD

    manager, clerk = session_for(Role.MANAGER), session_for(Role.CLERK)
    for name in ("first", "second"):
        db = open_central(tmp_path / f"{name}.db")
        service.init_central(db, tmp_path / f"{name}.pub")
        db.close()
    dialog = SyncSettingsDialog(ui_context(admin))
    qtbot.addWidget(dialog)
    dialog.show()
    # The first time too: the administrator alone is refused, a manager with a second person
    # sets it.
    monkeypatch.setattr(KeyChangeDialog, "exec", confirm_as(admin, manager))
    dialog.load_central_key(tmp_path / "first.pub")
    assert keys.central_keys() is None
    monkeypatch.setattr(KeyChangeDialog, "exec", confirm_as(manager, admin))
    dialog.load_central_key(tmp_path / "first.pub")
    first = keys.central_keys()
    assert first is not None
    assert f"به دست {manager.username}، با تأیید {admin.username}" in dialog.central_label.text()

    attempts = [
        (admin.username, ADMIN_PASSWORD, manager.username, USER_PASSWORD),  # not a manager
        (manager.username, USER_PASSWORD, manager.username, USER_PASSWORD),  # no second person
        (manager.username, USER_PASSWORD, clerk.username, USER_PASSWORD),  # not a manager/admin
        (manager.username, "wrong", admin.username, ADMIN_PASSWORD),  # a wrong password
        (manager.username, USER_PASSWORD, admin.username, ADMIN_PASSWORD),  # as it should be
    ]
    seen: list[str] = []

    def fill_and_press(box: KeyChangeDialog) -> int:
        assert (
            ltr(keys.key_file_fingerprint(tmp_path / "second.pub")) in box.findChild(QLabel).text()
        )
        for values in attempts:
            for edit, value in zip(
                (box.manager_edit, box.manager_password, box.second_edit, box.second_password),
                values,
                strict=True,
            ):
                edit.setText(value)
            box.change()
            seen.append(box.errors.general.text())
        return int(box.result())

    monkeypatch.setattr(KeyChangeDialog, "exec", fill_and_press)
    dialog.load_central_key(tmp_path / "second.pub")
    assert all(seen[:4]) and seen[4] == ""
    assert "مدیر دفتر" in seen[0] and "نادرست" in seen[3]
    changed = keys.central_keys()
    assert changed is not None and changed.fingerprint != first.fingerprint
    assert f"به دست {manager.username}، با تأیید {admin.username}" in dialog.central_label.text()


def test_the_scheduler_exports_when_due_and_reminds_when_it_cannot(
    qtbot: QtBot, manager: Session, admin: Session, enrolled_central: Any, share: Path
) -> None:
    register(manager)
    export.set_schedule(admin, Schedule(every_days=1))
    now = dt.datetime.now(dt.UTC)
    scheduler = ExportScheduler(clock=lambda: now)
    with qtbot.waitSignal(scheduler.exported, timeout=30_000) as caught:
        scheduler.tick()
    assert caught.args[0].sequence == 1
    assert ExportPackage.select().count() == 1

    # A day later with new changes and the drive unplugged: a reminder, no export.
    register(manager)
    later = now + dt.timedelta(days=1, minutes=1)
    scheduler.clock = lambda: later
    share.rename(share.with_name("unplugged"))
    with qtbot.waitSignal(scheduler.reminders_changed) as reminded:
        scheduler.tick()
    texts = reminded.args[0]
    assert any("در دسترس نیست" in text for text in texts)
    assert any("عقب افتاده" in text for text in texts)
    assert scheduler.task is None and ExportPackage.select().count() == 1


def test_the_scheduler_never_raises_when_the_database_cannot_be_read(
    qtbot: QtBot,
    manager: Session,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    from app.sync import status

    def unreachable(_now: object, **_options: object) -> object:
        raise OSError("the server has gone away")

    monkeypatch.setattr(status, "sync_status", unreachable)
    scheduler = ExportScheduler()
    with qtbot.waitSignal(scheduler.reminders_changed) as reminded:
        scheduler.tick()  # a timer's slot: nothing may escape into Qt's event loop
    assert reminded.args[0] and "پایگاه داده" in reminded.args[0][0]
    assert scheduler.task is None
    assert "OSError" in caplog.text and "gone away" not in caplog.text  # logged, no details
    scheduler.stop()


def test_the_main_window_shows_the_reminder_to_those_who_export(
    ui_context, qtbot: QtBot, manager: Session, session_for
) -> None:
    from ui.main_window import MainWindow

    window = MainWindow(ui_context(manager))
    qtbot.addWidget(window)
    window.show()
    window.scheduler.tick()
    assert window.reminder_button.isVisible()
    assert "کلید عمومی" in window.reminder_button.text()
    assert "به مدیر سامانه خبر دهید" in window.reminder_button.toolTip() + (
        window.reminder_button.text()
    )
    qtbot.mouseClick(window.reminder_button, Qt.MouseButton.LeftButton)
    assert window.current_page_key() == "sync"

    clerk_window = MainWindow(ui_context(session_for(Role.CLERK)))
    qtbot.addWidget(clerk_window)
    clerk_window.show()
    clerk_window.scheduler.tick()
    assert not clerk_window.reminder_button.isVisible()
    assert office.office_info() is not None
