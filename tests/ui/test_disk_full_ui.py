"""A full disk during a background sync, as the worker sees it: the status bar says the sync
failed and, in plain words, that the disk is full and nothing saved is lost; a sync asked for
by hand shows the same sentence in a message; after space is freed Ctrl+R completes the sync.
Against a real gridcenter; the disk is "filled" with SQLite's size cap (see
tests/sync/test_disk_full.py)."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from support.gui import SYNC_TIMEOUT, message_boxes, type_chinese

from gridworker.domain.errors import DiskFull
from gridworker.ui.sync_controller import SyncPhase
from tests.sync.test_disk_full import _cap, _counts

pytestmark = pytest.mark.gui


def test_a_sync_that_fills_the_disk_says_so_and_completes_after_space_is_freed(
    qtbot, gridcenter, open_ws, make_window
):
    ws = open_ws()
    ws.login(gridcenter.url, "worker1", gridcenter.password)
    before = _counts(ws)
    lift = _cap(ws)
    window = make_window(ws)
    qtbot.waitUntil(lambda: window.sync.phase is SyncPhase.FAILED, timeout=SYNC_TIMEOUT)
    assert _counts(ws) == before
    assert "同步失败" in window.sync_label.text()
    assert "磁盘空间不足" in window.sync_label.toolTip()
    assert "之前保存的数据都完好" in window.sync_label.toolTip()

    # Asked for by hand while the disk is still full: the same sentence, in a message box.
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=5000)
    with qtbot.waitSignal(window.sync.sync_failed, timeout=SYNC_TIMEOUT):
        qtbot.keyClick(window, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)
    boxes = message_boxes()
    assert boxes and "磁盘空间不足" in boxes[-1].text()
    for box in boxes:
        box.close()

    lift()
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=5000)
    with qtbot.waitSignal(window.sync.synced, timeout=SYNC_TIMEOUT):
        qtbot.keyClick(window, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: window.model.all_count() == 150, timeout=SYNC_TIMEOUT)
    assert "同步失败" not in window.sync_label.text()


def test_a_visit_saved_on_a_full_disk_stays_in_the_form_and_saves_once_space_is_freed(
    qtbot, workspace, make_window
):
    window = make_window(workspace)
    household_id = workspace.households()[0].id
    visits_before = len(workspace.visits_of(household_id))
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=5000)
    window.select_household(household_id)
    qtbot.waitUntil(lambda: window.detail.household_id == household_id, timeout=10_000)
    window.new_visit_action.trigger()
    form = window.detail.visit_form()
    qtbot.waitUntil(form.isVisible, timeout=5000)
    type_chinese(form.summary, "入户走访，老人身体良好")
    lift = _cap(workspace)
    other = workspace.households()[1].id
    try:
        for size in (20, 4, 1):  # the disk fills up to the last byte with other work …
            with pytest.raises(DiskFull):
                for _ in range(500):
                    workspace.log_visit(other, summary="另一户" * size)
        visits_before = len(workspace.visits_of(household_id))
        qtbot.keyClick(form.summary, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
        qtbot.waitUntil(lambda: bool(message_boxes()), timeout=10_000)
        assert "磁盘空间不足" in message_boxes()[-1].text()
        for box in message_boxes():
            box.close()
    finally:
        lift()
    assert len(workspace.visits_of(household_id)) == visits_before
    assert form.isVisible() and "老人身体良好" in form.summary.toPlainText()
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=5000)
    with qtbot.waitSignal(window.detail.visit_saved, timeout=10_000):
        qtbot.keyClick(form.summary, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert len(workspace.visits_of(household_id)) == visits_before + 1
