"""A server killed mid-batch keeps nothing of the batch; the resend applies it exactly once.
SIGTERM shuts down cleanly. Concurrent writers never make a pull skip a row."""

from __future__ import annotations

import threading
import time

import requests

from .conftest import GRID1, Api, create, db_rows, household_values, race_writers_and_reader


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
    created, seen = race_writers_and_reader(
        writers, reader, writers[0].grid_id(GRID1), batch=20, page=7
    )
    assert created and set(created) <= seen
