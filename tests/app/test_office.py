"""The office's set-up fields, judged the same way by the wizard's pages and by the set-up."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from app import office
from app.errors import ValidationError
from tests.conftest import OFFICE_SETUP


def test_office_problems_names_every_field_at_once() -> None:
    assert office.office_problems(" ", "12345", "", "") == {
        "office_name": "نام دفتر را وارد کنید.",
        "office_code": "کد دفتر باید عددی بین ۱ و ۹۹۹۹ باشد.",
        "province": "استان را انتخاب کنید.",
        "county": "شهرستان را وارد کنید.",
    }
    assert office.office_problems("دفتر بازرسی", "۱۲۳", "هرمزگان", "بندرعباس") == {}


def test_set_up_refuses_what_office_problems_finds(db_path: Path) -> None:
    request = dataclasses.replace(OFFICE_SETUP, office_code="0", county=" ")
    with pytest.raises(ValidationError) as refused:
        office.set_up(request)
    assert refused.value.fields == office.office_problems(
        request.office_name, request.office_code, request.province, request.county
    )
    assert not office.is_set_up()


def test_the_set_up_keeps_who_signs_the_letters(db_path) -> None:
    from app import letterhead

    request = office.SetupRequest(
        office_name="دفتر آزمون",
        office_code="45",
        province="هرمزگان",
        county="بندرعباس",
        admin_username="boss",
        admin_full_name="مدیر",
        admin_password="secret-pass-1",
        signer_name="علی جهانگیری",
        signer_title="مدیرکل بازرسی",
        letter_footer="بندرعباس — تلفن ۰۷۶",
    )
    office.set_up(request)
    head = letterhead.load_letterhead()
    assert (head.signer_name, head.signer_title, head.footer) == (
        "علی جهانگیری",
        "مدیرکل بازرسی",
        "بندرعباس — تلفن ۰۷۶",
    )
    assert office.signer_problems("", "") == {
        "signer_name": "نام کسی را که نامه‌ها را امضا می‌کند وارد کنید.",
        "signer_title": "سمت امضاکننده را وارد کنید؛ مانند «مدیرکل بازرسی استان».",
    }
