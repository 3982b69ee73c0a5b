"""Page benchmark: every page of the main window, as each demo user, on a large demo database.

    python tests/benchmarks/bench_pages.py --db PATH [--repeats 5] [--roles manager,clerk]
                                           [--pages secretariat,referrals]

Runs the real Qt application (offscreen unless ``QT_QPA_PLATFORM`` is set) on an existing demo
database (``dadras demo --db PATH --complaints N``), logs in each demo user in turn, opens the
main window as that user and, for every page the role has, times what people do there: the
page opened until its first rows are painted, a search, each filter, a sort by each column
that sorts, a row selected, the detail opened, the page's actions (a reminder, an
escalation, a response recorded, fifty letters saved as one PDF, the backup list and the
sync history refreshed, the first report) and switching away and back. Each action runs once
to warm up and then ``--repeats`` times; the median and the slowest are reported.

While an action runs a 10 ms timer ticks on the event loop; the longest lateness of a tick is
the event-loop stall: work done on the GUI thread stalls the loop for as long as it lasts.
Budgets: median <= 100 ms, slowest <= 250 ms, stall <= 100 ms for every action (the reports
keep their own budgets from ``bench_reports.py`` for the time, the stall budget still holds);
peak RSS of the process < 400 MB. Prints a table of figure / budget / measured / pass and
exits with status 1 when a budget is missed.

The actions that write do write into the database given: each logs in (an audit entry), and
the reminders, escalations and responses are issued on real overdue referrals (a different
one each time), so run it on a demo file, never on an office's database. Dialogs that would
wait for a person (message boxes, the save-file dialog) are answered by the benchmark.

Not a pytest test on purpose: the figures depend on the machine and are read by people.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import resource
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from figures import add, all_within_budget, print_table

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from PySide6.QtCore import QEventLoop, Qt, QTimer  # noqa: E402
from PySide6.QtWidgets import (  # noqa: E402
    QApplication,
    QDialog,
    QMessageBox,
    QTableView,
    QTabWidget,
    QWidget,
)

MS = 1000.0
MEDIAN_BUDGET = 0.100
SLOWEST_BUDGET = 0.250
STALL_BUDGET = 0.100
MEMORY_BUDGET_MB = 400
TICK_MS = 10
TIMEOUT = 120.0
ROLES = ("admin", "clerk", "dataentry", "inspector", "manager", "sync")
PDF_LETTERS = 50
# The reports' own budgets (bench_reports.py), for the time until the report is shown.
REPORT_BUDGETS = {"dashboard": 1.0, "scorecard": 2.0, "unit × category map": 1.0,
                  "county × month map": 1.0}  # fmt: skip


# ------------------------------------------------------------------------------ the event loop


class Ticker:
    """A timer every 10 ms on the GUI thread; the longest gap between its ticks."""

    def __init__(self) -> None:
        self.timer = QTimer()
        self.timer.setTimerType(Qt.TimerType.PreciseTimer)
        self.timer.setInterval(TICK_MS)
        self.timer.timeout.connect(self._tick)
        self.last = time.perf_counter()
        self.longest = 0.0
        self.timer.start()

    def _tick(self) -> None:
        now = time.perf_counter()
        self.longest = max(self.longest, now - self.last)
        self.last = now

    def reset(self) -> None:
        self.last = time.perf_counter()
        self.longest = 0.0

    def stall(self) -> float:
        """The longest lateness of a tick since ``reset`` (seconds)."""
        return max(0.0, self.longest - TICK_MS / MS)


def run_until(ready: Callable[[], bool], timeout: float = TIMEOUT) -> bool:
    """Run the event loop (sleeping between events) until ``ready()`` or the timeout."""
    if ready():
        return True
    loop = QEventLoop()
    deadline = time.perf_counter() + timeout
    poll = QTimer()
    poll.setInterval(2)

    def check() -> None:
        if ready() or time.perf_counter() > deadline:
            loop.quit()

    poll.timeout.connect(check)
    poll.start()
    loop.exec()
    poll.stop()
    return ready()


def settle(seconds: float = 0.03) -> None:
    """Let the event loop run for a moment (pending paints, deferred deletes)."""
    end = time.perf_counter() + seconds
    run_until(lambda: time.perf_counter() >= end, seconds + 1)
    QApplication.sendPostedEvents(None, 0)  # DeferredDelete among them


# ------------------------------------------------------------------------------ answering dialogs

MESSAGES: list[str] = []
SAVE_AS: list[Path] = []


def answer_dialogs() -> None:
    """Message boxes are recorded instead of waiting for a click; Save As gets a path."""
    from ui.widgets import file_dialog

    def fake_exec(box: QMessageBox) -> int:
        MESSAGES.append(box.text())
        box.deleteLater()
        return int(QMessageBox.StandardButton.Ok)

    def fake_save(*_args: object, **_kwargs: object) -> tuple[str, str]:
        return (str(SAVE_AS[-1]), "") if SAVE_AS else ("", "")

    QMessageBox.exec = fake_exec  # type: ignore[method-assign,assignment]
    file_dialog.save_file_name = fake_save


# ------------------------------------------------------------------------------ measuring


@dataclass
class Step:
    """One thing a person does on a page.

    ``action`` is what the click or key runs; the time runs until ``ready()`` and ``target()``
    repainted (the rows on screen). A ``background`` action starts work off the GUI thread:
    the time is until the GUI has answered (the action returned and painted); ``ready()``
    then says when the work is done, reported as the total.
    """

    name: str
    action: Callable[[], object]
    ready: Callable[[], bool] = lambda: True
    target: Callable[[], QWidget | None] | None = None
    before: Callable[[int], object] | None = None  # untimed, given the repeat's number
    after: Callable[[int], object] | None = None  # untimed
    background: bool = False
    budget: float | None = None  # a median budget of its own (seconds): the reports
    repeats: int | None = None


@dataclass
class Result:
    times: list[float] = field(default_factory=list)
    totals: list[float] = field(default_factory=list)
    stalls: list[float] = field(default_factory=list)
    first: float = 0.0
    errors: list[str] = field(default_factory=list)


def _paint(target: Callable[[], QWidget | None] | None) -> None:
    widget = target() if target is not None else None
    if widget is not None and widget.isVisible():
        widget.repaint()


def measure(ticker: Ticker, step: Step, repeats: int) -> Result:
    result = Result()
    runs = 1 + (step.repeats if step.repeats is not None else repeats)
    for run in range(runs):
        if step.before is not None:
            step.before(run)
        settle(0.02)
        seen = len(MESSAGES)
        ticker.reset()
        started = time.perf_counter()
        try:
            step.action()
            done = step.background or run_until(step.ready)
            _paint(step.target)
            answered = time.perf_counter()
            if step.background:
                done = run_until(step.ready)
                _paint(step.target)
            finished = time.perf_counter()
        except Exception as exc:  # a failed action is reported, the others still run
            result.errors.append(f"{type(exc).__name__}: {exc}")
            traceback.print_exc()
            break
        run_until(lambda: False, 2 * TICK_MS / MS)  # a tick after the work: its gap counts
        stall = ticker.stall()
        if not done:
            result.errors.append("not done in time")
        result.errors += MESSAGES[seen:]
        if step.after is not None:
            step.after(run)
        if run == 0:
            result.first = answered - started
            continue
        result.times.append(answered - started)
        result.totals.append(finished - started)
        result.stalls.append(stall)
    return result


def report(figure: str, step: Step, result: Result) -> None:
    if not result.times:
        add(figure, "-", "failed", False, "; ".join(result.errors)[:300])
        return
    median, slowest = statistics.median(result.times), max(result.times)
    stall = max(result.stalls)
    if step.budget is not None:
        ok = median <= step.budget and stall <= STALL_BUDGET
        budget = f"med <= {step.budget * MS:.0f}, stall <= {STALL_BUDGET * MS:.0f}"
    else:
        ok = median <= MEDIAN_BUDGET and slowest <= SLOWEST_BUDGET and stall <= STALL_BUDGET
        budget = (
            f"med <= {MEDIAN_BUDGET * MS:.0f}, max <= {SLOWEST_BUDGET * MS:.0f}, "
            f"stall <= {STALL_BUDGET * MS:.0f}"
        )
    measured = f"med {median * MS:.0f}, max {slowest * MS:.0f}, stall {stall * MS:.0f} ms"
    notes = [f"first {result.first * MS:.0f} ms"] if step.name.startswith("open,") else []
    if step.background:
        notes.append(f"total {statistics.median(result.totals) * MS:.0f} ms (median)")
    if result.errors:
        ok = False
        notes.append("errors: " + "; ".join(dict.fromkeys(result.errors))[:300])
    add(figure, budget, measured, ok, ", ".join(notes))


# ------------------------------------------------------------------------------ sample data


@dataclass
class Samples:
    """Values people type, read from the demo file."""

    tracking_code: str
    national_code: str
    name: str
    words: str
    letter_seq: str
    recipient: str


def read_samples(path: Path) -> Samples:
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as connection:

        def one(sql: str) -> Any:
            row = connection.execute(sql).fetchone()
            return row[0] if row else ""

        top = one("SELECT max(id) FROM complaint") or 1
        code = one(f"SELECT tracking_code FROM complaint WHERE id = {top * 2 // 3}")
        national = one("SELECT national_code FROM person WHERE national_code IS NOT NULL LIMIT 1")
        name = one("SELECT full_name FROM person ORDER BY id DESC LIMIT 1")
        subject = one(f"SELECT subject FROM complaint WHERE id = {top // 2}")
        seq = one("SELECT seq FROM letter ORDER BY id DESC LIMIT 1")
        recipient = one("SELECT recipient FROM letter ORDER BY id DESC LIMIT 1")
    words = " ".join([w for w in str(subject).split() if len(w) >= 3][:2])
    return Samples(
        str(code),
        str(national or ""),
        str(name).split()[-1] if name else "",
        words,
        str(seq // 7 or 1),
        str(recipient)[:8],
    )


# ------------------------------------------------------------------------------ the pages


def tables_of(widget: QWidget) -> list[QTableView]:
    """The record tables of a page (or a tab of it)."""
    from ui.widgets.record_table import RecordTable

    return [t for t in widget.findChildren(RecordTable)]


def viewport_of(table: QTableView) -> Callable[[], QWidget | None]:
    return lambda: table.viewport()


def table_steps(label: str, table: Any) -> list[Step]:
    """Sort by each column that sorts, and select a row."""
    steps: list[Step] = []
    model = table.records_model()
    header = table.horizontalHeader()
    default = header.sortIndicatorSection(), header.sortIndicatorOrder()
    order = getattr(model, "order", None)

    def restore(_run: int) -> None:
        """Back to the list's own order, so that the later figures do not inherit a sort."""
        blocked = header.blockSignals(True)
        header.setSortIndicator(*default)
        header.blockSignals(blocked)
        if order is not None and model.order != order:
            model.order = order
            table.reload()

    for column, spec in enumerate(model.columns):
        if not spec.sortable:
            continue

        def sort(run: int, column: int = column) -> None:
            order = Qt.SortOrder.AscendingOrder if run % 2 == 0 else Qt.SortOrder.DescendingOrder
            table.sortByColumn(column, order)

        holder = {"run": 0}

        def remember(run: int, holder: dict[str, int] = holder) -> None:
            holder["run"] = run

        steps.append(
            Step(
                f"{label}sort by {spec.title}",
                lambda sort=sort, holder=holder: sort(holder["run"]),
                target=viewport_of(table),
                before=remember,
                after=restore,
            )
        )
    picked = {"row": 0}

    def pick(run: int) -> None:
        picked["row"] = (run * 3 + 1) % max(1, min(model.rowCount(), 40))

    steps.append(
        Step(
            f"{label}select a row",
            lambda: table.select_row(picked["row"]) if model.rowCount() else None,
            target=viewport_of(table),
            before=pick,
        )
    )
    return steps


