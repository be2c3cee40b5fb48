"""Writing pulled server rows locally: bulk path, rebase under pending changes, removals.

Push answers: test_push_results.py; unreadable rows: test_quarantine*.py.

No server here: rows are built as gridcenter sends them and go through the same checks.
"""

from __future__ import annotations

from datetime import datetime

import pytest
from sqlalchemy import select

from gridworker.storage.journal import REJECTED, pending_entries
from gridworker.storage.models import (
    HouseholdRow,
    JournalEntryRow,
    PhotoRow,
    SyncFlagRow,
    VisitPhotoRow,
    VisitRow,
)
from gridworker.sync import apply

from . import rows

NOW = datetime(2026, 11, 22, 10, 0)
SHA = "ab" * 32


def _apply(ws, server_rows):
    with ws.db.transaction() as s:
        return apply.apply_rows(s, server_rows, now=NOW)


def _names(ws, text):
    return [h.name for h in ws.search(text)]


def test_a_pulled_visit_and_amendment_keep_their_recorded_time_or_else_the_pull_time(ws):
    """The recorded time travels in the data (``created_at``, aware) and reads as local wall
    time; a row from an older centre without it gets the time it arrived, as before."""
    g = rows.grid()
    h = rows.household(g.id)
    typed = rows.visit(h.id, created_at="2026-11-16T01:05:00+00:00")
    amended = rows.amendment(typed.id, created_at="2026-11-16T07:40:00+00:00")
    old = rows.visit(h.id, started_at="2026-11-19T09:00:00+08:00")
    old_amendment = rows.amendment(old.id)
    _apply(ws, [g, h, typed, amended, old, old_amendment])
    local = {v.id: v for v in ws.visits_of(h.id)}

    def wall(text):
        return datetime.fromisoformat(text).astimezone().replace(tzinfo=None)

    assert local[typed.id].created_at == wall("2026-11-16T01:05:00+00:00")
    (step,) = local[typed.id].amendments
    assert step.created_at == wall("2026-11-16T07:40:00+00:00")
    assert local[old.id].created_at == NOW and local[old.id].amendments[0].created_at == NOW


def test_first_rows_arrive_with_search_and_photo_stubs(ws):
    pending_before = ws.status().pending_changes
    g = rows.grid()
    h = rows.household(g.id, door_number="88号")
    r = rows.resident(h.id, name="王五", citizen_id="110105196005011234")
    v = rows.visit(h.id, photos=[SHA])
    a = rows.amendment(v.id)
    stats = _apply(ws, [a, v, r, h, g])  # any order within a page: applied parents first
    assert stats.written == 5 and stats.removed == 0
    detail = ws.household(h.id)
    assert [x.name for x in detail.residents] == ["王五"]
    assert detail.household.version == 1
    assert "王五" in _names(ws, "ww") and "王五" in _names(ws, "1234")
    (visit,) = ws.visits_of(h.id)
    assert visit.summary == "了解近况，已补充"  # the amendment applied on top
    expected = datetime.fromisoformat("2026-11-20T09:00:00+08:00").astimezone()
    assert visit.started_at == expected.replace(tzinfo=None)  # local wall time, naive
    with ws.db.reading() as s:
        photo = s.get(PhotoRow, SHA)
        assert (photo.local, photo.uploaded, photo.width) == (False, True, 0)
    assert ws.status().pending_changes == pending_before  # pulled rows are not local changes


def test_update_without_pending_changes_overwrites_and_reindexes(ws):
    rows.settle(ws)
    hid = ws.test_household.id
    current = ws.household(hid).household
    server = rows.household(ws.test_grid.id, hid, version=5, door_number="99号",
                            group_name="一组", head_resident_id=current.head_resident_id)
    _apply(ws, [server])
    assert ws.household(hid).household.door_number == "99号"
    assert ws.household(hid).household.version == 5
    hits = ws.search("99号")
    assert hits and {h.household_id for h in hits} == {hid}
    assert not ws.search("12号")  # the old door number left the index


def test_older_version_never_replaces_a_newer_row(ws):
    g = rows.grid()
    h = rows.household(g.id, version=7, door_number="新")
    _apply(ws, [g, h])
    _apply(ws, [rows.household(g.id, h.id, version=6, door_number="旧")])
    assert ws.household(h.id).household.door_number == "新"


