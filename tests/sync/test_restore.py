"""gridcenter restored from a backup: clients notice, start again, and nothing a worker wrote
is lost.

Each test runs its own gridcenter (SQLite), takes a consistent copy of its database as the
backup, lets workers sync past it, stops the server, puts the backup back and starts it
again: exactly what an operator restoring a backup does. Then:

- a cursor whose marks lie beyond the restored database's counter is ``cursor_invalid`` on
  its own (new writes reuse the numbers the lost future had used, and a clamped cursor would
  skip them);
- once new writes have passed those marks again only ``gridcenter admin new-cursor-epoch``
  tells the cursor is from another history (without it the client silently misses rows);
- the pull from the beginning that follows sweeps rows the server lost, except those this
  workspace wrote, which are queued again as creates and recreated at the next sync, photos
  included, for colleagues to pull.
"""

from __future__ import annotations

from datetime import datetime

from support.restore import backup as _backup
from support.restore import counter as _counter
from support.restore import database as _db_path
from support.restore import restore as _restore

from gridworker import cli
from gridworker.storage.models import JournalEntryRow, PhotoRow, SyncFlagRow
from gridworker.sync import removal, settings
from gridworker.sync.report import SyncReport
from tests.conftest import jpeg_bytes

from . import _conv_dump as dump
from .conftest import GRID1


def _local(ws) -> dict:
    return dump.local_rows(ws.db.path)


def _server(server, *grid_codes: str) -> dict:
    rows = dump.ServerRows(_db_path(server))
    return rows.in_scope(rows.grids[c] for c in grid_codes)


def _pending(ws) -> list[tuple[str, str, str, int]]:
    with ws.db.reading() as s:
        return [
            (e.entity, e.row_id, e.op, e.base_version)
            for e in s.query(JournalEntryRow).filter_by(state="pending").order_by(
                JournalEntryRow.seq
            )
        ]


def _flags(ws) -> set[tuple[str, str, str]]:
    with ws.db.reading() as s:
        return {(f.entity, f.row_id, f.flag) for f in s.query(SyncFlagRow)}


def _add_households(ws, n: int, prefix: str) -> list[str]:
    (grid,) = ws.grids()
    return [ws.add_household(grid.id, group_name="新组", door_number=f"{prefix}{i}号").id
            for i in range(n)]


# ----------------------------------------------------------------------------------------


def test_a_restore_is_noticed_by_a_cursor_ahead_of_it_and_new_writes_are_not_skipped(
    gridcenter, make_ws, tmp_path
):
    w1 = make_ws(gridcenter, "worker1")
    w2 = make_ws(gridcenter, "worker2")
    w1.sync()
    w2.sync()
    backup = _backup(gridcenter, tmp_path / "backup.sqlite3")
    lost = _add_households(w2, 3, "备份后")
    assert w2.sync().applied == 3
    assert w1.sync().pulled == 3  # worker1's cursor now reaches past the backup

    _restore(gridcenter, backup)
    # New writes after the restore take the numbers the lost households had.
    colleague = make_ws(gridcenter, "worker2", "colleague")
    colleague.sync()
    new = _add_households(colleague, 2, "恢复后")
    assert colleague.sync().applied == 2

    report = w1.sync()
    assert report.cursor_reset and report.requeued == 0
    assert report.swept == 3  # worker2's households: not worker1's to queue again
    local = _local(w1)
    assert all(("household", h) in local for h in new)  # with a clamped cursor: skipped
    assert not any(("household", h) in local for h in lost)
    assert dump.diff(local, _server(gridcenter, GRID1), ("local", "server")) == []
    assert w1.sync().nothing_happened


