"""Complaints the central system sends an office (registered there, from the 111 line, say).

An inbound package (resources/sync/format.md, "Inbound package") is signed by the central key
and encrypted to the office's age key. Every record is checked before anything is written; then
all of its new complaints are registered in one transaction with channel "central", keeping
the uid central gave them, so a complaint sent twice (in one package or two) arrives once and
goes back to central under the same identity.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from app import audit
from app.errors import DadrasError, ValidationError
from app.lists import add_category_unchecked, add_unit_unchecked
from app.office import office_info
from app.permissions import Action, Role, Session, require
from app.persian import clean_line, ltr, to_persian_digits
from app.registration import ComplaintInput, _Clean, save_complaint, validate
from app.sync.export import AckResult, apply_ack
from app.sync.keys import central_keys, ensure_office_keys
from app.sync.package import INBOUND_FORMAT, Package, PackageError, file_sha256, open_package
from app.vocabulary import Channel, Identity, Kind
from db.connection import write_transaction
from db.models import Category, Complaint, InboundPackage, Unit, User, utc_now

ENTITY = "complaint"
_UID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
MAX_RECORDS = 50_000
_TEXT_FIELDS = ("subject", "description", "full_name", "national_code", "mobile")
_OPTIONAL_TEXT = ("address", "county", "external_ref")


@dataclass(frozen=True)
class InboundResult:
    sequence: int
    added: list[str]  # tracking codes of the complaints registered, in package order
    skipped: int  # complaints that were already here
    already: bool  # this package was imported before


@dataclass(frozen=True)
class _Named:
    uid: str | None
    name: str


@dataclass(frozen=True)
class _Incoming:
    uid: str
    data: ComplaintInput
    clean: _Clean
    unit: _Named
    category: _Named
    external_ref: str | None


def import_inbound(session: Session | None, path: Path) -> InboundResult:
    """Verify a package from central and register its new complaints; all or nothing.

    ``session`` None is the system itself (the command line): the complaints are then recorded
    as registered by the office's first administrator.
    """
    if session is not None:
        require(session, Action.EXPORT_PACKAGES)
    central = central_keys()
    if central is None:
        raise DadrasError(
            "کلید عمومی سامانه‌ی مرکزی تنظیم نشده است؛ بسته‌ی مرکز را نمی‌توان بررسی کرد."
        )
    info = office_info()
    if info is None:
        raise DadrasError("دفتر هنوز راه‌اندازی نشده است.")
    path = Path(path)
    try:
        sha256 = file_sha256(path)
    except OSError as exc:
        raise PackageError("unreadable", exc.strerror or path.name) from None
    done = InboundPackage.get_or_none(InboundPackage.sha256 == sha256)
    if done is not None:
        return InboundResult(int(done.sequence), [], 0, already=True)
    pair = ensure_office_keys()
    with open_package(
        path,
        identity=pair.age_identity,
        signers=[central.signing_public_key],
        file_format=INBOUND_FORMAT,
    ) as package:
        manifest = package.manifest
        if manifest.office_code != info.code:
            raise PackageError("bad_manifest", "این بسته برای دفتر دیگری است")
        incoming = list(_read(package))
    return _register_all(session, path, sha256, manifest.sequence, manifest.created_at, incoming)


def _read(package: Package) -> Iterator[_Incoming]:
    """Each record checked and cleaned; the first bad one refuses the package."""
    for number, record in enumerate(package.iter_records(), 1):
        if number > MAX_RECORDS:
            raise DadrasError("بسته‌ی مرکز بیش از اندازه شکایت دارد.")
        try:
            yield _incoming(record)
        except ValidationError as exc:
            reason = "؛ ".join(exc.fields.values())
            raise DadrasError(
                f"شکایت ردیف {to_persian_digits(number)} بسته نامعتبر است: {reason}"
            ) from None


def _incoming(record: Mapping[str, Any]) -> _Incoming:
    data = record["data"]
    if record["entity"] != ENTITY or record["operation"] != "insert":
        raise ValidationError({"entity": "تنها شکایت تازه پذیرفته می‌شود."})
    text = {name: _text(data, name) for name in (*_TEXT_FIELDS, *_OPTIONAL_TEXT)}
    unit, category = _named(data, "unit"), _named(data, "category")
    complaint = ComplaintInput(
        identity=_choice(Identity, data.get("identity"), "identity"),
        kind=_choice(Kind, data.get("kind", Kind.COMPLAINT.value), "kind"),
        channel=Channel.CENTRAL,
        unit_id=None,  # resolved when written: the office may not have them yet
        category_id=None,
        subject=text["subject"],
        description=text["description"],
        received_on=_date(data.get("received_on")),
        full_name=text["full_name"],
        national_code=text["national_code"],
        mobile=text["mobile"],
        address=text["address"],
        county=text["county"],
    )
    clean = validate(complaint, channels=(Channel.CENTRAL,), check_lists=False)
    ref = clean_line(text["external_ref"])[:60] or None
    return _Incoming(str(record["uid"]), complaint, clean, unit, category, ref)


def _text(data: Mapping[str, Any], name: str) -> str:
    value = data.get(name)
    if value is None:
        return ""
    if not isinstance(value, str):
        raise ValidationError({name: f"مقدار «{ltr(name)}» باید متن باشد."})
    return value


def _choice(kind: Any, value: object, name: str) -> Any:
    try:
        return kind(value)
    except ValueError:
        raise ValidationError({name: f"مقدار «{ltr(name)}» شناخته نیست."}) from None


def _date(value: object) -> dt.date | None:
    if not isinstance(value, str):
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        return None


def _named(data: Mapping[str, Any], name: str) -> _Named:
    value = data.get(name)
    label = "واحد" if name == "unit" else "موضوع"
    if not isinstance(value, Mapping) or not isinstance(value.get("name"), str):
        raise ValidationError({name: f"{label} شکایت مشخص نیست."})
    title = clean_line(value["name"])
    if not title or len(title) > 200:
        raise ValidationError({name: f"نام {label} نامعتبر است."})
    uid = value.get("uid")
    return _Named(uid if isinstance(uid, str) and _UID.match(uid) else None, title)


# --- writing ---------------------------------------------------------------------------------


def _register_all(
    session: Session | None,
    path: Path,
    sha256: str,
    sequence: int,
    created_at: dt.datetime,
    incoming: list[_Incoming],
) -> InboundResult:
    added: list[str] = []
    skipped = 0
    username = session.username if session is not None else None
    with write_transaction():
        if InboundPackage.select().where(InboundPackage.sha256 == sha256).exists():
            return InboundResult(sequence, [], 0, already=True)
        if InboundPackage.select().where(InboundPackage.sequence == sequence).exists():
            raise DadrasError(
                f"بسته‌ی شماره‌ی {to_persian_digits(sequence)} مرکز پیش‌تر با محتوای دیگری "
                "وارد شده است."
            )
        registrar = session.user_id if session is not None else _first_admin()
        seen: set[str] = set()
        for item in incoming:
            if item.uid in seen or Complaint.select().where(Complaint.uid == item.uid).exists():
                skipped += 1
                continue
            seen.add(item.uid)
            ids = {"unit_id": _unit(item.unit), "category_id": _category(item.category)}
            data = ComplaintInput(**{**item.data.__dict__, **ids})
            complaint = save_complaint(
                data,
                item.clean,
                registered_by=registrar,
                username=username,
                uid=item.uid,
                external_ref=item.external_ref,
            )
            added.append(str(complaint.tracking_code))
        InboundPackage.create(
            sequence=sequence,
            sha256=sha256,
            file_name=path.name,
            created_at=created_at.replace(tzinfo=None),
            imported_at=utc_now(),
            added=len(added),
            skipped=skipped,
        )
        audit.record(
            username,
            "central_complaints_imported",
            "inbound_package",
            str(sequence),
            after={"file": path.name, "sha256": sha256, "added": len(added), "skipped": skipped},
        )
    return InboundResult(sequence, added, skipped, already=False)


def _first_admin() -> int:
    admin = User.select(User.id).where(User.role == Role.ADMIN.value).order_by(User.id).first()
    if admin is None:
        raise DadrasError("دفتر مدیر سامانه ندارد.")
    return int(admin.id)


def _unit(named: _Named) -> int:
    """The office's unit by central's uid, else by name; created when the office lacks it."""
    found = None
    if named.uid is not None:
        found = Unit.get_or_none(Unit.uid == named.uid)
    found = found or Unit.get_or_none(Unit.name == named.name)
    return int((found or add_unit_unchecked(named.name)).id)


def _category(named: _Named) -> int:
    found = None
    if named.uid is not None:
        found = Category.get_or_none(Category.uid == named.uid)
    found = found or Category.get_or_none(Category.name == named.name)
    return int((found or add_category_unchecked(named.name)).id)


def inbound_history() -> list[InboundPackage]:
    return list(InboundPackage.select().order_by(InboundPackage.sequence.desc()))


# --- any file from central -------------------------------------------------------------------


@dataclass(frozen=True)
class ImportOutcome:
    """What importing one file from central did: an acknowledgement or a complaints package."""

    ack: AckResult | None = None
    inbound: InboundResult | None = None

    def summary(self) -> str:
        """One English line for the command line."""
        if self.ack is not None:
            first, last = self.ack.journal_range
            if self.ack.unknown:
                return (
                    f"package {self.ack.sequence} is not in this database (written after the "
                    "backup it was restored from); numbers continue past it"
                )
            note = "already acknowledged" if self.ack.already else "acknowledged"
            return f"package {self.ack.sequence} {note} (changes {first}-{last})"
        assert self.inbound is not None
        if self.inbound.already:
            return f"central package {self.inbound.sequence} already imported"
        codes = ", ".join(self.inbound.added) or "none"
        return (
            f"central package {self.inbound.sequence}: {len(self.inbound.added)} complaints "
            f"registered ({codes}), {self.inbound.skipped} already here"
        )


_AGE_HEADER = b"age-encryption.org/"


def import_file(session: Session | None, path: Path) -> ImportOutcome:
    """Import a file from central, telling an acknowledgement from a package by its content."""
    if session is not None:
        require(session, Action.EXPORT_PACKAGES)
    path = Path(path)
    try:
        with open(path, "rb") as file:
            head = file.read(len(_AGE_HEADER))
    except OSError as exc:
        raise PackageError("unreadable", exc.strerror or path.name) from None
    if head == _AGE_HEADER:
        return ImportOutcome(inbound=import_inbound(session, path))
    return ImportOutcome(ack=apply_ack(path))
