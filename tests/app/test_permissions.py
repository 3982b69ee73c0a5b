"""The whole role × action matrix, through the services: anything not granted is denied."""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from app import (
    audit,
    boxes,
    closing,
    jalali,
    lists,
    lookup,
    office,
    receipts,
    referrals,
    registration,
    scans,
    secretariat,
    users,
)
from app.closing import ClosingRequest, MeasureInput
from app.errors import PermissionDenied
from app.permissions import GRANTS, Action, Role, Session
from app.referrals import ReferralRequest, ResponseInput
from app.reports import figures
from app.reports.filters import Period, ReportFilter
from app.secretariat import LetterKind
from app.sync import export, keys
from app.vocabulary import Identity, MeasureKind, Outcome, Satisfaction
from db.models import (
    AuditEvent,
    BoxOpening,
    Category,
    Complaint,
    ComplaintBox,
    ExportPackage,
    FormBatch,
    Letter,
    Measure,
    Referral,
    ScanPage,
    Setting,
    Unit,
    User,
)
from tests.app.helpers import VALID_NATIONAL_CODE, central_key_file, complaint_input, register

_counter = iter(range(10_000))


def _unique(prefix: str) -> str:
    return f"{prefix}{next(_counter)}"


# Each action as the service call a user would make; the second item counts rows the call adds.
ACTIONS: dict[Action, tuple[Callable[[Session, int], Any], Callable[[], int]]] = {
    Action.REGISTER_COMPLAINT: (
        lambda s, _cid: registration.register_complaint(s, complaint_input(s)),
        lambda: Complaint.select().count(),
    ),
    Action.PRINT_RECEIPT: (lambda s, cid: receipts.receipt_data(s, cid), lambda: 0),
    Action.VIEW_COMPLAINTS: (lambda s, cid: lookup.detail(s, cid), lambda: 0),
    Action.VIEW_AUDIT: (lambda s, _cid: audit.verify_as(s), lambda: 0),
    Action.VIEW_REPORTS: (
        lambda s, _cid: figures.dashboard(s, ReportFilter.of_period(Period.THIS_MONTH)),
        lambda: 0,
    ),
    Action.MANAGE_USERS: (
        lambda s, _cid: users.create_user(s, _unique("u"), "کاربر تازه", Role.CLERK, "password-1"),
        lambda: User.select().count(),
    ),
    Action.MANAGE_UNITS: (
        lambda s, _cid: lists.create_unit(s, _unique("واحد ")),
        lambda: Unit.select().count(),
    ),
    Action.MANAGE_CATEGORIES: (
        lambda s, _cid: lists.create_category(s, _unique("موضوع ")),
        lambda: Category.select().count(),
    ),
    Action.MANAGE_OFFICE: (
        lambda s, _cid: office.set_setting(s, "backup.folder", "x"),
        lambda: Setting.select().count(),
    ),
    Action.ISSUE_LETTER: (
        lambda s, cid: secretariat.issue_letter(
            s, secretariat.LetterRequest(LetterKind.REFERRAL, "شهرداری", "ارجاع", complaint_id=cid)
        ),
        lambda: Letter.select().count(),
    ),
}


def _open_referral(complaint_id: int) -> int:
    """A referral made straight in the database, so only the call under test is checked."""
    complaint = Complaint.get_or_none(Complaint.id == complaint_id)
    if complaint is None:
        return 0
    referral = Referral.create(
        complaint=complaint_id,
        unit=Unit.select().first().id,
        instructions="",
        referred_on=complaint.received_on,
        deadline_days=5,
        due_on=complaint.received_on,
        referred_by=User.select().first().id,
    )
    return int(referral.id)


def _closed(complaint_id: int) -> int:
    Complaint.update(status="closed").where(Complaint.id == complaint_id).execute()
    return complaint_id


ACTIONS.update(
    {
        Action.REFER: (
            lambda s, cid: referrals.refer(s, ReferralRequest(cid, (Unit.select().first().id,))),
            lambda: Referral.select().count(),
        ),
        Action.RECORD_RESPONSE: (
            lambda s, cid: referrals.record_response(
                s, ResponseInput(_open_referral(cid), None, "پاسخ واحد")
            ),
            lambda: Referral.select().where(Referral.status == "answered").count(),
        ),
        Action.CLOSE_COMPLAINT: (
            lambda s, cid: closing.close(s, ClosingRequest(cid, Outcome.SUBSTANTIATED, "", "پاسخ")),
            lambda: Complaint.select().where(Complaint.status == "closed").count(),
        ),
        Action.RECORD_SATISFACTION: (
            lambda s, cid: closing.record_satisfaction(s, _closed(cid), Satisfaction.SATISFIED),
            lambda: Complaint.select().where(Complaint.satisfaction.is_null(False)).count(),
        ),
        Action.RECORD_MEASURE: (
            lambda s, cid: closing.record_measure(
                s, MeasureInput(cid, Unit.select().first().id, MeasureKind.WARNING)
            ),
            lambda: Measure.select().count(),
        ),
    }
)


