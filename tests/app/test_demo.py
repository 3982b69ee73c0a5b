"""The demo database: realistic, valid, and consistent with what the services write."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from peewee import Database

from app import audit, jalali, letterhead, lookup, office_calendar, users
from app.demo import DEMO_USERS, OFFICE_CODE, _changed_json, _entry_hash, build_demo
from app.permissions import Session
from app.persian import (
    clean_line,
    clean_text,
    is_valid_national_code,
    normalize_mobile,
    to_persian_digits,
)
from app.registration import search_texts
from app.tracking import make_tracking_code, parse_tracking_code
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
from db.connection import database_proxy
from db.models import Complaint, Measure, Person, Referral, model_to_dict
from tests.app.helpers import register

COMPLAINTS = 1000  # enough for every unit to have referrals, and for each to behave as it does
SEED = 1405

# Builds demo offices: tens of seconds. CI runs them (`pytest -m slow`).
pytestmark = pytest.mark.slow


@dataclass(frozen=True)
class Demo:
    path: Path
    database: Database
    summary: str


def _close(database: Database) -> None:
    database.close()
    database_proxy.initialize(None)


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Demo]:
    """One demo for the whole module: building it hashes six passwords."""
    path = tmp_path_factory.mktemp("demo") / "demo.sqlite3"
    summary = build_demo(path, COMPLAINTS, seed=SEED)
    database = database_proxy.obj
    assert database is not None
    yield Demo(path, database, summary)
    _close(database)


@pytest.fixture(autouse=True)
def bound(demo: Demo) -> Iterator[None]:
    """Each test sees the module's demo database, whatever an earlier test bound."""
    database_proxy.initialize(demo.database)
    yield


def rows(demo: Demo, sql: str) -> list[sqlite3.Row]:
    with sqlite3.connect(demo.path) as connection:
        connection.row_factory = sqlite3.Row
        return connection.execute(sql).fetchall()


def scalar(demo: Demo, sql: str) -> object:
    return rows(demo, sql)[0][0]


def test_counts_match_the_services_invariants(demo: Demo) -> None:
    assert scalar(demo, "SELECT count(*) FROM complaint") == COMPLAINTS
    assert scalar(demo, "SELECT value FROM counter WHERE name = 'complaint_serial'") == COMPLAINTS
    identified = scalar(demo, "SELECT count(*) FROM complaint WHERE identity != 'anonymous'")
    assert scalar(demo, "SELECT count(*) FROM person") == identified
    assert scalar(demo, "SELECT count(*) FROM complaint WHERE person_id IS NULL") == (
        COMPLAINTS - int(str(identified))
    )
    registered = "SELECT count(*) FROM audit_event WHERE action = 'complaint_registered'"
    assert scalar(demo, registered) == COMPLAINTS
    journal = "SELECT count(*) FROM change_journal WHERE entity = '{}' AND operation = 'insert'"
    assert scalar(demo, journal.format("complaint")) == COMPLAINTS
    assert scalar(demo, journal.format("person")) == identified
    assert scalar(demo, journal.format("referral")) == scalar(demo, "SELECT count(*) FROM referral")
    assert scalar(demo, journal.format("measure")) == scalar(demo, "SELECT count(*) FROM measure")
    versioned = ("complaint", "referral", "letter", "box_opening", "scan_page", "unit")
    changed = scalar(
        demo, "SELECT " + " + ".join(f"(SELECT sum(version - 1) FROM {t})" for t in versioned)
    )
    assert scalar(demo, "SELECT count(*) FROM change_journal WHERE operation = 'update'") == changed
    assert scalar(demo, "SELECT count(*) FROM complaint_search") == COMPLAINTS
    assert f"{COMPLAINTS:,}" in demo.summary


def test_every_demo_user_can_log_in_with_the_printed_password(demo: Demo) -> None:
    for username, _, role in DEMO_USERS:
        assert f"{username}1234" in demo.summary
        assert users.login(username, f"{username}1234").role == role


