"""The office's own sync keys and its copy of the central system's public keys.

The office's Ed25519 signing key and age identity live in the settings table
(``sync.office_signing_key`` as base64, ``sync.office_age_identity``), created on first need.
Private keys are written to settings directly, never through ``set_setting``, so that they do
not land in the audit log; the audit entry names only the public fingerprint.
"""

from __future__ import annotations

import base64
from pathlib import Path

from app import audit
from app.errors import DadrasError
from app.office import get_setting, office_info
from app.permissions import Action, Session, require
from app.sync.package import (
    KeyPair,
    PackageError,
    PublicKeys,
    read_public_key_file,
    write_public_key_file,
)
from db.connection import write_transaction
from db.models import Setting

OFFICE_SIGNING_KEY = "sync.office_signing_key"
OFFICE_AGE_IDENTITY = "sync.office_age_identity"
CENTRAL_SIGNING_KEY = "sync.central_signing_key"
CENTRAL_RECIPIENT = "sync.central_recipient"


def _put(key: str, value: str) -> None:
    Setting.insert(key=key, value=value).on_conflict_replace().execute()


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


def set_central_key(session: Session | None, path: Path) -> PublicKeys:
    """Take the central system's public keys from its public-key file.

    ``session`` None is the system itself (the command line).
    """
    if session is not None:
        require(session, Action.MANAGE_OFFICE)
    keys = read_public_key_file(Path(path))
    if keys.office_code is not None:
        raise PackageError("bad_key_file", "این کلید عمومی یک دفتر است، نه کلید سامانه‌ی مرکزی")
    with write_transaction():
        before = central_keys()
        _put(CENTRAL_SIGNING_KEY, base64.b64encode(keys.signing_public_key).decode("ascii"))
        _put(CENTRAL_RECIPIENT, keys.age_recipient)
        audit.record(
            session.username if session is not None else None,
            "central_key_set",
            "setting",
            CENTRAL_SIGNING_KEY,
            {"fingerprint": before.fingerprint} if before is not None else None,
            {"fingerprint": keys.fingerprint},
        )
    return keys


def central_keys() -> PublicKeys | None:
    """The central system's public keys, or None before they are set."""
    signing = get_setting(CENTRAL_SIGNING_KEY)
    recipient = get_setting(CENTRAL_RECIPIENT)
    if not signing or not recipient:
        return None
    return PublicKeys(None, base64.b64decode(signing), recipient)
