"""The reference central system: init, enrol, verify, import (idempotent, order-independent,
conflicts recorded), acknowledgements, status gaps, refusals before any change, and the CLI.

Every test that touches a central database runs on SQLite and on PostgreSQL (``central_url``,
tests/postgres.py)."""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import gzip
import io
import os
import shutil
import sys
import tarfile
import threading
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import pyrage
import pytest
from peewee import Database

from app.central import cli, service
from app.central.models import (
    CentralError,
    Conflict,
    ImportedPackage,
    Office,
    Record,
    central_proxy,
    open_central,
)
from app.sync import package as pkg
from app.sync.package import KeyPair, PackageError
from tests.postgres import fresh_database, is_postgres, with_database

CREATED = dt.datetime(2026, 3, 14, 8, 30, tzinfo=dt.UTC)
OFFICE_CODE = 123


@pytest.fixture
def central(tmp_path: Path, central_url: str) -> Iterator[tuple[Database, Path]]:
    """A central database (SQLite or PostgreSQL), initialised; yields it and its public key."""
    db = open_central(central_url)
    public = tmp_path / "central.pub"
    service.init_central(db, public)
    yield db, public
    db.close()
    central_proxy.initialize(None)


@pytest.fixture
def office(tmp_path: Path, central: tuple[Database, Path]) -> KeyPair:
    """An office key pair, enrolled at the central side."""
    pair = KeyPair.generate()
    key_file = tmp_path / "office.pub"
    pkg.write_public_key_file(
        key_file,
        office_code=OFFICE_CODE,
        signing_public_key=pair.signing_public_key,
        age_recipient=pair.age_recipient,
    )
    service.enrol(central[0], key_file)
    return pair


def rec(uid: str, version: int, entity: str = "complaint", **data: Any) -> dict[str, Any]:
    operation = "insert" if version == 1 else "update"
    return {"entity": entity, "uid": uid, "version": version, "operation": operation, "data": data}


def write(
    folder: Path,
    central_pub: Path,
    signer: KeyPair,
    sequence: int,
    records: list[dict[str, Any]],
    office_code: int = OFFICE_CODE,
) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    recipient = pkg.read_public_key_file(central_pub).age_recipient
    info = pkg.write_package(
        folder,
        office_code=office_code,
        sequence=sequence,
        records=records,
        journal_range=(sequence * 10, sequence * 10 + 9),
        signing_key=signer.signing_private_key,
        central_recipient=recipient,
        created_at=CREATED,
        schema_version=1,
    )
    return info.path


def records_state() -> list[tuple[str, str, int, str, str]]:
    return [
        (r.entity, r.uid, r.version, r.operation, r.data)
        for r in Record.select().order_by(Record.entity, Record.uid)
    ]


def counts() -> tuple[int, int, int]:
    return Record.select().count(), Conflict.select().count(), ImportedPackage.select().count()


U1, U2, U3 = (str(uuid.UUID(int=n, version=4)) for n in (1, 2, 3))


def test_init_enrol_verify_import_round_trip(
    tmp_path: Path, central: tuple[Database, Path], office: KeyPair
) -> None:
    db, public = central
    sent = [rec(U1, 1, subject="شکایت ۱"), rec(U2, 1, "referral", unit="حقوقی")]
    path = write(tmp_path / "share", public, office, 1, sent)

    manifest = service.verify(db, path)
    assert (manifest.office_code, manifest.sequence) == (OFFICE_CODE, 1)
    assert counts() == (0, 0, 0)  # verify writes nothing

    [result] = service.import_packages(db, [path], None)
    assert result.status == "imported" and result.records == 2 and result.conflicts == 0
    assert records_state() == sorted(
        (r["entity"], r["uid"], 1, "insert", service.canonical(r["data"])) for r in sent
    )
    assert Record.get(Record.uid == U1).office.code == OFFICE_CODE

    ack = pkg.read_ack(result.ack_path, pkg.read_public_key_file(public).signing_public_key)
    assert result.ack_path is not None and result.ack_path.parent == path.parent
    assert (ack.office_code, ack.sequence, ack.received_journal_range) == (OFFICE_CODE, 1, (10, 19))
    assert ack.package_sha256 == pkg.file_sha256(path)


