"""Where the office stands with the central system, and what it should be reminded of.

One read for the sync page and the main window's reminder: the destination and whether it is
there, the schedule, the keys, the changes not yet acknowledged, the packages sent and
received, and the reminders (in Persian) that follow from them.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, field
from pathlib import Path

from app import jalali
from app.persian import grouped_number, ltr, to_persian_digits
from app.sync.export import (
    ExportInfo,
    Schedule,
    destination,
    export_due,
    export_history_unchecked,
    export_start,
    pending_changes,
    schedule,
)
from app.sync.keys import central_keys, office_public_keys
from db.models import ChangeJournal

# What each kind of record in a package is called, for the history's counts.
ENTITY_LABELS: dict[str, str] = {
    "office": "دفتر",
    "user": "کاربر",
    "unit": "واحد",
    "category": "موضوع",
    "person": "شاکی",
    "complaint": "شکایت",
    "referral": "ارجاع",
    "measure": "اقدام",
    "letter": "نامه",
    "complaint_box": "صندوق",
    "form_batch": "دسته‌ی فرم",
    "box_opening": "بازگشایی صندوق",
    "scan_page": "برگه‌ی اسکن‌شده",
}


def counts_text(counts: dict[str, int]) -> str:
    """Records per kind in Persian, largest first: «شکایت ۱۲۰، ارجاع ۳۰»."""
    ordered = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    return "، ".join(
        f"{ENTITY_LABELS.get(entity, entity)} {grouped_number(count)}" for entity, count in ordered
    )


# Without a schedule, changes waiting longer than this since the last export are a reminder;
# so is a package central has not acknowledged after as long.
STALE_AFTER = dt.timedelta(days=7)


@dataclass(frozen=True)
class SyncStatus:
    destination: Path | None
    destination_ready: bool
    schedule: Schedule | None
    central_fingerprint: str | None
    office_fingerprint: str
    pending: int  # change-journal entries not yet acknowledged by central
    exports: list[ExportInfo]  # newest first
    due: bool  # a scheduled export is due now
    reminders: list[str] = field(default_factory=list)

    @property
    def last_export(self) -> ExportInfo | None:
        return self.exports[0] if self.exports else None

    @property
    def ready_to_export(self) -> bool:
        return self.destination_ready and self.central_fingerprint is not None


def destination_ready(folder: Path | None) -> bool:
    return folder is not None and folder.is_dir() and os.access(folder, os.W_OK | os.X_OK)


def sync_status(now: dt.datetime | None = None, *, can_configure: bool = True) -> SyncStatus:
    """``now`` aware (UTC when naive); defaults to the present. ``can_configure``: the user
    sets the destination and keys (the admin); the reminders of others say whom to ask."""
    now = now or dt.datetime.now(dt.UTC)
    if now.tzinfo is None:
        now = now.replace(tzinfo=dt.UTC)
    folder = destination()
    central = central_keys()
    plan = schedule()
    exports = export_history_unchecked()
    pending = pending_changes()
    status = SyncStatus(
        destination=folder,
        destination_ready=destination_ready(folder),
        schedule=plan,
        central_fingerprint=central.fingerprint if central is not None else None,
        office_fingerprint=office_public_keys().fingerprint,
        pending=pending,
        exports=exports,
        due=export_due(now, plan) and pending > 0,
    )
    status.reminders.extend(_reminders(status, now, can_configure))
    return status


def _reminders(status: SyncStatus, now: dt.datetime, can_configure: bool) -> list[str]:
    found: list[str] = []
    ask = "" if can_configure else " به مدیر سامانه خبر دهید."
    if status.central_fingerprint is None:
        found.append(
            f"کلید عمومی سامانه‌ی مرکزی تنظیم نشده است؛ بدون آن بسته‌ای فرستاده نمی‌شود.{ask}"
        )
    if status.destination is None:
        found.append(f"پوشه‌ی مقصد ارسال (حافظه‌ی جانبی یا پوشه‌ی اشتراکی) تنظیم نشده است.{ask}")
    elif not status.destination_ready:
        found.append(
            f"پوشه‌ی مقصد «{ltr(status.destination)}» در دسترس نیست؛ "
            "حافظه‌ی جانبی یا پوشه‌ی اشتراکی را وصل کنید."
        )
    last = status.last_export
    last_at = _aware(last.created_at) if last is not None else None
    since = f" (آخرین ارسال: {_day(last_at)})" if last_at is not None else ""
    if status.due:
        found.append(f"ارسال زمان‌بندی‌شده به مرکز عقب افتاده است{since}.")
    elif status.pending and status.schedule is None and _oldest_waiting_before(now - STALE_AFTER):
        found.append(f"تغییرهایی هست که بیش از یک هفته است به مرکز فرستاده نشده‌اند{since}.")
    for package in reversed(status.exports):
        if package.acknowledged_at is None and now - _aware(package.created_at) > STALE_AFTER:
            found.append(
                f"رسید بسته‌ی شماره‌ی {to_persian_digits(package.sequence)} "
                f"({_day(_aware(package.created_at))}) پس از یک هفته هنوز از مرکز نرسیده است."
            )
            break  # the oldest unanswered one is enough to act on
    return found


def _oldest_waiting_before(moment: dt.datetime) -> bool:
    """Whether a change central has not acknowledged was made before ``moment``."""
    oldest = (
        ChangeJournal.select(ChangeJournal.at)
        .where(ChangeJournal.id > export_start())
        .order_by(ChangeJournal.id)
        .first()
    )
    return oldest is not None and _aware(oldest.at) < moment


def _aware(moment: dt.datetime) -> dt.datetime:
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=dt.UTC)


def _day(moment: dt.datetime) -> str:
    return jalali.format_date(moment.astimezone().date())
