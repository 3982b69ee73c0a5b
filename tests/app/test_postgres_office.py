"""The office database on PostgreSQL: migrations, the daily work, search and concurrent seats.

Each test gets a fresh PostgreSQL database (``tests/postgres.py``: skipped without
``DADRAS_TEST_POSTGRES``, failed under ``CI=true``).
"""

from __future__ import annotations

import datetime as dt
import multiprocessing
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from peewee import Database, PostgresqlDatabase
from playhouse.schema_diff import diff_models

from app import audit, closing, counters, lists, lookup, office, referrals, secretariat
from app.closing import ClosingRequest
from app.errors import NotFound, ValidationError
from app.permissions import Role, Session
from app.referrals import ReferralRequest
from app.registration import SERIAL_COUNTER
from app.secretariat import LetterKind, LetterRequest
from app.tracking import make_tracking_code
from app.vocabulary import Identity, Outcome, Status
from db.connection import database_proxy, write_transaction
from db.models import ALL_MODELS, Complaint, Counter, Letter
from db.schema import migrate, open_database, pending_migrations
from tests.app.helpers import register
from tests.app.test_reports import on  # noqa: F401  (a fixture)
from tests.conftest import OFFICE_SETUP, make_user
from tests.postgres import fresh_database, server_url

SETUP = OFFICE_SETUP
WORKERS = 2
PER_WORKER = 25
BUMPS = 100  # per worker; i % 7 == 0 rolls back 15 of them


@pytest.fixture
def pg_url() -> Iterator[str]:
    """A fresh, migrated office database on the test server, bound to the models."""
    server_url()
    with fresh_database() as url:
        database = open_database(url)
        yield url
        database.close()
        database_proxy.initialize(None)


@pytest.fixture
def pg_admin(pg_url: str) -> Session:
    return office.set_up(SETUP)


def _words(session: Session, text: str) -> list[int]:
    """The ids a search for ``text`` lists, newest first (checked against its count)."""
    query = lookup.parse_query(text)
    ids = [row.id for row in lookup.page(session, query)]
    assert lookup.count(session, query) == len(ids)
    return ids


def test_an_empty_postgres_database_migrates_to_the_models(pg_url: str) -> None:
    database = database_proxy.obj
    assert isinstance(database, PostgresqlDatabase)
    assert not diff_models(database, ALL_MODELS)
    assert "complaint_search" in database.get_tables()
    assert pending_migrations(database) == []
    assert migrate(database) == []


def test_register_find_refer_and_close_on_postgres(pg_admin: Session) -> None:
    manager = make_user(pg_admin, Role.MANAGER)
    clerk = make_user(pg_admin, Role.CLERK)
    first = register(clerk, subject="تأخیر در صدور پروانه‌ی ساختمانی")
    second = register(clerk, subject="قطعی مکرر آب آشامیدنی", full_name="مریم احمدی")
    secret = register(
        clerk, identity=Identity.CONFIDENTIAL, full_name="حسن کریمی", subject="گم شدن پرونده"
    )

    assert lookup.find_by_tracking_code(clerk, first.tracking_code).id == first.complaint_id
    with pytest.raises(NotFound):
        lookup.find_by_tracking_code(clerk, make_tracking_code(123, 9999))  # valid, unused
    assert _words(clerk, "پروانه") == [first.complaint_id]
    assert _words(clerk, "آشامیدنى مکرر") == [second.complaint_id]  # Arabic ى, any order
    assert _words(clerk, "احمدی") == [second.complaint_id]
    assert _words(clerk, "کریمی") == []  # a confidential name is hidden from a clerk
    assert _words(manager, "کریمی") == [secret.complaint_id]

    (referral,) = referrals.refer(
        manager, ReferralRequest(first.complaint_id, (lists.list_units(manager)[0].id,))
    )
    (letter,) = secretariat.letters_for_complaint(manager, first.complaint_id)
    assert (letter.kind, letter.seq, letter.number) == (
        LetterKind.REFERRAL,
        1,
        referral.letter_number,
    )
    assert secretariat.letter_pdf(manager, letter.id).startswith(b"%PDF-")
    assert Complaint.get_by_id(first.complaint_id).status == Status.REFERRED.value
    reply = closing.close(
        manager,
        ClosingRequest(first.complaint_id, Outcome.SUBSTANTIATED, reply_text="پیگیری و رفع شد."),
    )
    assert reply is not None and reply.seq == 2
    assert Complaint.get_by_id(first.complaint_id).status == Status.CLOSED.value
    assert audit.verify_chain().ok


