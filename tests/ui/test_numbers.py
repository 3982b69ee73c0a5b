"""Counts read as Persian readers write them: Persian digits, «٬» between thousands."""

from __future__ import annotations

import pytest
from pytestqt.qtbot import QtBot

from app import backup, lookup
from app.permissions import Role, Session
from app.persian import grouped_number, page_of
from app.sync.status import counts_text
from tests.app.helpers import register
from ui.pages.backup import BackupPage
from ui.pages.complaints import ComplaintsPage
from ui.pages.sync import size_text


def test_the_helpers_group_thousands() -> None:
    assert grouped_number(3001) == "۳٬۰۰۱"
    assert grouped_number(999) == "۹۹۹"
    assert grouped_number(1_234_567) == "۱٬۲۳۴٬۵۶۷"
    assert page_of(1, 1) == "صفحه‌ی ۱ از ۱"
    assert page_of(1000, 3001) == "صفحه‌ی ۱٬۰۰۰ از ۳٬۰۰۱"
    assert size_text(1020 * 1024) == "۱٬۰۲۰ کیلوبایت"
    assert size_text(3001) == "۲٫۹ کیلوبایت"
    assert size_text(1000) == "۱٬۰۰۰ بایت"
    assert counts_text({"complaint": 3001, "referral": 12}) == "شکایت ۳٬۰۰۱، ارجاع ۱۲"


def test_the_complaints_found_are_counted_with_a_separator(
    qtbot: QtBot, show_page, monkeypatch: pytest.MonkeyPatch, session_for
) -> None:
    clerk: Session = session_for(Role.CLERK)
    for _ in range(2):
        register(clerk)
    monkeypatch.setattr(lookup, "count", lambda session, query: 3001)
    page: ComplaintsPage = show_page(ComplaintsPage, clerk)
    page.model._page_size = 1  # one row a page: the total is counted, not seen
    with qtbot.waitSignal(page.counted, timeout=5000):
        page.refresh()
    assert page.count_label.text() == "۳٬۰۰۱ شکایت یافت شد"


def test_the_copies_kept_figure_is_grouped(show_page, admin: Session, tmp_path) -> None:
    backup.set_plan(admin, tmp_path, 24, 1000, None, change_passphrase=False)
    page: BackupPage = show_page(BackupPage, admin)
    assert page.values["keepValue"].text() == "۱٬۰۰۰"


def test_an_import_from_central_says_what_it_did_in_words_that_fit(
    show_page, admin: Session
) -> None:
    from app.sync.inbound import ImportOutcome, InboundResult
    from ui.pages.sync import SyncPage

    page: SyncPage = show_page(SyncPage, admin)

    def said(added: int, skipped: int) -> str:
        codes = [f"0123{n:09d}" for n in range(added)]
        return page.outcome_text(ImportOutcome(inbound=InboundResult(5, codes, skipped, False)))

    assert said(0, 3001) == "بسته‌ی ۵ مرکز: شکایت تازه‌ای ثبت نشد؛ ۳٬۰۰۱ شکایت از پیش موجود بود."
    assert said(1, 0).startswith("بسته‌ی ۵ مرکز: ۱ شکایت ثبت شد. ")
    assert said(2, 1001).startswith("بسته‌ی ۵ مرکز: ۲ شکایت ثبت شد، ۱٬۰۰۱ از پیش موجود بود.")
