"""Pull: paging, cursor signing, scope entry and exit, page closure."""

from __future__ import annotations

import base64
import json

from .conftest import (
    GRID1,
    GRID2,
    Api,
    a_household,
    audit_events,
    create,
    db_rows,
    household_values,
    resident_values,
    uid,
    update,
    visit_values,
)


def _ids(rows, state=None):
    return {r["id"] for r in rows if state is None or r["state"] == state}


def test_full_pull_matches_scope_and_pages_cover_everything(gridcenter_session):
    w1 = Api(gridcenter_session, "worker1")
    all_rows, cursor = w1.pull_all()
    g1 = w1.grid_id(GRID1)
    expected = {r[0] for r in db_rows(gridcenter_session,
                                      "SELECT id FROM records WHERE grid_id=?", g1)}
    assert _ids(all_rows) == expected
    # Small pages give the same rows, in seq order, without gaps
    paged, _ = w1.pull_all(limit=37)
    assert _ids(paged) >= expected
    first = w1.pull(limit=37)
    assert len(first["changes"]) >= 37 and first["has_more"] is True
    # nothing new: an empty page, and the cursor stays usable
    page = w1.pull(cursor)
    assert page["changes"] == [] and page["has_more"] is False
    # a change shows up once
    hid, version = a_household(gridcenter_session)
    res = w1.push_one(update("household", hid, version, address_detail=("", "村口第一家")))
    assert res["status"] == "applied"
    page = w1.pull(page["cursor"])
    assert [r["id"] for r in page["changes"]] == [hid]
    assert page["changes"][0]["data"]["address_detail"] == "村口第一家"
    assert w1.pull(page["cursor"])["changes"] == []


def test_rows_come_in_commit_order_and_parents_first_within_a_fresh_pull(gridcenter_session):
    w1 = Api(gridcenter_session, "worker1")
    rows, _ = w1.pull_all(limit=50)
    seen = set()
    for r in rows:
        parent = (r["data"] or {}).get("household_id") or (r["data"] or {}).get("grid_id")
        if r["entity"] in ("household", "resident") and r["state"] == "live":
            assert parent in seen, r
        seen.add(r["id"])


def test_station_does_not_receive_visits(gridcenter_session):
    w1 = Api(gridcenter_session, "worker1")
    hid, _ = a_household(gridcenter_session)
    vid = uid()
    assert w1.push_one(create("visit", visit_values(hid), vid))["status"] == "applied"
    station_rows, _ = Api(gridcenter_session, "station1").pull_all()
    assert vid not in _ids(station_rows)
    assert {r["entity"] for r in station_rows} == {"grid", "household", "resident"}
    supervisor_rows, _ = Api(gridcenter_session, "supervisor1").pull_all()
    assert vid in _ids(supervisor_rows)


def test_tampered_foreign_or_garbage_cursor_is_400_and_audited(gridcenter_session):
    w3 = Api(gridcenter_session, "worker3")
    _, cursor = w3.pull_all()
    body, sig = cursor.split(".")
    payload = json.loads(base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)))
    payload["t"] = [[0, [[1, 2]]]]  # claim grid 1 as well
    forged = base64.urlsafe_b64encode(json.dumps(payload).encode()).rstrip(b"=").decode()
    w1 = Api(gridcenter_session, "worker1")
    _, cursor_w1 = w1.pull_all()
    for bad in (f"{forged}.{sig}", "garbage", "a.b", cursor_w1, cursor + "x"):
        r = w3.get("/changes", params={"cursor": bad})
        assert r.status_code == 400, bad
        assert r.json()["error"]["code"] == "cursor_invalid"
    assert len([e for e in audit_events(gridcenter_session, "cursor_invalid")
                if e[1] == "worker3"]) >= 5


def test_reassigned_household_arrives_whole_and_leaves_gone_markers(gridcenter):
    w1, w3, admin = (Api(gridcenter, n) for n in ("worker1", "worker3", "admin"))
    hid, rid, vid = uid(), uid(), uid()
    g1, g2 = w1.grid_id(GRID1), w1.grid_id(GRID2)
    w1.push(create("household", household_values(g1), hid),
            create("resident", resident_values(hid), rid),
            create("visit", visit_values(hid), vid))
    _, c1 = w1.pull_all()
    _, c3 = w3.pull_all()
    # more activity in grid 2 after worker3's cursor, then the move
    res = admin.push_one(update("household", hid, 1, grid_id=(g1, g2)))
    assert res["status"] == "applied", res
    rows3, _ = w3.pull_all(c3)
    live = {r["id"]: r for r in rows3 if r["state"] == "live"}
    assert {hid, rid, vid} <= set(live)
    assert live[hid]["data"]["grid_id"] == g2
    rows1, _ = w1.pull_all(c1)
    gone = _ids(rows1, "gone")
    assert {hid, rid, vid} <= gone
    assert all(r["data"] is None for r in rows1 if r["state"] == "gone")


def test_new_assignment_brings_old_rows_and_unassignment_yields_gone(gridcenter):
    w3 = Api(gridcenter, "worker3")
    rows, cursor = w3.pull_all()
    g1 = w3.grid_id(GRID1)
    grid1_rows = {r[0] for r in db_rows(gridcenter, "SELECT id FROM records WHERE grid_id=?", g1)}
    assert not (_ids(rows) & grid1_rows)
    assert gridcenter.admin("assign", "--username", "worker3", "--grid", GRID1).returncode == 0
    rows, cursor = w3.pull_all(cursor, limit=100)
    assert _ids(rows, "live") >= grid1_rows
    assert gridcenter.admin("unassign", "--username", "worker3", "--grid", GRID1).returncode == 0
    rows, cursor = w3.pull_all(cursor)
    assert _ids(rows, "gone") >= grid1_rows
    assert not _ids(rows, "live")
    # and the grid is gone from the cursor: no repeats
    assert w3.pull(cursor)["changes"] == []


def test_page_closure_includes_parents_changed_later(gridcenter):
    w1 = Api(gridcenter, "worker1")
    _, cursor = w1.pull_all()
    g1 = w1.grid_id(GRID1)
    hid, rid = uid(), uid()
    w1.push(create("household", household_values(g1), hid))
    w1.push(create("resident", resident_values(hid), rid))
    # the household changes after the resident: its seq is now beyond the resident's
    w1.push_one(update("household", hid, 1, address_detail=("", "后改的地址")))
    order = [r[0] for r in db_rows(gridcenter, "SELECT id FROM records WHERE id IN (?, ?) "
                                               "ORDER BY seq", hid, rid)]
    assert order == [rid, hid]
    # the page holding the resident must carry its household too
    rows_by_page = []
    c = cursor
    while True:
        p = w1.pull(c, limit=1)
        rows_by_page.append([r["id"] for r in p["changes"]])
        c = p["cursor"]
        if not p["has_more"]:
            break
    assert rows_by_page[0] == [hid, rid]  # the resident's page carries its household first
    page_with_resident = next(p for p in rows_by_page if rid in p)
    assert hid in page_with_resident
    assert page_with_resident.index(hid) < page_with_resident.index(rid)


def test_limit_bounds(gridcenter_session):
    w1 = Api(gridcenter_session, "worker1")
    for bad in (0, -1, 5001, "x"):
        r = w1.get("/changes", params={"limit": bad})
        assert r.status_code == 422
        assert r.json()["error"]["code"] == "invalid"
