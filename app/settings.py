"""Every setting an office keeps, declared once: its key, type, default, whether it is secret,
and whether a change is a member of staff's act (audited) or the program's own bookkeeping.

Settings live in the ``setting`` table as text. They are read and written only through this
module: a key not declared here is refused, so a typo cannot create a setting nobody reads,
and the list below is the one place to learn what an office can be set to. A secret's value
(private keys, the backup passphrase and key, job credentials) never reaches the audit log.
"""

from __future__ import annotations

from dataclasses import dataclass

from app import audit
from app.permissions import Action, Session, require
from db.connection import write_transaction
from db.models import Setting


@dataclass(frozen=True)
class Declared:
    key: str  # a key, or a family of keys ending in ".*" (one per letter kind, per job)
    kind: type  # str, int or bool: what the typed readers return
    default: str | int | bool | None
    meaning: str
    secret: bool = False  # never in the audit log, never shown
    audited: bool = True  # staff choose it (change() records who); else the program's own


DECLARED: tuple[Declared, ...] = (
    # the office and its calendar
    Declared("calendar.thursday_closed", bool, True, "the office is closed on Thursdays"),
    # letters and referrals
    Declared("letters.number_pattern", str, None, "how letter numbers are made"),
    Declared("letters.office_title", str, None, "the office's name as the letterhead gives it"),
    Declared("letters.signer_name", str, None, "who signs letters"),
    Declared("letters.signer_title", str, None, "the signer's title"),
    Declared("letters.footer", str, None, "the footer of letters and reports"),
    Declared("letters.logo_sha256", str, None, "the letterhead's logo (a stored file)"),
    Declared("letters.template.*", str, None, "an edited letter template, per kind"),
    Declared("referrals.default_days", int, 10, "working days a unit has to answer"),
    # backups
    Declared("backup.folder", str, None, "where automatic backups go"),
    Declared("backup.every_hours", int, 0, "hours between automatic backups (0: none)"),
    Declared("backup.keep", int, None, "how many of the office's backups to keep"),
    Declared("backup.passphrase", str, None, "encrypts scheduled backups", secret=True),
    Declared("backup.key", str, None, "keys every backup's tag", secret=True, audited=False),
    Declared("backup.last", str, None, "when the last automatic backup ran", audited=False),
    # sending to central
    Declared("sync.destination", str, None, "the folder packages are written to"),
    Declared("sync.schedule", str, None, "when packages are written by themselves"),
    Declared("sync.sequence_floor", int, 0, "package numbers known to be taken", audited=False),
    Declared("sync.office_signing_key", str, None, "the office's signing key", secret=True,
             audited=False),
    Declared("sync.office_age_identity", str, None, "the office's decryption key", secret=True,
             audited=False),
    Declared("sync.central_signing_key", str, None, "central's public signing key",
             audited=False),  # set by app.sync.keys, which audits it by fingerprint
    Declared("sync.central_recipient", str, None, "central's public encryption key",
             audited=False),
    Declared("sync.earlier_central_signing_keys", str, "[]", "central keys trusted before",
             audited=False),
    # scheduled jobs, reports, search
    Declared("job_credential.*", str, None, "a scheduled job's credential (a hash)",
             secret=True, audited=False),
    Declared("reports.response_days_calendar", str, None, "the calendar response days were "
             "counted with", audited=False),
    Declared("search.index_rules", str, None, "the spelling rules the index was built with",
             audited=False),
    Declared("search.letter_rules", str, None, "the rules of the letter register's index",
             audited=False),
    Declared("search.index_reached", int, None, "how far a re-index has come", audited=False),
)  # fmt: skip

_BY_KEY = {d.key: d for d in DECLARED if not d.key.endswith(".*")}
_FAMILIES = tuple(d for d in DECLARED if d.key.endswith(".*"))


class UnknownSetting(KeyError):
    """A key no declaration covers: a programming error, not a user's."""


def declared(key: str) -> Declared:
    found = _BY_KEY.get(key)
    if found is not None:
        return found
    for family in _FAMILIES:
        if key.startswith(family.key[:-1]) and len(key) > len(family.key) - 1:
            return family
    raise UnknownSetting(key)


def read(key: str) -> str | None:
    """The stored text, or None when the setting was never set."""
    declared(key)
    row = Setting.get_or_none(Setting.key == key)
    return str(row.value) if row is not None else None


def read_int(key: str) -> int | None:
    """The setting as a number; its declared default when unset or not a number."""
    spec = declared(key)
    text = read(key)
    try:
        return int(text) if text not in (None, "") else _default_int(spec)
    except ValueError:
        return _default_int(spec)


def read_bool(key: str) -> bool:
    spec = declared(key)
    text = read(key)
    if text in ("1", "0"):
        return text == "1"
    return bool(spec.default)


def _default_int(spec: Declared) -> int | None:
    return spec.default if isinstance(spec.default, int) else None


def store(key: str, value: str) -> None:
    """Write the program's own bookkeeping (inside the caller's transaction, not audited)."""
    declared(key)
    Setting.insert(key=key, value=value).on_conflict_replace().execute()


def forget(key: str) -> None:
    declared(key)
    Setting.delete().where(Setting.key == key).execute()


def change(session: Session, key: str, value: str) -> None:
    """A member of staff's change, audited (a secret as "changed", never its value)."""
    spec = declared(key)
    require(session, Action.MANAGE_OFFICE)
    with write_transaction():
        before = read(key)
        store(key, value)
        if spec.secret:
            audit.record(session.username, "setting_changed", "setting", key, None,
                         {"value": "(secret)"})  # fmt: skip
        else:
            audit.record(session.username, "setting_changed", "setting", key,
                         {"value": before}, {"value": value})  # fmt: skip
