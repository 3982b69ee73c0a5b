"""Scanned complaint-box forms: importing pages into a box opening, and working through them.

Import
    ``import_files`` takes image files (JPEG, PNG, TIFF including multi-page TIFF), PDFs and
    folders (their files in name order, not recursive). Every page becomes a pending
    ``ScanPage`` of the opening, written in its own write transaction together with its image
    and thumbnail, so a crash loses no committed page. A page is identified by the sha256 of
    its source file and its index in that file (a unique index): importing the same file
    again, or resuming an interrupted import, adds nothing for pages already there. Bad input
    never raises: each problem becomes a Persian line of ``ImportReport.problems``.

Storage (all through ``app.files``, content-addressed)
    - a single-page JPEG or PNG keeps its own bytes, the original evidence;
    - a TIFF page is stored as PNG (lossless; a bilevel scan stays 1-bit);
    - a PDF page is rendered with pypdfium2 at 200 dpi in grayscale and stored as PNG when
      that is at most twice the size of a JPEG of it, else as JPEG quality 85. Both are tried
      on three strips of the page (an eighth of it), not on the whole page: a page drawn
      from vectors or a clean scan is smaller or no larger as PNG, while a scanned sheet
      with paper grain is two to three times smaller as JPEG, at no loss a reader could see
      (measured in tests/benchmarks/bench_scans.py);
    - PNG is written with zlib's run-length strategy (``PNG_OPTIONS``), smaller and faster
      on scans than the default at any level;
    - a page longer than ``MAX_SIDE`` pixels on its long side is scaled down first (a
      100-megapixel TIFF); a resized JPEG is stored as JPEG quality 90, anything else as PNG;
    - the thumbnail is a PNG ``THUMB_WIDTH`` pixels wide.

QR codes
    Read with zxing-cpp (QR only) on a reduced grayscale copy, then at full resolution when
    nothing was found, and parsed with ``app.boxes.parse_form_qr``. The box code and the form
    serial are filled in when the form belongs to this office; a form of another office or
    another box stays pending with a note in the report. A serial seen on another page is
    told by ``PageInfo.duplicate_of``; only the user marks a page DUPLICATE.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import io
import re
import threading
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, cast

import pypdfium2
import zxingcpp
from peewee import JOIN, IntegrityError, fn
from PIL import Image

from app import audit, files, log
from app.errors import NotFound, ValidationError
from app.permissions import Action, Session, allowed, require
from app.persian import clean_line, isolated, ltr, to_persian_digits
from app.registration import ComplaintInput, Registered, register_complaint
from app.vocabulary import Channel, Identity, ScanState
from db.connection import write_transaction
from db.models import BoxOpening, Complaint, ComplaintBox, Office, ScanPage, model_to_dict

_log = log.get("scans")

if TYPE_CHECKING:
    from app.boxes import FormCode

MAX_SIDE = 4000  # long side of a stored page image, in pixels
THUMB_WIDTH = 200
PDF_DPI = 200
JPEG_QUALITY = 85  # a rendered PDF page, when PNG would be much larger
RESIZED_JPEG_QUALITY = 90  # a camera or scanner JPEG scaled down to MAX_SIDE
# PNG with zlib's run-length strategy: on a 200 dpi A4 page it is both smaller and faster
# than the default (grainy grayscale scan: 1.61 MB in 120 ms against 1.95 MB in 134 ms at
# level 1 and 1.66 MB in 920 ms at level 6; clean page 16 KB against 37 KB; bilevel 8 KB
# against 11 KB, ~10 ms), and the level makes no difference to it.
PNG_OPTIONS: dict[str, Any] = {"compress_level": 1, "compress_type": 3}  # Z_RLE
QR_SIDE = 1200  # long side of the reduced copy searched for a QR code first
MAX_PIXELS = 250_000_000  # a page image beyond this is refused before it is decoded
MAX_FILE_BYTES = 1 << 30
_HEAD = 1024

# Pillow warns above MAX_IMAGE_PIXELS and refuses above twice that; a 100-megapixel scan is
# legitimate, so the warning starts at our own limit, which we check and report ourselves.
if Image.MAX_IMAGE_PIXELS is not None and Image.MAX_IMAGE_PIXELS < MAX_PIXELS:
    Image.MAX_IMAGE_PIXELS = MAX_PIXELS

_PDFIUM = threading.Lock()  # PDFium is not thread-safe
_QR_ONLY = zxingcpp.BarcodeFormats(zxingcpp.BarcodeFormat.QRCode)

PNG = "image/png"
JPEG = "image/jpeg"
TIFF = "image/tiff"

# States the user may put a page in; ENTERED comes only from enter_complaint.
MARKABLE_STATES: tuple[ScanState, ...] = (
    ScanState.PENDING,
    ScanState.BLANK,
    ScanState.BACK_SIDE,
    ScanState.NOT_ADMISSIBLE,
    ScanState.DUPLICATE,
)


@dataclass(frozen=True)
class ImportProgress:
    done_pages: int
    # Pages of the files opened so far, plus one for each file not opened yet: exact once
    # the last file is opened.
    total_pages_known: int
    current_file: str


@dataclass
class ImportReport:
    added: int = 0
    skipped_existing: int = 0
    problems: list[str] = dataclasses.field(default_factory=list)
    cancelled: bool = False


@dataclass(frozen=True)
class PageInfo:
    id: int
    opening_id: int
    position: int
    state: ScanState
    source_name: str
    page_index: int  # 0-based, within the source file
    width: int
    height: int
    box_code: str | None
    form_serial: int | None
    # Another page (id) carrying the same form serial: the one entered, else the first
    # imported; None for that page itself. With it, the tracking code when it was entered.
    duplicate_of: int | None
    complaint_id: int | None
    duplicate_tracking_code: str | None = None
    qr_note: str | None = None  # Persian: the QR is of another office or box, or not ours


# --------------------------------------------------------------------------- #
# Sources: the files named, or found in the folders named


def _natural_key(name: str) -> list[Any]:
    """Name order as a person reads it: scan2 before scan10."""
    return [int(part) if part.isdigit() else part.casefold() for part in re.split(r"(\d+)", name)]


def _folder_files(folder: Path, problems: list[str]) -> list[Path]:
    try:
        entries = [p for p in folder.iterdir() if not p.name.startswith(".") and p.is_file()]
    except OSError:
        problems.append(f"پوشه‌ی «{isolated(_name(folder))}» خوانده نشد.")
        return []
    if not entries:
        problems.append(f"پوشه‌ی «{isolated(_name(folder))}» پرونده‌ای ندارد.")
    return sorted(entries, key=lambda p: _natural_key(p.name))


def _expand(paths: Iterable[str | Path], problems: list[str]) -> list[Path]:
    found: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found += _folder_files(path, problems)
        elif path.is_file():
            found.append(path)
        else:
            problems.append(f"«{isolated(_name(path))}» پیدا نشد.")
    return found


def _name(path: Path) -> str:
    """A file's name as stored and shown: no bidi controls to reorder a message."""
    return clean_line(path.name)[:300] or "?"


