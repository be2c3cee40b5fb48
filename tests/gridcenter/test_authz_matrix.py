"""The authorisation matrix: every role × {read, create, update} × {own grid, other grid}.

Refused writes must be refused with the right code and leave an audit row; reads outside
scope must simply never return the rows. Plus the three ways a worker of grid 2 might reach
grid 1: by row id, by a forged cursor, by guessing a photo hash."""

from __future__ import annotations

import hashlib

import pytest

from .conftest import (
    GRID1,
    GRID2,
    Api,
    a_household,
    audit_events,
    create,
    db_rows,
    grid_ids,
    household_values,
    record,
    resident_values,
    uid,
    update,
    visit_values,
)

GRID3 = "110105001001003"
ROLES = {"worker": "worker1", "station": "station1", "supervisor": "supervisor1",
         "centre_admin": "admin"}
# role -> (may write residents in own grid, code when refused)
WRITE_OWN = {"worker": None, "station": None, "supervisor": "forbidden", "centre_admin": None}
WRITE_OTHER = {"worker": "out_of_scope", "station": "out_of_scope", "supervisor": "forbidden",
               "centre_admin": None}


@pytest.fixture(scope="module")
def world(gridcenter_session):
    """Grid 3 exists, nobody but the admin can see it; one household + resident in it."""
    server = gridcenter_session
    result = server.admin("create-grid", "--code", GRID3, "--name", "前进村第三网格",
                          "--village", "前进村", "--township", "示范镇", "--county", "示范县")
    assert result.returncode == 0, result.stderr
    admin = Api(server, "admin")
    g3 = grid_ids(server)[GRID3]
    hid, rid = uid(), uid()
    res = admin.push(create("household", household_values(g3), hid),
                     create("resident", resident_values(hid), rid))
    assert [r["status"] for r in res] == ["applied", "applied"], res
    own_hid, _ = a_household(server, GRID1)
    return {"server": server, "g3": g3, "other": (hid, rid), "own_household": own_hid,
            "apis": {role: Api(server, name) for role, name in ROLES.items()}}


def _refusals(server, username: str) -> int:
    return len([e for e in audit_events(server) if e[1] == username and not e[4]])


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("where", ["own", "other"])
def test_read(world, role, where):
    api = world["apis"][role]
    rows, _ = api.pull_all()
    ids = {r["id"] for r in rows}
    if where == "own":
        assert world["own_household"] in ids
    else:
        hid, rid = world["other"]
        visible = role == "centre_admin"
        assert (hid in ids) is visible and (rid in ids) is visible
        assert (world["g3"] in ids) is visible


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("where", ["own", "other"])
def test_create(world, role, where):
    api, server = world["apis"][role], world["server"]
    parent = world["own_household"] if where == "own" else world["other"][0]
    refused = (WRITE_OWN if where == "own" else WRITE_OTHER)[role]
    before = _refusals(server, ROLES[role])
    row_id = uid()
    res = api.push_one(create("resident", resident_values(parent, name="矩阵"), row_id))
    if refused is None:
        assert res["status"] == "applied", res
        assert record(server, row_id) is not None
    else:
        assert res["status"] == "rejected" and res["error"]["code"] == refused
        assert res["row"] is None
        assert record(server, row_id) is None
        assert _refusals(server, ROLES[role]) == before + 1


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("where", ["own", "other"])
def test_update(world, role, where):
    api, server = world["apis"][role], world["server"]
    if where == "own":
        row_id, version = world["own_household"], record(server, world["own_household"])[
            "version"]
    else:
        row_id, version = world["other"][0], record(server, world["other"][0])["version"]
    refused = (WRITE_OWN if where == "own" else WRITE_OTHER)[role]
    current = record(server, row_id)["data"]["address_detail"]
    new = f"{role}-{where}-{uid()[:8]}"
    before = _refusals(server, ROLES[role])
    res = api.push_one(update("household", row_id, version, address_detail=(current, new)))
    if refused is None:
        assert res["status"] == "applied", res
        assert record(server, row_id)["data"]["address_detail"] == new
    else:
        assert res["status"] == "rejected" and res["error"]["code"] == refused
        assert record(server, row_id)["data"]["address_detail"] == current
        assert _refusals(server, ROLES[role]) == before + 1
        if refused == "out_of_scope":
            assert res["row"] is None  # nothing of the row leaks


def test_only_workers_and_admins_write_visits_and_only_admins_write_grids(world):
    server, apis = world["server"], world["apis"]
    for role, ok in (("worker", True), ("station", False), ("supervisor", False),
                     ("centre_admin", True)):
        res = apis[role].push_one(create("visit", visit_values(world["own_household"])))
        assert (res["status"] == "applied") is ok, (role, res)
        if not ok:
            assert res["error"]["code"] == "forbidden"
    g1 = grid_ids(server)[GRID1]
    for role in ("worker", "station", "supervisor"):
        res = apis[role].push_one(update("grid", g1, 1, name=("前进村第一网格", "改名")))
        assert res["error"]["code"] == "forbidden"
    code = "110105001001009"
    res = apis["centre_admin"].push_one(create("grid", {"code": code, "name": "新网格"}))
    assert res["status"] == "applied"
    assert db_rows(server, "SELECT code FROM grids WHERE code=?", code)


def test_worker_of_grid2_cannot_reach_grid1_in_any_way(world):
    server = world["server"]
    w1, w3 = Api(server, "worker1"), Api(server, "worker3")
    audit_before = len(audit_events(server))
    hid, version = a_household(server, GRID1)
    # 1. by id
    current = record(server, hid)["data"]["phone"]
    res = w3.push_one(update("household", hid, version, phone=(current, "13000000000")))
    assert res["status"] == "rejected" and res["error"]["code"] == "out_of_scope"
    assert res["row"] is None and record(server, hid)["data"]["phone"] == current
    res = w3.push_one(create("resident", resident_values(hid)))
    assert res["error"]["code"] == "out_of_scope"
    # 2. by cursor: worker1's cursor, or worker3's with grid 1 spliced in
    _, c1 = w1.pull_all()
    r = w3.get("/changes", params={"cursor": c1})
    assert r.status_code == 400 and r.json()["error"]["code"] == "cursor_invalid"
    _, c3 = w3.pull_all()
    _, sig = c3.split(".")
    r = w3.get("/changes", params={"cursor": c1.split(".")[0] + "." + sig})
    assert r.status_code == 400
    # 3. by photo hash
    photo = b"\xff\xd8 grid one photo \xff\xd9"
    digest = hashlib.sha256(photo).hexdigest()
    w1.push_one(create("visit", visit_values(hid, photos=[digest])))
    r = w1.put(f"/blobs/{digest}", params={"offset": 0, "total": len(photo)}, data=photo)
    assert r.status_code == 201
    assert w3.get(f"/blobs/{digest}").status_code == 404
    assert w3.post("/blobs/status", json={"hashes": [digest]}).json()["blobs"][digest][
        "state"] == "missing"
    events = audit_events(server)[audit_before:]
    mine = [(e[0], e[2]) for e in events if e[1] == "worker3" and not e[4]]
    kinds = {k for k, _ in mine}
    assert {"scope_violation", "cursor_invalid", "blob_denied"} <= kinds
    assert ("scope_violation", f"household:{hid}") in mine
    rows, _ = w3.pull_all()
    g1 = grid_ids(server)[GRID1]
    grid1_ids = {r[0] for r in db_rows(server, "SELECT id FROM records WHERE grid_id=?", g1)}
    assert not ({r["id"] for r in rows} & grid1_ids)
    assert GRID2  # worker3's own grid stays readable
