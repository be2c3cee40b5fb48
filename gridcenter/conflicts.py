"""Listing conflicts. They are created and resolved by push (see sync.py); here the caller
reads them back: their own, or everyone's for a centre admin."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import select

from .auth import Caller
from .db import Database
from .models import conflicts

LIST_LIMIT = 1000


def _load(text: str | None) -> Any:
    return json.loads(text) if text is not None else None


def list_for(db: Database, caller: Caller, status: str) -> dict[str, Any]:
    stmt = select(conflicts).order_by(conflicts.c.created_at.desc()).limit(LIST_LIMIT)
    if not caller.is_admin:
        stmt = stmt.where(conflicts.c.user_id == caller.user_id)
    if status == "open":
        stmt = stmt.where(conflicts.c.resolved_at.is_(None))
    elif status == "resolved":
        stmt = stmt.where(conflicts.c.resolved_at.is_not(None))
    with db.read() as conn:
        rows = conn.execute(stmt).all()
    return {
        "conflicts": [
            {
                "id": r.id, "entity": r.entity, "row_id": r.row_id, "kind": r.kind,
                "field": r.field, "base": _load(r.base), "mine": _load(r.mine),
                "theirs": _load(r.theirs), "mutation_id": r.mutation_id, "user": r.username,
                "created_at": r.created_at,
                "status": "resolved" if r.resolved_at else "open",
                "resolved_by": r.resolved_by, "resolved_at": r.resolved_at,
                "choice": r.choice, "value": _load(r.value),
            }
            for r in rows
        ]
    }
