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

from datetime import datetime
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSizePolicy,
    QSplitter,
    QStackedWidget,
    QTabWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ..api import ConflictView, InvalidInput, KeptCopy, RejectedChange, Workspace
from ..services.wording import field_options, kind_text, state_text
from .columns import size_columns
from .errors import show_error
from .fields import InlineMessage, mark_invalid, vocab_label
from .messages import error_text, message_text, translate
from .sync_controller import SyncController
from .tasks import TaskRunner
from .window_geometry import keep_on_screen

ID_ROLE = Qt.ItemDataRole.UserRole
TAB_OPEN, TAB_DONE, TAB_REJECTED = range(3)


def _where(view: ConflictView | RejectedChange | KeptCopy) -> str:
    """Which record, as a worker recognises it: 居民“张三（一组 5号）”."""
    return message_text("row_where", entity=view.entity_label, row=view.row_label)


def _when(moment: datetime | None) -> str:
    """Stored times are naive local time: shown as date and HH:MM."""
    return moment.strftime("%Y-%m-%d %H:%M") if moment is not None else "—"


def _tree(parent: QWidget, name: str, headers: list[str]) -> QTreeWidget:
    tree = QTreeWidget(parent)
    tree.setObjectName(name)
    tree.setColumnCount(len(headers))
    tree.setHeaderLabels(headers)
    tree.setRootIsDecorated(False)
    tree.setUniformRowHeights(True)
    tree.setAlternatingRowColors(True)
    tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    tree.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    tree.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    tree.header().setStretchLastSection(False)
    tree.header().setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
    return tree


def _size_columns(tree: QTreeWidget, samples: dict[int, str], stretch: int) -> None:
    size_columns(tree, {column: [sample] for column, sample in samples.items()}, stretch)


def _value_box(parent: QWidget, name: str) -> QLabel:
    label = QLabel(parent)
    label.setObjectName(name)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.setFrameShape(QFrame.Shape.StyledPanel)
    label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
    label.setMargin(6)
    label.setMinimumWidth(150)
    label.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
    return label


def _button(parent: QWidget, name: str, text: str, tip: str) -> QPushButton:
    button = QPushButton(text, parent)
    button.setObjectName(name)
    button.setToolTip(tip)
    button.setAutoDefault(False)  # Enter in a list or field never decides anything
    return button