def test_after_new_cursor_epoch_a_client_past_the_counter_again_starts_over(
    gridcenter, make_ws, tmp_path
):
    w1 = make_ws(gridcenter, "worker1")
    w1.sync()
    backup = _backup(gridcenter, tmp_path / "backup.sqlite3")
    w2 = make_ws(gridcenter, "worker2")
    w2.sync()
    _add_households(w2, 2, "备份后")
    w2.sync()
    w1.sync()
    mark = _counter(gridcenter)

    _restore(gridcenter, backup)
    colleague = make_ws(gridcenter, "worker2", "colleague")
    colleague.sync()
    _add_households(colleague, 6, "恢复后")
    colleague.sync()
    assert _counter(gridcenter) > mark  # the numbers worker1 has seen are handed out again

    # Without a new epoch nothing tells worker1's cursor from a good one: it misses rows.
    report = w1.sync()
    assert not report.cursor_reset
    assert dump.diff(_local(w1), _server(gridcenter, GRID1), ("local", "server")) != []

    done = gridcenter.admin("new-cursor-epoch")
    assert done.returncode == 0, done.stderr
    assert "从头重新下载" in done.stdout
    report = w1.sync()
    assert report.cursor_reset and report.swept == 2 and report.requeued == 0
    assert dump.diff(_local(w1), _server(gridcenter, GRID1), ("local", "server")) == []
    assert colleague.sync().cursor_reset  # every cursor, not only the stale ones


def test_my_work_the_restored_centre_lost_is_queued_again_and_reaches_colleagues(
    gridcenter, make_ws, tmp_path
):
    w1 = make_ws(gridcenter, "worker1")
    w1.sync()
    backup = _backup(gridcenter, tmp_path / "backup.sqlite3")
    (grid,) = w1.grids()
    household = w1.add_household(grid.id, group_name="五组", door_number="备份后1号")
    resident = w1.add_resident(household.id, name="柳青", relation="head", sex="female")
    photo = jpeg_bytes()
    visit = w1.log_visit(household.id, summary="新户首次走访", photos=[photo])
    sha = visit.photos[0].sha256
    assert w1.sync().applied == 4  # the head resident also updates its household
    w1.sync()  # the visit, rewritten once its photo arrived
    mine = {("household", household.id), ("resident", resident.id), ("visit", visit.id)}
    assert mine <= set(_server(gridcenter, GRID1))
    # A colleague's household after the backup, also lost: swept here, as before.
    w2 = make_ws(gridcenter, "worker2")
    w2.sync()
    (theirs,) = _add_households(w2, 1, "同事")
    w2.sync()
    w1.sync()

    _restore(gridcenter, backup)
    assert gridcenter.admin("new-cursor-epoch").returncode == 0
    report = w1.sync()
    assert report.cursor_reset and report.requeued == 3
    assert report.swept == 1 and report.kept == []
    assert not report.nothing_happened and report.as_dict()["requeued"] == 3
    assert any("重新排队" in line for line in cli._report_lines(w1, report))
    # Kept, queued again parents first, as creates from version 0, flagged until back.
    assert _pending(w1) == [
        ("household", household.id, "create", 0),
        ("resident", resident.id, "create", 0),
        ("visit", visit.id, "create", 0),
    ]
    assert report.pending == 3
    assert w1.household(household.id).household.door_number == "备份后1号"
    assert ("household", theirs) not in _local(w1)
    assert {(e, r) for e, r, _ in _flags(w1)} == mine
    with w1.db.reading() as s:
        assert s.get(PhotoRow, sha).uploaded is False  # asked about again
        create = s.query(JournalEntryRow).filter_by(row_id=visit.id, state="pending").one()
    assert create.changes["photos"] == {"base": None, "new": [sha]}
    assert create.changes["summary"]["new"] == "新户首次走访"
    # Evidence: the visit goes back with the time it was logged, not the time it was queued.
    assert datetime.fromisoformat(create.changes["created_at"]["new"]).astimezone().replace(
        tzinfo=None) == visit.created_at

    report = w1.sync()
    assert report.pushed == 3 and report.applied == 3 and report.rejected == []
    assert report.uploaded == 1
    w1.sync()  # the visit, rewritten once its photo arrived
    assert _flags(w1) == set() and _pending(w1) == []
    server = _server(gridcenter, GRID1)
    assert mine <= set(server)
    assert dump.diff(_local(w1), server, ("local", "server")) == []
    assert dump.ServerRows(_db_path(gridcenter)).blobs[sha] is True
    assert w1.sync().nothing_happened

    # A colleague pulls them, photo and all.
    colleague = make_ws(gridcenter, "worker2", "colleague")
    colleague.sync()
    assert mine <= set(_local(colleague))
    assert colleague.visit(visit.id).created_at == visit.created_at
    assert colleague.download_photo(sha, "full").read_bytes() == w1.photo_path(sha).read_bytes()


