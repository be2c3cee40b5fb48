"""Helpers for the gridcenter tests: a tiny HTTP client and entry builders.

Every test talks to a real ``python -m gridcenter serve`` process (tests/support/server.py)."""

from __future__ import annotations

import sqlite3
import threading
import time
import uuid
from typing import Any

import requests
from support.server import (  # noqa: F401
    DEMO_PASSWORD,
    GRID1,
    GRID2,
    GridcenterProcess,
    gridcenter,
    gridcenter_session,
)

HEADERS = {"X-Gridworker-Protocol": "1"}
_sessions: dict[tuple[str, str, str], dict[str, Any]] = {}
"""Sessions by (server url, data dir, username): an Argon2 check costs ~0.15 s here, so tests
that only need *a* signed-in user reuse one (tokens live 15 minutes)."""


def uid() -> str:
    return str(uuid.uuid4())


class Api:
    """A signed-in (or anonymous) caller of one server."""

    def __init__(self, server: GridcenterProcess, username: str | None = None):
        self.server = server
        self.base = server.url + "/api/v1"
        self.http = requests.Session()
        self.http.headers.update(HEADERS)
        self.username = username
        self.session: dict[str, Any] = {}
        if username:
            key = (server.url, str(server.data_dir), username)
            cached = _sessions.get(key)
            if cached is None or server.extra_env:
                cached = _sessions[key] = self.login(username)
            self.session = cached
            self.http.headers["Authorization"] = f"Bearer {cached['access_token']}"

    def login(self, username: str, password: str | None = None) -> dict[str, Any]:
        r = self.post("/auth/login", json={"username": username,
                                           "password": password or self.server.password,
                                           "device": "pytest"})
        assert r.status_code == 200, r.text
        self.session = r.json()
        self.http.headers["Authorization"] = f"Bearer {self.session['access_token']}"
        return self.session

    def get(self, path: str, **kw: Any) -> requests.Response:
        return self.http.get(self.base + path, timeout=60, **kw)

    def post(self, path: str, **kw: Any) -> requests.Response:
        return self.http.post(self.base + path, timeout=60, **kw)

    def put(self, path: str, **kw: Any) -> requests.Response:
        return self.http.put(self.base + path, timeout=60, **kw)

    def me(self) -> dict[str, Any]:
        r = self.get("/me")
        assert r.status_code == 200, r.text
        return r.json()

    def grid_id(self, code: str) -> str:
        return grid_ids(self.server)[code]

    def push(self, *entries: dict[str, Any]) -> list[dict[str, Any]]:
        r = self.post("/push", json={"client_id": "pytest", "entries": list(entries)})
        assert r.status_code == 200, r.text
        return r.json()["results"]

    def push_one(self, entry: dict[str, Any]) -> dict[str, Any]:
        return self.push(entry)[0]

    def pull(self, cursor: str | None = None, limit: int = 5000) -> dict[str, Any]:
        params: dict[str, Any] = {"limit": limit}
        if cursor:
            params["cursor"] = cursor
        r = self.get("/changes", params=params)
        assert r.status_code == 200, r.text
        return r.json()

    def pull_all(self, cursor: str | None = None, limit: int = 5000) -> tuple[list[dict], str]:
        rows: list[dict] = []
        while True:
            page = self.pull(cursor, limit)
            rows.extend(page["changes"])
            cursor = page["cursor"]
            if not page["has_more"]:
                return rows, cursor


def grid_ids(server: GridcenterProcess) -> dict[str, str]:
    return dict(db_rows(server, "SELECT code, id FROM grids"))


def db_rows(server: GridcenterProcess, sql: str, *args: Any) -> list[tuple]:
    """Read the server's SQLite database directly (read-only)."""
    conn = sqlite3.connect(f"file:{server.data_dir / 'gridcenter.sqlite3'}?mode=ro", uri=True)
    try:
        return conn.execute(sql, args).fetchall()
    finally:
        conn.close()


def audit_events(server: GridcenterProcess, event: str | None = None) -> list[tuple]:
    sql = "SELECT event, username, target, detail, success FROM audit_log"
    if event:
        return db_rows(server, sql + " WHERE event = ? ORDER BY seq", event)
    return db_rows(server, sql + " ORDER BY seq")


