"""The sync package format: round trip, determinism, every tampering case, atomic writing,
acknowledgements and public-key files, and the JSON Schemas in resources/sync."""

from __future__ import annotations

import datetime as dt
import gzip
import hashlib
import io
import json
import tarfile
import tempfile
import tracemalloc
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import jsonschema
import pyrage
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.sync import package as pkg
from app.sync.package import KeyPair, PackageError

ROOT = Path(__file__).resolve().parents[2]
CREATED = dt.datetime(2026, 3, 14, 8, 30, tzinfo=dt.UTC)
SCAN = b"%PDF-1.7 scanned response"
SCAN_SHA = hashlib.sha256(SCAN).hexdigest()
PHOTO = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4
PHOTO_SHA = hashlib.sha256(PHOTO).hexdigest()

Members = list[tuple[str, bytes]]


def record(entity: str = "complaint", version: int = 1, **data: Any) -> dict[str, Any]:
    return {
        "entity": entity,
        "uid": str(uuid.uuid4()),
        "version": version,
        "operation": "insert" if version == 1 else "update",
        "data": data,
    }


RECORDS = [
    record(subject="تأخیر در پاسخ‌گویی شهرداری 🙂", anonymous=False, box=None),
    record(version=3, subject="بازگشت وجه", amounts=[1, 2.5, -3], extra={"a": {"b": None}}),
    record("referral", unit="واحد حقوقی", due_on="2026-03-20"),
    record("letter", number="۱۴۰۴/۱۲/۲۳-۱", attachment=SCAN_SHA),
]


def write(
    folder: Path,
    office: KeyPair,
    central: KeyPair,
    *,
    sequence: int = 1,
    records: list[dict[str, Any]] | None = None,
    attachments: dict[str, bytes] | pkg.AttachmentSource | None = None,
) -> pkg.PackageInfo:
    return pkg.write_package(
        folder,
        office_code=123,
        sequence=sequence,
        records=RECORDS if records is None else records,
        attachments={SCAN_SHA: SCAN, PHOTO_SHA: PHOTO} if attachments is None else attachments,
        journal_range=(10, 42),
        signing_key=office.signing_private_key,
        central_recipient=central.age_recipient,
        created_at=CREATED,
        schema_version=6,
    )


def open_(path: Path, office: KeyPair, central: KeyPair) -> pkg.Package:
    return pkg.open_package(
        path, identity=central.age_identity, signers=[office.signing_public_key]
    )


def code_of(path: Path, office: KeyPair, central: KeyPair) -> str:
    with pytest.raises(PackageError) as caught:
        pkg.verify_file(path, identity=central.age_identity, signers=[office.signing_public_key])
    assert caught.value.message  # a Persian sentence for the user
    return caught.value.code


# --- helpers that take a package apart and put a forged one together ------------------------


def unpack(path: Path, central: KeyPair) -> Members:
    identity = pyrage.x25519.Identity.from_str(central.age_identity)
    plain = gzip.decompress(pyrage.decrypt(path.read_bytes(), [identity]))
    with tarfile.open(fileobj=io.BytesIO(plain), mode="r:") as tar:
        return [(m.name, tar.extractfile(m).read()) for m in tar.getmembers()]  # type: ignore[union-attr]


def repack(
    path: Path, central: KeyPair, members: Members, kinds: dict[str, bytes] | None = None
) -> Path:
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w") as tar:
        for name, data in members:
            info = tarfile.TarInfo(name)
            info.size = len(data)
            if kinds and name in kinds:
                info.type, info.linkname, info.size = kinds[name], "/etc/passwd", 0
            tar.addfile(info, io.BytesIO(data))
    recipient = pyrage.x25519.Recipient.from_str(central.age_recipient)
    forged = path.with_name("forged.age")
    forged.write_bytes(pyrage.encrypt(gzip.compress(buffer.getvalue()), [recipient]))
    return forged


def manifest_of(members: Members) -> dict[str, Any]:
    return json.loads(dict(members)["manifest.json"])  # type: ignore[no-any-return]


def replace(members: Members, name: str, data: bytes) -> Members:
    return [(n, data if n == name else d) for n, d in members]


