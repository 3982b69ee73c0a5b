"""Resolved bidi embedding levels of one right-to-left line (UAX #9).

python-bidi reorders a line but does not expose the levels behind the order, and a
printed letter needs them: a bracket is drawn mirrored exactly when its level is odd
(rule L4). The line a letter draws is narrow enough to resolve here from the Unicode
data in ``unicodedata``:

- the paragraph is right to left (level 1);
- there are no embeddings or overrides: ``rtl._clean`` removes every bidi control
  from what was typed, and the only controls left are the left-to-right isolates
  (LRI ... PDI, not nested) that keep a number or a code in its order.

Within that, rules W1-W7, N0-N2 and I1-I2 are applied as UAX #9 states them, to the
line outside the isolates and to each isolate on its own. Boundary-neutral characters
(ZWNJ, ZWJ) are set aside as rule X9 says and take the level of the character before
them, as python-bidi does. The tests hold the result to python-bidi's own order.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence

from bidi.mirror import MIRRORED

PARAGRAPH_LEVEL = 1
LRI = "\u2066"
PDI = "\u2069"

_STRONG_AS = {"L": "L", "R": "R", "AL": "R", "EN": "R", "AN": "R"}  # N0-N2: numbers act as R
_NEUTRAL = frozenset({"B", "S", "WS", "ON", "LRI", "RLI", "FSI", "PDI"})
_SEPARATORS = frozenset({"ES", "ET", "CS"})
_SET_ASIDE = frozenset({"BN"})  # rule X9 (explicit controls never reach here)
_MAX_BRACKET_DEPTH = 63  # BD16


def _bidi_class(ch: str) -> str:
    # An unassigned code point is left to right unless it lies in a right-to-left block.
    return unicodedata.bidirectional(ch) or ("AL" if "\u0600" <= ch <= "\u08ff" else "L")


def resolve_levels(text: str) -> list[int]:
    """The level of each character of ``text``, one line of a right-to-left paragraph."""
    classes = [_bidi_class(ch) for ch in text]
    levels = [PARAGRAPH_LEVEL] * len(text)
    outer: list[int] = []
    inner: list[int] | None = None
    for i, cls in enumerate(classes):
        if cls in _SET_ASIDE:
            continue
        if inner is not None:
            if text[i] == PDI:
                _resolve_sequence(text, classes, levels, inner, PARAGRAPH_LEVEL + 1)
                inner = None
                outer.append(i)
            else:
                inner.append(i)
            continue
        outer.append(i)
        if text[i] == LRI:
            inner = []
    if inner is not None:  # an isolate left open runs to the end of the line
        _resolve_sequence(text, classes, levels, inner, PARAGRAPH_LEVEL + 1)
    _resolve_sequence(text, classes, levels, outer, PARAGRAPH_LEVEL)
    _level_set_aside(classes, levels)
    _reset_trailing_whitespace(classes, levels)
    return levels


def _resolve_sequence(
    text: str, classes: list[str], levels: list[int], seq: list[int], level: int
) -> None:
    """W1-W7, N0-N2 and I1-I2 over one isolating run sequence at ``level``."""
    if not seq:
        return
    direction = "R" if level % 2 else "L"
    types = [classes[i] for i in seq]
    _weak_types(types, direction)
    _bracket_pairs(text, classes, seq, types, direction)
    _neutral_types(types, direction)
    for i, cls in zip(seq, types, strict=True):
        levels[i] = _implicit_level(cls, level)


def _weak_types(types: list[str], sos: str) -> None:
    # W1: a non-spacing mark takes the type of what precedes it (ON after an isolate).
    previous = sos
    for k, cls in enumerate(types):
        if cls == "NSM":
            types[k] = "ON" if previous in ("LRI", "RLI", "FSI", "PDI") else previous
        previous = types[k]
    # W2 and W3: a European number after Arabic letters is an Arabic number; AL is R.
    strong = sos
    for k, cls in enumerate(types):
        if cls in ("L", "R", "AL"):
            strong = cls
        elif cls == "EN" and strong == "AL":
            types[k] = "AN"
    for k, cls in enumerate(types):
        if cls == "AL":
            types[k] = "R"
    # W4: one separator between two numbers of the same kind joins them.
    for k in range(1, len(types) - 1):
        before, cls, after = types[k - 1], types[k], types[k + 1]
        if cls == "ES" and before == after == "EN":
            types[k] = "EN"
        elif cls == "CS" and before == after and before in ("EN", "AN"):
            types[k] = before
    # W5: terminators next to a European number belong to it.
    k = 0
    while k < len(types):
        if types[k] != "ET":
            k += 1
            continue
        end = k
        while end < len(types) and types[end] == "ET":
            end += 1
        if (k > 0 and types[k - 1] == "EN") or (end < len(types) and types[end] == "EN"):
            types[k:end] = ["EN"] * (end - k)
        k = end
    # W6: the separators and terminators left are neutral.
    for k, cls in enumerate(types):
        if cls in _SEPARATORS:
            types[k] = "ON"
    # W7: a European number in left-to-right context is left to right.
    strong = sos
    for k, cls in enumerate(types):
        if cls in ("L", "R"):
            strong = cls
        elif cls == "EN" and strong == "L":
            types[k] = "L"


def _bracket_pairs(
    text: str, classes: list[str], seq: list[int], types: list[str], direction: str
) -> None:
    """N0: a pair of brackets takes the direction of what they enclose or surround."""
    for opening, closing in _paired_brackets(text, seq, types):
        inside = {_STRONG_AS.get(t) for t in types[opening + 1 : closing]}
        if direction in inside:
            resolved = direction
        elif (opposite := "L" if direction == "R" else "R") in inside:
            before = _last_strong(types, opening, sos=direction)
            resolved = opposite if before == opposite else direction
        else:
            continue
        for k in (opening, closing):
            types[k] = resolved
            # Marks on a bracket follow the bracket's new type (the W1 note of N0).
            m = k + 1
            while m < len(types) and classes[seq[m]] == "NSM":
                types[m] = resolved
                m += 1


def _paired_brackets(text: str, seq: Sequence[int], types: list[str]) -> list[tuple[int, int]]:
    """BD16: the bracket pairs of a sequence, as positions in it, sorted by opening."""
    stack: list[tuple[str, int]] = []
    pairs: list[tuple[int, int]] = []
    for k, i in enumerate(seq):
        if types[k] != "ON":
            continue
        ch = text[i]
        category = unicodedata.category(ch)
        if category == "Ps" and ch in MIRRORED:
            if len(stack) == _MAX_BRACKET_DEPTH:
                break
            stack.append((MIRRORED[ch], k))
        elif category == "Pe":
            for depth in range(len(stack) - 1, -1, -1):
                if stack[depth][0] == ch:
                    pairs.append((stack[depth][1], k))
                    del stack[depth:]
                    break
    return sorted(pairs)


def _last_strong(types: list[str], end: int, sos: str) -> str:
    for k in range(end - 1, -1, -1):
        strong = _STRONG_AS.get(types[k])
        if strong:
            return strong
    return sos


def _neutral_types(types: list[str], direction: str) -> None:
    """N1 and N2: neutrals between two of one direction take it, others the embedding's."""
    k = 0
    while k < len(types):
        if types[k] not in _NEUTRAL:
            k += 1
            continue
        end = k
        while end < len(types) and types[end] in _NEUTRAL:
            end += 1
        before = _STRONG_AS.get(types[k - 1], direction) if k > 0 else direction
        after = _STRONG_AS.get(types[end], direction) if end < len(types) else direction
        resolved = before if before == after else direction
        types[k:end] = [resolved] * (end - k)
        k = end


def _implicit_level(cls: str, level: int) -> int:
    # I1 and I2.
    if level % 2 == 0:
        return level + (1 if cls == "R" else 2 if cls in ("EN", "AN") else 0)
    return level + (1 if cls in ("L", "EN", "AN") else 0)


def _level_set_aside(classes: list[str], levels: list[int]) -> None:
    previous = PARAGRAPH_LEVEL
    for i, cls in enumerate(classes):
        if cls in _SET_ASIDE:
            levels[i] = previous
        previous = levels[i]


_TRAILING = frozenset({"WS", "LRI", "RLI", "FSI", "PDI"})


def _reset_trailing_whitespace(classes: list[str], levels: list[int]) -> None:
    # L1: whitespace and isolate controls at the end of the line take the paragraph level.
    i = len(classes) - 1
    while i >= 0 and classes[i] in _TRAILING:
        levels[i] = PARAGRAPH_LEVEL
        i -= 1
