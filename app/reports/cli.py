"""``dadras report …``: the reports page's figures on the command line.

On an office database (``--db FILE``) or on the central database (``--central FILE|URL``,
read into a snapshot first). Printed as tab-separated text, or written with ``--out`` as
.xlsx, .csv or a PDF on the letterhead.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from app.cli_session import USER_HELP, Refused, session_for
from app.paths import database_target
from app.permissions import Action

if TYPE_CHECKING:
    from app.reports.filters import ReportFilter
    from app.reports.source import ReportSource
    from app.reports.tabular import ReportTable

OWN = ("report",)

KINDS = {
    "dashboard": "the dashboard's figures",
    "scorecard": "the unit scorecard, ranked",
    "offices": "the offices compared (central only)",
    "units-map": "complaints by unit and category",
    "counties-map": "complaints by county and Jalali month",
}
PERIODS = ("this_month", "last_month", "this_year")


def add_commands(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    report = commands.add_parser(
        "report",
        help="print or save a report (dashboard, scorecard, offices, heat maps)",
        description="Reports on an office database or on the central database. "
        + "; ".join(f"{kind}: {text}" for kind, text in KINDS.items()),
    )
    report.add_argument("kind", choices=list(KINDS), help="which report")
    where = report.add_mutually_exclusive_group(required=True)
    where.add_argument(
        "--db", type=database_target, help="an office database: a file or a postgresql://… URL"
    )
    where.add_argument("--central", help="the central database: a file or postgresql://… URL")
    report.add_argument(
        "--period", choices=PERIODS, default="this_month", help="a Jalali period (default: this)"
    )
    report.add_argument("--from", dest="start", help="the first day, Jalali (1405/08/01)")
    report.add_argument("--to", dest="end", help="the last day, Jalali (1405/08/30)")
    report.add_argument("--office", type=int, help="only this office's code (central only)")
    report.add_argument("--unit", help="only complaints about this unit (its name)")
    report.add_argument("--category", help="only this category (its name)")
    report.add_argument("--out", type=Path, help="write .xlsx, .csv or .pdf instead of printing")
    report.add_argument("--user", help=USER_HELP + " (an office database only)")


def run(args: argparse.Namespace) -> int | None:
    if getattr(args, "command", None) not in OWN:
        return None
    from app.errors import DadrasError, reason_of

    try:
        return _report(args)
    except Refused as refused:
        return _refuse(str(refused))
    except DadrasError as exc:
        print(f"dadras report: {reason_of(exc)}", file=sys.stderr)
        return 1


def _refuse(reason: str) -> int:
    print(f"dadras report: {reason}", file=sys.stderr)
    return 2


def _report(args: argparse.Namespace) -> int:
    from app.reports.output import CENTRAL_LETTERHEAD, office_letterhead, write_report

    if args.kind == "offices" and args.central is None:
        return _refuse("offices compares offices: give --central")
    if args.office is not None and args.central is None:
        return _refuse("--office needs --central")
    if isinstance(args.db, Path) and not args.db.exists():
        return _refuse(f"{args.db} does not exist")
    if (args.start is None) != (args.end is None):
        return _refuse("give both --from and --to")
    source, close = _open_source(args)
    try:
        report_filter = _filter(args, source)
        if isinstance(report_filter, str):
            return _refuse(report_filter)
        table = _table(args.kind, report_filter, source)
        if args.out is None:
            try:
                _print(table)
            except BrokenPipeError:  # piped into head: the reader has what it wanted
                sys.stdout = open(os.devnull, "w")  # noqa: SIM115 (nothing more is written)
            return 0
        head = (CENTRAL_LETTERHEAD, None) if args.central else office_letterhead()
        write_report(table, args.out, head)
        print(f"{args.out}: {len(table.rows)} rows")
        return 0
    finally:
        close()


def _open_source(args: argparse.Namespace) -> tuple[ReportSource, Callable[[], None]]:
    if args.central is not None:
        from app.reports.central import build_snapshot

        snapshot = build_snapshot(args.central, progress=_progress)
        print(file=sys.stderr)
        return snapshot, snapshot.close
    from app.reports.source import OFFICE
    from db.schema import open_office_database

    database = open_office_database(args.db, read_only=True)
    try:
        session_for(args, Action.VIEW_REPORTS)
    except BaseException:
        database.close()
        raise

    def close() -> None:
        database.close()

    return OFFICE, close


def _progress(done: int, total: int) -> None:
    print(f"\rreading central records {done}/{total}", end="", file=sys.stderr, flush=True)


def _filter(args: argparse.Namespace, source: ReportSource) -> ReportFilter | str:
    """The report filter, or a reason (English, for the operator) why it cannot be made."""
    from app import jalali
    from app.reports.filters import Period, ReportFilter, period_range

    if args.start is not None:
        start, end = jalali.parse_jalali(args.start), jalali.parse_jalali(args.end)
        if start is None or end is None or end < start:
            return "--from and --to must be Jalali dates (1405/08/01), the first day first"
    else:
        start, end = period_range(Period(args.period), jalali.today())
    chosen: dict[str, int] = {}
    for option, table, value in (
        ("unit", "unit", args.unit),
        ("category", "category", args.category),
    ):
        if value is None:
            continue
        names = {name: id_ for id_, name in source.names(table).items()}
        if value not in names:
            return f"no {option} named {value!r}"
        chosen[option] = names[value]
    office_id = None
    if args.office is not None:
        query = "SELECT min(id) FROM office WHERE code = ?"
        (found,) = source.execute(query, [args.office]).fetchone()
        if found is None:
            return f"no office {args.office} at central"
        office_id = int(found)
    return ReportFilter(
        start,
        end,
        unit_id=chosen.get("unit"),
        category_id=chosen.get("category"),
        office_id=office_id,
    )


def _table(kind: str, report_filter: ReportFilter, source: ReportSource) -> ReportTable:
    from app.reports import figures, tables
    from app.reports.figures import Grouping

    subtitle = report_filter.describe()
    if kind == "dashboard":
        return tables.dashboard_table(
            figures.dashboard(None, report_filter, source=source), subtitle
        )
    if kind in ("scorecard", "offices"):
        by = Grouping.OFFICE if kind == "offices" else Grouping.UNIT
        scores = figures.scorecard(None, report_filter, source=source, by=by)
        return tables.scorecard_table(scores, subtitle, by)
    if kind == "units-map":
        heat = figures.unit_category_map(None, report_filter, source=source)
        return tables.heat_map_table("شکایت‌ها به تفکیک واحد و موضوع", "واحد", heat, subtitle)
    heat = figures.county_month_map(None, report_filter, source=source)
    return tables.heat_map_table("شکایت‌ها به تفکیک شهرستان و ماه", "شهرستان", heat, subtitle)


def _print(table: ReportTable) -> None:
    from app.reports.tabular import csv_value

    print(table.title)
    print(table.subtitle)
    print("\t".join(column.title for column in table.columns))
    for row in table.rows:
        cells = zip(table.columns, row, strict=True)
        print("\t".join(csv_value(value, column.kind) for column, value in cells))