def test_a_queued_again_row_the_server_refuses_follows_the_rejection_flow(
    gridcenter, make_ws
):
    """The grid left worker3's scope while its cursor was lost (no gone markers then): the
    households it wrote there are queued again, refused ``out_of_scope``, kept until the
    worker dismisses the rejections, then gone like the rest of that grid."""
    assert gridcenter.admin("assign", "--username", "worker3", "--grid", GRID1).returncode == 0
    w3 = make_ws(gridcenter, "worker3")
    w3.sync()
    grid1 = next(g for g in w3.grids() if g.code == GRID1)
    written = w3.add_household(grid1.id, group_name="六组", door_number="调出1号")
    assert w3.sync().applied == 1

    assert gridcenter.admin("unassign", "--username", "worker3", "--grid", GRID1).returncode == 0
    with w3.db.transaction() as s:  # a cursor the server no longer accepts
        settings.put_setting(s, settings.KEY_CURSOR, "not.valid")
    report = w3.sync()
    assert report.cursor_reset and report.requeued == 1
    assert ("grid", grid1.id, removal.OUT_OF_SCOPE) in report.kept  # held by the queued row
    assert _pending(w3) == [("household", written.id, "create", 0)]

    report = w3.sync()
    assert [r.code for r in report.rejected] == ["out_of_scope"]
    assert w3.household(written.id).household.door_number == "调出1号"  # kept meanwhile
    (rejection,) = w3.rejections()
    w3.dismiss_rejection(rejection.mutation_id)
    assert _flags(w3) == set()
    assert [g.code for g in w3.grids()] != [] and GRID1 not in {g.code for g in w3.grids()}
    assert ("household", written.id) not in _local(w3)
    assert w3.sync().nothing_happened


# -- edits the restored centre holds in an older version ---------------------------------


def _journal(ws, row_id: str, state: str = "pending") -> list[JournalEntryRow]:
    with ws.db.reading() as s:
        return list(
            s.query(JournalEntryRow).filter_by(row_id=row_id, state=state).order_by(
                JournalEntryRow.seq
            )
        )


def _version(server, entity: str, row_id: str) -> int:
    return dump.ServerRows(_db_path(server)).rows[(entity, row_id)][0]


def _pull_only(ws) -> SyncReport:
    """A pull without the push before it (edits made while a sync runs reach it unsent)."""
    report = SyncReport(started_at=datetime.now())
    ws.sync_service.engine().pull(report)
    return report


def _household_and_resident(ws):
    household = next(h for h in sorted(ws.households(), key=lambda h: h.id)
                     if len(ws.residents(h.id)) >= 2)
    head = ws.household(household.id).household.head_resident_id
    resident = next(r for r in ws.residents(household.id) if r.id != head)
    return ws.household(household.id).household, resident


def test_my_sent_edits_to_rows_the_restored_centre_holds_older_are_sent_again(
    gridcenter, make_ws, tmp_path
):
    w1 = make_ws(gridcenter, "worker1")
    w2 = make_ws(gridcenter, "worker2")
    w1.sync()
    w2.sync()
    household, resident = _household_and_resident(w1)
    old_phone, old_note = household.phone, resident.note
    backup = _backup(gridcenter, tmp_path / "backup.sqlite3")
    w1.update_household(household.id, phone="13912345678")
    w1.update_resident(resident.id, note="备份之后写的备注")
    assert w1.sync().applied == 2
    edited = dump.local_rows(w1.db.path)
    assert edited[("household", household.id)][0] == household.version + 1

    _restore(gridcenter, backup)
    assert gridcenter.admin("new-cursor-epoch").returncode == 0
    report = w1.sync()
    # Queued again as updates on the versions the centre has now, with its values as base.
    h_entry, r_entry = _pending_entries(w1)
    assert (h_entry.entity, h_entry.row_id, h_entry.op, h_entry.base_version) == (
        "household", household.id, "update", household.version)
    assert h_entry.changes == {"phone": {"base": old_phone, "new": "13912345678"}}
    assert h_entry.actor == "worker1"
    assert (r_entry.entity, r_entry.row_id, r_entry.op, r_entry.base_version) == (
        "resident", resident.id, "update", resident.version)
    assert r_entry.changes == {"note": {"base": old_note, "new": "备份之后写的备注"}}
    # The local rows keep what the worker typed, on the centre's versions.
    assert w1.household(household.id).household.phone == "13912345678"
    assert w1.resident(resident.id).note == "备份之后写的备注"
    local = _local(w1)
    assert local[("household", household.id)][0] == household.version
    assert local[("resident", resident.id)][0] == resident.version
    assert report.cursor_reset and report.resent == 2
    assert report.requeued == 0 and report.swept == 0 and report.pending == 2
    assert report.as_dict()["resent"] == 2 and not report.nothing_happened
    assert any("2 条记录缺少本机上传过的修改" in line and "重新排队" in line
               for line in cli._report_lines(w1, report))
    assert _flags(w1) == set()

    report = w1.sync()
    assert report.pushed == 2 and report.applied == 2 and report.conflicts == []
    assert _pending(w1) == []
    server = _server(gridcenter, GRID1)
    assert server[("household", household.id)][1]["phone"] == "13912345678"
    assert server[("resident", resident.id)][1]["note"] == "备份之后写的备注"
    assert dump.diff(_local(w1), server, ("local", "server")) == []  # versions too
    assert w1.sync().nothing_happened

    # A colleague who never saw the edits before the restore pulls them now.
    report = w2.sync()
    assert report.cursor_reset and report.resent == 0 and _pending(w2) == []
    assert w2.household(household.id).household.phone == "13912345678"
    assert w2.resident(resident.id).note == "备份之后写的备注"
    assert dump.diff(_local(w2), server, ("local", "server")) == []


