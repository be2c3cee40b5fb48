"""更正 a saved visit: the amendable fields prefilled with their current values, and a reason.

Only what differs from the visit as it stands is recorded (``Workspace.amend_visit``), with
who, when and why; the original is kept. Saving with no change, or without a reason, is
refused in words next to the field. What is typed is kept as a draft until saved, so a crash
loses nothing; 取消 / Esc / the close box with unsaved edits ask whether to keep or discard it,
and a form filled from a draft says so (with 放弃草稿), as the other forms do.
"""

from __future__ import annotations

from datetime import timedelta
from itertools import pairwise
from typing import Any

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtGui import QCloseEvent, QFont, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from ..api import InvalidInput, Visit, Workspace, amend_draft_key
from ..domain.vocab import VisitType
from .draft_keeper import DraftKeeper, bound_to
from .draft_prompt import DraftBanner, close_dialog, confirm_cancel
from .errors import show_error
from .fields import (
    FindingsEditor,
    InlineMessage,
    OutcomeEditor,
    duration_spin,
    mark_invalid,
    select_code,
    vocab_combo,
)
from .messages import error_text
from .visit_view import duration_minutes

DRAFT_VERSION = 1


class AmendVisitDialog(QDialog):
    """``start(visit)``; emits ``saved(visit)`` with the amended visit."""

    saved = Signal(object)

    def __init__(self, workspace: Workspace, tasks: Any, parent: QWidget | None = None):
        super().__init__(parent)
        self._workspace, self._tasks = workspace, tasks
        self._visit: Visit | None = None
        self._saving = False
        self.setObjectName("amendVisit")
        self._build()
        self.keeper = DraftKeeper(workspace.drafts, tasks, self._draft_payload, parent=self)
        self.keeper.watch(
            self.visit_type, self.duration, self.people_met, self.summary, self.resolved,
            self.follow_up, self.follow_up_date, self.reason,
            *self.findings.checks.values(), *self.findings.texts.values(),
        )  # fmt: skip
        screen = self.screen().availableGeometry() if self.screen() else None
        height = 640 if screen is None else min(640, screen.height() - 80)
        self.resize(760, height)

    # -- building ------------------------------------------------------------------------
    def _build(self) -> None:
        self.heading = QLabel(self)
        font = QFont(self.heading.font())
        font.setPointSizeF(font.pointSizeF() * 1.2)
        font.setBold(True)
        self.heading.setFont(font)
        self.note = QLabel(
            self.tr("原记录不会被修改：更正会记下更正人、时间和原因，原内容保留可查。"), self
        )
        self.note.setWordWrap(True)
        self.restored_note = DraftBanner(self)
        self.restored_note.discard_requested.connect(self._discard_draft)

        self.visit_type = vocab_combo(VisitType, self)
        self.duration = duration_spin(self)
        self.time_message = InlineMessage(self)
        self.people_met = QLineEdit(self)
        self.people_met.setMaxLength(200)
        self.summary = QPlainTextEdit(self)
        self.summary.setTabChangesFocus(True)
        self.summary.setMinimumHeight(self.fontMetrics().lineSpacing() * 4 + 12)
        self.summary_message = InlineMessage(self)
        self.findings = FindingsEditor(self)
        self.outcome = OutcomeEditor(self)
        self.resolved = self.outcome.resolved
        self.follow_up = self.outcome.follow_up
        self.follow_up_date = self.outcome.follow_up_date
        self.follow_message = InlineMessage(self)
        self.reason = QLineEdit(self)
        self.reason.setObjectName("amendReason")
        self.reason.setMaxLength(200)
        self.reason.setPlaceholderText(self.tr("必填，如：见到的人写错了；补充群众诉求"))
        self.reason_message = InlineMessage(self)
        self.general_message = InlineMessage(self)

        self.save_button = QPushButton(self.tr("保存"), self)
        self.save_button.setToolTip(self.tr("保存更正（Ctrl+S）"))
        self.save_button.setDefault(True)
        self.save_button.clicked.connect(self.save)
        self.cancel_button = QPushButton(self.tr("取消"), self)
        self.cancel_button.setToolTip(self.tr("不保存（Esc）；有未保存的修改时先询问保留还是放弃"))
        self.cancel_button.clicked.connect(self.reject)

        body = QWidget(self)
        form = QFormLayout(body)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)

        def row(title: str, field: Any, buddy: QWidget | None = None) -> None:
            label = QLabel(title, body)
            if buddy is not None:
                label.setBuddy(buddy)
            form.addRow(label, field)

        when = QHBoxLayout()
        when.addWidget(self.visit_type)
        when.addSpacing(12)
        duration_label = QLabel(self.tr("时长(&D)："), body)
        duration_label.setBuddy(self.duration)
        when.addWidget(duration_label)
        when.addWidget(self.duration)
        when.addStretch(1)
        row(self.tr("走访类型(&T)："), when, self.visit_type)
        form.addRow("", self.time_message)
        row(self.tr("见到的人(&W)："), self.people_met, self.people_met)
        row(self.tr("走访情况(&M)："), self.summary, self.summary)
        form.addRow("", self.summary_message)
        row(self.tr("发现事项："), self.findings)
        row(self.tr("处理结果："), self.outcome)
        form.addRow("", self.follow_message)

        scroll = QScrollArea(self)
        scroll.setWidget(body)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)

        reason_row = QFormLayout()
        reason_label = QLabel(self.tr("更正原因(&Y)："), self)
        reason_label.setBuddy(self.reason)
        reason_row.addRow(reason_label, self.reason)
        reason_row.addRow("", self.reason_message)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.save_button)

        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.note)
        layout.addWidget(self.restored_note)
        layout.addWidget(scroll, 1)
        layout.addLayout(reason_row)
        layout.addWidget(self.general_message)
        layout.addLayout(buttons)

        order: list[QWidget] = [self.visit_type, self.duration, self.people_met, self.summary]
        order += self.findings.widgets()
        order += [*self.outcome.widgets(), self.reason, self.cancel_button, self.save_button]
        for first, second in pairwise(order):
            QWidget.setTabOrder(first, second)
        for sequence in (QKeySequence(QKeySequence.StandardKey.Save),
                         QKeySequence(Qt.Modifier.CTRL | Qt.Key.Key_Return)):  # fmt: skip
            QShortcut(sequence, self, self.save)

    # -- public API ----------------------------------------------------------------------
    def start(self, visit: Visit) -> None:
        """Open for ``visit`` (as it stands), or its unsaved draft if there is one."""
        if self._visit is not None and self._visit.id != visit.id:
            self.keeper.flush_if_pending()
        self._visit = visit
        self.setWindowTitle(self.tr("更正走访记录"))
        self.heading.setText(
            self.tr("更正 {0} 的走访记录").format(visit.started_at.strftime("%Y-%m-%d %H:%M"))
        )
        self._fill(visit)
        self.open()
        # Most corrections are to the summary: the cursor waits at its end.
        self.summary.setFocus(Qt.FocusReason.OtherFocusReason)
        self.summary.moveCursor(self.summary.textCursor().MoveOperation.End)
        visit_id = visit.id
        self.keeper.load(
            amend_draft_key(visit_id), lambda payload: self._draft_loaded(visit_id, payload)
        )

    def changes(self) -> dict[str, Any]:
        """The fields whose value differs from the visit as it stands, as the service takes
        them."""
        v = self._visit
        if v is None:
            return {}
        out: dict[str, Any] = {}
        if self.visit_type.currentData() != v.visit_type.value:
            out["visit_type"] = self.visit_type.currentData()
        minutes = self.duration.value()
        if minutes != (duration_minutes(v) or 0):
            out["ended_at"] = v.started_at + timedelta(minutes=minutes) if minutes else None
        if self.people_met.text().strip() != v.people_met:
            out["people_met"] = self.people_met.text().strip()
        if self.summary.toPlainText().strip() != v.summary:
            out["summary"] = self.summary.toPlainText().strip()
        findings = self.findings.values()
        if findings != [{"kind": f.kind.value, "text": f.text} for f in v.findings]:
            out["findings"] = findings
        if self.resolved.isChecked() != v.resolved_on_spot:
            out["resolved_on_spot"] = self.resolved.isChecked()
        follow = self.outcome.follow_up_on()
        if follow != v.follow_up_date:
            out["follow_up_date"] = follow
        return out

    def save(self) -> None:
        if self._saving or self._visit is None:
            return
        self._clear_errors()
        changes, reason = self.changes(), self.reason.text().strip()
        if not changes:
            self.general_message.show_error(
                self.tr("没有需要更正的内容：请先修改要更正的项目，再保存。")
            )
        if not reason:
            self.reason_message.show_error(self.tr("请填写更正原因：说明为什么要更正这条记录。"))
            mark_invalid(self.reason, True)
            self.reason.setFocus(Qt.FocusReason.OtherFocusReason)
        if not changes or not reason:
            return
        workspace, visit_id = self._workspace, self._visit.id
        self._set_saving(True)
        self._tasks.run(
            lambda: workspace.amend_visit(visit_id, reason=reason, **changes),
            on_success=bound_to(self, self._saved),
            on_failure=bound_to(self, self._failed, fallback=self._tasks.on_error),
        )

    def reject(self) -> None:
        """取消 / Esc: with unsaved edits, ask whether to keep them as a draft first."""
        if self._saving or confirm_cancel(self, self.keeper, on_discard=self.keeper.detach):
            super().reject()

    def closeEvent(self, event: QCloseEvent) -> None:
        close_dialog(self, event, self.keeper, saving=self._saving, on_discard=self.keeper.detach)

    # -- internals -----------------------------------------------------------------------
    def _fill(self, v: Visit) -> None:
        self.keeper.pause()
        try:
            self._clear_errors()
            self.restored_note.clear_message()
            select_code(self.visit_type, v.visit_type.value)
            self.duration.setValue(duration_minutes(v) or 0)
            self.people_met.setText(v.people_met)
            self.summary.setPlainText(v.summary)
            self.findings.set_findings(v.findings)
            self.outcome.set_outcome(v.resolved_on_spot, v.follow_up_date)
            self.reason.clear()
        finally:
            self.keeper.resume()

    def _draft_payload(self) -> dict[str, Any] | None:
        if self._visit is None or (not self.changes() and not self.reason.text().strip()):
            return None
        return {
            "version": DRAFT_VERSION,
            "visit_type": self.visit_type.currentData(),
            "duration_minutes": self.duration.value(),
            "people_met": self.people_met.text(),
            "summary": self.summary.toPlainText(),
            "findings": self.findings.values(),
            "resolved_on_spot": self.resolved.isChecked(),
            "follow_up": self.follow_up.isChecked(),
            "follow_up_date": self.follow_up_date.date().toString(Qt.DateFormat.ISODate),
            "reason": self.reason.text(),
        }

    def _draft_loaded(self, visit_id: str, payload: dict[str, Any] | None) -> None:
        if self._visit is None or self._visit.id != visit_id or not payload:
            return
        self.keeper.pause()
        try:
            select_code(self.visit_type, payload.get("visit_type"))
            self.duration.setValue(int(payload.get("duration_minutes") or 0))
            self.people_met.setText(str(payload.get("people_met", "")))
            self.summary.setPlainText(str(payload.get("summary", "")))
            for code, check in self.findings.checks.items():
                entry = next((f for f in payload.get("findings") or [] if f["kind"] == code), None)
                check.setChecked(entry is not None)
                self.findings.texts[code].setText(str((entry or {}).get("text", "")))
            self.resolved.setChecked(bool(payload.get("resolved_on_spot", True)))
            self.follow_up.setChecked(bool(payload.get("follow_up")))
            follow = QDate.fromString(str(payload.get("follow_up_date", "")),
                                      Qt.DateFormat.ISODate)  # fmt: skip
            if follow.isValid():  # after the tick, which moves a past date
                self.follow_up_date.setDate(follow)
            self.reason.setText(str(payload.get("reason", "")))
        finally:
            self.keeper.resume()
        self.restored_note.show_restored(self.keeper.restored_at)

    def _discard_draft(self) -> None:
        """The banner's 放弃草稿: delete the draft and show the visit as it stands again."""
        if self._saving or self._visit is None:
            return
        self.keeper.discard()
        self._fill(self._visit)
        self.summary.setFocus(Qt.FocusReason.OtherFocusReason)

    def _set_saving(self, saving: bool) -> None:
        self._saving = saving
        self.save_button.setEnabled(not saving)
        self.save_button.setText(self.tr("正在保存…") if saving else self.tr("保存"))
        if saving:
            self.keeper.pause()
        else:
            self.keeper.resume()

    def _saved(self, visit: Visit) -> None:
        self._set_saving(False)
        self.keeper.discard(amend_draft_key(visit.id))
        self.accept()
        self.saved.emit(visit)

    def _failed(self, exc: BaseException) -> None:
        self._set_saving(False)
        self.keeper.touch()
        if not isinstance(exc, InvalidInput):
            show_error(self, exc, self.tr("更正未能保存"))
            return
        targets = {
            "summary": (self.summary_message, self.summary),
            "ended_at": (self.time_message, self.duration),
            "visit_type": (self.time_message, self.visit_type),
            "follow_up_date": (self.follow_message, self.follow_up_date),
            "findings": (self.findings.message, None),
            "reason": (self.reason_message, self.reason),
        }
        for name, error in exc.errors.items():
            label, widget = targets.get(name, (self.general_message, None))
            label.show_error(error_text(error))
            if widget is not None:
                mark_invalid(widget, True)

    def _clear_errors(self) -> None:
        for label in (self.time_message, self.summary_message, self.findings.message,
                      self.follow_message, self.reason_message, self.general_message):  # fmt: skip
            label.clear_message()
        for widget in (self.summary, self.duration, self.visit_type, self.follow_up_date,
                       self.reason):  # fmt: skip
            mark_invalid(widget, False)
