"""Complaint boxes (صندوق شکایات), their printed forms and their openings.

The admin registers each box: a short code, where it stands and the unit it stands in.
Blank forms are printed for a box in batches; every form carries a serial from one
office-wide counter, so a returned sheet names its box and itself. A committee opens a box
and writes minutes (صورتجلسه بازگشایی صندوق): an internal record, not a letter, numbered per
Jalali year in a series of its own (``12/1405``), with the date and time of the opening. Openings
recorded before the minutes had their own series kept theirs as secretariat letters.

Box codes are Latin capitals, digits and single dashes (``B-12``), at most 20 characters;
Persian digits are accepted as typed and stored as ASCII.

The QR payload of a form (version 1) is::

    DDR1/<office>/<box>/<serial>

``DDR1`` names the format and its version; ``<office>`` is the office code in four digits
(``0123``); ``<box>`` the box code; ``<serial>`` the serial in at least eight digits
(``00000042``). Every character is in QR's alphanumeric set (capitals, digits, ``/`` and
``-``), so the code stays small. Only this exact form parses: lower case, spaces, missing
zero padding or another prefix give None. A parsed code names its office, so a form of
another office is recognised as such, not taken for one of ours.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, cast

from peewee import fn

from app import audit, counters, files, jalali, letterhead, office
from app.errors import NotFound, ValidationError
from app.permissions import Action, Session, require
from app.persian import clean_line, clean_text, grouped_number, to_ascii_digits, to_persian_digits
from app.secretariat import letter_pdf
from app.vocabulary import ScanState
from db.connection import write_transaction
from db.models import (
    BoxOpening,
    ComplaintBox,
    FormBatch,
    Letter,
    Office,
    ScanPage,
    Unit,
    model_to_dict,
)

if TYPE_CHECKING:
    from app.pdf.box_form import PageSize

SERIAL_COUNTER = "form_serial"
MAX_CODE = 20
MAX_LOCATION = 300
MAX_FORMS = 500
MAX_FORMS_FOUND = 10_000
MAX_MEMBERS = 12
MAX_NOTE = 2_000
PAGE_SIZES: tuple[PageSize, ...] = ("A4", "A5")

QR_PREFIX = "DDR1"
_CODE = re.compile(r"[A-Z0-9]+(?:-[A-Z0-9]+)*")
_DASHES = re.compile(r"[\u2010-\u2015\u2212\u06d4]")
_QR = re.compile(r"DDR1/([0-9]{4})/([A-Z0-9]+(?:-[A-Z0-9]+)*)/([0-9]{8,12})")


# --------------------------------------------------------------------------- #
# Plain results


@dataclass(frozen=True)
class BoxInfo:
    id: int
    code: str
    location: str
    unit_id: int
    unit_name: str
    active: bool


@dataclass(frozen=True)
class FormBatchInfo:
    id: int
    box_id: int
    box_code: str
    first_serial: int
    count: int
    pdf_sha256: str | None
    printed_at: dt.datetime  # UTC

    @property
    def last_serial(self) -> int:
        return self.first_serial + self.count - 1


@dataclass(frozen=True)
class FormCode:
    """What a form's QR code says."""

    office_code: int
    box_code: str
    serial: int


@dataclass(frozen=True)
class Member:
    """One member of an opening committee."""

    name: str
    title: str = ""


@dataclass(frozen=True)
class OpeningInput:
    box_id: int
    opened_on: dt.date | None
    committee: tuple[Member, ...]
    forms_found: int
    note: str = ""  # the minutes' description, several lines as typed
    opened_at: dt.time | None = None  # the hour the box was opened; None = not recorded


@dataclass(frozen=True)
class OpeningInfo:
    id: int
    box: BoxInfo
    opened_on: dt.date
    committee: tuple[Member, ...]
    forms_found: int
    note: str
    minutes_letter_id: int | None  # openings recorded when minutes were letters
    minutes_number: str | None
    opened_at: dt.time | None
    counts: Mapping[ScanState, int]  # scanned pages per state, every state present
    closed: bool

    @property
    def pages(self) -> int:
        return sum(self.counts.values())


def _box_info(box: ComplaintBox) -> BoxInfo:
    return BoxInfo(
        id=int(box.id),
        code=str(box.code),
        location=str(box.location),
        unit_id=int(box.unit.id),
        unit_name=str(box.unit.name),
        active=bool(box.active),
    )


