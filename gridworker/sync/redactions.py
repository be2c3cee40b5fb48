"""Applying the centre's redactions (``protocol.ChangeState.REDACTED``) during a pull.

A redacted visit or amendment is removed like a deleted row (``apply``'s removal path, which
keeps anything with unsent local changes); this module records that it existed, in the
``redactions`` table, so the household shows that a record was redacted, when and why.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from ..storage.journal import wire_value
from .protocol import REDACTION, ChangeState
from .wire import ServerRow

__all__ = ["record_redactions"]

_UPSERT = (
    "INSERT INTO redactions (entity, row_id, household_id, visit_id, reason, redacted_at, "
    "version) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (entity, row_id) DO UPDATE SET "
    "reason = excluded.reason, redacted_at = excluded.redacted_at, version = excluded.version "
    "WHERE excluded.version >= redactions.version"
)


def _household_of_visit(cur: Any, visit_id: str | None) -> str | None:
    if not visit_id:
        return None
    found = cur.execute("SELECT household_id FROM visits WHERE id = ?", (visit_id,)).fetchone()
    if found is not None:
        return str(found[0])
    found = cur.execute("SELECT household_id FROM redactions WHERE entity = 'visit' AND "
                        "row_id = ?", (visit_id,)).fetchone()
    return None if found is None else found[0]


def record_redactions(cur: Any, rows: Iterable[ServerRow]) -> int:
    """Keep a line for each redacted row of a pull page (call before the rows are removed,
    so an amendment still finds its visit's household). Returns how many."""
    values = []
    for row in rows:
        if row.state != ChangeState.REDACTED:
            continue
        data = row.data or {}
        mark = data.get(REDACTION)
        mark = mark if isinstance(mark, dict) else {}
        reason = mark.get("reason")
        at = mark.get("at")
        if row.entity == "visit":
            household, visit = data.get("household_id"), None
        else:
            visit = data.get("visit_id")
            household = _household_of_visit(cur, visit if isinstance(visit, str) else None)
        values.append((
            row.entity, row.id,
            household if isinstance(household, str) else None,
            visit if isinstance(visit, str) else None,
            str(reason)[:5000] if isinstance(reason, str) else "",
            str(wire_value(at))[:40] if isinstance(at, str) else "",
            row.version,
        ))
    if values:
        cur.executemany(_UPSERT, values)
    return len(values)