def test_pending_changes_are_rebased_on_the_server_row(ws):
    rows.settle(ws)
    resident = ws.residents(ws.test_household.id)[0]
    ws.update_resident(resident.id, phone="13911112222")
    server = rows.resident(ws.test_household.id, resident.id, version=4, name="张三丰",
                           phone="13812345678", note="服务器备注",
                           citizen_id="11010519491231002X", sex="female",
                           care_categories=["elderly_alone"])
    stats = _apply(ws, [server])
    assert stats.rebased == 1
    local = ws.resident(resident.id)
    assert local.phone == "13911112222"  # mine, still unsent
    assert local.note == "服务器备注"  # theirs
    assert local.version == 4
    with ws.db.reading() as s:
        entry = [e for e in pending_entries(s) if e.row_id == resident.id][-1]
    assert entry.changes["phone"]["base"] == "13812345678"  # base untouched for the merge


def test_a_locally_deleted_resident_stays_deleted(ws):
    resident = ws.residents(ws.test_household.id)[0]
    ws.delete_resident(resident.id, reason="录入错误")
    _apply(ws, [rows.resident(ws.test_household.id, resident.id, version=3)])
    assert ws.residents(ws.test_household.id) == []


def test_tombstone_removes_a_resident_and_its_search_entry(ws):
    g = rows.grid()
    h = rows.household(g.id)
    r = rows.resident(h.id, name="赵六")
    _apply(ws, [g, h, r])
    assert "赵六" in _names(ws, "赵六")
    stats = _apply(ws, [rows.deleted("resident", r.id, 2, dict(r.data))])
    assert stats.removed == 1
    assert ws.residents(h.id) == [] and "赵六" not in _names(ws, "赵六")


def _remote_household(ws, *, photos=()):
    g = rows.grid()
    h = rows.household(g.id, door_number="远方1号")
    r = rows.resident(h.id, name="钱七")
    v = rows.visit(h.id, photos=list(photos))
    a = rows.amendment(v.id)
    _apply(ws, [g, h, r, v, a])
    return g, h, r, v, a


def test_gone_household_is_removed_with_everything_under_it(ws):
    _g, h, r, v, a = _remote_household(ws, photos=[SHA])
    stats = _apply(ws, [rows.gone("household", h.id), rows.gone("resident", r.id),
                        rows.gone("visit", v.id), rows.gone("visit_amendment", a.id)])
    assert stats.removed == 4 and stats.kept == []
    with ws.db.reading() as s:
        assert s.get(HouseholdRow, h.id) is None
        assert s.scalars(select(VisitRow).where(VisitRow.id == v.id)).first() is None
        assert s.get(PhotoRow, SHA) is None  # someone else's photo, no longer shown
        assert s.scalars(select(VisitPhotoRow)).all() == []
    assert "钱七" not in _names(ws, "钱七") and not ws.search("远方1号")


def test_gone_household_with_my_unsent_visit_is_kept_and_flagged(ws):
    g, h, _r, _v, _a = _remote_household(ws)
    ws.log_visit(h.id, summary="入户了解情况，一切正常")
    stats = _apply(ws, [rows.gone("household", h.id)])
    assert stats.removed == 0 and stats.kept == [("household", h.id, "out_of_scope")]
    assert ws.household(h.id).household.door_number == "远方1号"
    with ws.db.reading() as s:
        assert s.get(SyncFlagRow, ("household", h.id, "out_of_scope")) is not None
    # It comes back into scope: the flag goes.
    _apply(ws, [rows.household(g.id, h.id, version=100, door_number="远方1号")])
    with ws.db.reading() as s:
        assert s.scalars(select(SyncFlagRow)).all() == []


def test_a_rejected_change_also_keeps_its_row(ws):
    _g, h, r, _v, _a = _remote_household(ws)
    ws.update_resident(r.id, phone="13700000000")
    with ws.db.transaction() as s:
        for e in s.scalars(select(JournalEntryRow).where(JournalEntryRow.row_id == r.id)):
            e.state = REJECTED
    stats = _apply(ws, [rows.gone("household", h.id)])
    assert stats.kept == [("household", h.id, "out_of_scope")]


def test_grid_gone_with_all_households(ws):
    g, h, _r, _v, _a = _remote_household(ws)
    stats = _apply(ws, [rows.gone("grid", g.id), rows.gone("household", h.id)])
    assert stats.removed == 5  # grid, household, resident, visit, amendment
    assert g.id not in {x.id for x in ws.grids()}


