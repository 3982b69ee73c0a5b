"""``dadras setup``, ``register``, ``backup`` and ``restore``: an office from the command line.

Passwords and passphrases are read from the environment (``DADRAS_PASSWORD``,
``DADRAS_BACKUP_PASSPHRASE``) or asked for on the terminal, never taken as arguments, so they
do not end up in the shell's history. A refused request prints one line and exits with 2; a
problem met while doing the work exits with 1.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from app.cli_session import (
    JOB_VARIABLE,
    JOBS,
    USER_HELP,
    Refused,
    add_user_argument,
    create_job_credential,
    secret,
    session_for,
)
from app.paths import DB_HELP, DatabaseTarget, database_target, local_folder, shown
from app.permissions import Action

if TYPE_CHECKING:
    from app.permissions import Session
    from app.sync.numbers import ShareScan

OWN = ("setup", "add-user", "register", "backup", "restore", "job-credential")
PASSWORD_VARIABLE = "DADRAS_PASSWORD"
NEW_PASSWORD_VARIABLE = "DADRAS_NEW_PASSWORD"
PASSPHRASE_VARIABLE = "DADRAS_BACKUP_PASSPHRASE"


Choice = TypeVar("Choice", bound=StrEnum)


_Refused = Refused


def add_commands(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    setup = commands.add_parser("setup", help="create a database and set up its office")
    setup.add_argument(
        "--db",
        type=database_target,
        required=True,
        help="the database file to create, or an empty database's postgresql://… URL",
    )
    setup.add_argument("--office-name", required=True)
    setup.add_argument("--office-code", required=True, help="the office's four-digit code")
    setup.add_argument("--province", required=True)
    setup.add_argument("--county", required=True)
    setup.add_argument("--admin", required=True, help="the administrator's username")
    setup.add_argument("--admin-name", required=True, help="the administrator's full name")

    add_user = commands.add_parser("add-user", help="an administrator adds a user")
    add_user.add_argument(
        "--db",
        type=database_target,
        required=True,
        help=DB_HELP,
    )
    add_user.add_argument("--admin", required=True, help="the administrator doing it")
    add_user.add_argument("--username", required=True)
    add_user.add_argument("--full-name", required=True)
    add_user.add_argument(
        "--role", required=True, help="clerk, data_entry, inspector, manager, admin, sync_operator"
    )

    register = commands.add_parser("register", help="register a complaint; prints its code")
    register.add_argument(
        "--db",
        type=database_target,
        required=True,
        help=DB_HELP,
    )
    register.add_argument("--user", required=True, help="who registers it (a clerk, say)")
    register.add_argument("--subject", required=True)
    register.add_argument("--description", required=True)
    register.add_argument("--unit", help="the unit complained about (default: the first)")
    register.add_argument("--category", help="its category (default: the first)")
    register.add_argument("--channel", default="walk_in", help="walk_in, phone, letter, …")
    register.add_argument("--kind", default="complaint", help="complaint, request, report, …")
    register.add_argument("--received", help="the day received, Jalali (default: today)")
    register.add_argument("--full-name", default="", help="the complainant (else anonymous)")
    register.add_argument("--national-code", default="")
    register.add_argument("--mobile", default="")
    register.add_argument("--address", default="")
    register.add_argument("--complainant-county", default="")

    backup = commands.add_parser("backup", help="back the office database up into a folder")
    backup.add_argument(
        "--db",
        type=database_target,
        required=True,
        help=DB_HELP,
    )
    add_user_argument(backup, job="backup")
    backup.add_argument("--to", type=Path, required=True, help="the folder to write it in")
    backup.add_argument(
        "--create", action="store_true", help="create the folder if it does not exist"
    )
    backup.add_argument("--encrypt", action="store_true", help="encrypt it with a passphrase")
    backup.add_argument("--keep", type=int, help="keep only this many of the office's backups")

    restore = commands.add_parser(
        "restore",
        help="replace the database with a backup, or make a new database from one",
    )
    restore.add_argument("file", type=Path, help="the backup file")
    restore.add_argument(
        "--user", help=USER_HELP + "; not needed to make a new database from a backup"
    )
    restore.add_argument(
        "--db",
        type=database_target,
        required=True,
        help=DB_HELP,
    )
    restore.add_argument(
        "--share",
        type=Path,
        help="the folder the office exported to (default: the one its settings name): "
        "numbers continue past the acknowledgements and packages there",
    )
    _add_job_credential(commands)


def _add_job_credential(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    job = commands.add_parser(
        "job-credential",
        help="make the credential a scheduled backup or export runs with (shown once)",
    )
    job.add_argument("--db", type=database_target, required=True, help=DB_HELP)
    job.add_argument("--admin", required=True, help="the administrator making it")
    job.add_argument("--for", dest="job", required=True, choices=sorted(JOBS), help="the job")


def run(args: argparse.Namespace) -> int | None:
    command = getattr(args, "command", None)
    if command not in OWN:
        return None
    from app.errors import DadrasError, ValidationError, reason_of

    try:
        return int(_COMMANDS[command](args))
    except _Refused as refused:
        print(f"dadras {command}: {refused}", file=sys.stderr)
        return 2
    except ValidationError as invalid:
        print(f"dadras {command}: {' '.join(invalid.fields.values())}", file=sys.stderr)
        return 2
    except DadrasError as problem:
        print(f"dadras {command}: {reason_of(problem)}", file=sys.stderr)
        return 1


def _setup(args: argparse.Namespace) -> int:
    from app import office
    from db.schema import open_database

    if isinstance(args.db, Path) and args.db.exists():
        raise _Refused(f"{args.db} already exists; choose a new file")
    password = _secret(PASSWORD_VARIABLE, "Administrator's password: ", confirm=True)
    open_database(args.db)
    request = office.SetupRequest(
        office_name=args.office_name,
        office_code=args.office_code,
        province=args.province,
        county=args.county,
        admin_username=args.admin,
        admin_full_name=args.admin_name,
        admin_password=password,
    )
    try:
        office.set_up(request)
    except BaseException:
        if isinstance(args.db, Path):  # a half set-up file would refuse the next attempt
            _remove_database(args.db)
        raise
    print(f"office {args.office_code} set up in {shown(args.db)}; log in as {args.admin}")
    return 0


def _add_user(args: argparse.Namespace) -> int:
    from app import users
    from app.permissions import Role

    admin = _login(args.db, args.admin)
    role = _choice(Role, args.role, "role")
    password = _secret(NEW_PASSWORD_VARIABLE, f"Password for {args.username}: ", confirm=True)
    made = users.create_user(admin, args.username, args.full_name, role, password)
    print(f"{made.username} ({role.value}) added")
    return 0


def _register(args: argparse.Namespace) -> int:
    from app import lists
    from app.registration import ComplaintInput, register_complaint
    from app.vocabulary import Channel, Identity, Kind

    session = _login(args.db, args.user)
    unit = _named(lists.list_units(session), args.unit, "unit")
    category = _named(lists.list_categories(session), args.category, "category")
    data = ComplaintInput(
        identity=Identity.NAMED if args.full_name else Identity.ANONYMOUS,
        kind=_choice(Kind, args.kind, "kind"),
        channel=_choice(Channel, args.channel, "channel"),
        unit_id=unit,
        category_id=category,
        subject=args.subject,
        description=args.description,
        received_on=_day(args.received),
        full_name=args.full_name,
        national_code=args.national_code,
        mobile=args.mobile,
        address=args.address,
        county=args.complainant_county,
    )
    registered = register_complaint(session, data)
    print(registered.tracking_code)
    return 0


def _backup(args: argparse.Namespace) -> int:
    from app import backup

    _open_existing(args.db)
    session_for(args, Action.MANAGE_OFFICE, job="backup")
    if not args.to.is_dir():
        if not args.create:
            raise _Refused(f"{args.to} does not exist (is the drive connected?); --create makes it")
        try:
            args.to.mkdir(parents=True)
        except OSError as exc:
            raise _Refused(f"{args.to} could not be created: {exc.strerror}") from None
    passphrase = (
        _secret(PASSPHRASE_VARIABLE, "Backup passphrase: ", confirm=True)
        if (args.encrypt)
        else None
    )
    made = backup.make_backup(args.to, passphrase, keep=args.keep)
    print(made.path)
    return 0


def _restore(args: argparse.Namespace) -> int:
    from app import backup
    from db.schema import open_database

    new = isinstance(args.db, Path) and not args.db.exists()
    if not new:
        _open_existing(args.db)
        session_for(args, Action.MANAGE_OFFICE)
    passphrase = (
        _secret(PASSPHRASE_VARIABLE, "Backup passphrase: ")
        if backup.is_encrypted(args.file)
        else None
    )
    if args.share is not None and not args.share.is_dir():
        print(f"dadras restore: no such folder: {args.share}", file=sys.stderr)
        return 2
    if new:
        restored = backup.restore_as_new(args.file, args.db, passphrase)
        open_database(args.db)  # brought up to this version's schema
        print(f"restored office {restored.office_code:04d} into {shown(args.db)}")
    else:
        restored = backup.restore(args.file, local_folder(args.db) / "backups", passphrase)
        print(f"restored office {restored.office_code:04d}; the previous database was kept as")
        print(restored.safety_copy)
    share = backup.continue_past_share(args.share) if new or args.share else restored.share
    print(_share_line(share))
    return 0


def _share_line(share: ShareScan | None) -> str:
    if share is None:
        return (
            "no share to read: numbers continue past the backup only; import central's "
            "acknowledgements (dadras import) before registering, or give --share"
        )
    return (
        f"numbers continue past {share.acknowledgements} acknowledgements and package "
        f"{share.last_package} found on the share"
    )


def _job_credential(args: argparse.Namespace) -> int:
    admin = _login(args.db, args.admin)
    credential = create_job_credential(admin, args.job)
    print(credential)
    print(
        f"give it to the scheduled {args.job} in {JOB_VARIABLE}; it is not shown again, and a "
        "new one replaces it",
        file=sys.stderr,
    )
    return 0


_COMMANDS = {
    "setup": _setup,
    "add-user": _add_user,
    "register": _register,
    "backup": _backup,
    "restore": _restore,
    "job-credential": _job_credential,
}


# --- helpers -----------------------------------------------------------------------------


def _open_existing(path: DatabaseTarget, *, read_only: bool = False) -> None:
    from db.schema import open_office_database

    open_office_database(path, read_only=read_only)


def _login(path: DatabaseTarget, username: str) -> Session:
    from app import users

    _open_existing(path)
    return users.login(username, _secret(PASSWORD_VARIABLE, f"Password for {username}: "))


_secret = secret


def _named(choices: list, name: str | None, what: str) -> int:  # type: ignore[type-arg]
    if not choices:
        raise _Refused(f"the office has no active {what}")
    if name is None:
        return int(choices[0].id)
    for choice in choices:
        if choice.name == name.strip():
            return int(choice.id)
    raise _Refused(f"no {what} named {name!r}")


def _choice(kind: type[Choice], value: str, what: str) -> Choice:
    try:
        return kind(value)
    except ValueError:
        names = ", ".join(member.value for member in kind)
        raise _Refused(f"{what} must be one of: {names}") from None


def _day(text: str | None) -> dt.date:
    from app import jalali

    if text is None:
        return jalali.today()
    parsed = jalali.parse_jalali(text)
    if parsed is None:
        raise _Refused(f"not a Jalali date: {text!r} (write 1405/08/01)")
    return parsed


def _remove_database(path: Path) -> None:
    from db.connection import current

    current().close()
    for leftover in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
        leftover.unlink(missing_ok=True)