def _boxes() -> Any:
    return ComplaintBox.select(ComplaintBox, Unit).join(Unit)


def _box(box_id: int) -> ComplaintBox:
    box: ComplaintBox | None = _boxes().where(ComplaintBox.id == box_id).first()
    if box is None:
        raise NotFound("صندوق پیدا نشد.")
    return box


# --------------------------------------------------------------------------- #
# Boxes


def normalize_box_code(text: str) -> str:
    """A box code as stored: ASCII digits, capitals, ASCII dashes, no spaces around it."""
    return _DASHES.sub("-", to_ascii_digits(clean_line(text))).upper()


def box_code_problem(code: str) -> str | None:
    """Why ``code`` (normalised) cannot be a box code (Persian), or None when it can."""
    if not code:
        return "کد صندوق را وارد کنید."
    if len(code) > MAX_CODE:
        return "کد صندوق حداکثر ۲۰ نویسه است."
    if not _CODE.fullmatch(code):
        return "کد صندوق فقط حرف لاتین، رقم و خط تیره (مانند B-12) می‌تواند داشته باشد."
    return None


def _checked_box(
    code: str, location: str, unit_id: int, box_id: int | None, old_unit: int | None
) -> tuple[str, str]:
    errors: dict[str, str] = {}
    clean_code, clean_location = normalize_box_code(code), clean_line(location)
    problem = box_code_problem(clean_code)
    if problem is None and _code_taken(clean_code, box_id):
        problem = "این کد برای صندوق دیگری ثبت شده است."
    if problem is not None:
        errors["code"] = problem
    if not clean_location:
        errors["location"] = "محل صندوق را بنویسید."
    elif len(clean_location) > MAX_LOCATION:
        errors["location"] = "محل صندوق بیش از ۳۰۰ نویسه است."
    unit = Unit.get_or_none(Unit.id == unit_id)
    if unit is None or (not unit.active and unit_id != old_unit):
        errors["unit"] = "واحد را از فهرست واحدهای فعال انتخاب کنید."
    if errors:
        raise ValidationError(errors)
    return clean_code, clean_location


def _code_taken(code: str, box_id: int | None) -> bool:
    query = ComplaintBox.select().where(ComplaintBox.code == code)
    if box_id is not None:
        query = query.where(ComplaintBox.id != box_id)
    return bool(query.exists())


def list_boxes(session: Session, include_inactive: bool = False) -> list[BoxInfo]:
    require(session, Action.VIEW_COMPLAINTS)
    query = _boxes().order_by(ComplaintBox.code)
    if not include_inactive:
        query = query.where(ComplaintBox.active == True)  # noqa: E712 (peewee expression)
    return [_box_info(box) for box in query]


def get_box(session: Session, box_id: int) -> BoxInfo:
    require(session, Action.VIEW_COMPLAINTS)
    return _box_info(_box(box_id))


def box_by_code(code: str) -> BoxInfo | None:
    """The box with this code (typed or read from a QR code), active or not."""
    box = _boxes().where(ComplaintBox.code == normalize_box_code(code)).first()
    return _box_info(box) if box is not None else None


def create_box(session: Session, code: str, location: str, unit_id: int) -> BoxInfo:
    require(session, Action.MANAGE_BOXES)
    with write_transaction():
        clean_code, clean_location = _checked_box(code, location, unit_id, None, None)
        box = ComplaintBox.create(code=clean_code, location=clean_location, unit=unit_id)
        audit.record(
            session.username, "box_created", "complaint_box", str(box.uid), after=model_to_dict(box)
        )
        audit.journal(box, "insert")
        return _box_info(_box(int(box.id)))


def update_box(
    session: Session, box_id: int, *, code: str, location: str, unit_id: int, active: bool
) -> BoxInfo:
    require(session, Action.MANAGE_BOXES)
    with write_transaction():
        box = _box(box_id)
        old_unit = int(box.__data__["unit"])
        clean_code, clean_location = _checked_box(code, location, unit_id, box_id, old_unit)
        if clean_code != box.code and FormBatch.select().where(FormBatch.box == box_id).exists():
            # Printed forms carry the code in their QR: a new code would orphan them.
            raise ValidationError({"code": "برای این صندوق فرم چاپ شده است؛ کد آن تغییر نمی‌کند."})
        before = model_to_dict(box)
        box.code, box.location, box.active = clean_code, clean_location, active
        box.unit = unit_id  # type: ignore[assignment]
        box.touch()
        box.save()
        audit.record(
            session.username,
            "box_updated",
            "complaint_box",
            str(box.uid),
            before,
            model_to_dict(box),
        )
        audit.journal(box, "update")
    return _box_info(_box(box_id))


