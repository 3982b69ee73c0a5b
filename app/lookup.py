"""Finding complaints: by tracking code, national code, mobile, name or words of the text."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, cast

from peewee import JOIN

from app import audit
from app.errors import InvalidTrackingCode, NotFound, ValidationError
from app.permissions import Action, Session, allowed, require
from app.persian import (
    normalize_mobile,
    normalize_national_code,
    to_ascii_digits,
    to_persian_digits,
)
from app.registration import SEARCH_WEIGHTS, search_tokens, tsquote
from app.search_text import (
    MAX_WORD,
    fold_dashes,
    joined_alternatives,
    query_words,
    term_forms,
    too_long,
)
from app.secretariat import LETTER_KIND_LABELS, LetterKind
from app.tracking import looks_like_tracking_code, parse_tracking_code
from app.vocabulary import (
    MEASURE_LABELS,
    OUTCOME_LABELS,
    SATISFACTION_LABELS,
    STATUS_LABELS,
    Channel,
    Identity,
    Kind,
    MeasureKind,
    Outcome,
    Satisfaction,
    Status,
)
from db.connection import is_postgres
from db.models import Category, Complaint, Person, Unit, User

PAGE_SIZE = 100  # a screen shows 15 to 40 rows; the next page comes as the user scrolls
_SEPARATORS = re.compile(r"[\s\-_]+")
ZWNJ = "\u200c"


@dataclass(frozen=True)
class ComplaintRow:
    """One line of the complaints list."""

    id: int
    tracking_code: str
    received_on: dt.date
    kind: Kind
    channel: Channel
    identity: Identity
    complainant: str | None  # None when anonymous or hidden from this role
    unit: str
    category: str
    subject: str
    status: Status


@dataclass(frozen=True)
class ComplaintDetail:
    row: ComplaintRow
    description: str
    national_code: str | None
    mobile: str | None
    address: str | None
    county: str | None
    registered_by: str
    created_at: dt.datetime
    updated_at: dt.datetime
    version: int
    uid: str
    identity_hidden: bool
    history: list[audit.HistoryEntry]
    external_ref: str | None = None  # central's reference, for a complaint central sent
    # Who did each step, by name (the log keeps usernames), and what each step changed.
    user_names: Mapping[str, str] = field(default_factory=dict)
    history_notes: tuple[str, ...] = ()  # one per history entry, "" when nothing to add


@dataclass(frozen=True)
class Query:
    """A parsed search: exactly one of the criteria is set (or none for "everything")."""

    tracking_code: str | None = None
    national_code: str | None = None
    mobile: str | None = None
    form_serial: int | None = None  # the number printed on a complaint-box form
    text: str | None = None


FORM_SERIAL_DIGITS = 7  # a box form's serial; longer numbers are codes or phone numbers


def parse_query(text: str) -> Query:
    """Decide what the user typed; a mistyped tracking code raises InvalidTrackingCode."""
    raw = to_ascii_digits(fold_dashes(text or "")).strip()
    if not raw:
        return Query()
    compact = _SEPARATORS.sub("", raw)
    if compact.isascii() and compact.isdigit():
        if looks_like_tracking_code(compact):
            code = parse_tracking_code(compact)
            if code is None:
                raise InvalidTrackingCode()
            return Query(tracking_code=code)
        national = normalize_national_code(compact) if len(compact) >= 8 else None
        if national is not None and len(compact) in (8, 9, 10):
            return Query(national_code=national)
        mobile = normalize_mobile(compact)
        if mobile is not None:
            return Query(mobile=mobile)
        if len(compact) <= FORM_SERIAL_DIGITS:
            return Query(form_serial=int(compact))
    elif compact.startswith("+") and normalize_mobile(compact):
        return Query(mobile=normalize_mobile(compact))
    words = query_words(raw)
    if too_long(words):
        raise ValidationError(
            {"query": f"واژه‌ای بیش از {to_persian_digits(MAX_WORD)} حرف دارد؛ کوتاه‌تر بنویسید."}
        )
    return Query(text=" ".join(words)) if words else Query()


def _fts_phrase(tokens: list[str]) -> str:
    """Tokens side by side as an FTS5 phrase; the last a prefix (Persian attaches suffixes)
    unless it is one letter, which as a prefix would match nearly every text."""
    prefix = "*" if len(tokens[-1]) >= 2 else ""
    return '"' + " ".join(tokens) + '"' + prefix


def _fts_term(word: str) -> str:
    """One query word as an FTS5 term: a plain word, or a word of parts (written with ZWNJ,
    an affix typed apart, two words read as one) run together or side by side."""
    joined, parts = term_forms(word)
    if len(parts) == 1:
        return _fts_phrase(search_tokens(joined) or [joined])
    return f"({_fts_phrase(search_tokens(joined) or [joined])} OR {_fts_phrase(parts)})"


def _meaningful(text: str) -> list[str]:
    words = text.split()
    # A lone letter says little and costs much; keep it only when it is all there is.
    return [w for w in words if len(w.replace(ZWNJ, "")) > 1] or words


def fts_expression(text: str, see_secret: bool) -> str:
    """The FTS5 query of a ``Query.text``: every word, in each reading of neighbours run
    together (``joined_alternatives``)."""
    readings = [
        "(" + " AND ".join(_fts_term(word) for word in reading) + ")"
        for reading in joined_alternatives(_meaningful(text))
    ]
    columns = "{body name secret_name}" if see_secret else "{body name}"
    return f"{columns} : ({' OR '.join(readings)})"


def _ts_phrase(tokens: list[str], weights: str) -> str:
    labels = [weights] * len(tokens)
    labels[-1] = ("*" if len(tokens[-1]) >= 2 else "") + weights
    return (
        "("
        + " <-> ".join(f"{tsquote(t)}:{lab}" for t, lab in zip(tokens, labels, strict=True))
        + ")"
    )


def _ts_term(word: str, weights: str) -> str | None:
    joined, parts = term_forms(word)
    whole = search_tokens(joined)
    if not whole:
        return None
    if len(parts) == 1:
        return _ts_phrase(whole, weights)
    pieces = [token for part in parts for token in search_tokens(part)]
    return f"({_ts_phrase(whole, weights)} | {_ts_phrase(pieces, weights)})"


def tsquery_expression(text: str, see_secret: bool) -> str:
    """The PostgreSQL counterpart of :func:`fts_expression`, over the weighted ``document``:
    the same words and readings; each word's tokens a phrase (``<->``), the last one a prefix
    when it has two letters or more; the weights stand for the columns searched."""
    weights = "".join(w for c, w in SEARCH_WEIGHTS.items() if see_secret or c != "secret_name")
    readings = []
    for reading in joined_alternatives(_meaningful(text)):
        terms = [t for t in (_ts_term(word, weights) for word in reading) if t is not None]
        if terms:
            readings.append("(" + " & ".join(terms) + ")")
    return " | ".join(readings)


def _search_sql(see_secret: bool, text: str, sqlite_sql: str, postgres_sql: str) -> tuple[str, str]:
    """The index query and its search expression for the open database's engine."""
    if is_postgres():
        return postgres_sql, tsquery_expression(text, see_secret)
    return sqlite_sql, fts_expression(text, see_secret)


