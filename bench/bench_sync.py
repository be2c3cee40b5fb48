"""Sync benchmark: gridworker against a real gridcenter on loopback (and on PostgreSQL).

Run: ``.venv/bin/python -m bench bench_sync`` (about 2 minutes on an idle 2-core machine,
up to 6 under other load). Starts and stops its own ``python -m gridcenter serve`` processes
and a private PostgreSQL cluster (tests/support/postgres.py; skipped with a note when the
server binaries are missing), all in one temp dir that is removed at the end. Prints figures
and records them in bench/results/latest.json; never passes or fails on time. Every section
records the 1-minute load average: this machine is shared, and other work running at the
same time slows everything here (both sides of a ratio alike, latencies not).

1. ``sync_first``: a fresh workspace's ``login`` + ``sync`` pulling ~100,000 rows of one
   grid (households, residents, visits), median of several runs, each into a fresh folder;
   against a raw ``executemany`` of the same rows into a fresh workspace database (measured
   in the same run). Timed as the desktop app runs it: ``sync(index=False)`` returns once
   the rows are committed (the window shows them), then the search index the large pull
   left stale is rebuilt (``rebuild_search_index``, a task of its own in the app). Both are
   reported: the sync (login -> rows committed; the raw insert builds no search index
   either) and the whole (login -> index ready), each with its ratio to the raw insert. The
   split shows where the time goes (the parts add up to the whole): waiting for HTTP answers
   (server work + transfer not hidden behind writing: the engine reads the next page ahead
   in a background thread, whose own time is shown apart), decoding + shape checks, writing
   the rows, the rest of the sync (commits, cursor), and the index rebuild.
2. ``sync_push``: 10,000 local changes made offline (new households with a head, resident
   edits, visits), then ``sync()``: the push phase timed alone (entries/s), and the whole
   sync (the pushed rows are pulled back).
3. ``sync_noop``: syncs right after a completed one: requests each and latency; also a
   "new process" (a workspace opened again: one token refresh first).
4. ``sync_wire``: the first sync through a pass-through TCP proxy counting bytes, per row,
   against the gzip size of each row's JSON compressed on its own.
5. ``sync_postgres``: 200 simulated workers at once against ``serve --workers 2`` on
   PostgreSQL, each on its own ``requests.Session`` with the desktop client's timeouts (5 s
   connect, 30 s read: a slower answer is an error for a worker) and, for push and pull, its
   retries of transient failures (counted). First sign-in of 200 devices at the same
   moment (Argon2 for each: the worst case); those who timed out sign in again patiently.
   Then the everyday morning: all together, as a new client process does, refresh the
   token, push 20 entries and pull their grid (~1,000 rows) from scratch. Errors are counted
   per phase.

``BENCH_SYNC_SECTIONS=first,push`` runs only some sections (``first``, ``push``, ``postgres``;
``first`` includes 3 and 4).

The server is seeded directly through gridcenter's own Store (``bench.sync_support``), not
through the API: seeding is not what is measured.

The sections live in ``bench/sync_bench/``: ``fixtures`` (sizes, servers, workspaces,
timers), ``first_sync`` (1, 3, 4), ``push`` (2), ``postgres`` with ``load_workers`` (5).
"""

from __future__ import annotations

import os
import tempfile
import time
from pathlib import Path

from bench.sync_bench.first_sync import first_sync
from bench.sync_bench.postgres import postgres_bench
from bench.sync_bench.push import push_bench
from tests.support.server import GridcenterProcess

SECTIONS = ("first", "push", "postgres")
"""Sections run by default; ``BENCH_SYNC_SECTIONS=first,push`` picks some (``first`` also
measures ``sync_wire`` and ``sync_noop``, which reuse its server and workspace)."""


def main() -> None:
    started = time.perf_counter()
    chosen = os.environ.get("BENCH_SYNC_SECTIONS", "")
    wanted = {s.strip() for s in chosen.split(",") if s.strip()} or set(SECTIONS)
    unknown = wanted - set(SECTIONS)
    if unknown:
        raise SystemExit(f"BENCH_SYNC_SECTIONS: unknown {sorted(unknown)}; known {SECTIONS}")
    with tempfile.TemporaryDirectory(prefix="bench-sync-") as tmp:
        root = Path(tmp)
        template = GridcenterProcess(root / "template")
        template.seed()  # the demo county: grids, users (worker1 … admin), 300 households
        if "first" in wanted:
            first_sync(root, template.data_dir)
        if "push" in wanted:
            push_bench(root, template.data_dir)
        if "postgres" in wanted:
            postgres_bench(root)
    print(f"\nsync bench: {time.perf_counter() - started:.0f} s in all")


if __name__ == "__main__":
    main()
