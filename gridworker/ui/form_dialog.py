"""The frame of the editor dialogs (resident, household): heading, notes, 取消 / 保存, the
draft kept while typing, saving through the TaskRunner, service errors under their fields.

A subclass builds its fields, sets ``self.keeper`` (a :class:`DraftKeeper` over them), and
provides ``_key()`` (the draft key), ``_apply_draft(payload)``, ``_reopen()``,
``_error_targets()`` and ``_not_saved_title()``; it calls :meth:`_submit` from its ``save``.

Cancel means cancel, here once for every editor: 取消, Esc and the window's close box ask
whether to keep or discard unsaved edits (:func:`confirm_cancel`); a program close (the app
quitting) keeps the draft without asking. A form filled from a draft shows a
:class:`DraftBanner` with the draft's time and 放弃草稿, which deletes the draft and shows the
record (or a blank form) again.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from itertools import pairwise
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QCloseEvent, QFont, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QFrame,
    QLabel,
    QLayout,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from ..api import InvalidInput, Workspace
from .draft_keeper import DraftKeeper, bound_to
from .draft_prompt import DraftBanner, close_dialog, confirm_cancel
from .errors import show_error
from .fields import InlineMessage, button_row, show_field_errors
from .tasks import TaskRunner
from .window_geometry import GrowWithContents, keep_on_screen, natural_height


def _tr(text: str) -> str:
    return QCoreApplication.translate("FormDialog", text)


class FormDialog(QDialog):
    """Non-modal: shown with ``show()``, not ``open()`` (window-modal, it would lock the main
    window, while a worker often needs the household beside the editor)."""

    keeper: DraftKeeper

    def __init__(self, workspace: Workspace, tasks: TaskRunner, parent: QWidget | None = None):
        super().__init__(parent)
        self._workspace, self._tasks = workspace, tasks
        self._original: dict[str, Any] = {}
        self._saving = False
        self._generation = 0
        self.setModal(False)
        self.heading = QLabel(self)
        font = QFont(self.heading.font())
        font.setPointSizeF(font.pointSizeF() * 1.2)
        font.setBold(True)
        self.heading.setFont(font)
        self.status_note = InlineMessage(self)
        self.restored_note = DraftBanner(self)
        self.restored_note.discard_requested.connect(self._discard_draft)
        self.general_message = InlineMessage(self)
        self.cancel_button = QPushButton(_tr("取消"), self)
        self.cancel_button.setToolTip(_tr("关闭（Esc）；有未保存的修改时先询问保留还是放弃"))
        self.cancel_button.clicked.connect(self.reject)
        self.save_button = QPushButton(_tr("保存"), self)
        self.save_button.setToolTip(_tr("保存（Ctrl+S）"))
        self.save_button.setDefault(True)
        self.save_button.clicked.connect(self.save)
        QShortcut(QKeySequence(QKeySequence.StandardKey.Save), self, self.save).setWhatsThis(
            _tr("保存表单")
        )  # the whatsThis names it in 帮助 → 快捷键

    # -- to provide ----------------------------------------------------------------------
    def save(self) -> None:
        raise NotImplementedError

    def _key(self) -> str:
        raise NotImplementedError

    def _apply_draft(self, payload: dict[str, Any]) -> None:
        raise NotImplementedError

    def _reopen(self) -> None:
        """Show the record (or a blank form) again, as when it was opened."""
        raise NotImplementedError

    def _error_targets(self) -> Mapping[str, tuple[InlineMessage, QWidget]]:
        raise NotImplementedError

    def _not_saved_title(self) -> str:
        raise NotImplementedError

    def _saved(self, result: Any) -> None:
        raise NotImplementedError

    # -- shared --------------------------------------------------------------------------
    def _lay_out(
        self, body: Sequence[QLayout], extra_buttons: Sequence[QWidget], order: Sequence[QWidget]
    ) -> None:
        """Heading, notes, ``body``, the general message, then the buttons (``extra_buttons``
        at the left); Tab goes through ``order`` (the fields), 保存, 取消, the extra buttons."""
        # The fields scroll on a small screen; heading, notes and buttons stay where they are.
        fields = QWidget(self)
        fields_layout = QVBoxLayout(fields)
        fields_layout.setContentsMargins(0, 0, 0, 0)
        for part in body:
            fields_layout.addLayout(part)
        fields_layout.addWidget(self.general_message)
        fields_layout.addStretch(1)
        self.scroll_area = QScrollArea(self)
        self.scroll_area.setWidget(fields)
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setFrameShape(QFrame.Shape.NoFrame)
        layout = QVBoxLayout(self)
        for widget in (self.heading, self.status_note, self.restored_note):
            layout.addWidget(widget)
        layout.addWidget(self.scroll_area, 1)
        layout.addLayout(button_row(extra_buttons, (self.cancel_button, self.save_button)))
        chain = [*order, self.save_button, self.cancel_button, *extra_buttons]
        for first, second in pairwise(chain):
            QWidget.setTabOrder(first, second)

    def _fit_to_contents(self, width: int) -> None:
        """Tall enough for every field without scrolling, growing when a message appears;
        :meth:`_present` fits the dialog to the screen, where the fields scroll if they must."""
        self.resize(width, natural_height(self, self.scroll_area))
        self._grow = GrowWithContents(self, self.scroll_area)

    def _present(self) -> None:
        self.show()
        keep_on_screen(self)
        self.raise_()
        self.activateWindow()

    def _next_generation(self) -> int:
        """A new record is opening: save what is pending for the old one and keep no drafts
        until this one's draft is loaded (nothing shown until then is the worker's); answers
        that were asked for the old one are ignored from now on."""
        self.keeper.detach()
        self._generation += 1
        return self._generation

    def _load_draft(self, generation: int) -> None:
        self.keeper.load(self._key(), bound_to(self, lambda p: self._draft_loaded(generation, p)))

    def _draft_loaded(self, generation: int, payload: dict[str, Any] | None) -> None:
        if generation != self._generation or not payload:
            return
        self.keeper.pause()
        try:
            self._apply_draft(payload)
        finally:
            self.keeper.resume()
        self.restored_note.show_restored(self.keeper.restored_at)

    def _discard_draft(self) -> None:
        """The banner's 放弃草稿: delete the draft and show the record (or a blank form)."""
        if self._saving:
            return
        self.keeper.discard()
        self._reopen()

    def _load_failed(self, heading: str, exc: BaseException) -> None:
        self.heading.setText(heading)
        show_error(self, exc)

    def _submit(
        self,
        values: dict[str, Any],
        create: Callable[[dict[str, Any]], Any] | None,
        update: Callable[[dict[str, Any]], Any],
    ) -> None:
        """Save in the background: ``create(values)`` for a new record (``create`` given),
        else ``update(changes)`` with what differs from ``_original`` (nothing: just close).
        The draft goes in the same job, once the record is written."""
        if create is None:
            changes = {k: v for k, v in values.items() if self._original.get(k) != v}
            if not changes:
                self.keeper.discard()
                self.accept()
                return

            def write() -> Any:
                return update(changes)
        else:

            def write() -> Any:
                return create(values)

        drafts, key = self._workspace.drafts, self._key()

        def work() -> Any:
            result = write()
            drafts.discard(key)
            return result

        self._set_saving(True)
        self._tasks.run(
            work,
            on_success=bound_to(self, self._saved_ok),
            on_failure=bound_to(self, self._save_failed, fallback=self._tasks.on_error),
        )

    def _set_saving(self, saving: bool) -> None:
        self._saving = saving
        self.save_button.setEnabled(not saving)
        self.save_button.setText(_tr("正在保存…") if saving else _tr("保存"))
        if saving:
            self.keeper.pause()
        else:
            self.keeper.resume()

    def _saved_ok(self, result: Any) -> None:
        self._set_saving(False)
        self._saved(result)

    def _save_failed(self, exc: BaseException) -> None:
        self._set_saving(False)
        self.keeper.touch()  # what was typed stays a draft until it is saved
        if not isinstance(exc, InvalidInput):
            show_error(self, exc, self._not_saved_title())
            return
        first = show_field_errors(exc.errors, self._error_targets(), self.general_message)
        if first is not None:
            first.setFocus(Qt.FocusReason.OtherFocusReason)

    def reject(self) -> None:
        """取消 / Esc: with unsaved edits, ask whether to keep them as a draft first."""
        # While saving, the edits are on their way to the record: nothing to ask.
        if self._saving or confirm_cancel(self, self.keeper, on_discard=self.keeper.detach):
            super().reject()

    def closeEvent(self, event: QCloseEvent) -> None:
        close_dialog(self, event, self.keeper, saving=self._saving, on_discard=self.keeper.detach)
