"""Scanned box forms: import (QR codes, duplicates, bad input, crashes) and working through
the pages (marking, skipping, entering a complaint from a page)."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import os
import random
import signal
import sqlite3
import struct
import subprocess
import sys
import textwrap
import zlib
from pathlib import Path

import pypdfium2
import pytest
from PIL import Image, ImageDraw
from reportlab.lib import pdfencrypt
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from app import audit, boxes, files, lists, scans
from app.boxes import form_qr_payload
from app.errors import NotFound, PermissionDenied, ValidationError
from app.pdf.qr import draw_qr, qr_matrix
from app.permissions import Role, Session
from app.persian import isolated
from app.vocabulary import Channel, Identity, ScanState
from db.connection import database_proxy
from db.models import BoxOpening, Complaint, ComplaintBox, ScanPage
from tests.app.helpers import complaint_input

ROOT = Path(__file__).resolve().parents[2]
OFFICE = 123  # the code conftest's office is set up with
BOX = "B-1"
A4_200DPI = (1654, 2339)
SMALL = (850, 1200)  # a smaller sheet, enough for the QR and quicker to process


# --------------------------------------------------------------------------- #
# Building scans


def sheet(
    serial: int | None,
    *,
    box: str = BOX,
    office: int = OFFICE,
    size: tuple[int, int] = SMALL,
    seed: int = 0,
    module: int = 5,
    grain: bool = False,
) -> Image.Image:
    """A grayscale form as a scanner sees it: text-like strokes and the form's QR code."""
    rng = random.Random(seed * 1_000_003 + (serial or 0))
    page = Image.new("L", size, 246)
    draw = ImageDraw.Draw(page)
    width, height = size
    for y in range(height // 5, height - 80, 34):
        x = 60
        while x < width - 120:
            word = rng.randint(15, 90)
            draw.rectangle((x, y, x + word, y + 12), fill=rng.randint(20, 90))
            x += word + rng.randint(10, 25)
    if serial is not None:
        matrix = qr_matrix(form_qr_payload(office, box, serial))
        n = len(matrix)
        code = Image.new("L", (n, n))
        code.putdata([0 if dark else 255 for row in matrix for dark in row])
        page.paste(code.resize((n * module, n * module), Image.Resampling.NEAREST), (40, 40))
    if grain:
        noise = Image.effect_noise(size, 10)
        page = Image.blend(page, noise, 0.3)
    return page


def save(image: Image.Image, path: Path, **options: object) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    image.save(path, **options)
    return path


def tiff(path: Path, images: list[Image.Image], **options: object) -> Path:
    return save(images[0], path, format="TIFF", save_all=True, append_images=images[1:], **options)


def pdf_of(path: Path, images: list[Image.Image]) -> Path:
    """A scanned PDF: each page an embedded JPEG, as scanners write them."""
    return save(
        images[0], path, format="PDF", save_all=True, append_images=images[1:], resolution=200.0
    )


def vector_form_pdf(path: Path, serials: list[int]) -> Path:
    """A PDF drawn from vectors, like a printed blank form."""
    canvas = Canvas(str(path), pagesize=A4)
    for serial in serials:
        draw_qr(canvas, form_qr_payload(OFFICE, BOX, serial), 15 * mm, A4[1] - 45 * mm, 30 * mm)
        for i in range(20):
            canvas.rect(20 * mm, 200 * mm - i * 8 * mm, 170 * mm, 0.3 * mm, stroke=0, fill=1)
        canvas.showPage()
    canvas.save()
    return path


def png_bytes(image: Image.Image) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()


# --------------------------------------------------------------------------- #
# Fixtures


@pytest.fixture
def entry(session_for) -> Session:
    return session_for(Role.DATA_ENTRY)  # type: ignore[no-any-return]


def make_opening(session: Session, code: str = BOX, days_ago: int = 1) -> int:
    box = ComplaintBox.get_or_none(ComplaintBox.code == code)
    if box is None:
        unit = lists.list_units(session)[0].id
        box = ComplaintBox.create(code=code, location="ورودی ساختمان", unit=unit)
    opening = BoxOpening.create(
        box=box.id,
        opened_on=dt.date.today() - dt.timedelta(days=days_ago),
        forms_found=10,
        opened_by=session.user_id,
    )
    return int(opening.id)


@pytest.fixture
def opening(entry: Session) -> int:
    return make_opening(entry)


def serials(session: Session, opening_id: int) -> list[int | None]:
    return [page.form_serial for page in scans.pages(session, opening_id)]


# --------------------------------------------------------------------------- #
# Import: QR codes, formats, storage


def test_qr_codes_are_read_and_serials_match(entry: Session, opening: int, tmp_path: Path) -> None:
    folder = tmp_path / "scans"
    save(sheet(1, size=A4_200DPI), folder / "scan-1.png")
    save(sheet(2, size=A4_200DPI, grain=True), folder / "scan-2.jpg", quality=85)
    tiff(folder / "scan-3.tif", [sheet(3), sheet(4), sheet(None)], compression="tiff_lzw")
    pdf_of(folder / "scan-10.pdf", [sheet(5, size=A4_200DPI), sheet(6, size=A4_200DPI)])
    seen: list[scans.ImportProgress] = []

    report = scans.import_files(entry, opening, [folder], progress=seen.append)

    assert (report.added, report.skipped_existing, report.problems) == (7, 0, [])
    assert not report.cancelled
    pages = scans.pages(entry, opening)
    assert [p.form_serial for p in pages] == [1, 2, 3, 4, None, 5, 6]
    assert [p.position for p in pages] == list(range(1, 8))
    assert [p.box_code for p in pages] == [BOX] * 4 + [None] + [BOX] * 2
    # Name order as a person reads it: scan-10 after scan-3.
    assert [(p.source_name, p.page_index) for p in pages][2:5] == [
        ("scan-3.tif", 0),
        ("scan-3.tif", 1),
        ("scan-3.tif", 2),
    ]
    assert {p.state for p in pages} == {ScanState.PENDING}
    assert all(p.duplicate_of is None and p.qr_note is None for p in pages)
    assert seen[-1].done_pages == seen[-1].total_pages_known == 7
    assert [s.done_pages for s in seen] == sorted(s.done_pages for s in seen)


def test_jpeg_and_png_keep_their_own_bytes(entry: Session, opening: int, tmp_path: Path) -> None:
    png = save(sheet(1), tmp_path / "a.png")
    jpeg = save(sheet(2), tmp_path / "b.jpg", quality=80)
    scans.import_files(entry, opening, [png, jpeg])
    first, second = scans.pages(entry, opening)
    assert scans.page_image(entry, first.id) == png.read_bytes()
    assert scans.page_image(entry, second.id) == jpeg.read_bytes()
    assert (first.width, first.height) == SMALL
    thumbnail = Image.open(io.BytesIO(scans.page_thumbnail(entry, first.id)))
    assert thumbnail.format == "PNG"
    assert thumbnail.size == (scans.THUMB_WIDTH, round(SMALL[1] * scans.THUMB_WIDTH / SMALL[0]))


def test_a_multi_page_bilevel_tiff_gives_one_png_page_each(
    entry: Session, opening: int, tmp_path: Path
) -> None:
    frames = [
        sheet(n, size=A4_200DPI).point(lambda v: 255 if v > 128 else 0).convert("1")
        for n in (7, 8, 9)
    ]
    path = tiff(tmp_path / "fax.tif", frames, compression="group4")
    report = scans.import_files(entry, opening, [path])
    assert report.added == 3
    pages = scans.pages(entry, opening)
    assert [(p.page_index, p.form_serial) for p in pages] == [(0, 7), (1, 8), (2, 9)]
    stored = Image.open(io.BytesIO(scans.page_image(entry, pages[1].id)))
    assert (stored.format, stored.mode, stored.size) == ("PNG", "1", A4_200DPI)


def test_pdf_pages_are_rendered_at_200_dpi_grayscale(
    entry: Session, opening: int, tmp_path: Path
) -> None:
    vector = vector_form_pdf(tmp_path / "forms.pdf", [11, 12])
    scanned = pdf_of(tmp_path / "scanned.pdf", [sheet(13, size=A4_200DPI, grain=True)])
    report = scans.import_files(entry, opening, [vector, scanned])
    assert (report.added, report.problems) == (3, [])
    pages = scans.pages(entry, opening)
    assert [p.form_serial for p in pages] == [11, 12, 13]
    for page in pages:
        assert abs(page.width - 1654) <= 2 and abs(page.height - 2339) <= 2
    clean = Image.open(io.BytesIO(scans.page_image(entry, pages[0].id)))
    grainy = Image.open(io.BytesIO(scans.page_image(entry, pages[2].id)))
    # A page drawn from vectors stays lossless; a grainy scan is far smaller as JPEG.
    assert (clean.format, clean.mode) == ("PNG", "L")
    assert (grainy.format, grainy.mode) == ("JPEG", "L")


def test_a_100_megapixel_tiff_is_scaled_down(entry: Session, opening: int, tmp_path: Path) -> None:
    huge = Image.new("L", (8000, 12500), 250)
    huge.paste(sheet(21, size=(2000, 2000), module=14), (300, 300))
    path = save(huge, tmp_path / "huge.tif", compression="tiff_lzw")
    del huge
    report = scans.import_files(entry, opening, [path])
    assert (report.added, report.problems) == (1, [])
    (page,) = scans.pages(entry, opening)
    assert (page.width, page.height) == (2560, scans.MAX_SIDE)
    assert page.form_serial == 21
    stored = Image.open(io.BytesIO(scans.page_image(entry, page.id)))
    assert stored.size == (2560, 4000)


def test_a_large_jpeg_is_scaled_and_stays_a_jpeg(
    entry: Session, opening: int, tmp_path: Path
) -> None:
    path = save(sheet(22, size=(5000, 7000), module=12), tmp_path / "camera.jpg", quality=90)
    scans.import_files(entry, opening, [path])
    (page,) = scans.pages(entry, opening)
    assert max(page.width, page.height) == scans.MAX_SIDE and page.form_serial == 22
    assert scans.page_image(entry, page.id)[:3] == b"\xff\xd8\xff"


def test_printed_forms_scanned_back_are_read(
    admin: Session, entry: Session, tmp_path: Path
) -> None:
    """Print forms → rasterise the PDF as a scanner would → import → the serials match."""
    unit = lists.list_units(admin)[0].id
    box = boxes.create_box(admin, "B-7", "سالن انتظار", unit)
    batch = boxes.print_forms(entry, box.id, 3)
    opened = boxes.open_box(
        entry,
        boxes.OpeningInput(
            box.id, dt.date.today(), (boxes.Member("رضا کریمی"), boxes.Member("مریم احمدی")), 3
        ),
    )
    document = pypdfium2.PdfDocument(boxes.form_batch_pdf(entry, batch.id))
    folder = tmp_path / "scanner"
    for i in range(len(document)):
        page = document[i].render(scale=200 / 72, grayscale=True).to_pil()
        page = page.rotate(0.6 * (i - 1), Image.Resampling.BILINEAR, fillcolor=255)
        save(page, folder / f"scan{i + 1}.jpg", quality=80)
    document.close()
    report = scans.import_files(entry, opened.id, [folder])
    assert (report.added, report.problems) == (3, [])
    expected = list(range(batch.first_serial, batch.last_serial + 1))
    assert serials(entry, opened.id) == expected
    assert {p.box_code for p in scans.pages(entry, opened.id)} == {"B-7"}


def test_a_camera_photo_is_shown_upright(entry: Session, opening: int, tmp_path: Path) -> None:
    upright = sheet(23)
    lying = upright.transpose(Image.Transpose.ROTATE_90)  # as the camera stored it
    exif = Image.Exif()
    exif[0x0112] = 6  # "rotate 90° clockwise to view"
    path = save(lying, tmp_path / "phone.jpg", exif=exif.tobytes(), quality=90)
    scans.import_files(entry, opening, [path])
    (page,) = scans.pages(entry, opening)
    assert (page.width, page.height, page.form_serial) == (*SMALL, 23)
    assert scans.page_image(entry, page.id) == path.read_bytes()  # the evidence as it came
    thumbnail = Image.open(io.BytesIO(scans.page_thumbnail(entry, page.id)))
    assert thumbnail.width == scans.THUMB_WIDTH and thumbnail.height > thumbnail.width


def test_sixteen_bit_and_colour_pages(entry: Session, opening: int, tmp_path: Path) -> None:
    deep = sheet(24).convert("I").point(lambda v: v * 256).convert("I;16")
    colour = sheet(25).convert("RGBA")
    paths = [save(deep, tmp_path / "deep.tif"), save(colour, tmp_path / "colour.png")]
    report = scans.import_files(entry, opening, paths)
    assert (report.added, report.problems) == (2, [])
    assert serials(entry, opening) == [24, 25]


def test_control_characters_leave_file_names(entry: Session, opening: int, tmp_path: Path) -> None:
    path = save(sheet(26), tmp_path / "scan\u202e1.png")
    scans.import_files(entry, opening, [path])
    assert [p.source_name for p in scans.pages(entry, opening)] == ["scan1.png"]


# --------------------------------------------------------------------------- #
# Import: no duplicates, crashes, cancelling


def test_importing_the_same_folder_twice_adds_nothing(
    entry: Session, opening: int, tmp_path: Path
) -> None:
    folder = tmp_path / "scans"
    for n in range(1, 4):
        save(sheet(n), folder / f"{n}.png")
    tiff(folder / "more.tif", [sheet(4), sheet(5)])
    first = scans.import_files(entry, opening, [folder])
    again = scans.import_files(entry, opening, [folder])
    copy = save(Image.open(folder / "1.png"), tmp_path / "elsewhere" / "copy.png")
    copy.write_bytes((folder / "1.png").read_bytes())  # the same scan under another name
    third = scans.import_files(entry, opening, [copy])
    assert (first.added, again.added, again.skipped_existing, again.problems) == (5, 0, 5, [])
    assert (third.added, third.skipped_existing) == (0, 1)
    assert ScanPage.select().count() == 5


def test_pages_imported_into_another_opening_are_not_added_again(
    entry: Session, opening: int, tmp_path: Path
) -> None:
    path = save(sheet(1), tmp_path / "1.png")
    scans.import_files(entry, opening, [path])
    other = make_opening(entry, "B-2")
    report = scans.import_files(entry, other, [path])
    assert (report.added, report.skipped_existing) == (0, 1)
    assert "بازگشایی دیگری" in report.problems[0] and "1.png" in report.problems[0]


def test_cancelling_keeps_what_was_imported(entry: Session, opening: int, tmp_path: Path) -> None:
    paths = [save(sheet(n), tmp_path / f"{n}.png") for n in range(1, 6)]
    seen: list[int] = []

    def progress(state: scans.ImportProgress) -> None:
        seen.append(state.done_pages)

    report = scans.import_files(
        entry, opening, paths, progress=progress, cancelled=lambda: max(seen, default=0) >= 2
    )
    assert report.cancelled and report.added == 2
    rest = scans.import_files(entry, opening, paths)
    assert (rest.added, rest.skipped_existing) == (3, 2)
    assert serials(entry, opening) == [1, 2, 3, 4, 5]


def test_an_error_raised_midway_loses_nothing(entry: Session, opening: int, tmp_path: Path) -> None:
    paths = [save(sheet(n), tmp_path / f"{n}.png") for n in range(1, 5)]

    def crash(state: scans.ImportProgress) -> None:
        if state.done_pages == 2:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        scans.import_files(entry, opening, paths, progress=crash)
    assert serials(entry, opening) == [1, 2]
    resumed = scans.import_files(entry, opening, paths)
    assert (resumed.added, resumed.skipped_existing) == (2, 2)
    assert serials(entry, opening) == [1, 2, 3, 4]


IMPORTER = textwrap.dedent(
    """
    import sys, time
    from app import scans, users
    from db.schema import open_database

    open_database(sys.argv[1])
    session = users.login("user_data_entry", "user-pass-1")

    def progress(state):
        print(state.done_pages, flush=True)
        time.sleep(0.05)

    scans.import_files(session, int(sys.argv[2]), [sys.argv[3]], progress=progress)
    print("finished", flush=True)
    """
)


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs POSIX kill -9")
def test_kill_minus_nine_midway_loses_no_page_and_resumes_without_duplicates(
    entry: Session, opening: int, db_path: Path, tmp_path: Path
) -> None:
    folder = tmp_path / "scans"
    for n in range(1, 9):
        save(sheet(n), folder / f"scan-{n:02d}.png")
    pdf_of(folder / "scan-09.pdf", [sheet(n) for n in range(9, 15)])
    database_proxy.obj.close()
    process = subprocess.Popen(
        [sys.executable, "-c", IMPORTER, str(db_path), str(opening), str(folder)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    assert process.stdout is not None and process.stderr is not None
    done = 0
    while done < 4:
        line = process.stdout.readline()
        if not line or line.startswith("finished"):
            raise AssertionError(f"the importer ended early: {process.stderr.read()}")
        done = int(line)
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    process.stdout.close()
    process.stderr.close()

    with sqlite3.connect(db_path) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        kept = connection.execute("SELECT count(*) FROM scan_page").fetchone()[0]
    connection.close()
    assert done <= kept < 14  # every page it reported is there; it was stopped midway

    report = scans.import_files(entry, opening, [folder])
    assert (report.added, report.skipped_existing, report.problems) == (14 - kept, kept, [])
    pages = scans.pages(entry, opening)
    assert [p.form_serial for p in pages] == list(range(1, 15))
    assert [p.position for p in pages] == list(range(1, 15))
    for page in pages:
        assert scans.page_image(entry, page.id) and scans.page_thumbnail(entry, page.id)
    assert audit.verify_chain().ok


# --------------------------------------------------------------------------- #
# Import: duplicates and forms of elsewhere


def test_a_duplicate_serial_is_reported(entry: Session, opening: int, tmp_path: Path) -> None:
    first = save(sheet(31, seed=1), tmp_path / "first.png")
    again = save(sheet(31, seed=2), tmp_path / "again.png")  # another sheet, same serial
    report = scans.import_files(entry, opening, [first, again])
    assert report.added == 2
    assert len(report.problems) == 1 and "again.png" in report.problems[0]
    assert "تکراری" in report.problems[0] and "۳۱" in report.problems[0]
    original, copy = scans.pages(entry, opening)
    assert (original.duplicate_of, copy.duplicate_of) == (None, original.id)
    assert copy.state == ScanState.PENDING  # only the user marks it

    # Once the second is entered, the first points to it, with its tracking code.
    registered = scans.enter_complaint(entry, copy.id, complaint_input(entry))
    original, copy = scans.pages(entry, opening)
    assert (original.duplicate_of, copy.duplicate_of) == (copy.id, None)
    assert original.duplicate_tracking_code == registered.tracking_code

    # A later opening bringing the same form back is flagged too.
    later = make_opening(entry)
    scans.import_files(entry, later, [save(sheet(31, seed=3), tmp_path / "late.png")])
    (late,) = scans.pages(entry, later)
    assert (late.duplicate_of, late.duplicate_tracking_code) == (copy.id, registered.tracking_code)


def test_forms_of_another_box_or_office_stay_pending_with_a_note(
    entry: Session, opening: int, tmp_path: Path
) -> None:
    other_box = save(sheet(41, box="B-9"), tmp_path / "box9.png")
    other_office = save(sheet(42, office=456), tmp_path / "office456.png")
    report = scans.import_files(entry, opening, [other_box, other_office])
    assert report.added == 2
    box_note, office_note = report.problems
    assert "box9.png" in box_note and "B-9" in box_note and BOX in box_note
    assert "office456.png" in office_note and "۴۵۶" in office_note
    wrong_box, wrong_office = scans.pages(entry, opening)
    assert (wrong_box.box_code, wrong_box.form_serial) == ("B-9", 41)
    assert (wrong_office.box_code, wrong_office.form_serial) == (None, None)
    assert wrong_box.state == wrong_office.state == ScanState.PENDING
    assert wrong_box.qr_note and wrong_office.qr_note


# --------------------------------------------------------------------------- #
# Import: bad input


def huge_png_header(path: Path, side: int = 30_000) -> Path:
    """A PNG that claims side × side pixels: what a decompression bomb looks like."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    ihdr = struct.pack(">IIBBBBB", side, side, 8, 0, 0, 0, 0)
    body = chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(b"\x00" * 64)) + chunk(b"IEND", b"")
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + body)
    return path


def locked_pdf(path: Path) -> Path:
    canvas = Canvas(str(path), encrypt=pdfencrypt.StandardEncryption("secret", canModify=0))
    canvas.drawString(100, 100, "form")
    canvas.showPage()
    canvas.save()
    return path


def test_bad_files_give_persian_problems_and_the_rest_imports(
    entry: Session, opening: int, tmp_path: Path
) -> None:
    folder = tmp_path / "scans"
    good = [save(sheet(n), folder / f"good-{n}.png") for n in (1, 2)]
    (folder / "corrupt.png").write_bytes(b"\x89PNG\r\n\x1a\n" + os.urandom(3000))
    whole = io.BytesIO()
    sheet(3).save(whole, "JPEG")
    (folder / "truncated.jpg").write_bytes(whole.getvalue()[: len(whole.getvalue()) // 2])
    (folder / "notes.txt").write_text("یادداشت", encoding="utf-8")
    save(sheet(4), folder / "photo.gif")
    (folder / "empty.png").write_bytes(b"")
    huge_png_header(folder / "bomb.png")
    locked_pdf(folder / "locked.pdf")
    (folder / "broken.pdf").write_bytes(b"%PDF-1.4\n" + os.urandom(500))
    (folder / "sub").mkdir()  # folders inside are not walked into
    save(sheet(5), folder / "sub" / "inner.png")

    report = scans.import_files(entry, opening, [folder, tmp_path / "missing.png"])

    assert report.added == 2 and serials(entry, opening) == [1, 2]
    named = (
        "corrupt.png",
        "truncated.jpg",
        "notes.txt",
        "photo.gif",
        "empty.png",
        "bomb.png",
        "locked.pdf",
        "broken.pdf",
        "missing.png",
    )
    assert len(report.problems) == len(named), report.problems
    for name in named:  # each name kept whole in its own direction (FSI … PDI)
        (line,) = [p for p in report.problems if f"«{isolated(name)}»" in p]
        assert any("\u0600" <= c <= "\u06ff" for c in line), line
    assert any("گذرواژه" in p for p in report.problems)
    assert any("پشتیبانی نمی‌شود" in p and "notes.txt" in p for p in report.problems)
    assert [p.source_name for p in scans.pages(entry, opening)] == [g.name for g in good]


def test_a_file_vanishing_during_import_is_reported(
    entry: Session, opening: int, tmp_path: Path
) -> None:
    folder = tmp_path / "scans"
    paths = [save(sheet(n), folder / f"{n}.png") for n in (1, 2, 3)]

    def progress(state: scans.ImportProgress) -> None:
        if state.current_file == "1.png" and state.done_pages == 1:
            paths[1].unlink()  # the scanner software moves it away

    report = scans.import_files(entry, opening, [folder], progress=progress)
    assert serials(entry, opening) == [1, 3]
    (problem,) = report.problems
    assert f"«{isolated('2.png')}»" in problem and "پیدا نشد" in problem


def test_an_empty_folder_is_reported(entry: Session, opening: int, tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    report = scans.import_files(entry, opening, [tmp_path / "empty"])
    assert report.added == 0
    assert report.problems == [f"پوشه‌ی «{isolated('empty')}» پرونده‌ای ندارد."]


def test_a_broken_page_of_a_tiff_does_not_stop_the_others(
    entry: Session, opening: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tiff(tmp_path / "three.tif", [sheet(1), sheet(2), sheet(3)])
    real = scans._prepare

    def flaky(raw: scans._Raw) -> scans._Prepared:
        prepared = real(raw)
        if prepared.qr_text and prepared.qr_text.endswith("00000002"):
            raise OSError("broken data stream")
        return prepared

    monkeypatch.setattr(scans, "_prepare", flaky)
    report = scans.import_files(entry, opening, [path])
    assert serials(entry, opening) == [1, 3]
    assert report.problems == [
        f"صفحه‌ی ۲ از «{isolated('three.tif')}» خوانده نشد؛ تصویر ناقص یا آسیب‌دیده است."
    ]


def test_importing_into_a_missing_opening_is_refused(entry: Session, tmp_path: Path) -> None:
    with pytest.raises(NotFound):
        scans.import_files(entry, 999, [save(sheet(1), tmp_path / "1.png")])


# --------------------------------------------------------------------------- #
# Working through the pages


@pytest.fixture
def four_pages(entry: Session, opening: int, tmp_path: Path) -> list[scans.PageInfo]:
    scans.import_files(entry, opening, [save(sheet(n), tmp_path / f"{n}.png") for n in range(1, 5)])
    return scans.pages(entry, opening)


def test_next_pending_skips_and_wraps_round(
    entry: Session, opening: int, four_pages: list[scans.PageInfo]
) -> None:
    one, two, three, four = four_pages
    assert scans.next_pending(entry, opening) == one
    # Skipping the first page: the next after it.
    assert scans.next_pending(entry, opening, after_position=one.position) == two
    scans.mark_page(entry, two.id, ScanState.BLANK)
    assert scans.next_pending(entry, opening, after_position=two.position) == three
    scans.mark_page(entry, three.id, ScanState.BACK_SIDE)
    assert scans.next_pending(entry, opening, after_position=three.position) == four
    # Past the last page, the skipped first page comes back.
    scans.mark_page(entry, four.id, ScanState.NOT_ADMISSIBLE)
    assert scans.next_pending(entry, opening, after_position=four.position) == one
    assert scans.next_pending(entry, opening, after_position=one.position) == one
    scans.mark_page(entry, one.id, ScanState.DUPLICATE)
    assert scans.next_pending(entry, opening) is None


def test_mark_page_and_progress(
    entry: Session, opening: int, four_pages: list[scans.PageInfo]
) -> None:
    one, two, three, _ = four_pages
    marked = scans.mark_page(entry, one.id, ScanState.BLANK)
    assert marked.state == ScanState.BLANK
    scans.mark_page(entry, two.id, ScanState.DUPLICATE)
    scans.enter_complaint(entry, three.id, complaint_input(entry))
    progress = scans.opening_progress(entry, opening)
    assert progress == {
        ScanState.PENDING: 1,
        ScanState.ENTERED: 1,
        ScanState.BLANK: 1,
        ScanState.BACK_SIDE: 0,
        ScanState.NOT_ADMISSIBLE: 0,
        ScanState.DUPLICATE: 1,
    }
    assert scans.mark_page(entry, one.id, ScanState.PENDING).state == ScanState.PENDING
    with pytest.raises(ValidationError):
        scans.mark_page(entry, two.id, ScanState.ENTERED)
    with pytest.raises(ValidationError):
        scans.mark_page(entry, three.id, ScanState.BLANK)  # it has its complaint
    page = ScanPage.get_by_id(one.id)
    assert page.version == 3 and page.handled_by is None
    assert ScanPage.get_by_id(two.id).handled_by.id == entry.user_id
    assert audit.verify_chain().ok


def test_the_opening_closes_when_no_page_is_pending(
    entry: Session, opening: int, four_pages: list[scans.PageInfo], tmp_path: Path
) -> None:
    assert not scans.close_opening_if_done(entry, opening)
    for page in four_pages[:3]:
        scans.mark_page(entry, page.id, ScanState.BLANK)
    assert not scans.close_opening_if_done(entry, opening)
    scans.enter_complaint(entry, four_pages[3].id, complaint_input(entry))
    assert scans.close_opening_if_done(entry, opening)
    assert BoxOpening.get_by_id(opening).closed
    # A page put back to pending, or a late scan, opens it again.
    scans.mark_page(entry, four_pages[0].id, ScanState.PENDING)
    assert not BoxOpening.get_by_id(opening).closed
    scans.mark_page(entry, four_pages[0].id, ScanState.BLANK)
    assert scans.close_opening_if_done(entry, opening)
    scans.import_files(entry, opening, [save(sheet(9), tmp_path / "late.png")])
    assert not BoxOpening.get_by_id(opening).closed
    assert not scans.close_opening_if_done(entry, make_opening(entry))  # nothing imported yet


def test_enter_complaint_registers_from_the_box_and_links_the_page(
    entry: Session, opening: int, four_pages: list[scans.PageInfo]
) -> None:
    page = four_pages[0]
    data = complaint_input(entry, channel=Channel.WALK_IN, received_on=None)
    registered = scans.enter_complaint(entry, page.id, data)
    complaint = Complaint.get_by_id(registered.complaint_id)
    assert complaint.channel == Channel.BOX.value
    assert complaint.received_on == BoxOpening.get_by_id(opening).opened_on
    entered = scans.page_info(entry, page.id)
    assert (entered.state, entered.complaint_id) == (ScanState.ENTERED, registered.complaint_id)
    assert scans.scans_of_complaint(entry, registered.complaint_id) == [entered]
    assert scans.next_pending(entry, opening) == four_pages[1]
    with pytest.raises(ValidationError):
        scans.enter_complaint(entry, page.id, data)  # not pending any more
    assert Complaint.select().count() == 1
    assert audit.verify_chain().ok


def test_a_failing_registration_leaves_the_page_pending(
    entry: Session,
    opening: int,
    four_pages: list[scans.PageInfo],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    page = four_pages[0]
    with pytest.raises(ValidationError):
        scans.enter_complaint(entry, page.id, complaint_input(entry, subject=" "))
    # A failure after the complaint is saved undoes the complaint too: one transaction.
    monkeypatch.setattr(scans, "_set_state", _explode)
    with pytest.raises(RuntimeError):
        scans.enter_complaint(entry, page.id, complaint_input(entry))
    assert Complaint.select().count() == 0
    assert scans.page_info(entry, page.id).state == ScanState.PENDING
    monkeypatch.undo()
    registered = scans.enter_complaint(entry, page.id, complaint_input(entry))
    assert Complaint.get_by_id(registered.complaint_id).serial == 1  # the counter rolled back


def _explode(*args: object, **kwargs: object) -> None:
    raise RuntimeError("disk pulled out")


# --------------------------------------------------------------------------- #
# Who may do what


def test_roles(
    session_for,
    entry: Session,
    opening: int,
    tmp_path: Path,
) -> None:
    path = save(sheet(1), tmp_path / "1.png")
    clerk, inspector, admin = (session_for(r) for r in (Role.CLERK, Role.INSPECTOR, Role.ADMIN))
    manager = session_for(Role.MANAGER)
    for someone in (clerk, inspector, admin):
        with pytest.raises(PermissionDenied):
            scans.import_files(someone, opening, [path])
    assert scans.import_files(manager, opening, [path]).added == 1
    (page,) = scans.pages(manager, opening)
    for someone in (clerk, inspector, admin):
        for call in (
            lambda s: scans.pages(s, opening),
            lambda s: scans.next_pending(s, opening),
            lambda s: scans.mark_page(s, page.id, ScanState.BLANK),
            lambda s: scans.enter_complaint(s, page.id, complaint_input(entry)),
            lambda s: scans.page_image(s, page.id),  # not entered yet: data entry only
            lambda s: scans.close_opening_if_done(s, opening),
        ):
            with pytest.raises(PermissionDenied):
                call(someone)
    assert scans.opening_progress(clerk, opening)[ScanState.PENDING] == 1


def test_who_sees_the_scan_of_an_entered_complaint(
    session_for,
    entry: Session,
    opening: int,
    tmp_path: Path,
) -> None:
    paths = [save(sheet(n), tmp_path / f"{n}.png") for n in (1, 2)]
    scans.import_files(entry, opening, paths)
    named, secret = scans.pages(entry, opening)
    scans.enter_complaint(entry, named.id, complaint_input(entry))
    registered = scans.enter_complaint(
        entry, secret.id, complaint_input(entry, identity=Identity.CONFIDENTIAL)
    )
    clerk, inspector = session_for(Role.CLERK), session_for(Role.INSPECTOR)
    assert scans.page_image(clerk, named.id) == paths[0].read_bytes()
    assert scans.page_thumbnail(clerk, named.id)
    with pytest.raises(PermissionDenied):
        scans.page_image(clerk, secret.id)  # the form names a confidential complainant
    assert scans.page_image(inspector, secret.id) == paths[1].read_bytes()
    (shown,) = scans.scans_of_complaint(clerk, registered.complaint_id)
    assert shown.id == secret.id


def test_stored_files_are_content_addressed(entry: Session, opening: int, tmp_path: Path) -> None:
    path = save(sheet(1), tmp_path / "1.png")
    scans.import_files(entry, opening, [path])
    (page,) = scans.pages(entry, opening)
    record = ScanPage.get_by_id(page.id)
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    assert record.__data__["image"] == record.source_sha256 == digest
    assert files.info(digest) == files.FileInfo(digest, "image/png", path.stat().st_size)


def test_a_300_page_pdf_is_imported_page_by_page(
    entry: Session, opening: int, tmp_path: Path
) -> None:
    # Small pages keep the test quick; the point is the count and that pages stream through.
    path = tmp_path / "feeder.pdf"
    canvas = Canvas(str(path), pagesize=(100, 140))
    for number in range(300):
        canvas.drawString(10, 70, f"sheet {number}")
        canvas.showPage()
    canvas.save()
    seen: list[int] = []
    report = scans.import_files(
        entry, opening, [path], progress=lambda p: seen.append(p.done_pages)
    )
    assert (report.added, report.problems) == (300, [])
    assert [p.page_index for p in scans.pages(entry, opening)] == list(range(300))
    assert seen[-1] == 300 and seen == sorted(seen)


def test_a_complaint_is_found_by_the_number_printed_on_its_form(
    entry: Session, opening: int, tmp_path: Path
) -> None:
    from app import lookup
    from tests.app.helpers import complaint_input

    scans.import_files(entry, opening, [save(sheet(42), tmp_path / "42.png")])
    (page,) = scans.pages(entry, opening)
    assert page.form_serial == 42
    registered = scans.enter_complaint(entry, page.id, complaint_input(entry))
    query = lookup.parse_query("۴۲")
    assert query.form_serial == 42
    assert [row.tracking_code for row in lookup.page(entry, query)] == [registered.tracking_code]
    assert lookup.page(entry, lookup.parse_query("43")) == []