# --------------------------------------------------------------------------- #
# QR payload


def form_qr_payload(office_code: int, box_code: str, serial: int) -> str:
    """The text a form's QR code carries (format in the module docstring)."""
    if not 1 <= office_code <= 9999:
        raise ValueError(f"office code out of range: {office_code}")
    if box_code_problem(box_code) is not None or box_code != normalize_box_code(box_code):
        raise ValueError(f"not a box code: {box_code!r}")
    if not 1 <= serial < 10**12:
        raise ValueError(f"serial out of range: {serial}")
    return f"{QR_PREFIX}/{office_code:04d}/{box_code}/{serial:08d}"


def parse_form_qr(text: str) -> FormCode | None:
    """The office, box and serial a form's QR text names; None for anything else."""
    match = _QR.fullmatch(text.strip()) if isinstance(text, str) else None
    if match is None:
        return None
    code = FormCode(int(match[1]), match[2], int(match[3]))
    try:
        canonical = form_qr_payload(code.office_code, code.box_code, code.serial)
    except ValueError:
        return None
    return code if canonical == text.strip() else None


# --------------------------------------------------------------------------- #
# Printing forms


def _batch_info(batch: FormBatch) -> FormBatchInfo:
    return FormBatchInfo(
        id=int(batch.id),
        box_id=int(batch.box.id),
        box_code=str(batch.box.code),
        first_serial=int(batch.first_serial),
        count=int(batch.count),
        pdf_sha256=batch.__data__.get("pdf"),
        printed_at=batch.created_at,
    )


def _checked_print(box_id: int, count: int, page_size: str) -> ComplaintBox:
    errors: dict[str, str] = {}
    if not 1 <= count <= MAX_FORMS:
        errors["count"] = "تعداد فرم‌ها باید بین ۱ و ۵۰۰ باشد."
    if page_size not in PAGE_SIZES:
        errors["page_size"] = "اندازه‌ی کاغذ باید A4 یا A5 باشد."
    box = ComplaintBox.get_or_none(ComplaintBox.id == box_id)
    if box is None:
        errors["box"] = "صندوق پیدا نشد."
    elif not box.active:
        errors["box"] = "این صندوق غیرفعال است؛ برای آن فرم چاپ نمی‌شود."
    if errors:
        raise ValidationError(errors)
    return _box(box_id)


def _office_code() -> int:
    row = Office.select().first()
    if row is None:
        raise ValidationError({"office": "دفتر هنوز راه‌اندازی نشده است."})
    return int(row.code)


def _render(box: ComplaintBox, serials: Iterable[int], page_size: PageSize) -> bytes:
    from app.pdf.box_form import FormSheet, render_forms  # heavy; printing only

    code = _office_code()
    info = office.office_info()
    head = letterhead.load_letterhead()
    sheets = [
        FormSheet(
            office_name=head.office_title,
            office_phone=info.phone if info else None,
            box_code=str(box.code),
            box_location=str(box.location),
            unit_name=str(box.unit.name),
            serial=serial,
            qr_text=form_qr_payload(code, str(box.code), serial),
            office_contact=head.footer or None,
        )
        for serial in serials
    ]
    return render_forms(sheets, page_size)


