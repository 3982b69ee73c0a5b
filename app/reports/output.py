"""Writing a report where the user asked: .xlsx, .csv or a PDF on the letterhead."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

from app.letterhead import Letterhead
from app.reports import tabular
from app.reports.tabular import ReportTable

FORMATS = ("xlsx", "csv", "pdf")

# A central snapshot's reports carry the central system's name, not an office's.
CENTRAL_LETTERHEAD = Letterhead(
    office_title="سامانه‌ی مرکزی رسیدگی به شکایات",
    signer_name="",
    signer_title="",
    footer="",
    logo_sha256=None,
)


def office_letterhead() -> tuple[Letterhead, bytes | None]:
    """The open office's letterhead and logo."""
    from app.letterhead import load_letterhead, logo_bytes

    letterhead = load_letterhead()
    return letterhead, logo_bytes(letterhead)


def write_report(
    table: ReportTable, path: Path, letterhead: tuple[Letterhead, bytes | None]
) -> None:
    """Write ``table`` in the format its suffix names (.xlsx unless .csv or .pdf), whole or
    not at all: into a hidden name beside it, renamed once complete (a full disk or a pulled
    drive leaves no half-written report under the name the user chose)."""
    partial = path.with_name(f".{path.stem}.partial{path.suffix}")
    try:
        _write(table, partial, path.suffix.lower(), letterhead)
        os.replace(partial, path)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise


def _write(
    table: ReportTable, path: Path, suffix: str, letterhead: tuple[Letterhead, bytes | None]
) -> None:
    if suffix == ".csv":
        tabular.write_csv(table, path)
    elif suffix == ".pdf":
        from app.pdf.report import render_report

        head, logo = letterhead
        data = render_report(
            table, letterhead=head, logo=logo, generated_at=dt.datetime.now(dt.UTC)
        )
        path.write_bytes(data)
    else:
        tabular.write_xlsx(table, path)
