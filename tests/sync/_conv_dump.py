"""Reading rows out of a client workspace and out of gridcenter's database, in one comparable
form, for the convergence, crash and network-fault tests.

Both sides are read straight from SQLite (read-only), so what is compared is what is stored,
not what an API chooses to show. Values are normalised per ``protocol.ENTITIES`` field kind:
datetimes to UTC, JSON/sets decoded, booleans as bool; a visit's ``photos`` come from the
client's ``visit_photos`` table.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from gridworker.sync import protocol as p

TABLES = {
    "household": "households",
    "resident": "residents",
    "visit": "visits",
    "visit_amendment": "visit_amendments",
}
ENTITIES = tuple(TABLES)
Key = tuple[str, str]
"""(entity, row id)"""
Row = tuple[int, dict[str, Any]]
"""(version, normalised data)"""


def _connect(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=30)
    conn.row_factory = sqlite3.Row
    return conn


def _utc(value: Any, *, naive_is_local: bool) -> Any:
    if value is None:
        return None
    parsed = datetime.fromisoformat(str(value))
    if parsed.tzinfo is None:
        parsed = parsed.astimezone() if naive_is_local else parsed.replace(tzinfo=UTC)
    return parsed.astimezone(UTC).replace(microsecond=0).isoformat()


def normalise(entity: str, data: dict[str, Any], *, local: bool) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name, spec in p.ENTITIES[entity].fields.items():
        if name not in data:
            continue
        value = data[name]
        if spec.kind is p.Kind.DATETIME:
            value = _utc(value, naive_is_local=local)
        elif spec.kind in (p.Kind.TEXT_SET, p.Kind.JSON):
            if isinstance(value, str):
                value = json.loads(value)
            if spec.kind is p.Kind.TEXT_SET and name != "photos":
                value = sorted(value or [])
        elif spec.kind is p.Kind.BOOL and value is not None:
            value = bool(value)
        elif spec.kind is p.Kind.FLOAT and value is not None:
            value = float(value)
        elif spec.kind is p.Kind.DATE and value is not None:
            value = str(value)[:10]
        out[name] = value
    return out


# ---------------------------------------------------------------------------------- client


def local_rows(db_path: Path) -> dict[Key, Row]:
    """Every household, resident, visit and amendment of a workspace."""
    conn = _connect(db_path)
    try:
        photos: dict[str, list[str]] = {}
        for r in conn.execute("SELECT visit_id, sha256 FROM visit_photos ORDER BY position"):
            photos.setdefault(r["visit_id"], []).append(r["sha256"])
        out: dict[Key, Row] = {}
        for entity, table in TABLES.items():
            for r in conn.execute(f"SELECT * FROM {table}"):
                data = dict(r)
                if entity == "visit":
                    data["photos"] = photos.get(r["id"], [])
                out[(entity, r["id"])] = (r["version"], normalise(entity, data, local=True))
        return out
    finally:
        conn.close()


def local_state(db_path: Path) -> dict[str, Any]:
    """Everything sync-related a failed sync must not touch (for before/after comparisons)."""
    conn = _connect(db_path)
    try:
        def rows(sql: str) -> list[tuple]:
            return [tuple(r) for r in conn.execute(sql)]

        return {
            "rows": local_rows(db_path),
            "journal": rows("SELECT seq, mutation_id, entity, row_id, op, base_version, changes,"
                            " state, status, error_code FROM journal ORDER BY seq"),
            "conflicts": rows("SELECT id, row_id, kind, field, state FROM conflicts ORDER BY id"),
            "flags": rows("SELECT entity, row_id, flag FROM sync_flags ORDER BY 1, 2, 3"),
            "settings": rows("SELECT key, value FROM settings WHERE key IN "
                             "('sync.cursor', 'sync.server_url', 'sync.client_id') ORDER BY key"),
            "photos": rows("SELECT sha256, uploaded, local FROM photos ORDER BY sha256"),
        }  # fmt: skip
    finally:
        conn.close()


def journal(db_path: Path) -> list[dict[str, Any]]:
    conn = _connect(db_path)
    try:
        return [dict(r) for r in conn.execute("SELECT * FROM journal ORDER BY seq")]
    finally:
        conn.close()


def flags(db_path: Path) -> dict[Key, str]:
    conn = _connect(db_path)
    try:
        return {(r["entity"], r["row_id"]): r["flag"] for r in conn.execute(
            "SELECT entity, row_id, flag FROM sync_flags")}  # fmt: skip
    finally:
        conn.close()


def pending_count(db_path: Path) -> int:
    conn = _connect(db_path)
    try:
        return conn.execute("SELECT count(*) FROM journal WHERE state = 'pending'").fetchone()[0]
    finally:
        conn.close()


def household_of(key: Key, rows: dict[Key, Row], visit_household: dict[str, str]) -> str | None:
    """The household a local row hangs off (itself for a household)."""
    entity, row_id = key
    if entity == "household":
        return row_id
    data = rows[key][1] if key in rows else {}
    if entity in ("resident", "visit"):
        return data.get("household_id")
    visit = data.get("visit_id")
    return visit_household.get(visit) if visit else None


# ---------------------------------------------------------------------------------- server


class ServerRows:
    """A snapshot of gridcenter's ``records`` table (households and below)."""

    def __init__(self, server_db: Path):
        conn = _connect(server_db)
        try:
            self.rows: dict[Key, tuple[int, bool, str, str | None, dict[str, Any]]] = {}
            for r in conn.execute(
                "SELECT id, entity, grid_id, parent_id, version, deleted, data FROM records "
                "WHERE entity != 'grid'"
            ):
                data = normalise(r["entity"], json.loads(r["data"]), local=False)
                self.rows[(r["entity"], r["id"])] = (
                    r["version"], bool(r["deleted"]), r["grid_id"], r["parent_id"], data
                )
            self.grids = {r["code"]: r["id"] for r in conn.execute("SELECT code, id FROM grids")}
            self.blobs = {
                r["sha256"]: bool(r["complete"])
                for r in conn.execute("SELECT sha256, complete FROM blobs")
            }
        finally:
            conn.close()

    def live(self, key: Key) -> bool:
        got = self.rows.get(key)
        return got is not None and not got[1]

    def household_of(self, key: Key) -> str | None:
        got = self.rows.get(key)
        if got is None:
            return None
        entity = key[0]
        if entity == "household":
            return key[1]
        if entity in ("resident", "visit"):
            return got[3]
        visit = self.rows.get(("visit", got[3] or ""))
        return visit[3] if visit else None

    def in_scope(
        self, grid_ids: Iterable[str] | None, households: set[str] | None = None
    ) -> dict[Key, Row]:
        """Live rows under ``households`` (None: all) in ``grid_ids`` (None: every grid), as
        clients hold them."""
        grids = None if grid_ids is None else set(grid_ids)
        out: dict[Key, Row] = {}
        for key, (version, deleted, grid, _parent, data) in self.rows.items():
            if deleted or (grids is not None and grid not in grids):
                continue
            if households is not None and self.household_of(key) not in households:
                continue
            out[key] = (version, data)
        return out


def diff(a: dict[Key, Row], b: dict[Key, Row], names: tuple[str, str] = ("a", "b")) -> list[str]:
    """Readable differences between two row sets (empty when equal)."""
    out: list[str] = []
    for key in sorted(set(a) | set(b)):
        if key not in b:
            out.append(f"{key[0]} {key[1]}: only in {names[0]} (v{a[key][0]})")
        elif key not in a:
            out.append(f"{key[0]} {key[1]}: only in {names[1]} (v{b[key][0]})")
        elif a[key] != b[key]:
            (va, da), (vb, db) = a[key], b[key]
            fields = sorted(n for n in set(da) | set(db) if da.get(n) != db.get(n))
            parts = [f"{n}: {da.get(n)!r} != {db.get(n)!r}" for n in fields]
            if va != vb:
                parts.insert(0, f"version {va} != {vb}")
            out.append(f"{key[0]} {key[1]}: " + "; ".join(parts))
    return out
