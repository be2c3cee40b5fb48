"""Push: merge policies, conflicts, append-only rules, idempotency, reassignment."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from .conftest import (
    GRID1,
    GRID2,
    Api,
    audit_events,
    create,
    db_rows,
    entry,
    household_values,
    record,
    resident_values,
    uid,
    update,
    visit_values,
)


@pytest.fixture(scope="module")
def server(gridcenter_session):
    return gridcenter_session


@pytest.fixture(scope="module")
def w1(server):
    return Api(server, "worker1")


@pytest.fixture(scope="module")
def w2(server):
    return Api(server, "worker2")


@pytest.fixture
def household(w1):
    """A fresh household with one resident in grid 1: (household id, resident id)."""
    hid, rid = uid(), uid()
    res = w1.push(create("household", household_values(w1.grid_id(GRID1)), hid),
                  create("resident", resident_values(hid), rid))
    assert [r["status"] for r in res] == ["applied", "applied"], res
    return hid, rid


def test_create_returns_row_and_version(w1):
    hid = uid()
    tags = ["poverty_monitoring", "extreme_poverty"]
    res = w1.push_one(create("household", household_values(w1.grid_id(GRID1), tags=tags), hid))
    assert res["status"] == "applied"
    assert res["version"] == 1
    assert res["error"] is None
    row = res["row"]
    assert row["entity"] == "household" and row["id"] == hid and row["state"] == "live"
    assert row["data"]["tags"] == ["extreme_poverty", "poverty_monitoring"]
    assert row["data"]["address_detail"] == ""  # defaults filled for omitted text fields


def test_update_with_current_base_applies(w1, household):
    _, rid = household
    res = w1.push_one(update("resident", rid, 1, phone=("13800000000", "13900000000")))
    assert res["status"] == "applied" and res["version"] == 2
    assert res["row"]["data"]["phone"] == "13900000000"


def test_manual_conflict_keeps_server_value_and_applies_other_fields(w1, w2, household):
    _, rid = household
    assert w2.push_one(update("resident", rid, 1, phone=("13800000000", "13711111111"),
                              ))["status"] == "applied"
    res = w1.push_one(update("resident", rid, 1, phone=("13800000000", "13922222222"),
                             note=("", "腿脚不便")))
    assert res["status"] == "conflict"
    assert res["row"]["data"]["phone"] == "13711111111"
    assert res["row"]["data"]["note"] == "腿脚不便"
    [conflict] = res["conflicts"]
    assert conflict["kind"] == "field" and conflict["field"] == "phone"
    assert (conflict["base"], conflict["mine"], conflict["theirs"]) == (
        "13800000000", "13922222222", "13711111111")
    assert res["version"] == 3


def test_same_new_value_on_both_sides_is_a_noop(w1, w2, household):
    _, rid = household
    assert w2.push_one(update("resident", rid, 1, name=("测试人", "测试人甲")))["version"] == 2
    res = w1.push_one(update("resident", rid, 1, name=("测试人", "测试人甲")))
    assert res["status"] == "applied" and res["version"] == 2


def test_set_union_keeps_both_sides_additions_and_removals(w1, w2, household):
    _, rid = household
    w1.push_one(update("resident", rid, 1, care_categories=([], ["disabled", "empty_nest"])))
    res = w2.push_one(update("resident", rid, 1, care_categories=([], ["elderly_alone"])))
    assert res["status"] == "applied"
    assert res["row"]["data"]["care_categories"] == ["disabled", "elderly_alone", "empty_nest"]
    res = w1.push_one(update("resident", rid, 2, care_categories=(
        ["disabled", "empty_nest"], ["empty_nest"])))
    assert res["row"]["data"]["care_categories"] == ["elderly_alone", "empty_nest"]


def test_update_vs_delete_is_a_conflict_and_row_stays_deleted(w1, w2, household):
    _, rid = household
    assert w2.push_one(entry("resident", rid, "delete", {}, 1))["status"] == "applied"
    res = w1.push_one(update("resident", rid, 1, phone=("13800000000", "13600000000")))
    assert res["status"] == "conflict"
    assert res["conflicts"][0]["kind"] == "update_vs_delete"
    assert res["row"]["state"] == "deleted"
    assert record(w1.server, rid)["deleted"] is True
    # keep: a restore entry with my values brings it back
    res2 = w1.push_one(entry("resident", rid, "restore",
                             {"phone": {"base": "13800000000", "new": "13600000000"}}, 2,
                             resolves=[{"conflict_id": res["conflicts"][0]["id"],
                                        "choice": "keep"}]))
    assert res2["status"] == "applied"
    assert res2["row"]["state"] == "live" and res2["row"]["data"]["phone"] == "13600000000"


def test_delete_vs_update_is_a_conflict_and_row_stays(w1, w2, household):
    _, rid = household
    w2.push_one(update("resident", rid, 1, phone=("13800000000", "13500000000")))
    res = w1.push_one(entry("resident", rid, "delete", {}, 1))
    assert res["status"] == "conflict"
    assert res["conflicts"][0]["kind"] == "delete_vs_update"
    assert res["row"]["state"] == "live"
    assert record(w1.server, rid)["deleted"] is False


def test_delete_with_current_base_and_repeat(w1, household):
    _, rid = household
    res = w1.push_one(entry("resident", rid, "delete", {}, 1))
    assert res["status"] == "applied" and res["row"]["state"] == "deleted"
    assert w1.push_one(entry("resident", rid, "delete", {}, 1))["status"] == "applied"


def test_visits_are_append_only(w1, household):
    hid, _ = household
    vid = uid()
    assert w1.push_one(create("visit", visit_values(hid), vid))["status"] == "applied"
    for e in (update("visit", vid, 1, summary=("例行走访，情况正常。", "改过")),
              entry("visit", vid, "delete", {}, 1)):
        res = w1.push_one(e)
        assert res["status"] == "rejected"
        assert res["error"]["code"] == "append_only"
        assert res["error"]["message"]
    amendment = create("visit_amendment", {"visit_id": vid, "author": "worker1",
                                           "reason": "补充", "changes": {"summary": "改过"}})
    assert w1.push_one(amendment)["status"] == "applied"
    assert record(w1.server, vid)["data"]["summary"] == "例行走访，情况正常。"


def _amendment_values(visit_id: str, **over):
    return {"visit_id": visit_id, "author": "worker1", "reason": "补记见到的人",
            "changes": {"people_met": "老人的儿子"}, **over}


def _received(server, row_id: str) -> datetime:
    (stamp,) = db_rows(server, "SELECT created_at FROM records WHERE id = ?", row_id)[0]
    return datetime.fromisoformat(stamp)


def test_a_visit_and_its_amendment_keep_the_time_the_worker_recorded_them(w1, household):
    """Typed offline on Monday, sent on Wednesday: the data says Monday (as sent), the
    centre's own receive time stays in its record, apart."""
    hid, _ = household
    vid, aid = uid(), uid()
    monday, later = "2026-11-16T09:05:00+08:00", "2026-11-16T15:40:12.5+08:00"
    before = datetime.now(UTC)
    res = w1.push(create("visit", visit_values(hid, created_at=monday), vid),
                  create("visit_amendment", _amendment_values(vid, created_at=later), aid))
    assert [r["status"] for r in res] == ["applied", "applied"], res
    assert res[0]["row"]["data"]["created_at"] == monday
    assert res[1]["row"]["data"]["created_at"] == later
    assert record(w1.server, vid)["data"]["created_at"] == monday
    assert record(w1.server, aid)["data"]["created_at"] == later
    assert _received(w1.server, vid) >= before and _received(w1.server, aid) >= before
    pulled = {c["id"]: c for c in w1.pull_all()[0] if c["id"] in (vid, aid)}
    assert pulled[vid]["data"]["created_at"] == monday
    assert pulled[aid]["data"]["created_at"] == later
    # A repeat of the create under a new mutation id (a lost answer) is the same record.
    again = w1.push_one(create("visit", visit_values(hid, created_at=monday), vid))
    assert again["status"] == "applied" and again["version"] == 1


