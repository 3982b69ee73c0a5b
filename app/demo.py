"""A realistic demo database, built fast enough for a million complaints.

The office, its users and its lists go through the ordinary services. The complaints do not:
one service call per complaint would take hours for a million, so they are generated in
Python and written in large batches with ``executemany``, keeping every invariant the
registration service keeps — a Person per named or confidential complaint, the serial
counter, tracking codes, the normalised full-text rows, one hash-chained audit entry and
one journal row per record. The same seed gives the same business data on the same day
(dates are relative to today); record ``uid``s stay truly random, as DESIGN §4 requires.
"""

from __future__ import annotations

import array
import bisect
import datetime as dt
import functools
import heapq
import json
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

from app import audit, jalali, office, users
from app.demo_data import (
    AMOUNTS,
    CLOSERS,
    COUNTIES,
    FEMALE_NAMES,
    HOURS,
    KIND_CLOSERS,
    LAST_NAMES,
    MALE_NAMES,
    MOBILE_PREFIXES,
    OPENERS,
    SCENARIOS,
    SMALL_NUMBERS,
    STREETS,
    WEEKDAYS,
    Scenario,
)
from app.permissions import Role, Session
from app.persian import normalize, to_persian_digits
from app.registration import SERIAL_COUNTER, search_texts
from app.tracking import make_tracking_code
from app.vocabulary import Channel, Identity, Kind, Status
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

# Rows per write transaction. A batch of 5,000 complaints is ~20 MB of Python objects; at most
# three exist at once (being generated, queued, being written), which keeps the build's memory
# well under the app's 400 MB budget even for a million complaints.
BATCH_SIZE = 5_000
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

# Share of complaints older than STATUS_MIN_AGE days that the office has moved on since.
MOVED_ON_SHARE = 0.14
STATUS_MIN_AGE = 20
LATER_STATUSES: tuple[tuple[Status, float], ...] = (
    (Status.REFERRED, 50),
    (Status.ANSWERED, 30),
    (Status.CLOSED, 20),
)

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


def _day_weight(calendar: _Calendar, index: int) -> float:
    if calendar.spans[index] <= 0:
        return 0.0
    day = calendar.days[index]
    weekday = jalali.weekday_index(day)
    weight = {6: 0.02, 5: 0.35}.get(weekday, 1.0)
    _, month, day_of_month = jalali.to_jalali(day)
    if month == 1 and day_of_month <= 13:
        weight *= 0.15  # Nowruz holidays
    growth = 0.8 + 0.4 * index / max(1, len(calendar.days) - 1)
    return weight * growth


def _sorted_keys(rng: random.Random, calendar: _Calendar, count: int) -> Sequence[int]:
    weights = [_day_weight(calendar, i) for i in range(len(calendar.days))]
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


@dataclass(frozen=True)
class _Pending:
    """A later status change, written to the audit log when its time comes."""

    key: int
    complaint_id: int
    uid: str
    status: Status


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

    def __init__(self, rng: random.Random, refs: _Refs, calendar: _Calendar) -> None:
        self.rng = rng
        self.refs = refs
        self.calendar = calendar
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
        self.statuses = _Weighted([s for s, _ in LATER_STATUSES], [w for _, w in LATER_STATUSES])
        self.all_units = tuple(refs.unit_ids)
        self.recent: list[_Person] = []
        self.pending: list[tuple[int, int, _Pending]] = []
        self.last_day = max(0, len(calendar.days) - 2)  # status changes happen by yesterday
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

    # -- statuses ----------------------------------------------------------------------------

    def later_status(self, key: int, complaint_id: int, uid: str) -> _Pending | None:
        """Whether the office has moved this complaint on since, and when."""
        rng = self.rng
        day = self.calendar.day_of(key)
        room = self.last_day - day
        if room < STATUS_MIN_AGE or rng.random() >= MOVED_ON_SHARE:
            return None
        change_day = day + 1 + _below(rng, min(60, room))
        if jalali.weekday_index(self.calendar.days[change_day]) == 6:
            change_day += 1 if change_day < self.last_day else -1  # offices close on Friday
        change = _Pending(
            self.calendar.random_key(rng, change_day), complaint_id, uid, self.statuses.pick(rng)
        )
        heapq.heappush(self.pending, (change.key, complaint_id, change))
        return change

    def due_changes(self, key: int | None) -> Iterator[_Pending]:
        """Status changes that happened before ``key`` (all of them for None), oldest first."""
        while self.pending and (key is None or self.pending[0][0] <= key):
            yield heapq.heappop(self.pending)[2]


