"""Fixtures shared by the tests of the sync file formats and of sync itself."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from app.permissions import Role, Session
from app.sync.package import KeyPair


@pytest.fixture(scope="module")
def office() -> KeyPair:
    """An office's key pair, one per test module."""
    return KeyPair.generate()


@pytest.fixture(scope="module")
def central() -> KeyPair:
    """The central system's key pair."""
    return KeyPair.generate()


@pytest.fixture
def share(tmp_path: Path) -> Path:
    """The folder packages and acknowledgements travel through (a USB drive, a share)."""
    folder = tmp_path / "share"
    folder.mkdir()
    return folder


@pytest.fixture
def manager(session_for: Any) -> Session:
    return session_for(Role.MANAGER)  # type: ignore[no-any-return]