def resign(members: Members, manifest: dict[str, Any], key: bytes) -> Members:
    data = json.dumps(manifest, sort_keys=True, ensure_ascii=False, indent=2).encode() + b"\n"
    members = replace(members, "manifest.json", data)
    return replace(members, "manifest.sig", pkg.sign(key, data))


@pytest.fixture
def written(tmp_path: Path, office: KeyPair, central: KeyPair) -> pkg.PackageInfo:
    return write(tmp_path, office, central)


# --- round trip ------------------------------------------------------------------------------


def test_round_trip(written: pkg.PackageInfo, office: KeyPair, central: KeyPair) -> None:
    assert written.path.name == "dadras-0123-000001.age"
    assert written.counts == {"complaint": 2, "letter": 1, "referral": 1}
    assert written.sha256 == pkg.file_sha256(written.path)
    assert written.size == written.path.stat().st_size
    with open_(written.path, office, central) as package:
        assert list(package.iter_records()) == RECORDS
        assert package.attachment(SCAN_SHA) == SCAN
        assert package.attachment(PHOTO_SHA) == PHOTO
        assert sorted(package.attachment_hashes()) == sorted([SCAN_SHA, PHOTO_SHA])
        manifest = package.manifest
    assert (manifest.office_code, manifest.sequence, manifest.journal_range) == (123, 1, (10, 42))
    assert manifest.created_at == CREATED
    assert manifest.schema_version == 6
    assert manifest.counts == written.counts


def test_the_file_is_encrypted(written: pkg.PackageInfo) -> None:
    data = written.path.read_bytes()
    assert data.startswith(b"age-encryption.org/v1\n")
    assert "شهرداری".encode() not in data and b"manifest" not in data


def test_missing_attachment_is_refused(
    written: pkg.PackageInfo, office: KeyPair, central: KeyPair
) -> None:
    with open_(written.path, office, central) as package, pytest.raises(PackageError) as caught:
        package.attachment("0" * 64)
    assert caught.value.code == "missing_member"


def test_the_manifest_is_deterministic(tmp_path: Path, office: KeyPair, central: KeyPair) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    first = write(tmp_path / "a", office, central)
    second = write(tmp_path / "b", office, central)
    assert first.sha256 != second.sha256  # age uses a fresh key each time
    one, two = unpack(first.path, central), unpack(second.path, central)
    assert one == two  # the whole archive, not only the manifest
    manifest = manifest_of(one)
    assert manifest["created_at"] == "2026-03-14T08:30:00Z"
    assert [m["path"] for m in manifest["members"]] == [
        "records.jsonl",
        *sorted(f"attachments/{sha}" for sha in (SCAN_SHA, PHOTO_SHA)),
    ]
    assert [name for name, _ in one][:3] == ["manifest.json", "manifest.sig", "records.jsonl"]


def test_the_tar_is_what_tarfile_writes(written: pkg.PackageInfo, central: KeyPair) -> None:
    """The streamed tar is byte for byte the pax tar ``tarfile`` makes of the same members."""
    identity = pyrage.x25519.Identity.from_str(central.age_identity)
    plain = gzip.decompress(pyrage.decrypt(written.path.read_bytes(), [identity]))
    expected = io.BytesIO()
    with tarfile.open(fileobj=expected, mode="w", format=tarfile.PAX_FORMAT) as tar:
        for name, data in unpack(written.path, central):
            info = tarfile.TarInfo(name)
            info.size, info.mtime, info.mode = len(data), int(CREATED.timestamp()), 0o644
            info.uid = info.gid = 0
            info.uname = info.gname = ""
            tar.addfile(info, io.BytesIO(data))
    assert plain == expected.getvalue()


