"""A realistic demo database, built fast enough for a million complaints.

The office, its users and its lists go through the ordinary services. The complaints do not:
one service call per complaint would take hours for a million, so they are generated in
Python and written in large batches with ``executemany``, keeping every invariant the
registration service keeps — a Person per named or confidential complaint, the serial
counter, tracking codes, the normalised full-text rows, one hash-chained audit entry and
one journal row per record. The same seed gives the same business data on the same day
(dates are relative to today); record ``uid``s stay truly random, as DESIGN §4 requires.

Each complaint also gets its case history up to yesterday, decided at registration: referred
to its unit (sometimes a second), due back in working days on the office calendar; answered
in time, late or never, by each unit's profile (demo_data.UNIT_PROFILES); closed with an
outcome, a satisfaction call and now and then a measure against the unit. These rows are
written, with the services' audit actions and journal rows, when their time comes, so the
log and the journal run forward in time as if the services had written them. Letters
(referral, reminder, reply) are not made: they are PDFs, far too slow for a million cases.
"""

from __future__ import annotations

import array
import bisect
import datetime as dt
import functools
import gc
import hashlib
import heapq
import json
import math
import os
import queue
import random
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Generic, TypeVar

from peewee import Database

from app import audit, jalali, letterhead, office, office_calendar, users
from app.demo_data import (
    AMOUNTS,
    CLOSERS,
    COUNTIES,
    DEFAULT_PROFILE,
    FEMALE_NAMES,
    HOURS,
    KIND_CLOSERS,
    LAST_NAMES,
    MALE_NAMES,
    MEASURE_NOTES,
    MOBILE_PREFIXES,
    NOT_ADMISSIBLE_REASONS,
    OFFICIAL_TITLES,
    OPENERS,
    REFERRAL_INSTRUCTIONS,
    RESPONSES,
    SCENARIOS,
    SMALL_NUMBERS,
    STREETS,
    UNIT_PROFILES,
    WEEKDAYS,
    Scenario,
    UnitProfile,
)
from app.permissions import Role, Session
from app.persian import normalize, to_persian_digits
from app.registration import SERIAL_COUNTER, search_texts
from app.tracking import make_tracking_code
from app.vocabulary import (
    Channel,
    Identity,
    Kind,
    MeasureKind,
    Outcome,
    ReferralStatus,
    Satisfaction,
    Status,
)
from db.connection import SQLITE_PRAGMAS, write_transaction
from db.models import Category, Counter, Unit, User
from db.schema import open_database

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
class _Refs:
    """Ids the generator needs from the set-up office."""

    office_code: int
    unit_ids: dict[str, int]
    category_ids: dict[str, int]
    user_ids: dict[str, int]


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
            admin_username=admin_name,
            admin_full_name=admin_full,
            admin_password=_password(admin_name),
        )
    )
    _create_users(admin)
    return _Refs(
        office_code=OFFICE_CODE,
        unit_ids={str(u.name): int(u.id) for u in Unit.select(Unit.id, Unit.name)},
        category_ids={str(c.name): int(c.id) for c in Category.select(Category.id, Category.name)},
        user_ids={str(u.username): int(u.id) for u in User.select(User.id, User.username)},
    )


def _create_users(admin: Session) -> None:
    for username, full_name, role in DEMO_USERS[1:]:
        users.create_user(admin, username, full_name, role, _password(username))


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
    persons: list[tuple[object, ...]] = field(default_factory=list)
    complaints: list[tuple[object, ...]] = field(default_factory=list)
    referrals: list[tuple[object, ...]] = field(default_factory=list)
    measures: list[tuple[object, ...]] = field(default_factory=list)
    search: list[tuple[object, ...]] = field(default_factory=list)
    audit: list[tuple[object, ...]] = field(default_factory=list)
    journal: list[tuple[object, ...]] = field(default_factory=list)


@dataclass(frozen=True)
class _Person:
    full_name: str
    national_code: str | None
    mobile: str | None
    address: str | None
    county: str


@dataclass(frozen=True)
class _Text:
    subject: str
    description: str
    body: str  # normalised subject + description, as the full-text index holds it


