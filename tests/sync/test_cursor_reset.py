"""``cursor_invalid`` and the sweep: after a pull from the beginning, local rows it never
mentioned (the server removed them, or they left my scope, without a tombstone reaching me)
are removed as a ``gone`` marker would remove them, unless unsent work holds them.

The server is driven into the situation directly: gridcenter answers ``cursor_invalid`` for
a cursor that fails its signature check (it does not notice a restored backup by itself), so
each test tampers the workspace's cursor and removes or moves rows in gridcenter's database
without leaving a tombstone or ``gone`` marker, as a backup restored from before their
creation (or a compacted change log) would. Each test has its own server.
"""

from __future__ import annotations

import sqlite3
import threading
from datetime import datetime

import pytest

from gridworker.storage.models import JournalEntryRow, PhotoRow, SyncFlagRow
from gridworker.sync import apply, removal, settings, sweep
from gridworker.sync.errors import Cancelled
from gridworker.sync.report import SyncReport
from tests.conftest import jpeg_bytes

from . import _conv_dump as dump
from .conftest import GRID1, GRID2


class Stop(threading.Event):
    """A cancel token that the progress callback sets once the first pull page is written."""

    def progress(self, phase: str, done: int, total: int | None) -> None:
        if phase == "pull":
            self.set()


def _server_db(server) -> sqlite3.Connection:
    return sqlite3.connect(server.data_dir / "gridcenter.sqlite3", timeout=30)


def _grid_id(server, code: str) -> str:
    with _server_db(server) as db:
        return db.execute("SELECT id FROM grids WHERE code = ?", (code,)).fetchone()[0]


def _subtree(db: sqlite3.Connection, row_id: str) -> list[str]:
    """The server row and everything under it (residents, visits, amendments)."""
    out, todo = [], [row_id]
    while todo:
        current = todo.pop()
        out.append(current)
        todo += [r[0] for r in db.execute("SELECT id FROM records WHERE parent_id = ?", (current,))]
    return out


def _vanish(server, *row_ids: str) -> list[str]:
    """Remove rows (with everything under them) from gridcenter's database, leaving no
    tombstone and no gone marker. Returns the ids removed."""
    with _server_db(server) as db:
        ids = [i for r in row_ids for i in _subtree(db, r)]
        db.executemany("DELETE FROM records WHERE id = ?", [(i,) for i in ids])
        db.executemany("DELETE FROM gone WHERE row_id = ?", [(i,) for i in ids])
    return ids


def _move_silently(server, household_id: str, grid_code: str) -> list[str]:
    """Put a household (and everything under it) in another grid without a gone marker in
    the old one, keeping its seq: no pull of the old grid ever mentions it again."""
    grid = _grid_id(server, grid_code)
    with _server_db(server) as db:
        ids = _subtree(db, household_id)
        db.executemany("UPDATE records SET grid_id = ? WHERE id = ?", [(grid, i) for i in ids])
    return ids


def _lose_cursor(ws) -> None:
    """The stored cursor no longer passes the server's check (as one from a server restored
    from a backup, or another server, would not): the next pull is answered cursor_invalid."""
    with ws.db.transaction() as s:
        cursor = settings.get_setting(s, settings.KEY_CURSOR)
        assert cursor
        body, sig = cursor.split(".")
        settings.put_setting(s, settings.KEY_CURSOR, f"{body}.{sig[::-1]}")


def _local(ws) -> dict:
    return dump.local_rows(ws.db.path)


def _server(server, *grid_codes: str) -> dict:
    rows = dump.ServerRows(server.data_dir / "gridcenter.sqlite3")
    return rows.in_scope(rows.grids[c] for c in grid_codes)


def _sweep_state(ws) -> tuple[object, int]:
    with ws.db.reading() as s:
        key = settings.get_setting(s, sweep.KEY_SWEEP)
        (seen,) = s.connection().exec_driver_sql("SELECT count(*) FROM sweep_seen").one()
    return key, seen


def _flags(ws) -> set[tuple[str, str, str]]:
    with ws.db.reading() as s:
        return {(f.entity, f.row_id, f.flag) for f in s.query(SyncFlagRow)}


def _households(ws):
    return sorted(ws.households(), key=lambda h: h.id)


def _non_head_resident(ws, household_id: str):
    head = ws.household(household_id).household.head_resident_id
    return next(r for r in ws.residents(household_id) if r.id != head)


def _with_members(ws, skip: int = 0):
    """Households with at least two residents, in id order, from the ``skip``-th on."""
    return [h for h in _households(ws) if len(ws.residents(h.id)) >= 2][skip:]


# ----------------------------------------------------------------------------------------


