"""What every letter carries that the admin sets: the letterhead, the signer and the templates.

Templates are plain text with named Persian placeholders such as ``{کد_رهگیری}``. The
shipped ones live in ``resources/templates``; the admin's own version of a template is kept
as a setting and wins over the shipped file until it is reset.
"""

from __future__ import annotations

import string
from dataclasses import dataclass
from enum import StrEnum
from importlib import resources

from app import files, log, office, settings
from app.errors import ValidationError
from app.permissions import Action, Session, require
from app.persian import clean_line, clean_text, isolated

_log = log.get("letterhead")

OFFICE_TITLE = "letters.office_title"
SIGNER_NAME = "letters.signer_name"
SIGNER_TITLE = "letters.signer_title"
FOOTER = "letters.footer"
LOGO = "letters.logo_sha256"
DEFAULT_DEADLINE = "referrals.default_days"
DEFAULT_DEADLINE_DAYS = 10
MAX_DEADLINE_DAYS = 120
MAX_TEMPLATE = 8_000
MAX_LOGO = 2 * 1024 * 1024


class TemplateKind(StrEnum):
    REFERRAL = "referral"
    REMINDER = "reminder"
    ESCALATION = "escalation"
    REPLY = "reply"
    REPLY_SLIP = "reply_slip"


TEMPLATE_LABELS: dict[TemplateKind, str] = {
    TemplateKind.REFERRAL: "نامه‌ی ارجاع",
    TemplateKind.REMINDER: "نامه‌ی پیگیری",
    TemplateKind.ESCALATION: "نامه‌ی تذکر به مقام بالاتر",
    TemplateKind.REPLY: "پاسخ به شاکی",
    TemplateKind.REPLY_SLIP: "برگه‌ی پاسخ شکایت بی‌نام",
}

# Placeholder → what it prints, shown to the admin beside the template editor.
PLACEHOLDERS: dict[str, str] = {
    "کد_رهگیری": "کد رهگیری شکایت",
    "موضوع": "موضوع شکایت",
    "شرح": "شرح شکایت",
    "تاریخ_ثبت": "تاریخ ثبت شکایت",
    "شاکی": "نام شاکی (برای بی‌نام و محرمانه: بدون نام)",
    "دفتر": "نام دفتر",
    "واحد": "واحد گیرنده‌ی ارجاع",
    "دستور": "دستور مدیر در ارجاع",
    "مهلت_روز": "مهلت پاسخ به روز کاری",
    "مهلت": "تاریخ پایان مهلت",
    "سابقه_ارجاع": "نامه‌ی ارجاع با شماره و تاریخ (یا تاریخ ارجاع، اگر نامه‌ای ندارد)",
    "شماره_ارجاع": "شماره‌ی نامه‌ی ارجاع",
    "تاریخ_ارجاع": "تاریخ نامه‌ی ارجاع",
    "روز_تاخیر": "روزهای کاری تأخیر",
    "نوبت_پیگیری": "شمار پیگیری‌ها",
    "نتیجه": "نتیجه‌ی رسیدگی («وارد»، «غیر وارد» …)",
    "نتیجه_رسیدگی": "نتیجه‌ی رسیدگی در یک جمله («شکایت وارد تشخیص داده شد»)",
    "متن_پاسخ": "متن پاسخ مدیر",
}


@dataclass(frozen=True)
class Letterhead:
    office_title: str
    signer_name: str
    signer_title: str
    footer: str
    logo_sha256: str | None


def load_letterhead() -> Letterhead:
    info = office.office_info()
    return Letterhead(
        office_title=office.get_setting(OFFICE_TITLE) or (info.name if info else ""),
        signer_name=office.get_setting(SIGNER_NAME) or "",
        signer_title=office.get_setting(SIGNER_TITLE) or "",
        footer=office.get_setting(FOOTER) or "",
        logo_sha256=office.get_setting(LOGO) or None,
    )


def logo_bytes(letterhead: Letterhead) -> bytes | None:
    if not letterhead.logo_sha256:
        return None
    try:
        return files.load(letterhead.logo_sha256)
    except Exception as exc:  # a damaged logo must not stop a letter
        _log.warning("the letterhead logo could not be loaded: %s", type(exc).__name__)
        return None


