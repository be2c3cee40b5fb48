"""The search index and large pulls, against a real gridcenter: a first sync writes its rows
without index upkeep and rebuilds the index once after the pull; an interruption in between
keeps the rows, search works without the index (no pinyin), and the next sync rebuilds;
small pulls keep the index current page by page."""

from __future__ import annotations

import threading

import pytest

from gridworker.api import Workspace
from gridworker.storage import search
from gridworker.storage.models import SettingRow
from gridworker.sync.errors import Cancelled


def _a_resident(ws, index=0):
    """A resident with an ID number, of the index-th household."""
    households = sorted(ws.households(), key=lambda h: h.id)
    for household in households[index:]:
        for resident in ws.residents(household.id):
            if len(resident.citizen_id) >= 15:
                return resident
    raise AssertionError("no resident with an ID number")


def _initials(name):
    head, _ = search.name_tokens(name)
    return head[2]  # joined characters, full pinyin, initials, ...


def _found(ws, text):
    return {h.resident_id for h in ws.search(text, limit=1000)}


def _entries(ws):
    with ws.db.reading() as s:
        return s.connection().exec_driver_sql("SELECT count(*) FROM search_index").scalar()


def _marker(ws):
    with ws.db.reading() as s:
        return s.get(SettingRow, search.STALE_KEY)


def _boom(*args, **kwargs):
    raise RuntimeError("the laptop died while the index was being built")


def test_first_sync_rebuilds_the_index_once_after_the_pull(gridcenter, make_ws):
    ws = make_ws(gridcenter, "worker1", "first", engine={"pull_limit": 200})
    phases = []
    report = ws.sync(progress=lambda phase, done, total: phases.append((phase, done, total)))
    assert report.pages > 1 and ws.status().households == 150
    assert report.indexed == _entries(ws) > 150 and report.index_seconds > 0
    assert ws.search_index_ready() and _marker(ws) is None
    names = [p for p, _, _ in phases]
    assert names.index("indexing") > len(names) - 1 - names[::-1].index("pull")
    assert phases[-1] == ("indexing", report.indexed, report.indexed)
    assert report.as_dict()["indexed"] == report.indexed
    resident = _a_resident(ws)
    assert resident.id in _found(ws, _initials(resident.name))  # pinyin initials: the index
    assert resident.id in _found(ws, resident.citizen_id[-6:])
    again = ws.sync()
    assert again.indexed == 0 and again.nothing_happened and again.requests == 1


def test_a_crash_before_indexing_keeps_the_rows_and_the_next_sync_rebuilds(
    gridcenter, make_ws, monkeypatch
):
    ws = make_ws(gridcenter, "worker1", "crash", engine={"pull_limit": 200})
    monkeypatch.setattr(search, "rebuild", _boom)
    with pytest.raises(RuntimeError, match="laptop died"):
        ws.sync()
    monkeypatch.undo()
    # Every page committed: the rows are here and browsable; the index is marked stale.
    assert ws.status().households == 150 and ws.status().last_sync
    assert _marker(ws) is not None and not ws.search_index_ready()
    assert _entries(ws) == 0  # no page of a first sync touched the index
    resident = _a_resident(ws, 3)
    assert resident.id in _found(ws, resident.name)
    assert resident.id in _found(ws, resident.citizen_id[-6:])
    assert resident.id in _found(ws, resident.citizen_id[:10])
    assert resident.id not in _found(ws, _initials(resident.name))  # the documented gap

    # Opening the workspace again does not rebuild (start-up stays fast)...
    again = Workspace.open(ws.data_dir, credentials=ws.sync_service.credentials)
    try:
        assert not again.search_index_ready()
    finally:
        again.close()
    # ...the next sync does, even with nothing to pull.
    report = ws.sync()
    assert report.pulled == 0 and report.indexed == _entries(ws) > 150
    assert ws.search_index_ready() and _marker(ws) is None
    assert resident.id in _found(ws, _initials(resident.name))


def test_cancel_while_indexing_keeps_the_marker_and_rows(gridcenter, make_ws):
    ws = make_ws(gridcenter, "worker1", "cancel")
    cancel = threading.Event()

    def progress(phase, done, total):
        if phase == "indexing":
            cancel.set()  # the user closes the lid as the index starts

    with pytest.raises(Cancelled) as caught:
        ws.sync(progress=progress, cancel=cancel)
    assert caught.value.report.pulled > 150 and caught.value.report.indexed == 0
    assert ws.status().households == 150 and not ws.search_index_ready()
    resident = _a_resident(ws, 7)
    assert resident.id in _found(ws, resident.name)
    # The UI may bring it up to date in the background instead of waiting for a sync.
    assert ws.rebuild_search_index() == _entries(ws) > 150
    assert ws.search_index_ready() and ws.sync().indexed == 0


def test_an_incremental_pull_keeps_the_index_current_without_a_rebuild(
    gridcenter, make_ws, monkeypatch
):
    w1 = make_ws(gridcenter, "worker1", "inc-w1")
    w2 = make_ws(gridcenter, "worker2", "inc-w2")
    assert w1.sync().indexed > 0 and w2.sync().indexed > 0
    resident = _a_resident(w2, 11)
    w2.update_resident(resident.id, name="欧阳修远")
    w2.sync()
    monkeypatch.setattr(search, "rebuild", _boom)  # a rebuild would fail the sync
    report = w1.sync()
    assert report.pulled >= 1 and report.indexed == 0 and w1.search_index_ready()
    assert resident.id in _found(w1, "oyxy") and resident.id in _found(w1, "欧阳修远")
    assert resident.id not in _found(w1, resident.name)


def test_a_pull_above_the_threshold_defers_the_index_too(gridcenter, make_ws):
    w1 = make_ws(gridcenter, "worker1", "big-w1", engine={"defer_index_rows": 1})
    w2 = make_ws(gridcenter, "worker2", "big-w2")
    w1.sync()
    w2.sync()
    first, second = _a_resident(w2, 13), _a_resident(w2, 17)
    w2.update_resident(first.id, name="司马光明")
    w2.update_resident(second.id, name="诸葛亮亮")
    w2.sync()
    report = w1.sync()  # two rows with a cursor: above this workspace's threshold of one
    assert report.pulled >= 2 and report.indexed == _entries(w1) > 150
    assert w1.search_index_ready()
    assert first.id in _found(w1, "smgm") and second.id in _found(w1, "zgll")
