"""The secretariat (دبیرخانه): outgoing letters, numbered per Jalali year, never reused.

A number is allocated inside the write transaction that registers the letter, so two users
issuing letters at the same moment get consecutive numbers with no gap and no repeat. A
cancelled letter keeps its number and is marked void.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import re
import string
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from peewee import fn

from app import audit, counters, files, jalali, letter_search, letterhead, office
from app.errors import NotFound, ValidationError
from app.paging import COUNT_CAP, Count, Sort, capped_count, keyset, through
from app.permissions import Action, Session, require
from app.persian import clean_line, clean_text, isolated, to_ascii_digits
from app.tracking import OFFICE_DIGITS
from app.vocabulary import COPY_PURPOSE_LABELS, CopyPurpose
from db.connection import write_transaction
from db.models import Complaint, Letter, Office, Referral, model_to_dict

PATTERN_SETTING = "letters.number_pattern"
# The number pattern's placeholders, in Persian as the letter templates' are; the English
# names of earlier versions still work in a stored pattern and are shown in Persian.
PATTERN_NAMES: dict[str, str] = {
    "seq": "شماره",
    "office": "کد_دفتر",
    "year": "سال",
    "yy": "سال_کوتاه",
}
PATTERN_FIELDS = frozenset(PATTERN_NAMES) | frozenset(PATTERN_NAMES.values())
DEFAULT_PATTERN = "{شماره}/{کد_دفتر}/{سال}"
_PATTERN_TEXT = re.compile(r"[0-9A-Za-z/\-_. {}\u0600-\u06ff]*")


MAX_BODY = 200_000
NO_ATTACHMENT = "ندارد"


class LetterKind(StrEnum):
    REFERRAL = "referral"
    REMINDER = "reminder"
    ESCALATION = "escalation"  # a reminder to the unit's superior (earlier ones: "reminder")
    REPLY = "reply"
    RECEIPT = "receipt"
    MINUTES = "minutes"


LETTER_KIND_LABELS: dict[LetterKind, str] = {
    LetterKind.REFERRAL: "ارجاع",
    LetterKind.REMINDER: "پیگیری",
    LetterKind.ESCALATION: "تذکر به مقام بالاتر",
    LetterKind.REPLY: "پاسخ به شاکی",
    LetterKind.RECEIPT: "رسید",
    LetterKind.MINUTES: "صورتجلسه",
}


@dataclass(frozen=True)
class CopyLine:
    """One line of the copy-to list (رونوشت)."""

    recipient: str
    purpose: CopyPurpose


@dataclass(frozen=True)
class LetterRequest:
    kind: LetterKind
    recipient: str
    subject: str
    letter_date: dt.date | None = None  # today when not given
    signer: str | None = None
    complaint_id: int | None = None
    body: str = ""
    addressee_person: str | None = None  # the unit head under the addressee
    attachment: str = NO_ATTACHMENT
    copies: tuple[CopyLine, ...] = ()
    referral_id: int | None = None


@dataclass(frozen=True)
class LetterInfo:
    id: int
    number: str
    year: int
    seq: int
    kind: LetterKind
    letter_date: dt.date
    recipient: str
    subject: str
    signer: str | None
    complaint_id: int | None
    void: bool
    void_reason: str | None
    referral_id: int | None
    pdf_sha256: str | None
    printed: bool


def _info(letter: Letter) -> LetterInfo:
    return LetterInfo(
        id=int(letter.id),
        number=str(letter.number),
        year=int(letter.year),
        seq=int(letter.seq),
        kind=LetterKind(letter.kind),
        letter_date=letter.letter_date,
        recipient=str(letter.recipient),
        subject=str(letter.subject),
        signer=letter.signer,
        complaint_id=letter.__data__.get("complaint"),
        void=bool(letter.void),
        void_reason=letter.void_reason,
        referral_id=letter.__data__.get("referral"),
        pdf_sha256=letter.__data__.get("pdf"),
        printed=letter.printed_at is not None,
    )


def pattern_problem(pattern: str) -> str | None:
    """Why ``pattern`` cannot number letters (a Persian message), or None when it can."""
    if not _PATTERN_TEXT.fullmatch(pattern) or len(pattern) > 40:
        return "الگوی شماره فقط می‌تواند رقم، حرف، / - _ . و جای‌نگهدارها را داشته باشد."
    try:
        fields = {name for _, name, _, _ in string.Formatter().parse(pattern) if name is not None}
    except ValueError:
        return "آکولادهای الگوی شماره جفت نیستند."
    if not fields & {"seq", PATTERN_NAMES["seq"]}:
        sequence = isolated("{" + PATTERN_NAMES["seq"] + "}")
        return f"الگوی شماره باید {sequence} (شماره‌ی ترتیبی نامه) را داشته باشد."
    if not fields <= PATTERN_FIELDS:
        allowed = [isolated("{" + name + "}") for name in PATTERN_NAMES.values()]
        return f"جای‌نگهدارهای مجاز: {'، '.join(allowed[:3])} و {allowed[3]}."
    return None


def persian_pattern(pattern: str) -> str:
    """``pattern`` with its placeholders in Persian ({seq} of an earlier version: {شماره})."""
    for english, persian in PATTERN_NAMES.items():
        pattern = pattern.replace("{" + english + "}", "{" + persian + "}")
    return pattern


def format_number(pattern: str, seq: int, office_code: int, year: int) -> str:
    """A letter's number; the office code as the office writes it, with its leading zeros
    (0123, as in its tracking codes), not as a bare number."""
    values = {
        "seq": seq,
        "office": f"{office_code:0{OFFICE_DIGITS}d}",
        "year": year,
        "yy": f"{year % 100:02d}",
    }
    return pattern.format(**values, **{PATTERN_NAMES[k]: v for k, v in values.items()})


def next_seq(year: int) -> int:
    """The sequence number the next letter of ``year`` will take (for showing, not issuing)."""
    return counters.peek(f"letter_seq:{year}") + 1


def number_pattern() -> str:
    return office.get_setting(PATTERN_SETTING, DEFAULT_PATTERN) or DEFAULT_PATTERN


def set_number_pattern(session: Session, pattern: str) -> None:
    require(session, Action.MANAGE_OFFICE)
    text = persian_pattern(clean_line(to_ascii_digits(pattern)))
    problem = pattern_problem(text)
    if problem is not None:
        raise ValidationError({"pattern": problem})
    office.set_setting(session, PATTERN_SETTING, text)


def _validated(request: LetterRequest) -> tuple[str, str, str | None, dt.date]:
    errors: dict[str, str] = {}
    recipient, subject = clean_line(request.recipient), clean_line(request.subject)
    signer = clean_line(request.signer or "") or None
    if not recipient:
        errors["recipient"] = "گیرنده‌ی نامه را وارد کنید."
    elif len(recipient) > 300:
        errors["recipient"] = "نام گیرنده بیش از اندازه طولانی است."
    if not subject:
        errors["subject"] = "موضوع نامه را وارد کنید."
    elif len(subject) > 300:
        errors["subject"] = "موضوع نامه بیش از ۳۰۰ نویسه است."
    if signer is not None and len(signer) > 200:
        errors["signer"] = "نام امضاکننده بیش از اندازه طولانی است."
    if len(request.body) > MAX_BODY:
        errors["body"] = "متن نامه بیش از اندازه طولانی است."
    for copy in request.copies:
        if not clean_line(copy.recipient) or len(clean_line(copy.recipient)) > 300:
            errors["copies"] = "نام هر گیرنده‌ی رونوشت را کامل و کوتاه‌تر از ۳۰۰ نویسه بنویسید."
    letter_date = request.letter_date or jalali.today()
    if request.complaint_id is not None and not (
        Complaint.select().where(Complaint.id == request.complaint_id).exists()
    ):
        errors["complaint"] = "شکایت مربوط پیدا نشد."
    if errors:
        raise ValidationError(errors)
    return recipient, subject, signer, letter_date


def issue_letter(session: Session, request: LetterRequest) -> LetterInfo:
    """Register an outgoing letter under the next number of its Jalali year."""
    require(session, Action.ISSUE_LETTER)
    return register_letter(session, request)


def register_letter(session: Session, request: LetterRequest) -> LetterInfo:
    """Register a letter with no permission check of its own.

    For services that have checked their own permission (a box opening's minutes are
    recorded by data-entry staff, who may not issue letters in general).
    """
    recipient, subject, signer, letter_date = _validated(request)
    with write_transaction():
        office_row = Office.select().first()
        if office_row is None:
            raise ValidationError({"office": "دفتر هنوز راه‌اندازی نشده است."})
        year = jalali.to_jalali(letter_date)[0]
        seq = counters.bump(f"letter_seq:{year}")
        head = letterhead.load_letterhead()
        signer = signer or head.signer_name or session.full_name
        letter = Letter.create(
            number=format_number(number_pattern(), seq, int(office_row.code), year),
            year=year,
            seq=seq,
            kind=request.kind.value,
            letter_date=letter_date,
            recipient=recipient,
            subject=subject,
            signer=signer,
            complaint=request.complaint_id,
            referral=request.referral_id,
            issued_by=session.user_id,
            copy_to=json.dumps(
                [
                    {"recipient": clean_line(c.recipient), "purpose": c.purpose.value}
                    for c in request.copies
                ],
                ensure_ascii=False,
            ),
        )
        pdf = _render(letter, request, head)
        letter.pdf = files.store(pdf, files.PDF).sha256  # type: ignore[assignment]
        letter.save()
        audit.record(
            session.username,
            "letter_issued",
            "letter",
            str(letter.uid),
            after=model_to_dict(letter),
        )
        audit.journal(letter, "insert")
    return _info(letter)


def _render(letter: Letter, request: LetterRequest, head: letterhead.Letterhead) -> bytes:
    from app.pdf.letter import CopyTo, LetterDocument, render_letter  # heavy; letters only

    document = LetterDocument(
        office_name=head.office_title,
        number=str(letter.number),
        letter_date=letter.letter_date,
        attachment=clean_line(request.attachment) or NO_ATTACHMENT,
        addressee=str(letter.recipient),
        addressee_person=clean_line(request.addressee_person or "") or None,
        subject=str(letter.subject),
        body=clean_text(request.body),
        signer_name=str(letter.signer or ""),
        signer_title=head.signer_title,
        copies=tuple(
            CopyTo(clean_line(c.recipient), COPY_PURPOSE_LABELS[c.purpose]) for c in request.copies
        ),
        logo_png=letterhead.logo_bytes(head),
        footer=head.footer or None,
        title=f"{LETTER_KIND_LABELS[request.kind]} {letter.number}",
        # Minutes record what happened; they greet no one.
        salutation=None if request.kind is LetterKind.MINUTES else "با سلام و احترام",
    )
    return render_letter(document)


def letter_pdf(session: Session, letter_id: int) -> bytes:
    """The archived PDF of a letter, exactly as it was issued."""
    require(session, Action.VIEW_COMPLAINTS)
    letter = Letter.get_or_none(Letter.id == letter_id)
    if letter is None:
        raise NotFound("نامه پیدا نشد.")
    sha = letter.__data__.get("pdf")
    if not sha:
        raise NotFound("این نامه نسخه‌ی بایگانی‌شده ندارد.")
    return files.load(str(sha))


def letters_as_one_pdf(
    session: Session,
    letter_ids: Sequence[int],
    after_letter: Callable[[int], bool] | None = None,
) -> bytes | None:
    """The archived PDFs of ``letter_ids``, in that order, as one document: each letter's
    pages copied as issued, not drawn again (fifty letters take a fraction of a second).

    ``after_letter(done)`` runs after each letter; when it returns False the work stops and
    None is returned. Safe on a worker thread (it only reads).
    """
    require(session, Action.VIEW_COMPLAINTS)
    import pypdfium2  # only for this

    merged = pypdfium2.PdfDocument.new()
    try:
        for done, letter_id in enumerate(letter_ids, start=1):
            source = pypdfium2.PdfDocument(letter_pdf(session, letter_id))
            try:
                merged.import_pages(source)
            finally:
                source.close()
            if after_letter is not None and not after_letter(done):
                return None
        output = io.BytesIO()
        merged.save(output)
        return output.getvalue()
    finally:
        merged.close()


# The register's orders: each a column the list can be sorted by, as the fields it is
# ordered by (an index behind them); the letter's id breaks ties. A number is ordered as a
# number (its year, then its sequence), not as text, where 9/… would follow 10/….
LETTER_ORDERS: dict[str, tuple[Any, ...]] = {
    "number": (Letter.year, Letter.seq),
    "date": (Letter.letter_date,),
    "kind": (Letter.kind,),
    "recipient": (Letter.recipient,),
}
NEWEST_FIRST = Sort("date", descending=True)


def _order_values(sort: Sort, letter: LetterInfo) -> tuple[object, ...]:
    values: dict[str, tuple[object, ...]] = {
        "number": (letter.year, letter.seq),
        "date": (letter.letter_date,),
        "kind": (letter.kind.value,),
        "recipient": (letter.recipient,),
    }
    return (*values[sort.key], letter.id)


OLDEST_FIRST = Sort("issued")
QUEUE_ORDERS: dict[str, tuple[Any, ...]] = {"issued": (), **LETTER_ORDERS}


def _queue(kinds: Collection[LetterKind] | None) -> Any:
    query = Letter.select().where(Letter.printed_at.is_null(), ~Letter.void)
    if kinds is not None:
        # The kind wrapped, so that the queue is read through its own small index
        # (letter_unprinted), not through letter_kind's millions of printed letters.
        wrapped = fn.COALESCE(Letter.kind, "")
        query = query.where(wrapped.in_([kind.value for kind in kinds]))
    return query


def pending_prints(
    session: Session,
    kinds: Collection[LetterKind] | None = None,
    *,
    sort: Sort = OLDEST_FIRST,
    after: LetterInfo | None = None,
    limit: int | None = None,
) -> list[LetterInfo]:
    """Letters issued and not yet printed: the print queue, oldest first unless ``sort``
    says otherwise; a page of ``limit`` after ``after``, or all of them."""
    require(session, Action.ISSUE_LETTER)
    if sort.key not in QUEUE_ORDERS:
        raise ValueError(sort.key)
    order = (*QUEUE_ORDERS[sort.key], Letter.id)
    cursor: tuple[object, ...] | None = None
    if after is not None:
        cursor = (after.id,) if sort.key == "issued" else _order_values(sort, after)
    query = keyset(_queue(kinds), order, cursor, sort.descending)
    if limit is not None:
        query = query.limit(limit)
    return [_info(letter) for letter in query]


def count_pending_prints(session: Session, kinds: Collection[LetterKind] | None = None) -> int:
    require(session, Action.ISSUE_LETTER)
    return int(_queue(kinds).count())


def mark_printed(session: Session, letter_ids: list[int]) -> None:
    require(session, Action.ISSUE_LETTER)
    if not letter_ids:
        return
    from db.models import utc_now

    with write_transaction():
        Letter.update(printed_at=utc_now()).where(
            Letter.id.in_(letter_ids), Letter.printed_at.is_null()
        ).execute()


def letters_for_complaint(session: Session, complaint_id: int) -> list[LetterInfo]:
    require(session, Action.VIEW_COMPLAINTS)
    query = Letter.select().where(Letter.complaint == complaint_id).order_by(Letter.id)
    return [_info(letter) for letter in query]


def letters_for_referral(referral: Referral) -> list[LetterInfo]:
    query = Letter.select().where(Letter.referral == referral.id).order_by(Letter.id)
    return [_info(letter) for letter in query]


def void_letter(session: Session, letter_id: int, reason: str) -> LetterInfo:
    """Cancel a letter: it keeps its number, marked void with the reason."""
    require(session, Action.ISSUE_LETTER)
    text = clean_line(reason)
    if not text:
        raise ValidationError({"reason": "دلیل ابطال را بنویسید."})
    with write_transaction():
        letter = Letter.get_or_none(Letter.id == letter_id)
        if letter is None:
            raise NotFound("نامه پیدا نشد.")
        if letter.void:
            raise ValidationError({"reason": "این نامه پیش‌تر باطل شده است."})
        _void(session.username, letter, text)
    return _info(letter)


UNSENT_FOR_CANCELLED = "ارجاع لغو شد و این نامه پیش از چاپ باطل شد."


def void_unprinted_for_referral(username: str, referral_id: int) -> int:
    """Void the letters of a cancelled referral that were never printed (its referral
    letter, reminders waiting in the print queue): nobody is to send them now. Printed ones
    stay as sent. Runs inside the caller's transaction; returns how many were voided."""
    unprinted = Letter.select().where(
        Letter.referral == referral_id, Letter.printed_at.is_null(), ~Letter.void
    )
    letters = list(unprinted)
    for letter in letters:
        _void(username, letter, UNSENT_FOR_CANCELLED)
    return len(letters)