class ConflictCentre(QDialog):
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
        QShortcut(QKeySequence(QKeySequence.StandardKey.Refresh), self, activated=self.refresh
                  ).setWhatsThis(self.tr("刷新"))  # named in 帮助 → 快捷键  # fmt: skip

        if sync is not None:
            sync.synced.connect(self._after_sync)
            sync.sync_failed.connect(self._after_sync)
        self._update_titles()
        self.resize(1100, 560)

    # -- building --------------------------------------------------------------------------
    def _build_open_tab(self) -> QWidget:
        page = QWidget(self)
        self.open_list = _tree(page, "openConflictList",
                               [self.tr("记录"), self.tr("项目"), self.tr("情况")])  # fmt: skip
        _size_columns(self.open_list, {0: "居民“欧阳秀英（十二组 128-12号）”", 1: "身份证号码"}, 2)
        self.open_list.currentItemChanged.connect(lambda *_: self._show_conflict())

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

    def _build_conflict_detail(self, parent: QWidget) -> QWidget:
        box = QWidget(parent)
        self.heading = QLabel(box)
        self.heading.setObjectName("conflictHeading")
        self.heading.setWordWrap(True)
        self.heading.setTextFormat(Qt.TextFormat.PlainText)
        font = QFont(self.heading.font())
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.1)
        self.heading.setFont(font)
        self.kind_label = QLabel(box)
        self.kind_label.setObjectName("conflictKind")
        self.kind_label.setWordWrap(True)

        grid = QGridLayout()
        grid.setHorizontalSpacing(8)
        self.base_title = QLabel(self.tr("原来的值"), box)
        self.mine_title = QLabel(self.tr("我的修改"), box)
        self.theirs_title = QLabel(self.tr("平台上的值"), box)
        self.base_value = _value_box(box, "baseValue")
        self.mine_value = _value_box(box, "mineValue")
        self.theirs_value = _value_box(box, "theirsValue")
        for column, (title, value) in enumerate(
            ((self.base_title, self.base_value), (self.mine_title, self.mine_value),
             (self.theirs_title, self.theirs_value))
        ):  # fmt: skip
            title.setBuddy(value)
            grid.addWidget(title, 0, column)
            grid.addWidget(value, 1, column)
            grid.setColumnStretch(column, 1)

        self.mine_button = _button(box, "mineButton", self.tr("采用我的(&M)"),
                                   self.tr("把这一项改回我填写的值"))  # fmt: skip
        self.theirs_button = _button(box, "theirsButton", self.tr("采用平台的(&T)"),
                                     self.tr("保留平台上的值，放弃我的修改"))  # fmt: skip
        self.keep_button = _button(box, "keepButton", self.tr("保留这条记录(&K)"),
                                   self.tr("这条记录继续保留"))  # fmt: skip
        self.delete_button = _button(box, "deleteButton", self.tr("同意删除(&D)"),
                                     self.tr("删除这条记录"))  # fmt: skip
        self.mine_button.clicked.connect(lambda: self.decide("mine"))
        self.theirs_button.clicked.connect(lambda: self.decide("theirs"))
        self.keep_button.clicked.connect(lambda: self.decide("keep"))
        self.delete_button.clicked.connect(self._delete_clicked)
        choice_row = QHBoxLayout()
        for button in (self.mine_button, self.theirs_button, self.keep_button,
                       self.delete_button):  # fmt: skip
            choice_row.addWidget(button)
        choice_row.addStretch(1)

        self.new_box = QWidget(box)
        self.new_label = QLabel(self.tr("新值(&V)："), self.new_box)
        self.new_edit = QLineEdit(self.new_box)
        self.new_edit.setObjectName("newValueEdit")
        self.new_edit.setPlaceholderText(self.tr("填写这一项的正确值"))
        self.new_edit.returnPressed.connect(lambda: self.decide("new"))
        self.new_edit.textEdited.connect(lambda _t: self._clear_new_error())
        self.new_combo = QComboBox(self.new_box)
        self.new_combo.setObjectName("newValueCombo")
        self.new_combo.activated.connect(lambda _i: self._clear_new_error())
        self.new_button = _button(self.new_box, "newButton", self.tr("填写新值(&N)"),
                                  self.tr("用新填写的值代替双方的值"))  # fmt: skip
        self.new_button.clicked.connect(lambda: self.decide("new"))
        new_row = QHBoxLayout(self.new_box)
        new_row.setContentsMargins(0, 0, 0, 0)
        new_row.addWidget(self.new_label)
        new_row.addWidget(self.new_edit, 1)
        new_row.addWidget(self.new_combo, 1)
        new_row.addWidget(self.new_button)
        self.new_error = InlineMessage(box)
        self.new_error.setObjectName("newValueError")

        self.hint_label = QLabel(
            self.tr("选择后立即记录在本机，并自动同步到平台；处理结果可在“已处理”中查看。"), box
        )
        self.hint_label.setObjectName("conflictHint")
        self.hint_label.setWordWrap(True)
        self.hint_label.setStyleSheet("color: #666;")

        layout = QVBoxLayout(box)
        layout.setContentsMargins(8, 0, 0, 0)
        layout.addWidget(self.heading)
        layout.addWidget(self.kind_label)
        layout.addSpacing(6)
        layout.addLayout(grid)
        layout.addSpacing(10)
        layout.addLayout(choice_row)
        layout.addWidget(self.new_box)
        layout.addWidget(self.new_error)
        layout.addSpacing(6)
        layout.addWidget(self.hint_label)
        layout.addStretch(1)
        return box

    def _build_done_tab(self) -> QWidget:
        page = QWidget(self)
        headers = [self.tr("记录"), self.tr("项目"), self.tr("处理方式"), self.tr("采用的值"),
                   self.tr("处理人"), self.tr("处理时间"), self.tr("状态")]  # fmt: skip
        self.done_list = _tree(page, "doneConflictList", headers)
        _size_columns(self.done_list, {0: "张秀英（三组 128-12号）", 1: "身份证号码",
                                       2: "保留这条记录", 3: "138****5678",
                                       4: "网格员（worker1）", 5: "2026-12-31 23:59",
                                       6: "已决定，待同步"}, 0)  # fmt: skip
        layout = QVBoxLayout(page)
        layout.addWidget(self.done_list)
        return page

    def _build_rejected_tab(self) -> QWidget:
        page = QWidget(self)
        self.rejected_list = _tree(page, "rejectedList", [self.tr("记录"), self.tr("修改"),
                                                          self.tr("原因"), self.tr("修改时间")])
        _size_columns(self.rejected_list, {0: "张秀英（三组 128-12号）", 1: "修改",
                                           3: "2026-12-31 23:59"}, 2)  # fmt: skip
        self.rejected_list.currentItemChanged.connect(lambda *_: self._show_rejection())

        detail = QWidget(page)
        self.reason_label = QLabel(detail)
        self.reason_label.setObjectName("rejectionReason")
        self.reason_label.setWordWrap(True)
        self.reason_label.setTextFormat(Qt.TextFormat.PlainText)
        self.reason_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.reason_label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.change_label = _value_box(detail, "rejectedFields")
        self.keep_copy_button = _button(
            detail, "keepCopyButton", self.tr("保留本地副本(&C)"),
            self.tr("在本机保留这条修改的只读副本（不会同步），然后不再提交它"),
        )  # fmt: skip
        self.discard_button = _button(
            detail, "discardButton", self.tr("放弃这条修改(&G)"),
            self.tr("不再提交这条修改，也不保留副本"),
        )  # fmt: skip
        self.keep_copy_button.clicked.connect(self.keep_copy)
        self.discard_button.clicked.connect(self.confirm_discard)
        buttons = QHBoxLayout()
        buttons.addWidget(self.keep_copy_button)
        buttons.addWidget(self.discard_button)
        buttons.addStretch(1)
        detail_layout = QVBoxLayout(detail)
        detail_layout.setContentsMargins(8, 0, 0, 0)
        detail_layout.addWidget(self.reason_label)
        detail_layout.addWidget(self.change_label, 1)
        detail_layout.addLayout(buttons)

        top = QSplitter(Qt.Orientation.Horizontal, page)
        top.setChildrenCollapsible(False)
        top.addWidget(self.rejected_list)
        top.addWidget(detail)
        top.setSizes([520, 480])

        kept_box = QGroupBox(self.tr("已保留的副本（只读，不会同步）"), page)
        self.kept_list = _tree(kept_box, "keptList", [self.tr("记录"), self.tr("修改"),
                                                      self.tr("内容"), self.tr("被拒绝的原因"),
                                                      self.tr("保留时间")])  # fmt: skip
        _size_columns(self.kept_list, {0: "张秀英（三组 128-12号）", 1: "修改",
                                       2: "联系电话：138****5678", 4: "2026-12-31 23:59"}, 3)
        kept_layout = QVBoxLayout(kept_box)
        kept_layout.addWidget(self.kept_list)

        splitter = QSplitter(Qt.Orientation.Vertical, page)
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(top)
        splitter.addWidget(kept_box)
        splitter.setSizes([330, 200])
        layout = QVBoxLayout(page)
        layout.addWidget(splitter)
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

    # -- filling ---------------------------------------------------------------------------
    @staticmethod
    def _refill(tree: QTreeWidget, rows: list[tuple[str, list[str]]]) -> None:
        """Replace the rows, keeping the current one where it still exists."""
        current = tree.currentItem()
        keep = current.data(0, ID_ROLE) if current is not None else None
        row_before = tree.indexOfTopLevelItem(current) if current is not None else 0
        tree.blockSignals(True)
        try:
            tree.clear()
            chosen = None
            for key, texts in rows:
                item = QTreeWidgetItem(texts)
                item.setData(0, ID_ROLE, key)
                for column, text in enumerate(texts):
                    item.setToolTip(column, text)
                tree.addTopLevelItem(item)
                if key == keep:
                    chosen = item
            if chosen is None and tree.topLevelItemCount():
                chosen = tree.topLevelItem(min(max(row_before, 0), tree.topLevelItemCount() - 1))
            if chosen is not None:
                tree.setCurrentItem(chosen)
        finally:
            tree.blockSignals(False)

    def kind_word(self, kind: str) -> str:
        """What happened, in a few words for the list (the detail says it in full)."""
        words = {
            "field": self.tr("双方都改了"), "update_vs_delete": self.tr("平台已删除"),
            "delete_vs_update": self.tr("平台已修改"),
        }  # fmt: skip
        return words.get(kind, kind)

    def _fill_open(self, items: list[ConflictView]) -> None:
        self._refill(self.open_list, [
            (c.id, [_where(c), c.field_label or "—",
                    self.kind_word(c.kind)])
            for c in items
        ])  # fmt: skip
        for row, c in enumerate(items):
            item = self.open_list.topLevelItem(row)
            item.setToolTip(2, kind_text(c.kind, translate))
        self._show_conflict()

    def _fill_done(self, items: list[ConflictView]) -> None:
        self._refill(self.done_list, [
            (c.id, [_where(c), c.field_label or "—",
                    self.choice_text(c.kind, c.choice), c.value_text(),
                    self.who(c.resolved_by), _when(c.resolved_at),
                    state_text(c.state, translate)])
            for c in items
        ])  # fmt: skip

    def _fill_rejected(self, items: list[RejectedChange]) -> None:
        self._refill(self.rejected_list, [
            (r.mutation_id, [_where(r), r.op_label, r.reason,
                             _when(r.changed_at)])
            for r in items
        ])  # fmt: skip
        self._show_rejection()

    def _fill_kept(self, items: list[KeptCopy]) -> None:
        self._refill(self.kept_list, [
            (k.id, [_where(k), k.op_label,
                    self.tr("；").join(message_text("value.pair", label=label, value=text)
                                      for label, text in k.fields) or "—",
                    k.reason, _when(k.kept_at)])
            for k in items
        ])  # fmt: skip

    def _update_titles(self) -> None:
        open_count = self.open_list.topLevelItemCount()
        self.tabs.setTabText(TAB_OPEN, self.tr("待处理的冲突（{0}）").format(open_count))
        self.tabs.setTabText(TAB_DONE, self.tr("已处理（{0}）").format(
            self.done_list.topLevelItemCount()))  # fmt: skip
        self.tabs.setTabText(TAB_REJECTED, self.tr("被拒绝的修改（{0}）").format(
            self.rejected_list.topLevelItemCount()))  # fmt: skip

    def _tab_changed(self, _index: int) -> None:
        self._focus_list()

    def _focus_list(self) -> None:
        tree = {TAB_OPEN: self.open_list, TAB_DONE: self.done_list,
                TAB_REJECTED: self.rejected_list}.get(self.tabs.currentIndex())  # fmt: skip
        if tree is not None:
            tree.setFocus()

    # -- words -----------------------------------------------------------------------------
    def choice_text(self, kind: str, choice: str | None) -> str:
        """A decision in plain words (the same words as the buttons, without mnemonics)."""
        texts = {
            "mine": self.tr("采用我的值"), "theirs": self.tr("采用平台的值"),
            "new": self.tr("填写新值"), "keep": self.tr("保留这条记录"),
            "accept_delete": self.tr("同意删除"),
        }  # fmt: skip
        if kind == "delete_vs_update" and choice == "mine":
            return self.tr("仍然删除")
        return texts.get(choice or "", choice or "—")

    def who(self, username: str | None) -> str:
        if not username:
            return "—"
        actor = self.workspace.actor
        if username == actor.username and actor.display_name != username:
            return self.tr("{0}（{1}）").format(actor.display_name, username)
        return username

    # -- one conflict ----------------------------------------------------------------------
    def current_conflict(self) -> ConflictView | None:
        item = self.open_list.currentItem()
        return self.conflicts.get(item.data(0, ID_ROLE)) if item is not None else None

    def _show_conflict(self) -> None:
        view = self.current_conflict()
        self._clear_new_error()
        if view is None:
            self.detail_stack.setCurrentIndex(0)
            return
        self.detail_stack.setCurrentIndex(1)
        where = _where(view)
        self.heading.setText(f"{where} · {view.field_label}" if view.field_label else where)
        self.kind_label.setText(kind_text(view.kind, translate))
        self.base_value.setText(view.side_text("base"))
        self.mine_value.setText(view.side_text("mine"))
        self.theirs_value.setText(view.side_text("theirs"))

        field_kind = view.kind == "field"
        choices = set(view.choices)
        self.mine_button.setVisible(field_kind and "mine" in choices)
        self.theirs_button.setVisible(field_kind and "theirs" in choices)
        self.new_box.setVisible(field_kind and "new" in choices)
        self.keep_button.setVisible(not field_kind and "keep" in choices)
        self.delete_button.setVisible(not field_kind)
        if view.kind == "delete_vs_update":
            self.delete_button.setText(self.tr("仍然删除(&D)"))
            self.delete_button.setToolTip(self.tr("删除这条记录，不管平台上的修改"))
            self.keep_button.setToolTip(self.tr("不删除了，保留平台上修改后的记录"))
        else:
            self.delete_button.setText(self.tr("同意删除(&D)"))
            self.delete_button.setToolTip(self.tr("同意平台删除这条记录，放弃我的修改"))
            self.keep_button.setToolTip(self.tr("恢复这条记录，并保留我的修改"))
        self.delete_button.setEnabled("accept_delete" in choices or "mine" in choices)

        options = field_options(view.entity, view.field) if field_kind else None
        self.new_edit.setVisible(options is None)
        self.new_combo.setVisible(options is not None)
        self.new_edit.clear()
        self.new_combo.clear()
        for member in options or ():
            self.new_combo.addItem(vocab_label(member), member.value)
        self.new_label.setBuddy(self.new_combo if options is not None else self.new_edit)
        self._enable_choices(not self.busy)

    def _enable_choices(self, enabled: bool) -> None:
        for widget in (self.mine_button, self.theirs_button, self.keep_button,
                       self.delete_button, self.new_button, self.new_edit, self.new_combo,
                       self.keep_copy_button, self.discard_button):  # fmt: skip
            widget.setEnabled(enabled)
        if enabled:
            view = self.current_conflict()
            if view is not None and view.kind != "field":
                choices = set(view.choices)
                self.delete_button.setEnabled("accept_delete" in choices or "mine" in choices)
            has_rejection = self.current_rejection() is not None
            self.keep_copy_button.setEnabled(has_rejection)
            self.discard_button.setEnabled(has_rejection)

    def _clear_new_error(self) -> None:
        self.new_error.clear_message()
        mark_invalid(self.new_edit, False)

    def _delete_clicked(self) -> None:
        view = self.current_conflict()
        if view is None:
            return
        self.decide("mine" if view.kind == "delete_vs_update" else "accept_delete")

    def decide(self, choice: str) -> None:
        """Write the decision for the selected conflict, then sync it to the centre."""
        view = self.current_conflict()
        if view is None or self.busy:
            return
        value: Any = None
        if choice == "new":
            if self.new_combo.isVisible():
                value = self.new_combo.currentData()
            else:
                value = self.new_edit.text().strip()
                if not value:
                    self._new_error(self.tr("请填写新值，或选择采用我的或平台的值。"))
                    return
        self._clear_new_error()
        self.busy = True
        self._enable_choices(False)
        workspace = self.workspace
        conflict_id = view.id

        def work() -> ConflictView:
            return workspace.resolve_conflict(conflict_id, choice, value, translate)

        self.tasks.run(work, on_success=self._decided, on_failure=self._not_decided)

    def _decided(self, view: ConflictView) -> None:
        self.busy = False
        self._enable_choices(True)
        where = _where(view)
        if view.field_label:
            where += f" · {view.field_label}"
        self._decided_id = view.id
        self._decided_text = self.tr("已记录：{0}，{1}。").format(
            where, self.choice_text(view.kind, view.choice))  # fmt: skip
        self.message.setText(self._decided_text + self.tr("正在同步到平台…"))
        self.resolved.emit(view.id)
        self.changed.emit()
        self.refresh()
        if self.sync is not None:
            self.sync.sync_now(manual=False)

    def _not_decided(self, exc: BaseException) -> None:
        self.busy = False
        self._enable_choices(True)
        view = self.current_conflict()
        if isinstance(exc, InvalidInput) and view is not None:
            error = exc.errors.get(view.field or "") or next(iter(exc.errors.values()), None)
            if error is not None:
                self._new_error(error_text(error))
                return
        show_error(self, exc)
        self.refresh()  # it may have been decided elsewhere (the CLI) meanwhile

    def _new_error(self, text: str) -> None:
        self.new_error.show_error(text)
        if self.new_edit.isVisible():
            mark_invalid(self.new_edit, True)
            self.new_edit.setFocus()
            self.new_edit.selectAll()

    # -- rejected changes ------------------------------------------------------------------
    def current_rejection(self) -> RejectedChange | None:
        item = self.rejected_list.currentItem()
        return self.rejections.get(item.data(0, ID_ROLE)) if item is not None else None

    def _show_rejection(self) -> None:
        r = self.current_rejection()
        if r is None:
            self.reason_label.setText(self.tr("没有被拒绝的修改。"))
            self.change_label.setText("")
            self.change_label.hide()
        else:
            self.reason_label.setText(
                self.tr("{0}“{1}”的{2}（{3}）没有被平台接受：{4}").format(
                    r.entity_label, r.row_label, r.op_label, _when(r.changed_at), r.reason
                )
            )
            lines = [message_text("value.pair", label=label, value=text)
                     for label, text in r.fields]  # fmt: skip
            self.change_label.setText(
                self.tr("这次{0}的内容：").format(r.op_label) + "\n" + "\n".join(lines)
                if lines else self.tr("这次{0}没有具体内容。").format(r.op_label)
            )  # fmt: skip
            self.change_label.show()
        self._enable_choices(not self.busy)

    def keep_copy(self) -> None:
        r = self.current_rejection()
        if r is None or self.busy:
            return
        self._handle_rejection(r, keep=True)

    def confirm_discard(self) -> None:
        """Ask first: a discarded change is not kept anywhere but the journal's record."""
        r = self.current_rejection()
        if r is None or self.busy:
            return
        box = QMessageBox(self)
        box.setObjectName("confirmDiscard")
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle(self.tr("放弃这条修改"))
        box.setText(self.tr("放弃对{0}“{1}”的{2}？它不会再提交到平台，也不保留副本。").format(
            r.entity_label, r.row_label, r.op_label))  # fmt: skip
        discard = box.addButton(self.tr("放弃(&G)"), QMessageBox.ButtonRole.DestructiveRole)
        cancel = box.addButton(self.tr("取消"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(cancel)
        box.setEscapeButton(cancel)
        mutation_id = r.mutation_id

        def answered() -> None:
            self.confirm_box = None
            if box.clickedButton() is discard:
                chosen = self.rejections.get(mutation_id)
                if chosen is not None:
                    self._handle_rejection(chosen, keep=False)

        box.finished.connect(lambda _result: answered())
        self.confirm_box = box
        box.open()

    def _handle_rejection(self, r: RejectedChange, *, keep: bool) -> None:
        self.busy = True
        self._enable_choices(False)
        workspace = self.workspace
        mutation_id = r.mutation_id

        def work() -> object:
            if keep:
                return workspace.keep_rejected_copy(mutation_id, translate)
            workspace.dismiss_rejection(mutation_id)
            return None

        def done(_result: object) -> None:
            self.busy = False
            self._enable_choices(True)
            if keep:
                text = self.tr("已保留本地副本：{0}“{1}”的{2}。副本只读，不会同步。")
            else:
                text = self.tr("已放弃对{0}“{1}”的{2}。")
            self.message.setText(text.format(r.entity_label, r.row_label, r.op_label))
            self.changed.emit()
            self.refresh()

        self.tasks.run(work, on_success=done, on_failure=self._not_handled)

    def _not_handled(self, exc: BaseException) -> None:
        self.busy = False
        self._enable_choices(True)
        show_error(self, exc)
        self.refresh()
