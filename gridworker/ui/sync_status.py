"""The sync part of the status bar: where the work stands, in plain words.

    离线 · 待同步 3 条修改          同步中… 下载更新 1200 条 [====  ] 取消
    已同步 14:05 · 没有待同步的修改   照片待上传 2 张 · 冲突 1 条待处理 · 被拒绝 1 条

``sync_label`` says the state and the pending changes; ``extra_label`` photos waiting,
conflicts and rejected changes (only when there are some). A failed sync offers 详情, which
opens the one error handler with the details to copy. Rows from the centre this client could
not read (quarantined) get a button of their own, which opens the list
(``quarantine_dialog``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import datetime

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import (
    QLabel,
    QProgressBar,
    QStatusBar,
    QStyle,
    QToolButton,
    QWidget,
)

from ..api import Binding, SyncReport, WorkspaceStatus
from .errors import readable
from .quarantine_dialog import summary_text
from .sync_controller import SyncController, SyncPhase, SyncProgress


def _format_bytes(n: int) -> str:
    if n < 1024 * 1024:
        return f"{n / 1024:.0f} KB"
    return f"{n / (1024 * 1024):.1f} MB"


class SyncStatus(QObject):
    """Owns the status bar widgets for sync; fed by the controller and by status snapshots."""

    details_requested = Signal(object)  # the exception to show with its details
    open_requested = Signal(str)  # the conflict/rejected count was clicked: which to show
    quarantine_requested = Signal()  # the unreadable-records note was clicked

    def __init__(
        self,
        controller: SyncController,
        bar: QStatusBar,
        parent: QWidget,
        now: Callable[[], datetime] = datetime.now,
    ):
        super().__init__(parent)
        self.controller = controller
        self._now = now
        self.status: WorkspaceStatus | None = None
        self.progress: SyncProgress | None = None
        self.index_progress: tuple[int, int] | None = None

        self.sync_label = QLabel(parent)
        self.sync_label.setObjectName("syncLabel")
        self.extra_label = QLabel(parent)
        self.extra_label.setObjectName("syncExtraLabel")
        self.extra_label.hide()
        self.extra_label.installEventFilter(self)  # a click on the counts opens them
        self.progress_bar = QProgressBar(parent)
        self.progress_bar.setObjectName("syncProgress")
        self.progress_bar.setMaximumWidth(140)
        self.progress_bar.setMaximumHeight(14)
        self.progress_bar.setTextVisible(False)
        self.progress_bar.hide()
        self.cancel_button = QToolButton(parent)
        self.cancel_button.setObjectName("cancelSyncButton")
        self.cancel_button.setText(self.tr("取消"))
        self.cancel_button.setToolTip(self.tr("停止同步：已完成的部分已保存，下次从中断处继续"))
        self.cancel_button.clicked.connect(controller.cancel)
        self.cancel_button.hide()
        self.details_button = QToolButton(parent)
        self.details_button.setObjectName("syncDetailsButton")
        self.details_button.setText(self.tr("详情…"))
        self.details_button.clicked.connect(self._details)
        self.details_button.hide()
        self.quarantine_button = QToolButton(parent)
        self.quarantine_button.setObjectName("quarantineButton")
        self.quarantine_button.setAutoRaise(True)
        self.quarantine_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.quarantine_button.setIcon(
            parent.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)
        )
        self.quarantine_button.setToolTip(self.tr("点击查看是哪些记录，以及如何告诉中心"))
        self.quarantine_button.clicked.connect(self.quarantine_requested)
        self.quarantine_button.hide()
        for widget in (
            self.sync_label,
            self.progress_bar,
            self.cancel_button,
            self.details_button,
            self.extra_label,
            self.quarantine_button,
        ):
            bar.addPermanentWidget(widget)

        controller.phase_changed.connect(self._phase_changed)
        controller.progressed.connect(self._progressed)
        controller.synced.connect(self._synced)
        controller.binding_changed.connect(lambda _b: self.render())
        controller.index_progressed.connect(self._index_progressed)
        controller.index_finished.connect(self._index_finished)
        self.render()

    # -- inputs --------------------------------------------------------------------------
    def show_status(self, status: WorkspaceStatus) -> None:
        self.status = status
        self.render()

    def _phase_changed(self, _phase: SyncPhase) -> None:
        self.progress = None
        self.render()

    def _synced(self, report: SyncReport) -> None:
        # What the run itself knows, until the window's fresh status snapshot arrives.
        if self.status is not None and report.finished_at is not None:
            self.status = replace(
                self.status,
                pending_changes=report.pending,
                last_sync=report.finished_at.isoformat(),
            )
        self.render()

    def _progressed(self, progress: SyncProgress) -> None:
        self.progress = progress
        self.render()

    def _index_progressed(self, done: int, total: int) -> None:
        self.index_progress = (done, total)
        self.render()

    def _index_finished(self, _complete: bool) -> None:
        self.index_progress = None
        self.render()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            watched is self.extra_label
            and event.type() == QEvent.Type.MouseButtonRelease
            and isinstance(event, QMouseEvent)
            and event.button() == Qt.MouseButton.LeftButton
            and self.status is not None
            and (self.status.conflicts or self.status.rejected)
        ):
            self.open_requested.emit("conflicts" if self.status.conflicts else "rejected")
            return True
        return super().eventFilter(watched, event)

    def _details(self) -> None:
        if self.controller.last_error is not None:
            self.details_requested.emit(self.controller.last_error)

    # -- text ----------------------------------------------------------------------------
    def pending_text(self) -> str:
        pending = self.status.pending_changes if self.status else 0
        if pending:
            return self.tr("待同步 %n 条修改", "", pending)
        return self.tr("没有待同步的修改")

    def last_sync_text(self) -> str:
        last = self.status.last_sync if self.status else None
        if not last:
            return self.tr("尚未同步")
        try:
            when = datetime.fromisoformat(last)
        except ValueError:
            return self.tr("尚未同步")
        if when.tzinfo is not None:
            when = when.astimezone().replace(tzinfo=None)
        if when.date() == self._now().date():
            return self.tr("已同步 {0}").format(when.strftime("%H:%M"))
        return self.tr("已同步 {0}").format(when.strftime("%m-%d %H:%M"))

    def progress_text(self) -> str:
        p = self.progress
        if p is None:
            return self.tr("同步中…")
        if p.phase == "push":
            return self.tr("同步中… 上传修改 {0}/{1} 条").format(p.done, p.total or p.done)
        if p.phase == "pull":
            return self.tr("同步中… 已下载 %n 条更新", "", p.done)
        if p.phase == "upload":
            return self.tr("同步中… 上传照片 {0}/{1}").format(
                _format_bytes(p.done), _format_bytes(p.total or p.done)
            )
        return self.tr("同步中…")

    def state_text(self) -> str:
        phase = self.controller.phase
        binding: Binding | None = self.controller.binding
        if binding is None and phase is SyncPhase.LOCAL_ONLY:
            return self.tr("仅本机保存 · {0}").format(
                self.tr("待同步 {0} 条").format(self.status.pending_changes)
                if self.status and self.status.pending_changes
                else self.tr("没有待同步的修改")
            )
        if phase in (SyncPhase.CHECKING, SyncPhase.SYNCING):
            return self.progress_text()
        if phase is SyncPhase.SIGNED_OUT:
            head = self.tr("未登录")
        elif phase is SyncPhase.OFFLINE:
            head = self.tr("离线")
        elif phase is SyncPhase.FAILED:
            head = self.tr("同步失败")
        else:
            head = self.last_sync_text()
        return f"{head} · {self.pending_text()}"

    def index_text(self) -> str:
        """While the search index is rebuilt after a large pull (the rows are shown)."""
        if not self.controller.indexing:
            return ""
        done, total = self.index_progress or (0, 0)
        if total:
            return self.tr("正在建立搜索索引 {0}%").format(min(100, 100 * done // total))
        return self.tr("正在建立搜索索引…")

    def extra_text(self) -> str:
        s = self.status
        indexing = self.index_text()
        if s is None:
            return indexing
        parts = [indexing] if indexing else []
        if s.photos_waiting:
            parts.append(self.tr("照片待上传 %n 张", "", s.photos_waiting))
        if s.conflicts:
            parts.append(self.tr("冲突 %n 条待处理", "", s.conflicts))
        if s.rejected:
            parts.append(self.tr("被拒绝的修改 %n 条", "", s.rejected))
        return " · ".join(parts)

    def tooltip(self) -> str:
        phase = self.controller.phase
        binding = self.controller.binding
        if binding is None:
            return self.tr("尚未登录平台。所有修改都已保存在本机，登录后即可同步。")
        where = self.tr("平台：{0}，账号：{1}").format(binding.server, binding.username)
        if phase is SyncPhase.OFFLINE:
            why = self.tr("连不上平台。所有修改都已保存在本机，网络恢复后会自动同步。")
        elif phase is SyncPhase.SIGNED_OUT:
            why = self.tr("需要登录后才能同步。所有修改都已保存在本机。")
        elif phase is SyncPhase.FAILED and self.controller.last_error is not None:
            why = readable(self.controller.last_error)
        else:
            why = self.tr("修改保存后会自动同步；按 Ctrl+R 立即同步。")
        return f"{why}\n{where}"

    # -- painting ------------------------------------------------------------------------
    def render(self) -> None:
        phase = self.controller.phase
        self.sync_label.setText(self.state_text())
        self.sync_label.setToolTip(self.tooltip())
        self.sync_label.setProperty("syncState", phase.value)
        style = self.sync_label.style()
        style.unpolish(self.sync_label)
        style.polish(self.sync_label)
        extra = self.extra_text()
        self.extra_label.setText(extra)
        self.extra_label.setVisible(bool(extra))
        attention = bool(self.status and (self.status.conflicts or self.status.rejected))
        self.extra_label.setProperty("attention", attention)
        self.extra_label.setCursor(
            Qt.CursorShape.PointingHandCursor if attention else Qt.CursorShape.ArrowCursor
        )
        if attention:
            tip = self.tr("点击查看并处理（Ctrl+Shift+K）")
        elif self.controller.indexing:
            tip = self.tr("同步下来的数据已可查看和修改；索引建好前搜索较慢，暂不能按拼音查找。")
        else:
            tip = ""
        self.extra_label.setToolTip(tip)
        self.extra_label.style().unpolish(self.extra_label)
        self.extra_label.style().polish(self.extra_label)

        busy = self.controller.busy
        self.cancel_button.setVisible(busy)
        self.progress_bar.setVisible(busy)
        p = self.progress
        if busy:
            if p is not None and p.total and p.phase in ("push", "upload"):
                self.progress_bar.setRange(0, 1000)
                self.progress_bar.setValue(int(1000 * min(p.done, p.total) / p.total))
            else:
                self.progress_bar.setRange(0, 0)  # busy indicator: total unknown
        self.details_button.setVisible(
            phase is SyncPhase.FAILED and self.controller.last_error is not None
        )
        held = self.status.quarantined if self.status else 0
        self.quarantine_button.setText(summary_text(held) if held else "")
        self.quarantine_button.setVisible(bool(held))