def _void(username: str, letter: Letter, reason: str) -> None:
    before = model_to_dict(letter)
    letter.void, letter.void_reason = True, reason[:300]
    letter.touch()
    letter.save()
    audit.record(
        username, "letter_voided", "letter", str(letter.uid), before, model_to_dict(letter)
    )
    audit.journal(letter, "update")


@dataclass(frozen=True)
class LetterFilter:
    """What the register is narrowed by: a fragment of the number or of the recipient (in
    any digits and spelling), and a range of letter dates (either end may be open)."""

    number: str | None = None
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    recipient: str | None = None


def _filtered(
    filters: LetterFilter,
    *,
    in_order: bool = True,
    rowids: tuple[int, int] | None = None,
) -> Any:
    """The letters under ``filters``; ``in_order`` when a page is read in the register's
    order, not counted; ``rowids``: the text matched among those ids only (a window)."""
    query = Letter.select()
    number, recipient = _fragments(filters)
    if number or recipient:
        letter_search.catch_up()
    if number:
        digits = to_ascii_digits(number)
        condition = letter_search.matching("number", number, in_order=in_order, rowids=rowids)
        if digits.isdigit():  # a sequence number alone: 45 finds 45/0123/1405
            condition = condition | (Letter.seq == int(digits))
        query = query.where(condition)
    if recipient:
        query = query.where(
            letter_search.matching("recipient", recipient, in_order=in_order, rowids=rowids)
        )
    return _dated(query, filters)


