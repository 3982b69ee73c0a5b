"""Typed errors raised by the services.

``DadrasError`` and its subclasses are expected problems with a Persian message for the user;
anything else reaching the UI is a bug and goes to the error dialog.
"""

from __future__ import annotations

from app.persian import to_persian_digits


class DadrasError(Exception):
    """An expected problem; ``message`` is shown to the user as it is (Persian)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class ValidationError(DadrasError):
    """Input that cannot be saved; ``fields`` maps a field name to its Persian message."""

    def __init__(self, fields: dict[str, str]) -> None:
        super().__init__("لطفاً خطاهای فرم را برطرف کنید.")
        self.fields = fields


class PermissionDenied(DadrasError):
    def __init__(self, action: str) -> None:
        super().__init__("شما اجازه‌ی این کار را ندارید.")
        self.action = action


class AuthenticationError(DadrasError):
    """Unknown user and wrong password share one message on purpose."""

    def __init__(self, message: str = "نام کاربری یا گذرواژه نادرست است.") -> None:
        super().__init__(message)


class AccountLocked(AuthenticationError):
    def __init__(self, seconds: int) -> None:
        minutes = max(1, (seconds + 59) // 60)
        super().__init__(
            "به دلیل تلاش‌های ناموفق پیاپی، ورود تا "
            f"{to_persian_digits(minutes)} دقیقه‌ی دیگر ممکن نیست."
        )
        self.seconds = seconds


class NotFound(DadrasError):
    pass


class InvalidTrackingCode(DadrasError):
    """A code with the right length whose check digit fails: a typo, not a missing case."""

    def __init__(self) -> None:
        super().__init__("این کد رهگیری معتبر نیست. لطفاً دوباره بررسی کنید.")


class EnvironmentProblem(DadrasError):
    """The computer, not Dadras, failed: a full or read-only disk, an I/O error, the database
    locked past its wait, the office server gone. ``kind`` is stable English for the log."""

    def __init__(self, kind: str, message: str) -> None:
        super().__init__(message)
        self.kind = kind


_ENVIRONMENT_MESSAGES = {
    "disk_full": (
        "دیسک این رایانه (یا حافظه‌ای که در آن نوشته می‌شد) پر است و آخرین کار ذخیره نشد. جا"
        " باز کنید و دوباره بکوشید؛ آنچه پیش‌تر ذخیره شده سالم است."
    ),
    "locked": (
        "پایگاه داده در دست کار دیگری بود و آخرین کار پس از انتظار ذخیره نشد. چند لحظه بعد"
        " دوباره بکوشید؛ اگر تکرار شد، دادرس را روی رایانه‌های دیگر ببندید."
    ),
    "read_only": (
        "در پایگاه داده (یا پوشه‌ی مقصد) نمی‌توان نوشت؛ فقط‌خواندنی است. دسترسی نوشتن را بررسی"
        " کنید یا با مسئول فناوری تماس بگیرید."
    ),
    "io_error": (
        "خواندن یا نوشتن روی دیسک ناموفق بود و آخرین کار ذخیره نشد. ممکن است دیسک آسیب دیده"
        " باشد: هر چه زودتر پشتیبان بگیرید و با مسئول فناوری تماس بگیرید."
    ),
    "server_gone": (
        "ارتباط با کارگزار پایگاه داده‌ی دفتر برقرار نیست و آخرین کار ذخیره نشد. شبکه و روشن"
        " بودن کارگزار را بررسی کنید و دوباره بکوشید."
    ),
}

# Words of SQLite, psycopg and the operating system for each kind, lower case.
_ENVIRONMENT_SIGNS = (
    ("disk_full", ("database or disk is full", "no space left on device", "disk full")),
    ("locked", ("database is locked", "database table is locked", "lock timeout")),
    ("read_only", ("readonly database", "read-only file system", "read-only database")),
    ("io_error", ("disk i/o error", "input/output error")),
    (
        "server_gone",
        (
            "server closed the connection",
            "connection refused",
            "could not connect",
            "terminating connection",
            "connection is closed",
            "connection already closed",
            "the connection is lost",
            "no connection to the server",
        ),
    ),
)
_ERRNO_KINDS = {28: "disk_full", 30: "read_only", 5: "io_error", 122: "disk_full"}


def environment_problem(exc: BaseException) -> EnvironmentProblem | None:
    """The environment failure behind ``exc`` (or any error it was raised from or during),
    with a Persian message saying what to do; None for anything else."""
    seen: set[int] = set()
    link: BaseException | None = exc
    while link is not None and id(link) not in seen:
        seen.add(id(link))
        if isinstance(link, EnvironmentProblem):
            return link
        kind = _kind_of(link)
        if kind is not None:
            return EnvironmentProblem(kind, _ENVIRONMENT_MESSAGES[kind])
        link = link.__cause__ or link.__context__
    return None


def reason_of(exc: DadrasError) -> str:
    """One line for the command line: the environment failure behind a refusal (a full disk
    under "the package could not be written"), else the refusal's own message."""
    problem = environment_problem(exc.__cause__ or exc.__context__ or exc)
    message = problem.message if problem is not None and problem is not exc else exc.message
    return " ".join(message.split())


def _kind_of(exc: BaseException) -> str | None:
    if isinstance(exc, OSError) and exc.errno in _ERRNO_KINDS:
        return _ERRNO_KINDS[exc.errno]
    text = str(exc).lower()
    for kind, signs in _ENVIRONMENT_SIGNS:
        if any(sign in text for sign in signs):
            return kind
    return None
