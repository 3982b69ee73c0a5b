"""The receipt handed to the citizen on registration."""

from __future__ import annotations

import datetime as dt

from app import letterhead
from app.errors import NotFound
from app.pdf.receipt import ReceiptData, render_receipt
from app.permissions import Action, Session, require
from app.vocabulary import KIND_LABELS, Identity, Kind
from db.models import Complaint, Office, Person

FOLLOW_UP_TEXT = (
    "برای پیگیری، کد رهگیری را نزد خود نگه دارید و با مراجعه‌ی حضوری یا تماس تلفنی با دفتر{where}، "
    "آن را اعلام کنید. از اعلام این کد به دیگران خودداری کنید."
)
WHERE_ABOVE = " (نشانی و تلفن در بالای همین رسید)"


def receipt_data(session: Session, complaint_id: int) -> ReceiptData:
    """What the receipt shows: only what the citizen gave (a name only when named)."""
    require(session, Action.PRINT_RECEIPT)
    complaint = Complaint.get_or_none(Complaint.id == complaint_id)
    office = Office.select().first()
    if complaint is None or office is None:
        raise NotFound("شکایت پیدا نشد.")
    name = None
    if complaint.identity == Identity.NAMED.value:
        person: Person | None = complaint.person
        name = str(person.full_name) if person is not None else None
    registered_at = complaint.created_at.replace(tzinfo=dt.UTC)
    contact = letterhead.load_letterhead().footer or None
    return ReceiptData(
        office_name=str(office.name),
        office_phone=office.phone,
        tracking_code=str(complaint.tracking_code),
        registered_at=registered_at,
        subject=str(complaint.subject),
        kind_label=KIND_LABELS[Kind(complaint.kind)],
        unit_name=str(complaint.unit.name),
        complainant_name=name,
        follow_up_text=FOLLOW_UP_TEXT.format(where=WHERE_ABOVE if contact else ""),
        office_contact=contact,
    )


def receipt_pdf(session: Session, complaint_id: int) -> bytes:
    return render_receipt(receipt_data(session, complaint_id))
