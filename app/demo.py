"""A realistic demo database, built fast enough for a million complaints.

The office, its users, its lists, its letterhead and its complaint boxes go through the
ordinary services. The complaints do not: one service call per complaint would take hours for
a million, so they are generated in Python and written in large batches with ``executemany``,
keeping every invariant the registration service keeps — a Person per named or confidential
complaint, the serial counter, tracking codes, the normalised full-text rows, one hash-chained
audit entry and one journal row per record. The same seed gives the same business data on the
same day (dates are relative to today); record ``uid``s stay truly random, as records require
(architecture: Data).

Each complaint also gets its case history up to yesterday, decided at registration: referred
to its unit (sometimes a second), due back in working days on the office calendar; followed up
with reminders when the unit is late (the third one escalated to the unit's superior, with a
copy to the unit); answered in time, late or never, by each unit's profile
(demo_data.UNIT_PROFILES); closed with an outcome and, mostly, a reply to the complainant; a
satisfaction call and now and then a measure against the unit. Box forms are collected by
committees, each opening with numbered minutes; the last weeks' forms were scanned, and the
pages are entered as the box complaints of their day or still wait. Every week a package of
changes goes to the central system, acknowledged a few days later. These rows are written, with the
services' audit actions and journal rows, when their time comes, so the log and the journal
run forward in time as if the services had written them.

Letters are numbered in the secretariat as ``app.secretariat`` numbers them (per Jalali year,
the office's pattern), and the letter counters are left at the last number of each year. Each
letter has an archived PDF rendered by ``app.pdf.letter`` from the letter's own fields — number,
date, addressee, template text — except that rendering costs ~10 ms a letter, too slow for two
million: only letters issued from a cut-off instant on (about the newest ``GENUINE_LETTERS``, and
every letter of a small demo) and the first letter of each kind to each unit (or box) are
rendered; an older letter shares the archived PDF of that first letter of its kind and unit, so
its PDF shows another letter's number and date. The print queue is the newest letters
(``print_queue_size``), unprinted; every other letter was printed on the day it was issued.
"""

from __future__ import annotations

import array
import bisect
import datetime as dt
import functools
import gc
import hashlib
import heapq
import io
import json
import math
import multiprocessing
import os
import queue
import random
import sqlite3
import sys
import threading
import time
from collections import Counter as Tally
from collections import deque
from collections.abc import Callable, Iterator, Mapping, Sequence
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Generic, ParamSpec, TypeVar

from peewee import Database

from app import (
    audit,
    boxes,
    drafts,
    jalali,
    letter_search,
    letterhead,
    lists,
    office,
    office_calendar,
    search_index,
    users,
)
from app.addressing import complainant_addressee, unit_head_line
from app.closing import outcome_values
from app.demo_data import (
    AMOUNTS,
    BOXES,
    CLOSERS,
    COMMITTEE,
    COUNTIES,
    DEFAULT_PROFILE,
    FEMALE_NAMES,
    HOURS,
    KIND_CLOSERS,
    LAST_NAMES,
    LETTER_FOOTER,
    MALE_NAMES,
    MEASURE_NOTES,
    MOBILE_PREFIXES,
    NOT_ADMISSIBLE_REASONS,
    OFFICIAL_TITLES,
    OPENERS,
    PARENT_UNIT,
    REFERRAL_INSTRUCTIONS,
    REPLY_TEXTS,
    RESPONSES,
    SCENARIOS,
    SIGNER_NAME,
    SIGNER_TITLE,
    SMALL_NUMBERS,
    STREETS,
    UNIT_HEADS,
    UNIT_PROFILES,
    UNIT_WITNESS_TITLE,
    WEEKDAYS,
    Scenario,
    UnitProfile,
)
from app.files import PDF
from app.letterhead import TemplateKind
from app.permissions import Role, Session
from app.persian import clean_text, to_persian_digits
from app.referrals import NO_NUMBER, reminder_subject
from app.registration import SERIAL_COUNTER, name_words, search_texts
from app.search_text import search_key, search_words
from app.secretariat import (
    DEFAULT_PATTERN,
    LETTER_KIND_LABELS,
    NO_ATTACHMENT,
    LetterKind,
    format_number,
    number_pattern,
)
from app.sync.package import package_name
from app.tracking import format_tracking_code, make_tracking_code
from app.vocabulary import (
    COPY_PURPOSE_LABELS,
    Channel,
    CopyPurpose,
    Honorific,
    Identity,
    Kind,
    MeasureKind,
    Outcome,
    ReferralStatus,
    Satisfaction,
    ScanState,
    Status,
)
from db.connection import SQLITE_PRAGMAS, write_transaction
from db.models import Category, Counter, Unit, User
from db.schema import open_database

if TYPE_CHECKING:
    from app.pdf.letter import LetterDocument

Progress = Callable[[int, int], None]
T = TypeVar("T")

OFFICE_NAME = "دفتر بازرسی و رسیدگی به شکایات استانداری هرمزگان"
OFFICE_CODE = 123
PROVINCE = "هرمزگان"
OFFICE_COUNTY = "بندرعباس"

# (username, full name, role); every password is "<username>1234".
DEMO_USERS: tuple[tuple[str, str, Role], ...] = (
    ("admin", "مدیر سامانه", Role.ADMIN),
    ("clerk", "زهرا انصاری", Role.CLERK),
    ("dataentry", "مریم بستکی", Role.DATA_ENTRY),
    ("inspector", "حسین دریانورد", Role.INSPECTOR),
    ("manager", "علی جهانگیری", Role.MANAGER),
    ("sync", "رضا کشاورز", Role.SYNC_OPERATOR),
)

# Complaints per write transaction. A batch of 2,500 complaints, with the referrals, answers,
# closings and their ~15,000 audit and journal rows, is ~25 MB of Python objects; at most three
# exist at once (being generated, queued, being written), which keeps the build's memory well
# under the app's 400 MB budget even for a million complaints.
BATCH_SIZE = 2_500
_US_PER_DAY = 86_400_000_000

# ---------------------------------------------------------------------------------------------
# Kinds, channels and identities with the weights an office actually sees.
# ---------------------------------------------------------------------------------------------

KIND_WEIGHTS: dict[Kind, float] = {
    Kind.COMPLAINT: 72,
    Kind.REQUEST: 14,
    Kind.REPORT: 7,
    Kind.APPRECIATION: 3.5,
    Kind.SUGGESTION: 3.5,
}

CHANNEL_WEIGHTS: dict[Channel, float] = {
    Channel.WALK_IN: 42,
    Channel.PHONE: 22,
    Channel.BOX: 20,
    Channel.LETTER: 8,
    Channel.MEETING: 5,
    Channel.CENTRAL: 3,
}

# Per channel: weights of named / anonymous / confidential. Box forms are often unsigned.
IDENTITY_WEIGHTS: dict[Channel, tuple[float, float, float]] = {
    Channel.WALK_IN: (85, 3, 12),
    Channel.PHONE: (75, 15, 10),
    Channel.BOX: (50, 40, 10),
    Channel.LETTER: (85, 5, 10),
    Channel.MEETING: (90, 2, 8),
    Channel.CENTRAL: (70, 15, 15),
}

# Who types a complaint in, by channel.
REGISTRAR: dict[Channel, str] = {
    Channel.WALK_IN: "clerk",
    Channel.PHONE: "clerk",
    Channel.BOX: "dataentry",
    Channel.LETTER: "dataentry",
    Channel.MEETING: "manager",
    Channel.CENTRAL: "dataentry",
}

# ---------------------------------------------------------------------------------------------
# The case history: what the office and the units did with each complaint since it arrived.
# Every interval is counted in working days on the office calendar, as the services count.
# ---------------------------------------------------------------------------------------------

BACKLOG_SHARE = 0.02  # never acted on (yet)
NOT_ADMISSIBLE_SHARE = 0.06  # closed without a referral: not for this office
REFERRAL_LAG_WEIGHTS = (30, 25, 18, 12, 8, 7)  # 1, 2, ... 6 working days after receipt
SECOND_UNIT_SHARE = 0.12  # referred to a second unit as well
OTHER_DEADLINES = (5, 7, 15, 20)  # the manager overrides the office's default now and then
OTHER_DEADLINE_SHARE = 0.12
RECORD_LAG_WEIGHTS = (45, 30, 15, 10)  # 0..3 working days from the unit's letter to its entry
MAX_LATE_DAYS = 150
CLOSE_SHARE = 0.92  # answered complaints the manager closes (after a few working days)
GIVE_UP_SHARE = 0.5  # complaints a unit never answered that are closed anyway, months later
SATISFACTION_SHARE = 0.5  # closed, identified complainants who are called back
COMMENDATION_FOR_THANKS = 0.35  # appreciations that end in a commendation of the unit

SATISFACTION_WEIGHTS: dict[Outcome, tuple[float, float, float]] = {
    # satisfied, not satisfied, no answer
    Outcome.SUBSTANTIATED: (70, 20, 10),
    Outcome.PARTLY_SUBSTANTIATED: (50, 35, 15),
    Outcome.NOT_SUBSTANTIATED: (20, 65, 15),
    Outcome.NOT_ADMISSIBLE: (15, 70, 15),
}
MEASURE_WEIGHTS: dict[MeasureKind, float] = {
    MeasureKind.WARNING: 88,
    MeasureKind.VIOLATIONS_BOARD: 8,
    MeasureKind.DISMISSAL_PROPOSAL: 4,
}
# Where the days of a complaint beyond the build's range are: nothing happens there.
NEVER = 1 << 40
# Events of one case are at least this far apart; records written in one transaction 1 ms.
_MIN_GAP = 1_000_000
_STEP = 1_000

# Some typists still use an Arabic keyboard layout: ي and ك instead of ی and ک.
ARABIC_KEYBOARD_SHARE = 0.07
_ARABIC_LETTERS = str.maketrans({"ی": "ي", "ک": "ك"})

# Share of named complainants who come back with another case.
RETURNING_SHARE = 0.06
_RECENT_PEOPLE = 5000

# ---------------------------------------------------------------------------------------------
# Letters, boxes and packages.
# ---------------------------------------------------------------------------------------------

REPLY_SHARE = 0.7  # closings with a reply letter to the complainant (the others: by phone)
REMIND_SHARE = 0.85  # late referrals the office follows up
FIRST_REMINDER_MEAN = 3  # working days after the due date, beyond the first
NEXT_REMINDER = (7, 7)  # then every 7 + Exp(7) working days while the unit stays silent
MAX_REMINDERS = 3
ESCALATE_FROM = 3  # the third reminder on goes to the unit's superior
# Letters issued from a cut-off on get their own rendered PDF; the cut-off is placed this many
# letters before the end, by the letters a complaint brings on average (2.3 measured).
GENUINE_LETTERS = 10_000
LETTERS_PER_COMPLAINT = 2.3
PRINT_QUEUE_SHARE = 1 / 2_000  # of all letters, the newest, still to print
PRINT_QUEUE_MIN = 40
BOX_INTERVAL = 10  # working days between two openings of a box (give or take two)
SCAN_DAYS = 60  # the office has scanned box forms for this many days
SCAN_IMAGES = 5  # distinct page images shared by the scanned pages
EXPORT_WEEKDAY = 4  # Wednesday (jalali.weekday_index): the week's package to central
EXPORT_DESTINATION = "E:\\ارسال به مرکز"
PDF_PLACEHOLDER = "\x00pdf\x00"  # in a letter's audit entry until its PDF is rendered
_NO_KEY = 1 << 62
# Forms the UI keeps drafts of (ui.pages.registration, ui.pages.box_entry).
REGISTRATION_DRAFT = "registration"
BOX_ENTRY_DRAFT = "box_entry"


# random.choice/randrange/sample cost several times more than one random() call, which adds
# up over tens of millions of picks; these helpers use random() alone (still seeded).
def _below(rng: random.Random, n: int) -> int:
    return int(rng.random() * n)


def _any(rng: random.Random, items: Sequence[T]) -> T:
    return items[int(rng.random() * len(items))]


def _some(rng: random.Random, items: Sequence[T], k: int) -> list[T]:
    """``k`` distinct items in random order (a partial Fisher-Yates shuffle)."""
    pool = list(items)
    for i in range(k):
        j = i + int(rng.random() * (len(pool) - i))
        pool[i], pool[j] = pool[j], pool[i]
    return pool[:k]


class _Weighted(Generic[T]):
    """Fast weighted choice: one random() and a bisect, instead of random.choices per row."""

    def __init__(self, items: Sequence[T], weights: Sequence[float]) -> None:
        self.items = tuple(items)
        self.cumulative: list[float] = []
        total = 0.0
        for weight in weights:
            total += weight
            self.cumulative.append(total)
        self.total = total

    def pick(self, rng: random.Random) -> T:
        return self.items[bisect.bisect_right(self.cumulative, rng.random() * self.total)]


# ---------------------------------------------------------------------------------------------
# Setting up the office and its users through the ordinary services.
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Box:
    id: int
    code: str
    location: str
    unit_id: int
    unit_name: str


@dataclass(frozen=True)
class _Refs:
    """Ids the generator needs from the set-up office, and what its letters print."""

    office_code: int
    unit_ids: dict[str, int]
    category_ids: dict[str, int]
    user_ids: dict[str, int]
    unit_names: dict[int, str] = field(default_factory=dict)
    parents: dict[int, int] = field(default_factory=dict)  # unit -> its superior
    addressees: dict[int, str] = field(default_factory=dict)  # unit -> its head line
    boxes: tuple[_Box, ...] = ()
    office_title: str = OFFICE_NAME
    signer_name: str = SIGNER_NAME
    signer_title: str = SIGNER_TITLE
    footer: str = ""
    pattern: str = DEFAULT_PATTERN
    templates: dict[TemplateKind, str] = field(default_factory=dict)


