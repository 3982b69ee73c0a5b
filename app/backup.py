"""Backups of the office database, and restoring one.

A backup is a copy of the whole SQLite database made with SQLite's online backup API, so it is
consistent while clerks keep working; stored files (archived letters, scanned responses and
pages) live inside the database and come with it. Each copy is checked with
``PRAGMA integrity_check`` before it is kept.

With a passphrase the copy is encrypted with age (pyrage). The passphrase protects a fresh
age identity written at the head of the file; the database itself is streamed through age to
that identity's recipient, so a large office never has to fit in memory::

    DADRAS-BACKUP-1\\n
    <base64 of the identity, age-encrypted with the passphrase>\\n
    <age stream of the database>

Restoring never touches the open database until the file has been decrypted, checked, found
to be a Dadras database of this office made by this version or an earlier one, and a safety
copy of the current database has been taken. The restored data is then copied into the open
database with the same backup API, and brought up to date by the migrations.
"""

from __future__ import annotations

import base64
import datetime as dt
import os
import re
import sqlite3
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path
from typing import IO, TYPE_CHECKING

import pyrage

from app import jalali
from app.errors import DadrasError
from app.persian import isolated, ltr
from db.connection import current

if TYPE_CHECKING:
    from app.permissions import Session

MAGIC = b"DADRAS-BACKUP-1\n"
PLAIN_SUFFIX = ".sqlite3"
ENCRYPTED_SUFFIX = ".sqlite3.age"
# dadras-<office>-<local time>[-<n> for a second one in the same second].sqlite3[.age]
_NAME = re.compile(r"^dadras-(\d{4})-(\d{8}-\d{6})(?:-(\d+))?\.sqlite3(\.age)?$")
_PAGES_PER_STEP = 4096  # the backup API copies this many pages, then lets writers in

Progress = Callable[[int, int], None]


class BackupError(DadrasError):
    """A backup or a restore that could not be done; the message is for the user."""


@dataclass(frozen=True)
class BackupFile:
    path: Path
    office_code: int
    made_at: dt.datetime  # Iran's time, from the name
    encrypted: bool
    size: int
    sequence: int = 1  # a second backup in the same second is the 2nd


# --- making a backup ---------------------------------------------------------------------


def make_backup(
    folder: Path,
    passphrase: str | None = None,
    *,
    keep: int | None = None,
    progress: Progress | None = None,
) -> BackupFile:
    """Back the open database up into ``folder``; with ``keep``, delete this office's oldest
    backups there beyond that many."""
    code = _office_code(_live_connection())
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        raise BackupError(
            f"پوشه‌ی «{ltr(folder)}» ساخته نشد؛ مسیر و دسترسی را بررسی کنید."
        ) from None
    target = _new_name(folder, code, ENCRYPTED_SUFFIX if passphrase else PLAIN_SUFFIX)
    with _scratch(folder) as copy:
        _copy_live_database(copy, progress)
        _check(copy)
        try:
            if passphrase:
                _encrypt(copy, target, passphrase)
            else:
                os.replace(copy, target)
        except OSError:
            target.unlink(missing_ok=True)
            raise BackupError(f"نسخه‌ی پشتیبان در «{ltr(folder)}» نوشته نشد.") from None
    made = describe(target)
    if keep is not None:
        prune(folder, code, keep, newest=made.path)
    return made


def _new_name(folder: Path, code: int, suffix: str) -> Path:
    """A name no backup in ``folder`` has, whatever its suffix."""
    stamp = _office_now().strftime("%Y%m%d-%H%M%S")
    taken = {path.name.split(".", 1)[0] for path in folder.iterdir()}
    stem, number = f"dadras-{code:04d}-{stamp}", 1
    name = stem
    while name in taken:
        number += 1
        name = f"{stem}-{number}"
    return folder / f"{name}{suffix}"


def _office_now() -> dt.datetime:
    """Iran's time, as every screen shows it, whatever this computer's clock is set to."""
    return jalali.to_tehran(dt.datetime.now(dt.UTC))


def _copy_live_database(target: Path, progress: Progress | None) -> None:
    live = _live_connection()
    with _closing(sqlite3.connect(target)) as copy:

        def report(_status: int, remaining: int, total: int) -> None:
            if progress is not None:
                progress(total - remaining, total)

        live.backup(copy, pages=_PAGES_PER_STEP, progress=report)
        # A standalone file: the copy would otherwise say WAL, like the live database.
        copy.execute("PRAGMA journal_mode = DELETE")


