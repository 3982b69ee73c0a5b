"""The audit log anchored outside the office.

A hash chain alone shows an entry edited without re-hashing, but not a log cut short, wiped,
or rewritten with every hash recomputed (the hashes are plain sha256 over fields anyone can
read). So each export package carries the log's head (entries and last hash), central keeps
it and signs it back in the acknowledgement, and the office keeps that acknowledgement whole.
``verify-audit`` then checks that the log still passes through every head central confirmed;
central checks the same at each import, from the hashes the package gives for earlier heads.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from app import audit, log
from app.audit import Anchor, ChainCheck
from app.office import office_info
from app.permissions import Action, Session, require
from app.sync.keys import central_signing_keys
from app.sync.package import (
    Ack,
    AuditClaim,
    PackageError,
    ack_from_document,
    office_acks_in,
    read_public_key_file,
)
from db.models import AuditAnchor, ExportPackage

_log = log.get("audit")

# How many earlier package heads a package proves. Central compares the latest head it holds,
# which is the office's last or, with an acknowledgement still on its way, an earlier package;
# each proof costs a walk of the log (a quarter of a second at 850,000 entries).
_PROOFS = 3


def claim() -> AuditClaim:
    """The log's head now, with its hashes at the heads of the latest earlier packages."""
    head = audit.head()
    query = (
        ExportPackage.select(ExportPackage.audit_count)
        .where(ExportPackage.audit_count.is_null(False))
        .order_by(ExportPackage.sequence.desc())
        .limit(_PROOFS)
    )
    counts = sorted({int(row.audit_count or 0) for row in query})
    return AuditClaim(head.count, head.hash, tuple((c, audit.hash_at(c)) for c in counts))


def keep(ack: Ack, sent: ExportPackage) -> None:
    """Keep central's signed anchor from an acknowledgement (inside the caller's write
    transaction). An anchor that is not the head the package carried is refused."""
    if ack.audit is None:
        return
    if sent.audit_count is not None and ack.audit != (sent.audit_count, sent.audit_hash):
        raise PackageError("bad_ack", "audit")
    if AuditAnchor.get_or_none(AuditAnchor.sequence == ack.sequence) is not None:
        return
    AuditAnchor.create(
        sequence=ack.sequence,
        count=ack.audit[0],
        hash=ack.audit[1],
        confirmed_at=ack.created_at,
        acknowledgement=ack.document.decode("utf-8"),
    )


@dataclass(frozen=True)
class LogCheck:
    chain: ChainCheck
    refused: tuple[str, ...]  # anchors whose signature is not central's: one line each
    latest: Anchor | None  # the newest anchor checked

    @property
    def ok(self) -> bool:
        return self.chain.ok and not self.refused


def verify_log(
    session: Session | None, acks: Path | None = None, central_key: Path | None = None
) -> LogCheck:
    """The chain, checked against every anchor this office holds and every acknowledgement
    in ``acks``. ``central_key`` (central's public-key file, brought by whoever audits) is
    trusted instead of the keys stored in the database, which a local administrator could
    replace together with the anchors."""
    if session is not None:
        require(session, Action.VIEW_AUDIT)
    keys = (
        [read_public_key_file(central_key).signing_public_key]
        if central_key is not None
        else central_signing_keys()
    )
    anchors: dict[int, Anchor] = {}
    refused: list[str] = []
    for row in AuditAnchor.select().order_by(AuditAnchor.sequence):
        anchor = _stored_anchor(row, keys)
        if anchor is None:
            refused.append(f"anchor of package {row.sequence}: not signed by central")
        else:
            anchors[anchor.sequence] = anchor
    if acks is not None:
        for path, anchor in _anchors_in(acks, keys):
            held = anchors.setdefault(anchor.sequence, anchor)
            if (held.count, held.hash) != (anchor.count, anchor.hash):
                refused.append(f"{path.name}: differs from the anchor kept for its package")
    ordered = sorted(anchors.values(), key=lambda a: a.sequence)
    chain = audit.verify_chain(ordered)
    _log.info(
        "audit log checked: %s, %d entries, %d anchors, %d refused",
        "intact" if chain.ok else chain.problem or "broken",
        chain.checked,
        len(ordered),
        len(refused),
    )
    return LogCheck(chain, tuple(refused), ordered[-1] if ordered else None)


def _stored_anchor(row: AuditAnchor, keys: list[bytes]) -> Anchor | None:
    try:
        ack = ack_from_document(str(row.acknowledgement).encode("utf-8"), keys)
    except PackageError:
        return None
    if ack.audit != (row.count, row.hash) or ack.sequence != row.sequence:
        return None
    return Anchor(ack.audit[0], ack.audit[1], ack.sequence, ack.created_at)


def _anchors_in(folder: Path, keys: list[bytes]) -> list[tuple[Path, Anchor]]:
    """This office's acknowledgements in ``folder`` that central signed and that carry an
    anchor; others (another office's, older formats, damaged files) are skipped."""
    info = office_info()
    if info is None:
        return []
    return [
        (path, Anchor(ack.audit[0], ack.audit[1], ack.sequence, ack.created_at))
        for path, ack in office_acks_in(folder, info.code, keys)
        if ack.audit is not None
    ]
