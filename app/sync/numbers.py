"""Numbers this office has handed out (tracking serials, letter and minutes numbers, form
serials, package numbers), and continuing past them after a restore.

A backup is older than what the office did after it. Every package carries the office's
counters, and central repeats them in its signed acknowledgement; after a restore, in place
or onto a new computer, the counters continue past the acknowledgements found on the share,
so no code or number a citizen or central already holds is handed out again. Numbers issued
after the last acknowledged package and lost with the computer cannot be known; central
refuses a reused tracking code or package number rather than filing it twice.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from app import log, settings
from app.office import office_info
from app.sync.keys import central_signing_keys
from app.sync.package import Ack, office_acks_in
from db.connection import write_transaction
from db.models import Counter

_log = log.get("sync")

# The highest package number this office is known to have written: after a restore of an
# older backup its packages table forgets the later ones, and their numbers must not be reused.
SEQUENCE_FLOOR_SETTING = "sync.sequence_floor"


def counters_now() -> dict[str, int]:
    return {str(row.name): int(row.value) for row in Counter.select()}


def sequence_floor() -> int:
    return settings.read_int(SEQUENCE_FLOOR_SETTING) or 0


def continue_past(counters: Mapping[str, int] | None, last_package: int) -> None:
    """Raise each counter to at least ``counters``' value and the package floor to
    ``last_package`` (inside the caller's write transaction); nothing is ever lowered."""
    for name, value in (counters or {}).items():
        row = Counter.get_or_none(Counter.name == name)
        if row is None:
            Counter.create(name=name, value=value)
        elif int(row.value) < value:
            Counter.update(value=value).where(Counter.name == name).execute()
    if last_package > sequence_floor():
        settings.store(SEQUENCE_FLOOR_SETTING, str(last_package))


def continue_past_ack(ack: Ack) -> None:
    """Inside a write transaction: numbers continue past what the acknowledged package held."""
    continue_past(ack.counters, ack.sequence)


@dataclass(frozen=True)
class ShareScan:
    acknowledgements: int  # this office's, signed by central
    last_package: int  # the highest package number seen on the share


def continue_past_share(folder: Path) -> ShareScan:
    """After a restore: numbers continue past this office's acknowledgements and packages in
    ``folder`` (the share or drive the office exports to). An unreadable folder is skipped."""
    info = office_info()
    if info is None:
        return ShareScan(0, 0)
    acks = [ack for _path, ack in office_acks_in(folder, info.code, central_signing_keys())]
    last = 0
    for path in Path(folder).glob(f"dadras-{info.code:04d}-*"):
        last = max(last, _package_number(path.name, info.code) or 0)
    with write_transaction():
        for ack in acks:
            continue_past_ack(ack)
            last = max(last, ack.sequence)
        continue_past(None, last)
    _log.info("numbers continued past %d acknowledgements, package %d", len(acks), last)
    return ShareScan(len(acks), last)


def _package_number(name: str, office_code: int) -> int | None:
    """The number in ``dadras-OOOO-SSSSSS.age`` (or a set-aside ``.age.unrecorded``)."""
    prefix = f"dadras-{office_code:04d}-"
    if not name.startswith(prefix):
        return None
    digits = name[len(prefix) : len(prefix) + 6]
    rest = name[len(prefix) + 6 :]
    if not digits.isascii() or not digits.isdigit() or rest not in (".age", ".age.unrecorded"):
        return None
    return int(digits)
