"""Who runs a command: a member of staff, logged in with their password, or a scheduled job
with the credential the administrator made for that one job.

A command that acts on an office (backup, restore, export, import, keys, report,
verify-audit) runs as a logged-in user with the right to do it, as the window would require.
The operating system's scheduler has no one to type a password: ``dadras job-credential``
gives the administrator a credential for one job (``backup`` or ``export``), kept in the
database only as its hash, which the scheduled command passes in ``DADRAS_JOB_CREDENTIAL``.
"""

from __future__ import annotations

import argparse
import getpass
import hashlib
import hmac
import os
import secrets
import sys

from app import settings
from app.permissions import Action, Role, Session, require

PASSWORD_VARIABLE = "DADRAS_PASSWORD"
JOB_VARIABLE = "DADRAS_JOB_CREDENTIAL"
USER_HELP = f"the user it runs as (the password is asked, or read from {PASSWORD_VARIABLE})"
# What a job's credential may do, and as whom it counts.
JOBS = {"backup": Role.ADMIN, "export": Role.SYNC_OPERATOR}
_JOB_NAMES = {"backup": "پشتیبان‌گیری زمان‌بندی‌شده", "export": "ارسال زمان‌بندی‌شده به مرکز"}
_JOB_SETTING = "job_credential.{}"


class Refused(Exception):
    """A command line that cannot be run as given (exit status 2)."""


def add_user_argument(parser: argparse.ArgumentParser, job: str | None = None) -> None:
    extra = f"; a scheduled {job} may give {JOB_VARIABLE} instead" if job else ""
    parser.add_argument("--user", help=USER_HELP + extra)


def secret(variable: str, prompt: str, *, confirm: bool = False) -> str:
    value = os.environ.get(variable)
    if value:
        return value
    if not sys.stdin.isatty():
        raise Refused(f"set {variable}, or run it in a terminal to be asked")
    value = getpass.getpass(prompt)
    if confirm and getpass.getpass("Again: ") != value:
        raise Refused("the two entries differ")
    return value


def session_for(args: argparse.Namespace, action: Action, job: str | None = None) -> Session:
    """The session the command runs as (the database is open), allowed to do ``action``."""
    from app import users

    if getattr(args, "user", None):
        password = secret(PASSWORD_VARIABLE, f"Password for {args.user}: ")
        return require(users.login(args.user, password), action)
    credential = os.environ.get(JOB_VARIABLE)
    if job is not None and credential:
        return require(job_session(job, credential), action)
    also = f" (or {JOB_VARIABLE} for a scheduled {job})" if job else ""
    raise Refused(f"--user NAME is required{also}")


def create_job_credential(session: Session, job: str) -> str:
    """A new credential for ``job`` (the previous one stops working); shown once."""
    from app import audit
    from db.connection import write_transaction

    require(session, Action.MANAGE_OFFICE)
    if job not in JOBS:
        raise Refused(f"a job is one of: {', '.join(JOBS)}")
    credential = secrets.token_urlsafe(32)
    with write_transaction():
        settings.store(_JOB_SETTING.format(job), _digest(credential))
        audit.record(
            session.username, "job_credential_created", "setting", _JOB_SETTING.format(job)
        )
    return credential


def job_session(job: str, credential: str) -> Session:
    from app.errors import AuthenticationError
    from app.office import get_setting

    stored = get_setting(_JOB_SETTING.format(job))
    if not stored or not hmac.compare_digest(stored, _digest(credential)):
        raise AuthenticationError("اعتبارنامه‌ی این کار زمان‌بندی‌شده درست نیست یا باطل شده است.")
    return Session(user_id=0, username=f"job:{job}", full_name=_JOB_NAMES[job], role=JOBS[job])


def _digest(credential: str) -> str:
    # A credential is 32 random bytes: a plain hash is enough to keep it out of the database.
    return hashlib.sha256(credential.encode("utf-8")).hexdigest()