def _fragments(filters: LetterFilter) -> tuple[str, str]:
    return clean_line(filters.number or ""), clean_line(filters.recipient or "")


def _dated(query: Any, filters: LetterFilter) -> Any:
    if filters.date_from is not None:
        query = query.where(Letter.letter_date >= filters.date_from)
    if filters.date_to is not None:
        query = query.where(Letter.letter_date <= filters.date_to)
    return query


def find_letters(
    session: Session,
    filters: LetterFilter | None = None,
    *,
    sort: Sort = NEWEST_FIRST,
    after: LetterInfo | None = None,
    limit: int = 500,
    **fields: Any,
) -> list[LetterInfo]:
    """A page of the register in ``sort`` order after the letter ``after``, narrowed by
    ``filters`` (or the same fields given by name: ``number=``, ``recipient=``, …)."""
    require(session, Action.VIEW_COMPLAINTS)
    filters = filters or LetterFilter(**fields)
    if sort.key not in LETTER_ORDERS:
        raise ValueError(sort.key)
    order = (*LETTER_ORDERS[sort.key], Letter.id)
    cursor = _order_values(sort, after) if after is not None else None
    matches = _fewest_matches(filters)
    if matches is not None and matches > letter_search.COMMON:
        letters = _find_in_windows(filters, order, cursor, sort.descending, limit, matches)
    else:
        letters = list(keyset(_filtered(filters), order, cursor, sort.descending).limit(limit))
    return [_info(letter) for letter in letters]


