"""Text copied or extracted from the PDFs Dadras writes reads as typed.

Real readers do the extracting here: poppler's ``pdftotext`` (the engine of
Evince, Okular and most desktop search indexers), PDFium (Chrome and Edge,
through pypdfium2) and pypdf. Each rebuilds reading order from glyph positions
or drawing order by its own rules. PDFium's are UAX #9, and every word and
number of the input, as printed (Persian digits), must come back from it as a
token: letters unshaped, ZWNJ kept, a lam-alef as two letters, digits in their
order. poppler and pypdf use simpler rules of their own that move spaces and
punctuation; from them every Persian word must come back spelled as typed.
Nothing but whitespace and the embedding controls pdftotext wraps right-to-left
lines in is normalised.
"""

from __future__ import annotations

import collections
import io
import re
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pypdf
import pypdfium2 as pdfium
import pytest

from app.pdf.box_form import render_forms
from app.pdf.letter import render_letter
from app.pdf.receipt import render_receipt
from app.persian import strip_bidi_controls
from tests.app.test_box_form_pdf import sheet
from tests.app.test_letter_pdf import make_doc
from tests.app.test_receipt import make_data
from tests.app.test_report_tables import make_table, render

ZWNJ = "\u200c"
# Mixed Persian, Latin, numbers, brackets, ZWNJ and hostile input, as a letter gets it.
SUBJECT = "پیگیری شکایت (شماره ۱۴۰۴) درباره‌ی «تأخیر» در پروانه‌ها"
BODY = "\n".join(
    (
        "موضوع: ارجاع شکایت؛ لطفاً ظرف ۳ روز کاری پاسخ دهید.",
        "پیگیری، کد 2417-00000043-8 را نگه دارید. تاریخ نامه: 1405/08/10.",
        "می‌خواهم کتاب‌ها و اطلاعات بالا را ببینم، لا اله الا الله.",
        "نامه به Ministry of Roads (MRUD) با مبلغ 12,500 ریال ارسال شد.",
        "\u202eوارونه\u202c و <b>پررنگ</b> و مسئول [بند ۲] {پیوست}",
    )
)
_TOKEN = re.compile(r"[\w" + ZWNJ + "]+")


def tokens(text: str) -> collections.Counter[str]:
    """Words and numbers (maximal runs of letters, digits and ZWNJ), Persian digits."""
    persian = text.translate(str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹"))
    return collections.Counter(t.strip(ZWNJ) for t in _TOKEN.findall(persian) if t.strip(ZWNJ))


def with_pdftotext(pdf: bytes, tmp: Path) -> str:
    path = tmp / "doc.pdf"
    path.write_bytes(pdf)
    done = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, check=True)
    return strip_bidi_controls(done.stdout.decode("utf-8"))


def with_pdfium(pdf: bytes, _tmp: Path) -> str:
    document = pdfium.PdfDocument(pdf)
    return "\n".join(page.get_textpage().get_text_range() for page in document)


def with_pypdf(pdf: bytes, _tmp: Path) -> str:
    return "\n".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(pdf)).pages)


Reader = Callable[[bytes, Path], str]
READERS: dict[str, Reader] = {
    "pdftotext": with_pdftotext,
    "pdfium": with_pdfium,
    "pypdf": with_pypdf,
}


def _letter() -> tuple[bytes, str]:
    doc = make_doc(subject=SUBJECT, body=BODY)
    return render_letter(doc), doc.subject + "\n" + doc.body + "\n" + doc.signer_name


def _receipt() -> tuple[bytes, str]:
    data = make_data(subject=SUBJECT)
    return render_receipt(data), data.subject + "\n" + data.unit_name


def _box_form() -> tuple[bytes, str]:
    form = sheet(1, box_location="ساختمان مرکزی، طبقه‌ی همکف (کنار باجه‌ی ۲)")
    return render_forms([form]), form.office_name + "\n" + form.box_location


def _report() -> tuple[bytes, str]:
    table = make_table(title="کارنامه‌ی واحدها (آبان ۱۴۰۵)", subtitle=SUBJECT)
    return render(table), table.title + "\n" + table.subtitle


DOCUMENTS: dict[str, Callable[[], tuple[bytes, str]]] = {
    "letter": _letter,
    "receipt": _receipt,
    "box form": _box_form,
    "report": _report,
}


def _printed_tokens(source: str) -> collections.Counter[str]:
    # The PDF prints what a hostile override would have reversed as typed.
    return tokens(strip_bidi_controls(source))


@pytest.mark.parametrize("document", DOCUMENTS)
def test_pdfium_reads_every_word_and_number_as_typed(document: str) -> None:
    pdf, source = DOCUMENTS[document]()
    missing = _printed_tokens(source) - tokens(with_pdfium(pdf, Path()))
    assert not missing, sorted(missing)


_PERSIAN_WORD = re.compile("[^\\W\\d_]+(?:" + ZWNJ + "[^\\W\\d_]+)*")


@pytest.mark.parametrize("reader", ["pdftotext", "pypdf"])
@pytest.mark.parametrize("document", DOCUMENTS)
def test_every_persian_word_is_spelled_as_typed(document: str, reader: str, tmp_path: Path) -> None:
    # These readers' own reordering glues a word to a number or a bracket beside it
    # («۳روز», «مسئولb/<»), so each word is looked for inside the text rather than as a
    # token: what is checked is that its letters come back plain, joined forms undone,
    # lam-alef in order, ZWNJ kept — what a search of the archive needs.
    if reader == "pdftotext" and shutil.which("pdftotext") is None:
        pytest.skip("poppler-utils is not installed")
    pdf, source = DOCUMENTS[document]()
    extracted = READERS[reader](pdf, tmp_path)
    words = set(_PERSIAN_WORD.findall(strip_bidi_controls(source)))
    missing = {w for w in words if not w.isascii() and w not in extracted}
    assert not missing, (sorted(missing), extracted)


@pytest.mark.parametrize("document", DOCUMENTS)
def test_no_presentation_forms_or_private_codes_are_copied(document: str) -> None:
    pdf, _ = DOCUMENTS[document]()
    extracted = with_pdfium(pdf, Path())
    odd = {
        ch
        for ch in extracted
        if 0xFB50 <= ord(ch) <= 0xFDFF or 0xFE70 <= ord(ch) <= 0xFEFF or 0xE000 <= ord(ch) < 0xF900
    }
    assert not odd


@pytest.mark.parametrize("document", DOCUMENTS)
def test_documents_say_what_they_are_and_their_language(document: str) -> None:
    pdf, _ = DOCUMENTS[document]()
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    assert reader.trailer["/Root"]["/Lang"] == "fa-IR"
    info = reader.metadata
    assert info is not None
    assert info.title and info.author and info.subject


def test_a_pure_persian_line_copies_whole_in_pdfium_and_pypdf(tmp_path: Path) -> None:
    line = "می‌خواهم کتاب‌ها و اطلاعات بالا را ببینم، لا اله الا الله."
    pdf = render_letter(make_doc(body=line))
    for reader in ("pdfium", "pypdf"):
        extracted = [" ".join(row.split()) for row in READERS[reader](pdf, tmp_path).splitlines()]
        assert line in extracted, (reader, extracted)
