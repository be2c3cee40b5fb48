"""Server rows' field values, checked and converted to the storage form in one pass.

The hot loop of a first sync: each column gets a function that raises ``_Bad`` for a value
of the wrong wire type and returns the storage form otherwise (``Plan.params``). Used by the
pull (``apply``), the removals (``removal``), the sweep and the conflict service. Why it is
built this way: docs/sync-apply.md.
"""

from __future__ import annotations

import json
import math
import sys
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache
from typing import Any

from sqlalchemy import Date, DateTime
from sqlalchemy.orm import Session

from ..storage.models import GridRow, HouseholdRow, ResidentRow, VisitAmendmentRow, VisitRow
from . import protocol as p
from .errors import MalformedResponse

MODELS: dict[str, Any] = {
    "grid": GridRow,
    "household": HouseholdRow,
    "resident": ResidentRow,
    "visit": VisitRow,
    "visit_amendment": VisitAmendmentRow,
}


class _Bad(Exception):
    pass


class BadValue(MalformedResponse):
    """A pulled row's field value the client cannot store: ``field`` names it (the value is
    never in the message: it may be personal data)."""

    def __init__(self, entity: str, field: str):
        super().__init__(f"{entity}.{field}: missing or of the wrong type")
        self.entity = entity
        self.field = field


def wire_to_datetime(value: str) -> datetime:
    """ISO text from the wire as the naive local time the workspace stores."""
    parsed = datetime.fromisoformat(value)
    if parsed.tzinfo is not None:
        parsed = parsed.astimezone().replace(tzinfo=None)
    return parsed


def dt_text(value: Any) -> str:
    if isinstance(value, datetime):
        return value.isoformat(" ", "microseconds")
    if type(value) is not str:
        raise _Bad
    try:
        return _wire_dt_text(value)
    except ValueError:
        raise _Bad from None


@lru_cache(maxsize=4096)
def _wire_dt_text(value: str) -> str:
    """Cached: rows written together (an import, a batch) share their timestamps. (Python
    reads the local time zone once per process, so a cached conversion stays right.)"""
    return wire_to_datetime(value).isoformat(" ", "microseconds")


def _date_text(value: Any) -> str:
    if isinstance(value, date):
        return value.isoformat()
    if type(value) is not str:
        raise _Bad
    try:
        return date.fromisoformat(value).isoformat()
    except ValueError:
        raise _Bad from None


def _bool(value: Any) -> int:
    if type(value) is not bool:
        raise _Bad
    return 1 if value else 0


def _float(value: Any) -> float:
    if type(value) not in (int, float) or not math.isfinite(value):  # NaN, Infinity
        raise _Bad
    return float(value)


def _int(value: Any) -> int:
    if type(value) is not int:
        raise _Bad
    return value


def _json(value: Any) -> str:
    if not value and (value == [] or value == {}):  # most of them: skip the encoder
        return "[]" if type(value) is list else "{}"
    try:
        return json.dumps(value, allow_nan=False)
    except (TypeError, ValueError):  # NaN or Infinity: not JSON
        raise _Bad from None


def _findings(value: Any) -> str:
    """A visit's findings as the records read them: a list of ``{"kind", "text"}`` objects."""
    if type(value) is not list:
        raise _Bad
    for item in value:
        if type(item) is not dict or type(item.get("kind")) is not str:
            raise _Bad
        if type(item.get("text", "")) is not str:
            raise _Bad
    return _json(value)


_AMENDED_DATES = {"follow_up_date": date.fromisoformat, "ended_at": datetime.fromisoformat}


def _amendment_changes(value: Any) -> str:
    """An amendment's changes as the records read them: an object; amended findings and
    dates of the shape the visit's own fields have."""
    if type(value) is not dict:
        raise _Bad
    if "findings" in value and value["findings"] is not None:
        _findings(value["findings"])
    for name, parse in _AMENDED_DATES.items():
        got = value.get(name)
        if got:
            if type(got) is not str:
                raise _Bad
            try:
                parse(got)
            except ValueError:
                raise _Bad from None
    return _json(value)


_TEXT_LIMITS: dict[Callable[[Any], Any], int] = {}
"""The text converters and their length limits (no limit: sys.maxsize), so ``Plan.params``
can check text inline instead of calling them."""


def _text(limit: int | None) -> Callable[[Any], str]:
    def convert(value: Any) -> str:
        if type(value) is not str or (limit is not None and len(value) > limit):
            raise _Bad
        return value

    _TEXT_LIMITS[convert] = sys.maxsize if limit is None else limit
    return convert


def _text_set(value: Any) -> str:
    if type(value) is not list or len(value) > 200:
        raise _Bad
    if not value:
        return "[]"
    for item in value:
        if type(item) is not str or len(item) > 64:
            raise _Bad
    return json.dumps(value)


@dataclass(frozen=True, slots=True)
class _Column:
    name: str
    convert: Callable[[Any], Any]
    """Check a wire value and return its storage form (raises _Bad)."""
    default: Any
    """Storage value for a missing (or null) optional field."""
    nullable: bool
    required: bool
    storage: str
    """How stored values read back: text, json, bool, datetime, date, number."""


