"""The paged lists (the register, the overdue queue, the print queue): rows are read a page
at a time as the user scrolls, a click on a column's title orders the query, and a refresh
keeps the chosen record chosen."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from app import jalali, lists, office_calendar, referrals, secretariat
from app.paging import Sort
from app.permissions import Role, Session
from app.secretariat import LetterKind, LetterRequest
from db.models import Referral
from tests.app.helpers import register
from ui.pages.referrals_queue import PRINT_KINDS, OverdueTab, PrintQueueTab, ReferralsPage
from ui.pages.secretariat import SecretariatPage
from ui.widgets.record_table import Column, PagedModel, RecordTable

PAGE = 4
LETTERS = 11
RECIPIENTS = ("شهرداری", "آموزش و پرورش", "بهداشت", "آب و فاضلاب", "راه و شهرسازی")


@pytest.fixture
def manager(session_for) -> Session:
    return session_for(Role.MANAGER)  # type: ignore[no-any-return]


def issue_letters(manager: Session, count: int = LETTERS) -> list[int]:
    today = jalali.today()
    ids = []
    for i in range(count):
        request = LetterRequest(
            kind=LetterKind.REFERRAL,
            recipient=RECIPIENTS[i % len(RECIPIENTS)],
            subject=f"نامه‌ی {i}",
            letter_date=today - dt.timedelta(days=count - i),
        )
        ids.append(secretariat.issue_letter(manager, request).id)
    return ids


def overdue_referrals(manager: Session, count: int) -> list[int]:
    calendar = office_calendar.load_calendar()
    today = jalali.today()
    units = lists.list_units(manager)
    ids = []
    for i in range(count):
        complaint = register(manager, subject=f"تأخیر {i}")
        unit = units[i % len(units)]
        request = referrals.ReferralRequest(complaint.complaint_id, (unit.id,))
        [info] = referrals.refer(manager, request)
        due = today - dt.timedelta(days=1 + 2 * i)
        while not calendar.is_working_day(due):
            due -= dt.timedelta(days=1)
        Referral.update(due_on=due, referred_on=due - dt.timedelta(days=20)).where(
            Referral.id == info.id
        ).execute()
        ids.append(info.id)
    return ids


def paged(table: RecordTable, page_size: int = PAGE) -> PagedModel[object]:
    """The table's model, re-read in pages of ``page_size``."""
    model = table.records_model()
    assert isinstance(model, PagedModel)
    model.page_size = page_size
    table.reload()
    return model


def ids(model: PagedModel[object]) -> list[int]:
    return [model.id_at(row) for row in range(model.rowCount())]


def click_header(qtbot: QtBot, table: RecordTable, column: int) -> None:
    header = table.horizontalHeader()
    x = header.sectionViewportPosition(column) + header.sectionSize(column) // 2
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, 5))


def scroll_to_end(table: RecordTable) -> None:
    table.scrollToBottom()
    QApplication.processEvents()


# --------------------------------------------------------------------------- the register


@pytest.fixture
def register_page(show_page, manager: Session) -> SecretariatPage:
    issue_letters(manager)
    return show_page(SecretariatPage, manager)  # type: ignore[no-any-return]


def test_the_register_reads_a_page_at_a_time_as_the_user_scrolls(
    qtbot: QtBot, register_page: SecretariatPage
) -> None:
    model = paged(register_page.table)
    assert model.rowCount() == PAGE and model.canFetchMore()
    for _ in range(10):  # the view asks for more as the last rows come into sight
        scroll_to_end(register_page.table)
    assert model.rowCount() == LETTERS and not model.canFetchMore()
    newest_first = ids(model)
    assert newest_first == sorted(newest_first, reverse=True)
    assert len(set(newest_first)) == LETTERS  # no letter twice across page boundaries


def test_the_register_sorts_in_the_query_by_a_click_on_a_title(
    qtbot: QtBot, manager: Session, register_page: SecretariatPage
) -> None:
    table = register_page.table
    model = paged(table)
    recipient = SecretariatPage.column("recipient")
    click_header(qtbot, table, recipient)
    assert model.order.key == "recipient"
    model.fetch_through(-1, pages=10)  # read to the end
    expected_order = model.order
    expected = secretariat.find_letters(manager, sort=expected_order, limit=100)
    assert ids(model) == [letter.id for letter in expected]
    shown = [table.item(row, recipient).text() for row in range(table.rowCount())]
    assert len(set(shown)) == len(RECIPIENTS)  # every recipient, grouped together
    assert all(
        shown.index(name) + shown.count(name) - 1 == len(shown) - 1 - shown[::-1].index(name)
        for name in set(shown)
    )
    first = ids(model)
    click_header(qtbot, table, recipient)  # again: the other way
    assert model.order == Sort("recipient", not expected_order.descending)
    model.fetch_through(-1, pages=10)
    assert ids(model) == first[::-1]


def test_a_refresh_keeps_the_chosen_letter_chosen_even_beyond_the_first_page(
    qtbot: QtBot, manager: Session, register_page: SecretariatPage
) -> None:
    table = register_page.table
    model = paged(table)
    model.fetchMore()
    chosen = model.id_at(PAGE + 1)  # on the second page
    table.select_id(chosen)
    issue_letters(manager, 2)  # two more arrive meanwhile, ahead of it
    register_page.refresh()
    assert table.selected_id() == chosen
    assert table.selected().id == chosen


