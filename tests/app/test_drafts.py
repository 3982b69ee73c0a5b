"""Form drafts survive a restart and belong to their user only."""

from __future__ import annotations

from pathlib import Path

from app import drafts
from app.permissions import Role, Session
from db.connection import database_proxy
from db.schema import open_database

FIELDS = {"full_name": "علی رضایی", "national_code": "۰۴۹۹۳۷۰۸۹۹", "subject": "قطعی آب"}


def test_a_draft_survives_reopening_the_database(clerk: Session, db_path: Path) -> None:
    drafts.save_draft(clerk, "registration", FIELDS)
    database_proxy.obj.close()
    open_database(db_path)
    assert drafts.load_draft(clerk, "registration") == FIELDS


def test_saving_again_replaces_and_clearing_removes(clerk: Session) -> None:
    drafts.save_draft(clerk, "registration", FIELDS)
    drafts.save_draft(clerk, "registration", {**FIELDS, "subject": "قطعی برق"})
    assert drafts.load_draft(clerk, "registration") == {**FIELDS, "subject": "قطعی برق"}
    drafts.clear_draft(clerk, "registration")
    assert drafts.load_draft(clerk, "registration") is None


def test_an_empty_form_leaves_no_draft(clerk: Session) -> None:
    drafts.save_draft(clerk, "registration", FIELDS)
    drafts.save_draft(clerk, "registration", {"full_name": " ", "subject": ""})
    assert drafts.load_draft(clerk, "registration") is None


def test_a_draft_is_seen_by_its_own_user_only(session_for) -> None:
    clerk, data_entry = session_for(Role.CLERK), session_for(Role.DATA_ENTRY)
    drafts.save_draft(clerk, "registration", FIELDS)
    assert drafts.load_draft(data_entry, "registration") is None
    drafts.clear_draft(data_entry, "registration")
    assert drafts.load_draft(clerk, "registration") == FIELDS
