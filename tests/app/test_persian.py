"""Tests for app.persian: digits, cleaning, search normalisation and identifiers."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.persian import (
    clean_line,
    clean_text,
    is_other,
    is_valid_national_code,
    isolated,
    ltr,
    name_order,
    normalize,
    normalize_mobile,
    normalize_national_code,
    strip_bidi_controls,
    to_ascii_digits,
    to_persian_digits,
)

ZWNJ = "\u200c"
NON_ASCII_DIGITS = "۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩"
BIDI_CONTROLS = [chr(c) for c in range(0x202A, 0x202F)] + [chr(c) for c in range(0x2066, 0x206A)]
BIDI_CONTROLS += ["\u200e", "\u200f", "\u061c"]


# --- digits -----------------------------------------------------------------


def test_to_ascii_digits() -> None:
    assert to_ascii_digits("۰۱۲۳۴۵۶۷۸۹") == "0123456789"
    assert to_ascii_digits("٠١٢٣٤٥٦٧٨٩") == "0123456789"
    assert to_ascii_digits("کد ۱۲a٣") == "کد 12a3"
    assert to_ascii_digits("²") == "²"


def test_to_persian_digits() -> None:
    assert to_persian_digits("0123456789") == "۰۱۲۳۴۵۶۷۸۹"
    assert to_persian_digits(1405) == "۱۴۰۵"
    assert to_persian_digits("1405/09/02") == "۱۴۰۵/۰۹/۰۲"


@given(st.text())
def test_digit_round_trip(s: str) -> None:
    assert to_ascii_digits(to_persian_digits(to_ascii_digits(s))) == to_ascii_digits(s)


# --- bidi and cleaning --------------------------------------------------------


@pytest.mark.parametrize("ctrl", BIDI_CONTROLS)
def test_strip_bidi_controls_removes_each(ctrl: str) -> None:
    assert strip_bidi_controls(f"علی{ctrl}رضا") == "علیرضا"


def test_strip_bidi_keeps_zwnj() -> None:
    assert strip_bidi_controls("می\u200cروم") == "می\u200cروم"


def test_clean_line() -> None:
    assert clean_line("  علی \u202e  رضایی\t\n ") == "علی رضایی"
    assert clean_line("a\x00b\x07c") == "abc"
    assert clean_line("خانه\u200cها") == "خانه\u200cها"
    assert clean_line("a\u00a0\u00a0b") == "a b"
    assert clean_line("") == ""


def test_clean_text_keeps_newlines() -> None:
    raw = "  سلام   دنیا  \r\nخط\u202eدوم\x00\rسوم\t\tچهارم  \n\n"
    assert clean_text(raw) == " سلام دنیا\nخطدوم\nسوم چهارم"
    assert clean_text("a\n\nb") == "a\n\nb"


@given(st.text())
def test_clean_line_properties(s: str) -> None:
    out = clean_line(s)
    assert "\n" not in out
    assert "  " not in out
    assert out == out.strip()
    assert not any(c in out for c in BIDI_CONTROLS)
    assert clean_line(out) == out


@given(st.text())
def test_clean_text_properties(s: str) -> None:
    out = clean_text(s)
    assert "\r" not in out
    assert not any(c in out for c in BIDI_CONTROLS)
    assert all(line == line.rstrip() for line in out.split("\n"))
    assert clean_text(out) == out


@given(st.text(alphabet=st.characters(exclude_categories=())))
def test_cleaned_text_can_always_be_stored(s: str) -> None:
    # Lone surrogates come from a command-line argument or a file that was not UTF-8.
    clean_line(s).encode("utf-8")
    clean_text(s).encode("utf-8")


def test_a_lone_surrogate_is_dropped() -> None:
    assert clean_line("علی\udce9 رضایی") == "علی رضایی"


# --- normalize ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("علي", "علی"),  # Arabic yeh
        ("موسى", "موسی"),  # alef maksura
        ("كتاب", "کتاب"),  # Arabic kaf
        ("مسئول", "مسئول"),  # yeh with hamza is a distinct letter: kept
        ("مدرسة", "مدرسة"),  # teh marbuta is not folded
        ("۱۲۳٤٥٦", "123456"),
        ("ســـلام", "سلام"),  # tatweel
        ("مُحَمَّد", "محمد"),  # harakat
        ("قرآن\u0670", "قرآن"),  # superscript alef
        ("می\u200c\u200c\u200cروم", "می\u200cروم"),  # ZWNJ run collapsed
        ("می\u200c روم", "می روم"),  # ZWNJ next to a space dropped
        ("می \u200cروم", "می روم"),
        ("می \u200c روم", "می روم"),
        ("\u200cروم\u200c", "روم"),
        ("  علی \t\n  رضا  ", "علی رضا"),
        ("Tehran ÖZ", "tehran öz"),
        ("\u202bعلی\u202c", "علی"),
        ("", ""),
    ],
)
def test_normalize_vectors(raw: str, expected: str) -> None:
    assert normalize(raw) == expected


def test_normalize_equates_typing_variants() -> None:
    assert normalize("شكايت علي ۱۴۰۵") == normalize("شکایت  علی 1405")


@given(st.text())
def test_normalize_properties(s: str) -> None:
    out = normalize(s)
    assert normalize(out) == out
    assert not any(c in out for c in "يكى\u0640")
    assert not any(c in out for c in NON_ASCII_DIGITS)
    assert not any(c in out for c in BIDI_CONTROLS)
    assert ZWNJ * 2 not in out
    assert f" {ZWNJ}" not in out and f"{ZWNJ} " not in out
    assert "  " not in out and out == out.strip()


@given(st.text(alphabet="يكیکى ۱۲٣abcABC\u200c\u0640\u064e\u0670\u202e\t\n"))
def test_normalize_properties_persian_alphabet(s: str) -> None:
    out = normalize(s)
    assert normalize(out) == out
    assert not any(c in out for c in "يكى\u0640\u064e\u0670\u202e۱۲٣ABC\t\n")


# --- national code ------------------------------------------------------------


def _check_digit(first9: str) -> str:
    # Independent restatement of architecture: Persian text for generating test vectors.
    r = sum(int(d) * (10 - i) for i, d in enumerate(first9)) % 11
    return str(r if r < 2 else 11 - r)


COMPUTED_VALID = [p + _check_digit(p) for p in ("123456789", "987654321", "001234567", "555000111")]
WELL_KNOWN_VALID = ["0499370899", "0790419904", "0084575948"]


@pytest.mark.parametrize("code", WELL_KNOWN_VALID + COMPUTED_VALID)
def test_valid_national_codes(code: str) -> None:
    assert is_valid_national_code(code)
    assert normalize_national_code(code) == code


def test_national_code_persian_and_separators() -> None:
    assert is_valid_national_code("۰۴۹۹۳۷۰۸۹۹")
    assert is_valid_national_code("٠٤٩٩٣٧٠٨٩٩")
    assert normalize_national_code(" ۰۴۹-۹۳۷۰۸۹-۹ ") == "0499370899"
    assert normalize_national_code("\u200f0499370899\u200e") == "0499370899"


def test_national_code_short_forms_are_padded() -> None:
    assert normalize_national_code("84575948") == "0084575948"
    assert normalize_national_code("499370899") == "0499370899"
    assert normalize_national_code("۸۴۵۷۵۹۴۸") == "0084575948"
    assert normalize_national_code("4575948") is None  # 7 digits is too short


@pytest.mark.parametrize(
    "value",
    [
        "0499370898",  # wrong check digit
        "0790419905",
        "1111111111",
        "0000000000",
        "9999999999",
        "04993708990",  # 11 digits
        "049937089a",
        "abcdefghij",
        "",
        "   ",
        "--",
        None,
        123,
        499370899,
        4.99370899,
        b"0499370899",
        ["0499370899"],
        "²²²²²²²²²²",
        "0499370899\x00",
        "0499 370899 x",
        "١١١١١١١١١١",
    ],
)
def test_invalid_national_codes(value: object) -> None:
    assert is_valid_national_code(value) is False
    assert normalize_national_code(value) is None


def test_every_wrong_check_digit_is_rejected() -> None:
    for code in WELL_KNOWN_VALID + COMPUTED_VALID:
        for d in "0123456789":
            if d != code[9]:
                assert not is_valid_national_code(code[:9] + d)


@given(st.text())
def test_national_code_any_text(s: str) -> None:
    result = is_valid_national_code(s)
    assert isinstance(result, bool)
    norm = normalize_national_code(s)
    assert (norm is not None) == result
    if norm is not None:
        assert len(norm) == 10 and all(c in "0123456789" for c in norm)


@given(st.from_type(object) | st.binary() | st.integers() | st.none())
def test_national_code_any_object(value: object) -> None:
    assert isinstance(is_valid_national_code(value), bool)


@given(st.text(alphabet="0123456789", min_size=9, max_size=9))
def test_national_code_rule_matches(first9: str) -> None:
    code = first9 + _check_digit(first9)
    assert is_valid_national_code(code) == (len(set(code)) > 1)


# --- mobile -------------------------------------------------------------------


@pytest.mark.parametrize(
    "raw",
    [
        "09121234567",
        "9121234567",
        "+989121234567",
        "00989121234567",
        "989121234567",
        "0912 123 4567",
        "0912-123-4567",
        "+98 912 123 45 67",
        "(0912) 123-4567",
        "۰۹۱۲۱۲۳۴۵۶۷",
        "٠٩١٢١٢٣٤٥٦٧",
        "+۹۸۹۱۲۱۲۳۴۵۶۷",
        " \u200e09121234567 ",
    ],
)
def test_mobile_accepted_forms(raw: str) -> None:
    assert normalize_mobile(raw) == "09121234567"


@pytest.mark.parametrize(
    "raw",
    [
        "08121234567",  # landline (Hamadan)
        "02112345678",  # landline (Tehran)
        "0912123456",  # too short
        "091212345678",  # too long
        "0912abc4567",
        "abc",
        "",
        "+19121234567",  # not Iran
        "+0989121234567",
        "²⁹¹²¹²³⁴⁵⁶⁷",
    ],
)
def test_mobile_rejected(raw: str) -> None:
    assert normalize_mobile(raw) is None


def test_mobile_non_str_is_none() -> None:
    assert normalize_mobile(None) is None
    assert normalize_mobile(9121234567) is None


@given(st.text())
def test_mobile_never_raises(s: str) -> None:
    out = normalize_mobile(s)
    if out is not None:
        assert len(out) == 11 and out.startswith("09") and out.isascii() and out.isdigit()
        assert normalize_mobile(out) == out


def test_ltr_and_isolated_keep_a_token_whole_for_showing_only() -> None:
    """A path or code inside Persian text goes into a left-to-right isolate (a file name into
    a first-strong one) after a right-to-left mark; cleaning drops all of it again."""
    assert ltr("/tmp/a") == "\u200f\u2066/tmp/a\u2069"
    assert ltr(12) == "\u200f\u206612\u2069"
    assert isolated("نامه.pdf") == "\u200f\u2068نامه.pdf\u2069"
    shown = f"پوشه‌ی «{ltr('/tmp/a')}» و «{isolated('b.png')}»"
    assert clean_line(shown) == "پوشه‌ی «/tmp/a» و «b.png»"


# --- the order of names -------------------------------------------------------


def test_names_sort_in_the_persian_alphabet_with_other_last() -> None:
    names = ["ورزش و جوانان", "سایر", "گمرک", "پست", "اداره کل آموزش و پرورش", "یگان",
             "سایر موارد", "ژاندارمری", "آب و فاضلاب", "كشاورزي", "چاپ", "شهرداری"]  # fmt: skip
    assert sorted(names, key=name_order) == [
        "آب و فاضلاب", "اداره کل آموزش و پرورش", "پست", "چاپ", "ژاندارمری", "شهرداری",
        "كشاورزي", "گمرک", "ورزش و جوانان", "یگان", "سایر", "سایر موارد",
    ]  # fmt: skip
    # A word ends before any letter follows: «اداره کل» before «اداره‌ی».
    assert name_order("اداره کل") < name_order("اداره\u200cی")


def test_catch_all_names() -> None:
    for name in ("سایر", " سایر ", "سایر موارد", "سایر دستگاه‌ها", "متفرقه", "غیره", "ساير"):
        assert is_other(name), name
    for name in ("سایرین", "شهرداری", "موارد خاص", ""):
        assert not is_other(name), name
