"""Roles and their rights: one table in code, checked by every service (deny by default)."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from app.errors import PermissionDenied


class Role(StrEnum):
    CLERK = "clerk"
    DATA_ENTRY = "data_entry"
    INSPECTOR = "inspector"
    MANAGER = "manager"
    ADMIN = "admin"
    SYNC_OPERATOR = "sync_operator"


ROLE_LABELS: dict[Role, str] = {
    Role.CLERK: "متصدی پذیرش",
    Role.DATA_ENTRY: "کاربر ورود اطلاعات",
    Role.INSPECTOR: "بازرس",
    Role.MANAGER: "مدیر",
    Role.ADMIN: "مدیر سامانه",
    Role.SYNC_OPERATOR: "متصدی ارسال به مرکز",
}


class Action(StrEnum):
    REGISTER_COMPLAINT = "register_complaint"
    PRINT_RECEIPT = "print_receipt"
    VIEW_COMPLAINTS = "view_complaints"
    VIEW_CONFIDENTIAL_IDENTITY = "view_confidential_identity"
    VIEW_AUDIT = "view_audit"
    MANAGE_USERS = "manage_users"
    MANAGE_UNITS = "manage_units"
    MANAGE_CATEGORIES = "manage_categories"
    MANAGE_OFFICE = "manage_office"
    ISSUE_LETTER = "issue_letter"
    REFER = "refer"
    RECORD_RESPONSE = "record_response"
    CLOSE_COMPLAINT = "close_complaint"
    RECORD_SATISFACTION = "record_satisfaction"
    RECORD_MEASURE = "record_measure"
    MANAGE_BOXES = "manage_boxes"
    PRINT_FORMS = "print_forms"
    OPEN_BOX = "open_box"
    ENTER_SCANS = "enter_scans"
    EXPORT_PACKAGES = "export_packages"
    VIEW_REPORTS = "view_reports"
    CHANGE_CENTRAL_KEY = "change_central_key"


_ALL_ROLES = frozenset(Role)

GRANTS: dict[Action, frozenset[Role]] = {
    Action.REGISTER_COMPLAINT: frozenset({Role.CLERK, Role.DATA_ENTRY, Role.MANAGER}),
    Action.PRINT_RECEIPT: frozenset({Role.CLERK, Role.DATA_ENTRY, Role.MANAGER}),
    Action.VIEW_COMPLAINTS: _ALL_ROLES,
    # A confidential complainant's identity is for those who investigate and decide.
    Action.VIEW_CONFIDENTIAL_IDENTITY: frozenset({Role.INSPECTOR, Role.MANAGER}),
    Action.VIEW_AUDIT: frozenset({Role.MANAGER, Role.ADMIN}),
    Action.MANAGE_USERS: frozenset({Role.ADMIN}),
    Action.MANAGE_UNITS: frozenset({Role.ADMIN}),
    Action.MANAGE_CATEGORIES: frozenset({Role.ADMIN}),
    Action.MANAGE_OFFICE: frozenset({Role.ADMIN}),
    # The manager signs and sends the office's letters (referrals, reminders, replies).
    Action.ISSUE_LETTER: frozenset({Role.MANAGER}),
    Action.REFER: frozenset({Role.MANAGER}),
    # Inspectors follow referrals up and log what units send back.
    Action.RECORD_RESPONSE: frozenset({Role.INSPECTOR, Role.MANAGER}),
    Action.CLOSE_COMPLAINT: frozenset({Role.MANAGER}),
    # The citizen's call back reaches the front desk as often as anyone.
    Action.RECORD_SATISFACTION: frozenset({Role.CLERK, Role.INSPECTOR, Role.MANAGER}),
    Action.RECORD_MEASURE: frozenset({Role.MANAGER}),
    Action.MANAGE_BOXES: frozenset({Role.ADMIN}),
    Action.PRINT_FORMS: frozenset({Role.DATA_ENTRY, Role.MANAGER, Role.ADMIN}),
    # A box is opened by its committee; data-entry staff record it and import the scans.
    Action.OPEN_BOX: frozenset({Role.DATA_ENTRY, Role.MANAGER}),
    Action.ENTER_SCANS: frozenset({Role.DATA_ENTRY, Role.MANAGER}),
    # Sending to central and bringing in what it sends; where and when is the admin's.
    Action.EXPORT_PACKAGES: frozenset({Role.MANAGER, Role.ADMIN, Role.SYNC_OPERATOR}),
    # Dashboards and scorecards: for those who decide and those who investigate.
    Action.VIEW_REPORTS: frozenset({Role.MANAGER, Role.INSPECTOR}),
    # Whoever holds central's key reads every identity sent: a manager's act, confirmed by a
    # second person (app.sync.keys), never the administrator's alone.
    Action.CHANGE_CENTRAL_KEY: frozenset({Role.MANAGER}),
}


@dataclass(frozen=True)
class Session:
    """The logged-in user, passed to every service call."""

    user_id: int
    username: str
    full_name: str
    role: Role


def allowed(session: Session | None, action: Action) -> bool:
    if session is None:
        return False
    return session.role in GRANTS.get(action, frozenset())


def require(session: Session | None, action: Action) -> Session:
    """Return the session when it may do ``action``; raise PermissionDenied otherwise."""
    if session is None or not allowed(session, action):
        raise PermissionDenied(action.value)
    return session
