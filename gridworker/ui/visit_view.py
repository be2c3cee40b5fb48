"""A saved visit 走访记录, read in full: every field, its photos and its corrections.

A visit is evidence and is never edited: a correction (更正) is an amendment with who, when
and why, and the original stays. So the view shows the visit as it stands *and*, under it,
each amendment with the field's text before and after it; the first "before" is what was
logged. Opened from the household page's visit timeline (double-click, Enter or its context
menu); non-modal, so the household stays beside it. Loading goes through the TaskRunner.
"""

from __future__ import annotations

import html
from datetime import date, datetime
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtGui import QFont, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from ..api import FieldChange, Visit, VisitRecord, Workspace
from ..domain.entities import Finding
from .draft_keeper import bound_to
from .errors import readable
from .fields import InlineMessage, vocab_label
from .household_model import sync_label, sync_reason
from .photo_viewer import PhotoGallery
from .tasks import TaskRunner


def _tr(text: str) -> str:
    return QCoreApplication.translate("VisitView", text)


def field_title(name: str) -> str:
    """The label of an amendable visit field (as in the visit form)."""
    titles = {
        "visit_type": _tr("走访类型"),
        "ended_at": _tr("结束时间"),
        "people_met": _tr("见到的人"),
        "summary": _tr("走访情况"),
        "findings": _tr("发现事项"),
        "resolved_on_spot": _tr("当场解决"),
        "follow_up_date": _tr("跟进日期"),
    }
    return titles.get(name, name)


def findings_text(findings: tuple[Finding, ...] | list[Finding]) -> str:
    lines = []
    for f in findings:
        label = vocab_label(f.kind)
        lines.append(_tr("{0}：{1}").format(label, f.text) if f.text else label)
    return "\n".join(lines)


def duration_minutes(visit: Visit, ended: datetime | None = None) -> int | None:
    end = ended if ended is not None else visit.ended_at
    if end is None:
        return None
    return max(0, round((end - visit.started_at).total_seconds() / 60))


def value_text(name: str, value: Any, visit: Visit) -> str:
    """A field's value in words: vocabulary labels translated, empty said as （无）."""
    if name == "findings":
        text = findings_text(value)
    elif name == "resolved_on_spot":
        text = _tr("是") if value else _tr("否，需要跟进")
    elif name == "ended_at":
        minutes = duration_minutes(visit, value)
        text = "" if value is None else _tr("{0}（时长 {1} 分钟）").format(
            value.strftime("%Y-%m-%d %H:%M"), minutes
        )
    elif isinstance(value, datetime):
        text = value.strftime("%Y-%m-%d %H:%M")
    elif isinstance(value, date):
        text = value.isoformat()
    elif value is None:
        text = ""
    elif hasattr(value, "label"):
        text = vocab_label(value)
    else:
        text = str(value)
    return text.strip() or _tr("（无）")


def _rich(text: str) -> str:
    """Plain text (typed by a person) safely inside a rich-text label."""
    return html.escape(text).replace("\n", "<br>")


def amendment_html(
    author: str, when: datetime, reason: str, changes: tuple[FieldChange, ...], visit: Visit
) -> str:
    cell = "<td style='padding:2px 8px;{0}'>{1}</td>"
    rows = "".join(
        "<tr>"
        + cell.format(" color:#5f6368;", _rich(field_title(c.field)))
        + cell.format(" color:#8a5a00;", _rich(value_text(c.field, c.before, visit)))
        + cell.format("", _rich(value_text(c.field, c.after, visit)))
        + "</tr>"
        for c in changes
    )
    head = _tr("{0}　{1} 更正").format(when.strftime("%Y-%m-%d %H:%M"), author)
    return (
        f"<b>{_rich(head)}</b><br>"
        f"{_rich(_tr('更正原因：{0}').format(reason))}"
        "<table style='margin-top:4px;'>"
        f"<tr><th align='left' style='padding-right:8px;'>{_rich(_tr('项目'))}</th>"
        f"<th align='left' style='padding:0 8px;'>{_rich(_tr('原内容'))}</th>"
        f"<th align='left' style='padding:0 8px;'>{_rich(_tr('更正为'))}</th></tr>"
        f"{rows}</table>"
    )