class Driver:
    """Steps for each page of a main window shown as one user."""

    def __init__(self, window: Any, ctx: Any, samples: Samples, folder: Path) -> None:
        self.window = window
        self.ctx = ctx
        self.samples = samples
        self.folder = folder
        self.role = ctx.session.username

    def page(self, key: str) -> Any:
        return self.window.show_page(key)

    # --------------------------------------------------------------- opening and switching

    def drop_page(self, key: str) -> None:
        """Forget the page, so the next show builds it as the first show does."""
        window = self.window
        other = next(k for k in window.page_keys() if k != key) if len(window.specs) > 1 else None
        if other is not None:
            window.show_page(other)
        page = window._pages.pop(key, None)
        if page is not None:
            close_dialogs(page)
            window.stack.removeWidget(page)
            page.hide()
            page.deleteLater()
        settle(0.05)

    def first_rows(self, key: str) -> Callable[[], bool]:
        def ready() -> bool:
            page = self.window.page(key)
            if page is None:
                return False
            table = main_table(page)
            return table is None or table.model().rowCount() > 0 or _known_empty(table)

        return ready

    def paint_target(self, key: str) -> Callable[[], QWidget | None]:
        def target() -> QWidget | None:
            page = self.window.page(key)
            if page is None:
                return None
            table = main_table(page)
            return table.viewport() if table is not None else page

        return target

    def open_steps(self, key: str) -> list[Step]:
        keys = self.window.page_keys()
        other = next((k for k in keys if k != key), None)
        steps = [
            Step(
                "open, first rows painted",
                lambda: self.window.show_page(key),
                ready=self.first_rows(key),
                target=self.paint_target(key),
                before=lambda _run: self.drop_page(key),
            )
        ]
        if other is not None:
            steps.append(
                Step(
                    "switch to another page and back",
                    lambda: self.window.show_page(key),
                    ready=self.first_rows(key),
                    target=self.paint_target(key),
                    before=lambda _run: self.window.show_page(other),
                )
            )
        return steps

    # --------------------------------------------------------------- each page

    def steps(self, key: str) -> list[Step]:
        """What is measured on page ``key`` after opening it (the page is shown)."""
        page = self.page(key)
        specific = {
            "complaints": self.complaints_steps,
            "secretariat": self.secretariat_steps,
            "referrals": self.referrals_steps,
            "sync": self.sync_steps,
            "backup": self.backup_steps,
            "reports": self.reports_steps,
            "box_entry": self.refresh_steps,
            "users": self.refresh_steps,
            "units": self.refresh_steps,
            "boxes": self.refresh_steps,
            "categories": self.refresh_steps,
            "calendar": self.refresh_steps,
        }.get(key)
        steps = specific(page) if specific is not None else []
        if key not in ("referrals", "reports", "sync"):  # those do their tables by tab
            for table in tables_of(page):
                if table.isVisible():
                    steps += table_steps("", table)
        return steps

    def refresh_steps(self, page: Any) -> list[Step]:
        if not callable(getattr(page, "refresh", None)):
            return []
        table = main_table(page)
        target = viewport_of(table) if table is not None else (lambda: page)
        return [Step("refresh", page.refresh, target=target)]

    # complaints: one search line, the table, the detail window

    def complaints_steps(self, page: Any) -> list[Step]:
        s = self.samples
        target = viewport_of(page.table)

        def search(text: str) -> Callable[[], object]:
            def run() -> None:
                page.search_edit.setText(text)
                page.search()

            return run

        steps = [
            Step(f"search {label}", search(text), target=target)
            for label, text in (
                ("tracking code", s.tracking_code),
                ("national code", s.national_code),
                ("name", s.name),
                ("two words", s.words),
                ("nothing (every complaint)", ""),
            )
            if text or label.startswith("nothing")
        ]
        picked = {"row": 0}

        def pick(run: int) -> None:
            picked["row"] = run % max(1, min(page.model.rowCount(), 20))

        steps.append(
            Step(
                "select a row",
                lambda: page.table.setCurrentIndex(page.model.index(picked["row"], 0)),
                target=target,
                before=pick,
            )
        )
        dialogs: list[Any] = []

        def open_detail() -> None:
            index = page.table.currentIndex()
            dialogs.append(page.open_complaint(page.model.row_at(max(0, index.row())).id))

        steps.append(
            Step(
                "open the detail",
                open_detail,
                ready=lambda: bool(dialogs),  # returned (an error is recorded)
                target=lambda: dialogs[-1] if dialogs else None,
                after=lambda _run: close_all(dialogs),
            )
        )
        return steps

    # secretariat: the register

    def secretariat_steps(self, page: Any) -> list[Step]:
        s = self.samples
        target = viewport_of(page.table)
        today = dt.date.today()

        def clear(_run: int = 0) -> None:
            for edit in (page.number_edit, page.recipient_edit, page.from_date, page.to_date):
                edit.clear()
            page.search()

        def typed(fill: Callable[[], object]) -> Callable[[], object]:
            def run() -> None:
                fill()
                page.search()

            return run

        previews: list[Any] = []

        def open_letter() -> None:
            previews.append(page.open_letter())

        return [
            Step(
                "search number",
                typed(lambda: page.number_edit.setText(s.letter_seq)),
                target=target,
                after=clear,
            ),
            Step(
                "search recipient",
                typed(lambda: page.recipient_edit.setText(s.recipient)),
                target=target,
                after=clear,
            ),
            Step(
                "filter last 30 days",
                typed(
                    lambda: (
                        page.from_date.setDate(today - dt.timedelta(days=30)),
                        page.to_date.setDate(today),
                    )
                ),
                target=target,
                after=clear,
            ),
            Step(
                "filter from a year ago",
                typed(lambda: page.from_date.setDate(today - dt.timedelta(days=365))),
                target=target,
                after=clear,
            ),
            Step(
                "filter up to a year ago",
                typed(lambda: page.to_date.setDate(today - dt.timedelta(days=365))),
                target=target,
                after=clear,
            ),
            Step("clear the search", lambda: clear(), target=target),
            Step(
                "open letter (preview)",
                open_letter,
                ready=lambda: bool(previews),  # returned (an error is recorded)
                target=lambda: previews[-1] if previews else None,
                before=lambda _run: page.table.select_row(0) if page.model.rowCount() else None,
                after=lambda _run: close_all(previews),
            ),
        ]

    # referrals: the overdue queue and the print queue

    def referrals_steps(self, page: Any) -> list[Step]:
        steps: list[Step] = []
        overdue, printing = page.overdue_tab, page.print_tab
        tabs: QTabWidget = page.tabs
        tabs.setCurrentIndex(0)
        steps += [Step(f"overdue: {x.name}", x.action, x.ready, x.target, x.before, x.after)
                  for x in table_steps("", overdue.table)]  # fmt: skip
        steps.append(Step("overdue: refresh", overdue.refresh, target=viewport_of(overdue.table)))
        steps += self.overdue_actions(overdue, tabs)
        if printing is not None:

            def to_print(_run: int) -> None:
                tabs.setCurrentIndex(1)

            for x in table_steps("print queue: ", printing.table):
                steps.append(
                    Step(x.name, x.action, x.ready, x.target, _chain(to_print, x.before), x.after)
                )
            steps.append(
                Step(
                    "print queue: refresh",
                    printing.refresh,
                    target=viewport_of(printing.table),
                    before=to_print,
                )
            )
            previews: list[Any] = []
            steps.append(
                Step(
                    "print queue: preview letter",
                    lambda: previews.append(printing.preview_selected()),
                    ready=lambda: bool(previews),  # returned (an error is recorded)
                    target=lambda: previews[-1] if previews else None,
                    before=_chain(to_print, lambda _r: printing.table.select_row(0)),
                    after=lambda _run: close_all(previews),
                )
            )
            steps.append(self.save_pdf_step(printing, to_print))
            steps.append(
                Step(
                    "switch to the print queue tab",
                    lambda: tabs.setCurrentIndex(1),
                    target=viewport_of(printing.table),
                    before=lambda _run: tabs.setCurrentIndex(0),
                )
            )
            steps.append(
                Step(
                    "switch back to the overdue tab",
                    lambda: tabs.setCurrentIndex(0),
                    target=viewport_of(overdue.table),
                    before=to_print,
                )
            )
        return steps

    def overdue_actions(self, tab: Any, tabs: QTabWidget) -> list[Step]:
        from app import jalali
        from app.permissions import Action, allowed
        from db.models import Unit

        session = self.ctx.session
        steps: list[Step] = []
        dialogs: list[Any] = []

        def select(run: int, want: Callable[[Any], bool] = lambda _item: True) -> None:
            tabs.setCurrentIndex(0)
            rows = [i for i, item in enumerate(tab.model.rows()) if want(item)]
            if rows:
                tab.table.select_row(rows[(run * 7 + 3) % len(rows)])

        steps.append(
            Step(
                "overdue: open complaint",
                lambda: dialogs.append(tab.open_complaint()),
                ready=lambda: bool(dialogs),  # returned (an error is recorded)
                target=lambda: dialogs[-1] if dialogs else None,
                before=select,
                after=lambda _run: close_all(dialogs),
            )
        )
        if allowed(session, Action.ISSUE_LETTER):
            superiors = {int(u.id) for u in Unit.select() if u.__data__.get("parent")}
            today = jalali.today()  # one reminder a day per referral: pick others

            def not_reminded(item: Any) -> bool:
                return bool(item.referral.last_reminder_on != today)

            # The letter is issued on a worker thread; the action ends when its preview
            # has opened (``letterDone``), or the refusal has been shown.
            done: list[int] = []
            tab.letterDone.connect(lambda: done.append(1))

            def issue(escalate: bool) -> None:
                done.clear()
                if (tab.escalate() if escalate else tab.send_reminder()) is None:
                    done.append(1)  # nothing selected: recorded as done at once

            def after(_run: int) -> None:
                close_all([tab.preview])
                tab.preview = None

            steps.append(
                Step(
                    "overdue: send reminder (writes)",
                    lambda: issue(False),
                    ready=lambda: bool(done),
                    target=lambda: tab.preview,
                    before=lambda run: select(run, not_reminded),
                    after=after,
                    background=True,
                )
            )
            steps.append(
                Step(
                    "overdue: escalate to superior (writes)",
                    lambda: issue(True),
                    ready=lambda: bool(done),
                    target=lambda: tab.preview,
                    before=lambda run: select(
                        run + 11, lambda item: item.referral.unit_id in superiors
                    ),
                    after=after,
                    background=True,
                )
            )
        if allowed(session, Action.RECORD_RESPONSE):
            steps.append(self.response_step(tab, select))
        return steps

    def response_step(self, tab: Any, select: Callable[[int], None]) -> Step:
        """Record a response from the complaint's window, reached from the overdue queue."""
        from app.vocabulary import ReferralStatus

        held: dict[str, Any] = {}

        def before(run: int) -> None:
            select(run + 23)
            detail = tab.open_complaint()
            held["detail"] = detail
            case = detail.case_tab
            chosen = tab.selected()
            wanted = chosen.referral.id if chosen is not None else None
            ids = [r.id for r in case.referrals if r.status is ReferralStatus.OPEN]
            case.referrals_table.select_id(wanted if wanted in ids else (ids[0] if ids else None))
            dialog = case.open_response()
            held["dialog"] = dialog
            if dialog is not None:
                dialog.text_edit.setPlainText("پاسخ واحد دریافت شد؛ موضوع در دست بررسی است.")
                dialog.number_edit.setText(f"{run + 1}/۱۴۰۵")
            settle(0.05)

        def after(_run: int) -> None:
            detail = held.pop("detail", None)
            held.pop("dialog", None)
            if detail is not None:
                detail.reject()
            settle(0.05)

        def save() -> None:
            dialog = held.get("dialog")
            if dialog is None:
                raise RuntimeError("no open referral to answer")
            dialog.accept()

        def target() -> QWidget | None:
            detail = held.get("detail")
            return detail.case_tab.referrals_table.viewport() if detail is not None else None

        return Step(
            "record a response (writes)",
            save,
            ready=lambda: held.get("detail") is None or held["detail"].case_tab.dialog is None,
            target=target,
            before=before,
            after=after,
        )

    def save_pdf_step(self, tab: Any, to_print: Callable[[int], None]) -> Step:
        """'Save all as one PDF' for fifty letters (the queue's, then the register's)."""
        from app import secretariat

        held: dict[str, Any] = {}

        def before(run: int) -> None:
            to_print(run)
            letters = list(tab.letters[:PDF_LETTERS])
            if len(letters) < PDF_LETTERS:
                known = {letter.id for letter in letters}
                more = secretariat.find_letters(self.ctx.session, limit=PDF_LETTERS * 2)
                letters += [x for x in more if x.id not in known][: PDF_LETTERS - len(letters)]
            held["letters"] = letters
            path = self.folder / f"letters-{self.role}-{run}.pdf"
            path.unlink(missing_ok=True)
            held["path"] = path

        def action() -> None:
            held["result"] = tab.save_to(held["path"], held["letters"])

        def ready() -> bool:
            return tab.progress is None and Path(held["path"]).exists()

        return Step(
            f"print queue: save {PDF_LETTERS} letters as one PDF",
            action,
            ready=ready,
            target=viewport_of(tab.table),
            before=before,
            background=True,
            repeats=2,
        )

    # sync and backup

    def sync_steps(self, page: Any) -> list[Step]:
        tabs = page.tabs
        return [
            Step("refresh the history", page.refresh, target=viewport_of(page.sent_table)),
            Step(
                "switch to received from central",
                lambda: tabs.setCurrentIndex(1),
                target=viewport_of(page.received_table),
                before=lambda _run: tabs.setCurrentIndex(0),
            ),
            Step(
                "switch back to packages sent",
                lambda: tabs.setCurrentIndex(0),
                target=viewport_of(page.sent_table),
                before=lambda _run: tabs.setCurrentIndex(1),
            ),
            *table_steps("packages sent: ", page.sent_table),
        ]

    def backup_steps(self, page: Any) -> list[Step]:
        return [Step("refresh the backup list", page.refresh, target=viewport_of(page.table))]

    # reports: each on a worker; the time is until it is shown

    def reports_steps(self, page: Any) -> list[Step]:
        shown = {"count": 0}
        page.shown.connect(lambda: shown.__setitem__("count", shown["count"] + 1))
        expected = {"count": 0}

        def started(run: Callable[[], object]) -> Callable[[], object]:
            def go() -> None:
                expected["count"] = shown["count"] + 1
                run()

            return go

        def ready() -> bool:
            return shown["count"] >= expected["count"] and not page.tasks

        def on_tab(index: int, heat: int | None = None) -> Callable[[], object]:
            def go() -> None:
                if heat is not None and page.heat_combo.currentIndex() != heat:
                    blocked = page.heat_combo.blockSignals(True)
                    page.heat_combo.setCurrentIndex(heat)
                    page.heat_combo.blockSignals(blocked)
                if page.tabs.currentIndex() == index:
                    page.compute()
                else:
                    page.tabs.setCurrentIndex(index)  # computes

            return go

        def leave_tab(_run: int) -> None:
            blocked = page.tabs.blockSignals(True)
            page.tabs.setCurrentIndex(0)
            page.tabs.blockSignals(blocked)

        steps = [
            Step(
                "dashboard, default range (first show)",
                started(page.show_button.click),
                ready=ready,
                target=lambda: page,
                budget=REPORT_BUDGETS["dashboard"],
            )
        ]
        for name, combo in (
            ("unit", page.unit_combo),
            ("category", page.category_combo),
            ("channel", page.channel_combo),
            ("kind", page.kind_combo),
            ("status", page.status_combo),
            ("period", page.period_combo),
        ):

            def choose(run: int, combo: Any = combo) -> None:
                leave_tab(run)
                combo.setCurrentIndex(1 + run % max(1, combo.count() - 1))

            def reset(_run: int, combo: Any = combo) -> None:
                combo.setCurrentIndex(0)

            steps.append(
                Step(
                    f"dashboard, filter by {name}",
                    started(page.show_button.click),
                    ready=ready,
                    target=lambda: page,
                    before=choose,
                    after=reset,
                    budget=REPORT_BUDGETS["dashboard"],
                    repeats=3,
                )
            )
        for name, index, heat in (
            ("scorecard", 1, None),
            ("unit × category map", 2, 0),
            ("county × month map", 2, 1),
        ):
            steps.append(
                Step(
                    f"{name} tab",
                    started(on_tab(index, heat)),
                    ready=ready,
                    target=lambda: page,
                    before=leave_tab,
                    budget=REPORT_BUDGETS[name],
                    repeats=3,
                )
            )
        return steps


