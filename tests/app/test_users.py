"""Logging in: Argon2id hashes, one message for unknown user and wrong password, lock-out."""

from __future__ import annotations

import datetime as dt

import pytest

from app import users
from app.errors import AccountLocked, AuthenticationError, ValidationError
from app.permissions import Role, Session
from db.models import User
from tests.conftest import ADMIN_PASSWORD


def test_password_is_stored_as_argon2id(admin: Session) -> None:
    stored = User.get(User.username == "admin").password_hash
    assert stored.startswith("$argon2id$")
    assert ADMIN_PASSWORD not in stored


def test_unknown_user_and_wrong_password_get_the_same_message(admin: Session) -> None:
    with pytest.raises(AuthenticationError) as unknown:
        users.login("nobody", "whatever-1")
    with pytest.raises(AuthenticationError) as wrong:
        users.login("admin", "wrong-password")
    assert unknown.value.message == wrong.value.message
    assert type(unknown.value) is type(wrong.value)


def test_repeated_failures_lock_the_account(admin: Session) -> None:
    for _ in range(users.FREE_ATTEMPTS):
        with pytest.raises(AuthenticationError):
            users.login("admin", "wrong-password")
    with pytest.raises(AccountLocked) as locked:
        users.login("admin", ADMIN_PASSWORD)
    assert "دقیقه" in locked.value.message
    User.update(locked_until=dt.datetime(2000, 1, 1)).execute()
    assert users.login("admin", ADMIN_PASSWORD).role == Role.ADMIN
    assert User.get(User.username == "admin").failed_logins == 0


def test_login_is_case_insensitive_on_username_and_deactivated_users_cannot_log_in(
    admin: Session,
) -> None:
    info = users.create_user(admin, "Sara", "سارا محمدی", Role.CLERK, "sara-pass-1")
    assert users.login("SARA", "sara-pass-1").username == "sara"
    users.update_user(admin, info.id, full_name=info.full_name, role=Role.CLERK, active=False)
    with pytest.raises(AuthenticationError):
        users.login("sara", "sara-pass-1")


def test_short_password_and_duplicate_username_are_refused(admin: Session) -> None:
    with pytest.raises(ValidationError) as short:
        users.create_user(admin, "reza", "رضا", Role.CLERK, "short")
    assert "password" in short.value.fields
    with pytest.raises(ValidationError) as taken:
        users.create_user(admin, "admin", "دیگری", Role.CLERK, "long-enough-1")
    assert "username" in taken.value.fields


def test_admin_cannot_demote_themselves(admin: Session) -> None:
    with pytest.raises(ValidationError):
        users.update_user(admin, admin.user_id, full_name="مدیر", role=Role.CLERK, active=True)


def test_reset_password(admin: Session) -> None:
    info = users.create_user(admin, "nima", "نیما", Role.INSPECTOR, "first-pass-1")
    users.reset_password(admin, info.id, "second-pass-2")
    assert users.login("nima", "second-pass-2").role == Role.INSPECTOR


def test_user_problems_names_every_field_at_once_without_the_database() -> None:
    """The rules the wizard and the add-user dialog apply as the user types: all at once."""
    problems = users.user_problems(" مریم ", "  ", "nobody", "short")
    assert problems == {
        "username": "نام کاربری را با حروف لاتین و بدون فاصله وارد کنید.",
        "full_name": "نام و نام خانوادگی را وارد کنید.",
        "role": "نقش را انتخاب کنید.",
        "password": "گذرواژه باید دست‌کم ۸ نویسه باشد.",
    }
    assert users.user_problems(" Maryam ", "مریم کاظمی", Role.CLERK.value, "long-enough") == {}
    assert users.user_problems("maryam", "مریم کاظمی", Role.CLERK.value, None) == {}


def test_user_problems_are_what_create_user_refuses(admin: Session) -> None:
    with pytest.raises(ValidationError) as refused:
        users.create_user(admin, "زهرا", "", Role.CLERK, "short")
    assert refused.value.fields == users.user_problems("زهرا", "", Role.CLERK.value, "short")