def test_identifiers_are_valid(demo: Demo) -> None:
    people = rows(demo, "SELECT national_code, mobile FROM person")
    codes = [p["national_code"] for p in people if p["national_code"]]
    mobiles = [p["mobile"] for p in people if p["mobile"]]
    assert all(p["national_code"] or p["mobile"] for p in people)
    assert len(codes) > len(people) / 2 and len(mobiles) > len(people) / 2
    assert all(is_valid_national_code(code) for code in codes)
    assert len(set(codes)) > len(codes) * 0.8  # mostly different people
    assert all(normalize_mobile(mobile) == mobile for mobile in mobiles)


def test_every_kind_channel_and_identity_occurs_with_realistic_weights(demo: Demo) -> None:
    def share(column: str) -> dict[str, float]:
        found = rows(demo, f"SELECT {column}, count(*) FROM complaint GROUP BY 1")
        return {row[0]: row[1] / COMPLAINTS for row in found}

    kinds, channels, identities = share("kind"), share("channel"), share("identity")
    assert set(kinds) == {k.value for k in Kind}
    assert set(channels) == {c.value for c in Channel}
    assert set(identities) == {i.value for i in Identity}
    assert kinds["complaint"] > 0.5
    assert channels["walk_in"] > channels["letter"] and channels["phone"] > channels["meeting"]
    assert 0.6 < identities["named"] < 0.9
    statuses = share("status")
    assert set(statuses) == {s.value for s in Status}
    assert statuses["closed"] > 0.6  # most of two years' cases are done with
    assert 0.01 < statuses["registered"] < 0.1


def test_dates_cover_two_jalali_years_up_to_today_in_id_order(demo: Demo) -> None:
    today = jalali.today()
    first_day = jalali.from_jalali(jalali.to_jalali(today)[0] - 1, 1, 1)
    found = rows(demo, "SELECT received_on, created_at FROM complaint ORDER BY id")
    received = [dt.date.fromisoformat(r["received_on"]) for r in found]
    created = [dt.datetime.fromisoformat(r["created_at"]) for r in found]
    assert received == sorted(received) and created == sorted(created)
    assert first_day <= received[0] and received[-1] <= today
    assert (received[-1] - received[0]).days > 300
    now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    for day, instant in zip(received, created, strict=True):
        assert jalali.to_tehran(instant).date() == day
        assert instant <= now


def test_tracking_codes_are_unique_and_valid(demo: Demo) -> None:
    found = rows(demo, "SELECT id, serial, tracking_code FROM complaint")
    assert len({r["tracking_code"] for r in found}) == COMPLAINTS
    for r in found:
        assert r["id"] == r["serial"]
        assert parse_tracking_code(r["tracking_code"]) == r["tracking_code"]
        assert r["tracking_code"] == make_tracking_code(OFFICE_CODE, r["serial"])


# The services' own audit actions, so a complaint's history reads as the app's own would.
CASE_ACTIONS = {
    "complaint": {"complaint_status", "complaint_closed", "satisfaction_recorded"},
    "referral": {"referred", "referral_reminded", "referral_answered", "referral_cancelled"},
    "measure": {"measure_recorded"},
}


def test_audit_chain_verifies_and_records_each_complaint_as_registered(demo: Demo) -> None:
    check = audit.verify_chain()
    assert check.ok
    assert check.checked == scalar(demo, "SELECT count(*) FROM audit_event")
    for complaint in Complaint.select():
        entries = audit.history(str(complaint.uid))
        assert entries[0].action == "complaint_registered"
        assert entries[0].at == complaint.created_at
        now = model_to_dict(complaint)
        at_registration = {
            **now,
            "status": "registered",
            "version": 1,
            "updated_at": now["created_at"],
            "outcome": None,
            "outcome_reason": None,
            "closed_on": None,
            "satisfaction": None,
            "satisfaction_on": None,
        }
        assert entries[0].after == at_registration
        assert len(entries) == complaint.version
        # Each later entry logs the columns it changed: replaying them gives the row.
        replayed = dict(at_registration)
        for entry in entries[1:]:
            assert entry.action in CASE_ACTIONS["complaint"]
            assert entry.before is not None and entry.after is not None
            assert {k: replayed[k] for k in entry.before} == entry.before
            replayed |= entry.after
        assert replayed == now
        assert entries[-1].at == complaint.updated_at


