"""Referrals (ارجاع): a complaint sent to units, their deadlines, responses and reminders.

Deadlines count working days on the office calendar. While the office waits on the
complainant the clock can be paused; when it resumes, the due date moves later by the
working days it stood still. Each referral and each reminder is a numbered letter in the
secretariat, archived as printed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from peewee import SQL, fn

from app import audit, files, jalali, letterhead, office_calendar
from app.addressing import unit_head_line
from app.errors import NotFound, ValidationError
from app.letterhead import TemplateKind
from app.paging import Sort, keyset
from app.permissions import Action, Session, require
from app.persian import clean_line, clean_text
from app.secretariat import CopyLine, LetterInfo, LetterKind, LetterRequest, issue_letter
from app.tracking import format_tracking_code
from app.vocabulary import CopyPurpose, Identity, ReferralStatus, Status
from db.connection import execute, is_postgres, write_transaction
from db.models import Complaint, Letter, Referral, Unit, model_to_dict

MAX_INSTRUCTIONS = 2_000
MAX_RESPONSE = 20_000


@dataclass(frozen=True)
class ReferralRequest:
    complaint_id: int
    unit_ids: tuple[int, ...]
    instructions: str = ""
    deadline_days: int | None = None  # the office's default when not given
    copies: tuple[CopyLine, ...] = ()


@dataclass(frozen=True)
class ReferralInfo:
    id: int
    complaint_id: int
    tracking_code: str
    subject: str
    unit_id: int
    unit_name: str
    instructions: str
    referred_on: dt.date
    deadline_days: int
    due_on: dt.date
    status: ReferralStatus
    paused_since: dt.date | None
    paused_days: int
    answered_on: dt.date | None
    response_text: str | None
    response_number: str | None
    response_file: str | None  # sha256 of the scanned response
    reminders: int
    last_reminder_on: dt.date | None
    letter_id: int | None  # the referral letter
    letter_number: str | None


@dataclass(frozen=True)
class ResponseInput:
    referral_id: int
    answered_on: dt.date | None
    text: str
    letter_number: str = ""
    scan: bytes | None = None  # the unit's letter, PDF or image


@dataclass(frozen=True)
class OverdueItem:
    referral: ReferralInfo
    days_late: int  # working days past the due date


_UNREAD: Any = object()  # the referral letter is still to be read


def _info(
    referral: Referral, complaint: Complaint, unit: Unit, letter: Any = _UNREAD
) -> ReferralInfo:
    """``letter``: the referral's letter (id and number) when the caller has read it."""
    if letter is _UNREAD:
        letter = (
            Letter.select(Letter.id, Letter.number)
            .where(Letter.referral == referral.id, Letter.kind == LetterKind.REFERRAL.value)
            .order_by(Letter.id)
            .tuples()
            .first()
        )
    values = {
        **referral.__data__,
        "complaint": complaint.id,
        "tracking_code": complaint.tracking_code,
        "subject": complaint.subject,
        "unit": unit.id,
        "unit_name": unit.name,
    }
    return _info_from(values, letter)


def _info_from(row: dict[str, Any], letter: tuple[Any, Any] | None) -> ReferralInfo:
    """A referral from its row's values (its own fields by name, and its complaint's
    ``tracking_code`` and ``subject`` and its unit's ``unit_name``) and its letter's id and
    number."""
    return ReferralInfo(
        id=int(row["id"]),
        complaint_id=int(row["complaint"]),
        tracking_code=str(row["tracking_code"]),
        subject=str(row["subject"]),
        unit_id=int(row["unit"]),
        unit_name=str(row["unit_name"]),
        instructions=str(row["instructions"]),
        referred_on=row["referred_on"],
        deadline_days=int(row["deadline_days"]),
        due_on=row["due_on"],
        status=ReferralStatus(row["status"]),
        paused_since=row.get("paused_since"),
        paused_days=int(row["paused_days"]),
        answered_on=row.get("answered_on"),
        response_text=row.get("response_text"),
        response_number=row.get("response_number"),
        response_file=row.get("response_file"),
        reminders=int(row["reminders"]),
        last_reminder_on=row.get("last_reminder_on"),
        letter_id=int(letter[0]) if letter else None,
        letter_number=str(letter[1]) if letter else None,
    )


