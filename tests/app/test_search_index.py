"""An office indexed by an earlier version's rules is indexed again, a batch at a time, and
then finds what the new rules find; an interrupted run goes on where it stopped."""

from __future__ import annotations

import pytest

from app import lookup, search_index
from app.permissions import Session
from app.persian import normalize
from db.connection import execute
from db.models import Complaint
from tests.app.helpers import register

SUBJECTS = ("مسئول باجه نبود", "رئیس اداره پاسخ نداد", "می‌خواهم پیگیری شود", "قطعی آب")


def found(session: Session, text: str) -> list[int]:
    return [row.id for row in lookup.page(session, lookup.parse_query(text))]


def as_an_earlier_version_indexed(count: int) -> None:
    """The rows and the setting an office upgraded from version 1's rules has."""
    for complaint in Complaint.select().limit(count):
        execute(
            "UPDATE complaint_search SET body = ? WHERE rowid = ?",
            (normalize(f"{complaint.subject} {complaint.description}"), complaint.id),
        )
    execute("UPDATE setting SET value = '1' WHERE key = ?", (search_index.RULES_SETTING,))


def test_a_new_office_is_indexed_with_the_current_rules(clerk: Session) -> None:
    assert search_index.is_current()
    register(clerk, subject=SUBJECTS[0])
    assert found(clerk, "مسوول") and search_index.remaining() == 0


def test_an_upgraded_office_is_indexed_again_and_then_finds_every_spelling(
    clerk: Session,
) -> None:
    ids = [register(clerk, subject=s).complaint_id for s in SUBJECTS]
    as_an_earlier_version_indexed(len(ids))
    assert not search_index.is_current() and search_index.remaining() == len(ids)
    assert found(clerk, "مسوول") == []  # the old rows know only «مسئول»
    seen: list[tuple[int, int]] = []
    assert search_index.rebuild(lambda done, total: seen.append((done, total))) == len(ids)
    assert seen[-1] == (len(ids), len(ids))
    assert search_index.is_current() and search_index.remaining() == 0
    assert found(clerk, "مسوول") == [ids[0]]
    assert found(clerk, "رییس") == [ids[1]]
    assert found(clerk, "میخواهم") == [ids[2]]
    assert found(clerk, "آب") == [ids[3]]
    assert search_index.rebuild() == 0  # nothing left to do


def test_an_interrupted_rebuild_goes_on_where_it_stopped(
    clerk: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    ids = [register(clerk, subject=s).complaint_id for s in SUBJECTS]
    as_an_earlier_version_indexed(len(ids))
    monkeypatch.setattr(search_index, "BATCH", 2)
    real_write = search_index._write
    batches: list[int] = []

    def power_cut_after_one_batch(rows):
        if batches:
            raise OSError("the power went")
        batches.append(len(rows))
        real_write(rows)

    monkeypatch.setattr(search_index, "_write", power_cut_after_one_batch)
    with pytest.raises(OSError):
        search_index.rebuild()
    assert not search_index.is_current() and search_index.remaining() == len(ids) - 2
    monkeypatch.setattr(search_index, "_write", real_write)
    assert search_index.rebuild() == len(ids) - 2
    assert search_index.is_current()
    assert found(clerk, "مسوول") == [ids[0]] and found(clerk, "رییس") == [ids[1]]


def test_the_register_finds_a_recipient_however_it_is_spelled_and_after_an_upgrade(
    session_for,
) -> None:
    from app import secretariat
    from app.permissions import Role
    from app.secretariat import LetterKind, LetterRequest

    manager = session_for(Role.MANAGER)
    issued = secretariat.issue_letter(
        manager,
        LetterRequest(LetterKind.REFERRAL, "اداره کل آموزش‌وپرورش", "ارجاع شکایت"),
    )

    def found(recipient: str) -> list[int]:
        return [info.id for info in secretariat.find_letters(manager, recipient=recipient)]

    for spelling in ("آموزش و پرورش", "اموزش وپرورش", "آموزش‌وپرورش", "آموزشوپرورش"):
        assert found(spelling) == [issued.id], spelling
    # an office whose register was indexed by the earlier rules: emptied and filled again
    execute("UPDATE setting SET value = '1' WHERE key = ?", (search_index.LETTER_RULES_SETTING,))
    assert not search_index.is_current()
    search_index.rebuild()
    assert search_index.is_current() and found("اموزش وپرورش") == [issued.id]