def test_init_refuses_twice_and_database_is_private(
    tmp_path: Path, central: tuple[Database, Path], central_url: str
) -> None:
    with pytest.raises(CentralError) as caught:
        service.init_central(central[0], tmp_path / "again.pub")
    assert caught.value.code == "already_initialised"
    assert not (tmp_path / "again.pub").exists()
    if os.name == "posix" and not is_postgres(central_url):
        assert (tmp_path / "central.db").stat().st_mode & 0o777 == 0o600


def test_enrol_refuses_a_different_key_unless_replace(
    tmp_path: Path, central: tuple[Database, Path], office: KeyPair
) -> None:
    db, public = central
    other = KeyPair.generate()
    key_file = tmp_path / "other.pub"
    pkg.write_public_key_file(
        key_file,
        office_code=OFFICE_CODE,
        signing_public_key=other.signing_public_key,
        age_recipient=other.age_recipient,
    )
    with pytest.raises(CentralError) as caught:
        service.enrol(db, key_file)
    assert caught.value.code == "key_conflict"
    assert bytes(Office.get().signing_public_key) == office.signing_public_key
    service.enrol(db, key_file, replace=True)
    assert bytes(Office.get().signing_public_key) == other.signing_public_key
    with pytest.raises(CentralError) as caught:
        service.enrol(db, public)
    assert caught.value.code == "central_key_file"


def test_a_key_already_enrolled_for_another_office_is_refused(
    tmp_path: Path, central: tuple[Database, Path], office: KeyPair
) -> None:
    """A copied office database carries its key: the copy may not enrol as a second office."""
    db, _public = central
    copy = tmp_path / "copy.pub"
    pkg.write_public_key_file(
        copy,
        office_code=456,
        signing_public_key=office.signing_public_key,
        age_recipient=office.age_recipient,
    )
    with pytest.raises(CentralError) as caught:
        service.enrol(db, copy)
    assert caught.value.code == "key_of_another_office"
    assert [o.code for o in Office.select()] == [OFFICE_CODE]


def test_a_package_number_used_twice_is_refused(
    tmp_path: Path, central: tuple[Database, Path], office: KeyPair
) -> None:
    """An office restored from an old backup numbers a package again: central says so."""
    db, public = central
    first = write(tmp_path / "a", public, office, 4, [rec(U1, 1, s="before the restore")])
    again = write(tmp_path / "b", public, office, 4, [rec(str(uuid.uuid4()), 1, s="after")])
    assert service.import_packages(db, [first], None)[0].status == "imported"
    [result] = service.import_packages(db, [again], None)
    assert result.status == "refused" and isinstance(result.error, CentralError)
    assert result.error.code == "sequence_reused"
    assert counts()[0] == 1


def test_reimport_changes_nothing(
    tmp_path: Path, central: tuple[Database, Path], office: KeyPair
) -> None:
    db, public = central
    path = write(tmp_path / "share", public, office, 1, [rec(U1, 1, a=1), rec(U1, 2, a=2)])
    service.import_packages(db, [path], None)
    before = (records_state(), counts())
    [again] = service.import_packages(db, [path], None)
    assert again.status == "already_imported" and again.ack_path is not None
    assert (records_state(), counts()) == before
    assert records_state()[0][2] == 2


@pytest.mark.parametrize("order", [(0, 1), (1, 0)])
def test_two_packages_in_either_order_give_the_same_records(
    tmp_path: Path, central: tuple[Database, Path], office: KeyPair, order: tuple[int, int]
) -> None:
    db, public = central
    share = tmp_path / "share"
    first = write(share, public, office, 1, [rec(U1, 1, s="a"), rec(U2, 1, s="b")])
    second = write(share, public, office, 2, [rec(U1, 2, s="a2"), rec(U3, 1, s="c")])
    paths = [first, second]
    service.import_packages(db, [paths[i] for i in order], None)
    assert records_state() == [
        ("complaint", U1, 2, "update", '{"s":"a2"}'),
        ("complaint", U2, 1, "insert", '{"s":"b"}'),
        ("complaint", U3, 1, "insert", '{"s":"c"}'),
    ]


