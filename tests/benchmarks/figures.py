"""What the benchmark scripts share: each figure against its budget, and the final table."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class Figure:
    name: str
    budget: str
    measured: str
    ok: bool | None  # None: not measured against a budget
    note: str = ""


FIGURES: list[Figure] = []


def add(name: str, budget: str, measured: str, ok: bool | None, note: str = "") -> None:
    FIGURES.append(Figure(name, budget, measured, ok, note))
    mark = {True: "pass", False: "FAIL", None: "-"}[ok]
    print(f"  {name}: {measured} ({budget}) {mark} {note}".rstrip(), flush=True)


def print_table() -> None:
    rows = [("figure", "budget", "measured", "pass")]
    rows += [
        (f.name, f.budget, f.measured, {True: "yes", False: "NO", None: "-"}[f.ok]) for f in FIGURES
    ]
    widths = [max(len(r[i]) for r in rows) for i in range(4)]
    print()
    for i, row in enumerate(rows):
        print("  ".join(cell.ljust(widths[j]) for j, cell in enumerate(row)))
        if i == 0:
            print("  ".join("-" * w for w in widths))
    notes = [f"- {f.name}: {f.note}" for f in FIGURES if f.note]
    if notes:
        print("\n" + "\n".join(notes))


def all_within_budget() -> bool:
    return all(f.ok is not False for f in FIGURES)