def _password(username: str) -> str:
    return f"{username}1234"


def _set_up_office() -> _Refs:
    admin_name, admin_full, _ = DEMO_USERS[0]
    admin = office.set_up(
        office.SetupRequest(
            office_name=OFFICE_NAME,
            office_code=str(OFFICE_CODE),
            province=PROVINCE,
            county=OFFICE_COUNTY,
            phone="076-33551200",
            admin_username=admin_name,
            admin_full_name=admin_full,
            admin_password=_password(admin_name),
        )
    )
    _create_users(admin)
    head = letterhead.save_letterhead(
        admin,
        office_title=OFFICE_NAME,
        signer_name=SIGNER_NAME,
        signer_title=SIGNER_TITLE,
        footer=LETTER_FOOTER,
    )
    unit_ids = {str(u.name): int(u.id) for u in Unit.select(Unit.id, Unit.name)}
    _set_up_units(admin, unit_ids)
    units = list(Unit.select())
    return _Refs(
        office_code=OFFICE_CODE,
        unit_ids=unit_ids,
        category_ids={str(c.name): int(c.id) for c in Category.select(Category.id, Category.name)},
        user_ids={str(u.username): int(u.id) for u in User.select(User.id, User.username)},
        unit_names={int(u.id): str(u.name) for u in units},
        parents={int(u.id): int(u.__data__["parent"]) for u in units if u.__data__.get("parent")},
        addressees={
            int(u.id): unit_head_line(str(u.name), u.head_name, u.head_title) for u in units
        },  # as app.referrals prints the person under the addressee
        boxes=_set_up_boxes(admin, unit_ids),
        office_title=head.office_title,
        signer_name=head.signer_name,
        signer_title=head.signer_title,
        footer=head.footer,
        pattern=number_pattern(),
        templates={kind: letterhead.template_text(kind) for kind in TemplateKind},
    )


def _create_users(admin: Session) -> None:
    for username, full_name, role in DEMO_USERS[1:]:
        users.create_user(admin, username, full_name, role, _password(username))


def _set_up_units(admin: Session, unit_ids: dict[str, int]) -> None:
    """Each unit's head, and the superior its late referrals are escalated to."""
    parent = unit_ids.get(PARENT_UNIT)
    for name, unit_id in unit_ids.items():
        head_name, head_title = UNIT_HEADS.get(name, (None, None))
        lists.update_unit(
            admin,
            unit_id,
            name=name,
            head_name=head_name,
            head_title=head_title,
            active=True,
            parent_id=parent if parent is not None and parent != unit_id else None,
        )


def _set_up_boxes(admin: Session, unit_ids: dict[str, int]) -> tuple[_Box, ...]:
    made = []
    for code, location, unit in BOXES:
        if unit in unit_ids:
            box = boxes.create_box(admin, code, location, unit_ids[unit])
            made.append(_Box(box.id, box.code, box.location, box.unit_id, box.unit_name))
    return tuple(made)


# ---------------------------------------------------------------------------------------------
# When complaints arrive: office hours on working days, fewer on Thursday and at Nowruz,
# slowly growing as the office becomes known. All instants are generated up front and
# sorted, so ids, received dates, created_at and the audit chain all run forward together.
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Calendar:
    origin: dt.datetime  # naive UTC midnight of the first day; keys are microseconds from it
    days: tuple[dt.date, ...]
    opens: tuple[int, ...]  # office opening, microseconds after the day's start
    spans: tuple[int, ...]  # microseconds the office is open (0 when not yet open today)

    def instant(self, key: int) -> dt.datetime:
        return self.origin + dt.timedelta(microseconds=key)

    def day_of(self, key: int) -> int:
        return key // _US_PER_DAY

    def random_key(self, rng: random.Random, day: int) -> int:
        offset = self.opens[day] + int(rng.random() * self.spans[day])
        return day * _US_PER_DAY + offset


def _calendar(now: dt.datetime) -> _Calendar:
    """Every day from 1 Farvardin of last Jalali year to today (Tehran), with office hours."""
    today = jalali.today()
    start = jalali.from_jalali(jalali.to_jalali(today)[0] - 1, 1, 1)
    days = tuple(start + dt.timedelta(days=i) for i in range((today - start).days + 1))
    origin = dt.datetime.combine(start, dt.time())
    opens, spans = [], []
    for day in days:
        open_at = _utc(day, dt.time(7, 30))
        close_at = min(_utc(day, dt.time(14, 30)), now - dt.timedelta(seconds=1))
        day_start = dt.datetime.combine(day, dt.time())
        opens.append(_micro(open_at - day_start))
        spans.append(max(0, _micro(close_at - open_at)))
    return _Calendar(origin, days, tuple(opens), tuple(spans))


def _utc(day: dt.date, local: dt.time) -> dt.datetime:
    aware = dt.datetime.combine(day, local, tzinfo=jalali.TEHRAN)
    return aware.astimezone(dt.UTC).replace(tzinfo=None)


def _micro(delta: dt.timedelta) -> int:
    return (delta.days * 86_400 + delta.seconds) * 1_000_000 + delta.microseconds


class _WorkingDays:
    """The office calendar as a table over the demo's days and a margin after today.

    Built once per build (the calendar's per-day rules cost microseconds; a million
    referrals ask for several working-day sums each). Days are indexes from the first day of
    the demo's calendar, as ``_Calendar`` keys count them.
    """

    MARGIN = 400  # days after today: due dates of the latest referrals fall there

    def __init__(self, first: dt.date, count: int, rules: office_calendar.OfficeCalendar) -> None:
        dates = [first + dt.timedelta(days=i) for i in range(count + self.MARGIN)]
        self.dates = dates
        self.iso = [day.isoformat() for day in dates]
        self.working = [rules.is_working_day(day) for day in dates]
        self.rank: list[int] = []  # working days on or before each day
        self.days: list[int] = []  # the index of each working day, in order
        for index, working in enumerate(self.working):
            if working:
                self.days.append(index)
            self.rank.append(len(self.days))

    def add(self, day: int, count: int) -> int:
        """The day ``count`` working days after ``day`` (as ``add_working_days``); NEVER when
        it falls beyond the table. ``count == 0``: ``day`` or the next working day."""
        if day >= len(self.rank):
            return NEVER
        if count == 0:
            if self.working[day]:
                return day
            count = 1
        k = self.rank[day] + count - 1
        return self.days[k] if k < len(self.days) else NEVER


def _day_weight(calendar: _Calendar, working: _WorkingDays, index: int) -> float:
    if calendar.spans[index] <= 0:
        return 0.0
    day = calendar.days[index]
    weekday = jalali.weekday_index(day)
    weight = {6: 0.02, 5: 0.35}.get(weekday, 1.0)
    if weekday < 5 and not working.working[index]:
        weight = 0.05  # an official holiday: only the odd letter or box form is dated then
    _, month, day_of_month = jalali.to_jalali(day)
    if month == 1 and day_of_month <= 13:
        weight *= 0.15  # Nowruz holidays
    growth = 0.8 + 0.4 * index / max(1, len(calendar.days) - 1)
    return weight * growth


def _sorted_keys(
    rng: random.Random, calendar: _Calendar, working: _WorkingDays, count: int
) -> Sequence[int]:
    weights = [_day_weight(calendar, working, i) for i in range(len(calendar.days))]
    if count and sum(weights) <= 0:
        weights[0] = 1.0  # a clock before office hours on 1 Farvardin: use that morning
    picker = _Weighted(range(len(calendar.days)), weights)
    keys = [calendar.random_key(rng, picker.pick(rng)) for _ in range(count)]
    keys.sort()
    return array.array("q", keys)  # 8 bytes a key instead of ~36 for a list of ints


# ---------------------------------------------------------------------------------------------
# Generating rows.
# ---------------------------------------------------------------------------------------------


@dataclass
class _Batch:
    """Rows of one write transaction, in _INSERTS order.

    The audit entries are chained when the batch is sealed (``_Rows.seal``): a letter's entry
    names its PDF, which a worker process may still be rendering while the next batch is made.
    """

    persons: list[tuple[object, ...]] = field(default_factory=list)
    complaints: list[tuple[object, ...]] = field(default_factory=list)
    referrals: list[tuple[object, ...]] = field(default_factory=list)
    measures: list[tuple[object, ...]] = field(default_factory=list)
    files: list[tuple[object, ...]] = field(default_factory=list)
    letters: list[list[object]] = field(default_factory=list)
    openings: list[tuple[object, ...]] = field(default_factory=list)
    pages: list[tuple[object, ...]] = field(default_factory=list)
    packages: list[tuple[object, ...]] = field(default_factory=list)
    search: list[tuple[object, ...]] = field(default_factory=list)
    audit: list[list[object]] = field(default_factory=list)
    journal: list[tuple[object, ...]] = field(default_factory=list)
    # (index in audit, index in letters, the PDF's future) of each letter
    pdfs: list[tuple[int, int, Future[tuple[str, bytes]]]] = field(default_factory=list)


@dataclass(frozen=True)
class _Person:
    full_name: str
    national_code: str | None
    mobile: str | None
    address: str | None
    county: str
    honorific: str | None = None  # as the clerk chose it; None reads «شاکی محترم»


@dataclass(frozen=True)
class _Text:
    subject: str
    description: str
    body: str  # normalised subject + description, as the full-text index holds it


class _Referral:
    """One planned referral; its id and uid are given when it is created, in creation order."""

    __slots__ = (
        "answered_on", "created_key", "deadline", "due_on", "final_key", "id", "instructions",
        "letter_day", "letter_number", "record_day", "referred_on", "reminder_days",
        "response_by", "response_number", "response_text", "stamp", "status", "uid", "unit_id",
        "updated_key", "version",
    )  # fmt: skip

    def __init__(self, unit_id: int, instructions: str, referred_on: int, deadline: int) -> None:
        self.id = 0
        self.uid = ""  # 32 hex digits, as stored
        self.unit_id = unit_id
        self.instructions = instructions
        self.referred_on = referred_on
        self.deadline = deadline
        self.due_on = 0
        self.created_key = 0
        self.final_key = 0  # when it was answered or cancelled (0: still open)
        self.status = ReferralStatus.OPEN
        self.answered_on = NEVER  # the date of the unit's letter
        self.record_day = NEVER  # when the office entered it
        self.response_text: str | None = None
        self.response_number: str | None = None
        self.response_by = "manager"
        self.reminder_days: list[int] = []  # days the office reminded the unit
        self.updated_key = 0  # its last change
        self.version = 1  # as the log has it so far
        self.stamp = ""  # its updated_at so far
        self.letter_number = ""  # of its referral letter
        self.letter_day = 0

    @property
    def final_version(self) -> int:
        return 1 + len(self.reminder_days) + (self.status != ReferralStatus.OPEN)


# What can happen to a case, each written as its service writes it.


@dataclass(frozen=True, slots=True)
class _Referring:
    referrals: tuple[_Referral, ...]


@dataclass(frozen=True, slots=True)
class _Reminding:
    referral: _Referral
    count: int  # the referral's reminders with this one
    escalate: bool  # to the unit's superior, with a copy to the unit


@dataclass(slots=True)
class _Answer:
    referral: _Referral
    completes: bool = False  # the last open referral: the complaint becomes answered


@dataclass(frozen=True, slots=True)
class _Closing:
    outcome: Outcome
    reason: str | None
    closed_on: int
    cancelled: tuple[_Referral, ...]
    reply: str | None = None  # the reply letter's text (None: no letter)


@dataclass(frozen=True, slots=True)
class _Satisfaction:
    said: Satisfaction
    day: int


@dataclass(frozen=True, slots=True)
class _MeasurePlan:
    unit_id: int
    kind: MeasureKind
    official_name: str | None
    official_title: str | None
    note: str
    decided_on: int


_Happening = _Referring | _Reminding | _Answer | _Closing | _Satisfaction | _MeasurePlan
_Event = tuple[int, _Happening]  # its key (instant), what happened


@dataclass(slots=True)
class _Case:
    """A complaint's planned history: its events, and the complaint as each leaves it."""

    complaint_id: int
    uid: str  # dashed, as the audit log and the journal name it
    events: list[_Event]
    version: int = 1
    stamp: str = ""  # the complaint's updated_at so far
    status: Status = Status.REGISTERED
    next: int = 0  # index of the next event to write
    # The complaint as the last event leaves it (what its row holds).
    final_version: int = 1
    final_key: int = 0
    final_status: Status = Status.REGISTERED
    closing: _Closing | None = None
    satisfaction: _Satisfaction | None = None
    # What its letters print, kept until the case is done (the description until referred).
    unit_id: int = 0
    identity: Identity = Identity.NAMED
    received: int = 0  # day index
    subject: str = ""
    description: str | None = None
    name: str | None = None  # the complainant's, when identified
    honorific: str | None = None


def _dashed(hex_uid: str) -> str:
    return f"{hex_uid[:8]}-{hex_uid[8:12]}-{hex_uid[12:16]}-{hex_uid[16:20]}-{hex_uid[20:]}"