DENSITY_CAP = 20_000  # matches counted to estimate how far apart they lie


def _fewest_matches(filters: LetterFilter) -> int | None:
    """The matches of the rarer text fragment (up to ``DENSITY_CAP`` + 1), or None when
    no fragment is looked up in the search index."""
    number, recipient = _fragments(filters)
    counts = [
        letter_search.how_many(column, fragment, DENSITY_CAP)
        for column, fragment in (("number", number), ("recipient", recipient))
        if fragment
    ]
    known = [count for count in counts if count is not None]
    return min(known) if known else None


# A fragment found in thousands of letters (a ministry's name, a common first name) is
# matched a window of the register at a time: the next letters in the list's order are
# bounded on the order's index, and the fragment's matches among their ids are read from
# the search index. Fetching every match to sort it for one page costs what the whole
# register holds (0.4-2 s for a ministry in a million-complaint office); a window costs
# what a page needs. The first window is sized for the page from how densely the fragment
# occurs; each empty-handed window after it is twice the last, up to WINDOW_CAP.
WINDOW_MIN = 2_000
WINDOW_CAP = 256_000
# Letters are numbered as they are issued, so a window of the register's date or number
# order holds ids close together. When they are scattered (an order by recipient), the
# window would ask the search index for nearly everything: that order reads the matches
# whole instead.
SPREAD = 50