# --------------------------------------------------------------------------- overdue


@pytest.fixture
def overdue_tab(show_page, manager: Session) -> OverdueTab:
    overdue_referrals(manager, 9)
    page = show_page(ReferralsPage, manager)
    return page.overdue_tab  # type: ignore[no-any-return]


def test_the_overdue_queue_reads_pages_most_late_first(
    qtbot: QtBot, manager: Session, overdue_tab: OverdueTab
) -> None:
    model = paged(overdue_tab.table)
    assert model.rowCount() == PAGE and model.canFetchMore()
    while model.canFetchMore():
        scroll_to_end(overdue_tab.table)
    late = [model.row_at(row).days_late for row in range(model.rowCount())]
    assert len(late) == 9 and late == sorted(late, reverse=True)
    # counted on a worker thread; wait for every count started, not only the first answer
    qtbot.waitUntil(lambda: overdue_tab.total == 9 and not overdue_tab.counting())


def test_the_overdue_queue_sorts_by_unit_in_the_query(
    qtbot: QtBot, manager: Session, overdue_tab: OverdueTab
) -> None:
    table = overdue_tab.table
    model = paged(table)
    click_header(qtbot, table, OverdueTab.column("unit"))
    assert model.order.key == "unit"
    model.fetch_through(-1, pages=10)
    expected = referrals.overdue(manager, sort=model.order)
    assert ids(model) == [item.referral.id for item in expected]


def test_a_refresh_keeps_the_chosen_referral_chosen(
    qtbot: QtBot, manager: Session, overdue_tab: OverdueTab
) -> None:
    table = overdue_tab.table
    model = paged(table)
    model.fetchMore()
    chosen = model.id_at(PAGE + 2)
    table.select_id(chosen)
    overdue_tab.refresh()
    assert table.selected_id() == chosen


# --------------------------------------------------------------------------- print queue


@pytest.fixture
def print_tab(show_page, manager: Session) -> PrintQueueTab:
    issue_letters(manager)
    page = show_page(ReferralsPage, manager)
    return page.print_tab  # type: ignore[no-any-return]


def test_the_print_queue_reads_pages_in_the_order_issued(
    qtbot: QtBot, manager: Session, print_tab: PrintQueueTab
) -> None:
    model = paged(print_tab.table)
    assert model.rowCount() == PAGE
    while model.canFetchMore():
        scroll_to_end(print_tab.table)
    queued = secretariat.pending_prints(manager, PRINT_KINDS)
    assert ids(model) == [letter.id for letter in queued]
    assert print_tab.total == len(queued) == LETTERS


def test_the_print_queue_sorts_by_recipient_and_keeps_the_choice_on_refresh(
    qtbot: QtBot, manager: Session, print_tab: PrintQueueTab
) -> None:
    table = print_tab.table
    model = paged(table)
    click_header(qtbot, table, 3)  # recipient
    assert model.order.key == "recipient"
    model.fetch_through(-1, pages=10)
    expected = secretariat.pending_prints(manager, PRINT_KINDS, sort=model.order)
    assert ids(model) == [letter.id for letter in expected]
    chosen = model.id_at(LETTERS - 2)
    table.select_id(chosen)
    print_tab.refresh()
    assert table.selected_id() == chosen


# --------------------------------------------------------------------------- the model itself


def test_a_paged_model_asks_for_the_page_after_the_last_row_in_the_chosen_order() -> None:
    numbers = list(range(1, 24))
    asked: list[tuple[Sort, int | None, int]] = []

    def fetch(sort: Sort, after: int | None, limit: int) -> list[int]:
        asked.append((sort, after, limit))
        rows = sorted(numbers, reverse=sort.descending)
        start = rows.index(after) + 1 if after is not None else 0
        return rows[start : start + limit]

    columns: list[Column[int]] = [Column("n", str, "n")]
    model: PagedModel[int] = PagedModel(columns, lambda n: n, fetch, Sort("n"), page_size=10)
    model.reload()
    model.fetchMore()
    model.fetchMore()
    assert [model.id_at(r) for r in range(model.rowCount())] == numbers
    assert not model.canFetchMore()
    assert [after for _, after, _ in asked] == [None, 10, 20]
    model.sort(0, Qt.SortOrder.DescendingOrder)
    assert asked[-1] == (Sort("n", True), None, 10)
    assert [model.id_at(r) for r in range(model.rowCount())] == numbers[::-1][:10]


def test_a_failing_page_is_reported_not_raised_into_qt() -> None:
    failures: list[BaseException] = []

    def fetch(sort: Sort, after: int | None, limit: int) -> list[int]:
        if after is not None:
            raise OSError("disk gone")
        return list(range(limit))

    columns: list[Column[int]] = [Column("n", str, "n")]
    model: PagedModel[int] = PagedModel(columns, lambda n: n, fetch, Sort("n"), page_size=5)
    model.fetchFailed.connect(failures.append)
    model.reload()
    model.fetchMore()
    assert model.rowCount() == 5 and not model.canFetchMore()
    assert isinstance(failures[0], OSError)
