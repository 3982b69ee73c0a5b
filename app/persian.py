"""Persian text helpers: digit scripts, cleaning, search normalisation, identifiers.

See architecture: Persian text. Text is stored as typed (after cleaning) and searched in the
``normalize`` form; identifiers are stored in ASCII digits but accepted in any
digit script. Nothing here imports Qt.
"""

from __future__ import annotations

import re
import unicodedata

__all__ = [
    "clean_line",
    "clean_text",
    "grouped_number",
    "has_persian_letters",
    "is_other",
    "is_valid_national_code",
    "isolated",
    "ltr",
    "name_order",
    "normalize",
    "normalize_mobile",
    "normalize_national_code",
    "page_of",
    "persian_letters",
    "size_text",
    "strip_bidi_controls",
    "to_ascii_digits",
    "to_persian_digits",
]

ASCII_DIGITS = "0123456789"
PERSIAN_DIGITS = "۰۱۲۳۴۵۶۷۸۹"  # U+06F0..U+06F9
ARABIC_INDIC_DIGITS = "٠١٢٣٤٥٦٧٨٩"  # U+0660..U+0669

ZWNJ = "\u200c"

_TO_ASCII = str.maketrans(PERSIAN_DIGITS + ARABIC_INDIC_DIGITS, ASCII_DIGITS * 2)
_TO_PERSIAN = str.maketrans(ASCII_DIGITS, PERSIAN_DIGITS)

# Embeddings/overrides (202A-202E), isolates (2066-2069), LRM/RLM and the Arabic
# letter mark: these can visually reorder a printed letter, so they never survive.
_BIDI_CONTROLS = frozenset(
    [chr(c) for c in range(0x202A, 0x202F)]
    + [chr(c) for c in range(0x2066, 0x206A)]
    + ["\u200e", "\u200f", "\u061c"]
)
_BIDI_TABLE: dict[int, None] = {ord(c): None for c in _BIDI_CONTROLS}

# Arabic letter forms that Persian keyboards/sources mix in; ئ is a distinct
# letter and is deliberately kept, and ة is not folded to ه.
_LETTER_TABLE: dict[int, str | None] = {
    ord("\u064a"): "\u06cc",  # ي ARABIC YEH -> ی
    ord("\u0649"): "\u06cc",  # ى ALEF MAKSURA -> ی
    ord("\u0643"): "\u06a9",  # ك ARABIC KAF -> ک
    # Hamza carriers are often left out when typing (تاخیر for تأخیر): search folds them.
    ord("\u0623"): "\u0627",  # أ -> ا
    ord("\u0625"): "\u0627",  # إ -> ا
    ord("\u0671"): "\u0627",  # ٱ -> ا
    ord("\u0624"): "\u0648",  # ؤ -> و
    ord("\u06c0"): "\u0647",  # ۀ -> ه
    ord("\u0640"): None,  # tatweel (kashida) is purely visual
    ord("\u0670"): None,  # superscript alef
}
_LETTER_TABLE.update({c: None for c in range(0x064B, 0x0660)})  # harakat
_LETTER_TABLE.update({ord(k): v for k, v in zip(PERSIAN_DIGITS, ASCII_DIGITS, strict=True)})
_LETTER_TABLE.update({ord(k): v for k, v in zip(ARABIC_INDIC_DIGITS, ASCII_DIGITS, strict=True)})

_WS_RUN = re.compile(r"\s+")
_SPACE_RUN = re.compile(r"[^\S\n]+")  # whitespace except newline
_ZWNJ_RUN = re.compile(ZWNJ + "+")
_ZWNJ_AT_SPACE = re.compile(ZWNJ + "* " + ZWNJ + "*")
# Characters ignored when reading identifiers: whitespace, hyphen/dash variants and
# the minus sign, which all turn up when a number is pasted from another program.
_ID_SEPARATORS = re.compile(r"[\s\-\u2010-\u2015\u2212\u00ad]+")


def to_ascii_digits(s: str) -> str:
    """Persian and Arabic-Indic digits to ASCII; everything else unchanged."""
    return s.translate(_TO_ASCII)


def to_persian_digits(s: str | int) -> str:
    """ASCII digits to Persian digits, for display."""
    return str(s).translate(_TO_PERSIAN)


# Bidi controls for showing text: a path, code or pattern inside Persian text is put in an
# isolate, so the bidi algorithm lays it out as one left-to-right unit (without it, Persian
# around /tmp/a shows it as tmp/a/, and 0123-00000001-4 as 4-00000001-0123). The right-to-left
# mark before the isolate keeps a line that starts with one right to left: Qt's text documents
# (rich text, selectable labels, message boxes) take a line's direction from its first letter
# and do not skip isolates. Only for showing: cleaned text never keeps them.
RLM = "\u200f"
LRI = "\u2066"  # left-to-right isolate
FSI = "\u2068"  # first-strong isolate: the direction of its own first letter
PDI = "\u2069"  # the end of an isolate