def a_household(server: GridcenterProcess, code: str = GRID1) -> tuple[str, int]:
    """(id, version) of some live household of the grid."""
    gid = grid_ids(server)[code]
    row = db_rows(server, "SELECT id, version FROM records WHERE entity='household' AND "
                          "grid_id=? AND deleted=0 ORDER BY seq LIMIT 1", gid)[0]
    return row[0], row[1]


def record(server: GridcenterProcess, row_id: str) -> dict[str, Any] | None:
    import json

    rows = db_rows(server, "SELECT entity, grid_id, version, seq, deleted, data FROM records "
                           "WHERE id=?", row_id)
    if not rows:
        return None
    entity, grid_id, version, seq, deleted, data = rows[0]
    return {"entity": entity, "grid_id": grid_id, "version": version, "seq": seq,
            "deleted": bool(deleted), "data": json.loads(data)}


# --- entry builders ------------------------------------------------------------------------


def entry(entity: str, row_id: str, op: str, changes: dict[str, Any], base_version: int = 0,
          **extra: Any) -> dict[str, Any]:
    return {"mutation_id": uid(), "entity": entity, "row_id": row_id, "op": op,
            "base_version": base_version, "changes": changes, "actor": "pytest",
            "created_at": "2026-11-21T08:30:00+00:00", **extra}


def create(entity: str, values: dict[str, Any], row_id: str | None = None) -> dict[str, Any]:
    return entry(entity, row_id or uid(), "create",
                 {k: {"base": None, "new": v} for k, v in values.items()})


def update(entity: str, row_id: str, base_version: int, **fields: tuple[Any, Any]
           ) -> dict[str, Any]:
    """fields: name=(base, new)."""
    return entry(entity, row_id, "update",
                 {k: {"base": b, "new": n} for k, (b, n) in fields.items()}, base_version)


def household_values(grid_id: str, **over: Any) -> dict[str, Any]:
    values = {"grid_id": grid_id, "group_name": "九组", "door_number": "99号",
              "dwelling_type": "owner_occupied", "status": "active", "tags": []}
    values.update(over)
    return values


def resident_values(household_id: str, **over: Any) -> dict[str, Any]:
    values = {"household_id": household_id, "name": "测试人", "sex": "male", "ethnicity": "01",
              "relation": "head", "population_type": "registered",
              "residence_status": "consistent", "status": "active", "phone": "13800000000",
              "care_categories": []}
    values.update(over)
    return values


def visit_values(household_id: str, **over: Any) -> dict[str, Any]:
    values = {"household_id": household_id, "visitor": "worker1", "visit_type": "routine",
              "started_at": "2026-11-21T08:00:00+00:00", "summary": "例行走访，情况正常。",
              "photos": []}
    values.update(over)
    return values


def race_writers_and_reader(
    writers: list[Api], reader: Api, grid_id: str, *, batch: int, page: int, seconds: float = 3
) -> tuple[list[str], set[str]]:
    """Writers push households into ``grid_id`` while ``reader`` pulls in small pages; then the
    reader pulls the rest. Returns (ids created, ids the reader saw): a cursor that skipped a
    change shows as a created id never seen."""
    _, cursor = reader.pull_all()
    created: list[str] = []
    seen: set[str] = set()
    stop = threading.Event()

    def write(api: Api) -> None:
        while not stop.is_set():
            for r in api.push(*[create("household", household_values(grid_id))
                                for _ in range(batch)]):
                created.append(r["row"]["id"])

    def read() -> None:
        nonlocal cursor
        while not stop.is_set():
            changes = reader.pull(cursor, limit=page)
            seen.update(r["id"] for r in changes["changes"])
            cursor = changes["cursor"]

    threads = [threading.Thread(target=write, args=(w,)) for w in writers]
    threads.append(threading.Thread(target=read))
    for t in threads:
        t.start()
    time.sleep(seconds)
    stop.set()
    for t in threads:
        t.join(30)
    rest, _ = reader.pull_all(cursor)
    seen.update(r["id"] for r in rest)
    return created, seen
