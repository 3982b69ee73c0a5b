"""The secretariat (دبیرخانه): outgoing letters, numbered per Jalali year, never reused.

A number is allocated inside the write transaction that registers the letter, so two users
issuing letters at the same moment get consecutive numbers with no gap and no repeat. A
cancelled letter keeps its number and is marked void.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import string
from collections.abc import Collection
from dataclasses import dataclass
from enum import StrEnum

from app import audit, counters, files, jalali, letterhead, office
from app.errors import NotFound, ValidationError
from app.permissions import Action, Session, require
from app.persian import clean_line, clean_text, normalize, to_ascii_digits
from app.vocabulary import COPY_PURPOSE_LABELS, CopyPurpose
from db.connection import write_transaction
from db.models import Complaint, Letter, Office, Referral, model_to_dict

PATTERN_SETTING = "letters.number_pattern"
DEFAULT_PATTERN = "{seq}/{office}/{year}"
PATTERN_FIELDS = frozenset({"seq", "office", "year", "yy"})
_PATTERN_TEXT = re.compile(r"[0-9A-Za-z/\-_. {}\u0600-\u06ff]*")


MAX_BODY = 200_000
NO_ATTACHMENT = "ندارد"


class LetterKind(StrEnum):
    REFERRAL = "referral"
    REMINDER = "reminder"
    REPLY = "reply"
    RECEIPT = "receipt"
    MINUTES = "minutes"


LETTER_KIND_LABELS: dict[LetterKind, str] = {
    LetterKind.REFERRAL: "ارجاع",
    LetterKind.REMINDER: "پیگیری",
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
    if "seq" not in fields:
        return "الگوی شماره باید {seq} (شماره‌ی ترتیبی) را داشته باشد."
    if not fields <= PATTERN_FIELDS:
        return "جای‌نگهدارهای مجاز: {seq}، {office}، {year} و {yy}."
    return None


def format_number(pattern: str, seq: int, office_code: int, year: int) -> str:
    return pattern.format(seq=seq, office=office_code, year=year, yy=f"{year % 100:02d}")


def next_seq(year: int) -> int:
    """The sequence number the next letter of ``year`` will take (for showing, not issuing)."""
    return counters.peek(f"letter_seq:{year}") + 1


def number_pattern() -> str:
    return office.get_setting(PATTERN_SETTING, DEFAULT_PATTERN) or DEFAULT_PATTERN


def set_number_pattern(session: Session, pattern: str) -> None:
    require(session, Action.MANAGE_OFFICE)
    text = clean_line(to_ascii_digits(pattern))
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


def pending_prints(
    session: Session, kinds: Collection[LetterKind] | None = None
) -> list[LetterInfo]:
    """Letters issued and not yet printed, oldest first: the print queue."""
    require(session, Action.ISSUE_LETTER)
    query = Letter.select().where(Letter.printed_at.is_null(), ~Letter.void)
    if kinds is not None:
        query = query.where(Letter.kind.in_([kind.value for kind in kinds]))
    return [_info(letter) for letter in query.order_by(Letter.id)]


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
        before = model_to_dict(letter)
        letter.void, letter.void_reason = True, text[:300]
        letter.touch()
        letter.save()
        audit.record(
            session.username,
            "letter_voided",
            "letter",
            str(letter.uid),
            before,
            model_to_dict(letter),
        )
        audit.journal(letter, "update")
    return _info(letter)


def find_letters(
    session: Session,
    *,
    number: str | None = None,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    recipient: str | None = None,
    limit: int = 500,
) -> list[LetterInfo]:
    """The register, newest first, narrowed by number, date range and recipient."""
    require(session, Action.VIEW_COMPLAINTS)
    query = Letter.select().order_by(Letter.letter_date.desc(), Letter.id.desc())
    if number:
        query = query.where(Letter.number.contains(clean_line(to_ascii_digits(number))))
    if date_from is not None:
        query = query.where(Letter.letter_date >= date_from)
    if date_to is not None:
        query = query.where(Letter.letter_date <= date_to)
    letters = [_info(letter) for letter in query.limit(limit if not recipient else 100_000)]
    if recipient:
        wanted = normalize(recipient)
        letters = [info for info in letters if wanted in normalize(info.recipient)][:limit]
    return letters
