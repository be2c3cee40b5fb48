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
"""

from __future__ import annotations

import gzip
import json
import os
import random
import shutil
import sqlite3
import statistics
import tempfile
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import requests

from bench.common import percentile, record
from bench.sync_support import raw_insert, roster_order, seed_records, village_changes
from gridworker.api import Workspace
from gridworker.storage import search
from gridworker.storage.journal import pending_count
from gridworker.sync import apply, wire
from gridworker.sync import client as sync_client
from gridworker.sync import engine as sync_engine
from gridworker.sync.credentials import MemoryStore
from tests.support.faultproxy import FaultProxy
from tests.support.server import GRID1, GridcenterProcess

ROWS = 100_000
RUNS = 3
PUSH_ENTRIES = 10_000
PUSH_RUNS = 3
NOOP_RUNS = 25
REOPEN_RUNS = 5
PG_WORKERS = 200
PG_GRIDS = 20
PG_ROWS_PER_GRID = 1_000
PG_PUSH = 20
PG_SERVER_PROCESSES = 2
SEED = 20261121
PG_PASSWORD = "load-pass-1"
HEADERS = {"X-Gridworker-Protocol": "1"}
TIMEOUT = (sync_client.CONNECT_TIMEOUT, sync_client.READ_TIMEOUT)
"""The desktop client's own timeouts: an answer slower than that is an error for a worker."""


# ------------------------------------------------------------------------------ helpers


class Timers:
    """Seconds spent inside wrapped functions, summed per name (``name@bg`` for calls made on
    another thread than the main one, e.g. the engine's pull read-ahead)."""

    def __init__(self) -> None:
        self.spent: dict[str, float] = {}

    def reset(self) -> None:
        self.spent = {}

    @contextmanager
    def wrap(self, owner: Any, attribute: str, name: str) -> Iterator[None]:
        original = getattr(owner, attribute)

        def timed(*args: Any, **kwargs: Any) -> Any:
            start = time.perf_counter()
            try:
                return original(*args, **kwargs)
            finally:
                key = name if threading.current_thread() is threading.main_thread() else (
                    f"{name}@bg"
                )
                self.spent[key] = self.spent.get(key, 0.0) + time.perf_counter() - start

        setattr(owner, attribute, timed)
        try:
            yield
        finally:
            setattr(owner, attribute, original)


@contextmanager
def captured_pages(into: list[dict[str, Any]]) -> Iterator[None]:
    """Keep the decoded rows of every pull page the client checks."""
    original = wire.changes_page

    def keep(value: Any) -> Any:
        if isinstance(value, dict) and isinstance(value.get("changes"), list):
            into.extend(value["changes"])
        return original(value)

    wire.changes_page = keep  # type: ignore[assignment]
    try:
        yield
    finally:
        wire.changes_page = original  # type: ignore[assignment]


def sqlite_url(server: GridcenterProcess) -> str:
    return f"sqlite:///{server.data_dir / 'gridcenter.sqlite3'}"


def grid_id_of(server: GridcenterProcess, code: str) -> str:
    conn = sqlite3.connect(server.data_dir / "gridcenter.sqlite3")
    try:
        return conn.execute("SELECT id FROM grids WHERE code = ?", (code,)).fetchone()[0]
    finally:
        conn.close()


def rows_in_grid(server: GridcenterProcess, grid_id: str) -> int:
    conn = sqlite3.connect(server.data_dir / "gridcenter.sqlite3")
    try:
        return conn.execute("SELECT count(*) FROM records WHERE grid_id = ?",
                            (grid_id,)).fetchone()[0]
    finally:
        conn.close()


def open_workspace(folder: Path, credentials: MemoryStore | None = None) -> Workspace:
    return Workspace.open(folder, credentials=credentials or MemoryStore())


