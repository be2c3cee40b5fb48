"""What every section of the sync benchmark shares: its sizes, the client's timeouts, the
servers' and workspaces' helpers, timing wrappers and the machine's load.
"""

from __future__ import annotations

import os
import sqlite3
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from gridworker.api import Workspace
from gridworker.sync import client as sync_client
from gridworker.sync import wire
from gridworker.sync.credentials import MemoryStore
from tests.support.server import GridcenterProcess

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
