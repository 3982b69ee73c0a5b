"""Registering a complaint: validation, the tracking code, the audit entry and the journal."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from app import audit, counters, jalali
from app.errors import ValidationError
from app.permissions import Action, Session, require
from app.persian import clean_line, clean_text, normalize_mobile, normalize_national_code
from app.search_text import search_key, search_words
from app.tracking import make_tracking_code
from app.vocabulary import REGISTRABLE_CHANNELS, Channel, Honorific, Identity, Kind
from db.connection import is_postgres, write_transaction
from db.models import Category, Complaint, Office, Person, Unit, model_to_dict

MAX_SUBJECT = 300
MAX_DESCRIPTION = 20_000
SERIAL_COUNTER = "complaint_serial"
# FTS5's unicode61 tokens: runs of letters and digits (ZWNJ, marks, punctuation and "_" split).
_TOKEN = re.compile(r"[^\W_]+")
MAX_LEXEME_BYTES = 2046  # PostgreSQL refuses a longer tsvector word
SEARCH_WEIGHTS = {"body": "A", "name": "B", "secret_name": "C"}


@dataclass(frozen=True)
class ComplaintInput:
    """What the registration form collects, as typed."""

    identity: Identity
    kind: Kind
    channel: Channel
    unit_id: int | None
    category_id: int | None
    subject: str
    description: str
    received_on: dt.date | None
    full_name: str = ""
    national_code: str = ""
    mobile: str = ""
    address: str = ""
    county: str = ""
    honorific: Honorific | None = None  # how letters address a named complainant


@dataclass(frozen=True)
class Registered:
    complaint_id: int
    tracking_code: str
    registered_at: dt.datetime


@dataclass(frozen=True)
class _Clean:
    full_name: str
    national_code: str | None
    mobile: str | None
    address: str | None
    county: str | None
    subject: str
    description: str


def _check_identity(
    data: ComplaintInput, errors: dict[str, str]
) -> tuple[str, str | None, str | None]:
    full_name = clean_line(data.full_name)
    national_code = mobile = None
    if data.identity == Identity.ANONYMOUS:
        return "", None, None
    if not full_name:
        errors["full_name"] = "نام و نام خانوادگی را وارد کنید."
    elif len(full_name) > 200:
        errors["full_name"] = "نام بیش از اندازه طولانی است."
    if clean_line(data.national_code):
        national_code = normalize_national_code(data.national_code)
        if national_code is None:
            errors["national_code"] = "کد ملی نادرست است."
    if clean_line(data.mobile):
        mobile = normalize_mobile(data.mobile)
        if mobile is None:
            errors["mobile"] = "شماره‌ی همراه نادرست است؛ مانند ۰۹۱۲۱۲۳۴۵۶۷."
    if (
        national_code is None
        and mobile is None
        and not errors.get("national_code")
        and not errors.get("mobile")
    ):
        errors["mobile"] = "دست‌کم کد ملی یا شماره‌ی همراه را وارد کنید."
    return full_name, national_code, mobile


def validate(
    data: ComplaintInput,
    channels: tuple[Channel, ...] = REGISTRABLE_CHANNELS,
    *,
    check_lists: bool = True,
) -> _Clean:
    """Check every field; raise ValidationError with a Persian message per bad field.

    ``check_lists`` False skips the unit and category ids (an import resolves them later).
    """
    errors: dict[str, str] = {}
    full_name, national_code, mobile = _check_identity(data, errors)
    subject = clean_line(data.subject)
    description = clean_text(data.description)
    if not subject:
        errors["subject"] = "عنوان شکایت را وارد کنید."
    elif len(subject) > MAX_SUBJECT:
        errors["subject"] = "عنوان شکایت بیش از ۳۰۰ نویسه است؛ جزئیات را در شرح بنویسید."
    if not description:
        errors["description"] = "شرح را وارد کنید."
    elif len(description) > MAX_DESCRIPTION:
        errors["description"] = "شرح بیش از اندازه طولانی است."
    if check_lists and (
        data.unit_id is None or not Unit.select().where(Unit.id == data.unit_id).exists()
    ):
        errors["unit"] = "واحد مورد شکایت را انتخاب کنید."
    if check_lists and (
        data.category_id is None
        or not Category.select().where(Category.id == data.category_id).exists()
    ):
        errors["category"] = "موضوع (شاخص) را انتخاب کنید."
    if data.channel not in channels:
        errors["channel"] = "شیوه‌ی دریافت را انتخاب کنید."
    if data.received_on is None:
        errors["received_on"] = "تاریخ دریافت را وارد کنید."
    elif data.received_on > jalali.today():
        errors["received_on"] = "تاریخ دریافت نمی‌تواند در آینده باشد."
    if errors:
        raise ValidationError(errors)
    named = data.identity != Identity.ANONYMOUS
    return _Clean(
        full_name=full_name,
        national_code=national_code,
        mobile=mobile,
        address=(clean_text(data.address) or None) if named else None,
        county=(clean_line(data.county) or None) if named else None,
        subject=subject,
        description=description,
    )


def next_serial() -> int:
    """Bump the complaint counter inside the caller's write transaction."""
    return counters.bump(SERIAL_COUNTER)


