"""What every page needs: the logged-in user and where the database is."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from app import paths
from app.office import OfficeInfo
from app.paths import DatabaseTarget
from app.permissions import Session


@dataclass(frozen=True)
class UiContext:
    session: Session
    office: OfficeInfo
    database: DatabaseTarget  # a SQLite file, or the office server's URL

    @property
    def data_folder(self) -> Path:
        """Where this computer keeps its own files for the office."""
        return paths.local_folder(self.database)

    @property
    def database_text(self) -> str:
        """The database for people to read (a server's password left out)."""
        return paths.shown(self.database)
