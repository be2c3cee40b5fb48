"""The conflict centre: conflicts to decide, decisions made, and changes the centre refused.

A non-modal window opened from the main window (同步 → 冲突与被拒绝的修改…, Ctrl+Shift+K, or a
click on the conflict count in the status bar). Three tabs:

- 待处理的冲突: every open conflict (the row in words, the field, what happened). Selecting one
  shows 原来的值 / 我的修改 / 平台上的值 side by side (ID and phone numbers masked by the service
  layer) and the choices for its kind: 采用我的 / 采用平台的 / 填写新值 for a field (a list for
  vocabulary fields; a bad value gets the domain's message inline); 保留这条记录 / 同意删除 when
  the centre deleted what I changed; 保留这条记录 / 仍然删除 when I deleted what it changed.
  A decision is written through the TaskRunner and a sync is started so it reaches the centre.
- 已处理: decided conflicts with who, when, which choice and value, and whether the centre has
  it yet (已决定，待同步 / 已解决).
- 被拒绝的修改: each refused change (row, op, why in plain words, the fields as sent, masked),
  with 保留本地副本 (a read-only copy, never synced) or 放弃这条修改 (after a confirmation), and
  the copies kept so far.

The window only holds snapshots; it reloads after every sync and after each decision.
``loaded`` is emitted whenever fresh lists are on screen (tests wait for it).
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QSplitter,
    QStackedWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ..api import ConflictView, KeptCopy, RejectedChange, Workspace
from .conflict_decision import ConflictDecision
from .conflict_lists import SnapshotList, size_tree_columns
from .conflict_models import DoneConflictsModel, OpenConflictsModel
from .conflict_rejections import RejectedChanges
from .errors import show_error
from .messages import translate
from .sync_controller import SyncController
from .tasks import TaskRunner
from .window_geometry import keep_on_screen

TAB_OPEN, TAB_DONE, TAB_REJECTED = range(3)


class ConflictCentre(ConflictDecision, RejectedChanges, QDialog):
    loaded = Signal()  # fresh lists are on screen
    changed = Signal()  # a decision was written: counts changed
    resolved = Signal(str)  # conflict id, once its decision is written locally

    def __init__(
        self,
        workspace: Workspace,
        tasks: TaskRunner,
        sync: SyncController | None = None,
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.workspace = workspace
        self.tasks = tasks
        self.sync = sync
        self.busy = False
        self.conflicts: dict[str, ConflictView] = {}
        self.rejections: dict[str, RejectedChange] = {}
        self.kept: list[KeptCopy] = []
        self.confirm_box: QMessageBox | None = None
        self._generation = 0
        self._decided_text = ""  # the last decision, until the sync that carries it ends
        self._decided_id = ""
        self.setObjectName("conflictCentre")
        self.setWindowTitle(self.tr("冲突与被拒绝的修改"))
        self.setModal(False)
        self.setWindowFlag(Qt.WindowType.WindowMaximizeButtonHint, True)

        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("conflictTabs")
        self.tabs.addTab(self._build_open_tab(), "")
        self.tabs.addTab(self._build_done_tab(), "")
        self.tabs.addTab(self._build_rejected_tab(), "")
        self.tabs.currentChanged.connect(self._tab_changed)

        self.message = QLabel(self)
        self.message.setObjectName("centreMessage")
        self.message.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        close = buttons.button(QDialogButtonBox.StandardButton.Close)
        close.setText(self.tr("关闭"))
        close.setAutoDefault(False)
        buttons.rejected.connect(self.reject)  # Esc closes too
        bottom = QHBoxLayout()
        bottom.addWidget(self.message, 1)
        bottom.addWidget(buttons)

        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs, 1)
        layout.addLayout(bottom)
        QShortcut(QKeySequence(QKeySequence.StandardKey.Refresh), self, self.refresh
                  ).setWhatsThis(self.tr("刷新"))  # named in 帮助 → 快捷键  # fmt: skip

        if sync is not None:
            sync.synced.connect(self._after_sync)
            sync.sync_failed.connect(self._after_sync)
        self._update_titles()
        self.resize(1100, 560)

    # -- building --------------------------------------------------------------------------
    def _build_open_tab(self) -> QWidget:
        page = QWidget(self)
        self.open_model = OpenConflictsModel(self)
        self.open_list = SnapshotList(page, "openConflictList", self.open_model)
        size_tree_columns(self.open_list,
                          {0: "居民“欧阳秀英（十二组 128-12号）”", 1: "身份证号码"}, 2)  # fmt: skip
        self.open_list.current_changed.connect(self._show_conflict)

        self.detail_stack = QStackedWidget(page)
        self.empty_label = QLabel(self.tr("没有待处理的冲突。"), page)
        self.empty_label.setObjectName("noConflictLabel")
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.detail_stack.addWidget(self.empty_label)
        self.detail_stack.addWidget(self._build_conflict_detail(page))

        splitter = QSplitter(Qt.Orientation.Horizontal, page)
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(self.open_list)
        splitter.addWidget(self.detail_stack)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 3)
        splitter.setSizes([470, 560])
        layout = QVBoxLayout(page)
        layout.addWidget(splitter)
        return page

    def _build_done_tab(self) -> QWidget:
        page = QWidget(self)
        self.done_model = DoneConflictsModel(self.workspace.actor, self)
        self.done_list = SnapshotList(page, "doneConflictList", self.done_model)
        size_tree_columns(self.done_list, {0: "张秀英（三组 128-12号）", 1: "身份证号码",
                                           2: "保留这条记录", 3: "138****5678",
                                           4: "网格员（worker1）", 5: "2026-12-31 23:59",
                                           6: "已决定，待同步"}, 0)  # fmt: skip
        layout = QVBoxLayout(page)
        layout.addWidget(self.done_list)
        return page

    # -- opening and loading ---------------------------------------------------------------
    def open_tab(self, tab: int = TAB_OPEN) -> None:
        """Show the window (non-modal) on ``tab`` and load fresh lists."""
        self.tabs.setCurrentIndex(tab)
        if not self.isVisible():
            self.show()
            keep_on_screen(self)  # 1100 px wide: more than a 1024 px screen has
        self.raise_()
        self.activateWindow()
        self.refresh()
        self._focus_list()

    def refresh(self) -> None:
        workspace = self.workspace
        self._generation += 1
        generation = self._generation

        def load() -> tuple[list[ConflictView], list[RejectedChange], list[KeptCopy]]:
            return (workspace.conflicts("all", translate),
                    workspace.rejected_changes(translate=translate),
                    workspace.kept_copies(translate=translate))  # fmt: skip

        self.tasks.run(load, on_success=lambda got: self._arrived(got, generation),
                       on_failure=self._failed)  # fmt: skip

    def _after_sync(self, result: object) -> None:
        if self._decided_text:
            if isinstance(result, BaseException):
                tail = self.tr("这次同步没有完成；决定已保存在本机，下次同步时提交。")
                self.message.setText(f"{self._decided_text}{tail}")
            elif self._decided_id in getattr(result, "resolved", ()):
                done = self.tr("已同步到平台。")
                self.message.setText(f"{self._decided_text}{done}")
                self._decided_text = ""
        if self.isVisible():
            self.refresh()

    def _arrived(
        self, got: tuple[list[ConflictView], list[RejectedChange], list[KeptCopy]],
        generation: int,
    ) -> None:  # fmt: skip
        if generation != self._generation:
            return  # a newer load is on its way
        conflicts, rejections, kept = got
        self.conflicts = {c.id: c for c in conflicts}
        self.rejections = {r.mutation_id: r for r in rejections}
        self.kept = kept
        self._fill_open([c for c in conflicts if c.state == "open"])
        handled = [c for c in conflicts if c.state != "open"]
        handled.sort(key=lambda c: (c.resolved_at or c.created_at), reverse=True)
        self._fill_done(handled)
        self._fill_rejected(rejections)
        self._fill_kept(kept)
        self._update_titles()
        self.loaded.emit()

    def _failed(self, exc: BaseException) -> None:
        self.busy = False
        self._enable_choices(True)
        show_error(self, exc)

    def _fill_open(self, items: list[ConflictView]) -> None:
        self.open_list.refill(items)
        self._show_conflict()

    def _fill_done(self, items: list[ConflictView]) -> None:
        self.done_list.refill(items)

    def _update_titles(self) -> None:
        open_count = self.open_model.rowCount()
        self.tabs.setTabText(TAB_OPEN, self.tr("待处理的冲突（{0}）").format(open_count))
        self.tabs.setTabText(TAB_DONE, self.tr("已处理（{0}）").format(
            self.done_model.rowCount()))  # fmt: skip
        self.tabs.setTabText(TAB_REJECTED, self.tr("被拒绝的修改（{0}）").format(
            self.rejected_model.rowCount()))  # fmt: skip

    def _tab_changed(self, _index: int) -> None:
        self._focus_list()

    def _focus_list(self) -> None:
        tree = {TAB_OPEN: self.open_list, TAB_DONE: self.done_list,
                TAB_REJECTED: self.rejected_list}.get(self.tabs.currentIndex())  # fmt: skip
        if tree is not None:
            tree.setFocus()