def test_case_history_reads_in_the_order_it_happened(demo: Demo) -> None:
    found = rows(
        demo,
        "SELECT entity, action, at FROM audit_event "
        "WHERE entity IN ('complaint', 'referral', 'measure') ORDER BY id",
    )  # the set-up's entries are now, the demo's cases back-dated before them
    instants = [dt.datetime.fromisoformat(r["at"]) for r in found]
    assert instants == sorted(instants)  # one clock, as when the services wrote them
    assert instants[-1] <= dt.datetime.now(dt.UTC).replace(tzinfo=None)
    for r in found:
        if r["entity"] in CASE_ACTIONS and r["action"] != "complaint_registered":
            assert r["action"] in CASE_ACTIONS[r["entity"]], r["action"]
    for complaint in Complaint.select().where(Complaint.version > 1).limit(50):
        detail = lookup.detail(manager_session(), int(complaint.id))
        actions = [entry.action for entry in detail.history]
        assert actions[0] == "complaint_registered"
        assert actions[1] in {"referred", "complaint_closed"}


def test_referrals_follow_the_rules(demo: Demo) -> None:
    calendar = office_calendar.load_calendar()
    default = letterhead.default_deadline_days()
    today = jalali.today()
    found = Referral.select(Referral, Complaint).join(Complaint)
    assert len(found) > COMPLAINTS * 0.8
    deadlines = Counter(int(r.deadline_days) for r in found)
    assert deadlines.most_common(1)[0][0] == default
    # Each reminder the referral counts (an escalation too) is a numbered letter.
    reminder_letters = {
        int(row[0]): int(row[1])
        for row in rows(
            demo,
            "SELECT referral_id, count(*) FROM letter WHERE kind IN ('reminder', 'escalation') "
            "GROUP BY referral_id",
        )
    }
    assert reminder_letters
    for r in found:
        assert r.due_on == calendar.add_working_days(r.referred_on, r.deadline_days)
        assert calendar.is_working_day(r.referred_on)
        assert r.referred_on > r.complaint.received_on
        assert r.created_at > r.complaint.created_at
        assert jalali.to_tehran(r.created_at).date() == r.referred_on
        assert r.paused_since is None and r.reminders == reminder_letters.get(r.id, 0)
        if r.status == ReferralStatus.ANSWERED.value:
            assert r.referred_on <= r.answered_on < today
            assert r.response_text and r.response_by is not None
            # Worked out as the reports would, so a new demo needs no filling in.
            assert r.response_days == calendar.working_days_between(r.referred_on, r.answered_on)
            assert jalali.to_tehran(r.updated_at).date() >= r.answered_on  # entered after
        else:
            assert r.answered_on is None and r.response_text is None and r.response_days is None
        if r.status == ReferralStatus.CANCELLED.value:
            assert r.complaint.status == Status.CLOSED.value
    status = Counter(r.status for r in found)
    assert set(status) == {s.value for s in ReferralStatus}
    assert status["answered"] > 0.75 * len(found)
    assert 0 < status["cancelled"] < 0.1 * len(found)
    overdue = [r for r in found if r.status == "open" and r.due_on < today]
    assert overdue  # the overdue queue has work in it
    late = [r for r in found if r.answered_on and r.answered_on > r.due_on]
    assert 0.1 * len(found) < len(late) < 0.5 * len(found)


def test_units_differ_and_all_have_referrals(demo: Demo) -> None:
    per_unit = rows(
        demo,
        "SELECT u.name, count(r.id) AS referrals, "
        "avg(r.answered_on <= r.due_on) AS in_time FROM unit u "
        "LEFT JOIN referral r ON r.unit_id = u.id AND r.status = 'answered' GROUP BY u.id",
    )
    assert all(r["referrals"] > 0 for r in per_unit)
    shares = [r["in_time"] for r in per_unit if r["referrals"] >= 30]
    assert len(shares) >= 5
    assert max(shares) - min(shares) > 0.3  # fast units and slow ones: scorecards differ


