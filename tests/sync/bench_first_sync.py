"""How fast a first sync writes 100,000 pulled rows, against a raw SQLite bulk insert.

    .venv/bin/python -m tests.sync.bench_first_sync [--rows 100000]

Prints figures; never passes or fails on time (not collected by pytest). Measured:

- raw: the same rows as ready-made tuples, one ``executemany`` per table in one transaction on
  a fresh workspace database (no parsing, no checks, no search index): the floor.
- sync: what the client does per page of 5,000 rows without the network: ``json.loads`` of
  the page text, the shape/type checks (``wire.changes_page``), ``apply.apply_rows`` (bulk
  upsert, photo links, search index) and the cursor, one transaction per page.
- sync without search: the same with the index update left out, to show its share.
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import tempfile
import time
from datetime import date, datetime
from pathlib import Path
from typing import Any

from gridworker.services.demo import generate_village
from gridworker.storage import bulk
from gridworker.storage.database import Database
from gridworker.sync import apply, wire
from gridworker.sync.engine import KEY_CURSOR, put_setting

PAGE = 5000


def _wire_value(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def _changes(rows: int) -> list[dict[str, Any]]:
    # ~9.7 rows per household in the demo village (3.3 residents, 5.4 visits).
    village = generate_village(households=max(1, round(rows / 9.7)), seed=11)
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


def _pages(changes: list[dict[str, Any]]) -> list[str]:
    # Server order: parents first (the demo lists households before residents and visits).
    return [
        json.dumps({"changes": changes[i : i + PAGE], "cursor": f"c{i}",
                    "has_more": i + PAGE < len(changes)}, ensure_ascii=False)
        for i in range(0, len(changes), PAGE)
    ]


def raw_insert(path: Path, changes: list[dict[str, Any]]) -> float:
    Database(path).close()
    now_text = "2026-11-01 08:00:00.000000"
    by_entity: dict[str, list[tuple[Any, ...]]] = {}
    for c in changes:
        plan = apply.plan(c["entity"])
        by_entity.setdefault(c["entity"], []).append(
            plan.params(c["id"], c["version"], c["data"], now_text)
        )
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA foreign_keys=ON")
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=FULL")
    start = time.perf_counter()
    conn.execute("BEGIN")
    for entity in ("grid", "household", "resident", "visit"):
        plan = apply.plan(entity)
        marks = ", ".join("?" for _ in plan.columns)
        conn.executemany(
            f"INSERT INTO {plan.table} ({', '.join(plan.columns)}) VALUES ({marks})",
            by_entity.get(entity, []),
        )
    conn.execute("COMMIT")
    took = time.perf_counter() - start
    conn.close()
    return took


def sync_apply(path: Path, pages: list[str], *, index: bool = True) -> tuple[float, float]:
    db = Database(path)
    original = apply.search.update_entries
    if not index:
        apply.search.update_entries = lambda *a, **k: 0  # type: ignore[assignment]
    parse = 0.0
    try:
        start = time.perf_counter()
        for text in pages:
            t0 = time.perf_counter()
            page = wire.changes_page(json.loads(text))
            parse += time.perf_counter() - t0
            with db.transaction() as s:
                apply.apply_rows(s, page.changes, now=datetime(2026, 11, 1, 8, 0))
                put_setting(s, KEY_CURSOR, page.cursor)
        took = time.perf_counter() - start
    finally:
        apply.search.update_entries = original  # type: ignore[assignment]
        db.close()
    return took, parse


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=100_000)
    args = parser.parse_args()
    changes = _changes(args.rows)
    pages = _pages(changes)
    n = len(changes)
    counts: dict[str, int] = {}
    for c in changes:
        counts[c["entity"]] = counts.get(c["entity"], 0) + 1
    print(f"rows: {n} {counts}, pages of {PAGE}: {len(pages)}")
    with tempfile.TemporaryDirectory() as tmp:
        raw = raw_insert(Path(tmp) / "raw.sqlite3", changes)
        full, parse = sync_apply(Path(tmp) / "sync.sqlite3", pages)
        bare, _ = sync_apply(Path(tmp) / "bare.sqlite3", pages, index=False)
    print(f"raw executemany insert:     {raw:6.2f} s  {n / raw:9,.0f} rows/s")
    print(f"sync apply (with search):   {full:6.2f} s  {n / full:9,.0f} rows/s  "
          f"= {raw / full:5.1%} of raw  (parse+checks {parse:.2f} s)")
    print(f"sync apply (no search):     {bare:6.2f} s  {n / bare:9,.0f} rows/s  "
          f"= {raw / bare:5.1%} of raw")
    print(f"search index share of sync: {(full - bare) / full:5.1%}")


if __name__ == "__main__":
    main()