def _info_of(referral: Referral) -> ReferralInfo:
    return _info(referral, referral.complaint, referral.unit)


def _infos_where(condition: Any, order: Any = None) -> list[ReferralInfo]:
    """The referrals under ``condition`` as plain values (a list's page builds no model
    objects): with their complaint's code and subject, their unit's name and their letter."""
    query = (
        Referral.select(
            Referral, Complaint.tracking_code, Complaint.subject, Unit.name.alias("unit_name")
        )
        .join(Complaint, on=(Referral.complaint == Complaint.id))
        .switch(Referral)
        .join(Unit, on=(Referral.unit == Unit.id))
        .where(condition)
    )
    if order is not None:
        query = query.order_by(order)
    rows: list[dict[str, Any]] = list(query.dicts())  # type: ignore[arg-type]
    letters = _referral_letters([int(row["id"]) for row in rows])
    return [_info_from(row, letters.get(int(row["id"]))) for row in rows]


def _referral_letters(referral_ids: list[int]) -> dict[int, tuple[Any, Any]]:
    """Each referral's letter (id and number), read in one query for a list's page."""
    letters: dict[int, tuple[Any, Any]] = {}
    if referral_ids:
        # The kind is checked here: a referral has a few letters, and "kind = ?" in the
        # query tempts SQLite into reading every referral letter through letter_kind.
        query = Letter.select(Letter.id, Letter.number, Letter.referral, Letter.kind).where(
            Letter.referral.in_(referral_ids)
        )
        found: list[tuple[Any, ...]] = list(query.tuples())  # type: ignore[arg-type]
        for key, number, referral, kind in sorted(found, key=lambda x: -int(x[0])):
            if kind == LetterKind.REFERRAL.value:  # the first one wins
                letters[int(referral)] = (key, number)
    return letters


def referrals_for(session: Session, complaint_id: int) -> list[ReferralInfo]:
    require(session, Action.VIEW_COMPLAINTS)
    return _infos_where(Referral.complaint == complaint_id, Referral.id)


def get_referral(session: Session, referral_id: int) -> ReferralInfo:
    require(session, Action.VIEW_COMPLAINTS)
    return _info_of(_referral(referral_id))


def _referral(referral_id: int) -> Referral:
    referral = Referral.get_or_none(Referral.id == referral_id)
    if referral is None:
        raise NotFound("ارجاع پیدا نشد.")
    return referral


# --------------------------------------------------------------------------- #
# Letter wording


def complainant_label(complaint: Complaint) -> str:
    """How letters name the complainant: only a named complainant's name is ever printed."""
    if complaint.identity == Identity.NAMED.value and complaint.person is not None:
        return str(complaint.person.full_name)
    return "شاکی (هویت نزد این دفتر محفوظ است)"


def complaint_values(complaint: Complaint) -> dict[str, str]:
    from app import office

    info = office.office_info()
    return {
        "کد_رهگیری": format_tracking_code(str(complaint.tracking_code)),
        "موضوع": str(complaint.subject),
        "شرح": str(complaint.description),
        "تاریخ_ثبت": jalali.format_date(complaint.received_on),
        "شاکی": complainant_label(complaint),
        "دفتر": info.name if info else "",
    }


