"""The 待处理的冲突 tab's detail: one conflict's three values side by side and the choices its
kind offers (采用我的 / 采用平台的 / 填写新值 for a field, 保留 / 删除 otherwise); a decision is
written through the TaskRunner and a sync carries it to the centre.

A mixin of :class:`~gridworker.ui.conflict_centre.ConflictCentre` (its widgets live on the
centre, where tests and the status bar reach them)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from ..api import ConflictView, InvalidInput, conflict_field_options, conflict_kind_text
from .conflict_lists import choice_button, value_box
from .conflict_models import choice_text
from .conflict_state import ConflictCentreState
from .errors import show_error
from .fields import InlineMessage, mark_invalid, vocab_label
from .messages import error_text, message_text, translate


class ConflictDecision(ConflictCentreState):
    """Building and driving the conflict detail; the centre supplies the rest."""

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
        self.base_value = value_box(box, "baseValue")
        self.mine_value = value_box(box, "mineValue")
        self.theirs_value = value_box(box, "theirsValue")
        for column, (title, value) in enumerate(
            ((self.base_title, self.base_value), (self.mine_title, self.mine_value),
             (self.theirs_title, self.theirs_value))
        ):  # fmt: skip
            title.setBuddy(value)
            grid.addWidget(title, 0, column)
            grid.addWidget(value, 1, column)
            grid.setColumnStretch(column, 1)

        self.mine_button = choice_button(box, "mineButton", self.tr("采用我的(&M)"),
                                         self.tr("把这一项改回我填写的值"))  # fmt: skip
        self.theirs_button = choice_button(box, "theirsButton", self.tr("采用平台的(&T)"),
                                           self.tr("保留平台上的值，放弃我的修改"))  # fmt: skip
        self.keep_button = choice_button(box, "keepButton", self.tr("保留这条记录(&K)"),
                                         self.tr("这条记录继续保留"))  # fmt: skip
        self.delete_button = choice_button(box, "deleteButton", self.tr("同意删除(&D)"),
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
        self.new_button = choice_button(self.new_box, "newButton", self.tr("填写新值(&N)"),
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


    # -- one conflict ----------------------------------------------------------------------
    def current_conflict(self) -> ConflictView | None:
        key = self.open_list.current_key()
        return self.conflicts.get(key) if key is not None else None

    def _show_conflict(self) -> None:
        view = self.current_conflict()
        self._clear_new_error()
        if view is None:
            self.detail_stack.setCurrentIndex(0)
            return
        self.detail_stack.setCurrentIndex(1)
        where = message_text("row_where", entity=view.entity_label, row=view.row_label)
        self.heading.setText(f"{where} · {view.field_label}" if view.field_label else where)
        self.kind_label.setText(conflict_kind_text(view.kind, translate))
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

        options = conflict_field_options(view.entity, view.field) if field_kind else None
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
        where = message_text("row_where", entity=view.entity_label, row=view.row_label)
        if view.field_label:
            where += f" · {view.field_label}"
        self._decided_id = view.id
        self._decided_text = self.tr("已记录：{0}，{1}。").format(
            where, choice_text(view.kind, view.choice))  # fmt: skip
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

