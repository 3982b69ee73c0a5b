"""The one declared list of settings: every key the office writes is on it, an unknown key is
refused, the typed readers fall back to the declared default, and a secret never reaches the
audit log."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from app import backup, letterhead, office_calendar, settings
from app.cli_session import create_job_credential
from app.permissions import Role, Session
from app.settings import UnknownSetting
from app.sync import export, keys
from db.models import AuditEvent, Setting
from tests.app.helpers import central_key_file


def test_every_setting_an_office_writes_is_declared(
    admin: Session, session_for: object, tmp_path: Path
) -> None:
    manager = session_for(Role.MANAGER)  # type: ignore[operator]
    folder = tmp_path / "usb"
    folder.mkdir()
    keys.set_central_key(manager, central_key_file(tmp_path / "central.pub"), confirmed_by=admin)
    export.set_destination(admin, folder)
    export.set_schedule(admin, export.Schedule(every_days=2))
    backup.set_plan(admin, folder, 24, 5, "گذرواژه‌ی پشتیبان", change_passphrase=True)
    backup.make_backup(folder)
    office_calendar.set_thursday_closed(admin, False)
    letterhead.set_default_deadline_days(admin, 12)
    create_job_credential(admin, "backup")
    written = [str(row.key) for row in Setting.select()]
    assert len(written) > 15
    for key in written:
        settings.declared(key)  # raises for a key not on the list


def test_an_unknown_key_is_refused_both_ways(admin: Session) -> None:
    with pytest.raises(UnknownSetting):
        settings.read("backup.folders")
    with pytest.raises(UnknownSetting):
        settings.store("letters.templat.referral", "x")
    with pytest.raises(UnknownSetting):
        settings.change(admin, "nobody.reads.this", "x")
    assert settings.declared("letters.template.referral").key == "letters.template.*"
    with pytest.raises(UnknownSetting):
        settings.declared("letters.template.")


def test_the_typed_readers_fall_back_to_the_declared_default(admin: Session) -> None:
    assert settings.read_bool("calendar.thursday_closed") is True
    assert settings.read_int("referrals.default_days") == 10
    settings.store("referrals.default_days", "not a number")
    assert settings.read_int("referrals.default_days") == 10
    settings.store("referrals.default_days", "15")
    assert settings.read_int("referrals.default_days") == 15
    settings.store("calendar.thursday_closed", "0")
    assert settings.read_bool("calendar.thursday_closed") is False
    assert settings.read_int("backup.keep") is None


def test_a_secret_setting_changed_by_staff_leaves_no_value_in_the_audit_log(
    admin: Session,
) -> None:
    settings.change(admin, "backup.passphrase", "گذرواژه‌ی پنهان")
    settings.change(admin, "backup.folder", "/media/usb")
    entries = {
        str(e.entity_uid): e for e in AuditEvent.select().where(AuditEvent.entity == "setting")
    }
    assert "گذرواژه‌ی پنهان" not in (entries["backup.passphrase"].after or "")
    assert json.loads(entries["backup.passphrase"].after) == {"value": "(secret)"}
    assert json.loads(entries["backup.folder"].after) == {"value": "/media/usb"}
    assert settings.read("backup.passphrase") == "گذرواژه‌ی پنهان"


def test_every_declaration_is_whole() -> None:
    keys_seen = [d.key for d in settings.DECLARED]
    assert len(keys_seen) == len(set(keys_seen))
    for declared in settings.DECLARED:
        assert declared.kind in (str, int, bool) and declared.meaning
        assert declared.default is None or isinstance(declared.default, declared.kind)
