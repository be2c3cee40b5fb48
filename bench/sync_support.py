"""Shared pieces of the sync benchmarks: realistic pulled rows, the raw-insert floor, and
seeding a gridcenter database directly (the fast path, never timed).

- :func:`village_changes`: rows of a demo village (``services.demo.generate_village``) as a
  pull page carries them (grid, households, residents, visits), about 9.7 rows a household.
- :func:`raw_insert`: the same rows as ready-made tuples, one ``executemany`` per table in one
  transaction on a fresh workspace database (no parsing, no checks, no search index): the
  floor a first sync is compared with.
- :func:`seed_records`: write such rows into a gridcenter database through its own
  :class:`~gridcenter.store.Store` (one transaction, executemany), as if pushed or imported.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterable
from datetime import date, datetime
from pathlib import Path
from typing import Any

from gridworker.services.demo import generate_village
from gridworker.storage import bulk
from gridworker.storage.database import Database
from gridworker.sync import convert

ROWS_PER_HOUSEHOLD = 9.7
"""Rows per household in the demo village (3.3 residents, 5.4 visits)."""


def _wire_value(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def village_changes(rows: int, seed: int = 11) -> list[dict[str, Any]]:
    """About ``rows`` pulled rows of one demo village: grid, households, residents, visits
    (in that order; cut at ``rows``, so only visits are dropped)."""
    # More households than the average needs, so the cut at ``rows`` always bites.
    households = max(1, round(rows / ROWS_PER_HOUSEHOLD * 1.2))
    village = generate_village(households=households, seed=seed)
    now = datetime(2026, 11, 1, 8, 0)
    out: list[dict[str, Any]] = []

    def add(entity: str, values: dict[str, Any]) -> None:
        data = {k: _wire_value(v) for k, v in values.items()
                if k not in ("id", "version", "created_at", "updated_at")}
        if entity == "visit":
            data["photos"] = []
        out.append({"entity": entity, "id": values["id"], "version": 1, "state": "live",
                    "data": data})

    add("grid", bulk.row_values_for_grid(village.grid, now))
    for h in village.households:
        add("household", bulk.row_values_for_household(h, now))
    for r in village.residents:
        add("resident", bulk.row_values_for_resident(r, now))
    for v in village.visits:
        add("visit", bulk.row_values_for_visit(v, now))
    return out[:rows]


def raw_insert(path: Path, changes: Iterable[dict[str, Any]]) -> float:
    """Seconds to insert ``changes`` into a fresh workspace database at ``path`` with one
    executemany per table in one transaction (same pragmas as the workspace)."""
    Database(path).close()
    now_text = "2026-11-01 08:00:00.000000"
    by_entity: dict[str, list[tuple[Any, ...]]] = {}
    for c in changes:
        plan = convert.plan(c["entity"])
        by_entity.setdefault(c["entity"], []).append(
            plan.params(c["id"], c["version"], c["data"], now_text)
        )
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA foreign_keys=ON")
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=FULL")
    start = time.perf_counter()
    conn.execute("BEGIN")
    for entity in ("grid", "household", "resident", "visit", "visit_amendment"):
        plan = convert.plan(entity)
        marks = ", ".join("?" for _ in plan.columns)
        conn.executemany(
            f"INSERT INTO {plan.table} ({', '.join(plan.columns)}) VALUES ({marks})",
            by_entity.get(entity, []),
        )
    conn.execute("COMMIT")
    took = time.perf_counter() - start
    conn.close()
    return took


def roster_order(changes: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Rows in the order a server receives them: each household with its residents (a roster
    import), then the visits (logged later, over time). The grid row is left out."""
    residents: dict[str, list[dict[str, Any]]] = {}
    for c in changes:
        if c["entity"] == "resident":
            residents.setdefault(c["data"]["household_id"], []).append(c)
    out: list[dict[str, Any]] = []
    for c in changes:
        if c["entity"] == "household":
            out.append(c)
            out += residents.get(c["id"], [])
    out += [c for c in changes if c["entity"] == "visit"]
    return out


def seed_records(database_url: str, grid_id: str, changes: Iterable[dict[str, Any]],
                 actor: str = "bench") -> int:
    """Write pulled-row shaped ``changes`` (households, residents, visits; the grid row is
    skipped) into the gridcenter database as records of ``grid_id``, in one transaction
    through gridcenter's Store. Returns the number of records written."""
    from gridcenter.admin import new_record
    from gridcenter.db import Database as CenterDatabase
    from gridcenter.db import SeqAllocator
    from gridcenter.store import Store

    db = CenterDatabase(database_url)
    n = 0
    try:
        with db.write() as conn:
            store = Store(conn, SeqAllocator(conn), actor)
            for c in changes:
                entity = c["entity"]
                data = dict(c["data"])
                if entity == "grid":
                    continue
                if entity == "household":
                    data["grid_id"] = grid_id
                    parent = grid_id
                else:
                    parent = data["household_id"]
                if entity == "visit":
                    data.setdefault("photos", [])
                    data["awaiting_media"] = []
                store.put(new_record(entity, c["id"], grid_id, parent, data, actor))
                n += 1
            store.flush()
    finally:
        db.dispose()
    return n
