"""Shared fixtures: every test gets a fresh migrated database in its own temp folder."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

# Qt's and the app's per-user settings (remembered window sizes, …) go to a folder of the
# test run's own, never to the user's.
os.environ["XDG_CONFIG_HOME"] = tempfile.mkdtemp(prefix="dadras-test-config-")
# And the log of what the commands and windows under test did.
os.environ["DADRAS_LOG_DIR"] = tempfile.mkdtemp(prefix="dadras-test-log-")

from app import office, users
from app.permissions import Role, Session
from db.connection import database_proxy
from db.schema import open_database
from tests.postgres import central_backend, central_url  # noqa: F401  (fixtures, on both backends)


def pytest_configure(config: pytest.Config) -> None:
    """Windows are tried on an office's usual screen, 1366×768 (Qt's offscreen default is
    800×600), before any test creates the application."""
    screen = Path(tempfile.mkdtemp(prefix="dadras-test-screen-")) / "offscreen.json"
    screen.write_text(
        '{"screens": [{"name": "office", "x": 0, "y": 0, "width": 1366, "height": 768, '
        '"logicalDpi": 96, "logicalBaseDpi": 96, "dpr": 1}]}'
    )
    os.environ.setdefault("QT_QPA_PLATFORM", f"offscreen:configfile={screen}")


ADMIN_PASSWORD = "admin-pass-1"
USER_PASSWORD = "user-pass-1"


@pytest.fixture(autouse=True)
def cheap_password_hashing(monkeypatch: pytest.MonkeyPatch) -> None:
    """Argon2id with minimal cost: the tests check behaviour, not hashing strength."""
    from argon2 import PasswordHasher

    monkeypatch.setattr(
        users, "_hasher", PasswordHasher(time_cost=1, memory_cost=64, parallelism=1)
    )


@pytest.fixture(scope="session")
def database_templates(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """A migrated database, and one with the office set up, made once and copied for each
    test: migrating and setting up every test's database took half the suite's time."""
    from argon2 import PasswordHasher

    folder = tmp_path_factory.mktemp("templates")
    migrated = folder / "migrated.sqlite3"
    _close(open_database(migrated))
    set_up = folder / "office.sqlite3"
    shutil.copy(migrated, set_up)
    database = open_database(set_up)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(users, "_hasher", PasswordHasher(time_cost=1, memory_cost=64, parallelism=1))
        admin = office.set_up(OFFICE_SETUP)
    _close(database)
    return {"migrated": migrated, "office": set_up, "admin": admin}


def _close(database: Any) -> None:
    database.close()  # the last connection out folds the WAL into the file
    database_proxy.initialize(None)


@pytest.fixture
def db_path(
    tmp_path: Path, database_templates: dict[str, Any], request: pytest.FixtureRequest
) -> Iterator[Path]:
    """The test's own database file: the set-up office when the test asks for the admin (or
    anything built on it), else a migrated, empty one."""
    path = tmp_path / "dadras.sqlite3"
    wanted = "office" if "admin" in request.fixturenames else "migrated"
    shutil.copy(database_templates[wanted], path)
    database = open_database(path)
    yield path
    _close(database)


OFFICE_SETUP = office.SetupRequest(
    office_name="دفتر بازرسی و رسیدگی به شکایات استان هرمزگان",
    office_code="123",
    province="هرمزگان",
    county="بندرعباس",
    admin_username="admin",
    admin_full_name="مدیر سامانه",
    admin_password=ADMIN_PASSWORD,
)


@pytest.fixture
def admin(db_path: Path, database_templates: dict[str, Any]) -> Session:
    """A set-up office (with the default lists) and its admin."""
    return database_templates["admin"]  # type: ignore[no-any-return]


def make_user(admin: Session, role: Role) -> Session:
    username = f"user_{role.value}"
    users.create_user(admin, username, f"کاربر {role.value}", role, USER_PASSWORD)
    return users.login(username, USER_PASSWORD)


@pytest.fixture
def session_for(admin: Session):
    """A factory: ``session_for(Role.CLERK)`` logs in a new user with that role."""
    created: dict[Role, Session] = {Role.ADMIN: admin}

    def factory(role: Role) -> Session:
        if role not in created:
            created[role] = make_user(admin, role)
        return created[role]

    return factory


@pytest.fixture
def clerk(session_for) -> Session:
    return session_for(Role.CLERK)  # type: ignore[no-any-return]


@pytest.fixture
def enrolled_central(tmp_path: Path, admin: Session, session_for: Any) -> Iterator[Any]:
    """A central SQLite database that has enrolled the office, which holds central's key."""
    from app.central import service
    from app.central.models import open_central
    from app.sync import keys

    db = open_central(tmp_path / "central.db")
    service.init_central(db, tmp_path / "central.pub")
    manager = session_for(Role.MANAGER)
    keys.set_central_key(manager, tmp_path / "central.pub", confirmed_by=admin)
    keys.write_office_public_key(tmp_path / "office.pub")
    service.enrol(db, tmp_path / "office.pub")
    yield db
    db.close()
