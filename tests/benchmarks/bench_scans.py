"""Scan import benchmark: 200 scanned A4 pages at 200 dpi into a box opening, QR included.

    python tests/benchmarks/bench_scans.py [--pages 200] [--data DIR] [--profile]

Generates the scans (once; ``--data`` keeps them for the next run), then imports them three
ways, each into a fresh database: as PNG files, as JPEG files, and as one PDF. Prints a
table of figure / budget / measured / pass and exits with status 1 when a budget is missed.
See README.md beside this file. Not a pytest test on purpose: the figures depend on the
machine and are read by people.
"""

from __future__ import annotations

import argparse
import cProfile
import datetime as dt
import multiprocessing
import pstats
import random
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

from figures import add, all_within_budget, print_table
from PIL import Image, ImageChops, ImageDraw
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen.canvas import Canvas

from app import office, scans, users
from app.boxes import form_qr_payload
from app.pdf.qr import qr_matrix
from app.permissions import Role, Session
from app.vocabulary import ScanState
from db.connection import database_proxy
from db.models import BoxOpening, ComplaintBox, Unit
from db.schema import open_database

BUDGET_S = 60.0
OFFICE_CODE = 123
BOX = "B-1"
SIZE = (1654, 2339)  # A4 at 200 dpi
QR_MODULE = 6  # pixels: a 33-module code about 25 mm wide, as the printed form has it


# ------------------------------------------------------------------------------ scans


def scanned_page(serial: int) -> Image.Image:
    """A filled-in form as a 200 dpi grayscale scanner returns it.

    Paper a little grey with grain (noise of σ≈3 levels), lines of handwriting-like strokes
    of varying darkness, the form's ruled lines, its QR code top left, and the sheet fed a
    little askew (up to 0.8°).
    """
    rng = random.Random(serial)
    page = Image.new("L", SIZE, 238)
    draw = ImageDraw.Draw(page)
    for y in range(420, 2200, 60):
        draw.line((120, y + 24, 1534, y + 24), fill=200, width=1)
    for y in range(420, rng.randint(900, 2200), 60):
        x = 140
        while x < rng.randint(900, 1500):
            word = rng.randint(25, 140)
            draw.rectangle((x, y, x + word, y + rng.randint(12, 20)), fill=rng.randint(30, 110))
            x += word + rng.randint(14, 34)
    matrix = qr_matrix(form_qr_payload(OFFICE_CODE, BOX, serial))
    n = len(matrix)
    code = Image.new("L", (n, n))
    code.putdata([20 if dark else 240 for row in matrix for dark in row])
    page.paste(code.resize((n * QR_MODULE, n * QR_MODULE), Image.Resampling.NEAREST), (110, 90))
    page = ImageChops.add(page, Image.effect_noise(SIZE, 3), scale=1.0, offset=-128)
    return page.rotate(rng.uniform(-0.8, 0.8), Image.Resampling.BILINEAR, fillcolor=238)


def write_page(job: tuple[int, str]) -> None:
    serial, folder = job
    page = scanned_page(serial)
    page.save(Path(folder) / "png" / f"scan-{serial:03d}.png", compress_level=3)
    page.save(Path(folder) / "jpeg" / f"scan-{serial:03d}.jpg", quality=85, dpi=(200, 200))


def write_pdf(folder: Path, pages: int) -> Path:
    """One PDF of the JPEG pages, embedded as they are (as a scanner's PDF holds them)."""
    path = folder / "scans.pdf"
    canvas = Canvas(str(path), pagesize=A4)
    for serial in range(1, pages + 1):
        canvas.drawImage(str(folder / "jpeg" / f"scan-{serial:03d}.jpg"), 0, 0, *A4)
        canvas.showPage()
    canvas.save()
    return path


def write_tiff(folder: Path, pages: int) -> Path:
    """One multi-page TIFF of the same pages, LZW-compressed grayscale, loaded one by one."""
    path = folder / "scans.tif"
    files = [folder / "png" / f"scan-{serial:03d}.png" for serial in range(1, pages + 1)]
    rest = (Image.open(file) for file in files[1:])
    with Image.open(files[0]) as first:
        first.save(path, save_all=True, append_images=rest, compression="tiff_lzw", dpi=(200, 200))
    return path


def make_scans(folder: Path, pages: int) -> None:
    marker = folder / f"ready-{pages}"
    if marker.exists():
        print(f"reusing the scans in {folder}", flush=True)
        return
    for sub in ("png", "jpeg"):
        shutil.rmtree(folder / sub, ignore_errors=True)
        (folder / sub).mkdir(parents=True)
    started = time.perf_counter()
    with multiprocessing.Pool() as pool:
        pool.map(write_page, [(serial, str(folder)) for serial in range(1, pages + 1)])
    write_pdf(folder, pages)
    write_tiff(folder, pages)
    marker.touch()
    print(f"generated {pages} pages in {time.perf_counter() - started:.0f} s", flush=True)