def test_complaint_statuses_follow_their_referrals(demo: Demo) -> None:
    for complaint in Complaint.select():
        states = [str(r.status) for r in complaint.referrals]
        status = complaint.status
        if status == Status.REGISTERED.value:
            assert not states
        elif status == Status.REFERRED.value:
            assert "open" in states
        elif status == Status.ANSWERED.value:
            assert states and set(states) == {"answered"}
        else:
            assert "open" not in states
        if status == Status.CLOSED.value:
            assert complaint.outcome in {o.value for o in Outcome}
            assert complaint.received_on <= complaint.closed_on < jalali.today()
            assert jalali.to_tehran(complaint.updated_at).date() >= complaint.closed_on
            answered = [r.answered_on for r in complaint.referrals if r.answered_on]
            assert all(day < complaint.closed_on for day in answered)
            not_admissible = complaint.outcome == Outcome.NOT_ADMISSIBLE.value
            assert bool(complaint.outcome_reason) == not_admissible
        else:
            assert complaint.outcome is None and complaint.closed_on is None
        if complaint.satisfaction is not None:
            assert status == Status.CLOSED.value
            assert complaint.identity != Identity.ANONYMOUS.value
            assert complaint.satisfaction in {s.value for s in Satisfaction}
            assert complaint.closed_on < complaint.satisfaction_on < jalali.today()
        else:
            assert complaint.satisfaction_on is None


def test_outcomes_satisfaction_and_measures_are_realistic(demo: Demo) -> None:
    outcomes = Counter(str(c.outcome) for c in Complaint.select() if c.outcome)
    assert set(outcomes) == {o.value for o in Outcome}
    closed = sum(outcomes.values())
    surveyed = scalar(demo, "SELECT count(*) FROM complaint WHERE satisfaction IS NOT NULL")
    assert 0.2 * closed < int(str(surveyed)) < 0.6 * closed
    measures = list(Measure.select(Measure, Complaint).join(Complaint))
    assert 0.02 * closed < len(measures) < 0.12 * closed
    kinds = Counter(str(m.kind) for m in measures)
    assert kinds.most_common(1)[0][0] == MeasureKind.WARNING.value
    assert kinds[MeasureKind.COMMENDATION.value] > 0
    assert set(kinds) <= {k.value for k in MeasureKind}
    for m in measures:
        assert m.complaint.status == Status.CLOSED.value
        assert m.complaint.closed_on <= m.decided_on < jalali.today()
        referred = {int(r.unit_id) for r in m.complaint.referrals}
        assert int(m.unit_id) in referred
        assert (m.official_title is None) or (m.official_name is not None)


def test_referral_and_measure_log_entries_are_what_the_services_write(demo: Demo) -> None:
    for referral in Referral.select():
        entries = audit.history(str(referral.uid))
        assert entries[0].action == "referred" and entries[0].before is None
        assert entries[0].at == referral.created_at
        assert len(entries) == referral.version
        replayed = dict(entries[0].after or {})
        for entry in entries[1:]:
            replayed |= entry.after or {}
        assert replayed == model_to_dict(referral)
    for measure in Measure.select():
        (entry,) = audit.history(str(measure.uid))
        assert entry.action == "measure_recorded"
        assert entry.after == model_to_dict(measure)


def test_change_journal_has_every_version_of_every_record(demo: Demo) -> None:
    journal: dict[tuple[str, str], list[tuple[int, str, str]]] = {}
    for r in rows(demo, "SELECT entity, entity_uid, version, operation, at FROM change_journal"):
        journal.setdefault((r["entity"], r["entity_uid"]), []).append(
            (r["version"], r["operation"], r["at"])
        )
    for model in (Complaint, Person, Referral, Measure):
        for record in model.select(model.uid, model.version, model.updated_at):
            versions = journal[(model._meta.table_name, str(record.uid))]
            expected = [(1, "insert")] + [(v, "update") for v in range(2, record.version + 1)]
            assert [(v, op) for v, op, _ in versions] == expected
            assert versions[-1][2] == str(record.updated_at)
    ids = [
        r["id"]
        for r in rows(
            demo,
            "SELECT id FROM change_journal "
            "WHERE entity IN ('complaint', 'person', 'referral', 'measure') ORDER BY at, id",
        )
    ]
    assert ids == sorted(ids)  # numbered in the order the changes happened


