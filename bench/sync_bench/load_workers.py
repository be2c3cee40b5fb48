"""The cast of section 5 (``sync_postgres``): a multi-process gridcenter on PostgreSQL, its
seed, 200 simulated workers on their own HTTP sessions, and a watch on its connections.
"""

from __future__ import annotations

import random
import threading
import time
import uuid
from collections.abc import Callable
from typing import Any

import requests

from bench.sync_bench.fixtures import (
    HEADERS,
    PG_GRIDS,
    PG_PASSWORD,
    PG_PUSH,
    PG_ROWS_PER_GRID,
    PG_WORKERS,
    SEED,
    TIMEOUT,
)
from bench.sync_support import roster_order, seed_records, village_changes
from gridworker.sync import client as sync_client
from tests.support.server import GridcenterProcess


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
