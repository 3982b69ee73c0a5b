"""Letter benchmark: what the Persian pipeline costs on top of bare reportlab.

    python tests/benchmarks/bench_letters.py [--runs 30] [--letters 200] [--out DIR]

Prints a table of figure / budget / measured / pass. See README.md beside this file. Not a
pytest test on purpose: the figures depend on the machine and are read by people.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import random
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from figures import add, all_within_budget, print_table
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from app.jalali import format_date
from app.pdf import letter, rtl
from app.pdf.fonts import FONT_BOLD, FONT_REGULAR, register_fonts
from app.pdf.letter import CopyTo, LetterDocument, render_letter

MS = 1000.0

OPENINGS = (
    "به پیوست شکایت",
    "احتراماً، شکایت",
    "در اجرای ماده ۱۲ دستورالعمل رسیدگی، شکایت",
)
WHO = ("آقای علی رضایی", "خانم مریم احمدی", "آقای حسن کریمی", "خانم زهرا موسوی", "شاکی")
ABOUT = (
    "تأخیر در صدور پروانه ساختمانی",
    "عدم پاسخ‌گویی به درخواست کتبی",
    "رفتار نامناسب کارمند باجه",
    "دریافت وجه اضافه بابت عوارض",
    "قطع مکرر آب در محله",
    "عدم رسیدگی به درخواست انشعاب برق",
)
ASKS = (
    "خواهشمند است دستور فرمایید موضوع بررسی و نتیجه ظرف مدت ده روز کاری به این دفتر اعلام شود.",
    "مقتضی است ضمن بررسی دقیق، گزارش اقدامات انجام‌شده را با ذکر شماره این نامه ارسال فرمایید.",
    "بدیهی است عدم پاسخ در مهلت مقرر به منزله پذیرش مفاد شکایت تلقی خواهد شد.",
    "شاکی اظهار داشته است که از ۱۴۰۵/۰۶/۱۰ تاکنون چندین بار مراجعه کرده و پاسخی نگرفته است.",
)
UNITS = (
    "شهرداری مرکز استان",
    "اداره کل راه و شهرسازی",
    "شرکت آب و فاضلاب",
    "شرکت توزیع نیروی برق",
    "اداره کل امور مالیاتی",
)


def timed(call: Callable[[], object]) -> float:
    started = time.perf_counter()
    call()
    return time.perf_counter() - started


# ------------------------------------------------------------------------------ letters


def referral(i: int, rng: random.Random) -> LetterDocument:
    """A one-page referral letter; ``i`` and ``rng`` vary its number, subject and body."""
    who, about, unit = rng.choice(WHO), rng.choice(ABOUT), rng.choice(UNITS)
    tracking = f"{rng.randrange(1000, 9999)}-{rng.randrange(10**7, 10**8)}-{rng.randrange(10)}"
    body = "\n".join(
        [
            f"{rng.choice(OPENINGS)} {who} به کد رهگیری {tracking} درباره {about} "
            f"به پیوست ارسال می‌شود. {rng.choice(ASKS)}",
            " ".join(rng.sample(ASKS, 3)),
            f"شماره تماس شاکی 0917{rng.randrange(10**6, 10**7)} است. {rng.choice(ASKS)}",
        ]
    )
    return LetterDocument(
        office_name="دفتر بازرسی و رسیدگی به شکایات استان هرمزگان",
        number=f"125/{1000 + i}/1405",
        letter_date=dt.date(2026, 11, 23) + dt.timedelta(days=i % 60),
        attachment=rng.choice(("ندارد", "دارد")),
        addressee=unit,
        addressee_person="جناب آقای رضا کریمی — مدیرکل",
        subject=f"رسیدگی به شکایت {who} درباره {about}",
        body=body,
        signer_name="محمد حسینی",
        signer_title="مدیر دفتر بازرسی و رسیدگی به شکایات",
        copies=(CopyTo("مدیرکل بازرسی استان", "جهت اطلاع"), CopyTo(who, "جهت اطلاع")),
        footer="بندرعباس، بلوار امام خمینی، ساختمان بازرسی — تلفن: 076-33334444",
        title=f"نامه ارجاع 125/{1000 + i}/1405",
    )


def raw_strings(doc: LetterDocument) -> list[tuple[str, str, float]]:
    """The letter's strings as typed (font, size), the body cut every ~95 characters."""
    strings = [
        ("بسمه تعالی", FONT_REGULAR, 11.0),
        (doc.office_name, FONT_BOLD, 12.0),
        ("تاریخ:", FONT_BOLD, 11.0),
        (format_date(doc.letter_date), FONT_REGULAR, 11.0),
        ("شماره:", FONT_BOLD, 11.0),
        (doc.number, FONT_REGULAR, 11.0),
        ("پیوست:", FONT_BOLD, 11.0),
        (doc.attachment, FONT_REGULAR, 11.0),
        ("به: " + doc.addressee, FONT_BOLD, 12.5),
        (doc.addressee_person or "", FONT_REGULAR, 12.5),
        ("موضوع: " + doc.subject, FONT_BOLD, 12.5),
        (doc.salutation or "", FONT_REGULAR, 12.5),
    ]
    for paragraph in doc.body.split("\n"):
        words, line = paragraph.split(" "), ""
        for word in words:
            if len(line) + len(word) > 95:
                strings.append((line, FONT_REGULAR, 12.5))
                line = ""
            line = f"{line} {word}".strip()
        strings.append((line, FONT_REGULAR, 12.5))
    strings += [(doc.signer_name, FONT_BOLD, 12.5), (doc.signer_title, FONT_REGULAR, 11.5)]
    strings.append(("رونوشت:", FONT_BOLD, 10.5))
    strings += [(f"{c.recipient} — {c.purpose}", FONT_REGULAR, 10.5) for c in doc.copies]
    strings += [(doc.footer or "", FONT_REGULAR, 8.5), ("صفحه 1 از 1", FONT_REGULAR, 9.0)]
    return strings


