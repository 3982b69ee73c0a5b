"""Letter numbers: per Jalali year, in the office's pattern, never reused, safe under races."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from app import audit, secretariat
from app.errors import ValidationError
from app.permissions import Role, Session
from app.secretariat import LetterKind, LetterRequest
from db.connection import database_proxy
from tests.app.helpers import register

ROOT = Path(__file__).resolve().parents[2]
LAST_DAY_1404 = dt.date(2026, 3, 20)  # ۲۹ اسفند ۱۴۰۴
FIRST_DAY_1405 = dt.date(2026, 3, 21)  # ۱ فروردین ۱۴۰۵


@pytest.fixture
def manager(session_for) -> Session:
    return session_for(Role.MANAGER)  # type: ignore[no-any-return]


def letter(
    manager: Session, day: dt.date | None = None, **changes: object
) -> secretariat.LetterInfo:
    values: dict[str, object] = {
        "kind": LetterKind.REFERRAL,
        "recipient": "شهرداری مرکز استان",
        "subject": "ارجاع شکایت",
        "letter_date": day,
    }
    values.update(changes)
    return secretariat.issue_letter(manager, LetterRequest(**values))  # type: ignore[arg-type]


def test_numbers_follow_the_pattern_and_restart_each_jalali_year(manager: Session) -> None:
    first = letter(manager, LAST_DAY_1404)
    second = letter(manager, LAST_DAY_1404)
    new_year = letter(manager, FIRST_DAY_1405)
    assert (first.number, second.number) == ("1/0123/1404", "2/0123/1404")
    assert (new_year.number, new_year.year, new_year.seq) == ("1/0123/1405", 1405, 1)


def test_a_voided_letter_keeps_its_number(manager: Session) -> None:
    first = letter(manager)
    voided = secretariat.void_letter(manager, first.id, "صدور اشتباه")
    assert voided.void and voided.number == first.number
    after = letter(manager)
    assert after.seq == first.seq + 1
    with pytest.raises(ValidationError):
        secretariat.void_letter(manager, first.id, "دوباره")
    with pytest.raises(ValidationError):
        secretariat.void_letter(manager, after.id, "  ")
    assert audit.verify_chain().ok


def test_letters_are_copied_into_one_pdf_in_order_and_can_be_stopped(manager: Session) -> None:
    import pypdfium2

    first, second = letter(manager), letter(manager, body="متن بلند. " * 600)
    archived = [
        len(pypdfium2.PdfDocument(secretariat.letter_pdf(manager, x.id))) for x in (first, second)
    ]
    seen: list[int] = []

    data = secretariat.letters_as_one_pdf(manager, [second.id, first.id], seen.append)  # type: ignore[arg-type]

    assert data is None  # append returns None: stop after the first letter
    assert seen == [1]
    data = secretariat.letters_as_one_pdf(manager, [second.id, first.id])
    assert data is not None
    assert len(pypdfium2.PdfDocument(data)) == archived[1] + archived[0]


def test_the_office_pattern(admin: Session, manager: Session) -> None:
    secretariat.set_number_pattern(admin, "ب/{سال_کوتاه}/{شماره}")
    assert letter(manager, FIRST_DAY_1405).number == "ب/05/1"
    secretariat.set_number_pattern(admin, "{seq}-{office}")  # an earlier version's names
    assert secretariat.number_pattern() == "{شماره}-{کد_دفتر}"
    assert letter(manager, FIRST_DAY_1405).number == "2-0123"
    for bad in ("{کد_دفتر}/{سال}", "{شماره}/{نام}", "{شماره", "<b>{seq}</b>", "{office}/{year}"):
        with pytest.raises(ValidationError):
            secretariat.set_number_pattern(admin, bad)


def test_bad_letters_are_refused_and_change_nothing(manager: Session) -> None:
    with pytest.raises(ValidationError) as caught:
        letter(manager, recipient=" ", subject="", complaint_id=999)
    assert set(caught.value.fields) == {"recipient", "subject", "complaint"}
    assert secretariat.find_letters(manager) == []
    assert letter(manager).seq == 1


def test_the_register_is_searchable(manager: Session, clerk: Session) -> None:
    complaint = register(clerk).complaint_id
    old = letter(manager, LAST_DAY_1404, recipient="اداره كل آموزش و پرورش")
    new = letter(manager, FIRST_DAY_1405, complaint_id=complaint)
    assert [x.id for x in secretariat.find_letters(clerk)] == [new.id, old.id]
    assert [x.id for x in secretariat.find_letters(clerk, number="1/0123/1404")] == [old.id]
    assert [x.id for x in secretariat.find_letters(clerk, recipient="آموزش")] == [old.id]
    found = secretariat.find_letters(clerk, date_from=FIRST_DAY_1405, date_to=FIRST_DAY_1405)
    assert [(x.id, x.complaint_id) for x in found] == [(new.id, complaint)]


def test_a_common_fragment_reads_the_register_in_its_order(
    manager: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    from app import letter_search

    monkeypatch.setattr(letter_search, "COMMON", 1)  # two matches are "many" here
    made = [letter(manager, FIRST_DAY_1405, recipient=f"شهرداری منطقه {n}") for n in (1, 2)]
    letter(manager, FIRST_DAY_1405, recipient="اداره کل راه")
    found = secretariat.find_letters(manager, recipient="شهرداری")
    assert [x.id for x in found] == [made[1].id, made[0].id]
    assert [x.id for x in secretariat.find_letters(manager, recipient="راه")] != []
    assert (
        secretariat.count_letters(manager, secretariat.LetterFilter(recipient="شهرداری")).value == 2
    )


def test_the_register_orders_numbers_as_numbers(manager: Session) -> None:
    from app.paging import Sort

    made = [letter(manager, LAST_DAY_1404) for _ in range(11)] + [letter(manager, FIRST_DAY_1405)]
    found = secretariat.find_letters(manager, sort=Sort("number"))
    assert [x.number for x in found] == [x.number for x in made]  # 9/… before 10/…
    newest = secretariat.find_letters(manager, sort=Sort("number", descending=True), limit=2)
    assert [x.number for x in newest] == ["1/0123/1405", "11/0123/1404"]


@pytest.mark.parametrize("spread", [50, 0])  # 0: every window too scattered, read whole
def test_a_page_read_in_windows_is_the_page_read_whole(
    manager: Session, monkeypatch: pytest.MonkeyPatch, spread: int
) -> None:
    from app import letter_search
    from app.paging import Sort

    names = ["شهرداری منطقه یک", "اداره کل راه", "شهرداری منطقه دو", "استانداری"]
    days = [LAST_DAY_1404, FIRST_DAY_1405, LAST_DAY_1404 - dt.timedelta(days=3)]
    for n in range(30):
        letter(manager, days[n * 7 % 3], recipient=names[n * 5 % 4])
    filters = [
        secretariat.LetterFilter(recipient="شهرداري"),  # Arabic yeh, the common spelling
        secretariat.LetterFilter(recipient="منطقه", date_to=LAST_DAY_1404),
        secretariat.LetterFilter(number="1404", recipient="شهرداری"),
    ]
    orders = [
        Sort(key, descending) for key in secretariat.LETTER_ORDERS for descending in (True, False)
    ]

    def pages(filters: secretariat.LetterFilter, sort: Sort) -> list[int]:
        seen: list[int] = []
        after = None
        while page := secretariat.find_letters(manager, filters, sort=sort, after=after, limit=4):
            seen += [x.id for x in page]
            after = page[-1]
        return seen

    whole = {(f, s): pages(f, s) for f in filters for s in orders}
    monkeypatch.setattr(letter_search, "COMMON", 1)
    monkeypatch.setattr(secretariat, "WINDOW_MIN", 3)
    monkeypatch.setattr(secretariat, "WINDOW_CAP", 8)
    monkeypatch.setattr(secretariat, "SPREAD", spread)
    for (f, s), expected in whole.items():
        assert expected, (f, s)
        assert pages(f, s) == expected, (f, s)


def test_counts_from_the_search_index_match_the_register(
    manager: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    names = ["شهرداری منطقه یک", "اداره کل راه", "شهرداری منطقه دو"]
    for n in range(12):
        letter(manager, [LAST_DAY_1404, FIRST_DAY_1405][n % 2], recipient=names[n % 3])
    cases = [
        secretariat.LetterFilter(recipient="شهرداري"),
        secretariat.LetterFilter(recipient="منطقه", date_from=FIRST_DAY_1405),
        secretariat.LetterFilter(recipient="منطقه", date_to=LAST_DAY_1404),
        secretariat.LetterFilter(number="/0123/1405", recipient="شهرداری"),
        secretariat.LetterFilter(number="1", recipient="راه"),  # a sequence number too
        secretariat.LetterFilter(recipient="را"),  # shorter than a trigram
        secretariat.LetterFilter(recipient="ناموجود"),
    ]
    for filters in cases:
        every = secretariat.find_letters(manager, filters, limit=1000)
        assert secretariat.count_letters(manager, filters).value == len(every), filters
    monkeypatch.setattr(secretariat, "COUNT_CAP", 3)
    capped = secretariat.count_letters(manager, cases[0])
    assert (capped.value, capped.capped) == (3, True)


WRITER = textwrap.dedent(
    """
    import sys
    from app import secretariat, users
    from app.secretariat import LetterKind, LetterRequest
    from db.schema import open_database

    open_database(sys.argv[1])
    manager = users.login("user_manager", "user-pass-1")
    for _ in range(25):
        info = secretariat.issue_letter(
            manager, LetterRequest(LetterKind.REMINDER, "واحد", "پیگیری")
        )
        print(info.seq, flush=True)
    """
)


def test_two_users_issuing_at_once_get_consecutive_unique_numbers(
    manager: Session, db_path: Path
) -> None:
    database_proxy.obj.close()
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    writers = [
        subprocess.Popen(
            [sys.executable, "-c", WRITER, str(db_path)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
        )
        for _ in range(2)
    ]
    seqs: list[int] = []
    for process in writers:
        out, err = process.communicate(timeout=120)
        assert process.returncode == 0, err
        seqs += [int(line) for line in out.split()]
    assert sorted(seqs) == list(range(1, 51))