def _chain(*calls: Callable[[int], object] | None) -> Callable[[int], None]:
    def run(number: int) -> None:
        for call in calls:
            if call is not None:
                call(number)

    return run


def _known_empty(table: QTableView) -> bool:
    model = table.model()
    total_known = getattr(model, "total_known", None)
    return bool(total_known()) if callable(total_known) and model.rowCount() == 0 else False


def main_table(page: QWidget) -> QTableView | None:
    """The page's first visible table (its list), if it has one."""
    for table in page.findChildren(QTableView):
        if table.isVisibleTo(page):
            return table
    return None


def close_all(dialogs: list[Any]) -> None:
    while dialogs:
        dialog = dialogs.pop()
        if dialog is not None:
            dialog.reject() if isinstance(dialog, QDialog) else dialog.close()
    settle(0.05)


def close_dialogs(page: QWidget) -> None:
    for dialog in page.findChildren(QDialog):
        if dialog.isVisible():
            dialog.reject()


# ------------------------------------------------------------------------------ running


def run_role(
    username: str,
    path: Path,
    samples: Samples,
    folder: Path,
    ticker: Ticker,
    repeats: int,
    only: set[str] | None,
) -> None:
    from app import office, users
    from ui.application import release_memory
    from ui.context import UiContext
    from ui.main_window import MainWindow

    session = users.login(username, f"{username}1234")
    info = office.office_info()
    assert info is not None
    ctx = UiContext(session, info, path)
    window = MainWindow(ctx)
    window.resize(1280, 800)
    window.show()
    settle(0.2)
    driver = Driver(window, ctx, samples, folder)
    for key in window.page_keys():
        if only is not None and key not in only:
            continue
        title = f"{username} · {key}"
        print(f"{title} ...", flush=True)
        for step in driver.open_steps(key):
            report(f"{title} · {step.name}", step, measure(ticker, step, repeats))
        try:
            steps = driver.steps(key)
        except Exception as exc:
            traceback.print_exc()
            add(f"{title} · steps", "-", "failed", False, f"{type(exc).__name__}: {exc}")
            continue
        for step in steps:
            window.show_page(key)
            report(f"{title} · {step.name}", step, measure(ticker, step, repeats))
    for dialog in window.findChildren(QDialog):
        dialog.reject()
    window.close()
    window.deleteLater()
    del driver
    settle(0.2)
    release_memory()  # what the application does after a logout, before the next login
    print(f"{username}: {rss_mb():.0f} MB resident after logging out", flush=True)


