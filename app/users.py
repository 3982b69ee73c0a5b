"""Logging in and managing users (Argon2id password hashes, lock-out after repeated failures)."""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from app import audit, log
from app.errors import AccountLocked, AuthenticationError, NotFound, ValidationError
from app.permissions import Action, Role, Session, require
from app.persian import clean_line, to_persian_digits
from db.connection import write_transaction
from db.models import User, model_to_dict, utc_now

_log = log.get("users")

_hasher = PasswordHasher()  # argon2id with the library's recommended parameters

# After this many failures each further one locks the account for a growing time.
FREE_ATTEMPTS = 3
MAX_LOCK = dt.timedelta(minutes=15)
MIN_PASSWORD_LENGTH = 8


def hash_password(password: str) -> str:
    return _hasher.hash(password)


@functools.cache
def _dummy_hash() -> str:
    """A real hash to verify against when the user is unknown, so both paths cost the same.

    Made on first use, not at import: hashing is slow on purpose and start-up should not wait.
    """
    return hash_password("dadras-no-such-user")


def _lock_for(failures: int) -> dt.timedelta:
    if failures < FREE_ATTEMPTS:
        return dt.timedelta(0)
    seconds = 2 ** (failures - FREE_ATTEMPTS) * 5
    return min(dt.timedelta(seconds=seconds), MAX_LOCK)


def _session(user: User) -> Session:
    return Session(int(user.id), str(user.username), str(user.full_name), Role(user.role))


def login(username: str, password: str) -> Session:
    """Check the password; the same message for an unknown user and a wrong password.

    The Argon2 check (a deliberate fraction of a second) runs outside any transaction: a
    guessing loop must not hold the office's write lock while clerks save. Only the outcome
    is written, in a short transaction of its own.
    """
    name = clean_line(username).lower()
    user = User.get_or_none(User.username == name)
    if user is None or not user.active:
        _verify(_dummy_hash(), password)
        # Not the name typed: it may be a password typed into the wrong box.
        _log.info("login failed: no such active user")
        raise AuthenticationError()
    now = utc_now()
    if user.locked_until is not None and user.locked_until > now:
        raise AccountLocked(int((user.locked_until - now).total_seconds()) + 1)
    hashed = str(user.password_hash)
    if not _verify(hashed, password):
        _record_failure(name)
        raise AuthenticationError()
    with write_transaction():
        user = User.get_or_none(User.username == name)
        if user is None or not user.active:  # disabled while the password was checked
            raise AuthenticationError()
        if _hasher.check_needs_rehash(str(user.password_hash)):
            user.password_hash = hash_password(password)
        user.failed_logins = 0
        user.locked_until = None
        user.last_login_at = now
        user.save()
        audit.record(name, "login", "user", str(user.uid))
    return _session(user)


def _record_failure(name: str) -> None:
    """One more failed attempt, and the lock it earns, counted on the row as it is now."""
    with write_transaction():
        user = User.get_or_none(User.username == name)
        if user is None:
            return
        user.failed_logins = int(user.failed_logins) + 1
        lock = _lock_for(int(user.failed_logins))
        user.locked_until = utc_now() + lock if lock else None
        user.save()
        audit.record(name, "login_failed", "user", str(user.uid))


def _verify(hashed: str, password: str) -> bool:
    try:
        return bool(_hasher.verify(hashed, password))
    except (VerificationError, InvalidHashError):
        return False


@dataclass(frozen=True)
class UserInfo:
    id: int
    username: str
    full_name: str
    role: Role
    active: bool
    last_login_at: dt.datetime | None


def _info(user: User) -> UserInfo:
    return UserInfo(
        int(user.id),
        str(user.username),
        str(user.full_name),
        Role(user.role),
        bool(user.active),
        user.last_login_at,
    )


def user_problems(username: str, full_name: str, role: str, password: str | None) -> dict[str, str]:
    """What is wrong with a user's fields as typed (field -> Persian message), by the rules
    the services apply; ``password`` None when it is not being set. The database is not
    asked, so a username already taken is found only when the user is saved."""
    name, full = clean_line(username).lower(), clean_line(full_name)
    errors: dict[str, str] = {}
    if not name or not name.replace("_", "").replace(".", "").isascii() or " " in name:
        errors["username"] = "نام کاربری را با حروف لاتین و بدون فاصله وارد کنید."
    if not full:
        errors["full_name"] = "نام و نام خانوادگی را وارد کنید."
    if role not in {r.value for r in Role}:
        errors["role"] = "نقش را انتخاب کنید."
    if password is not None and len(password) < MIN_PASSWORD_LENGTH:
        errors["password"] = (
            f"گذرواژه باید دست‌کم {to_persian_digits(MIN_PASSWORD_LENGTH)} نویسه باشد."
        )
    return errors


def _check_user_fields(username: str, full_name: str, role: str, password: str | None) -> None:
    errors = user_problems(username, full_name, role, password)
    if errors:
        raise ValidationError(errors)


def create_user_unchecked(username: str, full_name: str, role: Role, password: str) -> User:
    """Create a user without a permission check: only for the setup wizard's first admin."""
    name, full = clean_line(username).lower(), clean_line(full_name)
    _check_user_fields(name, full, role.value, password)
    if User.select().where(User.username == name).exists():
        raise ValidationError({"username": "این نام کاربری قبلاً ثبت شده است."})
    user = User.create(
        username=name, full_name=full, role=role.value, password_hash=hash_password(password)
    )
    after = model_to_dict(user)
    after.pop("password_hash")
    audit.record(None, "user_created", "user", str(user.uid), after=after)
    audit.journal(user, "insert")
    return user


def create_user(
    session: Session, username: str, full_name: str, role: Role, password: str
) -> UserInfo:
    require(session, Action.MANAGE_USERS)
    with write_transaction():
        user = create_user_unchecked(username, full_name, role, password)
        return _info(user)


def list_users(session: Session) -> list[UserInfo]:
    require(session, Action.MANAGE_USERS)
    return [_info(u) for u in User.select().order_by(User.username)]


def update_user(
    session: Session, user_id: int, *, full_name: str, role: Role, active: bool
) -> UserInfo:
    require(session, Action.MANAGE_USERS)
    full = clean_line(full_name)
    with write_transaction():
        user = User.get_or_none(User.id == user_id)
        if user is None:
            raise NotFound("کاربر پیدا نشد.")
        _check_user_fields(str(user.username), full, role.value, None)
        if user.id == session.user_id and (role != Role.ADMIN or not active):
            raise ValidationError({"role": "نمی‌توانید نقش مدیر سامانه را از خودتان بگیرید."})
        before = _public(user)
        user.full_name, user.role, user.active = full, role.value, active
        user.touch()
        user.save()
        audit.record(session.username, "user_updated", "user", str(user.uid), before, _public(user))
        audit.journal(user, "update")
        return _info(user)


def reset_password(session: Session, user_id: int, new_password: str) -> None:
    require(session, Action.MANAGE_USERS)
    with write_transaction():
        user = User.get_or_none(User.id == user_id)
        if user is None:
            raise NotFound("کاربر پیدا نشد.")
        _check_user_fields(str(user.username), str(user.full_name), str(user.role), new_password)
        user.password_hash = hash_password(new_password)
        user.failed_logins = 0
        user.locked_until = None
        user.touch()
        user.save()
        audit.record(session.username, "password_reset", "user", str(user.uid))


def _public(user: User) -> dict[str, object]:
    data = model_to_dict(user)
    data.pop("password_hash", None)
    return data
