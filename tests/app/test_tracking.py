"""Tests for app.tracking: Verhoeff tracking codes."""

from __future__ import annotations

import random

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.persian import to_persian_digits
from app.tracking import (
    format_tracking_code,
    looks_like_tracking_code,
    make_tracking_code,
    parse_tracking_code,
    verhoeff_check_digit,
    verhoeff_valid,
)

ARABIC_INDIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")


def _sample_codes() -> list[str]:
    rng = random.Random(20240521)  # fixed seed: the sample is the same every run
    pairs = [
        (o, s)
        for o in (1, 2, 9, 10, 999, 1000, 1234, 9998, 9999)
        for s in (1, 2, 9, 10, 12345678, 99_999_998, 99_999_999)
    ]
    pairs += [(rng.randint(1, 9999), rng.randint(1, 99_999_999)) for _ in range(200)]
    return [make_tracking_code(o, s) for o, s in pairs]


SAMPLE = _sample_codes()


def test_sample_is_large_enough() -> None:
    assert len(set(SAMPLE)) >= 200


def test_verhoeff_known_vectors() -> None:
    # Published examples of the Verhoeff scheme.
    assert verhoeff_check_digit("236") == "3"
    assert verhoeff_valid("2363")
    assert verhoeff_check_digit("12345") == "1"
    assert verhoeff_valid("123451")
    assert not verhoeff_valid("123452")


def test_verhoeff_rejects_non_digits() -> None:
    with pytest.raises(ValueError):
        verhoeff_check_digit("12a")
    with pytest.raises(ValueError):
        verhoeff_check_digit("")
    assert not verhoeff_valid("²³")
    assert not verhoeff_valid("")


def test_make_tracking_code_layout() -> None:
    code = make_tracking_code(12, 345)
    assert len(code) == 13 and code.isascii() and code.isdigit()
    assert code[:4] == "0012"
    assert code[4:12] == "00000345"
    assert verhoeff_valid(code)


@pytest.mark.parametrize(
    ("office", "serial"),
    [(0, 1), (10_000, 1), (1, 0), (1, 100_000_000), (-1, 5), (5, -1)],
)
def test_make_tracking_code_out_of_range(office: int, serial: int) -> None:
    with pytest.raises(ValueError):
        make_tracking_code(office, serial)


def test_make_tracking_code_rejects_non_int() -> None:
    with pytest.raises(ValueError):
        make_tracking_code(True, 1)
    with pytest.raises(ValueError):
        make_tracking_code(1, "5")  # type: ignore[arg-type]


def test_sample_codes_parse() -> None:
    for code in SAMPLE:
        assert parse_tracking_code(code) == code


def test_every_single_digit_substitution_is_rejected() -> None:
    for code in SAMPLE:
        for pos in range(13):
            for d in "0123456789":
                if d == code[pos]:
                    continue
                bad = code[:pos] + d + code[pos + 1 :]
                assert parse_tracking_code(bad) is None, (code, bad)
                assert looks_like_tracking_code(bad)


def test_every_adjacent_transposition_is_rejected() -> None:
    checked = 0
    for code in SAMPLE:
        for pos in range(12):
            a, b = code[pos], code[pos + 1]
            if a == b:
                continue
            bad = code[:pos] + b + a + code[pos + 2 :]
            assert parse_tracking_code(bad) is None, (code, bad)
            checked += 1
    assert checked > 1000


def test_accepted_with_separators_and_digit_scripts() -> None:
    code = make_tracking_code(1234, 56789012)
    grouped = format_tracking_code(code)
    assert grouped == f"{code[:4]}-{code[4:12]}-{code[12]}"
    variants = [
        grouped,
        f" {code[:4]} {code[4:12]} {code[12]} ",
        to_persian_digits(code),
        to_persian_digits(grouped),
        code.translate(ARABIC_INDIC),
        grouped.translate(ARABIC_INDIC).replace("-", " - "),
        f"{code[:4]}\u2013{code[4:]}",  # en dash from a word processor
    ]
    for v in variants:
        assert looks_like_tracking_code(v), v
        assert parse_tracking_code(v) == code, v


@pytest.mark.parametrize(
    "text",
    ["", "123", "123456789012", "12345678901234", "abcdefghijklm", "²" * 13],
)
def test_wrong_shape_not_accepted(text: str) -> None:
    assert parse_tracking_code(text) is None
    assert not looks_like_tracking_code(text)


def test_wrong_length_from_valid_code() -> None:
    code = SAMPLE[0]
    assert parse_tracking_code(code[:-1]) is None
    assert parse_tracking_code(code + "0") is None
    assert parse_tracking_code("0" + code) is None


def test_non_str_inputs() -> None:
    assert parse_tracking_code(None) is None
    assert parse_tracking_code(1234567890123) is None
    assert not looks_like_tracking_code(None)


def test_format_tracking_code_rejects_wrong_shape() -> None:
    with pytest.raises(ValueError):
        format_tracking_code("12345")


@given(st.integers(1, 9999), st.integers(1, 99_999_999))
def test_round_trip(office: int, serial: int) -> None:
    code = make_tracking_code(office, serial)
    assert parse_tracking_code(format_tracking_code(code)) == code
    assert int(code[:4]) == office and int(code[4:12]) == serial


@given(st.text())
def test_parse_never_raises(s: str) -> None:
    out = parse_tracking_code(s)
    if out is not None:
        assert looks_like_tracking_code(s)
        assert len(out) == 13 and verhoeff_valid(out)