def test_texts_are_stored_as_the_form_would_store_them(demo: Demo) -> None:
    found = rows(demo, "SELECT subject, description FROM complaint")
    for r in found:
        assert clean_line(r["subject"]) == r["subject"]
        assert clean_text(r["description"]) == r["description"]
    assert all(
        clean_line(p["full_name"]) == p["full_name"] for p in rows(demo, "SELECT * FROM person")
    )
    descriptions = " ".join(r["description"] for r in found)
    assert "می\u200c" in descriptions  # ZWNJ spelling
    assert "ي" in descriptions and "ك" in descriptions  # some typed on an Arabic layout


def test_search_index_equals_what_registration_writes(demo: Demo) -> None:
    found = rows(
        demo,
        "SELECT c.id, c.subject, c.description, c.identity, p.full_name, "
        "s.body, s.name, s.secret_name FROM complaint c "
        "LEFT JOIN person p ON p.id = c.person_id JOIN complaint_search s ON s.rowid = c.id",
    )
    assert len(found) == COMPLAINTS
    for r in found:
        expected = search_texts(r["subject"], r["description"], r["identity"], r["full_name"])
        assert (r["body"], r["name"], r["secret_name"]) == expected, r["id"]


def manager_session() -> Session:
    return users.login("manager", "manager1234")


def test_lookup_finds_words_of_a_subject_even_when_typed_in_arabic(demo: Demo) -> None:
    session = manager_session()
    arabic = rows(demo, "SELECT id, subject FROM complaint WHERE subject LIKE '%ي%' LIMIT 1")[0]
    words = arabic["subject"].split()[:2]
    persian = " ".join(w.replace("ي", "ی").replace("ك", "ک") for w in words)
    query = lookup.parse_query(persian)
    total = lookup.count(session, query)
    assert total >= 1
    found = []
    before: int | None = None
    while page := lookup.page(session, query, before_id=before):
        found += [row.id for row in page]
        before = page[-1].id
    assert arabic["id"] in found and len(found) == total


def test_lookup_by_national_code_finds_the_complaint(demo: Demo) -> None:
    session = manager_session()
    person = rows(
        demo,
        "SELECT c.id, p.national_code FROM complaint c JOIN person p ON p.id = c.person_id "
        "WHERE p.national_code IS NOT NULL LIMIT 1",
    )[0]
    query = lookup.parse_query(person["national_code"])
    assert person["id"] in [row.id for row in lookup.page(session, query)]


# What the seed decides. Complaints received today are left out: their instants fall before
# the clock, which moves between two builds (the case history ends yesterday).
BUSINESS_DATA = (
    "SELECT c.id, c.tracking_code, c.kind, c.channel, c.identity, c.unit_id, c.category_id, "
    "c.subject, c.description, c.received_on, c.status, c.created_at, c.updated_at, c.version, "
    "c.outcome, c.outcome_reason, c.closed_on, c.satisfaction, c.satisfaction_on, p.full_name, "
    "p.national_code, p.mobile, p.address FROM complaint c "
    "LEFT JOIN person p ON p.id = c.person_id WHERE c.received_on < :today ORDER BY c.id",
    "SELECT id, complaint_id, unit_id, instructions, referred_on, deadline_days, due_on, status, "
    "answered_on, response_text, response_number, response_by_id, created_at, updated_at "
    "FROM referral ORDER BY id",
    "SELECT id, complaint_id, unit_id, kind, official_name, official_title, note, decided_on, "
    "created_at FROM measure ORDER BY id",
    "SELECT at, username, action, entity, entity_uid IS NULL FROM audit_event "
    "WHERE entity IN ('complaint', 'referral', 'measure') AND at < :midnight ORDER BY id",
)


