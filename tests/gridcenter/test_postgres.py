"""The same server on PostgreSQL: demo, auth, push with conflicts, pull with paging and scope
exits, blobs, and concurrent writers against a paging reader (the cursor-safety property
that matters most where writers really run in parallel)."""

from __future__ import annotations

import hashlib

import pytest
from support.postgres import postgres_server, postgres_url  # noqa: F401
from support.server import GridcenterProcess

from .conftest import (
    GRID1,
    GRID2,
    Api,
    create,
    household_values,
    race_writers_and_reader,
    resident_values,
    uid,
    update,
)


@pytest.fixture
def pg_center(tmp_path, postgres_url):  # noqa: F811
    with GridcenterProcess(tmp_path / "pg", database_url=postgres_url) as server:
        yield server


def test_sync_cycle_on_postgres(pg_center):
    w1, w2, w3 = (Api(pg_center, n) for n in ("worker1", "worker2", "worker3"))
    rows, c1 = w1.pull_all(limit=100)
    assert {r["entity"] for r in rows} == {
        "grid", "household", "resident", "visit", "visit_amendment"}  # the demo's
    g1 = next(g["id"] for g in w1.me()["grids"] if g["code"] == GRID1)
    hid, rid = uid(), uid()
    res = w1.push(create("household", household_values(g1), hid),
                  create("resident", resident_values(hid), rid))
    assert [r["status"] for r in res] == ["applied", "applied"]
    w2.push_one(update("resident", rid, 1, phone=("13800000000", "13711111111")))
    res = w1.push_one(update("resident", rid, 1, phone=("13800000000", "13922222222"),
                             note=("", "备注")))
    assert res["status"] == "conflict" and res["row"]["data"]["note"] == "备注"
    assert w1.get("/conflicts").json()["conflicts"]
    rows, c1 = w1.pull_all(c1)
    assert {hid, rid} <= {r["id"] for r in rows}
    # worker3 cannot touch it
    assert w3.push_one(update("resident", rid, 3, note=("备注", "x")))["error"][
        "code"] == "out_of_scope"
    # scope exit on PostgreSQL
    assert pg_center.admin("unassign", "--username", "worker1", "--grid", GRID1).returncode == 0
    rows, _ = w1.pull_all(c1)
    assert hid in {r["id"] for r in rows if r["state"] == "gone"}
    # blobs
    data = b"\xff\xd8 pg photo \xff\xd9"
    digest = hashlib.sha256(data).hexdigest()
    r = w2.put(f"/blobs/{digest}", params={"offset": 0, "total": len(data)}, data=data)
    assert r.status_code == 201
    assert w2.post("/blobs/status", json={"hashes": [digest]}).json()["blobs"][digest][
        "state"] == "present"
    assert pg_center.admin("grids").returncode == 0
    assert GRID2 in pg_center.admin("grids").stdout


def test_concurrent_writers_never_make_a_reader_skip_on_postgres(pg_center):
    writers = [Api(pg_center, n) for n in ("worker1", "worker2", "admin", "station1")]
    reader = Api(pg_center, "supervisor1")
    g1 = next(g["id"] for g in reader.me()["grids"] if g["code"] == GRID1)
    created, seen = race_writers_and_reader(writers, reader, g1, batch=5, page=3)
    assert len(created) > 20 and set(created) <= seen
