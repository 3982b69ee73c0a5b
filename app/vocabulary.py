"""Fixed vocabularies (kinds, channels, identity modes, statuses) and their Persian labels."""

from __future__ import annotations

from enum import StrEnum


class Kind(StrEnum):
    COMPLAINT = "complaint"
    REQUEST = "request"
    REPORT = "report"
    APPRECIATION = "appreciation"
    SUGGESTION = "suggestion"


class Channel(StrEnum):
    WALK_IN = "walk_in"
    PHONE = "phone"
    LETTER = "letter"
    MEETING = "meeting"
    BOX = "box"
    CENTRAL = "central"


class Identity(StrEnum):
    NAMED = "named"
    ANONYMOUS = "anonymous"
    CONFIDENTIAL = "confidential"


class Honorific(StrEnum):
    """How letters address a complainant; none chosen reads «شاکی محترم»."""

    MR = "mr"
    MS = "ms"


class Status(StrEnum):
    REGISTERED = "registered"
    REFERRED = "referred"
    ANSWERED = "answered"
    CLOSED = "closed"


KIND_LABELS: dict[Kind, str] = {
    Kind.COMPLAINT: "شکایت",
    Kind.REQUEST: "درخواست",
    Kind.REPORT: "گزارش",
    Kind.APPRECIATION: "تقدیر",
    Kind.SUGGESTION: "پیشنهاد",
}

CHANNEL_LABELS: dict[Channel, str] = {
    Channel.WALK_IN: "حضوری",
    Channel.PHONE: "تلفن",
    Channel.LETTER: "نامه",
    Channel.MEETING: "دیدار مردمی",
    Channel.BOX: "صندوق شکایات",
    Channel.CENTRAL: "سامانه مرکزی",
}

# Channels a user may pick when registering; "central" arrives only through import.
REGISTRABLE_CHANNELS: tuple[Channel, ...] = (
    Channel.WALK_IN,
    Channel.PHONE,
    Channel.LETTER,
    Channel.MEETING,
    Channel.BOX,
)

IDENTITY_LABELS: dict[Identity, str] = {
    Identity.NAMED: "با نام",
    Identity.ANONYMOUS: "بی‌نام",
    Identity.CONFIDENTIAL: "محرمانه",
}

HONORIFIC_LABELS: dict[Honorific, str] = {
    Honorific.MR: "جناب آقای",
    Honorific.MS: "سرکار خانم",
}
NO_HONORIFIC_LABEL = "شاکی محترم"

STATUS_LABELS: dict[Status, str] = {
    Status.REGISTERED: "ثبت‌شده",
    Status.REFERRED: "ارجاع‌شده",
    Status.ANSWERED: "پاسخ‌داده‌شده",
    Status.CLOSED: "مختومه",
}


class Outcome(StrEnum):
    SUBSTANTIATED = "substantiated"
    PARTLY_SUBSTANTIATED = "partly_substantiated"
    NOT_SUBSTANTIATED = "not_substantiated"
    NOT_ADMISSIBLE = "not_admissible"


OUTCOME_LABELS: dict[Outcome, str] = {
    Outcome.SUBSTANTIATED: "وارد",
    Outcome.PARTLY_SUBSTANTIATED: "تا حدودی وارد",
    Outcome.NOT_SUBSTANTIATED: "غیر وارد",
    Outcome.NOT_ADMISSIBLE: "غیرقابل رسیدگی",
}

# The outcome as a reply tells the citizen, in words rather than the office's terms.
OUTCOME_SENTENCES: dict[Outcome, str] = {
    Outcome.SUBSTANTIATED: "شکایت وارد تشخیص داده شد",
    Outcome.PARTLY_SUBSTANTIATED: "شکایت تا حدودی وارد تشخیص داده شد",
    Outcome.NOT_SUBSTANTIATED: "شکایت وارد تشخیص داده نشد",
    Outcome.NOT_ADMISSIBLE: "شکایت در این دفتر قابل رسیدگی تشخیص داده نشد",
}


class Satisfaction(StrEnum):
    SATISFIED = "satisfied"
    NOT_SATISFIED = "not_satisfied"
    NO_ANSWER = "no_answer"


SATISFACTION_LABELS: dict[Satisfaction, str] = {
    Satisfaction.SATISFIED: "راضی",
    Satisfaction.NOT_SATISFIED: "ناراضی",
    Satisfaction.NO_ANSWER: "پاسخ نداد",
}


