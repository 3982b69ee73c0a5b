"""The ``dadras`` command line: the same services the window uses."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from app import __version__
from app.cli_session import USER_HELP
from app.paths import DB_HELP, database_target, shown


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="dadras",
        description="Dadras: complaint handling for inspection offices. "
        "Without a command, opens the application window.",
    )
    parser.add_argument("--version", action="version", version=f"dadras {__version__}")
    parser.add_argument(
        "--db",
        type=database_target,
        help="the office database: a SQLite file (default: dadras.sqlite3 in the user data "
        "folder), or the office server's postgresql://user:password@host/name URL",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    demo = commands.add_parser("demo", help="build a realistic demo database")
    demo.add_argument("--db", type=Path, required=True, help="the database file to create")
    demo.add_argument("--complaints", type=int, default=2000, help="how many complaints")
    demo.add_argument("--seed", type=int, default=1405, help="random seed (same seed, same data)")

    verify = commands.add_parser("verify-audit", help="check the audit log's hash chain")
    verify.add_argument(
        "--db",
        type=database_target,
        required=True,
        help=DB_HELP,
    )
    verify.add_argument("--user", help=USER_HELP)
    verify.add_argument(
        "--acks",
        type=Path,
        help="a folder of central's acknowledgements to check the log against as well",
    )
    verify.add_argument(
        "--central-key",
        type=Path,
        help="central's public-key file, trusted instead of the key kept in the database",
    )

    from app import office_cli
    from app.central import cli as central_cli
    from app.reports import cli as report_cli
    from app.sync import cli as sync_cli

    office_cli.add_commands(commands)
    sync_cli.add_commands(commands)
    central_cli.add_commands(commands)
    report_cli.add_commands(commands)
    return parser


def parse(argv: list[str] | None = None) -> argparse.Namespace:
    return build_parser().parse_args(argv)


def run(args: argparse.Namespace) -> int:
    """Run a sub-command; returns the exit status (1, with one line, when a database server
    cannot be reached)."""
    import peewee

    from app import log
    from app.errors import DadrasError, reason_of

    log.configure()
    _log = log.get("cli")
    _log.info("command %s", args.command)
    from db.schema import DatabaseRefused

    try:
        status = _run(args)
    except DatabaseRefused as refused:
        _log.warning("%s: database refused: %s", args.command, refused.reason)
        print(f"dadras {args.command}: {_REFUSED[refused.reason].format(shown(refused.target))}",
              file=sys.stderr)  # fmt: skip
        return 2
    except peewee.OperationalError as exc:
        if not _is_connection_failure(exc):
            return _environment_or_failed(args, exc)
        reason = str(exc).strip().splitlines()[0]
        _log.warning("%s: the database server cannot be reached", args.command)
        print(f"dadras {args.command}: the database server cannot be reached ({reason})",
              file=sys.stderr)  # fmt: skip
        return 1
    except DadrasError as refused:  # a rule of the office (a wrong password, no right)
        _log.info("%s: refused (%s)", args.command, type(refused).__name__)
        print(f"dadras {args.command}: {reason_of(refused)}", file=sys.stderr)
        return 1
    except Exception as exc:  # no traceback on a command line: one line, the rest in the log
        return _environment_or_failed(args, exc)
    _log.info("command %s: exit %d", args.command, status)
    return status


_REFUSED = {
    "missing": "{} does not exist",
    "folder": "{} is a folder; give the database file",
    "unreadable": "{} cannot be read",
    "not_sqlite": "{} is not a Dadras office database (not a SQLite file)",
    "central": "{} is the central system's database; give the office database",
    "foreign": "{} is not a Dadras office database; it was left unchanged",
    "outdated": "{} was made by an older Dadras: open it in the app once to bring it up to date",
}


def _environment_or_failed(args: argparse.Namespace, exc: BaseException) -> int:
    """A full disk, a lock, a dead drive: what to do, in one line; anything else is a bug."""
    from app import log
    from app.errors import environment_problem

    problem = environment_problem(exc)
    if problem is None:
        return _failed(args, exc)
    log.get("cli").warning("%s: %s", args.command, problem.kind, exc_info=exc)
    print(f"dadras {args.command}: {' '.join(problem.message.split())}", file=sys.stderr)
    return 1


def _failed(args: argparse.Namespace, exc: BaseException) -> int:
    from app import log

    log.get("cli").error("%s: unexpected error", args.command, exc_info=exc)
    where = log.configured_file()
    detail = f"; the details are in {where}" if where is not None else ""
    print(f"dadras {args.command}: unexpected error ({type(exc).__name__}){detail}",
          file=sys.stderr)  # fmt: skip
    return 1


def _is_connection_failure(exc: Exception) -> bool:
    return "connection" in str(exc).lower() and "failed" in str(exc).lower()


def _run(args: argparse.Namespace) -> int:
    if args.command == "demo":
        return _demo(args)
    if args.command == "verify-audit":
        return _verify_audit(args)
    from app import office_cli
    from app.central import cli as central_cli
    from app.reports import cli as report_cli
    from app.sync import cli as sync_cli

    status = office_cli.run(args)
    if status is None:
        status = sync_cli.run(args)
    if status is None:
        status = central_cli.run(args)
    if status is None:
        status = report_cli.run(args)
    if status is not None:
        return status
    raise SystemExit(f"unknown command: {args.command}")


def _demo(args: argparse.Namespace) -> int:
    from app.demo import build_demo

    if args.complaints < 0:
        print("dadras demo: --complaints must be zero or more", file=sys.stderr)
        return 2
    if args.db.exists():
        print(f"dadras demo: {args.db} already exists; choose a new file", file=sys.stderr)
        return 1

    terminal = sys.stderr.isatty()
    shown: list[int] = []

    def progress(done: int, total: int) -> None:
        if terminal:  # one line, rewritten
            print(f"\r{done:,}/{total:,} complaints", end="", file=sys.stderr, flush=True)
        elif not shown or done == total or done * 10 // max(total, 1) > shown[-1]:
            shown.append(done * 10 // max(total, 1))  # a log: a line every tenth
            print(f"{done:,}/{total:,} complaints", file=sys.stderr, flush=True)

    summary = build_demo(args.db, args.complaints, seed=args.seed, progress=progress)
    if terminal:
        print(file=sys.stderr)
    print(summary)
    return 0


def _verify_audit(args: argparse.Namespace) -> int:
    from app.cli_session import Refused, session_for
    from app.permissions import Action
    from app.sync.anchors import verify_log
    from db.schema import open_office_database

    open_office_database(args.db, read_only=True)
    try:
        session = session_for(args, Action.VIEW_AUDIT)
    except Refused as refused:
        print(f"dadras verify-audit: {refused}", file=sys.stderr)
        return 2
    if args.acks is not None and not args.acks.is_dir():
        print(f"dadras verify-audit: no such folder: {args.acks}", file=sys.stderr)
        return 2
    result = verify_log(session, args.acks, args.central_key)
    for line in result.refused:
        print(f"dadras verify-audit: {line}", file=sys.stderr)
    chain = result.chain
    if chain.first_bad_id is not None:
        print(f"audit log broken at entry {chain.first_bad_id}", file=sys.stderr)
        return 1
    if chain.broken_anchor is not None:
        anchor = chain.broken_anchor
        what = (
            f"has {chain.checked} entries, fewer than the {anchor.count}"
            if chain.problem == "cut"
            else f"differs at entry {anchor.count} from what"
        )
        print(
            f"audit log {what} central confirmed with package {anchor.sequence} "
            f"on {anchor.confirmed_at:%Y-%m-%d}: cut, wiped or rewritten",
            file=sys.stderr,
        )
        return 1
    anchored = (
        f"; passes through {chain.anchors_checked} heads central confirmed "
        f"(the last with package {result.latest.sequence})"
        if result.latest is not None
        else "; no head confirmed by central yet"
    )
    print(f"audit log intact: {chain.checked} entries{anchored}")
    return 1 if result.refused else 0
