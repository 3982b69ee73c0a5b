"""Persian as people type it, for the search indexes (architecture: Persian text).

A complaint is found whichever common spelling it was typed with and whichever the searcher
uses. Two steps:

``search_key(text)`` folds letters that readers take for one another (character by character,
so folding fragments and joining them with spaces equals folding the whole):

- ``normalize``: Arabic ي ى ك are the Persian ی and ک (the Persian keyboard, ISIRI 9147, has
  only U+06CC and U+06A9), Arabic-Indic and Persian digits are ASCII, harakat, tatweel and
  invisible format characters (ZWSP, BOM, word joiner) go, ZWNJ runs become one;
- hamza where people drop it: أ إ ٱ آ are ا; ؤ is و; ئ is ی, or و before و («مسئول» is
  «مسوول»); a lone ء goes; and a doubled ی or و is one, so «رئیس» = «رییس», «مسئول» =
  «مسؤول» = «مسوول», «سؤال» = «سوال» (hazm's normaliser folds these seats the same way);
- ة is ه (ۀ and هٔ already are).

``search_words(key)`` adds, after the words themselves, the joined form of each word written
with a ZWNJ («میخواهم» for «می‌خواهم») and of each prefix or suffix typed apart («می خواهم»,
«کتاب ها»; the affixes of hazm's affix-spacing rules: می, نمی, ها, های, تر, ترین, and the
verb endings after ه). The index holds both, so each of the three ways of writing a ZWNJ
finds the others; a query word written with ZWNJ or with its affix apart is searched in its
joined form, and two words typed apart may also be one word run together («محمد رضا» finds
«محمدرضا»), without giving up the two words.

Different letters never fold together: «ک / گ», «ر / ز», «س / ش», «ب / پ», … stay apart (a
property test walks the alphabet).
"""

from __future__ import annotations

import itertools
import re

from app.persian import ZWNJ, normalize

__all__ = [
    "DASHES",
    "MAX_WORD",
    "filter_key",
    "fold_dashes",
    "joined_alternatives",
    "query_words",
    "search_key",
    "search_words",
    "term_forms",
    "too_long",
]

# Hamza on its seat, and the letters people type instead (search only: records keep what was
# typed). ``normalize`` makes أ إ ٱ into ا and ؤ into و.
_HAMZA = str.maketrans({"آ": "ا", "ء": None, "ة": "ه"})
_YEH_HAMZA_BEFORE_WAW = re.compile("ئ(?=و)")
_DOUBLED_SEAT = re.compile("([یو])\\1+")
_ZWNJ_RUN = re.compile(ZWNJ + "+")

# A word longer than this is not a word a person looks for (a pasted hash, a run of letters):
# it is refused with a message, not handed to an index that rejects it (PostgreSQL's limit is
# 2,047 bytes a word).
MAX_WORD = 60

# Every dash Unicode knows (category Pd: hyphen, en and em dashes, the small and full-width
# hyphen-minus, …), the minus sign and the soft hyphen: a tracking code pasted with any of them
# is a code. Written out rather than found in unicodedata at import (65,536 lookups at every
# start); a test checks the list against the Unicode data.
DASHES = (
    "\u002d\u058a\u05be\u1400\u1806\u2010\u2011\u2012\u2013\u2014\u2015\u2e17\u2e1a"
    "\u2e3a\u2e3b\u2e40\u2e5d\u301c\u3030\u30a0\ufe31\ufe32\ufe58\ufe63\uff0d\U00010ead"
    "\u2212\u00ad"
)
_DASH_TABLE = str.maketrans({dash: "-" for dash in DASHES})

_PREFIXES = ("نمی", "می")
# Typed apart after a word: plural, comparative and superlative, and the forms hazm joins.
_SUFFIXES = ("هایی", "های", "ها", "ترین", "تر")
_VERB_ENDINGS_AFTER_HEH = ("ام", "ایم", "اش", "اند", "ای", "اید", "ات")


def fold_dashes(text: str) -> str:
    """Every kind of dash as an ASCII hyphen-minus."""
    return text.translate(_DASH_TABLE)