def _live_connection() -> sqlite3.Connection:
    database = current()
    connection = database.connection()  # type: ignore[no-untyped-call]
    if not isinstance(connection, sqlite3.Connection):
        raise BackupError(
            "پشتیبان‌گیری از اینجا فقط برای پایگاه داده‌ی SQLite است؛ از پایگاه PostgreSQL با "
            "ابزار pg_dump پشتیبان بگیرید."
        )
    return connection


def backups_in(folder: Path, office_code: int | None = None) -> list[BackupFile]:
    """This office's (or every office's) backups in ``folder``, newest first."""
    found = []
    with suppress(OSError):
        for path in folder.iterdir():
            match = _NAME.match(path.name)
            if match and (office_code is None or int(match.group(1)) == office_code):
                found.append(describe(path))
    return sorted(found, key=lambda b: (b.made_at, b.sequence), reverse=True)


def describe(path: Path) -> BackupFile:
    match = _NAME.match(path.name)
    if match is None:
        raise BackupError(f"«{isolated(path.name)}» نام یک نسخه‌ی پشتیبان دادرس نیست.")
    made_at = dt.datetime.strptime(match.group(2), "%Y%m%d-%H%M%S")
    office_code, sequence = int(match.group(1)), int(match.group(3) or 1)
    return BackupFile(
        path, office_code, made_at, bool(match.group(4)), path.stat().st_size, sequence
    )


def prune(folder: Path, office_code: int, keep: int, newest: Path | None = None) -> list[Path]:
    """Delete this office's backups in ``folder`` beyond the newest ``keep`` (``newest``, the
    one just made, always stays)."""
    found = backups_in(folder, office_code)
    found.sort(key=lambda b: b.path != newest)  # stable: otherwise newest first
    removed = []
    for old in found[max(1, keep) :]:
        with suppress(OSError):
            old.path.unlink()
            removed.append(old.path)
    return removed


# --- restoring ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Restored:
    office_code: int
    safety_copy: Path  # the database as it was before the restore


def is_encrypted(path: Path) -> bool:
    try:
        with path.open("rb") as stream:
            return stream.read(len(MAGIC)) == MAGIC
    except OSError:
        return False


def restore(path: Path, safety_folder: Path, passphrase: str | None = None) -> Restored:
    """Replace the open database's contents with the backup at ``path``.

    Refuses, changing nothing, a file that is not a readable Dadras database, one that is
    damaged, one of another office, or one made by a newer Dadras. Before anything changes,
    the current database is copied into ``safety_folder``."""
    from db.schema import migrate

    if not path.is_file():
        raise BackupError(f"پرونده‌ی «{ltr(path)}» پیدا نشد.")
    live = _live_connection()
    with _scratch(safety_folder) as candidate:
        if is_encrypted(path):
            if not passphrase:
                raise BackupError("این نسخه‌ی پشتیبان رمزگذاری شده است؛ گذرواژه‌ی آن را وارد کنید.")
            _decrypt(path, candidate, passphrase)
        else:
            _copy_file(path, candidate)
        code = _check_restorable(candidate, live)
        stamp = _office_now().strftime("%Y%m%d-%H%M%S")
        safety = safety_folder / f"before-restore-{stamp}{PLAIN_SUFFIX}"
        with _scratch(safety_folder) as copy:
            _copy_live_database(copy, None)
            os.replace(copy, safety)
        with _closing(sqlite3.connect(candidate)) as source:
            source.backup(live, pages=_PAGES_PER_STEP)
    migrate(current())
    _check_connection(live)
    return Restored(code, safety)


def _check_restorable(candidate: Path, live: sqlite3.Connection) -> int:
    from db.schema import HISTORY_TABLE, migration_names

    _check(candidate)
    with _closing(_read_only(candidate)) as backup:
        tables = {row[0] for row in backup.execute("SELECT name FROM sqlite_master")}
        if not {"office", "complaint", HISTORY_TABLE} <= tables:
            raise BackupError("این پرونده نسخه‌ی پشتیبان دادرس نیست.")
        code = _office_code(backup)
        applied = {row[0] for row in backup.execute(f"SELECT name FROM {HISTORY_TABLE}")}
    if applied - set(migration_names()):
        raise BackupError(
            "این نسخه‌ی پشتیبان را نسخه‌ی تازه‌تری از دادرس ساخته است؛ نخست دادرس را به‌روز کنید."
        )
    ours = _office_code_or_none(live)
    if ours is not None and ours != code:
        raise BackupError(
            f"این نسخه‌ی پشتیبان از دفتر دیگری است (کد {_digits(code)})، "
            f"نه از این دفتر (کد {_digits(ours)})."
        )
    return code


