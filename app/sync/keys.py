"""The office's own sync keys and its copy of the central system's public keys.

The office's Ed25519 signing key and age identity live in the settings table
(``sync.office_signing_key`` as base64, ``sync.office_age_identity``), created on first need.
Private keys are written to settings directly, never through ``set_setting``, so that they do
not land in the audit log; the audit entry names only the public fingerprint.
"""

from __future__ import annotations

import base64
import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path

from app import audit, settings
from app.errors import DadrasError
from app.office import get_setting, office_info
from app.permissions import Action, Role, Session, require
from app.sync.package import (
    KeyPair,
    PackageError,
    PublicKeys,
    read_public_key_file,
    write_public_key_file,
)
from db.connection import write_transaction

OFFICE_SIGNING_KEY = "sync.office_signing_key"
OFFICE_AGE_IDENTITY = "sync.office_age_identity"
CENTRAL_SIGNING_KEY = "sync.central_signing_key"
CENTRAL_RECIPIENT = "sync.central_recipient"
# Central signing keys this office trusted before the current one (base64, JSON list): the
# acknowledgements they signed (the audit log's anchors) stay checkable after a key change.
EARLIER_CENTRAL_KEYS = "sync.earlier_central_signing_keys"


def _put(key: str, value: str) -> None:
    settings.store(key, value)  # never through change(): no key in the audit log


def _office_pair() -> KeyPair | None:
    import pyrage
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    signing_text = get_setting(OFFICE_SIGNING_KEY)
    identity_text = get_setting(OFFICE_AGE_IDENTITY)
    if not signing_text or not identity_text:
        return None
    private = base64.b64decode(signing_text)
    public = Ed25519PrivateKey.from_private_bytes(private).public_key().public_bytes_raw()
    recipient = str(pyrage.x25519.Identity.from_str(identity_text).to_public())
    return KeyPair(private, public, identity_text, recipient)


def ensure_office_keys() -> KeyPair:
    """The office's key pair, created (and audited by fingerprint) when it does not exist."""
    pair = _office_pair()
    if pair is not None:
        return pair
    with write_transaction():
        pair = _office_pair()
        if pair is not None:
            return pair
        pair = KeyPair.generate()
        _put(OFFICE_SIGNING_KEY, base64.b64encode(pair.signing_private_key).decode("ascii"))
        _put(OFFICE_AGE_IDENTITY, pair.age_identity)
        audit.record(
            None,
            "sync_keys_created",
            "setting",
            OFFICE_SIGNING_KEY,
            after={"fingerprint": pair.public(None).fingerprint},
        )
    return pair


def _office_code() -> int:
    info = office_info()
    if info is None:
        raise DadrasError("دفتر هنوز راه‌اندازی نشده است.")
    return info.code


def office_public_keys() -> PublicKeys:
    return ensure_office_keys().public(_office_code())


def write_office_public_key(path: Path) -> PublicKeys:
    """Save the office's public keys to a file, for enrolment at the central side."""
    pair = ensure_office_keys()
    return write_public_key_file(
        Path(path),
        office_code=_office_code(),
        signing_public_key=pair.signing_public_key,
        age_recipient=pair.age_recipient,
    )


