"""Named counters for numbers that must never repeat or skip (serials, letter numbers)."""

from __future__ import annotations

from db.connection import is_postgres
from db.models import Counter


def bump(name: str) -> int:
    """The counter's next value; call inside a write transaction, which serialises writers."""
    return take(name, 1)


def take(name: str, n: int) -> int:
    """Reserve ``n`` consecutive values and return the first of them.

    One upsert statement moves the counter on by ``n``; call it inside the write
    transaction that uses the values, so concurrent writers queue and never share a value.
    """
    if n < 1:
        raise ValueError(f"cannot take {n} values from counter {name!r}")
    upsert = Counter.insert(name=name, value=n).on_conflict(
        conflict_target=[Counter.name], update={Counter.value: Counter.value + n}
    )
    if is_postgres():
        # The upsert locks the row until commit, so a concurrent writer waits and then adds
        # to the committed value (or to none, after a rollback): no value is shared or lost.
        row = upsert.returning(Counter.value).execute()
        return int(next(iter(row)).value) - n + 1
    upsert.execute()
    return int(Counter.get(Counter.name == name).value) - n + 1


def peek(name: str) -> int:
    """The counter's current value (0 when never bumped); only for display."""
    row = Counter.get_or_none(Counter.name == name)
    return int(row.value) if row is not None else 0
