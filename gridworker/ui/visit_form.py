"""Logging a visit 走访: the form a grid worker fills in most often.

The routine path is three keystrokes long: the main window's Ctrl+N opens the form with the
cursor in the summary, the worker types, Ctrl+S saves. Everything else has a sensible
default (常规走访, started now, resolved on the spot) or is optional, photos included.
What is typed is kept as a draft while typing, so a crash or a flat battery loses nothing.
Closing the form (关闭 / Esc) with unsaved edits asks whether to keep the draft or discard it
(the default is to go on editing); a kept draft comes back, marked by a banner, the next time
the same household's form opens.
"""

from __future__ import annotations

from itertools import pairwise
from typing import Any

from PySide6.QtCore import Qt, QTime, Signal
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QFont, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDateTimeEdit,
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

from ..api import InvalidInput, Visit, Workspace, visit_draft_key
from ..domain.vocab import VisitType
from .draft_keeper import DraftKeeper, bound_to
from .draft_prompt import DraftBanner, confirm_cancel
from .errors import show_error
from .fields import (
    FindingsEditor,
    InlineMessage,
    OutcomeEditor,
    duration_spin,
    mark_invalid,
    vocab_combo,
)
from .file_drops import FileDropRouter
from .flow_layout import FlowLayout, field_group
from .messages import error_text
from .photo_strip import PhotoStrip, local_paths
from .tasks import TaskRunner
from .visit_values import VisitFormValues