def _referral_values(referral: Referral, today: dt.date) -> dict[str, str]:
    calendar = office_calendar.load_calendar()
    first = (
        Letter.select()
        .where(Letter.referral == referral.id, Letter.kind == LetterKind.REFERRAL.value)
        .order_by(Letter.id)
        .first()
    )
    return complaint_values(referral.complaint) | {
        "واحد": str(referral.unit.name),
        "دستور": str(referral.instructions),
        "مهلت_روز": str(referral.deadline_days),
        "مهلت": jalali.format_date(referral.due_on),
        **_referral_citation(referral, first),
        "روز_تاخیر": str(max(0, calendar.working_days_between(referral.due_on, today))),
        "نوبت_پیگیری": str(int(referral.reminders)),
    }


NO_NUMBER = "بدون شماره"


def reminder_subject(code: str, escalate: bool) -> str:
    """A reminder's subject, or an escalation's, which the register tells apart."""
    if escalate:
        return f"تذکر درباره‌ی تأخیر در پاسخ شکایت به شماره‌ی رهگیری {code}"
    return f"پیگیری پاسخ شکایت به شماره‌ی رهگیری {code}"


def _referral_citation(referral: Referral, letter: Letter | None) -> dict[str, str]:
    if letter is not None:
        return citation_values(str(letter.number), letter.letter_date)
    return citation_values(None, referral.referred_on)


def citation_values(number: str | None, day: dt.date) -> dict[str, str]:
    """How a later letter cites the referral: its letter's number and date, or, for a
    referral that has no letter (made before letters were numbered, or received from
    central), its own date with no number phrase. Never an empty slot."""
    date = jalali.format_date(day)
    if number is not None:
        return {
            "شماره_ارجاع": number,
            "تاریخ_ارجاع": date,
            "سابقه_ارجاع": f"نامه‌ی شماره‌ی {number} مورخ {date}",
        }
    return {"شماره_ارجاع": NO_NUMBER, "تاریخ_ارجاع": date, "سابقه_ارجاع": f"ارجاع مورخ {date}"}


def _addressee_person(unit: Unit) -> str:
    return unit_head_line(str(unit.name), unit.head_name, unit.head_title)


# --------------------------------------------------------------------------- #
# Referring


def _validated_units(unit_ids: tuple[int, ...], complaint: Complaint) -> list[Unit]:
    if not unit_ids:
        raise ValidationError({"units": "دست‌کم یک واحد برای ارجاع انتخاب کنید."})
    if len(set(unit_ids)) != len(unit_ids):
        raise ValidationError({"units": "یک واحد دو بار انتخاب شده است."})
    units = list(Unit.select().where(Unit.id.in_(unit_ids), Unit.active))
    if len(units) != len(unit_ids):
        raise ValidationError({"units": "واحد انتخاب‌شده پیدا نشد یا غیرفعال است."})
    already = {
        r.__data__["unit"]
        for r in Referral.select(Referral.unit).where(
            Referral.complaint == complaint.id, Referral.status == ReferralStatus.OPEN.value
        )
    }
    taken = [u for u in units if u.id in already]
    if taken:
        raise ValidationError({"units": f"ارجاع به «{taken[0].name}» هنوز باز است."})
    return sorted(units, key=lambda u: unit_ids.index(u.id))


def _open_complaint(complaint_id: int) -> Complaint:
    complaint = Complaint.get_or_none(Complaint.id == complaint_id)
    if complaint is None:
        raise NotFound("شکایت پیدا نشد.")
    if complaint.status == Status.CLOSED.value:
        raise ValidationError({"complaint": "این شکایت مختومه است."})
    return complaint


def _set_status(complaint: Complaint, status: Status, username: str) -> None:
    if complaint.status == status.value:
        return
    before = model_to_dict(complaint)
    complaint.status = status.value
    complaint.touch()
    complaint.save()
    audit.record(
        username,
        "complaint_status",
        "complaint",
        str(complaint.uid),
        before,
        model_to_dict(complaint),
    )
    audit.journal(complaint, "update")


