"""Scope changes are changes: a household reassigned by the centre leaves one worker's
workspace (unless unsent work holds it there, then it is kept and flagged) and arrives in the
other's with its residents and visits. Each test has its own server (they move households)."""

from __future__ import annotations

from gridworker.storage.models import SyncFlagRow

from .conftest import GRID2


def _reassign(server, household_id, grid):
    result = server.admin("reassign-household", "--household", household_id, "--grid", grid)
    assert result.returncode == 0, result.stderr


def test_reassigned_household_leaves_my_workspace_and_arrives_in_the_other(gridcenter, make_ws):
    w1 = make_ws(gridcenter, "worker1")
    w3 = make_ws(gridcenter, "worker3")
    w1.sync()
    w3.sync()
    before1, before3 = w1.status(), w3.status()
    household = sorted(w1.households(), key=lambda h: h.id)[0]
    members = {r.id for r in w1.residents(household.id)}
    visits = {v.id for v in w1.visits_of(household.id)}  # the demo's history of this household
    w1.log_visit(household.id, summary="交接前最后一次走访")
    w1.sync()

    _reassign(gridcenter, household.id, GRID2)
    report = w1.sync()
    assert report.removed >= 1 + len(members) and report.kept == []
    assert w1.status().households == before1.households - 1
    assert all(h.id != household.id for h in w1.households())
    assert not any(hit.household_id == household.id for hit in w1.search(household.door_number))

    report = w3.sync()
    assert w3.status().households == before3.households + 1
    assert {r.id for r in w3.residents(household.id)} == members
    arrived = w3.visits_of(household.id)
    assert [v.summary for v in arrived if v.id not in visits] == ["交接前最后一次走访"]
    assert {v.id for v in arrived} > visits  # its whole history came along


def test_unsent_edits_to_a_household_that_left_my_grid_are_kept_and_flagged(
    gridcenter, make_ws
):
    w1 = make_ws(gridcenter, "worker1")
    w1.sync()
    household = sorted(w1.households(), key=lambda h: h.id)[1]
    server_phone = w1.household(household.id).household.phone
    w1.update_household(household.id, phone="010-12345678")  # offline, unsent
    _reassign(gridcenter, household.id, GRID2)

    report = w1.sync()
    (rejection,) = report.rejected
    assert rejection.code == "out_of_scope" and rejection.entity == "household"
    assert rejection.label and rejection.message  # plain words for the worker
    assert ("household", household.id, "out_of_scope") in report.kept
    kept = w1.household(household.id).household
    assert kept.phone == "010-12345678"  # my edit is still here
    status = w1.status()
    assert status.rejected == 1 and status.pending_changes == 0
    with w1.db.reading() as s:
        assert s.get(SyncFlagRow, ("household", household.id, "out_of_scope")) is not None
    assert [r.code for r in w1.rejections()] == ["out_of_scope"]

    # Reassigned back: the household returns, the flag goes.
    from .conftest import GRID1

    _reassign(gridcenter, household.id, GRID1)
    w1.sync()
    with w1.db.reading() as s:
        assert s.query(SyncFlagRow).count() == 0
    assert w1.household(household.id).household.phone == server_phone  # the server's row


def test_dismissing_the_rejection_lets_the_household_go(gridcenter, make_ws):
    w1 = make_ws(gridcenter, "worker1")
    w1.sync()
    household = sorted(w1.households(), key=lambda h: h.id)[2]
    resident = w1.residents(household.id)[0]
    w1.update_resident(resident.id, note="调走前的修改")
    _reassign(gridcenter, household.id, GRID2)
    report = w1.sync()
    assert [r.code for r in report.rejected] == ["out_of_scope"]
    assert any(k[1] == household.id for k in report.kept)
    (rejection,) = w1.rejections()
    assert rejection.label.startswith(resident.name)
    w1.dismiss_rejection(rejection.mutation_id)
    assert all(h.id != household.id for h in w1.households())
    status = w1.status()
    assert status.rejected == 0 and status.pending_changes == 0
    with w1.db.reading() as s:
        assert s.query(SyncFlagRow).count() == 0
    assert w1.sync().nothing_happened
