"""Per-record sync state in the main window, against a real gridcenter: the list line and the
household page say 未发送 / 有冲突 / 被拒绝 (with the reason) or nothing, and change after a
sync, including one that only pushed."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


import pytest
from PySide6.QtCore import Qt
from support.gui import SYNC_TIMEOUT
from support.server import GRID2

from gridworker.api import RecordSyncState
from gridworker.ui.household_model import Column, HouseholdFilter
from gridworker.ui.household_tables import ResidentTableModel, VisitTimelineModel
from gridworker.ui.main_window import MainWindow

pytestmark = pytest.mark.gui

TIP = Qt.ItemDataRole.ToolTipRole
FG = Qt.ItemDataRole.ForegroundRole


def list_cell(window: MainWindow, household_id: str, role=Qt.ItemDataRole.DisplayRole):
    row = window.model.row_of(household_id)
    assert row >= 0, "household not in the list"
    return window.model.index(row, Column.SYNC).data(role)


def open_detail(qtbot, window: MainWindow, household_id: str):
    window.select_household(household_id)
    qtbot.waitUntil(lambda: window.detail.household_id == household_id
                    and not window.detail.is_loading(), timeout=10_000)
    return window.detail


def test_list_and_page_show_unsent_conflict_refused_and_synced(
    qtbot, gridcenter, signed_in, make_window
):
    w1 = signed_in(gridcenter, "worker1", "w1")
    w2 = signed_in(gridcenter, "worker2", "w2")
    homes = sorted((h for h in w1.households() if h.member_count), key=lambda h: h.id)
    clash, refused, visited, later = (h.id for h in homes[:4])
    resident = w1.residents(clash)[0]

    # Offline work in w1: a conflicting phone, an edit of a household about to leave my grid,
    # a visit. worker2 changed the same phone first; the centre moves the household away.
    w2.update_resident(resident.id, phone="13700000002")
    w2.sync()
    w1.update_resident(resident.id, phone="13700000001")
    w1.update_household(refused, phone="010-12345678")
    visit = w1.log_visit(visited, summary="入户走访，一切正常")
    result = gridcenter.admin("reassign-household", "--household", refused, "--grid", GRID2)
    assert result.returncode == 0, result.stderr

    w1.logout()  # signed out: the window waits, so the unsent state can be seen first
    window = make_window(w1, debounce_ms=600_000)
    qtbot.waitUntil(lambda: window.sync.binding is not None, timeout=10_000)
    for hid in (clash, refused, visited):
        assert list_cell(window, hid) == "未发送"
        assert "尚未发送" in list_cell(window, hid, TIP)
    assert list_cell(window, later) == ""

    w1.login(gridcenter.url, "worker1", gridcenter.password)
    with qtbot.waitSignal(window.sync.synced, timeout=SYNC_TIMEOUT):
        window.sync.signed_in(w1.binding)  # as the sign-in dialog does: syncs at once
    qtbot.waitUntil(lambda: list_cell(window, clash) == "有冲突", timeout=10_000)

    assert "联系电话" in list_cell(window, clash, TIP)
    assert list_cell(window, refused) == "被拒绝"
    refusal = list_cell(window, refused, TIP)
    assert "拒绝" in refusal and len(refusal) > 12  # the server's reason, in words
    assert list_cell(window, visited) == ""  # sent and accepted: quiet
    colours = {list_cell(window, hid, FG).color().name() for hid in (clash, refused)}
    assert len(colours) == 2  # told apart by colour too, never by colour alone

    # The filter for what needs a decision.
    index = window.filter_combo.findData(HouseholdFilter.SYNC_PROBLEM.value)
    assert window.filter_combo.itemText(index) == "有冲突或被拒绝"
    window.filter_combo.setCurrentIndex(index)
    shown = {window.model.summary(r).id for r in range(window.model.total_count())}
    assert shown == {clash, refused}
    window.filter_combo.setCurrentIndex(0)

    # The household page: header badge, the resident row, the visit rows.
    detail = open_detail(qtbot, window, clash)
    assert detail.sync_badge.isVisible() and detail.sync_badge.text() == "有冲突"
    assert "联系电话" in detail.sync_reason.text() and detail.sync_reason.isVisible()
    residents = detail.residents_model
    row = residents.row_of(resident.id)
    assert residents.index(row, ResidentTableModel.SYNC).data() == "有冲突"
    assert "联系电话" in residents.index(row, ResidentTableModel.SYNC).data(TIP)
    others = [r for r in range(residents.rowCount()) if r != row]
    assert all(residents.index(r, ResidentTableModel.SYNC).data() == "✓" for r in others)

    detail = open_detail(qtbot, window, refused)
    assert detail.sync_badge.text() == "被拒绝"
    assert detail.sync_reason.isVisible() and "拒绝" in detail.sync_reason.text()
    assert detail.detail.sync.reason in detail.sync_reason.text()

    detail = open_detail(qtbot, window, visited)
    assert not detail.sync_badge.isVisible() and not detail.sync_reason.isVisible()
    visits = detail.visits_model
    (vrow,) = [r for r in range(visits.rowCount()) if visits.visit(r).id == visit.id]
    assert visits.index(vrow, VisitTimelineModel.SYNC).data() == "✓"
    assert visits.index(vrow, VisitTimelineModel.SYNC).data(TIP) == "已同步到平台"

    # A change made now is 未发送 on its line at once; a sync that only pushes clears it.
    w1.log_visit(later, summary="回访")
    detail = open_detail(qtbot, window, later)
    assert detail.sync_badge.text() == "未发送"
    assert detail.visits_model.index(0, VisitTimelineModel.SYNC).data() == "未发送"
    qtbot.waitUntil(lambda: list_cell(window, later) == "未发送", timeout=5000)
    with qtbot.waitSignal(window.sync.synced, timeout=SYNC_TIMEOUT) as synced:
        window.sync_now()
    assert synced.args[0].pushed == 1
    qtbot.waitUntil(lambda: list_cell(window, later) == "", timeout=10_000)
    qtbot.waitUntil(lambda: not window.detail.sync_badge.isVisible(), timeout=10_000)
    assert window.detail.detail.sync.state is RecordSyncState.SENT
    assert list_cell(window, clash) == "有冲突"  # still waiting for a decision
