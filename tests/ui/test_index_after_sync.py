"""A first sync in the window: the rows show as soon as they are committed, and the search
index a large pull leaves stale is rebuilt afterwards as a task of its own (against a real
gridcenter). While it runs the list is there, search works without pinyin and says so, and a
sync asked for meanwhile waits for it; once it is built, the search shown is run again."""

from __future__ import annotations

import threading

import pytest
from PySide6.QtCore import Qt
from support.gui import SYNC_TIMEOUT

from gridworker.storage import search
from gridworker.ui.sync_controller import SyncPhase

pytestmark = pytest.mark.gui


def _initials_of_a_resident(ws) -> tuple[str, str]:
    """(resident id, pinyin initials) of a resident whose initials match no Chinese text."""
    for household in sorted(ws.households(), key=lambda h: h.id):
        for resident in ws.residents(household.id):
            head, _ = search.name_tokens(resident.name)
            if len(head) > 2 and len(head[2]) >= 3:
                return resident.id, head[2]  # characters, full pinyin, initials, ...
    raise AssertionError("no resident with a three-syllable name")


def test_rows_show_before_the_index_and_pinyin_search_follows_it(
    qtbot, gridcenter, open_ws, make_window, monkeypatch
):
    ws = open_ws()
    ws.login(gridcenter.url, "worker1", gridcenter.password)  # signed in, nothing pulled yet
    release = threading.Event()
    rebuilds: list[int] = []
    original = ws.rebuild_search_index

    def held_rebuild(**kwargs):
        assert release.wait(SYNC_TIMEOUT / 1000), "the test never let the rebuild go"
        rebuilds.append(original(**kwargs))
        return rebuilds[-1]

    monkeypatch.setattr(ws, "rebuild_search_index", held_rebuild)

    window = make_window(ws)  # signed in: it syncs at start-up
    qtbot.waitUntil(lambda: window.sync.last_report is not None, timeout=SYNC_TIMEOUT)
    report = window.sync.last_report
    assert report.pulled > 150 and not report.index_ready and report.indexed == 0

    # The rows are shown while the index is still being built.
    assert window.sync.indexing and window.sync.phase is SyncPhase.IDLE
    qtbot.waitUntil(lambda: window.model.all_count() == 150, timeout=10_000)
    assert window.sync_label.text().startswith("已同步 ")
    qtbot.waitUntil(
        lambda: window.sync_status.extra_label.text().startswith("正在建立搜索索引"),
        timeout=5000,
    )
    assert not ws.search_index_ready()

    # Search works without the index, and says pinyin has to wait.
    resident_id, initials = _initials_of_a_resident(ws)
    window.search.focus_search()
    with qtbot.waitSignal(window.search.searched, timeout=10_000) as searched:
        qtbot.keyClicks(window.search.edit, initials)
    assert searched.args == [initials, 0]
    assert "索引建立中" in window.search.status.text()

    # A sync asked for now waits for the rebuild instead of queueing behind its lock.
    window.sync.sync_now(manual=True)
    assert window.sync.phase is SyncPhase.IDLE and window.sync.indexing

    # The index is built: the search shown runs again and finds the resident by pinyin,
    # then the sync that waited runs.
    with qtbot.waitSignal(window.sync.index_finished, timeout=SYNC_TIMEOUT) as finished, \
            qtbot.waitSignal(window.search.searched, timeout=SYNC_TIMEOUT) as again:
        release.set()
    assert finished.args == [True] and rebuilds and rebuilds[0] > 150
    assert again.args[0] == initials and again.args[1] >= 1
    assert resident_id in {window.search.model.hit(r).resident_id
                           for r in range(window.search.model.rowCount())}  # fmt: skip
    assert "索引建立中" not in window.search.status.text()
    assert window.sync_status.extra_label.text() == ""
    assert ws.search_index_ready()
    with qtbot.waitSignal(window.sync.synced, timeout=SYNC_TIMEOUT) as synced:
        pass
    assert synced.args[0].index_ready and synced.args[0].pulled == 0
    window.search.edit.clear()
    qtbot.keyClick(window.search.edit, Qt.Key.Key_Escape)


def test_a_failed_rebuild_leaves_search_working_and_the_next_sync_tries_again(
    qtbot, gridcenter, open_ws, make_window, monkeypatch
):
    ws = open_ws()
    ws.login(gridcenter.url, "worker1", gridcenter.password)
    original = ws.rebuild_search_index
    attempts: list[str] = []
    errors: list[BaseException] = []

    def failing_once(**kwargs):
        attempts.append("rebuild")
        if len(attempts) == 1:
            raise OSError("disk I/O error while the index was written")
        return original(**kwargs)

    monkeypatch.setattr(ws, "rebuild_search_index", failing_once)
    window = make_window(ws)
    window.tasks.on_error = errors.append  # what the window would show in a message box
    with qtbot.waitSignal(window.sync.index_finished, timeout=SYNC_TIMEOUT) as finished:
        pass
    assert finished.args == [False] and not ws.search_index_ready()
    assert window.model.all_count() == 150  # the rows stay, nothing was lost
    assert [str(e) for e in errors] == ["disk I/O error while the index was written"]

    with qtbot.waitSignal(window.sync.index_finished, timeout=SYNC_TIMEOUT) as finished:
        window.sync.sync_now(manual=True)
    assert finished.args == [True] and ws.search_index_ready() and len(attempts) == 2