def ltr(text: object) -> str:
    """``text`` (a path, a tracking code, a letter number, a pattern) kept whole and left to
    right inside Persian text."""
    return f"{RLM}{LRI}{text}{PDI}"


def isolated(text: object) -> str:
    """``text`` whose direction is its own (a file name, Persian or Latin) kept whole inside
    Persian text: ``نامه.pdf`` reads right to left, ``scan-001.jpg`` left to right."""
    return f"{RLM}{FSI}{text}{PDI}"


def size_text(size: int) -> str:
    """A file size in Persian, in the unit that reads best: ``۱۴۶٫۵ کیلوبایت``."""
    units = (("بایت", 1), ("کیلوبایت", 1024), ("مگابایت", 1024**2), ("گیگابایت", 1024**3))
    name, scale = next((u for u in reversed(units) if size >= u[1]), units[0])
    amount = f"{size / scale:,.1f}".rstrip("0").rstrip(".") if scale > 1 else f"{size:,}"
    return f"{to_persian_digits(amount.replace(',', '٬').replace('.', '٫'))} {name}"


def grouped_number(value: int) -> str:
    """A count as Persian readers write it: ``1234567`` → ``۱٬۲۳۴٬۵۶۷``."""
    return to_persian_digits(f"{value:,}".replace(",", "\u066c"))


def page_of(number: int, total: int) -> str:
    """The one form of a page count, on screen and on paper: ``صفحه‌ی ۱ از ۱``."""
    return f"صفحه‌ی {grouped_number(number)} از {grouped_number(total)}"


# The Persian alphabet in its own order: Unicode's puts پ چ ژ ک گ ی after the Arabic letters,
# so a plain sort would list «گمرک» after «ورزش». Hamza seats fold to their letter first
# (``normalize``); ئ reads as ی.
_ALPHABET = "آابپتثجچحخدذرزژسشصضطظعغفقکگلمنوهی"
_LETTER_ORDER = {letter: index for index, letter in enumerate(_ALPHABET)}
_LETTER_ORDER.update({"ء": _LETTER_ORDER["ا"], "ئ": _LETTER_ORDER["ی"], "ة": _LETTER_ORDER["ه"]})

# "Other" among units or categories: the catch-all is read after every named choice.
_OTHER_WORDS = frozenset({"سایر", "سایر موارد", "موارد دیگر", "دیگر", "متفرقه", "غیره"})


def is_other(name: str) -> bool:
    """True for a catch-all name: «سایر», «سایر موارد», «سایر دستگاه‌ها», «متفرقه», …"""
    folded = normalize(name)
    return folded in _OTHER_WORDS or folded.startswith("سایر ")


def _letter_key(char: str) -> tuple[int, int]:
    if char in (" ", ZWNJ):
        return (0, 0)  # a word ends before any letter: «اداره کل» before «اداره‌ها»
    if char.isdigit():
        return (1, ord(char))
    order = _LETTER_ORDER.get(char)
    return (2, order) if order is not None else (3, ord(char))


def name_order(name: str) -> tuple[bool, tuple[tuple[int, int], ...]]:
    """The sort key of a unit's or a category's name: in the Persian alphabet's order, and
    «سایر» (and the like) last."""
    return is_other(name), tuple(_letter_key(char) for char in normalize(name))


# The Arabic script's blocks: what a Persian keyboard layout types (letters and digits).
_ARABIC_SCRIPT = re.compile("[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufeff]")


def has_persian_letters(s: str) -> bool:
    """True when ``s`` holds Persian (Arabic-script) letters or digits: typed on a Persian
    keyboard layout, as a Latin username should not be."""
    return _ARABIC_SCRIPT.search(s) is not None


def strip_bidi_controls(s: str) -> str:
    """Remove bidi embedding/override/isolate/mark characters; ZWNJ is kept."""
    return s.translate(_BIDI_TABLE)


def _drop_controls(s: str, keep: str = "") -> str:
    # Cc characters that are whitespace (tab, newline...) are left for the
    # whitespace folding so that "a\tb" becomes "a b", not "ab". Lone surrogates (a command
    # line argument or a file that was not UTF-8) cannot be stored or encoded: dropped too.
    return "".join(
        c for c in s if c in keep or c.isspace() or unicodedata.category(c) not in ("Cc", "Cs")
    )


# The letters an Arabic keyboard layout types for Persian ی and ک (ISIRI 6219 names the
# Persian ones; Unicode's Arabic block notes U+06CC/U+06A9 as the Persian letters).
_PERSIAN_LETTERS = str.maketrans({"\u064a": "\u06cc", "\u0649": "\u06cc", "\u0643": "\u06a9"})


