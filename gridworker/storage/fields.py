"""Storage's view of the one schema (:mod:`gridrules.schema`): columns and values of synced rows.

- :func:`column` makes a synced table's ORM column from the field's declaration (type, length,
  nullability, the value a row holds when nothing was given), so ``models.py`` only names
  the attribute and its Python type.
- :func:`snapshot_values` reads a stored row's declared fields as the domain's snapshots hold
  them (vocabulary codes as members, or as :class:`~gridworker.domain.codes.UnknownCode`
  when this client does not know them; sets as frozensets).
- :func:`stored_values` is the reverse, for bulk loads and services: a snapshot's (or a
  form's) values as column values (codes as text, sets as sorted lists).
- :func:`checked` runs the rulebook's check of a value about to be journalled, the same check
  the centre runs before it stores a push.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from enum import Enum
from typing import Any

from sqlalchemy import JSON, Boolean, Date, DateTime, Float, ForeignKey, Integer, String, Text
from sqlalchemy.orm import MappedColumn, mapped_column
from sqlalchemy.types import TypeEngine

from gridrules import RuleViolation
from gridrules.bounds import SHORT_TEXT_MAX
from gridrules.schema import ENTITIES, FieldSpec, Kind, check_field

from ..domain.codes import read_code, read_codes
from ..domain.errors import InvalidInput, ValidationError

__all__ = ["check_values", "column", "declared", "snapshot_values", "stored_values"]


def _type(spec: FieldSpec) -> TypeEngine[Any]:
    kind = spec.kind
    if kind is Kind.TEXT:
        n = spec.max_length
        return String(n) if n is not None and n <= SHORT_TEXT_MAX else Text()
    if kind is Kind.ID:
        return String(36)
    types: dict[Kind, TypeEngine[Any]] = {
        Kind.INT: Integer(), Kind.FLOAT: Float(), Kind.BOOL: Boolean(), Kind.DATE: Date(),
        Kind.DATETIME: DateTime(), Kind.TEXT_SET: JSON(), Kind.JSON: JSON(),
    }  # fmt: skip
    return types[kind]


def _default(spec: FieldSpec) -> Any:
    empty = spec.empty()
    if isinstance(empty, list):
        return list  # a fresh list per row
    return empty


def column(entity: str, name: str, *, references: str | None = None, index: bool = False,
           unique: bool = False) -> MappedColumn[Any]:
    """The ORM column of field ``name`` of ``entity`` as the schema declares it.

    ``references``: ``"table.id"`` for a parent key. Vocabulary fields have no default in
    the table when they are required (a create names them)."""
    spec = ENTITIES[entity].fields[name]
    args: list[Any] = [ForeignKey(references)] if references else [_type(spec)]
    kwargs: dict[str, Any] = {"nullable": spec.nullable, "index": index}
    if unique:
        kwargs["unique"] = True
    if not spec.required or spec.kind in (Kind.TEXT_SET, Kind.JSON):
        default = _default(spec)
        if default is not None:
            kwargs["default"] = default
    return mapped_column(*args, **kwargs)


def declared(entity: str) -> tuple[str, ...]:
    """The declared fields of ``entity`` that its table stores (a visit's photos live in a
    table of their own; the recorded time is the row's ``created_at``)."""
    return tuple(n for n in ENTITIES[entity].fields if n not in ("photos", "created_at"))


def snapshot_values(entity: str, row: Any, names: Iterable[str] | None = None) -> dict[str, Any]:
    """The declared fields of a stored row as domain values."""
    fields = ENTITIES[entity].fields
    out: dict[str, Any] = {}
    for name in names if names is not None else declared(entity):
        spec = fields[name]
        raw = getattr(row, name)
        if spec.vocab is not None:
            out[name] = (read_codes(spec.vocab, raw) if spec.kind is Kind.TEXT_SET
                         else read_code(spec.vocab, raw))
        else:
            out[name] = raw
    return out


def _stored(value: Any) -> Any:
    if isinstance(value, frozenset | set):
        return sorted(str(getattr(v, "value", v)) for v in value)
    if isinstance(value, Enum) or (isinstance(value, str) and hasattr(value, "value")):
        return str(value.value)
    return value


def stored_values(entity: str, values: Mapping[str, Any] | Any,
                  names: Iterable[str] | None = None) -> dict[str, Any]:
    """Column values of a snapshot (read by attribute) or of a mapping of domain values."""
    get = values.get if isinstance(values, Mapping) else (lambda n: getattr(values, n))
    return {n: _stored(get(n)) for n in (names if names is not None else declared(entity))}


def check_values(entity: str, changes: Mapping[str, Any]) -> None:
    """The rulebook's check of wire values about to be journalled, as :class:`InvalidInput`
    (a form's own checks come first; this is the rule the centre applies too)."""
    errors: dict[str, ValidationError] = {}
    fields = ENTITIES[entity].fields
    for name, value in changes.items():
        if name not in fields:
            continue
        try:
            check_field(entity, name, value)
        except RuleViolation as violation:
            errors.setdefault(name, ValidationError.from_violation(violation.at(name)))
    if errors:
        raise InvalidInput(errors)
