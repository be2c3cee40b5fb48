"""The outbox as the push request carries it: pending journal entries in wire form.

The journal (``storage.journal``) is the outbox: every local change writes its entry there in
the transaction that writes the row. The engine's push step sends what these functions read,
oldest first, and ``push_results.record_push_results`` records the answers.
"""

from __future__ import annotations

import json
from datetime import datetime
from functools import lru_cache
from typing import Any

from sqlalchemy.orm import Session

from ..storage.journal import PENDING, outbound_changes, wire_time
from ..storage.models import JournalEntryRow
from .convert import dbapi


def entry_wire(entry: JournalEntryRow) -> dict[str, Any]:
    """One journal entry as the push request carries it."""
    out: dict[str, Any] = {
        "mutation_id": entry.mutation_id,
        "entity": entry.entity,
        "row_id": entry.row_id,
        "op": entry.op,
        "base_version": entry.base_version,
        "changes": outbound_changes(entry.entity, entry.changes or {}),
        "actor": entry.actor,
        # Stored as naive local time; the wire wants an offset.
        "created_at": wire_time(entry.created_at),
    }
    if entry.resolves:
        out["resolves"] = entry.resolves
    return out


_PENDING_SQL = (
    "SELECT mutation_id, entity, row_id, op, base_version, changes, actor, created_at, "
    "resolves FROM journal WHERE state = ? ORDER BY seq LIMIT ?"
)


def pending_wire(session: Session, limit: int) -> list[dict[str, Any]]:
    """The oldest ``limit`` pending entries as the push request carries them (what
    :func:`entry_wire` makes of each), read without the ORM: a batch is 1,000 entries, and
    loading them as objects decoded and tracked every one for nothing."""
    conn = dbapi(session)
    out: list[dict[str, Any]] = []
    for mid, entity, row_id, op, base, changes, actor, created, resolves in conn.execute(
        _PENDING_SQL, (PENDING, limit)
    ):
        entry: dict[str, Any] = {
            "mutation_id": mid,
            "entity": entity,
            "row_id": row_id,
            "op": op,
            "base_version": base,
            "changes": outbound_changes(entity, (json.loads(changes) if changes else None) or {}),
            "actor": actor,
            "created_at": _wire_time(created),
        }
        found = json.loads(resolves) if resolves else None
        if found:
            entry["resolves"] = found
        out.append(entry)
    return out


@lru_cache(maxsize=4096)
def _wire_time(stored: str) -> str:
    """A stored naive local time (SQLAlchemy's text form) as the wire's ISO text with offset."""
    return wire_time(datetime.fromisoformat(stored))
