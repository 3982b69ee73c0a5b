"""Fixtures shared by the tests of the sync file formats."""

from __future__ import annotations

import pytest

from app.sync.package import KeyPair


@pytest.fixture(scope="module")
def office() -> KeyPair:
    """An office's key pair, one per test module."""
    return KeyPair.generate()


@pytest.fixture(scope="module")
def central() -> KeyPair:
    """The central system's key pair."""
    return KeyPair.generate()