def rss_mb() -> float:
    """The process's resident memory now (Linux), in MB."""
    pages = int(Path("/proc/self/statm").read_text().split()[1])
    return pages * os.sysconf("SC_PAGE_SIZE") / 2**20


def bench_memory() -> None:
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
    add(
        "peak RSS of this process (every page, every role)",
        f"< {MEMORY_BUDGET_MB} MB",
        f"{peak_mb:.0f} MB",
        peak_mb < MEMORY_BUDGET_MB,
        f"(resident at the end {rss_mb():.0f} MB)",
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, required=True, help="an existing demo database")
    parser.add_argument("--repeats", type=int, default=5, help="timed runs after a warm-up")
    parser.add_argument("--roles", default=",".join(ROLES), help="demo users, comma-separated")
    parser.add_argument("--pages", default="", help="only these page keys, comma-separated")
    args = parser.parse_args()
    if not args.db.exists():
        parser.error(f"{args.db} does not exist: build it with dadras demo --db {args.db}")

    from db.schema import open_database
    from ui.application import create_application

    app = create_application([sys.argv[0]])
    open_database(args.db)
    answer_dialogs()
    samples = read_samples(args.db)
    folder = Path(tempfile.mkdtemp(prefix="dadras-pages-"))
    ticker = Ticker()
    only = {k for k in args.pages.split(",") if k} or None
    started = time.perf_counter()
    try:
        for username in [r for r in args.roles.split(",") if r]:
            run_role(username, args.db, samples, folder, ticker, args.repeats, only)
        bench_memory()
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    print(f"\n{time.perf_counter() - started:.0f} s in all", flush=True)
    print_table()
    del app
    return 0 if all_within_budget() else 1


if __name__ == "__main__":
    sys.exit(main())