class Blobs:
    """Attachments made on demand, each 1 MiB; fails if more than one is open at a time."""

    def __init__(self, count: int, *, wrong: int | None = None) -> None:
        self.sizes: dict[str, int] = {}
        self._numbers: dict[str, int] = {}
        for n in range(count):
            digest = hashlib.sha256(self.make(n)).hexdigest()
            self.sizes[digest] = 1024 * 1024
            self._numbers[digest] = n
        self.wrong = wrong
        self.open = 0
        self.reads = 0

    @staticmethod
    def make(n: int) -> bytes:
        return hashlib.sha256(str(n).encode()).digest() * (1024 * 1024 // 32)

    def read(self, digest: str) -> io.BytesIO:
        assert self.open == 0, "an attachment was read while another was open"
        n = self._numbers[digest]
        self.open += 1
        self.reads += 1
        blobs = self

        class One(io.BytesIO):
            def close(self) -> None:
                if not self.closed:
                    blobs.open -= 1
                super().close()

        return One(self.make(n + 1 if n == self.wrong else n))


def many_records(count: int) -> Iterator[dict[str, Any]]:
    for n in range(count):
        uid = str(uuid.UUID(int=n, version=4))
        text = f"شکایت شماره {n} " * 24
        yield {"entity": "complaint", "uid": uid, "version": 1, "operation": "insert",
               "data": {"subject": text, "n": n}}  # fmt: skip


def test_memory_stays_bounded_whatever_the_size(
    tmp_path: Path, office: KeyPair, central: KeyPair
) -> None:
    """About 25 MB of records and 24 MiB of attachments, written with a few MB of memory:
    records are consumed as they come, attachments are read one at a time."""
    blobs = Blobs(24)
    tracemalloc.start()
    try:
        info = pkg.write_package(
            tmp_path,
            office_code=123,
            sequence=1,
            records=many_records(40_000),
            attachments=pkg.AttachmentSource(blobs.sizes, blobs.read),
            journal_range=(1, 40_000),
            signing_key=office.signing_private_key,
            central_recipient=central.age_recipient,
            created_at=CREATED,
            schema_version=6,
        )
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert blobs.reads == 24 and blobs.open == 0
    assert peak < 16 * 1024 * 1024, f"peak {peak / 1024 / 1024:.1f} MB"
    with open_(info.path, office, central) as package:
        records = package.manifest.members[0]
        assert records.size > 20 * 1024 * 1024 and package.manifest.counts == {"complaint": 40_000}
        assert sorted(package.attachment_hashes()) == sorted(blobs.sizes)
        digest = sorted(blobs.sizes)[3]
        assert package.attachment(digest) == Blobs.make(blobs._numbers[digest])


def test_an_attachment_that_does_not_match_leaves_no_file(
    tmp_path: Path, office: KeyPair, central: KeyPair
) -> None:
    blobs = Blobs(3, wrong=1)
    with pytest.raises(ValueError, match="not the sha256"):
        write(tmp_path, office, central, attachments=pkg.AttachmentSource(blobs.sizes, blobs.read))
    assert list(tmp_path.iterdir()) == []
    assert blobs.open == 0

    short = {SCAN_SHA: len(SCAN) + 1}
    with pytest.raises(ValueError, match="not the sha256"):
        write(tmp_path, office, central, attachments=pkg.AttachmentSource(short, lambda _: SCAN))
    assert list(tmp_path.iterdir()) == []
    with pytest.raises(ValueError, match="not a sha256"):
        write(
            tmp_path, office, central, attachments=pkg.AttachmentSource({"../x": 1}, lambda _: b"x")
        )
    assert list(tmp_path.iterdir()) == []


def test_records_are_sorted_key_utf8_lines(written: pkg.PackageInfo, central: KeyPair) -> None:
    lines = dict(unpack(written.path, central))["records.jsonl"].split(b"\n")
    assert lines[-1] == b"" and len(lines) == len(RECORDS) + 1
    assert "شهرداری 🙂".encode() in lines[0]
    assert lines[0].startswith(b'{"data":{"anonymous":false,"box":null,"subject"')


def test_nothing_is_read_without_a_key_the_signature_holds_for(
    written: pkg.PackageInfo, central: KeyPair
) -> None:
    for signers in ([], [KeyPair.generate().signing_public_key]):
        with pytest.raises(PackageError) as caught:
            pkg.verify_file(written.path, identity=central.age_identity, signers=signers)
        assert caught.value.code == "bad_signature"


def test_invalid_input_is_a_programming_error(
    tmp_path: Path, office: KeyPair, central: KeyPair
) -> None:
    bad = {**record(), "uid": "not-a-uid"}
    with pytest.raises(ValueError, match="uid"):
        write(tmp_path, office, central, records=[bad])
    with pytest.raises(ValueError, match="sha256"):
        write(tmp_path, office, central, attachments={"0" * 64: SCAN})
    with pytest.raises(ValueError):
        write(tmp_path, office, central, records=[record(x=float("nan"))])
    assert list(tmp_path.iterdir()) == []


# --- tampering -------------------------------------------------------------------------------


@pytest.mark.parametrize("where", [0, 30, 100, 200, -1, -100, "middle"])
def test_a_flipped_byte_is_refused(
    written: pkg.PackageInfo, office: KeyPair, central: KeyPair, where: int | str
) -> None:
    data = bytearray(written.path.read_bytes())
    index = len(data) // 2 if where == "middle" else int(where)
    data[index] ^= 0x01
    written.path.write_bytes(bytes(data))
    # A flip inside the recipient stanza reads as "not for this key"; anywhere else, as damage.
    assert code_of(written.path, office, central) in {"not_decryptable", "wrong_recipient"}


@pytest.mark.parametrize("keep", [0, 20, 150, "half", -1, -16])
def test_a_truncated_file_is_refused(
    written: pkg.PackageInfo, office: KeyPair, central: KeyPair, keep: int | str
) -> None:
    data = written.path.read_bytes()
    cut = len(data) // 2 if keep == "half" else int(keep)
    written.path.write_bytes(data[:cut])
    assert code_of(written.path, office, central) in {"truncated", "not_decryptable"}


def test_the_wrong_central_key(written: pkg.PackageInfo, office: KeyPair) -> None:
    assert code_of(written.path, office, KeyPair.generate()) == "wrong_recipient"


def test_an_unreadable_file(tmp_path: Path, office: KeyPair, central: KeyPair) -> None:
    assert code_of(tmp_path / "nothing.age", office, central) == "unreadable"


def test_an_untouched_repack_passes(
    written: pkg.PackageInfo, office: KeyPair, central: KeyPair
) -> None:
    forged = repack(written.path, central, unpack(written.path, central))
    assert (
        pkg.verify_file(
            forged, identity=central.age_identity, signers=[office.signing_public_key]
        ).counts
        == written.counts
    )


Forgery = Callable[[Members, KeyPair], Members]
FORGERIES: dict[str, tuple[Forgery, str]] = {
    "extra member": (lambda m, k: [*m, ("notes.txt", b"hi")], "extra_member"),
    "extra attachment": (lambda m, k: [*m, (f"attachments/{'a' * 64}", b"x")], "extra_member"),
    "missing attachment": (
        lambda m, k: [(n, d) for n, d in m if n != f"attachments/{SCAN_SHA}"],
        "missing_member",
    ),
    "missing records": (
        lambda m, k: [(n, d) for n, d in m if n != "records.jsonl"],
        "missing_member",
    ),
    "missing signature": (
        lambda m, k: [(n, d) for n, d in m if n != "manifest.sig"],
        "missing_member",
    ),
    "missing manifest": (
        lambda m, k: [(n, d) for n, d in m if n != "manifest.json"],
        "missing_member",
    ),
    "parent path": (lambda m, k: [*m, ("../x", b"evil")], "unsafe_path"),
    "nested parent path": (lambda m, k: [*m, ("attachments/../../x", b"evil")], "unsafe_path"),
    "absolute path": (lambda m, k: [*m, ("/etc/cron.d/x", b"evil")], "unsafe_path"),
    "windows path": (lambda m, k: [*m, ("C:\\x", b"evil")], "unsafe_path"),
    "duplicate member": (lambda m, k: [*m, m[2]], "duplicate_member"),
    "changed record": (
        lambda m, k: replace(
            m, "records.jsonl", dict(m)["records.jsonl"].replace("تأخیر".encode(), "تاخیر".encode())
        ),
        "checksum_mismatch",
    ),
    "changed attachment": (
        lambda m, k: replace(m, f"attachments/{SCAN_SHA}", SCAN.replace(b"1.7", b"1.6")),
        "checksum_mismatch",
    ),
    "changed manifest": (
        lambda m, k: replace(
            m, "manifest.json", dict(m)["manifest.json"].replace(b'"sequence": 1', b'"sequence": 2')
        ),
        "bad_signature",
    ),
    "signed by another key": (
        lambda m, k: resign(
            m, {**manifest_of(m), "sequence": 7}, KeyPair.generate().signing_private_key
        ),
        "bad_signature",
    ),
    "unknown version": (
        lambda m, k: resign(m, {**manifest_of(m), "format_version": 2}, k.signing_private_key),
        "unknown_version",
    ),
    "not a dadras package": (
        lambda m, k: resign(m, {**manifest_of(m), "format": "other"}, k.signing_private_key),
        "unknown_format",
    ),
    "manifest lists a parent path": (
        lambda m, k: resign(
            m,
            {
                **manifest_of(m),
                "members": [
                    *manifest_of(m)["members"],
                    {"path": "../x", "sha256": "0" * 64, "size": 1},
                ],
            },
            k.signing_private_key,
        ),
        "unsafe_path",
    ),
    "wrong counts": (
        lambda m, k: resign(
            m, {**manifest_of(m), "counts": {"complaint": 4}}, k.signing_private_key
        ),
        "count_mismatch",
    ),
    "unexpected manifest field": (
        lambda m, k: resign(m, {**manifest_of(m), "note": "x"}, k.signing_private_key),
        "bad_manifest",
    ),
}


@pytest.mark.parametrize("case", list(FORGERIES))
def test_a_forged_archive_is_refused(
    written: pkg.PackageInfo, office: KeyPair, central: KeyPair, case: str
) -> None:
    forge, expected = FORGERIES[case]
    forged = repack(written.path, central, forge(unpack(written.path, central), office))
    assert code_of(forged, office, central) == expected


def test_a_link_member_is_refused(
    written: pkg.PackageInfo, office: KeyPair, central: KeyPair
) -> None:
    members = [*unpack(written.path, central), ("notes", b"")]
    forged = repack(written.path, central, members, kinds={"notes": tarfile.SYMTYPE})
    assert code_of(forged, office, central) == "unsafe_path"


def test_a_bad_record_line_is_refused(
    written: pkg.PackageInfo, office: KeyPair, central: KeyPair
) -> None:
    members = unpack(written.path, central)
    lines = dict(members)["records.jsonl"] + b'{"entity":"complaint"}\n'
    manifest = manifest_of(members)
    manifest["members"][0].update(sha256=hashlib.sha256(lines).hexdigest(), size=len(lines))
    members = resign(replace(members, "records.jsonl", lines), manifest, office.signing_private_key)
    error_code = code_of(repack(written.path, central, members), office, central)
    assert error_code == "bad_record"


# --- atomic writing --------------------------------------------------------------------------


def test_a_failed_rename_leaves_the_previous_package_only(
    tmp_path: Path, office: KeyPair, central: KeyPair, monkeypatch: pytest.MonkeyPatch
) -> None:
    previous = write(tmp_path, office, central, sequence=1)

    def pulled_stick(*args: object) -> None:
        raise OSError(5, "Input/output error")

    monkeypatch.setattr(pkg.os, "replace", pulled_stick)
    with pytest.raises(PackageError) as caught:
        write(tmp_path, office, central, sequence=2)
    assert caught.value.code == "write_failed"
    assert [p.name for p in tmp_path.iterdir()] == [previous.path.name]
    assert pkg.file_sha256(previous.path) == previous.sha256


def test_a_crash_while_encrypting_leaves_no_temporary_file(
    tmp_path: Path, office: KeyPair, central: KeyPair, monkeypatch: pytest.MonkeyPatch
) -> None:
    previous = write(tmp_path, office, central, sequence=1)

    def half_written(source: Any, out: Any, recipients: Any) -> None:
        out.write(b"age-encryption.org/v1\n" + source.read(1000))
        raise RuntimeError("killed")

    monkeypatch.setattr(pkg.pyrage, "encrypt_io", half_written)
    with pytest.raises(RuntimeError):
        write(tmp_path, office, central, sequence=2)
    assert [p.name for p in tmp_path.iterdir()] == [previous.path.name]


def test_a_bad_read_back_removes_the_file(
    tmp_path: Path, office: KeyPair, central: KeyPair, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(pkg, "file_sha256", lambda path: "0" * 64)
    with pytest.raises(PackageError) as caught:
        write(tmp_path, office, central)
    assert caught.value.code == "verify_failed"
    assert list(tmp_path.iterdir()) == []


def test_an_existing_package_is_not_overwritten(
    written: pkg.PackageInfo, office: KeyPair, central: KeyPair
) -> None:
    with pytest.raises(PackageError) as caught:
        write(written.path.parent, office, central, records=[record()])
    assert caught.value.code == "already_exists"
    assert pkg.file_sha256(written.path) == written.sha256


# --- acknowledgements and public keys --------------------------------------------------------


def write_ack(folder: Path, central: KeyPair, written: pkg.PackageInfo) -> Path:
    return pkg.write_ack(
        folder,
        office_code=123,
        sequence=1,
        package_sha256=written.sha256,
        received_journal_range=(10, 42),
        signing_key=central.signing_private_key,
        created_at=dt.datetime(2026, 3, 15, 9, 0),  # naive means UTC
    )


def test_ack_round_trip(tmp_path: Path, written: pkg.PackageInfo, central: KeyPair) -> None:
    path = write_ack(tmp_path, central, written)
    assert path.name == "dadras-ack-0123-000001.json"
    ack = pkg.read_ack(path, central.signing_public_key)
    assert ack == pkg.Ack(
        123, 1, written.sha256, (10, 42), dt.datetime(2026, 3, 15, 9, 0, tzinfo=dt.UTC)
    )


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (lambda d: d["ack"].update(sequence=2), "bad_ack_signature"),
        (lambda d: d["ack"]["received_journal_range"].update(last=99), "bad_ack_signature"),
        (lambda d: d.update(signature="AAAA"), "bad_ack_signature"),
        (lambda d: d.update(signature="not base64!"), "bad_ack"),
        (lambda d: d.pop("signature"), "bad_ack"),
    ],
)
def test_a_tampered_ack_is_refused(
    tmp_path: Path,
    written: pkg.PackageInfo,
    central: KeyPair,
    change: Callable[[dict[str, Any]], object],
    expected: str,
) -> None:
    path = write_ack(tmp_path, central, written)
    document = json.loads(path.read_text(encoding="utf-8"))
    change(document)
    path.write_text(json.dumps(document), encoding="utf-8")
    with pytest.raises(PackageError) as caught:
        pkg.read_ack(path, central.signing_public_key)
    assert caught.value.code == expected