def persian_letters(s: str) -> str:
    """``s`` with the Arabic keyboard's ي ى ك written as the Persian ی and ک they stand for:
    the same letters to a Persian reader, but drawn with Arabic dots and shapes. Records keep
    what was typed (it is searched folded); what Dadras prints goes through this."""
    return s.translate(_PERSIAN_LETTERS)


def clean_line(s: str) -> str:
    """Clean a one-line field (name, subject) before storing it."""
    s = _drop_controls(strip_bidi_controls(s))
    return _WS_RUN.sub(" ", s).strip()


def clean_text(s: str) -> str:
    """Clean a multi-line field: like ``clean_line`` but newlines survive."""
    s = s.replace("\r\n", "\n").replace("\r", "\n")
    # Unicode line/paragraph separators would otherwise be folded into spaces.
    s = s.replace("\u2028", "\n").replace("\u2029", "\n")
    s = _drop_controls(strip_bidi_controls(s), keep="\n")
    lines = [_SPACE_RUN.sub(" ", line).rstrip() for line in s.split("\n")]
    return "\n".join(lines).strip("\n")


def normalize(s: str) -> str:
    """The search/compare form of a text (architecture: Persian text). Idempotent."""
    s = s.casefold()
    s = s.translate(_LETTER_TABLE)
    # Remove bidi marks and other invisible format characters (BOM, ZWSP, ZWJ...)
    # but keep ZWNJ, which is part of Persian spelling.
    s = "".join(
        c
        for c in s
        if c == ZWNJ or c.isspace() or unicodedata.category(c) not in ("Cc", "Cf", "Cs")
    )
    s = _WS_RUN.sub(" ", s)
    s = _ZWNJ_RUN.sub(ZWNJ, s)
    # A ZWNJ beside a space (or at either end) joins nothing.
    s = _ZWNJ_AT_SPACE.sub(" ", s)
    s = _WS_RUN.sub(" ", s)
    return s.strip(" " + ZWNJ)


def normalize_national_code(value: object) -> str | None:
    """Return the 10-digit ASCII national code, or None if ``value`` is not valid.

    Rule (architecture: Persian text): 8-9 digits are left-padded; not all the same digit;
    r = sum(d[i] * (10 - i) for i in 0..8) % 11; d[9] == r if r < 2 else 11 - r.
    """
    if not isinstance(value, str):
        return None
    s = to_ascii_digits(strip_bidi_controls(_ID_SEPARATORS.sub("", value)))
    # str.isdigit accepts superscripts and other scripts; only ASCII counts here.
    if not s or len(s) > 10 or any(c not in ASCII_DIGITS for c in s):
        return None
    if len(s) < 8:
        return None
    s = s.zfill(10)
    if s == s[0] * 10:
        return None
    digits = [ord(c) - 48 for c in s]
    r = sum(d * (10 - i) for i, d in enumerate(digits[:9])) % 11
    expected = r if r < 2 else 11 - r
    return s if digits[9] == expected else None


def is_valid_national_code(value: object) -> bool:
    """True for a valid Iranian national code in any digit script; never raises."""
    try:
        return normalize_national_code(value) is not None
    except Exception:  # defensive: a validator must not crash a form
        return False


def normalize_mobile(value: object) -> str | None:
    """Return an Iranian mobile number as ``09xxxxxxxxx``, or None; never raises.

    Accepts 09…, 9…, +989…, 00989…, 989… with spaces/dashes/brackets in any
    digit script; the number must be a MOBILE number according to phonenumbers.
    """
    if not isinstance(value, str):
        return None
    try:
        s = to_ascii_digits(strip_bidi_controls(value))
        s = re.sub(r"[\s\-\u2010-\u2015\u2212().]+", "", s)
        if s.startswith("+"):
            s = s[1:]
            if not s.startswith("98"):
                return None
        if any(c not in ASCII_DIGITS for c in s):
            return None
        # Reduce every accepted form to the 10-digit national significant number;
        # lengths are distinct so there is no ambiguity between the forms.
        if len(s) == 14 and s.startswith("0098"):
            nsn = s[4:]
        elif len(s) == 12 and s.startswith("98"):
            nsn = s[2:]
        elif len(s) == 11 and s.startswith("0"):
            nsn = s[1:]
        elif len(s) == 10:
            nsn = s
        else:
            return None
        if not nsn.startswith("9"):
            return None
        import phonenumbers  # imported on first use: its metadata is slow to load at start-up

        number = phonenumbers.parse("+98" + nsn, None)
        if not phonenumbers.is_valid_number(number):
            return None
        if phonenumbers.number_type(number) != phonenumbers.PhoneNumberType.MOBILE:
            return None
        return "0" + nsn
    except Exception:  # phonenumbers raises NumberParseException on junk
        return None