def _column(column: Any, spec: p.FieldSpec) -> _Column:
    name = column.key
    kind = spec.kind
    nullable = bool(column.nullable)
    if kind in (p.Kind.TEXT, p.Kind.ID):
        limit = 36 if kind is p.Kind.ID else spec.max_length
        return _Column(name, _text(limit), "", nullable, spec.required, "text")
    if kind is p.Kind.DATETIME:
        return _Column(name, dt_text, None, nullable, spec.required, "datetime")
    if kind is p.Kind.DATE:
        return _Column(name, _date_text, None, nullable, spec.required, "date")
    if kind is p.Kind.BOOL:
        default = column.default.arg if column.default is not None else False
        return _Column(name, _bool, 1 if default else 0, nullable, spec.required, "bool")
    if kind is p.Kind.FLOAT:
        return _Column(name, _float, None, nullable, spec.required, "number")
    if kind is p.Kind.INT:
        return _Column(name, _int, 0, nullable, spec.required, "number")
    if kind is p.Kind.TEXT_SET:
        return _Column(name, _text_set, "[]", nullable, spec.required, "json")
    if name == "changes":
        return _Column(name, _amendment_changes, "{}", nullable, spec.required, "json")
    convert = _findings if name == "findings" else _json
    return _Column(name, convert, "[]", nullable, spec.required, "json")


class Plan:
    """How one entity's rows are written: columns, converters and the upsert statement."""

    def __init__(self, entity: str):
        self.entity = entity
        self.model = MODELS[entity]
        table = self.model.__table__
        self.table = table.name
        spec = p.ENTITIES[entity]
        self.fields: list[_Column] = []
        for column in table.columns:
            name = column.key
            if name in ("id", "version", "created_at", "updated_at"):
                continue
            if name not in spec.fields:  # pragma: no cover - models and protocol agree
                raise RuntimeError(f"{entity}.{name} is not in the protocol")
            self.fields.append(_column(column, spec.fields[name]))
        self.columns = ["id", "version", "created_at", "updated_at"] + [
            c.name for c in self.fields
        ]
        names = ", ".join(self.columns)
        marks = ", ".join("?" for _ in self.columns)
        if entity in ("visit", "visit_amendment"):
            # Append-only: the content never changes (a trigger guards visits); only the
            # version the server gave it is taken.
            updates = ["version", "updated_at"]
        else:
            updates = [c for c in self.columns if c not in ("id", "created_at")]
        assignments = ", ".join(f"{c} = excluded.{c}" for c in updates)
        self.upsert = (
            f"INSERT INTO {self.table} ({names}) VALUES ({marks}) "
            f"ON CONFLICT(id) DO UPDATE SET {assignments} "
            f"WHERE excluded.version >= {self.table}.version"
        )
        # Text columns (most of them) are checked inline in ``params``: limit, else None.
        self._convert = [
            (
                c.name,
                c.convert,
                None if c.nullable else c.default,
                c.required and not c.nullable,
                _TEXT_LIMITS.get(c.convert),
            )
            for c in self.fields
        ]

    def params(
        self, row_id: str, version: int, data: dict[str, Any], now_text: str
    ) -> tuple[Any, ...]:
        """The row's values in column order, checked; raises :class:`BadValue`."""
        created = data.get("created_at")
        updated = data.get("updated_at")
        try:
            values: list[Any] = [
                row_id,
                version,
                dt_text(created) if isinstance(created, str) else now_text,
                dt_text(updated) if isinstance(updated, str) else now_text,
            ]
            name = ""
            append = values.append
            get = data.get
            for name, convert, default, required, limit in self._convert:
                raw = get(name)
                if raw is None:
                    if required:
                        raise _Bad
                    append(default)
                elif limit is not None:
                    if type(raw) is not str or len(raw) > limit:
                        raise _Bad
                    append(raw)
                else:
                    append(convert(raw))
        except _Bad:
            raise BadValue(self.entity, name or "timestamps") from None
        return tuple(values)

    def local_values(self, session: Session, row_id: str) -> dict[str, Any] | None:
        """The row's current values in wire form, or None when absent."""
        cur = dbapi(session).execute(
            f"SELECT {', '.join(c.name for c in self.fields)} FROM {self.table} WHERE id = ?",
            (row_id,),
        )
        got = cur.fetchone()
        if got is None:
            return None
        out: dict[str, Any] = {}
        for column, raw in zip(self.fields, got, strict=True):
            out[column.name] = storage_to_wire(column, raw)
        return out


def storage_to_wire(column: _Column, raw: Any) -> Any:
    if raw is None:
        return None
    if column.storage == "json":
        return json.loads(raw)
    if column.storage == "bool":
        return bool(raw)
    if column.storage == "datetime":
        return datetime.fromisoformat(raw).isoformat()
    return raw


_PLANS: dict[str, Plan] = {}


def plan(entity: str) -> Plan:
    got = _PLANS.get(entity)
    if got is None:
        got = _PLANS[entity] = Plan(entity)
    return got


def column_value(entity: str, name: str, value: Any) -> Any:
    """A wire value as the Python value an ORM attribute of ``entity`` takes."""
    model = MODELS[entity]
    column = model.__table__.columns[name]
    if value is None:
        return None
    kind = column.type
    if isinstance(kind, DateTime):
        return wire_to_datetime(value) if isinstance(value, str) else value
    if isinstance(kind, Date):
        return date.fromisoformat(value) if isinstance(value, str) else value
    return value


def dbapi(session: Session) -> Any:
    return session.connection().connection.driver_connection