def _find_in_windows(
    filters: LetterFilter,
    order: tuple[Any, ...],
    cursor: tuple[object, ...] | None,
    descending: bool,
    limit: int,
    matches: int,
) -> list[Letter]:
    found: list[Letter] = []
    letters = Letter.select(fn.MAX(Letter.id)).scalar() or 0
    size = max(WINDOW_MIN, min(WINDOW_CAP, 2 * limit * letters // max(matches, 1)))
    while len(found) < limit:
        window = _window(filters, order, cursor, descending, size)
        if window is None:
            break
        low, high, count, last = window
        if high - low > SPREAD * count:
            rest = keyset(_filtered(filters), order, cursor, descending)
            return found + list(rest.limit(limit - len(found)))
        page = keyset(_filtered(filters, rowids=(low, high)), order, cursor, descending)
        page = page.where(through(order, last, descending))
        got = list(page.limit(limit - len(found)))
        found += got
        if count < size:
            break
        cursor, size = last, min(size * 2, WINDOW_CAP)
    return found


def _window(
    filters: LetterFilter,
    order: tuple[Any, ...],
    cursor: tuple[object, ...] | None,
    descending: bool,
    size: int,
) -> tuple[int, int, int, tuple[object, ...]] | None:
    """The next ``size`` letters in ``order`` after ``cursor``, read on the order's index
    without leaving SQLite: their lowest and highest id, how many, and the last one's
    values in ``order``. None past the end."""
    ahead = keyset(_dated(Letter.select(Letter.id), filters), order, cursor, descending)
    inner = ahead.limit(size).alias("window")
    bounds: Any = (
        Letter.select(fn.MIN(inner.c.id), fn.MAX(inner.c.id), fn.COUNT(inner.c.id))
        .from_(inner)
        .tuples()
        .get()
    )
    low, high, count = bounds
    if not count:
        return None
    last = keyset(_dated(Letter.select(*order), filters), order, cursor, descending)
    # Not .get(): it pages from the first row, dropping the offset.
    [values] = list(last.offset(int(count) - 1).limit(1).tuples())
    return int(low), int(high), int(count), tuple(values)


def count_letters(session: Session, filters: LetterFilter | None = None) -> Count:
    """How many letters the register holds under ``filters`` (capped: "more than …")."""
    require(session, Action.VIEW_COMPLAINTS)
    filters = filters or LetterFilter()
    counted = _count_from_matches(filters)
    if counted is not None:
        return Count(min(counted, COUNT_CAP), counted > COUNT_CAP)
    return capped_count(_filtered(filters, in_order=False))


def _count_from_matches(filters: LetterFilter) -> int | None:
    """The count walked from the search index's matches, where it can be."""
    number, recipient = _fragments(filters)
    if number and to_ascii_digits(number).isdigit():
        return None  # a sequence number alone also finds letters by their seq
    fragments = {c: f for c, f in (("number", number), ("recipient", recipient)) if f}
    if not fragments:
        return None
    letter_search.catch_up()
    conditions: list[str] = []
    params: list[object] = []
    if filters.date_from is not None:
        conditions.append("letter.letter_date >= ?")
        params.append(filters.date_from.isoformat())
    if filters.date_to is not None:
        conditions.append("letter.letter_date <= ?")
        params.append(filters.date_to.isoformat())
    dated = (" AND ".join(conditions), params)
    return letter_search.count_matching(fragments, dated, COUNT_CAP)