def _pending_entries(ws) -> list[JournalEntryRow]:
    with ws.db.reading() as s:
        return list(
            s.query(JournalEntryRow).filter_by(state="pending").order_by(JournalEntryRow.seq)
        )


def test_unsent_edits_at_the_restore_pull_move_onto_the_centres_version(
    gridcenter, make_ws, tmp_path
):
    """The pull that finds the reset holds unsent edits of rows whose sent edits the centre
    lost: they are based on the centre's version and values now, so they apply cleanly
    (pushed as they were, the phone's base would be a value the centre never had: a
    conflict with the worker's own lost edit), and the lost edits of other fields follow."""
    w1 = make_ws(gridcenter, "worker1")
    w1.sync()
    household, resident = _household_and_resident(w1)
    old_phone, old_address = household.phone, household.address_detail
    backup = _backup(gridcenter, tmp_path / "backup.sqlite3")
    w1.update_household(household.id, phone="13900000001", address_detail="备份后改的地址")
    w1.update_resident(resident.id, note="删除之前改过")
    assert w1.sync().applied == 2
    assert _version(gridcenter, "household", household.id) == household.version + 1

    _restore(gridcenter, backup)
    assert gridcenter.admin("new-cursor-epoch").returncode == 0
    # Made after the lost edit, not yet sent when the pull finds the reset.
    w1.update_household(household.id, phone="13900000002")
    w1.delete_resident(resident.id, "录入错误")
    report = _pull_only(w1)

    unsent, deletion, again = _pending_entries(w1)
    assert (unsent.row_id, unsent.op, unsent.base_version) == (
        household.id, "update", household.version)
    # Its base value: the centre's (the worker's own lost value was "13900000001").
    assert unsent.changes == {"phone": {"base": old_phone, "new": "13900000002"}}
    # Its base: the centre's version (it was the lost one, resident.version + 1).
    assert (deletion.row_id, deletion.op, deletion.base_version) == (
        resident.id, "delete", resident.version)
    # The lost edit, less the field the unsent edit carries.
    assert (again.row_id, again.op, again.base_version) == (
        household.id, "update", household.version)
    assert again.changes == {
        "address_detail": {"base": old_address, "new": "备份后改的地址"}
    }
    assert report.cursor_reset and report.resent == 1
    shown = w1.household(household.id).household
    assert (shown.phone, shown.address_detail) == ("13900000002", "备份后改的地址")
    assert shown.version == household.version
    assert resident.id not in {r.id for r in w1.residents(household.id)}

    report = w1.sync()
    assert report.pushed == 3 and report.applied == 3 and report.conflicts == []
    assert report.rejected == []
    server = _server(gridcenter, GRID1)
    got = server[("household", household.id)]
    assert (got[1]["phone"], got[1]["address_detail"]) == ("13900000002", "备份后改的地址")
    assert ("resident", resident.id) not in server
    assert dump.diff(_local(w1), server, ("local", "server")) == []
    assert w1.sync().nothing_happened


