"""Finding complaints by code, national code, mobile, name and words."""

from __future__ import annotations

import contextlib

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app import lookup
from app.errors import InvalidTrackingCode, NotFound
from app.permissions import Role, Session
from app.persian import to_persian_digits
from app.tracking import format_tracking_code, make_tracking_code
from tests.app.helpers import register

ARABIC_INDIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")


@pytest.fixture
def manager(session_for) -> Session:
    return session_for(Role.MANAGER)  # type: ignore[no-any-return]


def codes(rows: list[lookup.ComplaintRow]) -> list[str]:
    return [row.tracking_code for row in rows]


def test_tracking_code_in_any_digits_with_spaces_or_dashes(clerk: Session) -> None:
    code = register(clerk).tracking_code
    register(clerk)
    for typed in (
        code,
        to_persian_digits(code),
        code.translate(ARABIC_INDIC),
        format_tracking_code(code),
        " ".join(code),
    ):
        assert codes(lookup.page(clerk, lookup.parse_query(typed))) == [code]
    assert lookup.find_by_tracking_code(clerk, to_persian_digits(code)).tracking_code == code


def test_mistyped_code_is_not_valid_rather_than_not_found(clerk: Session) -> None:
    code = register(clerk).tracking_code
    wrong = code[:5] + str((int(code[5]) + 1) % 10) + code[6:]
    with pytest.raises(InvalidTrackingCode):
        lookup.parse_query(wrong)
    with pytest.raises(InvalidTrackingCode):
        lookup.find_by_tracking_code(clerk, wrong)
    absent = make_tracking_code(123, 99_999)
    with pytest.raises(NotFound):
        lookup.find_by_tracking_code(clerk, absent)


def test_national_code_and_mobile(clerk: Session) -> None:
    code = register(clerk).tracking_code
    register(clerk, national_code="0790419904", mobile="09351112233")
    assert codes(lookup.page(clerk, lookup.parse_query("۰۴۹۹۳۷۰۸۹۹"))) == [code]
    assert codes(lookup.page(clerk, lookup.parse_query("0912 123 4567"))) == [code]
    assert codes(lookup.page(clerk, lookup.parse_query("+989121234567"))) == [code]


def test_words_with_arabic_letters_and_newest_first(clerk: Session) -> None:
    old = register(clerk, subject="قطعی مکرر برق در روستا").tracking_code
    new = register(clerk, subject="قطعی آب و برق").tracking_code
    register(clerk, subject="موضوعی دیگر")
    # Typed with Arabic ي and ك, and partly with Arabic-Indic digits.
    query = lookup.parse_query("قطعي برق")
    assert codes(lookup.page(clerk, query)) == [new, old]
    assert lookup.count(clerk, query) == 2
    assert codes(lookup.page(clerk, lookup.parse_query("مکرر روستا"))) == [old]
    assert codes(lookup.page(clerk, lookup.parse_query("تاخیر"))) == []


def test_hamza_and_kaf_variants_match(clerk: Session) -> None:
    code = register(clerk, subject="تأخیر در پاسخ كارشناس").tracking_code
    assert codes(lookup.page(clerk, lookup.parse_query("تاخير کارشناس"))) == [code]


def test_name_search_and_paging(clerk: Session) -> None:
    made = [register(clerk, full_name=f"مریم کریمی {i}").tracking_code for i in range(7)]
    query = lookup.parse_query("کریمی")
    first = lookup.page(clerk, query, limit=3)
    second = lookup.page(clerk, query, before_id=first[-1].id, limit=3)
    third = lookup.page(clerk, query, before_id=second[-1].id, limit=3)
    assert codes(first + second + third) == list(reversed(made))
    assert lookup.count(clerk, query) == 7


def test_empty_query_lists_everything_newest_first(clerk: Session) -> None:
    made = [register(clerk).tracking_code for _ in range(3)]
    assert codes(lookup.page(clerk, lookup.parse_query(""))) == list(reversed(made))


def test_detail_has_every_field_and_history(clerk: Session, manager: Session) -> None:
    registered = register(clerk)
    detail = lookup.detail(manager, registered.complaint_id)
    assert detail.row.tracking_code == registered.tracking_code
    assert detail.national_code == "0499370899"
    assert detail.mobile == "09121234567"
    assert detail.address and detail.county == "بندرعباس"
    assert detail.registered_by == "کاربر clerk"
    assert [h.action for h in detail.history] == ["complaint_registered"]


@given(st.text(max_size=40))
def test_parse_query_never_crashes_on_junk(text: str) -> None:
    with contextlib.suppress(InvalidTrackingCode):
        lookup.parse_query(text)


def test_words_with_zwnj_match_as_phrases(clerk: Session) -> None:
    code = register(clerk, subject="شهریه‌ی مدرسه‌ی غیرانتفاعی").tracking_code
    register(clerk, subject="مدرسه و یک شهریه")
    assert codes(lookup.page(clerk, lookup.parse_query("مدرسه‌ی غیرانتفاعی"))) == [code]
    assert codes(lookup.page(clerk, lookup.parse_query("شهریه‌ی"))) == [code]


def test_a_lone_letter_is_ignored_beside_real_words(clerk: Session) -> None:
    code = register(clerk, subject="قطع گاز").tracking_code
    register(clerk, subject="قطع آب")
    assert codes(lookup.page(clerk, lookup.parse_query("قطع و گاز"))) == [code]
