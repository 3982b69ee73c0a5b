"""Registering complaints through the service, as the form and the CLI do."""

from __future__ import annotations

import datetime as dt

import pytest

from app import audit, lookup
from app.errors import ValidationError
from app.permissions import Session
from app.registration import register_complaint
from app.tracking import parse_tracking_code
from app.vocabulary import Channel, Identity
from db.models import AuditEvent, ChangeJournal, Complaint, Person
from tests.app.helpers import complaint_input, register


def test_register_issues_a_valid_tracking_code_with_the_office_code(clerk: Session) -> None:
    first = register(clerk)
    second = register(clerk)
    assert parse_tracking_code(first.tracking_code) == first.tracking_code
    assert first.tracking_code.startswith("0123")
    assert first.tracking_code != second.tracking_code
    assert len(first.tracking_code) <= 14


def test_register_writes_audit_and_journal_in_the_same_transaction(clerk: Session) -> None:
    registered = register(clerk)
    complaint = Complaint.get_by_id(registered.complaint_id)
    events = AuditEvent.select().where(AuditEvent.entity_uid == str(complaint.uid))
    assert [e.action for e in events] == ["complaint_registered"]
    journal = ChangeJournal.select().where(ChangeJournal.entity_uid == str(complaint.uid))
    assert [(j.entity, j.version, j.operation) for j in journal] == [("complaint", 1, "insert")]
    assert audit.verify_chain().ok


def test_identifiers_are_stored_in_ascii_digits(clerk: Session) -> None:
    registered = register(clerk, national_code="۰۴۹۹۳۷۰۸۹۹", mobile="+98 912 123 4567")
    person = Complaint.get_by_id(registered.complaint_id).person
    assert person.national_code == "0499370899"
    assert person.mobile == "09121234567"


def test_anonymous_stores_no_identity(clerk: Session) -> None:
    registered = register(clerk, identity=Identity.ANONYMOUS, full_name="نباید ذخیره شود")
    complaint = Complaint.get_by_id(registered.complaint_id)
    assert complaint.person is None
    assert Person.select().count() == 0
    assert lookup.count(clerk, lookup.parse_query("ذخیره")) == 0


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"national_code": "0499370898"}, "national_code"),
        ({"national_code": "1111111111"}, "national_code"),
        ({"national_code": "²²²²²²²²²²"}, "national_code"),
        ({"mobile": "0812345678"}, "mobile"),
        ({"mobile": "", "national_code": ""}, "mobile"),
        ({"full_name": "  "}, "full_name"),
        ({"subject": ""}, "subject"),
        ({"description": "\n \n"}, "description"),
        ({"unit_id": None}, "unit"),
        ({"category_id": 999_999}, "category"),
        ({"received_on": None}, "received_on"),
        ({"received_on": dt.date.today() + dt.timedelta(days=3)}, "received_on"),
        ({"channel": Channel.CENTRAL}, "channel"),
    ],
)
def test_bad_input_is_refused_with_a_persian_message_and_saves_nothing(
    clerk: Session, changes: dict[str, object], field: str
) -> None:
    before = (Complaint.select().count(), Person.select().count(), AuditEvent.select().count())
    with pytest.raises(ValidationError) as caught:
        register_complaint(clerk, complaint_input(clerk, **changes))
    assert field in caught.value.fields
    assert any("\u0600" <= ch <= "\u06ff" for ch in caught.value.fields[field])
    assert (
        Complaint.select().count(),
        Person.select().count(),
        AuditEvent.select().count(),
    ) == before


def test_bidi_controls_are_stripped_from_names_and_subject(clerk: Session) -> None:
    registered = register(clerk, full_name="علی\u202e رضایی", subject="موضوع\u2066 آزمایشی")
    complaint = Complaint.get_by_id(registered.complaint_id)
    assert "\u202e" not in complaint.person.full_name
    assert "\u2066" not in complaint.subject


def test_serials_do_not_repeat_after_a_failed_save(clerk: Session) -> None:
    first = register(clerk)
    with pytest.raises(ValidationError):
        register_complaint(clerk, complaint_input(clerk, subject=""))
    second = register(clerk)
    serials = [Complaint.get_by_id(r.complaint_id).serial for r in (first, second)]
    assert serials == [1, 2]
