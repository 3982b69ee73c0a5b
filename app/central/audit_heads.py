"""Central's side of the audit anchors: keep each package's audit-log head and report an
office whose log no longer extends a head central confirmed (see app/sync/anchors.py).

The office cannot be made to keep its log, only caught when it did not: a finding is
recorded and reported, and the package is still imported (its records are real either way).
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from app import log
from app.central.models import AuditFinding, Office, PackageHead, utc_now
from app.sync.package import AuditClaim, Manifest

_log = log.get("central")

_MISSING = object()


@dataclass(frozen=True)
class Finding:
    sequence: int  # the package that showed it
    kind: str  # cut, rewritten, unproven, no_head
    confirmed_sequence: int  # the package whose head no longer holds


def keep_head(office: Office, manifest: Manifest, sha256: str) -> list[Finding]:
    """Record the package's head and what it shows (inside the import's transaction)."""
    claim = manifest.audit
    sequence = manifest.sequence
    earlier = (
        PackageHead.select()
        .where((PackageHead.office == office) & (PackageHead.sequence < sequence))
        .order_by(PackageHead.sequence.desc())
        .first()
    )
    findings: list[Finding] = []
    if claim is None:
        if earlier is not None:
            findings.append(Finding(sequence, "no_head", earlier.sequence))
    else:
        if earlier is not None:
            kind = _against(claim, earlier)
            if kind is not None:
                findings.append(Finding(sequence, kind, earlier.sequence))
        later = PackageHead.select().where(
            (PackageHead.office == office) & (PackageHead.sequence > sequence)
        )
        for row in later:
            kind = _later_against(row, claim)
            if kind is not None:
                findings.append(Finding(row.sequence, kind, sequence))
        PackageHead.create(
            office=office,
            sequence=sequence,
            count=claim.count,
            hash=claim.hash,
            proofs=json.dumps({str(c): h for c, h in claim.proofs}, sort_keys=True),
            counters=json.dumps(dict(manifest.counters), sort_keys=True)
            if manifest.counters is not None
            else None,
            package_sha256=sha256,
        )
    for finding in findings:
        _log.warning(
            "office %04d: audit log %s at package %d (confirmed at package %d)",
            office.code,
            finding.kind,
            finding.sequence,
            finding.confirmed_sequence,
        )
        AuditFinding.create(
            office=office,
            sequence=finding.sequence,
            kind=finding.kind,
            confirmed_sequence=finding.confirmed_sequence,
            recorded_at=utc_now(),
        )
    return findings


def _against(claim: AuditClaim, held: PackageHead) -> str | None:
    """Whether a new head extends an earlier confirmed one."""
    if claim.count < held.count:
        return "cut"
    if claim.count == held.count:
        return None if claim.hash == held.hash else "rewritten"
    proof = dict(claim.proofs).get(int(held.count), _MISSING)
    if proof is _MISSING:
        return "unproven"
    if proof is None:
        return "cut"
    return None if proof == held.hash else "rewritten"


def _later_against(later: PackageHead, claim: AuditClaim) -> str | None:
    """Whether a later package, imported first, extends this earlier head."""
    if later.count < claim.count:
        return "cut"
    if later.count == claim.count:
        return None if later.hash == claim.hash else "rewritten"
    proofs = json.loads(later.proofs)
    if str(claim.count) not in proofs:
        return None  # the later package proves other heads: nothing to compare
    proof = proofs[str(claim.count)]
    if proof is None:
        return "cut"
    return None if proof == claim.hash else "rewritten"


@dataclass(frozen=True)
class SignedBack:
    """What an acknowledgement repeats of its package: the audit head and the counters."""

    audit: tuple[int, str] | None = None
    counters: dict[str, int] | None = None


def signed_back(sha256: str) -> SignedBack:
    row = PackageHead.get_or_none(PackageHead.package_sha256 == sha256)
    if row is None:
        return SignedBack()
    counters = json.loads(row.counters) if row.counters else None
    return SignedBack((int(row.count), str(row.hash)), counters)


def findings_of(office: Office) -> list[Finding]:
    query = (
        AuditFinding.select()
        .where(AuditFinding.office == office)
        .order_by(AuditFinding.recorded_at, AuditFinding.sequence)
    )
    return [Finding(int(r.sequence), str(r.kind), int(r.confirmed_sequence)) for r in query]