def test_a_setting_is_replaced_on_postgres(pg_admin: Session) -> None:
    office.set_setting(pg_admin, "letters.footer", "یک")
    office.set_setting(pg_admin, "letters.footer", "دو")
    assert office.get_setting("letters.footer") == "دو"


def test_a_rolled_back_transaction_leaves_no_gap(pg_admin: Session) -> None:
    assert counters.bump("probe") == 1
    with pytest.raises(RuntimeError), write_transaction():
        assert counters.bump("probe") == 2
        raise RuntimeError("abandoned")
    with write_transaction():
        assert counters.take("probe", 3) == 2
    assert counters.peek("probe") == 4


# --- search: the same answers as SQLite's FTS5 --------------------------------------------

TEXTS = (
    {"subject": "تأخیر در صدور پروانه‌ی ساختمانی", "full_name": "علی رضایی"},
    {"subject": "قطعی مکرر آب آشامیدنی در روستا", "full_name": "مریم احمدی"},
    {"subject": "برخورد نامناسب کارمند باجه", "description": "کارمند پاسخ نداد؛ شماره ۱۲۳۴۵"},
    {"subject": "پروانه کسب صادر نشد", "identity": Identity.CONFIDENTIAL, "full_name": "حسن کریمی"},
    {"subject": "ساختمان مدرسه‌ها خراب است", "identity": Identity.ANONYMOUS},
    {"subject": "DELAY in Payment_Slip", "full_name": "سارا موسوی"},
)
QUERIES = (
    "پروانه",
    "پروانه‌ی",
    "پروان",
    "ساختمان",
    "مدرسه",
    "مدرسه‌ها",
    "آب روستا",
    "آب علی",
    "آب مریم",  # one word in the text, one in the name
    "ساختمانی علی",
    "مدرسه ها",
    "کارمند ۱۲۳۴۵",
    "12345",
    "ي",
    "ی پروانه",
    "احمدي",
    "کریمی",
    "حسن پروانه",
    "delay",
    "payment",
    "slip",
    "پرونده",
    "نيست",
)


def _search_answers(target: str | Path) -> dict[tuple[str, str], list[int]]:
    database = open_database(target)
    try:
        admin = office.set_up(SETUP)
        clerk, manager = make_user(admin, Role.CLERK), make_user(admin, Role.MANAGER)
        for text in TEXTS:
            register(clerk, **text)
        return {
            (who, text): _words(session, text)
            for who, session in (("clerk", clerk), ("manager", manager))
            for text in QUERIES
        }
    finally:
        database.close()
        database_proxy.initialize(None)


def _same_on_both(answers_of: Callable[[str | Path], Any], tmp_path: Path) -> Any:
    """What ``answers_of`` finds on SQLite, checked to be what it finds on PostgreSQL."""
    server_url()
    on_sqlite = answers_of(tmp_path / "office.sqlite3")
    with fresh_database() as url:
        assert answers_of(url) == on_sqlite
    return on_sqlite


def test_postgres_search_answers_as_sqlite_does(tmp_path: Path) -> None:
    on_sqlite = _same_on_both(_search_answers, tmp_path)
    assert on_sqlite[("clerk", "پروانه")] == [4, 1]  # a confidential complaint's text is found…
    assert on_sqlite[("manager", "حسن پروانه")] == [4]  # …and its name only by a manager
    assert on_sqlite[("clerk", "آب مریم")] == [2]


# --- Persian as people type it ----------------------------------------------------------