def refer(session: Session, request: ReferralRequest) -> list[ReferralInfo]:
    """Refer a complaint to one or more units; each gets its numbered, archived letter."""
    require(session, Action.REFER)
    instructions = clean_text(request.instructions)
    if len(instructions) > MAX_INSTRUCTIONS:
        raise ValidationError({"instructions": "دستور ارجاع بیش از ۲۰۰۰ نویسه است."})
    days = request.deadline_days
    if days is None:
        days = letterhead.default_deadline_days()
    problem = letterhead.deadline_problem(days)
    if problem:
        raise ValidationError({"deadline_days": problem})
    today = jalali.today()
    due = office_calendar.load_calendar().add_working_days(today, days)
    created: list[Referral] = []
    with write_transaction():
        complaint = _open_complaint(request.complaint_id)
        for unit in _validated_units(request.unit_ids, complaint):
            created.append(
                _create_referral(session, complaint, unit, instructions, days, today, due, request)
            )
        _set_status(complaint, Status.REFERRED, session.username)
    return [_info_of(r) for r in created]


def _create_referral(
    session: Session,
    complaint: Complaint,
    unit: Unit,
    instructions: str,
    days: int,
    today: dt.date,
    due: dt.date,
    request: ReferralRequest,
) -> Referral:
    referral = Referral.create(
        complaint=complaint.id,
        unit=unit.id,
        instructions=instructions,
        referred_on=today,
        deadline_days=days,
        due_on=due,
        referred_by=session.user_id,
    )
    audit.record(
        session.username, "referred", "referral", str(referral.uid), after=model_to_dict(referral)
    )
    audit.journal(referral, "insert")
    body = letterhead.fill(TemplateKind.REFERRAL, _referral_values(referral, today))
    code = format_tracking_code(str(complaint.tracking_code))
    issue_letter(
        session,
        LetterRequest(
            kind=LetterKind.REFERRAL,
            recipient=str(unit.name),
            subject=f"ارجاع شکایت به شماره‌ی رهگیری {code}",
            letter_date=today,
            complaint_id=int(complaint.id),
            body=body,
            addressee_person=_addressee_person(unit),
            copies=request.copies,
            referral_id=int(referral.id),
        ),
    )
    return referral


# --------------------------------------------------------------------------- #
# Pausing the clock


def pause(session: Session, complaint_id: int, reason: str) -> list[ReferralInfo]:
    """Stop the clock on every open referral while the office waits on the complainant."""
    require(session, Action.REFER)
    text = clean_line(reason)
    if not text:
        raise ValidationError({"reason": "دلیل توقف مهلت را بنویسید."})
    with write_transaction():
        running = list(
            Referral.select().where(
                Referral.complaint == complaint_id,
                Referral.status == ReferralStatus.OPEN.value,
                Referral.paused_since.is_null(),
            )
        )
        if not running:
            raise ValidationError({"reason": "ارجاع بازی که مهلتش در جریان باشد وجود ندارد."})
        for referral in running:
            _change(session, referral, "referral_paused", {"paused_since": jalali.today()}, text)
    return referrals_for(session, complaint_id)


def resume(session: Session, complaint_id: int) -> list[ReferralInfo]:
    """Restart the clock; each due date moves later by the working days it stood still."""
    require(session, Action.REFER)
    with write_transaction():
        paused = list(
            Referral.select().where(
                Referral.complaint == complaint_id,
                Referral.status == ReferralStatus.OPEN.value,
                Referral.paused_since.is_null(False),
            )
        )
        if not paused:
            raise ValidationError({"reason": "مهلت هیچ ارجاعی متوقف نیست."})
        for referral in paused:
            _resume_one(session, referral)
    return referrals_for(session, complaint_id)


def _resume_one(session: Session, referral: Referral) -> None:
    calendar = office_calendar.load_calendar()
    paused_since = referral.paused_since or jalali.today()
    stood = max(0, calendar.working_days_between(paused_since, jalali.today()))
    changes: dict[str, object] = {
        "paused_since": None,
        "paused_days": int(referral.paused_days) + stood,
        "due_on": calendar.add_working_days(referral.due_on, stood),
    }
    _change(session, referral, "referral_resumed", changes)