def test_a_colleagues_edit_i_pulled_before_the_restore_is_sent_again_under_my_account(
    gridcenter, make_ws, tmp_path
):
    """worker2 edited, worker1 pulled it, the centre lost it and worker2 does not sync:
    worker1 holds the only copy and sends it (as worker1: the centre records the pusher)."""
    w1 = make_ws(gridcenter, "worker1")
    w1.sync()
    household, _ = _household_and_resident(w1)
    unchanged = _households_except(w1, household.id)
    backup = _backup(gridcenter, tmp_path / "backup.sqlite3")
    w2 = make_ws(gridcenter, "worker2")
    w2.sync()
    w2.update_household(household.id, group_name="同事改的组")
    assert w2.sync().applied == 1
    assert w1.sync().pulled == 1
    assert w1.household(household.id).household.group_name == "同事改的组"
    assert not _journal(w1, household.id, "sent")  # never mine

    _restore(gridcenter, backup)
    assert gridcenter.admin("new-cursor-epoch").returncode == 0
    report = w1.sync()
    (entry,) = _pending_entries(w1)
    assert (entry.row_id, entry.op, entry.base_version, entry.actor) == (
        household.id, "update", household.version, "worker1")
    assert entry.changes == {
        "group_name": {"base": household.group_name, "new": "同事改的组"}
    }
    assert report.resent == 1 and report.requeued == 0
    # Rows the centre holds as I do stay as they were (no entry, same version).
    local = _local(w1)
    assert all(local[("household", h.id)][0] == h.version for h in unchanged)

    report = w1.sync()
    assert report.applied == 1 and report.conflicts == []
    server = _server(gridcenter, GRID1)
    assert server[("household", household.id)][1]["group_name"] == "同事改的组"
    assert dump.diff(_local(w1), server, ("local", "server")) == []
    # worker2 comes back: same value, same version; nothing to send.
    report = w2.sync()
    assert report.cursor_reset and report.resent == 0 and _pending(w2) == []
    assert dump.diff(_local(w2), server, ("local", "server")) == []


def _households_except(ws, household_id: str):
    return [ws.household(h.id).household for h in ws.households() if h.id != household_id]


def test_a_photo_the_restored_centre_lacks_is_uploaded_again_for_a_visit_it_kept(
    gridcenter, make_ws, tmp_path
):
    """The visit reached the centre before its backup, its photo after (photos follow their
    visit): after the restore the client asks again which photos the centre has and sends
    the one it lacks; the ones it has are not sent again."""
    import sqlite3

    w1 = make_ws(gridcenter, "worker1")
    w1.sync()
    households = sorted(h.id for h in w1.households())
    kept_photo = jpeg_bytes()
    w1.log_visit(households[0], summary="照片都在", photos=[kept_photo])
    late_photo = jpeg_bytes(color=(20, 60, 150))
    visit = w1.log_visit(households[1], summary="照片在备份之后才上传", photos=[late_photo])
    sha = visit.photos[0].sha256
    w1.sync()
    w1.sync()  # the visits, rewritten once their photos arrived
    assert dump.ServerRows(_db_path(gridcenter)).blobs[sha] is True
    copy = _backup(gridcenter, tmp_path / "backup.sqlite3")
    conn = sqlite3.connect(copy)  # as if taken between the visit's push and its photo
    conn.execute("DELETE FROM blobs WHERE sha256 = ?", (sha,))
    conn.commit()
    conn.close()

    _restore(gridcenter, copy)
    assert gridcenter.admin("new-cursor-epoch").returncode == 0
    report = w1.sync()
    assert report.cursor_reset and report.requeued == 0
    assert report.uploaded == 1  # only the missing one; the other was found present
    assert dump.ServerRows(_db_path(gridcenter)).blobs[sha] is True
    with w1.db.reading() as s:
        assert all(p.uploaded for p in s.query(PhotoRow))
    colleague = make_ws(gridcenter, "worker2", "colleague")
    colleague.sync()
    assert colleague.download_photo(sha, "full").read_bytes() == w1.photo_path(sha).read_bytes()
