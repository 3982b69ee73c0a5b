"""The office record, first-start set-up and settings."""

from __future__ import annotations

from dataclasses import dataclass, field

from app import settings
from app.errors import ValidationError
from app.permissions import Role, Session
from app.persian import clean_line, to_ascii_digits
from app.vocabulary import DEFAULT_CATEGORIES, DEFAULT_UNITS
from db.connection import write_transaction
from db.models import Office, model_to_dict


@dataclass(frozen=True)
class OfficeInfo:
    name: str
    code: int
    province: str
    county: str
    phone: str | None


@dataclass(frozen=True)
class SetupRequest:
    office_name: str
    office_code: str
    province: str
    county: str
    admin_username: str
    admin_full_name: str
    admin_password: str
    phone: str | None = None
    # Who signs the office's letters, and the address and telephone line under each letter
    # and on receipts (app.letterhead); asked for by the set-up wizard.
    signer_name: str = ""
    signer_title: str = ""
    letter_footer: str = ""
    units: tuple[str, ...] = field(default=DEFAULT_UNITS)
    categories: tuple[str, ...] = field(default=DEFAULT_CATEGORIES)


def is_set_up() -> bool:
    return bool(Office.select().exists())


def office_info() -> OfficeInfo | None:
    office = Office.select().first()
    if office is None:
        return None
    return OfficeInfo(
        str(office.name), int(office.code), str(office.province), str(office.county), office.phone
    )


def office_problems(
    office_name: str, office_code: str, province: str, county: str
) -> dict[str, str]:
    """What is wrong with the office's fields as typed (field -> Persian message), by the
    rules ``set_up`` applies; empty when they can be saved."""
    errors: dict[str, str] = {}
    code_text = to_ascii_digits(clean_line(office_code))
    if not clean_line(office_name):
        errors["office_name"] = "نام دفتر را وارد کنید."
    if not (code_text.isascii() and code_text.isdigit() and 1 <= int(code_text) <= 9999):
        errors["office_code"] = "کد دفتر باید عددی بین ۱ و ۹۹۹۹ باشد."
    if not clean_line(province):
        errors["province"] = "استان را انتخاب کنید."
    if not clean_line(county):
        errors["county"] = "شهرستان را وارد کنید."
    return errors


MAX_LETTERHEAD_TEXT = 200  # as app.letterhead keeps them


def signer_problems(signer_name: str, signer_title: str, footer: str = "") -> dict[str, str]:
    """What is wrong with the letters' signer and footer as typed (field -> message)."""
    errors: dict[str, str] = {}
    if not clean_line(signer_name):
        errors["signer_name"] = "نام کسی را که نامه‌ها را امضا می‌کند وارد کنید."
    if not clean_line(signer_title):
        errors["signer_title"] = "سمت امضاکننده را وارد کنید؛ مانند «مدیرکل بازرسی استان»."
    too_long = "این مقدار بیش از ۲۰۰ نویسه است."
    for key, value in (
        ("signer_name", signer_name),
        ("signer_title", signer_title),
        ("letter_footer", footer),
    ):
        if len(clean_line(value)) > MAX_LETTERHEAD_TEXT:
            errors[key] = too_long
    return errors


def _validated_office(request: SetupRequest) -> dict[str, object]:
    errors = office_problems(
        request.office_name, request.office_code, request.province, request.county
    )
    if errors:
        raise ValidationError(errors)
    return {
        "name": clean_line(request.office_name),
        "code": int(to_ascii_digits(clean_line(request.office_code))),
        "province": clean_line(request.province),
        "county": clean_line(request.county),
        "phone": clean_line(request.phone or "") or None,
    }


def set_up(request: SetupRequest) -> Session:
    """First start: the office, its admin and the default lists, all or nothing."""
    # Imported here, not at the top: the login screen needs only the office reads above,
    # and loading the writers (audit, Argon2, lists) would delay it at every start.
    from app import audit, lists, users

    with write_transaction():
        if is_set_up():
            raise ValidationError({"office_name": "این پایگاه داده قبلاً راه‌اندازی شده است."})
        office = Office.create(**_validated_office(request))
        audit.record(None, "office_created", "office", str(office.uid), after=model_to_dict(office))
        audit.journal(office, "insert")
        admin = users.create_user_unchecked(
            request.admin_username, request.admin_full_name, Role.ADMIN, request.admin_password
        )
        for unit_name in dict.fromkeys(clean_line(u) for u in request.units if clean_line(u)):
            lists.add_unit_unchecked(unit_name)
        for category_name in dict.fromkeys(
            clean_line(c) for c in request.categories if clean_line(c)
        ):
            lists.add_category_unchecked(category_name)
        session = Session(int(admin.id), str(admin.username), str(admin.full_name), Role.ADMIN)
        _save_signer(session, request)
        from app.sync.keys import ensure_office_keys  # signs the packages sent to central

        ensure_office_keys()
        from app import search_index  # a new office's index follows the current rules

        search_index.mark_current()
        return session


def _save_signer(session: Session, request: SetupRequest) -> None:
    """The wizard's signer and footer, when given (the command line may leave them to the
    admin's letters page)."""
    texts = (request.signer_name, request.signer_title, request.letter_footer)
    if not any(clean_line(text) for text in texts):
        return
    errors = signer_problems(*texts)
    if errors:
        raise ValidationError(errors)
    from app import letterhead

    letterhead.save_letterhead(
        session,
        office_title=letterhead.load_letterhead().office_title,
        signer_name=request.signer_name,
        signer_title=request.signer_title,
        footer=request.letter_footer,
    )


def get_setting(key: str, default: str | None = None) -> str | None:
    """A declared setting's text (``app.settings`` lists them all)."""
    value = settings.read(key)
    return value if value is not None else default


def set_setting(session: Session, key: str, value: str) -> None:
    """A member of staff's change of a declared setting, audited."""
    settings.change(session, key, value)