class VisitForm(VisitFormValues, QWidget):
    """Log one visit to one household. Embedded by the main window; see module docstring."""

    saved = Signal(str)  # the new visit's id
    closed = Signal()

    def __init__(self, workspace: Workspace, tasks: TaskRunner, parent: QWidget | None = None):
        super().__init__(parent)
        self._workspace, self._tasks = workspace, tasks
        self._household_id: str | None = None
        self._generation = 0  # bumps on every start(): late results for an old start are ignored
        self._saving = False
        self._save_when_photos_ready = False
        self.setAcceptDrops(True)
        self._build()
        self.keeper = DraftKeeper(workspace.drafts, tasks, self._draft_payload, parent=self)
        self.keeper.watch(
            self.visit_type, self.started_at, self.duration, self.people_met, self.summary,
            self.resolved, self.follow_up, self.follow_up_date,
            *self._finding_checks.values(), *self._finding_texts.values(),
        )
        self.photos.changed.connect(self.keeper.touch)
        self.photos.settled.connect(self._photos_settled)
        self.keeper.draft_saved.connect(self._draft_saved)
        self._reset()

    # -- building ------------------------------------------------------------------------
    def _build(self) -> None:
        self.title = QLabel(self)
        font = QFont(self.title.font())
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        self.title.setFont(font)
        self.title.setWordWrap(True)  # a long address must not widen the window
        self.restored_note = DraftBanner(self)
        self.restored_note.discard_requested.connect(self._discard_draft)

        self.visit_type = vocab_combo(VisitType, self)
        self.started_at = QDateTimeEdit(self)
        self.started_at.setDisplayFormat("yyyy-MM-dd HH:mm")
        self.started_at.setCalendarPopup(True)
        self.duration = duration_spin(self)
        self.duration.setToolTip(self.tr("走访用了多长时间（可不填）"))
        self.time_message = InlineMessage(self)

        self.people_met = QLineEdit(self)
        self.people_met.setMaxLength(200)
        self.people_met.setPlaceholderText(self.tr("如：户主本人、其女儿"))

        self.summary = QPlainTextEdit(self)
        self.summary.setTabChangesFocus(True)  # Tab leaves the field, as everywhere else
        self.summary.setPlaceholderText(
            self.tr("走访了解到的情况，如：身体状况良好，生活正常，无特殊诉求")
        )
        self.summary.setMinimumHeight(self.fontMetrics().lineSpacing() * 5 + 12)
        self.summary_message = InlineMessage(self)
        self.summary.textChanged.connect(self._summary_changed)

        findings_box = FindingsEditor(self)
        self.findings_editor = findings_box
        self._finding_checks = findings_box.checks
        self._finding_texts = findings_box.texts
        self.findings_message = findings_box.message

        self.outcome = OutcomeEditor(self)
        self.resolved = self.outcome.resolved
        self.follow_up = self.outcome.follow_up
        self.follow_up_date = self.outcome.follow_up_date
        self.follow_message = InlineMessage(self)

        self.photos = PhotoStrip(self._workspace, self._tasks, self)

        self.general_message = InlineMessage(self)
        self.draft_status = QLabel(self)
        self.draft_status.setStyleSheet("color: palette(mid);")
        self.save_button = QPushButton(self.tr("保存"), self)
        self.save_button.setToolTip(self.tr("保存走访记录（Ctrl+S 或 Ctrl+Enter）"))
        self.save_button.setDefault(True)
        self.save_button.clicked.connect(self.save)
        self.close_button = QPushButton(self.tr("关闭"), self)
        self.close_button.setToolTip(self.tr("关闭表单（Esc）；有未保存的内容时先询问保留还是放弃"))
        self.close_button.clicked.connect(self.close_form)

        # -- layout: header, scrollable body, fixed button bar ------------------------------
        body = QWidget(self)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)

        when = FlowLayout(spacing=12)  # one line where there is room, else it wraps
        when.addWidget(self.visit_type)
        started_label = QLabel(self.tr("开始时间(&B)："), body)
        started_label.setBuddy(self.started_at)
        when.addWidget(field_group(body, started_label, self.started_at))
        duration_label = QLabel(self.tr("时长(&D)："), body)
        duration_label.setBuddy(self.duration)
        when.addWidget(field_group(body, duration_label, self.duration))
        type_label = QLabel(self.tr("走访类型(&T)："), body)
        type_label.setBuddy(self.visit_type)
        form.addRow(type_label, when)
        form.addRow("", self.time_message)

        people_label = QLabel(self.tr("见到的人(&W)："), body)
        people_label.setBuddy(self.people_met)
        form.addRow(people_label, self.people_met)

        summary_label = QLabel(self.tr("走访情况(&M)："), body)
        summary_label.setBuddy(self.summary)
        summary_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        form.addRow(summary_label, self.summary)
        form.addRow("", self.summary_message)

        findings_label = QLabel(self.tr("发现事项："), body)
        findings_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        findings_label.setContentsMargins(0, 4, 0, 0)
        form.addRow(findings_label, findings_box)

        outcome = FlowLayout(spacing=24)
        outcome.addWidget(self.resolved)
        outcome.addWidget(field_group(body, self.follow_up, self.follow_up_date))
        form.addRow(self.tr("处理结果："), outcome)
        form.addRow("", self.follow_message)

        form.addRow(self.tr("照片："), self.photos)

        body_layout = QVBoxLayout(body)
        body_layout.addLayout(form)
        body_layout.addStretch(1)

        scroll = QScrollArea(self)
        scroll.setWidget(body)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        # The form reflows to the pane's width; a horizontal scroll bar only in a pane
        # narrower than its narrowest layout, so no field is ever out of reach.
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)

        buttons = QHBoxLayout()
        buttons.addWidget(self.draft_status, 1)
        buttons.addWidget(self.close_button)
        buttons.addWidget(self.save_button)

        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.restored_note)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.general_message)
        layout.addLayout(buttons)

        # Tab order follows the screen, top to bottom; start() puts the cursor in the summary.
        order: list[QWidget] = [
            self.visit_type, self.started_at, self.duration, self.people_met, self.summary,
        ]
        order += self.findings_editor.widgets()
        order += [
            self.resolved, self.follow_up, self.follow_up_date, self.photos.add_button,
            self.photos.remove_button, self.photos.list, self.close_button, self.save_button,
        ]
        for first, second in pairwise(order):
            QWidget.setTabOrder(first, second)

        context = Qt.ShortcutContext.WidgetWithChildrenShortcut
        for sequence in (
            QKeySequence(QKeySequence.StandardKey.Save),
            QKeySequence(Qt.Modifier.CTRL | Qt.Key.Key_Return),
            QKeySequence(Qt.Modifier.CTRL | Qt.Key.Key_Enter),
        ):
            QShortcut(sequence, self, self.save, context=context).setWhatsThis(
                self.tr("保存走访记录")
            )  # the whatsThis names it in 帮助 → 快捷键
        QShortcut(QKeySequence(Qt.Key.Key_Escape), self, self.close_form, context=context
                  ).setWhatsThis(self.tr("关闭走访表单"))  # fmt: skip

        self.drop_router = FileDropRouter(self.photos, self)
        for edit in (self.people_met, *self._finding_texts.values()):
            edit.installEventFilter(self.drop_router)
        self.summary.viewport().installEventFilter(self.drop_router)

    # -- public API ----------------------------------------------------------------------
    def start(self, household_id: str, title: str) -> None:
        """Open the form for ``household_id``: its draft if there is one, else defaults."""
        if self._household_id is not None and self._household_id != household_id:
            self.keeper.flush_if_pending()
        self._generation += 1
        generation = self._generation
        self._household_id = household_id
        self.title.setText(self.tr("走访：{0}").format(title))
        self._reset()
        self.summary.setFocus(Qt.FocusReason.OtherFocusReason)
        self.keeper.load(
            visit_draft_key(household_id), lambda payload: self._draft_loaded(generation, payload)
        )

    @property
    def household_id(self) -> str | None:
        return self._household_id

    def save(self) -> None:
        """Validate the summary inline, then log the visit in the background."""
        if self._saving or self._household_id is None:
            return
        self._clear_errors()
        if not self.summary.toPlainText().strip():
            self._show_field_error("summary", self.tr("请填写走访情况摘要"))
            self.summary.setFocus(Qt.FocusReason.OtherFocusReason)
            return
        if self.photos.busy():
            # Wait for the photos instead of dropping them; saving continues by itself.
            self._save_when_photos_ready = True
            self.general_message.show_hint(self.tr("正在处理照片，处理完成后自动保存…"))
            return
        self._save_when_photos_ready = False
        values = self._values()
        photos = self.photos.photos()
        household_id, key, workspace = self._household_id, visit_draft_key(self._household_id), \
            self._workspace
        generation = self._generation

        def work() -> Visit:
            # The draft is deleted in the visit's own transaction: never both, never neither.
            return workspace.log_visit(household_id, photos=photos, draft_key=key, **values)

        self._set_saving(True)
        self._tasks.run(
            work,
            on_success=bound_to(self, lambda visit: self._saved(generation, visit)),
            on_failure=bound_to(self, self._save_failed, fallback=self._tasks.on_error),
        )

    def close_form(self) -> None:
        """关闭 / Esc: with unsaved edits, ask whether to keep them as a draft; tell the host.

        (Leaving the form another way, e.g. by choosing another household, keeps the draft
        without asking: it comes back, marked, when this household's form opens again.)
        """
        if self._saving or confirm_cancel(self, self.keeper, on_discard=self._discarded):
            self.closed.emit()

    # -- events --------------------------------------------------------------------------
    def hideEvent(self, event: Any) -> None:
        self.keeper.flush_if_pending()
        super().hideEvent(event)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if local_paths(event.mimeData()):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragMoveEvent(self, event: Any) -> None:
        if local_paths(event.mimeData()):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        paths = local_paths(event.mimeData())
        if paths:
            event.acceptProposedAction()
            self.photos.add_paths(paths)
        else:
            event.ignore()

    # -- state changes -------------------------------------------------------------------
    def _draft_loaded(self, generation: int, payload: dict[str, Any] | None) -> None:
        if generation != self._generation or not payload:
            return
        typed = self.summary.toPlainText()  # typed while the draft was on its way
        self.keeper.pause()
        try:
            self._apply_draft(payload)
            if typed.strip():
                restored = self.summary.toPlainText()
                self.summary.setPlainText(f"{restored}\n{typed}" if restored else typed)
        finally:
            self.keeper.resume()
        if typed.strip():
            self.keeper.touch()
        self.restored_note.show_restored(self.keeper.restored_at)
        cursor = self.summary.textCursor()
        cursor.movePosition(cursor.MoveOperation.End)
        self.summary.setTextCursor(cursor)

    def _discarded(self) -> None:
        """The draft is gone: clear the form, so nothing in it (a photo still being
        processed) writes the draft again."""
        self._reset()
        self.keeper.detach()

    def _discard_draft(self) -> None:
        """The banner's 放弃草稿: delete the draft and start again from a blank form."""
        if self._saving:
            return
        self.keeper.discard()
        self._reset()
        self.summary.setFocus(Qt.FocusReason.OtherFocusReason)

    def _summary_changed(self) -> None:
        if self.summary_message.is_error and self.summary.toPlainText().strip():
            self.summary_message.clear_message()
            mark_invalid(self.summary, False)

    def _photos_settled(self) -> None:
        if self._save_when_photos_ready:
            self.general_message.clear_message()
            self.save()

    def _draft_saved(self) -> None:
        self.draft_status.setText(
            self.tr("草稿已自动保存 {0}").format(QTime.currentTime().toString("HH:mm:ss"))
        )

    def _set_saving(self, saving: bool) -> None:
        self._saving = saving
        self.save_button.setEnabled(not saving)
        self.save_button.setText(self.tr("正在保存…") if saving else self.tr("保存"))
        # Typing during the (short) save would be lost by the reset that follows success.
        self.summary.setReadOnly(saving)
        self.people_met.setReadOnly(saving)
        if saving:
            self.keeper.pause()
        else:
            self.keeper.resume()

    def _saved(self, generation: int, visit: Visit) -> None:
        self._set_saving(False)
        if generation == self._generation:
            self._reset()
            self.summary.setFocus(Qt.FocusReason.OtherFocusReason)
        self.saved.emit(visit.id)

    def _save_failed(self, exc: BaseException) -> None:
        self._set_saving(False)
        self.keeper.touch()  # whatever happened, what was typed goes to the draft
        if isinstance(exc, InvalidInput):
            first = None
            for name, error in exc.errors.items():
                widget = self._show_field_error(name, error_text(error))
                first = first or widget
            if first is not None:
                first.setFocus(Qt.FocusReason.OtherFocusReason)
            return
        show_error(self, exc, self.tr("走访记录未能保存"))

    # -- inline errors -------------------------------------------------------------------
    def _show_field_error(self, name: str, message: str) -> QWidget | None:
        targets: dict[str, tuple[InlineMessage, QWidget | None]] = {
            "summary": (self.summary_message, self.summary),
            "started_at": (self.time_message, self.started_at),
            "ended_at": (self.time_message, self.duration),
            "visit_type": (self.time_message, self.visit_type),
            "follow_up_date": (self.follow_message, self.follow_up_date),
            "findings": (self.findings_message, None),
            "photos": (self.photos.message, None),
            "people_met": (self.general_message, self.people_met),
        }
        label, widget = targets.get(name, (self.general_message, None))
        if label.is_error and label.text() and message not in label.text():
            message = f"{label.text()}\n{message}"
        label.show_error(message)
        if widget is not None:
            mark_invalid(widget, True)
        return widget

    def _clear_errors(self) -> None:
        for label in (
            self.summary_message, self.time_message, self.follow_message,
            self.findings_message, self.general_message,
        ):
            label.clear_message()
        for widget in (
            self.summary, self.started_at, self.duration, self.visit_type,
            self.follow_up_date, self.people_met,
        ):
            mark_invalid(widget, False)

