"""``dadras central …``: the reference central system on the command line.

``app.cli`` calls :func:`add_commands` with its sub-parsers and :func:`run` for every
command; ``run`` returns None for commands it does not own.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from app.errors import DadrasError


def add_commands(commands: Any) -> None:
    """Add ``central`` and its sub-commands to an ``argparse`` sub-parsers object."""
    central = commands.add_parser("central", help="the central system: import office packages")
    subs = central.add_subparsers(dest="central_command", metavar="SUBCOMMAND", required=True)

    init = subs.add_parser("init", help="create the central database and its key pair")
    _db(init)
    init.add_argument(
        "--public-key", type=Path, required=True, help="where to write the central public key"
    )

    enrol = subs.add_parser("enrol", help="register an office's public-key file")
    _db(enrol)
    enrol.add_argument("file", type=Path, help="the office's public-key file")
    enrol.add_argument("--replace", action="store_true", help="replace a different known key")
    enrol.add_argument("--name", help="the office's name")
    enrol.add_argument("--province", help="the office's province")

    verify = subs.add_parser("verify", help="check a package without importing it")
    _db(verify)
    verify.add_argument("file", type=Path, help="the package file")

    imp = subs.add_parser("import", help="import packages and write their acknowledgements")
    _db(imp)
    imp.add_argument("files", type=Path, nargs="+", metavar="FILE", help="package files")
    imp.add_argument(
        "--ack-dir", type=Path, help="where to write acknowledgements (default: beside each)"
    )

    status = subs.add_parser("status", help="list offices, last packages and sequence gaps")
    _db(status)

    send = subs.add_parser("send", help="send an office the complaints registered centrally for it")
    _db(send)
    send.add_argument("--office", type=int, required=True, help="the office's code")
    send.add_argument("--to", type=Path, required=True, help="the folder to write the package")
    send.add_argument(
        "file", type=Path, help="the complaints, one JSON object per line (see format.md)"
    )


def _db(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--db", required=True, help="central database: a file, sqlite:///FILE or postgresql://…"
    )


def run(args: argparse.Namespace) -> int | None:
    """Run a ``central`` sub-command and return its exit status; None if not ours."""
    if getattr(args, "command", None) != "central":
        return None
    # Imported here: the window starts through the same parser and needs no cryptography.
    from app.errors import DadrasError

    name = f"dadras central {args.central_command}"
    try:
        return _run(args)
    except DadrasError as exc:
        print(f"{name}: {_reason(exc)}", file=sys.stderr)
        return 1
    except Exception as exc:  # a database server down, a share gone: one line, not a trace
        from app.errors import environment_problem

        problem = environment_problem(exc)
        if problem is not None:
            print(f"{name}: {' '.join(problem.message.split())}", file=sys.stderr)
            return 1
        if type(exc).__module__.split(".")[0] not in ("peewee", "psycopg", "psycopg2"):
            raise
        print(f"{name}: database error: {str(exc).splitlines()[0]}", file=sys.stderr)
        return 1


def _reason(exc: DadrasError) -> str:
    from app.errors import reason_of

    code = getattr(exc, "code", None)
    text = reason_of(exc)
    return f"{text} [{code}]" if code else text


def _run(args: argparse.Namespace) -> int:
    from app.central import service
    from app.central.models import open_central

    command = args.central_command
    db = open_central(args.db, must_exist=command != "init")
    try:
        if command == "init":
            keys = service.init_central(db, args.public_key)
            print(f"central key created; public key written to {args.public_key}")
            print(f"fingerprint: {keys.fingerprint}")
            return 0
        if command == "enrol":
            office = service.enrol(
                db, args.file, replace=args.replace, name=args.name, province=args.province
            )
            print(f"office {office.code} enrolled; fingerprint {office.fingerprint}")
            return 0
        if command == "verify":
            manifest = service.verify(db, args.file)
            counts = ", ".join(f"{k} {v}" for k, v in sorted(manifest.counts.items())) or "none"
            print(
                f"package OK: office {manifest.office_code}, sequence {manifest.sequence}, "
                f"journal {manifest.journal_range[0]}-{manifest.journal_range[1]}, "
                f"records: {counts}"
            )
            return 0
        if command == "import":
            return _import(db, args)
        if command == "status":
            return _status(db)
        if command == "send":
            from app.central.outbound import send_complaints

            sent = send_complaints(db, args.office, args.file, args.to)
            print(f"{sent.path}: package {sent.sequence} for office {args.office}, "
                  f"{sent.complaints} complaints")  # fmt: skip
            return 0
    finally:
        db.close()
    raise SystemExit(f"unknown central command: {command}")


def _import(db: Any, args: argparse.Namespace) -> int:
    from app.central import service

    refused = 0
    for result in service.import_packages(db, args.files, args.ack_dir):
        if result.error is not None:
            refused += 1
            print(f"{result.path}: refused: {_reason(result.error)}", file=sys.stderr)
        elif result.status == "already_imported":
            print(f"{result.path}: already imported; acknowledgement {result.ack_path}")
        else:
            print(
                f"{result.path}: imported {result.records} records "
                f"({result.applied} rows written, {result.conflicts} conflicts); "
                f"acknowledgement {result.ack_path}"
            )
        for finding in result.audit_findings:
            print(f"{result.path}: warning: {_finding_text(finding)}", file=sys.stderr)
    return 1 if refused else 0


_FINDINGS = {
    "cut": "is shorter than the head confirmed with package {c}: cut, wiped, or restored "
    "from an older backup",
    "rewritten": "differs from the head confirmed with package {c}: entries edited, added or "
    "removed and the hashes recomputed",
    "unproven": "no longer proves the head confirmed with package {c}",
    "no_head": "carries no head, after package {c} did",
}


def _finding_text(finding: Any) -> str:
    detail = _FINDINGS[finding.kind].format(c=finding.confirmed_sequence)
    return f"the office's audit log at package {finding.sequence} {detail}"


def _status(db: Any) -> int:
    from app.central import service

    offices = service.status(db)
    if not offices:
        print("no offices enrolled")
    for office in offices:
        last = "none" if office.last_sequence is None else str(office.last_sequence)
        when = "-" if office.last_import_at is None else f"{office.last_import_at:%Y-%m-%d %H:%M}Z"
        gaps = ", ".join(a if a == b else f"{a}-{b}" for a, b in _text(office.gaps)) or "none"
        print(
            f"office {office.office_code:04d}: last package {last} imported {when}; "
            f"packages {office.packages}; missing {gaps}"
        )
        for finding in office.audit_findings:
            print(f"office {office.office_code:04d}: {_finding_text(finding)}")
    return 0


def _text(gaps: list[tuple[int, int]]) -> list[tuple[str, str]]:
    return [(str(a), str(b)) for a, b in gaps]