def _office_code(connection: sqlite3.Connection) -> int:
    code = _office_code_or_none(connection)
    if code is None:
        raise BackupError("این پایگاه داده هنوز دفتری ندارد.")
    return code


def _office_code_or_none(connection: sqlite3.Connection) -> int | None:
    try:
        row = connection.execute("SELECT code FROM office").fetchone()
    except sqlite3.Error:
        return None
    return None if row is None else int(row[0])


def _check(path: Path) -> None:
    try:
        with _closing(_read_only(path)) as connection:
            _check_connection(connection)
    except sqlite3.DatabaseError:
        raise BackupError("این پرونده پایگاه داده‌ی خوانایی نیست یا آسیب دیده است.") from None


def _check_connection(connection: sqlite3.Connection) -> None:
    rows = connection.execute("PRAGMA integrity_check").fetchall()
    if [tuple(row) for row in rows] != [("ok",)]:
        raise BackupError("پایگاه داده آسیب دیده است (بررسی یکپارچگی ناموفق بود).")


def _read_only(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)


# --- encryption --------------------------------------------------------------------------


def _encrypt(plain: Path, target: Path, passphrase: str) -> None:
    identity = pyrage.x25519.Identity.generate()
    sealed = pyrage.passphrase.encrypt(str(identity).encode(), passphrase)
    with plain.open("rb") as source, target.open("wb") as out:
        out.write(MAGIC)
        out.write(base64.b64encode(sealed) + b"\n")
        pyrage.encrypt_io(source, out, [identity.to_public()])


def _decrypt(path: Path, target: Path, passphrase: str) -> None:
    with path.open("rb") as source, target.open("wb") as out:
        source.read(len(MAGIC))
        try:
            sealed = base64.b64decode(source.readline().strip(), validate=True)
            secret = pyrage.passphrase.decrypt(sealed, passphrase).decode()
        except (ValueError, pyrage.DecryptError):
            raise BackupError("گذرواژه‌ی نسخه‌ی پشتیبان درست نیست.") from None
        try:
            identity = pyrage.x25519.Identity.from_str(secret)
            pyrage.decrypt_io(source, out, [identity])
        except (ValueError, pyrage.DecryptError, pyrage.IdentityError):
            raise BackupError("نسخه‌ی پشتیبان رمزگذاری‌شده آسیب دیده است.") from None


# --- small helpers -----------------------------------------------------------------------


@contextmanager
def _scratch(folder: Path) -> Iterator[Path]:
    """A temporary file in ``folder`` (so a final rename stays on one disk), removed after."""
    folder.mkdir(parents=True, exist_ok=True)
    handle, name = tempfile.mkstemp(prefix=".dadras-", suffix=".partial", dir=folder)
    os.close(handle)
    path = Path(name)
    try:
        yield path
    finally:
        for leftover in (path, Path(f"{path}-wal"), Path(f"{path}-shm"), Path(f"{path}-journal")):
            leftover.unlink(missing_ok=True)