def _random_uids(count: int) -> list[str]:
    """Random version-4 UUIDs as 32 hex digits (peewee's storage form), from one urandom call."""
    raw = bytearray(os.urandom(16 * count))
    for i in range(6, 16 * count, 16):
        raw[i] = (raw[i] & 0x0F) | 0x40  # version 4
        raw[i + 2] = (raw[i + 2] & 0x3F) | 0x80  # RFC 4122 variant
    text = raw.hex()
    return [text[i : i + 32] for i in range(0, 32 * count, 32)]


def national_code(rng: random.Random) -> str:
    """A valid national code: nine random digits and the check digit of architecture: Persian
    text."""
    while True:
        body = f"{_below(rng, 10**9):09d}"
        if body != body[0] * 9:
            break
    r = sum(int(body[i]) * (10 - i) for i in range(9)) % 11
    return body + str(r if r < 2 else 11 - r)


def mobile_number(rng: random.Random) -> str:
    return _any(rng, MOBILE_PREFIXES) + f"{_below(rng, 10**7):07d}"


class _Generator:
    """Turns the seed into rows; one instance per build, consumed strictly in order."""

    def __init__(
        self,
        rng: random.Random,
        refs: _Refs,
        calendar: _Calendar,
        working: _WorkingDays,
        deadline: int,
    ) -> None:
        self.rng = rng
        self.refs = refs
        self.calendar = calendar
        self.working = working
        self.deadline = deadline
        self.kinds = _Weighted(list(KIND_WEIGHTS), list(KIND_WEIGHTS.values()))
        self.channels = _Weighted(list(CHANNEL_WEIGHTS), list(CHANNEL_WEIGHTS.values()))
        self.identities = {
            channel: _Weighted(list(Identity), weights)
            for channel, weights in IDENTITY_WEIGHTS.items()
        }
        self.scenarios = {
            kind: _Weighted(
                [s for s in SCENARIOS if kind in s.kinds],
                [s.weight for s in SCENARIOS if kind in s.kinds],
            )
            for kind in Kind
        }
        self.counties = _Weighted(list(COUNTIES), [w for w, _ in COUNTIES.values()])
        self.all_units = tuple(refs.unit_ids)
        self.recent: list[_Person] = []
        self.last_day = len(calendar.days) - 2  # the case history runs up to yesterday
        self.units = {
            name: _UnitBehaviour(UNIT_PROFILES.get(name, DEFAULT_PROFILE)) for name in refs.unit_ids
        }
        self.referral_lags = _Weighted(
            range(1, 1 + len(REFERRAL_LAG_WEIGHTS)), REFERRAL_LAG_WEIGHTS
        )
        self.record_lags = _Weighted(range(len(RECORD_LAG_WEIGHTS)), RECORD_LAG_WEIGHTS)
        self.satisfactions = {
            outcome: _Weighted(list(Satisfaction), weights)
            for outcome, weights in SATISFACTION_WEIGHTS.items()
        }
        self.thanks = _Weighted([Outcome.SUBSTANTIATED, Outcome.PARTLY_SUBSTANTIATED], (85, 15))
        self.suggestion = _Weighted(list(Outcome)[:3], (30, 40, 30))
        self.measures = _Weighted(list(MEASURE_WEIGHTS), list(MEASURE_WEIGHTS.values()))
        # Cases with events still to write, by the key of the next one (key, sequence, case).
        self.pending: list[tuple[int, int, _Case]] = []
        self.sequence = 0
        # search_key() costs ~0.1 ms for a description; texts are built from a bounded set of
        # fragments, so folding each fragment once makes the index nearly free.
        self.normalized = functools.lru_cache(maxsize=200_000)(search_key)

    # -- people ------------------------------------------------------------------------------

    def person(self, channel: Channel) -> _Person:
        rng = self.rng
        if self.recent and rng.random() < RETURNING_SHARE:
            return _any(rng, self.recent)
        male = rng.random() < 0.55
        first = _any(rng, MALE_NAMES if male else FEMALE_NAMES)
        county = self.counties.pick(rng)
        has_code, has_mobile = self._identifiers(channel)
        person = _Person(
            full_name=f"{first} {_any(rng, LAST_NAMES)}",
            national_code=national_code(rng) if has_code else None,
            mobile=mobile_number(rng) if has_mobile else None,
            address=self._address(county) if rng.random() < 0.7 else None,
            county=county,
            # Most clerks choose the honorific; some leave the neutral «شاکی محترم».
            honorific=(Honorific.MR if male else Honorific.MS).value
            if rng.random() < 0.8
            else None,
        )
        if len(self.recent) < _RECENT_PEOPLE:
            self.recent.append(person)
        else:
            self.recent[_below(rng, _RECENT_PEOPLE)] = person
        return person

    def _identifiers(self, channel: Channel) -> tuple[bool, bool]:
        """Which identifiers the complainant gave: at least one, as the form requires."""
        roll = self.rng.random()
        if channel == Channel.PHONE:
            return roll < 0.5, True
        if roll < 0.85:
            return True, True
        return (False, True) if roll < 0.95 else (True, False)

    def _address(self, county: str) -> str:
        rng = self.rng
        locality = _any(rng, COUNTIES[county][1])
        alley = to_persian_digits(1 + _below(rng, 39))
        plate = to_persian_digits(1 + _below(rng, 249))
        return f"{county}، {locality}، {_any(rng, STREETS)}، کوچه‌ی {alley}، پلاک {plate}"

    # -- texts -------------------------------------------------------------------------------

    def text(self, kind: Kind, scenario: Scenario, unit: str, county: str, arabic: bool) -> _Text:
        rng = self.rng
        slots = {
            "unit": unit,
            "county": county,
            "n": _any(rng, SMALL_NUMBERS),
            "amount": _any(rng, AMOUNTS),
            "hour": _any(rng, HOURS),
            "weekday": _any(rng, WEEKDAYS),
        }
        subject = _any(rng, scenario.subjects).format(**slots)
        count = min(len(scenario.sentences), 2 + (rng.random() < 0.5))
        parts = [s.format(**slots) for s in _some(rng, scenario.sentences, count)]
        if rng.random() < 0.6:
            parts.insert(0, _any(rng, OPENERS))
        parts.append(_any(rng, KIND_CLOSERS.get(kind, CLOSERS)))
        if arabic:
            subject = subject.translate(_ARABIC_LETTERS)
            parts = [p.translate(_ARABIC_LETTERS) for p in parts]
        joiner = "\n" if rng.random() < 0.15 else " "
        # search_key() folds any whitespace run to one space and works character by character
        # elsewhere, so folding fragments and joining them with spaces equals folding the whole
        # text; the joined words are added over the whole. build_demo checks this against
        # search_texts() in every batch.
        body = search_words(" ".join(self.normalized(fragment) for fragment in (subject, *parts)))
        return _Text(subject, joiner.join(parts), body)

    # -- the case history --------------------------------------------------------------------

    def case(
        self, key: int, complaint_id: int, uid: str, kind: Kind, unit: str, identity: Identity
    ) -> _Case | None:
        """What the office and the units have done with this complaint since, up to yesterday.

        Decided whole at registration (the complaint row is written with its final state);
        the events are written to the audit log and the journal when their time comes.
        """
        rng, working, last = self.rng, self.working, self.last_day
        day = self.calendar.day_of(key)
        roll = rng.random()
        if roll < BACKLOG_SHARE:
            return None
        plan: list[tuple[int, _Happening]] = []  # day, what; in the order the services act
        referrals: list[_Referral] = []
        closing: _Closing | None = None
        gave_up = False
        if roll < BACKLOG_SHARE + NOT_ADMISSIBLE_SHARE:
            close_day = working.add(day, 1 + int(_exponential(rng, 3)))
            closing = _Closing(
                Outcome.NOT_ADMISSIBLE, _any(rng, NOT_ADMISSIBLE_REASONS), close_day, ()
            )
        else:
            refer_day = working.add(day, self.referral_lags.pick(rng))
            if refer_day > last:
                return None
            referrals = self._referrals(unit, refer_day)
            plan.append((refer_day, _Referring(tuple(referrals))))
            done = max(r.record_day for r in referrals)
            close_day = NEVER
            if done <= last:
                if rng.random() < CLOSE_SHARE:
                    close_day = working.add(done, 1 + int(_exponential(rng, 4)))
            elif any(r.answered_on == NEVER for r in referrals) and rng.random() < GIVE_UP_SHARE:
                due = max(r.due_on for r in referrals)
                close_day = working.add(due, 15 + int(_exponential(rng, 25)))
                gave_up = True
            answered = sorted(
                (r for r in referrals if r.record_day <= min(last, close_day)),
                key=lambda r: r.record_day,
            )
            answers = [_Answer(r) for r in answered]
            plan += [(answer.referral.record_day, answer) for answer in answers]
            if len(answers) == len(referrals):
                answers[-1].completes = True
            for referral in referrals:
                plan += self._reminders(referral, min(referral.record_day, close_day, last + 1))
            if close_day <= last:
                cancelled = tuple(r for r in referrals if r.record_day > close_day)
                outcome = self._outcome(kind, unit, gave_up)
                reason = (
                    _any(rng, NOT_ADMISSIBLE_REASONS) if outcome == Outcome.NOT_ADMISSIBLE else None
                )
                closing = _Closing(outcome, reason, close_day, cancelled)
        if closing is not None and rng.random() < REPLY_SHARE:
            reply = _any(rng, REPLY_TEXTS[closing.outcome.value]).format(unit=unit)
            closing = _Closing(
                closing.outcome, closing.reason, closing.closed_on, closing.cancelled, reply
            )
        if closing is not None and closing.closed_on <= last:
            plan.append((closing.closed_on, closing))
            if identity != Identity.ANONYMOUS and rng.random() < SATISFACTION_SHARE:
                asked = working.add(closing.closed_on, 2 + int(_exponential(rng, 6)))
                if asked <= last:
                    said = self.satisfactions[closing.outcome].pick(rng)
                    plan.append((asked, _Satisfaction(said, asked)))
            measure = self._measure(kind, unit, closing, gave_up) if referrals else None
            if measure is not None and measure.decided_on <= last:
                plan.append((measure.decided_on, measure))
        if not plan:
            return None
        return self._scheduled(complaint_id, uid, key, plan)

    def _referrals(self, unit: str, refer_day: int) -> list[_Referral]:
        rng, working = self.rng, self.working
        units = [unit]
        if rng.random() < SECOND_UNIT_SHARE:
            other = _any(rng, self.all_units)
            if other != unit:
                units.append(other)
        deadline = self.deadline
        if rng.random() < OTHER_DEADLINE_SHARE:
            deadline = _any(rng, OTHER_DEADLINES)
        due = working.add(refer_day, deadline)
        referrals = []
        for name in units:
            instructions = _any(rng, REFERRAL_INSTRUCTIONS)
            referral = _Referral(self.refs.unit_ids[name], instructions, refer_day, deadline)
            referral.due_on = due
            offset = self.units[name].answer_offset(rng, deadline)
            if offset is not None:
                referral.answered_on = working.add(refer_day, offset)
                referral.record_day = working.add(referral.answered_on, self.record_lags.pick(rng))
                referral.response_text = _any(rng, RESPONSES)
                if rng.random() < 0.85:
                    referral.response_number = f"{1000 + _below(rng, 9000)}/{10 + _below(rng, 90)}"
                referral.response_by = "inspector" if rng.random() < 0.7 else "manager"
            referrals.append(referral)
        return referrals

    def _reminders(self, referral: _Referral, until: int) -> list[tuple[int, _Happening]]:
        """The office's reminders while the unit is late, before day ``until`` (its answer is
        entered, the complaint closed, or today); from the third on, escalations."""
        rng, working = self.rng, self.working
        if referral.due_on >= until or rng.random() >= REMIND_SHARE:
            return []
        day = working.add(referral.due_on, 1 + int(_exponential(rng, FIRST_REMINDER_MEAN)))
        superior = referral.unit_id in self.refs.parents
        events: list[tuple[int, _Happening]] = []
        while day < until and len(referral.reminder_days) < MAX_REMINDERS:
            referral.reminder_days.append(day)
            count = len(referral.reminder_days)
            events.append((day, _Reminding(referral, count, superior and count >= ESCALATE_FROM)))
            base, mean = NEXT_REMINDER
            day = working.add(day, base + int(_exponential(rng, mean)))
        return events

    def _outcome(self, kind: Kind, unit: str, gave_up: bool) -> Outcome:
        if kind == Kind.APPRECIATION:
            return self.thanks.pick(self.rng)
        if kind == Kind.SUGGESTION:
            return self.suggestion.pick(self.rng)
        behaviour = self.units[unit]
        return (behaviour.outcomes_given_up if gave_up else behaviour.outcomes).pick(self.rng)

    def _measure(
        self, kind: Kind, unit: str, closing: _Closing, gave_up: bool
    ) -> _MeasurePlan | None:
        rng = self.rng
        behaviour = self.units[unit]
        outcome = closing.outcome
        measure: MeasureKind | None = None
        if kind == Kind.APPRECIATION:
            if rng.random() < COMMENDATION_FOR_THANKS:
                measure = MeasureKind.COMMENDATION
        elif outcome in (Outcome.SUBSTANTIATED, Outcome.PARTLY_SUBSTANTIATED):
            share = behaviour.measure_share * (1.0 if outcome == Outcome.SUBSTANTIATED else 0.5)
            if rng.random() < share + (0.1 if gave_up else 0.0):
                measure = self.measures.pick(rng)
        elif outcome == Outcome.NOT_SUBSTANTIATED and behaviour.reliable and rng.random() < 0.03:
            measure = MeasureKind.COMMENDATION
        if measure is None:
            return None
        name = title = None
        if rng.random() < 0.4:
            first = _any(rng, MALE_NAMES if rng.random() < 0.7 else FEMALE_NAMES)
            name = f"{first} {_any(rng, LAST_NAMES)}"
            title = _any(rng, OFFICIAL_TITLES)
        decided = self.working.add(closing.closed_on, int(_exponential(rng, 2)))
        note = _any(rng, MEASURE_NOTES[measure.value])
        return _MeasurePlan(self.refs.unit_ids[unit], measure, name, title, note, decided)

    def _scheduled(
        self, complaint_id: int, uid: str, key: int, plan: list[tuple[int, _Happening]]
    ) -> _Case:
        """Give each event its instant, in order, and queue the case for its first event."""
        rng, calendar = self.rng, self.calendar
        plan.sort(key=lambda event: event[0])  # stable: same-day events keep their order
        case = _Case(complaint_id, uid, [])
        previous = key
        final_key, version, status = key, 1, Status.REGISTERED
        for day, what in plan:
            at = max(calendar.random_key(rng, day), previous + _MIN_GAP)
            end = at
            if isinstance(what, _Referring):
                # Each referral, then its letter; then the complaint is marked referred.
                for j, referral in enumerate(what.referrals):
                    referral.created_key = referral.updated_key = at + 2 * j * _STEP
                end = at + 2 * len(what.referrals) * _STEP
                final_key, version, status = end, version + 1, Status.REFERRED
            elif isinstance(what, _Reminding):
                what.referral.updated_key = at
                end = at + _STEP  # the reminder letter
            elif isinstance(what, _Answer):
                what.referral.final_key = what.referral.updated_key = at
                what.referral.status = ReferralStatus.ANSWERED
                if what.completes:
                    end = at + _STEP
                    final_key, version, status = end, version + 1, Status.ANSWERED
            elif isinstance(what, _Closing):
                for j, referral in enumerate(what.cancelled):
                    referral.final_key = referral.updated_key = at + j * _STEP
                    referral.status = ReferralStatus.CANCELLED
                end = at + len(what.cancelled) * _STEP
                final_key, version, status = end, version + 1, Status.CLOSED
                if what.reply is not None:
                    end += _STEP  # the reply letter
                case.closing = what
            elif isinstance(what, _Satisfaction):
                final_key, version = at, version + 1
                case.satisfaction = what
            case.events.append((at, what))
            previous = end
        case.final_key, case.final_version, case.final_status = final_key, version, status
        self.sequence += 1
        heapq.heappush(self.pending, (case.events[0][0], self.sequence, case))
        return case

    def next_key(self) -> int:
        """The instant of the next case event still to write (_NO_KEY when none is left)."""
        return self.pending[0][0] if self.pending else _NO_KEY

    def pop_event(self) -> tuple[_Case, _Event]:
        """The next case event, oldest first."""
        pending = self.pending
        case = pending[0][2]
        event = case.events[case.next]
        case.next += 1
        if case.next < len(case.events):
            self.sequence += 1
            heapq.heapreplace(pending, (case.events[case.next][0], self.sequence, case))
        else:
            heapq.heappop(pending)
        return case, event


