"""The demo database: realistic, valid, and consistent with what the services write."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from peewee import Database

from app import audit, jalali, lookup, users
from app.demo import DEMO_USERS, OFFICE_CODE, build_demo
from app.permissions import Session
from app.persian import clean_line, clean_text, is_valid_national_code, normalize_mobile
from app.registration import search_texts
from app.tracking import make_tracking_code, parse_tracking_code
from app.vocabulary import Channel, Identity, Kind
from db.connection import database_proxy
from db.models import Complaint, model_to_dict
from tests.app.helpers import register

COMPLAINTS = 300
SEED = 1405


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
    """One 300-complaint demo for the whole module: building it hashes six passwords."""
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
    changed = scalar(demo, "SELECT count(*) FROM complaint WHERE version = 2")
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
    assert statuses["registered"] > 0.7


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


def test_audit_chain_verifies_and_records_each_complaint_as_registered(demo: Demo) -> None:
    check = audit.verify_chain()
    assert check.ok
    assert check.checked == scalar(demo, "SELECT count(*) FROM audit_event")
    for complaint in Complaint.select():
        entries = audit.history(str(complaint.uid))
        assert entries[0].action == "complaint_registered"
        assert entries[0].at == complaint.created_at
        now = model_to_dict(complaint)
        if complaint.version == 1:
            assert len(entries) == 1
            assert entries[0].after == now
        else:
            assert [e.action for e in entries] == [
                "complaint_registered",
                "complaint_status_changed",
            ]
            assert entries[1].after == {"status": complaint.status, "version": 2}
            assert entries[1].at == complaint.updated_at
            at_registration = {**now, "status": "registered", "version": 1}
            at_registration["updated_at"] = now["created_at"]
            assert entries[0].after == at_registration


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


def business_data(path: Path) -> list[tuple[object, ...]]:
    with sqlite3.connect(path) as connection:
        return connection.execute(
            "SELECT c.id, c.tracking_code, c.kind, c.channel, c.identity, c.unit_id, "
            "c.category_id, c.subject, c.description, c.received_on, c.status, c.created_at, "
            "p.full_name, p.national_code, p.mobile, p.address FROM complaint c "
            "LEFT JOIN person p ON p.id = c.person_id ORDER BY c.id"
        ).fetchall()


def test_same_seed_gives_the_same_data(demo: Demo, tmp_path: Path) -> None:
    again, other = tmp_path / "again.sqlite3", tmp_path / "other.sqlite3"
    build_demo(again, COMPLAINTS, seed=SEED)
    _close(database_proxy.obj)
    build_demo(other, COMPLAINTS, seed=SEED + 1)
    _close(database_proxy.obj)
    assert business_data(again) == business_data(demo.path)
    assert business_data(other) != business_data(demo.path)


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
    after = str(scalar(demo, "SELECT after FROM audit_event WHERE action = 'complaint_registered'"))
    assert after == json.dumps(json.loads(after), ensure_ascii=False, sort_keys=True)
