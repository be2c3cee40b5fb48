"""Instant search over the roster: a line edit above the household list.

Typing waits ~120 ms for a pause, then runs ``Workspace.search`` on the database worker; only
the newest request's answer is shown (older ones are cancelled). Hits show the name, the
masked ID number and the address. Down moves into the hits, Enter opens the household,
Esc clears the box and brings the household list back. While the search index is being
rebuilt after a large sync (``Workspace.search_index_ready``), search scans the tables and
cannot match pinyin: the status line says so.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import (
    QCoreApplication,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QBrush, QColor, QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QLineEdit,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ..api import SearchResult, Workspace
from ..domain.vocab import ResidentStatus
from .fields import vocab_label
from .snapshot_model import SnapshotTableModel
from .tasks import Task, TaskRunner

Index = QModelIndex | QPersistentModelIndex

DEBOUNCE_MS = 120
LIMIT = 50
HOUSEHOLD_ROLE = Qt.ItemDataRole.UserRole
RESIDENT_ROLE = Qt.ItemDataRole.UserRole + 1


def _tr(text: str) -> str:
    return QCoreApplication.translate("SearchResultModel", text)


def _status_label(code: str | None) -> str:
    if not code or code == ResidentStatus.ACTIVE.value:
        return ""
    try:
        return vocab_label(ResidentStatus(code))
    except ValueError:
        return ""


class SearchResultModel(SnapshotTableModel):
    """Search hits: 姓名 / 身份证号 (masked) / 住址. Phones and ID numbers arrive masked."""

    HEADERS = ("姓名", "身份证号", "住址")

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)

    def set_hits(self, hits: Sequence[SearchResult]) -> None:
        self.beginResetModel()
        self._rows = list(hits)
        self.endResetModel()

    def hit(self, row: int) -> SearchResult:
        return self._rows[row]

    def header_text(self, section: int) -> str:
        return _tr(self.HEADERS[section])

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not self.has_row(index):
            return None
        hit = self._rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if column == 0:
                name = hit.name or _tr("（未登记户主）")
                if hit.kind == "household":
                    return _tr("{0}（户）").format(name)
                status = _status_label(hit.resident_status)
                return f"{name}（{status}）" if status else name
            if column == 1:
                return hit.masked_citizen_id or hit.masked_phone
            return hit.address
        if role == HOUSEHOLD_ROLE:
            return hit.household_id
        if role == RESIDENT_ROLE:
            return hit.resident_id
        if role == Qt.ItemDataRole.ForegroundRole and _status_label(hit.resident_status):
            return QBrush(QColor("#6b7280"))
        if role == Qt.ItemDataRole.ToolTipRole and hit.masked_phone:
            return _tr("电话：{0}").format(hit.masked_phone)
        return None


class SearchPanel(QWidget):
    """The search box with, below it, either ``content`` (the household list) or the hits."""

    household_chosen = Signal(str, object)  # household id, resident id or None
    searched = Signal(str, int)  # text, number of hits (for tests and the status bar)

    def __init__(
        self,
        workspace: Workspace,
        tasks: TaskRunner,
        content: QWidget,
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self._workspace = workspace
        self._tasks = tasks
        self._pending: Task | None = None
        self._latest = 0
        self._open_when_ready = False  # Enter pressed before the answer arrived

        self.edit = QLineEdit(self)
        self.edit.setObjectName("searchEdit")
        self.edit.setClearButtonEnabled(True)
        self.edit.setPlaceholderText(self.tr("搜索姓名、拼音首字母、身份证号、电话或门牌号（Ctrl+F）"))
        self.edit.setAccessibleName(self.tr("搜索"))

        self.model = SearchResultModel(self)
        self.results = QTableView(self)
        self.results.setObjectName("searchResults")
        self.results.setModel(self.model)
        self.results.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.results.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.results.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.results.setAlternatingRowColors(True)
        self.results.verticalHeader().hide()
        self.results.setWordWrap(False)
        header = self.results.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.results.activated.connect(self._open_index)
        self.results.installEventFilter(self)

        self.status = QLabel(self)
        self.status.setObjectName("searchStatus")

        hits_page = QWidget(self)
        hits_layout = QVBoxLayout(hits_page)
        hits_layout.setContentsMargins(0, 0, 0, 0)
        hits_layout.setSpacing(4)
        hits_layout.addWidget(self.status)
        hits_layout.addWidget(self.results, 1)

        self.pages = QStackedWidget(self)
        self.pages.addWidget(content)
        self.pages.addWidget(hits_page)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        layout.addWidget(self.edit)
        layout.addWidget(self.pages, 1)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DEBOUNCE_MS)
        self._timer.timeout.connect(self._run)
        self.edit.textChanged.connect(self._text_changed)
        self.edit.installEventFilter(self)
        self.setFocusProxy(self.edit)

    # -- behaviour -----------------------------------------------------------------------
    def showing_hits(self) -> bool:
        return self.pages.currentIndex() == 1

    def focus_search(self) -> None:
        self.edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.edit.selectAll()

    def clear(self) -> None:
        """Empty the box and show the household list again."""
        self.edit.clear()  # textChanged does the rest

    def _text_changed(self, text: str) -> None:
        if text.strip():
            self._timer.start()
            return
        self._timer.stop()
        self._cancel_pending()
        self._latest += 1
        self._open_when_ready = False
        self.model.set_hits([])
        self.pages.setCurrentIndex(0)

    def refresh(self) -> None:
        """Search the current text again, when hits are shown (e.g. once the index is built)."""
        if self.showing_hits() and self.edit.text().strip():
            self._run()

    def _cancel_pending(self) -> None:
        if self._pending is not None:
            self._pending.cancel()
            self._pending = None

    def _run(self) -> None:
        text = self.edit.text().strip()
        if not text:
            return
        self._cancel_pending()
        self._latest += 1
        request = self._latest
        if not self.showing_hits():
            self.status.setText(self.tr("正在搜索…"))
        workspace = self._workspace
        self._pending = self._tasks.run(
            lambda: (workspace.search(text, limit=LIMIT), workspace.search_index_ready()),
            on_success=lambda answer: self._show(request, text, *answer),
        )

    def _show(
        self, request: int, text: str, hits: list[SearchResult], index_ready: bool = True
    ) -> None:
        if request != self._latest:
            return  # a newer request is on its way
        self._pending = None
        self.model.set_hits(hits)
        if hits:
            shown = self.tr("找到 {0} 条").format(len(hits))
            if len(hits) >= LIMIT:
                shown = self.tr("找到 {0} 条以上，请输入更多字").format(LIMIT)
            shown += self.tr("　↓ 选择，Enter 打开，Esc 返回户列表")
            self.results.selectRow(0)
        else:
            shown = self.tr("没有找到“{0}”").format(text)
        if not index_ready:
            shown = self.tr("索引建立中，搜索较慢，暂不能按拼音查找") + " · " + shown
        self.status.setText(shown)
        self.pages.setCurrentIndex(1)
        self.searched.emit(text, len(hits))
        if self._open_when_ready:
            self._open_when_ready = False
            self.open_current()

    def open_current(self) -> bool:
        index = self.results.currentIndex()
        if not index.isValid() and self.model.rowCount() > 0:
            index = self.model.index(0, 0)
        if not index.isValid():
            return False
        self._open_index(index)
        return True

    def _open_index(self, index: QModelIndex) -> None:
        if not index.isValid():
            return
        hit = self.model.hit(index.row())
        self.household_chosen.emit(hit.household_id, hit.resident_id)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.KeyPress or not isinstance(event, QKeyEvent):
            return super().eventFilter(watched, event)
        key = event.key()
        if key == Qt.Key.Key_Escape and (self.edit.text() or self.showing_hits()):
            self.clear()
            self.edit.setFocus()
            return True
        if watched is self.edit:
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                if self._timer.isActive():  # Enter before the pause: search now, then open
                    self._timer.stop()
                    self._run()
                if self._pending is not None:
                    self._open_when_ready = True
                    return True
                return self.open_current()
            if key == Qt.Key.Key_Down and self.showing_hits() and self.model.rowCount():
                self.results.setFocus()
                row = max(self.results.currentIndex().row(), 0)
                self.results.selectRow(row)
                return True
        elif watched is self.results:
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self._open_index(self.results.currentIndex())
                return True
            if key == Qt.Key.Key_Up and self.results.currentIndex().row() <= 0:
                self.edit.setFocus()
                return True
        return super().eventFilter(watched, event)
