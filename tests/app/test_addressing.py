"""How letters address complainants and the heads of units."""

from __future__ import annotations

import pytest

from app.addressing import complainant_addressee, head_title_for, unit_head_line


@pytest.mark.parametrize(
    ("honorific", "expected"),
    [
        ("mr", "جناب آقای رضا کاظمی"),
        ("ms", "سرکار خانم رضا کاظمی"),
        (None, "رضا کاظمی، شاکی محترم"),
        ("a value from a newer version", "رضا کاظمی، شاکی محترم"),
    ],
)
def test_the_complainant_is_addressed_with_an_honorific(
    honorific: str | None, expected: str
) -> None:
    assert complainant_addressee("  رضا   کاظمی ", honorific) == expected


@pytest.mark.parametrize(
    ("unit", "title"),
    [
        ("اداره کل امور مالیاتی", "مدیرکل"),
        ("اداره آب و فاضلاب", "رئیس"),
        ("شهرداری مرکز استان", "شهردار"),
        ("فرمانداری میناب", "فرماندار"),
        ("شرکت توزیع نیروی برق", "مدیرعامل"),
        ("دانشگاه علوم پزشکی", "ریاست"),
    ],
)
def test_a_units_head_is_named_by_how_the_unit_is_called(unit: str, title: str) -> None:
    assert head_title_for(unit) == title


def test_no_letter_goes_to_a_bare_office_name() -> None:
    assert unit_head_line("اداره کل امور مالیاتی", None, None) == "مدیرکل محترم"
    assert unit_head_line("دانشگاه علوم پزشکی", "", "رئیس دانشگاه") == "رئیس محترم دانشگاه"


def test_a_named_head_comes_before_their_respected_title() -> None:
    assert unit_head_line("استانداری", "مهدی دوستی", "استاندار هرمزگان") == (
        "مهدی دوستی، استاندار محترم هرمزگان"
    )
    assert unit_head_line("اداره کل بهزیستی", "دکتر فرزانه باقری", None) == (
        "دکتر فرزانه باقری، مدیرکل محترم"
    )
    assert unit_head_line("سازمان", "علی", "مدیرکل محترم") == "علی، مدیرکل محترم"