def _media_type(head: bytes) -> str | None:
    if head.startswith((b"II+\x00", b"MM\x00+")):  # BigTIFF
        return TIFF
    if b"%PDF-" in head:  # some writers put bytes before the header
        return files.PDF
    return files.media_type_of(head)


class _Refused(Exception):
    """A file or page that cannot be imported; the message is Persian and names it."""


def _read(path: Path) -> tuple[bytes, str]:
    """The file's bytes and media type, read once (hashed, then decoded from memory)."""
    name = _name(path)
    try:
        with path.open("rb") as stream:
            head = stream.read(_HEAD)
            media_type = _media_type(head)
            if not head:
                raise _Refused(f"«{isolated(name)}» خالی است.")
            if media_type is None:
                raise _Refused(
                    f"قالب «{isolated(name)}» پشتیبانی نمی‌شود؛ "
                    "فقط JPEG، PNG، TIFF و PDF وارد می‌شود."
                )
            if path.stat().st_size > MAX_FILE_BYTES:
                raise _Refused(
                    f"«{isolated(name)}» بیش از یک گیگابایت است؛ آن را در چند پرونده وارد کنید."
                )
            return head + stream.read(), media_type
    except FileNotFoundError:
        raise _Refused(
            f"«{isolated(name)}» پیدا نشد؛ شاید در میانه‌ی کار جابه‌جا یا پاک شده است."
        ) from None
    except PermissionError:
        raise _Refused(f"اجازه‌ی خواندن «{isolated(name)}» نیست.") from None
    except OSError:
        raise _Refused(f"«{isolated(name)}» خوانده نشد.") from None


# --------------------------------------------------------------------------- #
# Documents: the pages of one file, decoded one at a time


@dataclass(frozen=True)
class _Raw:
    """One decoded page, before it is prepared for storing."""

    image: Image.Image
    original: tuple[bytes, str] | None  # the file's own bytes, when they are the page
    rendered: bool  # a PDF page rendered here


