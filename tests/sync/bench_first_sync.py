"""How fast a first sync writes 100,000 pulled rows, against a raw SQLite bulk insert.

    .venv/bin/python -m tests.sync.bench_first_sync [--rows 100000]

Prints figures; never passes or fails on time (not collected by pytest). Measured:

- raw: the same rows as ready-made tuples, one ``executemany`` per table in one transaction on
  a fresh workspace database (no parsing, no checks, no search index): the floor.
- sync: what the client does per page of 5,000 rows without the network: ``json.loads`` of
  the page text, the shape/type checks (``wire.changes_page``), ``apply.apply_rows`` (bulk
  upsert, photo links) and the cursor, one transaction per page. As the engine does for a
  first sync, the pages leave the search index alone (marked stale with the first page);
  the rows are committed and browsable at the end of this. Then, timed apart, the index
  rebuild that follows (``search.rebuild``, clearing the marker).
- sync indexing per page: what a first sync cost before (``search.rows_written`` in every page),
  to compare.
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
from gridworker.storage import search
from gridworker.storage.database import Database
from gridworker.sync import apply, wire
from gridworker.sync.settings import KEY_CURSOR, put_setting

PAGE = 5000


def _pages(changes: list[dict[str, Any]]) -> list[str]:
    # Server order: parents first (the demo lists households before residents and visits).
    return [
        json.dumps({"changes": changes[i : i + PAGE], "cursor": f"c{i}",
                    "has_more": i + PAGE < len(changes)}, ensure_ascii=False)
        for i in range(0, len(changes), PAGE)
    ]


def sync_apply(
    path: Path, pages: list[str], *, per_page_index: bool
) -> tuple[float, float, float]:
    """(seconds to commit every page, of which parsing, seconds of the index rebuild after)."""
    db = Database(path)
    parse = 0.0
    now = datetime(2026, 11, 1, 8, 0)
    try:
        start = time.perf_counter()
        for text in pages:
            t0 = time.perf_counter()
            page = wire.changes_page(json.loads(text))
            parse += time.perf_counter() - t0
            with db.transaction() as s:
                if not per_page_index:
                    search.mark_stale(s, "large_pull", now.isoformat())
                apply.apply_rows(s, page.changes, now=now, index=per_page_index)
                put_setting(s, KEY_CURSOR, page.cursor)
        took = time.perf_counter() - start
        start = time.perf_counter()
        if not per_page_index:
            with db.transaction() as s:
                search.rebuild(s)
        indexing = time.perf_counter() - start
    finally:
        db.close()
    return took, parse, indexing


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
        sync, parse, indexing = sync_apply(Path(tmp) / "sync.sqlite3", pages,
                                           per_page_index=False)
        old, _, _ = sync_apply(Path(tmp) / "old.sqlite3", pages, per_page_index=True)
    print(f"raw executemany insert:     {raw:6.2f} s  {n / raw:9,.0f} rows/s")
    print(f"sync apply (rows committed):{sync:6.2f} s  {n / sync:9,.0f} rows/s  "
          f"= {raw / sync:5.1%} of raw  (parse+checks {parse:.2f} s)")
    print(f"  then search index rebuild:{indexing:6.2f} s  (sync + index "
          f"{sync + indexing:.2f} s = {raw / (sync + indexing):5.1%} of raw)")
    print(f"before: index in each page: {old:6.2f} s  {n / old:9,.0f} rows/s  "
          f"= {raw / old:5.1%} of raw")


if __name__ == "__main__":
    main()