def test_same_version_conflict_is_recorded_and_order_independent(
    tmp_path: Path, central: tuple[Database, Path], office: KeyPair
) -> None:
    db, public = central
    a = write(tmp_path / "a", public, office, 1, [rec(U1, 1, s="x"), rec(U1, 2, s="mine")])
    b = write(tmp_path / "b", public, office, 2, [rec(U1, 2, s="theirs")])
    states = []
    for order in ([a, b], [b, a]):
        Record.delete().execute()
        Conflict.delete().execute()
        ImportedPackage.delete().execute()
        results = service.import_packages(db, order, None)
        assert [r.status for r in results] == ["imported", "imported"]
        [conflict] = Conflict.select().where(Conflict.kind == "same_version")
        assert {conflict.held_data, conflict.incoming_data} == {'{"s":"mine"}', '{"s":"theirs"}'}
        states.append(records_state())
    assert states[0] == states[1]


def test_lower_version_after_higher_is_a_stale_conflict(
    tmp_path: Path, central: tuple[Database, Path], office: KeyPair
) -> None:
    db, public = central
    new = write(tmp_path / "a", public, office, 2, [rec(U1, 3, s="new")])
    old = write(tmp_path / "b", public, office, 1, [rec(U1, 2, s="old")])
    service.import_packages(db, [new, old], None)
    assert records_state() == [("complaint", U1, 3, "update", '{"s":"new"}')]
    [conflict] = Conflict.select()
    assert (conflict.kind, conflict.held_version, conflict.incoming_version) == ("stale", 3, 2)


def test_unenrolled_key_is_refused_before_any_change(
    tmp_path: Path, central: tuple[Database, Path], office: KeyPair
) -> None:
    db, public = central
    intruder = KeyPair.generate()
    forged = write(tmp_path / "x", public, intruder, 1, [rec(U1, 1, s="forged")])
    with pytest.raises(PackageError) as caught:
        service.verify(db, forged)
    assert caught.value.code == "bad_signature"
    [result] = service.import_packages(db, [forged], None)
    assert result.status == "refused" and isinstance(result.error, PackageError)
    assert result.error.code == "bad_signature"
    assert counts() == (0, 0, 0)
    assert not list((tmp_path / "x").glob("dadras-ack-*"))

    unknown = write(tmp_path / "y", public, intruder, 1, [rec(U1, 1)], office_code=77)
    [result] = service.import_packages(db, [unknown], None)
    assert isinstance(result.error, CentralError) and result.error.code == "not_enrolled"
    assert counts() == (0, 0, 0)


