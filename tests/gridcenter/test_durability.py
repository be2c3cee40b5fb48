"""A server killed mid-batch keeps nothing of the batch; the resend applies it exactly once.
SIGTERM shuts down cleanly. Concurrent writers never make a pull skip a row."""

from __future__ import annotations

import threading
import time

import requests

from .conftest import GRID1, Api, create, db_rows, household_values


def _batch(api: Api, n: int) -> list[dict]:
    g1 = api.grid_id(GRID1)
    return [create("household", household_values(g1, door_number=f"K{i}号")) for i in range(n)]


def test_killed_mid_batch_leaves_all_or_nothing_and_resend_is_exact(gridcenter):
    api = Api(gridcenter, "worker1")
    entries = _batch(api, 1000)
    ids = [e["mutation_id"] for e in entries]
    outcome: dict = {}

    def send():
        try:
            outcome["r"] = api.post("/push", json={"entries": entries})
        except requests.RequestException as exc:
            outcome["exc"] = exc

    sender = threading.Thread(target=send)
    sender.start()
    time.sleep(0.08)
    gridcenter.kill()
    sender.join(30)
    placeholders = ",".join("?" * len(ids))
    stored = db_rows(gridcenter, f"SELECT count(*) FROM mutations WHERE mutation_id IN "
                                 f"({placeholders})", *ids)[0][0]
    assert stored in (0, 1000)
    gridcenter.start()
    api.login("worker1")
    results = api.push(*entries)
    assert all(r["status"] == "applied" for r in results)
    count = db_rows(gridcenter, "SELECT count(*) FROM records WHERE entity='household' AND "
                                "data LIKE '%K%号%'")[0][0]
    assert count == 1000
    again = api.push(*entries)
    assert again == results


def test_sigterm_stops_cleanly_and_data_survives(gridcenter):
    api = Api(gridcenter, "worker1")
    results = api.push(*_batch(api, 10))
    assert gridcenter.stop() == 0
    gridcenter.start()
    api.login("worker1")
    rows, _ = api.pull_all()
    assert {r["row"]["id"] for r in results} <= {r["id"] for r in rows}


def test_concurrent_writers_never_make_a_reader_skip(gridcenter):
    writers = [Api(gridcenter, n) for n in ("worker1", "worker2", "admin")]
    reader = Api(gridcenter, "supervisor1")
    _, cursor = reader.pull_all()
    created: list[str] = []
    stop = threading.Event()
    seen: set[str] = set()

    def write(api: Api):
        g1 = api.grid_id(GRID1)
        while not stop.is_set():
            batch = [create("household", household_values(g1)) for _ in range(20)]
            for r in api.push(*batch):
                created.append(r["row"]["id"])

    def read():
        nonlocal cursor
        while not stop.is_set():
            page = reader.pull(cursor, limit=7)
            seen.update(r["id"] for r in page["changes"])
            cursor = page["cursor"]

    threads = [threading.Thread(target=write, args=(w,)) for w in writers]
    threads.append(threading.Thread(target=read))
    for t in threads:
        t.start()
    time.sleep(3)
    stop.set()
    for t in threads:
        t.join(30)
    rest, _ = reader.pull_all(cursor)
    seen.update(r["id"] for r in rest)
    assert created and set(created) <= seen