def _base_select() -> Any:
    return (
        Complaint.select(Complaint, Unit.name, Category.name, Person.id, Person.full_name)
        .join(Unit, on=(Complaint.unit == Unit.id))
        .switch(Complaint)
        .join(Category, on=(Complaint.category == Category.id))
        .switch(Complaint)
        .join(Person, JOIN.LEFT_OUTER, on=(Complaint.person == Person.id))
    )


def _filtered(query: Query, session: Session) -> Any:
    """Complaints matching a non-text ``query`` (no order, no limit); text goes to the index."""
    see_secret = allowed(session, Action.VIEW_CONFIDENTIAL_IDENTITY)
    base = Complaint.select(Complaint.id)
    if query.tracking_code:
        return base.where(Complaint.tracking_code == query.tracking_code)
    if query.form_serial is not None:
        from db.models import ScanPage

        pages = ScanPage.select(ScanPage.complaint).where(
            ScanPage.form_serial == query.form_serial, ScanPage.complaint.is_null(False)
        )
        return base.where(Complaint.id.in_(pages))
    if query.national_code or query.mobile:
        field = Person.national_code if query.national_code else Person.mobile
        value = query.national_code or query.mobile
        condition = field == value
        if not see_secret:
            condition &= Complaint.identity == Identity.NAMED.value
        return base.join(Person, on=(Complaint.person == Person.id)).where(condition)
    return base