class _Rows:
    """Builds the batches of rows, chaining the audit hashes as it goes."""

    def __init__(self, gen: _Generator, refs: _Refs, prev_hash: str) -> None:
        self.gen = gen
        self.refs = refs
        self.prev_hash = prev_hash
        self.next_person_id = 1

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
        for due in gen.due_changes(key):
            self._status_event(batch, due)
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
        change = gen.later_status(key, serial, complaint_uid)
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
        batch.complaints.append(_complaint_row(after, uids[1], change, gen.calendar))
        name = person.full_name if person else None
        batch.search.append((serial, text.body, *self._search_names(identity, name)))
        self._event(batch, created, registrar, "complaint_registered", complaint_uid, None, after)
        self._journal(batch, stamp, "complaint", complaint_uid, 1, "insert")

    def finish(self, batch: _Batch) -> None:
        """Write the status changes that happened after the last registration."""
        for change in self.gen.due_changes(None):
            self._status_event(batch, change)

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

    def _status_event(self, batch: _Batch, change: _Pending) -> None:
        at = self.gen.calendar.instant(change.key)
        before = {"status": Status.REGISTERED.value, "version": 1}
        after = {"status": change.status.value, "version": 2}
        self._event(batch, at, "manager", "complaint_status_changed", change.uid, before, after)
        self._journal(batch, str(at), "complaint", change.uid, 2, "update")

    def _event(
        self,
        batch: _Batch,
        at: dt.datetime,
        username: str,
        action: str,
        uid: str,
        before: Mapping[str, object] | None,
        after: Mapping[str, object],
    ) -> None:
        before_text = _canonical(before)
        after_text = _canonical(after)
        digest = audit.entry_hash(
            self.prev_hash, at, username, action, "complaint", uid, before_text, after_text
        )
        batch.audit.append(
            (str(at), username, action, "complaint", uid, before_text, after_text,
             self.prev_hash, digest)
        )  # fmt: skip
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


def _canonical(value: Mapping[str, object] | None) -> str | None:
    """The audit log's JSON form of a before/after dict (as app.audit writes it)."""
    if value is None:
        return None
    return json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)


def _complaint_row(
    after: dict[str, object], uid: str, change: _Pending | None, calendar: _Calendar
) -> tuple[object, ...]:
    """The complaint as stored now: a later status change bumps version and updated_at."""
    version, updated, status = 1, after["updated_at"], after["status"]
    if change is not None:
        version, updated, status = 2, str(calendar.instant(change.key)), change.status.value
    return (
        after["id"], uid, version, after["created_at"], updated, after["tracking_code"],
        after["serial"], after["kind"], after["channel"], after["identity"], after["person"],
        after["unit"], after["category"], after["subject"], after["description"],
        after["received_on"], status, after["registered_by"],
    )  # fmt: skip


# ---------------------------------------------------------------------------------------------
# Writing.
# ---------------------------------------------------------------------------------------------

_INSERTS = {
    "persons": 'INSERT INTO "person" ("id", "uid", "version", "created_at", "updated_at", '
    '"full_name", "national_code", "mobile", "address", "county") '
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    "complaints": 'INSERT INTO "complaint" ("id", "uid", "version", "created_at", "updated_at", '
    '"tracking_code", "serial", "kind", "channel", "identity", "person_id", "unit_id", '
    '"category_id", "subject", "description", "received_on", "status", "registered_by_id") '
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    "search": "INSERT INTO complaint_search(rowid, body, name, secret_name) VALUES (?, ?, ?, ?)",
    "audit": 'INSERT INTO "audit_event" ("at", "username", "action", "entity", "entity_uid", '
    '"before", "after", "prev_hash", "hash") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
    "journal": 'INSERT INTO "change_journal" ("at", "entity", "entity_uid", "version", '
    '"operation") VALUES (?, ?, ?, ?, ?)',
}

# Tables whose secondary indexes are dropped while loading and rebuilt afterwards: building
# an index from sorted data is several times faster than a million random B-tree inserts.
_DEFERRED_INDEX_TABLES = ("person", "complaint", "audit_event")


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
    keys = _sorted_keys(rng, calendar, total)
    rows = _Rows(_Generator(rng, refs, calendar), refs, audit.last_hash())
    if progress:
        progress(0, total)
    with _bulk_mode(database):
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


def _stats(database: Database, seconds: float) -> DemoStats:
    """Whole-table counts, so the summary also covers what the set-up services wrote."""
    connection = _connection(database)

    def count(table: str) -> int:
        return int(connection.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0])

    return DemoStats(
        count("complaint"), count("person"), count("audit_event"), count("change_journal"), seconds
    )


def summary(path: Path, stats: DemoStats) -> str:
    lines = [
        f"Demo database: {path}",
        f"Office: {OFFICE_NAME} (code {OFFICE_CODE}), {PROVINCE}",
        f"Complaints: {stats.complaints:,}   persons: {stats.persons:,}   "
        f"audit events: {stats.audit_events:,}   journal rows: {stats.journal_rows:,}",
        f"Built in {stats.seconds:.1f} s",
        "",
        "Log in as (username / password / role):",
    ]
    lines += [f"  {name:<10} {_password(name):<14} {role.value}" for name, _, role in DEMO_USERS]
    return "\n".join(lines)
