"""How letters address people: the complainant with the honorific the office chose, and a
unit's head with «محترم» after their title, as Iranian official letters do."""

from __future__ import annotations

from app.persian import clean_line
from app.vocabulary import HONORIFIC_LABELS, NO_HONORIFIC_LABEL, Honorific

__all__ = ["complainant_addressee", "head_title_for", "unit_head_line"]

RESPECT = "محترم"

# The head of a unit by how its name begins, for a unit whose head's title was not entered.
# Longer prefixes first: «اداره کل» before «اداره».
_HEAD_BY_PREFIX: tuple[tuple[str, str], ...] = (
    ("اداره کل", "مدیرکل"),
    ("اداره‌ی کل", "مدیرکل"),
    ("استانداری", "استاندار"),
    ("فرمانداری", "فرماندار"),
    ("بخشداری", "بخشدار"),
    ("شهرداری", "شهردار"),
    ("دهیاری", "دهیار"),
    ("شرکت", "مدیرعامل"),
    ("اداره", "رئیس"),
)
_GENERIC_HEAD = "ریاست"


def complainant_addressee(full_name: str, honorific: str | None) -> str:
    """«جناب آقای رضا کاظمی», «سرکار خانم …», or «رضا کاظمی، شاکی محترم» when none was
    chosen (the name first, as a unit's head is addressed: «عباس امیری، شهردار محترم»)."""
    name = clean_line(full_name)
    try:
        label = HONORIFIC_LABELS[Honorific(honorific)] if honorific else None
    except ValueError:  # a value this version does not know (a newer office's record)
        label = None
    return f"{label} {name}" if label else f"{name}، {NO_HONORIFIC_LABEL}"


def head_title_for(unit_name: str) -> str:
    """The usual title of the head of a unit so named («مدیرکل» for «اداره کل …»)."""
    name = clean_line(unit_name)
    for prefix, title in _HEAD_BY_PREFIX:
        if name.startswith(prefix):
            return title
    return _GENERIC_HEAD


def _respectful(title: str) -> str:
    """«محترم» after a title's first word: «رئیس محترم دانشگاه», «مدیرکل محترم»."""
    words = title.split(" ")
    if RESPECT in words:
        return title
    return " ".join([words[0], RESPECT, *words[1:]])


def unit_head_line(unit_name: str, head_name: str | None, head_title: str | None) -> str:
    """The line under «به: <unit>»: «ابراهیم صالحی، مدیرکل محترم», or «مدیرکل محترم» when
    no head was entered, so no letter goes to a bare office name."""
    name, title = clean_line(head_name or ""), clean_line(head_title or "")
    respectful = _respectful(title or head_title_for(unit_name))
    return f"{name}، {respectful}" if name else respectful
