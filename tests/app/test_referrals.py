"""Referrals: due dates on the office calendar, pauses, responses, the overdue queue and
reminders, each referral and reminder a numbered, archived letter."""

from __future__ import annotations

import datetime as dt
import hashlib

import pytest

from app import files, jalali, letterhead, lists, office_calendar, referrals, secretariat
from app.errors import ValidationError
from app.letterhead import TemplateKind
from app.paging import Sort
from app.permissions import Role, Session
from app.persian import to_persian_digits
from app.referrals import ReferralRequest, ResponseInput
from app.secretariat import CopyLine, LetterKind
from app.tracking import format_tracking_code
from app.vocabulary import CopyPurpose, ReferralStatus, Status
from db.models import Complaint, Letter, Referral, StoredFile
from tests.app.helpers import refused, register
from tests.app.test_pdf_rtl import pdf_logical_text

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32

# Saturday 1404/12/23, a week before Nowruz 1405 (Friday 1405/01/01 = 2026-03-21).
BEFORE_NOWRUZ = dt.date(2026, 3, 14)


@pytest.fixture
def manager(session_for) -> Session:
    return session_for(Role.MANAGER)  # type: ignore[no-any-return]


class Clock:
    """Stands in for the office's "today" so deadlines can be walked through."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, day: dt.date) -> None:
        self.day = day
        monkeypatch.setattr(jalali, "today", lambda: self.day)

    def set(self, day: dt.date) -> None:
        self.day = day


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    return Clock(monkeypatch, BEFORE_NOWRUZ)


def _units(session: Session, count: int) -> tuple[int, ...]:
    return tuple(unit.id for unit in lists.list_units(session)[:count])


def _refer(session: Session, complaint_id: int, units: int = 1, **kw: object) -> list:  # type: ignore[type-arg]
    request = ReferralRequest(complaint_id, _units(session, units), **kw)  # type: ignore[arg-type]
    return referrals.refer(session, request)


def _received_before(clock: Clock) -> dict[str, object]:
    return {"received_on": clock.day - dt.timedelta(days=2)}


def test_refer_to_two_units_issues_two_numbered_archived_letters(
    manager: Session, clock: Clock
) -> None:
    complaint_id = register(manager, **_received_before(clock)).complaint_id
    made = _refer(manager, complaint_id, units=2, instructions="با فوریت بررسی شود.")
    assert [r.status for r in made] == [ReferralStatus.OPEN] * 2
    letters = secretariat.letters_for_complaint(manager, complaint_id)
    assert [letter.kind for letter in letters] == [LetterKind.REFERRAL] * 2
    assert [letter.seq for letter in letters] == [1, 2]
    assert {letter.recipient for letter in letters} == {r.unit_name for r in made}
    assert [r.letter_number for r in made] == [letter.number for letter in letters]
    for letter in letters:
        pdf = secretariat.letter_pdf(manager, letter.id)
        assert pdf.startswith(b"%PDF-")
        assert hashlib.sha256(pdf).hexdigest() == letter.pdf_sha256
    assert Complaint.get_by_id(complaint_id).status == Status.REFERRED.value


def test_due_date_counts_working_days_across_nowruz(manager: Session, clock: Clock) -> None:
    complaint_id = register(manager, **_received_before(clock)).complaint_id
    (made,) = _refer(manager, complaint_id, deadline_days=10)
    calendar = office_calendar.load_calendar()
    assert made.due_on == calendar.add_working_days(BEFORE_NOWRUZ, 10)
    # Nowruz (1-4 Farvardin) and the 12th and 13th close the office: ten working days
    # from 1404/12/23 end well into Farvardin, not on 1405/01/06.
    assert made.due_on > dt.date(2026, 3, 26)
    assert calendar.working_days_between(BEFORE_NOWRUZ, made.due_on) == 10


def test_the_letter_reads_back_with_number_date_and_tracking_code(
    manager: Session, clock: Clock
) -> None:
    registered = register(manager, **_received_before(clock))
    (made,) = _refer(manager, registered.complaint_id, deadline_days=5)
    letter = secretariat.letters_for_complaint(manager, registered.complaint_id)[0]
    text = pdf_logical_text(secretariat.letter_pdf(manager, letter.id))
    persian = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")
    assert letter.number.translate(persian) in text
    assert jalali.format_date(BEFORE_NOWRUZ) in text  # ۱۴۰۴/۱۲/۲۳
    assert "۱۴۰۴/۱۲/۲۳" in text
    assert format_tracking_code(registered.tracking_code).translate(persian) in text
    assert jalali.format_date(made.due_on) in text
    assert made.unit_name in text


def test_the_default_deadline_is_a_setting(admin: Session, manager: Session, clock: Clock) -> None:
    letterhead.set_default_deadline_days(admin, 3)
    complaint_id = register(manager, **_received_before(clock)).complaint_id
    (made,) = _refer(manager, complaint_id)
    assert made.deadline_days == 3
    with pytest.raises(ValidationError):
        letterhead.set_default_deadline_days(admin, 0)


def test_bad_referrals_are_refused_and_change_nothing(manager: Session, clock: Clock) -> None:
    complaint_id = register(manager, **_received_before(clock)).complaint_id
    unit = _units(manager, 1)[0]
    cases = [
        ReferralRequest(complaint_id, ()),
        ReferralRequest(complaint_id, (unit, unit)),
        ReferralRequest(complaint_id, (unit,), deadline_days=500),
        ReferralRequest(complaint_id, (999_999,)),
        ReferralRequest(complaint_id, (unit,), instructions="x" * 3000),
        ReferralRequest(complaint_id, (unit,), copies=(CopyLine("", CopyPurpose.ACTION),)),
    ]
    for request in cases:
        with pytest.raises(ValidationError) as caught:
            referrals.refer(manager, request)
        assert all(message for message in caught.value.fields.values())
    assert Referral.select().count() == 0
    assert Letter.select().count() == 0
    assert Complaint.get_by_id(complaint_id).status == Status.REGISTERED.value


def test_an_open_referral_to_the_same_unit_is_not_repeated(manager: Session, clock: Clock) -> None:
    complaint_id = register(manager, **_received_before(clock)).complaint_id
    _refer(manager, complaint_id)
    with refused("هنوز باز است"):
        _refer(manager, complaint_id)
    assert Letter.select().count() == 1


def test_pause_moves_the_due_date_by_the_working_days_it_stood(
    manager: Session, clock: Clock
) -> None:
    complaint_id = register(manager, **_received_before(clock)).complaint_id
    (made,) = _refer(manager, complaint_id, deadline_days=10)
    (paused,) = referrals.pause(manager, complaint_id, "در انتظار مدارک شاکی")
    assert paused.paused_since == BEFORE_NOWRUZ
    calendar = office_calendar.load_calendar()
    clock.set(dt.date(2026, 3, 28))  # across Nowruz
    (resumed,) = referrals.resume(manager, complaint_id)
    stood = calendar.working_days_between(BEFORE_NOWRUZ, dt.date(2026, 3, 28))
    assert 0 < stood < 14
    assert resumed.paused_since is None
    assert resumed.paused_days == stood
    assert resumed.due_on == calendar.add_working_days(made.due_on, stood)
    with pytest.raises(ValidationError):
        referrals.resume(manager, complaint_id)


def test_paused_referrals_are_not_overdue(manager: Session, clock: Clock) -> None:
    complaint_id = register(manager, **_received_before(clock)).complaint_id
    (made,) = _refer(manager, complaint_id, deadline_days=2)
    referrals.pause(manager, complaint_id, "در انتظار شاکی")
    assert referrals.overdue(manager, made.due_on + dt.timedelta(days=30)) == []


def test_the_overdue_queue_is_ordered_by_lateness(manager: Session, clock: Clock) -> None:
    first = register(manager, **_received_before(clock)).complaint_id
    second = register(manager, **_received_before(clock)).complaint_id
    third = register(manager, **_received_before(clock)).complaint_id
    (a,) = _refer(manager, first, deadline_days=2)
    (b,) = _refer(manager, second, deadline_days=8)
    (c,) = _refer(manager, third, deadline_days=40)
    later = dt.date(2026, 4, 20)
    queue = referrals.overdue(manager, later)
    assert [item.referral.id for item in queue] == [a.id, b.id]
    calendar = office_calendar.load_calendar()
    assert queue[0].days_late == calendar.working_days_between(a.due_on, later)
    assert queue[0].days_late > queue[1].days_late > 0
    assert c.id not in {item.referral.id for item in queue}


def test_the_overdue_queue_by_tracking_code_reads_pages_in_code_order(
    manager: Session, clock: Clock
) -> None:
    complaints = [register(manager, **_received_before(clock)).complaint_id for _ in range(5)]
    for complaint_id in reversed(complaints):  # referred in the other order
        _refer(manager, complaint_id, deadline_days=2)
    later = dt.date(2026, 4, 20)
    for descending in (False, True):
        order = Sort("tracking_code", descending)
        first = referrals.overdue(manager, later, sort=order, limit=3)
        rest = referrals.overdue(manager, later, sort=order, after=first[-1], limit=3)
        codes = [item.referral.tracking_code for item in first + rest]
        assert codes == sorted(codes, reverse=descending) and len(set(codes)) == 5


def test_the_overdue_queue_by_subject_reads_pages_in_subject_order(
    manager: Session, clock: Clock
) -> None:
    subjects = ["تأخیر در پاسخ", "آب", "قطعی برق", "آب", "زباله", "تأخیر در پاسخ"]
    for subject in subjects:
        complaint_id = register(manager, subject=subject, **_received_before(clock)).complaint_id
        _refer(manager, complaint_id, deadline_days=2)
    later = dt.date(2026, 4, 20)
    for descending in (False, True):
        order = Sort("subject", descending)
        first = referrals.overdue(manager, later, sort=order, limit=4)
        rest = referrals.overdue(manager, later, sort=order, after=first[-1], limit=4)
        keys = [(item.referral.subject, item.referral.id) for item in first + rest]
        assert keys == sorted(keys, reverse=descending) and len(set(keys)) == len(subjects)


def test_a_reminder_is_a_numbered_letter_and_counts(manager: Session, clock: Clock) -> None:
    complaint_id = register(manager, **_received_before(clock)).complaint_id
    (made,) = _refer(manager, complaint_id, deadline_days=2)
    with refused("هنوز تمام نشده"):
        referrals.send_reminder(manager, made.id)
    clock.set(dt.date(2026, 4, 20))
    letter = referrals.send_reminder(manager, made.id)
    assert letter.kind is LetterKind.REMINDER
    assert (letter.year, letter.seq) == (1405, 1)  # a new Jalali year numbers from one
    assert letter.recipient == made.unit_name
    assert letter.referral_id == made.id
    again = referrals.get_referral(manager, made.id)
    assert again.reminders == 1
    assert again.last_reminder_on == dt.date(2026, 4, 20)
    with refused("امروز"):  # a second click the same day issues nothing
        referrals.send_reminder(manager, made.id)
    assert Letter.select().count() == 2
    text = pdf_logical_text(secretariat.letter_pdf(manager, letter.id))
    assert made.letter_number is not None
    assert jalali.format_date(made.due_on) in text


def test_a_reminder_cites_the_referral_letter_or_else_the_referral_date(
    manager: Session, clock: Clock
) -> None:
    with_letter = register(manager, **_received_before(clock)).complaint_id
    without = register(manager, subject="پرونده‌ی بدون نامه", **_received_before(clock))
    (cited,) = _refer(manager, with_letter, deadline_days=2)
    (bare,) = _refer(manager, without.complaint_id, deadline_days=2)
    # A referral with no letter: made before letters were numbered, or received from central.
    Letter.delete().where(Letter.referral == bare.id).execute()
    clock.set(dt.date(2026, 4, 20))

    cited_text = pdf_logical_text(
        secretariat.letter_pdf(manager, referrals.send_reminder(manager, cited.id).id)
    )
    bare_text = pdf_logical_text(
        secretariat.letter_pdf(manager, referrals.send_reminder(manager, bare.id).id)
    )

    def plain(text: str) -> str:  # as extracted: Persian digits
        return to_persian_digits(text)

    referred = jalali.format_date(BEFORE_NOWRUZ)
    wanted = f"پیرو نامه‌ی شماره‌ی {cited.letter_number} مورخ {referred}"
    assert plain(wanted) in plain(cited_text)
    assert plain(f"پیرو ارجاع مورخ {referred} درباره") in plain(bare_text)
    assert "شماره" not in plain(bare_text).split("پیرو")[1].split("درباره")[0]


def _empty_slots(text: str, values: dict[str, str]) -> list[str]:
    """The placeholders a filled ``text`` would leave blank inside a sentence (a line that
    is one placeholder alone is dropped when it is empty, which leaves no gap)."""
    import string

    full = dict.fromkeys(letterhead.PLACEHOLDERS, "") | values
    blank = []
    for line in text.split("\n"):
        parts = list(string.Formatter().parse(line))
        names = [name for _, name, _, _ in parts if name]
        alone = len(names) == 1 and not "".join(literal for literal, *_ in parts).strip()
        blank += [] if alone else [name for name in names if not full[name].strip()]
    return blank


@pytest.mark.parametrize("has_letter", [True, False])
@pytest.mark.parametrize("instructions", ["", "با فوریت بررسی شود."])
@pytest.mark.parametrize("identity", ["named", "anonymous", "confidential"])
@pytest.mark.parametrize("reply", ["", "موضوع برطرف شد."])
def test_no_letter_leaves_an_empty_slot(
    manager: Session,
    clock: Clock,
    has_letter: bool,
    instructions: str,
    identity: str,
    reply: str,
) -> None:
    from app import closing
    from app.vocabulary import Identity, Outcome

    kind = Identity(identity)
    who = {"identity": kind} | ({"full_name": ""} if kind is Identity.ANONYMOUS else {})
    complaint_id = register(manager, **who, **_received_before(clock)).complaint_id
    (made,) = _refer(manager, complaint_id, instructions=instructions)
    if not has_letter:
        Letter.delete().where(Letter.referral == made.id).execute()
    referral = Referral.get_by_id(made.id)
    referral_values = referrals._referral_values(referral, clock.day)
    complaint = Complaint.get_by_id(complaint_id)
    complaint.outcome = Outcome.SUBSTANTIATED.value
    reply_values = closing._reply_values(complaint, reply)
    for template in TemplateKind:
        values = (
            reply_values
            if template in (TemplateKind.REPLY, TemplateKind.REPLY_SLIP)
            else referral_values
        )
        assert _empty_slots(letterhead.template_text(template), values) == [], template


def test_escalation_goes_to_the_superior_with_a_copy_to_the_unit(
    admin: Session, manager: Session, clock: Clock
) -> None:
    complaint_id = register(manager, **_received_before(clock)).complaint_id
    (made,) = _refer(manager, complaint_id, deadline_days=2)
    clock.set(dt.date(2026, 4, 20))
    before = Letter.select().count()
    with refused("بالادستی"):
        referrals.send_reminder(manager, made.id, escalate=True)
    assert Letter.select().count() == before
    assert referrals.get_referral(manager, made.id).reminders == 0
    superior = lists.create_unit(admin, "استانداری هرمزگان", "احمد محمدی", "استاندار")
    unit = next(u for u in lists.list_units(admin) if u.id == made.unit_id)
    lists.update_unit(
        admin,
        unit.id,
        name=unit.name,
        head_name=unit.head_name,
        head_title=unit.head_title,
        active=True,
        parent_id=superior.id,
    )
    reminder = referrals.send_reminder(manager, made.id)
    letter = referrals.send_reminder(manager, made.id, escalate=True)
    assert letter.recipient == "استانداری هرمزگان"
    assert (reminder.kind, letter.kind) == (LetterKind.REMINDER, LetterKind.ESCALATION)
    text = pdf_logical_text(secretariat.letter_pdf(manager, letter.id))
    assert "احمد محمدی" in text
    assert "رونوشت" in text
    assert made.unit_name in text
    assert "با وجود ۱ نوبت پیگیری" in text  # the one reminder before it, not itself
    assert letter.subject.startswith("تذکر درباره‌ی تأخیر")  # not a reminder's subject
    assert referrals.get_referral(manager, made.id).reminders == 2


def test_a_unit_cannot_be_its_own_superior(admin: Session) -> None:
    a, b = lists.list_units(admin)[:2]
    lists.update_unit(admin, b.id, name=b.name, head_name=None, head_title=None, active=True,
                      parent_id=a.id)  # fmt: skip
    with pytest.raises(ValidationError) as caught:
        lists.update_unit(admin, a.id, name=a.name, head_name=None, head_title=None,
                          active=True, parent_id=b.id)  # fmt: skip
    assert "parent" in caught.value.fields


def test_a_response_with_its_scan_answers_the_referral(manager: Session, clock: Clock) -> None:
    complaint_id = register(manager, **_received_before(clock)).complaint_id
    first, second = _refer(manager, complaint_id, units=2)
    clock.set(BEFORE_NOWRUZ + dt.timedelta(days=3))
    answered = referrals.record_response(
        manager, ResponseInput(first.id, None, "موضوع بررسی و رفع شد.", "۱۲۳/ص", PNG)
    )
    assert answered.status is ReferralStatus.ANSWERED
    assert answered.answered_on == BEFORE_NOWRUZ + dt.timedelta(days=3)
    assert answered.response_number == "۱۲۳/ص"
    assert answered.response_file == hashlib.sha256(PNG).hexdigest()
    assert referrals.response_scan(manager, first.id) == (PNG, "image/png")
    assert Complaint.get_by_id(complaint_id).status == Status.REFERRED.value
    referrals.record_response(manager, ResponseInput(second.id, None, "انجام شد."))
    assert Complaint.get_by_id(complaint_id).status == Status.ANSWERED.value
    assert files.info(hashlib.sha256(PNG).hexdigest()) is not None


def test_bad_responses_are_refused_and_change_nothing(manager: Session, clock: Clock) -> None:
    complaint_id = register(manager, **_received_before(clock)).complaint_id
    (made,) = _refer(manager, complaint_id)
    cases = [
        ResponseInput(made.id, None, ""),
        ResponseInput(made.id, None, "پاسخ", scan=b"plain text, not a scan"),
        ResponseInput(made.id, BEFORE_NOWRUZ + dt.timedelta(days=9), "پاسخ از آینده"),
        ResponseInput(made.id, BEFORE_NOWRUZ - dt.timedelta(days=9), "پیش از ارجاع"),
    ]
    for response in cases:
        with pytest.raises(ValidationError):
            referrals.record_response(manager, response)
    again = referrals.get_referral(manager, made.id)
    assert again.status is ReferralStatus.OPEN
    assert StoredFile.select().count() == 1  # the referral letter only


def test_an_admin_template_is_used_for_the_next_letter(
    admin: Session, manager: Session, clock: Clock
) -> None:
    letterhead.set_template(
        admin, TemplateKind.REFERRAL, "لطفاً پرونده‌ی {کد_رهگیری} را تا {مهلت} پاسخ دهید."
    )
    registered = register(manager, **_received_before(clock))
    (made,) = _refer(manager, registered.complaint_id)
    letter = secretariat.letters_for_complaint(manager, registered.complaint_id)[0]
    text = pdf_logical_text(secretariat.letter_pdf(manager, letter.id))
    assert "لطفاً پرونده‌ی" in text
    assert jalali.format_date(made.due_on) in text
    with pytest.raises(ValidationError):
        letterhead.set_template(admin, TemplateKind.REFERRAL, "پرونده‌ی {نام_ناشناخته}")
    for bad in ("آکولاد { باز", "مهلت {مهلت_روز:d}", "شرح {شرح!r}", "{شرح.upper}"):
        with pytest.raises(ValidationError):
            letterhead.set_template(admin, TemplateKind.REFERRAL, bad)
    letterhead.reset_template(admin, TemplateKind.REFERRAL)
    assert letterhead.template_text(TemplateKind.REFERRAL) == letterhead.shipped_template(
        TemplateKind.REFERRAL
    )


def test_a_clerk_cannot_refer(clerk: Session, manager: Session, clock: Clock) -> None:
    from app.errors import PermissionDenied

    complaint_id = register(manager, **_received_before(clock)).complaint_id
    with pytest.raises(PermissionDenied):
        _refer(clerk, complaint_id)
    assert Referral.select().count() == 0


def test_the_complaints_history_shows_its_referrals_and_letters(
    manager: Session, clock: Clock
) -> None:
    from app import lookup

    complaint_id = register(manager, **_received_before(clock)).complaint_id
    (made,) = _refer(manager, complaint_id, deadline_days=2)
    referrals.pause(manager, complaint_id, "در انتظار مدارک")
    actions = [entry.action for entry in lookup.detail(manager, complaint_id).history]
    assert actions == [
        "complaint_registered",
        "referred",
        "letter_issued",
        "complaint_status",
        "referral_paused",
    ]
    with refused("متوقف"):
        clock.set(made.due_on + dt.timedelta(days=30))
        referrals.send_reminder(manager, made.id)


def test_a_referral_letter_claims_no_attachment_it_does_not_carry(
    manager: Session, clock: Clock
) -> None:
    complaint_id = register(manager, **_received_before(clock)).complaint_id
    (made,) = _refer(manager, complaint_id)
    assert made.letter_id is not None
    text = pdf_logical_text(secretariat.letter_pdf(manager, made.letter_id))
    assert "پیوست: ندارد" in text  # the header: nothing is attached
    assert text.count("پیوست") == 1  # and the body says nothing of an attachment
    assert "ارجاع می" in text and "خلاصه" in text  # the summary is in the letter itself