def _change(
    session: Session,
    referral: Referral,
    action: str,
    changes: Mapping[str, object],
    note: str | None = None,
) -> None:
    before = model_to_dict(referral)
    for name, value in changes.items():
        setattr(referral, name, value)
    referral.response_days = None  # worked out again by the reports (app.reports.response_days)
    referral.touch()
    referral.save()
    after = model_to_dict(referral) | ({"note": note} if note else {})
    audit.record(session.username, action, "referral", str(referral.uid), before, after)
    audit.journal(referral, "update")


# --------------------------------------------------------------------------- #
# Responses


def record_response(session: Session, response: ResponseInput) -> ReferralInfo:
    """The unit answered: its letter's date, text, number and scan; the referral is answered."""
    require(session, Action.RECORD_RESPONSE)
    text = clean_text(response.text)
    number = clean_line(response.letter_number)
    answered_on = response.answered_on or jalali.today()
    errors: dict[str, str] = {}
    if not text:
        errors["text"] = "خلاصه‌ی پاسخ واحد را بنویسید."
    elif len(text) > MAX_RESPONSE:
        errors["text"] = "متن پاسخ بیش از اندازه طولانی است."
    if len(number) > 60:
        errors["letter_number"] = "شماره‌ی نامه‌ی واحد بیش از اندازه طولانی است."
    if answered_on > jalali.today():
        errors["answered_on"] = "تاریخ پاسخ نمی‌تواند در آینده باشد."
    media_type = files.media_type_of(response.scan) if response.scan is not None else None
    if response.scan is not None and media_type is None:
        errors["scan"] = "پیوست باید PDF یا تصویر (PNG، JPEG، TIFF) باشد."
    if errors:
        raise ValidationError(errors)
    with write_transaction():
        referral = _referral(response.referral_id)
        if referral.status != ReferralStatus.OPEN.value:
            raise ValidationError({"text": "این ارجاع باز نیست."})
        if answered_on < referral.referred_on:
            raise ValidationError({"answered_on": "تاریخ پاسخ پیش از تاریخ ارجاع است."})
        scan_sha = None
        if response.scan is not None and media_type is not None:
            scan_sha = files.store(response.scan, media_type).sha256
        changes = {
            "status": ReferralStatus.ANSWERED.value,
            "answered_on": answered_on,
            "response_text": text,
            "response_number": number or None,
            "response_file": scan_sha,
            "response_by": session.user_id,
            "paused_since": None,
        }
        _change(session, referral, "referral_answered", changes)
        _mark_answered_when_done(referral.complaint, session.username)
    return _info_of(referral)


def _mark_answered_when_done(complaint: Complaint, username: str) -> None:
    still_open = (
        Referral.select()
        .where(Referral.complaint == complaint.id, Referral.status == ReferralStatus.OPEN.value)
        .exists()
    )
    if not still_open and complaint.status == Status.REFERRED.value:
        _set_status(complaint, Status.ANSWERED, username)


def response_scan(session: Session, referral_id: int) -> tuple[bytes, str]:
    """The scanned response letter and its media type."""
    require(session, Action.VIEW_COMPLAINTS)
    sha = _referral(referral_id).__data__.get("response_file")
    if not sha:
        raise NotFound("برای این پاسخ پیوستی ثبت نشده است.")
    info = files.info(str(sha))
    return files.load(str(sha)), info.media_type if info else files.PDF


# --------------------------------------------------------------------------- #
# The overdue queue and reminders


