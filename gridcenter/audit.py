"""The append-only audit log: logins, lockouts, refresh-token reuse, scope-crossing attempts,
admin actions and conflict resolutions. Targets are ids and codes, never personal data."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, insert

from .models import audit_log
from .util import now_iso


def audit_row(
    event: str, username: str | None, target: str = "", detail: str = "", success: bool = True
) -> dict[str, Any]:
    return {
        "at": now_iso(),
        "username": username,
        "event": event,
        "target": target[:200],
        "detail": detail,
        "success": success,
    }


def audit(
    conn: Connection,
    event: str,
    username: str | None,
    target: str = "",
    detail: str = "",
    success: bool = True,
) -> None:
    conn.execute(insert(audit_log), [audit_row(event, username, target, detail, success)])


def audit_many(conn: Connection, rows: list[dict[str, Any]]) -> None:
    if rows:
        conn.execute(insert(audit_log), rows)