def render_bare(strings: list[tuple[str, str, float]]) -> bytes:
    """The same strings on an A4 page with plain drawRightString: no shaping, no bidi."""
    register_fonts()  # as render_letter does (once per process)
    buffer = io.BytesIO()
    c = Canvas(buffer, pagesize=A4, pageCompression=1, invariant=1)
    y = A4[1] - 20 * mm
    for text, font, size in strings:
        c.setFont(font, size)
        c.drawRightString(A4[0] - 20 * mm, y, text)
        y -= size * 1.85
    c.line(20 * mm, 250 * mm, A4[0] - 20 * mm, 250 * mm)
    c.showPage()
    c.save()
    return buffer.getvalue()


# ------------------------------------------------------------------------------ figures


def forget_shaping() -> None:
    """Empty the caches of wrapped and shaped text, as in a freshly started program."""
    rtl._visual.cache_clear()
    rtl._shape_word.cache_clear()
    rtl._word_width.cache_clear()
    letter._wrap_cached.cache_clear()
    letter._width.cache_clear()


WARM_UP_LETTERS = 40


def bench_ratio(runs: int) -> None:
    """Bare reportlab against render_letter, each letter's text seen for the first time.

    The program has printed a few dozen other letters first (as an office has by mid
    morning), so common words are already shaped; every measured letter has its own
    number, date, subject and body. The two sides alternate, letter by letter.
    """
    rng = random.Random(1)
    docs = [referral(i, rng) for i in range(WARM_UP_LETTERS + runs)]
    for doc in docs[:WARM_UP_LETTERS]:
        render_bare(raw_strings(doc)), render_letter(doc)
    bare: list[float] = []
    ours: list[float] = []
    for doc in docs[WARM_UP_LETTERS:]:
        strings = raw_strings(doc)
        bare.append(timed(lambda strings=strings: render_bare(strings)))  # type: ignore[misc]
        ours.append(timed(lambda doc=doc: render_letter(doc)))  # type: ignore[misc]
    bare_ms, ours_ms = statistics.median(bare) * MS, statistics.median(ours) * MS
    add(f"bare reportlab page, median of {runs} letters", "-", f"{bare_ms:.1f} ms", None)
    add(f"render_letter, the same {runs} letters", "-", f"{ours_ms:.1f} ms", None)
    add("render_letter / bare", "<= 1.5x", f"{ours_ms / bare_ms:.2f}x", ours_ms / bare_ms <= 1.5)
    forget_shaping()
    first = timed(lambda: render_letter(referral(10_000, rng)))
    add(
        "first letter after start-up / bare",
        "-",
        f"{first * MS / bare_ms:.2f}x",
        None,
        f"({first * MS:.1f} ms with every cache of shaped text empty)",
    )