def save_letterhead(
    session: Session, *, office_title: str, signer_name: str, signer_title: str, footer: str
) -> Letterhead:
    from db.connection import write_transaction

    require(session, Action.MANAGE_OFFICE)
    values = {
        OFFICE_TITLE: clean_line(office_title),
        SIGNER_NAME: clean_line(signer_name),
        SIGNER_TITLE: clean_line(signer_title),
        FOOTER: clean_line(footer),
    }
    errors = {key: "این مقدار بیش از ۲۰۰ نویسه است." for key, v in values.items() if len(v) > 200}
    if errors:
        raise ValidationError(errors)
    with write_transaction():
        for key, value in values.items():
            if (office.get_setting(key) or "") != value:
                office.set_setting(session, key, value)
    return load_letterhead()


def set_logo(session: Session, data: bytes | None) -> None:
    """Set the letterhead logo (PNG or JPEG), or remove it with ``None``."""
    from db.connection import write_transaction

    require(session, Action.MANAGE_OFFICE)
    if data is None:
        office.set_setting(session, LOGO, "")
        return
    if files.media_type_of(data) not in ("image/png", "image/jpeg"):
        raise ValidationError({"logo": "نشان باید تصویر PNG یا JPEG باشد."})
    if len(data) > MAX_LOGO:
        raise ValidationError({"logo": "حجم نشان بیش از ۲ مگابایت است."})
    with write_transaction():
        stored = files.store(data, files.media_type_of(data) or "image/png")
        office.set_setting(session, LOGO, stored.sha256)


def default_deadline_days() -> int:
    days = settings.read_int(DEFAULT_DEADLINE)
    return days if days is not None and days > 0 else DEFAULT_DEADLINE_DAYS


def deadline_problem(days: int) -> str | None:
    if not 1 <= days <= MAX_DEADLINE_DAYS:
        return f"مهلت باید بین ۱ و {MAX_DEADLINE_DAYS} روز کاری باشد."
    return None


def set_default_deadline_days(session: Session, days: int) -> None:
    require(session, Action.MANAGE_OFFICE)
    problem = deadline_problem(days)
    if problem:
        raise ValidationError({"deadline_days": problem})
    office.set_setting(session, DEFAULT_DEADLINE, str(days))


# --------------------------------------------------------------------------- #
# Templates


def _setting_key(kind: TemplateKind) -> str:
    return f"letters.template.{kind.value}"


def shipped_template(kind: TemplateKind) -> str:
    path = resources.files("resources") / "templates" / f"{kind.value}.txt"
    return path.read_text(encoding="utf-8").strip()


def template_text(kind: TemplateKind) -> str:
    return office.get_setting(_setting_key(kind)) or shipped_template(kind)


def is_customised(kind: TemplateKind) -> bool:
    return bool(office.get_setting(_setting_key(kind)))


def template_problem(text: str) -> str | None:
    """Why ``text`` cannot be a template (a Persian message), or None."""
    if not text.strip():
        return "متن الگو خالی است."
    if len(text) > MAX_TEMPLATE:
        return "متن الگو بیش از اندازه طولانی است."
    try:
        fields = [
            (name, spec, conversion)
            for _, name, spec, conversion in string.Formatter().parse(text)
            if name is not None
        ]
    except ValueError:
        return "آکولادهای الگو جفت نیستند؛ برای نوشتن خود آکولاد آن را دوبار بنویسید."
    for name, spec, conversion in fields:
        shown = isolated("{" + name + "}")
        if name not in PLACEHOLDERS:
            return f"جای‌نگهدار ناشناخته: {shown}"
        if spec or conversion:  # {شرح:d} would fail at issue time, {شرح!r} print quotes
            return f"جای‌نگهدار را بدون «:» یا «!» بنویسید: {shown}"
    return None


def set_template(session: Session, kind: TemplateKind, text: str) -> None:
    require(session, Action.MANAGE_OFFICE)
    cleaned = clean_text(text)
    problem = template_problem(cleaned)
    if problem:
        raise ValidationError({"template": problem})
    office.set_setting(session, _setting_key(kind), cleaned)


def reset_template(session: Session, kind: TemplateKind) -> None:
    require(session, Action.MANAGE_OFFICE)
    office.set_setting(session, _setting_key(kind), "")


def fill(kind: TemplateKind, values: dict[str, str]) -> str:
    """The kind's current template filled in (see ``fill_text``)."""
    return fill_text(template_text(kind), values)


def fill_text(text: str, values: dict[str, str]) -> str:
    """A checked template with its placeholders filled; lines a blank value empties drop."""
    full = dict.fromkeys(PLACEHOLDERS, "") | values
    lines = []
    for line in text.split("\n"):
        filled = line.format_map(full)
        if filled.strip() or not line.strip():
            lines.append(filled)
    return "\n".join(lines).strip()
