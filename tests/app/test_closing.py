"""Closing: the outcome, the reply letter or slip, satisfaction, measures — and no letter
ever carrying an anonymous or confidential complainant's identity."""

from __future__ import annotations

import datetime as dt
import io

import pypdf
import pytest

from app import closing, lists, referrals, secretariat
from app.closing import ClosingRequest, MeasureInput
from app.errors import ValidationError
from app.permissions import Role, Session
from app.referrals import ReferralRequest
from app.secretariat import LetterKind
from app.vocabulary import (
    Honorific,
    Identity,
    MeasureKind,
    Outcome,
    ReferralStatus,
    Satisfaction,
    Status,
)
from db.models import Complaint, Letter, Measure, StoredFile
from tests.app.helpers import refused, register
from tests.app.test_pdf_rtl import BIDI_CONTROLS, logical, pdf_logical_text, pdf_visual_lines

CANARY = "کاناریوس زاغ‌نشان"
CANARY_PARTS = ("کاناریوس", "زاغ")


@pytest.fixture
def manager(session_for) -> Session:
    return session_for(Role.MANAGER)  # type: ignore[no-any-return]


def _unit_ids(session: Session, count: int = 1) -> tuple[int, ...]:
    return tuple(unit.id for unit in lists.list_units(session)[:count])


def _close(session: Session, complaint_id: int, **kw: object) -> object:
    values: dict[str, object] = {"reply_text": "موضوع شکایت شما پیگیری و برطرف شد."} | kw
    return closing.close(
        session,
        ClosingRequest(complaint_id, values.pop("outcome", Outcome.SUBSTANTIATED), **values),  # type: ignore[arg-type]
    )


def _all_text(pdf: bytes) -> str:
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    plain = " ".join(page.extract_text() or "" for page in reader.pages)
    return pdf_logical_text(pdf) + " " + plain


def test_reply_and_close_a_named_complaint(manager: Session) -> None:
    registered = register(manager)
    (referral,) = referrals.refer(
        manager, ReferralRequest(registered.complaint_id, _unit_ids(manager))
    )
    letter = _close(manager, registered.complaint_id, outcome=Outcome.PARTLY_SUBSTANTIATED)
    assert isinstance(letter, secretariat.LetterInfo)
    assert letter.kind is LetterKind.REPLY
    assert letter.recipient == "علی رضایی، شاکی محترم"  # no honorific chosen
    complaint = Complaint.get_by_id(registered.complaint_id)
    assert complaint.status == Status.CLOSED.value
    assert complaint.outcome == Outcome.PARTLY_SUBSTANTIATED.value
    assert referrals.get_referral(manager, referral.id).status is ReferralStatus.CANCELLED
    text = pdf_logical_text(secretariat.letter_pdf(manager, letter.id))
    assert "تا حدودی وارد" in text
    assert "برطرف شد" in text
    with refused("پیش‌تر مختومه"):
        _close(manager, registered.complaint_id)


@pytest.mark.parametrize(
    ("honorific", "addressee"),
    [(Honorific.MS, "سرکار خانم علی رضایی"), (Honorific.MR, "جناب آقای علی رضایی")],
)
def test_the_reply_addresses_the_complainant_as_the_office_chose(
    manager: Session, honorific: Honorific, addressee: str
) -> None:
    registered = register(manager, honorific=honorific)
    letter = _close(manager, registered.complaint_id)
    assert isinstance(letter, secretariat.LetterInfo)
    assert letter.recipient == addressee
    assert f"به: {addressee}" in pdf_logical_text(secretariat.letter_pdf(manager, letter.id))


def test_a_cancelled_referrals_unprinted_letters_leave_the_print_queue(
    manager: Session,
) -> None:
    from app import audit

    printed_case, waiting_case = register(manager), register(manager, subject="پرونده‌ی دوم")
    for case in (printed_case, waiting_case):
        referrals.refer(manager, ReferralRequest(case.complaint_id, _unit_ids(manager, 2)))
    sent = secretariat.letters_for_complaint(manager, printed_case.complaint_id)
    secretariat.mark_printed(manager, [sent[0].id])  # one of its two letters went out

    _close(manager, printed_case.complaint_id, issue_reply=False)
    _close(manager, waiting_case.complaint_id, issue_reply=False)

    queue = secretariat.pending_prints(manager)
    assert queue == []  # no letter of a cancelled referral is left to print
    after = {x.id: x for x in secretariat.letters_for_complaint(manager, printed_case.complaint_id)}
    assert not after[sent[0].id].void  # printed: it was sent, it stays as it was
    assert after[sent[1].id].void and "لغو" in (after[sent[1].id].void_reason or "")
    voided = secretariat.letters_for_complaint(manager, waiting_case.complaint_id)
    assert [x.void for x in voided] == [True, True]
    numbers = {x.number for x in secretariat.find_letters(manager, limit=100)}
    assert {x.number for x in voided} <= numbers  # their numbers stay used, shown as void
    assert audit.verify_chain().ok


