"""The sync status bar's words and the error handler's sync sentences, without a server."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from dataclasses import replace
from datetime import datetime
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox, QStatusBar, QWidget

from gridworker.api import (
    AuthFailed,
    Binding,
    ProtocolMismatch,
    ServerError,
    ServerUnreachable,
    Workspace,
    WorkspaceStatus,
)
from gridworker.sync.credentials import MemoryStore
from gridworker.ui.errors import details, readable, show_error
from gridworker.ui.sync_controller import SyncController, SyncPhase, SyncProgress
from gridworker.ui.sync_status import SyncStatus
from gridworker.ui.tasks import TaskRunner

pytestmark = pytest.mark.gui

NOW = datetime(2026, 5, 14, 16, 30)
BINDING = Binding("http://127.0.0.1:8765", "worker1", "李秀英", "worker", ("110105001001001",))


def a_status(**values: object) -> WorkspaceStatus:
    base = WorkspaceStatus(
        data_dir="d", database="db", schema="s", account="worker1", role="worker", grids=[],
        households=150, residents=420, visits=800, photos=3, pending_changes=0,
        server=BINDING.server, last_sync="2026-05-14T16:05:00",
    )  # fmt: skip
    return replace(base, **values)


@pytest.fixture
def bar(qtbot, tmp_path: Path, tasks: TaskRunner):
    ws = Workspace.open(tmp_path / "ws", credentials=MemoryStore())
    host = QWidget()
    qtbot.addWidget(host)
    status_bar = QStatusBar(host)
    controller = SyncController(ws, tasks, host, network_hint=False)
    view = SyncStatus(controller, status_bar, host, now=lambda: NOW)
    yield controller, view
    controller.stop()
    tasks.wait()
    ws.close()


def put(controller: SyncController, phase: SyncPhase, binding: Binding | None = BINDING) -> None:
    controller._set_binding(binding)
    controller._set_phase(phase)


def test_states_in_plain_words(bar):
    controller, view = bar
    view.show_status(a_status(pending_changes=3, server=None, last_sync=None))
    assert view.sync_label.text() == "仅本机保存 · 待同步 3 条"
    assert "登录后即可同步" in view.sync_label.toolTip()

    view.show_status(a_status(pending_changes=3))
    put(controller, SyncPhase.IDLE)
    assert view.sync_label.text() == "已同步 16:05 · 待同步 3 条修改"
    assert "worker1" in view.sync_label.toolTip() and "Ctrl+R" in view.sync_label.toolTip()
    view.show_status(a_status(last_sync="2026-05-12T09:41:00"))
    assert view.sync_label.text() == "已同步 05-12 09:41 · 没有待同步的修改"
    view.show_status(a_status(last_sync=None))
    assert view.sync_label.text() == "尚未同步 · 没有待同步的修改"

    put(controller, SyncPhase.OFFLINE)
    assert view.sync_label.text() == "离线 · 没有待同步的修改"
    assert controller.probe_timer.isActive()  # waiting for the centre to answer
    put(controller, SyncPhase.SIGNED_OUT)
    assert view.sync_label.text() == "未登录 · 没有待同步的修改"
    assert not controller.probe_timer.isActive() and not controller.periodic.isActive()


def test_progress_and_cancel_while_syncing(bar):
    controller, view = bar
    view.show_status(a_status())
    put(controller, SyncPhase.SYNCING)
    assert view.sync_label.text() == "同步中…"
    assert not view.cancel_button.isHidden() and not view.progress_bar.isHidden()
    controller.progressed.emit(SyncProgress("push", 4, 10))
    assert view.sync_label.text() == "同步中… 上传修改 4/10 条"
    assert view.progress_bar.value() == 400
    controller.progressed.emit(SyncProgress("pull", 1200, None))
    assert view.sync_label.text() == "同步中… 已下载 1200 条更新"
    assert view.progress_bar.maximum() == 0  # total unknown: a busy bar
    controller.progressed.emit(SyncProgress("upload", 1_572_864, 4_194_304))
    assert view.sync_label.text() == "同步中… 上传照片 1.5 MB/4.0 MB"
    put(controller, SyncPhase.IDLE)
    assert view.cancel_button.isHidden() and view.progress_bar.isHidden()


def test_the_index_rebuild_after_a_large_pull_shows_beside_the_synced_state(bar):
    controller, view = bar
    view.show_status(a_status())
    put(controller, SyncPhase.IDLE)
    controller.indexing = True  # as SyncController._rebuild_index sets it
    controller.index_progressed.emit(0, 0)
    assert view.extra_label.text() == "正在建立搜索索引…"
    assert view.sync_label.text().startswith("已同步 16:05")  # the rows are there already
    assert not view.extra_label.isHidden() and "拼音" in view.extra_label.toolTip()
    controller.index_progressed.emit(2000, 4642)
    assert view.extra_label.text() == "正在建立搜索索引 43%"
    controller.indexing = False
    controller.index_finished.emit(True)
    assert view.extra_label.isHidden() and view.extra_label.text() == ""


def test_photos_conflicts_and_rejections_are_counted(bar):
    controller, view = bar
    put(controller, SyncPhase.IDLE)
    view.show_status(a_status())
    assert view.extra_label.isHidden()
    view.show_status(a_status(photos_waiting=2, conflicts=1, rejected=3))
    assert view.extra_label.text() == "照片待上传 2 张 · 冲突 1 条待处理 · 被拒绝的修改 3 条"
    assert not view.extra_label.isHidden()
    assert view.extra_label.property("attention") is True


def test_a_failed_sync_offers_its_details(bar, qtbot):
    controller, view = bar
    view.show_status(a_status())
    controller._set_binding(BINDING)
    controller._set_phase(SyncPhase.SYNCING)
    with qtbot.waitSignal(controller.sync_failed):
        controller._failed(ServerError("internal", "", 500))
    assert view.sync_label.text() == "同步失败 · 没有待同步的修改"
    assert "服务器出错（500）" in view.sync_label.toolTip()
    assert not view.details_button.isHidden()
    with qtbot.waitSignal(view.details_requested) as asked:
        view.details_button.click()
    assert isinstance(asked.args[0], ServerError)


def test_sync_errors_read_as_plain_chinese_with_details_to_copy(qtbot):
    assert readable(ProtocolMismatch([2])).endswith("请更新应用。本机数据不受影响。")
    assert readable(AuthFailed.from_code("account_locked", retry_after=600)) == (
        "账号因多次输错密码已被锁定，请约 10 分钟后再试，或联系网格管理中心。"
    )
    assert readable(AuthFailed.from_code("refresh_invalid")).startswith("登录已过期，请重新登录")
    offline = ServerUnreachable(detail="ConnectionError: refused")
    assert "联网后会自动同步" in readable(offline)
    assert "ConnectionError: refused" in details(offline)
    assert "ProtocolMismatch (protocol_unsupported)" in details(ProtocolMismatch([2]))

    parent = QWidget()
    qtbot.addWidget(parent)
    box = show_error(parent, offline)
    assert isinstance(box, QMessageBox)
    assert box.text() == readable(offline)
    assert "ConnectionError: refused" in box.detailedText()  # copyable for support
    box.close()
