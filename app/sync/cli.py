"""The office's sync commands: ``keys``, ``export`` and ``import``.

``add_commands`` adds them to the ``dadras`` parser; ``run`` runs one and returns its exit
status, or None for a command it does not own. A refusal is one line on stderr and status 1.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from app.cli_session import Refused, add_user_argument, secret, session_for
from app.paths import DB_HELP, DatabaseTarget, database_target
from app.permissions import Action

OWN = ("keys", "export", "import")
CONFIRM_PASSWORD_VARIABLE = "DADRAS_CONFIRM_PASSWORD"


def add_commands(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    keys = commands.add_parser(
        "keys", help="set the central system's public key and save this office's public key"
    )
    keys.add_argument(
        "--db",
        type=database_target,
        required=True,
        help=DB_HELP,
    )
    add_user_argument(keys)
    keys.add_argument("--central-key", type=Path, help="the central system's public-key file")
    keys.add_argument(
        "--confirm-user",
        help="changing the central key: the second person who confirms it (another manager or "
        f"the administrator; the password asked, or in {CONFIRM_PASSWORD_VARIABLE})",
    )
    keys.add_argument("--public-key", type=Path, help="where to save this office's public key")

    export = commands.add_parser("export", help="write a package for the central system")
    export.add_argument(
        "--db",
        type=database_target,
        required=True,
        help=DB_HELP,
    )
    add_user_argument(export, job="export")
    export.add_argument("--to", type=Path, required=True, help="the destination folder")

    imports = commands.add_parser(
        "import", help="import acknowledgements and complaints from the central system"
    )
    imports.add_argument(
        "--db",
        type=database_target,
        required=True,
        help=DB_HELP,
    )
    add_user_argument(imports)
    imports.add_argument("files", type=Path, nargs="+", metavar="FILE")


def run(args: argparse.Namespace) -> int | None:
    command = getattr(args, "command", None)
    if command not in OWN:
        return None
    from app.errors import DadrasError, reason_of

    if isinstance(args.db, Path) and not args.db.exists():
        return _refuse(command, f"{args.db} does not exist")
    try:
        _open(args.db)
        if command == "keys":
            return _keys(args)
        if command == "export":
            return _export(args)
        return _import(args)
    except Refused as refused:
        print(f"dadras {command}: {refused}", file=sys.stderr)
        return 2
    except DadrasError as exc:
        return _refuse(command, reason_of(exc))


def _refuse(command: str, reason: str) -> int:
    print(f"dadras {command}: {_one_line(reason)}", file=sys.stderr)
    return 1


def _one_line(text: str) -> str:
    return " ".join(str(text).split())


def _open(path: DatabaseTarget) -> None:
    from db.schema import open_office_database

    open_office_database(path)


def _keys(args: argparse.Namespace) -> int:
    from app.office import office_info
    from app.sync import keys

    if args.central_key is None and args.public_key is None:
        return _refuse("keys", "give --central-key FILE, --public-key FILE or both")
    if office_info() is None:
        return _refuse("keys", "the office is not set up in this database")
    session = session_for(args, Action.EXPORT_PACKAGES)
    if args.central_key is not None:
        confirmer = None
        if args.confirm_user:
            from app import users

            password = secret(CONFIRM_PASSWORD_VARIABLE, f"Password for {args.confirm_user}: ")
            confirmer = users.login(args.confirm_user, password)
        central = keys.set_central_key(session, args.central_key, confirmed_by=confirmer)
        print(f"central key set (fingerprint {central.fingerprint})")
    if args.public_key is not None:
        own = keys.write_office_public_key(args.public_key)
        print(f"office public key written to {args.public_key} (fingerprint {own.fingerprint})")
    return 0


def _export(args: argparse.Namespace) -> int:
    from app.sync.export import export_now

    result = export_now(session_for(args, Action.EXPORT_PACKAGES, job="export"), args.to)
    counts = ", ".join(f"{entity} {count}" for entity, count in sorted(result.counts.items()))
    print(
        f"{result.path}: package {result.sequence}, {result.size} bytes, "
        f"sha256 {result.sha256}, {counts or 'no records'}"
    )
    return 0


def _import(args: argparse.Namespace) -> int:
    from app.errors import DadrasError, reason_of
    from app.sync.inbound import import_file

    session = session_for(args, Action.EXPORT_PACKAGES)
    status = 0
    for path in args.files:
        try:
            outcome = import_file(session, Path(path))
        except DadrasError as exc:
            print(f"{path}: refused: {reason_of(exc)}", file=sys.stderr)
            status = 1
            continue
        print(f"{path}: {outcome.summary()}")
    return status
