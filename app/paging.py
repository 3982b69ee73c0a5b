"""Pages of a list read a page at a time, in the order the user chose (keyset paging).

A list page never reads a whole table: it asks for the first rows in its order and, as the
user scrolls, for the rows after the last one it has. "After" is a keyset condition on the
ordering columns with the id as the tie-breaker, so each page is an index range scan
whatever the table's size, and rows inserted meanwhile never shift a page (OFFSET would
read and skip every earlier row, and shows a row twice when one is added above it).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from peewee import SQL, Expression, Tuple

__all__ = ["COUNT_CAP", "Count", "Sort", "capped_count", "keyset", "through"]

# Past this many matches a list says "more than …": counting two million letters to print
# an exact figure nobody reads would cost more than the page itself.
COUNT_CAP = 10_000


@dataclass(frozen=True)
class Sort:
    """The order of a list: a key the service names, and the direction."""

    key: str
    descending: bool = False


@dataclass(frozen=True)
class Count:
    """How many rows match, exactly up to ``COUNT_CAP``; ``capped`` when there are more."""

    value: int
    capped: bool = False


def keyset(
    query: Any, order: Sequence[Any], after: Sequence[object] | None, descending: bool
) -> Any:
    """``query`` ordered by ``order`` (the last expression unique, an id) in one direction,
    from just after the row whose values are ``after`` (None: from the start)."""
    if after is not None:
        wanted = list(after)
        if len(order) == 1:
            left: Any = order[0]
            right: Any = wanted[0]
        else:
            left, right = Tuple(*order), Tuple(*wanted)
        query = query.where(Expression(left, "<" if descending else ">", right))
    return query.order_by(*[field.desc() if descending else field.asc() for field in order])


def through(order: Sequence[Any], last: Sequence[object], descending: bool) -> Any:
    """The condition "not past the row whose values are ``last``" in ``order``: with
    ``keyset``'s "after", it bounds a window of the list."""
    left: Any = Tuple(*order) if len(order) > 1 else order[0]
    right: Any = Tuple(*last) if len(order) > 1 else last[0]
    return Expression(left, ">=" if descending else "<=", right)


def capped_count(query: Any, cap: int = COUNT_CAP) -> Count:
    """Count the rows of ``query`` (a SELECT), stopping at ``cap`` + 1."""
    limited = query.order_by().select(SQL("1")).limit(cap + 1)
    value = int(limited.count())
    return Count(min(value, cap), value > cap)
