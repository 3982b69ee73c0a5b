"""Units and categories: the configurable lists the registration form picks from."""

from __future__ import annotations

from dataclasses import dataclass

from app import audit
from app.errors import NotFound, ValidationError
from app.permissions import Action, Session, require
from app.persian import clean_line, name_order, normalize
from db.connection import write_transaction
from db.models import Category, Unit, model_to_dict


class _Keep:
    """Leave a field as it is (``None`` would clear it)."""


KEEP = _Keep()


@dataclass(frozen=True)
class UnitInfo:
    id: int
    name: str
    head_name: str | None
    head_title: str | None
    active: bool
    parent_id: int | None = None  # the superior unit a reminder escalates to


@dataclass(frozen=True)
class CategoryInfo:
    id: int
    name: str
    active: bool


def _unit_info(unit: Unit) -> UnitInfo:
    return UnitInfo(
        int(unit.id),
        str(unit.name),
        unit.head_name,
        unit.head_title,
        bool(unit.active),
        unit.__data__.get("parent"),
    )


def _category_info(category: Category) -> CategoryInfo:
    return CategoryInfo(int(category.id), str(category.name), bool(category.active))


def list_units(session: Session, include_inactive: bool = False) -> list[UnitInfo]:
    """The units in the order of the Persian alphabet, «سایر» last (``name_order``)."""
    require(session, Action.VIEW_COMPLAINTS)
    query = Unit.select()
    if not include_inactive:
        query = query.where(Unit.active == True)  # noqa: E712 (peewee expression)
    return sorted((_unit_info(u) for u in query), key=lambda unit: name_order(unit.name))


def list_categories(session: Session, include_inactive: bool = False) -> list[CategoryInfo]:
    """The categories in the order of the Persian alphabet, «سایر» last (``name_order``)."""
    require(session, Action.VIEW_COMPLAINTS)
    query = Category.select()
    if not include_inactive:
        query = query.where(Category.active == True)  # noqa: E712
    return sorted(
        (_category_info(c) for c in query), key=lambda category: name_order(category.name)
    )


def _name_taken(model: type[Unit] | type[Category], name: str, exclude_id: int | None) -> bool:
    wanted = normalize(name)
    return any(
        normalize(str(row.name)) == wanted and row.id != exclude_id
        for row in model.select(model.id, model.name)
    )


def _checked_name(model: type[Unit] | type[Category], name: str, exclude_id: int | None) -> str:
    clean = clean_line(name)
    if not clean:
        raise ValidationError({"name": "نام را وارد کنید."})
    if len(clean) > 200:
        raise ValidationError({"name": "نام بیش از اندازه طولانی است."})
    if _name_taken(model, clean, exclude_id):
        raise ValidationError({"name": "این نام قبلاً ثبت شده است."})
    return clean


def add_unit_unchecked(
    name: str, head_name: str | None = None, head_title: str | None = None
) -> Unit:
    """Create a unit inside the caller's transaction (used by setup and the admin service)."""
    unit = Unit.create(
        name=_checked_name(Unit, name, None),
        head_name=clean_line(head_name or "") or None,
        head_title=clean_line(head_title or "") or None,
    )
    audit.journal(unit, "insert")
    return unit


def add_category_unchecked(name: str) -> Category:
    category = Category.create(name=_checked_name(Category, name, None))
    audit.journal(category, "insert")
    return category


def create_unit(
    session: Session, name: str, head_name: str | None = None, head_title: str | None = None
) -> UnitInfo:
    require(session, Action.MANAGE_UNITS)
    with write_transaction():
        unit = add_unit_unchecked(name, head_name, head_title)
        audit.record(
            session.username, "unit_created", "unit", str(unit.uid), after=model_to_dict(unit)
        )
        return _unit_info(unit)


def update_unit(
    session: Session,
    unit_id: int,
    *,
    name: str,
    head_name: str | None,
    head_title: str | None,
    active: bool,
    parent_id: int | _Keep | None = KEEP,
) -> UnitInfo:
    require(session, Action.MANAGE_UNITS)
    with write_transaction():
        unit = Unit.get_or_none(Unit.id == unit_id)
        if unit is None:
            raise NotFound("واحد پیدا نشد.")
        before = model_to_dict(unit)
        unit.name = _checked_name(Unit, name, unit_id)
        unit.head_name = clean_line(head_name or "") or None
        unit.head_title = clean_line(head_title or "") or None
        unit.active = active
        if not isinstance(parent_id, _Keep):
            unit.parent = _checked_parent(unit_id, parent_id)
        unit.touch()
        unit.save()
        audit.record(
            session.username, "unit_updated", "unit", str(unit.uid), before, model_to_dict(unit)
        )
        audit.journal(unit, "update")
        return _unit_info(unit)


def _checked_parent(unit_id: int, parent_id: int | None) -> int | None:
    """A superior that exists and is not the unit itself or one of its own subordinates."""
    seen = {unit_id}
    current = parent_id
    while current is not None:
        if current in seen:
            raise ValidationError({"parent": "واحد نمی‌تواند بالادست خود یا زیرمجموعه‌اش باشد."})
        seen.add(current)
        row = Unit.get_or_none(Unit.id == current)
        if row is None:
            raise ValidationError({"parent": "واحد بالادست پیدا نشد."})
        current = row.__data__.get("parent")
    return parent_id


def create_category(session: Session, name: str) -> CategoryInfo:
    require(session, Action.MANAGE_CATEGORIES)
    with write_transaction():
        category = add_category_unchecked(name)
        audit.record(
            session.username,
            "category_created",
            "category",
            str(category.uid),
            after=model_to_dict(category),
        )
        return _category_info(category)


def update_category(session: Session, category_id: int, *, name: str, active: bool) -> CategoryInfo:
    require(session, Action.MANAGE_CATEGORIES)
    with write_transaction():
        category = Category.get_or_none(Category.id == category_id)
        if category is None:
            raise NotFound("موضوع پیدا نشد.")
        before = model_to_dict(category)
        category.name = _checked_name(Category, name, category_id)
        category.active = active
        category.touch()
        category.save()
        audit.record(
            session.username,
            "category_updated",
            "category",
            str(category.uid),
            before,
            model_to_dict(category),
        )
        audit.journal(category, "update")
        return _category_info(category)