def _a_box() -> int:
    """A box made straight in the database (only the call under test is checked)."""
    from db.models import ComplaintBox

    box = ComplaintBox.get_or_none(ComplaintBox.code == "P-1") or ComplaintBox.create(
        code="P-1", location="راهرو", unit=Unit.select().first().id
    )
    return int(box.id)


def _an_opening() -> int:
    opening = BoxOpening.create(
        box=_a_box(), opened_on=jalali.today(), forms_found=0, opened_by=User.select().first().id
    )
    return int(opening.id)


def _opening_input() -> boxes.OpeningInput:
    members = (boxes.Member("علی رضایی", "بازرس"), boxes.Member("مریم موسوی", "کارشناس"))
    return boxes.OpeningInput(_a_box(), jalali.today(), members, 3)


ACTIONS.update(
    {
        Action.MANAGE_BOXES: (
            lambda s, _cid: boxes.create_box(s, _unique("B-"), "راهروی اول", 1),
            lambda: ComplaintBox.select().count(),
        ),
        Action.PRINT_FORMS: (
            lambda s, _cid: boxes.print_forms(s, _a_box(), 1),
            lambda: FormBatch.select().count(),
        ),
        Action.OPEN_BOX: (
            lambda s, _cid: boxes.open_box(s, _opening_input()),
            lambda: BoxOpening.select().count(),
        ),
        Action.ENTER_SCANS: (
            lambda s, _cid: scans.import_files(s, _an_opening(), []),
            lambda: ScanPage.select().count(),
        ),
    }
)


def _exports() -> int:
    """Packages written so far; first gives the office central's key (before the test's
    audit count is taken, so only the export itself is compared)."""
    if keys.central_keys() is None:
        keys.set_central_key(None, central_key_file(Path(tempfile.mkdtemp()) / "central.pub"))
    return int(ExportPackage.select().count())


ACTIONS[Action.EXPORT_PACKAGES] = (
    lambda s, _cid: export.export_now(s, Path(tempfile.mkdtemp())),
    _exports,
)


def _change_central_key(session: Session, _complaint_id: int) -> None:
    """A new central key, confirmed by the administrator as the second person."""
    from db.models import User

    path = central_key_file(Path(tempfile.mkdtemp()) / "new-central.pub")
    admin = User.get(User.username == "admin")
    second = Session(int(admin.id), "admin", str(admin.full_name), Role.ADMIN)
    keys.set_central_key(session, path, confirmed_by=second)


def _key_changes() -> int:
    """Changes of the central key; first the office gets one (before the counts are taken)."""
    _exports()
    return int(AuditEvent.select().where(AuditEvent.action == "central_key_changed").count())


ACTIONS[Action.CHANGE_CENTRAL_KEY] = (_change_central_key, _key_changes)


def test_every_action_is_covered() -> None:
    covered = set(ACTIONS) | {Action.VIEW_CONFIDENTIAL_IDENTITY}
    assert covered == set(Action)


@pytest.mark.parametrize("role", list(Role))
@pytest.mark.parametrize("action", sorted(ACTIONS))
def test_role_action_matrix(session_for, role: Role, action: Action) -> None:
    manager = session_for(Role.MANAGER)
    complaint_id = register(manager).complaint_id
    session = session_for(role)
    call, rows = ACTIONS[action]
    before_rows, before_audit = rows(), AuditEvent.select().count()
    if role in GRANTS[action]:
        call(session, complaint_id)
    else:
        with pytest.raises(PermissionDenied):
            call(session, complaint_id)
        assert rows() == before_rows
        assert AuditEvent.select().count() == before_audit


@pytest.mark.parametrize("role", list(Role))
def test_confidential_identity_only_for_granted_roles(session_for, role: Role) -> None:
    manager = session_for(Role.MANAGER)
    complaint_id = register(manager, identity=Identity.CONFIDENTIAL).complaint_id
    session = session_for(role)
    granted = role in GRANTS[Action.VIEW_CONFIDENTIAL_IDENTITY]
    detail = lookup.detail(session, complaint_id)
    assert detail.identity_hidden is not granted
    assert (detail.national_code == VALID_NATIONAL_CODE) is granted
    assert (detail.row.complainant is not None) is granted
    found = lookup.count(session, lookup.parse_query(VALID_NATIONAL_CODE))
    assert found == (1 if granted else 0)
    by_name = lookup.count(session, lookup.parse_query("رضایی"))
    assert by_name == (1 if granted else 0)


def test_no_session_is_denied_everything(admin: Session) -> None:
    for action, (call, _rows) in ACTIONS.items():
        if action in (Action.EXPORT_PACKAGES, Action.VIEW_REPORTS, Action.CHANGE_CENTRAL_KEY):
            continue  # None is the system itself there: the command line (and the scheduler)
        with pytest.raises(PermissionDenied):
            call(None, 1)  # type: ignore[arg-type]