# Each complaint is written one common way; every query is another way of writing it.
SPELLINGS: tuple[tuple[dict[str, Any], tuple[str, ...]], ...] = (
    ({"subject": "می‌خواهم پیگیری شود"}, ("میخواهم", "می خواهم", "می‌خواهم پیگیری")),
    ({"subject": "میخواهم رسیدگی شود"}, ("می‌خواهم رسیدگی", "می خواهم رسیدگی")),
    ({"subject": "می خواهم پاسخ بدهند"}, ("می‌خواهم پاسخ", "میخواهم پاسخ")),
    ({"subject": "کتابها گم شده است"}, ("کتاب‌ها", "کتاب ها")),
    ({"subject": "کتاب‌های کتابخانه"}, ("کتابهای کتابخانه", "کتاب های کتابخانه")),
    ({"subject": "ناهماهنگی", "full_name": "محمد‌رضا کریمی‌نژاد"}, ("محمدرضا", "کریمینژاد")),
    ({"subject": "بی‌نظمی", "full_name": "محمدرضا کریمینژاد"}, ("محمد‌رضا", "کریمی‌نژاد")),
    ({"subject": "بدرفتاری", "full_name": "محمد رضا صالحی"}, ("محمدرضا صالحی",)),
    ({"subject": "مسئول باجه نبود"}, ("مسؤول باجه", "مسوول باجه")),
    ({"subject": "رئیس اداره پاسخ نداد"}, ("رییس اداره",)),
    ({"subject": "شکایت از آقای رییسی"}, ("رئیسی",)),
    ({"subject": "سؤال بی‌پاسخ ماند"}, ("سوال بی‌پاسخ", "سوال بیپاسخ")),
    ({"subject": "تاخیر در پرداخت"}, ("تأخیر پرداخت",)),
    ({"subject": "إسراف در هزینه‌ها"}, ("اسراف",)),
    ({"subject": "آلودگی هوا"}, ("الودگی",)),
    ({"subject": "مدرسة نمونه"}, ("مدرسه نمونه",)),
    ({"subject": "کارمند\u200bبی‌ادب"}, ("کارمند بی‌ادب", "کارمندبی‌ادب")),
)
_LONG_WORD = "ب" * 3000  # PostgreSQL refused a tsquery word of 2,047 bytes and more


def _spelling_answers(target: str | Path) -> dict[str, list[int]]:
    """For each query, the ids found (only the registered complaints exist, ids from 1)."""
    database = open_database(target)
    try:
        admin = office.set_up(SETUP)
        clerk = make_user(admin, Role.CLERK)
        for text, _queries in SPELLINGS:
            register(clerk, **text)
        answers = {q: _words(clerk, q) for _text, queries in SPELLINGS for q in queries}
        with pytest.raises(ValidationError) as refused:
            lookup.parse_query(f"شکایت {_LONG_WORD}")
        assert "حرف" in refused.value.fields["query"]
        return answers
    finally:
        database.close()
        database_proxy.initialize(None)


def test_every_common_spelling_finds_its_partner_on_sqlite(tmp_path: Path) -> None:
    answers = _spelling_answers(tmp_path / "office.sqlite3")
    for number, (_text, queries) in enumerate(SPELLINGS, start=1):
        for query in queries:
            assert number in answers[query], (query, answers[query])
    assert answers["رییس اداره"] == [10]  # not the one about «رییسی» the person


def test_every_common_spelling_finds_its_partner_on_postgres(tmp_path: Path) -> None:
    _same_on_both(_spelling_answers, tmp_path)


def test_an_upgraded_office_is_indexed_again_on_postgres(pg_admin: Session) -> None:
    from app import search_index
    from app.persian import normalize
    from app.registration import search_document
    from db.connection import execute

    clerk = make_user(pg_admin, Role.CLERK)
    first = register(clerk, subject="مسئول باجه نبود").complaint_id
    old = normalize("مسئول باجه نبود")
    execute(
        "UPDATE complaint_search SET body = %s, document = %s::tsvector WHERE rowid = %s",
        (old, search_document(old, "", ""), first),
    )
    execute("UPDATE setting SET value = '1' WHERE key = %s", (search_index.RULES_SETTING,))
    execute("UPDATE setting SET value = '1' WHERE key = %s", (search_index.LETTER_RULES_SETTING,))
    manager = make_user(pg_admin, Role.MANAGER)
    issued = secretariat.issue_letter(
        manager, LetterRequest(LetterKind.REFERRAL, "اداره کل آموزش‌وپرورش", "ارجاع شکایت")
    )
    assert _words(clerk, "مسوول") == []
    assert search_index.rebuild() == 1
    assert _words(clerk, "مسوول") == [first] and search_index.is_current()
    letters = secretariat.find_letters(manager, recipient="اموزش وپرورش")
    assert [info.id for info in letters] == [issued.id]


# --- two seats at once ---------------------------------------------------------------------