def print_forms(
    session: Session, box_id: int, count: int, page_size: PageSize = "A4"
) -> FormBatchInfo:
    """Reserve ``count`` serials for a box, render its forms and archive the batch.

    The serials are taken in a short transaction of their own and the PDF is rendered
    outside it (500 pages take seconds, too long to hold other writers back); the batch
    and its PDF are then recorded together. A failure in between leaves a gap in the
    serials, never a batch without its forms.
    """
    require(session, Action.PRINT_FORMS)
    box = _checked_print(box_id, count, page_size)
    with write_transaction():
        _office_code()
        first = counters.take(SERIAL_COUNTER, count)
    pdf = _render(box, range(first, first + count), page_size)
    with write_transaction():
        _checked_print(box_id, count, page_size)
        stored = files.store(pdf, files.PDF)
        batch = FormBatch.create(
            box=box_id,
            first_serial=first,
            count=count,
            printed_by=session.user_id,
            pdf=stored.sha256,
        )
        after = model_to_dict(batch) | {"page_size": page_size}
        audit.record(session.username, "forms_printed", "form_batch", str(batch.uid), after=after)
        audit.journal(batch, "insert")
    return _batch_info(
        FormBatch.select(FormBatch, ComplaintBox)
        .join(ComplaintBox)
        .where(FormBatch.id == batch.id)
        .get()
    )


def list_batches(session: Session, box_id: int | None = None) -> list[FormBatchInfo]:
    """Printed batches, newest first."""
    require(session, Action.VIEW_COMPLAINTS)
    query = FormBatch.select(FormBatch, ComplaintBox).join(ComplaintBox)
    if box_id is not None:
        query = query.where(FormBatch.box == box_id)
    return [_batch_info(b) for b in query.order_by(FormBatch.id.desc())]


def form_batch_pdf(session: Session, batch_id: int) -> bytes:
    """The forms of a batch, exactly as printed (to print them again)."""
    require(session, Action.PRINT_FORMS)
    batch = FormBatch.get_or_none(FormBatch.id == batch_id)
    if batch is None:
        raise NotFound("دسته‌ی فرم‌ها پیدا نشد.")
    sha = batch.__data__.get("pdf")
    if not sha:
        raise NotFound("فرم‌های این دسته بایگانی نشده‌اند.")
    return files.load(str(sha))


def serial_owner(serial: int) -> BoxInfo | None:
    """The box a form serial was printed for, or None when no batch holds it."""
    batch = (
        FormBatch.select(FormBatch.box)
        .where(FormBatch.first_serial <= serial, FormBatch.first_serial + FormBatch.count > serial)
        .first()
    )
    return _box_info(_box(int(batch.__data__["box"]))) if batch is not None else None


# --------------------------------------------------------------------------- #
# Openings


def _checked_committee(members: tuple[Member, ...]) -> tuple[Member, ...]:
    """The named members; a Persian message when the committee will not do."""
    cleaned = [Member(clean_line(m.name), clean_line(m.title)) for m in members]
    cleaned = [m for m in cleaned if m.name or m.title]
    if any(not m.name for m in cleaned):
        raise ValidationError({"committee": "نام هر عضو کمیسیون را بنویسید."})
    if any(len(m.name) > 200 or len(m.title) > 200 for m in cleaned):
        raise ValidationError({"committee": "نام یا سمت عضو کمیسیون بیش از ۲۰۰ نویسه است."})
    if len(cleaned) < 2:
        raise ValidationError({"committee": "دست‌کم دو عضو کمیسیون با نام لازم است."})
    if len(cleaned) > MAX_MEMBERS:
        raise ValidationError({"committee": "کمیسیون بیش از ۱۲ عضو دارد."})
    if len({m.name for m in cleaned}) != len(cleaned):
        raise ValidationError({"committee": "نام یک عضو دو بار آمده است."})
    return tuple(cleaned)


def _checked_opening(data: OpeningInput) -> tuple[tuple[Member, ...], str]:
    errors: dict[str, str] = {}
    committee: tuple[Member, ...] = ()
    try:
        committee = _checked_committee(data.committee)
    except ValidationError as error:
        errors |= error.fields
    if data.opened_on is None:  # a date the user typed that is not one
        errors["opened_on"] = "تاریخ بازگشایی را درست وارد کنید؛ مانند ۱۴۰۵/۰۹/۰۲."
    elif data.opened_on > jalali.today():
        errors["opened_on"] = "تاریخ بازگشایی نمی‌تواند در آینده باشد."
    if not 0 <= data.forms_found <= MAX_FORMS_FOUND:
        errors["forms_found"] = "تعداد برگه‌های یافت‌شده باید بین ۰ و ۱۰۰۰۰ باشد."
    note = clean_text(data.note)
    if len(note) > MAX_NOTE:
        errors["note"] = "توضیحات بیش از ۲۰۰۰ نویسه است."
    if ComplaintBox.get_or_none(ComplaintBox.id == data.box_id) is None:
        errors["box"] = "صندوق پیدا نشد."
    if errors:
        raise ValidationError(errors)
    return committee, note


