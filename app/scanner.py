"""Scanning straight from a scanner through SANE's ``scanimage`` (Linux), where one is reachable.

The pages are written as PNG files into a folder the caller then imports with
``app.scans.import_files``, so a scan goes through exactly the same checks, QR reading and
duplicate detection as a file picked from the scanner's output folder. On a machine without
``scanimage`` (Windows, or Linux without SANE) the office uses its scanner's own software
and imports the folder.
"""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from app.errors import DadrasError

SCANIMAGE = "scanimage"
RESOLUTION_DPI = 200
TIMEOUT_S = 15 * 60  # a feeder of a hundred pages, page by page


class ScannerError(DadrasError):
    """The scanner could not be reached or stopped with an error; the message is Persian."""


@dataclass(frozen=True)
class ScanResult:
    pages: list[Path]
    message: str  # what scanimage said at the end, for the log (may be empty)


def scanner_program() -> str | None:
    """The path of ``scanimage`` when SANE is installed here, else None."""
    return shutil.which(SCANIMAGE)


def scan_to_folder(folder: Path, *, feeder: bool = True, device: str | None = None) -> ScanResult:
    """Scan every page in the feeder (or the one on the glass) into ``folder`` as PNG files.

    Pages already in ``folder`` are left alone; the new ones are returned in scan order.
    """
    program = scanner_program()
    if program is None:
        raise ScannerError(
            "برنامه‌ی اسکن (SANE) روی این رایانه نصب نیست؛ صفحه‌ها را با نرم‌افزار اسکنر "
            "اسکن و پوشه‌ی آن را وارد کنید."
        )
    folder.mkdir(parents=True, exist_ok=True)
    before = set(folder.glob("page-*.png"))
    command = [
        program,
        "--format=png",
        f"--resolution={RESOLUTION_DPI}",
        "--mode=Gray",
        f"--batch={folder / 'page-%04d.png'}",
        f"--batch-start={len(before) + 1}",
    ]
    if not feeder:
        command.append("--batch-count=1")
    if device:
        command.insert(1, f"--device-name={device}")
    try:
        done = subprocess.run(
            command, capture_output=True, text=True, timeout=TIMEOUT_S, check=False
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise ScannerError("اسکنر پاسخ نداد؛ روشن بودن و اتصال آن را بررسی کنید.") from exc
    pages = sorted(set(folder.glob("page-*.png")) - before)
    message = (done.stderr or "").strip().splitlines()[-1:] or [""]
    if not pages:
        # scanimage ends with "Document feeder out of documents" when the feeder is empty.
        raise ScannerError("هیچ صفحه‌ای اسکن نشد؛ برگه‌ها را در اسکنر بگذارید و دوباره تلاش کنید.")
    return ScanResult(pages, message[0])