@pytest.mark.parametrize(("value", "code"), [
    ("1899-12-31T23:59:59+00:00", "timestamp_out_of_range"),
    ("2026-11-16T09:05:00", "timestamp_naive"),
    ("上周一", None),
    (20261116, None),
])
def test_a_bad_recorded_time_refuses_that_entry_only_naming_the_field(w1, household, value,
                                                                       code):
    hid, _ = household
    good, bad, amended = uid(), uid(), uid()
    res = w1.push(
        create("visit", visit_values(hid, created_at="2026-11-16T09:05:00+08:00"), good),
        create("visit", visit_values(hid, created_at=value), bad),
        create("visit_amendment", _amendment_values(good, created_at=value), uid()),
        create("visit_amendment", _amendment_values(good), amended),
    )
    assert [r["status"] for r in res] == ["applied", "rejected", "rejected", "applied"], res
    for refused in res[1:3]:
        error = refused["error"]
        assert error["code"] == "invalid" and error["details"]["field"] == "created_at"
        assert error["message"]
        if code is not None:
            assert error["details"]["code"] == code
    assert record(w1.server, bad) is None and record(w1.server, good) is not None


def test_a_recorded_time_from_a_fast_clock_is_kept_with_the_centres_receive_time(w1, household):
    """A laptop whose clock runs days ahead: its visit and amendment are evidence and must
    reach the centre; the centre's receive time stands in for the impossible recorded time."""
    hid, _ = household
    vid, aid = uid(), uid()
    future = (datetime.now(UTC) + timedelta(days=2)).isoformat()
    res = w1.push(create("visit", visit_values(hid, created_at=future), vid),
                  create("visit_amendment", _amendment_values(vid, created_at=future), aid))
    assert [r["status"] for r in res] == ["applied", "applied"], res
    for row_id, result in ((vid, res[0]), (aid, res[1])):
        stamp = result["row"]["data"]["created_at"]
        assert stamp != future
        assert datetime.fromisoformat(stamp) == _received(w1.server, row_id)


