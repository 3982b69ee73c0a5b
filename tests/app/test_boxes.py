"""Complaint boxes: registering them, printing their forms under office-wide serials, the
forms' QR payload, and openings with numbered minutes of their own."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app import audit, boxes, counters, files, jalali, lists, secretariat
from app.boxes import FormCode, Member, OpeningInput, form_qr_payload, parse_form_qr
from app.errors import NotFound, PermissionDenied, ValidationError
from app.permissions import Role, Session
from app.persian import to_persian_digits
from app.vocabulary import ScanState
from db.connection import database_proxy, write_transaction
from db.models import BoxOpening, ComplaintBox, Counter, FormBatch, Letter, ScanPage
from tests.app.helpers import refused
from tests.app.test_pdf_rtl import fold, pdf_logical_text

ROOT = Path(__file__).resolve().parents[2]
LOCATION = "ساختمان مرکزی، طبقه‌ی همکف، کنار باجه‌ی پذیرش"
PERSIAN = re.compile(r"[\u0600-\u06ff]")
YESTERDAY = jalali.today() - dt.timedelta(days=1)
COMMITTEE = (Member("علی رضایی", "بازرس"), Member("مریم کریمی", "نماینده‌ی واحد"))


@pytest.fixture
def data_entry(session_for) -> Session:
    return session_for(Role.DATA_ENTRY)  # type: ignore[no-any-return]


@pytest.fixture
def unit_id(admin: Session) -> int:
    return lists.list_units(admin)[0].id


@pytest.fixture
def box(admin: Session, unit_id: int) -> boxes.BoxInfo:
    return boxes.create_box(admin, "B-12", LOCATION, unit_id)


def persian_messages(error: ValidationError) -> bool:
    return bool(error.fields) and all(PERSIAN.search(m) for m in error.fields.values())


# --------------------------------------------------------------------------- #
# Boxes


def test_the_admin_registers_a_box_with_a_normalised_code(
    admin: Session, clerk: Session, unit_id: int
) -> None:
    made = boxes.create_box(admin, "  b-۱۲ ", f"  {LOCATION}\u202e ", unit_id)
    assert (made.code, made.location, made.unit_id, made.active) == (
        "B-12",
        LOCATION,
        unit_id,
        True,
    )
    assert made.unit_name == lists.list_units(admin)[0].name
    assert boxes.list_boxes(clerk) == [made]
    assert boxes.get_box(clerk, made.id) == made
    assert boxes.box_by_code("b-12") == made and boxes.box_by_code("B-13") is None
    assert audit.verify_chain().ok


@pytest.mark.parametrize(
    ("code", "fragment"),
    [
        ("", "وارد کنید"),
        ("   ", "وارد کنید"),
        ("ب-۱", "حرف لاتین"),
        ("B 12", "حرف لاتین"),
        ("B--12", "حرف لاتین"),
        ("-B12", "حرف لاتین"),
        ("B12-", "حرف لاتین"),
        ("B/12", "حرف لاتین"),
        ("X" * 21, "۲۰"),
        ("b-12", "صندوق دیگری"),  # the same code in other letters' case
    ],
)
def test_bad_box_codes_are_refused_and_nothing_is_saved(
    admin: Session, box: boxes.BoxInfo, unit_id: int, code: str, fragment: str
) -> None:
    with refused(fragment):
        boxes.create_box(admin, code, LOCATION, unit_id)
    assert ComplaintBox.select().count() == 1


def test_a_box_needs_a_location_and_an_active_unit(admin: Session, unit_id: int) -> None:
    with pytest.raises(ValidationError) as caught:
        boxes.create_box(admin, "A1", " ", 999_999)
    assert set(caught.value.fields) == {"location", "unit"}
    assert persian_messages(caught.value)
    unit = lists.list_units(admin)[0]
    lists.update_unit(admin, unit.id, name=unit.name, head_name=None, head_title=None, active=False)
    with refused("واحدهای فعال"):
        boxes.create_box(admin, "A1", LOCATION, unit_id)
    with refused("۳۰۰"):
        boxes.create_box(admin, "A1", "م" * 301, lists.list_units(admin)[0].id)
    assert ComplaintBox.select().count() == 0


def test_updating_and_retiring_a_box(admin: Session, box: boxes.BoxInfo, clerk: Session) -> None:
    other_unit = lists.list_units(admin)[1].id
    changed = boxes.update_box(
        admin, box.id, code="b-12a", location="راهرو", unit_id=other_unit, active=True
    )
    assert (changed.code, changed.location, changed.unit_id) == ("B-12A", "راهرو", other_unit)
    retired = boxes.update_box(
        admin, box.id, code="B-12A", location="راهرو", unit_id=other_unit, active=False
    )
    assert not retired.active
    assert boxes.list_boxes(clerk) == []
    assert boxes.list_boxes(clerk, include_inactive=True) == [retired]
    boxes.create_box(admin, "C-1", LOCATION, other_unit)
    with refused("صندوق دیگری"):
        boxes.update_box(
            admin, box.id, code="c-1", location="راهرو", unit_id=other_unit, active=True
        )
    with pytest.raises(NotFound):
        boxes.update_box(admin, 999, code="Z", location="راهرو", unit_id=other_unit, active=True)
    assert ComplaintBox.get_by_id(box.id).version == 3


def test_a_box_with_printed_forms_keeps_its_code(
    admin: Session, data_entry: Session, box: boxes.BoxInfo
) -> None:
    boxes.print_forms(data_entry, box.id, 1)
    with refused("فرم چاپ شده"):
        boxes.update_box(
            admin, box.id, code="B-13", location=box.location, unit_id=box.unit_id, active=True
        )
    moved = boxes.update_box(
        admin, box.id, code="b-12", location="راهرو", unit_id=box.unit_id, active=True
    )
    assert (moved.code, moved.location) == ("B-12", "راهرو")


@pytest.mark.parametrize("role", [Role.CLERK, Role.DATA_ENTRY, Role.INSPECTOR, Role.MANAGER])
def test_only_the_admin_manages_boxes(
    session_for, box: boxes.BoxInfo, unit_id: int, role: Role
) -> None:
    session = session_for(role)
    with pytest.raises(PermissionDenied):
        boxes.create_box(session, "X1", LOCATION, unit_id)
    with pytest.raises(PermissionDenied):
        boxes.update_box(session, box.id, code="X1", location="جا", unit_id=unit_id, active=True)
    assert [b.code for b in boxes.list_boxes(session)] == ["B-12"]  # everyone may look


# --------------------------------------------------------------------------- #
# Serials


def test_take_reserves_consecutive_values(db_path: Path) -> None:
    with write_transaction():
        assert counters.take("test", 5) == 1
        assert counters.bump("test") == 6
        assert counters.take("test", 3) == 7
        with pytest.raises(ValueError):
            counters.take("test", 0)
    assert counters.peek("test") == 9


def test_serials_are_consecutive_and_unique_across_boxes_and_batches(
    admin: Session, data_entry: Session, box: boxes.BoxInfo
) -> None:
    other = boxes.create_box(admin, "ED-3", "راهروی طبقه‌ی دوم", lists.list_units(admin)[1].id)
    made = [
        boxes.print_forms(data_entry, box.id, 3),
        boxes.print_forms(data_entry, other.id, 2, "A5"),
        boxes.print_forms(admin, box.id, 4),
    ]
    assert [(b.box_code, b.first_serial, b.last_serial) for b in made] == [
        ("B-12", 1, 3),
        ("ED-3", 4, 5),
        ("B-12", 6, 9),
    ]
    owners = [boxes.serial_owner(serial) for serial in range(0, 11)]
    assert [o.code if o else None for o in owners] == [None] + ["B-12"] * 3 + ["ED-3"] * 2 + [
        "B-12"
    ] * 4 + [None]
    assert [b.id for b in boxes.list_batches(data_entry)] == [m.id for m in reversed(made)]
    assert [b.id for b in boxes.list_batches(data_entry, other.id)] == [made[1].id]


def test_the_batch_pdf_is_archived_as_printed(
    data_entry: Session, box: boxes.BoxInfo, clerk: Session
) -> None:
    batch = boxes.print_forms(data_entry, box.id, 2)
    pdf = boxes.form_batch_pdf(data_entry, batch.id)
    assert pdf.startswith(b"%PDF-")
    assert hashlib.sha256(pdf).hexdigest() == batch.pdf_sha256
    with pytest.raises(NotFound):
        boxes.form_batch_pdf(data_entry, 999)
    with pytest.raises(PermissionDenied):
        boxes.form_batch_pdf(clerk, batch.id)
    assert audit.verify_chain().ok


@pytest.mark.parametrize(
    ("count", "size", "field"),
    [(0, "A4", "count"), (501, "A4", "count"), (-3, "A4", "count"), (5, "Letter", "page_size")],
)
def test_bad_print_requests_are_refused_and_take_no_serial(
    data_entry: Session, box: boxes.BoxInfo, count: int, size: str, field: str
) -> None:
    with pytest.raises(ValidationError) as caught:
        boxes.print_forms(data_entry, box.id, count, size)  # type: ignore[arg-type]
    assert set(caught.value.fields) == {field} and persian_messages(caught.value)
    assert FormBatch.select().count() == 0
    assert counters.peek(boxes.SERIAL_COUNTER) == 0


def test_no_forms_for_a_retired_or_unknown_box(
    admin: Session, data_entry: Session, box: boxes.BoxInfo
) -> None:
    boxes.update_box(
        admin, box.id, code=box.code, location=box.location, unit_id=box.unit_id, active=False
    )
    with refused("غیرفعال"):
        boxes.print_forms(data_entry, box.id, 5)
    with refused("پیدا نشد"):
        boxes.print_forms(data_entry, 999, 5)
    assert FormBatch.select().count() == 0 and Counter.select().count() == 0


@pytest.mark.parametrize("role", [Role.CLERK, Role.INSPECTOR])
def test_clerks_and_inspectors_print_no_forms(session_for, box: boxes.BoxInfo, role: Role) -> None:
    with pytest.raises(PermissionDenied):
        boxes.print_forms(session_for(role), box.id, 1)


PRINTER = textwrap.dedent(
    """
    import sys
    from app import boxes, users
    from db.schema import open_database

    open_database(sys.argv[1])
    session = users.login("user_data_entry", "user-pass-1")
    for _ in range(8):
        for box in boxes.list_boxes(session):
            batch = boxes.print_forms(session, box.id, 3)
            print(box.code, batch.first_serial, batch.count, flush=True)
    """
)


def test_two_processes_printing_at_once_share_no_serial(
    admin: Session, data_entry: Session, box: boxes.BoxInfo, db_path: Path
) -> None:
    boxes.create_box(admin, "ED-3", "راهروی طبقه‌ی دوم", lists.list_units(admin)[1].id)
    database_proxy.obj.close()
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    printers = [
        subprocess.Popen(
            [sys.executable, "-c", PRINTER, str(db_path)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
        )
        for _ in range(2)
    ]
    serials: list[int] = []
    for process in printers:
        out, err = process.communicate(timeout=300)
        assert process.returncode == 0, err
        for line in out.splitlines():
            _, first, count = line.split()
            serials += range(int(first), int(first) + int(count))
    assert sorted(serials) == list(range(1, 2 * 8 * 2 * 3 + 1))
    for serial in (1, 48, 96):
        assert boxes.serial_owner(serial) is not None


# --------------------------------------------------------------------------- #
# The QR payload

BOX_CODES = st.from_regex(r"[A-Z0-9]{1,6}(-[A-Z0-9]{1,6}){0,2}", fullmatch=True)


@given(
    office_code=st.integers(1, 9999),
    box_code=BOX_CODES,
    serial=st.integers(1, 10**12 - 1),
)
def test_the_qr_payload_round_trips(office_code: int, box_code: str, serial: int) -> None:
    payload = form_qr_payload(office_code, box_code, serial)
    assert payload.isascii() and len(payload) <= 4 + 1 + 4 + 1 + 20 + 1 + 12
    assert set(payload) <= set("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ-/")  # QR alphanumeric
    assert parse_form_qr(payload) == FormCode(office_code, box_code, serial)


@given(st.text())
def test_arbitrary_text_is_not_a_form_code(text: str) -> None:
    code = parse_form_qr(text)
    assert code is None or form_qr_payload(*vars(code).values()) == text.strip()


@pytest.mark.parametrize(
    "text",
    [
        "",
        "DDR1",
        "1234567890123",  # a tracking code
        "https://example.com/DDR1/0123/B-12/00000042",
        "DDR2/0123/B-12/00000042",  # a later version this build does not know
        "ddr1/0123/b-12/00000042",
        "DDR1/123/B-12/00000042",
        "DDR1/0123/B-12/42",
        "DDR1/0000/B-12/00000042",
        "DDR1/0123/B-12/00000000",
        "DDR1/0123/B--12/00000042",
        "DDR1/0123/B 12/00000042",
        "DDR1/0123//00000042",
        "DDR1/0123/B-12/00000042/",
        "DDR1/0123/B-12/00000042x",
        "DDR1/۰۱۲۳/B-12/۰۰۰۰۰۰۴۲",
        "DDR1/0123/ABCDEFGHIJKLMNOPQRSTU/00000042",
        "DDR1/0123/B-12/1234567890123",
    ],
)
def test_other_texts_are_not_form_codes(text: str) -> None:
    assert parse_form_qr(text) is None


def test_another_offices_form_names_its_office() -> None:
    assert parse_form_qr("DDR1/0456/B-12/00000042") == FormCode(456, "B-12", 42)
    assert parse_form_qr(" DDR1/0123/B-12/00000042\n") == FormCode(123, "B-12", 42)


def test_bad_payload_parts_are_bugs() -> None:
    for args in ((0, "B", 1), (10_000, "B", 1), (1, "b", 1), (1, "", 1), (1, "B", 0)):
        with pytest.raises(ValueError):
            form_qr_payload(*args)


# --------------------------------------------------------------------------- #
# Openings


def opening(box: int, **changes: object) -> OpeningInput:
    values: dict[str, object] = {
        "box_id": box,
        "opened_on": YESTERDAY,
        "committee": COMMITTEE,
        "forms_found": 17,
        "note": "قفل صندوق سالم بود.\nکلید در دفتر نگهداری شد.",
        "opened_at": dt.time(10, 30),
    }
    values.update(changes)
    return OpeningInput(**values)  # type: ignore[arg-type]


def test_an_opening_registers_numbered_minutes(
    data_entry: Session, box: boxes.BoxInfo, clerk: Session
) -> None:
    committee = (*COMMITTEE, Member("حسن موسوی"), Member(" ", " "))
    made = boxes.open_box(data_entry, opening(box.id, committee=committee))
    assert (made.box, made.opened_on, made.forms_found) == (box, YESTERDAY, 17)
    assert made.committee == (*COMMITTEE, Member("حسن موسوی", ""))
    assert made.counts == dict.fromkeys(ScanState, 0) and made.pages == 0 and not made.closed
    year = jalali.to_jalali(YESTERDAY)[0]
    assert made.minutes_number == f"1/{year}" and made.minutes_letter_id is None
    assert made.opened_at == dt.time(10, 30)
    assert secretariat.find_letters(clerk) == []  # minutes are a record, not a letter
    pdf = boxes.minutes_pdf(clerk, made.id)
    assert boxes.minutes_pdf(clerk, made.id) == pdf  # as recorded
    text = pdf_logical_text(pdf)
    for expected in (
        "صورتجلسه‌ی بازگشایی صندوق شکایات B-12",
        "شماره:",
        to_persian_digits(f"1/{year}"),
        "ساعت:",
        jalali.format_date(YESTERDAY),
        jalali.format_date_long(YESTERDAY),
        "ساعت ۱۰:۳۰",
        "تعداد برگه‌های یافت‌شده در صندوق: ۱۷ برگ.",
        "۱- علی رضایی، بازرس — امضا:",
        "۲- مریم کریمی، نماینده‌ی واحد — امضا:",
        "۳- حسن موسوی — امضا:",
        "قفل صندوق سالم بود.",
        "کلید در دفتر نگهداری شد.",
    ):
        assert fold(expected) in text, expected
    for absent in ("به:", "پیوست:", "۱.", "با سلام و احترام"):
        assert fold(absent) not in text, absent
    assert audit.verify_chain().ok


def test_an_empty_box_says_so(manager_session: Session, box: boxes.BoxInfo) -> None:
    made = boxes.open_box(manager_session, opening(box.id, forms_found=0, note=""))
    text = pdf_logical_text(boxes.minutes_pdf(manager_session, made.id))
    assert "صندوق خالی بود" in text and "توضیحات" not in text


@pytest.fixture
def manager_session(session_for) -> Session:
    return session_for(Role.MANAGER)  # type: ignore[no-any-return]


@pytest.mark.parametrize(
    ("changes", "field", "fragment"),
    [
        ({"opened_on": jalali.today() + dt.timedelta(days=1)}, "opened_on", "آینده"),
        ({"committee": (Member("علی رضایی"),)}, "committee", "دو عضو"),
        ({"committee": (Member("علی رضایی"), Member(" ", " "))}, "committee", "دو عضو"),
        ({"committee": (*COMMITTEE, Member("", "منشی"))}, "committee", "نام هر عضو"),
        ({"committee": (*COMMITTEE, COMMITTEE[0])}, "committee", "دو بار"),
        ({"committee": (Member("ن" * 201), COMMITTEE[0])}, "committee", "۲۰۰"),
        ({"committee": tuple(Member(f"عضو {i}") for i in range(13))}, "committee", "۱۲"),
        ({"forms_found": -1}, "forms_found", "۱۰۰۰۰"),
        ({"forms_found": 10_001}, "forms_found", "۱۰۰۰۰"),
        ({"note": "ی" * 2001}, "note", "۲۰۰۰"),
        ({"box_id": 999}, "box", "پیدا نشد"),
    ],
)
def test_bad_openings_are_refused_and_nothing_is_saved(
    data_entry: Session,
    box: boxes.BoxInfo,
    changes: dict,
    field: str,
    fragment: str,
) -> None:
    with pytest.raises(ValidationError) as caught:
        boxes.open_box(data_entry, opening(box.id, **changes))
    assert field in caught.value.fields and fragment in caught.value.fields[field]
    assert persian_messages(caught.value)
    assert BoxOpening.select().count() == 0 and Letter.select().count() == 0
    assert secretariat.next_seq(jalali.to_jalali(jalali.today())[0]) == 1


@pytest.mark.parametrize("role", [Role.CLERK, Role.INSPECTOR, Role.ADMIN])
def test_only_data_entry_and_managers_open_boxes(
    session_for, box: boxes.BoxInfo, role: Role
) -> None:
    with pytest.raises(PermissionDenied):
        boxes.open_box(session_for(role), opening(box.id))
    assert BoxOpening.select().count() == 0 and Letter.select().count() == 0


def _pages(opening_id: int, states: list[ScanState], user_id: int) -> None:
    with write_transaction():
        image = files.store(b"\x89PNG\r\n\x1a\n" + b"\x00" * 16, "image/png").sha256
        for position, state in enumerate(states):
            ScanPage.create(
                opening=opening_id,
                position=position,
                source_name="scan.pdf",
                source_sha256="a" * 64,
                page_index=position,
                image=image,
                thumbnail=image,
                width=1654,
                height=2339,
                state=state.value,
                handled_by=user_id,
            )


def test_openings_are_listed_with_their_page_counts(
    admin: Session, data_entry: Session, box: boxes.BoxInfo, clerk: Session
) -> None:
    other = boxes.create_box(admin, "ED-3", "راهرو", lists.list_units(admin)[1].id)
    old = boxes.open_box(data_entry, opening(box.id, opened_on=YESTERDAY - dt.timedelta(days=30)))
    new = boxes.open_box(data_entry, opening(box.id))
    elsewhere = boxes.open_box(data_entry, opening(other.id, forms_found=2))
    states = [ScanState.ENTERED] * 3 + [ScanState.PENDING] * 2 + [ScanState.BLANK]
    _pages(new.id, states, data_entry.user_id)
    listed = boxes.list_openings(clerk)
    assert [o.id for o in listed] == [elsewhere.id, new.id, old.id]
    assert [o.id for o in boxes.list_openings(clerk, box.id)] == [new.id, old.id]
    counts = boxes.get_opening(clerk, new.id).counts
    assert counts[ScanState.ENTERED] == 3 and counts[ScanState.PENDING] == 2
    assert counts[ScanState.BLANK] == 1 and counts[ScanState.DUPLICATE] == 0
    assert boxes.get_opening(clerk, new.id).pages == 6
    assert boxes.get_opening(clerk, old.id).pages == 0
    # Each Jalali year has its own series of minutes.
    year, old_year = (jalali.to_jalali(o.opened_on)[0] for o in (new, old))
    expected = (
        [f"{n}/{year}" for n in (3, 2, 1)]
        if year == old_year
        else [f"2/{year}", f"1/{year}", f"1/{old_year}"]
    )
    assert [o.minutes_number for o in listed] == expected
    with pytest.raises(NotFound):
        boxes.get_opening(clerk, 999)
    with pytest.raises(NotFound):
        boxes.minutes_pdf(clerk, 999)