@contextmanager
def _closing(connection: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    try:
        yield connection
    finally:
        connection.close()


def _copy_file(source: Path, target: Path) -> None:
    try:
        with source.open("rb") as inp, target.open("wb") as out:
            _pipe(inp, out)
    except OSError:
        raise BackupError(f"پرونده‌ی «{ltr(source)}» خوانده نشد.") from None


def _pipe(inp: IO[bytes], out: IO[bytes]) -> None:
    while chunk := inp.read(1 << 20):
        out.write(chunk)


def _digits(code: int) -> str:
    from app.persian import to_persian_digits

    return to_persian_digits(f"{code:04d}")


def made_at_text(backup: BackupFile) -> str:
    """«۱۴۰۵/۰۹/۰۲ ساعت ۲۰:۲۹»: when a backup was made, for lists."""
    from app.persian import to_persian_digits

    day = jalali.format_date(backup.made_at.date())
    return f"{day} ساعت {to_persian_digits(backup.made_at.strftime('%H:%M'))}"


# --- the automatic backup ----------------------------------------------------------------

FOLDER_SETTING = "backup.folder"
EVERY_SETTING = "backup.every_hours"  # 0 or absent: no automatic backups
KEEP_SETTING = "backup.keep"
PASSPHRASE_SETTING = "backup.passphrase"  # only here, so a scheduled backup can encrypt
LAST_SETTING = "backup.last"  # "<UTC ISO time>" of the last automatic backup
DEFAULT_KEEP = 10
MAX_EVERY_HOURS = 24 * 7


@dataclass(frozen=True)
class BackupPlan:
    folder: Path | None
    every_hours: int  # 0: no automatic backups
    keep: int
    encrypted: bool  # a passphrase is kept for the automatic backups

    @property
    def automatic(self) -> bool:
        return self.folder is not None and self.every_hours > 0


def plan() -> BackupPlan:
    from app.office import get_setting

    folder = get_setting(FOLDER_SETTING)
    return BackupPlan(
        folder=Path(folder) if folder else None,
        every_hours=_int_setting(EVERY_SETTING, 0),
        keep=max(1, _int_setting(KEEP_SETTING, DEFAULT_KEEP)),
        encrypted=bool(get_setting(PASSPHRASE_SETTING)),
    )


def set_plan(
    session: Session,
    folder: Path | None,
    every_hours: int,
    keep: int,
    passphrase: str | None,
    *,
    change_passphrase: bool,
) -> None:
    """Save the backup settings; the passphrase is kept out of the audit log."""
    from app import audit
    from app.office import set_setting
    from app.permissions import Action, require
    from db.connection import write_transaction
    from db.models import Setting

    require(session, Action.MANAGE_OFFICE)
    errors = {}
    if not 0 <= every_hours <= MAX_EVERY_HOURS:
        errors["every_hours"] = "فاصله‌ی پشتیبان‌گیری خودکار باید بین ۰ تا ۱۶۸ ساعت باشد."
    if not 1 <= keep <= 1000:
        errors["keep"] = "تعداد نسخه‌های نگه‌داشته باید بین ۱ تا ۱۰۰۰ باشد."
    if every_hours and folder is None:
        errors["folder"] = "برای پشتیبان‌گیری خودکار پوشه‌ای انتخاب کنید."
    if change_passphrase and passphrase is not None and len(passphrase) < 8:
        errors["passphrase"] = "گذرواژه‌ی پشتیبان دست‌کم هشت نویسه باشد."
    if errors:
        from app.errors import ValidationError

        raise ValidationError(errors)
    with write_transaction():
        set_setting(session, FOLDER_SETTING, str(folder) if folder else "")
        set_setting(session, EVERY_SETTING, str(every_hours))
        set_setting(session, KEEP_SETTING, str(keep))
        if change_passphrase:
            Setting.insert(
                key=PASSPHRASE_SETTING, value=passphrase or ""
            ).on_conflict_replace().execute()
            audit.record(
                session.username, "backup_passphrase_changed", "setting", PASSPHRASE_SETTING,
                after={"encrypted": bool(passphrase)},
            )  # fmt: skip


def last_automatic() -> dt.datetime | None:
    from app.office import get_setting

    text = get_setting(LAST_SETTING)
    try:
        return dt.datetime.fromisoformat(text) if text else None
    except ValueError:
        return None


def automatic_due(now: dt.datetime, plan_: BackupPlan, last: dt.datetime | None) -> bool:
    """Pure rule: ``now`` and ``last`` are UTC."""
    if not plan_.automatic:
        return False
    return last is None or now - last >= dt.timedelta(hours=plan_.every_hours)


def run_automatic(now: dt.datetime) -> BackupFile:
    """The scheduled backup, as the system itself, and its time recorded."""
    from app.office import get_setting
    from db.connection import write_transaction
    from db.models import Setting

    current_plan = plan()
    if current_plan.folder is None:
        raise BackupError("پوشه‌ی پشتیبان‌گیری خودکار تعیین نشده است.")
    passphrase = get_setting(PASSPHRASE_SETTING) or None
    made = make_backup(current_plan.folder, passphrase, keep=current_plan.keep)
    with write_transaction():
        Setting.insert(key=LAST_SETTING, value=now.isoformat()).on_conflict_replace().execute()
    return made


def _int_setting(key: str, default: int) -> int:
    from app.office import get_setting

    try:
        return int(get_setting(key) or default)
    except ValueError:
        return default