def test_a_push_without_recorded_times_gets_the_centres_receive_time(w1, household):
    """An older client sends none: it keeps working, and the centre's receive time stands in
    for the recorded time in the data, as it did before."""
    hid, _ = household
    vid, aid = uid(), uid()
    res = w1.push(create("visit", visit_values(hid), vid),
                  create("visit_amendment", _amendment_values(vid), aid))
    assert [r["status"] for r in res] == ["applied", "applied"], res
    for row_id, result in ((vid, res[0]), (aid, res[1])):
        stamp = result["row"]["data"]["created_at"]
        assert datetime.fromisoformat(stamp) == _received(w1.server, row_id)
        assert record(w1.server, row_id)["data"]["created_at"] == stamp


def test_household_with_live_residents_cannot_be_deleted(server, household):
    admin = Api(server, "admin")
    hid, rid = household
    res = admin.push_one(entry("household", hid, "delete", {}, 1))
    assert res["status"] == "rejected" and res["error"]["code"] == "has_children"
    admin.push_one(entry("resident", rid, "delete", {}, 1))
    assert admin.push_one(entry("household", hid, "delete", {}, 1))["status"] == "applied"


def test_workers_cannot_delete_households(w1, household):
    hid, _ = household
    res = w1.push_one(entry("household", hid, "delete", {}, 1))
    assert res["status"] == "rejected" and res["error"]["code"] == "forbidden"


def test_parent_missing(w1):
    res = w1.push_one(create("resident", resident_values(uid())))
    assert res["status"] == "rejected" and res["error"]["code"] == "parent_missing"
    assert res["row"] is None


