"""Named counters for numbers that must never repeat or skip (serials, letter numbers)."""

from __future__ import annotations

from db.models import Counter


def bump(name: str) -> int:
    """The counter's next value; call inside a write transaction, which serialises writers."""
    Counter.insert(name=name, value=0).on_conflict_ignore().execute()
    Counter.update(value=Counter.value + 1).where(Counter.name == name).execute()
    return int(Counter.get(Counter.name == name).value)


def peek(name: str) -> int:
    """The counter's current value (0 when never bumped); only for display."""
    row = Counter.get_or_none(Counter.name == name)
    return int(row.value) if row is not None else 0
