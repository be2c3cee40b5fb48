"""The 被拒绝的修改 tab: each change the centre refused (why, the fields as sent, masked),
with 保留本地副本 (a read-only copy, never synced) or 放弃这条修改 (after a confirmation), and
the copies kept so far.

A mixin of :class:`~gridworker.ui.conflict_centre.ConflictCentre` (its widgets live on the
centre, where tests reach them)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from ..api import KeptCopy, RejectedChange
from .conflict_lists import SnapshotList, choice_button, size_tree_columns, value_box
from .conflict_models import KeptModel, RejectedModel, when
from .conflict_state import ConflictCentreState
from .errors import show_error
from .messages import message_text, translate


class RejectedChanges(ConflictCentreState):
    """Building and driving the rejected-changes tab; the centre supplies the rest."""

    def _build_rejected_tab(self) -> QWidget:
        page = QWidget(self)
        self.rejected_model = RejectedModel(self)
        self.rejected_list = SnapshotList(page, "rejectedList", self.rejected_model)
        size_tree_columns(self.rejected_list, {0: "张秀英（三组 128-12号）", 1: "修改",
                                               3: "2026-12-31 23:59"}, 2)  # fmt: skip
        self.rejected_list.current_changed.connect(self._show_rejection)

        detail = QWidget(page)
        self.reason_label = QLabel(detail)
        self.reason_label.setObjectName("rejectionReason")
        self.reason_label.setWordWrap(True)
        self.reason_label.setTextFormat(Qt.TextFormat.PlainText)
        self.reason_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.reason_label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.change_label = value_box(detail, "rejectedFields")
        self.keep_copy_button = choice_button(
            detail, "keepCopyButton", self.tr("保留本地副本(&C)"),
            self.tr("在本机保留这条修改的只读副本（不会同步），然后不再提交它"),
        )  # fmt: skip
        self.discard_button = choice_button(
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
        self.kept_model = KeptModel(self)
        self.kept_list = SnapshotList(kept_box, "keptList", self.kept_model)
        size_tree_columns(self.kept_list, {0: "张秀英（三组 128-12号）", 1: "修改",
                                           2: "联系电话：138****5678", 4: "2026-12-31 23:59"},
                          3)  # fmt: skip
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


    def _fill_rejected(self, items: list[RejectedChange]) -> None:
        self.rejected_list.refill(items)
        self._show_rejection()

    def _fill_kept(self, items: list[KeptCopy]) -> None:
        self.kept_list.refill(items)

    # -- rejected changes ------------------------------------------------------------------
    def current_rejection(self) -> RejectedChange | None:
        key = self.rejected_list.current_key()
        return self.rejections.get(key) if key is not None else None

    def _show_rejection(self) -> None:
        r = self.current_rejection()
        if r is None:
            self.reason_label.setText(self.tr("没有被拒绝的修改。"))
            self.change_label.setText("")
            self.change_label.hide()
        else:
            self.reason_label.setText(
                self.tr("{0}“{1}”的{2}（{3}）没有被平台接受：{4}").format(
                    r.entity_label, r.row_label, r.op_label, when(r.changed_at), r.reason
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