def count(session: Session, query: Query) -> int:
    require(session, Action.VIEW_COMPLAINTS)
    if query.text:  # straight from the index: one row per complaint
        see_secret = allowed(session, Action.VIEW_CONFIDENTIAL_IDENTITY)
        sql, expression = _search_sql(
            see_secret,
            query.text,
            "SELECT count(*) FROM complaint_search WHERE complaint_search MATCH ?",
            "SELECT count(*) FROM complaint_search WHERE document @@ %s::tsquery",
        )
        if not expression:  # no word left to search for (PostgreSQL only)
            return 0
        cursor = Complaint._meta.database.execute_sql(sql, (expression,))
        return int(cursor.fetchone()[0])
    return int(_filtered(query, session).count())


def page(
    session: Session, query: Query, before_id: int | None = None, limit: int = PAGE_SIZE
) -> list[ComplaintRow]:
    """Newest first; pass the last id of the previous page as ``before_id`` for the next one."""
    require(session, Action.VIEW_COMPLAINTS)
    if query.text:
        ids = _text_page_ids(session, query.text, before_id, limit)
    else:
        ids_query = _filtered(query, session)
        if before_id is not None:
            ids_query = ids_query.where(Complaint.id < before_id)
        ids = [row.id for row in ids_query.order_by(Complaint.id.desc()).limit(limit)]
    return rows_for_ids(session, ids)


def _text_page_ids(session: Session, text: str, before_id: int | None, limit: int) -> list[int]:
    """Page through the index in rowid order, which stops after ``limit`` matches."""
    see_secret = allowed(session, Action.VIEW_CONFIDENTIAL_IDENTITY)
    sql, expression = _search_sql(
        see_secret,
        text,
        "SELECT rowid FROM complaint_search WHERE complaint_search MATCH ? AND rowid < ? "
        "ORDER BY rowid DESC LIMIT ?",
        "SELECT rowid FROM complaint_search WHERE document @@ %s::tsquery AND rowid < %s "
        "ORDER BY rowid DESC LIMIT %s",
    )
    if not expression:
        return []
    cursor = Complaint._meta.database.execute_sql(
        sql, (expression, before_id if before_id is not None else 2**62, limit)
    )
    return [int(row[0]) for row in cursor.fetchall()]


def rows_for_ids(session: Session, ids: list[int]) -> list[ComplaintRow]:
    """The list rows for ``ids``, in the order given."""
    require(session, Action.VIEW_COMPLAINTS)
    return _rows_for_ids(ids, allowed(session, Action.VIEW_CONFIDENTIAL_IDENTITY))


def rows_for_ids_unchecked(ids: list[int]) -> list[ComplaintRow]:
    """The same rows for the command line (no session), with no confidential names."""
    return _rows_for_ids(ids, see_secret=False)


def _rows_for_ids(ids: list[int], see_secret: bool) -> list[ComplaintRow]:
    if not ids:
        return []
    records: dict[int, ComplaintRow] = {}
    for start in range(0, len(ids), 500):  # SQLite's limit on bound parameters
        chunk = ids[start : start + 500]
        query = _list_select().where(Complaint.id.in_(chunk)).tuples()
        records.update({int(values[0]): _list_row(values, see_secret) for values in query})
    return [records[i] for i in ids if i in records]