class _UnitBehaviour:
    """A unit's profile turned into the pickers the generator uses."""

    def __init__(self, profile: UnitProfile) -> None:
        self.profile = profile
        self.answers = _Weighted((0, 1, 2), (profile.on_time, profile.late, profile.silent))
        on_time = profile.on_time / (profile.on_time + profile.late + profile.silent)
        self.reliable = on_time >= 0.8
        self.measure_share = 0.05 + 0.25 * (1 - on_time)
        self.outcomes = self._outcomes(profile.fault)
        self.outcomes_given_up = self._outcomes(min(0.95, profile.fault + 0.25))

    @staticmethod
    def _outcomes(fault: float) -> _Weighted[Outcome]:
        return _Weighted(
            list(Outcome), (fault * 0.55, fault * 0.45, (1 - fault) * 0.9, (1 - fault) * 0.1)
        )

    def answer_offset(self, rng: random.Random, deadline: int) -> int | None:
        """Working days from the referral to the unit's letter; None: it never answers."""
        way = self.answers.pick(rng)
        if way == 0:  # in time, typically at ``pace`` of the deadline
            share = min(1.0, self.profile.pace * (rng.random() + rng.random()))
            return 1 + int(share * (deadline - 1))
        if way == 1:
            late = int(_exponential(rng, self.profile.late_days))
            return deadline + 1 + min(late, MAX_LATE_DAYS)
        return None


def _exponential(rng: random.Random, mean: float) -> float:
    return -mean * math.log(1.0 - rng.random())


# ---------------------------------------------------------------------------------------------
# Letters, box openings and packages: what the generator plans for them.
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _LetterPlan:
    """A letter to register, in the words of the service that issues it."""

    kind: LetterKind
    day: int
    recipient: str
    subject: str
    group: tuple[str, int]  # letters of one kind to one unit (or box): see the docstring
    body: Callable[[], str]  # the filled template, worked out only when the PDF is rendered
    complaint_id: int | None = None
    referral_id: int | None = None
    addressee: str | None = None  # the unit head under the addressee
    copies: tuple[tuple[str, CopyPurpose], ...] = ()


@dataclass(frozen=True, slots=True)
class _Opening:
    box: _Box
    day: int
    forms: int
    scanned: bool  # its forms were scanned into the opening, a page each


@dataclass(frozen=True, slots=True)
class _Export:
    ack_key: int  # when central's acknowledgement was applied; _NO_KEY: not yet


@dataclass(frozen=True, slots=True)
class _Ack:
    sequence: int
    sha256: str


_OfficeEvent = _Opening | _Export | _Ack

# The columns of a scanned page, as model_to_dict() names them, in the row's order.
_PAGE_COLUMNS = (
    "id", "uid", "version", "created_at", "updated_at", "opening", "position", "source_name",
    "source_sha256", "page_index", "image", "thumbnail", "width", "height", "qr_text",
    "box_code", "form_serial", "state", "complaint", "handled_by",
)  # fmt: skip
_PDF_FIELD = f'"pdf": "{PDF_PLACEHOLDER}"'


def _office_events(
    rng: random.Random, calendar: _Calendar, working: _WorkingDays, refs: _Refs, total: int
) -> list[tuple[int, int, _OfficeEvent]]:
    """Box openings (each box every BOX_INTERVAL working days or so, with about the forms
    its share of box complaints fills) and a package to central every week."""
    last = len(calendar.days) - 2
    hour = 3_600_000_000
    events: list[tuple[int, _OfficeEvent]] = []
    open_days = sum(1 for d in range(last + 1) if working.working[d] and calendar.spans[d] > 0)
    box_share = CHANNEL_WEIGHTS[Channel.BOX] / sum(CHANNEL_WEIGHTS.values())
    per_day = total * box_share / max(1, open_days)
    scan_from = last - SCAN_DAYS
    for i, box in enumerate(refs.boxes):
        day = working.add(0, 1 + i % BOX_INTERVAL)
        while day <= last:
            gap = BOX_INTERVAL - 2 + _below(rng, 5)
            mean = per_day * gap / max(1, len(refs.boxes))
            forms = int(mean * (0.6 + 0.8 * rng.random()) + rng.random())
            key = day * _US_PER_DAY + calendar.opens[day] + hour + _below(rng, hour)
            events.append((key, _Opening(box, day, forms, day > scan_from)))
            day = working.add(day, gap)
    weekdays = (jalali.weekday_index(calendar.days[d]) for d in range(min(7, last + 1)))
    day = next((d for d, weekday in enumerate(weekdays) if weekday == EXPORT_WEEKDAY), 0)
    sent_days = sorted({working.add(d, 0) for d in range(day, last + 1, 7)} & set(range(last + 1)))
    for i, sent in enumerate(sent_days):
        key = sent * _US_PER_DAY + calendar.opens[sent] + 6 * hour
        ack = working.add(sent, 1 + _below(rng, 3))
        ack_key = _NO_KEY  # the newest package: central's acknowledgement is not back yet
        if i < len(sent_days) - 1 and ack <= last:
            ack_key = ack * _US_PER_DAY + calendar.opens[ack] + hour + _below(rng, 4 * hour)
        events.append((key, _Export(ack_key)))
    events.sort(key=lambda event: event[0])
    return [(key, i, what) for i, (key, what) in enumerate(events)]


@dataclass(frozen=True)
class _ScanImage:
    image: tuple[str, str, bytes]  # sha256, media type, bytes
    thumbnail: tuple[str, str, bytes]
    width: int
    height: int