def test_row_whose_parent_is_missing_fails_the_whole_page(ws):
    import sqlite3

    from sqlalchemy.exc import IntegrityError

    before = ws.status()
    with pytest.raises((IntegrityError, sqlite3.IntegrityError)), ws.db.transaction() as s:
        apply.apply_rows(s, [rows.grid(), rows.household("no-such-grid")], now=NOW)
    assert ws.status().households == before.households
    assert len(ws.grids()) == len(before.grids)


@pytest.mark.parametrize(
    ("spoil", "field"),
    [
        ({"dwelling_type": None}, "dwelling_type"),  # required
        ({"door_number": 7}, "door_number"),  # text expected
        ({"tags": "poor"}, "tags"),  # a set is a list
        ({"latitude": "north"}, "latitude"),
        ({"latitude": float("inf")}, "latitude"),  # not finite
        ({"door_number": "号" * 51}, "door_number"),  # longer than the protocol allows
    ],
)
def test_a_row_with_a_bad_value_is_quarantined_and_the_rest_applies(ws, spoil, field):
    from gridworker.sync.wire import changes_page

    g = rows.grid()
    good = rows.household(g.id)
    bad = rows.household(g.id)
    page = changes_page({"changes": [
        {"entity": "grid", "id": g.id, "version": 1, "state": "live", "data": g.data},
        {"entity": "household", "id": good.id, "version": 1, "state": "live", "data": good.data},
        {"entity": "household", "id": bad.id, "version": 1, "state": "live",
         "data": dict(bad.data) | spoil},
    ], "cursor": "c", "has_more": False})
    before = ws.status()
    with ws.db.transaction() as s:
        stats = apply.apply_rows(s, page.changes, now=NOW, unreadable=page.unreadable)
    assert stats.quarantined == 1 and stats.written == 2
    after = ws.status()
    assert (after.households, len(after.grids)) == (before.households + 1, len(before.grids) + 1)
    assert after.quarantined == 1
    (held,) = ws.quarantined_rows()
    assert (held.entity, held.row_id, held.reason_code) == ("household", bad.id, "bad_value")
    assert field in held.technical  # names the field, never the value
    assert "north" not in held.technical and "号" not in held.technical


def test_visit_photos_must_be_hashes(ws):
    g = rows.grid()
    h = rows.household(g.id)
    v = rows.visit(h.id)
    v.data["photos"] = ["../../etc/passwd"]
    with ws.db.transaction() as s:
        stats = apply.apply_rows(s, [g, h, v], now=NOW)
    assert g.id in {x.id for x in ws.grids()} and ws.visits_of(h.id) == []
    assert stats.quarantined == 1
    assert [(q.entity, q.row_id) for q in ws.quarantined_rows()] == [("visit", v.id)]


def _index_size(ws):
    with ws.db.reading() as s:
        return s.connection().exec_driver_sql("SELECT count(*) FROM search_index").scalar()


def test_a_large_pull_writes_rows_without_index_upkeep_and_search_still_finds_them(ws):
    from gridworker.storage import search

    before = _index_size(ws)
    g = rows.grid()
    h = rows.household(g.id, door_number="66号")
    r = rows.resident(h.id, name="王五", citizen_id="110105196005011234")
    old = rows.resident(ws.test_household.id, name="赵六")
    _apply(ws, [old])
    assert _index_size(ws) == before + 1 and ws.search_index_ready()
    with ws.db.transaction() as s:
        search.mark_stale(s, "large_pull", NOW.isoformat())
        apply.apply_rows(s, [g, h, r, rows.deleted("resident", old.id, 2, dict(old.data))],
                         now=NOW, index=False)  # fmt: skip
    assert _index_size(ws) == before + 1  # neither the new rows nor the removal
    assert not ws.search_index_ready()
    assert _names(ws, "王五") == ["王五"] and _names(ws, "011234") == ["王五"]
    assert _names(ws, "66号") == ["王五"] and _names(ws, "赵六") == []
    assert _names(ws, "ww") == []  # no pinyin until the index is rebuilt
    assert ws.rebuild_search_index() == _index_size(ws) == before + 2
    assert ws.search_index_ready() and _names(ws, "ww") == ["王五"]
    assert ws.rebuild_search_index() == 0  # already current