def bench_many(letters: int, out: Path | None) -> None:
    """``letters`` different referral letters, one after the other."""
    rng = random.Random(1405)
    docs = [referral(i, rng) for i in range(1, letters + 1)]
    samples: list[float] = []
    pages = 0
    started = time.perf_counter()
    for i, doc in enumerate(docs):
        t0 = time.perf_counter()
        pdf = render_letter(doc)
        samples.append(time.perf_counter() - t0)
        pages += pdf.count(b"/Type /Page\n")
        if out is not None and i < 3:
            (out / f"letter-{i + 1}.pdf").write_bytes(pdf)
    total = time.perf_counter() - started
    add(
        f"{letters} different one-page letters",
        "<= 20 s",
        f"{total:.2f} s",
        total <= 20,
        f"(median {statistics.median(samples) * MS:.1f} ms a letter, "
        f"max {max(samples) * MS:.1f} ms, {pages} pages)",
    )


def bench_referrals(letters: int) -> None:
    """``letters`` complaints referred through the service: each referral letter numbered,
    rendered from the template, archived in the database and committed."""
    from app import office, referrals, registration, users
    from app.permissions import Role
    from app.vocabulary import Channel, Identity, Kind
    from db.connection import database_proxy
    from db.schema import open_database

    folder = Path(tempfile.mkdtemp(prefix="dadras-bench-"))
    database = open_database(folder / "letters.sqlite3")
    try:
        admin = office.set_up(
            office.SetupRequest(
                "دفتر بازرسی", "123", "هرمزگان", "بندرعباس", "admin", "مدیر", "admin-pass-1"
            )
        )
        users.create_user(admin, "manager", "مدیر دفتر", Role.MANAGER, "manager-pass-1")
        manager = users.login("manager", "manager-pass-1")
        rng = random.Random(7)
        ids = []
        for i in range(letters):
            data = registration.ComplaintInput(
                identity=Identity.NAMED if i % 4 else Identity.ANONYMOUS,
                kind=Kind.COMPLAINT,
                channel=Channel.WALK_IN,
                unit_id=1 + i % 5,
                category_id=1 + i % 5,
                subject=f"{rng.choice(ABOUT)} ({i})",
                description=" ".join(rng.sample(ASKS, 3)),
                received_on=dt.date.today() - dt.timedelta(days=1),
                full_name=rng.choice(WHO),
                mobile="09121234567",
            )
            ids.append(registration.register_complaint(manager, data).complaint_id)
        samples = [
            timed(
                lambda cid=cid: referrals.refer(  # type: ignore[misc]
                    manager, referrals.ReferralRequest(cid, (1 + cid % 7,), "بررسی شود.")
                )
            )
            for cid in ids
        ]
        total = sum(samples)
        add(
            f"{letters} referrals through the service",
            "<= 20 s",
            f"{total:.2f} s",
            total <= 20,
            f"(median {statistics.median(samples) * MS:.1f} ms: number, render, archive, commit)",
        )
    finally:
        database.close()
        database_proxy.initialize(None)
        shutil.rmtree(folder, ignore_errors=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=30, help="renders per side for the ratio")
    parser.add_argument("--letters", type=int, default=200, help="different letters to render")
    parser.add_argument("--out", type=Path, help="folder to write the first three letters to")
    args = parser.parse_args()
    if args.out is not None:
        args.out.mkdir(parents=True, exist_ok=True)
    register_fonts()
    print("measuring ...", flush=True)
    bench_ratio(args.runs)
    bench_many(args.letters, args.out)
    bench_referrals(args.letters)
    print_table()
    return 0 if all_within_budget() else 1


if __name__ == "__main__":
    sys.exit(main())