def business_data(path: Path) -> list[list[tuple[object, ...]]]:
    today = jalali.today()
    midnight = dt.datetime.combine(today, dt.time(), tzinfo=jalali.TEHRAN)
    values = {
        "today": today.isoformat(),
        "midnight": str(midnight.astimezone(dt.UTC).replace(tzinfo=None)),
    }
    with sqlite3.connect(path) as connection:
        return [connection.execute(sql, values).fetchall() for sql in BUSINESS_DATA]


def test_same_seed_gives_the_same_data(demo: Demo, tmp_path: Path) -> None:
    again, other = tmp_path / "again.sqlite3", tmp_path / "other.sqlite3"
    build_demo(again, COMPLAINTS, seed=SEED)
    _close(database_proxy.obj)
    build_demo(other, COMPLAINTS, seed=SEED + 1)
    _close(database_proxy.obj)
    same = business_data(demo.path)
    assert all(len(part) > 10 for part in same)
    assert business_data(again) == same
    assert business_data(other) != same


def test_demo_rows_look_like_rows_the_service_writes(tmp_path: Path) -> None:
    """Column types and formats of bulk rows equal those of a complaint registered normally."""
    path = tmp_path / "small.sqlite3"
    build_demo(path, 40, seed=7)
    try:
        clerk = users.login("clerk", "clerk1234")
        registered = register(clerk).complaint_id
        with sqlite3.connect(path) as connection:
            for table, key in (("complaint", "id"), ("person", "id"), ("audit_event", "id")):
                columns = [c[1] for c in connection.execute(f"PRAGMA table_info({table})")]
                shape = ", ".join(f'typeof("{c}"), length("{c}")' for c in columns)
                service = connection.execute(
                    f"SELECT {shape} FROM {table} ORDER BY {key} DESC LIMIT 1"
                ).fetchone()
                demo_rows = connection.execute(
                    f"SELECT {shape} FROM {table} ORDER BY {key} LIMIT 200"
                ).fetchall()
                assert _format_of(service, columns) in {_format_of(r, columns) for r in demo_rows}
        assert audit.verify_chain().ok
        assert registered == 41
    finally:
        _close(database_proxy.obj)


# Columns whose length is fixed by their format (uids, instants, dates, hashes).
_FIXED = {"uid", "created_at", "updated_at", "received_on", "at", "entity_uid", "prev_hash", "hash"}


def _format_of(row: tuple[object, ...], columns: list[str]) -> tuple[object, ...]:
    out: list[object] = []
    for i, column in enumerate(columns):
        kind, length = row[2 * i], row[2 * i + 1]
        out.append((column, kind, length if column in _FIXED else None))
    return tuple(out)


def test_build_refuses_an_existing_file(tmp_path: Path) -> None:
    path = tmp_path / "exists.sqlite3"
    path.write_bytes(b"")
    with pytest.raises(FileExistsError):
        build_demo(path, 1)


def test_after_json_is_canonical(demo: Demo) -> None:
    """The stored text is the audit module's canonical JSON, not just an equal dict."""
    for r in rows(demo, "SELECT before, after FROM audit_event"):
        for text in (r["before"], r["after"]):
            if text is not None:
                assert text == json.dumps(json.loads(text), ensure_ascii=False, sort_keys=True)


def test_the_fast_log_helpers_equal_the_audit_modules() -> None:
    at = dt.datetime(2025, 3, 4, 10, 11, 12, 123456)
    texts = (None, '{"a": "نقل \\"قول\\"\\n"}', json.dumps({"x": 1}))
    for before in texts:
        for after in texts:
            expected = audit.entry_hash(
                "0" * 64, at, "clerk", "act", "complaint", "u", before, after
            )
            found = _entry_hash("0" * 64, str(at), "clerk", "act", "complaint", "u", before, after)
            assert found == expected
    fields = (("outcome_reason", 'دلیل "ویژه"\n'), ("paused_since", None), ("response_by", 4))
    before, after = _changed_json(fields, "open", "2025-01-01 00:00:00.5", 1, "closed", "s")
    for text in (before, after):
        assert text == json.dumps(json.loads(text), ensure_ascii=False, sort_keys=True)
    assert json.loads(after) == {
        "outcome_reason": 'دلیل "ویژه"\n',
        "response_by": 4,
        "paused_since": None,
        "status": "closed",
        "updated_at": "s",
        "version": 2,
    }