def _overdue_condition(today: dt.date) -> Any:
    """The open referrals not paused, past ``today``: the condition of the partial index
    referral_overdue (migrations 0011 and 0012), read through it.

    On SQLite the status is marked as matching most referrals: statistics sampled with an
    analysis limit take "status = 'open'" for a handful of rows and read the referral_status
    index instead, every open referral of the office, sorted again for each page.
    """
    status: Any = Referral.status == ReferralStatus.OPEN.value
    if not is_postgres():
        status = fn.likelihood(status, SQL("0.9"))  # a constant, not a parameter
    return status & Referral.paused_since.is_null() & (Referral.due_on < today)


_NO_REMINDER = dt.date(1, 1, 1)  # orders the referrals never reminded before the others

# The overdue queue's orders: the expression, and whether it runs against the column's
# direction ("most days late" first is the earliest due date first).
OVERDUE_ORDERS: dict[str, tuple[Any, bool]] = {
    "days_late": (Referral.due_on, True),
    "due_on": (Referral.due_on, False),
    "referred_on": (Referral.referred_on, False),
    # An office's tracking codes are its serials in order, given out with its complaint ids
    # under the one write lock (registration): the complaint id orders them from the index.
    "tracking_code": (Referral.complaint, False),
    "subject": (Complaint.subject, False),
    "unit": (Unit.name, False),
    "reminders": (Referral.reminders, False),
    "last_reminder": (fn.COALESCE(Referral.last_reminder_on, _NO_REMINDER), False),
}
MOST_LATE_FIRST = Sort("days_late", descending=True)


def _overdue_values(key: str, item: OverdueItem) -> tuple[object, int]:
    info = item.referral
    values: dict[str, object] = {
        "days_late": info.due_on,
        "due_on": info.due_on,
        "referred_on": info.referred_on,
        "tracking_code": info.complaint_id,
        "subject": info.subject,
        "unit": info.unit_name,
        "reminders": info.reminders,
        "last_reminder": info.last_reminder_on or _NO_REMINDER,
    }
    return values[key], info.id


def overdue(
    session: Session,
    today: dt.date | None = None,
    *,
    sort: Sort = MOST_LATE_FIRST,
    after: OverdueItem | None = None,
    limit: int | None = None,
) -> list[OverdueItem]:
    """Open referrals past their due date (paused ones excluded), the latest first unless
    ``sort`` says otherwise; a page of ``limit`` after ``after``, or all of them."""
    require(session, Action.VIEW_COMPLAINTS)
    if sort.key not in OVERDUE_ORDERS:
        raise ValueError(sort.key)
    today = today or jalali.today()
    calendar = office_calendar.load_calendar()
    expression, inverted = OVERDUE_ORDERS[sort.key]
    cursor = _overdue_values(sort.key, after) if after is not None else None
    descending = sort.descending != inverted
    if sort.key == "subject" and not is_postgres():
        ids = _overdue_ids_by_subject(today, descending, cursor, limit)
    else:
        ids = _overdue_ids(sort.key, expression, today, descending, cursor, limit)
    infos = {info.id: info for info in _infos_where(Referral.id.in_(ids))} if ids else {}
    return [
        OverdueItem(info, max(1, calendar.working_days_between(info.due_on, today)))
        for info in (infos[i] for i in ids if i in infos)
    ]


def _overdue_ids(
    key: str,
    expression: Any,
    today: dt.date,
    descending: bool,
    cursor: tuple[object, int] | None,
    limit: int | None,
) -> list[int]:
    """A page of overdue referral ids in ``expression``'s order: the ids first, sorting only
    the order's value and the id (an order the index does not give sorts every overdue
    referral: whole rows would cost their weight in memory and time)."""
    query = Referral.select(Referral.id)
    if key == "subject":
        query = query.join(Complaint, on=(Referral.complaint == Complaint.id))
    elif key == "unit":
        query = query.join(Unit, on=(Referral.unit == Unit.id))
    order = (expression, Referral.id)
    query = keyset(query.where(_overdue_condition(today)), order, cursor, descending)
    if limit is not None:
        query = query.limit(limit)
    return [int(row.id) for row in query]


