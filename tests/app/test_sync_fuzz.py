"""Hostile sync files: packages, inbound packages, acknowledgements and public-key files
crafted by someone who holds a public key but not a signing key.

Every one must be refused with a PackageError (a one-line Persian refusal), without
reading more than the signed part before the signature is checked, in bounded time and
memory. A batch import goes on with the next file.
"""

from __future__ import annotations

import gzip
import io
import json
import tarfile
import tracemalloc
from pathlib import Path

import pyrage
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.sync import package as pkg
from app.sync.package import INBOUND_FORMAT, KeyPair, PackageError
from tests.app.test_sync_package import RECORDS, SCAN, SCAN_SHA, write

_FUZZ = settings(
    max_examples=400,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@pytest.fixture(scope="module")
def plain_tar(tmp_path_factory: pytest.TempPathFactory, office: KeyPair, central: KeyPair) -> bytes:
    """The tar inside a genuine package, byte for byte."""
    folder = tmp_path_factory.mktemp("genuine")
    written = write(folder, office, central, attachments={SCAN_SHA: SCAN})
    identity = pyrage.x25519.Identity.from_str(central.age_identity)
    return gzip.decompress(pyrage.decrypt(written.path.read_bytes(), [identity]))


def seal(folder: Path, central: KeyPair, compressed: bytes, name: str = "x.age") -> Path:
    recipient = pyrage.x25519.Recipient.from_str(central.age_recipient)
    path = folder / name
    path.write_bytes(pyrage.encrypt(compressed, [recipient]))
    return path


def refusal(path: Path, office: KeyPair, central: KeyPair, file_format: str = pkg.FORMAT) -> str:
    """The refusal's code; the call must stay within 80 MB whatever the file claims."""
    tracemalloc.start()
    try:
        with pytest.raises(PackageError) as caught:
            pkg.verify_file(
                path,
                identity=central.age_identity,
                signers=[office.signing_public_key],
                file_format=file_format,
            )
    finally:
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    assert peak < 80 * 1024 * 1024, f"{peak} bytes to refuse"
    assert caught.value.message and "\n" not in caught.value.message
    return caught.value.code


def header(name: str, size_field: bytes, kind: bytes = b"0") -> bytes:
    """A ustar header with a raw size field (may be negative, huge or garbage)."""
    info = tarfile.TarInfo(name)
    block = bytearray(info.tobuf(tarfile.USTAR_FORMAT))
    block[124:136] = size_field.ljust(12, b"\0")[:12]
    block[156:157] = kind
    block[148:156] = b" " * 8
    block[148:156] = b"%06o\0 " % sum(block)
    return bytes(block)


# --- the files that broke it before ------------------------------------------------------------


def test_a_negative_member_size_is_refused_at_once(
    tmp_path: Path, office: KeyPair, central: KeyPair
) -> None:
    tar = header("manifest.json", b"-0000001000") + bytes(1024)
    assert refusal(seal(tmp_path, central, gzip.compress(tar)), office, central) in {
        "corrupt_archive",
        "truncated",
    }


def test_a_manifest_of_nested_brackets_is_not_parsed_unsigned(
    tmp_path: Path, office: KeyPair, central: KeyPair
) -> None:
    nested = b"[" * 100_000 + b"]" * 100_000
    members = [("manifest.json", nested), ("manifest.sig", bytes(64))]
    path = seal(tmp_path, central, gzip.compress(_tar(members)))
    assert refusal(path, office, central) == "bad_signature"


def test_a_signed_manifest_of_nested_brackets_is_refused_not_crashed(
    tmp_path: Path, office: KeyPair, central: KeyPair
) -> None:
    nested = b"[" * 100_000 + b"]" * 100_000
    members = [
        ("manifest.json", nested),
        ("manifest.sig", pkg.sign(office.signing_private_key, nested)),
    ]
    path = seal(tmp_path, central, gzip.compress(_tar(members)))
    assert refusal(path, office, central) == "bad_manifest"


def test_a_gzip_bomb_is_refused_before_it_is_inflated(
    tmp_path: Path, office: KeyPair, central: KeyPair
) -> None:
    # A manifest header announcing 60 MB, then zeros: 60 KB compressed.
    bomb = io.BytesIO()
    with gzip.GzipFile(fileobj=bomb, mode="wb", compresslevel=9) as out:
        out.write(header("manifest.json", b"%011o" % (60 * 1024 * 1024)))
        for _ in range(60):
            out.write(bytes(1024 * 1024))
    path = seal(tmp_path, central, bomb.getvalue())
    assert refusal(path, office, central) == "too_large"


def test_many_empty_members_are_not_enumerated(
    tmp_path: Path, office: KeyPair, central: KeyPair
) -> None:
    empty = header("attachments/" + "0" * 64, b"%011o" % 0)
    path = seal(tmp_path, central, gzip.compress(empty * 50_000, 1))
    assert refusal(path, office, central) in {"extra_member", "missing_member"}


def test_a_seek_past_the_start_is_refused(
    tmp_path: Path, office: KeyPair, central: KeyPair
) -> None:
    tar = header("manifest.json", b"77777777777") + b"{}"
    assert refusal(seal(tmp_path, central, gzip.compress(tar)), office, central) in {
        "too_large",
        "truncated",
    }


def test_data_after_the_archive_is_refused(
    tmp_path: Path, office: KeyPair, central: KeyPair, plain_tar: bytes
) -> None:
    for compressed in (
        gzip.compress(plain_tar + bytes(512)),
        gzip.compress(plain_tar + b"x"),
        gzip.compress(plain_tar) + gzip.compress(b"a second gzip member"),
        gzip.compress(plain_tar) + b"trailing bytes",
    ):
        path = seal(tmp_path, central, compressed)
        assert refusal(path, office, central) == "corrupt_archive"


def test_a_genuine_package_still_opens(
    tmp_path: Path, office: KeyPair, central: KeyPair, plain_tar: bytes
) -> None:
    path = seal(tmp_path, central, gzip.compress(plain_tar))
    with pkg.open_package(
        path, identity=central.age_identity, signers=[office.signing_public_key]
    ) as package:
        assert list(package.iter_records()) == RECORDS
        assert package.attachment(SCAN_SHA) == SCAN
        assert package.signer == office.signing_public_key


# --- fuzzing --------------------------------------------------------------------------------


def _tar(members: list[tuple[str, bytes]]) -> bytes:
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w", format=tarfile.USTAR_FORMAT) as tar:
        for name, data in members:
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    return buffer.getvalue()


@st.composite
def mutated(draw: st.DrawFn, plain: bytes) -> bytes:
    """The genuine tar with a few bytes flipped, cut, repeated, or headers rewritten."""
    data = bytearray(plain)
    for _ in range(draw(st.integers(1, 4))):
        kind = draw(st.sampled_from(["flip", "cut", "insert", "size", "repeat"]))
        at = draw(st.integers(0, max(len(data) - 1, 0)))
        if kind == "flip" and data:
            data[at] ^= draw(st.integers(1, 255))
        elif kind == "cut":
            del data[at:]
        elif kind == "insert":
            data[at:at] = draw(st.binary(min_size=1, max_size=600))
        elif kind == "size":
            block = draw(st.sampled_from([0, 1, 2, 3, 4])) * 512
            field = draw(
                st.sampled_from([b"-1", b"-0000001000", b"77777777777", b"9999", b"", b"1" * 12])
            )
            data[block + 124 : block + 136] = field.ljust(12, b"\0")[:12]
        elif kind == "repeat":
            data += data[: draw(st.integers(512, 4096))] * draw(st.integers(1, 50))
    return bytes(data)


@_FUZZ
@given(data=st.data())
def test_fuzzed_packages_are_refused_in_one_line(
    tmp_path: Path, office: KeyPair, central: KeyPair, plain_tar: bytes, data: st.DataObject
) -> None:
    crafted = data.draw(mutated(plain_tar))
    if crafted == plain_tar:
        return
    path = seal(tmp_path, central, gzip.compress(crafted, 1))
    try:
        pkg.verify_file(path, identity=central.age_identity, signers=[office.signing_public_key])
    except PackageError as exc:
        assert exc.message and "\n" not in exc.message
    else:  # only a change that leaves the signed content whole can pass
        assert unpack_members(crafted) == unpack_members(plain_tar)


@_FUZZ
@given(data=st.data())
def test_fuzzed_inbound_packages_are_refused(
    tmp_path: Path, office: KeyPair, central: KeyPair, plain_tar: bytes, data: st.DataObject
) -> None:
    crafted = data.draw(mutated(plain_tar))
    path = seal(tmp_path, central, gzip.compress(crafted, 1))
    # An office reading what claims to come from central: the office package's signer is
    # not central, so nothing passes.
    with pytest.raises(PackageError):
        pkg.verify_file(
            path,
            identity=central.age_identity,
            signers=[central.signing_public_key],
            file_format=INBOUND_FORMAT,
        )


@_FUZZ
@given(st.binary(max_size=4096))
def test_random_bytes_are_refused(
    tmp_path: Path, office: KeyPair, central: KeyPair, raw: bytes
) -> None:
    (tmp_path / "raw.age").write_bytes(raw)
    for path in (
        tmp_path / "raw.age",
        seal(tmp_path, central, raw),
        seal(tmp_path, central, gzip.compress(raw)),
    ):
        with pytest.raises(PackageError):
            pkg.verify_file(
                path, identity=central.age_identity, signers=[office.signing_public_key]
            )


def unpack_members(tar_bytes: bytes) -> list[tuple[str, bytes]]:
    try:
        with tarfile.open(fileobj=io.BytesIO(tar_bytes), mode="r:") as tar:
            return [(m.name, tar.extractfile(m).read()) for m in tar.getmembers()]  # type: ignore[union-attr]
    except (tarfile.TarError, EOFError, ValueError):
        return []


# --- acknowledgements and public-key files ------------------------------------------------------


_JSON_ATTACKS = [
    b"[" * 100_000 + b"]" * 100_000,
    b'{"ack": ' * 5_000 + b"1" + b"}" * 5_000,
    b'{"ack": {}, "signature": "' + b"A" * 2_000_000 + b'"}',
    b"\xff\xfe\x00",
    b"",
    b'{"ack": {"format": "dadras-ack"}, "signature": "!!"}',
    b"NaN",
    json.dumps({"ack": {"a": [1] * 10}, "signature": "AAAA"}).encode(),
]


@pytest.mark.parametrize("content", _JSON_ATTACKS, ids=range(len(_JSON_ATTACKS)))
def test_crafted_acknowledgements_are_refused(
    tmp_path: Path, central: KeyPair, content: bytes
) -> None:
    path = tmp_path / "dadras-ack-0123-000001.json"
    path.write_bytes(content)
    with pytest.raises(PackageError) as caught:
        pkg.read_ack(path, central.signing_public_key)
    assert caught.value.code in {"bad_ack", "bad_ack_signature"}


@pytest.mark.parametrize("content", _JSON_ATTACKS, ids=range(len(_JSON_ATTACKS)))
def test_crafted_key_files_are_refused(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "office.pub"
    path.write_bytes(content)
    with pytest.raises(PackageError) as caught:
        pkg.read_public_key_file(path)
    assert caught.value.code == "bad_key_file"


@_FUZZ
@given(
    st.recursive(
        st.none() | st.booleans() | st.integers() | st.text(max_size=20),
        lambda children: (
            st.lists(children, max_size=4)
            | st.dictionaries(st.text(max_size=8), children, max_size=4)
        ),
        max_leaves=30,
    )
)
def test_fuzzed_acknowledgement_bodies_are_refused(
    tmp_path: Path, central: KeyPair, body: object
) -> None:
    path = tmp_path / "ack.json"
    path.write_text(json.dumps({"ack": body, "signature": "AAAA"}), encoding="utf-8")
    with pytest.raises(PackageError):
        pkg.read_ack(path, central.signing_public_key)