def search_key(text: str) -> str:
    """``text`` as the indexes hold and compare it. Idempotent."""
    folded = normalize(text.translate(_HAMZA))  # then spaces and ZWNJ left by a lone ء fold
    folded = _YEH_HAMZA_BEFORE_WAW.sub("و", folded)
    folded = folded.replace("ئ", "ی")
    return _DOUBLED_SEAT.sub(r"\1", folded)


def filter_key(text: str) -> str:
    """``text`` for a filter that matches part of a short name (a unit in a list): folded, with
    no ZWNJ or spaces, so «آموزش‌وپرورش», «آموزش و پرورش» and «اموزش وپرورش» all match."""
    return search_key(text).replace(ZWNJ, "").replace(" ", "")


def _is_affix_pair(first: str, second: str) -> bool:
    if first in _PREFIXES:
        return True
    if len(first) >= 2 and second in _SUFFIXES:
        return True
    return first.endswith("ه") and second in _VERB_ENDINGS_AFTER_HEH


def _joined(words: list[str]) -> list[str]:
    """The joined forms of the words written with ZWNJ and of the affixes typed apart."""
    extra: list[str] = []
    for index, word in enumerate(words):
        if ZWNJ in word:
            extra.append(word.replace(ZWNJ, ""))
        following = words[index + 1] if index + 1 < len(words) else ""
        if following and _is_affix_pair(word, following):
            extra.append((word + following).replace(ZWNJ, ""))
    return extra


def search_words(key: str, *, every_pair: bool = False) -> str:
    """The text an index holds for ``key`` (a ``search_key``): its words, then the joined
    forms of its ZWNJ words and detached affixes. ``every_pair``: also every two neighbouring
    words run together (names, which are short: «محمد رضا» is also «محمدرضا»)."""
    words = key.split()
    extra = _joined(words)
    if every_pair:
        extra += [(a + b).replace(ZWNJ, "") for a, b in itertools.pairwise(words)]
    unique = [word for word in dict.fromkeys(extra) if word not in words]
    return " ".join([*words, *unique]) if unique else key


_WORD = re.compile(r"[\w\u200c]+")


def query_words(text: str) -> list[str]:
    """The words of a typed query, folded. A word's parts stay joined by ZWNJ: a word written
    with ZWNJ, and an affix typed apart from its word («می خواهم»), is searched both as the
    word run together and as its parts side by side (``term_forms``)."""
    words = [word.strip(ZWNJ) for word in _WORD.findall(search_key(text))]
    words = [_ZWNJ_RUN.sub(ZWNJ, word) for word in words if word]
    merged: list[str] = []
    index = 0
    while index < len(words):
        word = words[index]
        following = words[index + 1] if index + 1 < len(words) else ""
        if following and _is_affix_pair(word, following):
            merged.append(word + ZWNJ + following)
            index += 2
            continue
        merged.append(word)
        index += 1
    return merged


def term_forms(word: str) -> tuple[str, list[str]]:
    """A query word as the index may hold it: run together, and as its parts (one part for a
    plain word)."""
    parts = [part for part in word.split(ZWNJ) if part]
    return "".join(parts), parts


def joined_alternatives(words: list[str], limit: int = 6) -> list[list[str]]:
    """The ways of reading ``words`` with neighbours run together («محمد رضا» as «محمدرضا»):
    each reading a list of words, the words as typed first; a word run together from two
    keeps a ZWNJ between them, so it is also searched as the two side by side. Up to
    ``limit`` words are read every way (the readings grow as Fibonacci's numbers); a longer
    query is read as typed."""
    if len(words) > limit:
        return [words]
    readings: list[list[str]] = []

    def walk(start: int, taken: list[str]) -> None:
        if start == len(words):
            readings.append(taken)
            return
        walk(start + 1, [*taken, words[start]])
        if start + 1 < len(words):
            walk(start + 2, [*taken, words[start] + ZWNJ + words[start + 1]])

    walk(0, [])
    return readings


def too_long(words: list[str]) -> bool:
    """Whether a query word is longer than anyone types (``MAX_WORD`` letters)."""
    return any(len(word.replace(ZWNJ, "")) > MAX_WORD for word in words)
