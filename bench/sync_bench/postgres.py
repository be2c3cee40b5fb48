"""Section 5 of the sync benchmark (``sync_postgres``): 200 simulated workers at once against
``serve --workers 2`` on PostgreSQL (sign-in, then refresh, push and pull).
"""

from __future__ import annotations

import random
import statistics
import time
from pathlib import Path
from typing import Any

from bench.common import percentile, record
from bench.sync_bench.fixtures import (
    PG_GRIDS,
    PG_PUSH,
    PG_ROWS_PER_GRID,
    PG_SERVER_PROCESSES,
    PG_WORKERS,
    SEED,
    load,
    ms,
)
from bench.sync_bench.load_workers import (
    ConnectionWatch,
    MultiProcessServer,
    SimulatedWorker,
    pg_seed,
    run_threads,
)


def postgres_bench(root: Path) -> None:
    from gridcenter.db import make_engine
    from tests.support.postgres import find_pg_bindir, start_postgres

    bindir = find_pg_bindir()
    if bindir is None:
        print("sync bench: PostgreSQL server binaries not found (install the Debian package "
              "'postgresql', `make system-deps`): 200-worker figures skipped")
        record("sync_postgres", {"skipped": "no PostgreSQL server binaries"})
        return
    load_start = load()
    pg = start_postgres(bindir)
    try:
        name = pg.create_database("bench_sync")
        url = pg.url(name)
        server = MultiProcessServer(root / "pg-center", database_url=url,
                                    workers=PG_SERVER_PROCESSES)
        server.seed()  # schema + demo users
        started = time.perf_counter()
        households = pg_seed(url)
        print(f"sync bench: PostgreSQL seeded with {PG_GRIDS} grids x ~{PG_ROWS_PER_GRID:,} "
              f"rows and {PG_WORKERS} workers in {time.perf_counter() - started:.1f} s")
        grid_ids = list(households)
        rnd = random.Random(SEED)
        with pg.connect() as conn:
            max_connections = int(conn.execute("SHOW max_connections").fetchone()[0])
        pool = make_engine(url).pool  # what each server process opens at most (not connected)
        per_process = pool.size() + pool._max_overflow  # type: ignore[attr-defined]
        possible = PG_SERVER_PROCESSES * per_process + 2  # + this bench's own connections
        if possible > max_connections:
            print(f"sync bench: WARNING {PG_SERVER_PROCESSES} processes x {per_process} pooled "
                  f"connections may exceed PostgreSQL's max_connections={max_connections}")
        with server:
            workers = []
            for w in range(PG_WORKERS):
                gid = grid_ids[w % PG_GRIDS]
                workers.append(
                    SimulatedWorker(server.url, f"load{w:03d}", gid, households[gid], rnd)
                )
            with ConnectionWatch(pg, name) as watch:
                login_wall = run_threads(workers, SimulatedWorker.login)
                late_wall = run_threads(workers, SimulatedWorker.late_login)
                work_wall = run_threads(workers, SimulatedWorker.push_and_pull)
        errors: dict[str, list[str]] = {}
        for w in workers:
            for phase, found in w.errors.items():
                errors.setdefault(phase, []).extend(found)
        signed_in = sum(1 for w in workers if w.token is not None)
        logins = [w.login_s for w in workers if w.login_s is not None]
        refreshes = [w.refresh_s for w in workers if w.refresh_s is not None]
        pushes = [w.push_s for w in workers if w.push_s is not None]
        pulls = [w.pull_s for w in workers if w.pull_s is not None]
        pull_requests = sum(w.pull_requests for w in workers)
        entries = PG_PUSH * len(pushes)
        figures: dict[str, Any] = {
            "workers": PG_WORKERS,
            "server_processes": PG_SERVER_PROCESSES,
            "postgres_max_connections": max_connections,
            "pool_connections_per_process_max": per_process,
            "pool_connections_all_processes_max": PG_SERVER_PROCESSES * per_process,
            "postgres_connections_peak": watch.peak,
            "errors": sum(len(e) for e in errors.values()),
            "errors_login": len(errors.get("login", [])),
            "errors_refresh": len(errors.get("refresh", [])),
            "errors_push": len(errors.get("push", [])),
            "errors_pull": len(errors.get("pull", [])),
            "push_pull_retried_transient": sum(len(w.retries) for w in workers),
            "login_wall_s": round(login_wall, 2),
            "logins_ok_within_client_timeout": len(logins),
            "late_logins_wall_s": round(late_wall, 2),
            "signed_in_for_refresh_push_pull": signed_in,
            "login_p50_ms": ms(percentile(logins, 50)) if logins else None,
            "login_p95_ms": ms(percentile(logins, 95)) if logins else None,
            "refresh_push_pull_wall_s": round(work_wall, 2),
            "refresh_p50_ms": ms(percentile(refreshes, 50)) if refreshes else None,
            "refresh_p95_ms": ms(percentile(refreshes, 95)) if refreshes else None,
            "push_entries_each": PG_PUSH,
            "push_p50_ms": ms(percentile(pushes, 50)) if pushes else None,
            "push_p95_ms": ms(percentile(pushes, 95)) if pushes else None,
            "push_max_ms": ms(max(pushes)) if pushes else None,
            "pull_rows_each_mean": round(statistics.fmean(w.rows for w in workers)),
            "pull_p50_ms": ms(percentile(pulls, 50)) if pulls else None,
            "pull_p95_ms": ms(percentile(pulls, 95)) if pulls else None,
            "pull_max_ms": ms(max(pulls)) if pulls else None,
            "throughput_entries_per_s": round(entries / work_wall),
            "throughput_requests_per_s": round(
                (len(refreshes) + len(pushes) + pull_requests) / work_wall, 1
            ),
            "throughput_rows_pulled_per_s": round(sum(w.rows for w in workers) / work_wall),
            "load_1min_start_end": [load_start, load()],
            "target_0_errors": not any(errors.values()),
        }
        for phase, found in errors.items():
            if found:
                figures[f"first_errors_{phase}"] = sorted(set(found))[:3]
        retried = sorted({r for w in workers for r in w.retries})
        if retried:
            figures["retried_kinds"] = retried[:5]
        record("sync_postgres", figures)
        print(f"  200 workers on PostgreSQL: {figures['errors']} errors "
              f"({figures['errors_login']} first sign-ins past the client's 30 s timeout); "
              f"refresh p50/p95 {figures['refresh_p50_ms']}/{figures['refresh_p95_ms']} ms, "
              f"push p50/p95 {figures['push_p50_ms']}/{figures['push_p95_ms']} ms, "
              f"pull p50/p95 {figures['pull_p50_ms']}/{figures['pull_p95_ms']} ms, "
              f"{figures['throughput_entries_per_s']} entries/s pushed")
    finally:
        pg.stop()
