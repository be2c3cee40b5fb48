"""The records from the centre this client could not read, for the worker to report.

    有 2 条来自中心的记录无法读取，已暂存，不影响其他数据同步。
    ┌──────────┬──────────────────────────────┬────────────────────────┐
    │ 记录类型 │ 原因                         │ 技术说明               │
    │ 居民     │ 有一项内容的格式或类型不对   │ resident.birth_date: … │
    └──────────┴──────────────────────────────┴────────────────────────┘
    请把这些情况告诉中心（平台管理员）……           [复制说明(C)] [关闭]

Opened from the status bar (``SyncStatus.quarantine_requested``). The list is loaded off the
UI thread (``show_quarantined``); it holds no personal data: kind, reason, technical note
(entity and field, never a value), record id.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QGuiApplication, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ..api import QuarantinedRow, Workspace
from .tasks import TaskRunner


def _tr(text: str) -> str:
    return QCoreApplication.translate("QuarantineDialog", text)


def _trn(text: str, n: int) -> str:
    return QCoreApplication.translate("QuarantineDialog", text, "", n)


def summary_text(count: int) -> str:
    """The one line the status bar and the dialog show."""
    return _trn("有 %n 条来自中心的记录无法读取，已暂存，不影响其他数据同步", count)


def entity_text(entity: str) -> str:
    labels = {
        "grid": _tr("网格"),
        "household": _tr("户"),
        "resident": _tr("居民"),
        "visit": _tr("走访记录"),
        "visit_amendment": _tr("走访更正"),
    }
    got = labels.get(entity)
    if got is not None:
        return got
    if entity in ("", "?"):
        return _tr("无法识别的记录")
    return _tr("新类型的记录（{0}）").format(entity)


def reason_text(code: str) -> str:
    """A quarantine reason code (``gridworker.sync.quarantine.Reason``) in plain words; an
    unknown code as itself."""
    texts = {
        "unknown_entity": _tr("这种记录本版本还不认识（中心可能已升级，请升级 gridworker）"),
        "not_an_object": _tr("记录的格式不对"),
        "bad_id": _tr("记录缺少有效的编号"),
        "bad_version": _tr("记录缺少有效的版本号"),
        "bad_state": _tr("记录的状态无法识别"),
        "bad_value": _tr("有一项内容的格式或类型不对"),
        "parent_quarantined": _tr("它所属的记录（如所在的户）无法读取，等那条修正后一起载入"),
        "conversion_failed": _tr("记录的内容无法转换"),
    }
    return texts.get(code, code)


class QuarantineDialog(QDialog):
    """Lists the quarantined rows; 复制说明 copies them as text for the centre."""

    def __init__(self, rows: Sequence[QuarantinedRow], parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("quarantineDialog")
        self.rows = list(rows)
        self.setWindowTitle(_tr("无法读取的记录"))
        self.resize(1000, 460)
        layout = QVBoxLayout(self)

        self.summary_label = QLabel(summary_text(len(self.rows)), self)
        self.summary_label.setObjectName("quarantineSummary")
        self.summary_label.setWordWrap(True)
        font = self.summary_label.font()
        font.setBold(True)
        self.summary_label.setFont(font)
        layout.addWidget(self.summary_label)

        self.table = QTableWidget(len(self.rows), 4, self)
        self.table.setObjectName("quarantineTable")
        self.table.setHorizontalHeaderLabels(
            [_tr("记录类型"), _tr("原因"), _tr("技术说明"), _tr("记录编号")]
        )
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.ResizeToContents)
        for i, row in enumerate(self.rows):
            cells = (entity_text(row.entity), reason_text(row.reason_code), row.technical,
                     row.row_id)  # fmt: skip
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                self.table.setItem(i, column, item)
        self.table.resizeRowsToContents()
        layout.addWidget(self.table, 1)

        self.advice_label = QLabel(
            _tr(
                "这些记录在中心的数据有误，本机无法读取，已原样暂存；其他数据照常同步，"
                "中心修正后会自动载入。请把这些情况告诉中心（平台管理员）："
                "点“复制说明”，粘贴到消息里发给他们。说明里不含居民的个人信息。"
            ),
            self,
        )
        self.advice_label.setObjectName("quarantineAdvice")
        self.advice_label.setWordWrap(True)
        layout.addWidget(self.advice_label)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.copy_button = QPushButton(_tr("复制说明(&C)"), self)
        self.copy_button.setObjectName("copyQuarantineButton")
        buttons.addButton(self.copy_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.copy_button.clicked.connect(self.copy_report)
        buttons.rejected.connect(self.reject)
        close = buttons.button(QDialogButtonBox.StandardButton.Close)
        close.setText(_tr("关闭"))
        close.setDefault(True)
        layout.addWidget(buttons)
        QShortcut(QKeySequence.StandardKey.Copy, self, self.copy_report)
        self.table.setFocus(Qt.FocusReason.OtherFocusReason)

    def report_text(self) -> str:
        """What 复制说明 copies: one line per row, for the centre's support (no values)."""
        lines = [summary_text(len(self.rows))]
        for row in self.rows:
            version = "" if row.version is None else f" v{row.version}"
            lines.append(
                f"{entity_text(row.entity)} {row.row_id}{version}: "
                f"{reason_text(row.reason_code)} [{row.reason_code}] {row.technical}"
            )
        return "\n".join(lines)

    def copy_report(self) -> None:
        QGuiApplication.clipboard().setText(self.report_text())


def show_quarantined(parent: QWidget, tasks: TaskRunner, workspace: Workspace) -> None:
    """Load the list off the UI thread, then open the dialog over ``parent``."""

    def arrived(rows: list[QuarantinedRow]) -> None:
        dialog = QuarantineDialog(rows, parent)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()

    tasks.run(workspace.quarantined_rows, on_success=arrived)