def test_rows_the_server_removed_without_a_tombstone_are_swept(gridcenter, make_ws):
    w1 = make_ws(gridcenter, "worker1")
    w1.sync()
    moved, other, visited = _with_members(w1)[:3]
    resident = _non_head_resident(w1, other.id)
    # A colleague's visit: rows worker1 wrote itself are queued again instead (test_restore).
    w2 = make_ws(gridcenter, "worker2")
    w2.sync()
    visit = w2.log_visit(visited.id, summary="回头核实", photos=[jpeg_bytes()])
    sha = visit.photos[0].sha256
    w2.amend_visit(visit.id, reason="补充", summary="回头核实：已解决")
    assert w2.sync().applied == 2
    w2.sync()  # the visit, rewritten once its photo arrived
    w1.sync()
    before = _local(w1)

    ghosts = _move_silently(gridcenter, moved.id, GRID2)
    ghosts += _vanish(gridcenter, resident.id, visit.id)
    assert len(ghosts) >= 1 + 2 + 1 + 2  # household + its members, resident, visit + amendment
    assert all(any(k[1] == g for k in before) for g in ghosts)
    _lose_cursor(w1)

    report = w1.sync()
    assert report.cursor_reset and report.kept == [] and report.requeued == 0
    assert report.swept == len(ghosts) and report.removed >= report.swept
    assert report.as_dict()["swept"] == report.swept and not report.nothing_happened
    after = _local(w1)
    assert not any(k[1] in ghosts for k in after)
    assert dump.diff(after, _server(gridcenter, GRID1), ("local", "server")) == []
    assert all(h.id != moved.id for h in w1.households())
    assert resident.id not in {r.id for r in w1.residents(other.id)}
    assert [v.id for v in w1.visits_of(visited.id) if v.id == visit.id] == []
    with w1.db.reading() as s:
        assert s.get(PhotoRow, sha) is None  # no visit shows it any more
    assert not any(hit.household_id == moved.id for hit in w1.search(moved.door_number))
    assert w1.search_index_ready()
    assert _sweep_state(w1) == (None, 0) and _flags(w1) == set()
    assert w1.sync().nothing_happened

    # A fresh workspace of the same worker holds exactly the same rows.
    fresh = make_ws(gridcenter, "worker1", "fresh")
    fresh.sync()
    assert dump.diff(_local(w1), _local(fresh), ("swept", "fresh")) == []


def test_a_grid_unassigned_while_the_cursor_was_lost_goes_with_everything_in_it(
    gridcenter, make_ws
):
    """The end of an assignment reaches a client as gone markers computed from its cursor's
    grids; with the cursor lost there are none. The sweep removes the grid and its rows."""
    assert gridcenter.admin("assign", "--username", "worker3", "--grid", GRID1).returncode == 0
    w3 = make_ws(gridcenter, "worker3")
    w3.sync()
    assert {g.code for g in w3.grids()} == {GRID1, GRID2}
    grid1 = _server(gridcenter, GRID1)
    in_grid1 = {k for k in _local(w3) if k in grid1}
    assert in_grid1

    assert gridcenter.admin("unassign", "--username", "worker3", "--grid", GRID1).returncode == 0
    _lose_cursor(w3)
    report = w3.sync()
    assert report.cursor_reset and report.swept == len(in_grid1) + 1  # + the grid row
    assert [g.code for g in w3.grids()] == [GRID2]
    assert dump.diff(_local(w3), _server(gridcenter, GRID2), ("local", "server")) == []
    assert _sweep_state(w3) == (None, 0)


def test_unsent_work_holds_a_swept_row_and_unsent_creates_are_never_swept(gridcenter, make_ws):
    w1 = make_ws(gridcenter, "worker1")
    w1.sync()
    edited_in, lost = _with_members(w1)[3:5]
    resident = _non_head_resident(w1, edited_in.id)
    w1.update_resident(resident.id, note="未发送的修改")
    visit = w1.log_visit(lost.id, summary="这户在平台上已经没有了")  # a new child, unsent
    (grid,) = w1.grids()
    created = w1.add_household(grid.id, group_name="新组", door_number="新1号")
    member = w1.add_resident(created.id, name="新居民", relation="head", sex="female")
    lost_members = {r.id for r in w1.residents(lost.id)}

    vanished = _vanish(gridcenter, resident.id, lost.id)
    _lose_cursor(w1)
    # Pull only (no push first), so the edit and the creates are pending while it sweeps.
    eng = w1.sync_service.engine()
    report = SyncReport(started_at=datetime.now())
    eng.pull(report)

    assert report.cursor_reset
    assert sorted(report.kept) == sorted(
        [
            ("resident", resident.id, removal.OUT_OF_SCOPE),
            ("household", lost.id, removal.OUT_OF_SCOPE),
        ]
    )
    assert w1.resident(resident.id).note == "未发送的修改"  # kept with my edit on it
    assert w1.household(lost.id).household.id == lost.id  # held by the unsent visit
    assert [v.id for v in w1.visits_of(lost.id)] == [visit.id]
    # Its other residents had no unsent work: they went, as with a gone marker for each.
    assert lost_members and not lost_members & {r.id for r in w1.residents(lost.id)}
    # All that vanished went but the edited resident and the household (and the new visit,
    # which the server never had).
    assert report.swept == len(vanished) - 2 and report.removed == report.swept
    assert _flags(w1) == {
        ("resident", resident.id, "out_of_scope"),
        ("household", lost.id, "out_of_scope"),
    }
    # The unsent creates are untouched, unflagged and still pending.
    assert w1.household(created.id).household.door_number == "新1号"
    assert [r.id for r in w1.residents(created.id)] == [member.id]
    with w1.db.reading() as s:
        states = {e.row_id: e.state for e in s.query(JournalEntryRow)}
    assert states[created.id] == states[member.id] == states[visit.id] == "pending"
    assert states[resident.id] == "pending"
    assert _sweep_state(w1) == (None, 0)

    # The next sync: the creates reach the server; the edit and the visit are refused (the
    # rows are not there) and stay until the worker dismisses them, then the rows go.
    report = w1.sync()
    assert sorted(r.code for r in report.rejected) == ["not_found", "parent_missing"]
    assert w1.resident(resident.id).note == "未发送的修改"
    for rejection in w1.rejections():
        w1.dismiss_rejection(rejection.mutation_id)
    assert _flags(w1) == set()
    assert resident.id not in {r.id for r in w1.residents(edited_in.id)}
    assert all(h.id != lost.id for h in w1.households())
    assert dump.diff(_local(w1), _server(gridcenter, GRID1), ("local", "server")) == []
    assert w1.household(created.id).household.door_number == "新1号"