def set_central_key(
    session: Session | None, path: Path, confirmed_by: Session | None = None
) -> PublicKeys:
    """Take the central system's public keys from its public-key file.

    Packages are encrypted to this key: whoever holds its private half reads every identity
    the office sends. Setting it, the first time (its fingerprint compared with central's by
    phone) as any later time, is a manager's act confirmed by a second person (another
    manager or the administrator), both logged in; the audit log and the sync page name them.
    No one alone, the administrator included, can point the office's packages at a key of
    their own. ``session`` None is the system itself (tests).
    """
    keys = read_public_key_file(Path(path))
    if keys.office_code is not None:
        raise PackageError("bad_key_file", "این کلید عمومی یک دفتر است، نه کلید سامانه‌ی مرکزی")
    before = central_keys()
    if before is not None and before.fingerprint == keys.fingerprint:
        if session is not None:
            require(session, Action.EXPORT_PACKAGES)
        return keys  # the same key again: nothing changes
    if session is not None:
        _check_key_change(session, confirmed_by)
    with write_transaction():
        if before is not None:
            _remember_central_key(before.signing_public_key)
        _put(CENTRAL_SIGNING_KEY, base64.b64encode(keys.signing_public_key).decode("ascii"))
        _put(CENTRAL_RECIPIENT, keys.age_recipient)
        audit.record(
            session.username if session is not None else None,
            "central_key_set" if before is None else "central_key_changed",
            "setting",
            CENTRAL_SIGNING_KEY,
            {"fingerprint": before.fingerprint} if before is not None else None,
            {
                "fingerprint": keys.fingerprint,
                "confirmed_by": confirmed_by.username if confirmed_by is not None else None,
            },
        )
    return keys


def key_file_fingerprint(path: Path) -> str:
    """The fingerprint of a central public-key file (PackageError when it is not one)."""
    return read_public_key_file(Path(path)).fingerprint


KEY_CHANGE_REFUSED = (
    "تعیین یا تغییر کلید سامانه‌ی مرکزی کار مدیر دفتر است و شخص دومی"
    " (مدیر دیگر یا مدیر سامانه) باید آن را با ورود نام کاربری و گذرواژه‌ی خود تأیید کند."
)


def _check_key_change(session: Session, confirmed_by: Session | None) -> None:
    require(session, Action.CHANGE_CENTRAL_KEY)
    if (
        confirmed_by is None
        or confirmed_by.user_id == session.user_id
        or confirmed_by.role not in (Role.MANAGER, Role.ADMIN)
    ):
        raise KeyChangeRefused(KEY_CHANGE_REFUSED)


class KeyChangeRefused(DadrasError):
    """A change of the central key without its second person."""


@dataclass(frozen=True)
class KeyChange:
    at: dt.datetime  # UTC
    by: str
    confirmed_by: str | None
    fingerprint: str


def last_key_change() -> KeyChange | None:
    """Who last set or changed the central key, and when (from the audit log)."""
    from db.models import AuditEvent

    event = (
        AuditEvent.select()
        .where(AuditEvent.action.in_(("central_key_set", "central_key_changed")))
        .order_by(AuditEvent.id.desc())
        .first()
    )
    if event is None:
        return None
    after = json.loads(event.after or "{}")
    return KeyChange(
        event.at, event.username or "", after.get("confirmed_by"), after.get("fingerprint", "")
    )


def central_keys() -> PublicKeys | None:
    """The central system's public keys, or None before they are set."""
    signing = get_setting(CENTRAL_SIGNING_KEY)
    recipient = get_setting(CENTRAL_RECIPIENT)
    if not signing or not recipient:
        return None
    return PublicKeys(None, base64.b64decode(signing), recipient)


def central_signing_keys() -> list[bytes]:
    """Every central signing key this office has trusted, the current one last."""
    earlier = [base64.b64decode(text) for text in _earlier_keys()]
    current = central_keys()
    return earlier + ([current.signing_public_key] if current is not None else [])


def _earlier_keys() -> list[str]:
    """The earlier central keys as stored (base64); an unreadable list counts as none."""
    try:
        keys = json.loads(get_setting(EARLIER_CENTRAL_KEYS) or "[]")
    except ValueError:
        return []
    return [k for k in keys if isinstance(k, str)] if isinstance(keys, list) else []


def _remember_central_key(signing_public_key: bytes) -> None:
    keys = _earlier_keys()
    text = base64.b64encode(signing_public_key).decode("ascii")
    if text not in keys:
        keys.append(text)
    _put(EARLIER_CENTRAL_KEYS, json.dumps(keys))
