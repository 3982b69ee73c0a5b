"""What every page needs: the logged-in user and where the database is."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from app.office import OfficeInfo
from app.permissions import Session


@dataclass(frozen=True)
class UiContext:
    session: Session
    office: OfficeInfo
    database_path: Path
