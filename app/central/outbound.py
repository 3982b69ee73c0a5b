"""Central → office: complaints registered at the central system (the 111 line, say).

``send_complaints`` reads them from a JSON Lines file (one complaint per line, described in
resources/sync/format.md, "Inbound package"), and writes one inbound package for the office:
signed with the central key and encrypted to the office's enrolled age key. A complaint keeps
one uid however often it is sent (its own ``uid``, else one derived from the office and its
``external_ref``), so the office registers it once.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from peewee import CharField, Database, DateTimeField, ForeignKeyField, IntegerField

from app.central.models import CentralModel, Office, Record, utc_now
from app.central.service import central_key
from app.errors import DadrasError
from app.sync.package import INBOUND_FORMAT, PackageInfo, write_package

INBOUND_SCHEMA_VERSION = 1
MAX_COMPLAINTS = 50_000
_UID_NAMESPACE = uuid.UUID("6f1f4c2e-2b0a-4f57-9a51-9a4f3f0d7e11")
_FIELDS = frozenset(
    {"uid", "external_ref", "received_on", "kind", "identity", "subject", "description"}
    | {"full_name", "national_code", "mobile", "address", "county", "unit", "category"}
)
_IDENTITY_FIELDS = ("full_name", "national_code", "mobile", "address", "county")


class OutboundPackage(CentralModel):
    """A package of complaints central wrote for one office."""

    office = ForeignKeyField(Office, backref="outbound", on_delete="RESTRICT")
    sequence = IntegerField()
    sha256 = CharField(max_length=64, unique=True)
    file_name = CharField(max_length=200)
    complaints = IntegerField()
    created_at = DateTimeField()

    class Meta:
        indexes = ((("office", "sequence"), True),)


@dataclass(frozen=True)
class SendResult:
    path: Path
    sequence: int
    complaints: int


def send_complaints(db: Database, office_code: int, source: Path, folder: Path) -> SendResult:
    """Write the complaints in ``source`` as the office's next inbound package in ``folder``."""
    key = central_key(db)
    db.create_tables([OutboundPackage], safe=True)
    office = Office.get_or_none(Office.code == office_code)
    if office is None:
        raise DadrasError(f"دفتر {office_code} در سامانه‌ی مرکزی ثبت نشده است.")
    if not Path(folder).is_dir():
        raise DadrasError(f"پوشه‌ی مقصد «{folder}» پیدا نشد.")
    units, categories = _known(office, "unit"), _known(office, "category")
    records = [
        _record(office_code, line_number, item, units, categories)
        for line_number, item in _lines(Path(source))
    ]
    if not records:
        raise DadrasError("پرونده‌ی شکایت‌ها خالی است؛ بسته‌ای نوشته نشد.")
    last = OutboundPackage.select().where(OutboundPackage.office == office)
    sequence = (max((row.sequence for row in last), default=0)) + 1
    created_at = dt.datetime.now(dt.UTC)
    written: PackageInfo = write_package(
        Path(folder),
        office_code=office_code,
        sequence=sequence,
        records=records,
        journal_range=(1, len(records)),
        signing_key=bytes(key.signing_private_key),
        central_recipient=str(office.age_recipient),
        created_at=created_at,
        schema_version=INBOUND_SCHEMA_VERSION,
        file_format=INBOUND_FORMAT,
    )
    OutboundPackage.create(
        office=office,
        sequence=sequence,
        sha256=written.sha256,
        file_name=written.path.name,
        complaints=len(records),
        created_at=utc_now(),
    )
    return SendResult(written.path, sequence, len(records))


def _lines(source: Path) -> Iterator[tuple[int, dict[str, Any]]]:
    try:
        text = source.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise DadrasError(f"پرونده‌ی شکایت‌ها خوانده نشد: {exc}") from None
    count = 0
    for number, line in enumerate(text.split("\n"), 1):
        if not line.strip():
            continue
        count += 1
        if count > MAX_COMPLAINTS:
            raise DadrasError("پرونده‌ی شکایت‌ها بیش از اندازه بزرگ است.")
        try:
            item = json.loads(line)
        except ValueError:
            raise DadrasError(f"سطر {number}: JSON نامعتبر است.") from None
        if not isinstance(item, dict):
            raise DadrasError(f"سطر {number}: باید یک شیء JSON باشد.")
        yield number, item


def _record(
    office_code: int,
    number: int,
    item: Mapping[str, Any],
    units: Mapping[str, str],
    categories: Mapping[str, str],
) -> dict[str, Any]:
    unknown = sorted(set(item) - _FIELDS)
    if unknown:
        raise DadrasError(f"سطر {number}: فیلد ناشناخته «{unknown[0]}».")
    for name in _FIELDS - {"unit", "category"}:
        if item.get(name) is not None and not isinstance(item[name], str):
            raise DadrasError(f"سطر {number}: «{name}» باید متن باشد.")
    for name in ("subject", "description", "received_on", "unit", "category"):
        if not item.get(name):
            raise DadrasError(f"سطر {number}: «{name}» لازم است.")
    data = {name: item.get(name) for name in _FIELDS - {"uid"}}
    data.setdefault("kind", None)
    data["kind"] = data["kind"] or "complaint"
    data["identity"] = data["identity"] or "named"
    if data["identity"] == "anonymous":
        for name in _IDENTITY_FIELDS:  # never leaves central either
            data[name] = None
    data["unit"] = _named(item["unit"], units, number)
    data["category"] = _named(item["category"], categories, number)
    return {
        "entity": "complaint",
        "uid": _uid(office_code, item, number),
        "version": 1,
        "operation": "insert",
        "data": data,
    }


def _uid(office_code: int, item: Mapping[str, Any], number: int) -> str:
    if item.get("uid"):
        try:
            value = uuid.UUID(str(item["uid"]))
        except ValueError:
            raise DadrasError(f"سطر {number}: «uid» شناسه‌ی معتبری نیست.") from None
        return str(value)
    if item.get("external_ref"):
        return str(uuid.uuid5(_UID_NAMESPACE, f"{office_code}/{item['external_ref']}"))
    return str(uuid.uuid4())


def _named(value: object, known: Mapping[str, str], number: int) -> dict[str, str | None]:
    """A unit or category by name, with the office's uid for it when central holds one."""
    if isinstance(value, Mapping):
        value = value.get("name")
    if not isinstance(value, str) or not value.strip():
        raise DadrasError(f"سطر {number}: نام واحد یا موضوع نامعتبر است.")
    name = value.strip()
    return {"uid": known.get(name), "name": name}


def _known(office: Office, entity: str) -> dict[str, str]:
    """The office's units or categories as central last received them: name → uid."""
    query = Record.select(Record.uid, Record.data).where(
        (Record.office == office) & (Record.entity == entity)
    )
    known: dict[str, str] = {}
    for row in query:
        name = json.loads(row.data).get("name")
        if isinstance(name, str):
            known[name] = str(row.uid)
    return known