def test_create_repeated_identically_is_applied_without_new_version(w1):
    hid = uid()
    values = household_values(w1.grid_id(GRID1))
    first = w1.push_one(create("household", values, hid))
    again = w1.push_one(create("household", values, hid))  # new mutation id
    assert again["status"] == "applied" and again["version"] == first["version"] == 1
    other = w1.push_one(create("household", {**values, "door_number": "100号"}, hid))
    assert other["status"] == "rejected" and other["error"]["code"] == "already_exists"


def test_repeated_mutation_id_returns_stored_result_unchanged(w1, w2, household):
    _, rid = household
    e = update("resident", rid, 1, phone=("13800000000", "13400000000"))
    first = w1.push_one(e)
    w2.push_one(update("resident", rid, 2, phone=("13400000000", "13300000000")))
    again = w1.push_one(e)
    assert again == first
    assert record(w1.server, rid)["data"]["phone"] == "13300000000"
    # within one batch too
    e2 = update("resident", rid, 3, note=("", "x"))
    a, b = w1.push(e2, e2)
    assert a == b and a["version"] == 4


def test_someone_elses_mutation_id_reveals_nothing(server, w1, household):
    _, rid = household
    e = update("resident", rid, 1, phone=("13800000000", "13200000000"))
    w1.push_one(e)
    w3 = Api(server, "worker3")
    res = w3.push_one(e)
    assert res["status"] == "rejected" and res["error"]["code"] == "forbidden"
    assert res["row"] is None
    assert audit_events(server, "mutation_reuse")


def test_invalid_entries_are_rejected_individually(w1, household):
    _, rid = household
    bad = [
        update("resident", rid, 1, nonexistent=("", "x")),
        update("resident", rid, 1, phone=("13800000000", 12345)),
        update("resident", rid, 1, name=("测试人", "名" * 51)),
        create("resident", {"household_id": household[0]}),  # required fields missing
        entry("resident", rid, "delete", {"phone": {"base": None, "new": "1"}}, 1),
        update("resident", rid, 1),  # changes replaced below: not a (base, new) pair
    ]
    bad[-1]["changes"] = {"phone": "13900000000"}
    good = update("resident", rid, 1, note=("", "ok"))
    results = w1.push(*bad, good)
    assert [r["status"] for r in results[:-1]] == ["rejected"] * len(bad)
    assert {r["error"]["code"] for r in results[:-1]} == {"invalid"}
    assert results[-1]["status"] == "applied"
    assert record(w1.server, rid)["data"]["phone"] == "13800000000"


def test_worker_may_not_change_household_grid(w1, household):
    hid, _ = household
    g1, g2 = w1.grid_id(GRID1), w1.grid_id(GRID2)
    res = w1.push_one(update("household", hid, 1, grid_id=(g1, g2)))
    assert res["status"] == "rejected" and res["error"]["code"] == "forbidden"
    assert record(w1.server, hid)["grid_id"] == g1


def test_admin_reassignment_moves_the_subtree_with_gone_markers(server, w1, household):
    hid, rid = household
    vid = uid()
    w1.push_one(create("visit", visit_values(hid), vid))
    admin = Api(server, "admin")
    g1, g2 = w1.grid_id(GRID1), w1.grid_id(GRID2)
    before = {i: record(server, i)["seq"] for i in (hid, rid, vid)}
    res = admin.push_one(update("household", hid, 1, grid_id=(g1, g2)))
    assert res["status"] == "applied"
    for row_id in (hid, rid, vid):
        rec = record(server, row_id)
        assert rec["grid_id"] == g2 and rec["seq"] > before[row_id]
    from .conftest import db_rows
    gone = {r[0] for r in db_rows(server, "SELECT row_id FROM gone WHERE grid_id=?", g1)}
    assert {hid, rid, vid} <= gone
    # worker1 can no longer write it
    res = w1.push_one(update("resident", rid, 1, note=("", "x")))
    assert res["status"] == "rejected" and res["error"]["code"] == "out_of_scope"
    assert res["row"] is None