def test_a_reset_pull_interrupted_twice_still_sweeps_when_it_ends(gridcenter, make_ws, monkeypatch):
    w1 = make_ws(gridcenter, "worker1", engine={"pull_limit": 40})
    w1.sync()
    moved, other = _with_members(w1, 6)[:2]
    resident = _non_head_resident(w1, other.id)
    ghosts = _move_silently(gridcenter, moved.id, GRID2) + _vanish(gridcenter, resident.id)
    _lose_cursor(w1)

    # 1. Cancelled once the first page of the pull from the beginning is written.
    stop = Stop()
    with pytest.raises(Cancelled) as caught:
        w1.sync(progress=stop.progress, cancel=stop)
    assert caught.value.report.cursor_reset and caught.value.report.pages == 1
    key, seen_first = _sweep_state(w1)
    assert key and seen_first > 0
    local = _local(w1)
    assert all(any(k[1] == g for k in local) for g in ghosts)  # not swept yet

    # 2. Resumed from the saved cursor; a page fails half way through its transaction (a
    # crash would do the same): that page, its records and its cursor are not kept.
    real = apply.apply_rows
    calls = []

    def failing(*args, **kwargs):
        calls.append(1)
        stats = real(*args, **kwargs)
        if len(calls) == 3:
            raise RuntimeError("disk went away")
        return stats

    with w1.db.reading() as s:
        cursor_before = settings.get_setting(s, settings.KEY_CURSOR)
    monkeypatch.setattr(apply, "apply_rows", failing)
    with pytest.raises(RuntimeError):
        w1.sync()
    monkeypatch.setattr(apply, "apply_rows", real)
    key_again, seen_second = _sweep_state(w1)
    assert key_again == key and seen_first < seen_second
    with w1.db.reading() as s:
        assert settings.get_setting(s, settings.KEY_CURSOR) != cursor_before
    assert all(any(k[1] == g for k in _local(w1)) for g in ghosts)

    # Meanwhile another worker adds a household: it arrives on a later page and stays.
    w2 = make_ws(gridcenter, "worker2")
    w2.sync()
    (grid,) = w2.grids()
    added = w2.add_household(grid.id, group_name="三组", door_number="断点续传1号")
    w2.sync()

    # 3. The pull ends: what it never mentioned goes, what it saw before the breaks stays.
    report = w1.sync()
    assert not report.cursor_reset  # the same pull from the beginning, resumed
    assert report.swept == len(ghosts)
    after = _local(w1)
    assert not any(k[1] in ghosts for k in after)
    assert ("household", added.id) in after
    assert dump.diff(after, _server(gridcenter, GRID1), ("local", "server")) == []
    assert _sweep_state(w1) == (None, 0)
    assert w1.sync().nothing_happened


def test_a_second_cursor_invalid_during_an_unfinished_reset_starts_the_record_over(
    gridcenter, make_ws
):
    """Rows seen before the second reset may have gone since: the pull that follows must
    mention them again, or they are swept."""
    w1 = make_ws(gridcenter, "worker1", engine={"pull_limit": 40})
    w1.sync()
    _lose_cursor(w1)
    stop = Stop()
    with pytest.raises(Cancelled):
        w1.sync(progress=stop.progress, cancel=stop)
    with w1.db.reading() as s:
        seen = [
            r[0]
            for r in s.connection().exec_driver_sql(
                "SELECT s.row_id FROM sweep_seen s JOIN residents r ON r.id = s.row_id "
                "WHERE s.entity = 'resident' AND NOT EXISTS (SELECT 1 FROM households h "
                "WHERE h.head_resident_id = r.id) ORDER BY s.row_id"
            )
        ]
    assert seen  # residents the first page mentioned (not heads of their household)
    ghosts = _vanish(gridcenter, seen[0])
    _lose_cursor(w1)

    report = w1.sync()
    assert report.cursor_reset and report.swept == len(ghosts)
    assert not any(k[1] in ghosts for k in _local(w1))
    assert dump.diff(_local(w1), _server(gridcenter, GRID1), ("local", "server")) == []