MINUTES_TITLE = "صورتجلسه‌ی بازگشایی صندوق شکایات"


def minutes_counter(year: int) -> str:
    return f"minutes_seq:{year}"


def format_minutes_number(seq: int, year: int) -> str:
    """Minutes are numbered in their own series per Jalali year: ``12/1405``."""
    return f"{seq}/{year}"


def minutes_body(box: BoxInfo, data: OpeningInput, committee: tuple[Member, ...]) -> str:
    """The text of the minutes: what was opened, when, by whom, what was found."""
    opened_on = data.opened_on or jalali.today()  # checked before: never None here
    day = f"{jalali.format_date_long(opened_on)} ({jalali.format_date(opened_on)})"
    if data.opened_at is not None:
        day += f" ساعت {to_persian_digits(data.opened_at.strftime('%H:%M'))}"
    lines = [
        f"در تاریخ {day} صندوق شکایات به کد {box.code} مستقر در {box.unit_name}، "
        f"به نشانی {box.location}، با حضور اعضای کمیسیون که نام و امضای آنان در پایان "
        "آمده است بازگشایی شد.",
        f"تعداد برگه‌های یافت‌شده در صندوق: {grouped_number(data.forms_found)} برگ."
        if data.forms_found
        else "صندوق خالی بود و برگه‌ای در آن یافت نشد.",
    ]
    if data.forms_found:
        lines.append("برگه‌ها برای ثبت و رسیدگی به دفتر تحویل شد.")
    note = clean_text(data.note)
    if note:
        lines.append("توضیحات:")
        lines.extend(line for line in note.split("\n") if line.strip())
    lines.append("اعضای کمیسیون:")
    for number, member in enumerate(committee, start=1):
        # «۱-», not «۱.»: a Persian full stop after a digit reads as a zero («۱۰»).
        person = "، ".join(p for p in (member.name, member.title) if p)
        lines.append(f"{to_persian_digits(number)}- {person} — امضا: ....................")
    return "\n".join(lines)


def _minutes_document(
    box: BoxInfo, data: OpeningInput, committee: tuple[Member, ...], number: str
) -> bytes:
    from app.pdf.letter import LetterDocument, render_letter  # heavy; minutes only

    head = letterhead.load_letterhead()
    opened_on = data.opened_on or jalali.today()
    time = data.opened_at.strftime("%H:%M") if data.opened_at is not None else "—"
    document = LetterDocument(
        office_name=head.office_title,
        number=number,
        letter_date=opened_on,
        attachment="",
        addressee="",
        addressee_person=None,
        subject=f"{MINUTES_TITLE} {box.code}",
        body=minutes_body(box, data, committee),
        signer_name="",
        signer_title="",
        logo_png=letterhead.logo_bytes(head),
        footer=head.footer or None,
        salutation=None,
        title=f"صورتجلسه {number}",
        meta=(
            ("شماره:", number),
            ("تاریخ:", jalali.format_date(opened_on)),
            ("ساعت:", time),
        ),
        document_title=f"{MINUTES_TITLE} {box.code}",
    )
    return render_letter(document)


def open_box(session: Session, data: OpeningInput) -> OpeningInfo:
    """Record a box opening and its numbered minutes (an internal record, not a letter)."""
    require(session, Action.OPEN_BOX)
    committee, note = _checked_opening(data)
    with write_transaction():
        box = _box_info(_box(data.box_id))
        opened_on = data.opened_on or jalali.today()
        year = jalali.to_jalali(opened_on)[0]
        number = format_minutes_number(counters.bump(minutes_counter(year)), year)
        pdf = _minutes_document(box, data, committee, number)
        opening = BoxOpening.create(
            box=box.id,
            opened_on=data.opened_on,
            opened_at=data.opened_at.strftime("%H:%M") if data.opened_at is not None else None,
            committee=json.dumps(
                [{"name": m.name, "title": m.title} for m in committee], ensure_ascii=False
            ),
            forms_found=data.forms_found,
            note=note,
            minutes_number=number,
            minutes_pdf=files.store(pdf, files.PDF).sha256,
            opened_by=session.user_id,
        )
        audit.record(
            session.username,
            "box_opened",
            "box_opening",
            str(opening.uid),
            after=model_to_dict(opening),
        )
        audit.journal(opening, "insert")
    return get_opening(session, int(opening.id))