class _Referral:
    """One planned referral; its id and uid are given when it is created, in creation order."""

    __slots__ = (
        "answered_on", "created_key", "deadline", "due_on", "final_key", "id", "instructions",
        "record_day", "referred_on", "response_by", "response_number", "response_text", "status",
        "uid", "unit_id",
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


# What can happen to a case, each written as its service writes it.


@dataclass(frozen=True, slots=True)
class _Referring:
    referrals: tuple[_Referral, ...]


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


_Happening = _Referring | _Answer | _Closing | _Satisfaction | _MeasurePlan
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
    """A valid national code: nine random digits and the check digit of DESIGN §5."""
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
        # normalize() costs ~0.1 ms for a description; texts are built from a bounded set of
        # fragments, so normalising each fragment once makes the index nearly free.
        self.normalized = functools.lru_cache(maxsize=200_000)(normalize)

    # -- people ------------------------------------------------------------------------------

    def person(self, channel: Channel) -> _Person:
        rng = self.rng
        if self.recent and rng.random() < RETURNING_SHARE:
            return _any(rng, self.recent)
        first = _any(rng, MALE_NAMES if rng.random() < 0.55 else FEMALE_NAMES)
        county = self.counties.pick(rng)
        has_code, has_mobile = self._identifiers(channel)
        person = _Person(
            full_name=f"{first} {_any(rng, LAST_NAMES)}",
            national_code=national_code(rng) if has_code else None,
            mobile=mobile_number(rng) if has_mobile else None,
            address=self._address(county) if rng.random() < 0.7 else None,
            county=county,
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
        # normalize() folds any whitespace run to one space and works character by character
        # elsewhere, so normalising fragments and joining them with spaces equals normalising
        # the whole text; build_demo checks this against search_texts() in every batch.
        body = " ".join(self.normalized(fragment) for fragment in (subject, *parts))
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
            if close_day <= last:
                cancelled = tuple(r for r in referrals if r.record_day > close_day)
                outcome = self._outcome(kind, unit, gave_up)
                reason = (
                    _any(rng, NOT_ADMISSIBLE_REASONS) if outcome == Outcome.NOT_ADMISSIBLE else None
                )
                closing = _Closing(outcome, reason, close_day, cancelled)
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
                for j, referral in enumerate(what.referrals):
                    referral.created_key = at + j * _STEP
                end = at + len(what.referrals) * _STEP
                final_key, version, status = end, version + 1, Status.REFERRED
            elif isinstance(what, _Answer):
                what.referral.final_key = at
                what.referral.status = ReferralStatus.ANSWERED
                if what.completes:
                    end = at + _STEP
                    final_key, version, status = end, version + 1, Status.ANSWERED
            elif isinstance(what, _Closing):
                for j, referral in enumerate(what.cancelled):
                    referral.final_key = at + j * _STEP
                    referral.status = ReferralStatus.CANCELLED
                end = at + len(what.cancelled) * _STEP
                final_key, version, status = end, version + 1, Status.CLOSED
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

    def due_events(self, key: int | None) -> Iterator[tuple[_Case, _Event]]:
        """Events that happened before ``key`` (all of them for None), oldest first."""
        pending = self.pending
        while pending and (key is None or pending[0][0] <= key):
            case = pending[0][2]
            event = case.events[case.next]
            case.next += 1
            if case.next < len(case.events):
                self.sequence += 1
                heapq.heapreplace(pending, (case.events[case.next][0], self.sequence, case))
            else:
                heapq.heappop(pending)
            yield case, event


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


class _Rows:
    """Builds the batches of rows, chaining the audit hashes as it goes."""

    def __init__(self, gen: _Generator, refs: _Refs, prev_hash: str) -> None:
        self.gen = gen
        self.refs = refs
        self.prev_hash = prev_hash
        self.next_person_id = 1
        self.next_referral_id = 1
        self.next_measure_id = 1
        self.spare_uids: list[str] = []

    def batch(self, start: int, stop: int, keys: Sequence[int], *, last: bool) -> _Batch:
        """Complaints ``start+1 .. stop`` (serials), ids and serials alike."""
        batch = _Batch()
        uids = _random_uids(2 * (stop - start))
        for offset, serial in enumerate(range(start + 1, stop + 1)):
            self.add(batch, serial, keys[serial - 1], (uids[2 * offset], uids[2 * offset + 1]))
        if last:
            self.finish(batch)
        _check_batch(batch)
        return batch

    def add(self, batch: _Batch, serial: int, key: int, uids: tuple[str, str]) -> None:
        gen, rng = self.gen, self.gen.rng
        for earlier, event in gen.due_events(key):
            self._case_event(batch, earlier, event)
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

    def finish(self, batch: _Batch) -> None:
        """Write what happened to the cases after the last registration."""
        for case, event in self.gen.due_events(None):
            self._case_event(batch, case, event)

    def _person_row(self, batch: _Batch, person: _Person, uid: str, stamp: str) -> int:
        person_id = self.next_person_id
        self.next_person_id += 1
        batch.persons.append(
            (
                person_id, uid, 1, stamp, stamp, person.full_name, person.national_code,
                person.mobile, person.address, person.county,
            )
        )  # fmt: skip
        self._journal(batch, stamp, "person", _dashed(uid), 1, "insert")
        return person_id

    def _search_names(self, identity: Identity, name: str | None) -> tuple[str, str]:
        normalized = self.gen.normalized(name) if name else ""
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
        """As referrals.refer(): each referral created, then the complaint marked referred."""
        for referral in referrals:
            referral.id = self.next_referral_id
            self.next_referral_id += 1
            referral.uid = self._uid()
            created = self._referral_created(case, referral)
            batch.referrals.append(self._referral_row(case, referral, created))
            at = self.gen.calendar.instant(referral.created_key)
            uid = str(created["uid"])
            self._event(
                batch, at, "manager", "referred", "referral", uid, None, _canonical(created)
            )
            self._journal(batch, str(at), "referral", uid, 1, "insert")
        at_key = referrals[-1].created_key + _STEP
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
        """An open referral answered or cancelled: version 2, logged as the complaint's are."""
        at = self.gen.calendar.instant(key)
        stamp = str(at)
        created = str(self.gen.calendar.instant(referral.created_key))
        open_ = ReferralStatus.OPEN
        before, after = _changed_json(fields, open_, created, 1, status, stamp)
        uid = _dashed(referral.uid)
        self._event(batch, at, username, action, "referral", uid, before, after)
        self._journal(batch, stamp, "referral", uid, 2, "update")

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
        version, updated = 1, created["updated_at"]
        answered_on = response_text = response_number = response_by = response_days = None
        if referral.status != ReferralStatus.OPEN:
            version, updated = 2, str(self.gen.calendar.instant(referral.final_key))
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
            answered_on, response_text, response_number, None, response_by, 0, None,
            response_days,
        )  # fmt: skip

    def _event(
        self,
        batch: _Batch,
        at: dt.datetime,
        username: str,
        action: str,
        entity: str,
        uid: str,
        before_text: str | None,
        after_text: str | None,
    ) -> None:
        stamp = str(at)
        digest = _entry_hash(
            self.prev_hash, stamp, username, action, entity, uid, before_text, after_text
        )
        batch.audit.append(
            (stamp, username, action, entity, uid, before_text, after_text, self.prev_hash, digest)
        )
        self.prev_hash = digest

    def _journal(
        self, batch: _Batch, stamp: str, entity: str, uid: str, version: int, operation: str
    ) -> None:
        batch.journal.append((stamp, entity, uid, version, operation))


def _typed_in_arabic(person: _Person) -> _Person:
    """The same person as typed on an Arabic keyboard layout (stored as typed, DESIGN §5)."""
    return _Person(
        full_name=person.full_name.translate(_ARABIC_LETTERS),
        national_code=person.national_code,
        mobile=person.mobile,
        address=person.address.translate(_ARABIC_LETTERS) if person.address else None,
        county=person.county,
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
    username: str,
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
        f'["{prev_hash}", "{iso}", {_json_string(username)}, "{action}", '
        f'"{entity}", "{uid}", {_json_value(before)}, {_json_value(after)}]'
    )
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


_json_string = json.encoder.encode_basestring  # the C encoder's, for ensure_ascii=False


# ---------------------------------------------------------------------------------------------
# Writing.
# ---------------------------------------------------------------------------------------------

_INSERTS = {
    "persons": 'INSERT INTO "person" ("id", "uid", "version", "created_at", "updated_at", '
    '"full_name", "national_code", "mobile", "address", "county") '
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
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
    "search": "INSERT INTO complaint_search(rowid, body, name, secret_name) VALUES (?, ?, ?, ?)",
    "audit": 'INSERT INTO "audit_event" ("at", "username", "action", "entity", "entity_uid", '
    '"before", "after", "prev_hash", "hash") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
    "journal": 'INSERT INTO "change_journal" ("at", "entity", "entity_uid", "version", '
    '"operation") VALUES (?, ?, ?, ?, ?)',
}

# Tables whose secondary indexes are dropped while loading and rebuilt afterwards: building
# an index from sorted data is several times faster than a million random B-tree inserts.
_DEFERRED_INDEX_TABLES = ("person", "complaint", "referral", "measure", "audit_event")


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


def _finish(database: Database, total: int) -> None:
    """Counter, FTS merge, statistics, and a compact file with no WAL left behind."""
    connection = _connection(database)
    with write_transaction():
        Counter.insert(name=SERIAL_COUNTER, value=total).on_conflict_replace().execute()
    connection.execute("INSERT INTO complaint_search(complaint_search) VALUES ('optimize')")
    connection.execute("PRAGMA analysis_limit = 1000")
    connection.execute("ANALYZE")
    connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")


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


def build_demo(
    path: Path, complaints: int, *, seed: int = 1405, progress: Progress | None = None
) -> str:
    """Create a new demo database at ``path`` with ``complaints`` complaints; returns a summary.

    The database stays open and bound (like ``open_database``); close it when done.
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
        _fill(database, path, refs, complaints, random.Random(seed), progress)
    except BaseException:
        # A half-built demo is useless; leave no file behind so the command can be rerun.
        database.close()
        for leftover in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
            leftover.unlink(missing_ok=True)
        raise
    return summary(path, _stats(database, time.perf_counter() - started))


def _fill(
    database: Database,
    path: Path,
    refs: _Refs,
    total: int,
    rng: random.Random,
    progress: Progress | None,
) -> None:
    now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    calendar = _calendar(now)
    working = _WorkingDays(calendar.days[0], len(calendar.days), office_calendar.load_calendar())
    keys = _sorted_keys(rng, calendar, working, total)
    generator = _Generator(rng, refs, calendar, working, letterhead.default_deadline_days())
    rows = _Rows(generator, refs, audit.last_hash())
    if progress:
        progress(0, total)
    with _bulk_mode(database), _no_garbage_collection():
        writer = _BackgroundWriter(path)
        try:
            for start in range(0, total, BATCH_SIZE):
                stop = min(total, start + BATCH_SIZE)
                writer.put(rows.batch(start, stop, keys, last=stop == total))
                if progress:
                    progress(stop, total)
        finally:
            writer.close()
    _finish(database, total)


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


def _stats(database: Database, seconds: float) -> DemoStats:
    """Whole-table counts, so the summary also covers what the set-up services wrote."""
    connection = _connection(database)

    def count(table: str) -> int:
        return int(connection.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0])

    return DemoStats(
        count("complaint"),
        count("person"),
        count("audit_event"),
        count("change_journal"),
        seconds,
        count("referral"),
        count("measure"),
    )


def summary(path: Path, stats: DemoStats) -> str:
    lines = [
        f"Demo database: {path}",
        f"Office: {OFFICE_NAME} (code {OFFICE_CODE}), {PROVINCE}",
        f"Complaints: {stats.complaints:,}   persons: {stats.persons:,}   "
        f"audit events: {stats.audit_events:,}   journal rows: {stats.journal_rows:,}",
        f"Referrals: {stats.referrals:,}   measures: {stats.measures:,}",
        f"Built in {stats.seconds:.1f} s",
        "",
        "Log in as (username / password / role):",
    ]
    lines += [f"  {name:<10} {_password(name):<14} {role.value}" for name, _, role in DEMO_USERS]
    return "\n".join(lines)
