"""Conflicts: stored on push, resolved by a later entry, listed by status."""

from __future__ import annotations

import pytest

from .conftest import (
    GRID1,
    Api,
    audit_events,
    create,
    household_values,
    resident_values,
    uid,
    update,
)


@pytest.fixture(scope="module")
def apis(gridcenter_session):
    return {n: Api(gridcenter_session, n) for n in ("worker1", "worker2", "admin")}


def _conflict(apis) -> tuple[str, str, dict]:
    w1, w2 = apis["worker1"], apis["worker2"]
    hid, rid = uid(), uid()
    w1.push(create("household", household_values(w1.grid_id(GRID1)), hid),
            create("resident", resident_values(hid), rid))
    w2.push_one(update("resident", rid, 1, phone=("13800000000", "13711112222")))
    res = w1.push_one(update("resident", rid, 1, phone=("13800000000", "13922223333")))
    assert res["status"] == "conflict"
    return rid, res["conflicts"][0]["id"], res


def test_conflict_is_listed_then_resolved_with_mine(apis):
    w1 = apis["worker1"]
    rid, cid, res = _conflict(apis)
    listed = w1.get("/conflicts").json()["conflicts"]
    mine = next(c for c in listed if c["id"] == cid)
    assert mine["status"] == "open" and mine["user"] == "worker1"
    assert (mine["base"], mine["mine"], mine["theirs"]) == (
        "13800000000", "13922223333", "13711112222")
    assert mine["entity"] == "resident" and mine["row_id"] == rid
    resolution = update("resident", rid, res["version"], phone=("13711112222", "13922223333"))
    resolution["resolves"] = [{"conflict_id": cid, "choice": "mine"}]
    out = w1.push_one(resolution)
    assert out["status"] == "applied" and out["row"]["data"]["phone"] == "13922223333"
    assert cid not in {c["id"] for c in w1.get("/conflicts").json()["conflicts"]}
    done = next(c for c in w1.get("/conflicts", params={"status": "resolved"}).json()[
        "conflicts"] if c["id"] == cid)
    assert done["status"] == "resolved" and done["resolved_by"] == "worker1"
    assert done["choice"] == "mine" and done["value"] == "13922223333" and done["resolved_at"]
    assert cid in {c["id"] for c in w1.get("/conflicts", params={"status": "all"}).json()[
        "conflicts"]}
    assert any(e[2] == f"conflict:{cid}" for e in audit_events(w1.server, "conflict_resolved"))


def test_theirs_is_an_empty_update(apis):
    w1 = apis["worker1"]
    rid, cid, res = _conflict(apis)
    e = update("resident", rid, res["version"])
    e["resolves"] = [{"conflict_id": cid, "choice": "theirs"}]
    out = w1.push_one(e)
    assert out["status"] == "applied" and out["version"] == res["version"]
    done = next(c for c in w1.get("/conflicts", params={"status": "resolved"}).json()[
        "conflicts"] if c["id"] == cid)
    assert done["choice"] == "theirs" and done["value"] == "13711112222"


def test_only_the_owner_or_an_admin_resolves(apis):
    rid, cid, res = _conflict(apis)
    e = update("resident", rid, res["version"])
    e["resolves"] = [{"conflict_id": cid, "choice": "theirs"}]
    out = apis["worker2"].push_one(e)
    assert out["status"] == "rejected" and out["error"]["code"] == "forbidden"
    assert cid not in {c["id"] for c in apis["worker2"].get(
        "/conflicts", params={"status": "all"}).json()["conflicts"]}
    assert cid in {c["id"] for c in apis["admin"].get("/conflicts").json()["conflicts"]}
    e2 = update("resident", rid, res["version"])
    e2["resolves"] = [{"conflict_id": cid, "choice": "theirs"}]
    assert apis["admin"].push_one(e2)["status"] == "applied"


def test_unknown_or_mismatched_conflict_rejects_the_entry(apis):
    w1 = apis["worker1"]
    rid, cid, res = _conflict(apis)
    e = update("resident", rid, res["version"], note=("", "x"))
    e["resolves"] = [{"conflict_id": uid(), "choice": "mine"}]
    assert w1.push_one(e)["error"]["code"] == "not_found"
    other_rid, _, _ = _conflict(apis)
    e = update("resident", other_rid, 1, note=("", "x"))
    e["resolves"] = [{"conflict_id": cid, "choice": "mine"}]
    assert w1.push_one(e)["error"]["code"] == "invalid"
    r = w1.get("/conflicts", params={"status": "bogus"})
    assert r.status_code == 422