def test_not_admissible_needs_its_reason(manager: Session) -> None:
    complaint_id = register(manager).complaint_id
    with pytest.raises(ValidationError) as caught:
        _close(manager, complaint_id, outcome=Outcome.NOT_ADMISSIBLE)
    assert "reason" in caught.value.fields
    with pytest.raises(ValidationError) as caught:
        _close(manager, complaint_id, reply_text="  ")
    assert "reply_text" in caught.value.fields
    assert Complaint.get_by_id(complaint_id).status == Status.REGISTERED.value
    assert Letter.select().count() == 0
    letter = _close(
        manager, complaint_id, outcome=Outcome.NOT_ADMISSIBLE, reason="خارج از صلاحیت دفتر"
    )
    assert isinstance(letter, secretariat.LetterInfo)
    assert "خارج از صلاحیت دفتر" in pdf_logical_text(secretariat.letter_pdf(manager, letter.id))


def test_an_anonymous_complainant_gets_a_reply_slip(manager: Session) -> None:
    registered = register(manager, identity=Identity.ANONYMOUS, full_name="")
    letter = _close(manager, registered.complaint_id)
    assert isinstance(letter, secretariat.LetterInfo)
    assert letter.recipient.startswith("دارنده‌ی کد رهگیری")
    text = pdf_logical_text(secretariat.letter_pdf(manager, letter.id))
    assert "فقط به دارنده" in text


def test_closing_without_a_reply_letter(manager: Session) -> None:
    complaint_id = register(manager).complaint_id
    assert _close(manager, complaint_id, issue_reply=False, reply_text="") is None
    assert Letter.select().count() == 0
    assert Complaint.get_by_id(complaint_id).closed_on is not None


@pytest.mark.parametrize("identity", [Identity.ANONYMOUS, Identity.CONFIDENTIAL])
def test_the_canary_name_is_in_no_letter(
    manager: Session, monkeypatch: pytest.MonkeyPatch, identity: Identity
) -> None:
    from app import jalali

    start = dt.date(2026, 5, 2)
    monkeypatch.setattr(jalali, "today", lambda: start)
    registered = register(manager, identity=identity, full_name=CANARY, received_on=start)
    referral, _ = referrals.refer(
        manager,
        ReferralRequest(registered.complaint_id, _unit_ids(manager, 2), "بررسی شود."),
    )
    monkeypatch.setattr(jalali, "today", lambda: start + dt.timedelta(days=60))
    referrals.send_reminder(manager, referral.id)
    _close(manager, registered.complaint_id)
    letters = list(Letter.select())
    assert len(letters) == 4  # two referrals, a reminder, the reply
    for letter in letters:
        assert not any(part in f"{letter.recipient} {letter.subject}" for part in CANARY_PARTS)
        pdf = bytes(StoredFile.get_by_id(letter.__data__["pdf"]).data)
        for part in CANARY_PARTS:
            for encoding in ("utf-8", "utf-16-be", "utf-16-le"):
                assert part.encode(encoding) not in pdf
            assert part not in _all_text(pdf)


def test_satisfaction_after_closing_only(manager: Session, clerk: Session) -> None:
    complaint_id = register(manager).complaint_id
    with pytest.raises(ValidationError):
        closing.record_satisfaction(clerk, complaint_id, Satisfaction.SATISFIED)
    _close(manager, complaint_id)
    result = closing.record_satisfaction(clerk, complaint_id, Satisfaction.NOT_SATISFIED)
    assert result.satisfaction is Satisfaction.NOT_SATISFIED
    assert result.outcome is Outcome.SUBSTANTIATED


def test_measures_against_a_unit_and_an_official(manager: Session) -> None:
    complaint_id = register(manager).complaint_id
    unit = _unit_ids(manager)[0]
    closing.record_measure(manager, MeasureInput(complaint_id, unit, MeasureKind.WARNING))
    named = closing.record_measure(
        manager,
        MeasureInput(
            complaint_id,
            unit,
            MeasureKind.DISMISSAL_PROPOSAL,
            official_name="حسن کریمی",
            official_title="کارشناس پروانه",
            note="تکرار تخلف",
        ),
    )
    assert named.kind_label == "پیشنهاد انفصال"
    measures = closing.measures_for(manager, complaint_id)
    assert [m.kind for m in measures] == [MeasureKind.WARNING, MeasureKind.DISMISSAL_PROPOSAL]
    with pytest.raises(ValidationError):
        closing.record_measure(
            manager,
            MeasureInput(complaint_id, unit, MeasureKind.COMMENDATION, official_title="مدیر"),
        )
    assert Measure.select().count() == 2


HOSTILE = (
    "\u202eمتن وارونه\u202c <b>درشت</b> <font color='red'>قرمز</font> 😀🇮🇷 "
    "Mixed English و فارسی (پرانتز) " + "ب" * 500
)


def test_hostile_instructions_and_a_twenty_page_body_render(manager: Session) -> None:
    registered = register(
        manager, subject="<b>موضوع</b> \u2067خطرناک\u2069", description="متن بلند. " * 1900
    )
    referrals.refer(manager, ReferralRequest(registered.complaint_id, _unit_ids(manager), HOSTILE))
    letter = secretariat.letters_for_complaint(manager, registered.complaint_id)[0]
    pdf = secretariat.letter_pdf(manager, letter.id)
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) > 3
    text = " ".join(
        logical(line) for page in range(len(reader.pages)) for line in pdf_visual_lines(pdf, page)
    )
    assert "<b>درشت</b>" in text
    assert not BIDI_CONTROLS & set(text)