class _Document(Protocol):
    """An opened source file: its pages, read one at a time."""

    count: int

    def page(self, index: int) -> _Raw: ...

    def close(self) -> None: ...


def _check_size(size: tuple[int, int]) -> None:
    width, height = size
    if width < 1 or height < 1:
        raise _Refused("ابعاد تصویر نادرست است")
    if width * height > MAX_PIXELS:
        megapixels = to_persian_digits(width * height // 1_000_000)
        raise _Refused(f"تصویر {megapixels} مگاپیکسلی بیش از اندازه بزرگ است")


class _RasterDocument:
    """JPEG and PNG (one page, kept as they are) or TIFF (each frame a page)."""

    def __init__(self, data: bytes, media_type: str) -> None:
        self._data = data
        self._media_type = media_type
        self._image = Image.open(io.BytesIO(data))
        self.count = int(getattr(self._image, "n_frames", 1)) if media_type == TIFF else 1

    def page(self, index: int) -> _Raw:
        if index != self._image.tell():
            self._image.seek(index)
        _check_size(self._image.size)
        keep = None if self._media_type == TIFF else (self._data, self._media_type)
        return _Raw(self._image, keep, rendered=False)

    def close(self) -> None:
        self._image.close()


class _PdfDocument:
    def __init__(self, data: bytes) -> None:
        with _PDFIUM:
            self._pdf = pypdfium2.PdfDocument(data)
            self.count = len(self._pdf)

    def page(self, index: int) -> _Raw:
        with _PDFIUM:
            page = self._pdf[index]
            try:
                width, height = page.get_size()  # points
                scale = min(PDF_DPI / 72, MAX_SIDE / max(width, height, 1.0))
                image = page.render(scale=scale, grayscale=True).to_pil()
            finally:
                page.close()
        return _Raw(image, None, rendered=True)

    def close(self) -> None:
        with _PDFIUM:
            self._pdf.close()


def _open(data: bytes, media_type: str, name: str) -> _Document:
    """The file's pages, or _Refused with a Persian reason naming the file."""
    try:
        if media_type == files.PDF:
            return _PdfDocument(data)
        return _RasterDocument(data, media_type)
    except pypdfium2.PdfiumError as error:
        if getattr(error, "err_code", None) == 4:  # FPDF_ERR_PASSWORD
            message = f"«{isolated(name)}» با گذرواژه قفل شده است؛ نسخه‌ی بی‌گذرواژه را وارد کنید."
            raise _Refused(message) from None
        raise _Refused(f"«{isolated(name)}» پرونده‌ی PDF سالمی نیست.") from None
    except Image.DecompressionBombError:
        raise _Refused(f"تصویر «{isolated(name)}» بیش از اندازه بزرگ است.") from None
    except Exception as exc:  # Pillow raises many kinds on hostile or broken input
        _log.warning("an image was refused: %s", type(exc).__name__)
        raise _Refused(f"«{isolated(name)}» تصویر سالمی نیست یا ناقص است.") from None


# --------------------------------------------------------------------------- #
# Preparing a page: stored image, thumbnail, QR text


@dataclass(frozen=True)
class _Prepared:
    image: bytes
    media_type: str
    thumbnail: bytes
    width: int
    height: int
    qr_text: str | None


def _fit(image: Image.Image) -> tuple[Image.Image, bool]:
    """The image at most MAX_SIDE on its long side (loaded), and whether it was scaled."""
    width, height = image.size
    scale = MAX_SIDE / max(width, height)
    if scale >= 1:
        image.load()
        return image, False
    size = (max(1, round(width * scale)), max(1, round(height * scale)))
    if image.format == "JPEG":
        image.draft(image.mode, size)  # decode at a reduced DCT scale: far less memory
    return image.resize(size, Image.Resampling.LANCZOS, reducing_gap=3.0), True


_TRANSPOSE = {
    2: Image.Transpose.FLIP_LEFT_RIGHT,
    3: Image.Transpose.ROTATE_180,
    4: Image.Transpose.FLIP_TOP_BOTTOM,
    5: Image.Transpose.TRANSPOSE,
    6: Image.Transpose.ROTATE_270,
    7: Image.Transpose.TRANSVERSE,
    8: Image.Transpose.ROTATE_90,
}


def _orientation(image: Image.Image) -> int:
    """The EXIF/TIFF orientation a camera may write (scanners leave it out); 1 is upright."""
    value = image.getexif().get(0x0112, 1)
    return value if isinstance(value, int) else 1


def _upright(image: Image.Image, orientation: int) -> Image.Image:
    method = _TRANSPOSE.get(orientation)
    return image if method is None else image.transpose(method)


_PNG_MODES = frozenset({"1", "L", "LA", "P", "RGB", "RGBA", "I;16"})


def _displayable(image: Image.Image) -> Image.Image:
    """8-bit grayscale or RGB: what thumbnails and the QR reader get."""
    mode = image.mode
    if mode in ("L", "RGB"):
        return image
    if mode.startswith("I"):
        return image.convert("I").point(lambda v: v * (1 / 256)).convert("L")
    if mode in ("RGBA", "LA", "PA") or (mode == "P" and "transparency" in image.info):
        rgba = image.convert("RGBA")
        flat = Image.new("RGB", rgba.size, "white")
        flat.paste(rgba, mask=rgba.getchannel("A"))
        return flat
    if mode in ("1", "F"):
        return image.convert("L")
    return image.convert("RGB")


def _encode(image: Image.Image, kind: str, **options: Any) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, kind, **options)
    return buffer.getvalue()


