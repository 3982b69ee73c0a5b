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
