"""Drafts of forms being filled in: saved as the user types, restored after a crash.

A draft belongs to one user and one form; it holds the fields as typed (strings), so restoring
it needs no validation. It lives in the office database, beside the records it will become,
rather than in a settings file: it may hold a complainant's national code.
"""

from __future__ import annotations

import json

from app.permissions import Session
from db.connection import write_transaction
from db.models import FormDraft, utc_now

MAX_DRAFT_CHARS = 100_000


def save_draft(session: Session, form: str, fields: dict[str, str]) -> None:
    """Replace the user's draft of ``form``; an all-empty form removes it instead."""
    if not any(value.strip() for value in fields.values()):
        clear_draft(session, form)
        return
    data = json.dumps(fields, ensure_ascii=False, sort_keys=True)
    if len(data) > MAX_DRAFT_CHARS:
        return  # a runaway paste is not worth a huge write on every keystroke pause
    with write_transaction():
        (
            FormDraft.insert(user=session.user_id, form=form, data=data, saved_at=utc_now())
            .on_conflict(
                conflict_target=[FormDraft.user, FormDraft.form],
                update={FormDraft.data: data, FormDraft.saved_at: utc_now()},
            )
            .execute()
        )


def load_draft(session: Session, form: str) -> dict[str, str] | None:
    row = FormDraft.get_or_none((FormDraft.user == session.user_id) & (FormDraft.form == form))
    if row is None:
        return None
    try:
        loaded = json.loads(row.data)
    except ValueError:
        return None
    if not isinstance(loaded, dict):
        return None
    return {str(key): str(value) for key, value in loaded.items()}


def clear_draft(session: Session, form: str) -> None:
    with write_transaction():
        FormDraft.delete().where(
            (FormDraft.user == session.user_id) & (FormDraft.form == form)
        ).execute()