def _png(image: Image.Image) -> bytes:
    if image.mode not in _PNG_MODES:
        image = _displayable(image)
    return _encode(image, "PNG", **PNG_OPTIONS)


def _strips(image: Image.Image) -> Image.Image:
    """Three horizontal bands (top, middle, bottom; an eighth of the page) as one image."""
    width, height = image.size
    band = max(1, height // 24)
    sample = Image.new(image.mode, (width, band * 3))
    for i, top in enumerate((height // 6, height // 2, height * 5 // 6 - band)):
        sample.paste(image.crop((0, top, width, top + band)), (0, band * i))
    return sample


def _rendered_bytes(image: Image.Image) -> tuple[bytes, str]:
    """A rendered PDF page: PNG unless it would be more than twice the size of a JPEG."""
    sample = _strips(image)
    png_size = len(_encode(sample, "PNG", **PNG_OPTIONS))
    jpeg_size = len(_encode(sample, "JPEG", quality=JPEG_QUALITY))
    if png_size <= 2 * jpeg_size:
        return _png(image), PNG
    return _encode(image, "JPEG", quality=JPEG_QUALITY, optimize=False), JPEG


def _stored_bytes(raw: _Raw, image: Image.Image, scaled: bool) -> tuple[bytes, str]:
    if raw.rendered:
        return _rendered_bytes(image)
    if raw.original is not None and not scaled:
        return raw.original
    if raw.original is not None and raw.original[1] == JPEG:
        return _encode(_displayable(image), "JPEG", quality=RESIZED_JPEG_QUALITY), JPEG
    return _png(image), PNG


def _thumbnail(image: Image.Image) -> bytes:
    width, height = image.size
    size = (THUMB_WIDTH, max(1, round(height * THUMB_WIDTH / width)))
    small = image.resize(size, Image.Resampling.BILINEAR, reducing_gap=2.0)
    return _encode(small, "PNG", **PNG_OPTIONS)


def _read_qr_codes(gray: Image.Image) -> list[str]:
    """QR texts on the page: a reduced copy first (fast), then full resolution."""
    factor = max(1, round(max(gray.size) / QR_SIDE))
    attempts = [gray.reduce(factor), gray] if factor > 1 else [gray]
    for attempt in attempts:
        found = zxingcpp.read_barcodes(
            attempt,
            formats=_QR_ONLY,
            try_rotate=False,  # QR finder patterns are found at any angle anyway
            try_invert=False,
        )
        texts = [str(code.text) for code in found if code.text]
        if texts:
            return texts
    return []


def _qr_text(gray: Image.Image) -> str | None:
    texts = _read_qr_codes(gray)
    ours = [text for text in texts if _parse_form(text) is not None]
    chosen = ours or texts
    return chosen[0][:200] if chosen else None


def _prepare(raw: _Raw) -> _Prepared:
    orientation = _orientation(raw.image)
    image, scaled = _fit(raw.image)
    image = _upright(image, orientation)
    stored, media_type = _stored_bytes(raw, image, scaled)
    shown = _displayable(image)
    gray = shown if shown.mode == "L" else shown.convert("L")
    return _Prepared(
        image=stored,
        media_type=media_type,
        thumbnail=_thumbnail(shown),
        width=image.width,
        height=image.height,
        qr_text=_qr_text(gray),
    )


# --------------------------------------------------------------------------- #
# Form codes


def _parse_form(text: str) -> FormCode | None:
    """The form code of a QR text, or None when it is not one of our forms."""
    from app.boxes import parse_form_qr  # app.boxes imports much more than scans need

    return parse_form_qr(text)


@dataclass(frozen=True)
class _Target:
    """The opening pages are imported into, and what its forms should carry."""

    opening_id: int
    box_code: str
    office_code: str


@dataclass(frozen=True)
class _FormFields:
    box_code: str | None
    form_serial: int | None
    note: str | None  # Persian, without the page's name


def _form_fields(qr_text: str | None, target: _Target) -> _FormFields:
    if qr_text is None:
        return _FormFields(None, None, None)
    code = _parse_form(qr_text)
    if code is None:
        return _FormFields(None, None, "کد QR صفحه از فرم‌های دادرس نیست.")
    if str(code.office_code) != target.office_code:
        office = to_persian_digits(str(code.office_code))
        return _FormFields(None, None, f"فرم از آنِ دفتر دیگری (کد {office}) است.")
    box, serial = str(code.box_code), int(code.serial)
    if box != target.box_code:
        note = f"فرم از صندوق «{ltr(box)}» است، نه صندوق این بازگشایی («{ltr(target.box_code)}»)."
        return _FormFields(box, serial, note)
    return _FormFields(box, serial, None)


def _target(opening_id: int) -> _Target:
    row = (
        BoxOpening.select(BoxOpening.id, ComplaintBox.code)
        .join(ComplaintBox, on=(BoxOpening.box == ComplaintBox.id))
        .where(BoxOpening.id == opening_id)
        .first()
    )
    if row is None:
        raise NotFound("بازگشایی صندوق پیدا نشد.")
    office = Office.select(Office.code).first()
    if office is None:
        raise ValidationError({"office": "دفتر هنوز راه‌اندازی نشده است."})
    return _Target(opening_id, str(row.box.code), str(office.code))


# --------------------------------------------------------------------------- #
# Storing a page


def _reopen(session: Session, opening: BoxOpening) -> None:
    """A closed opening has work again (pages imported, or a page put back to pending)."""
    if not opening.closed:
        return
    before = model_to_dict(opening)
    opening.closed = False
    opening.touch()
    opening.save()
    audit.record(
        session.username,
        "opening_reopened",
        "box_opening",
        str(opening.uid),
        before,
        model_to_dict(opening),
    )
    audit.journal(opening, "update")


def _store(
    session: Session,
    target: _Target,
    source: tuple[str, str],
    index: int,
    page: _Prepared,
    fields: _FormFields,
) -> bool:
    """Write one page, its image and thumbnail in one transaction; False if already there."""
    name, sha = source
    with write_transaction():
        if (
            ScanPage.select()
            .where(ScanPage.source_sha256 == sha, ScanPage.page_index == index)
            .exists()
        ):
            return False
        opening = BoxOpening.get_by_id(target.opening_id)
        last = (
            ScanPage.select(fn.MAX(ScanPage.position))
            .where(ScanPage.opening == target.opening_id)
            .scalar()
        )
        record = ScanPage.create(
            opening=target.opening_id,
            position=int(last or 0) + 1,
            source_name=name,
            source_sha256=sha,
            page_index=index,
            image=files.store(page.image, page.media_type).sha256,
            thumbnail=files.store(page.thumbnail, PNG).sha256,
            width=page.width,
            height=page.height,
            qr_text=page.qr_text,
            box_code=fields.box_code,
            form_serial=fields.form_serial,
        )
        audit.record(
            session.username,
            "scan_imported",
            "scan_page",
            str(record.uid),
            after=model_to_dict(record),
        )
        audit.journal(record, "insert")
        _reopen(session, opening)
    return True


# --------------------------------------------------------------------------- #
# The import


class _Import:
    def __init__(
        self,
        session: Session,
        target: _Target,
        progress: Callable[[ImportProgress], None] | None,
        cancelled: Callable[[], bool] | None,
    ) -> None:
        self.session = session
        self.target = target
        self.progress = progress
        self.cancelled = cancelled
        self.report = ImportReport()
        self.done = 0
        self.total = 0

    def stop(self) -> bool:
        if self.cancelled is not None and self.cancelled():
            self.report.cancelled = True
        return self.report.cancelled

    def tell(self, name: str) -> None:
        if self.progress is not None:
            self.progress(ImportProgress(self.done, self.total, name))

    def note(self, text: str) -> None:
        self.report.problems.append(text)

    def run(self, paths: Sequence[Path]) -> None:
        self.total = len(paths)
        for path in paths:
            if self.stop():
                return
            self.tell(_name(path))
            try:
                data, media_type = _read(path)
                sha = hashlib.sha256(data).hexdigest()
                document = _open(data, media_type, _name(path))
            except _Refused as refused:
                self.note(str(refused))
                self.done += 1
                continue
            try:
                self.file(_name(path), sha, document)
            finally:
                document.close()

    def file(self, name: str, sha: str, document: _Document) -> None:
        self.total += document.count - 1
        if document.count == 0:
            self.note(f"«{isolated(name)}» صفحه‌ای ندارد.")
        existing = _existing(sha)
        elsewhere = {o for o in existing.values() if o != self.target.opening_id}
        if elsewhere:
            self.note(
                f"«{isolated(name)}» پیش‌تر در بازگشایی دیگری وارد شده است؛ دوباره افزوده نشد."
            )
        for index in range(document.count):
            if index and self.stop():
                return
            if index in existing:
                self.report.skipped_existing += 1
            else:
                self.page(name, sha, document, index)
            self.done += 1
            self.tell(name)

    def page(self, name: str, sha: str, document: _Document, index: int) -> None:
        label = _page_label(name, index, document.count)
        try:
            prepared = _prepare(document.page(index))
        except _Refused as refused:
            self.note(f"{label}: {refused}؛ وارد نشد.")
            return
        except Exception as exc:  # a decoder failing on broken input; the next page may be fine
            _log.warning("a scanned page could not be read: %s", type(exc).__name__)
            self.note(f"{label} خوانده نشد؛ تصویر ناقص یا آسیب‌دیده است.")
            return
        fields = _form_fields(prepared.qr_text, self.target)
        if not self.store((name, sha), index, prepared, fields):
            self.report.skipped_existing += 1
            return
        self.report.added += 1
        if fields.note:
            self.note(f"{label}: {fields.note}")
        self._note_duplicate(label, fields.form_serial, sha, index)

    def store(
        self, source: tuple[str, str], index: int, prepared: _Prepared, fields: _FormFields
    ) -> bool:
        """Store a page; False when it is already there.

        SQLite's IMMEDIATE transactions serialise importers; on PostgreSQL two seats may
        race for the page or for the next position, and the loser tries again.
        """
        for _ in range(3):
            try:
                return _store(self.session, self.target, source, index, prepared, fields)
            except IntegrityError:
                continue
        raise RuntimeError("could not find a free position for a scanned page")

    def _note_duplicate(self, label: str, serial: int | None, sha: str, index: int) -> None:
        if serial is None:
            return
        others = ScanPage.select().where(
            ScanPage.form_serial == serial,
            ~((ScanPage.source_sha256 == sha) & (ScanPage.page_index == index)),
        )
        if others.exists():
            number = to_persian_digits(serial)
            self.note(f"{label}: فرم شماره‌ی {number} در صفحه‌ی دیگری هم آمده است (تکراری).")


def _page_label(name: str, index: int, count: int) -> str:
    if count == 1:
        return f"«{isolated(name)}»"
    return f"صفحه‌ی {to_persian_digits(index + 1)} از «{isolated(name)}»"


def _existing(sha: str) -> dict[int, int]:
    """Pages of this source already stored: page index → opening id."""
    query = ScanPage.select(ScanPage.page_index, ScanPage.opening).where(
        ScanPage.source_sha256 == sha
    )
    return {int(p.page_index): int(p.__data__["opening"]) for p in query}


def import_files(
    session: Session,
    opening_id: int,
    paths: Iterable[str | Path],
    *,
    progress: Callable[[ImportProgress], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> ImportReport:
    """Import scanned pages into an opening; see the module's docstring.

    ``cancelled`` is asked between pages; the pages imported until then stay. Errors of the
    callbacks themselves propagate (what was committed stays).
    """
    require(session, Action.ENTER_SCANS)
    target = _target(opening_id)
    job = _Import(session, target, progress, cancelled)
    found = _expand(paths, job.report.problems)
    job.run(found)
    if not job.report.cancelled:
        job.tell("")
    return job.report


# --------------------------------------------------------------------------- #
# Working through the pages


def _page(page_id: int) -> ScanPage:
    page = ScanPage.get_or_none(ScanPage.id == page_id)
    if page is None:
        raise NotFound("صفحه‌ی اسکن‌شده پیدا نشد.")
    return page


@dataclass(frozen=True)
class _Original:
    page_id: int
    tracking_code: str | None


def _originals(serials: set[int]) -> dict[int, _Original]:
    """For each serial, the page that holds it first: the one entered, else the earliest."""
    if not serials:
        return {}
    rows = (
        ScanPage.select(ScanPage.id, ScanPage.form_serial, ScanPage.state, Complaint.tracking_code)
        .join(Complaint, join_type=JOIN.LEFT_OUTER, on=(ScanPage.complaint == Complaint.id))
        .where(ScanPage.form_serial.in_(sorted(serials)))
        .objects()
    )
    best: dict[int, tuple[tuple[bool, bool, int], _Original]] = {}
    for row in rows:
        key = (row.state != ScanState.ENTERED, row.state == ScanState.DUPLICATE, int(row.id))
        serial = int(row.__data__["form_serial"])
        if serial not in best or key < best[serial][0]:
            code = getattr(row, "tracking_code", None)
            best[serial] = (key, _Original(int(row.id), str(code) if code else None))
    return {serial: original for serial, (_, original) in best.items()}


def _infos(pages: Sequence[ScanPage]) -> list[PageInfo]:
    serials = {int(p.form_serial) for p in pages if p.form_serial is not None}
    originals = _originals(serials)
    targets: dict[int, _Target] = {}
    out = []
    for page in pages:
        opening_id = int(page.__data__["opening"])
        if opening_id not in targets:
            targets[opening_id] = _target(opening_id)
        out.append(_info(page, originals, targets[opening_id]))
    return out


def _info(page: ScanPage, originals: dict[int, _Original], target: _Target) -> PageInfo:
    original = originals.get(int(page.form_serial)) if page.form_serial is not None else None
    if original is not None and original.page_id == page.id:
        original = None
    complaint = page.__data__.get("complaint")
    return PageInfo(
        id=int(page.id),
        opening_id=target.opening_id,
        position=int(page.position),
        state=ScanState(page.state),
        source_name=str(page.source_name),
        page_index=int(page.page_index),
        width=int(page.width),
        height=int(page.height),
        box_code=page.box_code,
        form_serial=page.form_serial,
        duplicate_of=original.page_id if original else None,
        complaint_id=int(complaint) if complaint is not None else None,
        duplicate_tracking_code=original.tracking_code if original else None,
        qr_note=_form_fields(page.qr_text, target).note,
    )


def pages(session: Session, opening_id: int) -> list[PageInfo]:
    """The opening's pages in order."""
    require(session, Action.ENTER_SCANS)
    _target(opening_id)
    query = ScanPage.select().where(ScanPage.opening == opening_id).order_by(ScanPage.position)
    return _infos(list(query))


def page_info(session: Session, page_id: int) -> PageInfo:
    require(session, Action.ENTER_SCANS)
    return _infos([_page(page_id)])[0]


def next_pending(
    session: Session, opening_id: int, after_position: int | None = None
) -> PageInfo | None:
    """The next pending page after ``after_position``, wrapping round to the first.

    Skipping a page is asking for the next one after it: skipped pages come back last.
    """
    require(session, Action.ENTER_SCANS)
    pending = (
        ScanPage.select()
        .where(ScanPage.opening == opening_id, ScanPage.state == ScanState.PENDING.value)
        .order_by(ScanPage.position)
    )
    page = None
    if after_position is not None:
        page = pending.where(ScanPage.position > after_position).first()
    if page is None:
        page = pending.first()
    return _infos([page])[0] if page is not None else None


def _may_see(session: Session, page: ScanPage) -> None:
    """Pages are for data entry; an entered one also for those who may see its complaint.

    A form shows the complainant's handwriting and name, so the scan of an anonymous or
    confidential complaint is shown only to those who may see a confidential identity.
    """
    if allowed(session, Action.ENTER_SCANS):
        return
    complaint_id = page.__data__.get("complaint")
    require(session, Action.VIEW_COMPLAINTS)
    identity = None
    if complaint_id is not None:
        identity = Complaint.select(Complaint.identity).where(Complaint.id == complaint_id).scalar()
    if identity is None:
        require(session, Action.ENTER_SCANS)  # a page not entered yet: refused
    elif identity != Identity.NAMED.value:
        require(session, Action.VIEW_CONFIDENTIAL_IDENTITY)


def page_image(session: Session, page_id: int) -> bytes:
    """The stored page image (PNG or JPEG; the format is in its first bytes)."""
    page = _page(page_id)
    _may_see(session, page)
    return files.load(str(page.__data__["image"]))


def page_thumbnail(session: Session, page_id: int) -> bytes:
    """The page's PNG thumbnail, THUMB_WIDTH pixels wide."""
    page = _page(page_id)
    _may_see(session, page)
    return files.load(str(page.__data__["thumbnail"]))


def _set_state(
    session: Session, page: ScanPage, state: ScanState, action: str, complaint_id: int | None
) -> None:
    before = model_to_dict(page)
    changes: dict[str, object] = {
        "state": state.value,
        "complaint": complaint_id,
        "handled_by": None if state == ScanState.PENDING else session.user_id,
    }
    for name, value in changes.items():
        setattr(page, name, value)
    page.touch()
    page.save()
    audit.record(session.username, action, "scan_page", str(page.uid), before, model_to_dict(page))
    audit.journal(page, "update")


def mark_page(session: Session, page_id: int, state: ScanState) -> PageInfo:
    """Mark a page blank, back side, not admissible or duplicate, or put it back to pending."""
    require(session, Action.ENTER_SCANS)
    if state not in MARKABLE_STATES:
        raise ValidationError({"state": "این وضعیت را نمی‌توان دستی برای صفحه گذاشت."})
    with write_transaction():
        page = _page(page_id)
        if page.state == ScanState.ENTERED.value:
            raise ValidationError(
                {"state": "این صفحه به شکایتی ثبت‌شده پیوسته است و وضعیتش تغییر نمی‌کند."}
            )
        if page.state != state.value:
            _set_state(session, page, state, "scan_marked", None)
        if state == ScanState.PENDING:
            _reopen(session, page.opening)
    return page_info(session, page_id)


def enter_complaint(session: Session, page_id: int, data: ComplaintInput) -> Registered:
    """Register the complaint written on a pending page and link the page, in one transaction.

    The channel is always the complaint box; without a received date, the opening's date is
    taken. A registration that fails leaves the page pending and nothing written.
    """
    require(session, Action.ENTER_SCANS)
    with write_transaction():
        page = _page(page_id)
        if page.state != ScanState.PENDING.value:
            raise ValidationError({"page": "این صفحه در انتظار ورود نیست."})
        opened_on: dt.date = page.opening.opened_on
        data = dataclasses.replace(
            data, channel=Channel.BOX, received_on=data.received_on or opened_on
        )
        registered = register_complaint(session, data)  # nested: a savepoint of this one
        _set_state(session, page, ScanState.ENTERED, "scan_entered", registered.complaint_id)
    return registered


def opening_progress(session: Session, opening_id: int) -> dict[ScanState, int]:
    """How many of the opening's pages are in each state (every state present)."""
    require(session, Action.VIEW_COMPLAINTS)
    counts = dict.fromkeys(ScanState, 0)
    query = (
        ScanPage.select(ScanPage.state, fn.COUNT(ScanPage.id).alias("n"))
        .where(ScanPage.opening == opening_id)
        .group_by(ScanPage.state)
        .tuples()
    )
    for state, n in cast(Iterable[tuple[str, int]], query):
        counts[ScanState(state)] = int(n)
    return counts


def close_opening_if_done(session: Session, opening_id: int) -> bool:
    """Set the opening's ``closed`` flag when it has pages and none is pending.

    Returns whether the opening is closed. Importing more pages, or putting a page back to
    pending, opens it again.
    """
    require(session, Action.ENTER_SCANS)
    with write_transaction():
        opening = BoxOpening.get_or_none(BoxOpening.id == opening_id)
        if opening is None:
            raise NotFound("بازگشایی صندوق پیدا نشد.")
        if opening.closed:
            return True
        of_opening = ScanPage.select().where(ScanPage.opening == opening_id)
        if not of_opening.exists():
            return False
        if of_opening.where(ScanPage.state == ScanState.PENDING.value).exists():
            return False
        before = model_to_dict(opening)
        opening.closed = True
        opening.touch()
        opening.save()
        audit.record(
            session.username,
            "opening_closed",
            "box_opening",
            str(opening.uid),
            before,
            model_to_dict(opening),
        )
        audit.journal(opening, "update")
    return True


def scans_of_complaint(session: Session, complaint_id: int) -> list[PageInfo]:
    """The scanned pages a complaint was entered from (for its detail view)."""
    require(session, Action.VIEW_COMPLAINTS)
    query = ScanPage.select().where(ScanPage.complaint == complaint_id).order_by(ScanPage.id)
    return _infos(list(query))