def _scan_images() -> list[_ScanImage]:
    """A few scanned complaint forms, drawn: a printed frame and a hand-written text."""
    from PIL import Image, ImageDraw

    from app.scans import PNG, PNG_OPTIONS, THUMB_WIDTH

    images = []
    rng = random.Random(SCAN_IMAGES)
    width, height = 827, 1169  # A4 at 100 dpi, grayscale
    for _ in range(SCAN_IMAGES):
        page = Image.new("L", (width, height), 246)
        draw = ImageDraw.Draw(page)
        draw.rectangle((40, 40, width - 40, 150), outline=40, width=3)
        draw.rectangle((width - 170, 60, width - 60, 130), outline=60, width=2)  # the QR box
        for row in range(12):
            y = 220 + row * 70
            draw.line((60, y, width - 60, y), fill=170, width=1)
            x = width - 80 - rng.randrange(40)
            end = 80 + rng.randrange(width // 2) if row % 5 != 4 else width - 300
            while x > end:  # a line of hand-writing, right to left
                step = 8 + rng.randrange(30)
                points = [(x - k * step / 6, y - 8 - rng.randrange(28)) for k in range(7)]
                draw.line(points, fill=30 + rng.randrange(40), width=2)
                x -= step + 6 + rng.randrange(14)
        draw.ellipse((90, height - 150, 230, height - 80), outline=50, width=2)  # a signature
        buffer = io.BytesIO()
        page.save(buffer, "PNG", **PNG_OPTIONS)
        data = buffer.getvalue()
        small = page.resize((THUMB_WIDTH, round(height * THUMB_WIDTH / width)))
        thumb = io.BytesIO()
        small.save(thumb, "PNG", **PNG_OPTIONS)
        images.append(
            _ScanImage(
                (hashlib.sha256(data).hexdigest(), PNG, data),
                (hashlib.sha256(thumb.getvalue()).hexdigest(), PNG, thumb.getvalue()),
                width,
                height,
            )
        )
    return images


def _render_pdf(document: LetterDocument) -> tuple[str, bytes]:
    """A letter's PDF and its sha256 (run in a worker process)."""
    from app.pdf.letter import render_letter

    data = render_letter(document)
    return hashlib.sha256(data).hexdigest(), data


P = ParamSpec("P")


class _InlineExecutor(Executor):
    """Renders in this process, as each letter is submitted (no worker processes)."""

    def submit(self, fn: Callable[P, T], /, *args: P.args, **kwargs: P.kwargs) -> Future[T]:
        future: Future[T] = Future()
        try:
            future.set_result(fn(*args, **kwargs))
        except BaseException as exc:  # handed to whoever waits on it, as a pool would
            future.set_exception(exc)
        return future


def _pdf_pool(letters: int) -> Executor:
    """Worker processes for many PDFs; in this process for a few, or in a frozen bundle."""
    cores = os.cpu_count() or 1
    if letters < 200 or cores < 2 or getattr(sys, "frozen", False):
        return _InlineExecutor()
    return ProcessPoolExecutor(
        max_workers=min(cores, 4), mp_context=multiprocessing.get_context("spawn")
    )


class _Rows:
    """Builds the batches of rows; ``seal`` chains the audit hashes, batch after batch."""

    def __init__(
        self,
        gen: _Generator,
        refs: _Refs,
        prev_hash: str,
        *,
        journal_base: int = 0,
        office_events: list[tuple[int, int, _OfficeEvent]] | None = None,
        pool: Executor | None = None,
        genuine_from: int = 0,
    ) -> None:
        self.gen = gen
        self.refs = refs
        self.prev_hash = prev_hash
        self.next_person_id = 1
        self.next_referral_id = 1
        self.next_measure_id = 1
        self.spare_uids: list[str] = []
        # Letters: numbers per Jalali year, PDFs rendered by the pool or shared (see the
        # module docstring), and the files already written.
        self.next_letter_id = 1
        self.letter_seqs: dict[int, int] = {}
        self.minutes_seqs: dict[int, int] = {}  # box openings' minutes, per Jalali year
        self.years: dict[int, int] = {}
        self.pool: Executor = pool or _InlineExecutor()
        self.genuine_from = genuine_from
        self.shared: dict[tuple[str, int], Future[tuple[str, bytes]]] = {}
        self.stored: set[str] = set()
        self.rendered = 0
        # The office's own events (box openings, packages to central), by instant.
        self.office = list(office_events or [])
        heapq.heapify(self.office)
        self.office_sequence = len(self.office)
        self.next_opening_id = 1
        self.next_page_id = 1
        self.images = (
            _scan_images()
            if any(isinstance(e[2], _Opening) and e[2].scanned for e in self.office)
            else []
        )
        self.page_rows: list[list[object]] = []  # written last: entered pages name complaints
        self.waiting: deque[list[object]] = deque()  # pages of today's openings, not entered
        self.waiting_day = -1
        # The change journal as export reads it: ids, and each record changed since the last
        # package central acknowledged.
        self.journal_id = journal_base
        self.changed: dict[str, str] = {}
        self.export_from = 1
        self.packages = 0

    def batch(self, start: int, stop: int, keys: Sequence[int], *, last: bool) -> _Batch:
        """Complaints ``start+1 .. stop`` (serials), ids and serials alike; not sealed yet."""
        batch = _Batch()
        uids = _random_uids(2 * (stop - start))
        for offset, serial in enumerate(range(start + 1, stop + 1)):
            self.add(batch, serial, keys[serial - 1], (uids[2 * offset], uids[2 * offset + 1]))
        if last:
            self.finish(batch)
        _check_batch(batch)
        return batch

    def seal(self, batch: _Batch) -> _Batch:
        """Put each letter's PDF in its row and log entry, and chain the log entries."""
        for audit_index, letter_index, future in batch.pdfs:
            sha, data = future.result()
            letter = batch.letters[letter_index]
            if sha not in self.stored:
                self.stored.add(sha)
                batch.files.append((sha, PDF, len(data), data, letter[3]))
            letter[19] = sha
            entry = batch.audit[audit_index]
            entry[6] = str(entry[6]).replace(_PDF_FIELD, f'"pdf": "{sha}"', 1)
        batch.pdfs.clear()
        prev = self.prev_hash
        for entry in batch.audit:
            stamp, username, action, entity, uid, before, after = entry
            digest = _entry_hash(
                prev,
                str(stamp),
                username if username is None else str(username),
                str(action),
                str(entity),
                str(uid),
                before if before is None else str(before),
                after if after is None else str(after),
            )
            entry += (prev, digest)
            prev = digest
        self.prev_hash = prev
        return batch

    def _catch_up(self, batch: _Batch, key: int) -> None:
        """Write what happened up to ``key``: case events and the office's own, in time order."""
        gen, office = self.gen, self.office
        while True:
            case_key = gen.next_key()
            office_key = office[0][0] if office else _NO_KEY
            if office_key <= case_key:
                if office_key > key:
                    return
                _, _, what = heapq.heappop(office)
                self._office_event(batch, office_key, what)
            else:
                if case_key > key:
                    return
                case, event = gen.pop_event()
                self._case_event(batch, case, event)

    def add(self, batch: _Batch, serial: int, key: int, uids: tuple[str, str]) -> None:
        gen, rng = self.gen, self.gen.rng
        self._catch_up(batch, key)
        created = gen.calendar.instant(key)
        stamp = str(created)
        kind = gen.kinds.pick(rng)
        channel = gen.channels.pick(rng)
        identity = gen.identities[channel].pick(rng)
        arabic = rng.random() < ARABIC_KEYBOARD_SHARE
        person = gen.person(channel) if identity != Identity.ANONYMOUS else None
        if person is not None and arabic:
            person = _typed_in_arabic(person)
        person_id = self._person_row(batch, person, uids[0], stamp) if person else None
        scenario = gen.scenarios[kind].pick(rng)
        unit = _any(rng, scenario.units or gen.all_units)
        county = person.county if person else gen.counties.pick(rng)
        text = gen.text(kind, scenario, unit, county, arabic)
        complaint_uid = _dashed(uids[1])
        case = gen.case(key, serial, complaint_uid, kind, unit, identity)
        registrar = REGISTRAR[channel]
        after = {
            "id": serial,
            "uid": complaint_uid,
            "version": 1,
            "created_at": stamp,
            "updated_at": stamp,
            "tracking_code": make_tracking_code(self.refs.office_code, serial),
            "serial": serial,
            "kind": kind.value,
            "channel": channel.value,
            "identity": identity.value,
            "person": person_id,
            "unit": self.refs.unit_ids[unit],
            "category": self.refs.category_ids[scenario.category],
            "subject": text.subject,
            "description": text.description,
            "received_on": str(gen.calendar.days[gen.calendar.day_of(key)]),
            "status": Status.REGISTERED.value,
            "registered_by": self.refs.user_ids[registrar],
            "outcome": None,
            "outcome_reason": None,
            "closed_on": None,
            "satisfaction": None,
            "satisfaction_on": None,
            "external_ref": None,
        }  # exactly model_to_dict() of the complaint the service would have created
        if case is not None:
            case.stamp = stamp
            case.unit_id, case.identity = self.refs.unit_ids[unit], identity
            case.received, case.subject = gen.calendar.day_of(key), text.subject
            case.description = text.description
            case.name = person.full_name if person else None
            case.honorific = person.honorific if person else None
        batch.complaints.append(self._complaint_row(after, uids[1], case))
        name = person.full_name if person else None
        batch.search.append((serial, text.body, *self._search_names(identity, name)))
        self._event(
            batch,
            created,
            registrar,
            "complaint_registered",
            "complaint",
            complaint_uid,
            None,
            _canonical(after),
        )
        self._journal(batch, stamp, "complaint", complaint_uid, 1, "insert")
        if channel == Channel.BOX and self.waiting and self.waiting_day == gen.calendar.day_of(key):
            self._enter_page(batch, self.waiting.popleft(), serial, created, registrar)

    def finish(self, batch: _Batch) -> None:
        """Write what happened after the last registration, and the scanned pages as they are
        now (entered pages name complaints, which must be written first)."""
        self._catch_up(batch, _NO_KEY - 1)
        batch.pages.extend(tuple(row) for row in self.page_rows)

    def _person_row(self, batch: _Batch, person: _Person, uid: str, stamp: str) -> int:
        person_id = self.next_person_id
        self.next_person_id += 1
        batch.persons.append(
            (
                person_id, uid, 1, stamp, stamp, person.full_name, person.national_code,
                person.mobile, person.address, person.county, person.honorific,
            )
        )  # fmt: skip
        self._journal(batch, stamp, "person", _dashed(uid), 1, "insert")
        return person_id

    def _search_names(self, identity: Identity, name: str | None) -> tuple[str, str]:
        normalized = name_words(name) if name else ""
        if identity == Identity.NAMED:
            return normalized, ""
        if identity == Identity.CONFIDENTIAL:
            return "", normalized
        return "", ""

    def _complaint_row(
        self, after: dict[str, object], uid: str, case: _Case | None
    ) -> tuple[object, ...]:
        """The complaint as stored now: as its case history leaves it."""
        version, updated, status = 1, after["updated_at"], after["status"]
        outcome = reason = closed_on = satisfaction = satisfaction_on = None
        if case is not None:
            iso = self.gen.working.iso
            version, status = case.final_version, case.final_status.value
            updated = str(self.gen.calendar.instant(case.final_key))
            if case.closing is not None:
                outcome, reason = case.closing.outcome.value, case.closing.reason
                closed_on = iso[case.closing.closed_on]
            if case.satisfaction is not None:
                satisfaction = case.satisfaction.said.value
                satisfaction_on = iso[case.satisfaction.day]
        return (
            after["id"], uid, version, after["created_at"], updated, after["tracking_code"],
            after["serial"], after["kind"], after["channel"], after["identity"], after["person"],
            after["unit"], after["category"], after["subject"], after["description"],
            after["received_on"], status, after["registered_by"], outcome, reason, closed_on,
            satisfaction, satisfaction_on,
        )  # fmt: skip

    # -- the case history, written as the services write it ------------------------------------

    def _uid(self) -> str:
        if not self.spare_uids:
            self.spare_uids = _random_uids(4096)
        return self.spare_uids.pop()

    def _case_event(self, batch: _Batch, case: _Case, event: _Event) -> None:
        key, what = event
        if isinstance(what, _Referring):
            self._refer(batch, case, what.referrals)
        elif isinstance(what, _Reminding):
            self._remind(batch, case, key, what)
        elif isinstance(what, _Answer):
            self._answer(batch, case, key, what.referral, what.completes)
        elif isinstance(what, _Closing):
            self._close(batch, case, key, what)
        elif isinstance(what, _Satisfaction):
            fields = (
                ("satisfaction", what.said.value),
                ("satisfaction_on", self.gen.working.iso[what.day]),
            )
            username = "clerk" if case.complaint_id % 5 < 3 else "inspector"
            action = "satisfaction_recorded"
            self._complaint_change(batch, case, key, username, action, fields, Status.CLOSED)
        else:
            self._measure(batch, case, key, what)

    def _refer(self, batch: _Batch, case: _Case, referrals: tuple[_Referral, ...]) -> None:
        """As referrals.refer(): each referral created with its letter, then the complaint
        marked referred."""
        for referral in referrals:
            referral.id = self.next_referral_id
            self.next_referral_id += 1
            referral.uid = self._uid()
            created = self._referral_created(case, referral)
            batch.referrals.append(self._referral_row(case, referral, created))
            at = self.gen.calendar.instant(referral.created_key)
            uid = str(created["uid"])
            referral.stamp = str(at)
            self._event(
                batch, at, "manager", "referred", "referral", uid, None, _canonical(created)
            )
            self._journal(batch, str(at), "referral", uid, 1, "insert")
            self._referral_letter(batch, case, referral)
        case.description = None  # only the referral letter quotes it
        at_key = referrals[-1].created_key + 2 * _STEP
        action = "complaint_status"
        self._complaint_change(batch, case, at_key, "manager", action, (), Status.REFERRED)

    def _answer(
        self, batch: _Batch, case: _Case, key: int, referral: _Referral, completes: bool
    ) -> None:
        """As referrals.record_response(); the complaint is answered with its last answer."""
        username = referral.response_by
        fields = (
            ("answered_on", self.gen.working.iso[referral.answered_on]),
            ("paused_since", None),
            ("response_by", self.refs.user_ids[username]),
            ("response_file", None),
            ("response_number", referral.response_number),
            ("response_text", referral.response_text),
        )
        action = "referral_answered"
        self._referral_change(
            batch, referral, key, username, action, fields, ReferralStatus.ANSWERED
        )
        if completes:
            at_key = key + _STEP
            action = "complaint_status"
            self._complaint_change(batch, case, at_key, username, action, (), Status.ANSWERED)

    def _close(self, batch: _Batch, case: _Case, key: int, closing: _Closing) -> None:
        """As closing.close(): open referrals cancelled, then the complaint closed."""
        for referral in closing.cancelled:
            self._referral_change(
                batch,
                referral,
                referral.final_key,
                "manager",
                "referral_cancelled",
                (("paused_since", None),),
                ReferralStatus.CANCELLED,
            )
        fields = (
            ("closed_on", self.gen.working.iso[closing.closed_on]),
            ("outcome", closing.outcome.value),
            ("outcome_reason", closing.reason),
        )
        at_key = key + len(closing.cancelled) * _STEP
        action = "complaint_closed"
        self._complaint_change(batch, case, at_key, "manager", action, fields, Status.CLOSED)
        if closing.reply is not None:
            self._reply_letter(batch, case, at_key + _STEP, closing, closing.reply)

    def _measure(self, batch: _Batch, case: _Case, key: int, plan: _MeasurePlan) -> None:
        """As closing.record_measure()."""
        measure_id = self.next_measure_id
        self.next_measure_id += 1
        uid_hex = self._uid()
        at = self.gen.calendar.instant(key)
        stamp = str(at)
        decided_on = self.gen.working.iso[plan.decided_on]
        manager = self.refs.user_ids["manager"]
        batch.measures.append(
            (
                measure_id, uid_hex, 1, stamp, stamp, case.complaint_id, plan.unit_id,
                plan.official_name, plan.official_title, plan.kind.value, plan.note, decided_on,
                manager,
            )
        )  # fmt: skip
        uid = _dashed(uid_hex)
        after = {
            "id": measure_id,
            "uid": uid,
            "version": 1,
            "created_at": stamp,
            "updated_at": stamp,
            "complaint": case.complaint_id,
            "unit": plan.unit_id,
            "official_name": plan.official_name,
            "official_title": plan.official_title,
            "kind": plan.kind.value,
            "note": plan.note,
            "decided_on": decided_on,
            "recorded_by": manager,
        }  # model_to_dict() of the measure the service would have created
        self._event(
            batch, at, "manager", "measure_recorded", "measure", uid, None, _canonical(after)
        )
        self._journal(batch, stamp, "measure", uid, 1, "insert")

    # -- letters, as app.secretariat registers them ---------------------------------------------

    def _year(self, day: int) -> int:
        year = self.years.get(day)
        if year is None:
            year = self.years[day] = jalali.to_jalali(self.gen.working.dates[day])[0]
        return year

    def _letter(
        self,
        batch: _Batch,
        key: int,
        username: str,
        letter: _LetterPlan,
    ) -> str:
        """A numbered letter, its log entry and journal row; its PDF rendered or shared."""
        refs, working = self.refs, self.gen.working
        letter_id = self.next_letter_id
        self.next_letter_id += 1
        year = self._year(letter.day)
        seq = self.letter_seqs[year] = self.letter_seqs.get(year, 0) + 1
        number = format_number(refs.pattern, seq, refs.office_code, year)
        uid_hex = self._uid()
        uid = _dashed(uid_hex)
        at = self.gen.calendar.instant(key)
        stamp = str(at)
        copy_to = json.dumps(
            [{"recipient": name, "purpose": purpose.value} for name, purpose in letter.copies],
            ensure_ascii=False,
        )
        letter_date = working.iso[letter.day]
        issued_by = refs.user_ids[username]
        after = {
            "id": letter_id,
            "uid": uid,
            "version": 1,
            "created_at": stamp,
            "updated_at": stamp,
            "number": number,
            "year": year,
            "seq": seq,
            "kind": letter.kind.value,
            "letter_date": letter_date,
            "recipient": letter.recipient,
            "subject": letter.subject,
            "signer": refs.signer_name,
            "complaint": letter.complaint_id,
            "issued_by": issued_by,
            "void": False,
            "void_reason": None,
            "referral": letter.referral_id,
            "copy_to": copy_to,
            "pdf": PDF_PLACEHOLDER,
            "printed_at": None,
        }  # model_to_dict() of the letter as register_letter() leaves it
        # Printed the same day (app.secretariat.mark_printed); the newest are unprinted again
        # when the build ends (the print queue).
        printed = str(at + dt.timedelta(seconds=300 + _below(self.gen.rng, 7_200)))
        batch.letters.append(
            [
                letter_id, uid_hex, 1, stamp, stamp, number, year, seq, letter.kind.value,
                letter_date, letter.recipient, letter.subject, refs.signer_name,
                letter.complaint_id, issued_by, False, None, letter.referral_id, copy_to, None,
                printed,
            ]
        )  # fmt: skip
        self._event(batch, at, username, "letter_issued", "letter", uid, None, _canonical(after))
        batch.pdfs.append(
            (len(batch.audit) - 1, len(batch.letters) - 1, self._pdf(key, letter, number))
        )
        self._journal(batch, stamp, "letter", uid, 1, "insert")
        return number

    def _pdf(self, key: int, letter: _LetterPlan, number: str) -> Future[tuple[str, bytes]]:
        """The letter's own PDF, or the one it shares (see the module docstring)."""
        first = letter.group not in self.shared
        if key < self.genuine_from and not first:
            return self.shared[letter.group]
        future = self.pool.submit(_render_pdf, self._document(letter, number))
        self.rendered += 1
        if first:
            self.shared[letter.group] = future
        return future

    def _document(self, letter: _LetterPlan, number: str) -> LetterDocument:
        """What app.secretariat._render prints for the letter."""
        from app.pdf.letter import CopyTo, LetterDocument

        refs = self.refs
        return LetterDocument(
            office_name=refs.office_title,
            number=number,
            letter_date=self.gen.working.dates[letter.day],
            attachment=NO_ATTACHMENT,
            addressee=letter.recipient,
            addressee_person=letter.addressee,
            subject=letter.subject,
            body=clean_text(letter.body()),
            signer_name=refs.signer_name,
            signer_title=refs.signer_title,
            copies=tuple(CopyTo(name, COPY_PURPOSE_LABELS[p]) for name, p in letter.copies),
            logo_png=None,
            footer=refs.footer or None,
            title=f"{LETTER_KIND_LABELS[letter.kind]} {number}",
            salutation=None if letter.kind is LetterKind.MINUTES else "با سلام و احترام",
        )

    def _complaint_values(self, case: _Case) -> dict[str, str]:
        """app.referrals.complaint_values() of the case's complaint."""
        named = case.identity == Identity.NAMED and case.name is not None
        return {
            "کد_رهگیری": self._code(case),
            "موضوع": case.subject,
            "شرح": case.description or "",
            "تاریخ_ثبت": jalali.format_date(self.gen.working.dates[case.received]),
            "شاکی": str(case.name) if named else "شاکی (هویت نزد این دفتر محفوظ است)",
            "دفتر": OFFICE_NAME,
        }

    def _code(self, case: _Case) -> str:
        return format_tracking_code(make_tracking_code(self.refs.office_code, case.complaint_id))

    def _referral_values(self, case: _Case, referral: _Referral, day: int) -> dict[str, str]:
        """app.referrals._referral_values() of the referral on ``day``."""
        working = self.gen.working
        late = working.rank[day] - working.rank[referral.due_on]
        return self._complaint_values(case) | {
            "واحد": self.refs.unit_names[referral.unit_id],
            "دستور": referral.instructions,
            "مهلت_روز": str(referral.deadline),
            "مهلت": jalali.format_date(working.dates[referral.due_on]),
            **self._citation(referral),
            "روز_تاخیر": str(max(0, late)),
            # Reminders so far: each one is a version of the referral, and none was answered.
            "نوبت_پیگیری": str(referral.version - 1),
        }

    def _citation(self, referral: _Referral) -> dict[str, str]:
        """app.referrals._referral_citation(): the referral letter, or the referral's date."""
        working = self.gen.working
        if referral.letter_number:
            number = referral.letter_number
            date = jalali.format_date(working.dates[referral.letter_day])
            cited = f"نامه‌ی شماره‌ی {number} مورخ {date}"
        else:
            number, date = NO_NUMBER, jalali.format_date(working.dates[referral.referred_on])
            cited = f"ارجاع مورخ {date}"
        return {"شماره_ارجاع": number, "تاریخ_ارجاع": date, "سابقه_ارجاع": cited}

    def _referral_letter(self, batch: _Batch, case: _Case, referral: _Referral) -> None:
        """As referrals._create_referral(): the numbered referral letter to the unit."""
        values = self._referral_values(case, referral, referral.referred_on)
        template = self.refs.templates[TemplateKind.REFERRAL]
        unit = referral.unit_id
        plan = _LetterPlan(
            kind=LetterKind.REFERRAL,
            day=referral.referred_on,
            recipient=self.refs.unit_names[unit],
            subject=f"ارجاع شکایت به شماره‌ی رهگیری {values['کد_رهگیری']}",
            complaint_id=case.complaint_id,
            referral_id=referral.id,
            addressee=self.refs.addressees.get(unit),
            group=(LetterKind.REFERRAL.value, unit),
            body=lambda: letterhead.fill_text(template, values),
        )
        referral.letter_number = self._letter(batch, referral.created_key + _STEP, "manager", plan)
        referral.letter_day = referral.referred_on

    def _remind(self, batch: _Batch, case: _Case, key: int, what: _Reminding) -> None:
        """As referrals.send_reminder(): the referral's count, then the numbered reminder to
        the unit, or to its superior with a copy to the unit."""
        referral, working = what.referral, self.gen.working
        day = referral.reminder_days[what.count - 1]
        at = self.gen.calendar.instant(key)
        stamp = str(at)
        previous = working.iso[referral.reminder_days[what.count - 2]] if what.count > 1 else None
        open_ = ReferralStatus.OPEN.value
        before = {
            "last_reminder_on": previous,
            "reminders": what.count - 1,
            "status": open_,
            "updated_at": referral.stamp,
            "version": referral.version,
        }
        after = {
            "last_reminder_on": working.iso[day],
            "reminders": what.count,
            "status": open_,
            "updated_at": stamp,
            "version": referral.version + 1,
        }
        values = self._referral_values(case, referral, day)  # the follow-ups before this one
        referral.version += 1
        referral.stamp = stamp
        uid = _dashed(referral.uid)
        username = "manager"  # only a manager issues letters (Action.ISSUE_LETTER)
        action = "referral_reminded"
        self._event(
            batch, at, username, action, "referral", uid, _canonical(before), _canonical(after)
        )
        self._journal(batch, stamp, "referral", uid, referral.version, "update")
        unit = referral.unit_id
        recipient = self.refs.parents[unit] if what.escalate else unit
        kind = TemplateKind.ESCALATION if what.escalate else TemplateKind.REMINDER
        template = self.refs.templates[kind]
        plan = _LetterPlan(
            kind=LetterKind.ESCALATION if what.escalate else LetterKind.REMINDER,
            day=day,
            recipient=self.refs.unit_names[recipient],
            subject=reminder_subject(values["کد_رهگیری"], what.escalate),
            complaint_id=case.complaint_id,
            referral_id=referral.id,
            addressee=self.refs.addressees.get(recipient),
            copies=((self.refs.unit_names[unit], CopyPurpose.ACTION),) if what.escalate else (),
            group=(kind.value, unit),
            body=lambda: letterhead.fill_text(template, values),
        )
        self._letter(batch, key + _STEP, username, plan)

    def _reply_letter(
        self, batch: _Batch, case: _Case, key: int, closing: _Closing, reply: str
    ) -> None:
        """As closing._issue_reply(): the reply to the complainant, never naming an
        anonymous or confidential one."""
        code = self._code(case)
        outcomes = outcome_values(closing.outcome, closing.reason)
        values = self._complaint_values(case) | outcomes | {"متن_پاسخ": reply}
        if case.identity == Identity.ANONYMOUS:
            recipient, kind = f"دارنده‌ی کد رهگیری {code}", TemplateKind.REPLY_SLIP
        elif case.identity == Identity.CONFIDENTIAL or case.name is None:
            recipient, kind = f"شاکی محترم، کد رهگیری {code}", TemplateKind.REPLY
        else:
            recipient = complainant_addressee(case.name, case.honorific)
            kind = TemplateKind.REPLY
        template = self.refs.templates[kind]
        plan = _LetterPlan(
            kind=LetterKind.REPLY,
            day=closing.closed_on,
            recipient=recipient,
            subject=f"پاسخ شکایت به شماره‌ی رهگیری {code}",
            complaint_id=case.complaint_id,
            group=(kind.value, case.unit_id),
            body=lambda: letterhead.fill_text(template, values),
        )
        self._letter(batch, key, "manager", plan)

    # -- the office's own events ---------------------------------------------------------------

    def _office_event(self, batch: _Batch, key: int, what: _OfficeEvent) -> None:
        if isinstance(what, _Opening):
            self._open_box(batch, key, what)
        elif isinstance(what, _Export):
            self._export(batch, key, what)
        else:
            at = self.gen.calendar.instant(key)
            after = _canonical({"sha256": what.sha256})
            self._event(
                batch, at, None, "package_acknowledged", "export_package", str(what.sequence),
                None, after,
            )  # fmt: skip

    def _open_box(self, batch: _Batch, key: int, opening: _Opening) -> None:
        """As boxes.open_box(): the opening and its numbered minutes (rendered when asked
        for, from the opening itself); as scans.import_files(): each scanned page of its
        forms."""
        from app.boxes import Member, format_minutes_number

        box, rng = opening.box, self.gen.rng
        witness = f"{_any(rng, MALE_NAMES)} {_any(rng, LAST_NAMES)}"
        committee = (
            *(Member(name, title) for name, title in _some(rng, COMMITTEE, 2)),
            Member(witness, f"{UNIT_WITNESS_TITLE} {box.unit_name}"),
        )
        day = self.gen.working.dates[opening.day]
        year = jalali.to_jalali(day)[0]
        seq = self.minutes_seqs[year] = self.minutes_seqs.get(year, 0) + 1
        number = format_minutes_number(seq, year)
        opened_at = f"{9 + _below(rng, 4):02d}:{_below(rng, 4) * 15:02d}"
        opening_id = self.next_opening_id
        self.next_opening_id += 1
        uid_hex = self._uid()
        uid = _dashed(uid_hex)
        at = self.gen.calendar.instant(key + _STEP)
        stamp = str(at)
        members = json.dumps(
            [{"name": m.name, "title": m.title} for m in committee], ensure_ascii=False
        )
        dataentry = self.refs.user_ids["dataentry"]
        batch.openings.append(
            (
                opening_id, uid_hex, 1, stamp, stamp, box.id, day.isoformat(), opened_at,
                members, opening.forms, "", number, None, None, dataentry, False,
            )
        )  # fmt: skip
        after = {
            "id": opening_id,
            "uid": uid,
            "version": 1,
            "created_at": stamp,
            "updated_at": stamp,
            "box": box.id,
            "opened_on": day.isoformat(),
            "opened_at": opened_at,
            "committee": members,
            "forms_found": opening.forms,
            "note": "",
            "minutes_number": number,
            "minutes_pdf": None,
            "minutes": None,
            "opened_by": dataentry,
            "closed": False,
        }  # model_to_dict() of the opening
        self._event(
            batch, at, "dataentry", "box_opened", "box_opening", uid, None, _canonical(after)
        )
        self._journal(batch, stamp, "box_opening", uid, 1, "insert")
        if opening.scanned and opening.forms:
            self._import_pages(batch, key + 2 * _STEP, opening, opening_id)

    def _import_pages(self, batch: _Batch, key: int, opening: _Opening, opening_id: int) -> None:
        """The forms scanned into one PDF, a page each; they wait to be entered."""
        day = self.gen.working.dates[opening.day]
        source = f"scan-{opening.box.code}-{day.isoformat()}.pdf"
        source_sha = hashlib.sha256(f"{source}/{opening_id}".encode()).hexdigest()
        if self.waiting_day != opening.day:
            self.waiting.clear()
            self.waiting_day = opening.day
        for index in range(opening.forms):
            image = self.images[_below(self.gen.rng, len(self.images))]
            for sha, media_type, data in (image.image, image.thumbnail):
                if sha not in self.stored:
                    self.stored.add(sha)
                    batch.files.append(
                        (sha, media_type, len(data), data, str(self.gen.calendar.instant(key)))
                    )
            page_id = self.next_page_id
            self.next_page_id += 1
            uid_hex = self._uid()
            at = self.gen.calendar.instant(key + index * _STEP)
            stamp = str(at)
            row: list[object] = [
                page_id, uid_hex, 1, stamp, stamp, opening_id, index + 1, source, source_sha,
                index, image.image[0], image.thumbnail[0], image.width, image.height, None, None,
                None, ScanState.PENDING.value, None, None,
            ]  # fmt: skip
            self.page_rows.append(row)
            self.waiting.append(row)
            after = dict(zip(_PAGE_COLUMNS, row, strict=True))
            after["uid"] = _dashed(uid_hex)
            self._event(
                batch, at, "dataentry", "scan_imported", "scan_page", _dashed(uid_hex), None,
                _canonical(after),
            )  # fmt: skip
            self._journal(batch, stamp, "scan_page", _dashed(uid_hex), 1, "insert")

    def _enter_page(
        self, batch: _Batch, page: list[object], complaint_id: int, at: dt.datetime, username: str
    ) -> None:
        """As scans.enter_complaint(): the complaint just registered, from this page (in the
        same transaction, at the same instant)."""
        stamp = str(at)
        handled_by = self.refs.user_ids[username]
        before = {
            "complaint": None,
            "handled_by": None,
            "state": ScanState.PENDING.value,
            "updated_at": page[4],
            "version": 1,
        }
        after = {
            "complaint": complaint_id,
            "handled_by": handled_by,
            "state": ScanState.ENTERED.value,
            "updated_at": stamp,
            "version": 2,
        }
        page[2], page[4], page[17], page[18], page[19] = (
            2,
            stamp,
            after["state"],
            complaint_id,
            handled_by,
        )
        uid = _dashed(str(page[1]))
        action = "scan_entered"
        self._event(
            batch, at, username, action, "scan_page", uid, _canonical(before), _canonical(after)
        )
        self._journal(batch, stamp, "scan_page", uid, 2, "update")

    def _export(self, batch: _Batch, key: int, export: _Export) -> None:
        """As sync.export.export_now(): every change since the last acknowledged package."""
        first, last = self.export_from, self.journal_id
        if last < first:
            return
        self.packages += 1
        sequence = self.packages
        counts = dict(sorted(Tally(self.changed.values()).items()))
        name = package_name(self.refs.office_code, sequence)
        sha = hashlib.sha256(f"{name}/{first}-{last}".encode()).hexdigest()
        at = self.gen.calendar.instant(key)
        stamp = str(at)
        size = 2_048 + 420 * sum(counts.values())
        acknowledged = None
        if export.ack_key != _NO_KEY:
            acknowledged = str(self.gen.calendar.instant(export.ack_key))
            self.office_sequence += 1
            heapq.heappush(self.office, (export.ack_key, self.office_sequence, _Ack(sequence, sha)))
            self.export_from, self.changed = last + 1, {}
        batch.packages.append(
            (
                sequence, stamp, first, last, json.dumps(counts, sort_keys=True), name,
                EXPORT_DESTINATION, size, sha, True, acknowledged,
            )
        )  # fmt: skip
        after = _canonical({"counts": counts, "file": name, "sha256": sha})
        self._event(
            batch, at, "sync", "package_exported", "export_package", str(sequence), None, after
        )

    def _complaint_change(
        self,
        batch: _Batch,
        case: _Case,
        key: int,
        username: str,
        action: str,
        fields: _Fields,
        status: Status,
    ) -> None:
        """A change to the complaint: a new version, its audit entry and its journal row.

        The services log the whole record before and after; the demo logs the columns that
        changed (with status, version and updated_at), which keeps a million-complaint demo's
        log at a practical size. Nothing reads more than the action and time of these entries.
        """
        at = self.gen.calendar.instant(key)
        stamp = str(at)
        before, after = _changed_json(fields, case.status, case.stamp, case.version, status, stamp)
        case.version += 1
        case.stamp = stamp
        case.status = status
        self._event(batch, at, username, action, "complaint", case.uid, before, after)
        self._journal(batch, stamp, "complaint", case.uid, case.version, "update")

    def _referral_change(
        self,
        batch: _Batch,
        referral: _Referral,
        key: int,
        username: str,
        action: str,
        fields: _Fields,
        status: ReferralStatus,
    ) -> None:
        """An open referral answered or cancelled, logged as the complaint's changes are."""
        at = self.gen.calendar.instant(key)
        stamp = str(at)
        open_ = ReferralStatus.OPEN
        version = referral.version
        before, after = _changed_json(fields, open_, referral.stamp, version, status, stamp)
        referral.version, referral.stamp = version + 1, stamp
        uid = _dashed(referral.uid)
        self._event(batch, at, username, action, "referral", uid, before, after)
        self._journal(batch, stamp, "referral", uid, version + 1, "update")

    def _referral_created(self, case: _Case, referral: _Referral) -> dict[str, object]:
        """model_to_dict() of the referral as referrals.refer() creates it."""
        iso = self.gen.working.iso
        created = str(self.gen.calendar.instant(referral.created_key))
        return {
            "id": referral.id,
            "uid": _dashed(referral.uid),
            "version": 1,
            "created_at": created,
            "updated_at": created,
            "complaint": case.complaint_id,
            "unit": referral.unit_id,
            "instructions": referral.instructions,
            "referred_on": iso[referral.referred_on],
            "deadline_days": referral.deadline,
            "due_on": iso[referral.due_on],
            "status": ReferralStatus.OPEN.value,
            "paused_since": None,
            "paused_days": 0,
            "referred_by": self.refs.user_ids["manager"],
            "answered_on": None,
            "response_text": None,
            "response_number": None,
            "response_file": None,
            "response_by": None,
            "reminders": 0,
            "last_reminder_on": None,
        }

    def _referral_row(
        self, case: _Case, referral: _Referral, created: dict[str, object]
    ) -> tuple[object, ...]:
        """The referral as stored now (its final state), in _INSERTS["referrals"] order."""
        version = referral.final_version
        updated = str(self.gen.calendar.instant(referral.updated_key))
        answered_on = response_text = response_number = response_by = response_days = None
        reminders = len(referral.reminder_days)
        last_reminder = self.gen.working.iso[referral.reminder_days[-1]] if reminders else None
        if referral.status == ReferralStatus.ANSWERED:
            working = self.gen.working
            answered_on = working.iso[referral.answered_on]
            # As app.reports.response_days counts them (the demo never pauses a referral).
            response_days = working.rank[referral.answered_on] - working.rank[referral.referred_on]
            response_text, response_number = referral.response_text, referral.response_number
            response_by = self.refs.user_ids[referral.response_by]
        return (
            referral.id, referral.uid, version, created["created_at"], updated, case.complaint_id,
            referral.unit_id, referral.instructions, created["referred_on"], referral.deadline,
            created["due_on"], referral.status.value, None, 0, created["referred_by"],
            answered_on, response_text, response_number, None, response_by, reminders,
            last_reminder, response_days,
        )  # fmt: skip

    def _event(
        self,
        batch: _Batch,
        at: dt.datetime,
        username: str | None,
        action: str,
        entity: str,
        uid: str,
        before_text: str | None,
        after_text: str | None,
    ) -> None:
        """A log entry; its hashes are added when the batch is sealed."""
        batch.audit.append([str(at), username, action, entity, uid, before_text, after_text])

    def _journal(
        self, batch: _Batch, stamp: str, entity: str, uid: str, version: int, operation: str
    ) -> None:
        batch.journal.append((stamp, entity, uid, version, operation))
        self.journal_id += 1
        self.changed[uid] = entity


def _typed_in_arabic(person: _Person) -> _Person:
    """The same person as typed on an Arabic keyboard layout (stored as typed, architecture:
    Persian text)."""
    return _Person(
        full_name=person.full_name.translate(_ARABIC_LETTERS),
        national_code=person.national_code,
        mobile=person.mobile,
        address=person.address.translate(_ARABIC_LETTERS) if person.address else None,
        county=person.county,
        honorific=person.honorific,
    )


# What json.dumps(value, ensure_ascii=False, sort_keys=True, default=str) does, built once.
_ENCODER = json.JSONEncoder(ensure_ascii=False, sort_keys=True, default=str)


def _canonical(value: Mapping[str, object]) -> str:
    """The audit log's JSON form of a before/after dict (as app.audit writes it)."""
    return _ENCODER.encode(value)


# Changed columns of a record, in name order; each comes before "status" in that order.
_Fields = tuple[tuple[str, str | int | None], ...]


def _json_value(value: str | int | None) -> str:
    if value is None:
        return "null"
    if isinstance(value, str):
        return _json_string(value)
    return str(value)


def _changed_json(
    fields: _Fields, old: str, old_stamp: str, old_version: int, new: str, stamp: str
) -> tuple[str, str]:
    """``_canonical`` of the before and after dicts of a change, built directly (the record
    had None in each changed column): several times faster than json.dumps."""
    before = "".join(f'"{name}": null, ' for name, _ in fields)
    after = "".join(f'"{name}": {_json_value(value)}, ' for name, value in fields)
    return (
        f'{{{before}"status": "{old}", "updated_at": "{old_stamp}", "version": {old_version}}}',
        f'{{{after}"status": "{new}", "updated_at": "{stamp}", "version": {old_version + 1}}}',
    )


def _entry_hash(
    prev_hash: str,
    stamp: str,
    username: str | None,
    action: str,
    entity: str,
    uid: str,
    before: str | None,
    after: str | None,
) -> str:
    """audit.entry_hash(), with the JSON of its payload built directly (the demo calls it
    millions of times); the tests check the chain verifies."""
    iso = f"{stamp[:10]}T{stamp[11:]}"  # str() of a datetime is isoformat(" ")
    payload = (
        f'["{prev_hash}", "{iso}", {_json_value(username)}, "{action}", '
        f'"{entity}", "{uid}", {_json_value(before)}, {_json_value(after)}]'
    )
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


_json_string = json.encoder.encode_basestring  # the C encoder's, for ensure_ascii=False


# ---------------------------------------------------------------------------------------------
# Writing.
# ---------------------------------------------------------------------------------------------

_INSERTS = {
    "persons": 'INSERT INTO "person" ("id", "uid", "version", "created_at", "updated_at", '
    '"full_name", "national_code", "mobile", "address", "county", "honorific") '
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    "complaints": 'INSERT INTO "complaint" ("id", "uid", "version", "created_at", "updated_at", '
    '"tracking_code", "serial", "kind", "channel", "identity", "person_id", "unit_id", '
    '"category_id", "subject", "description", "received_on", "status", "registered_by_id", '
    '"outcome", "outcome_reason", "closed_on", "satisfaction", "satisfaction_on") '
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    "referrals": 'INSERT INTO "referral" ("id", "uid", "version", "created_at", "updated_at", '
    '"complaint_id", "unit_id", "instructions", "referred_on", "deadline_days", "due_on", '
    '"status", "paused_since", "paused_days", "referred_by_id", "answered_on", '
    '"response_text", "response_number", "response_file_id", "response_by_id", "reminders", '
    '"last_reminder_on", "response_days") '
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    "measures": 'INSERT INTO "measure" ("id", "uid", "version", "created_at", "updated_at", '
    '"complaint_id", "unit_id", "official_name", "official_title", "kind", "note", '
    '"decided_on", "recorded_by_id") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
    "files": 'INSERT INTO "stored_file" ("sha256", "media_type", "size", "data", "created_at") '
    "VALUES (?, ?, ?, ?, ?)",
    "letters": 'INSERT INTO "letter" ("id", "uid", "version", "created_at", "updated_at", '
    '"number", "year", "seq", "kind", "letter_date", "recipient", "subject", "signer", '
    '"complaint_id", "issued_by_id", "void", "void_reason", "referral_id", "copy_to", "pdf_id", '
    '"printed_at") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
    "openings": 'INSERT INTO "box_opening" ("id", "uid", "version", "created_at", "updated_at", '
    '"box_id", "opened_on", "opened_at", "committee", "forms_found", "note", "minutes_number", '
    '"minutes_pdf_id", "minutes_id", "opened_by_id", "closed") '
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    "pages": 'INSERT INTO "scan_page" ("id", "uid", "version", "created_at", "updated_at", '
    '"opening_id", "position", "source_name", "source_sha256", "page_index", "image_id", '
    '"thumbnail_id", "width", "height", "qr_text", "box_code", "form_serial", "state", '
    '"complaint_id", "handled_by_id") '
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    "packages": 'INSERT INTO "export_package" ("sequence", "created_at", "journal_from", '
    '"journal_to", "counts", "file_name", "destination", "size", "sha256", "verified", '
    '"acknowledged_at") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
    "search": "INSERT INTO complaint_search(rowid, body, name, secret_name) VALUES (?, ?, ?, ?)",
    "audit": 'INSERT INTO "audit_event" ("at", "username", "action", "entity", "entity_uid", '
    '"before", "after", "prev_hash", "hash") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
    "journal": 'INSERT INTO "change_journal" ("at", "entity", "entity_uid", "version", '
    '"operation") VALUES (?, ?, ?, ?, ?)',
}

# Tables whose secondary indexes are dropped while loading and rebuilt afterwards: building
# an index from sorted data is several times faster than a million random B-tree inserts.
_DEFERRED_INDEX_TABLES = (
    "person", "complaint", "referral", "measure", "audit_event", "letter", "box_opening",
    "scan_page",
)  # fmt: skip


def _connection(database: Database) -> sqlite3.Connection:
    """The raw connection under peewee (same one its transactions use), for executemany."""
    connection: sqlite3.Connection = database.connection()  # type: ignore[no-untyped-call]
    return connection


class _BackgroundWriter:
    """Writes batches on its own connection and thread while the next batch is generated.

    sqlite3 releases the GIL while SQLite works (B-trees, full-text tokenising), so writing
    batch k overlaps generating batch k+1 and the second core is not left idle.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self.batches: queue.Queue[_Batch | None] = queue.Queue(maxsize=1)
        self.error: BaseException | None = None
        self.thread = threading.Thread(target=self._run, name="demo-writer", daemon=True)
        self.thread.start()

    def put(self, batch: _Batch) -> None:
        while True:
            self._raise_if_failed()
            try:
                self.batches.put(batch, timeout=0.5)
                return
            except queue.Full:
                continue

    def close(self) -> None:
        """Wait for every batch to be written; re-raise the writer's error if it failed."""
        if self.thread.is_alive():
            self.put_end()
            self.thread.join()
        self._raise_if_failed()

    def put_end(self) -> None:
        while self.thread.is_alive():
            try:
                self.batches.put(None, timeout=0.5)
                return
            except queue.Full:
                continue

    def _raise_if_failed(self) -> None:
        if self.error is not None:
            raise RuntimeError("writing the demo database failed") from self.error

    def _run(self) -> None:
        try:
            connection = sqlite3.connect(str(self.path), isolation_level=None)
            try:
                _bulk_pragmas(connection)
                connection.execute("PRAGMA foreign_keys = ON")
                while (batch := self.batches.get()) is not None:
                    _write(connection, batch)
            finally:
                connection.close()
        except BaseException as exc:  # handed to the generating thread, which raises it
            self.error = exc
            while self.batches.get() is not None:  # unblock the producer until it stops
                pass


def _bulk_pragmas(connection: sqlite3.Connection) -> None:
    # A brand-new demo file: nothing is lost if the machine dies mid-build, so skip fsync.
    connection.execute("PRAGMA synchronous = OFF")
    connection.execute("PRAGMA cache_size = -100000")


def _write(connection: sqlite3.Connection, batch: _Batch) -> None:
    connection.execute("BEGIN IMMEDIATE")
    try:
        for name, sql in _INSERTS.items():
            rows = getattr(batch, name)
            if rows:
                connection.executemany(sql, rows)
    except BaseException:
        connection.execute("ROLLBACK")
        raise
    connection.execute("COMMIT")


def _check_batch(batch: _Batch) -> None:
    """The bulk-built index row must equal what the registration service would write."""
    if not batch.complaints:
        return
    row, search = batch.complaints[0], batch.search[0]
    person = next((p for p in batch.persons if p[0] == row[10]), None)
    name = None if person is None else str(person[5])
    expected = search_texts(str(row[13]), str(row[14]), str(row[9]), name)
    if expected != tuple(search[1:]):
        raise RuntimeError(f"demo search text differs from the service's for complaint {row[0]}")


@contextmanager
def _bulk_mode(database: Database) -> Iterator[None]:
    """Fast, unsafe settings for filling a brand-new file; the design's settings come back."""
    connection = _connection(database)
    _bulk_pragmas(connection)
    dropped = _drop_indexes(connection)
    yield  # on an error build_demo deletes the file, so there is nothing to restore
    with write_transaction():
        for sql in dropped:
            connection.execute(sql)
    connection.execute(f"PRAGMA cache_size = {SQLITE_PRAGMAS['cache_size']}")
    connection.execute(f"PRAGMA synchronous = {SQLITE_PRAGMAS['synchronous']}")


def _drop_indexes(connection: sqlite3.Connection) -> list[str]:
    """Drop the secondary indexes of the bulk-loaded tables; returns their CREATE statements."""
    marks = ", ".join("?" for _ in _DEFERRED_INDEX_TABLES)
    rows = connection.execute(
        f"SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL "
        f"AND tbl_name IN ({marks})",
        _DEFERRED_INDEX_TABLES,
    ).fetchall()
    with write_transaction():
        for name, _ in rows:
            connection.execute(f'DROP INDEX "{name}"')
    return [str(sql) for _, sql in rows]


def _finish(database: Database, total: int, rows: _Rows) -> None:
    """Counters, the print queue, FTS merge, statistics, and a compact file with no WAL left
    behind."""
    connection = _connection(database)
    with write_transaction():
        Counter.insert(name=SERIAL_COUNTER, value=total).on_conflict_replace().execute()
        for year, seq in rows.letter_seqs.items():
            # As secretariat.register_letter leaves it: the next letter takes the next number.
            Counter.insert(name=f"letter_seq:{year}", value=seq).on_conflict_replace().execute()
        for year, seq in rows.minutes_seqs.items():
            Counter.insert(
                name=boxes.minutes_counter(year), value=seq
            ).on_conflict_replace().execute()
        letters = rows.next_letter_id - 1
        connection.execute(
            'UPDATE "letter" SET "printed_at" = NULL WHERE "id" > ?',
            (letters - print_queue_size(letters),),
        )
    connection.execute("INSERT INTO complaint_search(complaint_search) VALUES ('optimize')")
    letter_search.catch_up()  # the register's first search finds every letter at once
    connection.execute("PRAGMA analysis_limit = 1000")
    connection.execute("ANALYZE")
    connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")


def print_queue_size(letters: int) -> int:
    """How many of the newest letters wait to be printed when the demo is built."""
    return min(letters, max(PRINT_QUEUE_MIN, round(letters * PRINT_QUEUE_SHARE)))


def _leave_drafts(refs: _Refs) -> None:
    """Forms a clerk and a data-entry operator were typing when they last quit."""
    from db.models import ScanPage

    users_by_name = {name: (full, role) for name, full, role in DEMO_USERS}

    def session(username: str) -> Session:
        full_name, role = users_by_name[username]
        return Session(refs.user_ids[username], username, full_name, role)

    today = jalali.format_date(jalali.today())
    unit = "شهرداری مرکز استان"
    category = str(refs.category_ids.get("عدم پاسخگویی", next(iter(refs.category_ids.values()))))
    fields = {
        "identity": Identity.NAMED.value,
        "full_name": "فاطمه رئیسی",
        "national_code": "",
        "mobile": "0917",
        "address": "",
        "county": "بندرعباس",
        "kind": Kind.COMPLAINT.value,
        "channel": Channel.WALK_IN.value,
        "unit": unit,
        "category": category,
        "received_on": today,
        "subject": "بی‌پاسخ ماندن درخواست",
        "description": "سه ماه پیش برای تعمیر آسفالت کوچه‌مان به شهرداری نامه دادم و",
    }
    drafts.save_draft(session("clerk"), REGISTRATION_DRAFT, fields)
    page = (
        ScanPage.select(ScanPage.id)
        .where(ScanPage.state == ScanState.PENDING.value)
        .order_by(ScanPage.id.desc())
        .first()
    )
    if page is not None:
        entry = fields | {
            "full_name": "",
            "mobile": "",
            "channel": Channel.BOX.value,
            "subject": "رفتار نامناسب",
            "description": "روز شنبه برای پیگیری پرونده",
            "page_id": str(page.id),
        }
        drafts.save_draft(session("dataentry"), BOX_ENTRY_DRAFT, entry)


# ---------------------------------------------------------------------------------------------
# The entry point.
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class DemoStats:
    complaints: int
    persons: int
    audit_events: int
    journal_rows: int
    seconds: float
    referrals: int = 0
    measures: int = 0
    letters: dict[str, int] = field(default_factory=dict)  # by kind
    print_queue: int = 0
    overdue: int = 0  # open referrals past due today, not paused (the overdue queue)
    reminded: int = 0  # referrals with at least one reminder
    rendered_pdfs: int = 0  # letters whose PDF was rendered from their own fields
    box_openings: int = 0
    scan_pages: dict[str, int] = field(default_factory=dict)  # by state
    packages: int = 0
    unacknowledged: int = 0
    drafts: int = 0


def build_demo(
    path: Path,
    complaints: int,
    *,
    seed: int = 1405,
    progress: Progress | None = None,
    genuine_letters: int = GENUINE_LETTERS,
) -> str:
    """Create a new demo database at ``path`` with ``complaints`` complaints; returns a summary.

    About the newest ``genuine_letters`` letters get a PDF of their own (see the module
    docstring). The database stays open and bound (like ``open_database``); close it when
    done.
    """
    if complaints < 0:
        raise ValueError("complaints must be zero or more")
    path = Path(path)
    if path.exists():
        raise FileExistsError(str(path))
    started = time.perf_counter()
    database = open_database(path)
    try:
        refs = _set_up_office()
        rendered = _fill(
            database, path, refs, complaints, random.Random(seed), progress, genuine_letters
        )
        _leave_drafts(refs)
        search_index.mark_current()  # built with the current folding rules
    except BaseException:
        # A half-built demo is useless; leave no file behind so the command can be rerun.
        database.close()
        for leftover in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
            leftover.unlink(missing_ok=True)
        raise
    return summary(path, _stats(database, time.perf_counter() - started, rendered))


def _fill(
    database: Database,
    path: Path,
    refs: _Refs,
    total: int,
    rng: random.Random,
    progress: Progress | None,
    genuine_letters: int,
) -> int:
    """The complaints and all that happened since; returns how many PDFs were rendered."""
    now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    calendar = _calendar(now)
    working = _WorkingDays(calendar.days[0], len(calendar.days), office_calendar.load_calendar())
    keys = _sorted_keys(rng, calendar, working, total)
    generator = _Generator(rng, refs, calendar, working, letterhead.default_deadline_days())
    office_events = _office_events(random.Random(rng.random()), calendar, working, refs, total)
    # Letters from this instant on get their own PDF: about the newest ``genuine_letters``.
    newest = math.ceil(genuine_letters / LETTERS_PER_COMPLAINT)
    genuine_from = (
        _NO_KEY if genuine_letters <= 0 else keys[total - newest] if newest < total else 0
    )
    journal_base = int(
        _connection(database).execute("SELECT max(id) FROM change_journal").fetchone()[0] or 0
    )
    pool = _pdf_pool(min(int(total * LETTERS_PER_COMPLAINT), genuine_letters) + 200)
    rows = _Rows(
        generator,
        refs,
        audit.last_hash(),
        journal_base=journal_base,
        office_events=office_events,
        pool=pool,
        genuine_from=genuine_from,
    )
    if progress:
        progress(0, total)
    try:
        with _bulk_mode(database), _no_garbage_collection():
            writer = _BackgroundWriter(path)
            try:
                made: _Batch | None = None  # sealed one batch later: its PDFs render meanwhile
                for start in range(0, max(total, 1), BATCH_SIZE):
                    stop = min(total, start + BATCH_SIZE)
                    batch = rows.batch(start, stop, keys, last=stop == total)
                    if made is not None:
                        writer.put(rows.seal(made))
                    made = batch
                    if progress:
                        progress(stop, total)
                if made is not None:
                    writer.put(rows.seal(made))
            finally:
                writer.close()
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
    _finish(database, total, rows)
    return rows.rendered


@contextmanager
def _no_garbage_collection() -> Iterator[None]:
    """The rows are millions of small objects without cycles: the cyclic collector would
    only walk them again and again (reference counting frees them all the same)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _stats(database: Database, seconds: float, rendered: int = 0) -> DemoStats:
    """Whole-table counts, so the summary also covers what the set-up services wrote."""
    connection = _connection(database)

    def count(table: str, where: str = "1", *args: object) -> int:
        sql = f'SELECT count(*) FROM "{table}" WHERE {where}'
        return int(connection.execute(sql, args).fetchone()[0])

    def groups(sql: str) -> dict[str, int]:
        return {str(k): int(n) for k, n in connection.execute(sql).fetchall()}

    today = jalali.today().isoformat()
    return DemoStats(
        count("complaint"),
        count("person"),
        count("audit_event"),
        count("change_journal"),
        seconds,
        count("referral"),
        count("measure"),
        letters=groups('SELECT kind, count(*) FROM "letter" GROUP BY kind ORDER BY 2 DESC'),
        print_queue=count("letter", '"printed_at" IS NULL AND NOT "void"'),
        overdue=count(
            "referral",
            '"status" = ? AND "paused_since" IS NULL AND "due_on" < ?',
            ReferralStatus.OPEN.value,
            today,
        ),
        reminded=count("referral", '"reminders" > 0'),
        rendered_pdfs=rendered,
        box_openings=count("box_opening"),
        scan_pages=groups('SELECT state, count(*) FROM "scan_page" GROUP BY state ORDER BY 2 DESC'),
        packages=count("export_package"),
        unacknowledged=count("export_package", '"acknowledged_at" IS NULL'),
        drafts=count("form_draft"),
    )


def summary(path: Path, stats: DemoStats) -> str:
    letters = sum(stats.letters.values())
    by_kind = ", ".join(f"{kind} {n:,}" for kind, n in stats.letters.items())
    pages = sum(stats.scan_pages.values())
    by_state = ", ".join(f"{state} {n:,}" for state, n in stats.scan_pages.items())
    lines = [
        f"Demo database: {path}",
        f"Office: {OFFICE_NAME} (code {OFFICE_CODE}), {PROVINCE}",
        f"Complaints: {stats.complaints:,}   persons: {stats.persons:,}   "
        f"audit events: {stats.audit_events:,}   journal rows: {stats.journal_rows:,}",
        f"Referrals: {stats.referrals:,} ({stats.overdue:,} overdue today, "
        f"{stats.reminded:,} reminded)   measures: {stats.measures:,}",
        f"Letters: {letters:,} ({by_kind})   print queue: {stats.print_queue:,}   "
        f"PDFs rendered for their own letter: {stats.rendered_pdfs:,} (older letters share one "
        "per kind and unit)",
        f"Box openings: {stats.box_openings:,}   scanned pages: {pages:,}"
        + (f" ({by_state})" if by_state else ""),
        f"Packages to central: {stats.packages:,} ({stats.unacknowledged:,} not acknowledged)   "
        f"drafts: {stats.drafts:,}",
        f"Built in {stats.seconds:.1f} s",
        "",
        "Log in as (username / password / role):",
    ]
    lines += [f"  {name:<10} {_password(name):<14} {role.value}" for name, _, role in DEMO_USERS]
    return "\n".join(lines)
