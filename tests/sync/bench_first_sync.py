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
import tempfile
import time
from datetime import datetime
from pathlib import Path
from typing import Any

from bench.sync_support import raw_insert, village_changes
from gridworker.storage.database import Database
from gridworker.sync import apply, wire
from gridworker.sync.engine import KEY_CURSOR, put_setting

PAGE = 5000


def _pages(changes: list[dict[str, Any]]) -> list[str]:
    # Server order: parents first (the demo lists households before residents and visits).
    return [
        json.dumps({"changes": changes[i : i + PAGE], "cursor": f"c{i}",
                    "has_more": i + PAGE < len(changes)}, ensure_ascii=False)
        for i in range(0, len(changes), PAGE)
    ]


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
    changes = village_changes(args.rows)
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
