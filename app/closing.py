"""Closing a complaint: the outcome, the reply to the complainant, satisfaction and measures.

The reply is a numbered, Jalali-dated letter. An anonymous complainant gets a reply slip
instead, handed over only against the tracking code. No letter ever prints the identity of
an anonymous or confidential complainant.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from app import audit, jalali, secretariat
from app.addressing import complainant_addressee
from app.errors import NotFound, ValidationError
from app.letterhead import TemplateKind, fill
from app.permissions import Action, Session, require
from app.persian import clean_line, clean_text
from app.referrals import complainant_label, complaint_values
from app.secretariat import LetterInfo, LetterKind, LetterRequest, issue_letter
from app.tracking import format_tracking_code
from app.vocabulary import (
    MEASURE_LABELS,
    OUTCOME_LABELS,
    OUTCOME_SENTENCES,
    Identity,
    MeasureKind,
    Outcome,
    ReferralStatus,
    Satisfaction,
    Status,
)
from db.connection import write_transaction
from db.models import Complaint, Measure, Referral, Unit, model_to_dict

MAX_REPLY = 20_000


@dataclass(frozen=True)
class ClosingRequest:
    complaint_id: int
    outcome: Outcome
    reason: str = ""  # required when not admissible
    reply_text: str = ""
    issue_reply: bool = True


@dataclass(frozen=True)
class Closing:
    outcome: Outcome | None
    outcome_reason: str | None
    closed_on: dt.date | None
    satisfaction: Satisfaction | None
    satisfaction_on: dt.date | None


@dataclass(frozen=True)
class MeasureInput:
    complaint_id: int
    unit_id: int
    kind: MeasureKind
    official_name: str = ""
    official_title: str = ""
    note: str = ""
    decided_on: dt.date | None = None


@dataclass(frozen=True)
class MeasureInfo:
    id: int
    complaint_id: int
    unit_id: int
    unit_name: str
    kind: MeasureKind
    kind_label: str
    official_name: str | None
    official_title: str | None
    note: str
    decided_on: dt.date


def _complaint(complaint_id: int) -> Complaint:
    complaint = Complaint.get_or_none(Complaint.id == complaint_id)
    if complaint is None:
        raise NotFound("شکایت پیدا نشد.")
    return complaint


def closing_of(session: Session, complaint_id: int) -> Closing:
    require(session, Action.VIEW_COMPLAINTS)
    c = _complaint(complaint_id)
    return Closing(
        Outcome(c.outcome) if c.outcome else None,
        c.outcome_reason,
        c.closed_on,
        Satisfaction(c.satisfaction) if c.satisfaction else None,
        c.satisfaction_on,
    )


def _checked_closing(request: ClosingRequest) -> tuple[str, str]:
    reason, reply = clean_text(request.reason), clean_text(request.reply_text)
    errors: dict[str, str] = {}
    if request.outcome is Outcome.NOT_ADMISSIBLE and not reason:
        errors["reason"] = "دلیل غیرقابل رسیدگی بودن را بنویسید."
    if len(reason) > 2_000:
        errors["reason"] = "دلیل بیش از ۲۰۰۰ نویسه است."
    if request.issue_reply and not reply:
        errors["reply_text"] = "متن پاسخ به شاکی را بنویسید."
    if len(reply) > MAX_REPLY:
        errors["reply_text"] = "متن پاسخ بیش از اندازه طولانی است."
    if errors:
        raise ValidationError(errors)
    return reason, reply


def close(session: Session, request: ClosingRequest) -> LetterInfo | None:
    """Close with an outcome; open referrals are cancelled; the reply letter when asked."""
    require(session, Action.CLOSE_COMPLAINT)
    reason, reply = _checked_closing(request)
    today = jalali.today()
    with write_transaction():
        complaint = _complaint(request.complaint_id)
        if complaint.status == Status.CLOSED.value:
            raise ValidationError({"outcome": "این شکایت پیش‌تر مختومه شده است."})
        _cancel_open_referrals(session, complaint)
        before = model_to_dict(complaint)
        complaint.outcome = request.outcome.value
        complaint.outcome_reason = reason or None
        complaint.closed_on = today
        complaint.status = Status.CLOSED.value
        complaint.touch()
        complaint.save()
        audit.record(
            session.username,
            "complaint_closed",
            "complaint",
            str(complaint.uid),
            before,
            model_to_dict(complaint),
        )
        audit.journal(complaint, "update")
        if not request.issue_reply:
            return None
        return _issue_reply(session, complaint, reply, today)


def _cancel_open_referrals(session: Session, complaint: Complaint) -> None:
    for referral in Referral.select().where(
        Referral.complaint == complaint.id, Referral.status == ReferralStatus.OPEN.value
    ):
        before = model_to_dict(referral)
        referral.status = ReferralStatus.CANCELLED.value
        referral.paused_since = None
        referral.touch()
        referral.save()
        audit.record(
            session.username,
            "referral_cancelled",
            "referral",
            str(referral.uid),
            before,
            model_to_dict(referral),
        )
        audit.journal(referral, "update")
        secretariat.void_unprinted_for_referral(session.username, int(referral.id))


def _issue_reply(session: Session, complaint: Complaint, reply: str, today: dt.date) -> LetterInfo:
    code = format_tracking_code(str(complaint.tracking_code))
    values = _reply_values(complaint, reply)
    anonymous = complaint.identity == Identity.ANONYMOUS.value
    if anonymous:
        recipient, kind = f"دارنده‌ی کد رهگیری {code}", TemplateKind.REPLY_SLIP
    elif complaint.identity == Identity.CONFIDENTIAL.value:
        recipient, kind = f"شاکی محترم، کد رهگیری {code}", TemplateKind.REPLY
    else:
        recipient, kind = _complainant_addressee(complaint), TemplateKind.REPLY
    return issue_letter(
        session,
        LetterRequest(
            kind=LetterKind.REPLY,
            recipient=recipient,
            subject=f"پاسخ شکایت به شماره‌ی رهگیری {code}",
            letter_date=today,
            complaint_id=int(complaint.id),
            body=fill(kind, values),
        ),
    )


def _complainant_addressee(complaint: Complaint) -> str:
    person = complaint.person
    if complaint.identity != Identity.NAMED.value or person is None:
        return complainant_label(complaint)
    return complainant_addressee(str(person.full_name), person.honorific)


def _reply_values(complaint: Complaint, reply: str) -> dict[str, str]:
    return (
        complaint_values(complaint)
        | outcome_values(Outcome(str(complaint.outcome)), complaint.outcome_reason)
        | {"متن_پاسخ": reply}
    )


def outcome_values(outcome: Outcome, reason: str | None) -> dict[str, str]:
    """The outcome for a reply: its label («وارد») and the sentence a citizen reads («شکایت
    وارد تشخیص داده شد»), each followed by the reason when one was given."""
    label, sentence = OUTCOME_LABELS[outcome], OUTCOME_SENTENCES[outcome]
    if reason:
        label, sentence = f"{label}؛ {reason}", f"{sentence}؛ {reason}"
    return {"نتیجه": label, "نتیجه_رسیدگی": sentence}


def record_satisfaction(session: Session, complaint_id: int, satisfaction: Satisfaction) -> Closing:
    """What the complainant said when they called back after the reply."""
    require(session, Action.RECORD_SATISFACTION)
    with write_transaction():
        complaint = _complaint(complaint_id)
        if complaint.status != Status.CLOSED.value:
            raise ValidationError({"satisfaction": "رضایت پس از مختومه شدن شکایت ثبت می‌شود."})
        before = model_to_dict(complaint)
        complaint.satisfaction = satisfaction.value
        complaint.satisfaction_on = jalali.today()
        complaint.touch()
        complaint.save()
        audit.record(
            session.username,
            "satisfaction_recorded",
            "complaint",
            str(complaint.uid),
            before,
            model_to_dict(complaint),
        )
        audit.journal(complaint, "update")
    return closing_of(session, complaint_id)


# --------------------------------------------------------------------------- #
# Measures for or against a unit or an official


def _measure_info(measure: Measure) -> MeasureInfo:
    kind = MeasureKind(measure.kind)
    return MeasureInfo(
        id=int(measure.id),
        complaint_id=int(measure.__data__["complaint"]),
        unit_id=int(measure.unit.id),
        unit_name=str(measure.unit.name),
        kind=kind,
        kind_label=MEASURE_LABELS[kind],
        official_name=measure.official_name,
        official_title=measure.official_title,
        note=str(measure.note),
        decided_on=measure.decided_on,
    )


def record_measure(session: Session, data: MeasureInput) -> MeasureInfo:
    require(session, Action.RECORD_MEASURE)
    name, title = clean_line(data.official_name), clean_line(data.official_title)
    note = clean_text(data.note)
    decided_on = data.decided_on or jalali.today()
    errors: dict[str, str] = {}
    if len(name) > 200 or len(title) > 200:
        errors["official_name"] = "نام یا سمت بیش از ۲۰۰ نویسه است."
    if title and not name:
        errors["official_name"] = "برای سمت، نام فرد را هم بنویسید."
    if len(note) > 4_000:
        errors["note"] = "توضیح بیش از ۴۰۰۰ نویسه است."
    if decided_on > jalali.today():
        errors["decided_on"] = "تاریخ تصمیم نمی‌تواند در آینده باشد."
    if errors:
        raise ValidationError(errors)
    with write_transaction():
        complaint = _complaint(data.complaint_id)
        if Unit.get_or_none(Unit.id == data.unit_id) is None:
            raise ValidationError({"unit": "واحد را انتخاب کنید."})
        measure = Measure.create(
            complaint=complaint.id,
            unit=data.unit_id,
            official_name=name or None,
            official_title=title or None,
            kind=data.kind.value,
            note=note,
            decided_on=decided_on,
            recorded_by=session.user_id,
        )
        audit.record(
            session.username,
            "measure_recorded",
            "measure",
            str(measure.uid),
            after=model_to_dict(measure),
        )
        audit.journal(measure, "insert")
    return _measure_info(measure)


def measures_for(session: Session, complaint_id: int) -> list[MeasureInfo]:
    require(session, Action.VIEW_COMPLAINTS)
    query = Measure.select().where(Measure.complaint == complaint_id).order_by(Measure.id)
    return [_measure_info(m) for m in query]


__all__ = [
    "Closing",
    "ClosingRequest",
    "MeasureInfo",
    "MeasureInput",
    "close",
    "closing_of",
    "measures_for",
    "record_measure",
    "record_satisfaction",
]