def _list_select() -> Any:
    """Only what a list row shows, as plain values: a page of rows is built without making
    a model object (and reading the full text) of each complaint."""
    return (
        Complaint.select(
            Complaint.id,
            Complaint.tracking_code,
            Complaint.received_on,
            Complaint.kind,
            Complaint.channel,
            Complaint.identity,
            Complaint.subject,
            Complaint.status,
            Unit.name,
            Category.name,
            Person.full_name,
        )
        .join(Unit, on=(Complaint.unit == Unit.id))
        .switch(Complaint)
        .join(Category, on=(Complaint.category == Category.id))
        .switch(Complaint)
        .join(Person, JOIN.LEFT_OUTER, on=(Complaint.person == Person.id))
    )


def _list_row(values: tuple[Any, ...], see_secret: bool) -> ComplaintRow:
    key, code, received, kind, channel, identity, subject, status, unit, category, name = values
    shown = Identity(identity)
    hidden = shown == Identity.ANONYMOUS or (shown == Identity.CONFIDENTIAL and not see_secret)
    return ComplaintRow(
        id=int(key),
        tracking_code=str(code),
        received_on=received,
        kind=Kind(kind),
        channel=Channel(channel),
        identity=shown,
        complainant=None if hidden or name is None else str(name),
        unit=str(unit),
        category=str(category),
        subject=str(subject),
        status=Status(status),
    )


def _complainant(complaint: Complaint, see_secret: bool) -> str | None:
    identity = Identity(complaint.identity)
    if identity == Identity.ANONYMOUS or (identity == Identity.CONFIDENTIAL and not see_secret):
        return None
    person = getattr(complaint, "person", None)
    return str(person.full_name) if person is not None else None


def _row(complaint: Complaint, see_secret: bool) -> ComplaintRow:
    return ComplaintRow(
        id=int(complaint.id),
        tracking_code=str(complaint.tracking_code),
        received_on=complaint.received_on,
        kind=Kind(complaint.kind),
        channel=Channel(complaint.channel),
        identity=Identity(complaint.identity),
        complainant=_complainant(complaint, see_secret),
        unit=str(complaint.unit.name),
        category=str(complaint.category.name),
        subject=str(complaint.subject),
        status=Status(complaint.status),
    )


def find_by_tracking_code(session: Session, text: str) -> ComplaintRow:
    """The complaint with this code; InvalidTrackingCode for a typo, NotFound when absent."""
    require(session, Action.VIEW_COMPLAINTS)
    code = parse_tracking_code(text)
    if code is None:
        raise InvalidTrackingCode()
    rows = page(session, Query(tracking_code=code), limit=1)
    if not rows:
        raise NotFound("شکایتی با این کد رهگیری پیدا نشد.")
    return rows[0]


def detail(session: Session, complaint_id: int) -> ComplaintDetail:
    require(session, Action.VIEW_COMPLAINTS)
    complaint = _base_select().where(Complaint.id == complaint_id).first()
    if complaint is None:
        raise NotFound("شکایت پیدا نشد.")
    see_secret = allowed(session, Action.VIEW_CONFIDENTIAL_IDENTITY)
    row = _row(complaint, see_secret)
    identity = Identity(complaint.identity)
    hidden = identity == Identity.CONFIDENTIAL and not see_secret
    person = None
    if identity != Identity.ANONYMOUS and not hidden:
        person = Person.get_or_none(Person.id == complaint.person_id)
    registrar = User.get_or_none(User.id == complaint.registered_by_id)
    history = audit.history(str(complaint.uid), *_related_uids(int(complaint.id)))
    if hidden:
        history = [_mask_identity(entry) for entry in history]
    usernames = {entry.username for entry in history if entry.username}
    names = User.select(User.username, User.full_name).where(User.username.in_(usernames))
    unit_names = _units_of_records(int(complaint.id))
    return ComplaintDetail(
        row=row,
        description=str(complaint.description),
        national_code=person.national_code if person else None,
        mobile=person.mobile if person else None,
        address=person.address if person else None,
        county=person.county if person else None,
        registered_by=str(registrar.full_name) if registrar else "",
        created_at=complaint.created_at,
        updated_at=complaint.updated_at,
        version=int(complaint.version),
        uid=str(complaint.uid),
        identity_hidden=hidden,
        external_ref=complaint.external_ref,
        history=history,
        user_names={str(u.username): str(u.full_name) for u in names},
        history_notes=tuple(history_note(entry, unit_names) for entry in history),
    )