# ------------------------------------------------------------------------------ import


def fresh_office(folder: Path) -> tuple[Session, int]:
    """A new database with an office, a data-entry user and an opening of box B-1."""
    open_database(folder / "bench.sqlite3")
    admin = office.set_up(
        office.SetupRequest(
            office_name="دفتر بازرسی و رسیدگی به شکایات استان هرمزگان",
            office_code=str(OFFICE_CODE),
            province="هرمزگان",
            county="بندرعباس",
            admin_username="admin",
            admin_full_name="مدیر سامانه",
            admin_password="admin-pass-1",
        )
    )
    users.create_user(admin, "entry", "کاربر ورود اطلاعات", Role.DATA_ENTRY, "entry-pass-1")
    entry = users.login("entry", "entry-pass-1")
    unit = Unit.select().first()
    box = ComplaintBox.create(code=BOX, location="ورودی ساختمان", unit=unit.id)
    opening = BoxOpening.create(
        box=box.id, opened_on=dt.date.today(), forms_found=200, opened_by=entry.user_id
    )
    return entry, int(opening.id)


def bench_import(label: str, source: list[Path], pages: int, profile: bool) -> None:
    folder = Path(tempfile.mkdtemp(prefix="dadras-bench-scans-"))
    try:
        session, opening = fresh_office(folder)
        profiler = cProfile.Profile() if profile else None
        started = time.perf_counter()
        if profiler:
            profiler.enable()
        report = scans.import_files(session, opening, source)
        if profiler:
            profiler.disable()
        seconds = time.perf_counter() - started
        read = [p.form_serial for p in scans.pages(session, opening)]
        again = time.perf_counter()
        second = scans.import_files(session, opening, source)
        again = time.perf_counter() - again
        size = (folder / "bench.sqlite3").stat().st_size / 1e6
        ok = report.added == pages and read == list(range(1, pages + 1)) and not report.problems
        add(
            f"{pages} pages as {label}",
            f"<= {BUDGET_S:.0f} s",
            f"{seconds:.1f} s",
            ok and seconds <= BUDGET_S,
            f"({pages / seconds:.1f} pages/s; QR read on {pages - read.count(None)}/{pages}; "
            f"database {size:.0f} MB; importing again {again:.1f} s, "
            f"{second.skipped_existing} skipped)",
        )
        if not ok:
            print(f"    added {report.added}, problems {report.problems[:5]}", flush=True)
        bench_next_page(label, session, opening)
        if profiler:
            pstats.Stats(profiler).sort_stats("cumulative").print_stats(25)
    finally:
        database_proxy.obj.close()
        database_proxy.initialize(None)
        shutil.rmtree(folder, ignore_errors=True)


def bench_next_page(label: str, session: Session, opening: int) -> None:
    """What the entry screen asks the services for when it moves on: the next pending page
    and its image (each page is then marked, as the user would)."""
    samples: list[float] = []
    position = None
    while True:
        started = time.perf_counter()
        page = scans.next_pending(session, opening, after_position=position)
        if page is None:
            break
        scans.page_image(session, page.id)
        samples.append(time.perf_counter() - started)
        scans.mark_page(session, page.id, ScanState.BLANK)
        position = page.position
    median = statistics.median(samples) * 1000
    add(
        f"next page ({label}): next_pending + page_image",
        "<= 50 ms",
        f"{median:.1f} ms",
        median <= 50,
        f"(median of {len(samples)}, max {max(samples) * 1000:.1f} ms; the entry screen's "
        "budget for moving on is 150 ms in all)",
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=200, help="pages to import")
    parser.add_argument("--data", type=Path, help="folder for the generated scans (kept)")
    parser.add_argument("--profile", action="store_true", help="print a cProfile of each import")
    parser.add_argument("--only", choices=("png", "jpeg", "pdf", "tiff"), help="one import only")
    args = parser.parse_args()
    data = args.data or Path(tempfile.mkdtemp(prefix="dadras-scans-"))
    try:
        make_scans(data, args.pages)
        sources = {
            "png": ("PNG files", [data / "png"]),
            "jpeg": ("JPEG files", [data / "jpeg"]),
            "pdf": ("one PDF", [data / "scans.pdf"]),
            "tiff": ("one multi-page TIFF", [data / "scans.tif"]),
        }
        print("measuring ...", flush=True)
        for key, (label, source) in sources.items():
            if args.only in (None, key):
                bench_import(label, source, args.pages, args.profile)
    finally:
        if args.data is None:
            shutil.rmtree(data, ignore_errors=True)
    print_table()
    return 0 if all_within_budget() else 1


if __name__ == "__main__":
    sys.exit(main())