def test_an_ack_signed_by_another_key(
    tmp_path: Path, written: pkg.PackageInfo, office: KeyPair, central: KeyPair
) -> None:
    path = write_ack(tmp_path, central, written)
    with pytest.raises(PackageError) as caught:
        pkg.read_ack(path, office.signing_public_key)
    assert caught.value.code == "bad_ack_signature"


def test_public_key_file(tmp_path: Path, office: KeyPair) -> None:
    path = tmp_path / "office.pub"
    keys = pkg.write_public_key_file(
        path,
        office_code=123,
        signing_public_key=office.signing_public_key,
        age_recipient=office.age_recipient,
    )
    assert keys == office.public(123)
    assert len(keys.fingerprint) == 16 and int(keys.fingerprint, 16) >= 0
    assert pkg.read_public_key_file(path) == keys
    assert keys.fingerprint in path.read_text(encoding="utf-8")
    body = json.loads(path.read_text(encoding="utf-8"))
    body["age_recipient"] = KeyPair.generate().age_recipient
    path.write_text(json.dumps(body), encoding="utf-8")
    with pytest.raises(PackageError) as caught:
        pkg.read_public_key_file(path)
    assert caught.value.code == "bad_key_file"


def test_central_public_key_file_has_no_office(tmp_path: Path, central: KeyPair) -> None:
    path = tmp_path / "central.pub"
    pkg.write_public_key_file(
        path,
        office_code=None,
        signing_public_key=central.signing_public_key,
        age_recipient=central.age_recipient,
    )
    assert pkg.read_public_key_file(path).office_code is None