class MeasureKind(StrEnum):
    WARNING = "warning"
    COMMENDATION = "commendation"
    DISMISSAL_PROPOSAL = "dismissal_proposal"
    VIOLATIONS_BOARD = "violations_board"


MEASURE_LABELS: dict[MeasureKind, str] = {
    MeasureKind.WARNING: "تذکر",
    MeasureKind.COMMENDATION: "تشویق",
    MeasureKind.DISMISSAL_PROPOSAL: "پیشنهاد انفصال",
    MeasureKind.VIOLATIONS_BOARD: "ارجاع به هیئت رسیدگی به تخلفات اداری",
}


class ReferralStatus(StrEnum):
    OPEN = "open"
    ANSWERED = "answered"
    CANCELLED = "cancelled"


REFERRAL_STATUS_LABELS: dict[ReferralStatus, str] = {
    ReferralStatus.OPEN: "در انتظار پاسخ",
    ReferralStatus.ANSWERED: "پاسخ‌داده",
    ReferralStatus.CANCELLED: "لغوشده",
}


class CopyPurpose(StrEnum):
    INFORMATION = "information"
    ACTION = "action"


COPY_PURPOSE_LABELS: dict[CopyPurpose, str] = {
    CopyPurpose.INFORMATION: "جهت اطلاع",
    CopyPurpose.ACTION: "جهت اقدام",
}


class ScanState(StrEnum):
    PENDING = "pending"
    ENTERED = "entered"
    BLANK = "blank"
    BACK_SIDE = "back_side"
    NOT_ADMISSIBLE = "not_admissible"
    DUPLICATE = "duplicate"


SCAN_STATE_LABELS: dict[ScanState, str] = {
    ScanState.PENDING: "در انتظار ورود",
    ScanState.ENTERED: "واردشده",
    ScanState.BLANK: "صفحه‌ی سفید",
    ScanState.BACK_SIDE: "پشت برگه",
    ScanState.NOT_ADMISSIBLE: "غیرقابل رسیدگی",
    ScanState.DUPLICATE: "تکراری",
}

# A typical province's units, offered by the setup wizard and edited later by the admin.
DEFAULT_UNITS: tuple[str, ...] = (
    "استانداری",
    "شهرداری مرکز استان",
    "اداره کل آموزش و پرورش",
    "دانشگاه علوم پزشکی",
    "اداره کل تعاون، کار و رفاه اجتماعی",
    "اداره کل تأمین اجتماعی",
    "اداره کل راه و شهرسازی",
    "اداره کل راهداری و حمل‌ونقل جاده‌ای",
    "اداره کل امور مالیاتی",
    "اداره کل ثبت اسناد و املاک",
    "سازمان جهاد کشاورزی",
    "اداره کل منابع طبیعی و آبخیزداری",
    "اداره کل حفاظت محیط زیست",
    "اداره کل بهزیستی",
    "کمیته امداد امام خمینی (ره)",
    "سازمان صنعت، معدن و تجارت",
    "اداره کل میراث فرهنگی، گردشگری و صنایع دستی",
    "اداره کل ورزش و جوانان",
    "بنیاد مسکن انقلاب اسلامی",
    "شرکت توزیع نیروی برق",
    "شرکت آب و فاضلاب",
    "شرکت گاز استان",
    "شرکت مخابرات",
    "اداره کل دامپزشکی",
    "اداره کل بنادر و دریانوردی",
)

DEFAULT_CATEGORIES: tuple[str, ...] = (
    "تأخیر در انجام کار",
    "عدم پاسخگویی",
    "رفتار نامناسب کارکنان",
    "درخواست رشوه یا وجه غیرقانونی",
    "تبعیض و اعمال نفوذ",
    "مطالبه‌ی مدارک غیرضروری",
    "عدم حضور کارکنان در محل کار",
    "کیفیت خدمات",
    "تخلف اداری و مالی",
    "سایر",
)

PROVINCES: tuple[str, ...] = (
    "آذربایجان شرقی", "آذربایجان غربی", "اردبیل", "اصفهان", "البرز", "ایلام", "بوشهر",
    "تهران", "چهارمحال و بختیاری", "خراسان جنوبی", "خراسان رضوی", "خراسان شمالی",
    "خوزستان", "زنجان", "سمنان", "سیستان و بلوچستان", "فارس", "قزوین", "قم", "کردستان",
    "کرمان", "کرمانشاه", "کهگیلویه و بویراحمد", "گلستان", "گیلان", "لرستان", "مازندران",
    "مرکزی", "هرمزگان", "همدان", "یزد",
)  # fmt: skip