@pytest.mark.parametrize("damage", ["flip", "truncate"])
def test_tampered_package_is_refused_before_any_change(
    tmp_path: Path, central: tuple[Database, Path], office: KeyPair, damage: str
) -> None:
    db, public = central
    path = write(tmp_path / "share", public, office, 1, [rec(U1, 1, s="x")])
    data = bytearray(path.read_bytes())
    if damage == "flip":
        data[len(data) // 2] ^= 0x01
    else:
        del data[-20:]
    path.write_bytes(bytes(data))
    with pytest.raises(PackageError):
        service.verify(db, path)
    [result] = service.import_packages(db, [path], None)
    assert result.status == "refused"
    assert counts() == (0, 0, 0)


def test_a_batch_goes_on_past_hostile_files(
    tmp_path: Path, central: tuple[Database, Path], office: KeyPair
) -> None:
    db, public = central
    share = tmp_path / "share"
    good = write(share, public, office, 2, [rec(U1, 1, s="x")])
    recipient = pyrage.x25519.Recipient.from_str(pkg.read_public_key_file(public).age_recipient)
    nested = share / "dadras-0123-000001.age"
    brackets = b"[" * 50_000 + b"]" * 50_000
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w", format=tarfile.USTAR_FORMAT) as tar:
        for name, data in (("manifest.json", brackets), ("manifest.sig", bytes(64))):
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    nested.write_bytes(pyrage.encrypt(gzip.compress(buffer.getvalue()), [recipient]))
    garbage = share / "dadras-0123-000003.age"
    garbage.write_bytes(pyrage.encrypt(b"not gzip at all", [recipient]))
    results = service.import_packages(db, [nested, garbage, good], None)
    assert [r.status for r in results] == ["refused", "refused", "imported"]
    assert [r.error.code for r in results[:2]] == ["bad_signature", "corrupt_archive"]


def test_status_shows_gaps(tmp_path: Path, central: tuple[Database, Path], office: KeyPair) -> None:
    db, public = central
    share = tmp_path / "share"
    paths = [write(share, public, office, n, [rec(str(uuid.uuid4()), 1)]) for n in (1, 3, 6)]
    acks = tmp_path / "acks"
    acks.mkdir()
    results = service.import_packages(db, paths, acks)
    assert all(r.ack_path is not None and r.ack_path.parent == acks for r in results)
    [office_status] = service.status(db)
    assert office_status.office_code == OFFICE_CODE
    assert office_status.last_sequence == 6 and office_status.packages == 3
    assert office_status.gaps == [(2, 2), (4, 5)]
    assert office_status.last_import_at is not None


def test_verify_needs_init(tmp_path: Path, central_url: str) -> None:
    db = open_central(central_url if is_postgres(central_url) else f"sqlite:///{central_url}")
    try:
        with pytest.raises(CentralError) as caught:
            service.verify(db, tmp_path / "nothing.age")
        assert caught.value.code == "not_initialised"
    finally:
        db.close()
        central_proxy.initialize(None)


def test_postgres_without_driver_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    for driver in ("psycopg2", "psycopg"):  # as on a machine without either
        monkeypatch.setitem(sys.modules, driver, None)
    with pytest.raises(CentralError) as caught:
        open_central("postgresql://user@localhost/central")
    assert caught.value.code in ("driver_missing",)


# --- the command line -------------------------------------------------------------------------


def parse(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="dadras")
    commands = parser.add_subparsers(dest="command")
    commands.add_parser("demo")
    cli.add_commands(commands)
    return parser.parse_args(argv)


def main(argv: list[str]) -> int | None:
    try:
        return cli.run(parse(argv))
    finally:
        central_proxy.initialize(None)


def test_cli_round_trip(
    tmp_path: Path, central_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    db = central_url
    public = tmp_path / "central.pub"
    if is_postgres(db):  # no such database on the server: one line, not a trace
        missing = with_database(db, "dadras_no_such_database")
        assert main(["central", "status", "--db", missing]) == 1
        err = capsys.readouterr().err.strip().splitlines()
        assert len(err) == 1 and "database error" in err[0], err
    else:
        assert main(["central", "status", "--db", db]) == 1
        assert "[no_database]" in capsys.readouterr().err
        assert not Path(db).exists()
    assert main(["central", "init", "--db", db, "--public-key", str(public)]) == 0
    assert main(["central", "init", "--db", db, "--public-key", str(public)]) == 1
    assert "already_initialised" in capsys.readouterr().err

    pair = KeyPair.generate()
    office_pub = tmp_path / "office.pub"
    pkg.write_public_key_file(
        office_pub,
        office_code=OFFICE_CODE,
        signing_public_key=pair.signing_public_key,
        age_recipient=pair.age_recipient,
    )
    share = tmp_path / "share"
    path = write(share, public, pair, 1, [rec(U1, 1, s="x")])
    assert main(["central", "verify", "--db", db, str(path)]) == 1
    assert "not_enrolled" in capsys.readouterr().err
    assert main(["central", "enrol", "--db", db, str(office_pub)]) == 0
    assert main(["central", "verify", "--db", db, str(path)]) == 0
    assert "package OK" in capsys.readouterr().out
    assert main(["central", "import", "--db", db, str(path)]) == 0
    assert (share / pkg.ack_name(OFFICE_CODE, 1)).exists()
    assert main(["central", "import", "--db", db, str(path)]) == 0
    assert "already imported" in capsys.readouterr().out

    bad = tmp_path / "bad.age"
    shutil.copy(path, bad)
    bad.write_bytes(bad.read_bytes()[:-30])
    assert main(["central", "import", "--db", db, str(bad)]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "refused" in err[0]

    assert main(["central", "status", "--db", db]) == 0
    out = capsys.readouterr().out
    assert "office 0123: last package 1" in out and "missing none" in out
    assert main(["demo"]) is None


def test_a_failure_mid_import_leaves_the_database_as_it_was(
    tmp_path: Path,
    central: tuple[Database, Path],
    office: KeyPair,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    db, public = central
    records = [rec(str(uuid.uuid4()), 1, n=n) for n in range(7)]
    path = write(tmp_path / "share", public, office, 1, records)
    monkeypatch.setattr(service, "_BATCH", 2)

    def boom(*args: Any, **kwargs: Any) -> None:
        raise RuntimeError("power cut")

    monkeypatch.setattr(ImportedPackage, "create", boom)
    with pytest.raises(RuntimeError):
        service.import_packages(db, [path], None)
    assert counts() == (0, 0, 0)
    assert not list((tmp_path / "share").glob("dadras-ack-*"))
    monkeypatch.undo()
    [result] = service.import_packages(db, [path], None)
    assert result.status == "imported" and counts() == (7, 0, 1)


def test_concurrent_imports_of_one_package_import_it_once(
    tmp_path: Path,
    central: tuple[Database, Path],
    office: KeyPair,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Two importers at once (two connections): the writers are serialised, so the second sees
    the first's package and imports nothing (on PostgreSQL by an advisory lock)."""
    db, public = central
    path = write(tmp_path / "share", public, office, 1, [rec(U1, 1, s="x"), rec(U2, 1, s="y")])
    both_inside = threading.Barrier(2, timeout=0.5)
    apply = service._apply

    def meet_then_apply(*args: Any) -> tuple[int, int, int]:
        with contextlib.suppress(threading.BrokenBarrierError):
            both_inside.wait()  # reached by both only if the writers are not serialised
        return apply(*args)

    monkeypatch.setattr(service, "_apply", meet_then_apply)
    results: list[Any] = []

    def importer() -> None:
        try:
            results.extend(service.import_packages(db, [path], None))
        except Exception as exc:
            results.append(exc)
        finally:
            db.close()  # this thread's connection

    threads = [threading.Thread(target=importer) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(getattr(r, "status", repr(r)) for r in results) == [
        "already_imported",
        "imported",
    ]
    assert counts() == (2, 0, 1)


def test_a_percent_encoded_password_reaches_the_server() -> None:
    """PostgreSQL only: libpq decodes the URL (a password with ``@`` or ``/`` is encoded)."""
    with fresh_database() as url:
        parts = urlsplit(url)
        assert parts.password and parts.hostname
        encoded = "".join(f"%{byte:02X}" for byte in parts.password.encode())
        netloc = f"{parts.username}:{encoded}@{parts.hostname}:{parts.port or 5432}"
        db = open_central(urlunsplit(parts._replace(netloc=netloc)))
        try:
            assert service.status(db) == []
        finally:
            db.close()
            central_proxy.initialize(None)


def test_a_tracking_code_given_to_two_complaints_is_refused(
    tmp_path: Path, central: tuple[Database, Path], office: KeyPair
) -> None:
    """An office restored from an old backup gives a citizen's code to a new complaint:
    central refuses the package (nothing of it is imported) and says which code."""
    db, public = central
    first = write(tmp_path / "a", public, office, 1,
                  [rec(U1, 1, tracking_code="0123-00000007-3", s="the first")])  # fmt: skip
    again = write(tmp_path / "b", public, office, 2,
                  [rec(str(uuid.uuid4()), 1, tracking_code="0123-00000008-1"),
                   rec(str(uuid.uuid4()), 1, tracking_code="0123-00000007-3")])  # fmt: skip
    assert service.import_packages(db, [first], None)[0].status == "imported"
    before = counts()
    [result] = service.import_packages(db, [again], None)
    assert result.status == "refused" and isinstance(result.error, CentralError)
    assert result.error.code == "code_reused" and "0123-00000007-3" in result.error.message
    assert counts() == before  # the whole package rolled back
    # The same complaint sent again (a new version) keeps its own code.
    update = write(tmp_path / "c", public, office, 3,
                   [rec(U1, 2, tracking_code="0123-00000007-3", s="answered")])  # fmt: skip
    assert service.import_packages(db, [update], None)[0].status == "imported"


def test_codes_of_complaints_imported_before_are_known(
    tmp_path: Path, central: tuple[Database, Path], office: KeyPair, central_url: str
) -> None:
    from app.central.models import ComplaintCode

    db, public = central
    first = write(tmp_path / "a", public, office, 1, [rec(U1, 1, tracking_code="0123-1-1")])
    service.import_packages(db, [first], None)
    ComplaintCode.drop_table()  # a central database from before codes were kept
    db.close()
    reopened = open_central(central_url)
    assert [c.code for c in ComplaintCode.select()] == ["0123-1-1"]
    reopened.close()