def search_texts(
    subject: str, description: str, identity: str, person_name: str | None
) -> tuple[str, str, str]:
    """The normalised (body, name, secret_name) the full-text index holds for a complaint.

    Pure, so the demo builder can check its bulk-built index against it.
    """
    body = search_words(search_key(f"{subject} {description}"))
    named = person_name if identity == Identity.NAMED else None
    secret = person_name if identity == Identity.CONFIDENTIAL else None
    return body, name_words(named or ""), name_words(secret or "")


def name_words(name: str) -> str:
    """A name as the index holds it: its words, and each two run together («محمد رضا» is also
    «محمدرضا»), so every way of writing a compound name finds the others."""
    return search_words(search_key(name), every_pair=True)


def index_for_search(complaint: Complaint, person_name: str | None) -> None:
    """Write the complaint's normalised text to the full-text index (same transaction)."""
    body, name, secret = search_texts(
        str(complaint.subject), str(complaint.description), str(complaint.identity), person_name
    )
    database = Complaint._meta.database
    if is_postgres(database):
        database.execute_sql(
            "INSERT INTO complaint_search(rowid, body, name, secret_name, document) "
            "VALUES (%s, %s, %s, %s, %s::tsvector)",
            (complaint.id, body, name, secret, search_document(body, name, secret)),
        )
        return
    database.execute_sql(
        "INSERT INTO complaint_search(rowid, body, name, secret_name) VALUES (?, ?, ?, ?)",
        (complaint.id, body, name, secret),
    )


def search_tokens(text: str) -> list[str]:
    """The words FTS5's unicode61 tokenizer makes of ``text``, folded to lower case."""
    return [token.lower() for token in _TOKEN.findall(text)]


def tsquote(lexeme: str) -> str:
    """A word quoted for a tsvector or tsquery literal."""
    return "'" + lexeme.replace("\\", "\\\\").replace("'", "''") + "'"


def search_document(body: str, name: str, secret: str) -> str:
    """The tsvector literal PostgreSQL indexes for a complaint (its FTS5 row, tokenized here).

    Each column's words carry its weight; a gap of one position between columns keeps a
    phrase from matching across them, as FTS5 phrases never do.
    """
    positions: dict[str, list[str]] = {}
    position = 0
    for text, weight in zip((body, name, secret), SEARCH_WEIGHTS.values(), strict=True):
        for token in search_tokens(text):
            position += 1
            if len(token.encode("utf-8")) <= MAX_LEXEME_BYTES:
                positions.setdefault(token, []).append(f"{min(position, 16383)}{weight}")
        position += 1
    return " ".join(f"{tsquote(word)}:{','.join(at)}" for word, at in positions.items())


def register_complaint(session: Session, data: ComplaintInput) -> Registered:
    """Validate, then save the complaint and its complainant in one write transaction."""
    require(session, Action.REGISTER_COMPLAINT)
    clean = validate(data)
    with write_transaction():
        complaint = save_complaint(
            data, clean, registered_by=session.user_id, username=session.username
        )
    return Registered(int(complaint.id), str(complaint.tracking_code), complaint.created_at)


def save_complaint(
    data: ComplaintInput,
    clean: _Clean,
    *,
    registered_by: int,
    username: str | None,
    uid: str | None = None,
    external_ref: str | None = None,
) -> Complaint:
    """Save a validated complaint, its complainant, search text, audit and journal entries.

    Inside the caller's write transaction. ``uid`` keeps the identity a complaint already has
    elsewhere (one registered at the central system).
    """
    office = Office.select().first()
    if office is None:
        raise ValidationError({"office": "دفتر هنوز راه‌اندازی نشده است."})
    person = None
    if data.identity != Identity.ANONYMOUS:
        person = Person.create(
            full_name=clean.full_name,
            national_code=clean.national_code,
            mobile=clean.mobile,
            address=clean.address,
            county=clean.county,
            honorific=data.honorific.value if data.honorific else None,
        )
        audit.journal(person, "insert")
    serial = next_serial()
    extra: dict[str, object] = {"uid": uid} if uid is not None else {}
    complaint = Complaint.create(
        tracking_code=make_tracking_code(int(office.code), serial),
        serial=serial,
        kind=data.kind.value,
        channel=data.channel.value,
        identity=data.identity.value,
        person=person,
        unit=data.unit_id,
        category=data.category_id,
        subject=clean.subject,
        description=clean.description,
        received_on=data.received_on,
        registered_by=registered_by,
        external_ref=external_ref,
        **extra,
    )
    index_for_search(complaint, clean.full_name or None)
    after = model_to_dict(complaint)
    audit.record(username, "complaint_registered", "complaint", str(complaint.uid), after=after)
    audit.journal(complaint, "insert")
    return complaint