def _overdue_ids_by_subject(
    today: dt.date, descending: bool, cursor: tuple[object, int] | None, limit: int | None
) -> list[int]:
    """SQLite: the overdue referrals in their complaints' subject order, walking the subjects'
    index (migration 0012) and keeping the complaints with an overdue referral: a page reads
    a few thousand index entries instead of sorting all 61,000 overdue referrals' subjects.
    The range on the subject, even an open one, keeps SQLite from first building a filter
    over every referral of the office."""
    direction, after = ("DESC", "<") if descending else ("ASC", ">")
    sql = (
        "SELECT r.id FROM complaint AS c INDEXED BY complaint_subject "
        "CROSS JOIN referral AS r ON r.complaint_id = c.id "
        "WHERE likelihood(r.status = ?, 0.9) AND r.paused_since IS NULL AND r.due_on < ? "
    )
    params: list[object] = [ReferralStatus.OPEN.value, today.isoformat()]
    if cursor is None:
        sql += "AND c.subject >= '' "
    else:
        sql += f"AND (c.subject, r.id) {after} (?, ?) "
        params += [cursor[0], cursor[1]]
    sql += f"ORDER BY c.subject {direction}, r.id {direction}"
    if limit is not None:
        sql += f" LIMIT {int(limit)}"
    return [int(row[0]) for row in execute(sql, params)]


def count_overdue(session: Session, today: dt.date | None = None) -> int:
    require(session, Action.VIEW_COMPLAINTS)
    today = today or jalali.today()
    return int(Referral.select().where(_overdue_condition(today)).count())


def send_reminder(session: Session, referral_id: int, *, escalate: bool = False) -> LetterInfo:
    """A numbered reminder to the unit, or with ``escalate`` to its superior unit."""
    require(session, Action.ISSUE_LETTER)
    today = jalali.today()
    with write_transaction():
        referral = _referral(referral_id)
        if referral.status != ReferralStatus.OPEN.value:
            raise ValidationError({"referral": "این ارجاع باز نیست."})
        if referral.paused_since is not None:
            raise ValidationError({"referral": "مهلت این ارجاع متوقف است."})
        if referral.due_on >= today:
            raise ValidationError({"referral": "مهلت این ارجاع هنوز تمام نشده است."})
        if referral.last_reminder_on == today and not escalate:
            # A second click must not issue a second numbered letter.
            raise ValidationError({"referral": "امروز برای این ارجاع نامه‌ی پیگیری صادر شده است."})
        unit = referral.unit
        recipient = unit
        copies: tuple[CopyLine, ...] = ()
        if escalate:
            if unit.parent is None:
                raise ValidationError(
                    {"referral": f"برای «{unit.name}» واحد بالادستی ثبت نشده است."}
                )
            if not unit.parent.active:
                raise ValidationError(
                    {"referral": f"واحد بالادست «{unit.parent.name}» غیرفعال است."}
                )
            recipient = unit.parent
            copies = (CopyLine(str(unit.name), CopyPurpose.ACTION),)
        values = _referral_values(referral, today)  # the follow-ups before this letter
        _change(
            session,
            referral,
            "referral_reminded",
            {"reminders": int(referral.reminders) + 1, "last_reminder_on": today},
        )
        kind = TemplateKind.ESCALATION if escalate else TemplateKind.REMINDER
        code = format_tracking_code(str(referral.complaint.tracking_code))
        return issue_letter(
            session,
            LetterRequest(
                kind=LetterKind.ESCALATION if escalate else LetterKind.REMINDER,
                recipient=str(recipient.name),
                subject=reminder_subject(code, escalate),
                letter_date=today,
                complaint_id=int(referral.complaint.id),
                body=letterhead.fill(kind, values),
                addressee_person=_addressee_person(recipient),
                copies=copies,
                referral_id=int(referral.id),
            ),
        )