def _seat(url: str, seat: int, session: Session, barrier: Any) -> None:
    """One seat's process: register complaints and issue letters, abandoning some on the way."""
    database: Database = open_database(url)
    barrier.wait(timeout=60)
    for i in range(PER_WORKER):
        registered = register(session, subject=f"شکایت میز {seat} شماره {i}")
        secretariat.issue_letter(
            session,
            LetterRequest(
                LetterKind.REPLY,
                recipient="علی رضایی",
                subject=f"پاسخ {registered.tracking_code}",
                complaint_id=registered.complaint_id,
            ),
        )
        if i % 5 == 0:  # taken, then rolled back: must leave no gap
            try:
                with write_transaction():
                    counters.bump(SERIAL_COUNTER)
                    raise RuntimeError("abandoned")
            except RuntimeError:
                pass
    database.close()


def test_two_seats_write_at_once_without_duplicates_or_gaps(pg_url: str, pg_admin: Session) -> None:
    manager = make_user(pg_admin, Role.MANAGER)
    context = multiprocessing.get_context("spawn")
    barrier = context.Barrier(WORKERS)
    seats = [
        context.Process(target=_seat, args=(pg_url, seat, manager, barrier))
        for seat in range(WORKERS)
    ]
    for process in seats:
        process.start()
    for process in seats:
        process.join(timeout=300)
    assert [p.exitcode for p in seats] == [0] * WORKERS

    total = WORKERS * PER_WORKER
    complaints = list(Complaint.select(Complaint.serial, Complaint.tracking_code))
    assert sorted(c.serial for c in complaints) == list(range(1, total + 1))
    assert len({c.tracking_code for c in complaints}) == total
    letters = list(Letter.select(Letter.seq, Letter.number))
    assert sorted(letter.seq for letter in letters) == list(range(1, total + 1))
    assert len({letter.number for letter in letters}) == total
    assert Counter.get_by_id(SERIAL_COUNTER).value == total
    assert audit.verify_chain().ok  # writers were serialised: the hash chain never forked


def _bumper(url: str, barrier: Any, taken: Any) -> None:
    """Bump a counter in bare transactions (no advisory lock): the row lock alone must do."""
    database = open_database(url)
    barrier.wait(timeout=60)
    for i in range(BUMPS):
        with database.atomic() as transaction:
            value = counters.take("bare", 2)
            if i % 7 == 0:
                transaction.rollback()  # abandoned: these two values go to the next writer
                continue
        taken.put((value, value + 1))
    database.close()


def test_the_counter_row_lock_alone_serialises_writers(pg_url: str) -> None:
    context = multiprocessing.get_context("spawn")
    barrier, taken = context.Barrier(WORKERS), context.Queue()
    bumpers = [
        context.Process(target=_bumper, args=(pg_url, barrier, taken)) for _ in range(WORKERS)
    ]
    for process in bumpers:
        process.start()
    values = [value for _ in range(WORKERS * (BUMPS - 15)) for value in taken.get(timeout=120)]
    for process in bumpers:
        process.join(timeout=120)
    assert [p.exitcode for p in bumpers] == [0] * WORKERS
    assert sorted(values) == list(range(1, len(values) + 1))
    assert counters.peek("bare") == len(values)


def test_dates_and_instants_round_trip(pg_admin: Session) -> None:
    clerk = make_user(pg_admin, Role.CLERK)
    day = dt.date.today() - dt.timedelta(days=3)
    registered = register(clerk, received_on=day)
    complaint = Complaint.get_by_id(registered.complaint_id)
    assert complaint.received_on == day
    assert complaint.created_at == registered.registered_at  # naive UTC, to the microsecond


def test_the_reports_give_the_hand_worked_figures_on_postgresql(
    pg_admin: Session,
    on: Callable[[dt.date], None],  # noqa: F811
) -> None:
    """test_reports.py's case history and checks, on an office server."""
    from tests.app import test_reports

    manager = make_user(pg_admin, Role.MANAGER)
    cases = test_reports.build_cases(manager, on)
    test_reports.test_the_dashboard(manager, cases)
    test_reports.test_every_dashboard_figure_opens_its_complaints(manager, cases)
    test_reports.test_the_scorecard(manager, cases)
    test_reports.test_filters_narrow_every_figure(manager, cases)
    test_reports.test_the_heat_maps(manager, cases)