def test_every_referral_has_its_numbered_letter_with_an_archived_pdf(demo: Demo) -> None:
    without = scalar(
        demo,
        "SELECT count(*) FROM referral r WHERE NOT EXISTS (SELECT 1 FROM letter l "
        "WHERE l.referral_id = r.id AND l.kind = 'referral' AND l.pdf_id IS NOT NULL)",
    )
    assert without == 0
    missing_pdf = "SELECT count(*) FROM letter l LEFT JOIN stored_file f ON f.sha256 = l.pdf_id"
    assert scalar(demo, missing_pdf + " WHERE f.sha256 IS NULL") == 0
    assert scalar(demo, "SELECT count(*) FROM letter") == scalar(
        demo, "SELECT count(DISTINCT number) FROM letter"
    )
    kinds = {str(r[0]) for r in rows(demo, "SELECT DISTINCT kind FROM letter")}
    assert {"referral", "reminder", "reply"} <= kinds and "minutes" not in kinds


def test_the_register_continues_numbering_and_finds_demo_letters(demo: Demo) -> None:
    from app import secretariat
    from app.secretariat import LetterKind, LetterRequest

    manager = manager_session()
    newest = secretariat.find_letters(manager, limit=1)[0]
    found = secretariat.find_letters(manager, number=newest.number)
    assert [letter.id for letter in found] == [newest.id]
    assert secretariat.find_letters(manager, recipient=newest.recipient[:6], limit=5)
    pdf = secretariat.letter_pdf(manager, newest.id)
    assert pdf.startswith(b"%PDF")
    request = LetterRequest(kind=LetterKind.REFERRAL, recipient="شهرداری", subject="آزمون")
    issued = secretariat.issue_letter(manager, request)
    if issued.year == newest.year:  # not across a Nowruz: the counter goes on
        assert issued.seq == newest.seq + 1
    queued = secretariat.count_pending_prints(manager)
    assert queued >= 40


def test_every_case_step_is_done_by_a_role_that_may_do_it(demo: Demo) -> None:
    from app.permissions import GRANTS, Action

    needs = {
        "letter_issued": Action.ISSUE_LETTER,
        "referred": Action.REFER,
        "referral_reminded": Action.ISSUE_LETTER,
        "referral_answered": Action.RECORD_RESPONSE,
        "complaint_closed": Action.CLOSE_COMPLAINT,
        "satisfaction_recorded": Action.RECORD_SATISFACTION,
        "measure_recorded": Action.RECORD_MEASURE,
        "box_opened": Action.OPEN_BOX,
        "scan_entered": Action.ENTER_SCANS,
    }
    roles = {str(r[0]): str(r[1]) for r in rows(demo, "SELECT username, role FROM user")}
    # A box's minutes are registered by whoever records the opening (boxes.open_box).
    done = rows(
        demo,
        "SELECT DISTINCT username, action FROM audit_event WHERE action != 'letter_issued' "
        "OR json_extract(after, '$.kind') != 'minutes'",
    )
    for row in done:
        action = needs.get(str(row["action"]))
        if action is not None and row["username"] in roles:
            role = roles[str(row["username"])]
            assert role in {r.value for r in GRANTS[action]}, (row["username"], action)


def test_box_openings_have_numbered_minutes_with_the_hour(demo: Demo) -> None:
    from app import boxes
    from tests.app.test_pdf_rtl import pdf_logical_text

    manager = manager_session()
    openings = boxes.list_openings(manager)
    assert openings and all(o.minutes_number and o.opened_at for o in openings)
    numbers = [o.minutes_number for o in openings]
    assert len(set(numbers)) == len(numbers)
    newest = openings[0]
    year = jalali.to_jalali(newest.opened_on)[0]
    assert str(newest.minutes_number).endswith(f"/{year}")
    text = pdf_logical_text(boxes.minutes_pdf(manager, newest.id))
    assert "صورتجلسه" in text and "به:" not in text
    assert to_persian_digits(str(newest.minutes_number)) in text
