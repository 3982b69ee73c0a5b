"""Complaint tracking codes.

A code is 13 ASCII digits: office code (4, zero-padded) + serial (8, zero-padded)
+ one Verhoeff check digit. Verhoeff catches every single-digit error and every
adjacent transposition, the two mistakes people make reading a code over the phone.
"""

from __future__ import annotations

import re

from app.persian import to_ascii_digits
from app.search_text import fold_dashes

__all__ = [
    "CODE_LENGTH",
    "format_tracking_code",
    "looks_like_tracking_code",
    "make_tracking_code",
    "parse_tracking_code",
    "verhoeff_check_digit",
    "verhoeff_valid",
]

OFFICE_DIGITS = 4
SERIAL_DIGITS = 8
CODE_LENGTH = OFFICE_DIGITS + SERIAL_DIGITS + 1
MAX_OFFICE_CODE = 10**OFFICE_DIGITS - 1
MAX_SERIAL = 10**SERIAL_DIGITS - 1

# Standard Verhoeff tables: dihedral group D5 multiplication, position permutation
# and inverse.
_D = (
    (0, 1, 2, 3, 4, 5, 6, 7, 8, 9),
    (1, 2, 3, 4, 0, 6, 7, 8, 9, 5),
    (2, 3, 4, 0, 1, 7, 8, 9, 5, 6),
    (3, 4, 0, 1, 2, 8, 9, 5, 6, 7),
    (4, 0, 1, 2, 3, 9, 5, 6, 7, 8),
    (5, 9, 8, 7, 6, 0, 4, 3, 2, 1),
    (6, 5, 9, 8, 7, 1, 0, 4, 3, 2),
    (7, 6, 5, 9, 8, 2, 1, 0, 4, 3),
    (8, 7, 6, 5, 9, 3, 2, 1, 0, 4),
    (9, 8, 7, 6, 5, 4, 3, 2, 1, 0),
)
_P = (
    (0, 1, 2, 3, 4, 5, 6, 7, 8, 9),
    (1, 5, 7, 6, 2, 8, 3, 0, 9, 4),
    (5, 8, 0, 3, 7, 9, 6, 1, 4, 2),
    (8, 9, 1, 6, 0, 4, 3, 5, 2, 7),
    (9, 4, 5, 3, 1, 2, 6, 8, 7, 0),
    (4, 2, 8, 6, 5, 7, 3, 9, 0, 1),
    (2, 7, 9, 3, 8, 0, 6, 4, 1, 5),
    (7, 0, 4, 6, 9, 1, 3, 2, 5, 8),
)
_INV = (0, 4, 3, 2, 1, 5, 6, 7, 8, 9)

_ASCII_DIGITS = "0123456789"
# Separators people type or paste between groups of a code: spaces and every dash
# (``fold_dashes`` makes each an ASCII hyphen-minus first).
_SEPARATORS = re.compile(r"[\s\-]+")


def _is_ascii_digits(s: str) -> bool:
    # str.isdigit would accept superscripts and other scripts.
    return bool(s) and all(c in _ASCII_DIGITS for c in s)


def _checksum(digits: str, offset: int) -> int:
    c = 0
    for i, ch in enumerate(reversed(digits)):
        c = _D[c][_P[(i + offset) % 8][ord(ch) - 48]]
    return c


def verhoeff_check_digit(digits: str) -> str:
    """The Verhoeff check digit for a string of ASCII digits."""
    if not _is_ascii_digits(digits):
        raise ValueError(f"not a string of ASCII digits: {digits!r}")
    return str(_INV[_checksum(digits, 1)])


def verhoeff_valid(digits: str) -> bool:
    """True if the last digit is the correct Verhoeff check digit for the rest."""
    return len(digits) >= 2 and _is_ascii_digits(digits) and _checksum(digits, 0) == 0


def make_tracking_code(office_code: int, serial: int) -> str:
    """Build the 13-digit code for an office's serial number."""
    if isinstance(office_code, bool) or not isinstance(office_code, int):
        raise ValueError(f"office code must be an int: {office_code!r}")
    if isinstance(serial, bool) or not isinstance(serial, int):
        raise ValueError(f"serial must be an int: {serial!r}")
    if not 1 <= office_code <= MAX_OFFICE_CODE:
        raise ValueError(f"office code out of range 1..{MAX_OFFICE_CODE}: {office_code}")
    if not 1 <= serial <= MAX_SERIAL:
        raise ValueError(f"serial out of range 1..{MAX_SERIAL}: {serial}")
    body = f"{office_code:0{OFFICE_DIGITS}d}{serial:0{SERIAL_DIGITS}d}"
    return body + verhoeff_check_digit(body)


def _compact(text: str) -> str:
    return to_ascii_digits(_SEPARATORS.sub("", fold_dashes(text)))


def looks_like_tracking_code(text: object) -> bool:
    """True if ``text`` has the shape of a code (13 digits), valid or not.

    Lets the UI tell "this code is mistyped" apart from "no such complaint".
    """
    if not isinstance(text, str):
        return False
    s = _compact(text)
    return len(s) == CODE_LENGTH and _is_ascii_digits(s)


def parse_tracking_code(text: object) -> str | None:
    """Canonical 13-digit code if ``text`` is a well-formed code, else None."""
    if not isinstance(text, str):
        return None
    s = _compact(text)
    if len(s) != CODE_LENGTH:
        return None
    return s if verhoeff_valid(s) else None


def format_tracking_code(code: str) -> str:
    """Group a code for reading aloud: ``1234-56789012-3``."""
    s = _compact(code)
    if len(s) != CODE_LENGTH or not _is_ascii_digits(s):
        raise ValueError(f"not a {CODE_LENGTH}-digit tracking code: {code!r}")
    return f"{s[:OFFICE_DIGITS]}-{s[OFFICE_DIGITS:-1]}-{s[-1]}"