def unique_rows(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Live rows, one per (entity, id), the last mention winning (a page may repeat a parent)."""
    latest: dict[tuple[str, str], dict[str, Any]] = {}
    for r in rows:
        if r.get("state") == "live":
            latest[(r["entity"], r["id"])] = r
    return list(latest.values())


def load() -> float:
    """The machine's 1-minute load average (2 cores: above 2, something else was running)."""
    return round(os.getloadavg()[0], 1)


def ms(seconds: float) -> float:
    return round(seconds * 1000, 1)


# ------------------------------------------------------------------------------ 1, 3, 4


def first_sync(root: Path, template: Path) -> None:
    load_start = load()
    server = GridcenterProcess(shutil.copytree(template, root / "center"))
    grid1 = grid_id_of(server, GRID1)
    started = time.perf_counter()
    have = rows_in_grid(server, grid1)
    changes = village_changes(ROWS - have + 1, seed=SEED)  # +1: the village's grid row
    seeded = seed_records(sqlite_url(server), grid1, roster_order(changes))
    seed_s = time.perf_counter() - started
    del changes
    print(f"sync bench: seeded {seeded:,} rows into grid {GRID1} "
          f"(which held {have}) in {seed_s:.1f} s")

    timers = Timers()
    with server:
        # 4. Bytes on the wire, through a counting pass-through proxy (also warms the server).
        rows: list[dict[str, Any]] = []
        with FaultProxy("127.0.0.1", server.port) as proxy:
            ws = open_workspace(root / "client-wire")
            ws.login(proxy.url, "worker1", server.password)
            proxy.reset_counters()
            with captured_pages(rows):
                report = ws.sync()
            down, up = proxy.bytes_downstream, proxy.bytes_upstream
            ws.close()
        wire_figures(report.pulled, report.requests, rows, down, up)

        # 1. First sync: login + sync into a fresh folder, several times.
        syncs: list[float] = []
        totals: list[float] = []
        logins: list[float] = []
        splits: list[dict[str, float]] = []
        ws = None
        for run in range(RUNS):
            if ws is not None:
                ws.close()
            ws = open_workspace(root / f"client-{run}")
            timers.reset()
            with timers.wrap(sync_client.ApiClient, "changes", "changes"), \
                    timers.wrap(sync_client.ApiClient, "changes_from", "changes_from"), \
                    timers.wrap(sync_engine.SyncEngine, "_next_page", "next_page"), \
                    timers.wrap(sync_client.ApiClient, "_request", "http"), \
                    timers.wrap(apply, "apply_rows", "apply"), \
                    timers.wrap(search, "rows_written", "index"):
                start = time.perf_counter()
                ws.login(server.url, "worker1", server.password)
                logged_in = time.perf_counter()
                timers.reset()  # the login's request is not the sync's
                report = ws.sync(index=False)  # as the desktop app: rows first
                synced = time.perf_counter()
                indexed = ws.rebuild_search_index()  # then the index, as the app's next task
                end = time.perf_counter()
            assert not report.index_ready and indexed > 0 and ws.search_index_ready()
            syncs.append(synced - start)
            totals.append(end - start)
            logins.append(logged_in - start)
            spent = timers.spent
            sync_s = synced - logged_in
            # The parts add up to the whole's wall time, all on the syncing thread: "http" is
            # the time it waited for pages (its own requests, and for a page read ahead by the
            # engine's background thread not yet there); the read-ahead's own time overlaps
            # writing and is shown apart. "index" is the rebuild after the sync (and any
            # page-by-page upkeep inside apply_rows, none in a first sync).
            fetched = spent.get("changes", 0.0) + spent.get("changes_from", 0.0)
            splits.append({
                "http": spent.get("next_page", 0.0) - fetched + spent.get("http", 0.0),
                "decode": fetched - spent.get("http", 0.0),
                "write": spent.get("apply", 0.0) - spent.get("index", 0.0),
                "other": sync_s - spent.get("next_page", 0.0) - spent.get("apply", 0.0),
                "index": spent.get("index", 0.0) + (end - synced),
                "read_ahead": spent.get("http@bg", 0.0),
            })
            print(f"  first sync run {run + 1}: rows committed {synced - start:.2f} s, index "
                  f"ready {end - start:.2f} s ({report.pulled:,} rows, {report.pages} pages, "
                  f"{report.requests} requests, {indexed:,} index entries)")
        pulled = report.pulled
        pages = report.pages

        # Raw floor: the same rows (as received) with executemany into a fresh database.
        same_rows = unique_rows(rows)
        raws = [raw_insert(root / f"raw-{i}.sqlite3", same_rows) for i in range(RUNS)]
        sync_s = statistics.median(syncs)
        total_s = statistics.median(totals)
        raw_s = statistics.median(raws)
        sync_rate = pulled / sync_s
        whole_rate = pulled / total_s
        raw_rate = len(same_rows) / raw_s
        split = {k: statistics.median(s[k] for s in splits) for k in splits[0]}
        figures: dict[str, Any] = {
            "rows_pulled": pulled,
            "pages": pages,
            "runs": RUNS,
            "login_plus_sync_median_s": round(sync_s, 2),
            "login_plus_sync_runs_s": [round(t, 2) for t in syncs],
            "login_plus_sync_plus_index_median_s": round(total_s, 2),
            "login_plus_sync_plus_index_runs_s": [round(t, 2) for t in totals],
            "login_median_s": round(statistics.median(logins), 3),
            "sync_rows_per_s": round(sync_rate),
            "raw_executemany_rows": len(same_rows),
            "raw_executemany_median_s": round(raw_s, 2),
            "raw_executemany_runs_s": [round(t, 2) for t in raws],
            "raw_rows_per_s": round(raw_rate),
            "sync_rate_over_raw_rate": round(sync_rate / raw_rate, 3),
            "sync_plus_index_rate_over_raw_rate": round(whole_rate / raw_rate, 3),
            "split_http_server_and_transfer_s": round(split["http"], 2),
            "split_decode_and_checks_s": round(split["decode"], 2),
            "split_write_rows_s": round(split["write"], 2),
            "split_other_s_commits_cursor_rest": round(split["other"], 2),
            "split_search_index_after_sync_s": round(split["index"], 2),
            "read_ahead_http_s_overlapping_writes": round(split["read_ahead"], 2),
            "load_1min_start_end": [load_start, load()],
            "target_le_30s": total_s <= 30.0,
            "target_ratio_ge_25pct": sync_rate / raw_rate >= 0.25,
        }
        record("sync_first", figures)
        print(f"  first sync of {pulled:,} rows: rows committed in {sync_s:.2f} s = "
              f"{sync_rate:,.0f} rows/s; raw executemany {raw_rate:,.0f} rows/s; ratio "
              f"{sync_rate / raw_rate:.1%} (targets <= 30 s, >= 25 %); search index ready "
              f"{total_s - sync_s:.2f} s later: {total_s:.2f} s in all, ratio "
              f"{whole_rate / raw_rate:.1%} with the index")

        # 3. No-op syncs on the workspace of the last run (100,000 rows).
        assert ws is not None
        noop(ws)


def noop(ws: Workspace) -> None:
    """Syncs with nothing to do, the first one right after the completed first sync."""
    requests_each: list[int] = []
    latencies: list[float] = []
    for _ in range(NOOP_RUNS):
        start = time.perf_counter()
        report = ws.sync()
        latencies.append(time.perf_counter() - start)
        requests_each.append(report.requests)
    # A new process: the workspace opened again holds no access token yet (refresh first).
    credentials = ws.sync_service.credentials
    folder = ws.data_dir
    ws.close()
    reopened_requests: list[int] = []
    reopened: list[float] = []
    for _ in range(REOPEN_RUNS):
        again = open_workspace(folder, credentials)  # type: ignore[arg-type]
        start = time.perf_counter()
        report = again.sync()
        reopened.append(time.perf_counter() - start)
        reopened_requests.append(report.requests)
        again.close()
    record("sync_noop", {
        "workspace_rows": ROWS,
        "runs": NOOP_RUNS,
        "requests_max": max(requests_each),
        "requests_median": statistics.median(requests_each),
        "latency_median_ms": ms(statistics.median(latencies)),
        "latency_p95_ms": ms(percentile(latencies, 95)),
        "latency_max_ms": ms(max(latencies)),
        "load_1min_end": load(),
        "new_process_runs": REOPEN_RUNS,
        "new_process_requests_max": max(reopened_requests),
        "new_process_latency_median_ms": ms(statistics.median(reopened)),
        "target_le_2_requests": max(requests_each + reopened_requests) <= 2,
        "target_le_100ms": percentile(latencies, 95) <= 0.100,
    })
    print(f"  no-op sync: {max(requests_each)} request(s), median "
          f"{statistics.median(latencies) * 1000:.1f} ms, p95 "
          f"{percentile(latencies, 95) * 1000:.1f} ms (targets <= 2, <= 100 ms); "
          f"a new process: {max(reopened_requests)} requests")


def wire_figures(pulled: int, requests_made: int, rows: list[dict[str, Any]], down: int,
                 up: int) -> None:
    per_row_json = [
        json.dumps(r, ensure_ascii=False, separators=(",", ":")).encode("utf-8") for r in rows
    ]
    gz_each = [len(gzip.compress(b)) for b in per_row_json]
    mean_gz = statistics.fmean(gz_each)
    mean_json = statistics.fmean(len(b) for b in per_row_json)
    down_per_row = down / pulled
    total_per_row = (down + up) / pulled
    record("sync_wire", {
        "rows_pulled": pulled,
        "requests": requests_made,
        "bytes_downstream": down,
        "bytes_upstream": up,
        "wire_bytes_per_row_downstream": round(down_per_row, 1),
        "wire_bytes_per_row_both_ways": round(total_per_row, 1),
        "row_json_bytes_mean": round(mean_json, 1),
        "row_json_gzip_each_bytes_mean": round(mean_gz, 1),
        "ratio_wire_over_gzip_each": round(total_per_row / mean_gz, 3),
        "ratio_downstream_over_gzip_each": round(down_per_row / mean_gz, 3),
        "target_le_1_3": total_per_row / mean_gz <= 1.3,
    })
    print(f"  wire: {total_per_row:.1f} bytes a row (both ways, headers included) vs "
          f"{mean_gz:.1f} bytes for a row's JSON gzipped on its own: "
          f"{total_per_row / mean_gz:.2f}x (target <= 1.3x)")


# ------------------------------------------------------------------------------ 2


def make_changes(ws: Workspace, entries: int, rnd: random.Random) -> int:
    """Local changes until ``entries`` journal entries wait: per round a new household with
    its head (3 entries: household, resident, the household's head), two phone edits of
    pulled residents and five visits. Returns the pending count."""
    grid = ws.grids()[0]
    households = [h.id for h in ws.households(grid.id)]
    residents = [r.id for h in households[:200] for r in ws.residents(h)]
    # Setup only (not timed): commits without fsync, or making 10,000 changes takes ~35 s.
    with ws.db.engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA synchronous=OFF")
    n = 0
    with ws.db.reading() as s:
        have = pending_count(s)
    while have + n < entries:
        i = n
        household = ws.add_household(grid.id, group_name="九组", door_number=f"{100 + i}号")
        ws.add_resident(household.id, name="王小明", sex="male", relation="head",
                        phone=f"138{i:08d}"[:11])
        n += 3
        for _ in range(2):
            if have + n >= entries:
                break
            ws.update_resident(rnd.choice(residents), phone=f"139{rnd.randrange(10**8):08d}")
            n += 1
        for _ in range(5):
            if have + n >= entries:
                break
            ws.log_visit(rnd.choice(households), summary="入户走访，了解近况，身体状况良好。")
            n += 1
    with ws.db.reading() as s:
        return pending_count(s)


def push_bench(root: Path, template: Path) -> None:
    load_start = load()
    data = shutil.copytree(template, root / "push-center")
    server = GridcenterProcess(data)
    folder = root / "push-client"
    rnd = random.Random(SEED)
    with server:
        ws = open_workspace(folder)
        ws.login(server.url, "worker3", server.password)
        ws.sync()
    started = time.perf_counter()
    pending = make_changes(ws, PUSH_ENTRIES, rnd)  # offline: the server is stopped
    made_s = time.perf_counter() - started
    ws.close()
    print(f"sync bench: {pending:,} local changes made offline in {made_s:.1f} s")
    # Each run starts from the same server and workspace state.
    shutil.copytree(data, root / "push-center-0")
    shutil.copytree(folder, root / "push-client-0")
    timers = Timers()
    pushes: list[float] = []
    syncs: list[float] = []
    pushed = 0
    requests_made = 0
    for run in range(PUSH_RUNS):
        if run:
            shutil.rmtree(data)
            shutil.rmtree(folder)
            shutil.copytree(root / "push-center-0", data)
            shutil.copytree(root / "push-client-0", folder)
        with server:
            ws = open_workspace(folder)
            ws.login(server.url, "worker3", server.password)
            timers.reset()
            with timers.wrap(sync_engine.SyncEngine, "push", "push"):
                start = time.perf_counter()
                report = ws.sync()
                syncs.append(time.perf_counter() - start)
            pushes.append(timers.spent["push"])
            pushed = report.pushed
            requests_made = report.requests
            bad = len(report.rejected)
            ws.close()
        print(f"  push run {run + 1}: {pushed:,} entries pushed in {pushes[-1]:.2f} s "
              f"(whole sync {syncs[-1]:.2f} s, {report.pulled:,} rows pulled back, "
              f"{bad} rejected)")
    push_s = statistics.median(pushes)
    record("sync_push", {
        "entries": pushed,
        "runs": PUSH_RUNS,
        "push_phase_median_s": round(push_s, 2),
        "push_phase_runs_s": [round(t, 2) for t in pushes],
        "push_entries_per_s": round(pushed / push_s),
        "whole_sync_median_s": round(statistics.median(syncs), 2),
        "requests": requests_made,
        "load_1min_start_end": [load_start, load()],
        "target_ge_2000_per_s": pushed / push_s >= 2000,
    })
    print(f"  push of {pushed:,} entries: {pushed / push_s:,.0f} entries/s "
          f"(target >= 2,000/s)")


# ------------------------------------------------------------------------------ 5


class MultiProcessServer(GridcenterProcess):
    """``serve --workers N`` (the options of ``serve`` only; seed before starting)."""

    def __init__(self, *args: Any, workers: int, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.workers = workers
        self._serving = False

    def _base_args(self) -> list[str]:
        args = super()._base_args()
        return [*args, "--workers", str(self.workers)] if self._serving else args

    def start(self) -> GridcenterProcess:
        self._serving = True
        try:
            return super().start()
        finally:
            self._serving = False


def pg_seed(url: str) -> dict[str, list[str]]:
    """PG_GRIDS grids with village rows, PG_WORKERS workers ``load000`` … spread over them
    round-robin (fast path: one password hash for all, users and assignments inserted in one
    transaction). Returns {grid id: [household ids]} in grid order."""
    from sqlalchemy import insert

    from gridcenter.admin import create_grid
    from gridcenter.auth import hash_password
    from gridcenter.db import Database as CenterDatabase
    from gridcenter.models import assignments, users
    from gridcenter.util import now_iso
    from gridrules.ids import new_id

    db = CenterDatabase(url)
    households: dict[str, list[str]] = {}
    try:
        for g in range(PG_GRIDS):
            code = f"110105002001{g + 1:03d}"
            gid = create_grid(db, code, f"压测网格{g + 1}", "压测村", "压测镇", "示范县", "bench")
            changes = village_changes(PG_ROWS_PER_GRID, seed=SEED + g)
            seed_records(url, gid, roster_order(changes))
            households[gid] = [c["id"] for c in changes if c["entity"] == "household"]
        grid_ids = list(households)
        password_hash = hash_password(PG_PASSWORD)
        now = now_iso()
        user_rows, assignment_rows = [], []
        for w in range(PG_WORKERS):
            uid = new_id()
            user_rows.append({
                "id": uid, "username": f"load{w:03d}", "display_name": f"压测网格员{w}",
                "role": "worker", "password_hash": password_hash, "failed_logins": 0,
                "locked_until": None, "active": True, "created_at": now,
            })
            assignment_rows.append(
                {"user_id": uid, "grid_id": grid_ids[w % PG_GRIDS], "created_at": now}
            )
        with db.write() as conn:
            conn.execute(insert(users), user_rows)
            conn.execute(insert(assignments), assignment_rows)
    finally:
        db.dispose()
    return households


class SimulatedWorker:
    """One field worker on its own HTTP session: login, then push PG_PUSH entries, pull."""

    def __init__(self, base: str, username: str, grid_id: str, households: list[str],
                 rnd: random.Random):
        self.base = base + "/api/v1"
        self.username = username
        self.grid_id = grid_id
        self.http = requests.Session()
        self.http.headers.update(HEADERS)
        self.errors: dict[str, list[str]] = {"login": [], "refresh": [], "push": [], "pull": []}
        self.token: str | None = None
        self.refresh_token: str | None = None
        self.refresh_s: float | None = None
        self.retries: list[str] = []
        """Transient failures of push/pull that were retried (as the desktop client does)."""
        self.login_s: float | None = None
        self.push_s: float | None = None
        self.pull_s: float | None = None
        self.pull_requests = 0
        self.rows = 0
        self.body = self._entries(households, rnd)

    def _entries(self, households: list[str], rnd: random.Random) -> dict[str, Any]:
        def create(entity: str, values: dict[str, Any], row_id: str) -> dict[str, Any]:
            return {"mutation_id": str(uuid.uuid4()), "entity": entity, "row_id": row_id,
                    "op": "create", "base_version": 0, "actor": self.username,
                    "created_at": "2026-11-21T08:30:00+00:00",
                    "changes": {k: {"base": None, "new": v} for k, v in values.items()}}

        entries = []
        household_ids = [str(uuid.uuid4()) for _ in range(2)]
        for h in household_ids:
            entries.append(create("household", {
                "grid_id": self.grid_id, "group_name": "九组",
                "door_number": f"{rnd.randrange(999)}号", "dwelling_type": "owner_occupied",
                "status": "active", "tags": []}, h))
            for relation in ("head", "spouse"):
                entries.append(create("resident", {
                    "household_id": h, "name": "王小明", "sex": "male", "ethnicity": "01",
                    "relation": relation, "population_type": "registered",
                    "residence_status": "consistent", "status": "active",
                    "phone": f"139{rnd.randrange(10**8):08d}", "care_categories": []},
                    str(uuid.uuid4())))
        while len(entries) < PG_PUSH:
            entries.append(create("visit", {
                "household_id": rnd.choice(households), "visitor": self.username,
                "visit_type": "routine", "started_at": "2026-11-21T08:00:00+00:00",
                "summary": "入户走访，了解近况，身体状况良好。", "photos": []},
                str(uuid.uuid4())))
        return {"client_id": str(uuid.uuid4()), "entries": entries}

    def _fail(self, what: str, exc: BaseException | None = None,
              response: requests.Response | None = None) -> None:
        if response is not None:
            text = f"{what}: HTTP {response.status_code} {response.text[:120]}"
        else:
            text = f"{what}: {type(exc).__name__}: {str(exc)[:120]}"
        self.errors.setdefault(what, []).append(text)

    def login(self, timeout: Any = TIMEOUT, phase: str = "login") -> None:
        start = time.perf_counter()
        try:
            r = self.http.post(self.base + "/auth/login", timeout=timeout, json={
                "username": self.username, "password": PG_PASSWORD, "device": "bench"})
            if r.status_code != 200:
                return self._fail(phase, response=r)
            answer = r.json()
            self.token, self.refresh_token = answer["access_token"], answer["refresh_token"]
        except (requests.RequestException, ValueError, KeyError) as exc:
            return self._fail(phase, exc)
        self.http.headers["Authorization"] = f"Bearer {self.token}"
        if phase == "login":
            self.login_s = time.perf_counter() - start

    def late_login(self) -> None:
        """A worker whose login failed signs in again (a person would), patiently."""
        if self.token is None:
            self.login(timeout=300, phase="late_login")

    def _idempotent(self, method: str, path: str, **kwargs: Any) -> requests.Response:
        """Push and pull as the desktop client sends them: connection errors, timeouts and
        429/502/503/504 are retried with its backoff (each retry counted), anything else
        is returned or raised."""
        policy = sync_client.RetryPolicy()
        for attempt in range(policy.attempts):
            last = attempt + 1 == policy.attempts
            try:
                r = self.http.request(method, self.base + path, timeout=TIMEOUT, **kwargs)
            except (requests.ConnectionError, requests.Timeout) as exc:
                if last:
                    raise
                self.retries.append(f"{path}: {type(exc).__name__}")
            else:
                if r.status_code not in sync_client.TRANSIENT_STATUSES or last:
                    return r
                self.retries.append(f"{path}: HTTP {r.status_code}")
            time.sleep(policy.delay(attempt))
        raise AssertionError("unreachable")

    def refresh(self) -> bool:
        """What a new process of the desktop client does first: spend the refresh token for
        an access token (never retried: a retry would present a spent token). A new process
        has no open connection: the signed-in one may be closed by the server any moment
        (keep-alive timeout), which a real client never inherits."""
        self.http.close()
        self.http = requests.Session()
        self.http.headers.update(HEADERS)
        start = time.perf_counter()
        try:
            r = self.http.post(self.base + "/auth/refresh", timeout=TIMEOUT,
                               json={"refresh_token": self.refresh_token})
            if r.status_code != 200:
                self._fail("refresh", response=r)
                return False
            answer = r.json()
            self.token, self.refresh_token = answer["access_token"], answer["refresh_token"]
        except (requests.RequestException, ValueError, KeyError) as exc:
            self._fail("refresh", exc)
            return False
        self.http.headers["Authorization"] = f"Bearer {self.token}"
        self.refresh_s = time.perf_counter() - start
        return True

    def push_and_pull(self) -> None:
        if self.token is None or not self.refresh():
            return
        start = time.perf_counter()
        try:
            r = self._idempotent("POST", "/push", json=self.body)
            if r.status_code != 200:
                return self._fail("push", response=r)
            results = r.json()["results"]
            bad = [x for x in results if x["status"] != "applied"]
            if bad:
                self.errors["push"].append(f"push: {len(bad)} not applied: {bad[0]['error']}")
        except (requests.RequestException, ValueError, KeyError) as exc:
            return self._fail("push", exc)
        self.push_s = time.perf_counter() - start
        start = time.perf_counter()
        cursor = None
        try:
            while True:
                params: dict[str, Any] = {"limit": 5000}
                if cursor:
                    params["cursor"] = cursor
                r = self._idempotent("GET", "/changes", params=params)
                self.pull_requests += 1
                if r.status_code != 200:
                    return self._fail("pull", response=r)
                page = r.json()
                self.rows += len(page["changes"])
                cursor = page["cursor"]
                if not page["has_more"]:
                    break
        except (requests.RequestException, ValueError, KeyError) as exc:
            return self._fail("pull", exc)
        self.pull_s = time.perf_counter() - start


def run_threads(workers: list[SimulatedWorker], job: Callable[[SimulatedWorker], None]
                ) -> float:
    """Run ``job`` for every worker at once (a barrier releases them together)."""
    barrier = threading.Barrier(len(workers) + 1)

    def body(w: SimulatedWorker) -> None:
        barrier.wait()
        try:
            job(w)
        except Exception as exc:  # counted, never lost
            w._fail("bench", exc)

    threads = [threading.Thread(target=body, args=(w,), daemon=True) for w in workers]
    for t in threads:
        t.start()
    barrier.wait()
    start = time.perf_counter()
    for t in threads:
        t.join()
    return time.perf_counter() - start


class ConnectionWatch:
    """Polls pg_stat_activity in the background: the most connections to ``dbname`` seen."""

    def __init__(self, pg: Any, dbname: str, every: float = 0.1):
        self.pg = pg
        self.dbname = dbname
        self.every = every
        self.peak = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        with self.pg.connect() as conn:
            while not self._stop.is_set():
                n = conn.execute(
                    "SELECT count(*) FROM pg_stat_activity WHERE datname = %s", (self.dbname,)
                ).fetchone()[0]
                self.peak = max(self.peak, n)
                self._stop.wait(self.every)

    def __enter__(self) -> ConnectionWatch:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join(10)


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


# ------------------------------------------------------------------------------ main


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