def _label(labels: Mapping[Any, str], enum: Any, value: object) -> str:
    try:
        return labels[enum(value)]
    except (ValueError, KeyError):
        return str(value or "")


def _units_of_records(complaint_id: int) -> dict[str, str]:
    """The unit each of the complaint's referrals and measures is about, and each letter's
    kind and number, by the record's uid (the log keeps only what a step changed, so a
    reminder's entry does not name its unit)."""
    from db.models import Letter, Measure, Referral

    units: dict[str, str] = {}
    for model in (Referral, Measure):
        query = cast(
            Iterable[tuple[object, str]],
            model.select(model.uid, Unit.name)
            .join(Unit, on=(model.unit == Unit.id))
            .where(model.complaint == complaint_id)
            .tuples(),
        )
        units |= {str(uid): str(name) for uid, name in query}
    letters = cast(
        Iterable[tuple[object, str, str]],
        Letter.select(Letter.uid, Letter.kind, Letter.number)
        .where(Letter.complaint == complaint_id)
        .tuples(),
    )
    for uid, kind, number in letters:
        label = _label(LETTER_KIND_LABELS, LetterKind, kind)
        units[str(uid)] = f"{label} {to_persian_digits(str(number))}"
    return units


def history_note(entry: audit.HistoryEntry, unit_names: Mapping[str, str]) -> str:
    """What a step of a complaint's history changed, in a clerk's words: a status from and
    to, the unit a referral went to, a letter's number, a closing's outcome."""
    before, after = entry.before or {}, entry.after or {}
    unit = unit_names.get(entry.entity_uid or "", "")
    match entry.action:
        case "complaint_status" | "complaint_closed":
            old = _label(STATUS_LABELS, Status, before.get("status"))
            new = _label(STATUS_LABELS, Status, after.get("status"))
            note = f"از «{old}» به «{new}»" if old and new and old != new else ""
            if entry.action == "complaint_closed" and after.get("outcome"):
                outcome = _label(OUTCOME_LABELS, Outcome, after.get("outcome"))
                note = "؛ ".join(part for part in (f"نتیجه: {outcome}", note) if part)
            return note
        case "referred" | "referral_paused" | "referral_resumed" | "referral_answered":
            return unit
        case "referral_reminded" | "referral_cancelled":
            return unit
        case "letter_issued" | "letter_voided":
            return unit  # the letter's kind and number
        case "satisfaction_recorded":
            return _label(SATISFACTION_LABELS, Satisfaction, after.get("satisfaction"))
        case "measure_recorded":
            return " — ".join(
                p for p in (_label(MEASURE_LABELS, MeasureKind, after.get("kind")), unit) if p
            )
    return ""


def _related_uids(complaint_id: int) -> list[str]:
    """The complaint's referrals, letters and measures: their events are its history too."""
    from db.models import Letter, Measure, Referral

    uids: list[str] = []
    for model in (Referral, Letter, Measure):
        query = model.select(model.uid).where(model.complaint == complaint_id)
        uids += [str(row.uid) for row in query]
    return uids


def _mask_identity(entry: audit.HistoryEntry) -> audit.HistoryEntry:
    def mask(values: dict[str, Any] | None) -> dict[str, Any] | None:
        if values is None:
            return None
        return {k: v for k, v in values.items() if k != "person"}

    return audit.HistoryEntry(
        entry.at,
        entry.username,
        entry.action,
        mask(entry.before),
        mask(entry.after),
        entry.entity_uid,
    )
