"""Throughput targets on this class of machine (2 cores, SQLite, loopback):
push ≥ 2,000 entries/s in batches of 1000; pulling 100,000 rows at limit 5000 well under 10 s.

Marked slow (about 25 s): the 100,000 rows are created through the public push API."""

from __future__ import annotations

import time

import pytest

from .conftest import GRID1, Api, create, household_values, resident_values, uid


def _batch(g1: str, n: int) -> list[dict]:
    out = []
    for _ in range(n // 2):
        hid = uid()
        out.append(create("household", household_values(g1), hid))
        out.append(create("resident", resident_values(hid, citizen_id="11010519491231002X",
                                                      care_categories=["disabled"]), uid()))
    return out


@pytest.mark.slow
def test_push_and_pull_throughput(gridcenter):
    api = Api(gridcenter, "worker1")
    g1 = api.grid_id(GRID1)
    batches = [_batch(g1, 1000) for _ in range(100)]
    started = time.perf_counter()
    for batch in batches[:10]:
        results = api.push(*batch)
        assert results[-1]["status"] == "applied"
    rate = 10_000 / (time.perf_counter() - started)
    print(f"push: {rate:.0f} entries/s")
    assert rate >= 2000
    for batch in batches[10:]:
        api.push(*batch)
    started = time.perf_counter()
    rows, _ = api.pull_all(limit=5000)
    elapsed = time.perf_counter() - started
    print(f"pull: {len(rows)} rows in {elapsed:.2f} s")
    assert len(rows) >= 100_000
    assert elapsed < 10
