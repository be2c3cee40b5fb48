"""The resident editor's audited actions: revealing the full ID number or phone (a reason is
asked for and ``Workspace.reveal`` records it) and marking a resident moved out or deceased.

A mixin of :class:`~gridworker.ui.resident_editor.ResidentEditor`."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QInputDialog

from ..api import InvalidInput, Resident
from ..domain.codes import UnknownCode
from ..domain.vocab import ResidentStatus
from .draft_keeper import bound_to
from .errors import show_error
from .fields import vocab_label
from .messages import error_text
from .resident_values import ResidentEditorState


class ResidentRevealStatus(ResidentEditorState):
    """Reveals masked numbers and marks the resident's status."""

    def _reveal(self, field: str) -> None:
        resident_id = self._resident_id
        if resident_id is None or field not in self._masked:
            return
        label = self.tr("公民身份号码") if field == "citizen_id" else self.tr("联系电话")
        reason, ok = QInputDialog.getText(
            self,
            self.tr("修改{0}").format(label),
            self.tr("查看完整{0}需要说明理由（将记入审计日志）：").format(label),
        )
        if not ok:
            return
        message = self.citizen_id_message if field == "citizen_id" else self.phone_message
        workspace = self._workspace
        generation = self._generation

        def revealed(value: str) -> None:
            if generation != self._generation:
                return
            self._original[field] = value
            self._masked.discard(field)
            edit = self.citizen_id if field == "citizen_id" else self.phone
            button = self.reveal_id_button if field == "citizen_id" else self.reveal_phone_button
            self.keeper.pause()
            try:
                edit.setReadOnly(False)
                edit.setText(value)
            finally:
                self.keeper.resume()
            button.setVisible(False)
            message.clear_message()
            edit.setFocus(Qt.FocusReason.OtherFocusReason)
            edit.selectAll()

        def refused(exc: BaseException) -> None:
            if isinstance(exc, InvalidInput):
                message.show_error(error_text(exc))
            else:
                show_error(self, exc)

        self._tasks.run(
            lambda: workspace.reveal(resident_id, field, reason=reason),
            on_success=bound_to(self, revealed),
            on_failure=bound_to(self, refused, fallback=self._tasks.on_error),
        )

    def _mark(self, status: ResidentStatus) -> None:
        resident_id = self._resident_id
        if resident_id is None:
            return
        name = self.name.text().strip() or self._original.get("name", "")
        if status == ResidentStatus.MOVED_OUT:
            title = self.tr("标记为迁出")
            prompt = self.tr("确认将“{0}”标记为迁出？\n可填写备注（可选），如迁往何处：")
            action = self._workspace.mark_moved_out
        else:
            title = self.tr("标记为死亡")
            prompt = self.tr("确认将“{0}”标记为死亡？\n可填写备注（可选），如死亡日期：")
            action = self._workspace.mark_deceased
        note, ok = QInputDialog.getText(self, title, prompt.format(name))
        if not ok:
            return

        def done(resident: Resident) -> None:
            # The service appended the note to the stored remark; show it unless the worker
            # is in the middle of editing the remark (then their text wins on save).
            if self.note.toPlainText().strip() == self._original.get("note", ""):
                self.keeper.pause()
                try:
                    self.note.setPlainText(resident.note)
                finally:
                    self.keeper.resume()
            self._original["note"] = resident.note
            self._show_status(resident.status)
            self.saved.emit(resident.id)

        self._tasks.run(
            lambda: action(resident_id, note),
            on_success=bound_to(self, done),
            on_failure=bound_to(self, lambda exc: show_error(self, exc),
                                fallback=self._tasks.on_error),
        )

    def _show_status(self, status: ResidentStatus | UnknownCode) -> None:
        active = status == ResidentStatus.ACTIVE
        self.moved_out_button.setEnabled(active)
        self.deceased_button.setEnabled(active)
        if active:
            self.status_note.clear_message()
        else:
            self.status_note.show_hint(self.tr("当前状态：{0}").format(vocab_label(status)))
