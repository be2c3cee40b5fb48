"""Pulled rows this client cannot read: kept raw with the reason, never stopping a sync.

A row of a pull page that does not convert (whatever the server sent: an unknown entity, a
row or ``data`` that is not an object, a missing id or version, a value of the wrong wire
type or shape, any exception converting that one row) goes to the ``quarantine`` table
instead of failing the page: the rest of the page applies and the cursor moves on. A child
whose parent is not here because the parent itself is quarantined is quarantined too
(``parent_quarantined``). The entry goes when a later version of the row converts, or a
tombstone or ``gone`` marker removes the row. See docs/sync-apply.md.

The reason is a code and a short technical text naming the entity and field, never a value
(values may be personal data); the support log gets entity, id and code.
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..storage.models import QuarantineRow
from . import protocol as p

log = logging.getLogger(__name__)

RAW_MAX_CHARS = 64 * 1024
"""The raw row is kept up to this size (``raw_truncated`` says when it was cut)."""
_ENTITY_NAME = re.compile(r"[a-z][a-z0-9_]{0,39}")


class Reason(StrEnum):
    UNKNOWN_ENTITY = "unknown_entity"
    NOT_AN_OBJECT = "not_an_object"
    """The row, or its ``data``, is not a JSON object."""
    BAD_ID = "bad_id"
    BAD_VERSION = "bad_version"
    BAD_STATE = "bad_state"
    BAD_VALUE = "bad_value"
    """A field's value fails the wire check or its conversion (type, date, shape, number)."""
    PARENT_QUARANTINED = "parent_quarantined"
    CONVERSION_FAILED = "conversion_failed"
    """Anything else that went wrong converting this one row."""


@dataclass(frozen=True, slots=True)
class Unreadable:
    """One row of a page the client cannot apply, and why."""

    entity: str
    row_id: str
    version: int | None
    raw: Any
    code: Reason
    reason: str
    """Short and technical: entity and field, never a value."""


def _safe_entity(value: Any) -> str:
    return value if isinstance(value, str) and _ENTITY_NAME.fullmatch(value) else "?"


def _safe_id(value: Any) -> str | None:
    return value if isinstance(value, str) and 0 < len(value) <= 36 else None


def _raw_key(raw: Any) -> str:
    text = json.dumps(raw, sort_keys=True, default=str, ensure_ascii=False)
    return "#" + hashlib.sha256(text.encode()).hexdigest()[:32]


def unreadable_item(value: Any) -> Unreadable:
    """Why a page item that failed the structure check (``wire.changes_page``) is unreadable."""
    if not isinstance(value, dict):
        key = _raw_key(value)
        return Unreadable("?", key, None, value, Reason.NOT_AN_OBJECT, "row is not an object")
    entity = value.get("entity")
    row_id = _safe_id(value.get("id"))
    version = value.get("version")
    version = version if type(version) is int and version >= 0 else None
    shown = _safe_entity(entity)
    key = row_id if row_id is not None else _raw_key(value)

    def bad(code: Reason, reason: str) -> Unreadable:
        return Unreadable(shown, key, version, value, code, reason)

    if not isinstance(entity, str) or entity not in p.ENTITIES:
        return bad(Reason.UNKNOWN_ENTITY, f"unknown entity {shown}")
    if row_id is None:
        return bad(Reason.BAD_ID, f"{entity}: missing or invalid id")
    if version is None:
        return bad(Reason.BAD_VERSION, f"{entity}: missing or invalid version")
    state = value.get("state")
    if state not in {s.value for s in p.ChangeState}:
        return bad(Reason.BAD_STATE, f"{entity}: unknown state")
    return bad(Reason.NOT_AN_OBJECT, f"{entity}: data is not an object")


def unreadable_row(
    entity: str, row_id: str, version: int, state: str, data: Any, code: Reason, reason: str
) -> Unreadable:
    """A structurally sound row whose values do not convert."""
    raw = {"entity": entity, "id": row_id, "version": version, "state": state, "data": data}
    return Unreadable(entity, row_id, version, raw, code, reason)


# --------------------------------------------------------------------------- storage


def held_keys(cur: Any) -> set[tuple[str, str]]:
    """(entity, row id) of every quarantined row (usually none: one cheap query a page)."""
    return {(e, r) for e, r in cur.execute("SELECT entity, row_id FROM quarantine")}


def held_for_parent(cur: Any) -> list[str]:
    """The raw rows kept whole that are quarantined only because their parent is."""
    return [
        raw
        for (raw,) in cur.execute(
            "SELECT raw FROM quarantine WHERE reason_code = ? AND raw_truncated = 0 "
            "ORDER BY entity, row_id",
            (Reason.PARENT_QUARANTINED.value,),
        )
    ]


def record(cur: Any, items: Iterable[Unreadable], now_text: str) -> int:
    """Keep ``items`` (a repeat of a row updates its entry); log each. Returns how many."""
    params = []
    for item in items:
        try:
            raw = json.dumps(item.raw, ensure_ascii=False, default=str)
        except (TypeError, ValueError):  # pragma: no cover - decoded JSON always dumps
            raw = json.dumps(repr(item.raw))
        truncated = len(raw) > RAW_MAX_CHARS
        params.append((
            item.entity[:40], item.row_id[:64], item.version, raw[:RAW_MAX_CHARS],
            1 if truncated else 0, item.code.value, item.reason[:200], now_text, now_text,
        ))  # fmt: skip
        log.warning(
            "quarantined pulled row: entity=%s id=%s version=%s reason=%s",
            item.entity, item.row_id, item.version, item.code.value,
        )  # fmt: skip
    if params:
        cur.executemany(
            "INSERT INTO quarantine (entity, row_id, version, raw, raw_truncated, reason_code, "
            "reason, first_seen, last_seen) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) "
            "ON CONFLICT (entity, row_id) DO UPDATE SET version = excluded.version, "
            "raw = excluded.raw, raw_truncated = excluded.raw_truncated, "
            "reason_code = excluded.reason_code, reason = excluded.reason, "
            "last_seen = excluded.last_seen",
            params,
        )
    return len(params)


def release(cur: Any, keys: Iterable[tuple[str, str]]) -> None:
    """Drop the entries of rows that now applied (or were removed)."""
    gone = list(keys)
    if gone:
        cur.executemany("DELETE FROM quarantine WHERE entity = ? AND row_id = ?", gone)
        for entity, row_id in gone:
            log.info("quarantine cleared: entity=%s id=%s", entity, row_id)


# --------------------------------------------------------------------------- reading


@dataclass(frozen=True, slots=True)
class QuarantinedRow:
    """What the worker and support may see of a quarantined row (no values)."""

    entity: str
    row_id: str
    version: int | None
    reason_code: str
    """A :class:`Reason` value (the UI says it in plain words)."""
    technical: str
    """Entity and field for support, in English; never a value."""
    first_seen: datetime
    last_seen: datetime


def count(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(QuarantineRow)) or 0


def rows(session: Session, limit: int = 500) -> list[QuarantinedRow]:
    """Quarantined rows, most recently seen first."""
    found = session.scalars(
        select(QuarantineRow)
        .order_by(QuarantineRow.last_seen.desc(), QuarantineRow.entity, QuarantineRow.row_id)
        .limit(limit)
    )
    return [
        QuarantinedRow(
            q.entity, q.row_id, q.version, q.reason_code, q.reason, q.first_seen, q.last_seen
        )
        for q in found
    ]