class VisitView(QDialog):
    """``show_visit(visit_id)``: the visit in full; 更正… amends it (see module docstring)."""

    amended = Signal(str, str)  # household id, visit id
    loaded = Signal(object)  # the VisitRecord now on screen

    def __init__(self, workspace: Workspace, tasks: TaskRunner, parent: QWidget | None = None):
        super().__init__(parent)
        self._workspace, self._tasks = workspace, tasks
        self._record: VisitRecord | None = None
        self._visit_id: str | None = None
        self._request = 0
        self._amend_after_load = False
        self.amend_dialog: Any = None
        self.setObjectName("visitView")
        self.setModal(False)
        self.setWindowTitle(self.tr("走访记录"))
        self._build()
        screen = self.screen().availableGeometry() if self.screen() else None
        width, height = 880, 700
        if screen is not None:
            width, height = min(width, screen.width() - 40), min(height, screen.height() - 60)
        self.resize(width, height)

    # -- building ------------------------------------------------------------------------
    def _build(self) -> None:
        self.heading = QLabel(self)
        font = QFont(self.heading.font())
        font.setPointSizeF(font.pointSizeF() * 1.25)
        font.setBold(True)
        self.heading.setFont(font)
        self.heading.setWordWrap(True)
        self.sync_line = QLabel(self)
        self.sync_line.setObjectName("visitSync")
        self.sync_line.setWordWrap(True)

        body = QWidget(self)
        self.form = QFormLayout()
        self.form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.values: dict[str, QLabel] = {}
        self.titles: dict[str, QLabel] = {}
        rows = (
            ("when", self.tr("走访时间：")), ("visit_type", self.tr("走访类型：")),
            ("people_met", self.tr("见到的人：")), ("summary", self.tr("走访情况：")),
            ("findings", self.tr("发现事项：")), ("outcome", self.tr("处理结果：")),
            ("visitor", self.tr("记录人：")), ("logged", self.tr("记录时间：")),
            ("sync", self.tr("同步状态：")),
        )  # fmt: skip
        for key, title in rows:
            label = QLabel(title, body)
            value = QLabel(body)
            value.setWordWrap(True)
            value.setTextFormat(Qt.TextFormat.PlainText)
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            value.setObjectName(f"visit_{key}")
            self.form.addRow(label, value)
            self.titles[key], self.values[key] = label, value

        self.photos_title = QLabel(body)
        self.photos_title.setObjectName("sectionTitle")
        self.gallery = PhotoGallery(self._workspace, self._tasks, body)
        self.history_title = QLabel(body)
        self.history_title.setObjectName("sectionTitle")
        self.history_box = QVBoxLayout()
        self.history_box.setSpacing(8)
        self.history_labels: list[QLabel] = []

        body_layout = QVBoxLayout(body)
        body_layout.addLayout(self.form)
        body_layout.addSpacing(6)
        body_layout.addWidget(self.photos_title)
        body_layout.addWidget(self.gallery)
        body_layout.addSpacing(6)
        body_layout.addWidget(self.history_title)
        body_layout.addLayout(self.history_box)
        body_layout.addStretch(1)

        self.scroll_area = QScrollArea(self)
        self.scroll_area.setObjectName("visitViewScroll")
        self.scroll_area.setWidget(body)
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.scroll_area.setFocusPolicy(Qt.FocusPolicy.StrongFocus)  # arrows and PgUp/PgDn scroll

        self.message = InlineMessage(self)
        self.amend_button = QPushButton(self.tr("更正(&A)…"), self)
        self.amend_button.setObjectName("amendButton")
        self.amend_button.setToolTip(
            self.tr("记录一条更正（Ctrl+E）：原记录保留，更正记下更正人、时间和原因")
        )
        self.amend_button.clicked.connect(self.amend)
        self.amend_button.setAutoDefault(False)  # Enter closes a record being read
        self.close_button = QPushButton(self.tr("关闭"), self)
        self.close_button.setToolTip(self.tr("关闭（Esc）"))
        self.close_button.clicked.connect(self.close)
        self.close_button.setDefault(True)

        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.amend_button)
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.sync_line)
        layout.addWidget(self.scroll_area, 1)
        layout.addWidget(self.message)
        layout.addLayout(buttons)

        QShortcut(QKeySequence("Ctrl+E"), self, self.amend)
        QWidget.setTabOrder(self.scroll_area, self.gallery.list)
        QWidget.setTabOrder(self.gallery.list, self.amend_button)
        QWidget.setTabOrder(self.amend_button, self.close_button)

    # -- public API ----------------------------------------------------------------------
    @property
    def record(self) -> VisitRecord | None:
        return self._record

    @property
    def visit_id(self) -> str | None:
        return self._visit_id

    def show_visit(self, visit_id: str, *, amend: bool = False) -> None:
        """Show the dialog and load ``visit_id`` in the background; ``amend``: then open the
        correction form at once (the timeline's 更正… menu entry)."""
        self._visit_id = visit_id
        self._amend_after_load = amend
        if self._record is None or self._record.visit.id != visit_id:
            self._record = None
            self.heading.setText(self.tr("正在载入走访记录…"))
            self.amend_button.setEnabled(False)
        self.show()
        self.raise_()
        self.activateWindow()
        self.reload()

    def reload(self) -> None:
        if self._visit_id is None:
            return
        self._request += 1
        request, workspace, visit_id = self._request, self._workspace, self._visit_id
        self._tasks.run(
            lambda: workspace.visit_record(visit_id),
            on_success=bound_to(self, lambda record: self._show(request, record)),
            on_failure=bound_to(self, lambda exc: self._failed(request, exc)),
        )

    def amend(self) -> Any:
        """Open the correction form for the visit on screen (prefilled with its values)."""
        if self._record is None:
            return None
        if self.amend_dialog is None:
            from .visit_amend import AmendVisitDialog  # loaded on first use

            self.amend_dialog = AmendVisitDialog(self._workspace, self._tasks, self)
            self.amend_dialog.saved.connect(self._amended)
        self.amend_dialog.start(self._record.visit)
        return self.amend_dialog

    # -- showing -------------------------------------------------------------------------
    def _failed(self, request: int, exc: BaseException) -> None:
        if request != self._request:
            return
        self.heading.setText(self.tr("走访记录未能载入"))
        self.message.show_error(readable(exc))

    def _show(self, request: int, record: VisitRecord) -> None:
        if request != self._request:
            return
        same_photos = (
            self._record is not None and self._record.visit.photos == record.visit.photos
        )
        if self._record is None or self._record.visit.id != record.visit.id:
            self.message.clear_message()  # "更正已保存" stays while the same visit reloads
        self._record = record
        self.amend_button.setEnabled(True)
        v = record.visit
        self.setWindowTitle(self.tr("走访记录 — {0}").format(record.household.address))
        self.heading.setText(
            self.tr("{0} 的走访（{1}）").format(
                record.household.address or self.tr("（未填写地址）"),
                v.started_at.strftime("%Y-%m-%d"),
            )
        )
        sync = sync_label(record.sync, self.tr("已同步") if v.version > 0 else self.tr("仅在本机"))
        why = sync_reason(record.sync)
        self.values["sync"].setText(f"{sync}\n{why}" if why else sync)
        self.sync_line.setVisible(bool(record.history))
        self.sync_line.setText(
            self.tr("本记录已更正 {0} 次；下方显示更正后的内容，原内容见“更正记录”。").format(
                len(record.history)
            )
        )

        changed = {c.field for step in record.history for c in step.changes}
        minutes = duration_minutes(v)
        when = v.started_at.strftime("%Y-%m-%d %H:%M")
        if v.ended_at is not None:
            when = self.tr("{0} – {1}（{2} 分钟）").format(
                when, v.ended_at.strftime("%H:%M"), minutes
            )
        outcome = self.tr("当场解决") if v.resolved_on_spot else self.tr("需要跟进")
        if v.follow_up_date is not None:
            outcome += self.tr("，跟进日期 {0}").format(v.follow_up_date.isoformat())
        me = self._workspace.actor
        visitor = v.visitor
        if me.username == v.visitor and me.display_name:
            visitor = self.tr("{0}（{1}）").format(me.display_name, v.visitor)
        texts = {
            "when": when,
            "visit_type": value_text("visit_type", v.visit_type, v),
            "people_met": value_text("people_met", v.people_met, v),
            "summary": value_text("summary", v.summary, v),
            "findings": findings_text(v.findings) or self.tr("无"),
            "outcome": outcome,
            "visitor": visitor,
            "logged": value_text("created_at", v.created_at, v),
        }
        fields_of = {"when": {"ended_at"}, "outcome": {"resolved_on_spot", "follow_up_date"}}
        for key, text in texts.items():
            self.values[key].setText(text)
            amended = bool(changed & fields_of.get(key, {key}))
            self.values[key].setToolTip(self.tr("已更正，原内容见“更正记录”") if amended else "")
            title = self.titles[key]
            title.setStyleSheet("color: #8a5a00; font-weight: bold;" if amended else "")

        self.photos_title.setText(
            self.tr("照片（{0} 张）").format(len(v.photos)) if v.photos else self.tr("照片：无")
        )
        self.gallery.setVisible(bool(v.photos))
        if not same_photos:
            self.gallery.set_photos(v.photos)
        self._show_history(record)
        self.loaded.emit(record)
        if self._amend_after_load:
            self._amend_after_load = False
            self.amend()

    def _show_history(self, record: VisitRecord) -> None:
        for label in self.history_labels:
            label.deleteLater()
        self.history_labels = []
        if not record.history:
            self.history_title.setText(self.tr("更正记录：无"))
            return
        self.history_title.setText(
            self.tr("更正记录（{0} 条，原记录保留）").format(len(record.history))
        )
        for step in record.history:
            a = step.amendment
            label = QLabel(
                amendment_html(a.author, a.created_at, a.reason, step.changes, record.visit),
                self.scroll_area.widget(),
            )
            label.setObjectName("amendmentEntry")
            label.setTextFormat(Qt.TextFormat.RichText)
            label.setWordWrap(True)
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            label.setFrameShape(QFrame.Shape.StyledPanel)
            label.setStyleSheet("QLabel#amendmentEntry { background: #fffaf0; padding: 6px; }")
            self.history_box.addWidget(label)
            self.history_labels.append(label)

    def history_text(self) -> str:
        """The amendment history as plain text, oldest first (for copying, and tests)."""
        record = self._record
        if record is None:
            return ""
        lines = []
        for step in record.history:
            a = step.amendment
            lines.append(self.tr("{0}　{1} 更正；原因：{2}").format(
                a.created_at.strftime("%Y-%m-%d %H:%M"), a.author, a.reason))
            for c in step.changes:
                lines.append(self.tr("{0}：原为“{1}”，更正为“{2}”").format(
                    field_title(c.field), value_text(c.field, c.before, record.visit),
                    value_text(c.field, c.after, record.visit)))
        return "\n".join(lines)

    def _amended(self, visit: Visit) -> None:
        self.message.show_hint(self.tr("更正已保存，原记录保留。"))
        self.reload()
        self.amended.emit(visit.household_id, visit.id)


__all__ = ["VisitView", "field_title", "findings_text", "value_text"]
