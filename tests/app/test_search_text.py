"""Search folding: every common spelling of a word folds to one key, and no two letters that
differ do (app/search_text.py)."""

from __future__ import annotations

import itertools
import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.persian import ZWNJ
from app.search_text import (
    DASHES,
    MAX_WORD,
    fold_dashes,
    joined_alternatives,
    query_words,
    search_key,
    search_words,
    term_forms,
    too_long,
)

# The Persian alphabet (ISIRI 9147's letters) and Arabic-script text around it.
PERSIAN = "آابپتثجچحخدذرزژسشصضطظعغفقکگلمنوهی"
LETTERS = PERSIAN + "أإٱؤئءةۀيكى\u064b\u064e\u0650\u0651\u0654\u0640" + ZWNJ + "\u200b\u2060\ufeff "

SAME = [
    ("مسئول", "مسؤول", "مسوول"),
    ("رئیس", "رییس"),
    ("رئیسی", "رییسی"),
    ("سؤال", "سوال"),
    ("تأخیر", "تاخیر"),
    ("آب", "اب"),
    ("إسلام", "اسلام"),
    ("أحمد", "احمد"),
    ("پائیز", "پاییز"),
    ("جزء", "جز"),
    ("مدرسة", "مدرسه"),
    ("خانهٔ", "خانه"),
    ("خانۀ", "خانه"),
    ("علي", "علی"),
    ("كريمي", "کریمی"),
    ("موسى", "موسی"),
    ("۱۲۳", "١٢٣", "123"),
    ("کتـــاب", "کتاب"),
    ("مُحَمَّد", "محمد"),
    ("علی\u200bرضا", "علیرضا"),  # a zero-width space makes two spellings look alike
    ("علی\u2060رضا", "علیرضا"),
    ("\ufeffعلی", "علی"),
]


@pytest.mark.parametrize("spellings", SAME)
def test_every_common_spelling_folds_to_one_key(spellings: tuple[str, ...]) -> None:
    keys = {search_key(spelling) for spelling in spellings}
    assert len(keys) == 1, keys


def test_different_letters_stay_different() -> None:
    """No two letters of the alphabet fold together («ک / گ», «ر / ز», «س / ش», …), except
    آ, which people type as ا."""
    keys = {letter: search_key(letter) for letter in PERSIAN if letter != "آ"}
    for first, second in itertools.combinations(keys, 2):
        assert keys[first] != keys[second], (first, second)
    for a, b in [("ک", "گ"), ("ر", "ز"), ("س", "ش"), ("ب", "پ"), ("ج", "چ"), ("ز", "ژ")]:
        assert search_key(f"{a}ار") != search_key(f"{b}ار")


@given(st.text(alphabet=LETTERS, max_size=40))
def test_folding_is_idempotent(text: str) -> None:
    once = search_key(text)
    assert search_key(once) == once


@given(st.lists(st.text(alphabet=LETTERS.replace(" ", ""), min_size=1, max_size=12), max_size=6))
def test_folding_fragments_equals_folding_the_whole(fragments: list[str]) -> None:
    """The demo builder folds fragments of a text one by one and joins them with spaces."""
    whole = search_key(" ".join(fragments))
    assert " ".join(filter(None, (search_key(f) for f in fragments))) == whole


def words_of(text: str) -> set[str]:
    """The words an index holds for ``text`` as FTS5's tokenizer splits them (ZWNJ splits)."""
    return set(search_words(search_key(text)).replace(ZWNJ, " ").split())


def reachable(query: str, text: str) -> bool:
    """Whether some reading of ``query`` finds ``text``: every word of the reading, run
    together or as its parts, is among the text's indexed words (prefixes left aside)."""
    indexed = words_of(text)
    for reading in joined_alternatives(query_words(query)):
        if all(
            (joined in indexed) or all(part in indexed for part in parts)
            for joined, parts in map(term_forms, reading)
        ):
            return True
    return False


ZWNJ_THREE_WAYS = [
    ("می\u200cخواهم", "میخواهم", "می خواهم"),
    ("نمی\u200cدانم", "نمیدانم", "نمی دانم"),
    ("کتاب\u200cها", "کتابها", "کتاب ها"),
    ("کتاب\u200cهای", "کتابهای", "کتاب های"),
    ("بزرگ\u200cتر", "بزرگتر", "بزرگ تر"),
]


@pytest.mark.parametrize("forms", ZWNJ_THREE_WAYS)
def test_each_way_of_writing_a_zwnj_finds_the_others(forms: tuple[str, ...]) -> None:
    for query, text in itertools.product(forms, repeat=2):
        assert reachable(query, f"شکایت {text} درباره"), (query, text)


def test_a_name_is_found_however_its_parts_are_written() -> None:
    """Names: «محمد‌رضا», «محمدرضا» and «محمد رضا» each find the others (a name's two
    neighbouring words are also held run together)."""
    from app.registration import name_words

    forms = ("محمد\u200cرضا کریمی\u200cنژاد", "محمدرضا کریمینژاد", "محمد رضا کریمی نژاد")
    for query, name in itertools.product(forms, repeat=2):
        held = set(name_words(name).replace(ZWNJ, " ").split())
        found = any(
            all(j in held or all(p in held for p in parts) for j, parts in map(term_forms, r))
            for r in joined_alternatives(query_words(query))
        )
        assert found, (query, name)


def test_a_real_two_word_query_stays_two_words() -> None:
    """«علی رضایی» is searched as two words (and, besides, as one word run together)."""
    words = query_words("علی رضایی")
    assert words == [search_key("علی"), search_key("رضایی")]
    assert joined_alternatives(words)[0] == words
    assert reachable("علی رضایی", "شکایت رضایی از علی")


def test_dashes_of_every_kind_are_hyphens() -> None:
    every_dash = {chr(c) for c in range(0x110000) if unicodedata.category(chr(c)) == "Pd"}
    assert every_dash <= set(DASHES)
    for dash in DASHES:
        assert unicodedata.category(dash) == "Pd" or dash in "\u2212\u00ad"
        assert fold_dashes(f"2417{dash}00000043{dash}8") == "2417-00000043-8"
    for dash in "\u2010\u2011\u2012\u2013\u2014\u2212\ufe63\uff0d":
        assert dash in DASHES


def test_a_word_longer_than_anyone_types_is_told_apart() -> None:
    assert not too_long(["ا" * MAX_WORD])
    assert too_long(["ا" * (MAX_WORD + 1)])