def test_generated_keys_have_the_documented_shape() -> None:
    private, public = pkg.generate_signing_key()
    identity, recipient = pkg.generate_age_identity()
    assert len(private) == len(public) == 32
    assert identity.startswith("AGE-SECRET-KEY-1") and recipient.startswith("age1")
    assert pkg.signature_valid(public, b"x", pkg.sign(private, b"x"))


# --- the JSON Schemas ------------------------------------------------------------------------


def test_manifest_and_records_match_the_schemas(written: pkg.PackageInfo, central: KeyPair) -> None:
    members = dict(unpack(written.path, central))
    for name, instances in (
        ("manifest-v1", [json.loads(members["manifest.json"])]),
        ("record-v1", [json.loads(line) for line in members["records.jsonl"].splitlines()]),
    ):
        schema = schema_of(name)
        jsonschema.Draft202012Validator.check_schema(schema)
        validator = jsonschema.Draft202012Validator(
            schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
        )
        for instance in instances:
            validator.validate(instance)
    bad = {**json.loads(members["manifest.json"]), "format_version": 2}
    assert not jsonschema.Draft202012Validator(schema_of("manifest-v1")).is_valid(bad)


def test_an_audit_head_round_trips_and_matches_the_schema(
    tmp_path: Path, office: KeyPair, central: KeyPair
) -> None:
    claim = pkg.AuditClaim(42, "a" * 64, ((7, "b" * 64), (40, None)))
    written = pkg.write_package(
        tmp_path,
        office_code=123,
        sequence=1,
        records=RECORDS,
        journal_range=(10, 42),
        signing_key=office.signing_private_key,
        central_recipient=central.age_recipient,
        created_at=CREATED,
        schema_version=6,
        audit=claim,
    )
    with open_(written.path, office, central) as package:
        assert package.manifest.audit == claim
    manifest = json.loads(dict(unpack(written.path, central))["manifest.json"])
    schema = schema_of("manifest-v1")
    jsonschema.Draft202012Validator(schema).validate(manifest)
    manifest["audit"]["proofs"][0]["hash"] = "not hex"
    assert not jsonschema.Draft202012Validator(schema).is_valid(manifest)
    with pytest.raises(pkg.PackageError):
        pkg.Manifest.from_json(manifest)