def _counts(opening_ids: list[int]) -> dict[int, dict[ScanState, int]]:
    counts = {i: dict.fromkeys(ScanState, 0) for i in opening_ids}
    query = cast(
        Iterable[tuple[int, str, int]],
        ScanPage.select(ScanPage.opening, ScanPage.state, fn.COUNT(ScanPage.id))
        .where(ScanPage.opening.in_(opening_ids))
        .group_by(ScanPage.opening, ScanPage.state)
        .tuples(),
    )
    for opening_id, state, n in query:
        counts[int(opening_id)][ScanState(state)] = int(n)
    return counts


_OPENING_COLUMNS = (
    BoxOpening.id,
    BoxOpening.box,
    BoxOpening.opened_on,
    BoxOpening.opened_at,
    BoxOpening.committee,
    BoxOpening.forms_found,
    BoxOpening.note,
    BoxOpening.minutes,
    BoxOpening.minutes_number,
    BoxOpening.closed,
)


def _time(text: str | None) -> dt.time | None:
    try:
        return dt.time.fromisoformat(text) if text else None
    except ValueError:
        return None


def _opening_infos(query: Any) -> list[OpeningInfo]:
    """The openings as the pages show them: plain rows (a model object each cost as much as
    the rest of the list), the office's few boxes read once."""
    rows = list(query.tuples())
    counts = _counts([int(row[0]) for row in rows])
    boxes = {info.id: info for info in (_box_info(box) for box in _boxes())}
    minutes_ids = [row[7] for row in rows if row[7] is not None]
    numbers = cast(
        Iterable[tuple[int, str]],
        Letter.select(Letter.id, Letter.number).where(Letter.id.in_(minutes_ids)).tuples(),
    )
    letters = {int(letter_id): str(number) for letter_id, number in numbers}
    return [
        OpeningInfo(
            id=int(opening_id),
            box=boxes[int(box_id)],
            opened_on=opened_on,
            opened_at=_time(opened_at),
            committee=tuple(Member(m["name"], m.get("title", "")) for m in json.loads(committee)),
            forms_found=int(forms_found),
            note=str(note),
            minutes_letter_id=int(letter) if letter is not None else None,
            minutes_number=number or (letters.get(int(letter)) if letter is not None else None),
            counts=counts[int(opening_id)],
            closed=bool(closed),
        )
        for (
            opening_id, box_id, opened_on, opened_at, committee, forms_found, note, letter,
            number, closed,
        ) in rows
    ]  # fmt: skip


def _openings() -> Any:
    return BoxOpening.select(*_OPENING_COLUMNS)


def list_openings(session: Session, box_id: int | None = None) -> list[OpeningInfo]:
    """Openings, newest first; of one box when ``box_id`` is given."""
    require(session, Action.VIEW_COMPLAINTS)
    query = _openings().order_by(BoxOpening.opened_on.desc(), BoxOpening.id.desc())
    if box_id is not None:
        query = query.where(BoxOpening.box == box_id)
    return _opening_infos(query)


def get_opening(session: Session, opening_id: int) -> OpeningInfo:
    require(session, Action.VIEW_COMPLAINTS)
    found = _opening_infos(_openings().where(BoxOpening.id == opening_id))
    if not found:
        raise NotFound("بازگشایی صندوق پیدا نشد.")
    return found[0]


def minutes_pdf(session: Session, opening_id: int) -> bytes:
    """The minutes of an opening as they were recorded (or, for an opening recorded before
    the minutes were kept, its minutes letter)."""
    opening = get_opening(session, opening_id)
    if opening.minutes_letter_id is not None:
        return letter_pdf(session, opening.minutes_letter_id)
    stored = BoxOpening.get_by_id(opening_id).__data__.get("minutes_pdf")
    if stored:
        return files.load(str(stored))
    if opening.minutes_number is None:
        raise NotFound("صورتجلسه‌ی این بازگشایی ثبت نشده است.")
    data = OpeningInput(
        opening.box.id,
        opening.opened_on,
        opening.committee,
        opening.forms_found,
        opening.note,
        opening.opened_at,
    )
    return _minutes_document(opening.box, data, opening.committee, opening.minutes_number)
