"""Search benchmark: the FTS5 index vs a naive ``LIKE '%text%'`` scan at 50,000 residents.

Run: ``.venv/bin/python -c "import bench.bench_search as b; b.main()"``.
A demo village (``services.demo.generate_village``) of at least 50,000 residents is bulk-loaded
into a temporary workspace (``storage.bulk.load_village``, which rebuilds the index). Queries
are drawn from the data itself: full names, 2-3 letter pinyin initials of real names and
4-digit fragments of real ID numbers, a few hundred each, so every query has hits.
"""

from __future__ import annotations

import random
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from pypinyin import lazy_pinyin

from bench.common import percentile, record, time_call
from gridworker.services.demo import generate_village
from gridworker.storage import search
from gridworker.storage.bulk import load_village
from gridworker.storage.database import Database

MIN_RESIDENTS = 50_000
QUERIES_PER_CATEGORY = 300
LIKE_SAMPLE = 30
SEED = 20240601


def _village(households: int) -> Any:
    return generate_village(households=households, seed=SEED, today=date(2026, 11, 1))


def build_village() -> Any:
    """The smallest demo village with at least MIN_RESIDENTS residents."""
    households = 15_000
    data = _village(households)
    while len(data.residents) < MIN_RESIDENTS:
        per_household = len(data.residents) / households
        households = int(MIN_RESIDENTS / per_household * 1.01) + 1
        data = _village(households)
    return data


def draw_queries(residents: list[Any], rnd: random.Random) -> dict[str, list[str]]:
    """Realistic queries per category, each taken from a real resident."""
    named = [r for r in residents if r.name]
    with_id = [r for r in residents if len(r.citizen_id) >= 18]
    initials = []
    for r in rnd.sample(named, QUERIES_PER_CATEGORY):
        letters = "".join(s[0] for s in lazy_pinyin(r.name) if s)
        initials.append(letters[: rnd.choice((2, 3))])
    fragments = []
    for r in rnd.sample(with_id, QUERIES_PER_CATEGORY):
        start = rnd.choice((14, 14, rnd.randrange(0, 15)))  # mostly the last four digits
        fragments.append(r.citizen_id[start : start + 4])
    return {
        "name": [r.name for r in rnd.sample(named, QUERIES_PER_CATEGORY)],
        "initials": initials,
        "id_fragment": fragments,
    }


def _index_mb(session: Any) -> float | str:
    """Pages used by the FTS5 tables (dbstat), free pages of the dropped index excluded."""
    try:
        used = session.connection().exec_driver_sql(
            "SELECT sum(pgsize) FROM dbstat WHERE name LIKE 'search_index%'"
        ).scalar()
    except Exception:  # SQLite built without dbstat
        return "n/a"
    return round(used / 1e6, 1)


def _latencies_ms(fn: Callable[[str], Any], queries: list[str]) -> list[float]:
    fn(queries[0])  # warm the page cache and statement cache
    return [time_call(lambda q=q: fn(q)) * 1000 for q in queries]


def main() -> None:
    rnd = random.Random(SEED)
    started = time.perf_counter()
    data = build_village()
    generated_s = time.perf_counter() - started
    figures: dict[str, Any] = {
        "households": len(data.households),
        "residents": len(data.residents),
        "generate_s": generated_s,
    }
    with tempfile.TemporaryDirectory(prefix="bench-search-") as tmp:
        db = Database(Path(tmp) / "bench.sqlite3")
        try:
            with db.transaction() as session:
                load_village(session, data)
            with db.transaction() as session:
                started = time.perf_counter()
                entries = search.rebuild(session)
                figures["rebuild_s"] = time.perf_counter() - started
            figures["index_entries"] = entries
            with db.reading() as session:
                figures["index_mb"] = _index_mb(session)

            queries = draw_queries(list(data.residents), rnd)
            with db.reading() as session:
                ratios: list[float] = []
                all_fts: list[float] = []
                all_like: list[float] = []
                for category, texts in queries.items():
                    fts = _latencies_ms(lambda q: search.search(session, q), texts)
                    sample = texts[:LIKE_SAMPLE]
                    like = _latencies_ms(lambda q: search.like_scan(session, q), sample)
                    missing = sum(1 for q in texts if not search.search(session, q, limit=1))
                    p50, p95 = percentile(fts, 50), percentile(fts, 95)
                    like_p50 = percentile(like, 50)
                    figures[f"{category}_queries"] = len(texts)
                    figures[f"{category}_without_hits"] = missing
                    figures[f"{category}_search_p50_ms"] = p50
                    figures[f"{category}_search_p95_ms"] = p95
                    figures[f"{category}_search_max_ms"] = max(fts)
                    figures[f"{category}_like_p50_ms"] = like_p50
                    figures[f"{category}_like_p95_ms"] = percentile(like, 95)
                    # LIKE cannot answer pinyin queries at all: the speed-up is not the whole story.
                    figures[f"{category}_like_queries_with_hits"] = sum(
                        1 for q in sample if search.like_scan(session, q, limit=1)
                    )
                    figures[f"{category}_like_sample"] = len(sample)
                    figures[f"{category}_speedup_p50"] = like_p50 / p50
                    ratios.append(like_p50 / p50)
                    all_fts += fts
                    all_like += like
                    figures[f"{category}_target_p95_le_20ms"] = p95 <= 20.0
                figures["speedup_min_p50"] = min(ratios)
                figures["speedup_all_p50"] = percentile(all_like, 50) / percentile(all_fts, 50)
                figures["target_speedup_ge_20x"] = figures["speedup_all_p50"] >= 20.0
        finally:
            db.close()
    record("search", figures)


if __name__ == "__main__":
    main()