def schema_of(name: str) -> dict[str, Any]:
    path = ROOT / "resources" / "sync" / f"{name}.schema.json"
    return json.loads(path.read_text(encoding="utf-8"))  # type: ignore[no-any-return]


# --- property: any records round-trip exactly ------------------------------------------------

PERSIAN = st.text(
    alphabet=st.sampled_from('آابپتثجچحخدذرزژسشصضطظعغفقکگلمنوهیءأۀ‌ ۰۱۲۳۴۵۶۷۸۹🙂👍🏽\n\t"\\'),
    max_size=20,
)
JSON = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**63), max_value=2**63)
    | st.floats(allow_nan=False, allow_infinity=False)
    | PERSIAN
    | st.text(max_size=10),
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(PERSIAN | st.text(max_size=8), children, max_size=4)
    ),
    max_leaves=12,
)
RECORD = st.fixed_dictionaries(
    {
        "entity": st.sampled_from(["complaint", "referral", "letter", "complainant"]),
        "uid": st.uuids(version=4).map(str),
        "version": st.integers(min_value=1, max_value=10**6),
        "operation": st.sampled_from(pkg.OPERATIONS),
        "data": st.dictionaries(PERSIAN | st.text(max_size=8), JSON, max_size=5),
    }
)


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(records=st.lists(RECORD, max_size=8), blobs=st.lists(st.binary(max_size=64), max_size=3))
def test_any_records_round_trip(
    office: KeyPair, central: KeyPair, records: list[dict[str, Any]], blobs: list[bytes]
) -> None:
    attachments = {hashlib.sha256(blob).hexdigest(): blob for blob in blobs}
    with tempfile.TemporaryDirectory() as folder:
        info = write(Path(folder), office, central, records=records, attachments=attachments)
        with open_(info.path, office, central) as package:
            assert list(package.iter_records()) == records
            assert {sha: package.attachment(sha) for sha in attachments} == attachments
