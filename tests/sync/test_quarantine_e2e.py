"""No row stops a sync (issue 11 item 3), against a real gridcenter whose database the test
spoils directly: good rows apply, the cursor advances, the rows the client cannot read are
quarantined with their reasons and counted; a fixed later version, or a deletion, clears
them; an unknown vocabulary code is no reason to quarantine anything."""

from __future__ import annotations

import json

from support.centre_rows import centre_rows
from support.server import GRID1

from gridworker.cli import _report_lines, main


def _held(ws) -> dict[str, tuple[str, str, str]]:
    return {q.row_id: (q.entity, q.reason_code, q.technical) for q in ws.quarantined_rows()}


def _status_json(ws, capsys) -> dict:
    capsys.readouterr()
    assert main(["--data-dir", str(ws.data_dir), "status", "--json"]) == 0
    return json.loads(capsys.readouterr().out)


def test_unreadable_rows_are_quarantined_the_rest_applies_and_fixes_clear_them(
    gridcenter, make_ws, capsys, caplog
):
    with centre_rows(gridcenter) as centre:
        households = centre.rows("household", GRID1)
        residents = centre.rows("resident", GRID1)
        visits = centre.rows("visit", GRID1)
        amendments = centre.rows("visit_amendment", GRID1)
        spoilt_home = households[0]  # latitude "x"; what hangs off it waits for it
        others = [r for r in residents if r.parent_id != spoilt_home.id]
        bad_birth, not_object = others[0], others[1]
        bad_visit = next(v for v in visits if v.parent_id != spoilt_home.id)
        centre.write(spoilt_home.id, spoilt_home.data | {"latitude": "x"})
        centre.write(bad_birth.id, bad_birth.data | {"birth_date": "not-a-date"})
        centre.write(bad_visit.id, bad_visit.data | {"findings": {"kind": "safety"}})
        centre.write(not_object.id, text='"just text"')
        long_id = "r" * 40
        centre.insert(long_id, "resident", GRID1, json.dumps(others[2].data),
                      parent_id=others[2].parent_id)
        # A code this client does not know (a newer centre's): stored and shown, not held.
        unknown_code = others[3]
        centre.write(unknown_code.id, unknown_code.data | {"relation": "future_relation"})
    children = {r.id for r in residents if r.parent_id == spoilt_home.id}
    home_visits = {v.id for v in visits if v.parent_id == spoilt_home.id}
    children |= home_visits
    children |= {a.id for a in amendments if a.parent_id in home_visits}

    ws = make_ws(gridcenter, "worker1")
    report = ws.sync()  # no exception: no row stops the sync
    assert report.quarantined == 4 + 1 + len(children)
    said = "\n".join(_report_lines(ws, report))  # what `gridworker sync` prints
    assert f"有 {report.quarantined} 条来自中心的记录无法读取" in said

    held = _held(ws)
    assert held[spoilt_home.id][:2] == ("household", "bad_value")
    assert "household.latitude" in held[spoilt_home.id][2]
    assert held[bad_birth.id][:2] == ("resident", "bad_value")
    assert "birth_date" in held[bad_birth.id][2]
    assert held[bad_visit.id][:2] == ("visit", "bad_value")
    assert "findings" in held[bad_visit.id][2]
    assert held[not_object.id][:2] == ("resident", "not_an_object")
    (bad_id,) = [k for k, v in held.items() if v[1] == "bad_id"]
    assert bad_id.startswith("#") and held[bad_id][0] == "resident"
    assert {k for k, v in held.items() if v[1] == "parent_quarantined"} == children
    for _entity, _code, technical in held.values():
        assert "not-a-date" not in technical and "just text" not in technical

    # The good rows are here; the unreadable ones are not.
    local_homes = {h.id for h in ws.households()}
    assert len(local_homes) == len(households) - 1 and spoilt_home.id not in local_homes
    assert ws.resident(unknown_code.id).relation.value == "future_relation"
    with ws.db.reading() as s:
        ids = {r for (r,) in s.connection().exec_driver_sql("SELECT id FROM residents")}
    assert bad_birth.id not in ids and not_object.id not in ids and others[4].id in ids

    # The support log names entity, id and reason code, never the values.
    logged = [r.getMessage() for r in caplog.records if "quarantined pulled row" in r.getMessage()]
    assert any(bad_birth.id in m and "bad_value" in m for m in logged)
    assert not any("not-a-date" in m or "just text" in m for m in logged)

    # The cursor moved past them: the next sync pulls nothing and keeps them.
    again = ws.sync()
    assert again.pulled == 0 and again.quarantined == 0
    status = _status_json(ws, capsys)
    assert status["quarantined"] == len(held)

    # The centre fixes three of them and deletes one: each is applied or gone, the entry too.
    with centre_rows(gridcenter) as centre:
        centre.write(spoilt_home.id, spoilt_home.data | {"latitude": 39.9})
        centre.write(bad_birth.id, bad_birth.data | {"birth_date": "1960-05-01"})
        centre.write(bad_visit.id, bad_visit.data)
        centre.write(not_object.id, not_object.data, deleted=True)
    fixed = ws.sync()
    assert fixed.quarantined == 0
    assert set(_held(ws)) == {bad_id}  # its id cannot name a row: only a later fix of it can
    assert _status_json(ws, capsys)["quarantined"] == 1
    home = ws.household(spoilt_home.id)
    assert home.household.latitude == 39.9
    # What waited for the household came with it, from the rows kept.
    assert {r.id for r in home.residents} >= {r for r in children if r in
                                              {x.id for x in residents}}
    assert {v.id for v in ws.visits_of(spoilt_home.id)} == home_visits
    assert str(ws.resident(bad_birth.id).birth_date) == "1960-05-01"
    assert bad_visit.id in {v.id for v in ws.visits_of(bad_visit.parent_id)}
    with ws.db.reading() as s:
        ids = {r for (r,) in s.connection().exec_driver_sql("SELECT id FROM residents")}
    assert not_object.id not in ids
